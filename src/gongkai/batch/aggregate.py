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
    report: AnnualReport | None  # None: read when the sum is made (`load`), then let go
    errors: int | None = None  # error findings; checked here when not known
    year: int | None = None  # the report's, when it is not at hand
    format_version: str | None = None
    key: str | None = None  # where `load` finds it (a batch's report id)

    def __post_init__(self):
        if self.report is not None:
            self.year, self.format_version = self.report.year, self.report.format_version


@dataclass
class Aggregate:
    report: AnnualReport
    members: list[Member]
    excluded: list[tuple[str, str]] = field(default_factory=list)  # (name, why)
    missing: list[str] = field(default_factory=list)  # expected agencies with no report
    failing: list[tuple[str, int]] = field(default_factory=list)  # (name, error count) among members
    findings: list[Finding] = field(default_factory=list)  # the sum's own


class _Sum:
    """One cell of the sum, added member by member: known values added exactly, blanks
    counted and the first few named."""

    __slots__ = ("total", "fractional", "blank", "blanks")

    def __init__(self, blank_before: list[str] = ()):
        self.total, self.fractional = Decimal(0), False
        self.blank, self.blanks = list(blank_before[:6]), len(blank_before)

    def add(self, name: str, v: Value | None) -> None:
        if v is None or v.value is None:
            self.blanks += 1
            if len(self.blank) < 6:
                self.blank.append(name)
        else:
            self.total += Decimal(str(v.value))  # amounts (万元) add up exactly, as printed
            self.fractional |= isinstance(v.value, float)

    def value(self, members: int) -> Value:
        total = float(self.total) if self.fractional else int(self.total)
        note = f"合计 {members} 个机关" + (f"；{self.blanks} 个机关此格空白未计入：{'、'.join(self.blank[:5])}"
                                          + ("等" if self.blanks > 5 else "") if self.blanks else "")
        return Value(total, str(total), None, False, note)


def sum_reports(members: list[Member], agency: str, year: int, fmt: str, reports=None) -> AnnualReport:
    """The members' reports added cell by cell. `reports`: (member, report) pairs in any
    order, read one at a time (default: the reports the members hold)."""
    out = AnnualReport(format_version=fmt, agency=agency, year=year, period=(f"{year}-01-01", f"{year}-12-31"),
                       source={"form": "aggregate", "members": [m.name for m in members]})
    spec = format_of(fmt)
    seen: list[str] = []
    if spec.table_b:
        a = {row.key: {col.key: _Sum() for col in row.columns} for row in spec.table_a}
        b = {key: [_Sum() for _ in range(B_WIDTH)] for key in TABLE_B_KEYS}
        printed: set[str] = set()  # table_b rows some member prints
        c = [_Sum() for _ in range(C_WIDTH)]
    else:
        legacy: dict[str, tuple[str, str | None, _Sum]] = {}  # key → (label, unit, sum), in order met
    for m, report in (reports if reports is not None else ((m, m.report) for m in members)):
        if spec.table_b:
            for row, cells in a.items():
                got = (report.table_a or {}).get(row, {})
                for col, acc in cells.items():
                    acc.add(m.name, got.get(col))
            for key, cells in b.items():
                row = (report.table_b or {}).get(key)
                if row is not None:
                    printed.add(key)
                for i, acc in enumerate(cells):
                    acc.add(m.name, (row or [None] * B_WIDTH)[i])
            for i, acc in enumerate(c):
                acc.add(m.name, (report.table_c or [None] * C_WIDTH)[i])
        else:
            mine = {it.key: it for it in report.legacy or () if it.key and it.unit != "%"}
            for key, it in mine.items():
                if key not in legacy:
                    legacy[key] = (it.label, it.unit, _Sum(seen))
            for key, (_, _, acc) in legacy.items():
                acc.add(m.name, mine[key].value if key in mine else None)
        seen.append(m.name)
    n = len(seen)
    if spec.table_b:
        out.table_a = {row: {col: acc.value(n) for col, acc in cells.items()} for row, cells in a.items()}
        out.table_b = {key: [acc.value(n) for acc in cells] if key in printed else None for key, cells in b.items()}
        out.table_c = [acc.value(n) for acc in c]
    else:
        out.legacy = [LegacyItem(key, text, unit, acc.value(n)) for key, (text, unit, acc) in legacy.items()]
    return out


