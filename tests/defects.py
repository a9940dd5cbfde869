"""Defects as an evaluator marks them, introduced one at a time into real reports.

Each `Defect` edits the text of a clean real report (a seed or a corpus report, read
from ../shared at run time) the way a careless office or a crawler does — a table
deleted, a heading renumbered, a sentence of the narrative contradicting a table — and
says which rule must catch it and where: a cell, a section or the words it added.
Each `control` makes the same kind of edit consistent (the sentence states the table's
own number), and must give no new finding.

What counts is what the edit adds: the findings of the edited report minus those of
the report as published (the real reports have defects of their own).

Used by tests/test_evaluator.py and bench/evaluator.py (which also runs it against an
earlier revision's checks).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

SEVERITY_RANK = {"error": 0, "warning": 1, "notice": 2}


@dataclass(frozen=True)
class Expect:
    rule: str
    severity: str  # the least severity that counts as caught
    table: str | None = None
    row: str | None = None
    column: object = None
    section: str | None = None  # canonical key of the part the finding must name
    words: str | None = None  # text the finding's message or evidence must quote


@dataclass
class Case:
    text: str
    expect: Expect | None  # None: a control, nothing new may be found
    forbid: tuple[str, ...] = ()  # rules that must not be added (a present part called missing)
    previous: str | None = None


@dataclass(frozen=True)
class Defect:
    name: str
    what: str  # the defect, as an evaluator would write it
    make: Callable  # (text, report) -> Case | None (None: this report has nothing to edit)
    control: Callable | None = None  # (text, report) -> Case | None
    family: str = ""


# --- locating things in the published text ------------------------------------------

def _loose(s: str) -> str:
    """A pattern for printed text that may carry white space between any two characters."""
    return r"\s*".join(re.escape(ch) for ch in s if not ch.isspace())


def headings(text: str, report) -> dict[str, re.Match]:
    """The printed heading of each statutory part, found in order."""
    found, pos = {}, 0
    for s in report.sections:
        m = re.compile(_loose(s.number) + r"\s*[、.．]\s*" + _loose(s.title)).search(text, pos)
        if m is None:
            continue
        pos = m.end()
        if s.canonical:
            found.setdefault(s.canonical, m)
    return found


def body(text: str, report, key: str, next_key: str | None) -> tuple[int, int] | None:
    """Start and end offsets of a part's text after its heading, up to the next part."""
    h = headings(text, report)
    if key not in h:
        return None
    end = h[next_key].start() if next_key and next_key in h else len(text)
    return h[key].end(), end


def replace_span(text: str, span: tuple[int, int], new: str) -> str:
    return text[:span[0]] + new + text[span[1]:]


def after_heading(text: str, report, key: str, sentence: str) -> str | None:
    """The text with `sentence` as a paragraph right after the part's heading."""
    h = headings(text, report).get(key)
    if h is None:
        return None
    sep = "\n" if "\n" in text[h.end():h.end() + 400] else " "
    return text[:h.end()] + sep + sentence + sep + text[h.end():]


def cell_span(text: str, report, path: str) -> tuple[int, int] | None:
    """Where a cell's number is printed — only a cell printed on its own (not split from
    digits run together), so that an edit changes that cell alone."""
    v = dict(report.cells()).get(path)
    if v is None or v.source is None or v.source.column is None or v.note or v.value is None:
        return None
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[:v.source.line - 1]) + v.source.column
    if text[start:start + len(v.source.text)] != v.source.text:
        return None
    before, after = text[start - 1:start], text[start + len(v.source.text):start + len(v.source.text) + 1]
    if before.isdigit() or after.isdigit():
        return None
    return start, start + len(v.source.text)


def b(report, row: str) -> int | None:
    values = report.b(row)
    return None if values is None else values[6]


# --- the defects ---------------------------------------------------------------------

NEXT = {"overview": "proactive", "proactive": "requests", "requests": "reviews", "reviews": "problems",
        "problems": "other", "other": None}


def _drop_table(table_key: str, replacement: str = "\n"):
    def make(text, r):
        if getattr(r, {"A": "table_a", "B": "table_b", "C": "table_c"}[table_key]) is None:
            return None
        key = {"A": "proactive", "B": "requests", "C": "reviews"}[table_key]
        span = body(text, r, key, NEXT[key])
        if span is None:
            return None
        return Case(replace_span(text, span, replacement), Expect("MISSING-TABLE", "error", table=table_key),
                    forbid=("MISSING-SECTION",))
    return make


