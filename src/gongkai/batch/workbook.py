"""OUT/汇总.xlsx, the workbook a supervisor opens: 概况 (totals), 报告 (one row per
report with its status and ratios), 问题 (findings by rule), 问题明细 (every finding,
up to what a sheet holds) and 无法读取 (files that could not be read, with the reason)."""

from __future__ import annotations

import datetime
import io
import os

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from .. import __version__
from ..checks import RULES
from ..checks.rules import SEVERITY_ZH
from ..report.formats import FORMATS
from .database import connect
from .store import WORKBOOK_NAME

SHEET_ROWS = 1_048_575  # a sheet's rows, less the header
FORMATS_ZH = {name: fmt.title for name, fmt in FORMATS.items()}


def status_zh(status: str, errors: int | None, warnings: int | None) -> str:
    if status == "failed":
        return "无法读取"
    return "有错误" if errors else "有警告" if warnings else "通过"


class _Sheet:
    def __init__(self, wb: Workbook, title: str, headers: list[str], widths: list[int]):
        self.ws = wb.create_sheet(title)
        self.ws.freeze_panes = "A2"
        for i, w in enumerate(widths):
            self.ws.column_dimensions[chr(ord("A") + i)].width = w
        bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE6F0")
        row = []
        for h in headers:
            cell = WriteOnlyCell(self.ws, h)
            cell.font, cell.fill, cell.alignment = bold, fill, Alignment(wrap_text=True, vertical="center")
            row.append(cell)
        self.ws.append(row)

    def append(self, values) -> None:
        self.ws.append([self._text(v) if isinstance(v, str) and v.startswith("=") else v for v in values])

    def _text(self, value: str) -> WriteOnlyCell:
        """A file name or a printed name that starts with "=" stays text (openpyxl would
        write it as a formula: =HYPERLINK(…) in a name must not become a live link)."""
        cell = WriteOnlyCell(self.ws, value)
        cell.data_type = "s"
        return cell


def _save(wb: Workbook, path: str) -> str:
    """Written whole or not at all."""
    tmp = os.path.join(os.path.dirname(os.path.abspath(path)), f".tmp-{os.path.basename(path)}")
    wb.save(tmp)
    os.replace(tmp, path)
    return path


def _book(sheets: list[tuple[str, list[str], list[int], object]]) -> Workbook:
    wb = Workbook(write_only=True)
    for title, headers, widths, rows in sheets:
        sheet = _Sheet(wb, title, headers, widths)
        for row in rows:
            sheet.append(row)
    return wb


def write_sheets(path: str, sheets: list[tuple[str, list[str], list[int], object]]) -> str:
    """A workbook of (title, headers, column widths, rows) sheets."""
    return _save(_book(sheets), path)


def sheets_bytes(sheets: list[tuple[str, list[str], list[int], object]]) -> bytes:
    """The same workbook, as bytes (a download)."""
    out = io.BytesIO()
    _book(sheets).save(out)
    return out.getvalue()


def _percent(x):
    return None if x is None else round(100 * x, 1)


def write(out: str) -> str:
    con = connect(out)
    wb = Workbook(write_only=True)
    try:
        _overview(wb, con)
        _reports(wb, con)
        _rules(wb, con)
        _findings(wb, con)
        _failures(wb, con)
    finally:
        con.close()
    return _save(wb, os.path.join(out, WORKBOOK_NAME))


def _overview(wb, con) -> None:
    s = _Sheet(wb, "概况", ["项目", "数量"], [36, 14])
    total, read, failed, with_errors, with_warnings = con.execute(
        "select count(*), count(*) filter (status = 'read'), count(*) filter (status = 'failed'), "
        "count(*) filter (errors > 0), count(*) filter (errors = 0 and warnings > 0) from reports").fetchone()
    for label, n in (("文件（份）", total), ("读取成功", read), ("无法读取", failed), ("有错误的报告", with_errors),
                     ("仅有警告的报告", with_warnings), ("通过（无错误、无警告）", read - with_errors - with_warnings)):
        s.append([label, n])
    for fmt, n in con.execute("select format_version, count(*) from reports where status = 'read' "
                              "group by 1 order by 2 desc").fetchall():
        s.append([f"格式：{FORMATS_ZH.get(fmt, fmt or '未识别')}", n])
    for year, n in con.execute("select year, count(*) from reports where status = 'read' group by 1 order by 1").fetchall():
        s.append([f"年度：{year if year is not None else '未识别'}", n])
    s.append(["生成时间", datetime.datetime.now().strftime("%Y-%m-%d %H:%M")])
    s.append(["gongkai 版本", __version__])


def _reports(wb, con) -> None:
    s = _Sheet(wb, "报告", ["文件", "机关", "地区", "年度", "格式", "状态", "错误", "警告", "提示", "本年新收申请",
                          "办理总计", "予以公开率%", "公开率%（含部分）", "行政复议", "复议纠正率%", "行政诉讼",
                          "诉讼纠正率%", "原因"],
               [40, 30, 14, 7, 10, 9, 6, 6, 6, 10, 10, 10, 10, 9, 10, 9, 10, 40])
    rows = con.execute("""
        select r.path, r.agency, r.region, r.year, r.format_version, r.status, r.errors, r.warnings, r.notices,
               r.applications, r.handled, t.grant_rate, t.disclosed_rate, t.reviews, t.review_correction_rate,
               t.lawsuits, t.lawsuit_correction_rate, r.reason
        from reports r left join rates t using (report_id) order by r.path""")
    while batch := rows.fetchmany(5000):
        for (path, agency, region, year, fmt, status, errors, warnings, notices, apps, handled, grant, disclosed,
             reviews, review_rate, lawsuits, lawsuit_rate, reason) in batch:
            s.append([path, agency, region, year, FORMATS_ZH.get(fmt, fmt), status_zh(status, errors, warnings),
                      errors, warnings, notices, apps, handled, _percent(grant), _percent(disclosed), reviews,
                      _percent(review_rate), lawsuits, _percent(lawsuit_rate), reason])


def _rules(wb, con) -> None:
    s = _Sheet(wb, "问题", ["问题", "级别", "涉及报告数", "次数", "规则代码"], [40, 8, 12, 10, 22])
    for rule, severity, reports, n in con.execute(
            "select rule, any_value(severity), count(distinct report_id), count(*) from findings "
            "group by rule order by 3 desc, 1").fetchall():
        title = RULES[rule].title if rule in RULES else rule
        s.append([title, SEVERITY_ZH.get(severity, severity), reports, n, rule])


def _findings(wb, con) -> None:
    s = _Sheet(wb, "问题明细", ["文件", "机关", "年度", "级别", "说明", "规则代码"], [40, 30, 7, 8, 80, 22])
    rows = con.execute("""
        select r.path, r.agency, r.year, f.rule, f.severity, f.message
        from findings f join reports r using (report_id)
        order by r.path, case f.severity when 'error' then 0 when 'warning' then 1 else 2 end, f.line
        limit ?""", [SHEET_ROWS])
    while batch := rows.fetchmany(5000):
        for path, agency, year, rule, severity, message in batch:
            s.append([path, agency, year, SEVERITY_ZH.get(severity, severity), message, rule])


def _failures(wb, con) -> None:
    s = _Sheet(wb, "无法读取", ["文件", "原因"], [60, 80])
    for path, reason in con.execute("select path, reason from reports where status = 'failed' order by path").fetchall():
        s.append([path, reason])
