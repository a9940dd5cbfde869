"""Batch throughput at corpus scale: `gongkai batch` over a generated corpus of text
reports (default 100,000, 1 in 100 a bad file) and of PDFs (default 2,000), on
1 process, on 2 local processes, and on a local Dask cluster of 2 workers — with a
baseline measured in the same run: listing, reading and hashing every file (what
the coordinating process must do whatever the workers do). Prints reports/s,
scaling efficiency, peak memory of the whole process tree, the time to build the
database and workbook, and an estimate for a year of China's reports.

    .venv/bin/python bench/batch.py [--texts 100000] [--pdfs 2000] [--reports 100000]

The corpus is made once into bench/.corpus (bench/corpus.py).
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import pathlib
import shutil
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402
from gongkai.batch import Options, run_batch  # noqa: E402
from gongkai.batch.database import build  # noqa: E402
from gongkai.batch.inputs import sources  # noqa: E402
from gongkai.batch.run import digest  # noqa: E402
from gongkai.batch.workbook import write  # noqa: E402


class TreeMemory:
    """Peak resident memory of a process and all its descendants (workers, Dask
    scheduler, nanny and worker processes), sampled from /proc every 0.2 s."""

    def __init__(self, root: int):
        self.root = root
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _tree(self) -> int:
        children: dict[int, list[int]] = {}
        rss: dict[int, int] = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry.name))
                rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, IndexError, ValueError):
                continue
        total, todo = 0, [self.root]
        while todo:
            pid = todo.pop()
            total += rss.get(pid, 0)
            todo += children.get(pid, [])
        return total

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self._tree())
            self._stop.wait(0.2)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def floor(inputs: list[str]) -> float:
    """Files/s for listing, reading and hashing alone."""
    t = time.perf_counter()
    n = 0
    for source in sources(inputs):
        try:
            digest(source.read())
        except Exception:
            pass
        n += 1
    return n / (time.perf_counter() - t)


def _one_run(inputs: list[str], options: Options, out: str, results) -> None:
    cluster = None
    if options.scheduler == "local":
        from distributed import LocalCluster
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        options.scheduler = cluster.scheduler_address
    try:
        summary = run_batch(inputs, out, options)
    finally:
        if cluster is not None:
            cluster.close()
    results.put((summary.processed / summary.seconds, summary.processed))


def measure(inputs: list[str], options: Options, keep: str | None = None) -> tuple[float, float, int]:
    """(reports/s, peak MiB of the process tree, reports) for one whole run into a fresh
    folder, in a fresh process (so that one run's memory is not another's)."""
    out = keep or tempfile.mkdtemp(prefix="gongkai-bench-")
    spawn = multiprocessing.get_context("spawn")
    results = spawn.Queue()
    try:
        child = spawn.Process(target=_one_run, args=(inputs, options, out, results))
        child.start()
        with TreeMemory(child.pid) as memory:
            rate, n = results.get()
            child.join()
        return rate, memory.peak / 1048576, n
    finally:
        if keep is None:
            shutil.rmtree(out, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--texts", type=int, default=100_000, help="text reports in the corpus")
    ap.add_argument("--pdfs", type=int, default=2_000, help="PDF reports in the corpus")
    ap.add_argument("--reports", type=int, default=100_000, help="reports a year in China, for the estimate")
    args = ap.parse_args()
    text_dir = corpus.texts(args.texts)
    pdf_dir = corpus.pdfs(args.pdfs)
    text_in = [str(p) for p in sorted(text_dir.iterdir()) if p.is_dir()][: math.ceil(args.texts / 1000)]
    pdf_in = [str(pdf_dir / f"p{i:05d}.pdf") for i in range(args.pdfs)]
    print(f"语料：{args.texts} 份文本年报，{args.pdfs} 份 PDF 年报；本机 {os.cpu_count()} 核\n", flush=True)

    results = {}
    kept = tempfile.mkdtemp(prefix="gongkai-bench-")  # the text run on 2 processes, for the outputs' timing
    for kind, inputs in (("text", text_in), ("pdf", pdf_in)):
        base = floor(inputs)
        for name, options in (("1 process", Options(workers=1)), ("2 processes", Options(workers=2)),
                              ("Dask, 2 workers", Options(scheduler="local"))):
            keep = kept if (kind, name) == ("text", "2 processes") else None
            rate, peak, n = measure(inputs, options, keep)
            results[kind, name] = (rate, peak, n)
            print(f"{kind:5} {name:16} {n:7d} reports  {rate:8.1f} reports/s  peak {peak:6.0f} MiB (process tree)",
                  flush=True)
        results[kind, "floor"] = (base, 0, 0)
        print(f"{kind:5} {'floor':16} {'':15} {base:8.1f} files/s (list + read + hash only)\n", flush=True)

    print("scaling efficiency (rate ÷ (workers × 1-process rate)):")
    for kind in ("text", "pdf"):
        one = results[kind, "1 process"][0]
        for name in ("2 processes", "Dask, 2 workers"):
            print(f"  {kind:5} {name:16} {results[kind, name][0] / (2 * one):6.0%}  "
                  f"({results[kind, name][0] / one:.2f}× one process)")
        print(f"  {kind:5} floor ÷ 1 process {results[kind, 'floor'][0] / one:6.1f}× "
              "(how far the coordinator is from being the limit)")

    try:
        t = time.perf_counter()
        build(kept)
        db = time.perf_counter() - t
        t = time.perf_counter()
        write(kept)
        wb = time.perf_counter() - t
        size = sum(f.stat().st_size for f in pathlib.Path(kept).rglob("*") if f.is_file()) / 1048576
    finally:
        shutil.rmtree(kept, ignore_errors=True)
    print(f"\noutputs for {args.texts} text reports: DuckDB built in {db:.1f} s, workbook in {wb:.1f} s; "
          f"{size:.0f} MiB on disk in all")

    text2 = results["text", "Dask, 2 workers"][0]
    pdf2 = results["pdf", "Dask, 2 workers"][0]  # a cluster's machine: 2 cores, 2 Dask workers
    ceiling = results["pdf", "floor"][0]  # the coordinator reads and hashes every file, whatever the cluster
    hours = args.reports / pdf2 / 3600
    print(f"\nestimate for {args.reports:,} reports (one year of China's annual reports), planned at the PDF rate "
          f"of one 2-core machine on Dask ({pdf2:.0f}/s; text {text2:.0f}/s):")
    for label, seconds in (("1 hour", 3600), ("10 minutes", 600)):
        machines = math.ceil(args.reports / pdf2 / seconds)
        print(f"  within {label}: {machines} machine(s)")
    print(f"  1 machine: {hours:.1f} h. The coordinator reads and hashes PDFs at {ceiling:.0f}/s: the cluster "
          f"cannot go faster than that, {args.reports / ceiling / 60:.1f} min for the year, "
          f"i.e. about {math.ceil(ceiling / pdf2)} machines are all one coordinator can feed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