def _renumber(mapping: dict[str, str], expect_section: str):
    def make(text, r):
        h = headings(text, r)
        if not all(k in h for k in mapping):
            return None
        for key in sorted(mapping, key=lambda k: -h[k].start()):
            m = h[key]
            number = re.match(r"\s*\S", m.group()).group().strip()
            i = m.start() + m.group().index(number)
            text = text[:i] + mapping[key] + text[i + len(number):]
        return Case(text, Expect("SECTION-NUMBER", "warning", section=expect_section), forbid=("MISSING-SECTION",))
    return make


def _pipe_before_six(text, r):
    h = headings(text, r).get("other")
    if h is None:
        return None
    return Case(text[:h.start()] + "|" + text[h.start():], None, forbid=("MISSING-SECTION",))


def _drop_section(key):
    def make(text, r):
        h = headings(text, r)
        if key not in h or NEXT[key] not in h:
            return None
        return Case(text[:h[key].start()] + text[h[NEXT[key]].start():], Expect("MISSING-SECTION", "error",
                                                                                words=key_title(key)))
    return make


def key_title(key: str) -> str:
    from gongkai.report.catalog import SECTION_BY_KEY
    return SECTION_BY_KEY[key].title


def _swap_five_six(text, r):
    h = headings(text, r)
    if "problems" not in h or "other" not in h:
        return None
    five = text[h["problems"].start():h["other"].start()]
    six = text[h["other"].start():]
    return Case(text[:h["problems"].start()] + six.rstrip() + "\n" + five, Expect("SECTION-ORDER", "warning"))


def _section_text(key: str, new: str, expect: Expect | None):
    def make(text, r):
        span = body(text, r, key, NEXT[key])
        if span is None:
            return None
        sep = "\n" if "\n" in text[span[0]:span[1]] else " "
        return Case(replace_span(text, span, sep + new.replace("\n", sep) + sep), expect)
    return make


def _insert(key: str, sentence: Callable, expect: Callable):
    """A sentence put in a part; `sentence(r)` gives it (None: not for this report)."""
    def make(text, r):
        s = sentence(r)
        if s is None:
            return None
        edited = after_heading(text, r, key, s)
        return None if edited is None else Case(edited, expect(r, s))
    return make


def _consistent(key: str, sentence: Callable):
    def make(text, r):
        s = sentence(r)
        if s is None:
            return None
        edited = after_heading(text, r, key, s)
        return None if edited is None else Case(edited, None)
    return make


def _figure_defect(wording: str, row: str):
    """A sentence stating a table-二 figure in the table's own words, one off."""
    return (_insert("overview", lambda r: None if b(r, row) is None else wording.format(b(r, row) + 1),
                    lambda r, s: Expect("NARRATIVE-TABLE", "warning", table="B", row=row,
                                        words=re.search(r"\d+件", s).group())),
            _consistent("overview", lambda r: None if b(r, row) is None else wording.format(b(r, row))))


_OUTCOMES = (("予以公开", ("granted",)), ("部分公开", ("partial",)), ("不予公开", "denied_"))


def _breakdown(r, wrong: bool) -> str | None:
    """"办理结果中，予以公开N件，部分公开N件，不予公开N件。" from 表二 (the first one off by 2)."""
    if r.table_b is None:
        return None
    parts = []
    for i, (words, rows) in enumerate(_OUTCOMES):
        keys = rows if isinstance(rows, tuple) else [k for k in r.table_b if k.startswith(rows)]
        values = [b(r, k) for k in keys if r.table_b.get(k) is not None]
        if not values or None in values:
            return None
        parts.append(f"{words}{sum(values) + (2 if wrong and i == 0 else 0)}件")
    return "办理结果中，" + "，".join(parts) + "。"


def _all_done(r) -> str | None:
    cf = b(r, "carry_forward")
    return "所有申请均已按要求办理完成。" if cf else None


def _all_done_control(r) -> str | None:
    return "所有申请均已按要求办理完成。" if b(r, "carry_forward") == 0 else None


def _year_off(r) -> str | None:
    n = b(r, "new_received")
    return None if n is None or r.year is None else f"{r.year - 1}年，共收到政府信息公开申请{n}件。"


def _fee_text(r) -> str | None:
    if r.a("fees", "amount_10k_yuan") != 0:
        return None
    return "本年度共收取行政事业性收费12.5万元。"


