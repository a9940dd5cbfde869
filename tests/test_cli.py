"""The `gongkai` command: extract shows a report to a person or prints the JSON
contract; demo generates a report and reads it back."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema

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
