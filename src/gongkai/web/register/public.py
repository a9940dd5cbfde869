"""The applicant's side of the register, open without a login: the application form
(第二十九条), its 受理回执 with the query code, and the status page for that code. A
public form is limited per address (PUBLIC_APPLICATIONS_PER_HOUR applications, and
PUBLIC_LOOKUPS_PER_HOUR wrong query codes, an hour)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ...errors import GongkaiError, chinese
from ..agencies.models import Agency
from . import services
from .forms import PublicForm, StatusForm

HOUR = 3600


def _count_key(request, what: str) -> str:
    address = request.META.get("REMOTE_ADDR", "?")
    return f"public:{what}:{hashlib.sha256(address.encode()).hexdigest()[:32]}"


def _over(request, what: str, limit: int) -> bool:
    return cache.get(_count_key(request, what), 0) >= limit


def _count(request, what: str) -> None:
    key = _count_key(request, what)
    try:
        cache.incr(key)
    except ValueError:  # the first in this hour
        cache.set(key, 1, HOUR)


@login_not_required
@require_http_methods(["GET", "POST"])
def apply(request):
    agencies = Agency.objects.filter(voided=False).order_by("name")
    initial = {}
    if request.GET.get("agency", "").isdigit():
        initial["agency"] = int(request.GET["agency"])
    form = PublicForm(request.POST or None, initial=initial, agencies=agencies)
    limited = _over(request, "apply", settings.PUBLIC_APPLICATIONS_PER_HOUR)
    if request.method == "POST" and limited:
        form.add_error(None, f"本地址一小时内提交的申请已达 {settings.PUBLIC_APPLICATIONS_PER_HOUR} 件，请稍后再提交，"
                             "或以信函、当面等方式提出申请。")
        return render(request, "register/public_apply.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k not in ("agency", "website")}
        try:
            case = services.register_online(form.cleaned_data["agency"], **values)
        except GongkaiError as err:
            form.add_error(None, chinese(str(err)))
        else:
            _count(request, "apply")
            request.session["receipt"] = case.pk  # shown once more on reload, never in the address
            return redirect("register:receipt")
    return render(request, "register/public_apply.html", {"form": form})


@login_not_required
def receipt(request):
    """The 受理回执 of the application just made in this browser."""
    case = services.receipt_case(request.session.get("receipt"))
    if case is None:
        return redirect("register:apply")
    return render(request, "register/public_receipt.html", {"case": case, "status": services.public_status(case)})


@login_not_required
@require_http_methods(["GET", "POST"])
def status(request):
    """The status of an application, for its query code (posted: a code is kept out of
    addresses, logs and the browser's history)."""
    form = StatusForm(request.POST or None)
    found, shown, code = None, None, 200
    if request.method == "POST" and form.is_valid():
        if _over(request, "lookup", settings.PUBLIC_LOOKUPS_PER_HOUR):
            form.add_error(None, "本地址一小时内输入错误的查询码过多，请稍后再试。")
            code = 429
        else:
            found = services.find_by_code(form.cleaned_data["code"])
            if found is None:
                _count(request, "lookup")
                form.add_error("code", "没有找到这个查询码对应的申请，请核对后重新输入。")
                code = 404
            else:
                shown = services.public_status(found)
    return render(request, "register/public_status.html", {"form": form, "status": shown}, status=code)
