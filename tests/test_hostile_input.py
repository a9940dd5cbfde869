"""What an attacker or a careless file still broke: models of the wrong kind, names that
are paths, dates as people write them, numbers out of any range, a processing
instruction — each read or refused in one line, exit 2, never a traceback."""

from __future__ import annotations

import json
import os

import pytest

from gongkai.cli import main
from gongkai.report.jsonio import dumps
from gongkai.report.sample import sample_report


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def model_text(**changes) -> str:
    model = json.loads(dumps(sample_report(1, year=2024, agency="泉州市科学技术局")))
    model.update(changes)
    return json.dumps(model, ensure_ascii=False)


@pytest.mark.parametrize("cell, reason", [
    ("1" * 400, "数值超出范围：1111111111111111111111111111111111111111…"),
    ("NaN", "“NaN”不是数"), ("Infinity", "“Infinity”不是数"), ("-1e400", "数值超出范围：-1e400"),
])
def test_a_json_model_with_a_number_no_report_has_is_refused(tmp_path, capsys, cell, reason):
    text = model_text()
    path = tmp_path / "m.json"
    path.write_text(text.replace('"new_received": [', f'"new_received": [{cell}, ', 1).replace(f"[{cell}, 0, ", f"[{cell}, ", 1),
                    "utf-8")
    code, out, err = run(capsys, "check", str(path))
    assert code == 2 and err == f"gongkai: {path}: JSON 模型文件损坏（damaged JSON model: ValueError: {reason}）：{path}\n"


@pytest.mark.parametrize("year", [0, -5, 10000, 99999999999])
def test_a_json_model_of_a_year_no_report_has_is_refused(tmp_path, capsys, year):
    path = tmp_path / "m.json"
    path.write_text(model_text(year=year), "utf-8")
    code, _, err = run(capsys, "extract", str(path))
    assert code == 2 and "year：" in err and ("minimum of 1990" in err or "maximum of 2100" in err or "数值超出范围" in err)


def test_a_model_larger_than_any_report_is_refused_before_it_is_parsed(tmp_path, capsys):
    path = tmp_path / "big.yaml"
    written = tmp_path / "w.yaml"
    assert main(["new", "--agency", "泉州市科学技术局", "--year", "2025", "-o", str(written)]) == 0
    path.write_text(written.read_text("utf-8") + "# " + "很长的注释" * 400_000 + "\n", "utf-8")
    capsys.readouterr()
    code, _, err = run(capsys, "check", str(path))
    assert code == 2 and err == f"gongkai: {path}: 编写文件过大：5.7 MB，上限为 5 MB（model too large）：{path}\n"


@pytest.mark.parametrize("written, shown", [("2024年1月20日", "2024-01-20"), ("2024/01/20", "2024-01-20"),
                                            ("2024-1-20", "2024-01-20"), ("2024.01.20", "2024-01-20")])
def test_an_authoring_file_takes_the_date_of_publication_as_people_write_it(tmp_path, capsys, written, shown):
    path = tmp_path / "a.yaml"
    assert main(["new", "--agency", "泉州市科学技术局", "--year", "2024", "-o", str(path)]) == 0
    text = path.read_text("utf-8")
    path.write_text("\n".join(f"发布日期: {written}" if line.startswith("发布日期:") else line
                              for line in text.splitlines()), "utf-8")
    capsys.readouterr()
    assert run(capsys, "check", str(path))[0] == 1  # read and checked: its parts are still unwritten
    assert run(capsys, "render", str(path), "--to", "md", "--draft", "-o", str(tmp_path / "a.md"))[0] == 0
    y, m, d = shown.split("-")
    assert f"{int(y)}年{int(m)}月{int(d)}日" in (tmp_path / "a.md").read_text("utf-8")


@pytest.mark.parametrize("line, message", [
    ("发布日期: 明年春天", "“发布日期”应写作 2024-01-20 或 2024年1月20日，而不是“明年春天”"),
    ("发布日期: [2024]", "“发布日期”应写作 2024-01-20 或 2024年1月20日，而不是“[2024]”"),
    ("机关名称: [甲局, 乙局]", "“机关名称”应为文字，如“台州市科学技术局”，而不是“['甲局', '乙局']”"),
    ("年度: 10000", "“年度”应为 2000 至 2100 之间的年份，而不是“10000”"),
    ("格式: 2030", "“格式”应为 2021、2019、legacy 之一，而不是“2030”"),
])
def test_an_authoring_file_with_a_value_of_the_wrong_kind_is_refused_by_name(tmp_path, capsys, line, message):
    path = tmp_path / "a.yaml"
    assert main(["new", "--agency", "泉州市科学技术局", "--year", "2024", "-o", str(path)]) == 0
    key = line.split(":")[0]
    text = path.read_text("utf-8")
    path.write_text("\n".join(line if row.startswith(f"{key}:") else row for row in text.splitlines())
                    + ("" if f"\n{key}:" in text else f"\n{line}"), "utf-8")
    capsys.readouterr()
    for command in (["check"], ["render", "--to", "md"]):
        code, _, err = run(capsys, command[0], str(path), *command[1:])
        assert code == 2 and message in err and "Traceback" not in err


