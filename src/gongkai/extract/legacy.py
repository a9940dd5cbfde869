"""The pre-2019 政府信息公开情况统计表: rows of 统计指标 | 单位 | 统计数 (and 累计数
where a report prints one), read generically so that local variants of the form
are kept too, then matched to the catalog's rows where the label is known."""

from __future__ import annotations

from ..ingest.document import Row
from ..report.catalog import LEGACY_BY_LABEL, LEGACY_ROWS, LEGACY_UNITS, fold, legacy_label
from ..report.model import AnnualReport, LegacyItem, Value
from .tables import not_a_number
from .tokens import NULL, TEXT, Token, tokenize

_NO_UNIT = frozenset({"——", "—", "-", "－", "--"})


def read_legacy(report: AnnualReport, rows: list[Row]) -> None:
    start = next((i for i, r in enumerate(rows) if "统计指标" in fold(r.text)), None)
    cumulative = False
    if start is not None:
        cumulative = "累计" in fold(rows[start].text)
        rows = rows[start + 1:]
    items: list[LegacyItem] = []
    used: set[str] = set()
    for label, unit, values in _records(rows):
        printed = "".join(t.text for t in label)
        name = legacy_label(printed)
        if not name:
            continue
        key = _key(name, used)
        if key is None and unit is None:
            continue  # neither a known row nor a row with a unit: prose or a signature after the table
        if key:
            used.add(key)
        value = values[0].to_value() if values else Value(None, None)
        cum = (values[1].to_value() if len(values) > 1 else Value(None, None)) if cumulative else None
        unit_text = unit.text if unit is not None and unit.text not in _NO_UNIT else None
        item = LegacyItem(key, name, unit_text, value, cum)
        i = len(items)
        if unit_text and value.value is None:
            line = values[0].line if values else label[-1].line
            code, message = not_a_number(value.raw)
            report.problem(code, f"统计表“{name}”：{message}", f"legacy.{i}.value", line)
        items.append(item)
    report.legacy = items


def _records(rows: list[Row]):
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
                values.append(tok)
    if label:
        yield label, unit, values


_KNOWN = tuple((row, legacy_label(row.label)) for row in LEGACY_ROWS)


def _key(name: str, used: set[str]) -> str | None:
    for row in LEGACY_BY_LABEL.get(name, ()):
        if row.key not in used:
            return row.key
    for row, known in _KNOWN:
        if row.key not in used and len(name) >= 4 and (known in name or name in known):
            return row.key
    return None


__all__ = ["read_legacy"]
