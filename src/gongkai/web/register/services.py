"""What the register does, for the screens, the API and the command line alike:
register a request, apply a move (validated by the domain's clocks), keep every case's
clock stored, issue letters, and give the other apps a year's records and figures.
Every change goes through the audited models."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from datetime import date, timedelta

import chinese_calendar
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from ...cases import applicants
from ...cases.calendar import CONFIG_ENV, WorkCalendar, provisional
from ...cases.clocks import APPLICANT_TYPES, EVENTS, REPLY_TYPES, TO_COME, CaseError, Event
from ...cases.clocks import RequestCase as DomainCase
from ...cases.letters import (
    ACTS,
    DEFAULTS,
    KINDS,
    LetterError,
    Template,
    act_date,
    cn_date,
    fields,
    fill,
    letter_docx,
    reply_text,
)
from ...report.catalog import TABLE_B_ROW
from ..agencies.models import Agency
from ..agencies.services import access
from ..audit.models import acting_as
from ..files import store
from .models import (
    Approval,
    CaseAttachment,
    CaseEvent,
    CaseNote,
    HolidaySchedule,
    IssuedLetter,
    LetterTemplate,
    RequestCase,
    Review,
)

__all__ = ["work_calendar", "register", "check_applicant", "register_online", "receipt_case", "find_by_code", "public_status",
           "assign", "add_note", "attach", "attachment_path", "week_end", "tasks", "reminders", "reminder_text", "send_reminders",
           "apply", "correct", "corrections_since", "overdue_at_year_end", "unkept_registers", "submit_reply", "decide", "serve",
           "approval_of", "pending_approvals", "submit_extension", "refresh_deadlines", "year_records", "year_figures", "template_for",
           "issue_letter", "correct_letter", "current_letter", "letters_of"]

_CALENDARS: dict = {}
FOLLOWED = "register:deadlines-follow"  # the calendar the stored due dates were worked out under


def work_calendar() -> WorkCalendar:
    """The working-day calendar with every year's 放假安排 the administrators entered
    (rebuilt when they change; otherwise shared). Clocks see it provisionally past the
    announced years (`cases.clocks.deadline`): every case keeps a due date, marked 暂定.
    When the calendar differs from the one the stored due dates were worked out under
    (a schedule entered, the official data or GONGKAI_CALENDAR changed), the open cases
    and those with a provisional date follow it at once."""
    tables = [s.as_table() for s in HolidaySchedule.objects.filter(voided=False).order_by("year")]
    key = json.dumps([os.environ.get(CONFIG_ENV), chinese_calendar.__version__, tables], sort_keys=True,
                     ensure_ascii=False)
    cal = _CALENDARS.get(key)
    if cal is None:
        cal = WorkCalendar()
        for table in tables:
            cal.load(table)
        _CALENDARS.clear()
        _CALENDARS[key] = cal
        digest = hashlib.sha256(key.encode()).hexdigest()
        if cache.get(FOLLOWED) != digest:
            refresh_deadlines(cal, RequestCase.objects.filter(Q(outcome__isnull=True) | Q(due_provisional=True)))
            cache.set(FOLLOWED, digest, None)
    return cal


def no_date_to_come(values: dict) -> None:
    """No record of a step is dated after today — the agency's day (Asia/Shanghai) —
    whichever way it comes (screen, API, import); a time limit set for the applicant
    (补正期限) is to come by nature."""
    today = timezone.localdate()
    for name, value in values.items():
        if isinstance(value, date) and value > today and name not in TO_COME:
            raise CaseError(f"日期 {value} 晚于今天（{today}）：不能登记尚未发生的事")


APPLICANT = ("id_type", "id_number", "phone", "email", "address", "postcode", "delivery")  # 第二十九条


def check_applicant(values: dict, required: bool = False) -> dict:
    """The applicant's particulars (第二十九条) checked — each one given well formed and,
    when `required` (an application made online), the identity, a contact and the way
    the information is to be obtained all given — and in their kept form."""
    values = dict(values)
    for key in APPLICANT:
        values[key] = (values.get(key) or "").strip()
    if values["id_type"] or values["id_number"] or required:
        if not values["id_type"]:
            raise CaseError("请选择身份证明的证件类型")
        values["id_number"] = applicants.normal_id(values["id_type"], values["id_number"])
        applicants.check_id(values["id_type"], values["id_number"])
    if required or any(values[k] for k in ("phone", "email", "address", "postcode")):
        applicants.check_contact(values["phone"], values["email"], values["address"], values["postcode"])
    if values["delivery"] or required:
        applicants.check_delivery(values["delivery"], values["email"], values["address"])
    return values


@transaction.atomic
def register(agency: Agency, **values) -> RequestCase:
    """A new request, validated as the domain validates it (第三十一条 receipt rules) with
    the applicant's particulars checked (`check_applicant`), stored with its clock."""
    no_date_to_come(values)
    values = check_applicant(values) if any(k in values for k in APPLICANT) else values
    domain = DomainCase(**{k: v for k, v in values.items() if k in DomainCase.__dataclass_fields__})
    case = RequestCase(agency=agency, **values)
    case.refresh_deadline(work_calendar(), domain)
    case.save()
    return case


