"""What a worker does with one chunk of files: read, extract, check, and turn the
result into rows of the batch tables. Pure: the same bytes give the same rows in
any process, on any machine — which is what makes local and cluster runs identical.
"""

from __future__ import annotations

import json
import signal
import threading
from contextlib import contextmanager

import pyarrow as pa

from .. import __version__, sandbox
from ..checks import ERROR, NOTICE, WARNING, check
from ..errors import GongkaiError
from ..ingest.ocr import NeedsOcr
from ..load import as_checked, load_bytes
from ..report.catalog import TABLE_B_COLUMNS, TABLE_C_KEYS
from ..report.jsonio import dumps, from_dict
from ..report.model import AnnualReport
from .schema import DATASETS, headlines

# an item: (report_id, path, bytes[, last year's model JSON]); a result: (report row, cell rows,
# finding rows, model JSON or None)
Item = tuple
Result = tuple[dict, list[tuple], list[tuple], str | None]


def failed(report_id: str, path: str, size: int, code: str, reason: str) -> Result:
    return ({"report_id": report_id, "path": path, "bytes": size, "status": "failed", "error_code": code,
             "reason": reason, "gongkai_version": __version__}, [], [], None)


def process_chunk(items: list[Item], register=None) -> dict:
    """A chunk's results as Arrow tables: compact to send back and to keep until written.
    `register`: the register of agencies (`gongkai.agencies.Register`) the names are matched in."""
    return tables([process(*item, register=register) for item in items])


def tables(results: list[Result]) -> dict:
    def from_rows(rows: list[tuple], schema: pa.Schema) -> pa.Table:
        columns = list(zip(*rows)) if rows else [[] for _ in schema]
        return pa.Table.from_arrays([pa.array(col, type=f.type) for col, f in zip(columns, schema)], schema=schema)

    return {
        "reports": pa.Table.from_pylist([r[0] for r in results], schema=DATASETS["reports"]),
        "cells": from_rows([c for r in results for c in r[1]], DATASETS["cells"]),
        "findings": from_rows([f for r in results for f in r[2]], DATASETS["findings"]),
        "models": from_rows([(r[0]["report_id"], r[3]) for r in results if r[3] is not None], DATASETS["models"]),
    }


FILE_SECONDS = 120  # one file's time limit; then it fails alone and the batch goes on


class _TimedOut(Exception):
    pass


@contextmanager
def _time_limit(seconds: float):
    """Raise _TimedOut in this process after `seconds` (only where signals can be set:
    the main thread, as in gongkai's worker processes; Dask's threads go unlimited)."""
    if threading.current_thread() is not threading.main_thread() or not seconds:
        yield
        return

    def stop(signum, frame):
        raise _TimedOut()

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


SCAN = NeedsOcr.code  # a scan met in a worker for text: it is read again in the worker for scans


def process(report_id: str, path: str, data: bytes, previous: str | None = None,
            seconds: float | None = None, register=None) -> Result:
    """One file read and checked within `seconds`; `previous`, the JSON model of the same
    agency's report of the year before, helps decide digits that ran together (and is
    checked against). A scan met in a worker for text fails with the code SCAN and the
    number of its pages, to be read again where the OCR engine may run."""
    sandbox.next_document()  # each file its own CPU time
    seconds = seconds or FILE_SECONDS
    try:
        with _time_limit(seconds):
            last = from_dict(json.loads(previous)) if previous else None
            report = as_checked(load_bytes(data, path, previous=last) if last else load_bytes(data, path))
            findings = check(report, last)
    except _TimedOut:
        return failed(report_id, path, len(data), "timeout", f"读取超过 {seconds:g} 秒，已放弃（timed out）")
    except NeedsOcr as scan:
        return failed(report_id, path, len(data), SCAN, str(scan.pages))
    except GongkaiError as err:
        return failed(report_id, path, len(data), err.code, str(err))
    except RecursionError:
        return failed(report_id, path, len(data), "internal", "文件结构嵌套过深，无法读取（nested too deeply）")
    except Exception as err:  # one bad file never stops the batch; the reason is kept with it
        return failed(report_id, path, len(data), "internal",
                      f"读取时出错（internal error: {type(err).__name__}: {err}）"[:500])
    severities = [f.severity for f in findings]
    row = {
        "report_id": report_id, "path": path, "bytes": len(data), "form": report.source.get("form"),
        "status": "read", "agency": report.agency, "region": report.region, "year": report.year,
        "format_version": report.format_version, "published": report.published,
        "errors": severities.count(ERROR), "warnings": severities.count(WARNING),
        "notices": severities.count(NOTICE), "problems": len(report.problems), "gongkai_version": __version__,
    }
    row.update(agency_fields(report.agency, register))
    row.update(headlines(report))
    findings_rows = [(report_id, f.rule, f.severity, f.message, f.table, f.row,
                      None if f.column is None else str(f.column), f.line) for f in findings]
    return row, cell_rows(report_id, report), findings_rows, dumps(report, indent=None)


def agency_fields(printed: str | None, register) -> dict:
    """The agency a report names, as the register knows it: its name and division where the
    match is certain; the printed name, with the score and why, where it is not."""
    out = {"agency_as_printed": printed}
    if register is None or not printed:
        return out
    m = register.match(printed)
    out.update(agency_score=m.score, agency_why=m.why)
    if m.sure:
        a = m.agency
        out.update(agency=a.name, agency_code=a.code, agency_level=a.level, agency_kind=a.kind,
                   region=a.region or None)
    return out


def cell_key(path: str, report: AnnualReport) -> tuple[str, str, str]:
    """(table, row, column) of a provenance path, with the catalog's keys."""
    parts = path.split(".")
    if parts[0] == "table_a":
        return "A", parts[1], parts[2]
    if parts[0] == "table_b":
        return "B", parts[1], TABLE_B_COLUMNS[int(parts[2])].key
    if parts[0] == "table_c":
        group, outcome = TABLE_C_KEYS[int(parts[1])].split(".")
        return "C", group, outcome
    item = report.legacy[int(parts[1])]  # type: ignore[index]
    return "legacy", item.key or item.label, parts[2]


def cell_rows(report_id: str, report: AnnualReport) -> list[tuple]:
    out = []
    for path, v in report.cells():
        src = v.source
        box = src.bbox if src is not None and src.bbox is not None else (None, None, None, None)
        out.append((report_id, path, *cell_key(path, report), None if v.value is None else float(v.value), v.raw,
                    src.line if src else None, src.column if src else None, src.page if src else None,
                    *box, v.ambiguous, v.note))
    return out
