"""The Document every reader produces: numbered lines, and the same content as rows
of cells, each cell knowing where it was read (line, column; page and box for PDF).

`explicit` rows come from a real cell structure (tab-separated text, one cell per
line, DOCX/HTML/PDF tables): there an empty cell is a blank cell. In plain rows
(text copied from a PDF) cells are only separated by spaces and a blank cell
leaves no trace.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(slots=True)
class Cell:
    text: str
    line: int  # 1-based
    column: int = 0  # 0-based offset of the text in its line
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    explicit: bool = False
    lone_number: bool = False  # a plain line holding one number only (maybe a page number)
    _text: str | None = None

    @property
    def line(self) -> int:
        return self.cells[0].line

    @property
    def text(self) -> str:
        """The cells' text joined (cached: rows are complete once read)."""
        if self._text is None:
            self._text = "".join(c.text for c in self.cells)
        return self._text


@dataclass
class Document:
    lines: list[str]
    rows: list[Row]
    source: dict[str, object] = field(default_factory=dict)  # file, form, encoding, shape
    artifacts: list[tuple[int, str]] = field(default_factory=list)  # (line, what was dropped)
    # for PDF: (line, column, length) → (page, bbox) of text the extractor read
    locate: Callable[[int, int, int], tuple[int, tuple[float, float, float, float]] | None] | None = None

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""
