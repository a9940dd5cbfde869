"""The statutory format versions as data, and one address for every cell.

A `FormatVersion` knows, for its tables, the rows in order, the columns, the
identities (勾稽关系) and the printed-label variants; every other package asks it
(`fmt.rows("B")`, `fmt.width("C")`, `fmt.has_row("B", key)`, `fmt.identities`)
instead of testing a version name. A `CellRef` names one cell: table, row, column;
it parses and formats the provenance paths of the JSON model ("table_b.total.6")
and gives the cell's name for people ("表二 三（七）总计 · 总计").

Adding a revision of the format is adding one `FormatVersion` here (its rows come
from the catalog of labels).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from .catalog import (
    FORMAT_2019,
    FORMAT_2021,
    FORMAT_LEGACY,
    FORMAT_NOTICES,
    LEGACY_ROWS,
    TABLE_A_2019,
    TABLE_A_2019_MARKERS,
    TABLE_A_2021,
    TABLE_A_2021_MARKERS,
    TABLE_B_COLUMNS,
    TABLE_B_OTHER_2019_LABEL,
    TABLE_B_ROWS,
    TABLE_C_GROUPS,
    TABLE_C_OUTCOMES,
    Entry,
    LegacyRow,
    TableARow,
    TableBRow,
)

TABLE_NAMES = {"A": "表一", "B": "表二", "C": "表三", "legacy": "统计表"}
_PREFIX = {"A": "table_a", "B": "table_b", "C": "table_c", "legacy": "legacy"}
_TABLE_OF = {v: k for k, v in _PREFIX.items()}
B_WIDTH = len(TABLE_B_COLUMNS)
C_GROUP = len(TABLE_C_OUTCOMES)
C_WIDTH = len(TABLE_C_GROUPS) * C_GROUP


@dataclass(frozen=True, slots=True)
class CellRef:
    """One cell: table ("A", "B", "C", "legacy"), row (A/B: row key; legacy: item
    index; C: None), column (A: column key; B/C: index; legacy: "value"/"cumulative")."""

    table: str
    row: str | int | None
    column: str | int
    _path: str = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self):  # its path, made once: the reader asks for it by the thousand
        path = f"table_c.{self.column}" if self.table == "C" else f"{_PREFIX[self.table]}.{self.row}.{self.column}"
        object.__setattr__(self, "_path", path)

    @classmethod
    def parse(cls, path: str) -> CellRef:
        """"table_b.total.6" → CellRef("B", "total", 6). Raises ValueError."""
        parts = path.split(".")
        table = _TABLE_OF.get(parts[0])
        try:
            if table == "A" and len(parts) == 3:
                return cls("A", parts[1], parts[2])
            if table == "B" and len(parts) == 3:
                return cls("B", parts[1], int(parts[2]))
            if table == "C" and len(parts) == 2:
                return cls("C", None, int(parts[1]))
            if table == "legacy" and len(parts) == 3 and parts[2] in ("value", "cumulative"):
                return cls("legacy", int(parts[1]), parts[2])
        except ValueError:
            pass
        raise ValueError(f"不是单元格地址（not a cell address）：{path}")

    @property
    def path(self) -> str:
        return self._path

    @property
    def row_path(self) -> str:
        """The row's path ("table_b.total"; "table_c" for the one row of table C)."""
        return "table_c" if self.table == "C" else f"{_PREFIX[self.table]}.{self.row}"

    def __str__(self) -> str:
        return self.path


@functools.lru_cache(maxsize=8192)
def cell(table: str, row: str | int | None, column: str | int) -> CellRef:
    """The CellRef of a cell, made once (the reader names cells by the thousand)."""
    return CellRef(table, row, column)


def table_of(path: str) -> str | None:
    """The table a cell's or a row's path names: "table_b.total" → "B", "legacy.3" → "legacy"."""
    return _TABLE_OF.get(path.split(".", 1)[0])


