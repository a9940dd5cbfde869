"""Letters to the applicant — 答复书, 补正告知书, 延期告知书 — filled from a case and
set as DOCX in the same GB/T 9704 layout as the annual report.

A template is plain text with placeholders in braces (``{申请人}``); an agency edits its
own wording, and a placeholder the case cannot fill is an error naming it, never a
blank in a letter that goes out."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

from ..errors import GongkaiError
from ..render.docx import DocxStyle, Writer
from .calendar import WorkCalendar
from .clocks import REPLY_TYPES, RequestCase


class LetterError(GongkaiError):
    code = "letter"


@dataclass(frozen=True)
class Template:
    title: str
    body: str


KINDS = {"reply": "答复书", "correction": "补正告知书", "extension": "延期告知书"}

DEFAULTS = {
    "reply": Template("政府信息公开申请答复书", """{申请人}：
本机关于{收到日期}收到您提出的政府信息公开申请（编号：{编号}），申请获取“{申请内容}”。
经审查，现答复如下：{答复类型}。
如对本答复不服，可以自收到本答复之日起六十日内依法申请行政复议，或者自收到本答复之日起六个月内依法提起行政诉讼。"""),
    "correction": Template("政府信息公开申请补正告知书", """{申请人}：
本机关于{收到日期}收到您提出的政府信息公开申请（编号：{编号}）。经审查，您的申请内容不明确，根据《中华人民共和国政府信息公开条例》第三十条的规定，请您在{补正期限}前对申请作出补正，说明需要获取的政府信息的名称、文号或者便于本机关查询的其他特征性描述。
答复期限自本机关收到补正后的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。"""),
    "extension": Template("政府信息公开申请延期答复告知书", """{申请人}：
本机关于{收到日期}收到您提出的政府信息公开申请（编号：{编号}）。因需要延长答复期限，根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{延长天数}个工作日，本机关将于{答复期限}前作出答复。
特此告知。"""),
}

PLACEHOLDERS = ("机关", "申请人", "编号", "收到日期", "申请内容", "答复期限", "答复类型", "补正期限", "延长天数", "今天")


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def fields(case: RequestCase, agency: str, calendar: WorkCalendar, today: date) -> dict[str, str]:
    """What a letter may say about the case; a value the case does not have is absent."""
    clock = case.clock(calendar)
    out = {"机关": agency, "申请人": case.applicant, "编号": case.number, "收到日期": cn_date(clock.received),
           "申请内容": case.subject, "今天": cn_date(today)}
    if clock.due:
        out["答复期限"] = cn_date(clock.due)
    if case.reply_type:
        out["答复类型"] = REPLY_TYPES[case.reply_type]
    for e in case.events:
        if e.kind == "correction_notice" and e.data.get("deadline"):
            out["补正期限"] = cn_date(e.data["deadline"])
        if e.kind == "extension":
            out["延长天数"] = str(e.data.get("days"))
    return {k: v for k, v in out.items() if v}


# {名称} is a placeholder, {{ and }} are braces; nothing else may stand in braces — no
# format specs, conversions or attributes (str.format would evaluate them)
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]{0,40})\}|[{}]")


def placeholders(text: str) -> list[str]:
    """The placeholder names in `text`; a stray brace is an error."""
    names = []
    for m in _TOKEN.finditer(text):
        if m.group(1) is not None:
            names.append(m.group(1))
        elif m.group() not in ("{{", "}}"):
            raise LetterError("模板格式有误：花括号不成对（占位符写作 {申请人}，花括号本身写作 {{ }}）")
    return names


def fill(template: Template, values: dict[str, str]) -> Template:
    """The template with its placeholders filled; an unknown or unfillable placeholder
    is an error that names it."""
    out = []
    for text in (template.title, template.body):
        names = placeholders(text)
        unknown = [n for n in names if n not in PLACEHOLDERS]
        if unknown:
            raise LetterError(f"模板中有未知的占位符：{'、'.join('{' + n + '}' for n in unknown)}"
                              f"（可用：{'、'.join('{' + n + '}' for n in PLACEHOLDERS)}）")
        missing = [n for n in names if n not in values]
        if missing:
            raise LetterError(f"本案尚无 {'、'.join('{' + n + '}' for n in missing)} 的内容，不能生成这份文书")
        out.append(_TOKEN.sub(lambda m: values[m.group(1)] if m.group(1) is not None else m.group()[0], text))
    return Template(*out)


def letter_docx(letter: Template, agency: str, on: date) -> bytes:
    """The filled letter as DOCX: title, the applicant line flush left, body paragraphs,
    the agency and date at the foot."""
    style = DocxStyle()
    w = Writer(style)
    w.paragraph(letter.title, font=style.title_font, size=22, center=True)
    w.paragraph("")
    lines = [line.strip() for line in letter.body.splitlines() if line.strip()]
    for i, line in enumerate(lines):
        if i == 0 and line.endswith(("：", ":")):
            w.paragraph(line, indent=False)
        else:
            w.body(line)
    w.paragraph("")
    w.paragraph(agency, indent=False, right=True)
    w.paragraph(cn_date(on), indent=False, right=True)
    buf = io.BytesIO()
    w.save(buf)
    return buf.getvalue()
