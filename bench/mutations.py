"""Mutation benchmark for the checks.

Clean reports (generated, and the seeds) get one single-cell change — ±1, two
cells swapped, a cell blanked, a row dropped — are written out as copied text in a
random shape, read back by the extractor and checked. Whether a mutation is
visible to the format's identities is decided here, independently of gongkai's
own identity code; the share of visible mutations the checks detect should be
100%, and the unmutated reports should give no arithmetic finding at all.

    .venv/bin/python bench/mutations.py [--reports 300]
"""

from __future__ import annotations

import argparse
import copy
import pathlib
import random
import sys
import time
from collections import Counter, defaultdict

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from gongkai.checks import check  # noqa: E402
from gongkai.extract import extract_file, extract_text  # noqa: E402
from gongkai.render.text import TextStyle, render_text  # noqa: E402
from gongkai.report.catalog import LEGACY_ROWS, TABLE_B_KEYS  # noqa: E402
from gongkai.report.model import Value  # noqa: E402
from gongkai.report.sample import sample_report  # noqa: E402

ARITHMETIC = {"B-BALANCE", "B-ROW-TOTAL", "B-RESULTS-TOTAL", "C-TOTAL", "LEGACY-SUM"}
COMPLETENESS = {"BLANK-CELL", "LEGACY-BLANK", "MISSING-ROW"}
RESULTS = [k for k in TABLE_B_KEYS if k not in ("new_received", "carried_over", "total", "carry_forward")]


# --- the identities, written out again: the yardstick must not be the code it measures

def violations(r) -> int:
    """How many identities the report's numbers break (blanks decide nothing)."""
    n = 0
    if r.table_b is not None:
        b = {k: (None if v is None else [c.value for c in v]) for k, v in r.table_b.items()}
        for row in b.values():
            if row and None not in row and sum(row[:6]) != row[6]:
                n += 1
        for c in range(7):
            cells = [b[k][c] for k in ("new_received", "carried_over", "total", "carry_forward") if b.get(k)]
            if len(cells) == 4 and None not in cells and cells[0] + cells[1] != cells[2] + cells[3]:
                n += 1
            parts = [b[k][c] for k in RESULTS if b.get(k)]
            if b.get("total") and None not in parts and b["total"][c] is not None and sum(parts) != b["total"][c]:
                n += 1
    if r.table_c is not None:
        c = [v.value for v in r.table_c]
        for g in range(3):
            grp = c[g * 5:g * 5 + 5]
            if None not in grp and sum(grp[:4]) != grp[4]:
                n += 1
    if r.legacy is not None:
        values = {it.key: it.value.value for it in r.legacy if it.key}
        for spec in LEGACY_ROWS:
            if spec.sums_children and spec.key in values:
                kids = [values.get(k.key) for k in LEGACY_ROWS if k.parent == spec.key]
                if values[spec.key] is not None and None not in kids and sum(kids) != values[spec.key]:
                    n += 1
    return n


def cells(r):
    """Every numeric cell path of a report, by table."""
    out = defaultdict(list)
    for row, cols in (r.table_a or {}).items():
        out["A"] += [f"table_a.{row}.{c}" for c in cols]
    for key, values in (r.table_b or {}).items():
        if values is not None:
            out["B"] += [f"table_b.{key}.{i}" for i in range(7)]
    out["C"] += [f"table_c.{i}" for i in range(len(r.table_c or ()))]
    out["legacy"] += [f"legacy.{i}.value" for i, it in enumerate(r.legacy or ()) if it.unit]
    return out


def put(r, path, value):
    p = path.split(".")
    v = Value(value, "" if value is None else str(value))
    if p[0] == "table_a":
        r.table_a[p[1]][p[2]] = v
    elif p[0] == "table_b":
        r.table_b[p[1]][int(p[2])] = v
    elif p[0] == "table_c":
        r.table_c[int(p[1])] = v
    else:
        r.legacy[int(p[1])].value = v


