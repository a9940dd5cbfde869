"""DOCX → Document.

Paragraphs become lines; each table row becomes one explicit row of cells, in
document order (so a table split in two simply continues, and a report after a
cover letter reads like any other). Merged cells resolve to the grid the way a
person sees it: a horizontally merged cell is one cell, the continuation of a
vertically merged cell is an empty cell (its label stands in the first row).

The document's lines are this rendering (a paragraph per line, a table row per
line with cells separated by tabs), so a value's provenance line points into it.

The package is inspected before it is parsed: archives that would expand
enormously (zip bombs) or lack word/document.xml are refused.
"""

from __future__ import annotations

import io
import zipfile

from ..errors import UnreadableInput
from .document import Cell, Document, Row

MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 5000
MAX_TEXT_XML = 10 * 1024 * 1024  # word/document.xml: a long report's is a few MB

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_package(data: bytes, required: str | None = "word/document.xml", label: str = "DOCX") -> None:
    """A zip package inspected before it is parsed: damaged, too many parts, a zip bomb,
    or (`required`) without its main part is refused, naming the form (`label`)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as err:
        raise UnreadableInput(f"{label} 文件损坏：不是有效的压缩包（damaged {label}: {err}）") from err
    if len(infos) > MAX_MEMBERS:
        raise UnreadableInput(f"{label} 文件异常：包含 {len(infos)} 个部件，已拒绝（too many parts）")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNPACKED or total / packed > MAX_RATIO and total > 10 * 1024 * 1024:
        raise UnreadableInput(f"{label} 文件异常：解压后达 {total / 1048576:.0f} MB（疑似压缩炸弹），已拒绝"
                              "（zip bomb refused）")
    if required is None:
        return
    document = next((i for i in infos if i.filename == required), None)
    if document is None:
        raise UnreadableInput("不是 DOCX 文档：压缩包中没有 word/document.xml（not a Word document）")
    if document.file_size > MAX_TEXT_XML:
        raise UnreadableInput(f"DOCX 文件异常：正文部分解压后达 {document.file_size / 1048576:.0f} MB，"
                              f"超过 {MAX_TEXT_XML // 1048576} MB 的上限，不像一份年报，已拒绝（document too large）")


def read_docx(data: bytes) -> Document:
    check_package(data)
    try:
        import docx  # python-docx
        body = docx.Document(io.BytesIO(data)).element.body
    except Exception as err:  # python-docx raises many kinds on a malformed package
        raise UnreadableInput(f"DOCX 文件损坏，无法解析（damaged DOCX: {type(err).__name__}）") from err
    lines: list[str] = []
    rows: list[Row] = []
    _walk(body, lines, rows)
    return Document(lines=lines, rows=rows, source={"form": "docx", "encoding": None, "shape": "docx"})


def _text(el) -> str:
    parts = []
    for node in el.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        else:
            parts.append(" ")
    return "".join(parts)


def _walk(parent, lines: list[str], rows: list[Row]) -> None:
    for el in parent.iterchildren():
        tag = el.tag
        if tag == f"{_W}p":
            text = _text(el).strip()
            lines.append(text)
            if text:
                rows.append(Row([Cell(text, len(lines))]))
        elif tag == f"{_W}tbl":
            _table(el, lines, rows)
        elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"):
            _walk(el, lines, rows)


def _table(tbl, lines: list[str], rows: list[Row]) -> None:
    for tr in tbl.iterchildren(f"{_W}tr"):
        number = len(lines) + 1
        cells: list[Cell] = []
        column = 0
        for tc in tr.iterchildren(f"{_W}tc"):
            props = tc.find(f"{_W}tcPr")
            merged = props.find(f"{_W}vMerge") if props is not None else None
            continued = merged is not None and merged.get(f"{_W}val", "continue") == "continue"
            nested = tc.find(f"{_W}tbl")
            if nested is not None:  # a table inside a cell: read it as rows of its own
                _table(nested, lines, rows)
                number = len(lines) + 1
            text = "" if continued else " ".join(
                t for p in tc.iterchildren(f"{_W}p") if (t := _text(p).strip()))
            cells.append(Cell(text, number, column))
            column += len(text) + 1
        lines.append("\t".join(c.text for c in cells))
        if cells:
            rows.append(Row(cells, explicit=True))
