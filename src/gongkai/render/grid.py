"""The statutory tables laid out once, as the format prints them: every header and
label cell with its span, every value cell with its address. The HTML, DOCX and
Markdown renderers, the terminal view and the web pages all draw from these grids;
none of them lays a table out on its own.

A `Grid` is rows of `GridCell`s; a row lists the cells that begin in it, left to
right, each with its place (`row`, `col`) and span. Kinds: "caption" (a group title
across the table, 表一's 第二十条第（X）项), "head" (column headers), "group" (a label
over several rows: 三、本年度办理结果, （三）不予公开), "label" (a row's own label),
"value" (a cell of the report, with its `path` and `Value`), "text" (a plain cell that
is not a figure of the report: the 统计表's units), "unprinted" (a row of the format the
report does not print; only when asked for).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..report.catalog import (
    LEGACY_HEADER,
    TABLE_A_HEADER,
    TABLE_B_APPLICANT_GROUP,
    TABLE_B_COLUMNS,
    TABLE_B_LEGAL_GROUP,
    TABLE_B_NOTE,
    TABLE_C_GROUPS,
    TABLE_C_LITIGATION,
    TABLE_C_OUTCOMES,
)
from ..report.formats import B_WIDTH, CellRef
from ..report.model import AnnualReport, Value
from .layout import a_spans, b_rows, cell_text, legacy_label_of

UNPRINTED = "未印出此行"


@dataclass(slots=True)
class GridCell:
    kind: str  # caption, head, group, label, value, text, unprinted
    text: str = ""  # a value cell: as printed ("" for a blank)
    rowspan: int = 1
    colspan: int = 1
    path: str | None = None  # value cells: the cell's address ("table_b.total.6")
    value: Value | None = None
    row: int = 0  # where the cell begins (set when the grid is complete)
    col: int = 0
    mark: str = ""  # free for a drawer (the web marks cells that findings name)

    @property
    def header(self) -> bool:
        """Drawn as a header cell (<th>): everything but the values."""
        return self.kind not in ("value", "text", "unprinted")

    @property
    def scope(self) -> str:
        """HTML's scope of a header cell."""
        return {"caption": "colgroup", "group": "rowgroup", "label": "row"}.get(self.kind) or \
            ("colgroup" if self.colspan > 1 else "col")

    @property
    def blank(self) -> bool:
        return self.kind == "value" and (self.value is None or self.value.value is None)


@dataclass
class Grid:
    table: str  # "A", "B", "C", "legacy"
    width: int  # columns
    labels: int  # columns of row labels at the left (the rest hold values)
    head: int  # header rows at the top (repeated on every page a table runs onto)
    rows: list[list[GridCell]] = field(default_factory=list)
    keep: list[tuple[int, int]] = field(default_factory=list)  # row ranges kept on one page

    def __post_init__(self):
        self.place()

    def place(self) -> None:
        """Give every cell its row and column, past the cells spanning down from above."""
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                cell.row, cell.col = r, c
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, c + dc))
                c += cell.colspan

    @property
    def head_rows(self) -> list[list[GridCell]]:
        return self.rows[:self.head]

    @property
    def body_rows(self) -> list[list[GridCell]]:
        return self.rows[self.head:]

    def cells(self):
        for row in self.rows:
            yield from row


def _value(path: str, v: Value | None, colspan: int = 1) -> GridCell:
    return GridCell("value", cell_text(v), colspan=colspan, path=path, value=v)


def table_a(r: AnnualReport, unprinted: bool = False) -> Grid:
    """表一: for each 第二十条 group, its caption, its column headers and its rows — the
    rows the report prints (every row of the format with `unprinted`)."""
    rows: list[list[GridCell]] = []
    caption = None
    printed = r.table_a or {}
    for spec in r.format.table_a:
        if spec.key not in printed and not unprinted:
            continue
        spans = a_spans(len(spec.columns))
        if spec.caption != caption:
            caption = spec.caption
            rows.append([GridCell("caption", caption, colspan=4)])
            rows.append([GridCell("head", TABLE_A_HEADER)] +
                        [GridCell("head", c.label, colspan=n) for c, n in zip(spec.columns, spans)])
        row = [GridCell("label", spec.label)]
        if spec.key in printed:
            row += [_value(CellRef("A", spec.key, c.key).path, printed[spec.key].get(c.key), n)
                    for c, n in zip(spec.columns, spans)]
        else:
            row.append(GridCell("unprinted", UNPRINTED, colspan=3))
        rows.append(row)
    return Grid("A", 4, 1, 0, rows)


