"""AnnualReport → a terminal view for a person: metadata, then the three tables
laid out as in the statutory format, in Chinese. Blank cells show as 空白, cells the
reader could not place as ？."""

from __future__ import annotations

import unicodedata

from ..report.catalog import (
    CONTACT_FIELDS,
    LEGACY_TITLE,
    SECTIONS,
    TABLE_B_COLUMNS,
    TABLE_B_OTHER_2019_LABEL,
    TABLE_B_ROWS,
    TABLE_C_GROUPS,
    TABLE_C_OUTCOMES,
)
from ..report.formats import B_WIDTH, FORMATS, TABLE_NAMES, c_group, format_of, table_of
from ..report.model import AnnualReport, Value, number_text
from .layout import single_other_row


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
        fmt = format_of(r.format_version)
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
    if r.table_a is not None:
        out += ["", titles["proactive"]]
        out += _table_a(r)
    if r.table_b is not None:
        out += ["", titles["requests"]]
        out += _table_b(r)
    if r.table_c is not None:
        out += ["", titles["reviews"]]
        out += _table_c(r)
    if r.legacy is not None:
        out += ["", LEGACY_TITLE]
        out += grid(["统计指标", "单位", "统计数"],
                     [[it.label, it.unit or "", "" if it.unit is None and it.value.value is None else cell(it.value)]
                      for it in r.legacy], numeric_from=2)
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


def _table_a(r: AnnualReport) -> list[str]:
    out: list[str] = []
    caption = None
    specs = format_of(r.format_version).table_a
    for spec in specs:
        if spec.caption != caption:
            caption = spec.caption
            group = [s for s in specs if s.caption == caption]
            rows = [[s.label] + [cell((r.table_a or {}).get(s.key, {}).get(c.key)) if s.key in r.table_a else "未印"
                                 for c in s.columns] for s in group]
            out += ["", caption]
            out += grid(["信息内容"] + [c.label for c in spec.columns], rows)
    return out


def _table_b(r: AnnualReport) -> list[str]:
    rows = []
    group = None
    fmt = format_of(r.format_version)
    for spec in TABLE_B_ROWS:
        values = r.table_b.get(spec.key)
        label = fmt.label("B", spec.key)
        if spec.key == "other_other" and (label != spec.label or single_other_row(r)):
            label = TABLE_B_OTHER_2019_LABEL
        elif spec.level2 and spec.level2 != group:
            rows.append(["  " + spec.level2] + [""] * B_WIDTH)
        group = spec.level2
        indent = "    " if spec.level2 and label != TABLE_B_OTHER_2019_LABEL else "  " if spec.level1 else ""
        if len(label) > 24:
            label = label[:23] + "…"
        rows.append([indent + label] + ([cell(v) for v in values] if values is not None else ["—"] * B_WIDTH))
    return grid(["申请人情况"] + [c.label for c in TABLE_B_COLUMNS], rows)


def _table_c(r: AnnualReport) -> list[str]:
    rows = []
    for g, group in enumerate(TABLE_C_GROUPS):
        name = group.label if g == 0 else f"行政诉讼·{group.label}"
        rows.append([name] + [cell(r.table_c[i]) for i in c_group(g)])
    return grid([""] + [o.label for o in TABLE_C_OUTCOMES], rows)
