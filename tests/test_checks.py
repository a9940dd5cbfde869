"""Each rule on hand-made failing and passing reports. Reports are generated valid,
then given one defect — in the model before rendering, or in the rendered text —
and read back through the extractor, as a user's file would be."""

from __future__ import annotations

import re

import pytest

from gongkai.checks import check, has_errors
from gongkai.extract import extract_text
from gongkai.render.text import TextStyle, render_text
from gongkai.report.model import Figure, Section, Value
from gongkai.report.sample import refresh_figures, sample_report


def read(report, shape="plain", edit=None):
    refresh_figures(report)  # the narrative restates the (edited) tables
    text = render_text(report, TextStyle(shape=shape))
    if edit:
        text = edit(text)
    return extract_text(text)


def rules(report, previous=None):
    return [(f.rule, f.severity, f.table, f.row, f.column) for f in check(report, previous)]


def bump(report, path, by=1):
    v = report.value_at(path)
    parts = path.split(".")
    new = Value(v.value + by, str(v.value + by))
    if parts[0] == "table_b":
        report.table_b[parts[1]][int(parts[2])] = new
    elif parts[0] == "table_c":
        report.table_c[int(parts[1])] = new
    elif parts[0] == "table_a":
        report.table_a[parts[1]][parts[2]] = new


@pytest.mark.parametrize("version", ["2021", "2019", "legacy"])
@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("shape", ["plain", "pdf", "docx", "tabbed"])
def test_a_valid_report_has_no_findings(version, seed, shape):
    assert rules(read(sample_report(seed, version), shape)) == []


# --- arithmetic ----------------------------------------------------------------

def test_b_balance():
    r = sample_report(1)
    bump(r, "table_b.carry_forward.0")
    bump(r, "table_b.carry_forward.6")
    got = read(r)
    assert rules(got) == [("B-BALANCE", "error", "B", None, 0), ("B-BALANCE", "error", "B", None, 6)]
    f = check(got)[0]
    assert f.message.startswith("表二“自然人”列：一、本年新收 + 二、上年结转 = ")
    assert [e["path"] for e in f.evidence] == ["table_b.new_received.0", "table_b.carried_over.0",
                                               "table_b.total.0", "table_b.carry_forward.0"]


def test_b_row_total():
    r = sample_report(1)
    bump(r, "table_b.granted.6")
    assert rules(read(r)) == [("B-ROW-TOTAL", "error", "B", "granted", 6), ("B-RESULTS-TOTAL", "error", "B", "total", 6)]


def test_b_results_total():
    r = sample_report(1)
    bump(r, "table_b.partial.1")
    bump(r, "table_b.partial.6")
    got = rules(read(r))
    assert got == [("B-RESULTS-TOTAL", "error", "B", "total", 1), ("B-RESULTS-TOTAL", "error", "B", "total", 6)]


def test_c_total():
    r = sample_report(1)
    bump(r, "table_c.7")
    got = read(r)
    assert rules(got) == [("C-TOTAL", "error", "C", None, 9)]
    assert check(got)[0].message.startswith("表三“未经复议直接起诉”：结果维持 + 结果纠正 + 其他结果 + 尚未审结 = ")


def test_legacy_sum():
    r = sample_report(1, "legacy")
    i = next(i for i, it in enumerate(r.legacy) if it.key == "requests_closed")
    r.legacy[i].value = Value(r.legacy[i].value.value + 2, "x")
    assert rules(read(r)) == [("LEGACY-SUM", "error", "legacy", "requests_closed", None)]


def test_negative_count():
    r = sample_report(1)
    r.table_c[0:5] = [Value(n, str(n)) for n in (-1, 0, 0, 1, 0)]
    assert rules(read(r)) == [("NOT-A-COUNT", "error", "C", None, 0)]


# --- completeness --------------------------------------------------------------

def test_blank_and_slash_cells_are_errors_not_zero():
    r = sample_report(1)
    r.table_c[3] = Value(None, "")
    r.table_b["partial"][2] = Value(None, "/")
    got = read(r, "tabbed")
    assert rules(got) == [("BLANK-CELL", "error", "B", "partial", 2), ("BLANK-CELL", "error", "C", None, 3)]
    assert check(got)[0].message == "表二“（二）部分公开”行“科研机构”列为“/”，应填数字（无数据填 0）"


