"""The registers beside the requests, kept by the agency's own staff: 行政复议 and 行政诉讼
(counted into table 三 — 表四 of the 2021 format's numbering of parts) and 规章 and
行政规范性文件 (table 一). Each lists what the user may see, takes a new record from the
agency's staff, and corrects or voids one with a reason — the trail keeps before, after,
who and why."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from ..agencies.models import Agency
from ..agencies.services import access
from ..audit.models import acting_as
from ..http import form_errors
from .forms import DocumentForm, ReasonForm, ReviewForm
from .models import NormativeDocument, Review


@dataclass(frozen=True)
class Register:
    model: type
    form: type
    title: str
    columns: tuple[str, ...]  # the model's fields a list shows
    order: tuple[str, ...]


REGISTERS = {
    "reviews": Register(Review, ReviewForm, "行政复议、行政诉讼案件", ("number", "kind", "filed", "decided", "outcome"),
                        ("-filed", "-id")),
    "documents": Register(NormativeDocument, DocumentForm, "规章和行政规范性文件",
                          ("number", "title", "kind", "issued", "repealed"), ("-issued", "-id")),
}


def _register(kind: str) -> Register:
    if kind not in REGISTERS:
        raise Http404("没有找到")
    return REGISTERS[kind]


def _save(form, who: str, reason: str = ""):
    item = form.save(commit=False)
    if isinstance(item, Review):
        item.case = form.case
    with acting_as(who, reason):
        item.save()
    return item


@require_http_methods(["GET", "POST"])
def record_list(request, kind: str):
    spec = _register(kind)
    editable = Agency.objects.editable_by(request.user).order_by("name")
    form = spec.form(request.POST or None, agencies=editable) if editable.exists() else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("只有机关的工作人员可以登记")
        if form.is_valid():
            item = _save(form, request.user.get_username())
            messages.success(request, f"已登记 {item.number}。")
            return redirect("register:records", kind=kind)
    items = spec.model.objects.visible_to(request.user).select_related("agency").order_by(*spec.order)
    fields = [spec.model._meta.get_field(c) for c in spec.columns]
    rows = [(item, [item._get_FIELD_display(f) if f.choices else getattr(item, f.name) for f in fields])
            for item in items[:1000]]
    return render(request, "register/records.html", {"kind": kind, "spec": spec, "form": form, "rows": rows,
                                                     "headers": [f.verbose_name for f in fields],
                                                     "total": items.count()})


@require_http_methods(["GET", "POST"])
def record_edit(request, kind: str, pk: int):
    """Correct a record (its agency's staff, with a reason) or void it (an approver)."""
    spec = _register(kind)
    item = get_object_or_404(spec.model.objects.visible_to(request.user), pk=pk)
    if item.agency_id not in access.editable_agency_ids(request.user):
        raise PermissionDenied("只有本机关的工作人员可以更正")
    editable = Agency.objects.editable_by(request.user).order_by("name")
    form = spec.form(request.POST or None, instance=item, agencies=editable)
    why = ReasonForm(request.POST or None)
    if request.method == "POST":
        if not why.is_valid():
            messages.error(request, "更正或作废须写明理由")
        elif "void" in request.POST:
            if not access.can_approve(request.user, item.agency_id):
                raise PermissionDenied("作废须由审核人进行")
            with acting_as(request.user.get_username()):
                item.void(why.cleaned_data["reason"])
            messages.success(request, f"已作废 {item.number}。")
            return redirect("register:records", kind=kind)
        elif form.is_valid():
            _save(form, request.user.get_username(), why.cleaned_data["reason"])
            messages.success(request, f"已更正 {item.number}。")
            return redirect("register:records", kind=kind)
        else:
            messages.error(request, form_errors(form))
    return render(request, "register/record_edit.html", {
        "kind": kind, "spec": spec, "item": item, "form": form, "why": why,
        "approver": access.can_approve(request.user, item.agency_id)})
