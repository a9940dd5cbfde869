"""HTML → Document, with selectolax (Lexbor).

GBK/GB2312 pages are decoded as GB18030 (its superset). Tables become explicit rows
on the grid their rowspan/colspan describe: a cell spanning columns is one cell, a
cell spanning rows leaves an empty cell in the rows below (its label stands in the
first). Site navigation, scripts and styles are dropped; text blocks become lines.
A page that carries the report inside a script string (document.write, a JSON
field) is read from that string.
"""

from __future__ import annotations

import codecs
import json
import re

from selectolax.lexbor import LexborHTMLParser

from ..errors import UnreadableInput
from .document import Cell, Document, Row

_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "select", "button",
              "nav", "aside", "footer", "head")
_NAVISH = re.compile(r"(^|[-_\s])(nav|navbar|menu|sidebar|side-bar|breadcrumbs?|crumbs?|footer|copyright|share|"
                     r"toolbar|skip)([-_\s]|$)", re.I)
_BLOCK = frozenset(("p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
                    "dl", "dt", "dd", "blockquote", "pre", "center", "form", "fieldset", "header", "address",
                    "caption", "hr", "body", "html", "figure", "figcaption"))
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
_JS_STRING = re.compile(r'"((?:[^"\\]|\\.){200,})"|\'((?:[^\'\\]|\\.){200,})\'|`([^`]{200,})`', re.S)


def decode_html(data: bytes) -> tuple[str, str]:
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc.replace("-sig", "")
    m = _CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii").lower() if m else None
    if declared in ("gbk", "gb2312", "gb18030", "x-gbk", "cp936", "gb_2312-80"):
        return data.decode("gb18030", errors="replace"), "gb18030"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace"), "gb18030"


class _Builder:
    def __init__(self):
        self.lines: list[str] = []
        self.rows: list[Row] = []
        self.buf: list[str] = []

    def flush(self) -> None:
        text = re.sub(r"[ \t\r\n\u00a0]+", " ", "".join(self.buf)).strip()
        self.buf = []
        if text:
            self.lines.append(text)
            self.rows.append(Row([Cell(text, len(self.lines))]))

    def walk(self, root) -> None:
        """Depth first, with a stack of its own (pages nest deeper than Python recurses);
        a block element's text becomes its own line."""
        stack = [(root.iter(include_text=True), False)]  # (children left, flush when done)
        while stack:
            children, block = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if block:
                    self.flush()
                continue
            tag = child.tag or "!"  # a processing instruction (<?php … ?>) has none: dropped like a comment
            if tag == "-text":
                self.buf.append(child.text(deep=False) or "")
            elif tag in _DROP_TAGS or tag.startswith("!") or _navish(child):
                continue
            elif tag == "table":
                self.flush()
                self.table(child)
            elif tag == "br":
                self.flush()
            elif tag == "tr" or tag in _BLOCK:
                self.flush()
                stack.append((child.iter(include_text=True), True))
            else:
                stack.append((child.iter(include_text=True), False))

    def table(self, table) -> None:
        caption = table.css_first("caption")
        if caption is not None and _closest_table(caption) == table:
            self.buf.append(caption.text(deep=True, separator=" "))
            self.flush()
        pending: dict[int, int] = {}  # column → rows still covered by a rowspan above
        for tr in table.css("tr"):
            if _closest_table(tr) != table:
                continue  # a row of a nested table: read with its own table
            number = len(self.lines) + 1
            cells: list[Cell] = []
            col = 0
            offset = 0

            def covered():
                nonlocal col, offset
                while pending.get(col, 0) > 0:
                    pending[col] -= 1
                    cells.append(Cell("", number, offset))
                    offset += 1
                    col += 1

            for td in tr.iter():
                if td.tag not in ("td", "th"):
                    continue
                covered()
                text = re.sub(r"\s+", " ", td.text(deep=True, separator=" ", strip=True)).strip()
                cells.append(Cell(text, number, offset))
                offset += len(text) + 1
                span_c = _int(td.attributes.get("colspan"))
                span_r = _int(td.attributes.get("rowspan"))
                for k in range(span_c):
                    if span_r > 1:
                        pending[col + k] = span_r - 1
                col += span_c
            covered()
            self.lines.append("\t".join(c.text for c in cells))
            if any(c.text for c in cells):
                self.rows.append(Row(cells, explicit=True))


