"""The dashboard: a year's requests by month and applicant type, outcomes, replies on
time, review and lawsuit correction rates (charts drawn by ECharts, served locally);
for a supervisor, every subordinate agency's report status and who has not submitted."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from ...report.agency import publication_deadline
from ..agencies.models import Agency
from ..register.services import year_figures
from .services import submissions


def dashboard(request):
    today = timezone.localdate()
    asked = request.GET.get("year", "")
    if not asked:
        year = today.year
    elif asked.isascii() and asked.isdigit() and 2008 <= int(asked) <= today.year + 1:
        year = int(asked)
    else:
        raise Http404("没有找到")
    agencies = list(Agency.objects.visible_to(request.user).order_by("name"))
    ids = [a.pk for a in agencies]
    data = year_figures(ids, year)
    done = submissions(ids, year - 1)
    status = [{"agency": a, "report": done.get(a.pk), "due": publication_deadline(a.name, year - 1)} for a in agencies]
    missing: dict = {}  # due date → the agencies past it without a report
    for s in status:
        if not s["report"]:
            missing.setdefault(s["due"], []).append(s["agency"])
    return render(request, "supervision/dashboard.html", {
        "year": year, "data": data, "status": status, "received": data["received"],
        "missing": [(due, (today - due).days, names) for due, names in sorted(missing.items())],
        "deadlines": sorted({s["due"] for s in status})})
