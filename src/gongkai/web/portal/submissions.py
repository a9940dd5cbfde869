"""Whether an agency has submitted its annual report for a year — one fact, read in one
place by every dashboard and the 未提交 list. A report counts as submitted when it was
uploaded and accepted (filed under the agency it names and not voided by a reviewer) or
written in the builder and published and locked. The statutory deadline is 31 January
of the following year (条例 第四十九条)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from ...checks import check
from ...load import as_published
from ...report.jsonio import from_dict
from ..records.models import AnnualDraft
from .models import PublishedReport


def deadline(year: int) -> dt.date:
    """The day by which the report on `year` must be published."""
    return dt.date(year + 1, 1, 31)


@dataclass
class Submission:
    how: str  # 上传 / 发布锁定
    on: dt.date
    link: str
    name: str
    errors: int
    warnings: int
    year: int

    @property
    def late(self) -> bool:
        return self.on > deadline(self.year)

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
                      f"{draft.year}年度年报（平台编写）", *_counts(draft), draft.year)


def _uploaded(item: PublishedReport) -> Submission:
    return Submission("上传", timezone.localtime(item.created).date(), reverse("report", args=[item.pk]),
                      item.file_name, item.errors, item.warnings, item.year)


def submissions(agency_ids, year: int) -> dict[int, Submission]:
    """Agency id → its submission of the report on `year` (the first one made), for
    the agencies that have submitted."""
    found: dict[int, Submission] = {}
    for draft in AnnualDraft.objects.filter(agency_id__in=agency_ids, year=year, voided=False,
                                            locked_at__isnull=False):
        found[draft.agency_id] = _locked(draft)
    for item in PublishedReport.objects.filter(agency_id__in=agency_ids, year=year, voided=False).order_by("created"):
        upload = _uploaded(item)
        if item.agency_id not in found or upload.on < found[item.agency_id].on:
            found[item.agency_id] = upload
    return found
