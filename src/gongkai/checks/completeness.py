"""Completeness: blank cells, missing or added tables, rows, columns and sections,
sections out of order or numbered wrongly, headings numbered in mixed styles."""

from __future__ import annotations

import re

from ..report.catalog import (
    FORMAT_LEGACY,
    SECTION_BY_KEY,
    SECTIONS,
    SINGLE_OTHER_ROW,
    TABLE_SECTIONS,
    numeral_value,
    squeeze,
)
from ..report.formats import TABLE_NAMES, table_of
from ..report.model import AnnualReport, Value
from . import evidence as ev
from .rules import WARNING, Finding

_TABLE_NAMES = {t: f"{TABLE_NAMES[t]}（{SECTION_BY_KEY[key].title}）" for t, key in TABLE_SECTIONS.items()}
_SUBHEADING = re.compile(r"^\s*[（(]\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*[）)]")


def check(report: AnnualReport, previous: AnnualReport | None = None) -> list[Finding]:
    out = _blanks(report)
    if report.format_version in (None, FORMAT_LEGACY):
        return out
    out += _tables(report)
    out += _sections(report)
    out += _written(report)
    out += _subheadings(report)
    return out


def _blanks(r: AnnualReport) -> list[Finding]:
    """A finding per blank cell — or, for a table not filled in at all (a fresh
    authoring file), one finding that says so."""
    found = _blank_cells(r)
    tables: dict[str | None, list[Value]] = {}
    for path, v in r.cells():
        tables.setdefault(table_of(path), []).append(v)
    out = []
    for table in ("A", "B", "C"):
        mine = [f for f in found if f.table == table]
        cells = tables.get(table, [])
        if len(cells) > 1 and len(mine) == len(cells) and not any(v.raw for v in cells):  # nothing typed at all
            found = [f for f in found if f.table != table]
            out.append(Finding("BLANK-CELL", f"{_TABLE_NAMES[table]}尚未填写：全部 {len(mine)} 格为空白，"
                               "应逐格填数字（无数据填 0）", table=table, evidence=mine[0].evidence[:1]))
    return out + found


def _blank_cells(r: AnnualReport) -> list[Finding]:
    out = []
    for path, v in r.cells():
        if v.value is not None or v.ambiguous:
            continue
        parts = path.split(".")
        if parts[0] == "table_a":
            specs = {spec.key: spec.label for spec in r.format.table_a}
            row, column = parts[1], parts[2]
            table, where = "A", f"表一“{r.labels.get(f'table_a.{row}', specs.get(row, row))}”"
        elif parts[0] == "table_b":
            row, column = parts[1], int(parts[2])
            table, where = "B", f"表二“{ev.b_row(row)}”行“{ev.b_column(column)}”列"
        elif parts[0] == "table_c":
            row, column = None, int(parts[1])
            table, where = "C", f"表三“{ev.c_cell(column)}”"
        else:
            item = r.legacy[int(parts[1])]  # type: ignore[index]
            if parts[2] != "value" or not item.unit:
                continue
            row, column, table, where = item.key, None, "legacy", f"统计表“{item.label}”"
        printed = "空白" if not v.raw else f"“{v.raw}”"
        out.append(Finding("LEGACY-BLANK" if table == "legacy" else "BLANK-CELL",
                           f"{where}为{printed}，应填数字（无数据填 0）", table=table, row=row, column=column,
                           evidence=[ev.cell(r, path)]))
    return out


