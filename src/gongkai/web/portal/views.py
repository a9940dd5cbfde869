"""Screens: login, reports (upload, list, one report with its tables, findings and
sources, downloads). Thin views; the work is done by gongkai's library."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from itertools import takewhile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods, require_POST

from ...checks import check
from ...checks.evidence import label
from ...checks.rules import SEVERITY_ZH
from ...errors import GongkaiError
from ...extract import extract
from ...ingest import read_bytes
from ...report.catalog import (
    SINGLE_OTHER_ROW,
    TABLE_B_APPLICANT_GROUP,
    TABLE_B_COLUMNS,
    TABLE_B_LEGAL_GROUP,
    TABLE_B_NOTE,
    TABLE_B_OTHER_2019_LABEL,
    TABLE_B_ROWS,
    TABLE_C_GROUPS,
    TABLE_C_LITIGATION,
    TABLE_C_OUTCOMES,
    fold,
)
from ...report.formats import B_WIDTH, CellRef, format_of
from ...report.jsonio import from_dict, to_dict
from ..files import store
from ..records.models import Agency, AuditEntry
from . import access
from .models import PublishedReport


def form_errors(form) -> str:
    """A form's errors as one message: 字段：原因；字段：原因."""
    return "；".join(f"{form.fields[k].label if k in form.fields else ''}：{' '.join(v)}"
                    for k, v in form.errors.items())


def _audit(request, action: str, **changes) -> None:
    user = request.user.get_username() if request.user.is_authenticated else changes.pop("username", "")
    AuditEntry.objects.create(actor=user or "匿名", model="login", object_id=request.META.get("REMOTE_ADDR", "?"),
                              action=action, changes=changes)


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """Login with a lockout after repeated failures for one user name from one address.
    It also serves /admin/login/, so the administrators' login is locked and audited alike."""

    template_name = "portal/login.html"

    def _key(self) -> str:
        # the name as login reads it (Django's UsernameField: NFKC, stripped), so " a1",
        # "a1\t" and full-width "ａ１" share one count of failures
        name = unicodedata.normalize("NFKC", self.request.POST.get("username", "")).strip().casefold()
        return f"login-failures:{self.request.META.get('REMOTE_ADDR', '?')}:{name}"

    def post(self, request, *args, **kwargs):
        if cache.get(self._key(), 0) >= settings.LOGIN_ATTEMPTS:
            _audit(request, "locked", username=request.POST.get("username", ""))
            form = self.get_form()
            form.add_error(None, f"登录失败次数过多，请 {settings.LOGIN_LOCKOUT_SECONDS // 60} 分钟后再试。")
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        key = self._key()
        cache.set(key, cache.get(key, 0) + 1, settings.LOGIN_LOCKOUT_SECONDS)
        _audit(self.request, "failed", username=self.request.POST.get("username", ""))
        return super().form_invalid(form)

    def form_valid(self, form):
        cache.delete(self._key())
        response = super().form_valid(form)
        _audit(self.request, "login")
        return response


def home(request):
    return redirect("reports")


# --- reports ------------------------------------------------------------------------------