def _int(value) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except (TypeError, ValueError):
        return 1


def _closest_table(node):
    node = node.parent
    while node is not None and node.tag != "table":
        node = node.parent
    return node


def _navish(node) -> bool:
    attrs = node.attributes
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return bool(names.strip()) and bool(_NAVISH.search(names)) and node.css_first("table") is None


def _build(html: str) -> _Builder:
    tree = LexborHTMLParser(html)
    b = _Builder()
    root = tree.body or tree.root
    if root is not None:
        b.walk(root)
        b.flush()
    return b


def _unescape_js(literal: str, quote: str) -> str:
    if "\\" not in literal:
        return literal
    if quote == "'":
        literal = literal.replace("\\'", "'").replace('"', '\\"')
    try:
        return json.loads(f'"{literal}"')
    except ValueError:
        return literal


def _from_scripts(html: str) -> str | None:
    """HTML carried in script string literals (document.write, a JSON field, a portal's
    data script whose markup is one string with escaped quotes, \\n and \\u escapes), joined."""
    tree = LexborHTMLParser(html)
    found = []
    # a page's scripts; or, for a portal's data script (.js) among its variables, the file itself
    codes = [script.text(deep=True) or "" for script in tree.css("script")] or [html]
    for code in codes:
        if "公开" not in code and "\\u516c\\u5f00" not in code.lower():
            continue
        for m in _JS_STRING.finditer(code):
            quote = '"' if m.group(1) is not None else "'" if m.group(2) is not None else "`"
            text = _unescape_js(next(g for g in m.groups() if g is not None), quote)
            if "<" in text and ("公开" in text or "年度报告" in text):
                found.append(text)
    return "\n".join(found) or None


MAX_DEPTH = 2000  # elements inside elements: real pages stay far below (unclosed <font>s add up)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]{0,15})[^>]{0,2000}?(/?)>")
# elements that close themselves or are closed by the next of their kind
_NOT_NESTING = frozenset("area base br col colgroup embed hr img input link meta param source track wbr "
                         "p li td th tr option dt dd tbody thead tfoot rp rt".split())


def nesting(html: str) -> int:
    """How deep the page's elements nest (an estimate from its tags, in one pass)."""
    depth = deepest = 0
    for m in _TAG.finditer(html):
        name = m.group(2).lower()
        if name in _NOT_NESTING or m.group(3):
            continue
        depth = max(0, depth - 1) if m.group(1) else depth + 1
        deepest = max(deepest, depth)
    return deepest


def read_html(data: bytes) -> Document:
    html, encoding = decode_html(data)
    if nesting(html) > MAX_DEPTH:
        raise UnreadableInput(f"网页元素嵌套超过 {MAX_DEPTH} 层，不像一份年报的网页（HTML nested too deep）")
    try:
        return _read(html, encoding)
    except RecursionError as err:
        raise UnreadableInput("网页结构过于复杂，无法读取（HTML too deeply nested）") from err


def _read(html: str, encoding: str) -> Document:
    b = _build(html)
    text = "".join(b.lines)
    if not any(word in text for word in ("本年新收", "统计指标", "总体情况", "政府信息公开")):
        inner = _from_scripts(html)
        if inner:
            b = _build(inner)
    if not b.rows:
        raise UnreadableInput("网页中没有可读的文字（HTML page without text）")
    return Document(lines=b.lines, rows=b.rows, source={"form": "html", "encoding": encoding, "shape": "html"})
