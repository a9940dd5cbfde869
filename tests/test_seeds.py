"""The five seed reports extract exactly: every table cell, metadata, sections,
and the defects they really contain reported as problems."""

from __future__ import annotations

import pytest

from gongkai.extract import extract_file
from gongkai.report.catalog import TABLE_B_KEYS
from gongkai.report.jsonio import to_dict

Z7 = [0] * 7


def table_b(**rows):
    return {key: rows.get(key, Z7) for key in TABLE_B_KEYS}


def sections(*items):
    return [(number, title, canonical, start) for number, title, canonical, start in items]


def got_sections(d):
    return [(s["number"], s["title"], s["canonical"], s["lines"][0]) for s in d["sections"]]


A_2021_ZERO = {"regulations": {"issued": 0, "repealed": 0, "in_force": 0},
               "licensing": {"decisions": 0}, "penalty": {"decisions": 0}, "coercion": {"decisions": 0},
               "fees": {"amount_10k_yuan": 0}}


def test_seed_000_pdf_copy_with_wrapped_labels(seed):
    d = to_dict(extract_file(seed("000")))
    assert d["format_version"] == "2021"
    assert (d["agency"], d["region"], d["year"]) == ("台州市科技局", "台州市", 2023)
    assert d["period"] == {"start": "2023-01-01", "end": "2023-12-31"}
    assert d["published"] is None
    assert d["contact"] == {"phone": "0576-88510571", "postcode": "318000", "address": "浙江省台州市市府大道188号",
                            "website": "https://www.zjtz.gov.cn/art/2024/1/25/art_1229199357_88729.html"}
    assert got_sections(d) == sections(
        ("一", "总体情况", "overview", 17), ("二", "主动公开政府信息情况", "proactive", 85),
        ("三", "收到和处理政府信息公开申请情况", "requests", 114),
        ("四", "政府信息公开行政复议、行政诉讼情况", "reviews", 224),
        ("五", "存在的主要问题及改进情况", "problems", 282), ("六", "其他需要报告的事项", "other", 331))
    assert d["table_a"] == {**A_2021_ZERO, "normative_documents": {"issued": 0, "repealed": 0, "in_force": 3},
                            "licensing": {"decisions": 637}}
    assert d["table_b"]["rows"] == table_b(
        new_received=[2, 0, 0, 0, 1, 0, 3], granted=[0, 0, 0, 0, 1, 0, 1],
        denied_process_info=[1, 0, 0, 0, 0, 0, 1], unavailable_not_held=[1, 0, 0, 0, 0, 0, 1],
        total=[2, 0, 0, 0, 1, 0, 3])
    assert d["table_c"] == [0] * 15
    assert d["legacy"] is None
    assert d["problems"] == []
    assert [(f["kind"], f["value"], f["line"]) for f in d["figures"]] == [
        ("items_published", 671, 25), ("items_published", 126, 27), ("applications_received", 3, 27),
        ("items_published", 312, 29), ("processing_fee_yuan", 0, 333)]


def test_seed_001_docx_export_one_cell_per_line(seed):
    d = to_dict(extract_file(seed("001")))
    assert d["format_version"] == "2021"
    assert (d["agency"], d["region"], d["year"]) == ("平湖市科学技术局", "平湖市", 2023)
    assert d["period"] is None and d["published"] is None and d["contact"] == {}
    assert got_sections(d) == sections(
        ("1", "总体情况", "overview", 3), ("二", "主动公开政府信息情况", "proactive", 16),
        ("三", "收到和处理政府信息公开申请情况", "requests", 65),
        ("四", "政府信息公开行政复议、行政诉讼情况", "reviews", 353),
        ("五", "存在的主要问题及改进情况", "problems", 410), ("六", "其他需要报告的事项", "other", 415))
    assert d["table_a"] == {**A_2021_ZERO, "normative_documents": {"issued": 1, "repealed": 1, "in_force": 6}}
    assert d["table_b"]["rows"] == table_b()
    assert d["table_c"] == [0] * 15
    assert d["problems"] == []
    assert [(f["kind"], f["value"], f["approximate"]) for f in d["figures"]] == [
        ("items_published", 150, True), ("applications_received", 0, False), ("processing_fee_yuan", 0, False)]
    # the page number between the tables and the Word bookmark are not read as data
    assert d["provenance"]["table_a.licensing.decisions"] == {"line": 40, "column": 1, "text": "0"}