@dataclass(frozen=True)
class Identity:
    """Σ plus = Σ minus over cells, e.g. 一 + 二 = （七）总计 + 四 for one column. The one
    statement of each 勾稽关系: the reader splits run-together digits by them, corrects
    OCR by them, and the checks report them failing."""

    rule: str  # the check rule that reports it failing
    plus: tuple[CellRef, ...]
    minus: tuple[CellRef, ...]
    # cells of rows the report does not print count as absent, not as unknown (（七）总计 =
    # the result rows printed: a 2019 report has one （六） row where 2021 has three)
    absent_rows: bool = False

    def sides(self, values: Mapping[str, int | float | None]) -> tuple[int | float, int | float] | None:
        """(Σ plus, Σ minus) over `values` (cell path → number; a path missing is a cell
        the report does not print), or None when a cell is blank or unread: an identity
        over a blank is undecided, never true or false."""
        out = []
        for refs in (self.plus, self.minus):
            total, present = 0, 0
            for ref in refs:
                path = ref.path
                if path not in values:
                    if self.absent_rows:
                        continue
                    return None
                v = values[path]
                if v is None:
                    return None
                total += v
                present += 1
            if not present:
                return None
            out.append(total)
        return out[0], out[1]

    def holds(self, values: Mapping[str, int | float | None]) -> bool | None:
        sides = self.sides(values)
        return None if sides is None else abs(sides[0] - sides[1]) < 1e-9

    @property
    def cells(self) -> tuple[CellRef, ...]:
        return (*self.plus, *self.minus)


@dataclass(frozen=True)
class FormatVersion:
    name: str
    title: str  # for people: "2021 年格式"
    notice: str
    years: tuple[int, int]  # the report years it is the format of
    table_a: tuple[TableARow, ...] = ()
    table_b: tuple[TableBRow, ...] = ()
    legacy: tuple[LegacyRow, ...] = ()
    # the label this version prints where it differs from the catalog's
    printed: dict[str, str] = field(default_factory=dict)
    markers: tuple[str, ...] = ()  # table-A column headers only this version prints

    # --- shape ------------------------------------------------------------------
    def rows(self, table: str) -> tuple[Entry, ...]:
        return {"A": self.table_a, "B": self.table_b, "legacy": self.legacy}.get(table, ())

    def row(self, table: str, key: str) -> Entry | None:
        return next((r for r in self.rows(table) if r.key == key), None)

    def has_row(self, table: str, key: str) -> bool:
        return self.row(table, key) is not None

    def columns(self, table: str, row: str | None = None) -> tuple[Entry, ...]:
        if table == "A":
            spec = self.row("A", row or "")
            return spec.columns if spec is not None else ()
        if table == "B":
            return TABLE_B_COLUMNS
        if table == "C":
            return tuple(o for _ in TABLE_C_GROUPS for o in TABLE_C_OUTCOMES)
        return ()

    def width(self, table: str, row: str | None = None) -> int:
        if table == "B":
            return B_WIDTH
        if table == "C":
            return C_WIDTH if self.name != FORMAT_LEGACY else 0
        return len(self.columns(table, row))

    def label(self, table: str, key: str) -> str:
        """A row's label as this version prints it."""
        if key in self.printed and table == "B":
            return self.printed[key]
        spec = self.row(table, key)
        return spec.label if spec is not None else key

    @property
    def result_keys(self) -> tuple[str, ...]:
        """Table B rows counted in （七）总计."""
        return tuple(r.key for r in self.table_b if r.level1 and r.key != "total")

    def cells(self) -> Iterator[CellRef]:
        """Every cell of the statutory tables A, B and C, in order."""
        for spec in self.table_a:
            for col in spec.columns:
                yield CellRef("A", spec.key, col.key)
        for spec in self.table_b:
            for i in range(B_WIDTH):
                yield CellRef("B", spec.key, i)
        if self.table_b:
            for i in range(C_WIDTH):
                yield CellRef("C", None, i)

    # --- identities ---------------------------------------------------------------
    @property
    def identities(self) -> tuple[Identity, ...]:
        return _identities(self)

    def cell_name(self, ref: CellRef) -> str:
        """The cell's name for people: "表二 三（四）1.本机关不掌握相关政府信息 · 自然人",
        "表一 行政规范性文件 · 本年制发件数", "表三 行政复议 · 结果维持"."""
        table = TABLE_NAMES[ref.table]
        if ref.table == "A":
            col = next((c for c in self.columns("A", str(ref.row)) if c.key == ref.column), None)
            return f"{table} {self.label('A', str(ref.row))} · {col.label if col else ref.column}"
        if ref.table == "B":
            spec = self.row("B", str(ref.row))
            label = self.label("B", str(ref.row))
            if spec is not None and spec.level2 and label == spec.label:
                # "（四）" + "1. 本机关不掌握相关政府信息"
                label = spec.level2[:spec.level2.index("）") + 1] + re.sub(r"^(\d+\.)", r"\1 ", label)
            if spec is not None and spec.level1:
                label = f"{spec.level1.split('、')[0]}{label}"
            label = label.split("（区分处理", 1)[0]
            return f"{table} {label} · {TABLE_B_COLUMNS[int(ref.column)].label}"
        if ref.table == "C":
            g, o = divmod(int(ref.column), C_GROUP)
            group = TABLE_C_GROUPS[g].label
            return f"{table} {group} · {TABLE_C_OUTCOMES[o].label}"
        return f"{table} 第{int(ref.row) + 1}项" + ("（累计）" if ref.column == "cumulative" else "")


