"""The `gongkai` command: extract shows a report to a person or prints the JSON
contract; demo generates a report and reads it back."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest

from gongkai.cli import main
from gongkai.report.jsonio import from_dict, schema, to_dict


def test_extract_json_follows_the_schema(seed, capsys):
    for prefix in ("000", "001", "002", "003", "004"):
        assert main(["extract", "--format", "json", str(seed(prefix))]) == 0
        data = json.loads(capsys.readouterr().out)
        jsonschema.validate(data, schema())


def test_json_round_trips_through_the_model(seed):
    from gongkai.extract import extract_file
    for prefix in ("000", "002", "003"):
        data = to_dict(extract_file(seed(prefix)))
        assert to_dict(from_dict(json.loads(json.dumps(data)))) == data


def test_extract_text_view_shows_the_tables_in_chinese(seed, capsys):
    assert main(["extract", str(seed("000"))]) == 0
    out = capsys.readouterr().out
    lines = out.split("\n")
    assert lines[0] == "台州市科技局 2023年度政府信息公开工作年度报告"
    assert lines[1] == "格式：2021 年格式（国办公开办函〔2021〕30号）"
    assert "三、收到和处理政府信息公开申请情况" in lines
    row = next(line for line in lines if line.startswith("一、本年新收政府信息公开申请数量"))
    assert row.split()[1:] == ["2", "0", "0", "0", "1", "0", "3"]
    row = next(line for line in lines if line.startswith("行政规范性文件"))
    assert row.split()[1:] == ["0", "0", "3"]


def test_blank_cells_show_as_blank_not_zero(seed, capsys):
    assert main(["extract", str(seed("002"))]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.split("\n") if line.startswith("行政复议"))
    assert row.split()[1:] == ["空白"] * 5
    assert "读取中发现的问题（6）：" in out


def test_output_file_is_written(seed, tmp_path, capsys):
    out = tmp_path / "r.json"
    assert main(["extract", str(seed("004")), "--format", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text("utf-8"))["year"] == 2022
    assert capsys.readouterr().out == ""


def test_demo_generates_and_reads_a_report(tmp_path):
    out = tmp_path / "demo.txt"
    proc = subprocess.run([sys.executable, "-m", "gongkai.cli", "demo", "--out", str(out), "--seed", "5"],
                          capture_output=True, text=True, check=True)
    assert proc.stdout.startswith(f"已生成示例年报：{out}（pdf 形态的复制文本，")
    assert "三、收到和处理政府信息公开申请情况" in proc.stdout
    assert "读取中发现的问题" not in proc.stdout
    assert out.read_text("utf-8").count("\n") > 100


def test_no_command_prints_help(capsys):
    assert main([]) == 0
    assert "extract" in capsys.readouterr().out


def test_check_exit_codes_and_json_contract(seed, tmp_path, capsys):
    assert main(["check", str(seed("000"))]) == 0
    assert "未发现问题" not in capsys.readouterr().out  # the notice about the title is shown
    assert main(["check", "--format", "json", str(seed("004"))]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["file"], data["agency"], data["year"]) == (str(seed("004")), "市科学技术局", 2022)
    assert data["findings"][0] == {
        "rule": "AGENCY-NAME", "severity": "error",
        "message": "机关名称“市科学技术局”缺少所属行政区划，无法确定是哪一级哪个地方的机关",
        "table": None, "row": None, "column": None, "evidence": [{"line": 1, "text": "市科学技术局"}]}
    assert [f["rule"] for f in data["findings"][1:]] == ["CONTACT", "NARRATIVE-SUM"]


def test_check_several_files_gives_a_list_and_the_worst_exit(seed, tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    code = main(["check", "--format", "json", str(seed("000")), str(seed("003")), str(bad)])
    out, err = capsys.readouterr()
    assert code == 2
    assert err == f"gongkai: {bad}: 文件为空（empty file）\n"
    data = json.loads(out)
    assert [d["year"] for d in data] == [2023, 2017]
    assert [f["rule"] for f in data[1]["findings"]] == ["LEGACY-SUM", "LEGACY-SUM", "LEGACY-BLANK", "LEGACY-BLANK"]
    assert data[1]["findings"][0]["table"] == "legacy" and data[1]["findings"][0]["row"] == "requests_closed"


def test_check_text_groups_by_section_worst_first(seed, capsys):
    assert main(["check", str(seed("002"))]) == 1
    out = capsys.readouterr().out
    lines = out.split("\n")
    assert lines[1] == "  错误 6 项，警告 6 项，提示 3 项"
    groups = [line.strip() for line in lines if line.strip().startswith("【")]
    assert groups == ["【二、主动公开政府信息情况】", "【四、政府信息公开行政复议、行政诉讼情况】", "【五、信息处理费收取情况】",
                      "【六、存在的主要问题及改进情况】", "【七、其他需要报告的事项】", "【报告整体】",
                      "【一、总体情况】"]  # its half-width commas: a notice, so last
    assert "  警告：正文称现行有效规范性文件 11件，表格为 14〔NARRATIVE-TABLE〕" in lines
    assert "      第49行：“现行有效规范性文件11份”" in lines


def test_check_with_previous_year(tmp_path, capsys):
    from gongkai.render.text import render_text
    from gongkai.report.sample import sample_report
    prev = tmp_path / "2022.txt"
    now = tmp_path / "2023.txt"
    text = render_text(sample_report(1, year=2022))
    prev.write_text(text, "utf-8")
    now.write_text(text.replace("2022", "2023"), "utf-8")
    assert main(["check", str(now), "--previous", str(prev), "--format", "json"]) == 0
    rules = [f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]]
    assert "COPIED-TEXT" in rules


def test_check_fails_on_warnings_or_notices_when_asked(seed, capsys):
    """004 has an error; 000 only a notice (no title line): --fail-on decides what fails."""
    assert main(["check", str(seed("000"))]) == 0
    assert main(["check", "--fail-on", "warning", str(seed("000"))]) == 0
    assert main(["check", "--fail-on", "notice", str(seed("000"))]) == 1
    assert main(["check", "--fail-on", "warning", str(seed("001"))]) == 1  # no 联系方式: a warning
    assert main(["check", str(seed("001"))]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) as stop:
        main(["check", "--fail-on", "anything", str(seed("000"))])
    assert stop.value.code == 2
    assert "invalid choice: 'anything'" in capsys.readouterr().err


def test_the_web_shows_messages_without_their_english_gloss_but_keeps_case_numbers():
    from gongkai.errors import chinese
    assert chinese("答复期限只能延长一次（one extension only）") == "答复期限只能延长一次"
    assert chinese("不是年报：未找到（not an annual report: no sections or tables found）") == "不是年报：未找到"
    assert chinese("请先办结（Y-1、2026-S01）") == "请先办结（Y-1、2026-S01）"
    assert chinese("办理结果（此结果可选：予以公开）") == "办理结果（此结果可选：予以公开）"
