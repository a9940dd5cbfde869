"""Text extraction throughput: reports/s on one core and peak memory, over the
seed reports, over a generated corpus of varied reports (formats, copied-text
shapes, encodings) and over generated one-line crawler dumps (cells run together,
solved under the identities), beside two baselines measured in the same run:

- floor: decoding the bytes and splitting lines (what any reader must do);
- ingest: gongkai's own decoding and row rebuilding, without extraction.

It also checks that every generated report reads back exactly (render → extract).
"real" are the real reports of ../shared/corpus kept as text (crawler dumps). With
`--against REV`, the real reports and the seeds are also read by the code of revision REV
(a git worktree), alternating with this code in fresh processes on the same core: the
ratio is measured, not remembered.

    .venv/bin/python bench/extract_text.py [--corpus 1000] [--repeat 5] [--against REV]
"""

from __future__ import annotations

import argparse
import codecs
import gc
import pathlib
import random
import resource
import sys
import tracemalloc

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from gongkai.extract import extract_text  # noqa: E402
from gongkai.ingest.text import decode, read_text  # noqa: E402
from gongkai.render.degrade import degrade, sample_for  # noqa: E402
from gongkai.render.text import TextStyle, render_text  # noqa: E402
from gongkai.report.jsonio import to_dict  # noqa: E402
from gongkai.report.sample import sample_report  # noqa: E402
from measure import best_rate, pin_one_core  # noqa: E402

ENCODERS = (
    ("utf-8", lambda t: t.encode("utf-8")),
    ("utf-8-bom", lambda t: codecs.BOM_UTF8 + t.encode("utf-8")),
    ("gb18030", lambda t: t.encode("gb18030")),
    ("utf-16", lambda t: t.encode("utf-16")),
)


def corpus(n: int, seed: int = 20240131):
    """n varied generated reports: (bytes, the model they were rendered from)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        version = rng.choices(("2021", "2019", "legacy"), (6, 2, 2))[0]
        report = sample_report(rng, version)
        text = render_text(report, TextStyle.random(rng))
        _, encode = rng.choices(ENCODERS, (6, 2, 1, 1))[0]
        out.append((encode(text), report))
    return out


def essentials(d: dict) -> dict:
    keep = ("format_version", "agency", "year", "table_a", "table_b", "table_c")
    out = {k: d[k] for k in keep}
    out["legacy"] = None if d["legacy"] is None else [(i["key"], i["value"]) for i in d["legacy"]]
    return out




def floor(data: bytes) -> None:
    decode(data)[0].splitlines()


def peak_alloc(items) -> float:
    """Largest allocation peak (MiB) while extracting any one report."""
    worst = 0
    tracemalloc.start()
    for data in items:
        tracemalloc.reset_peak()
        extract_text(data)
        worst = max(worst, tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
    return worst / 1048576


RATE = """
import pathlib, sys, time
from gongkai.extract import extract_text
files = [p.read_bytes() for p in sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))]
for d in files: extract_text(d)
best = 1e9
for _ in range({repeat}):
    t = time.perf_counter()
    for _ in range(20):
        for d in files: extract_text(d)
    best = min(best, time.perf_counter() - t)
print(20 * len(files) / best)
"""


def against(rev: str, folders: dict[str, pathlib.Path], repeat: int, rounds: int = 3) -> None:
    """Reports/s of this code and of revision `rev` on each folder's text reports, in fresh
    processes on the pinned core, alternating; the best of `rounds` each."""
    import os
    import subprocess
    import tempfile
    core = str(min(os.sched_getaffinity(0)))
    with tempfile.TemporaryDirectory(prefix="gongkai-against-") as tmp:
        tree = os.path.join(tmp, "tree")
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", tree, rev], check=True)
        try:
            best = {}
            for _ in range(rounds):
                for label, src in (("now", ROOT / "src"), (rev, pathlib.Path(tree) / "src")):
                    for name, folder in folders.items():
                        out = subprocess.run(["taskset", "-c", core, sys.executable, "-c", RATE.format(repeat=repeat),
                                              str(folder)], capture_output=True, text=True, check=True,
                                             env={**os.environ, "PYTHONPATH": str(src)})
                        best[label, name] = max(best.get((label, name), 0.0), float(out.stdout))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", tree], check=False)
    print(f"\nagainst {rev} (fresh processes, alternating, best of {rounds}):")
    print(f"{'corpus':10} {'now/s':>8} {rev + '/s':>12} {'ratio':>7}")
    for name in folders:
        now, then = best["now", name], best[rev, name]
        print(f"{name:10} {now:8.0f} {then:12.0f} {now / then:6.2f}×")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=int, default=1000, help="generated reports (default 1000)")
    ap.add_argument("--repeat", type=int, default=5, help="passes per measurement; the best is kept")
    ap.add_argument("--against", metavar="REV", help="also read the real reports and seeds with this revision's code")
    args = ap.parse_args()
    pin_one_core()

    seeds_dir = ROOT.parent / "shared" / "seeds"
    real_dir = ROOT.parent / "shared" / "corpus" / "raw"
    seeds = [p.read_bytes() for p in sorted(seeds_dir.glob("*.txt"))]
    real = [p.read_bytes() for p in sorted(real_dir.glob("*.txt"))]
    print(f"生成语料：{args.corpus} 份……", flush=True)
    generated = corpus(args.corpus)
    items = [data for data, _ in generated]
    # the same kind of reports as a crawler keeps them: the whole report on a line or
    # two, table cells run together (src/gongkai/render/degrade.py, class "glued")
    dumps = [degrade(sample_for("glued", k), "glued", random.Random(k)).data.encode("utf-8")
             for k in range(args.corpus)]

    # the corpus this benchmark holds (a thousand models) is no reader's: kept out of the
    # cyclic collector's sight, as a worker, which holds none, would be
    gc.collect()
    gc.freeze()
    exact = sum(essentials(to_dict(extract_text(data))) == essentials(to_dict(report)) for data, report in generated)
    rows = []
    for name, group in (("real", real * 20), ("seeds", seeds * 20), ("generated", items), ("one-line", dumps)):
        if not group:
            continue
        size = sum(map(len, group)) / len(group)
        f = best_rate(floor, group, args.repeat)
        i = best_rate(read_text, group, args.repeat)
        e = best_rate(extract_text, group, args.repeat)
        rows.append((name, len(group) // 20 if name in ("real", "seeds") else len(group), size, e, f, i))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    alloc = peak_alloc(seeds + items[:200])

    print(f"\n{'corpus':10} {'reports':>7} {'avg KB':>7} {'extract/s':>10} {'floor/s':>10} {'ingest/s':>10}"
          f" {'floor÷extract':>14} {'ingest÷extract':>15}")
    for name, n, size, e, f, i in rows:
        print(f"{name:10} {n:7d} {size / 1024:7.1f} {e:10.0f} {f:10.0f} {i:10.0f} {f / e:14.1f}× {i / e:14.1f}×")
    print(f"\nround trip exact: {exact}/{len(generated)} generated reports")
    print(f"peak memory: {rss:.0f} MiB RSS for the whole run (corpus held in memory); "
          f"largest allocation peak for one report {alloc:.2f} MiB")
    print("one core (pinned), best of", args.repeat, "passes")
    if args.against:
        against(args.against, {"real": real_dir, "seeds": seeds_dir}, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
