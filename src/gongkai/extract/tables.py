"""Tables A (主动公开), B (收到和处理申请) and C (行政复议、行政诉讼) from records.

The records of a table are aligned to the format's rows as a whole (`align`); each
matched row's values are fitted to its width (page numbers dropped, blank edge cells
of explicit rows trimmed); rows whose digits ran together are solved jointly under the
table's identities and the narrative's figures (`solve`). What cannot be read with
certainty is left blank, flagged ambiguous with its candidates — never guessed.
"""

from __future__ import annotations

import functools

from ..report.catalog import (
    SINGLE_OTHER_ROW,
    TABLE_B_OTHER_2019_LABEL,
    TABLE_B_RESULT_KEYS,
    TABLE_B_ROW,
    TABLE_B_ROWS,
    TABLE_C_GROUPS,
    TABLE_C_LITIGATION,
    TABLE_C_OUTCOMES,
)
from ..report.formats import B_WIDTH, C_GROUP, C_WIDTH, FORMATS, FormatVersion, cell
from ..report.model import AnnualReport, ExtraRow, Source, Value, empty_table_b, number_text
from .align import Match, align, matcher_for, printed
from .solve import Hint, Relation, Slot, leading_zero, readings, solve, unsatisfied
from .tokens import NULL, NUM, Record, Token

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


def not_a_number(raw: str | None) -> tuple[str, str]:
    if not raw:
        return "blank_cell", "单元格为空白，不是数字（blank cell, not a number）"
    return "slash_cell", f"单元格为“{raw}”，不是数字（cell shows '{raw}', not a number）"


def group_check(group: int, total_index: int):
    """A prefix check for rows made of groups whose `total_index` cell is the sum of
    the group's other cells (table B: one group of 7; table C: three groups of 5)."""

    def check(parts: list) -> bool:
        n = len(parts)
        if n % group:
            return True
        g = parts[n - group:]
        if None in g:
            return True
        return g[total_index] == sum(g) - g[total_index]

    check.group = group if total_index == group - 1 else None  # groups with their total last
    check.step = group  # it decides only at each whole group
    return check


def _groups_named(table: str, key: str, groups: list[int]) -> str:
    """"复议后起诉" (table C's groups), "该行" (a row of table B)."""
    if table == "C" and groups:
        return "、".join(TABLE_C_GROUPS[g].label for g in groups)
    return "该行" if table == "B" else "各组"


def at_most_check(parts: list) -> bool:
    """本年度 ≤ 历年累计 (a legacy row with both columns)."""
    return len(parts) < 2 or None in parts[:2] or parts[0] <= parts[1]


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


