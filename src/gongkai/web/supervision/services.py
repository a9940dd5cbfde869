"""Whether an agency has submitted its annual report for a year — one fact, read in one
place by every dashboard and the 未提交 list. A report counts as submitted when it was
uploaded and accepted (filed under the agency it names and not voided by a reviewer) or
written in the builder and published and locked. The statutory deadline is
`report.agency.publication_deadline` (条例 第四十九条)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from ...report.agency import publication_deadline
from ..builder.services import locked_counts, locked_drafts
from ..reports.services import accepted

__all__ = ["Submission", "submissions"]


@dataclass
class Submission:
    how: str  # 上传 / 发布锁定
    on: dt.date  # the day it reached the platform
    link: str
    name: str
    errors: int
    warnings: int
    due: dt.date
    published: dt.date | None = None  # the 发布日期 the report prints
    resubmitted: dt.date | None = None  # locked again after it was reopened

    @property
    def late(self) -> bool:
        """Published after the statutory day. A report written on the platform is
        published when it is locked there (a 发布日期 typed earlier does not make it
        earlier); a report collected by upload, by the date it prints."""
        if self.how == "发布锁定" or self.published is None:
            return self.on > self.due
        return self.published > self.due

    @property
    def status(self) -> str:
        return "有错误" if self.errors else "有警告" if self.warnings else "通过"


def submissions(agency_ids, year: int) -> dict[int, Submission]:
    """Agency id → its submission of the report on `year` (the first one made), for
    the agencies that have submitted."""
    found: dict[int, Submission] = {}
    for draft in locked_drafts(agency_ids, year):
        first = timezone.localtime(draft.first_locked_at or draft.locked_at).date()
        again = timezone.localtime(draft.locked_at).date() if draft.reopened else None
        found[draft.agency_id] = Submission(
            "发布锁定", first, f"{reverse('builder:show')}?agency={draft.agency_id}&year={draft.year}",
            f"{draft.year}年度年报（平台编写）", *locked_counts(draft), publication_deadline(draft.agency.name, draft.year),
            published=draft.published, resubmitted=again)
    for item in accepted(agency_ids, year):
        printed = (item.model or {}).get("published")
        upload = Submission("上传", timezone.localtime(item.created).date(), reverse("reports:show", args=[item.pk]),
                            item.file_name, item.errors, item.warnings, publication_deadline(item.agency.name, item.year),
                            published=dt.date.fromisoformat(printed) if printed else None)
        if item.agency_id not in found or upload.on < found[item.agency_id].on:
            found[item.agency_id] = upload
    return found
