"""Writing reports: every output form read back by gongkai's own extractor gives the
same model — for the seed reports and for property-generated valid models — and
the authoring workflow (`gongkai new`, `gongkai render`)."""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import subprocess

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.checks import check
from gongkai.cli import main
from gongkai.extract import extract_file, extract_text
from gongkai.load import as_published
from gongkai.render.docx import render_docx
from gongkai.render.html import render_html
from gongkai.render.markdown import render_markdown
from gongkai.report.authoring import new_authoring, read_authoring
from gongkai.report.jsonio import to_dict
from gongkai.report.sample import sample_report
from support import essentials

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice not installed (make test installs it)")
WRITERS = {"docx": render_docx, "html": lambda r: render_html(r).encode(), "md": lambda r: render_markdown(r).encode()}
SEEDS = ("000", "001", "002", "003", "004")




@pytest.mark.parametrize("form", WRITERS)
@pytest.mark.parametrize("prefix", SEEDS)
def test_seed_reports_round_trip(seed, prefix, form):
    original = extract_file(seed(prefix))
    got = extract_text(WRITERS[form](original))
    assert essentials(to_dict(got)) == essentials(to_dict(original))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**9), version=st.sampled_from(["2021", "2019", "legacy"]),
       form=st.sampled_from(sorted(WRITERS)))
def test_random_reports_round_trip(seed, version, form):
    report = sample_report(random.Random(seed), version)
    assert essentials(to_dict(extract_text(WRITERS[form](report)))) == essentials(to_dict(report))


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory, seed):
    """Seeds and random models rendered to PDF through LibreOffice in one run."""
    if SOFFICE is None:
        pytest.skip("LibreOffice not installed")
    folder = tmp_path_factory.mktemp("pdf-render")
    models = {p: extract_file(seed(p)) for p in SEEDS}
    rng = random.Random(99)
    models.update({f"random{i}": sample_report(rng, v) for i, v in enumerate(["2021", "2021", "2019", "legacy"])})
    for name, model in models.items():
        render_docx(model, folder / f"{name}.docx")
    profile = tmp_path_factory.mktemp(f"lo-{os.getpid()}")
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
                    "--outdir", str(folder)] + [str(folder / f"{n}.docx") for n in models],
                   check=True, capture_output=True, timeout=300)
    return folder, models


@needs_soffice
@pytest.mark.parametrize("name", list(SEEDS) + [f"random{i}" for i in range(4)])
def test_pdf_round_trip(pdfs, name):
    folder, models = pdfs
    assert essentials(to_dict(extract_file(folder / f"{name}.pdf"))) == essentials(to_dict(models[name]))


# --- conventions of the documents ---------------------------------------------------

def test_docx_follows_official_document_conventions():
    import docx
    from docx.shared import Pt
    document = docx.Document(io.BytesIO(render_docx(sample_report(3))))
    section = document.sections[0]
    mm = [round(x.mm) for x in (section.page_width, section.page_height, section.top_margin, section.bottom_margin,
                                section.left_margin, section.right_margin)]
    assert mm == [210, 297, 37, 35, 28, 26]  # A4; GB/T 9704 margins
    runs = {p.text: p.runs[0] for p in document.paragraphs if p.runs}
    title = next(r for t, r in runs.items() if t.endswith("年度政府信息公开工作年度报告"))
    assert (title.font.name, title.font.size) == ("方正小标宋简体", Pt(22))
    heading = runs["一、总体情况"]
    assert (heading.font.name, heading.font.size) == ("黑体", Pt(16))
    body = next(p for p in document.paragraphs if p.text.startswith("（一）主动公开方面"))
    assert [(r.font.name, r.font.size) for r in body.runs] == [("楷体_GB2312", Pt(16)), ("仿宋_GB2312", Pt(16))]
    footer = section.footer.paragraphs[0]._element.xml
    assert "PAGE" in footer and footer.count("—") == 2
    xml = document.element.body.xml
    assert "gridSpan" in xml and "vMerge" in xml
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in xml
    assert len(document.tables) == 3  # 表一 (its four 第二十条 items in one table), 表二, 表三


