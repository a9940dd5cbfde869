"""Split digits that a copy ran together ("640020470" for 64 0 0 2 0 4 70).

A run is cut into cells only where the table's identities allow exactly one cut;
otherwise every candidate is returned and the caller reports the cells as
ambiguous. Cells never start with 0 unless they are 0.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

MAX_CELL_DIGITS = 7
MAX_NODES = 300_000

# check(parts) is called as parts grow; it returns False to prune a prefix.
Check = Callable[[list[int]], bool]


def splits(runs: Sequence[str], k: int, check: Check | None = None, limit: int = 50) -> list[list[int]] | None:
    """All ways (up to `limit`) to cut the digit strings `runs`, in order, into
    exactly `k` numbers such that `check` accepts every prefix and the whole.
    Each run gives at least one number. None when the search was too large."""
    if sum(len(r) for r in runs) < k or len(runs) > k:
        return []
    found: list[list[int]] = []
    nodes = 0
    parts: list[int] = []

    def walk(run: int, pos: int) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > MAX_NODES:
            return False
        if run == len(runs):
            if len(parts) == k:
                found.append(parts.copy())
            return len(found) < limit
        digits = runs[run]
        left_after = sum(len(r) for r in runs[run + 1:])
        runs_after = len(runs) - run - 1
        for end in range(pos + 1, min(len(digits), pos + MAX_CELL_DIGITS) + 1):
            piece = digits[pos:end]
            if len(piece) > 1 and piece[0] == "0":
                break
            parts.append(int(piece))
            remaining_cells = k - len(parts)
            if end == len(digits):
                ok = runs_after <= remaining_cells <= left_after
                nxt = (run + 1, 0)
            else:
                ok = remaining_cells >= 1 + runs_after and len(digits) - end + left_after >= remaining_cells
                nxt = (run, end)
            if ok and (check is None or check(parts)):
                if not walk(*nxt):
                    parts.pop()
                    return False
            parts.pop()
        return True

    completed = walk(0, 0)
    if not completed and len(found) < limit:
        return None
    return found


def grouped_totals(group: int, total_index: int) -> Check:
    """A check for rows made of groups whose `total_index` cell is the sum of the
    group's other cells (table B: one group of 7; table C: three groups of 5)."""

    def check(parts: list[int]) -> bool:
        n = len(parts)
        if n % group:
            return True
        g = parts[n - group:]
        return g[total_index] == sum(g) - g[total_index]

    return check
