"""Narrative against table: every figure the text states that a table also counts
must agree; and the text's own sums ("共 186 件，其中主办 51 件，会办 136 件")."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from ..report.catalog import FIGURE_KINDS, TABLE_B_KEYS
from ..report.formats import CellRef
from ..report.model import AnnualReport
from . import evidence as ev
from .rules import Finding


def check(report: AnnualReport, previous: AnnualReport | None = None) -> list[Finding]:
    return _against_tables(report) + _sums(report) + _shares(report) + _years(report, previous)


def _legacy(r: AnnualReport, key: str):
    for i, item in enumerate(r.legacy or ()):
        if item.key == key:
            return item.value.value, [CellRef("legacy", i, "value").path]
    return None, []


def table_value(r: AnnualReport, kind: str):
    """The number a table holds for a figure kind, and the cells it comes from."""
    if r.legacy is not None:
        key = {"applications_received": "requests_received", "applications_closed": "requests_closed",
               "reviews": "reviews", "lawsuits": "lawsuits", "items_published": "proactive_items",
               "normative_documents_issued": "normative_issued"}.get(kind)
        return _legacy(r, key) if key else (None, [])
    rows = {"applications_received": "new_received", "applications_carried_over": "carried_over",
            "applications_carried_forward": "carry_forward", "applications_closed": "total"}
    if kind in rows and r.b(rows[kind]) is not None:
        return r.b(rows[kind])[6], [CellRef("B", rows[kind], 6).path]
    if kind in OUTCOME_ROWS and r.table_b is not None:
        keys = [k for k in OUTCOME_ROWS[kind] if r.b(k) is not None]
        totals = [r.b(k)[6] for k in keys]
        if not keys or None in totals:
            return None, []
        return sum(totals), [CellRef("B", k, 6).path for k in keys]
    if kind == "administrative_fees_10k_yuan" and r.a("fees", "amount_10k_yuan") is not None:
        return r.a("fees", "amount_10k_yuan"), ["table_a.fees.amount_10k_yuan"]
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


# the rows of 表二 each outcome the text names counts (不予公开: the eight grounds of （三）)
OUTCOME_ROWS = {
    "outcome_granted": ("granted",),
    "outcome_partial": ("partial",),
    "outcome_denied": tuple(k for k in TABLE_B_KEYS if k.startswith("denied_")),
    "outcome_unavailable": tuple(k for k in TABLE_B_KEYS if k.startswith("unavailable_")),
    "outcome_unprocessed": tuple(k for k in TABLE_B_KEYS if k.startswith("unprocessed_")),
}


def _against_tables(r: AnnualReport) -> list[Finding]:
    out = []
    for f in r.figures:
        if f.approximate:
            continue
        value, paths = table_value(r, f.kind)
        if value is None or abs(value - f.value) < 1e-9:
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


_SHARE = re.compile(r"占(?:比)?(?:为|达|约)?(\d{1,3}(?:\.\d{1,2})?)\s*[%％]")
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")


def _shares(r: AnnualReport) -> list[Finding]:
    """Shares of one whole stated in one sentence ("自然人申请占60%，法人或其他组织申请占50%")
    cannot add up to more than 100%."""
    out = []
    for line, text in r.prose:
        for sentence in _SENTENCE.finditer(text):
            shares = [float(m.group(1)) for m in _SHARE.finditer(sentence.group())]
            if len(shares) >= 2 and sum(shares) > 100.5:
                out.append(Finding("NARRATIVE-SUM", f"正文同一句中所列占比相加为 {ev.number(round(sum(shares), 2))}%，"
                                   "超过 100%", evidence=[ev.line(line, sentence.group().strip()[:80])]))
    return out


_YEAR_BEFORE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年(?!度?(?:以来|至|到|同期|相比|起))")
_COMPARED = re.compile(r"较|比|同比|相比|对比|上年|去年")


def _years(r: AnnualReport, previous: AnnualReport | None) -> list[Finding]:
    """A figure of this year's tables stated under another year ("2022年，共收到申请75件" in
    a 2023 report, where 表二 says 75): the year is a slip — unless last year's report had
    the same number, or the sentence compares years."""
    if r.year is None:
        return []
    lines: dict[int, str] = {}
    for line, text in r.prose:
        lines[line] = lines.get(line, "") + text.replace(" ", "").replace("\u3000", "") + "\n"
    out, seen = [], set()
    for f in r.figures:
        value, paths = table_value(r, f.kind)
        if value is None or value != f.value or f.approximate:
            continue
        if previous is not None and table_value(previous, f.kind)[0] == f.value:
            continue
        text, phrase = lines.get(f.line, ""), f.text.replace(" ", "")
        at = text.find(phrase)
        while at >= 0:  # the phrase may be printed more than once on a line
            start = max(text.rfind(ch, 0, at) for ch in "。；;！？!?\n") + 1
            clause = text[start:at]
            years = [int(m.group(1)) for m in _YEAR_BEFORE.finditer(clause)]
            if years and years[-1] != r.year and abs(years[-1] - r.year) <= 1 and not _COMPARED.search(clause) \
                    and (f.line, start) not in seen:
                seen.add((f.line, start))
                out.append(Finding("YEAR-IN-TEXT", f"正文称“{years[-1]}年”{FIGURE_KINDS[f.kind]} {ev.number(f.value)}"
                                   f"{f.unit}，与本报告（{r.year} 年度）表格的数相同：年份疑有误",
                                   evidence=[ev.line(f.line, (clause + phrase)[-60:])] + [ev.cell(r, p) for p in paths]))
            at = text.find(phrase, at + 1)
    return out