def test_an_authoring_file_with_an_infinite_cell_is_refused(tmp_path, capsys):
    path = tmp_path / "a.yaml"
    assert main(["new", "--agency", "泉州市科学技术局", "--year", "2024", "-o", str(path)]) == 0
    text = path.read_text("utf-8").replace('"本年制发件数": ~', '"本年制发件数": .inf', 1)
    assert ".inf" in text
    path.write_text(text, "utf-8")
    capsys.readouterr()
    code, _, err = run(capsys, "check", str(path))
    assert code == 2 and "表格中的数字“inf”不是一个统计数" in err


@pytest.mark.parametrize("agency", ["../../evil", "/tmp/evil", '甲局"\n文件: 伪造\n机关名称: "乙局'])
def test_new_from_a_report_writes_only_into_this_folder_and_writes_the_name_as_text(tmp_path, capsys, monkeypatch,
                                                                                     agency):
    source = tmp_path / "last.json"
    source.write_text(model_text(agency=agency), "utf-8")
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    code, out, _ = run(capsys, "new", "--from", str(source))
    assert code == 0
    [written] = list(here.iterdir())  # in this folder, whatever the name said
    assert not (tmp_path / "evil2025年度政府信息公开工作年度报告.yaml").exists()
    from gongkai.load import load_report
    assert load_report(written).agency == agency  # the name kept as written, no key injected
    assert written.read_text("utf-8").count("\n文件:") == 1


def test_an_output_into_a_folder_that_does_not_exist_is_a_clear_error(tmp_path, capsys):
    code, _, err = run(capsys, "new", "--agency", "泉州市科学技术局", "--year", "2024", "-o",
                       str(tmp_path / "nope" / "a.yaml"))
    assert (code, err) == (2, f"gongkai: 输出文件夹不存在（no such folder）：{tmp_path / 'nope'}\n")


@pytest.mark.parametrize("argv, message", [
    (["fee", "--requests", "-3"], "argument --requests: 申请件数应为1 至 1000000的整数：-3"),
    (["fee", "--pages", "x"], "argument --pages: 应为整数：x"),
    (["deadline", "2026-03-02", "--extend", "30"], "argument --extend: 延长的工作日数应为1 至 20的整数：30"),
    (["compile", "--agency", "某局", "--year", "0"], "argument --year: 年度应为2000 至 2100的整数：0"),
])
def test_numbers_out_of_range_on_the_command_line_are_refused(capsys, argv, message):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2 and message in capsys.readouterr().err


def test_the_fee_of_a_negative_count_is_a_clear_error_in_the_library():
    from gongkai.cases.fees import FeeError, per_page, per_request
    with pytest.raises(FeeError, match="申请件数不能为负数：-3"):
        per_request(-3)
    with pytest.raises(FeeError, match="页数不能为负数：-1"):
        per_page(-1)


def test_html_with_processing_instructions_is_read(tmp_path, capsys, seed):
    from gongkai.load import load_report
    from gongkai.render.html import render_html
    page = render_html(load_report(seed("000"))).replace("<body>", "<body><?php echo $x; ?><?xml-stylesheet a?>", 1)
    path = tmp_path / "r.html"
    path.write_text(page, "utf-8")
    assert run(capsys, "extract", str(path))[0] == 0
    assert load_report(path).table_b["new_received"][6].value == 3


def test_a_json_model_with_a_400_digit_cell_fails_alone_in_a_batch(tmp_path, seed):
    from gongkai.batch import run_batch
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.json").write_text(model_text().replace('"new_received": [', '"new_received": [' + "9" * 400 + ", ", 1)
                                     .replace(", 0, 0, 0, 0, 0, 0, 0]", ", 0, 0, 0, 0, 0, 0]", 1), "utf-8")
    (folder / "000.txt").write_bytes(seed("000").read_bytes())
    summary = run_batch([str(folder)], str(tmp_path / "out"))
    assert (summary.read, summary.failed) == (1, 1)
    assert "数值超出范围" in summary.failures[0][1]


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_profiles_are_private_and_removed(tmp_path, seed):
    """The profile is made by mkdtemp (0700, an unguessable name) — a folder another user
    made first at the old predictable path is never used — and removed at exit."""
    import stat
    import subprocess
    import sys

    planted = tmp_path / "tmp" / f"gongkai-libreoffice-{os.getpid() + 1}"
    planted.mkdir(parents=True)
    script = ("import os, stat, sys; from gongkai import libreoffice; from gongkai.render import pdf; "
              "from gongkai.load import load_report; pdf.render_pdf(load_report(sys.argv[1])); p = libreoffice._PROFILE; "
              "print(p, oct(stat.S_IMODE(os.stat(p).st_mode)))")
    out = subprocess.run([sys.executable, "-c", script, str(seed("000"))], capture_output=True, text=True, timeout=300,
                         env={**os.environ, "TMPDIR": str(tmp_path / "tmp")})
    assert out.returncode == 0, out.stderr
    profile, mode = out.stdout.split()
    assert mode == "0o700" and profile.startswith(str(tmp_path / "tmp" / "gongkai-libreoffice-"))
    assert not os.path.exists(profile)  # removed when the process ended
    assert sorted(p.name for p in (tmp_path / "tmp").iterdir()) == [planted.name]
    assert stat.S_IMODE(planted.stat().st_mode) != 0 and not any(planted.iterdir())  # never written to
