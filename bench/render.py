"""Render time per report for each output form (one core), on generated reports.

    .venv/bin/python bench/render.py [--reports 20]
"""

from __future__ import annotations

import argparse
import pathlib
import random
import shutil
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from gongkai.render.docx import render_docx  # noqa: E402
from gongkai.render.html import render_html  # noqa: E402
from gongkai.render.markdown import render_markdown  # noqa: E402
from gongkai.render.pdf import docx_to_pdf  # noqa: E402
from gongkai.render.text import TextStyle, render_text  # noqa: E402
from gongkai.report.sample import sample_report  # noqa: E402
from measure import pin_one_core  # noqa: E402


def timed(fn, items) -> float:
    t = time.perf_counter()
    for item in items:
        fn(item)
    return (time.perf_counter() - t) / len(items) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=20)
    args = ap.parse_args()
    pin_one_core()
    rng = random.Random(3)
    reports = [sample_report(rng, rng.choices(("2021", "2019", "legacy"), (6, 2, 2))[0]) for _ in range(args.reports)]
    docx = [render_docx(r) for r in reports]  # warm up
    rows = [("text (pdf-copy shape)", timed(lambda r: render_text(r, TextStyle(shape="pdf")), reports)),
            ("markdown", timed(render_markdown, reports)),
            ("html", timed(render_html, reports)),
            ("docx", timed(render_docx, reports))]
    if shutil.which("soffice"):
        few = docx[: max(3, args.reports // 4)]
        docx_to_pdf(few[0])  # LibreOffice's first start creates its profile
        rows.append(("pdf (docx + LibreOffice)", rows[-1][1] + timed(docx_to_pdf, few)))
    print(f"{'form':26} {'ms/report':>10}")
    for name, ms in rows:
        print(f"{name:26} {ms:10.1f}")
    print(f"({args.reports} generated reports; PDF on {max(3, args.reports // 4)}, one LibreOffice start each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
