"""The year's report of an agency: compiled from its register and the year's counts,
with the narrative written on the platform; checked as it will be published; locked
on publication, after which it is the report as it was locked."""

from __future__ import annotations

import hashlib
import json
from contextlib import contextmanager
from datetime import date

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from ...cases.compile import YearCounts as DomainCounts
from ...cases.compile import compile_year
from ...errors import GongkaiError
from ...load import as_published, checked
from ...report.jsonio import from_dict, to_dict
from ...report.model import AnnualReport
from ..agencies.models import Agency
from ..register.services import overdue_at_year_end, year_records
from ..reports.services import accepted
from .models import AnnualDraft, YearCounts

__all__ = ["compile_report", "report_for", "report_with_records", "findings", "last_year", "Refused", "seen",
           "save_texts", "save_counts", "lock", "reopen", "submit", "send_back", "submitted_drafts", "locked_drafts",
           "locked_counts"]


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
    return report_with_records(agency, year, draft)[0]


def report_with_records(agency: Agency, year: int, draft: AnnualDraft | None) -> tuple[AnnualReport, list]:
    """The report as it stands, and — compiled now — for every cell that counts records:
    (its label, the register they are kept in, their numbers); nothing for a locked report."""
    from ...checks.evidence import label

    if draft and draft.locked_at:
        return from_dict(draft.snapshot), []
    report, members = compile_report(agency, year)
    if draft:
        report.texts = {k: v for k, v in draft.texts.items() if v.strip()}
        report.published = draft.published.isoformat() if draft.published else None
    registers = {"table_a": "documents", "table_b": "cases", "table_c": "reviews"}  # where a cell's records are kept
    return report, [(label(report, path), registers.get(path.split(".")[0], "cases"), numbers)
                    for path, numbers in members.items() if numbers]


def findings(report: AnnualReport, previous: AnnualReport | None = None) -> list:
    """Checked as it will be published (so the numbers the text states are read, as an
    evaluator reads them): the same findings publication will face, each unwritten part
    among them — and, with last year's report, the cross-year rules (上年结转 against its
    结转下年度, 现行有效件数, text copied)."""
    return checked(as_published(report), previous)[1]


def last_year(agency: Agency, year: int) -> tuple[AnnualReport | None, str]:
    """The agency's report of the year before, to hold this year's against: the one
    published and locked here, else the one uploaded and accepted; and which it is."""
    draft = AnnualDraft.objects.filter(agency=agency, year=year - 1, voided=False, locked_at__isnull=False).first()
    if draft is not None:
        return from_dict(draft.snapshot), f"{year - 1}年度报告（在本平台发布）"
    item = accepted([agency.pk], year - 1).last()
    if item is not None:
        return from_dict(item.model), f"{year - 1}年度报告（上传的“{item.file_name}”）"
    return None, ""


class Refused(GongkaiError):
    """A save or a lock that would undo what another person did, or change what is locked."""

    code = "builder"


STALE = "保存前此内容已被他人修改，为免覆盖，本次未保存；请查看最新内容后再改。"


