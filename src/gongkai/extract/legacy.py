"""The pre-2019 政府信息公开情况统计表: rows of 统计指标 | 单位 | 统计数 (and 历年累计
where a report prints one), read generically so that local variants of the form are
kept too, then matched to the catalog's rows where the label is known.

Where a copy ran a row's unit and both year columns together (`主动公开信息数条18535395`
= 条 / 1853 / 5395), the digits are split under the table's own order: 本年度 ≤ 历年累计,
each 其中 item ≤ its total, and the narrative's figures where only they decide.
"""

from __future__ import annotations

import re

from ..ingest.document import Row
from ..report.catalog import LEGACY_BY_LABEL, LEGACY_ROW, LEGACY_ROWS, LEGACY_UNITS, fold, legacy_label
from ..report.formats import cell
from ..report.model import AnnualReport, LegacyItem, Value
from .solve import Hint, Relation
from .tables import TableReader, at_most_check, not_a_number
from .tokens import NULL, NUM, TEXT, Token, tokenize

_NO_UNIT = frozenset({"——", "—", "-", "－", "--"})
_HEADER_WORDS = ("统计指标", "指标名称")
_HEADER_END = re.compile(r"历年累计|累计数|累计|统计数|\d{4}年度|本年度|计量单位|单位")
_SUB = re.compile(r"^其中[:：]")
_ENUMERATED = re.compile(r"^(?:其中[:：])?\d{1,2}[.、．]")
# narrative figures and the (local) rows they state
_FIGURE_ROWS = {
    "items_published": ("proactive_items", re.compile(r"主动公开.*(?:信息|文件)")),
    "applications_received": ("requests_received", re.compile(r"(?:受理|收到).*申请")),
}


def read_legacy(report: AnnualReport, rows: list[Row], hints: list[Hint] | None = None) -> None:
    start = next((i for i, r in enumerate(rows) if any(w in fold(r.text) for w in _HEADER_WORDS)), None)
    cumulative = False
    header = ""
    if start is not None:
        folded = fold(rows[start].text)
        at = min(folded.find(w) for w in _HEADER_WORDS if w in folded)
        header = folded[at:at + 40]
        cumulative = "累计" in header
        rows = rows[start:]
    width = 2 if cumulative else 1
    items: list[LegacyItem] = []
    used: set[str] = set()
    parents: list[int | None] = []
    reader = TableReader(report, "legacy", [])
    top: int | None = None  # the row a 其中 list hangs under
    sub_number = None  # the last number of the 其中 list
    for n, (label, unit, values) in enumerate(_records(rows, bool(header))):
        printed = "".join(t.text for t in label)
        if header and (n == 0 or fold(printed).startswith(_HEADER_WORDS)):
            printed = _after_header(printed)  # the header, or its repeat at the top of a new page
        if unit is None and header and printed.endswith(LEGACY_UNITS):
            u = next(u for u in LEGACY_UNITS if printed.endswith(u))
            if len(printed) > len(u) + 1:
                printed, unit = printed[:-len(u)], Token(TEXT, u, label[-1].line, label[-1].column)
        name = legacy_label(printed)
        if not name:
            continue
        key = _key(name, used)
        if key is None and unit is None:
            continue  # neither a known row nor a row with a unit: prose or a signature after the table
        if key:
            used.add(key)
        unit_text = unit.text if unit is not None and unit.text not in _NO_UNIT else None
        i = len(items)
        if unit_text is None:  # a heading row: what follows has no total above it
            top = sub_number = None
            parents.append(None)
        else:
            parent, top, sub_number = _place(fold(printed), i, top, sub_number)
            parents.append(parent)
        item = LegacyItem(key, name, unit_text, Value(None, None), Value(None, None) if cumulative else None)
        items.append(item)
        if unit_text is None and not values:
            continue
        cells = [cell("legacy", i, "value").path] + ([cell("legacy", i, "cumulative").path] if cumulative else [])
        line = values[0].line if values else label[-1].line
        blank = [Token(NULL, "", line, 0) for _ in cells]  # a row with a unit and no number printed
        reader.add(f"legacy.{i}", cells, values or blank, at_most_check if cumulative else None, line)
    reader.hints = _hints(report, items, parents, hints or [])
    got = reader.solve(lambda: _relations(items, parents, width))
    for i, item in enumerate(items):
        if cell("legacy", i, "value").path in got:
            item.value = got[cell("legacy", i, "value").path]
            if cumulative:
                item.cumulative = got[cell("legacy", i, "cumulative").path]
    report.problems = [p for p in report.problems if not (p.code in ("blank_cell", "slash_cell") and
                                                          (p.path or "").startswith("legacy."))]
    for i, item in enumerate(items):
        if item.unit and item.value.value is None and not item.value.ambiguous:
            code, message = not_a_number(item.value.raw)
            src = item.value.source
            report.problem(code, f"统计表“{item.label}”：{message}",
                           cell("legacy", i, "value").path, src.line if src else None)
    report.legacy = items


