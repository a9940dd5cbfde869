"""The one model of an annual report. Every reader produces it; every check and
writer consumes it.

A value the reader could not read is `None`, never a silent 0. Each `Value` keeps
what was printed (`raw`: "" for a blank cell, "/" for a slash) and where it was read
(`Source`), so blank, "/" and 0 stay distinct and every number is traceable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .catalog import TABLE_B_KEYS, TABLE_C_KEYS

Number = int | float


@dataclass(slots=True)
class Source:
    """Where a value was read: 1-based line and 0-based column of the text the
    extractor saw; page and bounding box (points, top-left origin) for PDF."""

    line: int | None = None
    column: int | None = None
    text: str | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None

    def __reduce__(self):  # pickled as its fields: reports cross the sandbox's pipe by the thousand
        return Source, (self.line, self.column, self.text, self.page, self.bbox)


@dataclass(slots=True)
class Value:
    value: Number | None
    raw: str | None = None  # as printed; None when the cell was not printed at all
    source: Source | None = None
    ambiguous: bool = False  # the reader could not tell; never used as a fact
    note: str | None = None  # how it was read when not plainly (e.g. digits split)
    candidates: list | None = None  # ambiguous: the values the printed text allows

    def __reduce__(self):
        return Value, (self.value, self.raw, self.source, self.ambiguous, self.note, self.candidates)

    @property
    def blank(self) -> bool:
        return self.value is None


@dataclass(slots=True)
class Section:
    number: str  # as printed: "一", "1"
    ordinal: int
    title: str  # as printed, without its number
    canonical: str | None  # catalog key (overview, proactive, …) or None
    start_line: int
    end_line: int


@dataclass(slots=True)
class Figure:
    """A number the narrative states for a fact the tables also count."""

    kind: str  # catalog.FIGURE_KINDS key
    value: Number
    unit: str
    line: int
    text: str  # the phrase it was read from
    approximate: bool = False  # "150余条"


@dataclass(slots=True)
class Problem:
    """Something the reader could not read, or read as defective, and why."""

    code: str
    message: str
    path: str | None = None  # e.g. "table_b.total.6"
    line: int | None = None


@dataclass(slots=True)
class LegacyItem:
    key: str | None  # catalog key when the label is a known 统计表 row
    label: str
    unit: str | None
    value: Value
    cumulative: Value | None = None


@dataclass(slots=True)
class ExtraRow:
    """A row the format does not have (e.g. a subtotal row), kept as printed."""

    table: str
    label: str
    values: list[Value]
    line: int | None


@dataclass
class AnnualReport:
    format_version: str | None = None
    agency: str | None = None
    region: str | None = None
    year: int | None = None
    period: tuple[str, str] | None = None  # ISO dates
    published: str | None = None  # ISO date
    contact: dict[str, str] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    # table_a[row_key][column_key]; rows the report does not print are absent
    table_a: dict[str, dict[str, Value]] | None = None
    # table_b[row_key] → 7 values in catalog column order, or None when not printed
    table_b: dict[str, list[Value] | None] | None = None
    table_c: list[Value] | None = None  # 15 values, catalog.TABLE_C_KEYS order
    legacy: list[LegacyItem] | None = None
    extra_rows: list[ExtraRow] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    # the text outside the tables, row by row: (line, text)
    prose: list[tuple[int, str]] = field(default_factory=list)
    # the narrative by part: "intro" (before 一、) and the canonical section keys
    # ("overview", "problems", "other", …) → paragraphs separated by "\n"
    texts: dict[str, str] = field(default_factory=dict)
    # labels as printed, for rows and headers whose printed form may differ from the
    # statutory one: "table_a.normative_documents" → "规范性文件", "table_a.headers" → …
    labels: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # how each table was read: "grid" (cells as printed), "aligned" (some row labels
    # matched by similarity), "solved" (run-together digits split by the identities),
    # "partly unread" (some cells could not be read): {"A": "grid", "B": "solved", …}
    reading: dict[str, str] = field(default_factory=dict)
    meta_sources: dict[str, Source] = field(default_factory=dict)
    source: dict[str, object] = field(default_factory=dict)  # file, form, encoding

    def problem(self, code: str, message: str, path: str | None = None, line: int | None = None) -> None:
        self.problems.append(Problem(code, message, path, line))

    # Plain-number views, for checks and writers.
    def b(self, key: str) -> list[Number | None] | None:
        row = (self.table_b or {}).get(key)
        return None if row is None else [v.value for v in row]

    def c(self) -> list[Number | None] | None:
        return None if self.table_c is None else [v.value for v in self.table_c]

    def a(self, row: str, column: str) -> Number | None:
        cell = (self.table_a or {}).get(row, {}).get(column)
        return None if cell is None else cell.value

    def section(self, canonical: str) -> Section | None:
        return next((s for s in self.sections if s.canonical == canonical), None)

    def value_at(self, path: str) -> Value | None:
        """The value at a provenance path ("table_b.total.6", "table_a.fees.amount_10k_yuan",
        "table_c.4", "legacy.3.value"), or None where the report has none."""
        parts = path.split(".")
        try:
            if parts[0] == "table_a":
                return self.table_a[parts[1]][parts[2]]  # type: ignore[index]
            if parts[0] == "table_b":
                return self.table_b[parts[1]][int(parts[2])]  # type: ignore[index]
            if parts[0] == "table_c":
                return self.table_c[int(parts[1])]  # type: ignore[index]
            if parts[0] == "legacy":
                item = self.legacy[int(parts[1])]  # type: ignore[index]
                return item.value if parts[2] == "value" else item.cumulative
        except (KeyError, IndexError, TypeError, ValueError):
            return None
        return None

    def cells(self):
        """Every table value with its provenance path, in the order of the tables:
        ("table_a.fees.amount_10k_yuan", v), ("table_b.total.6", v), ("table_c.4", v),
        ("legacy.3.value", v)."""
        for row, cells in (self.table_a or {}).items():
            for col, v in cells.items():
                yield f"table_a.{row}.{col}", v
        for key, row in (self.table_b or {}).items():
            for i, v in enumerate(row or ()):
                yield f"table_b.{key}.{i}", v
        for i, v in enumerate(self.table_c or ()):
            yield f"table_c.{i}", v
        for i, item in enumerate(self.legacy or ()):
            yield f"legacy.{i}.value", item.value
            if item.cumulative is not None:
                yield f"legacy.{i}.cumulative", item.cumulative

    def numbers(self) -> dict[str, Number | None]:
        """Every printed cell's number by path (None where blank or unread); a row the
        report does not print has no paths here."""
        return {path: v.value for path, v in self.cells()}

    @property
    def format(self):
        """The report's `FormatVersion` (the current format where none was read); an
        unknown version is refused (ValueError), never read as another."""
        from .formats import format_of
        return format_of(self.format_version)

    def section_at(self, line: int | None) -> Section | None:
        """The section a line belongs to."""
        if line is None:
            return None
        return next((s for s in self.sections if s.start_line <= line <= s.end_line), None)


def number_text(n: Number | None) -> str:
    """A number as a person writes it: 3, 9116.36, 4166.214619 (never 4166.21 or 1e+06)."""
    if n is None:
        return ""
    if isinstance(n, float):
        return f"{n:.6f}".rstrip("0").rstrip(".") if n != int(n) else str(int(n)) if abs(n) < 1e15 else repr(n)
    return str(n)


def empty_table_b() -> dict[str, list[Value] | None]:
    return dict.fromkeys(TABLE_B_KEYS)


__all__ = [
    "AnnualReport", "ExtraRow", "number_text", "Figure", "LegacyItem", "Number", "Problem", "Section",
    "Source", "Value", "empty_table_b", "TABLE_B_KEYS", "TABLE_C_KEYS",
]
