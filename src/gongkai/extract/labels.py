"""Which catalog entry a printed label names."""

from __future__ import annotations

import re

from ..report.catalog import Entry


class Matcher:
    """Finds which of `entries` a label names: the entry whose core ends last in
    the label (one regular-expression pass instead of one search per entry)."""

    def __init__(self, entries):
        self.by_core: dict[str, Entry] = {}
        for entry in entries:
            for core in entry.cores:
                self.by_core.setdefault(core, entry)
        # longer cores first so that a longer phrase wins at the same position
        cores = sorted(self.by_core, key=len, reverse=True)
        self.pattern = re.compile("(?=(" + "|".join(map(re.escape, cores)) + "))")

    def __call__(self, folded: str) -> Entry | None:
        best, best_end = None, -1
        for m in self.pattern.finditer(folded):
            core = m.group(1)
            end = m.start() + len(core)
            if end > best_end:
                best, best_end = self.by_core[core], end
        return best


_MATCHERS: dict[int, Matcher] = {}


def best_match(folded: str, entries) -> Entry | None:
    matcher = _MATCHERS.get(id(entries))
    if matcher is None:
        matcher = _MATCHERS[id(entries)] = Matcher(entries)
    return matcher(folded)
