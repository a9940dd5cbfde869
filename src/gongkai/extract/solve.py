"""Solve a table's run-together digits jointly, under its identities.

Each printed row is a slot: its value tokens (digit runs, numbers, blank marks) and
the cells they must fill. A row printed cell by cell has one reading; a row whose
digits ran together has every split of its runs that its own identity allows (row
total, table C's group totals, 本年度 ≤ 历年累计). The table's identities across rows
(一 + 二 = （七）总计 + 四 per column, （七）总计 = the results, a legacy 其中 ≤ its
total) then keep only the combinations that hold; the narrative's own figures and
last year's report choose among what is left, where exactly one of their readings
fits. A cell is set only where every remaining solution agrees; the others stay
blank, flagged ambiguous, with their candidates.

The search is bounded (nodes and solutions); past the bound a row keeps only the
cells on which all of its own readings agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .tokens import NULL, NUM, Token

MAX_CELL_DIGITS = 7  # no count in a report has more digits
MAX_NODES = 50_000
MAX_SOLUTIONS = 5_000
MAX_OPTIONS = 400  # readings of one row kept at most

Reading = tuple  # one value per cell (int, float or None)
_UNITS = "万元件条个人次项份篇笔"


@dataclass
class Slot:
    """One printed row: the tokens it holds and the cells they fill."""

    key: str  # the row's path: "table_b.granted", "table_c", "legacy.3"
    cells: list[str]  # the cells' paths, in order
    tokens: list[Token]
    check: object = None  # check(parts) -> bool over a growing prefix of the reading
    options: list[Reading] = field(default_factory=list)
    split: bool = False  # the tokens had to be cut into cells
    complete: bool = True  # every reading was found (the search was not cut short)
    runs: list = field(default_factory=list)  # the digit runs the readings cut (None: a blank mark)
    forced: bool = False  # one digit a cell, the only reading, though the row's own identity fails
    placed: bool = False  # its values were set in columns by their position on the page


@dataclass
class Relation:
    """Σ plus = Σ minus (or ≤, when `at_most`), over cells named by path."""

    plus: tuple[str, ...]
    minus: tuple[str, ...]
    at_most: bool = False


@dataclass
class Hint:
    """A value a cell should have by another source (the narrative, last year)."""

    cell: str
    value: int | float
    why: str  # quoted for people: 正文“共收到申请154件”
    # a relation rather than a value: the cell should be value + Σ plus − Σ minus, those
    # cells read in the same solution (现行有效 = last year's 现行有效 + 本年制发 − 本年废止)
    plus: tuple[str, ...] = ()
    minus: tuple[str, ...] = ()

    def expected(self, solution: dict, by_cell) -> int | float | None:
        value = self.value
        for sign, cells in ((1, self.plus), (-1, self.minus)):
            for c in cells:
                if c not in by_cell:
                    return None
                s, i = by_cell[c]
                x = solution.get(s.key, (None,) * (i + 1))[i] if s.key in solution else None
                if x is None:
                    return None
                value += sign * x
        return value


@dataclass
class Outcome:
    values: dict[str, int | float | None]  # every cell of every slot; None where undecided
    candidates: dict[str, list]  # the undecided cells' possible values
    decided_by: dict[str, str]  # cell → the hint that decided it


leading_zero = re.compile(r"^-?0\d").match


def readings(slot: Slot, width: int) -> None:
    """Fill `slot.options` with the readings of its tokens as `width` cells."""
    toks = slot.tokens
    if len(toks) == width and not any(t.kind == NUM and t.text[:1] in "0-" and leading_zero(t.text) for t in toks):
        slot.options = [tuple(t.value if t.kind == NUM else None for t in toks)]
        return
    # a run with a leading zero ("01": a fee of 0 and the page number 1 run together) is no
    # printed figure: it is split like any run, and a cell never starts with 0
    if len(toks) > width or not toks:
        slot.options = []
        return
    runs = []
    count, plain = 0, True  # digits and blank marks; whether every run is whole digits
    for t in toks:
        if t.kind == NULL:
            runs.append(None)
            count += 1
        elif t.kind == NUM and (digits := t.text.rstrip(_UNITS)).lstrip("-").replace(".", "", 1).isdigit():
            runs.append(digits)
            count += len(digits)
            plain = plain and digits.isdigit()
        else:
            slot.options = []
            return
    slot.split = True
    slot.runs = runs
    if count == width and plain:
        # as many digits as cells: one digit a cell is the only reading there is — certain,
        # even where its total fails (the checks then say so, as of any printed row)
        if None in runs:
            only = tuple(v for r in runs for v in ([None] if r is None else map(int, r)))
        else:
            only = tuple(map(int, "".join(runs)))
        check = slot.check
        step = getattr(check, "step", None)  # a group check decides at each whole group; others on the row
        if check is None or (all(check(list(only[:n])) for n in range(step, width + 1, step)) if step
                             else check(list(only))):
            slot.options = [only]
        else:
            slot.options, slot.forced = [only], True
        return
    if getattr(slot.check, "group", None) == width and len(runs) == 1 and runs[0] and runs[0].isdigit():
        found, complete = _total_last(runs[0], width), True  # one row with its 总计: the common case
    else:
        found, complete = _splits(runs, width, slot.check)
    slot.options, slot.complete = found, complete


def _total_last(run: str, k: int) -> list[Reading]:
    """The readings of one digit run as k cells whose last is the sum of the others:
    the total is cut off the end first, so that the other cells' sum bounds the search."""
    out: list[Reading] = []
    if len(run) > k * MAX_CELL_DIGITS:
        return out
    for n in range(1, min(MAX_CELL_DIGITS, len(run) - (k - 1)) + 1):
        tail = run[-n:]
        if n > 1 and tail[0] == "0":
            continue
        total = int(tail)
        head = run[:-n]
        parts: list[int] = []

        def walk(pos: int, left: int) -> None:
            cells_left = k - 1 - len(parts)
            if cells_left == 0:
                if pos == len(head) and left == 0:
                    out.append((*parts, total))
                return
            rest = len(head) - pos
            if rest < cells_left or rest > cells_left * MAX_CELL_DIGITS:
                return
            for end in range(pos + 1, min(len(head), pos + MAX_CELL_DIGITS) + 1):
                piece = head[pos:end]
                if len(piece) > 1 and piece[0] == "0":
                    break
                value = int(piece)
                if value > left:
                    break
                if len(head) - end < cells_left - 1:
                    break
                parts.append(value)
                walk(end, left - value)
                parts.pop()

        walk(0, total)
        if len(out) >= MAX_OPTIONS:
            break
    return out


