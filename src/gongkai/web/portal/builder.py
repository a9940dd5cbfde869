"""The annual report builder: an agency's year compiled from its records, the year's
counts and the narrative sections written here, checked, rendered — and locked when
the report is published, after which it is shown and downloaded as it was locked."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import quote, urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ...checks import check
from ...errors import GongkaiError
from ...load import as_published
from ...report.catalog import SECTIONS
from ...report.jsonio import from_dict, to_dict
from ..records.models import Agency, AnnualDraft, YearCounts
from ..records.services import compile_from_db
from . import access
from .views import _marks, _tables, form_errors, readable

TABLE_RULES = ("B-", "C-", "BLANK", "NOT-A-COUNT", "MISSING-ROW", "MISSING-TABLE")
NARRATIVE = ("intro", "overview", "problems", "other")  # the sections written in words
NARRATIVE_LABELS = {"intro": "开头（编制依据、统计期限、联系方式）"} | {s.key: s.label for s in SECTIONS}


class CountsForm(forms.ModelForm):
    class Meta:
        model = YearCounts
        fields = ["licensing", "penalty", "coercion", "fees_10k_yuan"]


class TextsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in NARRATIVE:
            self.fields[key] = forms.CharField(label=NARRATIVE_LABELS[key], required=False,
                                               widget=forms.Textarea(attrs={"rows": 6}))


class LockForm(forms.Form):
    published = forms.DateField(label="发布日期", widget=forms.DateInput(attrs={"type": "date"}))


def _chosen(request) -> tuple:
    agencies = Agency.objects.filter(id__in=access.visible_agency_ids(request.user), voided=False).order_by("name")
    try:
        year = int(request.GET.get("year", timezone.localdate().year - 1))
        if not 2008 <= year <= timezone.localdate().year:  # the 条例's reports begin with 2008
            raise ValueError(year)
        agency = agencies.get(pk=int(request.GET["agency"])) if "agency" in request.GET else agencies.first()
    except (ValueError, OverflowError, Agency.DoesNotExist) as err:
        raise Http404("没有找到") from err
    draft = AnnualDraft.objects.filter(agency=agency, year=year, voided=False).first() if agency else None
    return agencies, agency, year, draft


def _report(agency: Agency, year: int, draft: AnnualDraft | None):
    """The report as it stands: the locked one, or compiled now with the draft's texts."""
    if draft and draft.locked_at:
        return from_dict(draft.snapshot)
    report, _ = compile_from_db(agency.name, year)
    if draft:
        report.texts = {k: v for k, v in draft.texts.items() if v.strip()}
        report.published = draft.published.isoformat() if draft.published else None
    return report


def _findings(report) -> list[dict]:
    """Checked as it will be published (so the numbers the text states are read, as an
    evaluator reads them): the same findings publication will face, each unwritten part
    among them."""
    return [f.to_dict() for f in check(as_published(report))]


def builder(request):
    agencies, agency, year, draft = _chosen(request)
    context = {"agencies": agencies, "agency": agency, "year": year, "draft": draft, "tables": None}
    if agency is not None:
        report = _report(agency, year, draft)
        model = to_dict(report)
        findings = _findings(report)
        counts = YearCounts.objects.filter(agency=agency, year=year, voided=False).first()
        context.update(
            model=model, findings=readable(findings, model, lines=False), errors=sum(f["severity"] == "error" for f in findings),
            tables=_tables(model, _marks(findings)), query=urlencode({"agency": agency.pk, "year": year}),
            editable=agency.pk in access.editable_agency_ids(request.user) and not (draft and draft.locked_at),
            can_lock=access.can_approve(request.user, agency.pk) and not (draft and draft.locked_at),
            counts_form=CountsForm(instance=counts), counts_seen=_seen(counts),
            texts_seen=_seen(draft.texts if draft else None),
            texts_form=TextsForm(initial=(draft.texts if draft and draft.texts else {})),  # never words no one wrote
            lock_form=LockForm(initial={"published": draft.published if draft else None}))
    return render(request, "portal/builder.html", context)


def _seen(state) -> str:
    """A short fingerprint of what a form was filled from: saving it over a state that
    has changed since is refused instead of silently undoing another person's edit."""
    if state is None:
        return ""
    if isinstance(state, YearCounts):
        state = {f.name: getattr(state, f.name) for f in CountsForm._meta.model._meta.fields if f.name in
                 CountsForm._meta.fields}
    return hashlib.sha256(json.dumps(state, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()[:16]


def _stale(request, current) -> bool:
    if request.POST.get("seen", _seen(current)) != _seen(current):
        messages.error(request, "保存前此内容已被他人修改，为免覆盖，本次未保存；请查看最新内容后再改。")
        return True
    return False


def _back(agency: Agency, year: int):
    return redirect(f"{reverse('builder')}?{urlencode({'agency': agency.pk, 'year': year})}")


@require_POST
def builder_save(request, what: str):
    _, agency, year, draft = _chosen(request)
    if agency is None or agency.pk not in access.editable_agency_ids(request.user):
        raise PermissionDenied("只有本机关的人员可以编写年报")
    back = _back(agency, year)
    if draft and draft.locked_at:
        messages.error(request, f"{year}年度年报已于 {timezone.localtime(draft.locked_at):%Y-%m-%d %H:%M} 发布并锁定，不能再修改。")
        return back
    draft = draft or AnnualDraft(agency=agency, year=year)
    if what == "counts":
        found = YearCounts.objects.filter(agency=agency, year=year, voided=False).first()
        if _stale(request, found):
            return back
        counts = found or YearCounts(agency=agency, year=year)
        form = CountsForm(request.POST, instance=counts)
        if not form.is_valid():
            messages.error(request, form_errors(form))
            return back
        form.save()
        messages.success(request, "已保存年度数字。")
    elif what == "texts":
        if _stale(request, draft.texts if draft.pk else None):
            return back
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
            return back
        draft.published = form.cleaned_data["published"]
        report = _report(agency, year, draft)
        errors = [f for f in check(as_published(report)) if f.severity == "error"]
        if not report.texts or errors:
            why = "正文尚未填写" if not report.texts else "；".join(f"{f.message}〔{f.rule}〕" for f in errors[:5])
            messages.error(request, f"不能发布：{why}。")
            return back
        draft.snapshot, draft.locked_at, draft.locked_by = to_dict(report), timezone.now(), request.user.get_username()
        draft.save()
        messages.success(request, f"已发布并锁定{year}年度年报。")
    else:
        raise Http404("没有找到")
    return back


def builder_download(request):
    _, agency, year, draft = _chosen(request)
    if agency is None:
        raise Http404("没有找到")
    report = _report(agency, year, draft)
    stem = quote(f"{agency.name}{year}年度政府信息公开工作年度报告")
    fmt = request.GET.get("fmt")
    if fmt == "json":
        body, kind, ext = json.dumps(to_dict(report), ensure_ascii=False, indent=2).encode(), "application/json", "json"
    elif fmt == "pdf":
        from ...render.pdf import render_pdf
        try:
            body, kind, ext = render_pdf(report), "application/pdf", "pdf"
        except GongkaiError as err:
            messages.error(request, str(err))
            return _back(agency, year)
    else:
        from ...render.docx import MEDIA_TYPE, render_docx
        body, kind, ext = render_docx(report), MEDIA_TYPE, "docx"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{stem}.{ext}"
    return response
