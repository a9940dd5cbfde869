"""Every text shape reads back to the model it was rendered from (render → extract
is the identity), for the 2021, 2019 and legacy formats."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.extract import extract_text
from gongkai.render.text import SHAPES, TextStyle, render_text
from gongkai.report.jsonio import to_dict
from gongkai.report.sample import sample_report
from support import essentials


def assert_round_trip(report, style):
    text = render_text(report, style)
    got = to_dict(extract_text(text))
    assert essentials(got) == essentials(to_dict(report))
    assert got["problems"] == []
    return text


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("version", ["2021", "2019", "legacy"])
def test_each_shape_and_version_round_trips(shape, version):
    report = sample_report(7, version)
    assert_round_trip(report, TextStyle(shape=shape))


def test_pdf_shape_really_wraps_labels_and_prints_vertical_headers():
    report = sample_report(3, "2021")
    text = assert_round_trip(report, TextStyle(shape="pdf", width=20, double_spaced=True, vertical_headers=True))
    lines = text.split("\n")
    assert "结" in lines and "果" in lines  # table C header one character per line
    assert "三、本年度办理结果" not in lines  # the merged label is broken into pieces
    assert lines[1] == ""  # double spaced


def test_docx_shape_puts_one_cell_per_line():
    text = assert_round_trip(sample_report(5, "2021"), TextStyle(shape="docx"))
    assert "\t自然人" in text.split("\n")


def test_half_width_brackets_page_numbers_and_short_labels():
    style = TextStyle(shape="pdf", half_width=True, page_numbers=True, short_normative_label=True,
                      arabic_first_heading=True)
    text = assert_round_trip(sample_report(11, "2021"), style)
    assert "第二十条第(一)项" in text and "— 1 —" in text and "1、总体情况" in text


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**9), version=st.sampled_from(["2021", "2019", "legacy"]),
       shape=st.sampled_from(SHAPES), width=st.integers(10, 60), double=st.booleans(), half=st.booleans(),
       pages=st.booleans(), vertical=st.booleans())
def test_random_reports_round_trip(seed, version, shape, width, double, half, pages, vertical):
    style = TextStyle(shape=shape, width=width, double_spaced=double, half_width=half, page_numbers=pages,
                      vertical_headers=vertical)
    assert_round_trip(sample_report(random.Random(seed), version), style)


def test_2019_single_other_row_goes_to_other_other():
    report = sample_report(21, "2019")
    text = render_text(report, TextStyle(shape="plain"))
    assert "（六）其他处理 " in text and "3.其他" not in text
    got = to_dict(extract_text(text))
    rows = got["table_b"]["rows"]
    assert rows["other_overdue_correction"] is None and rows["other_overdue_fee"] is None
    assert rows["other_other"] == to_dict(report)["table_b"]["rows"]["other_other"]
    assert got["format_version"] == "2019"
    assert set(got["table_a"]) == {"regulations", "normative_documents", "licensing", "other_services", "penalty",
                                   "coercion", "fees", "procurement"}
