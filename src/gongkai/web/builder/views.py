"""The annual report builder: an agency's year compiled from its records, the year's
counts and the narrative sections written here, checked, rendered — and locked when
the report is published, after which it is shown and downloaded as it was locked."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ...errors import GongkaiError, chinese
from ..agencies.models import Agency
from ..agencies.services import access
from ..http import attachment, form_errors
from ..register.services import corrections_since, unkept_registers
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
        report, behind = services.report_with_records(agency, year, draft)
        previous, previous_name = services.last_year(agency, year)
        found = [f.to_dict() for f in services.findings(report, previous)]
        counts = YearCounts.objects.filter(agency=agency, year=year, voided=False).first()
        locked = bool(draft and draft.locked_at)
        context.update(
            findings=readable(found, report, lines=False), errors=sum(f["severity"] == "error" for f in found),
            tables=tables(report, found), query=urlencode({"agency": agency.pk, "year": year}),
            editable=agency.pk in access.editable_agency_ids(request.user) and not locked,
            can_lock=access.can_approve(request.user, agency.pk) and not locked,
            can_reopen=access.can_approve(request.user, agency.pk) and locked,
            can_submit=agency.pk in access.editable_agency_ids(request.user) and not locked
            and not access.can_approve(request.user, agency.pk) and not (draft and draft.submitted_at),
            counts_form=CountsForm(instance=counts), seen=services.seen(draft, counts),
            texts_form=TextsForm(initial=(draft.texts if draft and draft.texts else {})),  # never words no one wrote
            lock_form=LockForm(initial={"published": draft.published if draft else None}),
            since=corrections_since(agency, year, draft.locked_at) if locked else [],
            unkept=[] if locked else unkept_registers(agency, year),
            behind=behind, previous_name=previous_name)
    return render(request, "builder/builder.html", context)


def back(agency: Agency, year: int):
    return redirect(f"{reverse('builder:show')}?{urlencode({'agency': agency.pk, 'year': year})}")


@require_POST
def builder_save(request, what: str):
    """Save the counts or the texts, or lock on publication — each over the state the form
    was filled from (its fingerprint, required), under the draft's row lock."""
    _, agency, year, _ = chosen(request)
    if agency is None or agency.pk not in access.editable_agency_ids(request.user):
        raise PermissionDenied("只有本机关的人员可以编写年报")
    if what in ("lock", "reopen", "return") and not access.can_approve(request.user, agency.pk):
        raise PermissionDenied("发布锁定、退回和重新打开须由审核人确认")
    saw = request.POST.get("seen")
    try:
        if saw is None:  # a form from elsewhere, or from before the fingerprints
            raise services.Refused("表单缺少核对信息，为免覆盖他人的修改，本次未保存；请刷新页面后再改。")
        if what == "counts":
            form = CountsForm(request.POST)
            if not form.is_valid():
                raise services.Refused(form_errors(form))
            services.save_counts(agency, year, form.cleaned_data, saw)
            done = "已保存年度数字。"
        elif what == "texts":
            form = TextsForm(request.POST)
            form.is_valid()
            services.save_texts(agency, year, {k: form.cleaned_data.get(k, "").strip() for k in NARRATIVE}, saw)
            done = "已保存正文。"
        elif what == "lock":
            form = LockForm(request.POST, year=year)
            if not form.is_valid():
                raise services.Refused(form_errors(form))
            services.lock(agency, year, form.cleaned_data["published"], saw, request.user.get_username())
            done = f"已发布并锁定{year}年度年报。"
        elif what == "submit":
            services.submit(agency, year, saw, request.user.get_username())
            done = f"已将{year}年度年报送审，待审核人签发（发布锁定）。"
        elif what == "return":
            services.send_back(agency, year, request.POST.get("note", ""), request.user.get_username())
            done = f"已退回{year}年度年报。"
        elif what == "reopen":
            services.reopen(agency, year, request.POST.get("reason", ""), request.user.get_username())
            done = f"已重新打开{year}年度年报；更正后须重新发布锁定（记为重新提交）。"
        else:
            raise Http404("没有找到")
    except services.Refused as err:
        messages.error(request, chinese(str(err)))
    else:
        messages.success(request, done)
    return back(agency, year)


def builder_download(request):
    _, agency, year, draft = chosen(request)
    if agency is None:
        raise Http404("没有找到")
    fmt = request.GET.get("fmt") if request.GET.get("fmt") in ("json", "pdf") else "docx"
    try:
        body, kind = document(services.report_for(agency, year, draft), fmt)
    except GongkaiError as err:
        messages.error(request, chinese(str(err)))
        return back(agency, year)
    return attachment(body, kind, f"{agency.name}{year}年度政府信息公开工作年度报告.{fmt}")
