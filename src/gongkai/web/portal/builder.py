"""The annual report builder: an agency's year compiled from its records, checked,
and rendered. (Editing the narrative and locking on publication come next.)"""

from __future__ import annotations

import json
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ...checks import check
from ...report.jsonio import to_dict
from ..records.models import Agency
from ..records.services import compile_from_db
from . import access
from .views import _marks, _tables

TABLE_RULES = ("B-", "C-", "BLANK", "NOT-A-COUNT", "MISSING-ROW", "MISSING-TABLE")


def _compiled(request):
    agencies = Agency.objects.filter(id__in=access.visible_agency_ids(request.user), voided=False).order_by("name")
    try:
        year = int(request.GET.get("year", timezone.localdate().year - 1))
        chosen = agencies.get(pk=int(request.GET["agency"])) if "agency" in request.GET else agencies.first()
    except (ValueError, Agency.DoesNotExist) as err:
        raise Http404("没有找到") from err
    if chosen is None:
        return agencies, None, year, None, []
    report, _ = compile_from_db(chosen.name, year)
    findings = [f.to_dict() for f in check(report) if f.rule.startswith(TABLE_RULES)]
    return agencies, chosen, year, report, findings


def builder(request):
    agencies, agency, year, report, findings = _compiled(request)
    model = to_dict(report) if report else {}
    return render(request, "portal/builder.html", {
        "agencies": agencies, "agency": agency, "year": year, "model": model, "findings": findings,
        "errors": sum(f["severity"] == "error" for f in findings),
        "tables": _tables(model, _marks(findings)) if report else None})


def builder_download(request):
    _, agency, year, report, _ = _compiled(request)
    if report is None:
        raise Http404("没有找到")
    stem = quote(f"{agency.name}{year}年度政府信息公开工作年度报告")
    if request.GET.get("fmt") == "json":
        body, kind, ext = json.dumps(to_dict(report), ensure_ascii=False, indent=2).encode(), "application/json", "json"
    else:
        from ...render.docx import render_docx
        body = render_docx(report)
        kind, ext = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{stem}.{ext}"
    return response
