"""Find the report's numbered sections (一、总体情况 … 六、其他需要报告的事项).

Headings are numbered inconsistently in real reports (一、 / 1、 / 1.), may carry a
section the format does not have, and compete with table labels that look like
headings (一、本年新收…, 四、结转下年度继续办理). A heading is a short text-only
row starting with a number; headings whose title names a statutory section are
taken first, in increasing order, and the others only where their number fits
between them.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Indel

from ..ingest.document import Row
from ..report.catalog import (
    EXTRA_SECTIONS,
    LEGACY_ROWS,
    SECTION_BY_KEY,
    SECTIONS,
    TABLE_B_ROWS,
    fold,
    legacy_label,
    numeral_value,
)
from ..report.model import Section
from .labels import best_match

_HEADING = re.compile(r"^\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*[、.．]\s*(\S.*?)\s*$")
MAX_TITLE = 40
_LEADS = frozenset("一二三四五六七八九十0123456789０１２３４５６７８９")
# a paragraph that starts with a number ("3、申请行政复议情况：全年没有…") is no heading
_SENTENCE = re.compile(r"[：:，,。；;！？]")


def _canonical(title: str) -> str | None:
    folded = fold(title)
    for spec in SECTIONS + EXTRA_SECTIONS:
        if spec.title_matches(folded):
            return spec.key
    return None


_TOP_ROWS = tuple(row for row in TABLE_B_ROWS if not row.level1)  # 一、本年新收… 四、结转下年度…


def _table_label(folded: str) -> bool:
    return best_match(folded, _TOP_ROWS) is not None


_LEGACY_LABELS = tuple(legacy_label(r.label) for r in LEGACY_ROWS)


def _legacy_label(folded: str) -> bool:
    return any(label.startswith(folded) or folded.startswith(label) for label in _LEGACY_LABELS)


_STRAY = "|｜¦ \t\u3000·•"  # what a crawler or a table border leaves before a heading


def _strength(title: str, key: str) -> float:
    """How closely a printed title says a statutory part's title (1.0: word for word)."""
    spec = SECTION_BY_KEY[key]
    folded = fold(title)
    return max(Indel.normalized_similarity(folded, fold(label.split("、", 1)[-1]))
               for label in (spec.label,) + spec.aliases)


STRONG = 0.75  # a title this close to the statutory one is that part, whatever its number


def find_sections(rows: list[Row], last_line: int, legacy_start: int | None = None) -> tuple[list[Section], list[int]]:
    """The sections, and the row each starts at. `legacy_start`: the row where a 统计表
    begins; its numbered rows are no headings.

    A part is recognised by its title first: a heading that says a statutory title
    (nearly) word for word is that part wherever it stands and whatever its number, so
    that a misnumbered or misplaced part is reported as such, never as missing. Headings
    that only name a part's subject (三、依申请公开情况) are taken where their number and
    place fit between those; other numbered headings where their number does."""
    candidates = []  # (row index, number text, ordinal, title, canonical)
    for i, row in enumerate(rows):
        first = row.cells[0].text.lstrip(_STRAY)[:1] or (row.cells[1].text[:1] if len(row.cells) > 1 else "")
        if first not in _LEADS or len([c for c in row.cells if c.text.strip(_STRAY)]) != 1:
            continue
        text = row.text.strip().lstrip(_STRAY)
        m = _HEADING.match(text)
        if not m:
            continue
        title = m.group(2).rstrip("。：:；; ")
        if len(title) > MAX_TITLE or any(ch.isdigit() for ch in title[-3:]) or _SENTENCE.search(title):
            continue
        folded = fold(title)
        if _table_label(folded) or (legacy_start is not None and i > legacy_start and _legacy_label(folded)):
            continue
        ordinal = numeral_value(m.group(1))
        if not ordinal:
            continue
        candidates.append((i, m.group(1), ordinal, title, _canonical(title)))

    # 1. parts by their statutory titles, each once: the one numbered as the format numbers
    #    it (in Chinese numerals) where there are several
    strong: dict[str, tuple] = {}
    for cand in candidates:
        key = cand[4]
        if not key or key == "fees" or _strength(cand[3], key) < STRONG:
            continue
        number = SECTION_BY_KEY[key].number
        rank = (cand[2] != number, _style(cand[1]) != "chinese")
        if key not in strong or rank < strong[key][0]:
            strong[key] = (rank, cand)
    chosen = sorted(c for _, c in strong.values())
    # 2. headings naming a part's subject, where its number and place fit
    last = 0
    weak = []
    for cand in candidates:
        key = cand[4]
        if cand in chosen or not key or key == "fees" or key in strong:
            continue
        before = [c for c in chosen if c[0] < cand[0]]
        after = [c for c in chosen if c[0] > cand[0]]
        lo = max([SECTION_BY_KEY[c[4]].number for c in before if c[4]] + [last])
        hi = min([SECTION_BY_KEY[c[4]].number for c in after if c[4]] + [99])
        number = SECTION_BY_KEY[key].number
        fits = lo < number < hi and cand[2] > max([c[2] for c in before] + [0])
        if (fits or cand[2] == number) and key not in {c[4] for c in weak}:  # or numbered as the format does
            weak.append(cand)
            last = max(last, number)
    chosen = sorted(chosen + weak)
    # 3. fill in other headings whose number fits between two chosen ones
    filled = []
    for cand in candidates:
        if cand in chosen:
            continue
        before = [c for c in chosen if c[0] < cand[0]]
        after = [c for c in chosen if c[0] > cand[0]]
        lo = before[-1][2] if before else 0
        hi = after[0][2] if after else 99
        taken = {c[2] for c in filled}
        if lo < cand[2] < hi and cand[2] not in taken and (not before or cand[2] == lo + 1 or
                                                           any(f[2] == cand[2] - 1 for f in filled)):
            filled.append(cand)
    chosen = sorted(chosen + filled)

    sections = []
    for n, (i, number, ordinal, title, canonical) in enumerate(chosen):
        start = rows[i].line
        end = max(start, rows[chosen[n + 1][0]].line - 1) if n + 1 < len(chosen) else last_line
        sections.append(Section(number, ordinal, title, canonical, start, end))
    return sections, [c[0] for c in chosen]


def _style(number: str) -> str:
    return "arabic" if number[:1].isdigit() else "chinese"
