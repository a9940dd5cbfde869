"""Scans: recognised on the machine, and every digit the engine read held to the tables'
identities. The identity logic is tested on words taken from a rendered PDF's own text
(placed as an engine places them, with the confidences a test gives), so that each case is
exact; the engine itself on real scans of rendered reports, degraded as scans are."""

from __future__ import annotations

import math

import pytest

from gongkai.checks import ERROR, check
from gongkai.extract import extract
from gongkai.ingest.ocr import as_digits, recognise
from gongkai.ingest.positioned import Word, build_document
from gongkai.load import load_report
from gongkai.render.ofd import _runs
from gongkai.render.pdf import render_pdf
from gongkai.render.scan import degrade, rasterise, scanned_pdf
from gongkai.report.sample import sample_report
from test_forms import needs_soffice

pytestmark = needs_soffice


@pytest.fixture(scope="module")
def rendered():
    """A 2021-format report and its PDF, whose table 二 has a 1 in new_received's 自然人."""
    report = sample_report(11, "2021")
    return report, render_pdf(report)


def words_of(pdf: bytes) -> list[list[Word]]:
    """The PDF's text as an OCR engine would give it: runs of characters with boxes, all
    read with confidence 0.99."""
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(pdf)
    pages = []
    for index in range(len(doc)):
        page = doc[index]
        tp = page.get_textpage()
        pages.append([Word(text, index + 1, (left, top, right, bottom), 0.99)
                      for text, left, top, right, bottom, _, _ in _runs(page, tp)])
    return pages


def read(pages: list[list[Word]]):
    return extract(build_document(pages, "image", {"ocr": "test"}))


def the_word(pages, report, path: str) -> Word:
    """The word a cell of the report was read from."""
    v = report.value_at(path)
    page = v.source.page
    return next(w for w in pages[page - 1] if w.box[0] <= v.source.bbox[0] + 0.5 and w.box[2] >= v.source.bbox[2] - 0.5
                and w.box[1] <= v.source.bbox[1] + 0.5 and w.box[3] >= v.source.bbox[3] - 0.5)


def test_words_read_exactly_as_the_text_layer(rendered):
    report, pdf = rendered
    got = read(words_of(pdf))
    assert dict((p, v.value) for p, v in got.cells()) == dict((p, v.value) for p, v in report.cells())
    assert [p.code for p in got.problems if p.code.startswith("ocr")] == []


def test_one_low_confidence_misread_that_alone_restores_every_identity_is_corrected(rendered):
    report, pdf = rendered
    pages = words_of(pdf)
    clean = read(pages)
    assert clean.table_b["granted"][0].value == 0
    word = the_word(pages, clean, "table_b.granted.0")
    word.text, word.confidence = "8", 0.62  # a 0 read as 8
    got = read(pages)
    v = got.table_b["granted"][0]
    assert (v.value, v.raw) == (0, "8")
    assert v.note == "OCR 识读为“8”（置信度 0.62），唯有改为 0 能使表二 行内总计、表二 （七）总计成立，已更正"
    assert [(p.code, p.path) for p in got.problems if p.code.startswith("ocr")] == [("ocr_corrected", "table_b.granted.0")]
    assert [f.rule for f in check(got) if f.severity == ERROR] == []


def test_a_confident_misread_is_flagged_never_accepted(rendered):
    report, pdf = rendered
    pages = words_of(pdf)
    clean = read(pages)
    word = the_word(pages, clean, "table_b.granted.0")
    word.text = "8"  # read as 8 with the engine's full confidence: no correction is allowed
    got = read(pages)
    flagged = {p: v for p, v in got.cells() if v.ambiguous}
    assert "table_b.granted.0" in flagged and flagged["table_b.granted.0"].candidates == [8]
    assert all(v.value is None for v in flagged.values())
    assert [p.code for p in got.problems if p.code.startswith("ocr")] == ["ocr_identity", "ocr_identity"]
    # the check does not blame the report for what the engine may have misread
    assert [f.rule for f in check(got) if f.severity == ERROR] == []