def splits(runs: list[str | None], k: int, check=None) -> list[Reading]:
    """Every way to cut the digit runs into k cells (see `_splits`)."""
    return _splits(runs, k, check)[0]


def _splits(runs: list[str | None], k: int, check) -> tuple[list[Reading], bool]:
    """Every way to cut the runs, in order, into k cells (a blank mark is one cell;
    no cell but 0 starts with 0; a decimal point stays in the run's last cell)."""
    found: list[Reading] = []
    parts: list = []
    nodes = 0
    digits_after = [0] * (len(runs) + 1)
    for i in range(len(runs) - 1, -1, -1):
        r = runs[i]
        digits_after[i] = digits_after[i + 1] + (1 if r is None else len(r.lstrip("-").split(".")[0]))
    runs_after = [len(runs) - i for i in range(len(runs) + 1)]

    n_runs = len(runs)
    # each run once: (negative, its whole digits, its decimals)
    parsed = [None if r is None else (r.startswith("-"), *r.lstrip("-").partition(".")[::2]) for r in runs]

    def walk(i: int, pos: int, count: int) -> bool:  # count: len(parts)
        nonlocal nodes
        nodes += 1
        if nodes > MAX_NODES:
            return False
        if i == n_runs:
            if count == k:
                found.append(tuple(parts))
                if len(found) >= MAX_OPTIONS:
                    return False
            return True
        run = parsed[i]
        if run is None:
            parts.append(None)
            cont = True
            if count < k and (check is None or check(parts)):
                cont = walk(i + 1, 0, count + 1)
            parts.pop()
            return cont
        negative, whole, decimals = run  # a negative run's first cell is negative
        size = len(whole)
        after_runs, after_digits = runs_after[i + 1], digits_after[i + 1]
        left = k - count - 1  # cells left after this one
        # no cell but 0 starts with 0
        stop = pos + 1 if whole[pos] == "0" else min(size, pos + MAX_CELL_DIGITS)
        for end in range(pos + 1, stop + 1):
            last = end == size
            value = float(f"{whole[pos:end]}.{decimals}") if last and decimals else int(whole[pos:end])
            if negative and pos == 0:
                value = -value
            if last:
                if not after_runs <= left <= after_digits:
                    continue
            elif not (left >= 1 + after_runs and left <= size - end + after_digits <= left * MAX_CELL_DIGITS):
                continue
            parts.append(value)
            if check is None or check(parts):
                if not (walk(i + 1, 0, count + 1) if last else walk(i, end, count + 1)):
                    parts.pop()
                    return False
            parts.pop()
        return True

    complete = walk(0, 0, 0)
    return found, complete


