"""Rows joined into one searchable string without white space, that still knows
the line and column every character came from. Line wraps in copied text vanish
("…编制台州\\n市科技局 2023年度…" reads "编制台州市科技局2023年度"), so phrases
can be matched with plain regular expressions. Punctuation stays as printed
(full-width or not): patterns over it list both forms.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..ingest.document import Cell, Row

_WHITE = re.compile(r"\s")


class Flat:
    __slots__ = ("text", "rows", "row_starts", "row_ends", "row_offsets", "_starts", "_cells", "_columns")

    def __init__(self, rows: list[Row], cell_separator: str = ""):
        parts: list[str] = []
        self._starts: list[int] = []  # where each cell's text begins
        self._cells: list[Cell] = []
        self.row_offsets: list[int] = []  # where each row begins
        self.row_ends: set[int] = set()
        offset = 0
        for row in rows:
            self.row_offsets.append(offset)
            for k, cell in enumerate(row.cells):
                if k and cell_separator:
                    parts.append(cell_separator)
                    offset += len(cell_separator)
                compact = "".join(cell.text.split())  # str.split's white space is \s
                self._starts.append(offset)
                self._cells.append(cell)
                parts.append(compact)
                offset += len(compact)
            self.row_ends.add(offset)
        self.text = "".join(parts)
        self._columns: dict[int, list[int]] = {}
        self.row_starts = set(self.row_offsets)
        self.rows = rows

    def where(self, offset: int) -> tuple[int, int]:
        """(line, column) of the character at `offset`."""
        i = bisect_right(self._starts, offset) - 1
        if i < 0:
            return (self.rows[0].line if self.rows else 1, 0)
        cell = self._cells[i]
        want = offset - self._starts[i]
        spaces = self._columns.get(i)
        if spaces is None:  # where the cell's white space is, once per cell (there is little of it)
            spaces = self._columns[i] = [m.start() for m in _WHITE.finditer(cell.text)]
        col = want
        for at in spaces:  # the want-th character that is not white space
            if at > col:
                break
            col += 1
        return cell.line, cell.column + min(col, len(cell.text))

    def line(self, offset: int) -> int:
        return self.where(offset)[0]

    def offset_of_row(self, index: int) -> int:
        return self.row_offsets[index] if index < len(self.row_offsets) else len(self.text)
