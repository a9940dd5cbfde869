"""PDF extraction throughput, on generated 5-page PDFs (DOCX rendered by gongkai,
converted by LibreOffice), one core:

- gongkai: read the PDF and extract the whole report (every table, metadata, figures,
  page and box for every value);
- floor: pypdfium2 opening the PDF and pulling each page's text, nothing more;
- pdfplumber: the common approach, `page.extract_tables()` on every page.

    .venv/bin/python bench/extract_pdf.py [--reports 30] [--repeat 3]
"""

from __future__ import annotations

import argparse
import pathlib
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import tracemalloc

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import pypdfium2 as pdfium  # noqa: E402

from gongkai.extract import extract_text  # noqa: E402
from gongkai.render.docx import DocxStyle, render_docx  # noqa: E402
from gongkai.report.jsonio import to_dict  # noqa: E402
from gongkai.report.sample import sample_report  # noqa: E402
from measure import best_rate, pin_one_core  # noqa: E402


def make_pdfs(n: int, folder: pathlib.Path) -> list[tuple[bytes, object]]:
    rng = random.Random(5)
    reports = []
    for i in range(n):
        version = rng.choices(("2021", "2019", "legacy"), (6, 2, 2))[0]
        report = sample_report(rng, version)
        style = DocxStyle(body_font=rng.choice(("仿宋_GB2312", "宋体", "楷体")), landscape_tables=rng.random() < 0.3,
                          extra_paragraphs={"2021": 4, "2019": 3, "legacy": 8}[version])  # about 5 pages
        render_docx(report, folder / f"r{i}.docx", style)
        reports.append(report)
    soffice = shutil.which("soffice")
    if not soffice:
        sys.exit("LibreOffice (soffice) is needed to make the PDFs: run scripts/system-deps")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", "pdf",
                    "--outdir", str(folder)] + [str(folder / f"r{i}.docx") for i in range(n)],
                   check=True, capture_output=True)
    return [((folder / f"r{i}.pdf").read_bytes(), reports[i]) for i in range(n)]


def floor(data: bytes) -> None:
    pdf = pdfium.PdfDocument(data)
    for page in pdf:
        page.get_textpage().get_text_range()
    pdf.close()


def plumber(data: bytes) -> None:
    import io

    import pdfplumber
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_tables()




def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=30)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    pin_one_core()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"生成 {args.reports} 份 PDF……", flush=True)
        made = make_pdfs(args.reports, pathlib.Path(tmp))
    items = [data for data, _ in made]
    pages = sum(len(pdfium.PdfDocument(d)) for d in items) / len(items)
    exact = 0
    for data, report in made:
        got, want = to_dict(extract_text(data)), to_dict(report)
        exact += all(got[k] == want[k] for k in ("format_version", "agency", "year", "table_a", "table_b", "table_c"))
    ours = best_rate(extract_text, items, args.repeat)
    base = best_rate(floor, items, args.repeat)
    plumb = best_rate(plumber, items[: max(3, len(items) // 5)], 1)
    tracemalloc.start()
    worst = 0
    for data in items[:10]:
        tracemalloc.reset_peak()
        extract_text(data)
        worst = max(worst, tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n{len(items)} PDFs, {pages:.1f} pages each, {sum(map(len, items)) / len(items) / 1024:.0f} KB each; "
          f"read back exactly: {exact}/{len(items)}")
    print(f"{'':28} {'reports/s':>10} {'ms/report':>10}")
    for name, r in (("gongkai extract (end to end)", ours), ("floor: pypdfium2 text only", base),
                    ("pdfplumber.extract_tables()", plumb)):
        print(f"{name:28} {r:10.1f} {1000 / r:10.1f}")
    print(f"\ngongkai ÷ floor time: {base / ours:.2f}× (target ≤ 3×)")
    print(f"pdfplumber ÷ gongkai time: {ours / plumb:.1f}× (target ≥ 10×)")
    print(f"peak memory: largest allocation peak for one report {worst / 1048576:.1f} MiB (Python heap); "
          f"process RSS {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
