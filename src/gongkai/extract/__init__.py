"""Document → AnnualReport.

The tables are found by their own anchors (第二十条第…, 本年新收…, 行政复议, 统计指标),
with the sections as a guide, so that a report with missing or misnumbered headings
still reads. Everything else — metadata, narrative figures — is read from the rows
outside the tables.
"""

from __future__ import annotations

import gc
import os

from ..errors import NotAReport
from ..ingest import read_bytes, read_file
from ..ingest.document import Document, Row
from ..ingest.positioned import PositionedText
from ..report.catalog import (
    FORMAT_LEGACY,
    LEGACY_ANCHORS,
    LEGACY_HEADERS,
    TABLE_A_ANCHOR,
    TABLE_B_ANCHORS,
    TABLE_B_ROW,
    TABLE_C_ANCHOR,
    TABLE_C_HEADERS,
    squeeze,
)
from ..report.formats import DEFAULT, FORMATS, format_for_year
from ..report.model import AnnualReport
from .figures import find_figures
from .flat import Flat
from .legacy import read_legacy
from .metadata import read_metadata
from .ocr import check_by_identities
from .reflow import reflow
from .sections import find_sections
from .tables import detect_a_version, figure_hints, read_table_a, read_table_b, read_table_c
from .texts import section_texts
from .tokens import records


def extract_file(path: str | os.PathLike, previous: AnnualReport | None = None) -> AnnualReport:
    """Read any file gongkai understands and extract its report."""
    return extract(read_file(path), previous)


def extract_text(data: bytes | str) -> AnnualReport:
    """Extract from bytes of any form, or from a str of text."""
    if isinstance(data, str):
        from ..ingest.text import read_text
        return extract(read_text(data))
    return extract(read_bytes(data))


class _Squeezed:
    """Row texts without white space, computed as the anchor search reaches them."""

    def __init__(self, rows: list[Row], lines: list[str]):
        self.rows = rows
        self.cache: dict[int, str] = {}
        self.whole = squeeze("".join(lines))  # to skip searches that cannot succeed

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int) -> str:
        text = self.cache.get(i)
        if text is None:
            text = self.cache[i] = squeeze(self.rows[i].text)
        return text


def _find(folded: _Squeezed, needles, start: int = 0, end: int | None = None) -> int | None:
    if not any(n in folded.whole for n in needles):
        return None
    for i in range(start, len(folded) if end is None else end):
        text = folded[i]
        if any(n in text for n in needles):
            return i
    return None


def extract(doc: Document, previous: AnnualReport | None = None) -> AnnualReport:
    """The report in `doc`. `previous`, last year's report, helps split digits that
    ran together (its 结转下年度 is this year's 上年结转)."""
    # reading makes thousands of small objects and no reference cycles: the cyclic
    # collector, which would walk them again and again as they are made, waits until the
    # report is read (freeing is by reference count, as always)
    if not gc.isenabled():
        return _extract(doc, previous)
    gc.disable()
    try:
        return _extract(doc, previous)
    finally:
        gc.enable()


