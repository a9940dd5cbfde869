"""The register of agencies: divisions by GB/T 2260 code, and the agency a printed name means
— certain only where the rules make it so, otherwise listed for a person to confirm."""

import pytest

from gongkai.agencies import THRESHOLD, Agency, Register, RegisterError, regions


def test_divisions_come_from_the_gbt_2260_table():
    assert regions.region("331002").name == "椒江区"
    assert regions.region("331002").level == "县"
    assert regions.region("331000").level == "市"
    assert [r.name for r in regions.chain("331002")] == ["浙江省", "台州市", "椒江区"]
    assert regions.full_name("110105") == "北京市朝阳区"
    assert regions.count() > 3000


def test_a_names_place_words_are_read_under_each_other():
    p = regions.place("浙江省台州市椒江区科学技术局")
    assert (p.codes, p.text, p.rest) == (("331002",), "浙江省台州市椒江区", "科学技术局")
    shared = regions.place("朝阳区教育局")
    assert shared.codes == ("110105", "220104") and shared.code is None
    assert regions.place("北京市朝阳区教育局").code == "110105"
    renamed = regions.place("临安市教育局")
    assert (renamed.code, renamed.renamed) == ("330112", ("临安市", "临安区"))
    assert regions.place("市科学技术局").codes == ()


def _register():
    return Register([Agency("台州市科学技术局"), Agency("台州市人民政府"), Agency("杭州市临安区教育局"),
                     Agency("台州市椒江区人民政府办公室"), Agency("北京市朝阳区教育局"), Agency("长春市朝阳区教育局"),
                     Agency("平潭综合实验区管理委员会"), Agency("中国（福建）自由贸易试验区福州片区管理局")])


@pytest.mark.parametrize("printed,meant,score", [
    ("台州市科技局", "台州市科学技术局", 1.0),
    ("台州市 科学技术局", "台州市科学技术局", 1.0),
    ("浙江省台州市科学技术局", "台州市科学技术局", 0.97),
    ("椒江区政府办", "台州市椒江区人民政府办公室", 0.97),
    ("临安市教育局", "杭州市临安区教育局", 0.93),
    ("平潭综合实验区管委会", "平潭综合实验区管理委员会", 1.0),
])
def test_a_name_the_rules_make_certain_is_matched(printed, meant, score):
    m = _register().match(printed)
    assert (m.agency.name, m.score) == (meant, score)
    assert m.score >= THRESHOLD


@pytest.mark.parametrize("printed,score,first", [
    ("朝阳区教育局", 0.8, "北京市朝阳区教育局"),  # two divisions share the name
    ("市科学技术局", 0.7, "台州市科学技术局"),  # no place
    ("福建省平潭综合实验区管委会", 0.8, "平潭综合实验区管理委员会"),  # a zone without a code
    ("台州市科学技朮局", 0.74, "台州市科学技术局"),  # only close in spelling (a character mistyped)
    ("福州片区管理局", 0.75, "中国（福建）自由贸易试验区福州片区管理局"),  # the front left off
])
def test_any_other_name_is_listed_for_a_person_to_confirm(printed, score, first):
    m = _register().match(printed)
    assert m.agency is None and not m.sure
    assert m.score == score < THRESHOLD
    assert m.candidates[0].name == first


def test_another_divisions_or_another_departments_agency_is_not_even_listed():
    for name in ("温州市科学技术局", "台州市科学技术协会", "台州市财政局"):
        m = _register().match(name)
        assert (m.agency, m.candidates, m.why) == (None, (), "台账中没有相近的机关")


def test_a_confirmation_becomes_an_alias(tmp_path):
    register = _register()
    beijing = register.get("北京市朝阳区教育局")
    register.confirm("朝阳区教育局", beijing)
    assert register.match("朝阳区教育局").agency is beijing
    assert register.match("朝阳区教育局").why == "已确认的别名"
    path = tmp_path / "agencies.csv"
    register.save(str(path))
    again = Register.load(str(path))
    assert again.match("朝阳区教育局").agency.name == "北京市朝阳区教育局"
    assert [(a.name, a.code, a.level, a.kind) for a in again][:2] == [
        ("台州市科学技术局", "331000", "市", "部门"), ("台州市人民政府", "331000", "市", "政府")]


def test_the_parent_is_the_government_of_the_division_or_the_one_above():
    register = _register()
    register.add(Agency("浙江省人民政府"))
    assert register.parent_of(register.get("台州市科学技术局")).name == "台州市人民政府"
    assert register.parent_of(register.get("台州市人民政府")).name == "浙江省人民政府"


def test_one_name_cannot_be_two_agencies():
    register = _register()
    with pytest.raises(RegisterError, match="已是机关“台州市科学技术局”"):
        register.confirm("台州市科技局", register.get("台州市人民政府"))


def test_a_register_file_with_a_wrong_code_is_refused_with_its_line(tmp_path):
    path = tmp_path / "agencies.csv"
    path.write_text("名称,行政区划代码,层级,类别,上级机关,别名\n台州市科学技术局,331000,市,部门,,\n"
                    "某某局,999999,,,,\n", encoding="utf-8")
    with pytest.raises(RegisterError, match="第 3 行.*999999 不在 GB/T 2260"):
        Register.load(str(path))


def test_names_met_in_a_batch_form_a_register_with_the_variants_as_aliases():
    register, unsure = Register.from_names(["台州市科技局", "台州市科学技术局", "浙江省台州市科学技术局",
                                            "朝阳区教育局", "北京市朝阳区教育局"])
    assert [(a.name, a.aliases) for a in register] == [
        ("台州市科学技术局", ["台州市科技局", "浙江省台州市科学技术局"]), ("朝阳区教育局", []), ("北京市朝阳区教育局", [])]
    assert [(name, m.candidates[0].name) for name, m in unsure] == [("北京市朝阳区教育局", "朝阳区教育局")]


def test_an_agency_under_a_shared_place_is_a_candidate_only_where_that_place_may_be():
    register = Register([Agency("通州区水利局"), Agency("平潭综合实验区管理委员会")])
    assert register.match("滨州市水利局").candidates == ()
    m = register.match("北京市通州区水利局")
    assert (m.agency, [(c.name, c.score, c.why) for c in m.candidates]) == (
        None, [("通州区水利局", 0.8, "台账中的名称未写明是哪个同名区划")])
    assert register.match("福建省平潭综合实验区管委会").candidates[0].name == "平潭综合实验区管理委员会"
