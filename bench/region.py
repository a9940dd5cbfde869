"""A country's reports at once: `compare --cross-year`, `aggregate` and `explore` on batch
outputs of growing size (default 10,000, 30,000 and 100,000 reports), to show that each stays
linear in the corpus — with the floor each must pay measured in the same run.

The corpus: agencies of real divisions (GB/T 2260) × departments, each reporting five years
(2020–2024); one agency in ten prints its name another way in one year (a short form, the
province put before), so the register must put its years together for the cross-year checks
to run. Made once in bench/.region (text reports, read by `gongkai batch` with 2 workers).

    .venv/bin/python bench/region.py [--sizes 10000,30000,100000]

Prints for each size: reports, cross-year pairs and findings, seconds and reports/s for
compare --cross-year against the floor (every model of the output read and parsed once);
aggregate of one year's reports against the floor (that year's models read and parsed);
explore: seconds from the command to the first page, and a faceted query's time in Datasette
against the same GROUP BY in sqlite3 — and the peak memory of each.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import pathlib
import random
import resource
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

HOME = ROOT / "bench" / ".region"
YEARS = range(2020, 2025)
DEPARTMENTS = ("科学技术局", "财政局", "教育局", "民政局", "司法局", "生态环境局", "交通运输局", "人民政府办公室",
               "市场监督管理局", "卫生健康委员会", "自然资源局", "审计局", "统计局", "商务局", "农业农村局",
               "水利局", "应急管理局", "医疗保障局", "住房和城乡建设局", "人力资源和社会保障局")
OTHER = {"科学技术局": "科技局", "市场监督管理局": "市场监管局", "卫生健康委员会": "卫健委", "交通运输局": "交通局",
         "人民政府办公室": "政府办", "住房和城乡建设局": "住建局", "人力资源和社会保障局": "人社局",
         "医疗保障局": "医保局", "应急管理局": "应急局"}


def agencies(n: int) -> list[tuple[str, str]]:
    """n (name, name as printed in one year) of real divisions × departments."""
    from gongkai.agencies import regions
    rng = random.Random(2260)
    places = sorted(regions.divisions(), key=lambda r: r.code)
    pairs = [(p, d) for p in places for d in DEPARTMENTS]
    rng.shuffle(pairs)
    out = []
    for place, dept in pairs[:n]:
        chain = regions.chain(place.code)
        prefix = "".join(r.name for r in chain[1:]) if len(chain) > 1 else chain[0].name
        name = prefix + dept
        other = name
        if rng.random() < 0.1:
            other = prefix + OTHER[dept] if dept in OTHER else chain[0].name + name if len(chain) > 1 else name
        out.append((name, other))
    return out


def _write(job) -> int:
    from gongkai.render.text import TextStyle, render_text
    from gongkai.report.sample import sample_report
    folder, start, names = job
    os.makedirs(folder, exist_ok=True)
    for i, (name, other) in enumerate(names, start):
        for year in YEARS:
            rng = random.Random(i * 10 + year)
            printed = other if year == 2022 else name
            report = sample_report(rng, "2019" if year < 2021 else "2021", year=year, agency=printed)
            text = render_text(report, TextStyle(shape="tabbed"))
            with open(os.path.join(folder, f"a{i:06d}-{year}.txt"), "w", encoding="utf-8") as f:
                f.write(text)
    return len(names) * len(YEARS)


def corpus(reports: int) -> list[str]:
    """Folders holding `reports` reports (whole folders of 1,000 agencies × 5 years' share)."""
    per = 200  # agencies a folder: 1,000 reports
    folders = reports // (per * len(YEARS))
    names = agencies(folders * per)
    jobs = [(str(HOME / "in" / f"{k:03d}"), k * per, names[k * per:(k + 1) * per]) for k in range(folders)
            if not (HOME / "in" / f"{k:03d}" / ".done").exists()]
    if jobs:
        from tqdm import tqdm
        with multiprocessing.Pool(2) as pool:
            for folder_done in tqdm(pool.imap_unordered(_write_done, jobs), total=len(jobs), desc="生成年报",
                                    unit="千份"):
                pass
    return [str(HOME / "in" / f"{k:03d}") for k in range(folders)]


def _write_done(job) -> int:
    n = _write(job)
    (pathlib.Path(job[0]) / ".done").touch()
    return n


def batch(folders: list[str], reports: int) -> str:
    out = HOME / f"out-{reports}"
    if not (out / ".complete").exists():
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "gongkai.cli", "batch", *folders, "--out", str(out), "--workers", "2"],
                       check=False, env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
        (out / ".complete").touch()
    return str(out)


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """(seconds, peak MiB, stdout) of `gongkai CMD` in a fresh process."""
    t = time.perf_counter()
    p = subprocess.Popen([sys.executable, "-m", "gongkai.cli", *cmd], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         text=True, env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
    text = p.stdout.read()
    _, _, usage = os.wait4(p.pid, 0)
    p.returncode = 0
    return time.perf_counter() - t, usage.ru_maxrss / 1024, text


def floor_models(out: str, year: int | None = None) -> float:
    """Seconds to read and parse every model of the output (of one year): what any pass over
    the reports themselves must pay."""
    import duckdb

    from gongkai.batch.database import parts
    from gongkai.report.jsonio import from_dict
    t = time.perf_counter()
    con = duckdb.connect()
    sql = "select m.model from read_parquet(?) m"
    args = [parts(out, "models")]
    if year is not None:
        sql += " join read_parquet(?) r using (report_id) where r.year = ?"
        args += [parts(out, "reports"), year]
    cur = con.execute(sql, args)
    while rows := cur.fetchmany(500):
        for (model,) in rows:
            from_dict(json.loads(model))
    return time.perf_counter() - t


def explore(out: str) -> tuple[float, float, float, float]:
    """(seconds to the first page, faceted query seconds in Datasette, the same in sqlite3, peak MiB)."""
    import sqlite3
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    t = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "gongkai.cli", "explore", out, "--port", str(port)],
                              env=dict(os.environ, PYTHONPATH=str(ROOT / "src")), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/gongkai", timeout=5).read()
                break
            except OSError:
                if server.poll() is not None or time.perf_counter() - t > 120:
                    raise SystemExit("explore did not start")
                time.sleep(0.05)
        opened = time.perf_counter() - t
        query = (f"http://127.0.0.1:{port}/gongkai/reports.json?year=2024&agency_level=%E5%8E%BF"
                 "&_facet=province&_facet=form&_facet=agency_kind&_size=50")
        best = min(_time(lambda: urllib.request.urlopen(query, timeout=60).read()) for _ in range(3))
        with open(f"/proc/{server.pid}/status") as f:
            peak = next(int(line.split()[1]) / 1024 for line in f if line.startswith("VmHWM"))
    finally:
        server.terminate()
        server.wait()
    db = sqlite3.connect(os.path.join(out, "gongkai.sqlite"))
    raw = min(_time(lambda: [db.execute(
        f"select {c}, count(*) from reports where year = 2024 and agency_level = '县' group by 1").fetchall()
        for c in ("province", "form", "agency_kind")]) for _ in range(3))
    return opened, best, raw, peak


