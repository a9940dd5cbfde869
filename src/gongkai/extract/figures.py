"""Narrative figures: the numbers the text states for facts the tables also count
(applications received, carried over and forward, reviews, lawsuits, normative
documents, items published, 信息处理费), each with its line."""

from __future__ import annotations

import re

from ..report.model import Figure
from .flat import Flat

_S = r"[^,，。;；:：!！?？]"  # within one clause
_N = r"(?<!\d)(\d{1,12}(?:\.\d{1,6})?)(?![\d.])"  # a number a sentence states (never a run of thousands of digits)
# (kind, anchor, pattern, unit). Patterns that cannot start with a literal have an
# anchor every match contains (or one of several): they are tried only around its
# occurrences (a regex that begins with a literal finds it fast by itself).
_PATTERNS: tuple[tuple[str, str | tuple[str, ...] | None, re.Pattern, str], ...] = tuple(
    (kind, anchor, re.compile(rx), unit) for kind, anchor, rx, unit in (
        ("applications_received", None,
         rf"(?:收到|受理|新收|接收){_S}{{0,12}}?申请{_S}{{0,8}}?(?<![\d.]){_N}(?:件|个|宗|份)", "件"),
        ("applications_received", "依申请公开", rf"(?<![^,;。:|，；：])依申请公开{_N}(?:件|条)", "件"),
        ("applications_carried_over", None, rf"上年(?:度)?结转{_S}{{0,12}}?{_N}件", "件"),
        ("applications_carried_forward", "结转", rf"(?<![\d.]){_N}件{_S}{{0,6}}?结转(?:至|到)?下(?:一)?年", "件"),
        ("applications_carried_forward", None,
         rf"结转(?:至|到)?下(?:一)?年度?(?:继续办理)?(?:的)?(?:申请)?{_N}件", "件"),
        ("applications_closed", "办结", rf"(?<![\d.]){_N}件(?:申请){_S}{{0,8}}?办结", "件"),
        # the table's own words: "全年共办结政府信息公开申请2件", "共答复政府信息公开申请2件"
        ("applications_closed", ("办结", "答复"), rf"(?:办结|答复)(?:了)?{_S}{{0,10}}?申请{_S}{{0,4}}?(?<![\d.]){_N}(?:件|个)", "件"),
        # the outcomes, in the words of 表二's rows: "予以公开21件、部分公开8件、不予公开3件"
        ("outcome_granted", "予以公开", rf"(?<!不)予以公开(?:的)?(?:申请)?(?:共)?{_N}件", "件"),
        ("outcome_partial", "部分公开", rf"部分公开(?:的)?(?:申请)?(?:共)?{_N}件", "件"),
        ("outcome_denied", "不予公开", rf"不予公开(?:的)?(?:申请)?(?:共)?{_N}件", "件"),
        ("outcome_unavailable", "无法提供", rf"无法提供(?:的)?(?:申请)?(?:共)?{_N}件", "件"),
        ("outcome_unprocessed", "不予处理", rf"不予处理(?:的)?(?:申请)?(?:共)?{_N}件", "件"),
        ("administrative_fees_10k_yuan", "行政事业性收费",
         rf"行政事业性收费(?:收入|金额)?(?:共|共计|合计)?{_N}(万元|元)", "万元"),
        ("reviews", None, rf"行政复议(?:案件)?(?:共)?{_N}(?:件|起|宗)", "件"),
        ("lawsuits", None, rf"行政诉讼(?:案件)?(?:共)?{_N}(?:件|起|宗)", "件"),
        ("normative_documents_in_force", None,
         rf"现行有效(?:的)?(?:行政)?规范性文件(?:共|共计)?{_N}(?:件|份|个)", "件"),
        ("normative_documents_issued", "规范性文件",
         rf"(?:制发|出台|印发|制定)(?:了|的)?(?:行政)?规范性文件(?:共|共计)?{_N}(?:件|份|个)", "件"),
        ("items_published", None, rf"主动公开(?:政府|政务)?信息(?:共|共计)?{_N}(余)?条", "条"),
        ("items_published", None, rf"公开(?<!主动公开)(?:政府|政务)信息(?:共|共计)?{_N}(余)?条", "条"),
        ("items_published", None, rf"发布(?:各类)?(?:政府|政务)?信息(?:共|共计)?{_N}(余)?条", "条"),
        ("processing_fee_yuan", None, rf"(?:收取|收缴)(?:信息处理费|费用)(?:共|共计|合计)?{_N}元", "元"),
        ("processing_fee_yuan", None, rf"信息处理费(?:共|共计|合计)?{_N}元", "元"),
    ))
