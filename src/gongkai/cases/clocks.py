"""A request for disclosure (依申请公开) under its legal clocks (条例 第三十条至第三十五条).

- received: the day that counts as receipt by channel (第三十一条): in person, the day
  submitted; by post, the day signed for; online or by fax, the day both sides confirm;
- reply due 20 working days after receipt (第三十三条);
- 补正: a notice only within 7 working days of receipt, once, with the applicant's
  deadline; the reply period runs afresh from receipt of the correction (第三十条);
  no correction by the deadline closes the case as 其他处理-1;
- consultations of third parties (第三十二条) and co-makers (第三十四条) suspend the reply
  clock while they run, 15 working days each at most;
- one extension of at most 20 working days, with the approver and the notice to the
  applicant recorded (第三十三条第二款);
- a date the agency sets under 第三十五条 replaces the due date;
- a fee notice gives the applicant 20 working days to pay (国办函〔2020〕109号); the
  payment period is excluded from the reply clock by default (the texts do not settle
  it: `fee_suspends=False` counts it); non-payment closes the case as 其他处理-2;
- the outcome is exactly one of the 23 result rows of table B, with the 第三十六条 reply
  type and the served date (the applicant's signature, or the day posted).

Illegal moves are refused with the reason. Every due date explains itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ..errors import GongkaiError
from ..report.catalog import TABLE_B_COLUMNS, TABLE_B_RESULT_KEYS, TABLE_B_ROW
from .calendar import WorkCalendar, default_calendar, provisional

APPLICANT_TYPES = {c.key: c.label for c in TABLE_B_COLUMNS[:6]}  # natural_person … other
CHANNELS = {"当面": "提交之日", "邮寄": "签收之日", "网络": "双方确认之日", "传真": "双方确认之日", "其他": "双方确认之日"}
REPLY_TYPES = {  # 第三十六条
    "already_public": "（一）已主动公开的，告知获取方式和途径",
    "disclosed": "（二）可以公开的，向申请人提供或告知获取方式",
    "withheld": "（三）依法不予公开的，告知不予公开并说明理由",
    "not_exist": "（四）经检索没有所申请公开信息的，告知不存在",
    "not_ours": "（五）不属于本机关负责公开的，告知并说明理由",
    "repeat": "（六）重复申请的，告知不予重复处理",
    "special_law": "（七）工商、不动产登记资料等查询事项，告知依照有关法律办理",
}
# the 第三十六条 reply types each result row of table 三 can go with; a row not listed takes
# none of them (its basis is another article), and a reply type it does not take is refused
REPLIES_FOR = {
    "granted": ("already_public", "disclosed"),
    "partial": ("disclosed", "withheld"),  # 第三十七条: the rest withheld with reasons
    **{k: ("withheld",) for k in TABLE_B_RESULT_KEYS if k.startswith("denied_") and k != "denied_query_item"},
    "denied_query_item": ("special_law",),
    "unavailable_not_held": ("not_exist", "not_ours"),
    "unprocessed_repeat": ("repeat",),
    "unprocessed_publication": ("already_public",),
}
# the dates of a move that set a time limit for the applicant (to come by nature), not
# the day something was done: every other date of a record is today or before
TO_COME = frozenset({"deadline"})
REPLY_DAYS, CORRECTION_DAYS, CONSULTATION_DAYS, EXTENSION_DAYS, PAYMENT_DAYS = 20, 7, 15, 20, 20


class CaseError(GongkaiError):
    code = "case"


@dataclass(frozen=True)
class EventKind:
    """A step of a case: its name for people and the fields of its data, with their types."""

    label: str
    fields: dict[str, type]


EVENTS = {
    "correction_notice": EventKind("发出补正告知书", {"deadline": date, "items": str}),
    "correction_received": EventKind("收到补正材料", {}),
    "consultation": EventKind("征求意见", {"kind": str, "until": date, "party": str}),
    "extension": EventKind("延长答复期限", {"days": int, "approver": str, "notified": date}),
    "agency_date": EventKind("依第三十五条确定期限", {"due": date, "reason": str}),
    "fee_notice": EventKind("发出收费通知", {"amount": int, "delivered": date, "pay_by": date}),
    "fee_paid": EventKind("申请人缴费", {}),
    # late and due: written by earlier versions at closing; read, no longer written (lateness follows the due date)
    "closed": EventKind("办结", {"outcome": str, "served": date, "reply_type": str, "reasons": str, "late": bool,
                               "due": date}),
}


@dataclass
class Event:
    kind: str  # an EVENTS key
    on: date
    data: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        """The data as JSON values (dates as YYYY-MM-DD), each field as its kind defines it."""
        fields = EVENTS[self.kind].fields
        unknown = set(self.data) - set(fields)
        if unknown:
            raise CaseError(f"{EVENTS[self.kind].label}没有这些内容：{'、'.join(sorted(unknown))}")
        return {k: v.isoformat() if fields[k] is date and v is not None else v for k, v in self.data.items()}

    @classmethod
    def from_json(cls, kind: str, on: date, data: dict) -> "Event":
        fields = EVENTS[kind].fields
        return cls(kind, on, {k: date.fromisoformat(v) if fields.get(k) is date and isinstance(v, str) else v
                              for k, v in data.items()})


@dataclass
class Step:
    what: str
    date: date | None
    explanation: str = ""


@dataclass
class Clock:
    received: date
    start: date | None  # where the reply period runs from (after a correction, its receipt)
    due: date | None  # None while a correction is awaited
    steps: list[Step]
    counted: list[date] = field(default_factory=list)
    skipped: list[tuple[date, str]] = field(default_factory=list)

    def explain(self) -> str:
        lines = [f"{s.what}{'：' + str(s.date) if s.date else ''}{'（' + s.explanation + '）' if s.explanation else ''}"
                 for s in self.steps]
        return "\n".join(lines)


def due_date(received: date, *, corrected: date | None = None, suspensions: list[tuple[date, date, str]] = (),
             extension: int = 0, agency_date: date | None = None, calendar: WorkCalendar | None = None,
             suspend_in: str = "working") -> Clock:
    """The reply due date: 20 working days after receipt (or after the correction was
    received), plus the working days of each suspension, plus an extension; or the
    date the agency set under 第三十五条.

    A suspension (first, last) excludes the working days after `first` through `last`
    — counted like any period, from the day after it starts — so a consultation
    answered on its 15th working day excludes 15 working days. The texts do not settle
    whether excluded time is counted in working or calendar days [spec §4, U]:
    `suspend_in="working"` is the default, `"calendar"` moves the due date by the
    calendar days of each suspension (then to the next working day)."""
    if suspend_in not in ("working", "calendar"):
        raise ValueError("suspend_in is 'working' or 'calendar'")
    cal = calendar or default_calendar()
    steps = [Step("收到申请", received)]
    start = received
    if corrected is not None:
        if corrected < received:
            raise CaseError("补正材料收到日期早于收到申请日期（correction before receipt）")
        start = corrected
        steps.append(Step("收到补正，答复期限重新起算", corrected, "条例第三十条"))
    count = cal.add_working_days(start, REPLY_DAYS)
    due = count.end
    counted, skipped = list(count.counted), list(count.skipped)
    steps.append(Step(f"答复期限 {REPLY_DAYS} 个工作日", due, count.explain()))
    for first, last, why in suspensions:
        if last < first:
            raise CaseError(f"{why}的结束日期早于开始日期（period ends before it starts）")
        if suspend_in == "calendar":
            n = (last - first).days
            due += timedelta(days=n)
            while not cal.is_workday(due):
                due += timedelta(days=1)
            steps.append(Step(f"{why}{first}至{last}，不计入答复期限 {n} 日，顺延至", due))
            continue
        n = cal.working_days_in(first + timedelta(days=1), last)
        if n:
            more = cal.add_working_days(due, n)
            counted += more.counted
            skipped += more.skipped
            due = more.end
        steps.append(Step(f"{why}{first}至{last}，不计入答复期限 {n} 个工作日，顺延至", due))
    if extension:
        if not 0 < extension <= EXTENSION_DAYS:
            raise CaseError(f"延长答复期限最长 {EXTENSION_DAYS} 个工作日（at most {EXTENSION_DAYS} working days）")
        more = cal.add_working_days(due, extension)
        counted += more.counted
        skipped += more.skipped
        due = more.end
        steps.append(Step(f"经批准延长 {extension} 个工作日，至", due, "条例第三十三条第二款"))
    if agency_date is not None:
        due = agency_date
        steps.append(Step("依第三十五条确定的合理期限", due, "条例第三十五条"))
    return Clock(received, start, due, steps, counted, skipped)


@dataclass
class RequestCase:
    number: str
    applicant: str
    applicant_type: str  # APPLICANT_TYPES key
    channel: str  # CHANNELS key
    submitted: date
    confirmed: date | None = None  # signed for (post) / both sides confirmed (online, fax, other)
    subject: str = ""
    form: str = ""  # 提供形式: 纸质、电子邮件、光盘…
    events: list[Event] = field(default_factory=list)
    outcome: str | None = None  # TABLE_B_RESULT_KEYS
    reply_type: str | None = None  # REPLY_TYPES key
    served: date | None = None
    closed_on: date | None = None
    fee_suspends: bool = True

    def __post_init__(self):
        if self.applicant_type not in APPLICANT_TYPES:
            raise CaseError(f"申请人类型应为 {'、'.join(APPLICANT_TYPES.values())} 之一（unknown applicant type）")
        if self.channel not in CHANNELS:
            raise CaseError(f"申请渠道应为 {'、'.join(CHANNELS)} 之一（unknown channel）")
        if self.channel != "当面" and self.confirmed is None:
            raise CaseError(f"{self.channel}申请以{CHANNELS[self.channel]}为收到申请之日，请填写该日期"
                            f"（条例第三十一条）（date of receipt missing）")
        if self.confirmed is not None and self.confirmed < self.submitted:
            raise CaseError("确认（签收）日期早于提交日期（confirmed before submitted）")

    # --- facts ----------------------------------------------------------------------

    @property
    def received(self) -> date:
        """The day that counts as receipt (第三十一条)."""
        return self.submitted if self.channel == "当面" else self.confirmed  # type: ignore[return-value]

    def _events(self, kind: str) -> list[Event]:
        return [e for e in self.events if e.kind == kind]

    def _one(self, kind: str) -> Event | None:
        found = self._events(kind)
        return found[0] if found else None

    @property
    def is_open(self) -> bool:
        return self.outcome is None

    def _check_open(self, on: date) -> None:
        if not self.is_open:
            raise CaseError(f"申请已于 {self.closed_on} 办结，不能再办理（case closed）")
        if on < self.received:
            raise CaseError(f"日期 {on} 早于收到申请之日 {self.received}（before receipt）")

    def moves(self) -> list[str]:
        """The moves the case's state allows now (what a screen offers; each is still
        checked against its dates when made)."""
        if not self.is_open:
            return []
        notice, fee = self._one("correction_notice"), self._one("fee_notice")
        allowed = {
            "request_correction": notice is None,
            "correction_received": notice is not None and self._one("correction_received") is None,
            "consultation": True,
            "extend": self._one("extension") is None,
            "set_agency_date": self._one("agency_date") is None,
            "fee_notice": fee is None,
            "fee_paid": fee is not None and self._one("fee_paid") is None,
            "close": True,
        }
        return [move for move, ok in allowed.items() if ok]

    # --- moves ----------------------------------------------------------------------

    def request_correction(self, on: date, deadline: date, calendar: WorkCalendar | None = None,
                           items: str = "") -> "RequestCase":
        """补正告知: within 7 working days of receipt, once, saying what is to be corrected
        (`items`, which the 补正告知书 lists) (第三十条)."""
        cal = calendar or default_calendar()
        self._check_open(on)
        if self._events("correction_notice"):
            raise CaseError("补正只能一次性告知，已发出过补正告知书（one correction notice only）")
        limit = cal.add_working_days(self.received, CORRECTION_DAYS).end
        if on > limit:
            raise CaseError(f"补正告知应在收到申请之日起 {CORRECTION_DAYS} 个工作日内（{limit} 前）发出，"
                            f"{on} 已逾期（第三十条）（correction notice too late）")
        if deadline <= on:
            raise CaseError("补正期限应晚于告知日期（deadline before notice）")
        data = {"deadline": deadline} | ({"items": items.strip()} if items.strip() else {})
        self.events.append(Event("correction_notice", on, data))
        return self

    def correction_received(self, on: date) -> "RequestCase":
        notice = self._one("correction_notice")
        if notice is None:
            raise CaseError("没有发出补正告知，不能登记收到补正（no correction notice）")
        self._check_open(on)
        if on < notice.on:
            raise CaseError("收到补正的日期早于补正告知日期（correction before notice）")
        if self._one("correction_received"):
            raise CaseError("已登记收到补正（correction already received）")
        self.events.append(Event("correction_received", on))
        return self

    def consultation(self, kind: str, sent: date, answered: date | None = None,
                     calendar: WorkCalendar | None = None, party: str = "") -> "RequestCase":
        """征求第三方（第三十二条）或共同制作机关（第三十四条）意见: the clock stops
        while it runs, 15 working days at most."""
        cal = calendar or default_calendar()
        if kind not in ("third_party", "co_maker"):
            raise CaseError("征求意见对象应为第三方（third_party）或共同制作机关（co_maker）")
        self._check_open(sent)
        limit = cal.add_working_days(sent, CONSULTATION_DAYS).end
        end = answered or limit
        if end < sent:
            raise CaseError("答复意见的日期早于征求意见的日期（answer before request）")
        if end > limit:
            raise CaseError(f"征求意见期限为 {CONSULTATION_DAYS} 个工作日（至 {limit}），逾期未答复的由行政机关依法决定"
                            "（consultation longer than 15 working days）")
        data = {"kind": kind, "until": end} | ({"party": party.strip()} if party.strip() else {})
        self.events.append(Event("consultation", sent, data))
        return self

    def extend(self, on: date, days: int, approver: str, notified: date,
               calendar: WorkCalendar | None = None) -> "RequestCase":
        """One extension of at most 20 working days, approved and notified (第三十三条)."""
        self._check_open(on)
        if self._events("extension"):
            raise CaseError("答复期限只能延长一次（one extension only）")
        if not 0 < days <= EXTENSION_DAYS:
            raise CaseError(f"延长期限最长不超过 {EXTENSION_DAYS} 个工作日（at most 20 working days）")
        if not approver.strip():
            raise CaseError("延长答复期限须经政府信息公开工作机构负责人同意，请填写批准人（approver required）")
        due = self.clock(calendar).due
        if due is not None and on > due:
            raise CaseError(f"答复期限已于 {due} 届满，不能再延长（deadline passed）")
        if notified < on:
            raise CaseError("告知申请人的日期早于批准延期的日期（notified before approval）")
        self.events.append(Event("extension", on, {"days": days, "approver": approver, "notified": notified}))
        return self

    def set_agency_date(self, on: date, due: date, reason: str) -> "RequestCase":
        """第三十五条: a reasonable later date for requests clearly beyond a reasonable range."""
        self._check_open(on)
        if due <= on or not reason.strip():
            raise CaseError("第三十五条的合理期限应晚于告知日期，并写明理由（date and reason required）")
        self.events.append(Event("agency_date", on, {"due": due, "reason": reason}))
        return self

    def fee_notice(self, on: date, amount_yuan: int, delivered: date, calendar: WorkCalendar | None = None) -> "RequestCase":
        """收费通知, within the processing period; 20 working days to pay from the day after
        the applicant receives it."""
        cal = calendar or default_calendar()
        self._check_open(on)
        if self._events("fee_notice"):
            raise CaseError("已发出收费通知（fee notice already sent）")
        due = self.clock(cal).due
        if due is not None and on > due:
            raise CaseError(f"收费通知应在答复期限（{due}）内发出（fee notice after the deadline）")
        window = cal.add_working_days(delivered, PAYMENT_DAYS).end
        self.events.append(Event("fee_notice", on, {"amount": amount_yuan, "delivered": delivered, "pay_by": window}))
        return self

    def fee_paid(self, on: date) -> "RequestCase":
        notice = self._one("fee_notice")
        if notice is None:
            raise CaseError("没有发出收费通知（no fee notice）")
        if self._one("fee_paid"):
            raise CaseError(f"已于 {self._one('fee_paid').on} 登记缴费，不能重复登记（already paid）")
        self._check_open(on)
        if on > notice.data["pay_by"]:
            raise CaseError(f"缴费期限已于 {notice.data['pay_by']} 届满（payment after the window）")
        self.events.append(Event("fee_paid", on))
        return self

    def close(self, outcome: str, served: date, reply_type: str | None = None, on: date | None = None,
              reasons: str = "", calendar: WorkCalendar | None = None) -> "RequestCase":
        """Close with exactly one result row of table B, a 第三十六条 reply type that goes
        with it, and the reasons given to the applicant."""
        on = on or served
        self._check_open(on)
        if outcome not in TABLE_B_RESULT_KEYS:
            raise CaseError("办理结果应为表二“三、本年度办理结果”中的一项（outcome must be a result row）")
        if reply_type is not None and reply_type not in REPLY_TYPES:
            raise CaseError("答复类型应为条例第三十六条（一）至（七）之一（unknown reply type）")
        if reply_type is not None and reply_type not in REPLIES_FOR.get(outcome, ()):
            fits = "、".join(REPLY_TYPES[r][:3] for r in REPLIES_FOR.get(outcome, ())) or "不选答复类型"
            raise CaseError(f"办理结果“{TABLE_B_ROW[outcome].label}”与答复类型“{REPLY_TYPES[reply_type]}”相互矛盾"
                            f"（此结果可选：{fits}）（outcome and reply type contradict）")
        if served < self.received:
            raise CaseError("送达日期早于收到申请之日（served before receipt）")
        notice, corrected = self._one("correction_notice"), self._one("correction_received")
        if notice and not corrected and outcome != "other_overdue_correction" and on <= notice.data["deadline"]:
            raise CaseError(f"补正期限（{notice.data['deadline']}）未届满，尚待申请人补正（awaiting correction）")
        if outcome == "other_overdue_correction":
            if notice is None or corrected is not None:
                raise CaseError("只有发出补正告知而申请人逾期未补正的，才能以“逾期不补正”办结（no overdue correction）")
            if on <= notice.data["deadline"]:
                raise CaseError(f"补正期限至 {notice.data['deadline']}，尚未届满（correction deadline not passed）")
        if outcome == "other_overdue_fee":
            fee = self._one("fee_notice")
            if fee is None or self._one("fee_paid"):
                raise CaseError("只有发出收费通知而申请人逾期未缴费的，才能以“逾期未缴费”办结（no overdue fee）")
            if on <= fee.data["pay_by"]:
                raise CaseError(f"缴费期限至 {fee.data['pay_by']}，尚未届满（payment window not passed）")
        data = {"outcome": outcome, "served": served, "reply_type": reply_type}
        if reasons.strip():
            data["reasons"] = reasons.strip()
        # whether the reply was late is not written here: it follows the due date (`late`,
        # `deadline`), which a holiday schedule announced later may still move
        self.outcome, self.served, self.reply_type, self.closed_on = outcome, served, reply_type, on
        self.events.append(Event("closed", on, data))
        return self

    # --- the clock --------------------------------------------------------------------

    def clock(self, calendar: WorkCalendar | None = None) -> Clock:
        notice, corrected = self._one("correction_notice"), self._one("correction_received")
        if notice is not None and corrected is None:
            steps = [Step("收到申请", self.received),
                     Step("已发出补正告知，等待申请人补正，补正期限至", notice.data["deadline"], "条例第三十条")]
            return Clock(self.received, None, None, steps)
        suspensions = [(e.on, e.data["until"], "征求第三方意见" if e.data["kind"] == "third_party" else "征求共同制作机关意见")
                       for e in self._events("consultation")]
        fee = self._one("fee_notice")
        if fee is not None and self.fee_suspends:
            paid = self._one("fee_paid")
            suspensions.append((fee.on, paid.on if paid else fee.data["pay_by"], "收费通知至缴费"))
        ext = self._one("extension")
        agency = self._one("agency_date")
        return due_date(self.received, corrected=corrected.on if corrected else None, suspensions=suspensions,
                        extension=ext.data["days"] if ext else 0, agency_date=agency.data["due"] if agency else None,
                        calendar=calendar)

    def late(self, calendar: WorkCalendar | None = None) -> bool:
        """Replied (served) after the due date — the due date as the calendar gives it
        now (a date once provisional may have moved since the case was closed)."""
        due = self.clock(calendar).due
        return self.served is not None and due is not None and self.served > due

    def outcome_label(self) -> str | None:
        return None if self.outcome is None else TABLE_B_ROW[self.outcome].label


@dataclass(frozen=True)
class Deadline:
    """What a list needs of a case's clock, worked out once: the day of receipt, the due
    date (None while a correction is awaited or when it cannot be worked out), why it is
    provisional, why there is none, and — once replied — whether the reply was late."""

    received: date
    due: date | None
    provisional: str = ""  # why the due date is provisional; "" when it is exact
    note: str = ""  # why there is no due date
    late: bool | None = None  # closed cases: served after the due date


def deadline(case: RequestCase, calendar: WorkCalendar | None = None) -> Deadline:
    """The case's deadline under `calendar`, seen provisionally past the announced
    holiday schedules: every case keeps a due date, marked 暂定 with why."""
    cal = provisional(calendar)
    try:
        clock = case.clock(cal)
    except GongkaiError as err:
        return Deadline(case.received, None, note=str(err))
    if clock.due is None:
        return Deadline(case.received, None, note="" if not case.is_open else "等待补正")
    late = None if case.is_open or case.served is None else case.served > clock.due
    return Deadline(case.received, clock.due, cal.note(), late=late)
