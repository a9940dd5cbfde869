"""OFD (GB/T 33190, the national format for fixed-layout documents) → Document, read
natively: the package's OFD.xml names the document, the document its pages in order,
each page's content its text objects — each with a boundary, a size, and text codes at
positions. The text objects become words with page and box (`positioned.py`), so a
value read from an OFD points at its place on the page as one read from a PDF does.
Positions are in millimetres in the file, points in the model.
"""

from __future__ import annotations

import io
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile

from ..errors import UnreadableInput
from .document import Document
from .positioned import Word, build_document

MM = 72 / 25.4  # points per millimetre
MAX_PAGES = 2000
MAX_PART = 20 * 1024 * 1024  # one page's content: a long page's is some 100 KB


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el, name: str):
    return [c for c in el if _local(c.tag) == name]


def _find(el, *path: str):
    for name in path:
        el = next((c for c in el if _local(c.tag) == name), None)
        if el is None:
            return None
    return el


def _numbers(text: str | None) -> list[float]:
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?(?:[eE]-?\d+)?", text or "")]


def _deltas(text: str | None) -> list[float]:
    """DeltaX/DeltaY with OFD's "g N d" shorthand (N times the advance d) expanded."""
    tokens, out, i = (text or "").split(), [], 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            out += [float(tokens[i + 2])] * int(float(tokens[i + 1]))
            i += 3
        else:
            out.append(float(tokens[i]))
            i += 1
    return out


class _Package:
    def __init__(self, data: bytes):
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
            self.names = {n.lower(): n for n in self.zf.namelist()}
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as err:
            raise UnreadableInput(f"OFD 文件损坏：不是有效的压缩包（damaged OFD: {err}）") from err

    def xml(self, path: str):
        name = self.names.get(path.lstrip("/").lower())
        if name is None:
            raise UnreadableInput(f"OFD 文件不完整：缺少 {path}（damaged OFD: missing part）")
        if self.zf.getinfo(name).file_size > MAX_PART:
            raise UnreadableInput(f"OFD 文件异常：{path} 过大，已拒绝（part too large）")
        try:
            return ET.fromstring(self.zf.read(name))
        except (ET.ParseError, zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as err:
            raise UnreadableInput(f"OFD 文件损坏：{path} 无法解析（damaged OFD: {err}）") from err


def _words(content, page: int) -> list[Word]:
    words = []
    for obj in content.iter():
        if _local(obj.tag) != "TextObject":
            continue
        bx, by, *_ = _numbers(obj.get("Boundary")) + [0.0, 0.0]
        size = (_numbers(obj.get("Size")) or [3.5])[0]
        a, b, c, d, e, f = (_numbers(obj.get("CTM")) + [0.0] * 6)[:6] if obj.get("CTM") else (1, 0, 0, 1, 0, 0)
        scale = (a * a + b * b) ** 0.5 or 1.0
        for code in _children(obj, "TextCode"):
            text = code.text or ""
            if not text.strip():
                continue
            x, y = float(code.get("X", 0)), float(code.get("Y", 0))
            advances = _deltas(code.get("DeltaX"))
            width = sum(advances[:len(text) - 1]) + size if advances else size * len(text)
            left, base = a * x + c * y + e, b * x + d * y + f
            h = size * scale
            box = (bx + left, by + base - 0.88 * h, bx + left + width * scale, by + base + 0.12 * h)
            words.append(Word(text.strip(), page, tuple(v * MM for v in box)))
    return words


def read_ofd(data: bytes) -> Document:
    pkg = _Package(data)
    root = pkg.xml("OFD.xml")
    doc_root = _find(root, "DocBody", "DocRoot")
    if doc_root is None or not (doc_root.text or "").strip():
        raise UnreadableInput("OFD 文件不完整：OFD.xml 未指明文档（damaged OFD: no DocRoot）")
    doc_path = doc_root.text.strip().lstrip("/")
    document = pkg.xml(doc_path)
    base = posixpath.dirname(doc_path)
    pages = _find(document, "Pages")
    entries = _children(pages, "Page") if pages is not None else []
    if not entries:
        raise UnreadableInput("OFD 文件没有页面（OFD with no pages）")
    if len(entries) > MAX_PAGES:
        raise UnreadableInput(f"OFD 有 {len(entries)} 页，超过 {MAX_PAGES} 页的上限，不像一份年报（too many pages）")

    def pages_words():
        for number, entry in enumerate(entries, 1):
            loc = entry.get("BaseLoc", "")
            path = loc.lstrip("/") if loc.startswith("/") else posixpath.normpath(posixpath.join(base, loc))
            yield _words(pkg.xml(path), number)

    doc = build_document(pages_words(), "ofd")
    if not any(line.strip() for line in doc.lines):
        raise UnreadableInput("OFD 中没有文字，可能是扫描件图片（OFD without text）")
    return doc


__all__ = ["read_ofd"]