# --- the applicant's side: an application online, its receipt and its status -------------

ONLINE_PREFIX = "网申"


@transaction.atomic
def register_online(agency: Agency, **values) -> RequestCase:
    """An application made on the public form: registered with channel 网络, received the
    day the platform confirms it (the 受理回执 is that confirmation, 第三十一条第三项),
    numbered from the agency's yearly sequence of online applications and given a query
    code for the applicant. The particulars the 条例 requires must all be there."""
    values = check_applicant(values, required=True)
    today = timezone.localdate()
    Agency.objects.select_for_update().get(pk=agency.pk)  # one number at a time
    prefix = f"{ONLINE_PREFIX}{today.year}-"
    taken = agency.cases.filter(number__startswith=prefix).values_list("number", flat=True)
    seq = 1 + max((int(n[len(prefix):]) for n in taken if n[len(prefix):].isdigit()), default=0)
    code = applicants.query_code()
    while RequestCase.objects.filter(query_code=code).exists():  # 25^12 codes: a repeat is next to impossible
        code = applicants.query_code()
    with acting_as("申请人（网上申请）"):
        return register(agency, number=f"{prefix}{seq:04d}", channel="网络", submitted=today, confirmed=today,
                        query_code=code, **values)


# what an applicant is told of a due date worked out before its year's holidays are announced
PUBLIC_PROVISIONAL = "暂定：该年的放假安排尚未公布，公布后将按实际放假和调休重新计算，期限可能顺延"


def receipt_case(pk) -> RequestCase | None:
    """The case a 受理回执 is shown for (kept in the applicant's session)."""
    if not isinstance(pk, int):
        return None
    return RequestCase.objects.filter(pk=pk, voided=False).exclude(query_code="").select_related("agency").first()


def find_by_code(code: str) -> RequestCase | None:
    """The case an applicant's query code names (as typed: spaces, dashes, lower case)."""
    code = applicants.normal_code(code)
    if len(code) != applicants.CODE_LENGTH + 2:
        return None
    return RequestCase.objects.filter(query_code=code, voided=False).select_related("agency").first()


def public_status(case: RequestCase) -> dict:
    """What the applicant is told of the case: received, due (and why it is not yet
    certain), where it stands, and — once answered — the outcome, the reply and the day
    it was served; the letters issued to them, by title and date. Nothing of the agency's
    internal work (notes, drafts, handler)."""
    domain = case.to_domain()
    waiting = None
    for event in reversed(domain.events):
        if event.kind == "correction_notice" and not any(e.kind == "correction_received" and e.on >= event.on
                                                         for e in domain.events):
            waiting = f"待申请人补正（补正期限：{event.data['deadline']}）"
            break
        if event.kind == "fee_notice" and not any(e.kind == "fee_paid" for e in domain.events):
            waiting = f"待申请人缴纳信息处理费（缴费期限：{event.data['pay_by']}）"
            break
    if case.outcome:
        stage = "已办结"
    else:
        stage = waiting or "办理中"
    return {"number": case.number, "agency": case.agency.name, "submitted": case.submitted, "received": case.received,
            "due": case.due, "provisional": PUBLIC_PROVISIONAL if case.due_provisional else "", "stage": stage,
            "outcome": TABLE_B_ROW[case.outcome].label if case.outcome else "",
            "reply_type": REPLY_TYPES.get(case.reply_type or "", ""), "served": case.served,
            "letters": [(letter.title, letter.number, letter.on)
                        for letter in case.letters.filter(voided=False).exclude(document=b"").order_by("id")]}