class TableReader:
    """Collects a table's rows as slots, solves them together, writes the values."""

    def __init__(self, report: AnnualReport, table: str, hints: list[Hint]):
        self.report = report
        self.table = table
        self.hints = hints
        self.slots: list[Slot] = []
        self.lines: dict[str, int | None] = {}
        self.aligned = False

    def add(self, key: str, cells: list[str], tokens: list[Token], check=None, line: int | None = None,
            by_position=None) -> Slot:
        width = len(cells)
        tokens = fit(tokens, width)
        placed = None
        if len(tokens) < width and by_position is not None and not any(
                t.kind == NUM and leading_zero(t.text) for t in tokens):  # "01": two cells run together, not one
            placed = by_position(tokens)
            if placed is not None:
                tokens = placed
        slot = Slot(key, cells, tokens, check, placed=placed is not None)
        readings(slot, width)
        self.slots.append(slot)
        self.lines[key] = line
        return slot

    def solve(self, relations) -> dict[str, Value]:
        """`relations`: a list, or a function that makes it (only called when some row
        has other than one reading)."""
        if all(len(s.options) == 1 and not s.split for s in self.slots):
            out = None  # every row printed cell by cell: nothing to solve
        else:
            out = solve(self.slots, relations() if callable(relations) else relations, self.hints)
        values: dict[str, Value] = {}
        r = self.report
        unread = False
        for slot in self.slots:
            line = self.lines.get(slot.key)
            if not slot.options:
                unread = True
                width = len(slot.cells)
                groups = unsatisfied(slot, width) if slot.split else None
                if groups is not None:  # proven: the printed table is inconsistent
                    run = "".join(x or "" for x in slot.runs)
                    r.problem("no_split", f"印制的数字“{run}”无论如何拆分为 {width} 格，"
                              f"{_groups_named(self.table, slot.key, groups)}的总计都不等于各项之和，"
                              "表格本身的数字有误（no split of the printed digits satisfies the totals）",
                              slot.key, line)
                elif slot.split:
                    r.problem("ambiguous_digits", "数字粘连，无法按勾稽关系拆分（run-together digits, no split fits）",
                              slot.key, line)
                else:
                    r.problem("value_count", f"该行印有 {len(slot.tokens)} 个数值，应为 {width} 个，无法对应到单元格"
                              f"（{len(slot.tokens)} values for {width} cells）", slot.key, line)
                for cell in slot.cells:
                    values[cell] = Value(None, None, None, ambiguous=True, candidates=[])
                continue
            if not slot.split:
                for cell, tok in zip(slot.cells, slot.tokens):
                    v = tok.to_value()
                    values[cell] = v
                    if v.value is None:
                        r.problem(*not_a_number(v.raw), cell, v.source.line if v.source else line)
                continue
            got = out.values
            decided = [got.get(c) for c in slot.cells]
            nums = [t for t in slot.tokens if t.kind == NUM]
            run = "".join(t.text for t in nums)
            first = nums[0] if nums else slot.tokens[0]
            by = out.decided_by
            if None not in decided:
                sources = _cut_sources(slot.tokens, decided)
                said = f"粘连数字“{run}”每位一格（唯一读法）" if slot.forced else f"由粘连数字“{run}”按勾稽关系拆分"
                for cell, n, src in zip(slot.cells, decided, sources):
                    how = by.get(cell) if by else None  # the digits it was cut from, as printed
                    values[cell] = Value(n, src.text, src, False, f"{said}，并据{how}确定" if how and not slot.forced
                                         else said)
                named = {by[c] for c in slot.cells if c in by} if by else ()
                said = f"数字粘连“{run}”，每位一格为其唯一读法：{decided}" if slot.forced else \
                    f"数字粘连“{run}”，按勾稽关系唯一拆分为 {decided}" \
                    + (f"（并据{'、'.join(sorted(named))}）" if named else "")
                r.problem("digits_split", said + "（run-together digits split by the identities）", slot.key, line)
                continue
            unread = True
            said = f"由粘连数字“{run}”按勾稽关系拆分"
            for cell, n in zip(slot.cells, decided):
                if n is None:
                    values[cell] = Value(None, None, first.source(), True, f"粘连数字“{run}”有多种拆分，无法确定",
                                         out.candidates.get(cell, []))
                    continue
                how = by.get(cell) if by else None
                values[cell] = Value(n, None, first.source(), False, f"{said}，并据{how}确定" if how else said)
            r.problem("ambiguous_digits", f"数字粘连“{run}”有多种拆分都符合勾稽关系，"
                      f"{sum(1 for n in decided if n is None)} 个单元格无法确定"
                      "（run-together digits, several splits fit）", slot.key, line)
        how = "partly unread" if unread else "solved" if any(s.split for s in self.slots) else \
            "aligned" if self.aligned else "grid"
        r.reading[self.table] = how
        return values


def _cut_sources(tokens: list[Token], values: list) -> list[Source]:
    """Where each value of a fully decided split was printed, token by token."""
    out: list[Source] = []
    if len(tokens) == 1 and tokens[0].kind == NUM:  # one run (the common case)
        tok = tokens[0]
        text, line, column, page, bbox = tok.text, tok.line, tok.column, tok.page, tok.bbox
        if len(text) == len(values):  # one digit a cell
            return [Source(line, column + i, ch, page, bbox) for i, ch in enumerate(text)]
        pos = 0
        for v in values:
            end = len(text) if type(v) is float else pos + len(str(v))
            out.append(Source(line, column + pos, text[pos:end], page, bbox))
            pos = end
        return out
    ti, pos, last = 0, 0, len(tokens) - 1
    tok = tokens[0]
    for v in values:
        while ti < last and tok.kind == NUM and pos >= len(tok.text):
            ti, pos = ti + 1, 0
            tok = tokens[ti]
        if tok.kind != NUM:
            out.append(tok.source())
            if ti < last:
                ti += 1
                tok = tokens[ti]
            else:
                ti = last + 1
            pos = 0
            continue
        # a decimal is the run's last cell: it takes the rest of the token
        length = len(tok.text) - pos if isinstance(v, float) else len(str(v))
        out.append(Source(tok.line, tok.column + pos, tok.text[pos:pos + length], tok.page, tok.bbox))
        pos += length
    return out


