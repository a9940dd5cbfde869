"""The readers under hostile input, at length: per input class (src/gongkai/render/hostile.py:
text, HTML with bombs and processing instructions, DOCX mutated or packing hundreds of
MB of XML, JSON and YAML models huge or of the wrong kind, PDFs whose forms draw
themselves or whose pages share one long stream), N inputs loaded and checked as the
command line does — through the sandbox — in a process of its class with a 120-second
limit per input. Prints, per class, inputs read, refused (a one-line error) and refused
by a sandbox limit, tracebacks (any other exception), hangs (past the limit), the
slowest input, and the peak memory of the class's process and of its sandbox workers —
beside the same reading the clean, unmutated inputs (the baseline, in the same run).

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

LIMIT = 120  # a hang, not a slow input: the sandbox's own wall limit is 90 s


def worker(kind: str, n: int, clean: bool) -> dict:
    from gongkai import sandbox
    from gongkai.render.hostile import base, hostile, read

    counts = {"read": 0, "refused": 0, "limit": 0, "traceback": 0, "hang": 0}
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
    sandbox.pool().close()  # its workers waited for: their peaks are counted
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {**counts, "slowest": slowest, "peak_mib": peak, "sandbox_mib": workers, "examples": examples[:3]}


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
    from gongkai.sandbox import Limits

    print(f"{args.inputs} hostile inputs per class; each input limited to {LIMIT} s; sandbox {Limits()}\n")
    print(f"{'class':6} {'read':>6} {'refused':>8} {'by limit':>9} {'traceback':>10} {'hangs':>6} {'slowest s':>10}"
          f" {'peak MiB':>9} {'sandbox MiB':>12} {'clean sandbox':>14}")
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
        worst_peak = max(worst_peak, r["sandbox_mib"])
        print(f"{kind:6} {r['read']:6d} {r['refused']:8d} {r['limit']:9d} {r['traceback']:10d} {r['hang']:6d}"
              f" {r['slowest']:10.2f} {r['peak_mib']:9.0f} {r['sandbox_mib']:12.0f} {c['sandbox_mib']:14.0f}")
        for example in r["examples"]:
            print("    ", example)
    print(f"\ntracebacks {totals['traceback']}, hangs {totals['hang']}, largest sandbox worker peak "
          f"{worst_peak:.0f} MiB (targets: 0, 0, under the worker's limit: {Limits().memory_mb} MB beyond what it "
          "was forked with)")


if __name__ == "__main__":
    main()