def test_missing_table_and_row():
    r = sample_report(1)
    del r.table_a["regulations"]
    got = read(r)
    got.table_c = None
    assert rules(got) == [("MISSING-TABLE", "error", "C", None, None), ("MISSING-ROW", "error", "A", "regulations", None)]


def test_extra_row_and_extra_column():
    r = sample_report(1)

    def add_subtotals(text):
        out = []
        for line in text.split("\n"):
            m = re.fullmatch(r"(.*?[\u4e00-\u9fff）].*?) ((?:\d+ ){6})(\d+)", line)
            if m:
                nums = list(map(int, m.group(2).split()))
                line = f"{m.group(1)} {m.group(2)}{sum(nums[1:6])} {m.group(3)}"
            if line.startswith("（七）总计"):
                out.append("（八）小计 0 0 0 0 0 0 0 0")
            out.append(line.replace("总计 商业企业 科研机构 社会公益组织 法律服务机构 其他",
                                    "总计 商业企业 科研机构 社会公益组织 法律服务机构 其他 小计"))
        return "\n".join(out)

    got = read(r, edit=add_subtotals)
    assert rules(got) == [("EXTRA-COLUMN", "warning", "B", None, None), ("EXTRA-ROW", "warning", "B", None, None)]
    assert got.b("total") == [v.value for v in r.table_b["total"]]


def test_missing_extra_misnumbered_and_reordered_sections():
    r = sample_report(1)
    missing = read(r, edit=lambda t: t.replace("五、存在的主要问题及改进情况", "下一步工作"))
    assert rules(missing) == [("MISSING-SECTION", "error", None, None, None)]
    extra = read(r, edit=lambda t: t.replace("五、存在的主要问题及改进情况", "五、信息处理费收取情况\n本年度未收取。\n"
                                             "六、存在的主要问题及改进情况").replace("六、其他需要报告", "七、其他需要报告"))
    assert rules(extra) == [("EXTRA-SECTION", "warning", None, None, None), ("SECTION-NUMBER", "warning", None, None, None),
                            ("SECTION-NUMBER", "warning", None, None, None)]
    text = render_text(r)
    five = text[text.index("五、存在的主要问题"):text.index("六、其他需要报告")]
    six = text[text.index("六、其他需要报告"):text.index(r.agency + "\n")]
    swapped = extract_text(text.replace(five, "@").replace(six, five.replace("五、", "六、")).replace("@", six.replace("六、", "五、")))
    assert [f[0] for f in rules(swapped)] == ["SECTION-ORDER", "SECTION-NUMBER", "SECTION-NUMBER"]


def test_numbering_style():
    got = read(sample_report(1), edit=lambda t: t.replace("一、总体情况", "1、总体情况").replace("（二）依申请公开", "（2）依申请公开"))
    assert rules(got) == [("NUMBERING-STYLE", "notice", None, None, None), ("NUMBERING-STYLE", "notice", None, None, None)]


def test_nested_numbering_is_not_mixed():
    got = read(sample_report(1), edit=lambda t: t.replace("（二）依申请公开方面。", "（1）网站。\n（2）微信。\n（二）依申请公开方面。"))
    assert rules(got) == []


# --- format and facts ----------------------------------------------------------

def test_format_version_must_match_year():
    assert rules(read(sample_report(1, "2019", year=2023))) == [("FORMAT-VERSION", "error", None, None, None)]
    assert rules(read(sample_report(1, "2021", year=2020))) == [("FORMAT-VERSION", "error", None, None, None)]
    assert rules(read(sample_report(1, "legacy", year=2019))) == [("FORMAT-VERSION", "error", None, None, None)]


def test_nonstandard_labels():
    got = read(sample_report(1), edit=lambda t: t.replace("本年废止件数", "本年度止件数").replace("行政规范性文件 ", "规范性文件 "))
    assert rules(got) == [("NONSTANDARD-LABEL", "warning", "A", None, "repealed"),
                          ("NONSTANDARD-LABEL", "warning", "A", "normative_documents", None)]


def test_year_and_period():
    r = sample_report(1, year=2023)
    assert rules(read(r, edit=lambda t: t.replace("自2023年1月1日起至2023年12月31日", "自2022年1月1日起至2022年12月31日"))) == [
        ("YEAR-MISMATCH", "error", None, None, None)]
    assert rules(read(r, edit=lambda t: t.replace("至2023年12月31日", "至2023年11月30日"))) == [
        ("PERIOD", "error", None, None, None)]


