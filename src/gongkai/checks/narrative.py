"""Narrative against table: every figure the text states that a table also counts
must agree; and the text's own sums ("共 186 件，其中主办 51 件，会办 136 件")."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from ..report.catalog import FIGURE_KINDS
from ..report.model import AnnualReport
from . import evidence as ev
from .rules import Finding


def check(report: AnnualReport, previous: AnnualReport | None = None) -> list[Finding]:
    return _against_tables(report) + _sums(report)


def _legacy(r: AnnualReport, key: str):
    for i, item in enumerate(r.legacy or ()):
        if item.key == key:
            return item.value.value, [f"legacy.{i}.value"]
    return None, []


def _table_value(r: AnnualReport, kind: str):
    """The number a table holds for a figure kind, and the cells it comes from."""
    if r.legacy is not None:
        key = {"applications_received": "requests_received", "applications_closed": "requests_closed",
               "reviews": "reviews", "lawsuits": "lawsuits", "items_published": "proactive_items",
               "normative_documents_issued": "normative_issued"}.get(kind)
        return _legacy(r, key) if key else (None, [])
    rows = {"applications_received": "new_received", "applications_carried_over": "carried_over",
            "applications_carried_forward": "carry_forward", "applications_closed": "total"}
    if kind in rows and r.b(rows[kind]) is not None:
        return r.b(rows[kind])[6], [f"table_b.{rows[kind]}.6"]
    c = r.c()
    if kind == "reviews" and c:
        return c[4], ["table_c.4"]
    if kind == "lawsuits" and c:
        total = None if c[9] is None or c[14] is None else c[9] + c[14]
        return total, ["table_c.9", "table_c.14"]
    columns = {"normative_documents_in_force": "in_force", "normative_documents_issued": "issued"}
    if kind in columns and r.a("normative_documents", columns[kind]) is not None:
        return r.a("normative_documents", columns[kind]), [f"table_a.normative_documents.{columns[kind]}"]
    return None, []


def _against_tables(r: AnnualReport) -> list[Finding]:
    out = []
    for f in r.figures:
        if f.approximate:
            continue
        value, paths = _table_value(r, f.kind)
        if value is None or value == f.value:
            continue
        out.append(Finding("NARRATIVE-TABLE", f"正文称{FIGURE_KINDS[f.kind]} {ev.number(f.value)}{f.unit}，"
                           f"表格为 {ev.number(value)}", table=paths[0].split(".")[0].replace("table_", "").upper()
                           if not paths[0].startswith("legacy") else "legacy",
                           row=paths[0].split(".")[1] if paths[0].startswith(("table_a", "table_b")) else None,
                           evidence=[ev.line(f.line, f.text)] + [ev.cell(r, p) for p in paths]))
    return out


_UNITS = "件|条|个|项|份|次|期|篇|人|家"
# a total, its unit, then 其中; searched only just before each 其中 (linear on any text)
_TOTAL = re.compile(rf"(?<!\d)(\d{{1,9}})\s*({_UNITS})[，,；;]?\s*其中[，,：:]?")
_CLAUSE = re.compile(r"[，,；;、]")
MAX_PARTS = 30  # a list this long is no breakdown of one total
_PART = re.compile(rf"(\d+)\s*({_UNITS})")
# a clause that names the rest of the total: "其他12件", "其余3件", "另有2件" — not a
# category that happens to start with 其他 ("其他结果178件")
_REST = re.compile(r"^(?:其他|其它|其余|另有|另)(?:的|为|是|共)?\d")


def _totals(text: str):
    at = text.find("其中")
    while at >= 0:
        m = _TOTAL.search(text, max(0, at - 16), at + 4)
        if m:
            yield m
        at = text.find("其中", at + 2)


def _sums(r: AnnualReport) -> list[Finding]:
    """'N 件，其中 A 件、B 件……': the parts listed may not exceed N, unless some of
    the first of them already come to N (the list goes on to other facts); where the
    list names the rest (其余/其他 N 件), they must come to N."""
    starts, parts_text = [], []
    offset = 0
    for line, text in r.prose:
        starts.append(offset)
        compact = text.replace(" ", "").replace("\u3000", "")
        parts_text.append(compact)
        offset += len(compact)
    text = "".join(parts_text)
    lines = [line for line, _ in r.prose]

    def line_at(pos: int) -> int:
        return lines[bisect_right(starts, pos) - 1]

    out = []
    listed_until = 0  # the end of the last list read: a total inside it is one of its parts
    for m in _totals(text):
        if m.start() < listed_until:
            continue
        total, unit = int(m.group(1)), m.group(2)
        end = text.find("。", m.end(), m.end() + 300)
        sentence = text[m.end():end if end >= 0 else m.end() + 300]
        parts: list[int] = []
        rest = False
        read_to = m.end()
        for clause in _CLAUSE.split(sentence, maxsplit=MAX_PARTS):
            found = [int(p.group(1)) for p in _PART.finditer(clause) if p.group(2) == unit]
            if len(found) != 1:
                break
            read_to += len(clause) + 1
            listed_until = read_to
            parts.append(found[0])
            if _REST.match(clause):
                rest = True
                break
        if len(parts) < 2:
            continue
        prefix = list(accumulate(parts))[1:]
        ok = total in prefix or (not rest and sum(parts) <= total)
        if ok:
            continue
        quoted = text[max(0, m.start() - 12):m.end()] + sentence[:60]
        out.append(Finding("NARRATIVE-SUM", f"正文称共 {total}{unit}，其中所列分项之和为 {sum(parts)}{unit}",
                           evidence=[ev.line(line_at(m.start()), quoted)]))
    return out
