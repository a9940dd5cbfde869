"""Sum subordinate agencies' reports into one consolidated report for a region.

Every cell of the sum is the sum of the members' cells; a member's blank cell is
left out of it and named in the cell's note, so that a blank is never read as 0
unseen. The sum is a report like any other: it is checked by the table rules (the
identities are sums themselves, so members that add up make a sum that adds up, and
a member that does not usually shows in the sum), written as a JSON model, and
rendered by `gongkai render`.

Reports of another year or format are not summed but listed, with the expected
agencies that sent no report at all and the members that fail checks. Given the
parent's own report (a government's, which counts its departments'), the sum is
compared with it cell by cell, and each difference names the parts behind it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from ..checks import Finding, check
from ..checks.rules import ERROR
from ..report.catalog import TABLE_B_KEYS
from ..report.formats import B_WIDTH, C_WIDTH, DEFAULT, format_of
from ..report.model import AnnualReport, LegacyItem, Value


@dataclass
class Member:
    name: str  # the agency, or the file when the report names none
    path: str
    report: AnnualReport
    errors: int | None = None  # error findings; checked here when not known


@dataclass
class Aggregate:
    report: AnnualReport
    members: list[Member]
    excluded: list[tuple[str, str]] = field(default_factory=list)  # (name, why)
    missing: list[str] = field(default_factory=list)  # expected agencies with no report
    failing: list[tuple[str, int]] = field(default_factory=list)  # (name, error count) among members
    findings: list[Finding] = field(default_factory=list)  # the sum's own


def _add(cells: list[tuple[str, Value | None]]) -> Value:
    """The sum of the members' values: known values added, blanks named."""
    total, blank, fractional = Decimal(0), [], False
    for name, v in cells:
        if v is None or v.value is None:
            blank.append(name)
        else:
            total += Decimal(str(v.value))  # amounts (万元) add up exactly, as printed
            fractional |= isinstance(v.value, float)
    total = float(total) if fractional else int(total)
    note = f"合计 {len(cells)} 个机关" + (f"；{len(blank)} 个机关此格空白未计入：{'、'.join(blank[:5])}"
                                           + ("等" if len(blank) > 5 else "") if blank else "")
    return Value(total, str(total), None, False, note)


def sum_reports(members: list[Member], agency: str, year: int, fmt: str) -> AnnualReport:
    out = AnnualReport(format_version=fmt, agency=agency, year=year, period=(f"{year}-01-01", f"{year}-12-31"),
                       source={"form": "aggregate", "members": [m.name for m in members]})
    spec = format_of(fmt)
    if spec.table_b:
        out.table_a = {row.key: {col.key: _add([(m.name, (m.report.table_a or {}).get(row.key, {}).get(col.key))
                                                for m in members]) for col in row.columns}
                       for row in spec.table_a}
        out.table_b = {}
        for key in TABLE_B_KEYS:
            if all((m.report.table_b or {}).get(key) is None for m in members):
                out.table_b[key] = None
                continue
            out.table_b[key] = [_add([(m.name, ((m.report.table_b or {}).get(key) or [None] * B_WIDTH)[i])
                                      for m in members]) for i in range(B_WIDTH)]
        out.table_c = [_add([(m.name, (m.report.table_c or [None] * C_WIDTH)[i]) for m in members])
                       for i in range(C_WIDTH)]
    else:
        order: list[tuple[str, str, str | None]] = []
        for m in members:
            for item in m.report.legacy or ():
                if item.key and item.unit != "%" and item.key not in {k for k, _, _ in order}:
                    order.append((item.key, item.label, item.unit))
        out.legacy = []
        for key, text, unit in order:
            found = [(m.name, next((it.value for it in m.report.legacy or () if it.key == key), None)) for m in members]
            out.legacy.append(LegacyItem(key, text, unit, _add(found)))
    return out