def test_agency_name_and_title():
    r = sample_report(1, agency="市教育局")
    assert rules(read(r)) == [("AGENCY-NAME", "error", None, None, None)]
    r = sample_report(1)
    untitled = read(r, edit=lambda t: t.replace(f"{r.agency}{r.year}年度政府信息公开工作年度报告\n",
                                                f"根据《条例》规定，编制{r.agency}{r.year}年度政府信息公开工作年度报告。"))
    assert untitled.agency == r.agency
    assert rules(untitled) == [("TITLE", "notice", None, None, None)]


def _no_fee_sentence(text):
    return re.sub(r"本年度(?:未收取|共收取)信息处理费(?:\d+元)?。", "无。", text)


def test_fee_statement():
    r = sample_report(1)
    assert rules(read(r, edit=_no_fee_sentence)) == [("FEE-STATEMENT", "warning", None, None, None)]
    moved = read(r, edit=lambda t: _no_fee_sentence(t).replace("五、存在的主要问题及改进情况\n",
                                                                  "五、存在的主要问题及改进情况\n本年度未收取信息处理费。\n"))
    assert rules(moved) == [("FEE-STATEMENT", "notice", None, None, None)]
    old = sample_report(1, "2019")  # before the 办法 took effect
    assert rules(read(old, edit=_no_fee_sentence)) == []


def test_fee_confusion():
    r = sample_report(4)
    r.table_a["fees"]["amount_10k_yuan"] = Value(300, "300")
    r.figures = [f for f in r.figures if f.kind != "processing_fee_yuan"]
    r.figures.append(Figure("processing_fee_yuan", 300, "元", 0, ""))
    assert rules(read(r)) == [("FEE-CONFUSION", "warning", "A", "fees", "amount_10k_yuan")]


def test_regulations_from_a_county_body():
    r = sample_report(1, agency="安吉县司法局")
    r.table_a["regulations"]["in_force"] = Value(2, "2")
    assert rules(read(r)) == [("REGULATIONS-PLAUSIBLE", "warning", "A", "regulations", None)]
    r = sample_report(1, agency="杭州市人民政府办公厅")
    r.table_a["regulations"]["in_force"] = Value(2, "2")
    assert rules(read(r)) == []


def test_published_late():
    r = sample_report(1, year=2023)
    r.published = "2024-02-20"
    assert rules(read(r)) == [("PUBLISHED-LATE", "warning", None, None, None)]
    r = sample_report(1, year=2023, agency="杭州市人民政府")
    r.published = "2024-02-20"  # a government's own report is due by 31 March
    assert rules(read(r)) == []


# --- narrative -----------------------------------------------------------------

def test_narrative_against_table():
    r = sample_report(1)
    received = r.b("new_received")[6]
    got = read(r, edit=lambda t: t.replace(f"收到政府信息公开申请{received}件", f"收到政府信息公开申请{received + 1}件"))
    assert rules(got) == [("NARRATIVE-TABLE", "warning", "B", "new_received", None)]


@pytest.mark.parametrize("sentence, flagged", [
    ("共办理建议提案186件，其中主办51件，会办136件，均已办结。", True),   # 51 + 136 = 187 > 186
    ("发布信息3455条，其中动态信息410条、目录信息294条，内容涵盖多个方面。", False),  # a partial list
    ("办理群众来信7件，其中1件转交有关部门，其它6件均已答复。", False),  # the rest named: 1 + 6 = 7
    ("办理群众来信7件，其中1件转交有关部门，其余5件均已答复。", True),  # the rest named: 1 + 5 ≠ 7
    ("承办建议15件，其中主办4件、协办11件，主办件中有1件为重点件。", False),
    # categories that start with 其他 are not "the rest": 72 + 64 + 178 + 37 = 351
    ("全市复议机关办理案件351件，其中结果维持72件，结果纠正64件，其他结果178件，尚未审结37件。", False),
    ("全市复议机关办理案件350件，其中结果维持72件，结果纠正64件，其他结果178件，尚未审结37件。", True),
])
def test_narrative_sums(sentence, flagged):
    got = read(sample_report(1), edit=lambda t: t.replace("（一）主动公开方面。", "（一）主动公开方面。" + sentence))
    assert rules(got) == ([("NARRATIVE-SUM", "warning", None, None, None)] if flagged else [])


