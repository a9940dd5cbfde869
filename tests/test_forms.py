"""Reports as they are published — PDF, DOCX, HTML — read back exactly the model
they were built from. The tests make their own fixtures: python-docx for DOCX,
LibreOffice (headless, one profile per process) for PDF, and HTML pages with merged
cells in UTF-8 and GBK, inside site navigation or a script string."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import zipfile

import pytest

from gongkai.cli import main
from gongkai.extract import extract_file, extract_text
from gongkai.ingest import detect
from gongkai.render.docx import DocxStyle, render_docx
from gongkai.render.html import render_html
from gongkai.report.jsonio import to_dict
from gongkai.report.model import Value
from gongkai.report.sample import sample_report
from support import essentials

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice not installed (make test installs it)")

# (report, layout) pairs covering the three formats, fonts and page layouts
LAYOUTS = {
    "2021-fangsong": (lambda: sample_report(11, "2021"), DocxStyle()),
    "2021-songti-landscape": (lambda: sample_report(12, "2021"), DocxStyle(
        body_font="宋体", heading1_font="微软雅黑", table_font="仿宋", landscape_tables=True)),
    "2021-kaiti-small": (lambda: sample_report(13, "2021"), DocxStyle(
        body_font="楷体", table_font="黑体", table_size=7.5, body_size=14)),
    "2019": (lambda: sample_report(14, "2019"), DocxStyle(table_font="Noto Serif CJK SC")),
    "legacy": (lambda: sample_report(15, "legacy"), DocxStyle(landscape_tables=True)),
}




def blank_cells_report():
    r = sample_report(5)
    r.table_b["partial"][2] = Value(None, "")
    r.table_b["total"][6] = Value(None, "")
    r.table_c[:5] = [Value(None, "")] * 5
    r.table_c[12] = Value(None, "")
    return r


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Every layout as DOCX, and as PDF converted by LibreOffice in one run."""
    folder = tmp_path_factory.mktemp("forms")
    reports = {name: make() for name, (make, _) in LAYOUTS.items()}
    reports["blank-cells"] = blank_cells_report()
    for name, report in reports.items():
        render_docx(report, folder / f"{name}.docx", LAYOUTS.get(name, (None, DocxStyle()))[1])
    if SOFFICE:
        profile = tmp_path_factory.mktemp(f"lo-profile-{os.getpid()}")
        subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
                        "--outdir", str(folder)] + [str(folder / f"{n}.docx") for n in reports],
                       check=True, capture_output=True, timeout=300)
    return folder, reports


@pytest.mark.parametrize("name", list(LAYOUTS) + ["blank-cells"])
def test_docx_reads_back_exactly(built, name):
    folder, reports = built
    got = to_dict(extract_file(folder / f"{name}.docx"))
    assert got["source"]["form"] == "docx"
    assert essentials(got) == essentials(to_dict(reports[name]))


@needs_soffice
@pytest.mark.parametrize("name", list(LAYOUTS) + ["blank-cells"])
def test_pdf_reads_back_exactly(built, name):
    folder, reports = built
    got = to_dict(extract_file(folder / f"{name}.pdf"))
    assert got["source"]["form"] == "pdf" and got["source"]["pages"] >= 3
    assert essentials(got) == essentials(to_dict(reports[name]))


@needs_soffice
def test_pdf_provenance_has_page_and_box(built):
    folder, reports = built
    got = to_dict(extract_file(folder / "2021-fangsong.pdf"))
    src = got["provenance"]["table_b.new_received.6"]
    assert src["page"] >= 2 and len(src["bbox"]) == 4
    left, top, right, bottom = src["bbox"]
    assert 0 < left < right < 595.3 and 0 < top < bottom < 841.9  # inside an A4 page, top-left origin
    assert src["text"] == str(reports["2021-fangsong"].b("new_received")[6])


@needs_soffice
def test_pdf_blank_cells_are_placed_by_position(built):
    folder, _ = built
    got = to_dict(extract_file(folder / "blank-cells.pdf"))
    assert got["table_b"]["rows"]["partial"][2] is None and got["table_b"]["rows"]["total"][6] is None
    assert got["table_c"][:5] == [None] * 5 and got["table_c"][12] is None
    assert sorted(p["path"] for p in got["problems"]) == sorted(
        ["table_b.partial.2", "table_b.total.6", "table_c.12"] + [f"table_c.{i}" for i in range(5)])


