"""The statutory format as data: one object per version, one address per cell."""

from __future__ import annotations

import pytest

from gongkai.report.catalog import TABLE_B_ROWS
from gongkai.report.formats import FORMATS, CellRef, format_for_year, format_of
from gongkai.report.sample import sample_report


@pytest.mark.parametrize("path, ref", [
    ("table_b.total.6", CellRef("B", "total", 6)),
    ("table_a.fees.amount_10k_yuan", CellRef("A", "fees", "amount_10k_yuan")),
    ("table_c.4", CellRef("C", None, 4)),
    ("legacy.3.cumulative", CellRef("legacy", 3, "cumulative")),
])
def test_cell_addresses_parse_and_format(path, ref):
    assert CellRef.parse(path) == ref
    assert ref.path == path


@pytest.mark.parametrize("path", ["table_b.total", "table_x.1", "table_c.x", "legacy.1.other", ""])
def test_not_a_cell_address(path):
    with pytest.raises(ValueError):
        CellRef.parse(path)


def test_cells_named_for_people():
    f = format_of("2021")
    assert f.cell_name(CellRef("B", "unavailable_not_held", 0)) == "表二 三（四）1. 本机关不掌握相关政府信息 · 自然人"
    assert f.cell_name(CellRef("B", "partial", 6)) == "表二 三（二）部分公开 · 总计"
    assert f.cell_name(CellRef("A", "normative_documents", "issued")) == "表一 行政规范性文件 · 本年制发件数"
    assert f.cell_name(CellRef("C", None, 6)) == "表三 未经复议直接起诉 · 结果纠正"
    assert format_of("2019").cell_name(CellRef("B", "other_other", 1)) == "表二 三（六）其他处理 · 商业企业"


def test_versions_know_their_rows_widths_and_years():
    f21, f19, legacy = format_of("2021"), format_of("2019"), format_of("legacy")
    assert (len(f21.table_b), len(f19.table_b)) == (25, 23)
    assert f19.has_row("B", "other_overdue_fee") is False and f21.has_row("B", "other_overdue_fee") is True
    assert (f21.width("A", "regulations"), f19.width("A", "procurement"), f21.width("B"), f21.width("C")) == (3, 2, 7, 15)
    assert (sum(1 for _ in f21.cells()), sum(1 for _ in f19.cells())) == (10 + 175 + 15, 22 + 161 + 15)
    assert [format_for_year(y).name for y in (2013, 2019, 2020, 2021, 2030)] == ["legacy", "2019", "2019", "2021", "2021"]
    assert legacy.table_b == () and format_of(None) is f21 and set(FORMATS) == {"2021", "2019", "legacy"}


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_every_identity_holds_on_a_valid_report(version):
    r = sample_report(4, version)
    values = r.numbers()
    identities = format_of(version).identities
    # a row total for every row any version prints (a report may print another version's row)
    assert len(identities) == len(TABLE_B_ROWS) + 2 * 7 + 3
    for ident in identities:
        printed = all(c.path in values for c in ident.cells) or ident.absent_rows
        assert ident.holds(values) is (True if printed else None), ident.rule


def test_an_unknown_version_is_refused_not_read_as_the_current_one():
    with pytest.raises(ValueError, match="未知的年报格式“2030”"):
        format_of("2030")
    from gongkai.report.model import AnnualReport
    assert AnnualReport(format_version="2019").format is FORMATS["2019"]
    with pytest.raises(ValueError):
        AnnualReport(format_version="2030").format


def test_each_identity_is_stated_once_and_decides_over_the_printed_rows():
    """（七）总计 = the result rows printed: a 2019 report's one （六） row counts, the 2021
    rows it does not print are absent (not unknown); a blank makes an identity undecided."""
    from gongkai.report.sample import sample_report
    r = sample_report(14, "2019")
    values = r.numbers()
    results = [i for i in r.format.identities if i.rule == "B-RESULTS-TOTAL"]
    assert len(results) == 7 and all(i.holds(values) for i in results)
    assert "table_b.other_overdue_fee.6" not in values
    values["table_b.granted.6"] = None
    assert results[6].holds(values) is None
    values["table_b.granted.6"] = r.b("granted")[6] + 1
    assert results[6].holds(values) is False and results[6].sides(values)[0] == r.b("total")[6] + 1