@transaction.atomic
def apply(case: RequestCase, move: str, **kwargs) -> RequestCase:
    """Apply a move (request_correction, correction_received, consultation, extend,
    set_agency_date, fee_notice, fee_paid, close) — refused with the reason where the
    条例 does not allow it — and store the case's clock as it now stands. The case is
    locked for the move (SELECT … FOR UPDATE), so the same move sent twice at once is
    applied once and refused once."""
    no_date_to_come(kwargs)
    case = RequestCase.objects.select_for_update().get(pk=case.pk)
    calendar = work_calendar()
    if move == "close":  # lateness is recorded against the calendar the screens show
        kwargs.setdefault("calendar", provisional(calendar))
    domain = case.to_domain()
    before = len(domain.events)
    getattr(domain, move)(**kwargs)
    for event in domain.events[before:]:
        CaseEvent.from_domain(case, event).save()
    closing = (domain.outcome, domain.reply_type, domain.served, domain.closed_on)
    changed = closing != (case.outcome, case.reply_type, case.served, case.closed_on)
    case.outcome, case.reply_type, case.served, case.closed_on = closing
    if case.refresh_deadline(calendar, domain) or changed:
        case.save()
    return case


# each step, made again from what was recorded: (the move, its arguments)
_REPLAY = {
    "correction_notice": ("request_correction", lambda e: dict(on=e.on, deadline=e.data["deadline"],
                                                               items=e.data.get("items", ""))),
    "correction_received": ("correction_received", lambda e: dict(on=e.on)),
    "consultation": ("consultation", lambda e: dict(kind=e.data["kind"], sent=e.on, answered=e.data.get("until"),
                                                    party=e.data.get("party", ""))),
    "extension": ("extend", lambda e: dict(on=e.on, days=e.data["days"], approver=e.data["approver"],
                                           notified=e.data["notified"])),
    "agency_date": ("set_agency_date", lambda e: dict(on=e.on, due=e.data["due"], reason=e.data["reason"])),
    "fee_notice": ("fee_notice", lambda e: dict(on=e.on, amount_yuan=e.data["amount"], delivered=e.data["delivered"])),
    "fee_paid": ("fee_paid", lambda e: dict(on=e.on)),
    "closed": ("close", lambda e: dict(outcome=e.data["outcome"], served=e.data["served"], on=e.on,
                                       reply_type=e.data.get("reply_type"), reasons=e.data.get("reasons", ""))),
}
_TAKES_CALENDAR = {"request_correction", "consultation", "extend", "fee_notice", "close"}
REGISTERED = ("applicant", "applicant_type", "channel", "submitted", "confirmed", "subject", "form",
              *APPLICANT)  # correctable


@transaction.atomic
def correct(case: RequestCase, step: int | None, reason: str, who: str, void: bool = False, **values) -> RequestCase:
    """Correct a step of the case (`step`: its id; None: the registration itself) to
    `values`, or void it — by an approver, with a reason. The whole record is made again
    from its steps under the 条例's rules, so a correction that breaks one is refused
    with the reason; then every step that changed is saved (the trail keeps before,
    after, who and why) and the case's clock follows. Refused: CaseError."""
    if not reason.strip():
        raise CaseError("更正或作废须写明理由")
    no_date_to_come(values)
    case = RequestCase.objects.select_for_update().get(pk=case.pk)
    rows = list(case.events.filter(voided=False).order_by("id"))
    if step is not None and step not in {r.pk for r in rows}:
        raise CaseError("没有找到这一办理记录")
    if step is None and (void or set(values) - set(REGISTERED)):
        raise CaseError("登记信息只能更正，不能作废；可更正：" + "、".join(REGISTERED))
    if step is None and any(k in values for k in APPLICANT):  # the particulars checked as at registration
        values = check_applicant({**{k: getattr(case, k) for k in APPLICANT}, **values})
    registered = {k: getattr(case, k) for k in REGISTERED} | (values if step is None else {})
    kept, events = [], []
    for row in rows:
        event = row.to_domain()
        if row.pk == step:
            if void:
                continue
            data = {k: v for k, v in values.items() if k != "on"}
            unknown = set(data) - set(EVENTS[event.kind].fields)
            if unknown:
                raise CaseError(f"{EVENTS[event.kind].label}没有这些内容：{'、'.join(sorted(unknown))}")
            event = Event(event.kind, values.get("on", event.on), {**event.data, **data})
        kept.append(row)
        events.append(event)
    calendar = work_calendar()
    domain = DomainCase(case.number, registered["applicant"], registered["applicant_type"], registered["channel"],
                        registered["submitted"], registered["confirmed"], registered["subject"], registered["form"],
                        fee_suspends=case.fee_suspends)
    view = provisional(calendar)
    for event in events:  # made again under the rules: a correction that breaks one is refused here
        move, arguments = _REPLAY[event.kind]
        getattr(domain, move)(**arguments(event), **({"calendar": view} if move in _TAKES_CALENDAR else {}))
    with acting_as(who, reason.strip()):
        for row in rows:
            if row not in kept:
                row.void(reason.strip())
        for row, event in zip(kept, domain.events):
            stored = CaseEvent.from_domain(case, event)
            if (row.on, row.data) != (stored.on, stored.data):
                row.on, row.data = stored.on, stored.data
                row.save()
        for k, v in registered.items():
            setattr(case, k, v)
        case.outcome, case.reply_type, case.served, case.closed_on = (domain.outcome, domain.reply_type, domain.served,
                                                                      domain.closed_on)
        case.refresh_deadline(calendar, domain)
        case.save()
    return case


