"""OUT/gongkai.duckdb: the tables reports, cells and findings over every Parquet part,
and the view `rates` (one row per report read, with the ratios supervisors compare).
Rebuilt whole at the end of each run, beside the old one, then swapped in.

    duckdb OUT/gongkai.duckdb "select agency, year, grant_rate from rates order by grant_rate"
"""

from __future__ import annotations

import os

import duckdb

from .agencies import FILE as AGENCIES
from .store import DB_NAME

TABLES = ("reports", "cells", "findings")  # models stay in Parquet: read by compare and aggregate

# the ratios supervisors compare: name → (the headlines added above the line, below it)
RATES = {
    "grant_rate": (("granted",), ("handled",)),
    "disclosed_rate": (("granted", "partial"), ("handled",)),
    "review_correction_rate": (("reviews_corrected",), ("reviews",)),
    "lawsuit_correction_rate": (("lawsuits_corrected_direct", "lawsuits_corrected_after_review"),
                                ("lawsuits_direct", "lawsuits_after_review")),
    "disputes_per_application": (("reviews", "lawsuits_direct", "lawsuits_after_review"), ("applications",)),
}


def rates(headlines: dict) -> dict[str, float | None]:
    """The ratios of one report's headline figures (`schema.HEADLINES`), as the `rates` view
    has them: None where the denominator is 0 or unknown."""
    out = {}
    for name, (above, below) in RATES.items():
        top = [headlines.get(k) for k in above]
        bottom = [headlines.get(k) for k in below]
        out[name] = None if None in top or None in bottom or not sum(bottom) else sum(top) / sum(bottom)
    return out


def _ratio(above: tuple, below: tuple) -> str:
    return f"({' + '.join(above)}) / nullif({' + '.join(below)}, 0)"


# ratios per report; NULL where the denominator is 0 or unknown
RATES_SQL = f"""
create or replace view rates as
select report_id, path, agency, region, year, format_version, errors, warnings, notices,
       applications, handled, reviews, lawsuits_direct + lawsuits_after_review as lawsuits,
       {", ".join(f"{_ratio(*parts)} as {name}" for name, parts in RATES.items())}
from reports where status = 'read'
"""


def parts(out: str, name: str) -> str:
    return os.path.join(os.path.abspath(out), name, "part-*.parquet")


def _quoted(path: str) -> str:
    return "'" + path.replace("'", "''") + "'"


# the columns the agencies the workers left open take from OUT/agencies.parquet
_AGENCY = ("agency", "agency_code", "region", "agency_level", "agency_kind", "agency_score", "agency_why")


def _select(out: str, name: str) -> str:
    """A table over its Parquet parts (parts written before a column was added: empty
    there); the reports with their agencies as one register (batch/agencies.py)."""
    source = f"read_parquet({_quoted(parts(out, name))}, union_by_name = true)"
    names = os.path.join(os.path.abspath(out), AGENCIES)
    if name != "reports" or not os.path.exists(names):
        return f"select * from {source}"
    replaced = ", ".join(f"coalesce(a.{c}, r.{c}) as {c}" for c in _AGENCY)
    return (f"select r.* replace ({replaced}) from {source} r "
            f"left join read_parquet({_quoted(names)}) a on a.printed = coalesce(r.agency_as_printed, r.agency)")


def build(out: str) -> str:
    """Write OUT/gongkai.duckdb from the Parquet parts; returns its path."""
    path = os.path.join(out, DB_NAME)
    tmp = os.path.join(out, f".tmp-{DB_NAME}")
    for stale in (tmp, tmp + ".wal"):
        if os.path.exists(stale):
            os.unlink(stale)
    con = duckdb.connect(tmp, config={"memory_limit": "1GB"})  # larger tables spill to disk
    try:
        for name in TABLES:
            con.execute(f"create table {name} as {_select(out, name)}")
        con.execute(RATES_SQL)
    finally:
        con.close()
    os.replace(tmp, path)
    return path


def connect(out: str) -> duckdb.DuckDBPyConnection:
    """The output's tables, read-only: from the database when it is there, else
    straight from the Parquet parts."""
    path = os.path.join(out, DB_NAME)
    if os.path.exists(path):
        return duckdb.connect(path, read_only=True)
    con = duckdb.connect()
    for name in TABLES:
        con.execute(f"create view {name} as {_select(out, name)}")
    con.execute(RATES_SQL)
    return con
