"""The label catalog: folding, numerals, legacy labels, regions."""

from gongkai.report.agency import region_of
from gongkai.report.catalog import TABLE_B_KEYS, TABLE_B_ROWS, chinese_numeral, fold, legacy_label, numeral_value


def test_fold_unifies_brackets_quotes_and_space():
    assert fold("（二） 部分公开\u3000“三安全一稳定”") == "(二)部分公开三安全一稳定"
    assert fold("第二十条第(六)项") == fold("第二十条第（六）项")


def test_numerals():
    assert [numeral_value(x) for x in ("一", "六", "十", "十二", "二十", "3", "３", "甲")] == [1, 6, 10, 12, 20, 3, 3, None]
    assert [chinese_numeral(n) for n in (1, 7, 10, 12, 20)] == ["一", "七", "十", "十二", "二十"]


def test_legacy_label_drops_numbering_mark_and_note():
    assert legacy_label("（一）主动公开政府信息数\n（不同渠道和方式公开相同信息计1条）") == "主动公开政府信息数"
    assert legacy_label("    其中：主动公开规范性文件数") == "主动公开规范性文件数"
    assert legacy_label("1.专职人员数（不包括政府公报及政府网站工作人员数）") == "专职人员数"
    assert legacy_label("不是《条例》所指政府信息") == "不是《条例》所指政府信息"


def test_table_b_has_25_rows_in_contract_order():
    assert len(TABLE_B_KEYS) == 25 and TABLE_B_KEYS[0] == "new_received" and TABLE_B_KEYS[-1] == "carry_forward"
    assert [r.key for r in TABLE_B_ROWS if r.level2 == "（三）不予公开"][-1] == "denied_query_item"


def test_every_table_b_label_is_found_by_its_own_cores():
    for row in TABLE_B_ROWS:
        others = [r for r in TABLE_B_ROWS if r is not row and r.matches(fold(row.label)) > row.matches(fold(row.label))]
        assert row.matches(fold(row.label)) > 0 and not others, row.key


def test_region_of():
    assert region_of("宁波市住房和城乡建设局") == "宁波市"
    assert region_of("浙江省台州市科学技术局") == "浙江省台州市"
    assert region_of("北京市海淀区教育委员会") == "北京市海淀区"
    assert region_of("杭州市西湖区人民政府") == "杭州市西湖区"
    assert region_of("安吉县农业农村局") == "安吉县"
    assert region_of("安吉县市场监督管理局") == "安吉县"
    assert region_of("宁波市市场监督管理局") == "宁波市"
    assert region_of("天津市和平区卫生健康委员会") == "天津市和平区"
    assert region_of("市科学技术局") is None