def corrections_since(agency: Agency, year: int, since) -> list[dict]:
    """The corrections and voids made since `since` (a report's lock) to the agency's
    cases of `year` (received or closed in it): when, who, which case, why."""
    from ..audit.models import AuditEntry
    cases = {c.pk: c.number for c in agency.cases.filter(Q(received__year=year) | Q(closed_on__year=year))}
    events = dict(CaseEvent.objects.filter(case_id__in=cases).values_list("pk", "case_id"))
    found = AuditEntry.objects.filter(at__gt=since).exclude(reason="").filter(
        Q(model="requestcase", object_id__in=[str(k) for k in cases]) |
        Q(model="caseevent", object_id__in=[str(k) for k in events])).order_by("at", "id")
    out = []
    for entry in found:
        case = int(entry.object_id) if entry.model == "requestcase" else events[int(entry.object_id)]
        item = {"at": entry.at, "actor": entry.actor, "case": cases[case], "reason": entry.reason,
                "what": "作废" if entry.action == "void" else "更正"}
        last = out[-1] if out else None
        if last and all(last[k] == item[k] for k in ("actor", "case", "reason")) and \
                (item["at"] - last["at"]).total_seconds() < 5:
            continue  # one correction: the step and the case it moved
        out.append(item)
    return out


# --- approval: 送审 → 签发 or 退回 → 送达 ------------------------------------------------

def approval_of(case: RequestCase, kind: str = "reply") -> Approval | None:
    """The case's reply (or extension) in approval — its last draft — if any."""
    return case.approvals.filter(voided=False, kind=kind).order_by("-id").first()


@transaction.atomic
def submit_extension(case: RequestCase, who: str, on: date, days: int, notified: date) -> Approval:
    """An extension asked by a clerk (送审), checked now as it will be made; it takes
    effect when an approver signs it, approved by them (第三十三条第二款)."""
    no_date_to_come({"on": on, "notified": notified})
    case = RequestCase.objects.select_for_update().get(pk=case.pk)
    found = approval_of(case, "extension")
    if found is not None and found.state == Approval.State.PENDING:
        raise CaseError("已有待审核的延期申请")
    case.to_domain().extend(on, days, "（待签发）", notified, calendar=provisional(work_calendar()))  # the rules, on a copy
    approval = Approval(case=case, kind="extension", submitted_by=who,
                        draft={"on": on.isoformat(), "days": days, "notified": notified.isoformat()})
    approval.save()
    return approval


@transaction.atomic
def submit_reply(case: RequestCase, who: str, outcome: str, reply_type: str | None = None,
                 reasons: str = "") -> Approval:
    """A reply drafted and sent for approval (送审), checked now as the closing will check it."""
    case = RequestCase.objects.select_for_update().get(pk=case.pk)
    if case.outcome:
        raise CaseError("申请已办结")
    found = approval_of(case)
    if found is not None and found.state in (Approval.State.PENDING, Approval.State.SIGNED):
        raise CaseError(f"已有{found.get_state_display()}的答复，不能再送审")
    trial = case.to_domain()  # the closing's rules, on a copy, served today
    trial.close(outcome, timezone.localdate(), reply_type=reply_type, reasons=reasons,
                calendar=provisional(work_calendar()))
    draft = {"outcome": outcome, "reply_type": reply_type, "reasons": reasons}
    approval = Approval(case=case, draft=draft, submitted_by=who)
    approval.save()
    return approval