def test_html_is_self_contained_and_accessible():
    html = render_html(sample_report(3))
    assert '<th rowspan="22" scope="rowgroup">三、本年度办理结果</th>' in html
    assert '<th colspan="7" scope="colgroup">申请人情况</th>' in html
    assert 'scope="row"' in html and 'lang="zh-CN"' in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)  # no external assets


# --- the authoring workflow -----------------------------------------------------------

def _fill(text: str) -> str:
    text = text.replace("~, ~, ~, ~, ~, ~, ~", "0, 0, 0, 0, 0, 0, 0").replace("[~, ~, ~, ~, ~]", "[0, 0, 0, 0, 0]")
    text = re.sub(r'": ~', '": 0', text)
    return text.replace("（在此填写）", "本年度工作稳步推进，未收取信息处理费。")


def test_new_carries_over_what_should_carry(tmp_path, capsys):
    last = sample_report(4, year=2023)
    last_path = tmp_path / "2023.md"
    last_path.write_text(render_markdown(last), "utf-8")
    out = tmp_path / "2024.yaml"
    assert main(["new", "--agency", last.agency, "--year", "2024", "--from", str(last_path), "-o", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"已生成编写文件：{out}，已带入上年度")
    report = read_authoring(out.read_text("utf-8"))
    assert report.b("carried_over") == last.b("carry_forward")
    assert report.a("normative_documents", "in_force") == last.a("normative_documents", "in_force")
    assert report.a("normative_documents", "issued") is None  # left to fill
    assert report.contact["phone"] == last.contact["phone"]
    assert report.b("new_received") == [None] * 7
    assert main(["new", "--agency", last.agency, "--year", "2024", "-o", str(out)]) == 2  # never overwrites


def test_new_writes_the_format_of_its_year(tmp_path, capsys):
    """2020 is written in the 2019 format — its table 一 columns, its single （六）其他处理 —
    and, filled, reads back in it with no error of format; before 2019 nothing is written."""
    text = new_authoring("台州市科学技术局", 2020)
    assert '格式: "2019"' in text and "2019 年格式（试行）" in text
    assert '"（六）其他处理": [~, ~, ~, ~, ~, ~, ~]' in text and "申请人无正当理由" not in text
    assert '"处理决定数量": ~' in text and "本年收费金额" not in text
    report = read_authoring(_fill(text))
    assert report.format_version == "2019"
    assert set(report.table_b) == {spec.key for spec in report.format.table_b}
    assert set(report.table_a) == {spec.key for spec in report.format.table_a}
    assert [f.rule for f in check(as_published(report)) if f.rule in ("FORMAT-VERSION", "MISSING-ROW", "B-RESULTS-TOTAL")] == []
    out = tmp_path / "2018.yaml"
    assert main(["new", "--agency", "台州市科学技术局", "--year", "2018", "-o", str(out)]) == 2
    assert capsys.readouterr().err == ("gongkai: 2018 年的年报是 2019 年以前的统计表格式，不再按编写文件撰写"
                                       "（no authoring before 2019）\n")
    assert not out.exists()


def test_render_refuses_while_errors_stand(tmp_path, capsys):
    path = tmp_path / "r.yaml"
    text = new_authoring("台州市科学技术局", 2024)
    for part in ("总体情况", "存在的主要问题及改进情况", "其他需要报告的事项"):  # written, the tables not filled
        text = re.sub(rf"({part}: \|[-+]?\n  )（在此填写）", r"\g<1>本年度已如实撰写。", text)
    path.write_text(text, "utf-8")
    assert main(["render", str(path), "--to", "docx"]) == 1
    err = capsys.readouterr().err
    assert "BLANK-CELL" in err and err.rstrip().endswith("（error-level findings: not rendered; --force to render anyway）")
    assert not (tmp_path / "r.docx").exists()
    assert main(["render", str(path), "--to", "docx", "--force"]) == 0
    assert (tmp_path / "r.docx").exists()


def test_new_from_this_years_compiled_tables_carries_every_cell(tmp_path, capsys):
    from gongkai.report.jsonio import dumps
    compiled = sample_report(5, year=2024)
    compiled.texts = {}  # compiled from the register: tables, no narrative
    src = tmp_path / "compiled.json"
    src.write_text(dumps(compiled), "utf-8")
    out = tmp_path / "r.yaml"
    assert main(["new", "--from", str(src), "-o", str(out)]) == 0  # agency and year from the file
    assert capsys.readouterr().out.startswith(f"已生成编写文件：{out}，已带入本年度汇总的全部表格数据。")
    written = read_authoring(out.read_text("utf-8"))
    assert (written.agency, written.year) == (compiled.agency, 2024)
    assert written.table_b and {k: written.b(k) for k in written.table_b} == {k: compiled.b(k) for k in compiled.table_b}
    assert [v.value for v in written.table_c] == [v.value for v in compiled.table_c]
    assert {(k, c): written.a(k, c) for k in compiled.table_a for c in compiled.table_a[k]} == {
        (k, c): compiled.a(k, c) for k in compiled.table_a for c in compiled.table_a[k]}
    assert written.contact == {k: v for k, v in compiled.contact.items() if k != "fax"}
    assert main(["new", "--from", str(src), "--year", "2026", "-o", str(tmp_path / "x.yaml")]) == 2
    assert "--from 的报告是 2024 年度的，既不是 2026 年度" in capsys.readouterr().err


def test_check_on_an_authoring_file_points_at_its_own_lines(tmp_path, capsys):
    """Cells and sentences are found where the author typed them: the YAML line and column."""
    path = tmp_path / "r.yaml"
    text = _fill(new_authoring("台州市科学技术局", 2024))
    text = text.replace('"一、本年新收政府信息公开申请数量": [0, 0, 0, 0, 0, 0, 0]',
                        '"一、本年新收政府信息公开申请数量": [3, 0, 0, 0, 1, 0, 5]')  # 总计 should be 4
    text = text.replace("本年度工作稳步推进，未收取信息处理费。", "本年度共收到政府信息公开申请9件，未收取信息处理费。", 1)
    path.write_text(text, "utf-8")
    main(["check", str(path)])
    out = capsys.readouterr().out
    lines = text.split("\n")
    row = next(i for i, line in enumerate(lines, 1) if line.startswith('  "一、本年新收'))
    column = lines[row - 1].index("5]") + 1
    assert f"      第{row}行第{column}列（表二 一、本年新收政府信息公开申请数量 · 总计）：“5”" in out
    sentence = next(i for i, line in enumerate(lines, 1) if "共收到政府信息公开申请9件" in line)
    assert re.search(rf"第{sentence}行第\d+列：“[^”]*9件", out), out


def test_contact_details_appear_in_every_rendered_form(tmp_path):
    report = read_authoring(_fill(new_authoring("台州市科学技术局", 2024)).replace(
        '电话: ~', '电话: "0576-88888888"').replace('地址: ~', '地址: "台州市市府大道1号"').replace(
        '邮编: ~', '邮编: "318000"').replace('网站: ~', '网站: "http://kjj.zjtz.gov.cn"'))
    line = "联系方式：地址：台州市市府大道1号；邮编：318000；电话：0576-88888888；网站：http://kjj.zjtz.gov.cn。"
    assert line in render_markdown(report)
    assert line in render_html(report)
    assert line in [p.text for p in docx.Document(io.BytesIO(render_docx(report))).paragraphs]
    back = extract_text(render_markdown(report))
    assert back.contact == {"address": "台州市市府大道1号", "postcode": "318000", "phone": "0576-88888888",
                            "website": "http://kjj.zjtz.gov.cn"}
    report.texts["intro"] += line  # the opening already gives them all: not said twice
    assert render_markdown(report).count("318000") == 1


def test_unwritten_sections_are_never_written_for_the_office(tmp_path, capsys):
    """A fresh template still says （在此填写）: check finds it (an error naming each part),
    render refuses it even with --force, and --draft marks every page 草稿."""
    path = tmp_path / "r.yaml"
    path.write_text(new_authoring("台州市科学技术局", 2024), "utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    lines = path.read_text("utf-8").split("\n")
    for part in ("一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert f"  错误：“{part}”仍是模板提示“（在此填写）”，请改写为本机关的实际情况〔PLACEHOLDER-TEXT〕" in out
    # each points at the YAML line and column where the placeholder is written
    at = [(int(m[0]), int(m[1])) for m in re.findall(r"第(\d+)行第(\d+)列：“（在此填写）”", out)]
    assert len(at) == 3 and all(lines[n - 1][c - 1:].startswith("（在此填写）") for n, c in at)
    # a fresh template: one 尚未填写 summary per table, not one error per cell
    assert out.count("〔BLANK-CELL〕") == 3
    assert "  错误：表二（收到和处理政府信息公开申请情况）尚未填写：全部 175 格为空白，应逐格填数字（无数据填 0）〔BLANK-CELL〕" in out
    assert "  错误 6 项，警告 2 项" in out  # and no 联系方式 yet, and no word on 信息处理费
    assert main(["render", str(path), "--to", "docx", "--force"]) == 1
    assert "有部分尚未撰写，未生成（--force 也不会代写正文）" in capsys.readouterr().err
    assert main(["render", str(path), "--to", "docx", "--draft"]) == 0
    doc = docx.Document(str(tmp_path / "r.docx"))
    assert all(s.header.paragraphs[0].text == "草稿" for s in doc.sections)


def test_a_report_with_no_narrative_renders_no_invented_sentence(tmp_path, capsys):
    from gongkai.report import sample
    from gongkai.report.jsonio import dumps

    report = sample_report(3)
    report.texts = {}  # as compiled from the register, or summed: tables, no narrative
    path = tmp_path / "compiled.json"
    path.write_text(dumps(report), "utf-8")
    assert main(["render", str(path), "--to", "md", "--force"]) == 1
    assert "错误：“一、总体情况”没有正文，请撰写后再生成或发布〔EMPTY-SECTION〕" in capsys.readouterr().err
    for form in ("md", "html", "docx"):
        assert main(["render", str(path), "--to", form, "--draft", "-o", str(tmp_path / f"out.{form}")]) == 0
    written = (tmp_path / "out.md").read_text("utf-8") + (tmp_path / "out.html").read_text("utf-8") + "\n".join(
        p.text for p in docx.Document(str(tmp_path / "out.docx")).paragraphs)
    sentences = [s for s in sample._PROSE + sample._PROBLEMS] + ["本年度未收取信息处理费", "本年度，本机关认真贯彻落实"]
    assert [s for s in sentences if s.rstrip("。") in written] == []


@pytest.mark.parametrize("form", ["docx", "html", "md"])
def test_filled_authoring_file_renders_and_reads_back(tmp_path, capsys, form):
    path = tmp_path / "r.yaml"
    text = _fill(new_authoring("台州市科学技术局", 2024))
    text = text.replace('"一、本年新收政府信息公开申请数量": [0, 0, 0, 0, 0, 0, 0]',
                        '"一、本年新收政府信息公开申请数量": [3, 0, 0, 0, 1, 0, 4]')
    text = text.replace('"（一）予以公开": [0, 0, 0, 0, 0, 0, 0]', '"（一）予以公开": [2, 0, 0, 0, 1, 0, 3]')
    text = text.replace('"（七）总计": [0, 0, 0, 0, 0, 0, 0]', '"（七）总计": [2, 0, 0, 0, 1, 0, 3]')
    text = text.replace('"四、结转下年度继续办理": [0, 0, 0, 0, 0, 0, 0]', '"四、结转下年度继续办理": [1, 0, 0, 0, 0, 0, 1]')
    path.write_text(text, "utf-8")
    assert main(["check", str(path)]) == 0
    assert main(["render", str(path), "--to", form]) == 0
    got = extract_file(tmp_path / f"r.{form}")
    assert (got.agency, got.year) == ("台州市科学技术局", 2024)
    assert got.b("new_received") == [3, 0, 0, 0, 1, 0, 4] and got.b("carry_forward") == [1, 0, 0, 0, 0, 0, 1]
    assert got.texts["overview"] == "本年度工作稳步推进，未收取信息处理费。"


def test_render_a_published_report_or_its_json(seed, tmp_path, capsys):
    assert main(["render", str(seed("004")), "--to", "html", "-o", str(tmp_path / "x.html")]) == 1  # its errors
    assert main(["render", str(seed("000")), "--to", "md", "-o", str(tmp_path / "x.md")]) == 0
    assert extract_file(tmp_path / "x.md").b("new_received") == [2, 0, 0, 0, 1, 0, 3]
    assert main(["extract", str(seed("001")), "--format", "json", "-o", str(tmp_path / "m.json")]) == 0
    assert main(["render", str(tmp_path / "m.json"), "--to", "docx"]) == 0
    assert extract_file(tmp_path / "m.docx").a("normative_documents", "in_force") == 6


def test_bad_authoring_files(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("文件: gongkai 年报编写文件\n年度: [unclosed\n", "utf-8")
    code = main(["render", str(bad), "--to", "md"])
    assert code == 2 and capsys.readouterr().err.startswith("gongkai: 编写文件格式错误第 3 行")
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(_fill(new_authoring("某局", 2024)).replace("[0, 0, 0, 0, 0, 0, 0]", "[0, 0]", 1), "utf-8")
    assert main(["render", str(wrong), "--to", "md"]) == 2
    assert "应填 7 个数" in capsys.readouterr().err


def test_documents_look_published(tmp_path):
    """Properties name the agency and the date; table headers repeat on every page; no
    heading ends a page; 三、本年度办理结果 is kept whole; the PDF carries the same title."""
    import datetime as dt

    from docx.oxml.ns import qn
    report = sample_report(1, year=2025, agency="台州市科学技术局")
    doc = docx.Document(io.BytesIO(render_docx(report)))
    props = doc.core_properties
    assert (props.title, props.author, props.last_modified_by) == (
        "台州市科学技术局2025年度政府信息公开工作年度报告", "台州市科学技术局", "台州市科学技术局")
    assert props.created.date() == dt.date.today() and "python-docx" not in (props.comments or "")
    table_b = next(t for t in doc.tables if len(t.rows) > 20)
    repeated = [bool(tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None) for tr in table_b._tbl.tr_lst]
    assert repeated[:4] == [True, True, True, False] and not any(repeated[3:])
    assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in table_b._tbl.tr_lst)
    labels = [tr.tc_lst[0] for tr in table_b._tbl.tr_lst]
    first = next(i for i, tc in enumerate(labels) if "三、本年度办理结果" in "".join(tc.itertext()))
    kept = [tr.find(".//" + qn("w:keepNext")) is not None for tr in table_b._tbl.tr_lst]
    from gongkai.report.catalog import TABLE_B_ROWS
    results = sum(1 for spec in TABLE_B_ROWS if spec.level1 and report.table_b.get(spec.key) is not None)
    assert kept[first:first + results - 1] == [True] * (results - 1) and not kept[first + results - 1]
    headings = [p for p in doc.paragraphs if p.text.startswith(("一、", "二、", "三、", "四、", "五、", "六、"))]
    assert len(headings) == 6 and all(p.paragraph_format.keep_with_next for p in headings)
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    from gongkai.render.pdf import render_pdf
    info = PDFDocument(PDFParser(io.BytesIO(render_pdf(report)))).info[0]
    assert info["Title"].decode("utf-16") == "台州市科学技术局2025年度政府信息公开工作年度报告"
    assert info["Author"].decode("utf-16") == "台州市科学技术局"


def test_outputs_are_written_with_ordinary_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        src = tmp_path / "r.json"
        from gongkai.report.jsonio import dumps
        src.write_text(dumps(sample_report(1)), "utf-8")
        out = tmp_path / "r.md"
        assert main(["render", str(src), "--to", "md", "-o", str(out)]) == 0
        assert oct(out.stat().st_mode & 0o777) == "0o644"
    finally:
        os.umask(old)


def test_markdown_shows_a_reports_markup_as_text(seed):
    """A report's own text holding markup (<script>, an <img> with a handler): shown as
    text in the Markdown, never passed through to run in the page it becomes."""
    from gongkai.load import load_report
    from gongkai.render.markdown import render_markdown

    report = load_report(seed("000"))
    report.texts["overview"] = '<script>alert("x")</script>总体情况 & <img src=x onerror=alert(1)>'
    report.agency = "台州市<b>科技局</b>"
    md = render_markdown(report)
    assert "<script>" not in md and "<img" not in md and "<b>" not in md
    assert '&lt;script&gt;alert("x")&lt;/script&gt;总体情况 &amp; &lt;img src=x onerror=alert(1)&gt;' in md
    assert md.startswith("# 台州市&lt;b&gt;科技局&lt;/b&gt;2023年度")