def mutate(r, kind: str, rng: random.Random):
    """One mutation of `kind` on a copy of `r`: (mutant, table, description) or None."""
    m = copy.deepcopy(r)
    by_table = {t: [p for p in paths if m.value_at(p).value is not None] for t, paths in cells(m).items()}
    tables = [t for t in by_table if by_table[t]]
    if kind == "drop-row":
        if m.table_b is None:
            return None
        key = rng.choice([k for k in TABLE_B_KEYS if m.table_b.get(k) is not None])
        m.table_b[key] = None
        return m, "B", f"drop {key}"
    table = rng.choice(tables)
    path = rng.choice(by_table[table])
    value = m.value_at(path).value
    if kind == "plus-minus-1":
        delta = rng.choice((1, -1)) if value and value >= 1 else 1
        put(m, path, (round(value + delta, 2) if isinstance(value, float) else value + delta))
        return m, table, f"{path} {value}→{m.value_at(path).value}"
    if kind == "swap":  # two cells of the same table holding different values
        others = [p for p in by_table[table] if m.value_at(p).value != value]
        if not others:
            return None
        other = rng.choice(others)
        a, b = value, m.value_at(other).value
        put(m, path, b)
        put(m, other, a)
        return m, table, f"swap {path}↔{other}"
    if kind == "blank":
        put(m, path, None)
        return m, table, f"blank {path}"
    raise ValueError(kind)


def detected(findings, kind: str, before: set) -> bool:
    new = {(f.rule, f.table, f.row, f.column) for f in findings} - before
    wanted = ARITHMETIC if kind in ("plus-minus-1", "swap") else COMPLETENESS
    return any(rule in wanted for rule, *_ in new)


def signature(findings):
    return {(f.rule, f.table, f.row, f.column) for f in findings}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=300, help="generated clean reports (default 300)")
    ap.add_argument("--per-report", type=int, default=4, help="mutations of each kind per report")
    args = ap.parse_args()
    rng = random.Random(7)
    started = time.perf_counter()

    bases = []
    for _ in range(args.reports):
        version = rng.choices(("2021", "2019", "legacy"), (6, 2, 2))[0]
        bases.append(("generated", sample_report(rng, version)))
    seeds = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    for path in seeds:
        bases.append((f"seed {path.name[:3]}", extract_file(path)))

    # false positives: the unmutated reports
    fp_arith, fp_any, clean_gen = 0, Counter(), 0
    baseline = {}
    for i, (origin, r) in enumerate(bases):
        text = render_text(r, TextStyle.random(rng, shape=rng.choice(("plain", "pdf", "docx", "tabbed"))))
        found = check(extract_text(text)) if origin == "generated" else check(r)
        baseline[i] = signature(found)
        if origin == "generated":
            clean_gen += 1
            fp_arith += sum(f.rule in ARITHMETIC for f in found)
            fp_any.update(f.rule for f in found if f.rule not in ("NONSTANDARD-LABEL", "NUMBERING-STYLE"))

    stats = defaultdict(Counter)
    misses = []
    for i, (origin, r) in enumerate(bases):
        for kind in ("plus-minus-1", "swap", "blank", "drop-row"):
            for _ in range(args.per_report):
                made = mutate(r, kind, rng)
                if made is None:
                    continue
                m, table, what = made
                # blanks only survive in shapes with real cells; a blank in copied text has no trace
                shape = rng.choice(("docx", "tabbed")) if kind == "blank" else rng.choice(("plain", "pdf", "docx", "tabbed"))
                got = extract_text(render_text(m, TextStyle(shape=shape)))
                findings = check(got)
                visible = (violations(m) > violations(r)) if kind in ("plus-minus-1", "swap") else True
                key = f"{kind} {table}"
                st = stats[key]
                st["n"] += 1
                hit = detected(findings, kind, baseline[i])
                if visible:
                    st["visible"] += 1
                    st["detected"] += hit
                    if not hit:
                        misses.append((origin, what, shape))
                else:
                    st["invisible flagged"] += any(f.rule in ARITHMETIC for f in findings
                                                   if (f.rule, f.table, f.row, f.column) not in baseline[i])

    print(f"\n{'mutation':22} {'n':>6} {'visible':>8} {'detected':>9} {'share':>7} {'invisible, flagged':>19}")
    tot_v = tot_d = 0
    for key in sorted(stats):
        st = stats[key]
        tot_v += st["visible"]
        tot_d += st["detected"]
        share = f"{st['detected'] / st['visible']:.1%}" if st["visible"] else "—"
        print(f"{key:22} {st['n']:6d} {st['visible']:8d} {st['detected']:9d} {share:>7} "
              f"{st['n'] - st['visible']:>9d}, {st['invisible flagged']:d}")
    print(f"\nvisible mutations detected: {tot_d}/{tot_v} = {tot_d / max(tot_v, 1):.2%}")
    print(f"false positives on {clean_gen} unmutated generated reports: {fp_arith} arithmetic findings; "
          f"other findings: {dict(fp_any) or 0}")
    for origin, what, shape in misses[:10]:
        print("  missed:", origin, what, shape)
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