def from_batch(con, out: str, year: int, region: str | None = None) -> tuple[list[Member], object]:
    """A batch output's reports of `year` (one per agency), in a region if given — their
    models not yet read: (members, a loader that reads them one at a time, for `aggregate`)."""
    from .compare import OF_YEAR
    rows = con.execute(f"select report_id, agency, path, errors, year, format_version from ({OF_YEAR}) order by path",
                       [year, region, region, region]).fetchall()
    members = [Member(agency, path, None, errors, y, fmt, rid) for rid, agency, path, errors, y, fmt in rows]
    return members, lambda chosen: _models(con, out, chosen)


def _models(con, out: str, chosen: list[Member]):
    """(member, its report) for each of `chosen`, streamed from the batch's models."""
    import json

    from ..report.jsonio import from_dict
    from .database import parts
    by_key = {m.key: m for m in chosen}
    cursor = con.execute("select report_id, model from read_parquet(?) where report_id in (select unnest(?))",
                         [parts(out, "models"), list(by_key)])
    while rows := cursor.fetchmany(200):
        for rid, model in rows:
            yield by_key[rid], from_dict(json.loads(model))


def aggregate(candidates: list[Member], agency: str, year: int, expected: list[str] | None = None,
              fmt: str | None = None, leave_out_failing: bool = False, load=None) -> Aggregate:
    """Sum the candidates of `year` (and of `fmt`, or of the format most of them use).
    `load`: reads the chosen members' reports one at a time, where they do not hold them
    (`from_batch`): memory then holds the sum, not the reports."""
    same_year = [m for m in candidates if m.year == year]
    excluded = [(m.name, f"年度为 {m.year if m.year is not None else '未识别'}，不是 {year}")
                for m in candidates if m.year != year]
    if fmt is None:
        counts = Counter(m.format_version for m in same_year if m.format_version)
        fmt = counts.most_common(1)[0][0] if counts else DEFAULT.name
    members = []
    for m in same_year:
        if m.format_version != fmt:
            excluded.append((m.name, f"格式为 {m.format_version or '未识别'}，与汇总格式 {fmt} 不同"))
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
    total = sum_reports(members, agency, year, fmt, load(members) if load else None)
    # the table rules only: a sum has no narrative of its own
    findings = [f for f in check(total) if f.table is not None]
    return Aggregate(total, members, excluded, missing=_missing(expected or [], candidates),
                     failing=[(m.name, m.errors) for m in members if m.errors], findings=findings)


def _missing(expected: list[str], candidates: list[Member]) -> list[str]:
    """The expected agencies no report names — by the register's rules, so that 台州市科技局
    expected is found in 台州市科学技术局's report; a name only close to one is missing."""
    if not expected:
        return []
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


def against_parent(parent: AnnualReport, result: Aggregate, load=None) -> list[Difference]:
    """Every cell where the parent's own report and the sum of its parts differ (both
    known), in table order, with the members' values behind the sum (read once more, one
    report at a time, through `load` where the members do not hold them)."""
    from ..checks.evidence import label
    if parent.format_version != result.report.format_version:
        raise ValueError(f"本级报告为 {parent.format_version or '未识别'} 格式，汇总为 {result.report.format_version} 格式，"
                         "无法逐格对比")
    differ = []
    for path, total in result.report.cells():
        mine = parent.value_at(path)
        if mine is None or mine.value is None or total.value is None or \
                Decimal(str(mine.value)) == Decimal(str(total.value)):
            continue
        differ.append((path, mine.value, total.value))
    values: dict[str, dict[str, object]] = {path: {} for path, _, _ in differ}
    reports = load(result.members) if load else ((m, m.report) for m in result.members)
    for m, report in reports:
        for path in values:
            v = report.value_at(path)
            values[path][m.name] = None if v is None else v.value
    return [Difference(path, label(result.report, path), mine, total,
                       [(m.name, values[path].get(m.name)) for m in result.members if values[path].get(m.name) != 0])
            for path, mine, total in differ]
