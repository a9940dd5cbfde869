"""Across years, given last year's report of the same agency: carry-over (R6),
normative documents in force (R7) and text copied from last year (内容雷同)."""

from __future__ import annotations

import re

from ..report.formats import B_WIDTH, CellRef
from ..report.model import AnnualReport
from . import evidence as ev
from .rules import NOTICE, Finding

MIN_SENTENCE = 12  # shorter sentences are too generic to count as copied
COPIED_WARNING, COPIED_NOTICE = 0.5, 0.3
_SPLIT = re.compile(r"[。！？；!?;]")
_NOISE = re.compile(r"[\s\d〇○零一二三四五六七八九十百千万年度，,、：:“”（）()]")


def check(report: AnnualReport, previous: AnnualReport | None = None) -> list[Finding]:
    if previous is None:
        return []
    if report.year is not None and previous.year is not None and previous.year != report.year - 1:
        return [Finding("PREVIOUS-REPORT", f"对比的报告为 {previous.year} 年度，不是 {report.year} 年度的上一年度，"
                        "未做跨年度核对")]
    return (_carry_over(report, previous) + _in_force(report, previous) + _copied(report, previous)
            + _copied_tables(report, previous))


def _carry_over(r: AnnualReport, prev: AnnualReport) -> list[Finding]:
    now, before = r.b("carried_over"), prev.b("carry_forward")
    if now is None or before is None:
        return []
    out = []
    for col in range(B_WIDTH):
        if now[col] is None or before[col] is None or now[col] == before[col]:
            continue
        out.append(Finding("CARRY-OVER", f"表二“{ev.b_column(col)}”列：本年“二、上年结转”为 {ev.number(now[col])}，"
                           f"{prev.year} 年度报告“四、结转下年度继续办理”为 {ev.number(before[col])}",
                           table="B", row="carried_over", column=col,
                           evidence=[ev.cell(r, f"table_b.carried_over.{col}"),
                                     {**ev.cell(prev, f"table_b.carry_forward.{col}"), "report": "previous"}]))
    return out


def _in_force(r: AnnualReport, prev: AnnualReport) -> list[Finding]:
    fmt, prev_fmt = r.format, prev.format
    out = []
    for spec in fmt.table_a:
        row, name = spec.key, spec.label
        if not any(c.key == "in_force" for c in spec.columns) or \
                not any(c.key == "in_force" for c in prev_fmt.columns("A", row)):
            continue
        now, before = r.a(row, "in_force"), prev.a(row, "in_force")
        issued, repealed = r.a(row, "issued"), r.a(row, "repealed")
        if None in (now, before, issued, repealed):
            continue
        expected = before + issued - repealed
        if now != expected:
            out.append(Finding("IN-FORCE", f"“{name}”现行有效 {ev.number(now)} 件；上年 {ev.number(before)} + 本年制发 "
                               f"{ev.number(issued)} − 本年废止 {ev.number(repealed)} = {ev.number(expected)}"
                               "（修订、清理可能导致差异，请核实）", table="A", row=row, column="in_force",
                               evidence=[ev.cell(r, CellRef("A", row, "in_force").path),
                                         {**ev.cell(prev, CellRef("A", row, "in_force").path), "report": "previous"}]))
    return out


def sentences(report: AnnualReport) -> list[tuple[int, str, str]]:
    """(line, sentence, key) for the report's prose; the key ignores numbers and years."""
    out = []
    buf, first = "", None
    for line, text in report.prose:
        for piece in re.split(r"([。！？；!?;])", text):
            if not piece:
                continue
            if first is None:
                first = line
            buf += piece
            if _SPLIT.fullmatch(piece):
                key = _NOISE.sub("", buf)
                if len(key) >= MIN_SENTENCE:
                    out.append((first, buf.strip(), key))
                buf, first = "", None
    return out


def _copied(r: AnnualReport, prev: AnnualReport) -> list[Finding]:
    now = sentences(r)
    if not now:
        return []
    before = {key for _, _, key in sentences(prev)}
    copied = [(line, s) for line, s, key in now if key in before]
    share = len(copied) / len(now)
    if share < COPIED_NOTICE:
        return []
    return [Finding("COPIED-TEXT", f"正文 {len(now)} 句中有 {len(copied)} 句（{share:.0%}）与 {prev.year} 年度报告相同"
                    "（不计数字和年份）", severity="" if share >= COPIED_WARNING else NOTICE,
                    evidence=[ev.line(line, s[:60], share=round(share, 3)) for line, s in copied[:5]])]


# what a year's work changes: a table whose every such cell is as last year's was copied
# (现行有效 and 上一年项目数量 carry over by nature and decide nothing)
_STOCK = ("in_force", "previous_items", "public_total")


def _flows(r: AnnualReport) -> dict[str, dict[str, object]]:
    """Table → its cells that a year's work changes (path → value), in one pass over the cells."""
    out: dict[str, dict[str, object]] = {}
    for path, v in r.cells():
        table = path[6:7].upper() if path.startswith("table_") else None
        if table is None or (table == "A" and path.rsplit(".", 1)[-1] in _STOCK):
            continue
        out.setdefault(table, {})[path] = v.value
    return out


def _copied_tables(r: AnnualReport, prev: AnnualReport) -> list[Finding]:
    """表二, or two of 表一 (what changes in a year), 表二 and 表三, the same as last year's
    cell for cell, with something in them (two years of nothing is no copy)."""
    same = []
    flows_now, flows_before = _flows(r), _flows(prev)
    for table, name in (("A", "表一"), ("B", "表二"), ("C", "表三")):
        now, before = flows_now.get(table), flows_before.get(table)
        if now and before and now == before and None not in now.values() and any(now.values()):
            same.append((table, name))
    if not ("B" in dict(same) or len(same) >= 2):  # a small 表三 may well repeat by itself
        return []
    return [Finding("TABLES-COPIED", f"{'、'.join(n for _, n in same)}与 {prev.year} 年度报告逐格相同"
                    "（不计现行有效件数），请核实是否沿用了上年数据", table=same[0][0])]
