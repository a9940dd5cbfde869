"""PDF → Document, through PDFium (pypdfium2).

PDFium's own page text already orders a text-layer PDF the way a reader copies it:
one line per visual line, cells separated by spaces, wrapped labels on their own
lines, vertical headers one character per line. That text feeds the same row
builder as copied text, so PDFs from Word, WPS, LibreOffice and browsers read the
same way. Character boxes are asked of PDFium only for what needs them — the values
the model keeps (page and box in the provenance) and the cells of a row whose
column must be found by position — because asking for every character costs
several times more than reading the text.

Copy-protected (owner-password) PDFs are read; a PDF without a text layer (a scan) is
recognised by OCR (`ocr.py`); one that needs a password to open, or a damaged one, is
refused with a message that names the problem.
"""

from __future__ import annotations

import pypdfium2 as pdfium

from ..errors import UnreadableInput
from .document import Document
from .text import build_rows

MIN_CHARS_PER_PAGE = 20  # fewer than this on average: a scan, not a text layer
MAX_PAGES = 2000  # an annual report, even a province's, has far fewer
MAX_CHARS = 5_000_000  # and far fewer characters: a long report has some 100,000
KEEP_PAGES = 16  # pages whose layout is kept while reading (the rest are read one at a time)


class PdfLocator:
    """Finds the page and box of text the extractor read, by (line, column)."""

    def __init__(self, pdf: pdfium.PdfDocument, spans: list[tuple[int, int]], heights: list[float],
                 textpages: dict[int, pdfium.PdfTextPage]):
        self.pdf = pdf
        self.spans = spans  # per document line: (page index, char index of the line's start)
        self.heights = heights
        self.textpages = textpages  # kept from reading: PDFium's layout analysis is the costly part

    def __call__(self, line: int, column: int, length: int) -> tuple[int, tuple[float, float, float, float]] | None:
        if not 0 < line <= len(self.spans) or length <= 0:
            return None
        page, start = self.spans[line - 1]
        if page < 0:
            return None
        tp = self.textpages.get(page)
        if tp is None:
            if len(self.textpages) >= KEEP_PAGES:  # the oldest page's layout goes
                self.textpages.pop(next(iter(self.textpages))).close()
            tp = self.textpages[page] = self.pdf[page].get_textpage()
        boxes = [tp.get_charbox(start + column + k) for k in range(length)]
        left = min(b[0] for b in boxes)
        right = max(b[2] for b in boxes)
        bottom = min(b[1] for b in boxes)
        top = max(b[3] for b in boxes)
        h = self.heights[page]
        # top-left origin, in points, as a reader of the page expects
        return page + 1, (round(left, 2), round(h - top, 2), round(right, 2), round(h - bottom, 2))


def read_pdf(data: bytes, name: str = "") -> Document:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        message = str(err).lower()
        if "password" in message:
            raise UnreadableInput("PDF 已加密，需要打开密码才能读取（password-protected PDF）") from err
        raise UnreadableInput(f"PDF 文件损坏，无法打开（damaged PDF: {err}）") from err
    lines: list[str] = []
    spans: list[tuple[int, int]] = []
    heights: list[float] = []
    chars = 0
    textpages: dict[int, pdfium.PdfTextPage] = {}
    if len(pdf) > MAX_PAGES:
        raise UnreadableInput(f"PDF 有 {len(pdf)} 页，超过 {MAX_PAGES} 页的上限，不像一份年报（too many pages）")
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            heights.append(page.get_height())
            tp = page.get_textpage()
            text = tp.get_text_range()
            if index < KEEP_PAGES:
                textpages[index] = tp  # kept for boxes: PDFium's layout analysis is the costly part
            else:  # one page at a time: a long PDF is never held whole
                tp.close()
                page.close()
            chars += len(text.strip())
            if chars > MAX_CHARS:
                raise UnreadableInput(f"PDF 的文字超过 {MAX_CHARS // 10000} 万字（读到第 {index + 1} 页），不像一份年报，"
                                      "已拒绝（too much text for an annual report）")
            pos = 0  # char index: PDFium counts each character of "\r\n" too
            for piece in text.split("\r\n"):
                sub = 0
                for part in piece.split("\n"):
                    lines.append(part)
                    spans.append((index, pos + sub))
                    sub += len(part) + 1
                pos += len(piece) + 2
            lines.append("")  # a page ends a row of text
            spans.append((-1, 0))
    except pdfium.PdfiumError as err:
        raise UnreadableInput(f"PDF 文件损坏，无法读取页面（damaged PDF: {err}）") from err
    if not len(pdf):
        raise UnreadableInput("PDF 没有页面（PDF with no pages）")
    if chars < MIN_CHARS_PER_PAGE * len(pdf):  # a scan: its pages are recognised by OCR
        for tp in textpages.values():
            tp.close()
        from .ocr import read_scanned_pdf
        return read_scanned_pdf(pdf)
    artifacts: list[tuple[int, str]] = []
    rows, shape = build_rows(lines, artifacts, False)
    for row in rows:
        for cell in row.cells:
            cell.page = spans[cell.line - 1][0] + 1
    doc = Document(lines=lines, rows=rows, artifacts=artifacts,
                   source={"form": "pdf", "encoding": None, "shape": shape, "pages": len(pdf)})
    doc.locate = PdfLocator(pdf, spans, heights, textpages)
    return doc
