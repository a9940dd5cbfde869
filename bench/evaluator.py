"""The checks as an evaluator uses them: each defect of tests/defects.py introduced into
real reports from ../shared one at a time, and whether the right rule caught it naming
the right cell, line or part (caught), found something else or too mildly (partly), or
nothing (missed); each control (the same edit made consistent) must add no error.

    .venv/bin/python bench/evaluator.py [--src DIR] [-v]

`--src DIR` measures another checkout's `src` (an earlier revision, from `git worktree
add`) with the same defects, so that before and after are counted in one run.
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time
from collections import Counter, defaultdict

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SOURCES = sorted(SHARED.glob("seeds/*.txt")) + sorted(SHARED.glob("corpus/raw/*.txt"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", default=str(ROOT / "src"))
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    sys.path[:0] = [args.src, str(ROOT / "tests")]
    from gongkai.checks import check
    from gongkai.extract import extract_text

    import defects

    texts = {p.name[:3] if p.parent.name == "seeds" else p.stem: p.read_text() for p in SOURCES}
    # the statistical table of before 2019 has rules of its own (bench/mutations.py)
    texts = {name: text for name, text in texts.items() if extract_text(text).format_version != "legacy"}
    t0 = time.perf_counter()
    table: dict[str, Counter] = defaultdict(Counter)
    controls: dict[str, Counter] = defaultdict(Counter)
    details = []
    for d in defects.DEFECTS:
        for name, text in texts.items():
            for control in (False, True):
                out = defects.run(d, name, text, extract_text, check, control)
                if out is None:
                    continue
                (controls if control else table)[d.name][out.verdict] += 1
                if out.verdict not in ("caught", "clean"):
                    details.append(out)
    print(f"checks from {args.src}; {len(defects.DEFECTS)} defects × {len(texts)} real reports "
          f"(seeds and corpus texts; a defect is tried where the report has what it edits)\n")
    print(f"{'defect':<24}{'family':<9}{'tried':>6}{'caught':>7}{'partly':>7}{'missed':>7}   controls: clean noted false")
    totals, ctotals = Counter(), Counter()
    for d in defects.DEFECTS:
        c, k = table[d.name], controls[d.name]
        totals.update(c)
        ctotals.update(k)
        ctl = f"{k['clean']:>5}{k['noted']:>6}{k['false']:>6}" if k else ""
        print(f"{d.name:<24}{d.family:<9}{sum(c.values()):>6}{c['caught']:>7}{c['partly']:>7}{c['missed']:>7}   {ctl}")
    by_defect = Counter()
    for d in defects.DEFECTS:
        c = table[d.name]
        verdict = "caught" if c and c["caught"] == sum(c.values()) else "missed" if c["missed"] == sum(c.values()) \
            else "partly"
        by_defect[verdict] += 1 if c else 0
    print(f"\nmutations: {sum(totals.values())} — caught {totals['caught']}, partly {totals['partly']}, "
          f"missed {totals['missed']}")
    print(f"defects: {len(defects.DEFECTS)} — caught everywhere {by_defect['caught']}, partly {by_defect['partly']}, "
          f"missed everywhere {by_defect['missed']}")
    print(f"controls: {sum(ctotals.values())} — clean {ctotals['clean']}, a notice or warning only {ctotals['noted']}, "
          f"false error {ctotals['false']}")
    print(f"{time.perf_counter() - t0:.1f} s")
    if args.verbose:
        for o in details:
            print(f"  {o.defect:<22} {o.source:<4} {'control ' if o.control else ''}{o.verdict}: {o.why[:230]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
