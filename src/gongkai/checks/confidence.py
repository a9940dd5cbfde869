"""Extraction confidence: values the reader could not place are reported as such,
so that no check passes or fails on a guess (they are None, and identities over
None are undecided)."""

from __future__ import annotations

from ..report.model import AnnualReport
from .rules import Finding


def check(report: AnnualReport, previous: AnnualReport | None = None) -> list[Finding]:
    out = []
    groups: dict[tuple[str, str | None], list[str]] = {}
    for key, values in (report.table_b or {}).items():
        for i, v in enumerate(values or ()):
            if v.ambiguous:
                groups.setdefault(("B", key), []).append(f"table_b.{key}.{i}")
    for row, cells in (report.table_a or {}).items():
        for col, v in cells.items():
            if v.ambiguous:
                groups.setdefault(("A", row), []).append(f"table_a.{row}.{col}")
    for i, v in enumerate(report.table_c or ()):
        if v.ambiguous:
            groups.setdefault(("C", None), []).append(f"table_c.{i}")
    why = {p.path: p.message for p in report.problems if p.code in ("ambiguous_digits", "value_count")}
    for (table, row), paths in groups.items():
        prefix = paths[0].rsplit(".", 1)[0] if table != "C" else "table_c"
        reason = why.get(prefix, "读取时无法唯一确定")
        out.append(Finding("AMBIGUOUS", f"表{'一二三'['ABC'.index(table)]}{'“' + row + '”行' if row else ''}"
                           f"有 {len(paths)} 个数值无法确定，未参与核对：{reason}", table=table, row=row,
                           evidence=[{"path": p} for p in paths]))
    return out
