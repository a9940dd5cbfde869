"""Tables A (主动公开), B (收到和处理申请) and C (行政复议、行政诉讼) from records.

Each record's label is matched to a catalog row by the row's distinctive cores (the
core that ends last in the label wins, so group labels and wrapped fragments of the
previous label do not mislead). Its values are fitted to the row's width: page
numbers dropped, blank edge cells of explicit rows trimmed, run-together digits
split only where the identities allow one split. What cannot be placed is left
blank and marked ambiguous, never guessed.
"""

from __future__ import annotations

import itertools
import unicodedata

from ..report import identities
from ..report.catalog import (
    FORMAT_2019,
    FORMAT_2021,
    TABLE_A,
    TABLE_A_2019_MARKERS,
    TABLE_A_2021_MARKERS,
    TABLE_B_ROW,
    TABLE_B_ROWS,
    TABLE_C_KEYS,
)
from ..report.model import AnnualReport, ExtraRow, Source, Value, empty_table_b
from .digits import grouped_totals, splits
from .labels import best_match
from .tokens import NULL, NUM, Record, Token

B_WIDTH, C_WIDTH = 7, 15
_B_CHECK = grouped_totals(7, 6)
_C_CHECK = grouped_totals(5, 4)


# --- shared --------------------------------------------------------------------

def fit(values: list[Token], width: int) -> list[Token]:
    """Drop maybe-page-number tokens and blank edge cells beyond `width`."""
    vals = list(values)
    while len(vals) > width and any(t.weak for t in vals):
        del vals[max(i for i, t in enumerate(vals) if t.weak)]
    while len(vals) > width and vals[-1].kind == NULL and not vals[-1].text:
        vals.pop()
    while len(vals) > width and vals[0].kind == NULL and not vals[0].text:
        vals.pop(0)
    return vals


def _digit_runs(vals: list[Token]) -> list[str] | None:
    runs = []
    for t in vals:
        if t.kind != NUM:
            return None
        text = unicodedata.normalize("NFKC", t.text)
        if not text.isdigit():
            return None
        runs.append(text)
    return runs


def _split_values(vals: list[Token], parts: list[int]) -> list[Value]:
    """Values for `parts` cut, in order, out of the digit tokens `vals`."""
    out: list[Value] = []
    ti, pos = 0, 0
    for p in parts:
        piece = str(p)
        tok = vals[ti]
        out.append(Value(p, piece, Source(tok.line, tok.column + pos, piece, tok.page, tok.bbox),
                         note=f"由粘连数字“{tok.text}”按勾稽关系拆分"))
        pos += len(piece)
        if pos >= len(tok.text):
            ti, pos = ti + 1, 0
    return out


def not_a_number(raw: str | None) -> tuple[str, str]:
    if not raw:
        return "blank_cell", "单元格为空白，不是数字（blank cell, not a number）"
    return "slash_cell", f"单元格为“{raw}”，不是数字（cell shows '{raw}', not a number）"


