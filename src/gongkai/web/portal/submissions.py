"""Whether an agency has submitted its annual report for a year — one fact, read in one
place by every dashboard and the 未提交 list. A report counts as submitted when it was
uploaded and accepted (filed under the agency it names and not voided by a reviewer) or
written in the builder and published and locked. The statutory deadline is
`report.agency.publication_deadline` (条例 第四十九条)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from ...checks import check
from ...load import as_published
from ...report.agency import publication_deadline
from ...report.jsonio import from_dict
from ..records.models import AnnualDraft
from .models import PublishedReport


@dataclass
class Submission:
    how: str  # 上传 / 发布锁定
    on: dt.date
    link: str
    name: str
    errors: int
    warnings: int
    due: dt.date

    @property
    def late(self) -> bool:
        return self.on > self.due

    @property
    def status(self) -> str:
        return "有错误" if self.errors else "有警告" if self.warnings else "通过"


def _counts(draft: AnnualDraft) -> tuple[int, int]:
    """(errors, warnings) of a locked report — checked once: what was locked never changes."""
    def counted():
        found = check(as_published(from_dict(draft.snapshot)))
        return sum(f.severity == "error" for f in found), sum(f.severity == "warning" for f in found)
    return tuple(cache.get_or_set(f"locked-findings:{draft.pk}:{draft.locked_at.isoformat()}", counted, None))


def _locked(draft: AnnualDraft) -> Submission:
    on = draft.published or timezone.localtime(draft.locked_at).date()
    return Submission("发布锁定", on, f"{reverse('builder')}?agency={draft.agency_id}&year={draft.year}",
                      f"{draft.year}年度年报（平台编写）", *_counts(draft),
                      publication_deadline(draft.agency.name, draft.year))


def _uploaded(item: PublishedReport) -> Submission:
    return Submission("上传", timezone.localtime(item.created).date(), reverse("report", args=[item.pk]),
                      item.file_name, item.errors, item.warnings, publication_deadline(item.agency.name, item.year))


def submissions(agency_ids, year: int) -> dict[int, Submission]:
    """Agency id → its submission of the report on `year` (the first one made), for
    the agencies that have submitted."""
    found: dict[int, Submission] = {}
    for draft in AnnualDraft.objects.filter(agency_id__in=agency_ids, year=year, voided=False,
                                            locked_at__isnull=False).select_related("agency"):
        found[draft.agency_id] = _locked(draft)
    uploads = PublishedReport.objects.filter(agency_id__in=agency_ids, year=year, voided=False)
    for item in uploads.select_related("agency").order_by("created"):
        upload = _uploaded(item)
        if item.agency_id not in found or upload.on < found[item.agency_id].on:
            found[item.agency_id] = upload
    return found
