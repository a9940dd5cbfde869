"""Extraction confidence: values the reader could not read with certainty are reported
as such — with the values the printed text allows — so that no check passes or fails on
a guess (they are None, and identities over None are undecided). Where no reading of
a row's run-together digits satisfies its totals — proven, not given up on — the
printed table is inconsistent: that is an error of the report, under the identity's rule."""

from __future__ import annotations

from ..report.formats import CellRef
from ..report.model import AnnualReport, number_text
from . import evidence as ev
from .rules import Finding


def check(report: AnnualReport, previous: AnnualReport | None = None) -> list[Finding]:
    out = []
    fmt = report.format
    groups: dict[str, list[str]] = {}
    for path, v in report.cells():
        if v.ambiguous:
            ref = CellRef.parse(path)
            groups.setdefault(ref.row_path, []).append(path)
    why = {p.path: p.message for p in report.problems if p.code in ("ambiguous_digits", "value_count")}
    proven = {p.path: p.message for p in report.problems if p.code == "no_split"}
    for row_path, paths in groups.items():
        ref = CellRef.parse(paths[0])
        if row_path in proven:
            # no reading of the printed digits balances: the report's own defect, said as such
            where = "表三" if ref.table == "C" else fmt.cell_name(ref).rsplit(" · ", 1)[0] + " 行"
            out.append(Finding("C-TOTAL" if ref.table == "C" else "B-ROW-TOTAL",
                               f"{where}：{proven[row_path].split('（no split', 1)[0]}",
                               table=ref.table, row=ref.row if ref.table != "C" else None,
                               evidence=[ev.cell(report, p) for p in paths]))
            continue
        reason = why.get(row_path, "读取时无法唯一确定")
        if ref.table == "legacy":
            item = report.legacy[int(ref.row)]  # type: ignore[index]
            where = f"统计表“{item.label}”"
        elif ref.table == "C":
            where = "表三"
        else:
            where = fmt.cell_name(ref).rsplit(" · ", 1)[0] + " 行"
        cells = []
        for p in paths:
            v = report.value_at(p)
            name = fmt.cell_name(CellRef.parse(p)).rsplit(" · ", 1)[-1]
            if v is not None and v.candidates:
                cells.append(f"{name}（可能为 {'、'.join(map(number_text, v.candidates))}）")
            else:
                cells.append(name)
        out.append(Finding("AMBIGUOUS", f"{where}有 {len(paths)} 个数值无法确定，未参与核对：{'；'.join(cells)}。"
                           f"原因：{reason.split('（', 1)[0]}", table=ref.table, row=ref.row if ref.table != "C" else None,
                           evidence=[ev.cell(report, p) for p in paths]))
    return out
