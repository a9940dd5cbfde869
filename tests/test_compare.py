"""Comparison over a batch output: one agency across years, agencies within a year."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from gongkai.batch import compare, run_batch
from gongkai.batch.database import build, connect
from gongkai.cli import main
from gongkai.render.text import TextStyle, render_text
from gongkai.report.sample import refresh_figures, sample_report


def write(folder, name, report):
    (folder / name).write_text(render_text(report, TextStyle(shape="tabbed")), encoding="utf-8")


def follow(now, before):
    """Make `now` carry over what `before` carried forward, keeping its own identities:
    whatever more (or less) is carried over is carried forward again."""
    for i, v in enumerate(before.table_b["carry_forward"]):
        d = v.value - now.table_b["carried_over"][i].value
        now.table_b["carried_over"][i].value += d
        now.table_b["carry_forward"][i].value += d
    for row in ("regulations", "normative_documents"):
        cells = now.table_a[row]
        cells["repealed"].value = 0
        cells["in_force"].value = before.a(row, "in_force") + cells["issued"].value
    refresh_figures(now)
    return all(v.value >= 0 for v in now.table_b["carry_forward"])


@pytest.fixture
def out(tmp_path):
    """杭州市财政局 2023 and 2024 — 2024 carries over 1 more 商业企业 application than
    2023 carried forward — and two more agencies' 2024 reports."""
    folder = tmp_path / "in"
    folder.mkdir()
    before = sample_report(1, year=2023, agency="杭州市财政局")
    now = next(r for seed in range(100) if follow(r := sample_report(seed, year=2024, agency="杭州市财政局"), before))
    for i in (1, 6):
        now.table_b["carried_over"][i].value += 1
        now.table_b["carry_forward"][i].value += 1
    refresh_figures(now)
    write(folder, "财政局2023.txt", before)
    write(folder, "财政局2024.txt", now)
    write(folder, "教育局2024.txt", sample_report(2, year=2024, agency="杭州市教育局"))
    write(folder, "审计局2024.txt", sample_report(3, year=2024, agency="宁波市审计局"))
    result = tmp_path / "out"
    run_batch([str(folder)], str(result))
    build(str(result))
    return result, before, now


def test_one_agency_across_years_cell_by_cell_and_the_cross_year_checks(out):
    result, before, now = out
    con = connect(str(result))
    years, changes = compare.cell_changes(con, str(result), "杭州市财政局")
    assert years == [2023, 2024]
    by_cell = {c.cell: c for c in changes}
    assert by_cell["table_b.new_received.6"].values == [before.b("new_received")[6], now.b("new_received")[6]]
    assert by_cell["table_b.new_received.6"].label == "表二 一、本年新收政府信息公开申请数量 · 总计"
    assert len(changes) == sum(1 for _ in now.cells())
    found = list(compare.cross_year(con, str(result), "杭州市财政局"))
    assert [(x.year, x.finding.rule, x.finding.column) for x in found if x.finding.rule == "CARRY-OVER"] == [
        (2024, "CARRY-OVER", 1), (2024, "CARRY-OVER", 6)]
    # the generated narrative is the same text every year
    assert [x.finding.rule for x in found if x.finding.rule != "CARRY-OVER"] == ["COPIED-TEXT"]
    first = found[0].finding.message
    assert first == (f"表二“商业企业”列：本年“二、上年结转”为 {now.b('carried_over')[1]}，"
                     f"2023 年度报告“四、结转下年度继续办理”为 {before.b('carry_forward')[1]}")


def test_agencies_of_one_year_side_by_side(out):
    result, _, now = out
    con = connect(str(result))
    peers = compare.peers(con, 2024)
    assert sorted(p.agency for p in peers) == ["宁波市审计局", "杭州市教育局", "杭州市财政局"]
    assert [p.applications for p in peers] == sorted((p.applications for p in peers), reverse=True)
    mine = next(p for p in peers if p.agency == "杭州市财政局")
    total = now.b("total")[6]
    assert mine.grant_rate == (now.b("granted")[6] / total if total else None)
    assert [p.agency for p in compare.peers(con, 2024, "杭州")] == [
        p.agency for p in peers if p.agency.startswith("杭州")]
    assert compare.median([3, None, 1, 2]) == 2 and compare.median([4, 1, 3, 2]) == 2.5 and compare.median([]) is None


def test_compare_command_prints_and_writes_a_workbook(out, tmp_path, capsys):
    result, _, now = out
    book = tmp_path / "比较.xlsx"
    assert main(["compare", str(result), "--agency", "杭州市财政局", "--year", "2024", "--xlsx", str(book)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("杭州市财政局：2023、2024 年度报告，逐项对比")
    assert "跨年度核对（上年结转、现行有效件数、正文雷同）：3 项问题" in printed
    assert "2024 年度各机关对比：3 个机关，按本年新收申请数排序" in printed
    wb = load_workbook(book, read_only=True)
    assert wb.sheetnames == ["逐项变化", "跨年度问题", "2024年度机关对比"]
    assert len(list(wb["跨年度问题"].iter_rows(min_row=2))) == 3


def test_compare_needs_a_batch_output_and_a_question(tmp_path, out, capsys):
    assert main(["compare", str(tmp_path)]) == 2
    assert "不是批处理输出目录" in capsys.readouterr().err
    assert main(["compare", str(out[0])]) == 2
    assert "请指定 --agency" in capsys.readouterr().err
    assert main(["compare", str(out[0]), "--agency", "无此机关"]) == 2
    assert "没有该机关的报告" in capsys.readouterr().err


def test_an_agency_found_by_another_spelling_or_its_candidates_listed(out, capsys):
    from gongkai.agencies.names import candidates, canonical

    assert canonical("台州市科技局") == canonical("台州市科学技术局") == "台州市科学技术局"
    assert canonical("黄岩区政府办") == canonical("黄岩区人民政府办公室") == "黄岩区人民政府办公室"
    assert canonical("临海市政府") == "临海市人民政府" and canonical("财政局") == "财政局"
    names = ["杭州市财政局", "杭州市教育局", "宁波市审计局"]
    assert [(c.name, c.score) for c in candidates("杭州", names)] == [("杭州市教育局", 0.9), ("杭州市财政局", 0.9)]
    assert candidates("温州市财政局", names)[0].name == "杭州市财政局"  # close, for a person to confirm
    assert candidates("深圳市公安局", names) == []
    assert main(["compare", str(out[0]), "--agency", "杭州"]) == 2
    assert "您指的可能是：杭州市教育局（名称中含“杭州”）；杭州市财政局（名称中含“杭州”）" in capsys.readouterr().err
    assert main(["compare", str(out[0]), "--agency", "杭州市 财政局"]) == 0  # the same name, spaced as typed
    assert capsys.readouterr().out.splitlines()[:2] == [
        "“杭州市 财政局”即“杭州市财政局”（名称相同，1.00）",
        "杭州市财政局：2023、2024 年度报告，逐项对比（仅列出有数或有变化的单元格）"]


def test_cross_year_findings_are_the_same_when_the_waiting_models_are_compressed(out, monkeypatch):
    con = connect(str(out[0]))
    plain = [(x.agency, x.year, x.finding.rule, x.finding.message) for x in compare.cross_year(con, str(out[0]))]
    monkeypatch.setattr(compare, "WAIT_RAW", 0)
    packed = [(x.agency, x.year, x.finding.rule, x.finding.message) for x in compare.cross_year(con, str(out[0]))]
    assert packed == plain and [r[:3] for r in plain][:1] == [("杭州市财政局", 2024, "CARRY-OVER")]