@transaction.atomic
def decide(approval: Approval, who: str, sign: bool, note: str = "") -> Approval:
    """The approver signs the reply (签发) or returns it with a reason (退回)."""
    approval = Approval.objects.select_for_update().get(pk=approval.pk)
    if approval.state != Approval.State.PENDING:
        raise CaseError(f"这份{approval.get_kind_display()}{approval.get_state_display()}，不能再审核")
    if not sign and not note.strip():
        raise CaseError("退回须写明理由")
    if sign and approval.kind == "extension":  # signed: the extension is made, approved by the signer
        d = approval.draft
        apply(approval.case, "extend", on=date.fromisoformat(d["on"]), days=d["days"], approver=who,
              notified=date.fromisoformat(d["notified"]))
    approval.state = Approval.State.SIGNED if sign else Approval.State.RETURNED
    approval.decided_by, approval.decided_at, approval.note = who, timezone.now(), note.strip()
    with acting_as(who, note.strip()):
        approval.save()
    return approval


@transaction.atomic
def serve(case: RequestCase, served: date) -> RequestCase:
    """The signed reply served: the case closes with what was signed."""
    approval = approval_of(case)
    if approval is None or approval.state != Approval.State.SIGNED:
        raise CaseError("答复尚未经审核人签发，不能送达办结")
    case = apply(case, "close", served=served, **{k: v for k, v in approval.draft.items() if v not in (None, "")})
    approval.state = Approval.State.SERVED
    approval.save()
    return case


def pending_approvals(agency_ids) -> list[Approval]:
    """The replies waiting for an approver of these agencies (the 待审核 queue), oldest first."""
    return list(Approval.objects.filter(case__agency_id__in=agency_ids, state=Approval.State.PENDING, voided=False)
                .select_related("case", "case__agency").order_by("created"))


def refresh_deadlines(calendar: WorkCalendar | None = None, cases=None, since: int | None = None) -> int:
    """Work the cases' clocks out again (every case not voided, or `cases`, or the open
    ones and those received from `since` on); how many changed."""
    calendar = calendar or work_calendar()
    if cases is None:
        cases = RequestCase.objects.all()
        if since is not None:
            cases = cases.filter(Q(outcome__isnull=True) | Q(received__gte=date(since, 1, 1)))
    changed = 0
    for case in cases.filter(voided=False).prefetch_related("events").iterator(chunk_size=500):
        if case.refresh_deadline(calendar):
            case.save()
            changed += 1
    return changed


def overdue_at_year_end(agency: Agency, year: int) -> list[str]:
    """The numbers of the agency's cases still open that were due within `year`: not
    answered when they had to be, so neither closed nor rightly carried over to the next."""
    return list(agency.cases.filter(voided=False, outcome__isnull=True, due__lte=date(year, 12, 31))
                .order_by("due", "number").values_list("number", flat=True))


def year_records(agency: Agency) -> tuple[list, list, list]:
    """The agency's records as the domain counts them: (cases, reviews, documents)."""
    return ([c.to_domain() for c in agency.cases.filter(voided=False).prefetch_related("events")],
            [r.to_domain() for r in agency.reviews.filter(voided=False).select_related("case")],
            [d.to_domain() for d in agency.documents.filter(voided=False)])


def unkept_registers(agency: Agency, year: int) -> list[tuple[str, str]]:
    """The registers a year's tables count from that hold nothing for the agency: (kind,
    what the tables then say) — a zero the builder cannot know to be true, said as such."""
    out = []
    if not agency.cases.filter(voided=False, received__lt=date(year, 1, 1)).exists():
        out.append(("cases", f"台账中没有{year - 1}年及以前收到的申请，表二“上年结转”按 0 统计"))
    if not agency.reviews.filter(voided=False).exists():
        out.append(("reviews", "本机关在平台上没有登记任何行政复议、行政诉讼案件，表三各项按 0 统计"))
    if not agency.documents.filter(voided=False).exists():
        out.append(("documents", "本机关在平台上没有登记任何规章和行政规范性文件，表一中这两行按 0 统计"))
    return out


_GROUPS = {"granted": "予以公开", "partial": "部分公开"}


