"""The register's list as a file: every case of the list as it is filtered and sorted on
the screen (not only the page shown), as CSV (UTF-8 with a byte-order mark, which Excel
opens as Chinese) or as an Excel workbook — written row by row, so that a list of
100,000 cases is never held whole in memory."""

from __future__ import annotations

import csv
import io
import tempfile
from urllib.parse import quote

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

from .models import ApplicantType, Outcome

HEADERS = ("编号", "机关", "申请人", "申请人类型", "申请方式", "收到申请日期", "答复期限", "答复期限说明", "承办人",
           "办理结果", "办结日期", "逾期答复")
CHUNK = 2000


def _rows(items, state_of):
    for case in items.iterator(chunk_size=CHUNK):
        shown = state_of(case)
        yield (case.number, case.agency.name, case.applicant, ApplicantType(case.applicant_type).label, case.channel,
               case.received.isoformat(), case.due.isoformat() if case.due else "",
               shown["provisional"] or shown["note"], case.handler.get_username() if case.handler_id else "",
               Outcome(case.outcome).label if case.outcome else "办理中",
               case.closed_on.isoformat() if case.closed_on else "", "是" if case.late else "")


def _name(kind: str) -> str:
    return f"依申请公开台账-{timezone.localdate().isoformat()}.{kind}"


def cases(items, kind: str, state_of):
    """The list `items` as a download: kind 'csv' or 'xlsx'."""
    if kind == "csv":
        def lines():
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            yield "\ufeff"
            writer.writerow(HEADERS)
            for row in _rows(items, state_of):
                writer.writerow(row)
                if buffer.tell() > 65536:
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
            yield buffer.getvalue()

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("依申请公开台账")
        sheet.append(HEADERS)
        for row in _rows(items, state_of):
            sheet.append(row)
        out = tempfile.TemporaryFile()  # written on disk, sent from there
        book.save(out)
        out.seek(0)
        response = FileResponse(out, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(_name(kind))}"
    return response
