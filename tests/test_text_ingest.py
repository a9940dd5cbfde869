"""Copied text rebuilt into rows: artifacts dropped, shapes recognised, metadata
phrasings real reports use."""

from __future__ import annotations

from gongkai.extract import extract_text
from gongkai.ingest.text import read_text
from gongkai.report.jsonio import to_dict


def test_word_bookmark_and_page_number_are_dropped(seed):
    doc = read_text(seed("001").read_bytes())
    assert [line for line, _ in doc.artifacts] == [37, 63]
    assert doc.line(37) == "\t本年处理决定数量"
    assert doc.source["shape"] == "plain+cell-per-line"
    assert doc.source["encoding"] == "utf-8"


def test_shapes_of_the_seeds(seed):
    shapes = [read_text(seed(p).read_bytes()).source["shape"] for p in ("000", "002", "003")]
    assert shapes == ["plain", "plain+tabbed", "plain+cell-per-line"]


def test_page_number_forms():
    text = "\n".join(["甲", "— 3 —", "- 4 -", "第 5 页", "第6页 共9页", "7 / 9", "乙"])
    doc = read_text(text)
    assert [row.text for row in doc.rows] == ["甲", "乙"]
    assert [line for line, _ in doc.artifacts] == [2, 3, 4, 5, 6]


REPORT = """二〇二二年度某某县教育局政府信息公开工作年度报告
本报告统计期限为2022年1月1日至12月31日。
一、总体情况
本年度共收到政府信息公开申请5件。
二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 0 0 0
行政规范性文件 1 0 9
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5
"""


def test_year_in_chinese_numerals_and_period_with_one_year():
    got = to_dict(extract_text(REPORT))
    assert (got["agency"], got["year"]) == ("某某县教育局", 2022)
    assert got["period"] == {"start": "2022-01-01", "end": "2022-12-31"}
    assert got["table_a"]["normative_documents"] == {"issued": 1, "repealed": 0, "in_force": 9}
    assert got["table_b"]["rows"]["new_received"] == [5, 0, 0, 0, 0, 0, 5]


LEGACY = """某市统计局2015年政府信息公开工作年度报告
一、概述
二、主动公开情况
三、存在的问题
政府信息公开情况统计表
统计指标 单位 本年 累计
（一）收到申请数 件 4 30
1.当面申请数 件 1 10
2.传真申请数 件 / 2
"""


def test_legacy_table_with_a_cumulative_column():
    got = to_dict(extract_text(LEGACY))
    assert got["format_version"] == "legacy"
    assert [(i["key"], i["value"], i["cumulative"]) for i in got["legacy"]] == [
        ("requests_received", 4, 30), ("received_in_person", 1, 10), ("received_by_fax", None, 2)]
    assert got["provenance"]["legacy.2.value"]["text"] == "/"
    assert [(p["code"], p["path"]) for p in got["problems"]] == [("slash_cell", "legacy.2.value")]


def test_an_agency_whose_division_begins_with_a_leading_word_keeps_it():
    """本 before a title is a word to drop (本机关…), but 本溪市 is a city: its name kept whole."""
    from gongkai.render.text import TextStyle, render_text
    from gongkai.report.sample import sample_report
    for name in ("本溪市人民政府办公室", "本溪满族自治县财政局"):
        text = render_text(sample_report(1, agency=name), TextStyle(shape="tabbed"))
        assert extract_text(text).agency == name
