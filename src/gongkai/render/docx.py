"""AnnualReport → DOCX in the conventions of Chinese official documents (GB/T 9704):
A4 with 37/35/28/26 mm margins, title in 方正小标宋简体 二号, body 仿宋_GB2312 三号,
一级标题 黑体, 二级标题 楷体_GB2312, page numbers “— N —”; the three tables laid out
as the statutory format, merged headers and the 勾稽关系 note included.

Font names are written even where the fonts are not installed; LibreOffice falls back
to any CJK font when converting to PDF.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

from ..report.catalog import LEGACY_TITLE
from ..report.model import AnnualReport
from . import grid
from .grid import Grid
from .layout import blocks

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_LEAD = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)][^。：:]{1,20}[。：:]")


@dataclass
class DocxStyle:
    title_font: str = "方正小标宋简体"
    body_font: str = "仿宋_GB2312"
    heading1_font: str = "黑体"
    heading2_font: str = "楷体_GB2312"
    table_font: str = "宋体"
    body_size: float = 16  # 三号
    table_size: float = 9
    landscape_tables: bool = False  # put the tables on landscape pages
    extra_paragraphs: int = 0  # more prose in 五、存在的主要问题 (longer documents for benchmarks)
    draft: bool = False  # every page's header says 草稿 (a report not fit to publish yet)
    title: str = ""  # the document's properties: its title, the agency as author, the date
    author: str = ""
    on: date | None = None  # default: today


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


class Writer:
    def __init__(self, style: DocxStyle):
        self.style = style
        self.merges: dict[int, list] = {}
        self.doc = new_document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        self._page_numbers(section)
        self._properties()

    def _properties(self) -> None:
        """Title, author and dates as the agency's document (python-docx's template
        says "python-docx" and 2013)."""
        props = self.doc.core_properties
        on = self.style.on or date.today()
        when = datetime(on.year, on.month, on.day, 9, 0)
        props.title, props.author, props.last_modified_by = self.style.title, self.style.author, self.style.author
        props.created = props.modified = when
        props.revision, props.comments, props.keywords, props.subject, props.category = 1, "", "", "", ""

    def _page_numbers(self, section) -> None:
        p = section.footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run("— "), "宋体", 14)
        run = p.add_run()
        _font(run, "宋体", 14)
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            else:
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = text
            run._element.append(el)
        _font(p.add_run(" —"), "宋体", 14)

    def paragraph(self, text: str, font: str | None = None, size: float | None = None, center: bool = False,
                  indent: bool = True, bold: bool = False, right: bool = False):
        p = self.doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing = Pt(28)
        fmt.space_after = Pt(0)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif right:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif indent:
            fmt.first_line_indent = Pt((size or self.style.body_size) * 2)
        if text:
            _font(p.add_run(text), font or self.style.body_font, size or self.style.body_size, bold)
        return p

    def body(self, text: str) -> None:
        """A body paragraph; one that opens with a 二级标题 （一）…。 sets it in 楷体."""
        m = _LEAD.match(text)
        if not m:
            self.paragraph(text)
            return
        p = self.paragraph("")
        _font(p.add_run(m.group()), self.style.heading2_font, self.style.body_size)
        if text[m.end():]:
            _font(p.add_run(text[m.end():]), self.style.body_font, self.style.body_size)

    def heading(self, text: str, level: int = 1) -> None:
        """A heading stays on the page of what follows it (never the last line of a page)."""
        font = self.style.heading1_font if level == 1 else self.style.heading2_font
        self.paragraph(text, font=font).paragraph_format.keep_with_next = True

    @staticmethod
    def header_rows(table, n: int) -> None:
        """The first `n` rows repeat at the top of every page the table runs onto; no row
        breaks across pages."""
        for i, tr in enumerate(table._tbl.tr_lst):
            pr = tr.get_or_add_trPr()
            pr.append(OxmlElement("w:cantSplit"))
            if i < n:
                pr.append(OxmlElement("w:tblHeader"))

    @staticmethod
    def keep_rows(table, first: int, last: int) -> None:
        """Rows first..last stay on one page (a merged label over them is not split)."""
        for tr in table._tbl.tr_lst[first:last]:
            for tc in tr.tc_lst:
                for p in tc.iter(qn("w:p")):
                    ppr = p.get_or_add_pPr()
                    ppr.append(OxmlElement("w:keepNext"))

    def table(self, rows: int, cols: int):
        t = self.doc.add_table(rows=rows, cols=cols)
        t.style = self.doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        return t

    def put(self, table, r: int, c: int, text: str, span: tuple[int, int] = (1, 1), center: bool = True) -> None:
        """Write a cell; merges wait until the table is complete (python-docx looks a
        cell up through the whole grid, so merging as we go is quadratic)."""
        cell = _Cell(table._tbl.tr_lst[r].tc_lst[c], table)
        if span != (1, 1):
            self.merges.setdefault(id(table), []).append((r, c, span))
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
        p.paragraph_format.space_after = Pt(0)
        _font(p.add_run(text), self.style.table_font, self.style.table_size)

    def widths(self, table, mm: list[float]) -> None:
        """Apply the table's merges, then fixed column widths (Word and LibreOffice both
        honour the grid and the cells)."""
        grid = [list(tr.tc_lst) for tr in table._tbl.tr_lst]  # before any merge
        for r, c, (height, width) in self.merges.pop(id(table), []):
            for rr in range(r, r + height):
                origin = grid[rr][c]
                if width > 1:
                    origin.grid_span = width
                    for tc in grid[rr][c + 1:c + width]:
                        tc.getparent().remove(tc)
                if height > 1:
                    origin.vMerge = "restart" if rr == r else "continue"
        table.autofit = False
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        table._tbl.tblPr.append(layout)
        for col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), mm):
            col.set(qn("w:w"), str(int(w * 56.7)))
        for tr in table._tbl.tr_lst:
            i = 0
            for tc in tr.tc_lst:
                span = tc.grid_span
                tc.width = Mm(sum(mm[i:i + span]))
                i += span

    def landscape(self, on: bool) -> None:
        from docx.enum.section import WD_SECTION
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE if on else WD_ORIENT.PORTRAIT
        w, h = Mm(210), Mm(297)
        section.page_width, section.page_height = (h, w) if on else (w, h)

    def save(self, target) -> None:
        self.doc.save(target)


def render_docx(report: AnnualReport, target=None, style: DocxStyle | None = None) -> bytes | None:
    """Write the report as DOCX to `target` (path or file object); return the bytes when
    no target is given."""
    style = style or DocxStyle()
    if not style.title:
        style = replace(style, title=f"{report.agency or ''}{report.year or ''}年度政府信息公开工作年度报告",
                        author=style.author or report.agency or "")
    w = Writer(style)
    landscape = False
    for block in blocks(report, style.extra_paragraphs):
        if block.kind == "title":
            w.paragraph(block.text, font=style.title_font, size=22, center=True).paragraph_format.keep_with_next = True
        elif block.kind == "heading":
            if style.landscape_tables and landscape != block.text.startswith(("二、", "三、", "四、")):
                landscape = not landscape
                w.landscape(landscape)
            w.heading(block.text)
        elif block.kind == "para":
            w.body(block.text)
        elif block.kind == "sign":
            w.paragraph(block.text, indent=False, right=True)
        else:
            _TABLES[block.kind](w, report)
    if style.draft:
        for section in w.doc.sections:  # every page, landscape ones too
            header = section.header
            header.is_linked_to_previous = False
            para = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            para.text = ""
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(para.add_run(DRAFT_MARK), style.heading1_font, 22, bold=True)
    if target is None:
        buf = io.BytesIO()
        w.save(buf)
        return buf.getvalue()
    w.save(target)
    return None


DRAFT_MARK = "草稿"


def _grid(w: Writer, g: Grid, mm: list[float]) -> None:
    """A statutory table as laid out in `grid`, its columns `mm` wide: header rows
    repeated on every page, no row split across pages, a merged label's rows kept together."""
    t = w.table(len(g.rows), g.width)
    for cell in g.cells():
        w.put(t, cell.row, cell.col, cell.text, span=(cell.rowspan, cell.colspan), center=cell.kind != "label")
    w.widths(t, mm)
    w.header_rows(t, g.head)
    for first, last in g.keep:
        w.keep_rows(t, first, last)


def _legacy(w: Writer, r: AnnualReport) -> None:
    w.paragraph(LEGACY_TITLE, font=w.style.heading1_font, center=True)
    w.paragraph(f"（{r.year}年度）", center=True)
    w.paragraph(f"填报单位：{r.agency}", indent=False)
    _grid(w, grid.legacy(r), [110, 20, 26])


_TABLES = {"table_a": lambda w, r: _grid(w, grid.table_a(r), [46, 36, 36, 38]),
           "table_b": lambda w, r: _grid(w, grid.table_b(r), [12, 20, 40] + [12] * 7),
           "table_c": lambda w, r: _grid(w, grid.table_c(r), [10.4] * 15),
           "legacy": _legacy}
