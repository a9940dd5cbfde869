"""Digits a copy ran together are split only when exactly one split satisfies the
table's identities; otherwise the cells are reported ambiguous, never guessed."""

from __future__ import annotations

import re

from gongkai.extract import extract_text
from gongkai.extract.solve import splits
from gongkai.extract.tables import group_check
from gongkai.render.text import TextStyle, render_text
from gongkai.report.jsonio import to_dict
from gongkai.report.model import Value
from gongkai.report.sample import sample_report

B_CHECK = group_check(7, 6)


def test_split_a_run_by_the_row_identity():
    assert splits(["640020470"], 7, B_CHECK) == [(64, 0, 0, 2, 0, 4, 70)]


def test_no_cell_starts_with_zero():
    assert splits(["1001"], 2) == [(100, 1)]


def test_several_splits_are_all_returned():
    assert splits(["110000112"], 7, B_CHECK) == [(1, 10, 0, 0, 0, 1, 12), (11, 0, 0, 0, 0, 1, 12)]


def test_no_split_fits():
    assert splits(["1111111"], 7, B_CHECK) == []


def test_table_c_groups_check_each_group():
    assert splits(["1000111", "00000", "00000"], 15, group_check(5, 4)) == [(10, 0, 0, 1, 11) + (0,) * 10]


def _run_together(text: str, labels: list[str]) -> str:
    """Remove the spaces between the numbers on the lines holding these labels."""
    out = []
    for line in text.split("\n"):
        if any(label in line for label in labels):
            line = re.sub(r"(?<=\d) (?=\d)", "", line)
        out.append(line)
    return "\n".join(out)


def test_seed_table_b_with_every_row_run_together_reads_the_same(seed):
    text = seed("000").read_text("utf-8")
    lines = text.split("\n")
    for i in range(149, 223):  # the table B rows of the seed
        lines[i] = re.sub(r"(?<=\d) (?=\d)", "", lines[i])
    joined = "\n".join(lines)
    assert "一、本年新收政府信息公开申请数量 2000103" in joined
    got, want = to_dict(extract_text(joined)), to_dict(extract_text(text))
    assert got["table_b"] == want["table_b"]
    assert got["table_c"] == want["table_c"]


def _report_with_rows(**rows):
    report = sample_report(1, "2021")
    for key, values in rows.items():
        report.table_b[key] = [Value(v, str(v)) for v in values]
    b = report.table_b
    for col in range(7):  # keep the table's identities true
        total = sum(b[k][col].value for k in b if b[k] is not None and k not in (
            "new_received", "carried_over", "total", "carry_forward"))
        b["total"][col] = Value(total, str(total))
        new = total + b["carry_forward"][col].value - b["carried_over"][col].value
        b["new_received"][col] = Value(new, str(new))
    return report


def test_multi_digit_row_split_by_its_own_identity():
    report = _report_with_rows(granted=[64, 0, 0, 2, 0, 4, 70])
    text = _run_together(render_text(report, TextStyle(shape="plain")), ["（一）予以公开"])
    assert "（一）予以公开 640020470" in text
    got = to_dict(extract_text(text))
    assert got["table_b"]["rows"]["granted"] == [64, 0, 0, 2, 0, 4, 70]
    assert [p["code"] for p in got["problems"]] == ["digits_split"]
    assert got["provenance"]["table_b.granted.6"]["note"].startswith("由粘连数字")


def test_row_with_two_splits_resolved_by_the_column_identities():
    report = _report_with_rows(granted=[11, 0, 0, 0, 0, 1, 12])
    text = _run_together(render_text(report, TextStyle(shape="plain")), ["（一）予以公开"])
    got = to_dict(extract_text(text))
    assert got["table_b"]["rows"]["granted"] == [11, 0, 0, 0, 0, 1, 12]


def test_rows_the_identities_cannot_tell_apart_stay_ambiguous():
    report = _report_with_rows(granted=[11, 0, 0, 0, 0, 1, 12], partial=[1, 10, 0, 0, 0, 1, 12])
    text = _run_together(render_text(report, TextStyle(shape="plain")), ["（一）予以公开", "（二）部分公开"])
    got = to_dict(extract_text(text))
    # both rows read 110000112: 11|0 or 1|10 in the first two columns; the rest agree
    assert got["table_b"]["rows"]["granted"] == [None, None, 0, 0, 0, 1, 12]
    assert got["table_b"]["rows"]["partial"] == [None, None, 0, 0, 0, 1, 12]
    assert got["provenance"]["table_b.granted.0"]["ambiguous"] is True
    assert got["provenance"]["table_b.granted.0"]["candidates"] == [1, 11]
    assert got["provenance"]["table_b.granted.1"]["candidates"] == [0, 10]
    assert "ambiguous" not in got["provenance"]["table_b.granted.6"]
    assert [(p["code"], p["path"]) for p in got["problems"]] == [
        ("ambiguous_digits", "table_b.granted"), ("ambiguous_digits", "table_b.partial")]
    assert got["reading"]["B"] == "partly unread"


def test_table_a_run_without_identity_is_ambiguous():
    report = sample_report(2, "2021")
    report.table_a["normative_documents"] = {"issued": Value(12, "12"), "repealed": Value(3, "3"),
                                             "in_force": Value(4, "4")}
    text = _run_together(render_text(report, TextStyle(shape="plain")), ["行政规范性文件"])
    assert "行政规范性文件 1234" in text
    got = to_dict(extract_text(text))
    assert got["table_a"]["normative_documents"] == {"issued": None, "repealed": None, "in_force": None}
    assert ("ambiguous_digits", "table_a.normative_documents") in [(p["code"], p["path"]) for p in got["problems"]]