def _negative_fee(text, r):
    span = cell_span(text, r, "table_a.fees.amount_10k_yuan")
    if span is None:
        return None
    return Case(replace_span(text, span, "-1.5"), Expect("NEGATIVE-AMOUNT", "error", table="A", row="fees"))


def _bump(path: str, rule: str, table: str, row: str | None = None, column=None):
    def make(text, r):
        span = cell_span(text, r, path)
        if span is None:
            return None
        value = dict(r.cells())[path].value
        return Case(replace_span(text, span, str(value + 1)), Expect(rule, "error", table=table, row=row,
                                                                       column=column))
    return make


def _blank(path: str, table: str, row, column):
    def make(text, r):
        span = cell_span(text, r, path)
        if span is None:
            return None
        return Case(replace_span(text, span, "/"), Expect("BLANK-CELL", "error", table=table, row=row, column=column))
    return make


def _not_a_count(text, r):
    span = cell_span(text, r, "table_c.0")
    if span is None:
        return None
    value = dict(r.cells())["table_c.0"].value
    return Case(replace_span(text, span, f"{value}.5"), Expect("NOT-A-COUNT", "error", table="C", column=0))


def _extra_section(text, r):
    """A part the format does not have, after 六. Not in a crawler's one-line text: there a
    heading of no statutory title cannot be told from a numbered item (OUTLINE says that)."""
    if "other" not in headings(text, r) or text.count("\n") < 20 or any(s.ordinal >= 7 for s in r.sections):
        return None
    return Case(text.rstrip() + "\n七、附件\n本年度政府信息公开工作相关图表见附件。\n",
                Expect("EXTRA-SECTION", "warning", words="七、附件"))


def _arabic_heading(text, r):
    h = headings(text, r).get("proactive")
    if h is None or not h.group().lstrip().startswith("二"):
        return None
    at = h.start() + h.group().index("二")
    return Case(text[:at] + "2" + text[at + 1:], Expect("NUMBERING-STYLE", "notice", words="2、主动公开"))


def _all_years(text, r):
    """The report moved to 2020 whole (title, period, text): the 2021 format in a 2020 report."""
    if r.year is None or r.year < 2021 or r.format_version != "2021":
        return None
    return Case(text.replace(str(r.year), "2020").replace(str(r.year + 1), "2021"), Expect("FORMAT-VERSION", "error"))


def _copied_text(text, r):
    if r.year is None:
        return None
    return Case(text, Expect("COPIED-TEXT", "warning"), previous=text.replace(str(r.year), str(r.year - 1)))


def _title_year(text, r):
    if r.year is None:
        return None
    title = re.compile(rf"{r.year}(\s*年度?\s*政府信息公开)")
    if title.search(text) is None:
        return None
    return Case(title.sub(lambda m: str(r.year - 1) + m.group(1), text), Expect("YEAR-MISMATCH", "error"))


def _period(text, r):
    if not r.period:
        return None
    m = re.search(r"12\s*月\s*31\s*日", text)
    if m is None:
        return None
    return Case(replace_span(text, m.span(), "11月30日"), Expect("PERIOD", "error"))


def _figure_changed(text, r):
    from gongkai.checks import narrative  # the number a table holds for a figure (before, a private name:
    table_value = getattr(narrative, "table_value", None) or narrative._table_value  # bench --against)
    lines = text.split("\n")
    for f in r.figures:
        value, _ = table_value(r, f.kind)
        if f.approximate or value is None or value != f.value or not isinstance(f.value, int):
            continue
        line = lines[f.line - 1]
        at = line.replace(" ", "").find(f.text)
        m = re.search(_loose(f.text), line)
        if at < 0 or m is None:
            continue
        digits = re.search(r"\d+", m.group())
        if digits is None or digits.group() != str(f.value):
            continue
        start = sum(len(x) + 1 for x in lines[:f.line - 1]) + m.start() + digits.start()
        return Case(replace_span(text, (start, start + digits.end() - digits.start()), str(f.value + 7)),
                    Expect("NARRATIVE-TABLE", "warning", words=str(f.value + 7)))
    return None


def _no_fee_statement(text, r):
    if "信息处理费" not in text:
        return None
    edited = re.sub(r"[^。\n]*信息处理费[^。\n]*。?", "", text)
    return Case(edited, Expect("FEE-STATEMENT", "warning"))


