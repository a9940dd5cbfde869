"""The readers under hostile input, at length: per input class (src/gongkai/render/hostile.py),
N mutated inputs loaded and checked as the command line does, each in a worker process
of its class with a 20-second limit. Prints, per class, inputs read and refused (a
one-line error), tracebacks (any other exception), hangs (past 20 s), the slowest input,
and the peak memory of the class's worker — beside the same worker reading the clean,
unmutated inputs (the baseline, measured in the same run).

    .venv/bin/python bench/fuzz.py [--inputs 1000]
"""

from __future__ import annotations

import argparse
import json
import pathlib
import random
import resource
import signal
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

LIMIT = 20


def worker(kind: str, n: int, clean: bool) -> dict:
    from gongkai.render.hostile import base, hostile, read

    counts = {"read": 0, "refused": 0, "traceback": 0, "hang": 0}
    slowest, examples = 0.0, []

    def stop(signum, frame):
        raise TimeoutError

    signal.signal(signal.SIGALRM, stop)
    for i in range(n):
        rng = random.Random(f"{kind}-{i}")
        data = base(kind, rng) if clean else hostile(kind, rng)
        started = time.perf_counter()
        signal.alarm(LIMIT)
        try:
            counts[read(data)] += 1
        except TimeoutError:
            counts["hang"] += 1
            examples.append(f"{i}: hang")
        except Exception as err:  # what the command line would print as a traceback
            counts["traceback"] += 1
            examples.append(f"{i}: {type(err).__name__}: {str(err)[:80]}")
        finally:
            signal.alarm(0)
        slowest = max(slowest, time.perf_counter() - started)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {**counts, "slowest": slowest, "peak_mib": peak, "examples": examples[:3]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inputs", type=int, default=1000, help="inputs per class")
    ap.add_argument("--worker", nargs=3, metavar=("CLASS", "N", "CLEAN"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        kind, n, clean = args.worker
        print(json.dumps(worker(kind, int(n), clean == "1")))
        return
    from gongkai.render.hostile import CLASSES

    print(f"{args.inputs} hostile inputs per class; each input limited to {LIMIT} s\n")
    print(f"{'class':6} {'read':>6} {'refused':>8} {'traceback':>10} {'hangs':>6} {'slowest s':>10}"
          f" {'peak MiB':>9} {'clean peak':>11}")
    totals = {"traceback": 0, "hang": 0}
    worst_peak = 0.0
    for kind in CLASSES:
        runs = {}
        for clean in ("1", "0"):
            n = min(args.inputs, 200) if clean == "1" else args.inputs
            proc = subprocess.run([sys.executable, __file__, "--worker", kind, str(n), clean], capture_output=True,
                                  text=True, timeout=LIMIT * n + 600)
            runs[clean] = json.loads(proc.stdout.strip().splitlines()[-1])
        r, c = runs["0"], runs["1"]
        totals["traceback"] += r["traceback"]
        totals["hang"] += r["hang"]
        worst_peak = max(worst_peak, r["peak_mib"])
        print(f"{kind:6} {r['read']:6d} {r['refused']:8d} {r['traceback']:10d} {r['hang']:6d} {r['slowest']:10.2f}"
              f" {r['peak_mib']:9.0f} {c['peak_mib']:11.0f}")
        for example in r["examples"]:
            print("    ", example)
    print(f"\ntracebacks {totals['traceback']}, hangs {totals['hang']}, largest peak {worst_peak:.0f} MiB "
          "(targets: 0, 0, under 1024 MiB)")


if __name__ == "__main__":
    main()
