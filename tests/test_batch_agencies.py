"""A batch's agencies as one register: one agency under two spellings is compared across its
years and summed once; a name that may be another agency is listed, never merged; a register
given to the batch names each report's agency, division and level."""

from __future__ import annotations

import csv

import pytest

from gongkai.batch import compare, run_batch
from gongkai.batch.database import build, connect
from gongkai.cli import main
from gongkai.report.sample import refresh_figures, sample_report
from test_compare import follow, write


@pytest.fixture
def corpus(tmp_path):
    """台州市财政局 2023, printed 浙江省台州市财政局 in 2024 (one more application carried over
    than was carried forward); 朝阳区教育局 and 北京市朝阳区教育局 2024."""
    folder = tmp_path / "in"
    folder.mkdir()
    before = sample_report(1, year=2023, agency="台州市财政局")
    now = next(r for seed in range(100) if follow(r := sample_report(seed, year=2024, agency="浙江省台州市财政局"), before))
    now.table_b["carried_over"][1].value += 1
    now.table_b["carry_forward"][1].value += 1
    refresh_figures(now)
    write(folder, "a2023.txt", before)
    write(folder, "a2024.txt", now)
    write(folder, "b.txt", sample_report(2, year=2024, agency="朝阳区教育局"))
    write(folder, "c.txt", sample_report(3, year=2024, agency="北京市朝阳区教育局"))
    return folder


def test_one_agency_under_two_spellings_is_compared_across_its_years(corpus, tmp_path):
    out = tmp_path / "out"
    summary = run_batch([str(corpus)], str(out))
    assert summary.unsure == 1
    build(str(out))
    con = connect(str(out))
    rows = con.execute("select agency_as_printed, agency, agency_code, region, agency_level from reports "
                       "order by path").fetchall()
    assert rows == [("台州市财政局", "台州市财政局", "331000", "浙江省台州市", "市"),
                    ("浙江省台州市财政局", "台州市财政局", "331000", "浙江省台州市", "市"),
                    ("朝阳区教育局", "朝阳区教育局", None, "朝阳区", None),
                    ("北京市朝阳区教育局", "北京市朝阳区教育局", "110105", "北京市朝阳区", "县")]
    found = compare.cross_year(con, str(out))
    assert [(x.agency, x.year, x.finding.rule) for x in found] == [("台州市财政局", 2024, "CARRY-OVER"),
                                                                  ("台州市财政局", 2024, "COPIED-TEXT")]
    with open(out / "待确认机关.csv", encoding="utf-8-sig") as f:
        listed = list(csv.reader(f))
    assert listed[1][:3] == ["北京市朝阳区教育局", "朝阳区教育局", "0.80"]


def test_a_register_names_each_reports_agency_and_a_confirmation_is_kept(corpus, tmp_path, capsys):
    register = tmp_path / "台账.csv"
    register.write_text("名称,行政区划代码,层级,类别,上级机关,别名\n台州市财政局,,,,,\n北京市朝阳区教育局,,,,,\n",
                        encoding="utf-8")
    assert main(["agencies", "match", "朝阳区教育局", "--register", str(register)]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == [
        "朝阳区教育局 → 未确定（需人工确认：“朝阳区”可指多个行政区划（110105 北京市朝阳区、220104 吉林省长春市朝阳区））",
        "    北京市朝阳区教育局（0.80，“朝阳区”可指多个行政区划（110105 北京市朝阳区、220104 吉林省长春市朝阳区））"]
    assert main(["agencies", "confirm", "朝阳区教育局", "--as", "北京市朝阳区教育局", "--register", str(register)]) == 0
    out = tmp_path / "out"
    assert main(["batch", str(corpus), "--out", str(out), "--agencies", str(register), "--quiet"]) in (0, 1)
    con = connect(str(out))
    rows = con.execute("select agency_as_printed, agency, agency_score from reports order by path").fetchall()
    assert rows == [("台州市财政局", "台州市财政局", 1.0), ("浙江省台州市财政局", "台州市财政局", 0.97),
                    ("朝阳区教育局", "北京市朝阳区教育局", 1.0), ("北京市朝阳区教育局", "北京市朝阳区教育局", 1.0)]
    assert not (out / "待确认机关.csv").exists()
    assert main(["compare", str(out), "--year", "2024", "--region", "台州"]) == 0
    assert "台州市财政局" in capsys.readouterr().out


def test_a_misspelt_expected_agency_is_missing_but_a_short_form_is_found(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    run_batch([str(corpus)], str(out))
    build(str(out))
    expect = tmp_path / "expect.txt"
    expect.write_text("浙江省台州市财政局\n北京市朝阳区教育局\n北京市朝阳区教肓局\n", encoding="utf-8")
    main(["aggregate", str(out), "--year", "2024", "--expect", str(expect)])
    text = capsys.readouterr().out
    assert "应报未报的机关：1 个\n  北京市朝阳区教肓局" in text
