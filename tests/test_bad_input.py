"""Bad input gets a clear one-line message and exit 2; a truncated report is read
as far as it goes, with what is missing listed (exit 0)."""

from __future__ import annotations

import os
import pathlib

import pytest

from gongkai.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_empty_file(tmp_path, capsys):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert run(capsys, "extract", str(path)) == (2, "", "gongkai: 文件为空（empty file）\n")


def test_blank_file(tmp_path, capsys):
    path = tmp_path / "blank.txt"
    path.write_bytes(b"\n\n   \n")
    assert run(capsys, "extract", str(path))[0] == 2


def test_binary_garbage(tmp_path, capsys):
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(256)) * 64)
    code, out, err = run(capsys, "extract", str(path))
    assert (code, out) == (2, "")
    assert err == "gongkai: 不是文本文件：含有二进制数据（binary data, not text）\n"


def test_control_characters_without_nul(tmp_path, capsys):
    path = tmp_path / "ctrl.txt"
    path.write_bytes(bytes(range(1, 32)) * 200)
    code, _, err = run(capsys, "extract", str(path))
    assert code == 2 and "不是文本文件" in err


def test_a_novel_chapter_is_not_a_report(tmp_path, capsys):
    chapter = ("第一章 春天\n\n"
               "三月的江南，细雨连绵。她撑着油纸伞走过青石板路，巷口的茶馆里传来评弹的声音。\n"
               "一、她想起了远方的哥哥。二十年前，他背着行囊离开了小镇。\n\n"
               "那一年，镇上只有一条街，街上有三家铺子。\n") * 40
    path = tmp_path / "novel.txt"
    path.write_text(chapter, "utf-8")
    code, out, err = run(capsys, "extract", str(path))
    assert (code, out) == (2, "")
    assert err == "gongkai: 不是政府信息公开工作年度报告：未找到年报的章节或统计表格（not an annual report: no sections or tables found）\n"


def test_a_truncated_report_reads_partly(seed, tmp_path, capsys):
    lines = seed("000").read_text("utf-8").split("\n")
    path = tmp_path / "truncated.txt"
    path.write_text("\n".join(lines[:180]), "utf-8")  # cut inside table B
    code, out, err = run(capsys, "extract", "--format", "json", str(path))
    assert code == 0 and err == ""
    import json
    d = json.loads(out)
    assert d["table_a"]["licensing"] == {"decisions": 637}
    assert d["table_b"]["rows"]["denied_process_info"] == [1, 0, 0, 0, 0, 0, 1]
    assert d["table_b"]["rows"]["total"] is None
    missing = [p["path"] for p in d["problems"] if p["code"] == "missing_row"]
    assert missing[0] == "table_b.unavailable_not_held" and missing[-1] == "table_b.carry_forward"
    assert ("missing_table", "table_c") in [(p["code"], p["path"]) for p in d["problems"]]


def test_a_100_mb_file_is_refused_without_reading_it(tmp_path, capsys):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(100 * 1024 * 1024)
    code, out, err = run(capsys, "extract", str(path))
    assert (code, out) == (2, "")
    assert err == f"gongkai: 文件过大：100.0 MB，文本报告上限为 20 MB（file too large for a report's text）：{path}\n"


def test_missing_file_and_folder(tmp_path, capsys):
    assert run(capsys, "extract", str(tmp_path / "nope.txt")) == (
        2, "", f"gongkai: 文件不存在（no such file）：{tmp_path / 'nope.txt'}\n")
    assert run(capsys, "extract", str(tmp_path)) == (
        2, "", f"gongkai: 这是一个文件夹，不是文件（a folder, not a file）：{tmp_path}\n")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file(tmp_path, capsys):
    path = tmp_path / "secret.txt"
    path.write_text("x")
    path.chmod(0)
    assert run(capsys, "extract", str(path))[0] == 2


def test_failed_run_leaves_no_output_file(tmp_path, capsys):
    out = tmp_path / "out.json"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    assert run(capsys, "extract", str(bad), "--format", "json", "-o", str(out))[0] == 2
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [bad]


class _Hung(Exception):
    pass