def _number(folded: str) -> int | None:
    m = _ENUMERATED.match(folded)
    return int(re.sub(r"\D", "", m.group())) if m else None


def _place(folded: str, i: int, top: int | None, sub_number: int | None):
    """(parent, top, sub_number) for row i: a row that opens with 其中 starts a list under
    the row above; a numbered row continues that list when its number follows the
    list's last one, and is a row of its own otherwise."""
    number = _number(folded)
    if _SUB.match(folded) and top is not None:
        return top, top, number
    if number is not None and top is not None and sub_number is not None and number == sub_number + 1:
        return top, top, number
    return None, i, None


def _after_header(printed: str) -> str:
    """The first row's label, without the header run into it."""
    last = None
    for m in _HEADER_END.finditer(printed):
        last = m
    return printed[last.end():] if last else printed


def _relations(items: list[LegacyItem], parents: list[int | None], width: int) -> list[Relation]:
    """Each 其中 item ≤ its total (the catalog's totals: = the sum of their items)."""
    out = []
    index = {it.key: i for i, it in enumerate(items) if it.key}
    columns = ("value", "cumulative")[:width]
    for col in columns:
        for i, p in enumerate(parents):
            if p is not None:
                out.append(Relation((cell("legacy", i, col).path,), (cell("legacy", p, col).path,), at_most=True))
        for key, keys in _SUMS.items():
            if key in index and all(k in index for k in keys):
                spec = LEGACY_ROW[key]
                children = [index[k] for k in keys]
                out.append(Relation(tuple(cell("legacy", c, col).path for c in children), (cell("legacy", index[spec.key], col).path,)))
    return out


def _hints(report: AnnualReport, items: list[LegacyItem], parents, given: list[Hint]) -> list[Hint]:
    out = list(given)
    for f in report.figures:
        if f.approximate or f.kind not in _FIGURE_ROWS:
            continue
        key, pattern = _FIGURE_ROWS[f.kind]
        at = next((i for i, it in enumerate(items) if it.key == key), None)
        if at is None:
            at = next((i for i, it in enumerate(items) if parents[i] is None and it.key is None
                       and pattern.search(it.label)), None)
        if at is not None:
            out.append(Hint(cell("legacy", at, "value").path, f.value, f"正文“{f.text}”"))
    return out


def _records(rows: list[Row], has_header: bool):
    label: list[Token] = []
    unit: Token | None = None
    values: list[Token] = []
    for row in rows:
        for tok in tokenize(row):
            if tok.kind == TEXT:
                if label and unit is None and not values and tok.text in LEGACY_UNITS:
                    unit = tok
                    continue
                if unit is not None or values:
                    yield label, unit, values
                    label, unit, values = [], None, []
                label.append(tok)
            elif tok.kind == NULL and label and unit is None and not values and tok.text in _NO_UNIT:
                unit = tok
            elif label:
                if tok.kind == NULL and not tok.text and values:
                    continue  # an empty cell after the value: nothing printed
                if tok.kind == NUM or tok.kind == NULL:
                    values.append(tok)
    if label:
        yield label, unit, values


_KNOWN = tuple((row, legacy_label(row.label)) for row in LEGACY_ROWS)
# the catalog's totals and the items they sum
_SUMS = {row.key: [c.key for c in LEGACY_ROWS if c.parent == row.key] for row in LEGACY_ROWS if row.sums_children}


def _key(name: str, used: set[str]) -> str | None:
    for row in LEGACY_BY_LABEL.get(name, ()):
        if row.key not in used:
            return row.key
    for row, known in _KNOWN:
        if row.key not in used and len(name) >= 4 and (known in name or name in known):
            return row.key
    return None


__all__ = ["read_legacy", "LEGACY_ROW"]
