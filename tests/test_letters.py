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
    with pytest.raises(LetterError, match=r"本案尚无 \{补正期限\} 的内容"):
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