def _no_contact(text, r):
    if not r.contact:
        return None
    for value in r.contact.values():
        text = re.sub(_loose(value), "", text)
    text = re.sub(r"(?:联系)?(?:电话|传真|邮编|邮政编码|地址|电子邮箱|邮箱)\s*[:：]?", "", text)
    return Case(text, Expect("CONTACT", "warning"))


def _copied_tables(text, r):
    if r.year is None or not any(v.value for path, v in r.cells() if path.startswith("table_b.")):
        return None  # two years of nothing is no copy
    return Case(text, Expect("TABLES-COPIED", "warning"), previous=text.replace(str(r.year), str(r.year - 1)))


def _restart_numbering(text, r):
    return _section_text("problems", "一、存在的问题\n信息发布的及时性有待提高。\n二、改进措施\n加强培训，提高信息发布的及时性。",
                         Expect("OUTLINE", "notice", section="problems", words="一、存在的问题"))(text, r)


def _subtopics_top_level(text, r):
    h = headings(text, r)
    if "overview" not in h or "proactive" not in h:
        return None
    span = (h["overview"].end(), h["proactive"].start())
    sub = text[span[0]:span[1]]
    m = list(re.finditer(r"[（(]([一二三四五])[）)]", sub))
    if len(m) < 2:
        return None
    edited = sub
    for x in reversed(m):
        edited = edited[:x.start()] + x.group(1) + "、" + edited[x.end():]
    return Case(replace_span(text, span, edited), Expect("OUTLINE", "notice", section="overview"))


def _subtopics_control(text, r):
    return _section_text("problems", "（一）存在的问题\n信息发布的及时性有待提高。\n（二）改进措施\n加强培训，提高信息发布的及时性。",
                         None)(text, r)


def _repeated_word(text, r):
    span = body(text, r, "problems", "other")
    if span is None:
        return None
    sub = text[span[0]:span[1]]
    m = re.search(r"(?<=[\u4e00-\u9fff])([\u4e00-\u9fff]{2})(?=[\u4e00-\u9fff])", sub)
    if m is None:
        return None
    at = span[0] + m.start()
    return Case(text[:at] + m.group(1) + text[at:], Expect("REPEATED-WORD", "notice", words=m.group(1) * 2))


def _ascii_punct(text, r):
    span = body(text, r, "problems", "other")
    if span is None:
        return None
    m = re.search(r"(?<=[\u4e00-\u9fff])，(?=[\u4e00-\u9fff])", text[span[0]:span[1]])
    if m is None:
        return None
    at = span[0] + m.start()
    return Case(text[:at] + "," + text[at + 1:], Expect("PUNCTUATION", "notice", section="problems"))


_SUM_WRONG = "全年办理人大代表建议和政协提案共10件，其中人大代表建议6件，政协提案5件。"
_SUM_RIGHT = "全年办理人大代表建议和政协提案共10件，其中人大代表建议6件，政协提案4件。"
_PERCENT_WRONG = "从申请人类型看，自然人申请占60%，法人或其他组织申请占50%。"
_PERCENT_RIGHT = "从申请人类型看，自然人申请占60%，法人或其他组织申请占40%。"


def _const(s: str):
    return lambda r: s


