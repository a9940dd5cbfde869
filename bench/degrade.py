"""The reader on generated reports published the way real ones are: per class of
variation (src/gongkai/render/degrade.py), the share of cells read exact, flagged and
wrong over N generated reports, and the reading rate beside the rate on the same
reports published plainly, measured in the same run.

A flagged cell is blank and said to be so; "several readings" counts the flagged
cells whose candidates hold the printed value and at least one other — the cells
the identities truly cannot decide.

    .venv/bin/python bench/degrade.py [--reports 1000] [--classes glued,typos]
"""

from __future__ import annotations

import argparse
import pathlib
import random
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from gongkai.extract import extract  # noqa: E402
from gongkai.ingest import read_bytes  # noqa: E402
from gongkai.render.degrade import CLASSES, KINDS, compare, degrade, sample_for  # noqa: E402
from gongkai.render.text import TextStyle, render_text  # noqa: E402
from measure import pin_one_core  # noqa: E402


def several_readings(got, want) -> int:
    cells = dict(got.cells())
    n = 0
    for path, v in want.cells():
        g = cells.get(path)
        if g is not None and g.value is None and g.candidates and v.value in g.candidates and len(g.candidates) > 1:
            n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--classes", help="comma-separated (default: all)")
    args = ap.parse_args()
    pin_one_core()
    kinds = args.classes.split(",") if args.classes else KINDS
    print(f"{args.reports} generated reports per class; one core\n")
    print(f"{'class':15} {'family':15} {'cells':>8} {'exact':>8} {'flagged':>8} {'several':>8} {'wrong':>6}"
          f" {'reads/s':>8} {'plain/s':>8}")
    total_wrong = 0
    for kind in kinds:
        data, plain, wants = [], [], []
        for seed in range(args.reports):
            r = sample_for(kind, seed)
            d = degrade(r, kind, random.Random(seed))
            data.append(d.data if isinstance(d.data, bytes) else d.data.encode("utf-8"))
            plain.append(render_text(r, TextStyle(shape="plain")).encode("utf-8"))
            wants.append(d.expected)
        t = time.perf_counter()
        gots = [extract(read_bytes(x)) for x in data]
        rate = len(data) / (time.perf_counter() - t)
        t = time.perf_counter()
        for x in plain:
            extract(read_bytes(x))
        plain_rate = len(plain) / (time.perf_counter() - t)
        exact = flagged = wrong = several = 0
        for got, want in zip(gots, wants):
            e, f, w, misses = compare(got, want)
            exact, flagged, wrong = exact + e, flagged + f, wrong + w
            several += several_readings(got, want) if f else 0
            for m in misses[:2]:
                print("   wrong:", m)
        cells = exact + flagged + wrong
        total_wrong += wrong
        print(f"{kind:15} {CLASSES[kind]:15} {cells:8d} {exact / cells:8.2%} {flagged / cells:8.2%}"
              f" {several / cells:8.2%} {wrong:6d} {rate:8.0f} {plain_rate:8.0f}")
    print(f"\nwrong cells in all classes: {total_wrong}")


if __name__ == "__main__":
    main()
