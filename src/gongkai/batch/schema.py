"""The tables a batch writes, one Parquet dataset each (and one DuckDB table each):

- reports: one row per file read, with its metadata, status and headline figures, and the
  agency it names as the register of agencies knows it (`gongkai.agencies`);
- cells: one row per report × table cell, with what was printed and where;
- findings: one row per finding of the checks;
- models: one row per report, the whole JSON model (as `gongkai extract --format json`),
  for what needs more than cells: comparison of narrative across years, aggregation.

Numbers are doubles (every count up to 2^53 is exact) so that a misread 3.5 stays
visible; `report_id` is the content hash of the file.
"""

from __future__ import annotations

import pyarrow as pa

_S, _I, _F, _B = pa.string(), pa.int32(), pa.float64(), pa.bool_()

# headline figures of a report, each with the provenance path it comes from
HEADLINES = (
    ("applications", "table_b.new_received.6", "本年新收申请"),
    ("carried_over", "table_b.carried_over.6", "上年结转"),
    ("handled", "table_b.total.6", "办理结果总计"),
    ("granted", "table_b.granted.6", "予以公开"),
    ("partial", "table_b.partial.6", "部分公开"),
    ("carry_forward", "table_b.carry_forward.6", "结转下年度"),
    ("reviews", "table_c.4", "行政复议总计"),
    ("reviews_corrected", "table_c.1", "行政复议结果纠正"),
    ("lawsuits_direct", "table_c.9", "未经复议直接起诉总计"),
    ("lawsuits_after_review", "table_c.14", "复议后起诉总计"),
    ("lawsuits_corrected_direct", "table_c.6", "未经复议直接起诉结果纠正"),
    ("lawsuits_corrected_after_review", "table_c.11", "复议后起诉结果纠正"),
)

def headlines(report) -> dict[str, float | int | None]:
    """A report's headline figures by name (None where blank or not printed)."""
    out = {}
    for name, path, _ in HEADLINES:
        v = report.value_at(path)
        out[name] = None if v is None else v.value
    return out


REPORTS = pa.schema([
    ("report_id", _S), ("path", _S), ("bytes", pa.int64()), ("form", _S),
    ("status", _S),  # "read" or "failed"
    ("error_code", _S), ("reason", _S),  # why it failed
    ("agency", _S), ("region", _S), ("year", _I), ("format_version", _S), ("published", _S),
    # the agency as the register knows it: `agency` is its name when the match is certain
    ("agency_as_printed", _S), ("agency_code", _S), ("agency_level", _S), ("agency_kind", _S),
    ("agency_score", _F), ("agency_why", _S),
    ("errors", _I), ("warnings", _I), ("notices", _I), ("problems", _I),
    *[(name, _F) for name, _, _ in HEADLINES],
    ("gongkai_version", _S),
])

CELLS = pa.schema([
    ("report_id", _S), ("cell", _S),  # provenance path: "table_b.total.6"
    ("table", _S), ("row", _S), ("column", _S),  # "B", "total", "total"
    ("value", _F), ("printed", _S), ("line", _I), ("position", _I), ("page", _I),
    ("x0", _F), ("top", _F), ("x1", _F), ("bottom", _F),
    ("ambiguous", _B), ("note", _S),
])

FINDINGS = pa.schema([
    ("report_id", _S), ("rule", _S), ("severity", _S), ("message", _S),
    ("table", _S), ("row", _S), ("column", _S), ("line", _I),
])

MODELS = pa.schema([("report_id", _S), ("model", _S)])

DATASETS = {"reports": REPORTS, "cells": CELLS, "findings": FINDINGS, "models": MODELS}