DEFECTS: tuple[Defect, ...] = (
    # tables
    Defect("drop-table-b", "删去表二（保留第三部分标题）", _drop_table("B"), family="tables"),
    Defect("table-b-as-sentence", "表二换成“本年度未收到政府信息公开申请。”",
           _drop_table("B", "\n本年度未收到政府信息公开申请。\n"), family="tables"),
    Defect("drop-table-a", "删去表一", _drop_table("A"), family="tables"),
    Defect("drop-table-c", "删去表三", _drop_table("C"), family="tables"),
    Defect("b-row-total", "表二一行的总计多 1", _bump("table_b.new_received.6", "B-ROW-TOTAL", "B", "new_received"),
           family="tables"),
    Defect("b-results-total", "表二（一）予以公开自然人多 1",
           _bump("table_b.granted.0", "B-RESULTS-TOTAL", "B", None, 0), family="tables"),
    Defect("c-total", "表三行政复议总计多 1", _bump("table_c.4", "C-TOTAL", "C"), family="tables"),
    Defect("blank-cell", "表三一格印为“/”", _blank("table_c.0", "C", None, 0), family="tables"),
    Defect("negative-fee", "表一行政事业性收费金额为负数", _negative_fee, family="tables"),
    Defect("b-balance", "表二结转下年度总计多 1（一+二 ≠ 三+四）",
           _bump("table_b.carry_forward.6", "B-BALANCE", "B", None, 6), family="tables"),
    Defect("not-a-count", "表三一格印为小数", _not_a_count, family="tables"),
    # parts
    Defect("five-as-four", "第五部分编为“四”", _renumber({"problems": "四"}, "problems"), family="parts"),
    Defect("shifted-numbers", "二至六部分编为一至五",
           _renumber({"proactive": "一", "requests": "二", "reviews": "三", "problems": "四", "other": "五"},
                     "proactive"), control=_pipe_before_six, family="parts"),
    Defect("drop-section-five", "缺第五部分", _drop_section("problems"), family="parts"),
    Defect("swap-five-six", "第五、六部分顺序颠倒", _swap_five_six, family="parts"),
    Defect("empty-five", "第五部分没有正文", _section_text("problems", "", Expect("EMPTY-SECTION", "warning",
                                                                               section="problems")), family="parts"),
    Defect("placeholder-five", "第五部分仍是模板提示",
           _section_text("problems", "（在此填写）", Expect("PLACEHOLDER-TEXT", "error", section="problems")),
           family="parts"),
    Defect("five-says-none", "第五部分只写“无。”",
           _section_text("problems", "无。", Expect("NO-SUBSTANCE", "warning", section="problems")), family="parts"),
    Defect("five-no-problems", "第五部分只写“暂无明显问题。”",
           _section_text("problems", "暂无明显问题。", Expect("NO-SUBSTANCE", "warning", section="problems")),
           family="parts"),
    Defect("extra-section", "多出格式之外的“七、附件”部分", _extra_section, family="parts"),
    Defect("arabic-heading", "“二、”印为“2、”，与其他部分编号样式不一", _arabic_heading, family="parts"),
    # facts
    Defect("format-version", "2020 年度报告用了 2021 年格式", _all_years, family="facts"),
    Defect("copied-text", "正文与上年度报告相同（--previous）", _copied_text, family="facts"),
    Defect("title-year", "标题年度与统计期限不一致", _title_year, family="facts"),
    Defect("period", "统计期限不到年底", _period, family="facts"),
    Defect("no-fee-statement", "删去信息处理费的说明", _no_fee_statement, family="facts"),
    Defect("no-contact", "删去联系方式", _no_contact, family="facts"),
    Defect("copied-tables", "表格与上年度报告完全相同（--previous）", _copied_tables, family="facts"),
    # the text against the tables
    Defect("figure-changed", "正文中一个与表格对应的数字改动", _figure_changed, family="text"),
    Defect("carried-over-wording", "正文“上年结转政府信息公开申请N件”与表二不符",
           *_figure_defect("上年结转政府信息公开申请{}件。", "carried_over"), family="text"),
    Defect("closed-wording", "正文“全年共办结政府信息公开申请N件”与表二不符",
           *_figure_defect("全年共办结政府信息公开申请{}件。", "total"), family="text"),
    Defect("answered-wording", "正文“答复…N件”与表二不符",
           *_figure_defect("本年度共答复政府信息公开申请{}件。", "total"), family="text"),
    Defect("outcome-breakdown", "正文所列办理结果（予以公开…）与表二不符",
           _insert("overview", lambda r: _breakdown(r, True),
                   lambda r, s: Expect("NARRATIVE-TABLE", "warning", table="B", row="granted")),
           _consistent("overview", lambda r: _breakdown(r, False)), family="text"),
    Defect("percent-over-100", "正文所列百分比相加超过 100%",
           _insert("overview", _const(_PERCENT_WRONG), lambda r, s: Expect("NARRATIVE-SUM", "warning", words="50%")),
           _consistent("overview", _const(_PERCENT_RIGHT)), family="text"),
    Defect("all-done-but-carried", "称“所有申请均已办理完成”而表二有结转下年度",
           _insert("overview", _all_done, lambda r, s: Expect("NARRATIVE-TABLE", "warning", table="B",
                                                               row="carry_forward")),
           _consistent("overview", _all_done_control), family="text"),
    Defect("year-off-by-one", "正文陈述本年数字时年份错一年",
           _insert("overview", _year_off, lambda r, s: Expect("YEAR-IN-TEXT", "warning", words=s[:5])),
           family="text"),
    Defect("fee-text-vs-table", "正文称收取行政事业性收费而表一为 0",
           _insert("overview", _fee_text, lambda r, s: Expect("NARRATIVE-TABLE", "warning", table="A", row="fees")),
           family="text"),
    Defect("narrative-sum", "正文分项之和大于总数",
           _insert("overview", _const(_SUM_WRONG), lambda r, s: Expect("NARRATIVE-SUM", "warning", words="10件")),
           _consistent("overview", _const(_SUM_RIGHT)), family="text"),
    # outline and wording
    Defect("restart-numbering", "第五部分内另起“一、二、”编号", _restart_numbering, _subtopics_control,
           family="wording"),
    Defect("subtopics-top-level", "总体情况的小标题编为“一、二、”", _subtopics_top_level, family="wording"),
    Defect("repeated-word", "词语重复（如“审查审查”）", _repeated_word, family="wording"),
    Defect("ascii-punctuation", "中文正文中用了半角逗号", _ascii_punct, family="wording"),
)