def table_b(r: AnnualReport, unprinted: bool = False) -> Grid:
    """表二 with its three header rows and merged labels: 三、本年度办理结果 over all its
    rows, （三）不予公开 and the like over theirs; the 2019 single 其他处理 row across both."""
    cols = [c.label for c in TABLE_B_COLUMNS]
    rows = [[GridCell("head", TABLE_B_NOTE, rowspan=3, colspan=3), GridCell("head", TABLE_B_APPLICANT_GROUP, colspan=7)],
            [GridCell("head", cols[0], rowspan=2), GridCell("head", TABLE_B_LEGAL_GROUP, colspan=5),
             GridCell("head", cols[6], rowspan=2)],
            [GridCell("head", c) for c in cols[1:6]]]
    printed = r.table_b or {}
    body = b_rows(r, unprinted)
    spans1 = {}
    spans2 = {}
    for spec, _, level2 in body:
        if spec.level1:
            spans1[spec.level1] = spans1.get(spec.level1, 0) + 1
        if level2:
            spans2[level2] = spans2.get(level2, 0) + 1
    keep = []
    for spec, label, level2 in body:
        row: list[GridCell] = []
        if not spec.level1:
            row.append(GridCell("label", label, colspan=3))
        else:
            if spans1.get(spec.level1):
                keep.append((len(rows), len(rows) + spans1[spec.level1] - 1))
                row.append(GridCell("group", spec.level1, rowspan=spans1.pop(spec.level1)))
            if level2:
                if spans2.get(level2):
                    row.append(GridCell("group", level2, rowspan=spans2.pop(level2)))
                row.append(GridCell("label", label))
            else:
                row.append(GridCell("label", label, colspan=2))
        values = printed.get(spec.key)
        if values is None:
            row.append(GridCell("unprinted", UNPRINTED, colspan=B_WIDTH))
        else:
            row += [_value(CellRef("B", spec.key, i).path, v) for i, v in enumerate(values)]
        rows.append(row)
    return Grid("B", 3 + B_WIDTH, 3, 3, rows, keep)


def table_c(r: AnnualReport) -> Grid:
    """表三: 行政复议 and 行政诉讼 over its two groups, each with its five outcomes."""
    review, direct, after = (g.label for g in TABLE_C_GROUPS)
    outcomes = [o.label for o in TABLE_C_OUTCOMES]
    n = len(outcomes)
    rows = [[GridCell("head", review, colspan=n), GridCell("head", TABLE_C_LITIGATION, colspan=2 * n)],
            [GridCell("head", o, rowspan=2) for o in outcomes]
            + [GridCell("head", direct, colspan=n), GridCell("head", after, colspan=n)],
            [GridCell("head", o) for o in outcomes * 2],
            [_value(CellRef("C", None, i).path, v) for i, v in enumerate(r.table_c or [])]]
    return Grid("C", 3 * n, 0, 3, rows)


def legacy(r: AnnualReport) -> Grid:
    """The pre-2019 统计表: indicator, unit, figure."""
    rows = [[GridCell("head", h) for h in LEGACY_HEADER]]
    for i, item in enumerate(r.legacy or []):
        rows.append([GridCell("label", legacy_label_of(item)), GridCell("text", item.unit or "——"),
                     _value(CellRef("legacy", i, "value").path, item.value)])
    return Grid("legacy", 3, 1, 1, rows)


def grids(r: AnnualReport, unprinted: bool = False) -> dict[str, Grid]:
    """The report's tables, by table ("A", "B", "C", "legacy"): the ones it has."""
    out = {}
    if r.table_a is not None:
        out["A"] = table_a(r, unprinted)
    if r.table_b is not None:
        out["B"] = table_b(r, unprinted)
    if r.table_c is not None:
        out["C"] = table_c(r)
    if r.legacy is not None:
        out["legacy"] = legacy(r)
    return out


# --- a grid flattened (terminal, Markdown: no merged cells) ------------------------------

@dataclass
class Flat:
    """A run of a grid's rows under one caption and header, as a table without merged
    cells: columns that are merged in every row of the run are one column; each column
    has its headers, outermost first (a header over every value column, with more below
    it, says nothing of one and is left out); each body row has its cells by column — a
    merged label in the first row it covers, None below it."""

    caption: str
    note: str  # a header over several label columns (表二's 勾稽关系 note)
    labels: int  # label columns
    heads: list[list[str]]
    rows: list[list[GridCell | None]]


def flat(g: Grid) -> list[Flat]:
    """The grid as runs of rows, each under its caption and header."""
    runs: list[tuple[str, list, list]] = []
    caption, head, fresh = "", [], True  # fresh: a caption or header since the last body row
    for row in g.rows:
        if row[0].kind == "caption":
            caption, head, fresh = row[0].text, [], True
        elif all(c.kind == "head" for c in row):
            head = head if fresh else []
            head.append(row)
            fresh = True
        else:
            if fresh or not runs:
                runs.append((caption, head, []))
                fresh = False
            runs[-1][2].append(row)
    return [_flat(g, *run) for run in runs]


def _flat(g: Grid, caption: str, head: list[list[GridCell]], body: list[list[GridCell]]) -> Flat:
    cells = [c for row in head + body for c in row]
    cuts = sorted({0, g.width} | {c.col for c in cells} | {c.col + c.colspan for c in cells})
    starts = cuts[:-1]  # each kept column begins at a cut
    index = {col: i for i, col in enumerate(starts)}
    labels = sum(1 for col in starts if col < g.labels)
    heads: list[list[GridCell]] = [[] for _ in starts]
    note = ""
    for cell in (c for row in head for c in row):
        if cell.col < g.labels and cell.colspan > 1:
            note = cell.text
            continue
        for i, col in enumerate(starts):
            if cell.col <= col < cell.col + cell.colspan:
                heads[i].append(cell)
    covers: dict[int, set[int]] = {}
    for i, chain in enumerate(heads):
        for c in chain:
            covers.setdefault(id(c), set()).add(i)
    every = set(range(labels, len(starts)))
    # a header over every value column, with more below it, says nothing of one column
    heads = [[c for c in chain if c is chain[-1] or covers[id(c)] != every] for chain in heads]
    rows = []
    for row in body:
        flat_row: list[GridCell | None] = [None] * len(starts)
        for cell in row:
            flat_row[index[cell.col]] = cell
        rows.append(flat_row)
    return Flat(caption, note, labels, [[c.text for c in chain] for chain in heads], rows)
