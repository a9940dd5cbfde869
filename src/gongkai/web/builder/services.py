"""The year's report of an agency: compiled from its register and the year's counts,
with the narrative written on the platform; checked as it will be published; locked
on publication, after which it is the report as it was locked."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone

from ...cases.compile import YearCounts as DomainCounts
from ...cases.compile import compile_year
from ...load import as_published, checked
from ...report.jsonio import from_dict, to_dict
from ...report.model import AnnualReport
from ..agencies.models import Agency
from ..register.services import year_records
from .models import AnnualDraft, YearCounts

__all__ = ["compile_report", "report_for", "findings", "lock", "locked_drafts", "locked_counts"]


def compile_report(agency: Agency, year: int) -> tuple[AnnualReport, dict[str, list[str]]]:
    """The year's tables from the register (and the year's counts): the report, and
    for every cell the numbers of the records it counts."""
    cases, reviews, documents = year_records(agency)
    row = YearCounts.objects.filter(agency=agency, year=year, voided=False).first()
    counts = DomainCounts() if row is None else DomainCounts(
        row.licensing, row.penalty, row.coercion, None if row.fees_10k_yuan is None else float(row.fees_10k_yuan))
    report, members = compile_year(agency.name, year, cases, reviews, documents, counts)
    report.region = agency.region or None
    return report, members


def report_for(agency: Agency, year: int, draft: AnnualDraft | None) -> AnnualReport:
    """The report as it stands: the locked one, or compiled now with the draft's texts."""
    if draft and draft.locked_at:
        return from_dict(draft.snapshot)
    report, _ = compile_report(agency, year)
    if draft:
        report.texts = {k: v for k, v in draft.texts.items() if v.strip()}
        report.published = draft.published.isoformat() if draft.published else None
    return report


def findings(report: AnnualReport) -> list:
    """Checked as it will be published (so the numbers the text states are read, as an
    evaluator reads them): the same findings publication will face, each unwritten part
    among them."""
    return checked(as_published(report))[1]


def lock(draft: AnnualDraft, who: str) -> str:
    """Publish and lock the draft: "" when it was locked, else why not (nothing is locked)."""
    report = report_for(draft.agency, draft.year, draft)
    if not report.texts:
        return "正文尚未填写"
    errors = [f for f in findings(report) if f.severity == "error"]
    if errors:
        return "；".join(f"{f.message}〔{f.rule}〕" for f in errors[:5])
    draft.snapshot, draft.locked_at, draft.locked_by = to_dict(report), timezone.now(), who
    draft.save()
    return ""


def locked_drafts(agency_ids, year: int):
    """The reports of `year` published and locked on the platform."""
    return AnnualDraft.objects.filter(agency_id__in=agency_ids, year=year, voided=False,
                                      locked_at__isnull=False).select_related("agency")


def locked_counts(draft: AnnualDraft) -> tuple[int, int]:
    """(errors, warnings) of a locked report — checked once: what was locked never changes."""
    def counted():
        found = findings(from_dict(draft.snapshot))
        return sum(f.severity == "error" for f in found), sum(f.severity == "warning" for f in found)
    return tuple(cache.get_or_set(f"locked-findings:{draft.pk}:{draft.locked_at.isoformat()}", counted, None))