def _variant(report: AnnualReport, table: str, path: str, m: Match, printed_label: str, label: str,
             line: int | None) -> None:
    report.problem("label_variant", f"{table}行名“{printed_label}”与格式的“{label}”不一致，按相似度（{m.score:.0%}）"
                   "对应为该行（label read by similarity）", path, line)


def figure_hints(report: AnnualReport, fmt: FormatVersion, previous: AnnualReport | None = None) -> list[Hint]:
    """What the narrative (and last year's report) say a cell should be."""
    columns = {c.key for c in fmt.columns("A", "normative_documents")}
    cells = {kind: f"table_a.normative_documents.{col}" for kind, col in
             (("normative_documents_in_force", "in_force"), ("normative_documents_issued", "issued")) if col in columns}
    hints = []
    for f in report.figures:
        if f.approximate or f.kind not in cells:
            continue
        hints.append(Hint(cells[f.kind], f.value, f"正文“{f.text}”"))
    if previous is not None and previous.table_b and (previous.table_b.get("carry_forward")):
        for i, v in enumerate(previous.table_b["carry_forward"] or ()):
            if v.value is not None:
                hints.append(Hint(f"table_b.carried_over.{i}", v.value, "上年度报告“结转下年度继续办理”"))
    if previous is not None and previous.format_version == report.format_version and previous.table_a:
        hints += _year_on_year(previous.table_a, fmt)
    return hints


def _year_on_year(last: dict, fmt: FormatVersion) -> list[Hint]:
    """The relations that usually hold across a report and the same agency's report of the
    year before — used only to choose among the splits the identities allow:
    现行有效 = last year's 现行有效 + 本年制发 − 本年废止 (2021 format);
    上一年项目数量 = last year's 上一年项目数量 + last year's 本年增/减 (2019 format)."""
    hints = []
    for spec in fmt.table_a:
        cols = {c.key for c in spec.columns}
        row = last.get(spec.key) or {}
        path = f"table_a.{spec.key}"
        if {"issued", "repealed", "in_force"} <= cols and (v := row.get("in_force")) is not None and v.value is not None:
            hints.append(Hint(f"{path}.in_force", v.value, f"上年度报告现行有效件数 {number_text(v.value)} + 本年制发 − 本年废止",
                              plus=(f"{path}.issued",), minus=(f"{path}.repealed",)))
        if {"previous_items", "change"} <= cols:
            items, change = row.get("previous_items"), row.get("change")
            if items is not None and change is not None and items.value is not None and change.value is not None:
                hints.append(Hint(f"{path}.previous_items", items.value + change.value,
                                  f"上年度报告上一年项目数量 {number_text(items.value)} + 本年增/减 {number_text(change.value)}"))
    return hints


# --- table A -------------------------------------------------------------------

def detect_a_version(records: list[Record]) -> str | None:
    text = "".join(r.folded for r in records)
    hits = {name: sum(m in text for m in fmt.markers) for name, fmt in FORMATS.items()}
    best = max(hits, key=hits.get)
    return best if hits[best] else None


