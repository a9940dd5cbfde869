"""Scans read by OCR: per degradation (src/gongkai/render/scan.py), over generated
reports rendered to PDF and rasterised, the table cells read exact, corrected right by
the identities, flagged (blank, said to be so), and wrong — and the seconds per page on
one core (one OCR thread, the process pinned to one core). The same reports are read
from their text-layer PDFs in the same run, as the baseline.

    .venv/bin/python bench/ocr.py [--reports 2] [--degradations clean,seal] [--dpi 150,200,300]
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("GONGKAI_OCR_THREADS", "1")

from gongkai.extract import extract  # noqa: E402
from gongkai.ingest import read_bytes  # noqa: E402
from gongkai.render.pdf import render_pdf  # noqa: E402
from gongkai.render.scan import DEGRADATIONS, degrade, rasterise, scanned_pdf  # noqa: E402
from gongkai.report.sample import sample_report  # noqa: E402
from measure import pin_one_core  # noqa: E402


def score(report, truth) -> dict[str, int]:
    got = dict(report.cells())
    out = {"exact": 0, "corrected": 0, "flagged": 0, "wrong": 0}
    for path, want in truth.cells():
        v = got.get(path)
        if v is not None and v.value is not None and v.value == want.value:
            out["corrected" if v.note and ("已更正" in v.note or "已补" in v.note) else "exact"] += 1
        elif v is not None and v.value is None and (v.ambiguous or want.value is None):
            out["flagged" if want.value is not None else "exact"] += 1
        elif v is None or v.value is None:
            out["flagged"] += 1  # not read: the report says the cell is missing
        else:
            out["wrong"] += 1
            print(f"    wrong: {path} read {v.value}, printed {want.value} ({v.note})", file=sys.stderr)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=2)
    ap.add_argument("--degradations", default=",".join(DEGRADATIONS))
    ap.add_argument("--dpi", default="200", help="resolutions of the clean scan (the degradations use 200)")
    args = ap.parse_args()
    pin_one_core()
    reports = [sample_report(40 + i, "2021" if i % 2 == 0 else "2019") for i in range(args.reports)]
    pdfs = [render_pdf(r) for r in reports]
    t = time.perf_counter()
    for pdf in pdfs:
        extract(read_bytes(pdf, "text.pdf"))
    text_rate = len(pdfs) / (time.perf_counter() - t)
    runs = [(f"clean {d} dpi", "clean", int(d)) for d in args.dpi.split(",")]
    runs += [(f"{d} 200 dpi", d, 200) for d in args.degradations.split(",") if d != "clean"]
    print(f"{len(reports)} generated reports (2021 and 2019 formats); text-layer PDF baseline: "
          f"{text_rate:.1f} reports/s")
    print(f"{'scan':<22}{'cells':>7}{'exact':>8}{'corrected':>11}{'flagged':>9}{'wrong':>7}{'exact+corr':>12}{'s/page':>8}")
    for title, how, dpi in runs:
        total = {"exact": 0, "corrected": 0, "flagged": 0, "wrong": 0}
        pages = seconds = 0.0
        for n, (report, pdf) in enumerate(zip(reports, pdfs)):
            images = [degrade(img, how, dpi, seed=n * 10 + k) for k, img in enumerate(rasterise(pdf, dpi))]
            scan = scanned_pdf(images, dpi)
            t = time.perf_counter()
            read = extract(read_bytes(scan, "scan.pdf"))
            seconds += time.perf_counter() - t
            pages += len(images)
            for k, v in score(read, report).items():
                total[k] += v
        cells = sum(total.values())
        print(f"{title:<22}{cells:>7}{total['exact']:>8}{total['corrected']:>11}{total['flagged']:>9}"
              f"{total['wrong']:>7}{(total['exact'] + total['corrected']) / cells:>11.1%}{seconds / pages:>8.1f}",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
