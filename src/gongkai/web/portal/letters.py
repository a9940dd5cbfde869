"""Letters of a case (受理回执, 补正告知书, 延期告知书, 第三方意见征询函, 收费通知书, 答复书)
as DOCX, and the screen where an agency's 机构管理员 edits its templates and what its
letters say of it (复议机关, 人民法院, 文号前缀)."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from ...cases.letters import (
    ACTS,
    DEFAULTS,
    KINDS,
    PLACEHOLDERS,
    LetterError,
    Template,
    act_date,
    fields,
    fill,
    letter_docx,
    reply_text,
)
from ...errors import GongkaiError
from ...render.docx import MEDIA_TYPE
from ..records.models import Agency, IssuedLetter, LetterTemplate
from ..records.services import work_calendar
from . import access
from .cases import _visible_case


def template_for(agency_id: int, kind: str) -> Template:
    own = LetterTemplate.objects.filter(agency_id=agency_id, kind=kind, voided=False).first()
    return Template(own.title, own.body) if own else DEFAULTS[kind]


def case_letter(request, pk: int, kind: str):
    """A letter of the case as DOCX, dated the day of its act and numbered from the
    agency's sequence (the same letter keeps its number when printed again)."""
    case = _visible_case(request, pk)
    if kind not in KINDS:
        raise Http404("没有找到")
    if case.agency_id not in access.editable_agency_ids(request.user):
        raise PermissionDenied("只有本机关的经办人、审核人可以生成文书")
    domain = case.to_domain()
    on = act_date(domain, kind)
    if on is None:
        messages.error(request, f"{KINDS[kind]}：本案尚无{ACTS[kind]}，不能生成这份文书")
        return redirect("case", pk=pk)
    agency = case.agency
    extra = {"复议机关": agency.review_body, "人民法院": agency.court}
    try:
        template = template_for(case.agency_id, kind)
        calendar = work_calendar()
        values = fields(domain, agency.name, calendar, timezone.localdate(), kind, extra)
        if kind == "reply":
            reply_text(domain)  # says why a reply cannot be written yet (no reasons entered)
        missing = [n for n in ("复议机关", "人民法院") if "{" + n + "}" in template.body and not extra[n]]
        if missing:
            raise LetterError(f"本机关尚未设置{'、'.join(missing)}（由机构管理员在“文书模板”页填写），"
                              "不能写明救济途径")
        fill(template, values | {"文号": "文号"})  # every placeholder fillable before a number is taken
        issued = IssuedLetter.for_case(case, kind, on)
        letter = fill(template, values | {"文号": issued.number})
    except GongkaiError as err:
        messages.error(request, f"{KINDS[kind]}：{err}")
        return redirect("case", pk=pk)
    response = HttpResponse(letter_docx(letter, agency.name, on, issued.number), content_type=MEDIA_TYPE)
    name = f"{case.number}-{KINDS[kind]}.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


class AgencyLetterForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["review_body", "court", "letter_prefix"]


class TemplateForm(forms.Form):
    title = forms.CharField(label="标题", max_length=100)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 10}))

    def clean(self):
        data = super().clean()
        if data.get("title") and data.get("body"):
            try:  # every placeholder known and the braces well formed
                fill(Template(data["title"], data["body"]), {name: name for name in PLACEHOLDERS})
            except GongkaiError as err:
                raise forms.ValidationError(str(err)) from None
        return data


def templates(request):
    managed = [a for a in Agency.objects.filter(voided=False).order_by("name")
               if access.can_manage(request.user, a.id)]
    if not managed:
        raise PermissionDenied("只有机构管理员可以修改文书模板")
    asked = request.GET.get("agency")
    agency = next((a for a in managed if str(a.id) == asked), None) if asked else managed[0]
    if agency is None:  # another agency's templates: refused, never written to one's own
        raise PermissionDenied("只能修改本机关的文书模板")
    settings_data = request.POST if request.method == "POST" and request.POST.get("kind") == "agency" else None
    settings_form = AgencyLetterForm(settings_data, instance=agency, prefix="agency")
    if settings_data is not None and settings_form.is_valid():
        settings_form.save()
        messages.success(request, "已保存本机关的复议机关、人民法院和文号前缀。")
        return redirect(f"{request.path}?agency={agency.id}")
    forms_ = {}
    for kind in KINDS:
        current = template_for(agency.id, kind)
        data = request.POST if request.method == "POST" and request.POST.get("kind") == kind else None
        form = TemplateForm(data, initial={"title": current.title, "body": current.body}, prefix=kind)
        if data is not None and form.is_valid():
            own = LetterTemplate.objects.filter(agency=agency, kind=kind).first() or LetterTemplate(agency=agency,
                                                                                                   kind=kind)
            own.title, own.body, own.voided = form.cleaned_data["title"], form.cleaned_data["body"], False
            own.save()
            messages.success(request, f"已保存{KINDS[kind]}模板。")
            return redirect(f"{request.path}?agency={agency.id}")
        forms_[kind] = form
    return render(request, "portal/letters.html", {
        "agency": agency, "managed": managed, "settings_form": settings_form, "forms": [(k, KINDS[k], f) for k, f in forms_.items()],
        "placeholders": ["{" + p + "}" for p in PLACEHOLDERS]})
