"""Break run-on lines back into the report's parts.

Crawlers and some web editors give a report as a few very long lines: every heading,
paragraph and table run together ("…联系。 一、总体情况 2022年，…二、主动公开政府信息
情况第二十条第（一）项 信息内容…"). Such a line is cut before and after each statutory
section heading (recognised by its title, typos tolerated) and before each table's
opening words, so that sections and tables are found as in any other report. The
pieces keep their line and column, so provenance still points into the original.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from ..ingest.document import Cell, Row
from ..report.catalog import DROPPED, LEGACY_TITLE, SECTIONS, TABLE_A_ANCHOR, fold

LONG_LINE = 160  # a plain line longer than this may hold several parts
_NUMERALS = "一二三四五六七八九十"
# a part's number, one character at a time (a regex of one class is scanned fast); a
# Chinese numeral of two characters (十一) is taken whole by `_number_start`
_NUMBER = re.compile(f"[{_NUMERALS}1-9][、.．]")
_TITLES = tuple((spec, fold(title.split("、", 1)[1])) for spec in SECTIONS for title in (spec.label, *spec.aliases))
_TABLE_STARTS = re.compile("|".join(map(re.escape, (
    "第二十条第（一）项", "第二十条第(一)项", "（本列数据的勾稽关系", "(本列数据的勾稽关系", "附件", "指标名称",
    "统计指标", LEGACY_TITLE))))
MIN_TITLE_SIMILARITY = 0.8  # Levenshtein, normalised by the longer: d = ⌊0.2·(n + 2)⌋ edits at most


def _heads(title: str) -> tuple[int, frozenset]:
    """(d + 1, the title's first d + 1 characters): with at most d edits, the first of these
    that is not edited is matched within the first d + 1 characters of the text."""
    span = int((1 - MIN_TITLE_SIMILARITY) * (len(title) + 2)) + 1
    return span, frozenset(title[:span])


_TITLE_HEADS = tuple((title, *_heads(title)) for _, title in _TITLES)
_SPAN = max(span for _, span, _ in _TITLE_HEADS)
_HEADS = frozenset().union(*(heads for _, _, heads in _TITLE_HEADS))
_LONGEST = max(len(title) for _, title in _TITLES)
_WINDOW = _LONGEST + 4
_BY_HEAD: dict[str, list[tuple[int, int]]] = {}  # a character → (title, its span) for the titles it may begin
for _k, (_, _span, _set) in enumerate(_TITLE_HEADS):
    for _ch in _set:
        _BY_HEAD.setdefault(_ch, []).append((_k, _span))


def _title_end(text: str, at: int) -> int | None:
    """Where a statutory section title that starts at `at` ends, or None."""
    head = text[at:at + _SPAN]
    if _HEADS.isdisjoint(head) and DROPPED.isdisjoint(head):
        return None  # no title begins here (see _heads): the text as printed already says so
    best, end = 0.0, None
    # the longest title and two more characters, folded (folding drops white space and quotes)
    window = text[at:at + _WINDOW]
    folded_prefix = fold(window)
    if len(folded_prefix) < _LONGEST + 2 and at + _WINDOW < len(text):
        window = text[at:at + 40]
        folded_prefix = fold(window)
    candidates = set()  # the titles that may begin here (see _heads)
    for at_, ch in enumerate(folded_prefix[:_SPAN]):
        for k, span in _BY_HEAD.get(ch, ()):
            if at_ < span:
                candidates.add(k)
    similarity = Levenshtein.normalized_similarity
    for title, span, heads in (_TITLE_HEADS[k] for k in sorted(candidates)):
        n = len(title)
        # a prefix two characters longer or shorter differs by at most two edits: a title
        # far from the prefix of its own length is far from every other length too
        if similarity(title, folded_prefix[:n], score_cutoff=MIN_TITLE_SIMILARITY - 2.5 / n) == 0:
            continue
        for k in (n, n - 1, n + 1, n + 2, n - 2):
            if k <= 0 or k > len(folded_prefix):
                continue
            s = similarity(title, folded_prefix[:k], score_cutoff=max(best, MIN_TITLE_SIMILARITY))
            if s > best:
                best, end = s, k
    if best < MIN_TITLE_SIMILARITY or end is None:
        return None
    # map the folded length back onto the printed text (folding drops spaces and quotes)
    count = 0
    for i, ch in enumerate(window):
        if ch not in DROPPED:
            count += 1
        if count == end:
            return at + i + 1
    return None


_SENTENCE_END = "。；;！？!? \u3000"
# where a heading's words end and its part's text begins, when nothing is between them
_BODY_STARTS = re.compile(r"[《“\d（(，,：:]|按照|根据|依据|本年|本机关|我[局委办区县市]|今年|全年")
MAX_TAIL = 8
_TO_SENTENCE_END = re.compile("[^" + _SENTENCE_END + "]{0,20}").match


def _named_title_end(text: str, at: int) -> int | None:
    """Where a heading that names a statutory part in other words ("六、需要说明的其他事项
    与附表") ends: after the words that name it, and what follows them up to where the
    part's text begins (at most a few characters)."""
    longest = _TO_SENTENCE_END(text, at).end() - at  # the window may not reach a sentence's end
    if longest < 2 or not any(spec.title_matches(fold(text[at:at + longest])) for spec in SECTIONS):
        return None  # a longer window holds whatever a shorter one does: none names a part
    for k in range(2, longest + 1):
        window = text[at:at + k]
        if any(spec.title_matches(fold(window)) for spec in SECTIONS):
            end = at + k
            limit = min(len(text), end + MAX_TAIL)
            while end < limit and text[end] not in _SENTENCE_END and not _BODY_STARTS.match(text, end):
                end += 1
            return end
    return None


def cuts(text: str) -> list[int]:
    """Positions to cut a run-on line at."""
    out: set[int] = set()
    for m in _NUMBER.finditer(text):
        start = m.start()
        if start and text[start] in _NUMERALS and text[start - 1] in _NUMERALS:
            start -= 1
        end = _title_end(text, m.end())
        if end is None and (start == 0 or text[start - 1] in _SENTENCE_END + "|｜"):
            end = _named_title_end(text, m.end())
        if end is not None:
            out.update((start, end))
    for m in _TABLE_STARTS.finditer(text):
        out.add(m.start())
    for m in re.finditer(re.escape(TABLE_A_ANCHOR), text):
        out.add(m.start())
    return sorted(p for p in out if 0 < p < len(text))


def reflow(rows: list[Row]) -> list[Row]:
    """The rows, with every long plain row cut into its parts."""
    if not any(not r.explicit and len(r.cells) == 1 and len(r.cells[0].text) > LONG_LINE for r in rows):
        return rows
    out: list[Row] = []
    for row in rows:
        cell = row.cells[0]
        if row.explicit or len(row.cells) != 1 or len(cell.text) <= LONG_LINE:
            out.append(row)
            continue
        text = cell.text
        start = 0
        for cut in cuts(text) + [len(text)]:
            piece = text[start:cut]
            lead = len(piece) - len(piece.lstrip())
            piece = piece.strip()
            if piece:
                out.append(Row([Cell(piece, cell.line, cell.column + start + lead, cell.page, cell.bbox)]))
            start = cut
    return out


__all__ = ["reflow", "cuts"]