@needs_soffice
def test_form_is_detected_from_content_not_name(built, tmp_path):
    folder, reports = built
    disguised = tmp_path / "report.txt"
    shutil.copy(folder / "2019.pdf", disguised)
    assert extract_file(disguised).format_version == "2019"
    shutil.copy(folder / "2019.docx", tmp_path / "report.pdf")
    assert extract_file(tmp_path / "report.pdf").source["form"] == "docx"


def test_docx_split_table_and_cover_letter(tmp_path):
    """A table broken in two by a page break, and a cover letter before the report."""
    import docx
    report = sample_report(21)
    data = render_docx(report)
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    tables = body.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tbl")
    table_b = tables[1]
    rows = table_b.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tr")
    second = docx.Document().add_table(rows=0, cols=10)._tbl  # an empty table to carry the tail
    for tr in rows[15:]:
        second.append(tr)
    table_b.addnext(second)
    cover = document.paragraphs[0].insert_paragraph_before("关于报送政府信息公开工作年度报告的函")
    cover.insert_paragraph_before("市人民政府办公室：现报送我局年度报告，请审阅。")
    path = tmp_path / "split.docx"
    document.save(path)
    assert essentials(to_dict(extract_file(path))) == essentials(to_dict(report))


# --- HTML -------------------------------------------------------------------------

NAV = ('<nav><a href="/">首页</a><a href="/x">2022年度政府信息公开工作年度报告</a></nav>'
       '<div class="sidebar-menu"><ul><li>政府信息公开指南</li><li>某县2021年度政府信息公开工作年度报告</li></ul></div>')


def html_variant(report, variant: str) -> bytes:
    html = render_html(report)
    if variant == "gbk-in-navigation":
        html = html.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
        return html.replace("<main>", "<main>" + NAV).replace("</main>", "</main><footer>版权所有</footer>").encode("gbk")
    if variant == "in-a-script-string":
        body = html[html.index("<main>"):html.index("</main>") + 7]
        return ("<html><head><meta charset='utf-8'></head><body>" + NAV +
                f"<script>var c = {json.dumps(body)};document.write(c);</script></body></html>").encode("utf-8")
    if variant == "a-portal-data-script":
        # a portal's .js: variables, then the page's markup in one string literal with
        # escaped quotes, \n and \u escapes (its "<" escaped too, as some serializers do)
        body = html[html.index("<main>"):html.index("</main>") + 7]
        literal = json.dumps(body).replace("<", "\\u003c")
        return ('var siteId = 12;\nvar columnName = ' + json.dumps("政府信息公开年报") + ';\n'
                f'var doc = {{"id": 3051, "content": {literal}}};\n').encode("ascii")
    return html.encode("utf-8")


@pytest.mark.parametrize("version", ["2021", "2019", "legacy"])
@pytest.mark.parametrize("variant", ["utf-8", "gbk-in-navigation", "in-a-script-string", "a-portal-data-script"])
def test_html_reads_back_exactly(version, variant):
    report = sample_report(31, version)
    got = to_dict(extract_text(html_variant(report, variant)))
    assert got["source"]["form"] == "html"
    assert got["source"]["encoding"] == ("gb18030" if variant.startswith("gbk") else "utf-8")
    assert essentials(got) == essentials(to_dict(report))


def test_html_rowspan_and_colspan_make_the_grid():
    from gongkai.ingest.html import read_html
    doc = read_html("<table><tr><td rowspan=2>三、结果</td><td colspan=2>（一）予以公开</td><td>1</td></tr>"
                    "<tr><td>（二）</td><td>部分</td><td>2</td></tr></table>".encode())
    assert [[c.text for c in row.cells] for row in doc.rows] == [["三、结果", "（一）予以公开", "1"],
                                                                 ["", "（二）", "部分", "2"]]


def test_html_blank_cells_are_blank():
    r = sample_report(5)
    r.table_c[:5] = [Value(None, "")] * 5
    got = to_dict(extract_text(render_html(r).encode()))
    assert got["table_c"][:5] == [None] * 5 and got["table_c"][5:] == [v.value for v in r.table_c[5:]]


