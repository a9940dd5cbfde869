"""The one catalog of statutory labels: sections, table rows and columns of each
format version, with the aliases and variants real reports print.

Nothing outside this module spells a statutory label out. Readers match labels
through `fold()` and the `cores` of each entry (short distinctive phrases that
survive line wraps, vertical headers and bracket/quote variants); writers use the
official `label`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

FORMAT_2021 = "2021"
FORMAT_2019 = "2019"
FORMAT_LEGACY = "legacy"
FORMAT_VERSIONS = (FORMAT_2021, FORMAT_2019, FORMAT_LEGACY)

FORMAT_NOTICES = {
    FORMAT_2021: "国办公开办函〔2021〕30号",
    FORMAT_2019: "国办公开办函〔2019〕60号",
    FORMAT_LEGACY: "国办发〔2014〕32号 政府信息公开情况统计表",
}

REPORT_TITLE_SUFFIX = "政府信息公开工作年度报告"

# Full-width ASCII forms (！ … ～) → ASCII, as NFKC would map them; one table lookup.
WIDTH_FOLD = {0xFF01 + i: 0x21 + i for i in range(94)} | {0x3000: 0x20}
# Characters removed before matching: every kind of white space and the quotes
# that PDF and web copies print in several forms.
_DROP = dict.fromkeys(map(ord, " \t\r\n\u3000\u00a0\u200b\ufeff“”\"'‘’「」『』"), None)
# Punctuation folded to one form.
_PUNCT = {ord(k): v for k, v in {"〔": "[", "〕": "]", "【": "[", "】": "]", "﹒": ".", "—": "-", "–": "-"}.items()}
_FOLD_TABLE = WIDTH_FOLD | {ord("－"): "-", ord("．"): "."} | _PUNCT | _DROP


DROPPED = frozenset(map(chr, _DROP))  # the characters fold() drops (white space, quotes)
_DROP_RE = re.compile("[" + "".join(map(chr, _DROP)).replace("\\", "\\\\").replace("]", "\\]") + "]+")


def squeeze(text: str) -> str:
    """Text without white space and quotes (fast on long text: one replace per character
    dropped, each a plain scan)."""
    if len(text) < 256:
        return _DROP_RE.sub("", text)
    for ch in DROPPED:
        if ch in text:
            text = text.replace(ch, "")
    return text


_FOLDS = re.compile("[" + re.escape("".join(map(chr, _FOLD_TABLE))) + "]").search  # a character fold() changes
_SHORT = 64  # labels and headings: folded once, remembered (they are printed alike report after report)


def fold(text: str) -> str:
    """Normalise text for label matching: full-width forms → ASCII (（） → (),
    ０ → 0, ： → :), brackets and dashes unified, no white space, no quotes."""
    if len(text) <= _SHORT:
        return _fold_short(text)
    return text.translate(_FOLD_TABLE) if _FOLDS(text) else text


@functools.lru_cache(maxsize=16384)
def _fold_short(text: str) -> str:
    return text.translate(_FOLD_TABLE) if _FOLDS(text) else text


_LEADING_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d{1,2}[.、)]?|\(\d{1,2}\))")


def bare(label: str) -> str:
    """A label folded and without its numbering: "（二）部分公开" → "部分公开",
    "3、其他" → "其他" (numbering styles vary; the words are the label)."""
    return _LEADING_NUMBER.sub("", fold(label), count=1)


@dataclass(frozen=True)
class Entry:
    """A labelled thing in a format: a section, a row or a column."""

    key: str
    label: str
    # folded phrases that identify it in a longer run; several, spread over the label,
    # so that a label wrapped anywhere still shows one of them whole
    cores: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other printed forms, as printed

    def matches(self, folded: str) -> int:
        """End position of the last core found in `folded`, or -1."""
        best = -1
        for core in self.cores:
            i = folded.rfind(core)
            if i >= 0:
                best = max(best, i + len(core))
        return best


# --- Sections (六个部分) -----------------------------------------------------------

@dataclass(frozen=True)
class SectionSpec(Entry):
    number: int = 0
    # all of `required` words must occur, after folding, in the printed title
    keywords: tuple[tuple[str, ...], ...] = ()

    @property
    def title(self) -> str:
        """The label without its number: 主动公开政府信息情况."""
        return self.label.split("、", 1)[-1]

    def title_matches(self, folded_title: str) -> bool:
        for group in self.keywords:
            for word in group:
                if word not in folded_title:
                    break
            else:
                return True
        return False


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("overview", "一、总体情况", number=1,
                keywords=(("总体情况",), ("情况概述",), ("概述",), ("总体",))),
    SectionSpec("proactive", "二、主动公开政府信息情况", number=2,
                keywords=(("主动公开",),)),
    SectionSpec("requests", "三、收到和处理政府信息公开申请情况", number=3,
                keywords=(("收到和处理",), ("依申请",), ("处理政府信息公开申请",))),
    SectionSpec("reviews", "四、政府信息公开行政复议、行政诉讼情况", number=4,
                aliases=("四、因政府信息公开工作被申请行政复议提起行政诉讼情况",),
                keywords=(("复议",), ("诉讼",))),
    SectionSpec("problems", "五、存在的主要问题及改进情况", number=5,
                aliases=("五、政府信息公开工作存在的主要问题及改进情况", "五、存在问题及改进情况"),
                keywords=(("存在", "问题"), ("问题", "改进"))),
    SectionSpec("other", "六、其他需要报告的事项", number=6,
                keywords=(("其他需要报告",), ("其他事项",), ("其他需报告",))),
)
# Sections real reports add that the format does not have.
EXTRA_SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("fees", "信息处理费收取情况", keywords=(("信息处理费",),)),
)
SECTION_BY_KEY = {s.key: s for s in SECTIONS + EXTRA_SECTIONS}
TABLE_SECTIONS = {"A": "proactive", "B": "requests", "C": "reviews"}  # the section each table belongs to

CHINESE_NUMERALS = "零一二三四五六七八九十"


def numeral_value(text: str) -> int | None:
    """一 → 1, 十二 → 12, "3" → 3; None when not a small number."""
    text = text.translate(WIDTH_FOLD).strip()
    if text.isdigit():
        return int(text)
    if not text or any(c not in CHINESE_NUMERALS for c in text):
        return None
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CHINESE_NUMERALS.index(tens) if tens else 1) * 10 + (
            CHINESE_NUMERALS.index(ones) if ones else 0)
    return CHINESE_NUMERALS.index(text) if len(text) == 1 else None


def chinese_numeral(n: int) -> str:
    if n <= 10:
        return CHINESE_NUMERALS[n] if n < 10 else "十"
    tens, ones = divmod(n, 10)
    return (CHINESE_NUMERALS[tens] if tens > 1 else "") + "十" + (CHINESE_NUMERALS[ones] if ones else "")


# --- Table A: 主动公开 (section 二) ------------------------------------------------

@dataclass(frozen=True)
class TableARow(Entry):
    caption: str = ""  # 第二十条第（X）项
    columns: tuple[Entry, ...] = ()


_C_ISSUED = Entry("issued", "本年制发件数", ("本年制发",), ("本年制发数",))
_C_REPEALED = Entry("repealed", "本年废止件数", ("本年废止", "本年度止"), ("本年度止件数",))
_C_IN_FORCE = Entry("in_force", "现行有效件数", ("现行有效",))
_C_DECISIONS = Entry("decisions", "本年处理决定数量", ("处理决定",))
_C_DECISIONS_2019 = Entry("decisions", "处理决定数量", ("处理决定",), ("本年处理决定数量",))  # as the 2019 format prints it
_C_FEE_AMOUNT = Entry("amount_10k_yuan", "本年收费金额（单位：万元）", ("收费金额",))

_C_MADE = Entry("made", "本年新制作数量", ("新制作",))
_C_PUBLISHED = Entry("published", "本年新公开数量", ("新公开",))
_C_PUBLIC_TOTAL = Entry("public_total", "对外公开总数量", ("对外公开总",))
_C_PREVIOUS = Entry("previous_items", "上一年项目数量", ("上一年项目",))
_C_CHANGE = Entry("change", "本年增/减", ("本年增",))
_C_PROC_ITEMS = Entry("items", "采购项目数量", ("采购项目",))
_C_PROC_AMOUNT = Entry("amount", "采购总金额", ("采购总金额",))

_CAP_1 = "第二十条第（一）项"
_CAP_5 = "第二十条第（五）项"
_CAP_6 = "第二十条第（六）项"
_CAP_8 = "第二十条第（八）项"
_CAP_9 = "第二十条第（九）项"

_REGULATIONS = ("regulations", "规章", ("规章",))
# 规范性文件 is a suffix of 行政规范性文件, so one core finds both forms.
_NORMATIVE_2021 = ("normative_documents", "行政规范性文件", ("规范性文件",))
_NORMATIVE_2019 = ("normative_documents", "规范性文件", ("规范性文件",))

TABLE_A_2021: tuple[TableARow, ...] = (
    TableARow(*_REGULATIONS, caption=_CAP_1, columns=(_C_ISSUED, _C_REPEALED, _C_IN_FORCE)),
    TableARow(*_NORMATIVE_2021, aliases=("规范性文件",), caption=_CAP_1,
              columns=(_C_ISSUED, _C_REPEALED, _C_IN_FORCE)),
    TableARow("licensing", "行政许可", ("行政许可",), caption=_CAP_5, columns=(_C_DECISIONS,)),
    TableARow("penalty", "行政处罚", ("行政处罚",), caption=_CAP_6, columns=(_C_DECISIONS,)),
    TableARow("coercion", "行政强制", ("行政强制",), caption=_CAP_6, columns=(_C_DECISIONS,)),
    TableARow("fees", "行政事业性收费", ("行政事业性收费",), caption=_CAP_8, columns=(_C_FEE_AMOUNT,)),
)

TABLE_A_2019: tuple[TableARow, ...] = (
    TableARow(*_REGULATIONS, caption=_CAP_1, columns=(_C_MADE, _C_PUBLISHED, _C_PUBLIC_TOTAL)),
    TableARow(*_NORMATIVE_2019, aliases=("行政规范性文件",), caption=_CAP_1,
              columns=(_C_MADE, _C_PUBLISHED, _C_PUBLIC_TOTAL)),
    TableARow("licensing", "行政许可", ("行政许可",), caption=_CAP_5,
              columns=(_C_PREVIOUS, _C_CHANGE, _C_DECISIONS_2019)),
    TableARow("other_services", "其他对外管理服务事项", ("对外管理服务",), caption=_CAP_5,
              columns=(_C_PREVIOUS, _C_CHANGE, _C_DECISIONS_2019)),
    TableARow("penalty", "行政处罚", ("行政处罚",), caption=_CAP_6,
              columns=(_C_PREVIOUS, _C_CHANGE, _C_DECISIONS_2019)),
    TableARow("coercion", "行政强制", ("行政强制",), caption=_CAP_6,
              columns=(_C_PREVIOUS, _C_CHANGE, _C_DECISIONS_2019)),
    TableARow("fees", "行政事业性收费", ("行政事业性收费",), caption=_CAP_8,
              columns=(_C_PREVIOUS, _C_CHANGE)),
    TableARow("procurement", "政府集中采购", ("集中采购",), caption=_CAP_9,
              columns=(_C_PROC_ITEMS, _C_PROC_AMOUNT)),
)

TABLE_A = {FORMAT_2021: TABLE_A_2021, FORMAT_2019: TABLE_A_2019}
TABLE_A_HEADER = "信息内容"
# Column headers that only one version prints: they tell the versions apart.
TABLE_A_2019_MARKERS = ("新制作", "新公开", "对外公开总", "上一年项目", "本年增", "集中采购", "第二十条第(九)项")
TABLE_A_2021_MARKERS = ("本年制发", "本年废止", "本年度止", "现行有效", "收费金额")
TABLE_A_ANCHOR = "第二十条第"

# --- Table B: 收到和处理政府信息公开申请 (section 三) ------------------------------

TABLE_B_APPLICANT_GROUP = "申请人情况"
TABLE_B_LEGAL_GROUP = "法人或其他组织"
TABLE_B_COLUMNS: tuple[Entry, ...] = (
    Entry("natural_person", "自然人", ("自然人",)),
    Entry("commercial", "商业企业", ("商业企业",)),
    Entry("research", "科研机构", ("科研机构",)),
    Entry("public_interest", "社会公益组织", ("社会公益组织",)),
    Entry("legal_services", "法律服务机构", ("法律服务机构",)),
    Entry("other", "其他", ("其他",)),
    Entry("total", "总计", ("总计",)),
)
TABLE_B_SUBTOTAL_COLUMN = Entry("legal_subtotal", "法人或其他组织小计", ("小计",))
TABLE_B_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@dataclass(frozen=True)
class TableBRow(Entry):
    level1: str = ""
    level2: str = ""
    # the row exists only in these format versions
    versions: tuple[str, ...] = (FORMAT_2021, FORMAT_2019)


_L3 = "三、本年度办理结果"
_DENY = "（三）不予公开"
_UNAV = "（四）无法提供"
_UNPR = "（五）不予处理"
_OTHR = "（六）其他处理"

TABLE_B_ROWS: tuple[TableBRow, ...] = (
    TableBRow("new_received", "一、本年新收政府信息公开申请数量", ("本年新收", "新收政府信息公开申请")),
    TableBRow("carried_over", "二、上年结转政府信息公开申请数量", ("上年结转",)),
    TableBRow("granted", "（一）予以公开", ("予以公开",), level1=_L3),
    TableBRow("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ("部分公开", "区分处理"), level1=_L3),
    TableBRow("denied_state_secret", "1.属于国家秘密", ("国家秘密",), level1=_L3, level2=_DENY),
    TableBRow("denied_law_prohibited", "2.其他法律行政法规禁止公开", ("禁止公开", "其他法律行政法规", "法律行政法规禁止"), level1=_L3, level2=_DENY),
    TableBRow("denied_three_security_one_stability", "3.危及“三安全一稳定”", ("三安全一稳定", "危及三安全"),
              level1=_L3, level2=_DENY),
    TableBRow("denied_third_party", "4.保护第三方合法权益", ("第三方合法权益", "保护第三方"), level1=_L3, level2=_DENY),
    TableBRow("denied_internal_affairs", "5.属于三类内部事务信息", ("内部事务", "三类内部"), level1=_L3, level2=_DENY),
    TableBRow("denied_process_info", "6.属于四类过程性信息", ("过程性信息", "四类过程"), level1=_L3, level2=_DENY),
    TableBRow("denied_enforcement_file", "7.属于行政执法案卷", ("执法案卷", "行政执法"), level1=_L3, level2=_DENY),
    TableBRow("denied_query_item", "8.属于行政查询事项", ("行政查询", "查询事项"), level1=_L3, level2=_DENY),
    TableBRow("unavailable_not_held", "1.本机关不掌握相关政府信息", ("不掌握", "掌握相关政府信息"), level1=_L3, level2=_UNAV),
    TableBRow("unavailable_need_create", "2.没有现成信息需要另行制作", ("另行制作", "没有现成信息"), level1=_L3, level2=_UNAV),
    TableBRow("unavailable_unclear_after_correction", "3.补正后申请内容仍不明确", ("仍不明确", "补正后申请内容"),
              level1=_L3, level2=_UNAV),
    TableBRow("unprocessed_petition", "1.信访举报投诉类申请", ("信访举报", "举报投诉类"), level1=_L3, level2=_UNPR),
    TableBRow("unprocessed_repeat", "2.重复申请", ("重复申请",), level1=_L3, level2=_UNPR),
    TableBRow("unprocessed_publication", "3.要求提供公开出版物", ("公开出版物", "要求提供公开"), level1=_L3, level2=_UNPR),
    TableBRow("unprocessed_mass_repeat", "4.无正当理由大量反复申请", ("大量反复", "无正当理由大量"), level1=_L3, level2=_UNPR),
    TableBRow("unprocessed_confirm_reissue", "5.要求行政机关确认或重新出具已获取信息", ("重新出具", "确认或重新", "要求行政机关确认"),
              level1=_L3, level2=_UNPR),
    TableBRow("other_overdue_correction",
              "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", ("逾期不补正", "无正当理由逾期"),
              level1=_L3, level2=_OTHR, versions=(FORMAT_2021,)),
    TableBRow("other_overdue_fee",
              "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
              ("收费通知", "缴纳费用", "逾期未按收费"), level1=_L3, level2=_OTHR, versions=(FORMAT_2021,)),
    # 2021: the sub-row 3.其他; 2019: the single row （六）其他处理.
    TableBRow("other_other", "3.其他", ("3.其他", "其他处理"), level1=_L3, level2=_OTHR),
    TableBRow("total", "（七）总计", ("总计",), level1=_L3),
    TableBRow("carry_forward", "四、结转下年度继续办理", ("结转下年度",)),
)
TABLE_B_KEYS = tuple(r.key for r in TABLE_B_ROWS)
TABLE_B_ROW = {r.key: r for r in TABLE_B_ROWS}
TABLE_B_OTHER_2019_LABEL = "（六）其他处理"
# report.labels key set when a report prints （六）其他处理 as the 2019 single row
SINGLE_OTHER_ROW = "table_b.other_other.single_row"
# Rows counted in （七）总计 (everything under 三、本年度办理结果).
TABLE_B_RESULT_KEYS = tuple(r.key for r in TABLE_B_ROWS if r.level1 == _L3 and r.key != "total")
TABLE_B_ANCHORS = ("本年新收", "勾稽关系", "申请人情况")

# --- Table C: 行政复议、行政诉讼 (section 四) ------------------------------------

TABLE_C_GROUPS: tuple[Entry, ...] = (
    Entry("review", "行政复议", ("行政复议",)),
    Entry("litigation_direct", "未经复议直接起诉", ("未经复议",)),
    Entry("litigation_after_review", "复议后起诉", ("复议后起诉",)),
)
TABLE_C_LITIGATION = "行政诉讼"
TABLE_C_OUTCOMES: tuple[Entry, ...] = (
    Entry("upheld", "结果维持", ("结果维持",)),
    Entry("corrected", "结果纠正", ("结果纠正",)),
    Entry("other", "其他结果", ("其他结果",)),
    Entry("pending", "尚未审结", ("尚未审结",)),
    Entry("total", "总计", ("总计",)),
)
TABLE_C_KEYS = tuple(f"{g.key}.{o.key}" for g in TABLE_C_GROUPS for o in TABLE_C_OUTCOMES)
TABLE_C_ANCHOR = "行政复议"
# words only 表三's header prints: it is found by them where there is no 表二 to follow
TABLE_C_HEADERS = ("未经复议直接起诉", "复议后起诉", "结果维持")

# --- Legacy: 政府信息公开情况统计表 (2008–2018) ---------------------------------


@dataclass(frozen=True)
class LegacyRow(Entry):
    unit: str | None = None  # None for heading rows (printed "——")
    parent: str | None = None
    sums_children: bool = False  # the value is the sum of its children's values


def _lr(key, label, unit=None, parent=None, sums=False, cores=None):
    return LegacyRow(key, label, cores or (fold(label),), unit=unit, parent=parent, sums_children=sums)


LEGACY_TITLE = "政府信息公开情况统计表"
LEGACY_ROWS: tuple[LegacyRow, ...] = (
    _lr("h_proactive", "一、主动公开情况"),
    _lr("proactive_items", "（一）主动公开政府信息数", "条"),
    _lr("proactive_normative", "其中：主动公开规范性文件数", "条", "proactive_items"),
    _lr("normative_issued", "制发规范性文件总数", "件", "proactive_items"),
    _lr("h_channels", "（二）通过不同渠道和方式公开政府信息的情况"),
    _lr("via_gazette", "1.政府公报公开政府信息数", "条", "h_channels"),
    _lr("via_website", "2.政府网站公开政府信息数", "条", "h_channels"),
    _lr("via_weibo", "3.政务微博公开政府信息数", "条", "h_channels"),
    _lr("via_wechat", "4.政务微信公开政府信息数", "条", "h_channels"),
    _lr("via_other", "5.其他方式公开政府信息数", "条", "h_channels"),
    _lr("h_responses", "二、回应解读情况"),
    _lr("hotspots", "（一）回应公众关注热点或重大舆情数", "次"),
    _lr("h_response_channels", "（二）通过不同渠道和方式回应解读的情况"),
    _lr("press_conferences", "1.参加或举办新闻发布会总次数", "次", "h_response_channels"),
    _lr("press_conferences_leaders", "其中：主要负责同志参加新闻发布会次数", "次", "press_conferences"),
    _lr("interviews", "2.政府网站在线访谈次数", "次", "h_response_channels"),
    _lr("interviews_leaders", "其中：主要负责同志参加政府网站在线访谈次数", "次", "interviews"),
    _lr("interpretations", "3.政策解读稿件发布数", "篇", "h_response_channels"),
    _lr("weibo_wechat_responses", "4.微博微信回应事件数", "次", "h_response_channels"),
    _lr("other_responses", "5.其他方式回应事件数", "次", "h_response_channels"),
    _lr("h_requests", "三、依申请公开情况"),
    _lr("requests_received", "（一）收到申请数", "件", sums=True),
    _lr("received_in_person", "1.当面申请数", "件", "requests_received"),
    _lr("received_by_fax", "2.传真申请数", "件", "requests_received"),
    _lr("received_online", "3.网络申请数", "件", "requests_received"),
    _lr("received_by_letter", "4.信函申请数", "件", "requests_received"),
    _lr("requests_closed", "（二）申请办结数", "件", sums=True),
    _lr("closed_on_time", "1.按时办结数", "件", "requests_closed"),
    _lr("closed_extended", "2.延期办结数", "件", "requests_closed"),
    _lr("replies", "（三）申请答复数", "件", sums=True),
    _lr("reply_already_public", "1.属于已主动公开范围数", "件", "replies"),
    _lr("reply_granted", "2.同意公开答复数", "件", "replies"),
    _lr("reply_partial", "3.同意部分公开答复数", "件", "replies"),
    _lr("reply_denied", "4.不同意公开答复数", "件", "replies", sums=True),
    _lr("denied_state_secret", "其中：涉及国家秘密", "件", "reply_denied"),
    _lr("denied_commercial_secret", "涉及商业秘密", "件", "reply_denied"),
    _lr("denied_privacy", "涉及个人隐私", "件", "reply_denied"),
    _lr("denied_security", "危及国家安全、公共安全、经济安全和社会稳定", "件", "reply_denied"),
    _lr("denied_not_government_info", "不是《条例》所指政府信息", "件", "reply_denied"),
    _lr("denied_other_law", "法律法规规定的其他情形", "件", "reply_denied"),
    _lr("reply_not_this_agency", "5.不属于本行政机关公开数", "件", "replies"),
    _lr("reply_not_exist", "6.申请信息不存在数", "件", "replies"),
    _lr("reply_correction", "7.告知作出更改补充数", "件", "replies"),
    _lr("reply_other_channel", "8.告知通过其他途径办理数", "件", "replies"),
    _lr("reviews", "四、行政复议数量", "件", sums=True),
    _lr("reviews_upheld", "（一）维持具体行政行为数", "件", "reviews"),
    _lr("reviews_corrected", "（二）被依法纠错数", "件", "reviews"),
    _lr("reviews_other", "（三）其他情形数", "件", "reviews"),
    _lr("lawsuits", "五、行政诉讼数量", "件", sums=True),
    _lr("lawsuits_upheld", "（一）维持具体行政行为或者驳回原告诉讼请求数", "件", "lawsuits"),
    _lr("lawsuits_corrected", "（二）被依法纠错数", "件", "lawsuits"),
    _lr("lawsuits_other", "（三）其他情形数", "件", "lawsuits"),
    _lr("complaints", "六、举报投诉数量", "件"),
    _lr("fees_10k_yuan", "七、依申请公开信息收取的费用", "万元"),
    _lr("h_staffing", "八、机构建设和保障经费情况"),
    _lr("dedicated_units", "（一）政府信息公开工作专门机构数", "个"),
    _lr("reading_points", "（二）设置政府信息公开查阅点数", "个"),
    _lr("staff", "（三）从事政府信息公开工作人员数", "人", sums=True),
    _lr("staff_full_time", "1.专职人员数", "人", "staff"),
    _lr("staff_part_time", "2.兼职人员数", "人", "staff"),
    _lr("budget_10k_yuan", "（四）政府信息公开专项经费", "万元"),
    _lr("h_meetings", "九、政府信息公开会议和培训情况"),
    _lr("meetings", "（一）召开政府信息公开工作会议或专题会议数", "次"),
    _lr("trainings", "（二）举办各类培训班数", "次"),
    _lr("trainees", "（三）接受培训人员数", "人次"),
)
LEGACY_ROW = {r.key: r for r in LEGACY_ROWS}
LEGACY_UNITS = ("人次", "万元", "条", "件", "次", "篇", "个", "人", "元", "项", "份", "期", "%")
LEGACY_HEADER = ("统计指标", "单位", "统计数")
LEGACY_HEADERS = ("统计指标", "指标名称")  # the table's first header cell
LEGACY_ANCHORS = (*LEGACY_HEADERS, LEGACY_TITLE)

_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d{1,2}[.、)]|\(\d{1,2}\))")
_PAREN_NOTE = re.compile(r"\([^()]*\)$")
_SUB_MARK = re.compile(r"^其中[:：]?")


def legacy_label(printed: str) -> str:
    """The label of a legacy row without its numbering, 其中 mark or parenthetical
    note: '（一）主动公开政府信息数（不同渠道…计1条）' → '主动公开政府信息数'."""
    text = fold(printed)
    text = _NUMBERING.sub("", text)
    text = _SUB_MARK.sub("", text)
    while True:
        stripped = _PAREN_NOTE.sub("", text)
        if stripped == text or not stripped:
            break
        text = stripped
    return text


LEGACY_BY_LABEL: dict[str, list[LegacyRow]] = {}
for _row in LEGACY_ROWS:
    LEGACY_BY_LABEL.setdefault(legacy_label(_row.label), []).append(_row)

# --- Narrative figures -----------------------------------------------------------

FIGURE_KINDS = {
    "applications_received": "本年新收政府信息公开申请",
    "applications_carried_over": "上年结转申请",
    "applications_carried_forward": "结转下年度继续办理申请",
    "applications_closed": "办结申请",
    "reviews": "行政复议",
    "lawsuits": "行政诉讼",
    "normative_documents_in_force": "现行有效规范性文件",
    "normative_documents_issued": "本年制发规范性文件",
    "items_published": "主动公开政府信息",
    "processing_fee_yuan": "信息处理费",
    "outcome_granted": "予以公开",
    "outcome_partial": "部分公开",
    "outcome_denied": "不予公开",
    "outcome_unavailable": "无法提供",
    "outcome_unprocessed": "不予处理",
    "administrative_fees_10k_yuan": "行政事业性收费",
}


# The contact details a report gives (条例 and the format ask for 联系方式), in the
# order they are printed: the key in the model, the word printed before it.
CONTACT_FIELDS = (("address", "地址"), ("postcode", "邮编"), ("phone", "电话"), ("fax", "传真"), ("email", "邮箱"),
                  ("website", "网站"))