# --- judging -------------------------------------------------------------------------

def key(report, f) -> tuple:
    section = report.section_at(f.line) if f.line else None
    return (f.rule, f.table, f.row, f.column, section.canonical if section else None)


def added(before_report, before, after_report, after) -> list:
    """The findings of the edited report that the published one does not have."""
    seen = Counter(key(before_report, f) for f in before)
    out = []
    for f in after:
        k = key(after_report, f)
        if seen[k]:
            seen[k] -= 1
        else:
            out.append(f)
    return out


def _names(report, f, e: Expect) -> bool:
    if e.table is not None and f.table != e.table:
        return False
    if e.row is not None and f.row != e.row:
        return False
    if e.column is not None and f.column != e.column:
        return False
    if e.section is not None:
        section = report.section_at(f.line) if f.line else None
        if (section is None or section.canonical != e.section) and key_title(e.section) not in f.message:
            return False
    if e.words is not None:
        quoted = f.message + "".join(str(x.get("text") or "") for x in f.evidence)
        if e.words.replace(" ", "") not in quoted.replace(" ", ""):
            return False
    return True


def judge(case: Case, report, new: list) -> tuple[str, str]:
    """('caught' | 'partly' | 'missed' | 'clean' | 'false', why) for one edited report."""
    forbidden = [f for f in new if f.rule in case.forbid]
    if case.expect is None:
        errors = [f for f in new if f.severity == "error"]
        if errors or forbidden:
            return "false", "; ".join(f"{f.rule}: {f.message}" for f in errors + forbidden)
        return ("clean", "") if not new else ("noted", "; ".join(f"{f.rule}: {f.message}" for f in new))
    e = case.expect
    right = [f for f in new if f.rule == e.rule and _names(report, f, e)]
    if right and not forbidden and any(SEVERITY_RANK[f.severity] <= SEVERITY_RANK[e.severity] for f in right):
        return "caught", ""
    if right or any(f.rule == e.rule for f in new):
        why = "wrong place or severity" if not forbidden else "also " + forbidden[0].rule
        return "partly", why + ": " + "; ".join(f"{f.rule}/{f.severity}: {f.message}" for f in new[:3])
    if new:
        return "partly", "other rule: " + "; ".join(f"{f.rule}/{f.severity}: {f.message}" for f in new[:3])
    return "missed", ""


@dataclass
class Outcome:
    defect: str
    source: str
    control: bool
    verdict: str
    why: str = ""
    new: list = field(default_factory=list)


def run(defect: Defect, name: str, text: str, read: Callable, check: Callable, control: bool = False):
    """Read and check `text` (a real report) before and after the edit. `read(text)`
    gives the report; `check(report, previous)` its findings."""
    report = read(text)
    make = defect.control if control else defect.make
    if make is None:
        return None
    case = make(text, report)
    if case is None:
        return None
    previous = read(case.previous) if case.previous else None
    before = check(report, None)
    try:
        edited = read(case.text)
    except Exception as e:  # the edit made it unreadable: that is a finding too, of sorts
        return Outcome(defect.name, name, control, "partly" if not control else "false", f"refused: {e}")
    if case.expect and any(f.rule == case.expect.rule and _names(report, f, case.expect) for f in before):
        return None  # the report as published already has this defect
    after = check(edited, previous)
    new = added(report, before, edited, after)
    verdict, why = judge(case, edited, new)
    return Outcome(defect.name, name, control, verdict, why, new)
