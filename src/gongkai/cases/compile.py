"""Compile an agency's year from its records: the three tables of the format of that
year (2021 from 2021 on, the 2019 format for 2019 and 2020), with every cell able to list
the records it counts.

Table B, per applicant type:
- 一、本年新收: requests received in the year;
- 二、上年结转: requests received before the year and still open on 31 December of
  the year before;
- 三、本年度办理结果: requests closed in the year, by their result row;
- 四、结转下年度继续办理: requests received by 31 December and open on that day.
So 一 + 二 = 三（七）总计 + 四 holds by construction.

Table C: reviews and lawsuits decided in the year by outcome, and those filed by
31 December still undecided on that day as 尚未审结.

Table A: normative documents issued and repealed in the year, and in force on
31 December; the year's counts of 行政许可、行政处罚、行政强制 decisions and 行政事业性收费.
In the 2019 format, the documents made in the year (本年新制作数量) and the decisions;
its other columns (本年新公开数量、对外公开总数量、上一年项目数量、本年增/减、政府集中采购)
are no count of records and are left blank for the office to fill. Its single
（六）其他处理 row counts every request closed under any of the 2021 format's three.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from ..errors import GongkaiError
from ..report.catalog import FORMAT_LEGACY, TABLE_C_GROUPS, TABLE_C_OUTCOMES
from ..report.formats import B_WIDTH, CellRef, c_group, format_for_year
from ..report.model import AnnualReport, Value, number_text
from .clocks import APPLICANT_TYPES, RequestCase

TYPES = list(APPLICANT_TYPES)  # table B's six applicant columns, in order
REVIEW_KINDS = [g.key for g in TABLE_C_GROUPS]  # review, litigation_direct, litigation_after_review
REVIEW_OUTCOMES = [o.key for o in TABLE_C_OUTCOMES[:3]]  # upheld, corrected, other


@dataclass
class Review:
    """An administrative review (行政复议) or lawsuit (行政诉讼) over a disclosure decision."""

    number: str
    kind: str  # REVIEW_KINDS
    filed: date
    decided: date | None = None
    outcome: str | None = None  # REVIEW_OUTCOMES once decided
    case_number: str | None = None  # the request it arose from


@dataclass
class NormativeDocument:
    number: str  # 文号
    title: str
    kind: str  # "regulations" (规章) or "normative_documents" (行政规范性文件)
    issued: date
    repealed: date | None = None


@dataclass
class YearCounts:
    licensing: int | None = None
    penalty: int | None = None
    coercion: int | None = None
    fees_10k_yuan: float | None = None


def _count(numbers: list[str]) -> Value:
    return Value(len(numbers), str(len(numbers)))


def _within(d: date | None, year: int) -> bool:
    return d is not None and d.year == year


def _open_on(case: RequestCase, day: date) -> bool:
    return case.received <= day and (case.closed_on is None or case.closed_on > day)


def compile_year(agency: str, year: int, cases: list[RequestCase], reviews: list[Review] = (),
                 documents: list[NormativeDocument] = (), counts: YearCounts | None = None
                 ) -> tuple[AnnualReport, dict[str, list[str]]]:
    """The year's report and, for every cell path, the numbers of the records it counts."""
    start, end = date(year - 1, 12, 31), date(year, 12, 31)
    fmt = format_for_year(year)
    if fmt.name == FORMAT_LEGACY:
        raise GongkaiError(f"{year} 年的年报是 2019 年以前的统计表，不由登记簿汇编（no compiling before 2019）")
    rows = [spec.key for spec in fmt.table_b]
    members: dict[str, list[str]] = defaultdict(list)

    def add(key: str, case: RequestCase) -> None:
        if key not in rows:  # a 2021 result row the 2019 format counts under its one （六）其他处理
            key = "other_other"
        col = TYPES.index(case.applicant_type)
        members[CellRef("B", key, col).path].append(case.number)
        members[CellRef("B", key, 6).path].append(case.number)

    for case in cases:
        if _within(case.received, year):
            add("new_received", case)
        elif _open_on(case, start):
            add("carried_over", case)
        else:
            continue
        if case.closed_on is not None and _within(case.closed_on, year):
            add(case.outcome, case)
            add("total", case)
        elif _open_on(case, end):
            add("carry_forward", case)
    report = AnnualReport(format_version=fmt.name, agency=agency, year=year,
                          period=(f"{year}-01-01", f"{year}-12-31"), source={"form": "records"})
    report.table_b = {key: [_count(members[CellRef("B", key, i).path]) for i in range(B_WIDTH)] for key in rows}

    cells_c: list[int] = []
    for g, kind in enumerate(REVIEW_KINDS):
        group = [r for r in reviews if r.kind == kind]
        cols = [CellRef("C", None, i).path for i in c_group(g)]  # 结果维持, 结果纠正, 其他结果, 尚未审结, 总计
        for o, outcome in enumerate(REVIEW_OUTCOMES):
            hits = [r.number for r in group if _within(r.decided, year) and r.outcome == outcome]
            members[cols[o]] = hits
            cells_c.append(len(hits))
        pending = [r.number for r in group if r.filed <= end and (r.decided is None or r.decided > end)]
        members[cols[3]] = pending
        total = members[cols[0]] + members[cols[1]] + members[cols[2]] + pending
        members[cols[4]] = total
        cells_c += [len(pending), len(total)]
    report.table_c = [Value(n, str(n)) for n in cells_c]

    counted: dict[str, dict[str, list[str]]] = {}
    for kind in ("regulations", "normative_documents"):
        docs = [d for d in documents if d.kind == kind]
        issued = [d.number for d in docs if _within(d.issued, year)]
        counted[kind] = {"issued": issued, "made": issued,
                         "repealed": [d.number for d in docs if _within(d.repealed, year)],
                         "in_force": [d.number for d in docs if d.issued <= end and (d.repealed is None or d.repealed > end)]}
    counts = counts or YearCounts()
    given = {("licensing", "decisions"): counts.licensing, ("penalty", "decisions"): counts.penalty,
             ("coercion", "decisions"): counts.coercion, ("fees", "amount_10k_yuan"): counts.fees_10k_yuan}
    table_a: dict[str, dict[str, Value]] = {}
    for spec in fmt.table_a:
        row: dict[str, Value] = {}
        for col in spec.columns:
            hits = counted.get(spec.key, {}).get(col.key)
            if hits is not None:
                members[CellRef("A", spec.key, col.key).path] = hits
                row[col.key] = _count(hits)
            else:  # a count the office keeps (YearCounts), or a cell no record counts: left to fill
                value = given.get((spec.key, col.key))
                row[col.key] = Value(value, "" if value is None else number_text(value))
        table_a[spec.key] = row
    report.table_a = table_a
    return report, dict(members)
