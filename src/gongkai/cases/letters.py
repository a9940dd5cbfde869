"""Letters of a case — 受理回执, 补正告知书, 延期告知书, 第三方意见征询函, 收费通知书 and the
答复书 (its body by result row, with the clerk's reasons, the 条例 article and the
remedies) — filled from the case, numbered (文号) and dated the day of the act, set as
DOCX in the same GB/T 9704 layout as the annual report.

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
from .clocks import CONSULTATION_DAYS, REPLY_TYPES, RequestCase


class LetterError(GongkaiError):
    code = "letter"


@dataclass(frozen=True)
class Template:
    title: str
    body: str


KINDS = {"receipt": "受理回执", "correction": "补正告知书", "extension": "延期告知书",
         "consultation": "第三方意见征询函", "fee": "收费通知书", "reply": "答复书"}

_REMEDIES = ("如对本答复不服，可以自收到本答复之日起六十日内向{复议机关}申请行政复议，"
             "或者自收到本答复之日起六个月内向{人民法院}提起行政诉讼。")

DEFAULTS = {
    "receipt": Template("政府信息公开申请受理回执", """{申请人}：
本机关于{收到日期}收到您提出的政府信息公开申请（编号：{编号}），申请获取“{申请内容}”。根据《中华人民共和国政府信息公开条例》第三十三条的规定，本机关将于{答复期限}前作出答复；依法需要补正、征求意见或者延长答复期限的，另行书面告知。
特此回执。"""),
    "correction": Template("政府信息公开申请补正告知书", """{申请人}：
本机关于{收到日期}收到您提出的政府信息公开申请（编号：{编号}）。经审查，您的申请内容不明确，根据《中华人民共和国政府信息公开条例》第三十条的规定，请您在{补正期限}前对申请作出补正。需要补正的事项：{补正事项}
答复期限自本机关收到补正后的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。"""),
    "extension": Template("政府信息公开申请延期答复告知书", """{申请人}：
本机关于{收到日期}收到您提出的政府信息公开申请（编号：{编号}）。因需要延长答复期限，根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{延长天数}个工作日，本机关将于{答复期限}前作出答复。
特此告知。"""),
    "consultation": Template("政府信息公开第三方意见征询函", """{第三方}：
本机关于{收到日期}收到政府信息公开申请（编号：{编号}），申请获取“{申请内容}”。该信息公开后可能损害您的合法权益，根据《中华人民共和国政府信息公开条例》第三十二条的规定，现征求您的意见。
请于{征询期限}前书面提出意见。逾期未提出意见的，由本机关依照条例的规定决定是否公开；您不同意公开且有合理理由的，本机关不予公开，但本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的内容和理由书面告知您。"""),
    "fee": Template("政府信息公开信息处理费收费通知书", """{申请人}：
本机关于{收到日期}收到您提出的政府信息公开申请（编号：{编号}）。根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，您的申请应缴纳信息处理费{收费金额}元。
请于{缴费期限}前缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。缴费期间不计入答复期限。"""),
    "reply": Template("政府信息公开申请答复书", """{申请人}：