# --- bad input ----------------------------------------------------------------------

def run(capsys, path):
    code = main(["extract", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed (make test installs it)")
@needs_soffice
def test_encrypted_pdfs(built, tmp_path, capsys):
    folder, _ = built
    src = folder / "2021-fangsong.pdf"
    locked = tmp_path / "locked.pdf"
    subprocess.run(["qpdf", "--encrypt", "user-pw", "owner-pw", "256", "--", str(src), str(locked)], check=True)
    assert run(capsys, locked) == (2, "", "gongkai: PDF 已加密，需要打开密码才能读取（password-protected PDF）\n")
    protected = tmp_path / "copy-protected.pdf"  # no password to open, copying forbidden: read it
    subprocess.run(["qpdf", "--encrypt", "", "owner-pw", "256", "--extract=n", "--print=none", "--", str(src),
                    str(protected)], check=True)
    assert extract_file(protected).table_b == extract_file(src).table_b


def test_a_scan_with_no_text_on_it_is_refused_after_ocr(tmp_path, capsys):
    from PIL import Image, ImageDraw
    image = Image.new("RGB", (1240, 1754), "white")
    ImageDraw.Draw(image).rectangle((100, 100, 1100, 400), outline="black", width=5)
    path = tmp_path / "scan.pdf"
    image.save(path, "PDF", resolution=150)
    assert run(capsys, path) == (2, "", "gongkai: 扫描件中未识别出任何文字（no text recognised in the scan）\n")


def test_damaged_pdf(tmp_path, capsys):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%% cut off here")
    code, out, err = run(capsys, path)
    assert (code, out) == (2, "") and err.startswith("gongkai: PDF 文件损坏")


def test_zip_bomb_docx(tmp_path, capsys):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * (250 * 1024 * 1024))
    code, out, err = run(capsys, path)
    assert (code, out) == (2, "")
    assert err == "gongkai: DOCX 文件异常：解压后达 250 MB（疑似压缩炸弹），已拒绝（zip bomb refused）\n"


def test_malformed_docx_packages(tmp_path, capsys):
    not_word = tmp_path / "archive.docx"
    with zipfile.ZipFile(not_word, "w") as zf:
        zf.writestr("readme.txt", "hello")
    assert run(capsys, not_word) == (2, "", "gongkai: 不是 DOCX 文档：压缩包中没有 word/document.xml（not a Word document）\n")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document><unclosed>")
    code, out, err = run(capsys, broken)
    assert (code, out) == (2, "") and err.startswith("gongkai: DOCX 文件损坏，无法解析")
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(render_docx(sample_report(1))[:3000])
    code, out, err = run(capsys, truncated)
    assert (code, out) == (2, "") and err.startswith("gongkai: DOCX 文件损坏")


@needs_soffice
def test_damaged_legacy_word_and_empty_html(tmp_path, capsys):
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert run(capsys, doc) == (2, "", "gongkai: 旧版 Word 或 WPS 文字（.doc/.wps）文件损坏或无法打开（damaged doc file）\n")
    page = tmp_path / "empty.html"
    page.write_text("<html><body><script>var x = 1;</script></body></html>")
    assert run(capsys, page) == (2, "", "gongkai: 网页中没有可读的文字（HTML page without text）\n")


def test_detect():
    assert [detect(b) for b in (b"%PDF-1.4", b"PK\x03\x04", b"<!DOCTYPE html><p>", b"\xef\xbb\xbf<html>", "正文".encode(),
                                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf1 x}", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0",
                                b"II*\x00", b'var doc = {"content": "\\u003cp\\u003e"};')] == [
        "pdf", "docx", "html", "html", "text", "office", "office", "image", "image", "image", "html"]


# --- OFD, and the office forms LibreOffice converts -------------------------------

def _office(report, form: str) -> bytes:
    """The report as an office file: .doc (and .wps: WPS 文字 writes the Word 97 binary)
    from the DOCX rendering; .xls (and .et: WPS 表格 writes the Excel 97 binary) and
    .xlsx from the HTML rendering opened in Calc."""
    from gongkai.libreoffice import convert
    if form in ("doc", "wps"):
        return convert(render_docx(report), ".docx", "doc:MS Word 97")
    to = {"xls": "xls:MS Excel 97", "et": "xls:MS Excel 97", "xlsx": "xlsx:Calc MS Excel 2007 XML"}[form]
    return convert(render_html(report).encode(), ".html", to, infilter="HTML (StarCalc)")


