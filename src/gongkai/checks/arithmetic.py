"""The format's arithmetic identities (勾稽关系), and counts that are not counts."""

from __future__ import annotations

from ..report import identities
from ..report.catalog import LEGACY_ROW, LEGACY_ROWS, TABLE_B_KEYS
from ..report.formats import B_WIDTH, CellRef, c_group, format_of
from ..report.model import AnnualReport
from . import evidence as ev
from .rules import Finding


def check(report: AnnualReport, previous: AnnualReport | None = None) -> list[Finding]:
    out: list[Finding] = []
    if report.table_b is not None:
        out += _table_b(report)
    if report.table_c is not None:
        out += _table_c(report)
    if report.legacy is not None:
        out += _legacy(report)
    out += _counts(report)
    return out


def _numbers(report: AnnualReport) -> dict:
    return {k: report.b(k) for k in TABLE_B_KEYS}


def _table_b(r: AnnualReport) -> list[Finding]:
    out = []
    rows = _numbers(r)
    for key in TABLE_B_KEYS:
        row = rows[key]
        if row is None or identities.b_row_total(row) is not False:
            continue
        parts = sum(row[:B_WIDTH - 1])
        out.append(Finding(
            "B-ROW-TOTAL", f"表二“{ev.b_row(key)}”行：六类申请人合计 {ev.number(parts)}，总计列为 {ev.number(row[6])}",
            table="B", row=key, column=6,
            evidence=[ev.cell(r, f"table_b.{key}.{i}") for i in range(B_WIDTH)]))
    for col in range(B_WIDTH):
        if identities.b_balance(rows, col) is False:
            a = rows["new_received"][col] + rows["carried_over"][col]
            b = rows["total"][col] + rows["carry_forward"][col]
            out.append(Finding(
                "B-BALANCE", f"表二“{ev.b_column(col)}”列：一、本年新收 + 二、上年结转 = {ev.number(a)}，"
                f"三、（七）总计 + 四、结转下年度继续办理 = {ev.number(b)}，两者不等",
                table="B", column=col,
                evidence=[ev.cell(r, f"table_b.{k}.{col}") for k in ("new_received", "carried_over", "total",
                                                                      "carry_forward")]))
        keys = [k for k in format_of(r.format_version).result_keys if rows.get(k) is not None]
        if identities.b_results_total(rows, col, keys) is False:
            parts = sum(rows[k][col] for k in keys)
            out.append(Finding(
                "B-RESULTS-TOTAL", f"表二“{ev.b_column(col)}”列：（七）总计为 {ev.number(rows['total'][col])}，"
                f"（一）至（六）各项办理结果之和为 {ev.number(parts)}",
                table="B", row="total", column=col,
                evidence=[ev.cell(r, f"table_b.total.{col}")] +
                         [ev.cell(r, f"table_b.{k}.{col}") for k in keys if rows[k][col]]))
    return out


def _table_c(r: AnnualReport) -> list[Finding]:
    out = []
    values = r.c()
    for g, ok in enumerate(identities.c_row_totals(values)):
        if ok is False:
            cols = c_group(g)
            group = [values[i] for i in cols]
            out.append(Finding(
                "C-TOTAL", f"表三“{ev.c_cell(cols[0]).split('·')[0]}”：结果维持 + 结果纠正 + 其他结果 + 尚未审结 = "
                f"{ev.number(sum(group[:-1]))}，总计为 {ev.number(group[-1])}",
                table="C", column=cols[-1], evidence=[ev.cell(r, CellRef("C", None, i).path) for i in cols]))
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
            evidence=[ev.cell(r, f"legacy.{index[spec.key]}.value")] +
                     [ev.cell(r, f"legacy.{index[c]}.value") for c in children]))
    return out


def _counts(r: AnnualReport) -> list[Finding]:
    """R8: every cell is a non-negative whole number, except money amounts."""
    out = []
    paths: list[str] = []
    amounts: list[str] = []
    if r.table_a is not None:
        for spec in format_of(r.format_version).table_a:
            for col in spec.columns:
                if spec.key not in r.table_a:
                    continue
                if col.key in ("amount_10k_yuan", "amount"):
                    amounts.append(f"table_a.{spec.key}.{col.key}")
                elif col.key != "change":
                    paths.append(f"table_a.{spec.key}.{col.key}")
    if r.table_b is not None:
        paths += [f"table_b.{k}.{i}" for k in TABLE_B_KEYS if r.table_b.get(k) is not None for i in range(B_WIDTH)]
    if r.table_c is not None:
        paths += [f"table_c.{i}" for i in range(len(r.table_c))]
    if r.legacy is not None:
        paths += [f"legacy.{i}.value" for i, it in enumerate(r.legacy)
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
        amounts += [f"legacy.{i}.value" for i, it in enumerate(r.legacy)
                    if it.unit == "万元" or getattr(LEGACY_ROW.get(it.key or ""), "unit", None) == "万元"]
    for path in amounts:
        v = r.value_at(path)
        if v is not None and v.value is not None and v.value < 0:
            ref = CellRef.parse(path)
            out.append(Finding("NEGATIVE-AMOUNT", f"{ev.label(r, path)}：金额为 {ev.number(v.value)}，不能为负数",
                               table=ref.table, row=ref.row if ref.table == "A" else None,
                               column=ref.column if ref.table == "A" else None, evidence=[ev.cell(r, path)]))
    return out
