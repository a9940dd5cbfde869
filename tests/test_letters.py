"""Letters to the applicant: filled from the case, set as DOCX, an agency's own wording
and a placeholder the case cannot fill refused by name. (The screens: tests/test_web.py.)"""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

from gongkai.cases.calendar import default_calendar
from gongkai.cases.clocks import RequestCase
from gongkai.cases.letters import DEFAULTS, LetterError, Template, fields, fill, letter_docx


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text]


def test_an_extension_letter_says_the_new_due_date():
    case = RequestCase("2026-007", "张三", "natural_person", "当面", date(2026, 3, 2), subject="2025年财政预算")
    case.extend(date(2026, 3, 20), 10, "李审核", date(2026, 3, 20))
    values = fields(case, "泉州市科学技术局", default_calendar(), date(2026, 3, 20))
    assert values["答复期限"] == "2026年4月14日" and values["延长天数"] == "10"
    letter = fill(DEFAULTS["extension"], values)
    text = paragraphs(letter_docx(letter, "泉州市科学技术局", date(2026, 3, 20)))
    assert text[0] == "政府信息公开申请延期答复告知书"
    assert text[1] == "张三："
    assert "答复期限延长10个工作日，本机关将于2026年4月14日前作出答复。" in text[2]
    assert text[-2:] == ["泉州市科学技术局", "2026年3月20日"]


def test_a_letter_the_case_cannot_fill_is_refused_by_name():
    case = RequestCase("2026-008", "某公司", "commercial", "当面", date(2026, 3, 2))
    values = fields(case, "泉州市科学技术局", default_calendar(), date(2026, 3, 5))
    with pytest.raises(LetterError, match=r"本案尚无 \{补正期限\}、\{补正事项\} 的内容"):
        fill(DEFAULTS["correction"], values)
    with pytest.raises(LetterError, match=r"未知的占位符：\{经办人\}"):
        fill(Template("告知书", "{经办人}："), values)


@pytest.mark.parametrize("body, message", [
    ("{申请人:{x}}：", "花括号不成对"),  # a nested field → 500 before
    ("{申请人:{申请人.__class__.__mro__}}", "花括号不成对"),  # an attribute evaluated and echoed before
    ("{申请人:X>200000000}：", r"未知的占位符：\{申请人:X>200000000\}"),  # a 200 MB padding before
    ("{申请人!r}：", r"未知的占位符：\{申请人!r\}"),
    ("{0}：", r"未知的占位符：\{0\}"),
    ("申请人}：", "花括号不成对"),
])
def test_placeholders_take_no_format_specs(body, message):
    case = RequestCase("2026-009", "张三", "natural_person", "当面", date(2026, 3, 2))
    values = fields(case, "泉州市科学技术局", default_calendar(), date(2026, 3, 5))
    with pytest.raises(LetterError, match=message):
        fill(Template("告知书", body), values)


def test_doubled_braces_are_braces():
    case = RequestCase("2026-010", "张三", "natural_person", "当面", date(2026, 3, 2))
    values = fields(case, "泉州市科学技术局", default_calendar(), date(2026, 3, 5))
    assert fill(Template("告知书", "{{编号}}：{编号}，{申请人}"), values).body == "{编号}：2026-010，张三"