def _group(outcome: str) -> str:
    if outcome in _GROUPS:
        return _GROUPS[outcome]
    level2 = TABLE_B_ROW[outcome].level2
    return level2[3:] if level2 else outcome


def year_figures(agency_ids, year: int) -> dict:
    """A year's requests by month and applicant type (by the day of receipt, as the
    tables count them), outcomes by group, replies on time and late, and the review and
    lawsuit correction rates — counted in SQL over the stored clocks."""
    cases = RequestCase.objects.filter(agency_id__in=agency_ids, voided=False)
    by_month = {kind: [0] * 12 for kind in APPLICANT_TYPES}
    received = cases.filter(received__year=year).annotate(month=ExtractMonth("received"))
    for row in received.values("applicant_type", "month").annotate(n=Count("id")):
        by_month[row["applicant_type"]][row["month"] - 1] += row["n"]
    closed = cases.filter(closed_on__year=year)
    outcomes: Counter = Counter()
    for row in closed.values("outcome").annotate(n=Count("id")):
        outcomes[_group(row["outcome"])] += row["n"]
    timely = closed.aggregate(on_time=Count("id", filter=Q(late=False)), late=Count("id", filter=Q(late=True)))
    decided = Counter((r["kind"], r["outcome"]) for r in Review.objects.filter(
        agency_id__in=agency_ids, voided=False, decided__year=year).values("kind", "outcome"))
    rates = []
    for kind, name in (("review", "行政复议"), ("litigation_direct", "直接起诉"), ("litigation_after_review", "复议后起诉")):
        total = sum(n for (k, _), n in decided.items() if k == kind)
        rates.append({"name": name, "total": total, "corrected": decided[(kind, "corrected")]})
    on_time, late = timely["on_time"], timely["late"]
    return {"months": [f"{m}月" for m in range(1, 13)],
            "by_month": [{"name": APPLICANT_TYPES[k], "data": v} for k, v in by_month.items()],
            "outcomes": [{"name": k, "value": v} for k, v in outcomes.most_common()],
            "timeliness": {"on_time": on_time, "late": late,
                           "rate": round(100 * on_time / (on_time + late)) if on_time + late else None},
            "rates": rates, "received": sum(sum(v) for v in by_month.values())}


# --- letters -------------------------------------------------------------------------

def template_for(agency_id: int, kind: str) -> Template:
    own = LetterTemplate.objects.filter(agency_id=agency_id, kind=kind, voided=False).first()
    return Template(own.title, own.body) if own else DEFAULTS[kind]


def _letter_text(case: RequestCase, kind: str, today: date) -> tuple[Template, date]:
    """The letter as the case now says it, with {文号} left for the number: (text, the date
    of its act). LetterError says why it cannot be written."""
    domain = case.to_domain()
    on = act_date(domain, kind)
    if on is None:
        raise LetterError(f"本案尚无{ACTS[kind]}，不能生成这份文书")
    agency = case.agency
    extra = {"复议机关": agency.review_body, "人民法院": agency.court}
    template = template_for(case.agency_id, kind)
    values = fields(domain, agency.name, provisional(work_calendar()), today, kind, extra)
    if kind == "reply":
        reply_text(domain)  # says why a reply cannot be written yet (no reasons entered)
    missing = [n for n in ("复议机关", "人民法院") if "{" + n + "}" in template.body and not extra[n]]
    if missing:
        raise LetterError(f"本机关尚未设置{'、'.join(missing)}（由机构管理员在“文书模板”页填写），不能写明救济途径")
    fill(template, values | {"文号": "文号"})  # every placeholder fillable before a number is taken
    return fill(template, values | {"文号": NUMBER}), on


NUMBER = "\ufffc文号\ufffc"  # where the letter's own 文号 goes, once it has one


def _keep(letter: IssuedLetter, text: Template, on: date) -> IssuedLetter:
    """Store the letter as issued: its text with its number, and its DOCX."""
    title, body = (t.replace(NUMBER, letter.number) for t in (text.title, text.body))
    letter.title, letter.body = title, body
    letter.document = letter_docx(Template(title, body), letter.agency.name, on, letter.number)
    letter.save()
    return letter


def current_letter(case: RequestCase, kind: str) -> IssuedLetter | None:
    """The case's letter of this kind in force: the last 更正, or the letter itself."""
    return case.letters.filter(kind=kind, voided=False).order_by("-id").first()


