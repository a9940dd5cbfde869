"""Words with positions on a page → Document: the one builder for forms that give text
as placed pieces rather than as lines — an OFD's text objects, the words an OCR engine
recognised. Pieces are grouped into visual lines (by the middle of their height), a
line's pieces ordered left to right, joined without a space where they touch (one
cell's characters) and with one where a gap separates them (two cells); the lines then
go through the same row builder as a PDF's text. Every piece keeps its page, box and —
for OCR — its confidence: `Document.locate` answers the box of any text read, and
`PositionedText.confidence` the lowest confidence of the pieces it came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .document import Document
from .text import build_rows

Box = tuple[float, float, float, float]
_FOLIO = re.compile(r"^[-－—–一_~·•.\s]*(?:第?\s*\d{1,3}\s*页?(?:\s*[/共]\s*\d{1,3}\s*页?)?)[-－—–一_~·•.\s]*$").match  # left, top, right, bottom; points, top-left origin


@dataclass(slots=True)
class Word:
    text: str
    page: int  # 1-based
    box: Box
    confidence: float | None = None  # OCR: the engine's, 0–1; None for text that was typed
    printed: str | None = None  # OCR: the engine's reading, where a look-alike was read as a digit


@dataclass(slots=True)
class _Piece:
    column: int
    word: Word


class PositionedText:
    """Finds, for text the extractor read at (line, column, length), the pieces it came
    from: their page and box (`locate`), their confidence and reading (`reading`)."""

    def __init__(self, placed: list[list[_Piece]]):
        self.placed = placed  # per document line: its pieces in order

    def pieces(self, line: int, column: int, length: int) -> list[Word]:
        if not 0 < line <= len(self.placed) or length <= 0:
            return []
        end = column + length
        return [p.word for p in self.placed[line - 1]
                if p.column < end and p.column + len(p.word.text) > column]

    def __call__(self, line: int, column: int, length: int) -> tuple[int, Box] | None:
        words = self.pieces(line, column, length)
        if not words:
            return None
        page = words[0].page
        boxes = [w.box for w in words if w.page == page]
        return page, (round(min(b[0] for b in boxes), 2), round(min(b[1] for b in boxes), 2),
                      round(max(b[2] for b in boxes), 2), round(max(b[3] for b in boxes), 2))

    def reading(self, line: int, column: int, length: int) -> tuple[float | None, str | None]:
        """(lowest confidence, the engine's own reading where it differs) of the text."""
        words = self.pieces(line, column, length)
        confidences = [w.confidence for w in words if w.confidence is not None]
        printed = [w.printed for w in words if w.printed is not None]
        return (min(confidences) if confidences else None), (" ".join(printed) if printed else None)


def _lines(words: list[Word]) -> list[list[Word]]:
    """One page's words as visual lines, top to bottom, each left to right. A small piece
    (a comma, the stroke of 一) joins the line whose height holds its middle."""
    ordered = sorted(words, key=lambda w: (w.box[1] + w.box[3]) / 2)
    lines: list[list[Word]] = []
    middle = height = 0.0
    for w in ordered:
        mid, h = (w.box[1] + w.box[3]) / 2, max(w.box[3] - w.box[1], 1.0)
        if lines and (abs(mid - middle) <= 0.5 * min(height, h) or h < 0.6 * height and abs(mid - middle) <= height):
            lines[-1].append(w)
            if h >= 0.6 * height:  # a small piece does not move the line
                n = len(lines[-1])
                middle += (mid - middle) / n
                height += (h - height) / n
        else:
            lines.append([w])
            middle, height = mid, h
    return [sorted(line, key=lambda w: w.box[0]) for line in lines]


def build_document(pages: Iterable[list[Word]], form: str, source: dict | None = None) -> Document:
    """Pages of words → Document, each line's pieces placed so that `locate` finds them."""
    lines: list[str] = []
    placed: list[list[_Piece]] = []
    count = 0
    artifacts: list[tuple[int, str]] = []
    for words in pages:
        count += 1
        page_lines = _lines(words)
        if page_lines and _FOLIO("".join(w.text for w in page_lines[-1])):
            # the page's last line is its number ("— 3 —", which OCR may read as "13—")
            artifacts.append((len(lines) + len(page_lines), " ".join(w.text for w in page_lines[-1])))
            page_lines[-1] = []
        for line_words in page_lines:
            text, pieces = "", []
            prev: Word | None = None
            for w in line_words:
                if prev is not None:
                    gap = w.box[0] - prev.box[2]
                    size = max(prev.box[3] - prev.box[1], w.box[3] - w.box[1])
                    figures = prev.text[-1:].isascii() and w.text[:1].isascii()
                    if gap > (0.25 if figures else 0.8) * size or w.confidence is not None:
                        # a gap between figures (two cells), a wide one between words; an
                        # OCR engine's words are apart by nature. A narrow glyph (，1 一)
                        # leaves a gap inside a sentence, which is no space.
                        text += " "
                pieces.append(_Piece(len(text), w))
                text += w.text
                prev = w
            lines.append(text)
            placed.append(pieces)
        lines.append("")  # a page ends a row of text
        placed.append([])
    rows, shape = build_rows(lines, artifacts, False)
    for row in rows:
        for cell in row.cells:
            first = placed[cell.line - 1]
            cell.page = first[0].word.page if first else None
    doc = Document(lines=lines, rows=rows, artifacts=artifacts,
                   source={"form": form, "encoding": None, "shape": shape, "pages": count, **(source or {})})
    doc.locate = PositionedText(placed)
    return doc


__all__ = ["Box", "PositionedText", "Word", "build_document"]