def _time(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,30000,100000")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    folders = corpus(max(sizes))
    rows = []
    for size in sizes:
        use = folders[:size // 1000]
        out = batch(use, size)
        cross, cross_peak, text = timed(["compare", out, "--cross-year"])
        found = next((line for line in text.splitlines() if line.startswith("跨年度核对")), "")
        floor_all = floor_models(out)
        agg, agg_peak, _ = timed(["aggregate", out, "--year", "2024", "--name", "全国汇总"])
        floor_year = floor_models(out, 2024)
        opened, faceted, raw, explore_peak = explore(out)
        rows.append((size, cross, floor_all, cross_peak, found, agg, floor_year, agg_peak, opened, faceted, raw,
                     explore_peak))
    print(f"\n{'reports':>8} {'cross-year s':>12} {'/s':>7} {'floor s':>8} {'÷floor':>7} {'MiB':>6}  "
          f"{'aggregate s':>11} {'floor s':>8} {'÷floor':>7} {'MiB':>6}  {'explore open s':>14} {'facet s':>8} "
          f"{'sqlite3 s':>9} {'MiB':>6}")
    for size, cross, fa, cp, found, agg, fy, ap_, opened, faceted, raw, ep in rows:
        print(f"{size:8,} {cross:12.1f} {size / cross:7.0f} {fa:8.1f} {cross / fa:7.2f} {cp:6.0f}  "
              f"{agg:11.1f} {fy:8.1f} {agg / fy:7.2f} {ap_:6.0f}  {opened:14.2f} {faceted:8.3f} {raw:9.3f} {ep:6.0f}")
    for r in rows:
        print(f"{r[0]:8,}: {r[4]}")
    if len(rows) > 1:
        (s0, c0), (s1, c1) = (rows[0][0], rows[0][1]), (rows[-1][0], rows[-1][1])
        print(f"\ncross-year: {s1 / s0:.0f}× the reports took {c1 / c0:.1f}× the time; "
              f"aggregate: {rows[-1][5] / rows[0][5]:.1f}×")
    print(f"machine: {os.cpu_count()} cores; peak memory of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