@needs_soffice
@pytest.mark.parametrize("version", ["2021", "2019", "legacy"])
@pytest.mark.parametrize("form", ["doc", "wps", "xls", "et", "xlsx"])
def test_office_forms_read_back_exactly(tmp_path, version, form):
    """Told apart by content: each is written under a misleading name (.pdf)."""
    report = sample_report(33, version)
    path = tmp_path / "report.pdf"
    path.write_bytes(_office(report, form))
    got = extract_file(path)
    assert got.source["converted_from"] == {"wps": "doc", "et": "xls"}.get(form, form)
    assert essentials(to_dict(got)) == essentials(to_dict(report))


@needs_soffice
@pytest.mark.parametrize("version", ["2021", "2019", "legacy"])
def test_ofd_reads_back_exactly_with_page_and_box(tmp_path, version):
    from gongkai.render.ofd import render_ofd
    report = sample_report(34, version)
    path = tmp_path / "report.ofd"
    path.write_bytes(render_ofd(report))
    got = extract_file(path)
    assert got.source["form"] == "ofd"
    assert essentials(to_dict(got)) == essentials(to_dict(report))
    located = [v.source for _, v in got.cells() if v.source is not None and v.source.bbox is not None]
    assert located and all(src.page >= 1 and src.bbox[2] > src.bbox[0] and src.bbox[3] > src.bbox[1]
                           for src in located)


def test_damaged_ofd_and_zips_of_nothing_known(tmp_path, capsys):
    broken = tmp_path / "broken.ofd"
    with zipfile.ZipFile(broken, "w") as zf:
        zf.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'><ofd:DocBody><ofd:DocRoot>"
                               "Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    assert run(capsys, broken) == (2, "", "gongkai: OFD 文件不完整：缺少 Doc_0/Document.xml（damaged OFD: missing part）\n")
    garbled = tmp_path / "garbled.ofd"
    with zipfile.ZipFile(garbled, "w") as zf:
        zf.writestr("OFD.xml", "<ofd:OFD><unclosed>")
    code, out, err = run(capsys, garbled)
    assert (code, out) == (2, "") and err.startswith("gongkai: OFD 文件损坏：OFD.xml 无法解析")
    empty = tmp_path / "empty.ofd"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("OFD.xml", "<OFD><DocBody><DocRoot>Doc_0/Document.xml</DocRoot></DocBody></OFD>")
        zf.writestr("Doc_0/Document.xml", "<Document><Pages/></Document>")
    assert run(capsys, empty) == (2, "", "gongkai: OFD 文件没有页面（OFD with no pages）\n")


@needs_soffice
def test_render_writes_an_ofd_that_reads_back(tmp_path, capsys):
    from gongkai.render.markdown import render_markdown
    report = sample_report(35, "2021")
    src = tmp_path / "report.md"
    src.write_text(render_markdown(report), "utf-8")
    assert main(["render", str(src), "--to", "ofd", "--force"]) == 0
    assert capsys.readouterr().out.startswith(f"已生成：{tmp_path / 'report.ofd'}")
    got = extract_file(tmp_path / "report.ofd")
    assert got.source["form"] == "ofd" and essentials(to_dict(got)) == essentials(to_dict(report))


def test_damaged_and_oversized_images_are_refused_by_name(tmp_path, capsys):
    from PIL import Image
    cut = tmp_path / "cut.png"
    cut.write_bytes(b"\x89PNG\r\n\x1a\n garbage")
    assert run(capsys, cut) == (2, "", "gongkai: 图片文件损坏，无法打开（damaged image: Truncated File Read）\n")
    odd = tmp_path / "odd.tif"
    odd.write_bytes(b"II*\x00garbage")
    assert run(capsys, odd) == (2, "", "gongkai: 图片文件损坏，无法识别其格式（damaged image）\n")
    huge = tmp_path / "huge.png"
    Image.new("L", (9000, 8000), 255).save(huge)
    assert run(capsys, huge) == (2, "", "gongkai: 图片过大：超过 60 百万像素，已拒绝（image too large）\n")