def fingerprint(state) -> str:
    """A short fingerprint of what a form was filled from: saving over a state that has
    changed since is refused instead of silently undoing another person's edit."""
    if isinstance(state, YearCounts):
        state = {name: getattr(state, name) for name in COUNTED}
    if state is None:
        return ""
    return hashlib.sha256(json.dumps(state, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()[:16]


COUNTED = ("licensing", "penalty", "coercion", "fees_10k_yuan")


def seen(draft: AnnualDraft | None, counts: YearCounts | None) -> dict[str, str]:
    """The fingerprints a page's forms carry: of the texts, of the counts, and of both
    (the lock: what the reviewer saw is what is published)."""
    texts, numbers = fingerprint((draft.texts if draft is not None else None) or None), fingerprint(counts)
    return {"texts": texts, "counts": numbers, "lock": fingerprint([texts, numbers])}


@contextmanager
def _held(agency: Agency, year: int):
    """The year's draft (made if need be) and counts, locked for the block: a save and a
    lock at the same moment happen one after the other, each seeing the other's result."""
    with transaction.atomic():
        draft, _ = AnnualDraft.objects.select_for_update().get_or_create(agency=agency, year=year, voided=False)
        counts = YearCounts.objects.select_for_update().filter(agency=agency, year=year, voided=False).first()
        if draft.locked_at:
            raise Refused(f"{year}年度年报已于 {timezone.localtime(draft.locked_at):%Y-%m-%d %H:%M} 发布并锁定，不能再修改。")
        yield draft, counts


def save_texts(agency: Agency, year: int, texts: dict, saw: str) -> None:
    with _held(agency, year) as (draft, counts):
        if saw != seen(draft, counts)["texts"]:
            raise Refused(STALE)
        draft.texts = texts
        draft.save()


def save_counts(agency: Agency, year: int, values: dict, saw: str) -> None:
    """The year's counts (a CountsForm's cleaned data)."""
    with _held(agency, year) as (draft, counts):
        if saw != seen(draft, counts)["counts"]:
            raise Refused(STALE)
        counts = counts or YearCounts(agency=agency, year=year)
        for name in COUNTED:
            setattr(counts, name, values.get(name))
        counts.save()


def lock(agency: Agency, year: int, published: date, saw: str, who: str) -> None:
    """Publish and lock the year's report as the reviewer saw it — not before its year is
    over (its cases are then closed or carried over); Refused says why not (then
    nothing is locked)."""
    today = timezone.localdate()
    if today <= date(year, 12, 31):
        raise Refused(f"不能发布：{year}年度尚未结束（其申请尚未全部办结或结转），{year}年12月31日之后才能发布并锁定。")
    overdue = overdue_at_year_end(agency, year)
    if overdue:
        raise Refused(f"不能发布：{len(overdue)} 件申请在{year}年内已到答复期限却未办结，既不是已办结也不属于结转"
                      f"（{'、'.join(overdue[:5])}{'等' if len(overdue) > 5 else ''}），请先办结或更正后再发布。")
    with _held(agency, year) as (draft, counts):
        if saw != seen(draft, counts)["lock"]:
            raise Refused(STALE)
        draft.published = published
        report = report_for(agency, year, draft)
        if not report.texts:
            raise Refused("不能发布：正文尚未填写。")
        errors = [f for f in findings(report, last_year(agency, year)[0]) if f.severity == "error"]
        if errors:
            raise Refused("不能发布：" + "；".join(f"{f.message}〔{f.rule}〕" for f in errors[:5]) + "。")
        draft.snapshot, draft.locked_at, draft.locked_by = to_dict(report), timezone.now(), who
        draft.first_locked_at = draft.first_locked_at or draft.locked_at
        draft.submitted_by, draft.submitted_at = "", None  # signed: no longer waiting
        draft.save()


def submit(agency: Agency, year: int, saw: str, who: str) -> None:
    """A clerk sends the report as it stands for approval (送审); the approver locks it
    (签发) or returns it with a reason."""
    with _held(agency, year) as (draft, counts):
        if saw != seen(draft, counts)["lock"]:
            raise Refused(STALE)
        if not draft.texts:
            raise Refused("不能送审：正文尚未填写。")
        draft.submitted_by, draft.submitted_at, draft.returned_note = who, timezone.now(), ""
        draft.save()


def send_back(agency: Agency, year: int, note: str, who: str) -> None:
    """The approver returns a report sent for approval, with the reason (退回)."""
    if not note.strip():
        raise Refused("退回须写明理由。")
    with _held(agency, year) as (draft, _):
        if not draft.submitted_at:
            raise Refused("这份年报没有送审，无需退回。")
        draft.submitted_by, draft.submitted_at, draft.returned_note = "", None, f"{note.strip()[:250]}（{who}）"
        draft.save()


def submitted_drafts(agency_ids) -> list[AnnualDraft]:
    """The reports sent for approval and not yet locked (the approver's queue)."""
    return list(AnnualDraft.objects.filter(agency_id__in=agency_ids, voided=False, locked_at__isnull=True,
                                           submitted_at__isnull=False).select_related("agency").order_by("submitted_at"))


def reopen(agency: Agency, year: int, reason: str, who: str) -> None:
    """Open a locked report again for correction, with the reason (kept in the audit
    trail with the lock it undoes); locked again, it is a resubmission."""
    if not reason.strip():
        raise Refused("重新打开须写明理由。")
    with transaction.atomic():
        draft = AnnualDraft.objects.select_for_update().filter(agency=agency, year=year, voided=False).first()
        if draft is None or not draft.locked_at:
            raise Refused(f"{year}年度年报尚未发布锁定，无需重新打开。")
        draft.locked_at, draft.locked_by = None, ""
        draft.reopened += 1
        draft.reopen_reason = f"{reason.strip()[:250]}（{who}）"
        draft.save()


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