def test_two_corrections_that_would_each_balance_leave_the_cells_flagged(rendered):
    report, pdf = rendered
    pages = words_of(pdf)
    clean = read(pages)
    # 1 (自然人) and 1 (总计) of 一、本年新收: read as 7 and 7, the row still balances, but
    # 一 + 二 = （七）+ 四 fails in two columns — no single change restores it
    for path in ("table_b.new_received.0", "table_b.new_received.6"):
        word = the_word(pages, clean, path)
        word.text, word.confidence = "7", 0.6
    got = read(pages)
    assert got.table_b["new_received"][0].value is None and got.table_b["new_received"][0].ambiguous
    assert got.table_b["new_received"][6].value is None and got.table_b["new_received"][6].ambiguous
    assert not [p for p in got.problems if p.code == "ocr_corrected"]


def test_a_cell_the_engine_missed_is_filled_by_its_row(rendered):
    report, pdf = rendered
    pages = words_of(pdf)
    clean = read(pages)
    word = the_word(pages, clean, "table_b.granted.3")
    pages[word.page - 1].remove(word)
    got = read(pages)
    v = got.table_b["granted"][3]
    assert v.value == 0 and "OCR 未识出此格" in v.note
    assert [(p.code, p.path) for p in got.problems if p.code.startswith("ocr")] == [("ocr_corrected", "table_b.granted.3")]


def test_look_alikes_read_as_digits():
    assert [as_digits(t) for t in ("o", "O", "1o", "l2", "0", "l", "公开", "12")] == ["0", "0", "10", "12", None, None,
                                                                                    None, None]


def test_a_skewed_page_is_set_level():
    """Words of one row, scanned 2° askew, end on one line."""
    import numpy as np

    class Engine:
        def __call__(self, image, use_cls=False):
            out = []
            for k in range(8):
                x0, y0 = 100 + 150 * k, 500
                turn = math.radians(2)
                pts = [(x0, y0), (x0 + 120, y0), (x0 + 120, y0 + 30), (x0, y0 + 30)]
                pts = [(x * math.cos(turn) - (y - 500) * math.sin(turn), 500 + x * math.sin(turn) + (y - 500) * math.cos(turn))
                       for x, y in pts]
                out.append((pts, "公开" if k == 0 else str(k), 0.99))
            return out, None

    import gongkai.ingest.ocr as ocr
    saved, ocr._ENGINE = ocr._ENGINE, Engine()
    try:
        words = recognise(np.full((2000, 1600, 3), 255, np.uint8), 1, 200)
    finally:
        ocr._ENGINE = saved
    doc = build_document([words], "image", {"ocr": "test"})
    assert [line for line in doc.lines if line] == ["公开 1 2 3 4 5 6 7"]


def test_a_scan_with_a_seal_reads_every_cell_through_the_sandbox(tmp_path):
    """A real engine on a 200-dpi scan with a red seal stamped over table 二, read as
    `gongkai extract` reads it (the sandbox's worker for scans): every cell as printed."""
    report = sample_report(42, "2021")
    images = [degrade(img, "seal", 200, seed=k) for k, img in enumerate(rasterise(render_pdf(report), 200))]
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf(images, 200))
    got = load_report(path)
    assert (got.agency, got.year, got.source["form"], got.source["ocr"]) == (report.agency, report.year, "pdf", "rapidocr")
    assert dict((p, v.value) for p, v in got.cells()) == dict((p, v.value) for p, v in report.cells())
    table = next(v for p, v in got.cells() if p == "table_b.total.6")
    assert table.source.page == 3 and table.source.bbox is not None


def test_an_image_file_of_a_table_page(tmp_path, rendered):
    from PIL import Image
    report, pdf = rendered
    page = rasterise(pdf, 200)[2]  # table 二 and 三
    path = tmp_path / "page.jpg"
    Image.fromarray(page).save(path, quality=85)
    got = load_report(path)
    assert got.source["form"] == "image"
    assert [[v.value for v in row] for row in got.table_b.values()] == [[v.value for v in row]
                                                                        for row in report.table_b.values()]
    assert [v.value for v in got.table_c] == [v.value for v in report.table_c]
