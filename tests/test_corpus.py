"""Real reports from ../shared/corpus, read against their truth cell by cell: every
cell either read exactly or flagged with its candidates, never a wrong value; and
`check` finds no error in a report whose printed tables balance."""

from __future__ import annotations

import copy
import json
import pathlib

import pytest

from gongkai.checks import ERROR, check
from gongkai.extract import extract_file
from gongkai.report.catalog import bare
from gongkai.report.formats import format_of

CORPUS = pathlib.Path(__file__).resolve().parents[2] / "shared" / "corpus"
pytestmark = pytest.mark.skipif(not (CORPUS / "truth").is_dir(), reason="../shared/corpus is not beside the checkout")

FILES = tuple(sorted(p.name for p in (CORPUS / "raw").iterdir())) if (CORPUS / "raw").is_dir() else ()
# the reports whose own printed tables balance (the others' defects are found: see below)
BALANCED = ("002.pdf", "005.txt", "008.txt", "010.txt", "013.txt", "040.txt")


def _truth(name: str) -> dict:
    return json.loads((CORPUS / "truth" / (pathlib.Path(name).stem + ".json")).read_text("utf-8"))


def _entry(entries, label: str):
    return next(e for e in entries if bare(label) in {bare(e.label), *map(bare, e.aliases)})


def truth_cells(truth: dict) -> dict[str, float | int | None]:
    """The truth as cell paths of the model ("table_b.total.6", "legacy.0.value")."""
    cells: dict[str, float | int | None] = {}
    fmt = format_of(truth["format_version"])
    if truth["format_version"] == "legacy":
        (table,) = truth["table_a"].values()
        for i, row in enumerate(table.values()):
            cells[f"legacy.{i}.value"] = next(v for k, v in row.items() if k.endswith("年度"))
            cells[f"legacy.{i}.cumulative"] = row.get("历年累计")
        return cells
    for caption in truth["table_a"].values():
        for label, columns in caption.items():
            spec = _entry(fmt.table_a, label)
            for col, value in columns.items():
                cells[f"table_a.{spec.key}.{_entry(spec.columns, col).key}"] = value
    for key, row in truth["table_b"]["rows"].items():
        for i, value in enumerate(row or ()):
            cells[f"table_b.{key}.{i}"] = value
    for i, value in enumerate(truth["table_c"] or ()):
        cells[f"table_c.{i}"] = value
    return cells


def read(name: str):
    report = extract_file(CORPUS / "raw" / name)
    return report, dict(report.cells())


@pytest.mark.parametrize("name", FILES)
def test_every_cell_is_exact_or_flagged_never_wrong(name):
    report, got = read(name)
    truth = _truth(name)
    assert report.format_version == truth["format_version"]
    assert (report.agency, report.year) == (truth["agency"], truth["year"])
    wrong, flagged = [], []
    for path, want in truth_cells(truth).items():
        v = got.get(path)
        if v is not None and v.value is not None and want is not None and abs(v.value - want) < 1e-9:
            continue
        if v is not None and v.value is None and want is None:
            continue
        if v is not None and v.value is None and v.ambiguous:
            flagged.append(path)
        else:
            wrong.append((path, None if v is None else v.value, want))
    assert wrong == []
    expect_flagged = {
        # 6233440 = 62 | 33 | 440 in the page's HTML; the narrative states only 制发 62, and
        # 33|440 and 3|3440 both fit: the text alone cannot tell them apart
        "008.txt": ["table_a.normative_documents.repealed", "table_a.normative_documents.in_force"],
        # 4920 = 4 | 9 | 20, or 4 | 92 | 0, or 49 | 2 | 0: nothing in the year's text decides
        "035.txt": [f"table_a.normative_documents.{c}" for c in ("issued", "repealed", "in_force")],
        # 17 digits for 15 cells, and no split balances: the report's own table is wrong
        "037.txt": [f"table_c.{i}" for i in range(15)],
        # three rows of the 2019 table 一 run together with no identity to split them by,
        # and 政府集中采购's items and amount run together (15 | 6805947.43元, or …)
        "040.txt": [f"table_a.{row}.{col}" for row in ("licensing", "other_services", "penalty", "coercion")
                    for col in ("previous_items", "change", "decisions") if (row, col) != ("coercion", "decisions")]
        + ["table_a.procurement.items", "table_a.procurement.amount"],
    }.get(name, [])
    assert flagged == expect_flagged