def from_batch(con, out: str, year: int, region: str | None = None) -> list[Member]:
    """A batch output's reports of `year` (one per agency), in a region if given."""
    from .compare import OF_YEAR, models
    rows = con.execute(f"select report_id, agency, path, errors from ({OF_YEAR}) order by path",
                       [year, region, region, region]).fetchall()
    loaded = models(con, out, [r[0] for r in rows])
    return [Member(agency, path, loaded[rid], errors) for rid, agency, path, errors in rows]


def aggregate(candidates: list[Member], agency: str, year: int, expected: list[str] | None = None,
              fmt: str | None = None, leave_out_failing: bool = False) -> Aggregate:
    """Sum the candidates of `year` (and of `fmt`, or of the format most of them use)."""
    same_year = [m for m in candidates if m.report.year == year]
    excluded = [(m.name, f"年度为 {m.report.year if m.report.year is not None else '未识别'}，不是 {year}")
                for m in candidates if m.report.year != year]
    if fmt is None:
        counts = Counter(m.report.format_version for m in same_year if m.report.format_version)
        fmt = counts.most_common(1)[0][0] if counts else DEFAULT.name
    members = []
    for m in same_year:
        if m.report.format_version != fmt:
            excluded.append((m.name, f"格式为 {m.report.format_version or '未识别'}，与汇总格式 {fmt} 不同"))
            continue
        if m.errors is None:
            m.errors = sum(1 for f in check(m.report) if f.severity == ERROR)
        if m.errors and leave_out_failing:
            excluded.append((m.name, f"检查有 {m.errors} 个错误，未计入"))
            continue
        members.append(m)
    members.sort(key=lambda m: (m.name, m.errors or 0, m.path))
    kept: list[Member] = []
    for m in members:  # the same report twice (as PDF and as web page, say) is counted once
        if kept and kept[-1].name == m.name:
            excluded.append((m.name, f"同一机关的另一份报告（{m.path}），已计入 {kept[-1].path}"))
        else:
            kept.append(m)
    members = kept
    total = sum_reports(members, agency, year, fmt)
    # the table rules only: a sum has no narrative of its own
    findings = [f for f in check(total) if f.table is not None]
    return Aggregate(total, members, excluded, missing=_missing(expected or [], candidates),
                     failing=[(m.name, m.errors) for m in members if m.errors], findings=findings)


def _missing(expected: list[str], candidates: list[Member]) -> list[str]:
    """The expected agencies no report names — by the register's rules, so that 台州市科技局
    expected is found in 台州市科学技术局's report; a name only close to one is missing."""
    from ..agencies import Register
    reported = Register.from_names(m.name for m in candidates)[0]
    return [a for a in expected if not reported.match(a).sure]


__all__ = ["Aggregate", "Member", "aggregate", "from_batch", "sum_reports"]


@dataclass
class Difference:
    path: str
    label: str
    parent: float | int
    total: float | int
    parts: list[tuple[str, float | int | None]]  # (member, its value), the non-zero and the blank


def against_parent(parent: AnnualReport, result: Aggregate) -> list[Difference]:
    """Every cell where the parent's own report and the sum of its parts differ (both
    known), in table order, with the members' values behind the sum."""
    from ..checks.evidence import label
    if parent.format_version != result.report.format_version:
        raise ValueError(f"本级报告为 {parent.format_version or '未识别'} 格式，汇总为 {result.report.format_version} 格式，"
                         "无法逐格对比")
    out = []
    for path, total in result.report.cells():
        mine = parent.value_at(path)
        if mine is None or mine.value is None or total.value is None or \
                Decimal(str(mine.value)) == Decimal(str(total.value)):
            continue
        parts = []
        for m in result.members:
            v = m.report.value_at(path)
            value = None if v is None else v.value
            if value != 0:
                parts.append((m.name, value))
        out.append(Difference(path, label(result.report, path), mine.value, total.value, parts))
    return out
