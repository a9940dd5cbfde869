"""Plain text → Document: the encoding detected (UTF-8 with or without BOM,
GB18030/GBK, UTF-16/32), artifacts removed, and rows of cells rebuilt from the
shapes copied text takes: tab-separated rows, one cell per line (DOCX exports, rows
separated by blank lines), or plain lines.
"""

from __future__ import annotations

import codecs
import re

from ..errors import UnreadableInput
from .document import Cell, Document, Row

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Word's hidden bookmarks and similar markers that text exports leave in the middle.
_ARTIFACT = re.compile(r"\[bookmark: [^\]]*\]|\[(?:image|picture|图片)[^\]]*\]|[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ARTIFACT_CHAR = re.compile("[\\[\u200b\u200c\u200d\u2060\ufeff\u00ad]").search  # where an artifact may begin
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-－—–]\s*\d{1,3}\s*[-－—–]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MD_RULE = re.compile(r"^\s*:?-{3,}:?\s*$")
_MD_MARK = re.compile(r"^#{1,6}\s+|^\*\*|\*\*$")  # Markdown heading marks and bold
_BARE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_NUMBERISH = frozenset("0123456789０１２３４５６７８９-－—–第+")
_DASHES = frozenset("-－—–")
_PAGE_TAIL = re.compile(r"^\s*\d{1,3}\s*[-－—–]\s*$")
_LONE_NUMBER = re.compile(r"^\s*[+-]?\d[\d,]*(?:\.\d+)?\s*$")


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding). Raises UnreadableInput for empty or binary data."""
    if not data.strip():
        raise UnreadableInput("文件为空（empty file）")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data, encoding), encoding.replace("-sig", "")
    head = data[:4096]
    if head.count(0):
        # UTF-16 without a BOM: ASCII characters leave a NUL byte on one side.
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise UnreadableInput("不是文本文件：含有二进制数据（binary data, not text）")
        return _checked(data, encoding), encoding
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        _refuse_binary(text)
        return text, encoding
    raise UnreadableInput("无法识别文本编码：既不是 UTF-8 也不是 GB18030/GBK（unknown encoding）")


def _plausible(text: str) -> float:
    """Share of characters that occur in report text: CJK, ASCII, CJK punctuation."""
    if not text:
        return 0.0
    good = sum(1 for ch in text if ch.isprintable() or ch in "\t\n\r")
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
              or "\uff00" <= ch <= "\uffef" or " " <= ch <= "~" or ch in "\t\n\r")
    return min(good, cjk) / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:8192]
    sample = sample[:len(sample) - len(sample) % 2]
    best, best_score = None, 0.0
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            score = _plausible(sample.decode(encoding))
        except UnicodeDecodeError:
            continue
        if score > best_score:
            best, best_score = encoding, score
    return best if best_score >= 0.95 else None


def _checked(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise UnreadableInput(f"文本编码损坏：按 {encoding} 解码失败（corrupt {encoding}）") from err
    _refuse_binary(text)
    return text


def _refuse_binary(text: str) -> None:
    sample = text[:20000]
    controls = len(_CONTROL.findall(sample))
    if controls > max(2, len(sample) // 200):
        raise UnreadableInput("不是文本文件：含有大量控制字符（binary data, not text）")


def read_text(data: bytes | str) -> Document:
    """Bytes or str → Document."""
    if isinstance(data, bytes):
        text, encoding = decode(data)
    else:
        text, encoding = data, None
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    artifacts: list[tuple[int, str]] = []
    lines = text.split("\n")
    if _ARTIFACT_CHAR(text) and _ARTIFACT.search(text):
        for i, line in enumerate(lines):
            if _ARTIFACT.search(line):
                artifacts.append((i + 1, line))
                lines[i] = _ARTIFACT.sub("", line)
    rows, shape = build_rows(lines, artifacts, "\t" in text)
    return Document(lines=lines, rows=rows, artifacts=artifacts,
                    source={"form": "text", "encoding": encoding, "shape": shape})


def build_rows(lines: list[str], artifacts: list[tuple[int, str]], has_tabs: bool) -> tuple[list[Row], str]:
    """Rebuild rows of cells from text lines. Returns the rows and the shape seen
    ("plain", "tabbed", "cell-per-line" or a mix joined by "+")."""
    rows: list[Row] = []
    block: Row | None = None  # the cell-per-line row being built
    shapes: set[str] = set()
    n = len(lines)
    skip_next = False
    for i, line in enumerate(lines):
        number = i + 1
        if skip_next and line.strip():
            skip_next = False
            continue
        if not line or (line.isspace() and not (line.startswith("\t") and line.count("\t") == 1)):
            block = None  # a blank line ends a row; a lone tab is an empty cell
            continue
        if line.startswith("|") and line.rstrip().endswith("|"):
            # a Markdown table row; its |---| rule is no row at all
            block = None
            parts = line.rstrip()[1:-1].split("|")
            if all(_MD_RULE.match(p) for p in parts):
                continue
            cells, col = [], 1
            for part in parts:
                cells.append(Cell(part.strip(), number, col + _lead(part)))
                col += len(part) + 1
            rows.append(Row(cells, explicit=True))
            shapes.add("markdown")
            continue
        if "\t" in line:
            body = line.lstrip("\t")
            if line.startswith("\t") and "\t" not in body.rstrip("\t") and line.count("\t") == 1:
                # one cell on its own line: part of a block that ends at a blank line
                cell = Cell(body.strip(), number, len(line) - len(body) + _lead(body))
                if block is None:
                    block = Row([cell], explicit=True)
                    rows.append(block)
                else:
                    block.cells.append(cell)
                shapes.add("cell-per-line")
                continue
            block = None
            cells, col = [], 0
            for part in line.split("\t"):
                cells.append(Cell(part.strip(), number, col + _lead(part)))
                col += len(part) + 1
            rows.append(Row(cells, explicit=True))
            shapes.add("tabbed")
            continue
        if block is not None:
            # a line without a tab right after a cell: the cell's text wrapped
            block.cells.append(Cell(line.strip(), number, _lead(line)))
            continue
        text = _MD_MARK.sub("", line.strip()) if line[:1] in "#*" else line.strip()
        if not text:
            continue
        lone = False
        if text in _DASHES and i + 1 < n and _PAGE_TAIL.match(lines[i + 1]):
            # a page number "— 3 —" broken over two lines by the PDF's text layer
            artifacts += [(number, line), (number + 1, lines[i + 1])]
            skip_next = True
            continue
        if text[0] in _NUMBERISH:
            if _PAGE_NUMBER.match(line) or (
                    has_tabs and _BARE_NUMBER.match(line)
                    and (i == 0 or not lines[i - 1].strip()) and (i + 1 >= n or not lines[i + 1].strip())):
                artifacts.append((number, line))
                continue
            lone = bool(_LONE_NUMBER.match(line))
        rows.append(Row([Cell(text, number, len(line) - len(line.lstrip()))], lone_number=lone))
        shapes.add("plain")
    order = ("plain", "tabbed", "cell-per-line", "markdown")
    return rows, "+".join(s for s in order if s in shapes) or "empty"


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip())