def c_group(g: int) -> range:
    """The columns of table C's group g (0 行政复议, 1 未经复议直接起诉, 2 复议后起诉)."""
    return range(g * C_GROUP, (g + 1) * C_GROUP)


C_TOTALS = tuple(g * C_GROUP + C_GROUP - 1 for g in range(len(TABLE_C_GROUPS)))

_IDENTITY_CACHE: dict[str, tuple[Identity, ...]] = {}


def _identities(fmt: FormatVersion) -> tuple[Identity, ...]:
    cached = _IDENTITY_CACHE.get(fmt.name)
    if cached is not None:
        return cached
    out: list[Identity] = []
    if fmt.table_b:
        for spec in TABLE_B_ROWS:  # R3: 总计 = the six applicant columns (in any row printed, of any version)
            out.append(Identity("B-ROW-TOTAL", tuple(CellRef("B", spec.key, i) for i in range(B_WIDTH - 1)),
                                (CellRef("B", spec.key, B_WIDTH - 1),)))
        for i in range(B_WIDTH):  # R1 and R4, per column
            out.append(Identity("B-BALANCE", (CellRef("B", "new_received", i), CellRef("B", "carried_over", i)),
                                (CellRef("B", "total", i), CellRef("B", "carry_forward", i))))
            out.append(Identity("B-RESULTS-TOTAL", tuple(CellRef("B", k, i) for k in fmt.result_keys),
                                (CellRef("B", "total", i),), absent_rows=True))
        for g in range(len(TABLE_C_GROUPS)):  # R5
            cols = c_group(g)
            out.append(Identity("C-TOTAL", tuple(CellRef("C", None, i) for i in cols[:-1]),
                                (CellRef("C", None, cols[-1]),)))
    _IDENTITY_CACHE[fmt.name] = tuple(out)
    return _IDENTITY_CACHE[fmt.name]


FORMAT_2021_SPEC = FormatVersion(
    FORMAT_2021, "2021 年格式", FORMAT_NOTICES[FORMAT_2021], (2021, 9999),
    table_a=TABLE_A_2021, table_b=TABLE_B_ROWS, markers=TABLE_A_2021_MARKERS)
FORMAT_2019_SPEC = FormatVersion(
    FORMAT_2019, "2019 年格式（试行）", FORMAT_NOTICES[FORMAT_2019], (2019, 2020),
    table_a=TABLE_A_2019, table_b=tuple(r for r in TABLE_B_ROWS if FORMAT_2019 in r.versions),
    printed={"other_other": TABLE_B_OTHER_2019_LABEL}, markers=TABLE_A_2019_MARKERS)
FORMAT_LEGACY_SPEC = FormatVersion(
    FORMAT_LEGACY, "2019 年以前的统计表", FORMAT_NOTICES[FORMAT_LEGACY], (2008, 2018), legacy=LEGACY_ROWS)

FORMATS: dict[str, FormatVersion] = {f.name: f for f in (FORMAT_2021_SPEC, FORMAT_2019_SPEC, FORMAT_LEGACY_SPEC)}
DEFAULT = FORMAT_2021_SPEC


def format_of(name: str | None) -> FormatVersion:
    """The format version named `name` (the current one when None: no format was read).
    An unknown name is refused, never read as the current format."""
    if name is None or name == "":
        return DEFAULT
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"未知的年报格式“{name}”，应为 {'、'.join(FORMATS)} 之一（unknown format version）") from None


def format_for_year(year: int) -> FormatVersion:
    """The format a report of `year` should use."""
    for fmt in FORMATS.values():
        if fmt.years[0] <= year <= fmt.years[1]:
            return fmt
    return FORMAT_LEGACY_SPEC if year < FORMAT_LEGACY_SPEC.years[0] else DEFAULT


__all__ = ["CellRef", "cell", "FormatVersion", "Identity", "table_of", "FORMATS", "DEFAULT", "format_of", "format_for_year",
           "B_WIDTH", "C_WIDTH", "C_GROUP", "C_TOTALS", "TABLE_NAMES", "c_group"]
