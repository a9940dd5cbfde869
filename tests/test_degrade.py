"""Generated reports published the way real ones are (every class of variation the
reader meets: label variants, row structure, crawler text, web pages, PDF text) read
back: every cell the reader does not flag equals the printed one."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.extract import extract
from gongkai.ingest import read_bytes
from gongkai.render.degrade import CLASSES, KINDS, compare, degrade, sample_for


def read_back(kind: str, seed: int):
    d = degrade(sample_for(kind, seed), kind, random.Random(seed))
    data = d.data if isinstance(d.data, bytes) else d.data.encode("utf-8")
    return extract(read_bytes(data)), d


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(KINDS), st.integers(0, 10**6))
def test_no_cell_is_read_wrong(kind, seed):
    got, d = read_back(kind, seed)
    exact, flagged, wrong, misses = compare(got, d.expected)
    assert misses == []
    assert exact > 0


@pytest.mark.parametrize("kind", [k for k in KINDS if CLASSES[k] in ("label variants", "row structure", "web pages",
                                                                       "PDF text")] + ["one_line", "navigation"])
def test_classes_with_separated_cells_read_every_cell(kind):
    """Where cells stay apart, nothing is left to solve: every cell is read."""
    for seed in range(5):
        got, d = read_back(kind, seed)
        exact, flagged, wrong, _ = compare(got, d.expected)
        assert (flagged, wrong) == (0, 0), (kind, seed)


def test_the_2019_row_in_a_2021_report_reads_as_printed():
    got, d = read_back("single_other", 3)
    assert got.table_b["other_overdue_correction"] is None
    assert [v.value for v in got.table_b["other_other"]] == [v.value for v in d.expected.table_b["other_other"]]
    assert "table_b.other_other.single_row" in got.labels


def test_fees_with_six_decimals():
    got, d = read_back("fee_decimals", 1)
    assert got.a("fees", "amount_10k_yuan") == d.expected.a("fees", "amount_10k_yuan")
    assert len(str(got.a("fees", "amount_10k_yuan")).split(".")[1]) >= 5


def test_table_c_printed_as_three_rows_with_their_headers():
    from gongkai.extract import extract_text
    from gongkai.render.text import TextStyle, render_text
    from gongkai.report.sample import sample_report

    r = sample_report(5)
    c = [str(v.value) for v in r.table_c]
    outcomes = "结果维持 结果纠正 其他结果 尚未审结 总计"
    text = render_text(r, TextStyle(shape="plain")).replace(
        " ".join(c), f"行政复议 {' '.join(c[:5])}\n行政诉讼 未经复议直接起诉 {outcomes} {' '.join(c[5:10])}\n"
                     f"复议后起诉 {outcomes} {' '.join(c[10:])}")
    assert [v.value for v in extract_text(text).table_c] == [int(x) for x in c]


def test_a_sentence_with_a_number_before_table_c_is_not_its_row():
    from gongkai.extract import extract_text
    from gongkai.render.text import TextStyle, render_text
    from gongkai.report.sample import sample_report

    r = sample_report(5)
    text = render_text(r, TextStyle(shape="plain")).replace(
        "四、政府信息公开行政复议、行政诉讼情况\n", "四、政府信息公开行政复议、行政诉讼情况\n本年度收到行政复议申请2件，已全部办结。\n")
    got = extract_text(text)
    assert [v.value for v in got.table_c] == [v.value for v in r.table_c] and got.reading["C"] == "grid"