本机关于{收到日期}收到您提出的政府信息公开申请（编号：{编号}），申请获取“{申请内容}”。现答复如下：
{答复内容}
""" + _REMEDIES),
}

PLACEHOLDERS = ("机关", "申请人", "编号", "收到日期", "申请内容", "答复期限", "答复类型", "补正期限", "补正事项", "延长天数",
                "今天", "文号", "文书日期", "理由", "法律依据", "答复内容", "复议机关", "人民法院", "第三方",
                "征询期限", "收费金额", "缴费期限")

_LAW = "《中华人民共和国政府信息公开条例》"
# each result row: what is said to the applicant and the article it rests on; {理由} marks
# where the clerk's reasons go (a row that needs them cannot be answered without them)
REPLY_TEXTS = {
    ("granted", "already_public"): ("您申请获取的政府信息已经主动公开。根据{法律}第三十六条第（一）项的规定，告知您获取该政府信息的方式和途径：{理由}",
                                    "第三十六条第（一）项"),
    "granted": ("经审查，您申请获取的政府信息属于可以公开的政府信息。根据{法律}第三十六条第（二）项的规定，本机关予以公开，{获取方式}",
                "第三十六条第（二）项"),
    "partial": ("经审查，您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容。根据{法律}第三十七条的规定，本机关向您提供可以公开的部分，对不予公开的部分说明理由如下：{理由}",
                "第三十七条"),
    "denied_state_secret": ("经审查，您申请获取的政府信息属于国家秘密。根据{法律}第十四条的规定，本机关不予公开。理由：{理由}", "第十四条"),
    "denied_law_prohibited": ("经审查，您申请获取的政府信息属于法律、行政法规禁止公开的信息。根据{法律}第十四条的规定，本机关不予公开。理由：{理由}", "第十四条"),
    "denied_three_security_one_stability": ("经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定。根据{法律}第十四条的规定，本机关不予公开。理由：{理由}",
                                            "第十四条"),
    "denied_third_party": ("经审查，您申请获取的政府信息涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的内容。根据{法律}第十五条、第三十二条的规定，本机关不予公开。理由：{理由}",
                           "第十五条、第三十二条"),
    "denied_internal_affairs": ("经审查，您申请获取的信息属于行政机关的人事管理、后勤管理、内部工作流程等内部事务信息。根据{法律}第十六条第一款的规定，本机关不予公开。理由：{理由}",
                                "第十六条第一款"),
    "denied_process_info": ("经审查，您申请获取的信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息。根据{法律}第十六条第二款的规定，本机关不予公开。理由：{理由}",
                            "第十六条第二款"),
    "denied_enforcement_file": ("经审查，您申请获取的信息属于行政执法案卷信息。根据{法律}第十六条第二款的规定，本机关不予公开。理由：{理由}", "第十六条第二款"),
    "denied_query_item": ("经审查，您申请获取的信息属于工商、不动产登记资料等有关法律、行政法规对信息的获取有特别规定的查询事项。根据{法律}第三十六条第（七）项的规定，请您依照有关法律、行政法规的规定办理：{理由}",
                          "第三十六条第（七）项"),
    ("unavailable_not_held", "not_ours"): ("经审查，您申请获取的政府信息不属于本机关负责公开。根据{法律}第三十六条第（五）项的规定告知您：{理由}", "第三十六条第（五）项"),
    "unavailable_not_held": ("经检索，本机关没有您申请公开的政府信息。根据{法律}第三十六条第（四）项的规定，告知您该政府信息不存在。", "第三十六条第（四）项"),
    "unavailable_need_create": ("经审查，本机关没有您申请获取的现成信息，需要对现有政府信息进行加工、分析。根据{法律}第三十八条的规定，本机关不予提供。理由：{理由}", "第三十八条"),
    "unavailable_unclear_after_correction": ("您补正后的申请内容仍不明确，本机关无法确定您需要获取的政府信息。根据{法律}第三十条的规定，本机关无法提供。", "第三十条"),
    "unprocessed_petition": ("经审查，您提出的申请属于以政府信息公开申请的形式进行信访、投诉、举报等活动。根据{法律}第三十九条第一款的规定，本机关不作为政府信息公开申请处理，请您通过相应渠道提出：{理由}",
                             "第三十九条第一款"),
    "unprocessed_repeat": ("经审查，您提出的申请属于重复申请。根据{法律}第三十六条第（六）项的规定，本机关不予重复处理。{理由}", "第三十六条第（六）项"),
    "unprocessed_publication": ("经审查，您申请获取的信息属于公开出版物。根据{法律}第三十九条第二款的规定，告知您获取的途径：{理由}", "第三十九条第二款"),
    "unprocessed_mass_repeat": ("经审查，您申请公开政府信息的数量、频次明显超过合理范围，且未能说明理由或者理由不合理。根据{法律}第三十五条的规定，本机关不予处理。理由：{理由}",
                                "第三十五条"),
    "unprocessed_confirm_reissue": ("经审查，您要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请，本机关不予处理。理由：{理由}", ""),
    "other_overdue_correction": ("本机关于{补正告知日期}书面告知您补正申请，您无正当理由逾期未补正。根据{法律}第三十条的规定，视为放弃申请，本机关不再处理该政府信息公开申请。",
                                 "第三十条"),
    "other_overdue_fee": ("本机关于{收费通知日期}向您发出收费通知，您逾期未按通知要求缴纳费用。根据《政府信息公开信息处理费管理办法》的规定，视为放弃申请，本机关不再处理该政府信息公开申请。",
                          "《政府信息公开信息处理费管理办法》"),
    "other_other": ("{理由}", ""),
}


def needs_reasons(outcome: str, reply_type: str | None) -> bool:
    """Whether the reply for this result says why (第三十六条（三）（五）, 第三十七条 …):
    then the clerk must write the reasons when closing the case."""
    text, _ = REPLY_TEXTS.get((outcome, reply_type)) or REPLY_TEXTS[outcome]
    return "{理由}" in text


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


ACTS = {"receipt": "收到申请", "correction": "补正告知", "extension": "延长答复期限", "consultation": "征求第三方意见",
        "fee": "收费通知", "reply": "办结答复"}  # the act each letter records


def act_date(case: RequestCase, kind: str) -> date | None:
    """The day of the act a letter records — the date it bears (not the day it is printed)."""
    def first(event_kind: str, test=lambda e: True):
        return next((e for e in case.events if e.kind == event_kind and test(e)), None)

    found = {"receipt": case.received, "reply": case.closed_on}
    for kind_, event in (("correction", first("correction_notice")), ("extension", first("extension")),
                         ("fee", first("fee_notice")),
                         ("consultation", first("consultation", lambda e: e.data.get("kind") == "third_party"))):
        found[kind_] = event.on if event else None
    return found.get(kind)


def reply_text(case: RequestCase) -> tuple[str, str]:
    """(答复内容, 法律依据) for a closed case: the paragraph for its result and reply
    type, with the reasons the clerk entered; refused when reasons are needed and absent."""
    if case.outcome is None:
        raise LetterError("本案尚未办结，不能生成答复书")
    text, basis = REPLY_TEXTS.get((case.outcome, case.reply_type)) or REPLY_TEXTS[case.outcome]
    closed = next((e for e in case.events if e.kind == "closed"), None)
    reasons = (closed.data.get("reasons") if closed else "") or ""
    if "{理由}" in text and not reasons:
        raise LetterError("办结时未填写理由或说明，不能生成答复书（这一办理结果须向申请人说明理由）")
    dates = {"补正告知日期": act_date(case, "correction"), "收费通知日期": act_date(case, "fee")}
    # 第三十六条（二）: the information provided, or how, where and when to obtain it
    how = f"获取方式和途径：{reasons}" if reasons else f"随本答复书向您提供该政府信息（提供形式：{case.form or '纸质'}）。"
    if "{获取方式}" not in text and "{理由}" not in text and reasons:
        text += "说明：{理由}"  # what the clerk wrote is never dropped
    out = text.replace("{法律}", _LAW).replace("{获取方式}", how).replace("{理由}", reasons)
    for name, on in dates.items():
        out = out.replace("{" + name + "}", cn_date(on) if on else "")
    return out, (f"{_LAW}{basis}" if basis.startswith("第") else basis)


def fields(case: RequestCase, agency: str, calendar: WorkCalendar, today: date, kind: str | None = None,
           extra: dict[str, str] | None = None) -> dict[str, str]:
    """What a letter may say about the case; a value the case does not have is absent.
    `kind` dates the letter by its act; `extra` adds the agency's own (复议机关, 人民法院, 文号)."""
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
            out["补正事项"] = e.data.get("items", "")
        if e.kind == "extension":
            out["延长天数"] = str(e.data.get("days"))
        if e.kind == "consultation" and e.data.get("kind") == "third_party":
            out["第三方"] = e.data.get("party", "")
            out["征询期限"] = cn_date(calendar.add_working_days(e.on, CONSULTATION_DAYS).end)
        if e.kind == "fee_notice":
            out["收费金额"] = str(e.data.get("amount"))
            out["缴费期限"] = cn_date(e.data["pay_by"])
        if e.kind == "closed" and e.data.get("reasons"):
            out["理由"] = e.data["reasons"]
    if case.outcome:
        try:
            out["答复内容"], out["法律依据"] = reply_text(case)
        except LetterError:
            pass  # the reply letter says why when it is asked for
    on = act_date(case, kind) if kind else None
    if on:
        out["文书日期"] = cn_date(on)
    out.update(extra or {})
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


def letter_docx(letter: Template, agency: str, on: date, number: str = "") -> bytes:
    """The filled letter as DOCX: title, its 文号, the addressee flush left, body
    paragraphs, the agency and the date of the act at the foot."""
    style = DocxStyle(title=letter.title, author=agency, on=on)
    w = Writer(style)
    w.paragraph(letter.title, font=style.title_font, size=22, center=True)
    w.paragraph(number, indent=False, center=True) if number else w.paragraph("")
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
