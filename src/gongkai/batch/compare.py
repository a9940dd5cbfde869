"""Compare the reports of a batch output:

- across years, for one agency: each cell's value year by year and its change, and the
  cross-year checks (carry-over, normative documents in force, text copied from last
  year) between each report and the one of the year before;
- across agencies, for one year: the ratios supervisors rank by (grant rate,
  correction rates, disputes per application) and findings per report.

An agency is its name as printed in the report. Where an agency has several reports
for one year (the same report as PDF and web page, say), the one with fewest errors
is used, then the first by path.
"""

from __future__ import annotations

import glob
import json
import zlib
from dataclasses import dataclass

import pyarrow.parquet as pq

from ..checks import years
from ..checks.evidence import label
from ..checks.rules import Finding
from ..report.jsonio import from_dict
from ..report.model import AnnualReport
from .database import parts

# one report per agency and year
CHOSEN = """
select * from reports where status = 'read' and agency is not null and year is not null
qualify row_number() over (partition by agency, year order by errors, path) = 1
"""

# the chosen reports of one year whose region or agency name contains a text (or all of
# them when it is null); parameters: year, then the text three times
OF_YEAR = f"""
select * from ({CHOSEN}) where year = ? and (? is null or region like '%' || ? || '%' or agency like '%' || ? || '%')
"""


@dataclass
class CellChange:
    cell: str  # provenance path
    label: str
    values: list  # one per year, None where blank or not printed


@dataclass
class CrossYear:
    agency: str
    year: int
    path: str
    previous_path: str
    finding: Finding


def models(con, out: str, ids: list[str]) -> dict[str, AnnualReport]:
    if not ids:
        return {}
    rows = con.execute("select report_id, model from read_parquet(?) where report_id in (select unnest(?))",
                       [parts(out, "models"), ids]).fetchall()
    return {rid: from_dict(json.loads(model)) for rid, model in rows}


def agency_years(con, agency: str) -> list[tuple[int, str, str]]:
    """(year, report_id, path) of an agency's chosen reports, oldest first."""
    return con.execute(f"select year, report_id, path from ({CHOSEN}) where agency = ? order by year",
                       [agency]).fetchall()


def cell_changes(con, out: str, agency: str) -> tuple[list[int], list[CellChange]]:
    """Each cell of the agency's reports, year by year, in the order of the latest report
    (then the cells only older reports have)."""
    chosen = agency_years(con, agency)
    if not chosen:
        return [], []
    years_ = [y for y, _, _ in chosen]
    values: dict[str, dict[int, object]] = {}
    for cell, year, value in con.execute(
            "select c.cell, r.year, c.value from cells c join (" + CHOSEN + ") r using (report_id) "
            "where r.agency = ?", [agency]).fetchall():
        values.setdefault(cell, {})[year] = value
    loaded = models(con, out, [rid for _, rid, _ in chosen])
    reports = [loaded[rid] for _, rid, _ in reversed(chosen)]  # latest first
    order: dict[str, str] = {}  # path → label, from the latest report that has the cell
    for report in reports:
        for path, _ in report.cells():
            order.setdefault(path, label(report, path))
    return years_, [CellChange(path, name, [values.get(path, {}).get(y) for y in years_])
                    for path, name in order.items() if path in values]


WAIT_RAW = 256  # models waiting for their pair kept uncompressed up to this many


def cross_year(con, out: str, agency: str | None = None) -> list[CrossYear]:
    """The cross-year findings of every report whose agency also reported the year before
    (of one agency, or of all), by agency and year.

    One pass over the models in the order they were written: a model waits (compressed) only
    until the reports of the year before and after it that are in the output have come, so
    that memory holds the models still waiting for their pair — a few when each agency's
    years were read together, one year's at most — and time grows with the corpus, each
    model parsed once (again only when it waited long)."""
    rows = con.execute(f"select report_id, agency, year, path from ({CHOSEN}) where ? is null or agency = ?",
                       [agency, agency]).fetchall()
    path_of = {(a, y): path for _, a, y, path in rows}
    wanted = {}  # report id → (agency, year), for the reports in a pair
    pairs_of: dict[tuple, int] = {}  # (agency, year) → the pairs it is in
    for rid, a, y, _ in rows:
        n = ((a, y - 1) in path_of) + ((a, y + 1) in path_of)
        if n:
            wanted[rid] = (a, y)
            pairs_of[a, y] = n
    waiting: dict[tuple, str | bytes] = {}
    recent: dict[tuple, AnnualReport] = {}  # the last models parsed, kept for their second pair

    def parsed(key: tuple) -> AnnualReport:
        if key not in recent:
            if len(recent) >= 64:
                del recent[next(iter(recent))]
            kept = waiting[key]
            recent[key] = from_dict(json.loads(zlib.decompress(kept) if isinstance(kept, bytes) else kept))
        return recent[key]

    found: list[CrossYear] = []
    for part in sorted(glob.glob(parts(out, "models"))):
        if not wanted:
            break
        for batch in pq.ParquetFile(part).iter_batches(batch_size=256, columns=["report_id", "model"]):
            for rid, model in zip(batch.column(0).to_pylist(), batch.column(1).to_pylist()):
                key = wanted.pop(rid, None)
                if key is None:
                    continue
                # kept as it is while few wait; compressed when many do (years read apart)
                waiting[key] = zlib.compress(model.encode(), 1) if len(waiting) >= WAIT_RAW else model
                a, y = key
                for now, before in (((a, y), (a, y - 1)), ((a, y + 1), (a, y))):
                    if now in waiting and before in waiting:
                        found += [CrossYear(a, now[1], path_of[now], path_of[before], f)
                                  for f in years.check(parsed(now), parsed(before))]
                        for done in (now, before):
                            pairs_of[done] -= 1
                            if not pairs_of[done]:
                                del waiting[done]
                                recent.pop(done, None)
    return sorted(found, key=lambda x: (x.agency, x.year))  # stable: each pair's findings keep their order


@dataclass
class Peer:
    agency: str
    region: str | None
    path: str
    applications: float | None
    handled: float | None
    grant_rate: float | None
    disclosed_rate: float | None
    review_correction_rate: float | None
    lawsuit_correction_rate: float | None
    disputes_per_application: float | None
    errors: int
    warnings: int


def peers(con, year: int, region: str | None = None) -> list[Peer]:
    """The agencies' reports of one year, most applications first."""
    rows = con.execute(f"""
        select r.agency, r.region, r.path, r.applications, r.handled, t.grant_rate, t.disclosed_rate,
               t.review_correction_rate, t.lawsuit_correction_rate, t.disputes_per_application, r.errors, r.warnings
        from ({OF_YEAR}) r join rates t using (report_id)
        order by r.applications desc nulls last, r.agency""", [year, region, region, region]).fetchall()
    return [Peer(*row) for row in rows]


def median(values: list) -> float | None:
    known = sorted(v for v in values if v is not None)
    if not known:
        return None
    mid = len(known) // 2
    return known[mid] if len(known) % 2 else (known[mid - 1] + known[mid]) / 2


__all__ = ["CellChange", "CrossYear", "Peer", "agency_years", "cell_changes", "cross_year", "median", "peers"]