def _tables(r: AnnualReport) -> list[Finding]:
    out = []
    for table, present in (("A", r.table_a), ("B", r.table_b), ("C", r.table_c)):
        if not present:
            unread = _numbers_in_section(r, TABLE_SECTIONS[table])
            out.append(Finding("MISSING-TABLE", f"未找到{_TABLE_NAMES[table]}" + (
                "（该部分的正文中有成串的数字，也可能是表格未能读出）" if unread else ""), table=table,
                severity=WARNING if unread else ""))
    fmt = r.format
    if r.table_a:
        unsure = _reader_unsure(r, "A")
        for spec in fmt.table_a:
            if spec.key not in r.table_a:
                out.append(Finding("MISSING-ROW", f"表一{spec.caption}缺少“{spec.label}”行{unsure}", table="A",
                                   row=spec.key, severity=WARNING if unsure else ""))
    if r.table_b:
        unsure = _reader_unsure(r, "B")
        single = SINGLE_OTHER_ROW in r.labels
        for spec in fmt.table_b:
            if r.table_b.get(spec.key) is None and not (single and spec.key.startswith("other_overdue")):
                out.append(Finding("MISSING-ROW", f"表二缺少“{spec.label}”行{unsure}", table="B", row=spec.key,
                                   severity=WARNING if unsure else ""))
        if single and fmt.has_row("B", "other_overdue_correction"):
            subrows = "”“".join(fmt.label("B", k) for k in ("other_overdue_correction", "other_overdue_fee"))
            out.append(Finding("NONSTANDARD-LABEL", f"表二“（六）其他处理”仍按 2019 年格式印为一行，{fmt.title}应分为"
                               f"“{subrows}”“3.其他”三行；该行的数已计入“3.其他”", table="B", row="other_other",
                               evidence=[ev.cell(r, "table_b.other_other.0")]))
    for extra in r.extra_rows:
        out.append(Finding("EXTRA-ROW", f"表{'一二三'['ABC'.index(extra.table)]}有格式之外的行“{extra.label}”",
                           table=extra.table, evidence=[ev.line(extra.line, extra.label)]))
    for p in r.problems:
        if p.code == "extra_column":
            out.append(Finding("EXTRA-COLUMN", "表二有格式之外的“小计”列（法人或其他组织小计）", table="B",
                               evidence=[ev.line(p.line, p.message)]))
    return out


_NUMBER_RUN = re.compile(r"(?:\d+\s+){4}\d+|\d{8,}")


def _numbers_in_section(r: AnnualReport, canonical: str) -> bool:
    """Whether the part's own text (outside the tables read) holds what looks like a
    table's numbers (the reader may have missed the table, so its absence is not the
    report's for certain)."""
    return bool(_NUMBER_RUN.search(r.texts.get(canonical) or ""))


def _reader_unsure(r: AnnualReport, table: str) -> str:
    """Why a missing row may be the reader's: cells it could not read, or printed rows
    it could not match to the format (then a missing row is only a warning)."""
    if r.reading.get(table) == "partly unread":
        return "（该表有未能读取的单元格，也可能是读取不全）"
    if any(e.table == table for e in r.extra_rows):
        return "（该表有未能对应到格式的行，也可能是该行标签印得与格式相差较大）"
    return ""


# the parts whose text cannot be a bare "无": what each must say
_MUST_SAY = {"overview": "本年度政府信息公开工作的总体情况", "problems": "存在的主要问题和改进措施"}
_NONE_ONLY = re.compile(r"(?:本年度|本年|今年|目前)?(?:暂|尚)?(?:无|没有|未发现)(?:明显|突出|重大)?(?:的)?(?:存在的)?"
                        r"(?:问题|情况|事项)?[。.;；]?")
_CONTACTS = ("address", "postcode", "phone", "fax", "email")
# contact details as a report being written states them in its opening (the builder's 开头)
_CONTACT_TEXT = re.compile(r"(?:电话|传真|邮箱|邮编|邮政编码|地址)\s*[:：为]?\s*[\w\d]|\d{3,4}-\d{7,8}|[\w.]+@[\w.]+")
MIN_WRITTEN = 12  # characters: shorter is no account of a year's work or of its problems
_WRITTEN = ("overview", "problems", "other")  # the parts a report writes (二至四 are its tables)
_PLACEHOLDERS = ("在此填写", "（待填写）", "待补充")
_READ_FORMS = ("pdf", "docx", "html", "text")