def test_every_result_row_has_its_reply_and_its_article():
    from gongkai.cases.letters import REPLY_TEXTS, needs_reasons, reply_text
    from gongkai.report.catalog import TABLE_B_RESULT_KEYS
    assert set(TABLE_B_RESULT_KEYS) <= set(REPLY_TEXTS)
    case = RequestCase("2026-011", "张三", "natural_person", "当面", date(2026, 3, 2))
    case.close("unavailable_not_held", served=date(2026, 3, 20), reply_type="not_exist")
    assert reply_text(case) == ("经检索，本机关没有您申请公开的政府信息。根据《中华人民共和国政府信息公开条例》第三十六条第（四）项的规定，"
                                "告知您该政府信息不存在。", "《中华人民共和国政府信息公开条例》第三十六条第（四）项")
    assert not needs_reasons("unavailable_not_held", "not_exist") and needs_reasons("unavailable_not_held", "not_ours")
    assert [k for k in TABLE_B_RESULT_KEYS if needs_reasons(k, None)] == [
        "partial", "denied_state_secret", "denied_law_prohibited", "denied_three_security_one_stability",
        "denied_third_party", "denied_internal_affairs", "denied_process_info", "denied_enforcement_file",
        "denied_query_item", "unavailable_need_create", "unprocessed_petition", "unprocessed_repeat",
        "unprocessed_publication", "unprocessed_mass_repeat", "unprocessed_confirm_reissue", "other_other"]
    withheld = RequestCase("2026-012", "张三", "natural_person", "当面", date(2026, 3, 2))
    withheld.close("denied_process_info", served=date(2026, 3, 20), reply_type="withheld")
    with pytest.raises(LetterError, match="办结时未填写理由或说明，不能生成答复书"):
        reply_text(withheld)


@pytest.mark.parametrize("outcome, reply", [("granted", "not_exist"), ("partial", "repeat"),
                                            ("denied_state_secret", "disclosed"), ("other_other", "withheld"),
                                            ("unavailable_need_create", "not_exist")])
def test_a_result_and_a_reply_type_that_contradict_are_refused(outcome, reply):
    from gongkai.cases.clocks import CaseError
    case = RequestCase("2026-013", "张三", "natural_person", "当面", date(2026, 3, 2))
    with pytest.raises(CaseError, match="相互矛盾"):
        case.close(outcome, served=date(2026, 3, 20), reply_type=reply)
    assert case.is_open


def test_a_reply_granting_says_how_the_information_is_provided_and_keeps_the_clerks_note():
    """第三十六条（二）: the information provided, or how, where and when to obtain it; the
    clerk's 说明, when written, is in the letter whatever the result."""
    from gongkai.cases.letters import reply_text
    case = RequestCase("2026-009", "张三", "natural_person", "当面", date(2026, 3, 2), subject="某文件", form="电子邮件")
    case.close("granted", date(2026, 3, 20), reply_type="disclosed")
    assert reply_text(case)[0] == ("经审查，您申请获取的政府信息属于可以公开的政府信息。根据《中华人民共和国政府信息公开条例》"
                                   "第三十六条第（二）项的规定，本机关予以公开，随本答复书向您提供该政府信息（提供形式：电子邮件）。")
    noted = RequestCase("2026-010", "张三", "natural_person", "当面", date(2026, 3, 2), subject="某文件")
    noted.close("granted", date(2026, 3, 20), reply_type="disclosed", reasons="请于工作日到本局档案室查阅，电话0595-1234567")
    assert reply_text(noted)[0].endswith("本机关予以公开，获取方式和途径：请于工作日到本局档案室查阅，电话0595-1234567")
    missing = RequestCase("2026-011", "张三", "natural_person", "当面", date(2026, 3, 2), subject="某文件")
    missing.close("unavailable_not_held", date(2026, 3, 20), reply_type="not_exist", reasons="经检索本局档案及网站，均无该文件")
    assert reply_text(missing)[0].endswith("告知您该政府信息不存在。说明：经检索本局档案及网站，均无该文件")


def test_a_correction_notice_lists_what_is_to_be_corrected():
    case = RequestCase("2026-012", "张三", "natural_person", "当面", date(2026, 3, 2), subject="有关文件")
    case.request_correction(date(2026, 3, 4), date(2026, 3, 20), items="所需文件的名称、文号或者形成时间")
    letter = fill(DEFAULTS["correction"], fields(case, "泉州市科学技术局", default_calendar(), date(2026, 3, 4)))
    assert letter.body.split("\n")[1].endswith(
        "根据《中华人民共和国政府信息公开条例》第三十条的规定，请您在2026年3月20日前对申请作出补正。"
        "需要补正的事项：所需文件的名称、文号或者形成时间")
