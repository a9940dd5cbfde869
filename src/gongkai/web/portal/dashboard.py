"""The dashboard: a year's requests by month and applicant type, outcomes, replies on
time, review and lawsuit correction rates (charts drawn by ECharts, served locally);
for a supervisor, every subordinate agency's report status and who has not submitted."""

from __future__ import annotations

from collections import Counter

from django.shortcuts import render
from django.utils import timezone

from ...cases.clocks import APPLICANT_TYPES
from ...errors import GongkaiError
from ...report.agency import publication_deadline
from ...report.catalog import TABLE_B_ROW
from ..records.models import Agency, RequestCase, Review
from ..records.services import work_calendar
from . import access
from .submissions import submissions

_GROUPS = {"granted": "予以公开", "partial": "部分公开"}


def _group(outcome: str) -> str:
    if outcome in _GROUPS:
        return _GROUPS[outcome]
    level2 = TABLE_B_ROW[outcome].level2
    return level2[3:] if level2 else outcome


def dashboard(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    visible = access.visible_agency_ids(request.user)
    cases = list(RequestCase.objects.filter(agency_id__in=visible, voided=False).prefetch_related("events"))
    by_month = {kind: [0] * 12 for kind in APPLICANT_TYPES}
    outcomes: Counter = Counter()
    on_time = late = 0
    cal = work_calendar()
    for case in cases:
        received = case.confirmed or case.submitted
        if received.year == year:
            by_month[case.applicant_type][received.month - 1] += 1
        if case.closed_on and case.closed_on.year == year:
            outcomes[_group(case.outcome)] += 1
            try:
                was_late = case.to_domain().late(cal)  # as recorded when it was closed
            except GongkaiError:
                continue
            late += was_late
            on_time += not was_late
    reviews = Review.objects.filter(agency_id__in=visible, voided=False, decided__year=year)
    decided = Counter((r.kind, r.outcome) for r in reviews)
    rates = []
    for kind, name in (("review", "行政复议"), ("litigation_direct", "直接起诉"), ("litigation_after_review", "复议后起诉")):
        total = sum(n for (k, _), n in decided.items() if k == kind)
        rates.append({"name": name, "total": total, "corrected": decided[(kind, "corrected")]})
    agencies = list(Agency.objects.filter(id__in=visible, voided=False).order_by("name"))
    done = submissions([a.pk for a in agencies], year - 1)
    status = [{"agency": a, "report": done.get(a.pk)} for a in agencies]
    missing: dict = {}  # due date → the agencies past it without a report
    for s in status:
        s["due"] = publication_deadline(s["agency"].name, year - 1)
        if not s["report"]:
            missing.setdefault(s["due"], []).append(s["agency"])
    data = {"months": [f"{m}月" for m in range(1, 13)],
            "by_month": [{"name": APPLICANT_TYPES[k], "data": v} for k, v in by_month.items()],
            "outcomes": [{"name": k, "value": v} for k, v in outcomes.most_common()],
            "timeliness": {"on_time": on_time, "late": late,
                           "rate": round(100 * on_time / (on_time + late)) if on_time + late else None},
            "rates": rates}
    return render(request, "portal/dashboard.html", {
        "year": year, "data": data, "status": status, "missing": [(due, (today - due).days, names) for due, names in sorted(missing.items())],
        "deadlines": sorted({s["due"] for s in status}),
        "received": sum(sum(v) for v in by_month.values())})