# statements of none: "没有发生行政复议和行政诉讼", "未收取信息处理费"
_NONE: tuple[tuple[str | tuple[str, ...], re.Pattern, tuple[str, ...]], ...] = (
    ("行政复议", re.compile(rf"(?:没有|未|无)(?:发生|收到|涉及|出现|产生){_S}{{0,10}}?行政复议(?:和|或|及|、)行政诉讼"),
     ("reviews", "lawsuits")),
    ("行政复议", re.compile(rf"(?:没有|未|无)(?:发生|收到|涉及|出现|产生){_S}{{0,10}}?行政复议(?!和|或|及|、)"),
     ("reviews",)),
    ("行政诉讼", re.compile(rf"(?:没有|未|无)(?:发生|收到|涉及|出现|产生){_S}{{0,10}}?行政诉讼"), ("lawsuits",)),
    ("费", re.compile(rf"(?:未|没有|不)(?:发出收费通知|{_S}{{0,10}}?收取{_S}{{0,6}}?(?:信息处理费|费用))"),
     ("processing_fee_yuan",)),
    ("行政事业性收费", re.compile(r"(?:未|没有|无)(?:收取|发生)?(?:任何)?行政事业性收费"), ("administrative_fees_10k_yuan",)),
    # "所有申请均已按要求办理完成": nothing carried forward to next year
    (("所有", "全部"), re.compile(rf"(?:所有|全部)(?:的)?(?:依申请公开)?(?:政府信息公开)?申请{_S}{{0,4}}?(?:均|都|全部)?(?:已)?"
                      r"(?:按要求|按时|依法|按期|在法定期限内)?(?:办理完成|办理完毕|办结|答复完毕|全部办结|予以答复)"),
     ("applications_carried_forward",)),
)
_UNITS = {"administrative_fees_10k_yuan": "万元", "processing_fee_yuan": "元"}
_WINDOW = 40  # longer than any match


def _matches(text: str, anchor: str | tuple[str, ...] | None, pattern: re.Pattern):
    """Matches of `pattern`, tried only around the occurrences of `anchor` (of any of
    several), in the order they are found."""
    if anchor is None:
        yield from pattern.finditer(text)
        return
    seen = set()
    for word in (anchor,) if isinstance(anchor, str) else anchor:
        pos = text.find(word)
        while pos >= 0:
            for m in pattern.finditer(text, max(0, pos - _WINDOW), pos + len(word) + _WINDOW):
                if m.start() not in seen and m.start() <= pos < m.end():
                    seen.add(m.start())
                    yield m
            pos = text.find(word, pos + 1)


def find_figures(flat: Flat) -> list[Figure]:
    """Figures stated in the rows of `flat` (the report's prose)."""
    text = flat.text
    found: dict[tuple[str, int], Figure] = {}
    for kind, anchor, pattern, unit in _PATTERNS:
        for m in _matches(text, anchor, pattern):
            raw = m.group(1)
            value = float(raw) if "." in raw else int(raw)
            approx = m.lastindex is not None and m.lastindex >= 2 and m.group(2) == "余"
            if unit == "万元" and m.lastindex is not None and m.lastindex >= 2 and m.group(2) == "元":
                value = value / 10000  # the table counts 万元
            key = (kind, m.start(1))
            if key not in found:
                found[key] = Figure(kind, value, unit, flat.line(m.start(1)), m.group(), approx)
    for anchor, pattern, kinds in _NONE:
        for m in _matches(text, anchor, pattern):
            for kind in kinds:
                key = (kind, m.start())
                if not any(k == kind and abs(pos - m.start()) < 30 for k, pos in found):
                    found[key] = Figure(kind, 0, _UNITS.get(kind, "件"), flat.line(m.start()), m.group(), False)
    return [found[k] for k in sorted(found, key=lambda k: (k[1], k[0]))]