def issue_letter(case: RequestCase, kind: str, today: date, issue: bool = True) -> IssuedLetter:
    """The case's letter of this kind: issued once — dated the day of its act, numbered
    from the agency's sequence, its text and DOCX kept — and from then on printed from
    what was kept, whatever the case says later. `issue` False: only a letter issued
    already (a number is taken by a deliberate act, never by following a link).
    LetterError says why not."""
    found = current_letter(case, kind)
    if found is not None and found.document:
        return found
    if found is None and not issue:
        raise LetterError("尚未生成（取文号），请在案件页面点击生成")
    text, on = _letter_text(case, kind, today)
    with transaction.atomic():
        letter = found or IssuedLetter.numbered(case, kind, on)
        letter = IssuedLetter.objects.select_for_update().get(pk=letter.pk)
        if letter.document:  # issued at the same moment by another request
            return letter
        # a letter numbered before letters were kept is kept now, as the case says it now
        return _keep(letter, text, letter.on)


def correct_letter(case: RequestCase, kind: str, today: date) -> IssuedLetter:
    """A 更正 of the case's letter of this kind, where what the case now says differs from
    what was issued: a new letter with its own 文号, dated today, naming the one it
    corrects — which stays as it was issued."""
    found = current_letter(case, kind)
    if found is None or not found.document:
        raise LetterError("这份文书尚未发出，无需更正")
    text, _ = _letter_text(case, kind, today)
    if text.body == _content(found):
        raise LetterError("按本案现在的记录，这份文书的内容与已发出的相同，无需更正")
    original = found.corrects or found
    lines = text.body.split("\n", 1)
    note = (f"本机关于{cn_date(found.on)}发出的《{original.title}》（{found.number}）所载内容有误，现予更正，"
            "以本文书为准。")
    body = lines[0] + "\n" + note + ("\n" + lines[1] if len(lines) > 1 else "")
    with transaction.atomic():
        letter = IssuedLetter.numbered(case, kind, today, corrects=found)
        return _keep(letter, Template(f"{text.title}（更正）", body), today)


def _content(letter: IssuedLetter) -> str:
    """What a kept letter says of the case: its body without its own number and, for a
    更正, without the line that names the letter it corrects."""
    lines = letter.body.replace(letter.number, NUMBER).split("\n")
    if letter.corrects_id is not None:
        del lines[1]
    return "\n".join(lines)


def letters_of(case: RequestCase) -> list[tuple[str, str, list[IssuedLetter]]]:
    """(kind, name, the letters issued of it, first to last) for the letters the case's
    acts allow, and any issued already."""
    domain = case.to_domain()
    issued: dict[str, list[IssuedLetter]] = {}
    for letter in case.letters.filter(voided=False).order_by("id"):
        issued.setdefault(letter.kind, []).append(letter)
    return [(kind, name, issued.get(kind, [])) for kind, name in KINDS.items()
            if act_date(domain, kind) or kind in issued]


# --- working the case: its 承办人, internal notes, attachments -------------------------

MAX_ATTACHMENT = 50 * 1024 * 1024  # a scanned application or a released document; larger is no attachment


def assign(case: RequestCase, handler, who: str) -> RequestCase:
    """The case given to a 承办人 (None: to no one), who must work for the case's agency."""
    if handler is not None and case.agency_id not in access.editable_agency_ids(handler):
        raise CaseError(f"“{handler.get_username()}”不是本机关的工作人员，不能承办")
    case.handler = handler
    with acting_as(who):
        case.save()
    return case


def add_note(case: RequestCase, who: str, text: str) -> CaseNote:
    text = text.strip()
    if not text:
        raise CaseError("记录内容不能为空")
    note = CaseNote(case=case, author=who, text=text[:4000])
    with acting_as(who):
        note.save()
    return note


def attachment_path(sha256: str):
    """Where an attachment's content is kept: the data directory, by its SHA-256."""
    return settings.DATA_DIR / "attachments" / sha256[:2] / sha256