def _within(seconds: int, fn, *args):
    """Run fn, failing if it has not finished after `seconds` (a hang, not a slow run:
    the limit is far above the time it takes)."""
    import signal

    def stop(signum, frame):
        raise _Hung(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        return fn(*args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("body", [
    "A" * 250_000,  # a contact pattern scanned every start of a long run of letters
    "a." * 120_000,  # a web-address pattern over dotted runs
    "1 " * 80_000,  # "N 件，其中" scanned every start of a long digit run
])
def test_long_runs_read_and_check_in_linear_time(body):
    from gongkai.checks import check
    from gongkai.extract import extract_text

    text = "示例市科学技术局2023年度政府信息公开工作年度报告" + body + "\n一、总体情况\n二、主动公开政府信息情况\n"
    report = _within(60, extract_text, text)
    assert report.agency == "示例市科学技术局"
    assert [f.rule for f in _within(60, check, report) if f.rule == "NARRATIVE-SUM"] == []


def _pdf_of_pages(tmp_path, copies: int):
    import shutil
    import subprocess

    base = pathlib.Path(__file__).resolve().parents[2] / "shared" / "corpus" / "raw" / "002.pdf"
    if not base.exists() or not shutil.which("qpdf"):
        pytest.skip("needs ../shared/corpus and qpdf")
    out = tmp_path / "long.pdf"
    subprocess.run(["qpdf", "--empty", "--pages", *([str(base), "1-z"] * copies), "--", str(out)], check=True)
    return out


def test_a_long_pdf_is_read_one_page_at_a_time(tmp_path):
    from gongkai.ingest import read_file
    from gongkai.ingest.pdf import KEEP_PAGES

    doc = read_file(_pdf_of_pages(tmp_path, 60))  # 300 pages
    assert doc.source["pages"] == 300
    assert len(doc.locate.textpages) <= KEEP_PAGES
    for line in range(1, len(doc.lines), 97):  # boxes asked for all over the document
        doc.locate(line, 0, 1)
    assert len(doc.locate.textpages) <= KEEP_PAGES


def test_a_pdf_with_more_pages_than_any_report_is_refused(tmp_path, capsys):
    path = _pdf_of_pages(tmp_path, 401)  # 2005 pages
    assert run(capsys, "extract", str(path)) == (
        2, "", "gongkai: PDF 有 2005 页，超过 2000 页的上限，不像一份年报（too many pages）\n")


def _model(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return str(path)


def test_html_nested_deeper_than_python_recurses_reads_without_a_traceback(tmp_path, capsys):
    page = "<html><body>" + "<div>" * 1500 + "<p>一、总体情况</p><p>二、主动公开政府信息情况</p>" + "</div>" * 1500
    code, out, err = run(capsys, "check", _model(tmp_path, "deep.html", page))
    assert code == 1 and err == "" and "报告整体" in out  # read and checked (it names no agency)


def test_html_of_unclosed_elements_by_the_thousand_is_refused(tmp_path, capsys):
    page = "<html><body>" + "<div>" * 100_000 + "一、总体情况"
    assert run(capsys, "extract", _model(tmp_path, "unclosed.html", page)) == (
        2, "", "gongkai: 网页元素嵌套超过 2000 层，不像一份年报的网页（HTML nested too deep）\n")


def test_a_number_of_thousands_of_digits_is_no_number(tmp_path, capsys):
    text = ("示例市科学技术局2023年度政府信息公开工作年度报告\n一、总体情况\n收到申请" + "1" * 5000 + "件。\n"
            "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 " + "1" * 5000 + "\n")
    code, out, err = run(capsys, "extract", _model(tmp_path, "digits.txt", text), "--format", "json")
    assert code == 0 and err == ""


def test_a_json_model_nested_a_thousand_deep(tmp_path, capsys):
    text = '{"format_version": "2021", "schema": 1, "x": ' + "[" * 1000 + "]" * 1000 + "}"
    code, out, err = run(capsys, "check", _model(tmp_path, "deep.json", text))
    assert code == 2 and "JSON 模型文件损坏（damaged JSON model: RecursionError" in err and err.count("\n") == 1


@pytest.mark.parametrize("text", [
    '{"format_version": "2021", "schema": 1, "sections": {"a": 1}, "table_b": [1, 2]}',  # lists and maps swapped
    '{"format_version": "2021", "schema": 1, "table_c": 7}',
    '{"format_version": "2021", "schema": 1, "x": ' + "[" * 100_000 + "]" * 100_000 + "}",  # past json's recursion
])
def test_a_json_model_of_the_wrong_shape_is_one_line(tmp_path, capsys, text):
    code, out, err = run(capsys, "check", _model(tmp_path, "bad.json", text))
    assert code == 2 and "JSON 模型文件损坏" in err and err.count("\n") == 1


def test_an_authoring_file_with_yaml_aliases_is_refused_at_once(tmp_path, capsys):
    from gongkai.report.authoring import MARK

    lines = [f"文件: {MARK}", "年度: 2024", 'a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]  # 9^10 strings
    code, out, err = run(capsys, "check", _model(tmp_path, "bomb.yaml", "\n".join(lines) + "\n"))
    assert code == 2 and "YAML 别名" in err and err.count("\n") == 1


def test_an_authoring_file_with_a_number_where_text_belongs(tmp_path, capsys):
    from gongkai.report.authoring import MARK

    code, out, err = run(capsys, "check", _model(tmp_path, "typed.yaml", f"文件: {MARK}\n年度: 2024\n机关名称: 12\n正文: 3\n"))
    assert "Traceback" not in err and code in (0, 1, 2) and err.count("\n") <= 1


def test_a_json_model_naming_a_row_no_format_has_is_read(tmp_path, capsys):
    import json

    from gongkai.report.jsonio import dumps
    from gongkai.report.sample import sample_report

    model = json.loads(dumps(sample_report(2, "legacy")))
    model["legacy"][1]["key"] = "comps"  # a key the catalog does not know
    code, out, err = run(capsys, "check", _model(tmp_path, "odd.json", json.dumps(model, ensure_ascii=False)))
    assert err == "" and code in (0, 1)
