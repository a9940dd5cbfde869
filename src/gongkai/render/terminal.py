"""AnnualReport → a terminal view for a person: metadata, then the three tables
laid out as in the statutory format, in Chinese. Blank cells show as 空白, cells the
reader could not place as ？."""

from __future__ import annotations

import unicodedata

from ..report.catalog import CONTACT_FIELDS, LEGACY_TITLE, SECTIONS
from ..report.formats import FORMATS, TABLE_NAMES, table_of
from ..report.model import AnnualReport, Value, number_text
from .grid import Grid, GridCell, flat, grids


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, n: int, right: bool = False) -> str:
    gap = " " * max(0, n - width(text))
    return gap + text if right else text + gap


def cell(v: Value | None) -> str:
    if v is None:
        return "—"
    if v.ambiguous:
        return "？"
    if v.value is None:
        return v.raw if v.raw else "空白"
    n = v.value
    return number_text(n)


def grid(header: list[str], rows: list[list[str]], numeric_from: int = 1) -> list[str]:
    widths = [max(width(r[i]) for r in [header] + rows) for i in range(len(header))]
    def fmt(r):
        return "  ".join(pad(c, widths[i], right=i >= numeric_from) for i, c in enumerate(r)).rstrip()
    line = "─" * width(fmt(header))
    return [fmt(header), line] + [fmt(r) for r in rows]


def render_terminal(r: AnnualReport) -> str:
    out: list[str] = []
    title = f"{r.agency or '（未识别机关）'} {r.year or '????'}年度政府信息公开工作年度报告"
    out.append(title)
    if r.format_version in FORMATS:
        fmt = r.format
        version = f"{fmt.title}（{fmt.notice}）"
    else:
        version = "格式未识别"
    out.append(f"格式：{version}")
    meta = [f"地区：{r.region or '未注明'}"]
    if r.period:
        meta.append(f"统计期限：{r.period[0]} 至 {r.period[1]}")
    meta.append(f"发布日期：{r.published or '未注明'}")
    out.append("　".join(meta))
    if r.contact:
        names = dict(CONTACT_FIELDS)
        out.append("联系方式：" + "；".join(f"{names.get(k, k)} {v}" for k, v in r.contact.items()))
    if r.sections:
        out.append("章节：" + "　".join(f"{s.number}、{s.title}（第{s.start_line}行）" for s in r.sections))
    titles = {s.key: s.label for s in SECTIONS}
    tables = grids(r, unprinted=True)
    for table, key in (("A", "proactive"), ("B", "requests"), ("C", "reviews")):
        if table in tables:
            out += ["", titles[key]]
            out += _table(tables[table])
    if "legacy" in tables:
        out += ["", LEGACY_TITLE]
        out += _table(tables["legacy"])
    if r.figures:
        out += ["", "正文中的数字："]
        out += [f"  第{f.line}行：{f.text}" for f in r.figures]
    if r.reading:
        out += ["", "读取方式：" + "　".join(f"{TABLE_NAMES[t]} {_READING.get(how, how)}" for t, how in r.reading.items())]
    split = [p for p in r.problems if p.code == "digits_split"]
    others = [p for p in r.problems if p.code != "digits_split"]
    if split:
        tables = {}
        for p in split:
            table = TABLE_NAMES.get(table_of(p.path or ""), "")
            tables[table] = tables.get(table, 0) + 1
        out += ["", f"数字粘连的 {len(split)} 行均按勾稽关系唯一拆分（" +
                "、".join(f"{t} {n} 行" for t, n in tables.items()) + "；逐行见 --format json 的 problems）"]
    if others:
        out += ["", f"读取中发现的问题（{len(others)}）："]
        out += [f"  {'第' + str(p.line) + '行 ' if p.line else ''}{p.message}" for p in others]
    return "\n".join(out) + "\n"


_READING = {"grid": "按单元格读出", "aligned": "按相似度对齐行名后读出", "solved": "粘连数字按勾稽关系拆分",
            "partly unread": "部分单元格无法确定"}


def _table(g: Grid) -> list[str]:
    """A statutory table from its grid, as plain text: each run under its caption and
    column headers; a label merged over several rows on a line of its own above them;
    a table of values alone (表三) a line per group of columns."""
    out: list[str] = []
    for run in flat(g):
        if run.caption:
            out += ["", run.caption]
        leaves = [h[-1] if h else "" for h in run.heads]
        if not run.labels:
            groups: dict[tuple, list[int]] = {}
            for i, chain in enumerate(run.heads):
                groups.setdefault(tuple(chain[:-1]), []).append(i)
            first = next(iter(groups.values()))
            rows = [["·".join(key)] + [_shown(row[i]) for i in cols] for row in run.rows for key, cols in groups.items()]
            out += grid([""] + [leaves[i] for i in first], rows)
            continue
        rows = []
        for row in run.rows:
            labels = [(i, c) for i, c in enumerate(row[:run.labels]) if c is not None]
            for i, cell in labels[:-1]:  # a label over the rows below: a line of its own
                if cell.rowspan > 1:
                    rows.append(["  " * i + cell.text] + [""] * (len(row) - run.labels))
            depth, own = labels[-1] if labels else (0, None)
            text = own.text if own is not None else ""
            text = text[:23] + "…" if len(text) > 24 else text
            values = row[run.labels:]
            if any(c is not None and c.kind == "unprinted" for c in values):
                values = ["—"] * len(values)
            else:
                values = [_shown(c) for c in values]
            rows.append(["  " * depth + text] + values)
        out += grid(["·".join(run.heads[0]) if run.labels == 1 else ""] + leaves[run.labels:], rows,
                    numeric_from=1)
    return out


def _shown(c: GridCell | None) -> str:
    return "" if c is None else c.text if c.kind != "value" else cell(c.value)