def _written(r: AnnualReport) -> list[Finding]:
    """The parts the office must write: none empty, none still showing the template's
    prompt. For a report being written (authoring file, builder, compiled or summed) an
    empty part is an error — rendering it would publish a heading over nothing; for a
    published report read here it is a warning (its text may not have been read)."""
    out = []
    read = r.source.get("form") in _READ_FORMS and "written_as" not in r.source
    titles = {s.key: s.label for s in SECTIONS}
    for key in _WRITTEN:
        text = (r.texts.get(key) or "").strip()
        if read and r.section(key) is None:
            continue  # a missing part is MISSING-SECTION's
        section = r.section(key)
        line = section.start_line if section is not None else None
        if not text:
            out.append(Finding("EMPTY-SECTION", f"“{titles[key]}”没有正文" + (
                "（也可能是未能读出）" if read else "，请撰写后再生成或发布"), severity=WARNING if read else "",
                line=line))
        elif any(p in text for p in _PLACEHOLDERS):
            out.append(Finding("PLACEHOLDER-TEXT", f"“{titles[key]}”仍是模板提示“{text[:20]}”，请改写为本机关的实际情况",
                               line=line))
        elif key in _MUST_SAY and (_NONE_ONLY.fullmatch(squeeze(text)) or len(squeeze(text)) < MIN_WRITTEN):
            out.append(Finding("NO-SUBSTANCE", f"“{titles[key]}”只写了“{text[:20]}”，应写明本机关的实际情况"
                               f"（{_MUST_SAY[key]}）", line=line, evidence=[ev.line(line, text[:40])]))
    if not any(k in r.contact for k in _CONTACTS) and (r.agency or read) and \
            not _CONTACT_TEXT.search(r.texts.get("intro") or ""):  # a web address alone is not one
        out.append(Finding("CONTACT", "报告未写明联系方式（地址、邮编、电话、传真或电子邮箱），公众对年报有疑问时无从联系"))
    return out


def _sections(r: AnnualReport) -> list[Finding]:
    out = []
    found = {s.canonical: s for s in r.sections if s.canonical}
    for spec in SECTIONS:
        if spec.key not in found:
            out.append(Finding("MISSING-SECTION", f"缺少第{spec.label.split('、')[0]}部分“{spec.label}”"))
    for s in r.sections:
        if s.canonical is None or s.canonical == "fees":
            out.append(Finding("EXTRA-SECTION", f"“{s.number}、{s.title}”不是年报格式的六个部分之一"
                               f"{'（信息处理费应在“六、其他需要报告的事项”中报告）' if s.canonical == 'fees' else ''}",
                               evidence=[ev.line(s.start_line, f"{s.number}、{s.title}")]))
    numbers = {spec.key: spec.number for spec in SECTIONS}
    statutory = [numbers[s.canonical] for s in r.sections if s.canonical in numbers]
    if statutory != sorted(statutory):
        out.append(Finding("SECTION-ORDER", "各部分的顺序与年报格式不一致：" +
                           "、".join(f"{s.number}、{s.title}" for s in r.sections),
                           evidence=[ev.line(s.start_line, f"{s.number}、{s.title}") for s in r.sections]))
    for s in r.sections:
        want = numbers.get(s.canonical or "")
        if want and s.ordinal != want:
            spec = SECTIONS[want - 1]
            out.append(Finding("SECTION-NUMBER", f"“{s.title}”编为第{s.number}部分，格式中为“{spec.label}”",
                               evidence=[ev.line(s.start_line, f"{s.number}、{s.title}")]))
    out += _mixed_styles([(s.start_line, s.number, s.ordinal, f"{s.number}、{s.title}") for s in r.sections], "部分标题")
    return out


def _style(number: str) -> str:
    return "arabic" if number[:1].isdigit() else "chinese"


def _mixed_styles(headings: list[tuple[int, str, int, str]], what: str) -> list[Finding]:
    """One finding where a run of consecutive numbers switches between 一 and 1."""
    bad = []
    for prev, cur in zip(headings, headings[1:]):
        if cur[2] == prev[2] + 1 and _style(cur[1]) != _style(prev[1]):
            bad += [h for h in (prev, cur) if h not in bad]
    if not bad:
        return []
    return [Finding("NUMBERING-STYLE", f"{what}编号混用汉字与阿拉伯数字：" + "、".join(h[3][:12] for h in bad),
                    evidence=[ev.line(h[0], h[3]) for h in bad])]


def _subheadings(r: AnnualReport) -> list[Finding]:
    out = []
    by_section: dict[int, list] = {}
    for line, text in r.prose:
        m = _SUBHEADING.match(text)
        section = r.section_at(line)
        if m and section is not None:
            ordinal = numeral_value(m.group(1))
            if ordinal:
                by_section.setdefault(section.start_line, []).append((line, m.group(1), ordinal, text.strip()[:20]))
    for start in sorted(by_section):
        section = r.section_at(start)
        out += _mixed_styles(by_section[start], f"第{section.number}部分的小标题")
    return out
