"""The checks as an evaluator uses them: each defect of tests/defects.py introduced into
real reports from ../shared one at a time, and whether the right rule caught it naming
the right cell, line or part (caught), found something else or too mildly (partly), or
nothing (missed); each control (the same edit made consistent) must add no error.

    .venv/bin/python bench/evaluator.py [--against DIR] [-v]

`--against DIR` measures another checkout's `src` (an earlier revision, from `git worktree
add DIR REV`) with the same defects in the same run, and prints both side by side.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import subprocess
import sys
import time
from collections import Counter, defaultdict

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SOURCES = sorted(SHARED.glob("seeds/*.txt")) + sorted(SHARED.glob("corpus/raw/*.txt"))


def measure(src: str) -> dict:
    """Verdicts by defect for the checks of `src`."""
    sys.path[:0] = [src, str(ROOT / "tests")]
    import defects
    from gongkai.checks import check
    from gongkai.extract import extract_text

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
                    details.append(f"{out.defect:<22} {out.source:<4} {'control ' if out.control else ''}"
                                   f"{out.verdict}: {out.why[:200]}")
    return {"defects": [(d.name, d.family) for d in defects.DEFECTS], "reports": len(texts),
            "table": table, "controls": controls, "details": details, "seconds": time.perf_counter() - t0}


def summary(m: dict) -> list[str]:
    totals, ctotals, by_defect = Counter(), Counter(), Counter()
    for name, _ in m["defects"]:
        c = Counter(m["table"].get(name, {}))
        totals.update(c)
        ctotals.update(m["controls"].get(name, {}))
        n = sum(c.values())
        if n:
            by_defect["caught" if c["caught"] == n else "missed" if c["missed"] == n else "partly"] += 1
    return [f"mutations {sum(totals.values())}: caught {totals['caught']}, partly {totals['partly']}, "
            f"missed {totals['missed']}",
            f"defects {len(m['defects'])}: caught everywhere {by_defect['caught']}, partly {by_defect['partly']}, "
            f"missed everywhere {by_defect['missed']}",
            f"controls {sum(ctotals.values())}: clean {ctotals['clean']}, a warning or notice only {ctotals['noted']}, "
            f"false error {ctotals['false']}"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", default=str(ROOT / "src"), help=argparse.SUPPRESS)
    ap.add_argument("--against", metavar="DIR", help="an earlier checkout, measured the same way in this run")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    now = measure(args.src)
    if args.json:
        print(json.dumps(now, ensure_ascii=False))
        return 0
    before = None
    if args.against:
        got = subprocess.run([sys.executable, __file__, "--src", str(pathlib.Path(args.against) / "src"), "--json"],
                             capture_output=True, text=True, check=True)
        before = json.loads(got.stdout)
    print(f"{len(now['defects'])} defects × {now['reports']} real reports (the seeds and corpus texts of 2019 and "
          "later; a defect is tried where the report has what it edits, and not where it already has the defect)\n")
    head = f"{'defect':<24}{'family':<9}{'tried':>6}  {'caught/partly/missed':>20}"
    print(head + (f"  {'before':>20}" if before else "") + "   controls clean/noted/false")
    for name, family in now["defects"]:
        c, k = Counter(now["table"].get(name, {})), Counter(now["controls"].get(name, {}))
        row = f"{name:<24}{family:<9}{sum(c.values()):>6}  {c['caught']:>8}/{c['partly']}/{c['missed']:<6}"
        if before:
            b = Counter(before["table"].get(name, {}))
            row += f"  {b['caught']:>11}/{b['partly']}/{b['missed']:<6}"
        if k:
            row += f"   {k['clean']}/{k['noted']}/{k['false']}"
        print(row)
    print()
    for line in summary(now):
        print(("now     " if before else "") + line)
    if before:
        for line in summary(before):
            print(f"before  {line}")
    print(f"{now['seconds']:.1f} s")
    if args.verbose:
        for line in now["details"]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
