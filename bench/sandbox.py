"""What the sandbox costs and what it saves. On one pinned core, best of N passes:

- per document, reading in place (the library's own functions) beside reading through
  the sandbox's warm worker (`load.load_bytes`, `load.read_and_check`): the real reports
  of ../shared/corpus and the seeds, and generated text reports; the overhead in ms per
  document and the ratio;
- a batch's chunk of 32 reports done in place beside the same chunk in a sandbox worker;
- the hostile documents of render/hostile.py, each refused: seconds until the refusal,
  and the message (the worker's peak memory stays under its limit: it is the limit that
  stops it).

    .venv/bin/python bench/sandbox.py [--generated 300] [--repeat 5]
"""

from __future__ import annotations

import argparse
import pathlib
import random
import resource
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from gongkai import load, sandbox  # noqa: E402
from gongkai.batch.work import process_chunk  # noqa: E402
from gongkai.errors import GongkaiError  # noqa: E402
from gongkai.render.hostile import recursive_pdf, shared_stream_pdf, xml_heavy_docx  # noqa: E402
from gongkai.render.text import TextStyle, render_text  # noqa: E402
from gongkai.report.sample import sample_report  # noqa: E402
from measure import best_rate, pin_one_core  # noqa: E402

SHARED = ROOT.parent / "shared"


def real() -> list[tuple[str, bytes]]:
    files = sorted((SHARED / "corpus" / "raw").glob("*")) + sorted((SHARED / "seeds").glob("*.txt"))
    return [(p.name, p.read_bytes()) for p in files]


def generated(n: int) -> list[tuple[str, bytes]]:
    rng = random.Random(7)
    return [(f"g{i}.txt", render_text(sample_report(rng, rng.choice(("2021", "2019"))), TextStyle.random(rng))
             .encode("utf-8")) for i in range(n)]


def in_place_read(item):
    try:
        return load._load_bytes(item[1], item[0])
    except GongkaiError:
        return None


def sandboxed_read(item):
    try:
        return load.load_bytes(item[1], item[0])
    except GongkaiError:
        return None


def in_place_check(item):
    try:
        return load._read_and_check(item[1], item[0], None)
    except GongkaiError:
        return None


def sandboxed_check(item):
    try:
        return load.read_and_check(item[1], item[0])
    except GongkaiError:
        return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--generated", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    pin_one_core()
    sandbox.pool()  # the warm worker, started before anything is measured
    groups = [("real", real()), ("generated", generated(args.generated))]
    print(f"one pinned core, best of {args.repeat}; the sandbox's worker forked once, then warm\n")
    print(f"{'corpus':10} {'docs':>5} {'task':14} {'in place/s':>11} {'sandbox/s':>10} {'ms/doc in place':>16}"
          f" {'ms/doc sandbox':>15} {'overhead ms':>12} {'ratio':>7}")
    for name, items in groups:
        if not items:
            continue
        for task, here, there in (("read", in_place_read, sandboxed_read), ("read + check", in_place_check,
                                                                             sandboxed_check)):
            a = best_rate(here, items, args.repeat)
            b = best_rate(there, items, args.repeat)
            print(f"{name:10} {len(items):5d} {task:14} {a:11.0f} {b:10.0f} {1000 / a:16.2f} {1000 / b:15.2f}"
                  f" {1000 / b - 1000 / a:12.2f} {a / b:6.2f}×")
    chunk = [(f"id{i}", name, data) for i, (name, data) in enumerate(generated(32))]
    pool = sandbox.Pool(1)
    a = best_rate(process_chunk, [chunk], args.repeat) * len(chunk)
    b = best_rate(lambda c: pool.call(process_chunk, c), [chunk], args.repeat) * len(chunk)
    print(f"\nbatch chunk of 32: {a:.0f} reports/s in place, {b:.0f}/s in a sandbox worker ({a / b:.2f}×)")
    pool.close()

    print(f"\nhostile documents (limits: {sandbox.Limits.from_environment()}):")
    for name, data in (("recursive form XObject PDF", recursive_pdf()), ("1,999 pages sharing one stream",
                                                                          shared_stream_pdf()),
                       ("DOCX with 185 MB of XML", xml_heavy_docx())):
        started = time.perf_counter()
        try:
            load.load_bytes(data, name)
            outcome = "read"
        except GongkaiError as err:
            outcome = str(err)
        print(f"  {name} ({len(data) // 1024} KB): {time.perf_counter() - started:.2f} s — {outcome}")
    sandbox.pool().close()
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\nlargest peak of a sandbox worker: {peak:.0f} MiB (its limit: {sandbox.Limits().memory_mb} MB beyond "
          "what it was forked with)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