def test_the_cells_the_text_cannot_decide_carry_their_candidates():
    _, got = read("008.txt")
    assert got["table_a.normative_documents.issued"].value == 62
    assert "正文“" in got["table_a.normative_documents.issued"].note
    assert got["table_a.normative_documents.repealed"].candidates == [3, 33, 334, 3344]
    assert got["table_a.normative_documents.in_force"].candidates == [0, 40, 440, 3440]


def test_unresolvable_2019_table_a_rows_stay_blank_and_flagged():
    """010: every multi-cell row of its 2019 table A has several splits (the truth lists
    them as unresolved): blank and ambiguous, never a plausible guess."""
    report, got = read("010.txt")
    for row in ("normative_documents", "licensing", "other_services", "penalty", "coercion", "fees", "procurement"):
        cells = report.table_a[row]
        assert all(v.value is None and v.ambiguous for v in cells.values()), row
    assert got["table_a.licensing.decisions"].candidates == [1, 81, 181, 60181]
    assert report.reading == {"A": "partly unread", "B": "solved", "C": "solved"}


def test_how_each_table_was_read():
    assert read("002.pdf")[0].reading == {"A": "grid", "B": "aligned", "C": "grid"}
    assert read("005.txt")[0].reading == {"A": "solved", "B": "solved", "C": "grid"}
    assert read("013.txt")[0].reading == {"legacy": "solved"}


def test_a_typo_label_and_the_2019_row_in_a_2021_report():
    report, _ = read("002.pdf")
    assert report.labels["table_b.denied_law_prohibited"] == "2.其他法律行政止公开"
    assert report.table_b["other_overdue_correction"] is None and report.table_b["other_overdue_fee"] is None
    assert [v.value for v in report.table_b["other_other"]] == [0] * 7
    assert [(f.rule, f.severity, f.row) for f in check(report) if f.rule == "NONSTANDARD-LABEL"] == [
        ("NONSTANDARD-LABEL", "warning", "denied_law_prohibited"), ("NONSTANDARD-LABEL", "warning", "other_other")]


@pytest.mark.parametrize("name", BALANCED)
def test_check_finds_no_error_in_reports_whose_tables_balance(name):
    report, _ = read(name)
    assert [f.rule for f in check(report) if f.severity == ERROR] == []


def test_a_total_printed_one_row_down_is_the_reports_error():
    """035: 一、本年新收 prints 6 | 1 | 0 … with 总计 0, and 二、上年结转 0 … 0 | 7: one digit a
    cell is the only reading of each row, so the rows are read as printed and the check
    says where the report is wrong."""
    report, got = read("035.txt")
    assert [v.value for v in report.table_b["new_received"]] == [6, 1, 0, 0, 0, 0, 0]
    assert [v.value for v in report.table_b["carried_over"]] == [0, 0, 0, 0, 0, 0, 7]
    assert "唯一读法" in report.table_b["new_received"][0].note
    errors = [(f.rule, f.row, f.message) for f in check(report) if f.severity == ERROR]
    assert errors == [
        ("B-ROW-TOTAL", "new_received", "表二“一、本年新收政府信息公开申请数量”行：六类申请人合计 7，总计列为 0"),
        ("B-ROW-TOTAL", "carried_over", "表二“二、上年结转政府信息公开申请数量”行：六类申请人合计 0，总计列为 7"),
    ]


