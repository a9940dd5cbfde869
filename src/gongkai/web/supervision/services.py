"""Whether an agency has submitted its annual report for a year — one fact, read in one
place by every dashboard and the 未提交 list. A report counts as submitted when it was
uploaded and accepted (filed under the agency it names and not voided by a reviewer) or
written in the builder and published and locked. The statutory deadline is
`report.agency.publication_deadline` (条例 第四十九条)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from ...report.agency import publication_deadline
from ..builder.services import locked_counts, locked_drafts
from ..reports.services import accepted

__all__ = ["Submission", "submissions", "Status", "scope", "statuses", "remind", "summed", "drill", "ranking",
           "RATE_NAMES"]


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
    model: dict | None = field(default=None, repr=False)  # what was read (or written): the report's JSON model

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
            published=draft.published, resubmitted=again, model=draft.snapshot)
    for item in accepted(agency_ids, year):
        printed = (item.model or {}).get("published")
        upload = Submission("上传", timezone.localtime(item.created).date(), reverse("reports:show", args=[item.pk]),
                            item.file_name, item.errors, item.warnings, publication_deadline(item.agency.name, item.year),
                            published=dt.date.fromisoformat(printed) if printed else None, model=item.model)
        if item.agency_id not in found or upload.on < found[item.agency_id].on:
            found[item.agency_id] = upload
    return found


def scope(user):
    """The agencies whose reports the user follows: its own and, for a supervisor, every
    agency below it. A query."""
    from ..agencies.models import Agency
    return Agency.objects.visible_to(user).order_by("name")


@dataclass
class Status:
    agency: object
    due: dt.date
    report: Submission | None
    reminded: list  # the 催报 sent, latest first

    @property
    def state(self) -> str:
        """按时提交 / 逾期提交 / 未提交 (the day not yet past) / 逾期未提交."""
        if self.report is None:
            return "逾期未提交" if timezone.localdate() > self.due else "未提交"
        return "逾期提交" if self.report.late else "按时提交"

    @property
    def missing(self) -> bool:
        return self.report is None


def statuses(agencies, year: int) -> list[Status]:
    """Each agency's report of `year`: submitted on time, late, or not — with its checks and
    the reminders sent."""
    from .models import Reminder
    agencies = list(agencies)
    done = submissions([a.pk for a in agencies], year)
    reminded: dict[int, list] = {}
    for r in Reminder.objects.filter(agency__in=agencies, year=year, voided=False):
        reminded.setdefault(r.agency_id, []).append(r)
    return [Status(a, publication_deadline(a.name, year), done.get(a.pk), reminded.get(a.pk, [])) for a in agencies]


def remind(agencies, year: int, site: str = "") -> tuple[int, int, list[str]]:
    """催报: an e-mail to the staff of each agency that has not submitted its report of
    `year` (经办人, 审核人, 机构管理员 with an address), each kept as a Reminder. Returns
    (agencies reminded, messages sent, the agencies no one could be written to)."""
    from django.core.mail import EmailMessage, get_connection

    from ..agencies.services import staff
    from .models import Reminder
    messages, reached, unreachable = [], 0, []
    for status in statuses(agencies, year):
        if not status.missing:
            continue
        to = [u.email for u in staff(status.agency.pk) if u.email]
        if not to:
            unreachable.append(status.agency.name)
            continue
        due = f"{status.due.year}年{status.due.month}月{status.due.day}日"
        subject = f"催报：请提交{year}年度政府信息公开工作年度报告"
        body = (f"{status.agency.name}：\n\n"
                f"截至{timezone.localdate():%Y年%m月%d日}，平台尚未收到贵单位{year}年度政府信息公开工作年度报告。"
                f"依《中华人民共和国政府信息公开条例》第四十九条，该报告应于{due}前向社会公布。"
                "请尽快公布，并在平台上传已公布的年报（或在平台编写并发布锁定）。"
                + (f"\n\n上传地址：{site.rstrip('/')}{reverse('reports:list')}" if site else ""))
        messages += [EmailMessage(subject, body, to=[address]) for address in to]
        Reminder(agency=status.agency, year=year, recipients="\n".join(to)).save()
        reached += 1
    if messages:
        get_connection().send_messages(messages)
    return reached, len(messages), unreachable


def summed(agencies, year: int, name: str):
    """The agencies' reports of `year` summed into the three statutory tables and checked
    (`batch.aggregate`): members, those left out and why, the agencies with no report."""
    from ...batch.aggregate import Member, aggregate
    from ...report.jsonio import from_dict
    agencies = list(agencies)
    done = submissions([a.pk for a in agencies], year)
    members = [Member(a.name, done[a.pk].link, from_dict(done[a.pk].model), done[a.pk].errors)
               for a in agencies if a.pk in done and done[a.pk].model]
    return aggregate(members, name, year, expected=[a.name for a in agencies])


def drill(agencies, year: int, path: str) -> list[tuple[str, str, object, str]]:
    """Behind one figure of the sum: each agency's value of that cell, with its report's page
    — (agency, link, value or None, as printed), largest first, the blank last."""
    from ...report.jsonio import from_dict
    agencies = list(agencies)
    done = submissions([a.pk for a in agencies], year)
    out = []
    for a in agencies:
        if a.pk in done and done[a.pk].model:
            v = from_dict(done[a.pk].model).value_at(path)
            out.append((a.name, done[a.pk].link, None if v is None else v.value, "" if v is None else (v.raw or "")))
    return sorted(out, key=lambda x: (x[2] is None, -(x[2] or 0), x[0]))


RATE_NAMES = {"grant_rate": "予以公开率", "disclosed_rate": "公开率（含部分公开）", "review_correction_rate": "复议纠错率",
              "lawsuit_correction_rate": "诉讼纠错率", "disputes_per_application": "每件申请的复议诉讼"}


def ranking(agencies, year: int) -> list[dict]:
    """Each agency's report of `year` with its headline figures and the ratios supervisors
    compare (`batch.database.rates`), most applications first."""
    from ...batch.database import rates
    from ...batch.schema import headlines
    from ...report.jsonio import from_dict
    agencies = list(agencies)
    done = submissions([a.pk for a in agencies], year)
    rows = []
    for a in agencies:
        sub = done.get(a.pk)
        if sub is None or not sub.model:
            continue
        figures = headlines(from_dict(sub.model))
        rows.append({"agency": a.name, "link": sub.link, "errors": sub.errors, "warnings": sub.warnings,
                     **figures, **rates(figures)})
    rows.sort(key=lambda r: (-(r["applications"] or 0), r["agency"]))
    for key in RATE_NAMES:  # 1 = the highest; agencies without the ratio are not ranked
        ranked = sorted((r for r in rows if r[key] is not None), key=lambda r: -r[key])
        for i, r in enumerate(ranked, 1):
            r[f"{key}_rank"] = i
    return rows
