"""The statutory tables as an Excel workbook, laid out as the format prints them: one sheet a
table (表一, 表二, 表三 — or the 统计表 of a report before 2019), every header and label cell
merged over its span as `render.grid` lays it out, every value a number in its cell, and a
cell's note (a sum's members left blank, say) as its comment."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..report.catalog import LEGACY_TITLE, SECTION_BY_KEY, TABLE_SECTIONS
from ..report.model import AnnualReport
from .grid import grids

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEETS = {"A": "表一", "B": "表二", "C": "表三", "legacy": "统计表"}
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def render_xlsx(report: AnnualReport) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    titles = {t: SECTION_BY_KEY[key].label for t, key in TABLE_SECTIONS.items()} | {"legacy": LEGACY_TITLE}
    head_fill, bold = PatternFill("solid", fgColor="DDE6F0"), Font(bold=True)
    for table, grid in grids(report).items():
        ws = wb.create_sheet(SHEETS[table])
        ws.cell(1, 1, f"{report.agency or ''}{report.year or ''}年度 {titles[table]}").font = Font(bold=True, size=12)
        top = 3  # the title, a blank row, then the table
        for cell in grid.cells():
            r, c = top + cell.row, 1 + cell.col
            if cell.kind == "value":
                v = cell.value.value if cell.value is not None else None
                target = ws.cell(r, c, v)
                target.alignment = Alignment(horizontal="right", vertical="center")
                if cell.value is not None and cell.value.note:
                    target.comment = Comment(cell.value.note, "gongkai")
            else:
                target = ws.cell(r, c, cell.text)
                target.alignment = Alignment(horizontal="center" if cell.kind in ("head", "caption") else "left",
                                             vertical="center", wrap_text=True)
                if cell.header:
                    target.fill, target.font = head_fill, bold
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    ws.cell(r + dr, c + dc).border = _BOX
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_cells(start_row=r, start_column=c, end_row=r + cell.rowspan - 1,
                               end_column=c + cell.colspan - 1)
        for col in range(1, grid.width + 1):
            ws.column_dimensions[get_column_letter(col)].width = 14 if col > grid.labels else 24
        ws.freeze_panes = f"{get_column_letter(1 + grid.labels)}{top + grid.head}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


__all__ = ["render_xlsx", "MEDIA_TYPE"]
