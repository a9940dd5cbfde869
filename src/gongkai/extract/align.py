"""Align the printed rows of a table to a format's row sequence, as a whole.

A printed row (a record: label, then values) is paired with a statutory row by its
label; the pairs must keep both orders. First the records whose label ends with a
distinctive phrase of a row (its cores) are paired — the heaviest chain of such pairs
that keeps both orders, so a header or a group label that mentions another row's
phrase cannot pull a record out of place. Then, between those anchors, the records
left over are paired with the rows left over by edit-distance similarity of their
labels (typos, missing characters, other numbering), again keeping the order. Every
pair carries its confidence: 1 for a phrase match, the similarity otherwise.

A record's label may carry header words or group labels before the row's own label
(text copied from web pages runs them together): the row's label is looked for at
the end of the record's label, never in the middle of a longer text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from ..report.catalog import DROPPED, Entry, bare, fold
from .tokens import Record

MIN_SIMILARITY = 0.6
# how far before the end of a record's label a row's phrase may end (a group label
# printed after the row's own label, as merged cells in a PDF often are)
SLACK = 16
MEMO = 4096  # labels remembered per table (statutory labels repeat; a crawler's glued labels may not)
_SENTENCE_END = frozenset("。;!?")


@dataclass(slots=True)
class Match:
    record: int  # index of the record
    key: str  # the row's key
    score: float  # 1.0 for a phrase match, else the labels' similarity


def _suffix_similarity(label: str, target: str) -> tuple[float, int]:
    """How well the end of `label` reads as `target` (both folded, no numbering),
    and where in `label` the match starts."""
    best, at = 0.0, len(label)
    n = len(target)
    for k in sorted({min(n + extra, len(label)) for extra in (0, -1, 1, -2, 2, 3)}):
        if k <= 0:
            continue
        s = Levenshtein.normalized_similarity(target, label[-k:])
        if s > best:
            best, at = s, len(label) - k
    return best, at


class RowMatcher:
    """The phrase search and the similarity of one sequence of rows."""

    def __init__(self, rows: Sequence[Entry], variants: Callable[[Entry], Sequence[str]] | None = None):
        self.rows = tuple(rows)
        self.index = {r.key: i for i, r in enumerate(self.rows)}
        by_core: dict[str, list[int]] = {}
        for i, row in enumerate(self.rows):
            for core in row.cores:
                by_core.setdefault(core, []).append(i)
        self.by_core = by_core
        cores = sorted(by_core, key=len, reverse=True)
        self.pattern = re.compile("(?=(" + "|".join(map(re.escape, cores)) + "))") if cores else None
        names = variants or (lambda r: (r.label, *r.aliases))
        self.targets = [tuple(dict.fromkeys(bare(v) for v in names(r))) for r in self.rows]
        self.longest = [max(map(len, t)) for t in self.targets]
        self.commas = ["," in "".join(t) for t in self.targets]
        self._hits: dict[str, dict[int, int]] = {}

    def phrase_hits(self, folded: str) -> dict[int, int]:
        """Rows whose phrase ends near the end of `folded`: row index → end position.
        Remembered by label: the statutory labels are printed alike in report after report."""
        hits = self._hits.get(folded)
        if hits is None:
            if len(self._hits) >= MEMO:
                self._hits.clear()
            hits = self._hits[folded] = self._phrase_hits(folded)
        return hits

    def _phrase_hits(self, folded: str) -> dict[int, int]:
        hits: dict[int, int] = {}
        if self.pattern is None:
            return hits
        for m in self.pattern.finditer(folded):
            core = m.group(1)
            end = m.start() + len(core)
            for i in self.by_core[core]:
                if end >= len(folded) - (self.longest[i] + SLACK) and self._label_tail(folded[end:], i):
                    hits[i] = max(hits.get(i, -1), end)
        return hits

    def _label_tail(self, tail: str, i: int) -> bool:
        """Whether what follows a row's phrase can still be label (the rest of the row's
        label, a group label), not a sentence going on."""
        if any(ch in _SENTENCE_END for ch in tail):
            return False
        return "," not in tail or self.commas[i]

    def similarity(self, folded_bare: str, i: int) -> tuple[float, int]:
        best = (0.0, len(folded_bare))
        for target in self.targets[i]:
            s = _suffix_similarity(folded_bare, target)
            if s[0] > best[0]:
                best = s
        return best


_MATCHERS: dict[int, RowMatcher] = {}


def matcher_for(rows: Sequence[Entry], variants=None) -> RowMatcher:
    m = _MATCHERS.get(id(rows))
    if m is None:
        m = _MATCHERS[id(rows)] = RowMatcher(rows, variants)
    return m


def _heaviest_chain(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The chain of (record, row, weight) pairs increasing in both, of greatest weight."""
    pairs.sort()
    best: list[float] = []
    back: list[int] = []
    for k, (rec, row, w) in enumerate(pairs):
        top, arg = w, -1
        for j in range(k):
            rec_j, row_j, _ = pairs[j]
            if rec_j < rec and row_j < row and best[j] + w > top:
                top, arg = best[j] + w, j
        best.append(top)
        back.append(arg)
    if not pairs:
        return []
    k = max(range(len(pairs)), key=lambda j: best[j])
    chain = []
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]


