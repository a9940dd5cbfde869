"""Rows folded into one searchable string without white space, that still knows
the line and column every character came from. Line wraps in copied text vanish
("…编制台州\\n市科技局 2023年度…" reads "编制台州市科技局2023年度"), so phrases
can be matched with plain regular expressions.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..ingest.document import Row
from ..report.catalog import WIDTH_FOLD

_RUN = re.compile(r"\S+")


class Flat:
    __slots__ = ("text", "_starts", "_where", "rows", "row_starts", "row_ends", "row_offsets")

    def __init__(self, rows: list[Row], cell_separator: str = ""):
        parts: list[str] = []
        starts: list[int] = []
        where: list[tuple[int, int]] = []
        offset = 0
        self.row_starts: set[int] = set()
        self.row_ends: set[int] = set()
        self.row_offsets: list[int] = []  # where each row begins
        for row in rows:
            self.row_starts.add(offset)
            self.row_offsets.append(offset)
            for k, cell in enumerate(row.cells):
                if k and cell_separator:
                    parts.append(cell_separator)
                    offset += len(cell_separator)
                norm = cell.text.translate(WIDTH_FOLD)  # same length: columns stay true
                for m in _RUN.finditer(norm):
                    starts.append(offset)
                    where.append((cell.line, cell.column + m.start()))
                    parts.append(m.group())
                    offset += m.end() - m.start()
            self.row_ends.add(offset)
        self.text = "".join(parts)
        self._starts = starts
        self._where = where
        self.rows = rows

    def where(self, offset: int) -> tuple[int, int]:
        """(line, column) of the character at `offset`."""
        i = bisect_right(self._starts, offset) - 1
        if i < 0:
            return (self.rows[0].line if self.rows else 1, 0)
        line, col = self._where[i]
        return line, col + offset - self._starts[i]

    def line(self, offset: int) -> int:
        return self.where(offset)[0]

    def row(self, offset: int) -> int:
        """Index of the row the character at `offset` belongs to."""
        return bisect_right(self.row_offsets, offset) - 1

    def offset_of_row(self, index: int) -> int:
        return self.row_offsets[index] if index < len(self.row_offsets) else len(self.text)
