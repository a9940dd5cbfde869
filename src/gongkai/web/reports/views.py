"""Screens of the reports uploaded to the platform: upload and list, one report with
its tables, findings and sources, voiding an upload, downloads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ...errors import GongkaiError, chinese
from ...report.jsonio import from_dict
from ..agencies.models import Agency
from ..agencies.services import access
from ..http import attachment
from . import services
from .models import PublishedReport, Upload


@require_http_methods(["GET", "POST"])
def report_list(request):
    can_upload = Agency.objects.uploadable_by(request.user).exists()
    if request.method == "POST":  # the files kept at once, read one by one on their progress page
        if not can_upload:
            raise Http404("没有找到")
        files = request.FILES.getlist("files")
        if not files:
            messages.error(request, "请选择要上传的年报文件。")
            return redirect("reports:list")
        batch = services.new_batch()
        for upload in files:
            services.receive_files(request.user, upload.name, upload.read(), batch)
        return redirect("reports:progress", batch=batch)
    items = PublishedReport.objects.visible_to(request.user).select_related("agency")
    year = request.GET.get("year", "")
    if year.isascii() and year.isdigit():
        items = items.filter(year=int(year))
    return render(request, "reports/reports.html", {"reports": items, "can_upload": can_upload})


def progress(request, batch: str):
    """The files of one upload: each read in turn (the page asks for the next while any
    waits), with what became of it."""
    uploads = list(Upload.objects.filter(batch=batch, uploaded_by=request.user).select_related("report"))
    if not uploads:
        raise Http404("没有找到")
    waiting = sum(u.state in (Upload.State.WAITING, Upload.State.READING) for u in uploads)
    context = {"batch": batch, "uploads": uploads, "waiting": waiting, "read": len(uploads) - waiting,
               "unsure": sum(u.state == Upload.State.UNSURE for u in uploads)}
    if request.htmx:
        return render(request, "reports/_progress.html", context)
    return render(request, "reports/progress.html", context)


@require_POST
def read_next(request, batch: str):
    services.read_next(request.user, batch)
    if request.htmx:
        return progress(request, batch)
    return redirect("reports:progress", batch=batch)


@require_POST
def confirm_agency(request, batch: str, pk: int):
    """The uploader says which of the listed agencies the printed name is."""
    upload = get_object_or_404(Upload, batch=batch, pk=pk, uploaded_by=request.user)
    chosen = request.POST.get("agency", "")
    try:
        done = services.confirm_agency(request.user, upload, int(chosen) if chosen.isdigit() else 0)
    except GongkaiError as err:
        messages.error(request, chinese(str(err)))
    else:
        messages.success(request, f"已确认“{upload.agency_as_printed}”即“{done.report.agency.name if done.report else ''}”，"
                                  "今后按此归属。")
    return redirect("reports:progress", batch=batch)


def visible(request, pk: int) -> PublishedReport:
    return get_object_or_404(PublishedReport.objects.visible_to(request.user), pk=pk)


def report(request, pk: int):
    item = visible(request, pk)
    previous = item.last_year()
    return render(request, "reports/report.html", {
        "can_void": access.can_approve(request.user, item.agency_id), "item": item, "model": item.model,
        "tables": lambda: services.tables(from_dict(item.model), item.findings),  # drawn once, then cached
        "findings": services.readable(item.findings), "previous": previous,
        "compared": services.compared(item.model, previous.model) if previous else None})


@require_POST
def void(request, pk: int):
    """A reviewer withdraws an upload (a wrong file, another year's): it leaves the lists
    and no longer counts as submitted; the row, its file and the reason stay in the audit trail."""
    item = visible(request, pk)
    if not access.can_approve(request.user, item.agency_id):
        raise PermissionDenied("作废上传须由本机关审核人操作")
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, "作废须写明理由。")
        return redirect("reports:show", pk=pk)
    item.void(reason[:200])
    messages.success(request, f"已作废“{item.file_name}”（理由：{reason[:200]}）。")
    return redirect("reports:list")


def source(request, pk: int):
    """Where a value was read: its line (and page) in the uploaded file, with the lines around it."""
    found = services.source(visible(request, pk), request.GET.get("path", ""))
    if found is None:
        return HttpResponse('<p class="muted">这个单元格没有可追溯的来源（未印出）。</p>')
    return render(request, "reports/source.html", found)


def download(request, pk: int, fmt: str):
    item = visible(request, pk)
    try:
        body, kind = services.document(item.model, fmt)
    except KeyError:
        raise Http404("没有这种格式") from None
    except GongkaiError as err:
        messages.error(request, chinese(str(err)))
        return redirect("reports:show", pk=pk)
    return attachment(body, kind, f"{item.agency.name}{item.year or ''}年度政府信息公开工作年度报告.{fmt}")
