"""Aggregation: every cell of the sum is the sum of the members' cells, the sum
keeps the format's identities, and the sum is checked like a report."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.batch.aggregate import Member, aggregate
from gongkai.checks import check
from gongkai.cli import main
from gongkai.render.text import TextStyle, render_text
from gongkai.report.catalog import FORMAT_2019, FORMAT_2021, FORMAT_LEGACY
from gongkai.report.jsonio import dumps
from gongkai.report.model import Value
from gongkai.report.sample import sample_report

TABLE_RULES = {"B-BALANCE", "B-ROW-TOTAL", "B-RESULTS-TOTAL", "C-TOTAL", "LEGACY-SUM"}


def members(seeds, version=FORMAT_2021, year=2024):
    return [Member(f"机关{s}", f"{s}.txt", sample_report(s, version, year=year, agency=f"机关{s}")) for s in seeds]


YEAR = {FORMAT_2021: 2024, FORMAT_2019: 2020, FORMAT_LEGACY: 2017}


@settings(max_examples=12, deadline=None)
@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=5, unique=True),
       st.sampled_from((FORMAT_2021, FORMAT_2019, FORMAT_LEGACY)))
def test_each_cell_of_the_sum_is_the_sum_of_the_members_and_the_identities_hold(seeds, version):
    group = members(seeds, version, YEAR[version])
    result = aggregate(group, "测试市所属机关汇总", YEAR[version])
    assert [m.name for m in result.members] == sorted(m.name for m in group)
    for path, v in result.report.cells():
        parts = [m.report.value_at(path) for m in group]
        known = [Decimal(str(p.value)) for p in parts if p is not None and p.value is not None]
        assert Decimal(str(v.value)) == sum(known), path
    assert [f.rule for f in check(result.report) if f.rule in TABLE_RULES] == []
    assert result.findings == [] and result.failing == []


def test_blank_cells_are_named_not_counted_as_zero_and_the_sum_shows_them():
    group = members([1, 2, 3])
    blank = group[1].report.table_b["granted"][0]
    blank.value, blank.raw = None, ""
    result = aggregate(group, "汇总", 2024)
    cell = result.report.table_b["granted"][0]
    assert cell.value == group[0].report.b("granted")[0] + group[2].report.b("granted")[0]
    assert cell.note == "合计 3 个机关；1 个机关此格空白未计入：机关2"
    assert result.failing == [("机关2", sum(1 for f in check(group[1].report) if f.severity == "error"))]


def test_members_of_another_year_or_format_are_listed_not_summed_and_missing_agencies_named():
    twice = Member("机关1", "1.html", sample_report(1, FORMAT_2021, year=2024, agency="机关1"))
    group = members([1, 2]) + members([3], year=2023) + members([4], version=FORMAT_2019) + [twice]
    result = aggregate(group, "汇总", 2024, expected=["机关1", "机关2", "机关9"])
    assert [m.name for m in result.members] == ["机关1", "机关2"]
    assert result.excluded == [("机关3", "年度为 2023，不是 2024"), ("机关4", "格式为 2019，与汇总格式 2021 不同"),
                               ("机关1", "同一机关的另一份报告（1.txt），已计入 1.html")]
    assert result.missing == ["机关9"]


def test_a_member_that_does_not_add_up_shows_in_the_sum_or_is_left_out():
    group = members([5, 6, 7])
    group[0].report.table_b["new_received"][6].value += 1
    result = aggregate(group, "汇总", 2024)
    assert {f.rule for f in result.findings} == {"B-BALANCE", "B-ROW-TOTAL"}
    assert [n for n, _ in result.failing] == ["机关5"]
    left_out = aggregate(group, "汇总", 2024, leave_out_failing=True)
    assert [m.name for m in left_out.members] == ["机关6", "机关7"] and left_out.findings == []
    assert left_out.excluded[0][0] == "机关5"


def test_cli_sums_files_writes_the_model_and_renders_it(tmp_path, capsys):
    names = {11: "杭州市财政局", 12: "杭州市教育局"}
    for s, name in names.items():
        report = sample_report(s, FORMAT_2021, year=2024, agency=name)
        (tmp_path / f"{s}.txt").write_text(render_text(report, TextStyle(shape="tabbed")), encoding="utf-8")
    expect = tmp_path / "名单.txt"
    expect.write_text("杭州市财政局\n杭州市教育局\n杭州市审计局\n", encoding="utf-8")
    out = tmp_path / "sum.json"
    assert main(["aggregate", str(tmp_path / "11.txt"), str(tmp_path / "12.txt"), "--year", "2024",
                 "--name", "杭州市所属机关汇总", "--expect", str(expect), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "汇总 2 个机关的报告（2021 格式）\n汇总表检查：勾稽关系全部成立\n应报未报的机关：1 个\n  杭州市审计局\n" in printed
    data = json.loads(out.read_text(encoding="utf-8"))
    a, b = (sample_report(s, FORMAT_2021, year=2024) for s in (11, 12))
    assert data["agency"] == "杭州市所属机关汇总"
    assert data["table_b"]["rows"]["total"][6] == a.b("total")[6] + b.b("total")[6]
    assert main(["render", str(out), "--to", "md", "--draft", "-o", str(tmp_path / "sum.md")]) == 0
    assert "杭州市所属机关汇总" in (tmp_path / "sum.md").read_text(encoding="utf-8")


def test_the_parents_own_report_is_compared_with_the_sum_cell_by_cell_naming_the_parts(tmp_path, capsys):
    """A government's own report against the sum of its departments': each cell that
    differs, with the parent's number, the sum and the departments behind it."""
    from openpyxl import load_workbook

    from gongkai.batch.aggregate import against_parent

    parts = members([21, 22])
    result = aggregate(parts, "杭州市所属机关汇总", 2024)
    parent = sample_report(23, FORMAT_2021, year=2024, agency="杭州市人民政府")
    for path, v in result.report.cells():  # the parent's report: the sum, exactly …
        ref = path.split(".")
        if ref[0] == "table_a":
            parent.table_a[ref[1]][ref[2]] = Value(v.value, str(v.value))
        elif ref[0] == "table_b":
            parent.table_b[ref[1]][int(ref[2])] = Value(v.value, str(v.value))
        else:
            parent.table_c[int(ref[1])] = Value(v.value, str(v.value))
    assert against_parent(parent, result) == []
    total = result.report.b("granted")[0]  # … but for one cell
    parent.table_b["granted"][0] = Value(total + 3, str(total + 3))
    found = against_parent(parent, result)
    assert [(d.path, d.parent, d.total) for d in found] == [("table_b.granted.0", total + 3, total)]
    assert found[0].label == "表二 三（一）予以公开 · 自然人"
    assert found[0].parts == [(m.name, m.report.b("granted")[0]) for m in parts if m.report.b("granted")[0] != 0]

    # on the command line: files in, the parent's report beside them, exit 1, and a sheet
    for s in (21, 22):
        (tmp_path / f"{s}.txt").write_text(render_text(sample_report(s, FORMAT_2021, year=2024, agency=f"机关{s}"),
                                                       TextStyle(shape="tabbed")), encoding="utf-8")
    (tmp_path / "parent.json").write_text(dumps(parent), encoding="utf-8")
    book = tmp_path / "sum.xlsx"
    assert main(["aggregate", str(tmp_path / "21.txt"), str(tmp_path / "22.txt"), "--year", "2024",
                 "--parent", str(tmp_path / "parent.json"), "--xlsx", str(book)]) == 1
    printed = capsys.readouterr().out
    assert (f"与本级报告（杭州市人民政府）逐格对比：1 个单元格不一致\n"
            f"  表二 三（一）予以公开 · 自然人：本级报告 {total + 3}，下级合计 {total}（") in printed
    sheet = load_workbook(book)["与本级报告对比"]
    assert [c.value for c in sheet[2]][:4] == ["表二 三（一）予以公开 · 自然人", "table_b.granted.0", total + 3, total]
