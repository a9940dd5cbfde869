"""Report metadata: agency as printed, region, year, statistical period,
publication date and contact details — each with the line it was read from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..agencies import regions
from ..ingest.document import Row
from ..report.agency import bare_name, region_of
from ..report.model import AnnualReport, Source
from .flat import Flat

# Flat text keeps full-width punctuation as printed: classes list both forms.
_NOT_NAME = frozenset("0123456789,;:。、《》()[]<>“”!?|，；：（）〔〕【】！？")
_KIND = r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)"
# The agency is the run of name characters right before the match (found by
# scanning back, which is what a lazy leftmost pattern would take, only cheaper).
_YEAR = r"(?P<year>(?:19|20)\d\d|[二][〇○零][〇○零一二三四五六七八九]{2})"  # 2023 or 二〇二三
_TITLES_AFTER = (
    re.compile(rf"{_YEAR}年度?{_KIND}"),
    re.compile(rf"(?:政府信息公开|政务公开)工作{_YEAR}年度?(?:报告|年报)"),
)
_TITLE_BEFORE = re.compile(
    rf"{_YEAR}年度?(?P<agency>(?:(?!政府信息|政务公开)[^\d,;:。、《》()\[\]<>“”!?|，；：（）〔〕【】！？年度]){{3,40}}?)"
    r"(?:政府信息公开|政务公开)工作(?:年度)?(?:报告|年报)")
_NOT_AGENCY = ("关于", "报送", "我局", "本局", "我委", "本机关", "我办", "我单位", "本单位", "根据", "按照")
_LEAD = re.compile(r"^(?:附件\d*|编制|制定|发布|公布|现将|特向社会公布|印发|本|现)+")
# "2023年1月1日起至2023年12月31日止", also "…1月1日至12月31日" (the year once)
_PERIOD = re.compile(r"((?:19|20)\d\d)年(\d{1,2})月(\d{1,2})日起?(?:至|到|-|~|－|—|～)(?:((?:19|20)\d\d)年)?(\d{1,2})月(\d{1,2})日")
_DATE_LINE = re.compile(r"^((?:19|20)\d\d)年(\d{1,2})月(\d{1,2})日$")
_PUBLISHED = re.compile(r"(?:发布日期|成文日期|印发日期|发布时间)[:：]?((?:19|20)\d\d)[-年./](\d{1,2})[-月./](\d{1,2})")
_CONTACT = {
    "phone": re.compile(r"(?:联系电话|咨询电话|电话)[:：]?((?:[(（]?0\d{2,3}[)）]?[-－]?)?\d{7,8})"),
    "fax": re.compile(r"传真(?:号码|电话)?[:：]?((?:[(（]?0\d{2,3}[)）]?[-－]?)?\d{7,8})"),
    "postcode": re.compile(r"(?:邮编|邮政编码)[:：]?(\d{6})"),
    # lengths bounded and starts anchored, so a long run of letters costs linear time
    "email": re.compile(r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,6})"),
    "address": re.compile(r"(?:通讯地址|联系地址|办公地址|地址)[:：]([^,;。()，；（）]{4,60}?)(?=[,;。()，；（）]|邮编|邮政编码|电话)"),
    "website": re.compile(r"((?:https?://)[A-Za-z0-9./_%?=&#-]{1,300}|(?<![A-Za-z0-9-])(?:[A-Za-z0-9-]{1,63}\.){1,6}gov\.cn"
                          r"(?:/[A-Za-z0-9./_%?=&#-]{0,300})?)"),
}

_CONTACT_WORDS = {"phone": ("电话",), "fax": ("传真",), "postcode": ("邮",), "email": ("@",), "address": ("地址",),
                  "website": ("http", "gov.cn")}

_DIGIT_OF = {"〇": "0", "○": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6",
             "七": "7", "八": "8", "九": "9"}


def year_value(text: str) -> int:
    """'2023' or '二〇二三' → 2023."""
    return int("".join(_DIGIT_OF.get(ch, ch) for ch in text))


def _iso(y: str, m: str, d: str) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


@dataclass(slots=True)
class _Title:
    agency: str  # as printed, with leading words such as 编制/附件 removed
    agency_at: int
    year: str
    year_at: int
    start: int  # where the candidate begins (the raw agency run)
    end: int
    anchor: int  # where the year/报告 phrase it belongs to begins


def _titles(text: str, end: int, row_starts: set[int]):
    """Candidate report titles in text[:end]: agency, year, 政府信息公开工作年度报告.
    The agency is the run of name characters before the phrase; where that run
    crosses line starts (a cover letter's last line, a wrapped title) each line
    start gives a shorter candidate too."""
    for pattern in _TITLES_AFTER:
        for m in pattern.finditer(text, 0, end):
            start = m.start()
            while start > 0 and m.start() - start < 40 and text[start - 1] not in _NOT_NAME:
                start -= 1
            for s in [start] + sorted(r for r in row_starts if start < r < m.start()):
                yield _title(text[s:m.start()], s, m, m.end(), m.start())
    for m in _TITLE_BEFORE.finditer(text, 0, end):
        yield _title(m.group("agency"), m.start("agency"), m, m.end(), m.start(), m.start())


def _title(raw: str, at: int, m: re.Match, end: int, anchor: int, start: int | None = None) -> _Title:
    # a division's name is never a leading word cut off: 本溪市 is not 本 + 溪市
    agency = raw if regions.place(raw).codes else _LEAD.sub("", raw)
    return _Title(agency, at + len(raw) - len(agency), m.group("year"), m.start("year"),
                  at if start is None else start, end, anchor)


def read_metadata(report: AnnualReport, flat: Flat, preamble_end: int) -> None:
    """Fill agency, region, year, period, published and contact from the document
    folded into `flat`. `preamble_end` is the index of the row where the first
    section (or the first table) begins."""
    pre = flat
    text = flat.text
    pre_end = flat.offset_of_row(preamble_end)
    title_end = 0
    best = None  # (score, title)
    for t in _titles(text, pre_end, pre.row_starts):
        if len(t.agency) < 2 or any(w in t.agency for w in _NOT_AGENCY):
            continue
        # a title on lines of its own beats a phrase in a sentence; the last such
        # title before the report body is the report's own (after any cover letter);
        # of the candidates for one title, the longest name
        whole = t.start in pre.row_starts and t.end in pre.row_ends
        score = (1, t.anchor, -t.start) if whole else (0, -t.anchor, -t.start)
        if best is None or score > best[0]:
            best = (score, t)
    if best is not None:
        t = best[1]
        if best[0][0]:  # the title stands on lines of its own
            report.labels["title"] = text[t.start:t.end]
        report.agency = t.agency
        report.year = year_value(t.year)
        report.meta_sources["agency"] = _src(pre, t.agency_at, t.agency)
        report.meta_sources["year"] = _src(pre, t.year_at, t.year)
        title_end = t.end
        report.region = region_of(t.agency)
        if bare_name(t.agency):
            report.problem("agency_incomplete",
                           f"机关名称不完整：“{t.agency}”缺少所属行政区划（agency name lacks its region）",
                           "agency", report.meta_sources["agency"].line)
    else:
        report.problem("agency_missing", "未找到报告标题中的机关名称（no agency name in the title）", "agency")

    body = flat
    m = _PERIOD.search(body.text)
    if m:
        start, end = _iso(*m.group(1, 2, 3)), _iso(m.group(4) or m.group(1), *m.group(5, 6))
        if start and end:
            report.period = (start, end)
            report.meta_sources["period"] = _src(body, m.start(), m.group())
            if report.year is None:
                report.year = int(m.group(1))
                report.meta_sources["year"] = _src(body, m.start(), m.group(1))

    _published(report, flat.rows, body)
    _contact(report, pre, title_end, pre_end)


def _src(flat: Flat, offset: int, text: str) -> Source:
    line, col = flat.where(offset)
    return Source(line, col, text)


def _published(report: AnnualReport, rows: list[Row], body: Flat) -> None:
    m = _PUBLISHED.search(body.text)
    if m and _iso(*m.groups()):
        report.published = _iso(*m.groups())
        report.meta_sources["published"] = _src(body, m.start(), m.group())
        return
    # the signature date: a line that is only a date, after the report's period
    for row in reversed(rows):
        text = "".join(row.text.split())
        m = _DATE_LINE.match(text)
        if m and _iso(*m.groups()):
            iso = _iso(*m.groups())
            if report.period is None or iso > report.period[1]:
                report.published = iso
                report.meta_sources["published"] = Source(row.line, row.cells[0].column, row.text)
            return


def _contact(report: AnnualReport, pre: Flat, title_end: int, pre_end: int) -> None:
    head = pre.text[:pre_end]
    for key, pattern in _CONTACT.items():
        if not any(word in head for word in _CONTACT_WORDS[key]):
            continue  # the word every match holds is not printed: no need to search
        m = pattern.search(pre.text, title_end, pre_end) or pattern.search(pre.text, 0, pre_end)
        if m:
            report.contact[key] = m.group(1)
            report.meta_sources[f"contact.{key}"] = _src(pre, m.start(1), m.group(1))