# --- across years --------------------------------------------------------------

def test_carry_over_in_force_and_copied_text():
    before = sample_report(1, year=2022)
    now = sample_report(2, year=2023, agency=before.agency)
    now.table_b["carried_over"] = [Value(v.value, v.raw) for v in before.table_b["carry_forward"]]
    got, prev = read(now), read(before)
    for col in range(6):  # keep this year's identities
        diff = got.b("carried_over")[col] - now.b("carried_over")[col]
        assert diff == 0
    assert [f for f in rules(got, prev) if f[0] == "CARRY-OVER"] == []
    bump(now, "table_b.carried_over.2")
    bump(now, "table_b.carried_over.6")
    bump(now, "table_b.new_received.2", -1) if now.b("new_received")[2] else bump(now, "table_b.carry_forward.2")
    assert ("CARRY-OVER", "error", "B", "carried_over", 2) in rules(read(now), prev)


def test_in_force_across_years():
    before = sample_report(1, year=2022)
    now = sample_report(1, year=2023)
    nd = now.table_a["normative_documents"]
    expected = before.a("normative_documents", "in_force") + nd["issued"].value - nd["repealed"].value
    nd["in_force"] = Value(expected, str(expected))
    now.table_a["regulations"] = {k: Value(v.value, v.raw) for k, v in before.table_a["regulations"].items()}
    now.table_a["regulations"]["issued"] = now.table_a["regulations"]["repealed"] = Value(0, "0")
    prev = read(before)
    assert [f for f in rules(read(now), prev) if f[0] == "IN-FORCE"] == []
    nd["in_force"] = Value(expected + 5, str(expected + 5))
    assert [f for f in rules(read(now), prev) if f[0] == "IN-FORCE"] == [
        ("IN-FORCE", "warning", "A", "normative_documents", "in_force")]


def test_copied_text():
    before = sample_report(1, year=2022)
    text = render_text(before)
    copied = extract_text(text.replace("2022", "2023").replace("2023年1月", "2023年1月"))  # last year's, new year
    found = [f for f in check(copied, extract_text(text)) if f.rule == "COPIED-TEXT"]
    assert [(f.severity, f.evidence[0]["share"]) for f in found] == [("warning", 1.0)]
    other = sample_report(1, "legacy", year=2021)  # other prose: only the opening sentence is shared
    assert [f for f in rules(read(sample_report(1, year=2022)), read(other)) if f[0] == "COPIED-TEXT"] == []


def test_previous_report_of_another_year():
    assert rules(read(sample_report(1, year=2023)), read(sample_report(1, year=2020))) == [
        ("PREVIOUS-REPORT", "notice", None, None, None)]


# --- confidence ----------------------------------------------------------------

def test_ambiguous_values_are_reported_and_not_checked():
    r = sample_report(1)
    r.table_b["granted"] = [Value(n, str(n)) for n in (11, 0, 0, 0, 0, 1, 12)]
    r.table_b["partial"] = [Value(n, str(n)) for n in (1, 10, 0, 0, 0, 1, 12)]
    b = r.table_b
    for col in range(7):
        total = sum(b[k][col].value for k in b if b[k] is not None and k not in (
            "new_received", "carried_over", "total", "carry_forward"))
        b["total"][col] = Value(total, str(total))
        new = total + b["carry_forward"][col].value - b["carried_over"][col].value
        b["new_received"][col] = Value(new, str(new))

    def run_together(text):
        return "\n".join(re.sub(r"(?<=\d) (?=\d)", "", line) if line.startswith(("（一）予以公开", "（二）部分公开"))
                         or "（一）予以公开" in line else line for line in text.split("\n"))

    got = read(r, edit=run_together)
    assert rules(got) == [("AMBIGUOUS", "warning", "B", "granted", None), ("AMBIGUOUS", "warning", "B", "partial", None)]


# --- the seeds -----------------------------------------------------------------