class Columns:
    """Column positions of a PDF table, learned from where its numbers are printed,
    to place the values of a row printed with blank cells."""

    def __init__(self, locate, width: int):
        self.locate = locate
        self.width = width
        self.centers: list[float] | None = None

    def x(self, tok: Token) -> float | None:
        found = self.locate(tok.line, tok.column, len(tok.text))
        if not found:
            return None
        _, (left, _, right, _) = found
        return (left + right) / 2

    def learn(self, rows: list[list[Token]]) -> None:
        xs: list[list[float]] = [[] for _ in range(self.width)]
        for vals in rows:
            if len(vals) != self.width or any(t.kind != NUM for t in vals):
                continue
            points = [self.x(t) for t in vals]
            if None in points or points != sorted(points):
                continue
            for i, x in enumerate(points):
                xs[i].append(x)
        if all(xs):
            self.centers = [sorted(c)[len(c) // 2] for c in xs]

    def learn_clusters(self, xs: list[float], gap: float = 4.0) -> None:
        """Columns from the x-centres of header pieces: one cluster per column."""
        clusters: list[list[float]] = []
        for x in sorted(xs):
            if clusters and x - clusters[-1][-1] <= gap:
                clusters[-1].append(x)
            else:
                clusters.append([x])
        if len(clusters) == self.width:
            self.centers = [sum(c) / len(c) for c in clusters]

    def __call__(self, vals: list[Token]) -> list[Token] | None:
        if self.centers is None:
            return None
        c = self.centers
        half = min(b - a for a, b in zip(c, c[1:])) / 2
        slots: list[Token | None] = [None] * self.width
        for t in vals:
            x = self.x(t)
            if x is None:
                return None
            i = min(range(self.width), key=lambda k: abs(c[k] - x))
            if abs(c[i] - x) > half or slots[i] is not None:
                return None
            slots[i] = t
        ref = vals[0]
        return [t if t is not None else Token(NULL, "", ref.line, ref.column, None, False, ref.page, None)
                for t in slots]


def _unknown(width: int) -> list[Value]:
    return [Value(None, None, None, ambiguous=True) for _ in range(width)]


def place(report: AnnualReport, path: str, vals: list[Token], width: int, check=None,
          line: int | None = None, names: list[str] | None = None,
          by_position=None) -> tuple[list[Value], list[list[int]]]:
    """Values for one row of `width` cells. Returns the values and, when run-together
    digits allow several splits, the candidate splits (values are then ambiguous).
    `by_position(tokens)` may place a short row's values into their columns by where
    they are printed (PDF), leaving the others blank."""
    vals = fit(vals, width)
    if len(vals) < width and by_position is not None:
        placed = by_position(vals)
        if placed is not None:
            vals = placed
    if len(vals) == width:
        out = [t.to_value() for t in vals]
        for i, v in enumerate(out):
            if v.value is None:
                report.problem(*not_a_number(v.raw),
                               f"{path}.{names[i] if names else i}", v.source.line if v.source else line)
        return out, []
    if len(vals) < width:
        runs = _digit_runs(vals)
        if runs is not None and sum(map(len, runs)) >= width:
            found = splits(runs, width, check)
            if found and len(found) == 1:
                report.problem("digits_split", f"数字粘连，按勾稽关系唯一拆分为 {found[0]}"
                               f"（run-together digits split by the identities）", path, line)
                return _split_values(vals, found[0]), []
            if found:
                return _unknown(width), found
            report.problem("ambiguous_digits", "数字粘连，无法按勾稽关系拆分（run-together digits, no split fits）",
                           path, line)
            return _unknown(width), []
    report.problem("value_count", f"该行印有 {len(vals)} 个数值，应为 {width} 个，无法对应到单元格"
                   f"（{len(vals)} values for {width} cells）", path, line)
    return _unknown(width), []


# --- table A -------------------------------------------------------------------

def detect_a_version(records: list[Record]) -> str | None:
    text = "".join(r.folded for r in records)
    if any(m in text for m in TABLE_A_2019_MARKERS):
        return FORMAT_2019
    if any(m in text for m in TABLE_A_2021_MARKERS):
        return FORMAT_2021
    return None


def read_table_a(report: AnnualReport, records: list[Record], version: str) -> None:
    specs = TABLE_A[version]
    table: dict[str, dict[str, Value]] = {}
    report.labels["table_a.headers"] = "".join(r.text for r in records)
    for rec in records:
        if not rec.values:
            continue
        spec = best_match(rec.folded, specs)
        if spec is None:
            if rec.has_number():
                report.extra_rows.append(ExtraRow("A", rec.text, [t.to_value() for t in rec.values], rec.line))
            continue
        if spec.key in table:
            report.problem("duplicate_row", f"表一“{spec.label}”行重复出现（row printed twice）",
                           f"table_a.{spec.key}", rec.line)
            continue
        report.labels[f"table_a.{spec.key}"] = rec.label[-1].text if rec.label else ""
        values, candidates = place(report, f"table_a.{spec.key}", rec.values, len(spec.columns), None, rec.line,
                                   [c.key for c in spec.columns])
        if candidates:
            report.problem("ambiguous_digits", f"数字粘连，有 {len(candidates)} 种拆分，无法确定"
                           "（run-together digits, several splits）", f"table_a.{spec.key}", rec.line)
        table[spec.key] = {col.key: v for col, v in zip(spec.columns, values)}
    for spec in specs:
        if spec.key not in table:
            report.problem("missing_row", f"表一缺少“{spec.label}”行（row not printed）", f"table_a.{spec.key}")
    report.table_a = table


# --- table B -------------------------------------------------------------------

def read_table_b(report: AnnualReport, records: list[Record], locate=None) -> None:
    start = next((i for i, r in enumerate(records) if TABLE_B_ROW["new_received"].matches(r.folded) >= 0), None)
    if start is None:
        start = next((i for i, r in enumerate(records) if r.has_number() and best_match(r.folded, TABLE_B_ROWS)), None)
    if start is None:
        report.problem("missing_table", "未找到表二（收到和处理政府信息公开申请情况）的数据（table B not found）", "table_b")
        return
    header = "".join(r.folded for r in records[:start]) + records[start].folded
    subtotal_at = _subtotal_column(header)
    rows = empty_table_b()
    pending: dict[str, list[list[int]]] = {}
    columns = None
    if locate is not None and any(len(fit(r.values, B_WIDTH)) < B_WIDTH for r in records[start:] if r.values):
        columns = Columns(locate, B_WIDTH)
        columns.learn([fit(r.values, B_WIDTH) for r in records[start:]])
    for rec in records[start:]:
        if not rec.values:
            continue
        spec = best_match(rec.folded, TABLE_B_ROWS)
        if spec is None:
            report.extra_rows.append(ExtraRow("B", rec.text, [t.to_value() for t in rec.values], rec.line))
            report.problem("extra_row", f"表二有格式之外的行“{rec.text}”（row not in the format）", "table_b", rec.line)
            continue
        if rows[spec.key] is not None:
            report.problem("duplicate_row", f"表二“{spec.label}”行重复出现（row printed twice）",
                           f"table_b.{spec.key}", rec.line)
            continue
        vals = rec.values
        if subtotal_at is not None and len(fit(vals, B_WIDTH + 1)) == B_WIDTH + 1:
            vals = fit(vals, B_WIDTH + 1)
            del vals[subtotal_at]
        values, candidates = place(report, f"table_b.{spec.key}", vals, B_WIDTH, _B_CHECK, rec.line,
                                   by_position=columns)
        rows[spec.key] = values
        if candidates:
            pending[spec.key] = candidates
        if spec.key == "carry_forward":
            break
    if subtotal_at is not None:
        report.problem("extra_column", "表二多出“小计”列（subtotal column not in the format），已略去", "table_b")
    if pending:
        _resolve_b(report, rows, pending)
    for spec in TABLE_B_ROWS:
        if rows[spec.key] is None and not (spec.key.startswith("other_overdue") and report.format_version == FORMAT_2019):
            report.problem("missing_row", f"表二缺少“{spec.label}”行（row not printed）", f"table_b.{spec.key}")
    report.table_b = rows


def _subtotal_column(header: str) -> int | None:
    at = header.find("小计")
    if at < 0:
        return None
    return 1 if 0 <= at < header.find("商业企业") else 6


def _resolve_b(report: AnnualReport, rows: dict, pending: dict[str, list[list[int]]]) -> None:
    """Several splits fit a row's own identity: try the table's column identities."""
    keys = list(pending)
    combos = 1
    for k in keys:
        combos *= len(pending[k])
    fitting = []
    if combos <= 5000:
        numbers = {k: (None if v is None else [x.value for x in v]) for k, v in rows.items()}
        for choice in itertools.product(*(pending[k] for k in keys)):
            numbers.update(zip(keys, choice))
            results = [identities.b_balance(numbers, c) for c in range(B_WIDTH)]
            results += [identities.b_results_total(numbers, c) for c in range(B_WIDTH)]
            if all(r is not False for r in results) and any(results):
                fitting.append(choice)
                if len(fitting) > 1:
                    break
    if len(fitting) == 1:
        for key, parts in zip(keys, fitting[0]):
            rows[key] = [Value(p, str(p), None, note="由粘连数字按表内勾稽关系拆分") for p in parts]
            report.problem("digits_split", f"数字粘连，按表内勾稽关系唯一拆分为 {list(parts)}"
                           "（run-together digits split by the table's identities）", f"table_b.{key}")
        return
    for key in keys:
        report.problem("ambiguous_digits", f"数字粘连，有 {len(pending[key])} 种拆分都符合勾稽关系，无法确定"
                       "（run-together digits, several splits fit）", f"table_b.{key}")


# --- table C -------------------------------------------------------------------

_C_HEADER_CHARS = frozenset("结果维持纠正其他尚未审结总计")


def read_table_c(report: AnnualReport, records: list[Record], locate=None) -> None:
    data = next((r for r in records if r.has_number()), None)
    if data is None:
        data = next((r for r in records if len(r.values) >= C_WIDTH), None)
    if data is None:
        report.problem("missing_table", "未找到表三（行政复议、行政诉讼情况）的数据（table C not found）", "table_c")
        return
    columns = None
    if locate is not None and len(fit(data.values, C_WIDTH)) < C_WIDTH:
        # the leaf headers (结果维持 … 总计) stand one above each column
        columns = Columns(locate, C_WIDTH)
        header = [t for r in records for t in r.label if t.text and set(t.text) <= _C_HEADER_CHARS]
        columns.learn_clusters([x for x in map(columns.x, header) if x is not None])
    values, candidates = place(report, "table_c", data.values, C_WIDTH, _C_CHECK, data.line, by_position=columns)
    if candidates:
        report.problem("ambiguous_digits", f"数字粘连，有 {len(candidates)} 种拆分都符合勾稽关系，无法确定"
                       "（run-together digits, several splits fit）", "table_c", data.line)
    report.table_c = values


__all__ = ["read_table_a", "read_table_b", "read_table_c", "detect_a_version", "TABLE_C_KEYS"]
