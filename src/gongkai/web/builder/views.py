"""The annual report builder: an agency's year compiled from its records, the year's
counts and the narrative sections written here, checked, rendered — and locked when
the report is published, after which it is shown and downloaded as it was locked."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ...errors import GongkaiError
from ..agencies.models import Agency
from ..agencies.services import access
from ..http import attachment, form_errors
from ..reports.services import document, readable, tables
from . import services
from .forms import NARRATIVE, CountsForm, LockForm, TextsForm
from .models import AnnualDraft, YearCounts


def chosen(request) -> tuple:
    agencies = Agency.objects.visible_to(request.user).order_by("name")
    try:
        year = int(request.GET.get("year", timezone.localdate().year - 1))
        if not 2008 <= year <= timezone.localdate().year:  # the 条例's reports begin with 2008
            raise ValueError(year)
        agency = agencies.get(pk=int(request.GET["agency"])) if "agency" in request.GET else agencies.first()
    except (ValueError, OverflowError, Agency.DoesNotExist) as err:
        raise Http404("没有找到") from err
    draft = AnnualDraft.objects.filter(agency=agency, year=year, voided=False).first() if agency else None
    return agencies, agency, year, draft


def builder(request):
    agencies, agency, year, draft = chosen(request)
    context = {"agencies": agencies, "agency": agency, "year": year, "draft": draft, "tables": None}
    if agency is not None:
        report = services.report_for(agency, year, draft)
        found = [f.to_dict() for f in services.findings(report)]
        counts = YearCounts.objects.filter(agency=agency, year=year, voided=False).first()
        locked = bool(draft and draft.locked_at)
        context.update(
            findings=readable(found, report, lines=False), errors=sum(f["severity"] == "error" for f in found),
            tables=tables(report, found), query=urlencode({"agency": agency.pk, "year": year}),
            editable=agency.pk in access.editable_agency_ids(request.user) and not locked,
            can_lock=access.can_approve(request.user, agency.pk) and not locked,
            counts_form=CountsForm(instance=counts), counts_seen=seen(counts),
            texts_seen=seen(draft.texts if draft else None),
            texts_form=TextsForm(initial=(draft.texts if draft and draft.texts else {})),  # never words no one wrote
            lock_form=LockForm(initial={"published": draft.published if draft else None}))
    return render(request, "builder/builder.html", context)


def seen(state) -> str:
    """A short fingerprint of what a form was filled from: saving it over a state that
    has changed since is refused instead of silently undoing another person's edit."""
    if state is None:
        return ""
    if isinstance(state, YearCounts):
        state = {name: getattr(state, name) for name in CountsForm._meta.fields}
    return hashlib.sha256(json.dumps(state, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()[:16]


def stale(request, current) -> bool:
    if request.POST.get("seen", seen(current)) != seen(current):
        messages.error(request, "保存前此内容已被他人修改，为免覆盖，本次未保存；请查看最新内容后再改。")
        return True
    return False


def back(agency: Agency, year: int):
    return redirect(f"{reverse('builder:show')}?{urlencode({'agency': agency.pk, 'year': year})}")


@require_POST
def builder_save(request, what: str):
    _, agency, year, draft = chosen(request)
    if agency is None or agency.pk not in access.editable_agency_ids(request.user):
        raise PermissionDenied("只有本机关的人员可以编写年报")
    there = back(agency, year)
    if draft and draft.locked_at:
        messages.error(request, f"{year}年度年报已于 {timezone.localtime(draft.locked_at):%Y-%m-%d %H:%M} 发布并锁定，不能再修改。")
        return there
    draft = draft or AnnualDraft(agency=agency, year=year)
    if what == "counts":
        found = YearCounts.objects.filter(agency=agency, year=year, voided=False).first()
        if stale(request, found):
            return there
        form = CountsForm(request.POST, instance=found or YearCounts(agency=agency, year=year))
        if not form.is_valid():
            messages.error(request, form_errors(form))
            return there
        form.save()
        messages.success(request, "已保存年度数字。")
    elif what == "texts":
        if stale(request, draft.texts if draft.pk else None):
            return there
        form = TextsForm(request.POST)
        form.is_valid()
        draft.texts = {k: form.cleaned_data.get(k, "").strip() for k in NARRATIVE}
        draft.save()
        messages.success(request, "已保存正文。")
    elif what == "lock":
        if not access.can_approve(request.user, agency.pk):
            raise PermissionDenied("发布锁定须由审核人确认")
        form = LockForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请填写发布日期。")
            return there
        draft.published = form.cleaned_data["published"]
        why = services.lock(draft, request.user.get_username())
        if why:
            messages.error(request, f"不能发布：{why}。")
            return there
        messages.success(request, f"已发布并锁定{year}年度年报。")
    else:
        raise Http404("没有找到")
    return there


def builder_download(request):
    _, agency, year, draft = chosen(request)
    if agency is None:
        raise Http404("没有找到")
    fmt = request.GET.get("fmt") if request.GET.get("fmt") in ("json", "pdf") else "docx"
    try:
        body, kind = document(services.report_for(agency, year, draft), fmt)
    except GongkaiError as err:
        messages.error(request, str(err))
        return back(agency, year)
    return attachment(body, kind, f"{agency.name}{year}年度政府信息公开工作年度报告.{fmt}")