SEED_FINDINGS = {
    "000": [("TITLE", "notice")],
    "001": [("CONTACT", "warning")] + [("NUMBERING-STYLE", "notice")] * 3,
    "002": [("MISSING-ROW", "error")] + [("BLANK-CELL", "error")] * 5 + [
        ("NONSTANDARD-LABEL", "warning"), ("NARRATIVE-TABLE", "warning"), ("NONSTANDARD-LABEL", "warning"),
        ("EXTRA-SECTION", "warning"), ("SECTION-NUMBER", "warning"), ("SECTION-NUMBER", "warning"),
        ("FEE-STATEMENT", "notice"), ("PUNCTUATION", "notice"), ("PUNCTUATION", "notice")],
    "003": [("LEGACY-SUM", "error"), ("LEGACY-SUM", "error"), ("LEGACY-BLANK", "warning"), ("LEGACY-BLANK", "warning")],
    "004": [("AGENCY-NAME", "error"), ("CONTACT", "warning"), ("NARRATIVE-SUM", "warning")],
}


@pytest.mark.parametrize("prefix", sorted(SEED_FINDINGS))
def test_seed_findings(seed, prefix):
    from gongkai.extract import extract_file
    findings = check(extract_file(seed(prefix)))
    assert [(f.rule, f.severity) for f in findings] == SEED_FINDINGS[prefix]
    assert has_errors(findings) == (prefix in ("002", "003", "004"))


# --- the reader's limits are not the report's defects ---------------------------

def test_cells_the_reader_could_not_decide_are_a_warning_with_candidates_never_an_error():
    r = sample_report(1)
    r.table_b["granted"] = [Value(v, str(v)) for v in (11, 0, 0, 0, 0, 1, 12)]
    r.table_b["partial"] = [Value(v, str(v)) for v in (1, 10, 0, 0, 0, 1, 12)]
    total = [sum(r.table_b[k][i].value for k in r.table_b if r.table_b[k] is not None and k not in
                 ("new_received", "carried_over", "total", "carry_forward")) for i in range(7)]
    r.table_b["total"] = [Value(v, str(v)) for v in total]
    r.table_b["new_received"] = [Value(t + r.table_b["carry_forward"][i].value - r.table_b["carried_over"][i].value)
                                 for i, t in enumerate(total)]
    for row in r.table_b.values():
        for v in row or ():
            v.raw = str(v.value)

    def glue(t):
        return "\n".join(line.replace(" ", "") if "（一）予以公开 " in line or "（二）部分公开（" in line else line
                         for line in t.split("\n"))

    found = check(read(r, edit=glue))
    assert [f.severity for f in found if f.rule == "AMBIGUOUS"] == ["warning", "warning"]
    assert "可能为 1、11" in next(f.message for f in found if f.rule == "AMBIGUOUS")
    assert [f.rule for f in found if f.severity == "error"] == []


def test_a_missing_table_whose_numbers_stand_in_the_section_text_is_only_a_warning():
    r = sample_report(2)
    r.table_c = None
    r.sections = [Section("四", 4, "政府信息公开行政复议、行政诉讼情况", "reviews", 10, 12)]
    r.texts["reviews"] = "行政 复议 结果 0 1 1 0 2 1 0 0 0 1 0 0 0 0 0"
    got = [(f.rule, f.severity) for f in check(r) if f.rule == "MISSING-TABLE"]
    assert got == [("MISSING-TABLE", "warning")]
    r.texts["reviews"] = "本年度未发生行政复议和行政诉讼。"
    assert [(f.rule, f.severity) for f in check(r) if f.rule == "MISSING-TABLE"] == [("MISSING-TABLE", "error")]


def test_a_report_without_contact_details_is_warned_unless_its_opening_gives_them():
    r = sample_report(3)
    r.contact = {"website": "http://www.example.gov.cn"}  # where it is published is no contact
    r.texts["intro"] = "本报告依据《条例》编制。"
    assert [(f.rule, f.severity) for f in check(r) if f.rule == "CONTACT"] == [("CONTACT", "warning")]
    r.texts["intro"] += "如有疑问，请与本局办公室联系（电话：0576-88888888）。"  # as the builder's 开头 says it
    assert [f.rule for f in check(r) if f.rule == "CONTACT"] == []
    r.texts["intro"] = ""
    r.contact["phone"] = "0576-88888888"  # as the reader reads it from a published report
    assert [f.rule for f in check(r) if f.rule == "CONTACT"] == []