def attach(case: RequestCase, kind: str, name: str, data: bytes, who: str) -> CaseAttachment:
    """A file added to the case, stored once by the SHA-256 of its content (written whole,
    readable by the platform only); the record keeps its kind, name and size."""
    if not data:
        raise CaseError("文件是空的")
    if len(data) > MAX_ATTACHMENT:
        raise CaseError(f"文件过大（{len(data) / 1048576:.1f} MB），附件不超过 {MAX_ATTACHMENT // 1048576} MB")
    digest = hashlib.sha256(data).hexdigest()
    path = attachment_path(digest)
    store(path.parent, path.name, data)
    item = CaseAttachment(case=case, kind=kind, name=os.path.basename(name)[:200] or digest[:12], sha256=digest,
                          size=len(data), added_by=who)
    with acting_as(who):
        item.save()
    return item


# --- each role's work: its tasks, and reminders of them ------------------------------------

def week_end(today: date) -> date:
    """The last day of today's week (Sunday): 本周到期 runs through it."""
    return today + timedelta(days=6 - today.weekday())


def tasks(user, today: date) -> dict:
    """What the user has to do, as querysets over the stored clocks: the open cases of the
    agencies it works for that are overdue, due today, due later this week, waiting for the
    applicant (a correction or a fee); those it handles; and — for an approver — the
    replies and extensions waiting for its signature."""
    editable = access.editable_agency_ids(user)
    cases = RequestCase.objects.filter(agency_id__in=editable, voided=False).open().select_related("agency", "handler")
    approvable = {a for a in editable if access.can_approve(user, a)}
    return {
        "overdue": cases.filter(due__lt=today).order_by("due", "id"),
        "today": cases.filter(due=today).order_by("id"),
        "week": cases.filter(due__gt=today, due__lte=week_end(today)).order_by("due", "id"),
        "waiting": cases.filter(due__isnull=True).order_by("received", "id"),
        "mine": cases.filter(handler=user).order_by(F("due").asc(nulls_last=True), "id"),
        "approvals": Approval.objects.filter(case__agency_id__in=approvable, state=Approval.State.PENDING,
                                             voided=False).select_related("case", "case__agency").order_by("created"),
    }


def reminders(today: date) -> list[tuple]:
    """For every active user with an e-mail address and work to do: (user, its tasks as
    lists). A case is reminded to its 承办人, and to every staff member of its agency
    when no one handles it."""
    from django.contrib.auth import get_user_model

    out = []
    for user in get_user_model().objects.filter(is_active=True).exclude(email="").order_by("username"):
        if not access.editable_agency_ids(user):
            continue
        found = tasks(user, today)
        mine = Q(handler=user) | Q(handler__isnull=True)
        lists = {k: list(found[k].filter(mine)) for k in ("overdue", "today", "week")}
        lists["approvals"] = list(found["approvals"])
        if any(lists.values()):
            out.append((user, lists))
    return out


def reminder_text(user, lists: dict, today: date, site: str = "") -> tuple[str, str]:
    """A reminder e-mail: (subject, body), in the words of the tasks page."""
    names = {"overdue": "已逾期", "today": "今日到期", "week": "本周内到期"}
    counts = [f"{names[k]} {len(lists[k])} 件" for k in names if lists[k]]
    if lists["approvals"]:
        counts.append(f"待您审核 {len(lists['approvals'])} 件")
    subject = f"【政府信息公开】{today.isoformat()} 待办提醒：" + "，".join(counts)
    lines = [f"{user.get_username()}，您好：", "", f"截至 {today.isoformat()}，您有以下依申请公开事项需要处理：", ""]
    for key, name in names.items():
        if lists[key]:
            lines.append(f"{name}：")
            lines += [f"  {c.number} {c.applicant}（{c.agency.name}），答复期限 {c.due.isoformat()}"
                      + ("（暂定）" if c.due_provisional else "") for c in lists[key]]
            lines.append("")
    if lists["approvals"]:
        lines.append("待您审核：")
        lines += [f"  {a.case.number}（{a.case.agency.name}）{a.get_kind_display()}，送审人 {a.submitted_by}"
                  for a in lists["approvals"]]
        lines.append("")
    if site:
        lines.append(f"请登录 {site.rstrip('/')}/tasks/ 处理。")
    lines.append("（本邮件由政府信息公开工作平台自动发送）")
    return subject, "\n".join(lines)


def send_reminders(today: date, site: str = "") -> int:
    """Send each user with work to do its reminder (Django's mail settings); how many were sent."""
    from django.core.mail import EmailMessage, get_connection

    messages = []
    for user, lists in reminders(today):
        subject, body = reminder_text(user, lists, today, site)
        messages.append(EmailMessage(subject, body, to=[user.email]))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
