"""A generated corpus on disk for the batch benchmark, made once and kept in
bench/.corpus (not committed): text reports in every shape and encoding the
extractor meets, 1 in 100 of them a bad file (empty, binary, not a report), and PDFs
(DOCX rendered by gongkai, converted by LibreOffice in runs of 50).

    .venv/bin/python bench/corpus.py [--texts 100000] [--pdfs 2000]
"""

from __future__ import annotations

import argparse
import os
import pathlib
import random
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from tqdm import tqdm  # noqa: E402

from extract_text import ENCODERS  # noqa: E402
from gongkai.render.docx import DocxStyle, render_docx  # noqa: E402
from gongkai.render.text import TextStyle, render_text  # noqa: E402
from gongkai.report.sample import sample_report  # noqa: E402

CORPUS = ROOT / "bench" / ".corpus"
BAD = (b"", bytes(range(256)) * 40, "会议纪要\n一、会议议题\n关于办公用房调整的事项。\n".encode())


def texts(n: int, folder: pathlib.Path = CORPUS / "text") -> pathlib.Path:
    """n text reports in folders of 1000; kept when already made."""
    done = folder / f".done-{n}"
    if done.exists():
        return folder
    rng = random.Random(20250131)
    for i in tqdm(range(n), desc="生成文本年报", unit="份", mininterval=1):
        sub = folder / f"{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        if rng.random() < 0.01:
            (sub / f"r{i:06d}.txt").write_bytes(rng.choice(BAD))
            continue
        version = rng.choices(("2021", "2019", "legacy"), (6, 2, 2))[0]
        report = sample_report(rng, version)
        _, encode = rng.choices(ENCODERS, (6, 2, 1, 1))[0]
        (sub / f"r{i:06d}.txt").write_bytes(encode(render_text(report, TextStyle.random(rng))))
    done.touch()
    return folder


def pdfs(n: int, folder: pathlib.Path = CORPUS / "pdf") -> pathlib.Path:
    """n PDFs of about five pages; made in runs of 50, so an interrupted run goes on."""
    folder.mkdir(parents=True, exist_ok=True)
    soffice = shutil.which("soffice")
    if not soffice:
        sys.exit("LibreOffice (soffice) is needed to make the PDFs: run scripts/system-deps")
    rng = random.Random(5)
    bar = tqdm(total=n, desc="生成 PDF 年报", unit="份", mininterval=1)
    for start in range(0, n, 50):
        batch = range(start, min(n, start + 50))
        reports = []
        for i in batch:  # the generator is drawn for every report, made or not, so the corpus never changes
            version = rng.choices(("2021", "2019", "legacy"), (6, 2, 2))[0]
            style = DocxStyle(body_font=rng.choice(("仿宋_GB2312", "宋体", "楷体")), landscape_tables=rng.random() < 0.3,
                              extra_paragraphs={"2021": 4, "2019": 3, "legacy": 8}[version])
            reports.append((i, sample_report(rng, version), style))
        if all((folder / f"p{i:05d}.pdf").exists() for i in batch):
            bar.update(len(batch))
            continue
        with tempfile.TemporaryDirectory() as tmp:
            for i, report, style in reports:
                render_docx(report, pathlib.Path(tmp) / f"p{i:05d}.docx", style)
            subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to",
                            "pdf", "--outdir", tmp] + sorted(str(p) for p in pathlib.Path(tmp).glob("*.docx")),
                           check=True, capture_output=True)
            for i in batch:
                os.replace(pathlib.Path(tmp) / f"p{i:05d}.pdf", folder / f"p{i:05d}.pdf")
        bar.update(len(batch))
    bar.close()
    return folder


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--texts", type=int, default=100_000)
    ap.add_argument("--pdfs", type=int, default=2_000)
    args = ap.parse_args()
    print(texts(args.texts))
    print(pdfs(args.pdfs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
