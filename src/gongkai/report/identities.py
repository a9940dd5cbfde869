"""The arithmetic identities (勾稽关系) of the statutory tables, as plain functions
over numbers. The extractor uses them to split run-together digits; the checks use
them to find errors. A value of None (blank) makes an identity undecidable, never
true or false.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .catalog import TABLE_B_RESULT_KEYS

Row = Sequence[int | float | None]


def _sum(values: Row) -> int | float | None:
    if any(v is None for v in values):
        return None
    return sum(values)  # type: ignore[arg-type]


def b_row_total(row: Row) -> bool | None:
    """R3: 总计 column = the six applicant columns, in one row of table B."""
    if len(row) != 7 or row[6] is None:
        return None
    parts = _sum(row[:6])
    return None if parts is None else parts == row[6]


def c_group_total(group: Row) -> bool | None:
    """R5: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结, for one group of table C."""
    if len(group) != 5 or group[4] is None:
        return None
    parts = _sum(group[:4])
    return None if parts is None else parts == group[4]


def c_row_totals(row: Row) -> list[bool | None]:
    """R5 for the three groups of the 15-cell table C row."""
    return [c_group_total(row[i:i + 5]) for i in range(0, 15, 5)]


def b_balance(rows: Mapping[str, Row | None], column: int) -> bool | None:
    """R1: 一 + 二 = 三(七总计) + 四, for one column of table B."""
    try:
        a = rows["new_received"][column], rows["carried_over"][column]  # type: ignore[index]
        b = rows["total"][column], rows["carry_forward"][column]  # type: ignore[index]
    except (KeyError, TypeError, IndexError):
        return None
    left, right = _sum(a), _sum(b)
    return None if left is None or right is None else left == right


def b_results_total(rows: Mapping[str, Row | None], column: int, keys: Sequence[str] = TABLE_B_RESULT_KEYS) -> bool | None:
    """R4: （七）总计 = the sum of every result row, for one column of table B.
    Rows a format does not have (None) count as absent, not as blank."""
    total = (rows.get("total") or [None] * 7)[column]
    if total is None:
        return None
    parts = [rows[k][column] for k in keys if rows.get(k) is not None]  # type: ignore[index]
    s = _sum(parts)
    return None if s is None else s == total