def test_a_glued_table_no_split_balances_is_a_proven_defect_not_an_ambiguity():
    """037: table 三's 15 cells in 17 digits; every split fails, and the fewest failures
    always include 复议后起诉's total: an error naming that identity, not a warning."""
    report, _ = read("037.txt")
    assert [p.code for p in report.problems if p.path == "table_c"] == ["no_split"]
    findings = check(report)
    assert [(f.rule, f.severity) for f in findings if f.table == "C"] == [("C-TOTAL", ERROR)]
    (c_total,) = [f for f in findings if f.rule == "C-TOTAL"]
    assert c_total.message == ("表三：印制的数字“00202000001324015”无论如何拆分为 15 格，复议后起诉的总计都不等于各项之和，"
                               "表格本身的数字有误")
    assert not [f for f in findings if f.rule == "AMBIGUOUS" and f.table == "C"]


def test_last_years_report_decides_the_2019_rows_run_together():
    """040: 行政许可51037 and the like have several splits; with last year's report, this
    year's 上一年项目数量 = last year's 上一年项目数量 + 本年增/减 decides them, and says so."""
    from gongkai.report.model import Value

    this_year, _ = read("040.txt")
    last = copy.deepcopy(this_year)
    last.year -= 1
    for row, items in (("licensing", 51), ("other_services", 6), ("penalty", 534), ("coercion", 31)):
        last.table_a[row]["previous_items"] = Value(items - 2, str(items - 2))
        last.table_a[row]["change"] = Value(2, "2")
    report = extract_file(CORPUS / "raw" / "040.txt", last)
    assert {row: [v.value for v in report.table_a[row].values()]
            for row in ("licensing", "other_services", "penalty", "coercion")} == {
        "licensing": [51, 0, 37], "other_services": [6, 0, 149], "penalty": [534, 0, 103], "coercion": [31, 0, 0]}
    assert report.table_a["licensing"]["previous_items"].note == (
        "由粘连数字“51037”按勾稽关系拆分，并据上年度报告上一年项目数量 49 + 本年增/减 2确定")


def test_the_procurement_row_run_together_is_flagged_with_its_candidates():
    _, got = read("040.txt")
    assert got["table_a.procurement.items"].candidates == [15, 156, 15680, 156805, 1568059]
    assert got["table_a.procurement.amount"].candidates == [47.43, 947.43, 5947.43, 805947.43, 6805947.43]


def test_a_page_number_run_into_the_last_cell_is_no_figure():
    """With all white space lost, 行政事业性收费's 0 and the page number 1 run together
    (`行政事业性收费01三、收到和处理…`): a run with a leading zero is no printed figure, so
    the cell is flagged, never read as 1."""
    from gongkai.extract import extract_text
    text = (CORPUS / "raw" / "005.txt").read_text("utf-8")
    assert "行政事业性收费9116.36 三、收到" in text
    report = extract_text(text.replace("行政事业性收费9116.36 三、收到", "行政事业性收费01三、收到"))
    fee = report.table_a["fees"]["amount_10k_yuan"]
    assert (fee.value, fee.ambiguous) == (None, True)
    assert [p.code for p in report.problems if p.path == "table_a.fees"] == ["ambiguous_digits"]


@pytest.mark.parametrize("printed, items, amount, raw", [
    ("政府集中采购 2笔 984361元", 2, 984361, "984361元"),
    ("政府集中采购2笔984361元", 2, 984361, "984361元"),
    ("政府集中采购 15 1690.9913万元", 15, 1690.9913, "1690.9913万元"),
])
def test_procurement_figures_printed_with_units_are_read_with_the_unit_kept(printed, items, amount, raw):
    from gongkai.extract import extract_text
    text = (CORPUS / "raw" / "040.txt").read_text("utf-8")
    report = extract_text(text.replace("政府集中采购156805947.43元", printed))
    got = report.table_a["procurement"]
    assert (got["items"].value, got["amount"].value, got["amount"].raw) == (items, amount, raw)


def test_the_terminal_view_of_a_2019_report_prints_only_its_statutory_labels():
    from gongkai.render.terminal import render_terminal
    report, _ = read("040.txt")
    view = render_terminal(report)
    assert "（六）其他处理" in view and view.count("其他处理") == 1
    assert "other_overdue" not in view and "处理决定数量" in view and "本年处理决定数量" not in view