def _in_order(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]] | None:
    """The chain when each record's best row already comes in order (the common case:
    then no other choice pairs more records)."""
    best: dict[int, tuple[int, int, float]] = {}
    for p in pairs:
        if p[0] not in best or p[2] > best[p[0]][2]:
            best[p[0]] = p
    chain = [best[k] for k in sorted(best)]
    if any(a[1] >= b[1] for a, b in zip(chain, chain[1:])):
        return None
    return chain


def align(records: list[Record], matcher: RowMatcher, usable: Callable[[Record], bool] | None = None) -> list[Match]:
    """Pairs of records and rows, in order."""
    usable = usable or (lambda r: bool(r.values))
    candidates: list[tuple[int, int, float]] = []
    for ri, rec in enumerate(records):
        if not usable(rec):
            continue
        for row, end in matcher.phrase_hits(rec.folded).items():
            # the phrase that ends last is the row's own label
            candidates.append((ri, row, 1.0 + end / (len(rec.folded) + 1) * 0.01))
    anchors = _in_order(candidates) or _heaviest_chain(candidates)
    matches = [Match(ri, matcher.rows[row].key, 1.0) for ri, row, _ in anchors]
    # fill the gaps between anchors by similarity
    bounds = [(-1, -1)] + [(ri, row) for ri, row, _ in anchors] + [(len(records), len(matcher.rows))]
    for (r0, w0), (r1, w1) in zip(bounds, bounds[1:]):
        recs = [ri for ri in range(r0 + 1, r1) if usable(records[ri])]
        rows = list(range(w0 + 1, w1))
        if recs and rows:
            matches += _fill(records, recs, rows, matcher)
    matches.sort(key=lambda m: m.record)
    return matches


def _fill(records: list[Record], recs: list[int], rows: list[int], matcher: RowMatcher) -> list[Match]:
    """Needleman–Wunsch over one gap: pair records and rows by similarity, in order."""
    sims = [[0.0] * len(rows) for _ in recs]
    for a, ri in enumerate(recs):
        label = bare(records[ri].text)
        for b, row in enumerate(rows):
            s, _ = matcher.similarity(label, row)
            sims[a][b] = s if s >= MIN_SIMILARITY else 0.0
    n, m = len(recs), len(rows)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for a in range(1, n + 1):
        for b in range(1, m + 1):
            take = score[a - 1][b - 1] + sims[a - 1][b - 1] if sims[a - 1][b - 1] else -1.0
            score[a][b] = max(score[a - 1][b], score[a][b - 1], take)
    out = []
    a, b = n, m
    while a and b:
        s = sims[a - 1][b - 1]
        if s and score[a][b] == score[a - 1][b - 1] + s:
            out.append(Match(recs[a - 1], matcher.rows[rows[b - 1]].key, round(s, 3)))
            a, b = a - 1, b - 1
        elif score[a][b] == score[a - 1][b]:
            a -= 1
        else:
            b -= 1
    return out


_LEAD_NUMBER = re.compile(r"(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d{1,2}[.、)]?|\(\d{1,2}\))$")


def printed(rec: Record, matcher: RowMatcher, key: str) -> str:
    """The end of the record's label that is the row's own label, as printed."""
    i = matcher.index[key]
    text = rec.text
    targets = matcher.targets[i]
    if rec.label and bare(rec.label[-1].text) in targets:
        return rec.label[-1].text  # the common case: the label is the record's last word
    if bare(text) in targets:
        return text.strip()
    # fold() maps a character to one character or drops it: the kept characters' places
    kept = [k for k, ch in enumerate(text) if ch not in DROPPED]
    folded = fold(text)
    if not kept:
        return text
    _, at = matcher.similarity(folded, i)
    m = _LEAD_NUMBER.search(folded[:at])
    if m:
        at = m.start()
    at = min(at, len(kept) - 1)
    return text[kept[at]:].strip()


__all__ = ["Match", "RowMatcher", "align", "bare", "matcher_for", "printed", "MIN_SIMILARITY"]