def test_seed_002_cover_letter_tabbed_tables_and_defects(seed):
    d = to_dict(extract_file(seed("002")))
    assert d["format_version"] == "2021"
    # the report's own title, not the cover letter's
    assert (d["agency"], d["region"], d["year"]) == ("泉州市科学技术局", "泉州市", 2023)
    assert d["provenance"]["agency"]["line"] == 21
    assert d["period"] == {"start": "2023-01-01", "end": "2023-12-31"}
    # the report's contact, not the cover letter's
    assert d["contact"] == {"phone": "0595-22579359", "fax": "0595-22579371", "postcode": "350000",
                            "address": "泉州市丰泽区东海街道市行政中心D栋交通科研楼909",
                            "website": "http://kj.quanzhou.gov.cn/"}
    assert got_sections(d) == sections(
        ("一", "总体情况", "overview", 25), ("二", "主动公开政府信息情况", "proactive", 59),
        ("三", "收到和处理政府信息公开申请情况", "requests", 76),
        ("四", "政府信息公开行政复议、行政诉讼情况", "reviews", 108),
        ("五", "信息处理费收取情况", "fees", 115), ("六", "存在的主要问题及改进情况", "problems", 120),
        ("七", "其他需要报告的事项", "other", 126))
    # the 规章 row is not printed; the header's typo 本年度止件数 still reads
    assert d["table_a"] == {"normative_documents": {"issued": 4, "repealed": 0, "in_force": 14},
                            "licensing": {"decisions": 0}, "penalty": {"decisions": 0},
                            "coercion": {"decisions": 0}, "fees": {"amount_10k_yuan": 0}}
    assert d["table_b"]["rows"] == table_b(new_received=[1, 0, 0, 0, 0, 0, 1],
                                           unavailable_not_held=[1, 0, 0, 0, 0, 0, 1], total=[1, 0, 0, 0, 0, 0, 1])
    # 行政复议 cells left blank: null, not 0
    assert d["table_c"] == [None] * 5 + [0] * 10
    assert d["provenance"]["table_c.0"] == {"line": 113, "column": 0, "text": ""}
    assert [(p["code"], p["path"]) for p in d["problems"]] == [
        ("missing_row", "table_a.regulations")] + [("blank_cell", f"table_c.{i}") for i in range(5)]
    assert [(f["kind"], f["value"], f["line"]) for f in d["figures"]] == [
        ("items_published", 143, 33), ("applications_received", 1, 45), ("normative_documents_in_force", 11, 49)]


def test_seed_003_legacy_statistical_table(seed):
    d = to_dict(extract_file(seed("003")))
    assert d["format_version"] == "legacy"
    assert (d["agency"], d["region"], d["year"]) == ("温州市科学技术局", "温州市", 2017)
    assert d["period"] == {"start": "2017-01-01", "end": "2017-12-31"}
    assert d["published"] == "2018-01-02"
    assert d["contact"] == {"phone": "0577-88962008", "fax": "0577-88962018", "postcode": "325001",
                            "email": "bgs@wzkj.gov.cn", "address": "温州市市府路科技馆行政楼4楼408室",
                            "website": "wzkj.wenzhou.gov.cn"}
    assert got_sections(d) == sections(("一", "情况概述", "overview", 7), ("二", "政府信息公开情况", None, 23),
                                       ("三", "存在的问题和下步改进措施", "problems", 33))
    assert d["table_a"] is None and d["table_b"] is None and d["table_c"] is None
    rows = [(i["label"], i["unit"], i["value"]) for i in d["legacy"]]
    assert rows == [
        ("主动公开情况", None, None), ("主动公开政府信息数", "条", 947), ("主动公开规范性文件数", "条", 0),
        ("制发规范性文件总数", "件", 0), ("通过不同渠道和方式公开政府信息的情况", None, None),
        ("政府公报公开政府信息数", "条", None), ("政府网站公开政府信息数", "条", 947),
        ("政务微博公开政府信息数", "条", 741), ("政务微信公开政府信息数", "条", 379),
        ("其他方式公开政府信息数", "条", 12), ("回应解读情况", None, None),
        ("回应公众关注热点或重大舆情数", "次", 0), ("通过不同渠道和方式回应解读的情况", None, None),
        ("参加或举办新闻发布会总次数", "次", 0), ("主要负责同志参加新闻发布会次数", "次", 0),
        ("政府网站在线访谈次数", "次", 0), ("主要负责同志参加政府网站在线访谈次数", "次", 0),
        ("政策解读稿件发布数", "篇", 1), ("微博微信回应事件数", "次", 0), ("其他方式回应事件数", "次", 0),
        ("依申请公开情况", None, None), ("收到申请数", "件", 2), ("当面申请数", "件", 0), ("传真申请数", "件", 0),
        ("网络申请数", "件", 2), ("信函申请数", "件", 0), ("申请办结数", "件", 0), ("按时办结数", "件", 2),
        ("延期办结数", "件", 0), ("申请答复数", "件", 0), ("属于已主动公开范围数", "件", 0),
        ("同意公开答复数", "件", 2), ("同意部分公开答复数", "件", 0), ("不同意公开答复数", "件", 0),
        ("涉及国家秘密", "件", 0), ("涉及商业秘密", "件", 0), ("涉及个人隐私", "件", 0),
        ("危及国家安全、公共安全、经济安全和社会稳定", "件", 0), ("不是《条例》所指政府信息", "件", 0),
        ("法律法规规定的其他情形", "件", 0), ("不属于本行政机关公开数", "件", 0), ("申请信息不存在数", "件", 0),
        ("告知作出更改补充数", "件", 0), ("告知通过其他途径办理数", "件", 0), ("行政复议数量", "件", 0),
        ("维持具体行政行为数", "件", 0), ("被依法纠错数", "件", 0), ("其他情形数", "件", 0),
        ("行政诉讼数量", "件", 0), ("维持具体行政行为或者驳回原告诉讼请求数", "件", 0), ("被依法纠错数", "件", 0),
        ("其他情形数", "件", 0), ("举报投诉数量", "件", 0), ("依申请公开信息收取的费用", "万元", 0),
        ("机构建设和保障经费情况", None, None), ("政府信息公开工作专门机构数", "个", 1),
        ("设置政府信息公开查阅点数", "个", 1), ("从事政府信息公开工作人员数", "人", 3), ("专职人员数", "人", None),
        ("兼职人员数", "人", 3), ("政府信息公开专项经费", "万元", 0), ("政府信息公开会议和培训情况", None, None),
        ("召开政府信息公开工作会议或专题会议数", "次", 0), ("举办各类培训班数", "次", 0), ("接受培训人员数", "人次", 0),
    ]
    keys = [i["key"] for i in d["legacy"]]
    assert keys[45:52] == ["reviews_upheld", "reviews_corrected", "reviews_other", "lawsuits", "lawsuits_upheld",
                           "lawsuits_corrected", "lawsuits_other"]
    assert all(i["cumulative"] is None for i in d["legacy"])
    assert [(p["code"], p["path"], p["line"]) for p in d["problems"]] == [
        ("blank_cell", "legacy.5.value", 76), ("blank_cell", "legacy.58.value", 289)]
    assert [(f["kind"], f["value"]) for f in d["figures"]] == [
        ("items_published", 947), ("applications_received", 2), ("lawsuits", 0), ("reviews", 0)]


