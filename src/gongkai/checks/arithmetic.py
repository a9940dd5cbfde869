"""The format's arithmetic identities (勾稽关系, stated once in `report/formats.py`), and counts that
are not counts."""

from __future__ import annotations

from ..report.catalog import LEGACY_ROW, LEGACY_ROWS, TABLE_B_KEYS
from ..report.formats import B_WIDTH, CellRef
from ..report.model import AnnualReport
from . import evidence as ev
from .rules import Finding


def check(report: AnnualReport, previous: AnnualReport | None = None) -> list[Finding]:
    out: list[Finding] = []
    if report.table_b is not None:
        out += _identities(report, "B")
    if report.table_c is not None:
        out += _identities(report, "C")
    if report.legacy is not None:
        out += _legacy(report)
    out += _counts(report)
    return out


def _identities(r: AnnualReport, table: str) -> list[Finding]:
    """The format's identities over table `table`, each failing one reported in words."""
    out = []
    values = r.numbers()
    for identity in r.format.identities:
        if identity.plus[0].table != table or identity.holds(values) is not False:
            continue
        plus, minus = identity.sides(values)
        first = identity.plus[0]
        if identity.rule == "B-ROW-TOTAL":
            key = first.row
            out.append(Finding(
                "B-ROW-TOTAL", f"表二“{ev.b_row(key)}”行：六类申请人合计 {ev.number(plus)}，总计列为 {ev.number(minus)}",
                table="B", row=key, column=B_WIDTH - 1,
                evidence=[ev.cell(r, CellRef("B", key, i).path) for i in range(B_WIDTH)]))
        elif identity.rule == "B-BALANCE":
            col = first.column
            out.append(Finding(
                "B-BALANCE", f"表二“{ev.b_column(col)}”列：一、本年新收 + 二、上年结转 = {ev.number(plus)}，"
                f"三、（七）总计 + 四、结转下年度继续办理 = {ev.number(minus)}，两者不等",
                table="B", column=col, evidence=[ev.cell(r, ref.path) for ref in identity.cells]))
        elif identity.rule == "B-RESULTS-TOTAL":
            col = first.column
            out.append(Finding(
                "B-RESULTS-TOTAL", f"表二“{ev.b_column(col)}”列：（七）总计为 {ev.number(minus)}，"
                f"（一）至（六）各项办理结果之和为 {ev.number(plus)}",
                table="B", row="total", column=col,
                evidence=[ev.cell(r, f"table_b.total.{col}")] +
                         [ev.cell(r, ref.path) for ref in identity.plus if values.get(ref.path)]))
        elif identity.rule == "C-TOTAL":
            cols = [ref.column for ref in identity.cells]
            out.append(Finding(
                "C-TOTAL", f"表三“{ev.c_cell(cols[0]).split('·')[0]}”：结果维持 + 结果纠正 + 其他结果 + 尚未审结 = "
                f"{ev.number(plus)}，总计为 {ev.number(minus)}",
                table="C", column=cols[-1], evidence=[ev.cell(r, ref.path) for ref in identity.cells]))
    return out


def _legacy(r: AnnualReport) -> list[Finding]:
    out = []
    index = {item.key: i for i, item in enumerate(r.legacy) if item.key}
    for spec in LEGACY_ROWS:
        if not spec.sums_children or spec.key not in index:
            continue
        children = [c.key for c in LEGACY_ROWS if c.parent == spec.key and c.key in index]
        total = r.legacy[index[spec.key]].value.value
        parts = [r.legacy[index[c]].value.value for c in children]
        if total is None or not children or any(p is None for p in parts) or sum(parts) == total:
            continue
        out.append(Finding(
            "LEGACY-SUM", f"统计表“{r.legacy[index[spec.key]].label}”为 {ev.number(total)}，"
            f"其分项（{'、'.join(r.legacy[index[c]].label for c in children)}）之和为 {ev.number(sum(parts))}",
            table="legacy", row=spec.key,
            evidence=[ev.cell(r, CellRef("legacy", index[spec.key], "value").path)] +
                     [ev.cell(r, CellRef("legacy", index[c], "value").path) for c in children]))
    return out


def _counts(r: AnnualReport) -> list[Finding]:
    """R8: every cell is a non-negative whole number, except money amounts."""
    out = []
    paths: list[str] = []
    amounts: list[str] = []
    if r.table_a is not None:
        for spec in r.format.table_a:
            for col in spec.columns:
                if spec.key not in r.table_a:
                    continue
                if col.key in ("amount_10k_yuan", "amount"):
                    amounts.append(CellRef("A", spec.key, col.key).path)
                elif col.key != "change":
                    paths.append(CellRef("A", spec.key, col.key).path)
    if r.table_b is not None:
        paths += [CellRef("B", k, i).path for k in TABLE_B_KEYS if r.table_b.get(k) is not None for i in range(B_WIDTH)]
    if r.table_c is not None:
        paths += [CellRef("C", None, i).path for i in range(len(r.table_c))]
    if r.legacy is not None:
        paths += [CellRef("legacy", i, "value").path for i, it in enumerate(r.legacy)
                  if it.unit and getattr(LEGACY_ROW.get(it.key or ""), "unit", None) != "万元" and it.unit != "万元"]
    for path in paths:
        v = r.value_at(path)
        if v is None or v.value is None:
            continue
        n = v.value
        if n < 0 or (isinstance(n, float) and not n.is_integer()):
            ref = CellRef.parse(path)
            out.append(Finding("NOT-A-COUNT", f"{ev.label(r, path)}：件数为 {ev.number(n)}，应为非负整数",
                               table=ref.table, row=ref.row if ref.table in ("A", "B") else None,
                               column=ref.column if ref.table != "legacy" else None, evidence=[ev.cell(r, path)]))
    if r.legacy is not None:
        amounts += [CellRef("legacy", i, "value").path for i, it in enumerate(r.legacy)
                    if it.unit == "万元" or getattr(LEGACY_ROW.get(it.key or ""), "unit", None) == "万元"]
    for path in amounts:
        v = r.value_at(path)
        if v is not None and v.value is not None and v.value < 0:
            ref = CellRef.parse(path)
            out.append(Finding("NEGATIVE-AMOUNT", f"{ev.label(r, path)}：金额为 {ev.number(v.value)}，不能为负数",
                               table=ref.table, row=ref.row if ref.table == "A" else None,
                               column=ref.column if ref.table == "A" else None, evidence=[ev.cell(r, path)]))
    return out