def unsatisfied(slot: Slot, width: int) -> list[int] | None:
    """For a row whose digits no split fits, proven (the search was complete): the groups
    (of `slot.check.group` cells, total last) whose total fails in every split that fails
    fewest — the identity no reading of the printed digits can satisfy. None when the
    splits cannot all be listed."""
    size = getattr(slot.check, "group", None)
    if not slot.complete or not size or not slot.runs or slot.placed:  # a placement is no printed fact
        return None
    found, complete = _splits(slot.runs, width, None)
    if not complete or len(found) >= MAX_OPTIONS:
        return None
    fewest: list[set[int]] = []
    for reading in found:
        failing = {g for g in range(width // size)
                   if None not in reading[g * size:(g + 1) * size]
                   and reading[g * size + size - 1] != sum(reading[g * size:g * size + size - 1])}
        if not fewest or len(failing) < len(fewest[0]):
            fewest = [failing]
        elif len(failing) == len(fewest[0]):
            fewest.append(failing)
    if not fewest:
        return []
    return sorted(set.intersection(*fewest))


def solve(slots: list[Slot], relations: list[Relation], hints: list[Hint] = ()) -> Outcome:
    """Combine the slots' readings under the relations; see the module's docstring."""
    out = Outcome({}, {}, {})
    if all(len(s.options) == 1 for s in slots):
        # every row has one reading (printed cell by cell): nothing to solve
        for s in slots:
            out.values.update(zip(s.cells, s.options[0]))
        return out
    by_cell = {c: (s, i) for s in slots for i, c in enumerate(s.cells)}
    live = [s for s in slots if s.options]
    # relations over cells of live slots only (a missing row or an unreadable one
    # leaves its relations undecided)
    rels = [r for r in relations if all(c in by_cell and by_cell[c][0].options for c in r.plus + r.minus)]
    groups = _components(live, rels, by_cell)
    hinted = {h.cell for h in hints}
    for group, group_rels in groups:
        chosen: dict[str, set] = {}
        if not group_rels and len(group) == 1 and not hinted.intersection(group[0].cells):
            # a row on its own, with nothing to choose by: every reading it has stands
            solutions = [{group[0].key: o} for o in group[0].options]
        else:
            solutions = _search(group, group_rels, by_cell)
        if solutions is None or not solutions:
            # undecided (too many) or the report's own numbers do not fit: each row
            # keeps what all of its readings agree on
            for s in group:
                chosen[s.key] = set(s.options) if s.complete else set()
        else:
            solutions = _apply_hints(solutions, group, hints, by_cell, out.decided_by)
            for s in group:
                chosen[s.key] = {sol[s.key] for sol in solutions}
        for s in group:
            options = chosen[s.key]
            for i, cell in enumerate(s.cells):
                seen = {o[i] for o in options}
                if len(seen) == 1:
                    out.values[cell] = next(iter(seen))
                else:
                    out.values[cell] = None
                    out.candidates[cell] = sorted(seen - {None})
    for s in slots:
        if not s.options:
            for cell in s.cells:
                out.values[cell] = None
                out.candidates.setdefault(cell, [])
    return out


def _components(slots: list[Slot], rels: list[Relation], by_cell) -> list[tuple[list[Slot], list[Relation]]]:
    parent = {s.key: s.key for s in slots}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for r in rels:
        keys = {by_cell[c][0].key for c in r.plus + r.minus}
        first, *rest = keys
        for k in rest:
            parent[find(k)] = find(first)
    groups: dict[str, tuple[list, list]] = {}
    for s in slots:
        groups.setdefault(find(s.key), ([], []))[0].append(s)
    for r in rels:
        groups[find(by_cell[r.plus[0] if r.plus else r.minus[0]][0].key)][1].append(r)
    return list(groups.values())


def _search(group: list[Slot], rels: list[Relation], by_cell) -> list[dict] | None:
    """Every combination of readings that satisfies the relations (None: too many)."""
    fixed = {s.key: s.options[0] for s in group if len(s.options) == 1}
    open_ = sorted((s for s in group if len(s.options) > 1), key=lambda s: len(s.options))
    if not open_:
        return [fixed] if all(_holds(r, fixed, by_cell) is not False for r in rels) else []
    # bounds of every cell over its readings, for pruning
    lo: dict[str, float] = {}
    hi: dict[str, float] = {}
    for s in group:
        for i, c in enumerate(s.cells):
            vals = [o[i] for o in s.options if o[i] is not None]
            lo[c], hi[c] = (min(vals), max(vals)) if vals else (0, 0)
    slot_rels: dict[str, list[Relation]] = {s.key: [] for s in group}
    for r in rels:
        for k in {by_cell[c][0].key for c in r.plus + r.minus}:
            slot_rels[k].append(r)
    # relations decided by the fixed rows alone must hold
    if any(_holds(r, fixed, by_cell) is False for r in rels
           if all(by_cell[c][0].key in fixed for c in r.plus + r.minus)):
        return []
    solutions: list[dict] = []
    chosen = dict(fixed)
    nodes = 0

    def feasible(r: Relation) -> bool:
        low = high = 0.0
        for sign, cells in ((1, r.plus), (-1, r.minus)):
            for c in cells:
                s, i = by_cell[c]
                if s.key in chosen:
                    v = chosen[s.key][i]
                    if v is None:
                        return True  # a blank cell leaves the relation undecided
                    low += sign * v
                    high += sign * v
                elif sign > 0:
                    low, high = low + lo[c], high + hi[c]
                else:
                    low, high = low - hi[c], high - lo[c]
        if r.at_most:
            return low <= 1e-9
        return low <= 1e-9 and high >= -1e-9

    def walk(k: int) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > MAX_NODES or len(solutions) > MAX_SOLUTIONS:
            return False
        if k == len(open_):
            solutions.append(dict(chosen))
            return True
        s = open_[k]
        for option in s.options:
            chosen[s.key] = option
            if all(feasible(r) for r in slot_rels[s.key]):
                if not walk(k + 1):
                    del chosen[s.key]
                    return False
            del chosen[s.key]
        return True

    if not walk(0):
        return None
    return solutions


def _holds(r: Relation, chosen: dict, by_cell) -> bool | None:
    total = 0.0
    for sign, cells in ((1, r.plus), (-1, r.minus)):
        for c in cells:
            s, i = by_cell[c]
            v = chosen.get(s.key, (None,) * len(s.cells))[i]
            if v is None:
                return None
            total += sign * v
    return total <= 1e-9 if r.at_most else abs(total) < 1e-9


def _apply_hints(solutions: list[dict], group: list[Slot], hints, by_cell, decided: dict[str, str]) -> list[dict]:
    """Keep the solutions a hint agrees with, where exactly one hinted value fits."""
    keys = {s.key for s in group}
    by_target: dict[str, list[Hint]] = {}
    for h in hints:
        if h.cell in by_cell and by_cell[h.cell][0].key in keys:
            by_target.setdefault(h.cell, []).append(h)
    for cell, hs in by_target.items():
        s, i = by_cell[cell]
        if len({sol[s.key][i] for sol in solutions}) < 2:
            continue  # nothing to decide
        fitting = [(h, [sol for sol in solutions if sol[s.key][i] == h.expected(sol, by_cell)]) for h in hs]
        fitting = [(h, sols) for h, sols in fitting if sols]
        if len({(h.value, h.plus, h.minus) for h, _ in fitting}) == 1:
            h, solutions = fitting[0]
            decided[cell] = h.why
    return solutions


__all__ = ["Slot", "Relation", "Hint", "Outcome", "readings", "solve", "splits", "MAX_CELL_DIGITS"]