def _agency_for(report, editable: list[Agency]) -> Agency | None:
    """The agency the report names, among those the user may upload for — never one it
    does not name (another city's report is not filed under one's own agency)."""
    printed = fold(report.agency or "")
    return next((a for a in editable if printed and fold(a.name) == printed), None)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (the password rules of settings apply); the session stays."""

    template_name = "portal/password.html"
    success_url = "/"

    def form_valid(self, form):
        response = super().form_valid(form)
        _audit(self.request, "password")
        messages.success(self.request, "密码已修改。")
        return response


def _store(request, upload, editable: list[Agency]) -> str | None:
    """Read, check and keep one uploaded file; the error message when it cannot be."""
    data = upload.read()
    digest = hashlib.sha256(data).hexdigest()
    # the same content names the same agency: recognised before it is read again, not stored twice
    same = PublishedReport.objects.filter(agency__in=editable, sha256=digest, voided=False).first()
    if same is not None:
        return f"{upload.name}：与已上传的“{same.file_name}”内容相同，未重复保存"
    try:
        report = extract(read_bytes(data, upload.name))
    except GongkaiError as err:
        return f"{upload.name}：{err}"
    agency = _agency_for(report, editable)
    if agency is None:
        names = "、".join(a.name for a in editable)
        if not report.agency:
            return f"{upload.name}：报告中未注明机关，无法确定归属（您可上传：{names}），未保存"
        return f"{upload.name}：报告所载机关为“{report.agency}”，不是您可以上传年报的机关（{names}），未保存"
    last = PublishedReport.objects.filter(agency=agency, year=(report.year or 0) - 1, voided=False).first()
    # with last year's report at hand, the cross-year rules apply too (carry-over, 现行有效件数, copied text)
    findings = [f.to_dict() for f in check(report, from_dict(last.model) if last else None)]
    store(settings.UPLOAD_DIR, digest, data)
    PublishedReport(agency=agency, uploaded_by=request.user, file_name=upload.name[:255], sha256=digest,
                    size=len(data), form=report.source.get("form", ""), year=report.year,
                    agency_as_printed=report.agency or "", model=to_dict(report), findings=findings,
                    errors=sum(f["severity"] == "error" for f in findings),
                    warnings=sum(f["severity"] == "warning" for f in findings)).save()
    return None


@require_http_methods(["GET", "POST"])
def reports(request):
    visible = access.visible_agency_ids(request.user)
    editable = list(Agency.objects.filter(id__in=access.uploadable_agency_ids(request.user), voided=False)
                    .order_by("name"))
    if request.method == "POST":
        if not editable:
            raise Http404("没有找到")
        files = request.FILES.getlist("files")
        if not files:
            messages.error(request, "请选择要上传的年报文件。")
        for upload in files:
            problem = _store(request, upload, editable)
            if problem:
                messages.error(request, problem)
            else:
                messages.success(request, f"{upload.name}：已读取并检查。")
        return redirect("reports")
    items = PublishedReport.objects.filter(agency_id__in=visible, voided=False).select_related("agency")
    year = request.GET.get("year")
    if year and year.isdigit():
        items = items.filter(year=int(year))
    return render(request, "portal/reports.html", {"reports": items, "can_upload": bool(editable)})


def _visible_report(request, pk: int) -> PublishedReport:
    report = get_object_or_404(PublishedReport, pk=pk, voided=False)
    return access.visible_or_404(request.user, report, report.agency_id)


def _marks(findings: list[dict]) -> dict[str, str]:
    """Cell path → the worst severity of the findings that name it."""
    order = {"error": 0, "warning": 1, "notice": 2}
    marks: dict[str, str] = {}
    for f in findings:
        paths = [e["path"] for e in f.get("evidence", []) if e.get("path")]
        if f.get("table") in ("A", "B", "C") and f.get("column") is not None and not paths:
            paths = [CellRef(f["table"], f.get("row"), f["column"]).path]
        for p in paths:
            if p not in marks or order[f["severity"]] < order[marks[p]]:
                marks[p] = f["severity"]
    return marks


def readable(findings: list[dict], model: dict, lines: bool = True) -> list[dict]:
    """Findings as a person reads them: the severity in words, the message first, each
    cell by its name in the statutory format; the rule code kept, secondary. `lines`
    False for a report being written on the platform (it has no lines of its own yet)."""
    report = from_dict(model)
    out = []
    for f in findings:
        evidence = [dict(e, name=label(report, e["path"]) if e.get("path") else "") for e in f.get("evidence", [])]
        if not lines:
            evidence = [dict(e, line=None, page=None) for e in evidence]
        out.append(dict(f, severity_zh=SEVERITY_ZH.get(f["severity"], f["severity"]), evidence=evidence))
    return out


def _tables(model: dict, marks: dict) -> dict:
    """The three tables as rows of cells (value, path, mark) in the statutory layout."""
    def cell(path, value):
        return {"value": "空白" if value is None else value, "path": path, "mark": marks.get(path, ""),
                "blank": value is None}

    fmt = format_of(model.get("format_version"))
    out = {"a": [], "b": [], "c": [], "b_columns": [c.label for c in TABLE_B_COLUMNS],
           "b_note": TABLE_B_NOTE, "b_applicants": TABLE_B_APPLICANT_GROUP, "b_legal": TABLE_B_LEGAL_GROUP,
           "c_litigation": TABLE_C_LITIGATION,
           "c_groups": [g.label for g in TABLE_C_GROUPS], "c_outcomes": [o.label for o in TABLE_C_OUTCOMES]}
    if model.get("table_a") is not None:
        for spec in fmt.table_a:
            row = model["table_a"].get(spec.key)
            out["a"].append({"caption": spec.caption, "label": spec.label, "printed": row is not None,
                             "cells": [cell(f"table_a.{spec.key}.{c.key}", (row or {}).get(c.key)) for c in spec.columns],
                             "headers": [c.label for c in spec.columns]})
    if model.get("table_b") is not None:
        rows = model["table_b"]["rows"]
        single = SINGLE_OTHER_ROW in (model.get("labels") or {})
        for spec in TABLE_B_ROWS:
            label = fmt.label("B", spec.key)
            if spec.key == "other_other" and single:
                label = TABLE_B_OTHER_2019_LABEL
            values = rows.get(spec.key)
            if values is None and (not fmt.has_row("B", spec.key) or single and spec.key.startswith("other_overdue")):
                continue
            out["b"].append({"label": label, "level1": spec.level1, "level2": spec.level2,
                             "printed": values is not None,
                             "cells": [cell(f"table_b.{spec.key}.{i}", None if values is None else values[i])
                                       for i in range(B_WIDTH)]})
        _spans(out["b"])
    if model.get("table_c") is not None:
        out["c"] = [cell(f"table_c.{i}", v) for i, v in enumerate(model["table_c"])]
    return out


def _spans(rows: list[dict]) -> None:
    """Row spans of the merged label cells, as the format prints them: 三、本年度办理结果
    over all its rows, （三）不予公开 and the like over theirs."""
    for level in ("level1", "level2"):
        for i, row in enumerate(rows):
            row[f"{level}_span"] = 0
            if row[level] and (i == 0 or rows[i - 1][level] != row[level]):
                row[f"{level}_span"] = sum(1 for _ in takewhile(lambda r, v=row[level]: r[level] == v, rows[i:]))
    for row in rows:  # a row under 三 with no level-2 group spans both label columns
        row["wide"] = bool(row["level1"]) and not row["level2"]


COMPARED = (("new_received", "本年新收申请"), ("carried_over", "上年结转申请"), ("carry_forward", "结转下年度继续办理"))


def _compare(model: dict, last: dict) -> list[tuple[str, object, object]]:
    """This year's headline numbers beside last year's (总计 column of table 三; table 四's
    totals; 现行有效 normative documents)."""
    def b(m, key):
        row = ((m.get("table_b") or {}).get("rows") or {}).get(key)
        return row[6] if row else None

    def c(m, i):
        cells = m.get("table_c")
        return cells[i] if cells else None

    def a(m):
        return ((m.get("table_a") or {}).get("normative_documents") or {}).get("in_force")

    rows = [(label, b(model, key), b(last, key)) for key, label in COMPARED]
    rows += [("行政复议（总计）", c(model, 4), c(last, 4)), ("未经复议直接起诉（总计）", c(model, 9), c(last, 9)),
             ("复议后起诉（总计）", c(model, 14), c(last, 14)), ("现行有效行政规范性文件", a(model), a(last))]
    return rows


def report(request, pk: int):
    item = _visible_report(request, pk)
    marks = _marks(item.findings)
    previous = PublishedReport.objects.filter(agency=item.agency, year=(item.year or 0) - 1, voided=False).first()
    return render(request, "portal/report.html", {
        "can_void": access.can_approve(request.user, item.agency_id),
        "item": item, "model": item.model, "tables": _tables(item.model, marks), "findings": readable(item.findings, item.model),
        "previous": previous, "compared": _compare(item.model, previous.model) if previous else None})


@require_POST
def void(request, pk: int):
    """A reviewer withdraws an upload (a wrong file, another year's): it leaves the lists
    and no longer counts as submitted; the row, its file and the reason stay in the audit trail."""
    item = _visible_report(request, pk)
    if not access.can_approve(request.user, item.agency_id):
        raise PermissionDenied("作废上传须由本机关审核人操作")
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, "作废须写明理由。")
        return redirect("report", pk=pk)
    item.void(reason[:200])
    messages.success(request, f"已作废“{item.file_name}”（理由：{reason[:200]}）。")
    return redirect("reports")


def source(request, pk: int):
    """Where a value was read: its line (and page) in the uploaded file, with the lines around it."""
    item = _visible_report(request, pk)
    path = request.GET.get("path", "")
    src = item.model.get("provenance", {}).get(path)
    if not src:
        return HttpResponse('<p class="muted">这个单元格没有可追溯的来源（未印出）。</p>')
    data = (settings.UPLOAD_DIR / item.sha256).read_bytes()
    lines = read_bytes(data, item.file_name).lines
    n = src.get("line") or 0
    context = [(i, lines[i - 1], i == n) for i in range(max(1, n - 2), min(len(lines), n + 2) + 1)]
    return render(request, "portal/source.html", {"item": item, "name": label(from_dict(item.model), path),
                                                  "src": src, "context": context})


def download(request, pk: int, fmt: str):
    item = _visible_report(request, pk)
    model = from_dict(item.model)
    stem = f"{item.agency.name}{item.year or ''}年度政府信息公开工作年度报告"
    if fmt == "json":
        body, kind = json.dumps(item.model, ensure_ascii=False, indent=2).encode(), "application/json"
    elif fmt == "docx":
        from ...render.docx import MEDIA_TYPE, render_docx
        body, kind = render_docx(model), MEDIA_TYPE
    elif fmt == "pdf":
        from ...render.pdf import render_pdf
        try:
            body = render_pdf(model)
        except GongkaiError as err:
            messages.error(request, str(err))
            return redirect("report", pk=pk)
        kind = "application/pdf"
    else:
        raise Http404("没有这种格式")
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(stem)}.{fmt}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote
    return quote(name)