def _extract(doc: Document, previous: AnnualReport | None) -> AnnualReport:
    report = AnnualReport(source=dict(doc.source))
    rows: list[Row] = reflow(doc.rows)
    last_line = len(doc.lines)
    folded = _Squeezed(rows, doc.lines)
    legacy = _find(folded, LEGACY_HEADERS)
    if legacy is None:
        legacy = _find(folded, LEGACY_ANCHORS)
    report.sections, section_rows = find_sections(rows, last_line, legacy)
    sec = {s.canonical: i for s, i in reversed(list(zip(report.sections, section_rows))) if s.canonical}

    b = _find(folded, TABLE_B_ANCHORS, sec.get("requests", 0))
    if b is None and "requests" in sec:
        b = _find(folded, TABLE_B_ANCHORS)
    a = _find(folded, (TABLE_A_ANCHOR,), sec.get("proactive", 0), b)
    if a is None and b is not None:
        a = _find(folded, (TABLE_A_ANCHOR,), 0, b)
    if b is not None:
        c = _find(folded, (TABLE_C_ANCHOR,), b + 1)
    else:  # no 表二: 表三 by its own header words, in its part or after 表一
        c = _find(folded, TABLE_C_HEADERS, sec.get("reviews", a if a is not None else 0))
        if c is not None and a is None and "reviews" not in sec:
            c = None  # a sentence about reviews is no table without a part or another table around it
        if c is not None:  # from the header row that names 行政复议 (the one above the words found)
            c = next((i for i in range(c, max(c - 4, sec.get("reviews", c)) - 1, -1)
                      if TABLE_C_ANCHOR in folded[i]), c)

    def next_section(i: int) -> int:
        return next((s for s in section_rows if s > i), len(rows))

    regions: list[tuple[int, int]] = []
    a_records = b_records = c_records = None
    if a is not None and (b is not None or legacy is None):
        a_end = b if b is not None else (c if c is not None and c > a else next_section(a))
        if sec.get("requests", -1) > a:
            a_end = min(a_end, sec["requests"])
        a_records = records(rows[a:a_end])
        regions.append((a, a_end))
    if b is not None:
        b_end = c if c is not None else next_section(b)
        b_records = records(rows[b:b_end])
        regions.append((b, b_end))
    if c is not None:
        c_end = next_section(c)
        c_records = records(rows[c:c_end])
        regions.append((c, c_end))
    if b is not None:
        version = detect_a_version(a_records or [])
        if version is None:
            has_sub_rows = any(TABLE_B_ROW["other_overdue_correction"].matches(r.folded) >= 0 for r in b_records)
            version = next(f.name for f in FORMATS.values()
                           if f.table_b and f.has_row("B", "other_overdue_correction") == has_sub_rows)
        report.format_version = version
    elif a_records or c_records:
        report.format_version = detect_a_version(a_records or [])  # else decided by the year, below
    elif legacy is not None:
        report.format_version = FORMAT_LEGACY
        regions.append((legacy, len(rows)))

    canonical = {s.canonical for s in report.sections if s.canonical}
    if report.format_version is None and not (a_records or c_records) and len(canonical) < 2:
        raise NotAReport("不是政府信息公开工作年度报告：未找到年报的章节或统计表格"
                         "（not an annual report: no sections or tables found）")

    table_starts = [start for start, _ in regions]
    first_section = section_rows[0] if section_rows else len(rows)
    preamble_end = min([first_section] + table_starts)
    # metadata and figures are read from the rows outside the tables
    inside = set()
    for start, end in regions:
        inside.update(range(start, end))
    prose = []
    heads = dict(zip(section_rows, report.sections))
    parts: list[tuple[str | None, int, str]] = []  # the narrative by section, for report.texts
    part: str | None = "intro"
    for i, r in enumerate(rows):
        if i in inside:
            continue
        prose.append(r)
        text = r.cells[0].text if len(r.cells) == 1 else " ".join(c.text for c in r.cells if c.text)
        report.prose.append((r.line, text))
        if i in heads:
            s = heads[i]
            part = s.canonical or f"section{s.ordinal}"
        else:
            parts.append((part, r.line, text))
    flat = Flat(prose, cell_separator="|")
    read_metadata(report, flat, sum(1 for i in range(preamble_end) if i not in inside))
    report.figures = find_figures(flat)

    if report.format_version is None and (a_records or c_records or len(canonical) >= 3):
        # a report with the statutory parts but not every table: the year decides its format
        by_year = format_for_year(report.year).name if report.year else DEFAULT.name
        report.format_version = by_year if by_year != FORMAT_LEGACY else None
    if report.format_version is None:
        report.problem("missing_table", "未找到任何统计表格（no statutory table found）")
    fmt = report.format
    hints = figure_hints(report, fmt, previous)
    if report.format_version not in (None, FORMAT_LEGACY):
        if a_records:
            read_table_a(report, a_records, fmt, hints)
        else:
            report.problem("missing_table", "未找到表一（主动公开政府信息情况）（table A not found）", "table_a")
        if b_records is not None:
            read_table_b(report, b_records, fmt, hints, doc.locate)
        else:
            report.problem("missing_table", "未找到表二（收到和处理政府信息公开申请情况）（table B not found）", "table_b")
        if c_records is not None:
            read_table_c(report, c_records, hints, doc.locate)
        else:
            report.problem("missing_table", "未找到表三（行政复议、行政诉讼情况）（table C not found）", "table_c")
    elif legacy is not None:
        read_legacy(report, rows[legacy:], hints)

    title = report.meta_sources.get("agency") if "title" in report.labels else None
    report.texts = section_texts(report, parts, title.line if title else None)
    if doc.locate is not None:
        locate_values(report, doc.locate)
    if doc.source.get("ocr") and isinstance(doc.locate, PositionedText):
        check_by_identities(report, doc.locate)  # a misread digit is corrected or flagged
    return report


def locate_values(report: AnnualReport, locate) -> None:
    """Add page and box to the provenance of every table value (PDF)."""
    for _, v in report.cells():
        src = v.source
        if src is None or src.line is None or src.bbox is not None or not src.text:
            continue
        found = locate(src.line, src.column or 0, len(src.text))
        if found:
            src.page, src.bbox = found


__all__ = ["extract", "extract_file", "extract_text"]