def test_seed_004_vertical_headers_and_bare_agency_name(seed):
    d = to_dict(extract_file(seed("004")))
    assert d["format_version"] == "2021"
    # printed without its city: kept as printed, reported, not invented
    assert (d["agency"], d["region"], d["year"]) == ("市科学技术局", None, 2022)
    assert d["period"] == {"start": "2022-01-01", "end": "2022-12-31"}
    assert got_sections(d) == sections(
        ("一", "总体情况", "overview", 12), ("二", "主动公开政府信息情况", "proactive", 85),
        ("三", "收到和处理政府信息公开申请情况", "requests", 111),
        ("四", "政府信息公开行政复议、行政诉讼情况", "reviews", 248),
        ("五", "存在的主要问题及改进情况", "problems", 363), ("六", "其他需要报告的事项", "other", 381))
    assert d["table_a"] == {**A_2021_ZERO, "normative_documents": {"issued": 8, "repealed": 2, "in_force": 11},
                            "licensing": {"decisions": 1455}}
    assert d["table_b"]["rows"] == table_b(
        new_received=[7, 0, 0, 0, 0, 0, 7], granted=[3, 0, 0, 0, 0, 0, 3], unprocessed_repeat=[3, 0, 0, 0, 0, 0, 3],
        total=[6, 0, 0, 0, 0, 0, 6], carry_forward=[1, 0, 0, 0, 0, 0, 1])
    assert d["table_c"] == [0] * 15
    assert [(p["code"], p["path"], p["line"]) for p in d["problems"]] == [("agency_incomplete", "agency", 1)]
    assert [(f["kind"], f["value"], f["line"]) for f in d["figures"]] == [
        ("items_published", 3455, 28), ("applications_received", 7, 36), ("applications_carried_forward", 1, 36),
        ("applications_closed", 6, 38), ("processing_fee_yuan", 0, 385)]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_number_has_its_source_line(seed, prefix):
    path = seed(prefix)
    d = to_dict(extract_file(path))
    lines = path.read_text("utf-8").split("\n")
    cells = [k for k in d["provenance"] if k.startswith(("table_", "legacy."))]
    assert cells
    for key in cells:
        src = d["provenance"][key]
        line = lines[src["line"] - 1]
        # the printed text stands in its line at the column given
        assert line[src["column"]:src["column"] + len(src["text"])] == src["text"], key