def read_table_a(report: AnnualReport, records: list[Record], fmt: FormatVersion, hints: list[Hint]) -> None:
    specs = fmt.table_a
    matcher = matcher_for(specs)
    report.labels["table_a.headers"] = "".join(r.text for r in records)[:400]
    matches = align(records, matcher)
    reader = TableReader(report, "A", hints)
    by_key: dict[str, Match] = {}
    matched = {m.record for m in matches}
    for m in matches:
        by_key[m.key] = m
        reader.aligned |= m.score < 1
    for ri, rec in enumerate(records):
        if ri not in matched and rec.has_number() and len(rec.folded) <= 40:
            report.extra_rows.append(ExtraRow("A", rec.text, [t.to_value() for t in rec.values], rec.line))
    for spec in specs:
        m = by_key.get(spec.key)
        if m is None:
            continue
        rec = records[m.record]
        label = report.labels[f"table_a.{spec.key}"] = printed(rec, matcher, spec.key)
        if m.score < 1:
            _variant(report, "表一", f"table_a.{spec.key}", m, label, spec.label, rec.line)
        reader.add(f"table_a.{spec.key}", [cell("A", spec.key, c.key).path for c in spec.columns], rec.values,
                   line=rec.line)
    values = reader.solve([])
    table: dict[str, dict[str, Value]] = {}
    for spec in specs:
        if spec.key in by_key:
            table[spec.key] = {c.key: values[cell("A", spec.key, c.key).path] for c in spec.columns}
        else:
            report.problem("missing_row", f"表一缺少“{spec.label}”行（row not printed）", f"table_a.{spec.key}")
    report.table_a = table


# --- table B -------------------------------------------------------------------

_B_CHECK = group_check(B_WIDTH, B_WIDTH - 1)
_B_CELLS = {row.key: [cell("B", row.key, i).path for i in range(B_WIDTH)] for row in TABLE_B_ROWS}
_C_CHECK = group_check(C_GROUP, C_GROUP - 1)


def _b_variants(row):
    out = [row.label, *row.aliases]
    if row.key == "other_other":
        out.append(TABLE_B_OTHER_2019_LABEL)
    return out


@functools.lru_cache(maxsize=64)
def _b_relations(name: str, results: tuple[str, ...]) -> list[Relation]:
    """The format's identities across table 二's rows: 一 + 二 = （七）总计 + 四, and （七）总计 =
    the result rows — those printed, of whichever version — per column."""
    out = []
    for identity in FORMATS[name].identities:
        if identity.rule == "B-BALANCE":
            out.append(Relation(tuple(r.path for r in identity.plus), tuple(r.path for r in identity.minus)))
        elif identity.rule == "B-RESULTS-TOTAL" and results:
            col = identity.minus[0].column
            out.append(Relation(tuple(cell("B", k, col).path for k in results), tuple(r.path for r in identity.minus)))
    return out


def read_table_b(report: AnnualReport, records: list[Record], fmt: FormatVersion, hints: list[Hint],
                 locate=None) -> None:
    matcher = matcher_for(TABLE_B_ROWS, _b_variants)  # every row any version prints, in order
    matches = align(records, matcher)
    if not matches:
        report.problem("missing_table", "未找到表二（收到和处理政府信息公开申请情况）的数据（table B not found）", "table_b")
        return
    first = matches[0].record
    header = "".join(r.folded for r in records[:first + 1])
    subtotal_at = _subtotal_column(header)
    matched = {m.record for m in matches}
    for ri, rec in enumerate(records):
        if ri > first and ri not in matched and rec.values and rec.has_number() and ri < matches[-1].record:
            report.extra_rows.append(ExtraRow("B", rec.text, [t.to_value() for t in rec.values], rec.line))
            report.problem("extra_row", f"表二有格式之外的行“{rec.text[-30:]}”（row not in the format）", "table_b",
                           rec.line)
    columns = None
    if locate is not None and any(len(fit(records[m.record].values, B_WIDTH)) < B_WIDTH for m in matches):
        columns = Columns(locate, B_WIDTH)
        columns.learn([fit(records[m.record].values, B_WIDTH) for m in matches])
    reader = TableReader(report, "B", hints)
    present: list[str] = []
    single_other = False
    for m in matches:
        rec = records[m.record]
        reader.aligned |= m.score < 1
        vals = rec.values
        if subtotal_at is not None and len(fit(vals, B_WIDTH + 1)) == B_WIDTH + 1:
            vals = fit(vals, B_WIDTH + 1)
            del vals[subtotal_at]
        if m.score < 1:  # a label that differs from the format's: kept as printed
            label = report.labels[f"table_b.{m.key}"] = printed(rec, matcher, m.key)
            _variant(report, "表二", f"table_b.{m.key}", m, label, TABLE_B_ROW[m.key].label, rec.line)
        if m.key == "other_other" and TABLE_B_ROW["other_other"].matches(rec.folded) >= 0 and "其他处理" in rec.folded \
                and "3.其他" not in rec.folded:
            single_other = True
        reader.add(f"table_b.{m.key}", _B_CELLS[m.key], vals, _B_CHECK, rec.line, by_position=columns)
        present.append(m.key)
    if subtotal_at is not None:
        report.problem("extra_column", "表二多出“小计”列（subtotal column not in the format），已略去", "table_b")
    # the result rows as printed (a 2019 report may print the 2021 sub-rows of （六）, and the other way round)
    results = [k for k in TABLE_B_RESULT_KEYS if k in present]
    if single_other:
        results = [k for k in results if not k.startswith("other_overdue")]

    values = reader.solve(lambda: _b_relations(fmt.name, tuple(results)))
    rows = empty_table_b()
    for key in present:
        rows[key] = [values[c] for c in _B_CELLS[key]]
    if single_other:
        report.labels[SINGLE_OTHER_ROW] = TABLE_B_OTHER_2019_LABEL
    for spec in fmt.table_b:
        if rows[spec.key] is None and not (single_other and spec.key.startswith("other_overdue")):
            report.problem("missing_row", f"表二缺少“{spec.label}”行（row not printed）", f"table_b.{spec.key}")
    report.table_b = rows


