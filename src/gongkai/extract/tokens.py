"""Rows of cells → tokens (label text, numbers, blank cells) → records.

A record is a label followed by the values printed after it. That one shape covers
every table a report prints, whatever the copy did to it: labels wrapped over
several lines or printed one character per line join into one label; values
may follow on the same line, the next line, or their own cells.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..ingest.document import Row
from ..report.catalog import fold
from ..report.model import Source, Value

TEXT, NUM, NULL = 0, 1, 2

# Cell contents that stand for "no number" and are kept as printed.
NULL_MARKS = frozenset({"/", "／", "\\", "-", "－", "—", "——", "–", "无", "空", "×"})
_UNIT = r"(?:万元|元|件|条|个|人次|人|次|项|份|篇|笔)"  # 笔: 政府集中采购 "2笔 984361元"
_NUM = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?" + _UNIT + "?")
_WORD = re.compile(r"\S+")
_DIGIT = re.compile(r"\d").search
_MARK_CHAR = re.compile("[" + re.escape("".join(sorted(set("".join(NULL_MARKS))))) + "]").search
_INT = re.compile(r"\d+")
# "（七）总计 2 0 0 0 1 0 3", "1.属于国家秘密 0 0 0 0 0 0 0", "0 0 0"
_SIMPLE = re.compile(r"((?:\d{1,2}[.、．]\s*)?[^\d\s][^\d]*?)?\s*(?<!\S)(\d+(?:\s+\d+)*)").fullmatch
# a NULL mark standing as a chunk of its own
_MARK = re.compile(r"(?:^|\s)(?:" + "|".join(map(re.escape, sorted(NULL_MARKS, key=len, reverse=True))) + r")(?:\s|$)").search


@dataclass(slots=True)
class Token:
    kind: int
    text: str
    line: int
    column: int
    value: int | float | None = None
    weak: bool = False  # from a line holding a lone number: maybe a page number
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None

    def source(self) -> Source:
        return Source(self.line, self.column, self.text, self.page, self.bbox)

    def to_value(self) -> Value:
        return Value(self.value, self.text, self.source())


def parse_number(text: str) -> int | float:
    if text.isascii() and text.isdigit():  # the common case: plain ASCII digits
        return int(text)
    text = unicodedata.normalize("NFKC", text).replace(",", "").rstrip("万元件条个人次项份篇笔")
    return float(text) if "." in text else int(text)


def tokenize(row: Row) -> list[Token]:
    out: list[Token] = []
    for cell in row.cells:
        text = cell.text
        if not text:
            if row.explicit:
                out.append(Token(NULL, "", cell.line, cell.column, None, False, cell.page, cell.bbox))
            continue
        if not (_MARK_CHAR(text) and _MARK(text)):
            # fast paths: a label cell; or a label then whole numbers separated by spaces
            line, col, page, bbox = cell.line, cell.column, cell.page, cell.bbox
            m = _SIMPLE(text) if _DIGIT(text) and not _LONG_RUN(text) else None
            if m or not _DIGIT(text):
                label_end = m.start(2) if m else len(text)
                for w in _WORD.finditer(text, 0, label_end):
                    out.append(Token(TEXT, w.group(), line, col + w.start(), None, False, page, bbox))
                if m:
                    for n in _INT.finditer(text, m.start(2)):
                        digits = n.group()
                        out.append(Token(NUM, digits, line, col + n.start(), int(digits), False, page, bbox))
                continue
        for m in _WORD.finditer(text):
            _chunk(m.group(), cell.line, cell.column + m.start(), out, cell.page, cell.bbox)
    if row.lone_number:
        for t in out:
            t.weak = True
    return out


def _chunk(chunk: str, line: int, col: int, out: list[Token], page, bbox) -> None:
    if _LONG_RUN(chunk):  # no count has hundreds of digits: text, not numbers (and no int() of it)
        out.append(Token(TEXT, chunk, line, col, None, False, page, bbox))
        return
    if chunk.isdecimal():
        out.append(Token(NUM, chunk, line, col, int(chunk), False, page, bbox))
        return
    if _NUM.fullmatch(chunk):
        out.append(Token(NUM, chunk, line, col, parse_number(chunk), False, page, bbox))
        return
    if chunk in NULL_MARKS:
        out.append(Token(NULL, chunk, line, col, None, False, page, bbox))
        return
    if _LABEL_ONLY(chunk):  # "1.属于国家秘密", "（三）不予公开": a label and no number
        out.append(Token(TEXT, chunk, line, col, None, False, page, bbox))
        return
    if _MARKS_ONLY(chunk):  # "///": a blank mark per cell
        for k, ch in enumerate(chunk):
            out.append(Token(NULL, ch, line, col + k, None, False, page, bbox))
        return
    if "——" in chunk:  # a heading row's "no unit" run into the labels around it
        at = 0
        for piece in chunk.split("——"):
            if at:
                out.append(Token(NULL, "——", line, col + at - 2, None, False, page, bbox))
            if piece:
                _chunk(piece, line, col + at, out, page, bbox)
            at += len(piece) + 2
        return
    # text and digits run together ("规章000行政规范性文件8855698第二十条…"): numbers are
    # cut out of the text, except digits that belong to a label
    text_from = 0
    for m in _SPAN.finditer(chunk):
        s, e = m.span()
        kind = _digit_kind(chunk, s, e)
        if kind == TEXT:
            continue
        if kind == ENUM:  # the last digit numbers the next label: "00000002.其他法律…"
            e -= 1
            if e == s:
                continue
        if s > text_from:
            out.append(Token(TEXT, chunk[text_from:s], line, col + text_from, None, False, page, bbox))
        digits = chunk[s:e]
        out.append(Token(NUM, digits, line, col + s, parse_number(digits), False, page, bbox))
        text_from = e
    if text_from < len(chunk):
        out.append(Token(TEXT, chunk[text_from:], line, col + text_from, None, False, page, bbox))


ENUM = 3  # a digit that numbers a label, not a value
MAX_RUN = 200  # digits run together: a table's row holds far fewer
_LONG_RUN = re.compile(rf"\d{{{MAX_RUN + 1}}}").search
# a minus sign right after digits starts a negative number ("807-3123": 本年增/减 −3), as
# does one right after a label ("行政事业性收费-1.5")
_SPAN = re.compile(r"(?:(?:(?<=\d)|(?<=[\u4e00-\u9fff])|^)-)?\d+(?:,\d{3})*(?:\.\d+)?(?:万元|元|笔)?")
_LABEL_ONLY = re.compile(r"(?:[1-9][.、．])?[^\d/／\\—]+").fullmatch
_MARKS_ONLY = re.compile(r"[/／\\]{2,}").fullmatch
_ENUM_PUNCT = frozenset(".、．")
_OPENERS, _CLOSERS = "（(", "）)"
_TEXT_BEFORE = ("附件", "第", "表", "图")
_TEXT_AFTER = frozenset("：:%％)）]】>")


def _digit_kind(chunk: str, s: int, e: int) -> int:
    """Whether the digits chunk[s:e] are a number (NUM), part of the text around
    them (TEXT: a year, 附件1, a note in brackets), or end with a label's number (ENUM)."""
    after = chunk[e:e + 1]
    if after in _ENUM_PUNCT and not chunk[e + 1:e + 2].isdigit() and "." not in chunk[s:e]:
        return ENUM
    if after and (after in _TEXT_AFTER or after == "年" and e - s == 4 and chunk[s:s + 2] in ("19", "20")):
        return TEXT
    if chunk.endswith(_TEXT_BEFORE, 0, s):
        return TEXT
    # inside a bracketed note: "（不同渠道和方式公开相同信息计1条）"
    if "（" not in chunk and "(" not in chunk:
        return NUM
    start = max(0, s - 40)
    opened = max(chunk.rfind("（", start, s), chunk.rfind("(", start, s))
    if opened >= 0 and chunk.rfind("）", opened, s) < 0 and chunk.rfind(")", opened, s) < 0:
        closes = [i for i in (chunk.find(c, e, e + 40) for c in _CLOSERS) if i >= 0]
        if closes and not any(chunk.find(c, e, min(closes)) >= 0 for c in _OPENERS):
            return TEXT
    return NUM


@dataclass(slots=True)
class Record:
    label: list[Token] = field(default_factory=list)
    values: list[Token] = field(default_factory=list)
    text: str = ""  # the label as printed, set when the record is complete
    folded: str = ""  # the label folded for matching

    @property
    def line(self) -> int | None:
        first = self.label or self.values
        return first[0].line if first else None

    def has_number(self) -> bool:
        return any(t.kind == NUM for t in self.values)


def records(rows: list[Row]) -> list[Record]:
    """Group tokens into records: label text, then the values after it. A record
    ends where text follows its values."""
    out: list[Record] = []
    current = Record()
    for row in rows:
        for tok in tokenize(row):
            if tok.kind == TEXT:
                if current.values:
                    out.append(current)
                    current = Record()
                current.label.append(tok)
            else:
                current.values.append(tok)
    if current.label or current.values:
        out.append(current)
    for rec in out:
        rec.text = "".join(t.text for t in rec.label)
        rec.folded = fold(rec.text)
    return out
