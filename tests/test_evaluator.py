"""The mutation suite: each defect an evaluator marks (tests/defects.py), introduced into
the real reports of ../shared one at a time, is caught by the right rule naming the
right cell, line or part; each control (the same edit made consistent) adds nothing
that is an error. Where gongkai falls short, the test says so by name (KNOWN), so that
a change either way shows."""

from __future__ import annotations

import pathlib

import pytest

import defects
from gongkai.checks import check
from gongkai.extract import extract_text

SHARED = pathlib.Path(__file__).resolve().parents[2] / "shared"
SOURCES = {p.name[:3]: p for p in sorted(SHARED.glob("seeds/*.txt"))} | \
          {p.stem: p for p in sorted(SHARED.glob("corpus/raw/*.txt"))}
LEGACY = {"003", "013"}  # the statistical table before 2019: its rules are bench/mutations.py's

# what the suite shows gongkai does not (yet) do, and why
KNOWN = {
    ("title-year", "001"): ("partly", "no 统计期限 printed: the year of the title is only seen to differ from the "
                                      "years the text states its figures under (YEAR-IN-TEXT, a warning)"),
    ("figure-changed", "005"): ("partly", "the text's figure decides how run-together digits split: changed, "
                                          "the cells become undecided (AMBIGUOUS), not contradicted"),
    ("figure-changed", "008"): ("missed", "as 005, and the cells were already undecided"),
    ("swap-five-six", "035"): ("partly", "part 六 is named in other words and, moved before 五 in a crawler's "
                                         "one-line text, is not found"),
}


@pytest.fixture(scope="module")
def texts():
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return {name: path.read_text(encoding="utf-8") for name, path in SOURCES.items() if name not in LEGACY}


def verdicts(defect, texts, control=False) -> dict[str, tuple[str, str]]:
    """{report: (verdict, why)} over the real reports this defect (or its control) edits."""
    got = {}
    for name, text in texts.items():
        out = defects.run(defect, name, text, extract_text, check, control)
        if out is not None:  # None: nothing to edit, or the report already has the defect
            got[name] = (out.verdict, out.why)
    return got


@pytest.mark.parametrize("defect", defects.DEFECTS, ids=lambda d: d.name)
def test_each_defect_is_caught_by_the_right_rule_in_the_right_place(texts, defect):
    got = verdicts(defect, texts)
    assert got, "tried on no real report"
    want = {name: KNOWN.get((defect.name, name), ("caught", ""))[0] for name in got}
    assert {name: v for name, (v, _) in got.items()} == want, {n: w for n, (v, w) in got.items() if v != want[n]}


@pytest.mark.parametrize("defect", [d for d in defects.DEFECTS if d.control], ids=lambda d: d.name)
def test_the_same_edit_made_consistent_adds_no_error(texts, defect):
    got = verdicts(defect, texts, control=True)
    assert got, "tried on no real report"
    assert {name: v for name, (v, _) in got.items()} == {name: "clean" for name in got}, got


def test_the_suite_covers_every_defect_the_issue_names_and_each_rule_it_expects():
    """Every defect is tried on at least one real report, and the rules the suite expects
    are rules gongkai has."""
    from gongkai.checks.rules import RULES

    tried = {}
    for d in defects.DEFECTS:
        for name, path in SOURCES.items():
            if name in LEGACY:
                continue
            text = path.read_text(encoding="utf-8")
            case = d.make(text, extract_text(text))
            if case is not None:
                tried[d.name] = tried.get(d.name, 0) + 1
                assert case.expect is None or case.expect.rule in RULES
    assert sorted(tried) == sorted(d.name for d in defects.DEFECTS)


def test_a_report_with_its_parts_but_no_table_at_all_is_read_by_its_year_and_fails(texts):
    """Every table deleted, the six parts kept: the format is the year's, and each of the
    three tables is an error — the report never passes for having nothing to check."""
    text = texts["000"]
    for key in ("proactive", "requests", "reviews"):
        span = defects.body(text, extract_text(text), key, defects.NEXT[key])
        text = defects.replace_span(text, span, "\n本部分无数据。\n")
    report = extract_text(text)
    assert (report.format_version, report.table_a, report.table_b, report.table_c) == ("2021", None, None, None)
    found = [(f.rule, f.severity, f.table) for f in check(report) if f.rule == "MISSING-TABLE"]
    assert found == [("MISSING-TABLE", "error", "A"), ("MISSING-TABLE", "error", "B"), ("MISSING-TABLE", "error", "C")]