def _subtotal_column(header: str) -> int | None:
    at = header.find("小计")
    if at < 0:
        return None
    return 1 if 0 <= at < header.find("商业企业") else 6


# --- table C -------------------------------------------------------------------

_C_HEADER_CHARS = frozenset("结果维持纠正其他尚未审结总计")
# the characters of table C's headers: a label made of them only is a header between values
_C_WORDS = frozenset("".join(e.label for e in (*TABLE_C_GROUPS, *TABLE_C_OUTCOMES)) + TABLE_C_LITIGATION + "、:()")


def read_table_c(report: AnnualReport, records: list[Record], hints: list[Hint], locate=None) -> None:
    # the row of 15: a record printing 15 values, else one whose digits can make 15 (a
    # sentence of the section's text with a number in it comes first in some reports)
    numbered = [r for r in records if r.has_number()]
    data = next((r for r in numbered if len(fit(r.values, C_WIDTH)) == C_WIDTH), None) or \
        next((r for r in numbered if len(r.values) <= C_WIDTH <= sum(len(t.text) for t in r.values)), None) or \
        next(iter(numbered), None) or next((r for r in records if len(r.values) >= C_WIDTH), None)
    if data is None:
        report.problem("missing_table", "未找到表三（行政复议、行政诉讼情况）的数据（table C not found）", "table_c")
        return
    # the 15 values may be printed over several records (a header word between them)
    values = list(data.values)
    at = records.index(data)
    for rec in records[at + 1:]:
        if len(fit(values, C_WIDTH)) >= C_WIDTH or not rec.values or not set(rec.folded) <= _C_WORDS:
            break
        values += rec.values
    columns = None
    if locate is not None and len(fit(values, C_WIDTH)) < C_WIDTH:
        # the leaf headers (结果维持 … 总计) stand one above each column
        columns = Columns(locate, C_WIDTH)
        header = [t for r in records for t in r.label if t.text and set(t.text) <= _C_HEADER_CHARS]
        columns.learn_clusters([x for x in map(columns.x, header) if x is not None])
    reader = TableReader(report, "C", hints)
    cells = [cell("C", None, i).path for i in range(C_WIDTH)]
    reader.add("table_c", cells, values, _C_CHECK, data.line, by_position=columns)
    got = reader.solve([])
    report.table_c = [got[c] for c in cells]


__all__ = ["read_table_a", "read_table_b", "read_table_c", "detect_a_version", "figure_hints", "fit",
           "not_a_number", "group_check", "at_most_check", "TableReader", "Columns"]
