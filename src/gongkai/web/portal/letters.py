"""Letters to the applicant from a case (答复书, 补正告知书, 延期告知书) as DOCX, and the
screen where an agency's 机构管理员 edits its templates."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from ...cases.calendar import default_calendar
from ...cases.letters import DEFAULTS, KINDS, PLACEHOLDERS, Template, fields, fill, letter_docx
from ...errors import GongkaiError
from ...render.docx import MEDIA_TYPE
from ..records.models import Agency, LetterTemplate
from . import access
from .cases import _visible_case


def template_for(agency_id: int, kind: str) -> Template:
    own = LetterTemplate.objects.filter(agency_id=agency_id, kind=kind, voided=False).first()
    return Template(own.title, own.body) if own else DEFAULTS[kind]


def case_letter(request, pk: int, kind: str):
    case = _visible_case(request, pk)
    if kind not in KINDS:
        raise Http404("没有找到")
    if case.agency_id not in access.editable_agency_ids(request.user):
        raise PermissionDenied("只有本机关的经办人、审核人可以生成文书")
    today = timezone.localdate()
    try:
        values = fields(case.to_domain(), case.agency.name, default_calendar(), today)
        letter = fill(template_for(case.agency_id, kind), values)
    except GongkaiError as err:
        messages.error(request, f"{KINDS[kind]}：{err}")
        return redirect("case", pk=pk)
    response = HttpResponse(letter_docx(letter, case.agency.name, today), content_type=MEDIA_TYPE)
    name = f"{case.number}-{KINDS[kind]}.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


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
        "agency": agency, "managed": managed, "forms": [(k, KINDS[k], f) for k, f in forms_.items()],
        "placeholders": ["{" + p + "}" for p in PLACEHOLDERS]})
