"""The register in the database: request cases and their steps (events), the letters
issued in them, reviews and lawsuits, normative documents, the holiday schedules.
Every change is audited; nothing is deleted.

A case stores what its lists need of its clock — the day of receipt, the due date, and
whether the date is provisional and why — worked out by the domain (`cases.clocks`)
and stored on every move and whenever the holiday schedules change: lists sort,
filter and page in SQL, and no case ever drops out of them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models, transaction

from ...cases.applicants import DELIVERIES, ID_TYPES
from ...cases.calendar import WorkCalendar
from ...cases.clocks import APPLICANT_TYPES, CHANNELS, EVENTS, REPLY_TYPES, Deadline, Event, deadline
from ...cases.clocks import RequestCase as DomainCase
from ...cases.compile import NormativeDocument as DomainDocument
from ...cases.compile import Review as DomainReview
from ...cases.letters import KINDS as LETTER_KINDS
from ...report.catalog import TABLE_B_RESULT_KEYS, TABLE_B_ROW, TABLE_C_GROUPS, TABLE_C_OUTCOMES
from ..agencies.models import Agency, Scoped
from ..audit.models import Audited

ApplicantType = models.TextChoices("ApplicantType", [(k.upper(), (k, v)) for k, v in APPLICANT_TYPES.items()])
Channel = models.TextChoices("Channel", [(k, (k, k)) for k in CHANNELS])
Outcome = models.TextChoices("Outcome", [(k.upper(), (k, TABLE_B_ROW[k].label)) for k in TABLE_B_RESULT_KEYS])
ReplyType = models.TextChoices("ReplyType", [(k.upper(), (k, v)) for k, v in REPLY_TYPES.items()])
EventKind = models.TextChoices("EventKind", [(k.upper(), (k, e.label)) for k, e in EVENTS.items()])
LetterKind = models.TextChoices("LetterKind", [(k.upper(), (k, v)) for k, v in LETTER_KINDS.items()])
ReviewKind = models.TextChoices("ReviewKind", [(g.key.upper(), (g.key, g.label)) for g in TABLE_C_GROUPS])
IdType = models.TextChoices("IdType", [(k.upper(), (k, v)) for k, v in ID_TYPES.items()])
Delivery = models.TextChoices("Delivery", [(k.upper(), (k, v)) for k, v in DELIVERIES.items()])
ReviewOutcome = models.TextChoices("ReviewOutcome", [(o.key.upper(), (o.key, o.label)) for o in TABLE_C_OUTCOMES[:3]])


class CaseQuerySet(Scoped):
    def open(self):
        return self.filter(outcome__isnull=True)

    def closed(self):
        return self.filter(outcome__isnull=False)

    def overdue(self, today: dt.date):
        return self.open().filter(due__lt=today)

    def due_by(self, today: dt.date, last: dt.date):
        """Open, due from today through `last`."""
        return self.open().filter(due__gte=today, due__lte=last)

    def awaiting(self):
        """Open with no due date: waiting for the applicant's correction."""
        return self.open().filter(due__isnull=True)


class RequestCase(Audited):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="cases", verbose_name="机关")
    number = models.CharField("编号", max_length=50)
    applicant = models.CharField("申请人", max_length=200)
    applicant_type = models.CharField("申请人类型", max_length=20, choices=ApplicantType.choices)
    channel = models.CharField("申请方式", max_length=10, choices=Channel.choices)
    submitted = models.DateField("提交日期")
    confirmed = models.DateField("签收/确认日期", null=True, blank=True)
    subject = models.TextField("申请内容", blank=True)
    form = models.CharField("提供形式", max_length=50, blank=True)
    # what the 条例 requires an application to state of its applicant (第二十九条)
    id_type = models.CharField("证件类型", max_length=20, blank=True, choices=IdType.choices)
    id_number = models.CharField("证件号码", max_length=40, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.CharField("电子邮箱", max_length=200, blank=True)
    address = models.CharField("通信地址", max_length=300, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    delivery = models.CharField("获取信息的方式", max_length=10, blank=True, choices=Delivery.choices)
    query_code = models.CharField("查询码", max_length=14, blank=True, editable=False)  # given to the applicant
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="handled_cases", verbose_name="承办人")
    # what a search looks in, in capitals, kept on every save: one column a trigram index
    # covers on PostgreSQL (migration 0005), so that a search over 100,000 cases is instant
    search_text = models.TextField("检索文本", blank=True, default="", editable=False)
    outcome = models.CharField("办理结果", max_length=40, null=True, blank=True, choices=Outcome.choices)
    reply_type = models.CharField("答复类型", max_length=20, null=True, blank=True, choices=ReplyType.choices)
    served = models.DateField("送达日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    fee_suspends = models.BooleanField("缴费期间不计入答复期限", default=True)
    # the clock, as the domain works it out (refresh_deadline); never typed in
    received = models.DateField("收到申请日期", editable=False)
    due = models.DateField("答复期限", null=True, blank=True, editable=False)
    due_provisional = models.BooleanField("答复期限为暂定", default=False, editable=False)
    due_note = models.CharField("答复期限说明", max_length=300, blank=True, editable=False)
    late = models.BooleanField("逾期答复", null=True, blank=True, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "依申请公开案件"
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="register_case_number_per_agency"),
                       models.UniqueConstraint(fields=["query_code"], condition=~models.Q(query_code=""),
                                               name="register_case_query_code")]
        indexes = [models.Index(fields=["agency", "outcome", "due"], name="register_case_clock"),
                   models.Index(fields=["agency", "received"], name="register_case_received"),
                   models.Index(fields=["handler", "outcome", "due"], name="register_case_handler")]

    def __str__(self):
        return f"{self.number} {self.applicant}"

    SEARCHED = ("number", "applicant", "subject", "phone", "id_number", "email")

    def fill_search(self) -> None:
        self.search_text = "\n".join(str(getattr(self, k) or "") for k in self.SEARCHED).upper()

    def save(self, *args, **kwargs):
        self.fill_search()
        super().save(*args, **kwargs)

    def audited_values(self) -> dict:
        values = super().audited_values()
        values.pop("search_text", None)  # made from the fields the trail keeps
        values.pop("query_code", None)  # the applicant's secret, given once: in no log
        return values

    def to_domain(self) -> DomainCase:
        case = DomainCase(self.number, self.applicant, self.applicant_type, self.channel, self.submitted,
                          self.confirmed, self.subject, self.form, fee_suspends=self.fee_suspends)
        # .all() so that a list prefetched with prefetch_related("events") is used as it is
        case.events = [e.to_domain() for e in sorted(self.events.all(), key=lambda e: e.id) if not e.voided]
        case.outcome, case.reply_type, case.served, case.closed_on = (self.outcome, self.reply_type, self.served,
                                                                      self.closed_on)
        return case

    def deadline(self, calendar: WorkCalendar) -> Deadline:
        return deadline(self.to_domain(), calendar)

    def refresh_deadline(self, calendar: WorkCalendar, domain: DomainCase | None = None) -> bool:
        """Set the clock as the domain works it out now (from `domain`, the case as the
        domain holds it, when at hand); whether anything changed."""
        found = deadline(domain or self.to_domain(), calendar)
        values = {"received": found.received, "due": found.due, "due_provisional": bool(found.provisional),
                  "due_note": (found.provisional or found.note)[:300], "late": found.late}
        changed = any(getattr(self, k) != v for k, v in values.items())
        for k, v in values.items():
            setattr(self, k, v)
        return changed


class CaseEvent(Audited):
    case = models.ForeignKey(RequestCase, on_delete=models.PROTECT, related_name="events", verbose_name="申请")
    kind = models.CharField("事项", max_length=30, choices=EventKind.choices)
    on = models.DateField("日期")
    data = models.JSONField("内容", default=dict)  # the fields of its kind (cases.clocks.EVENTS), typed there

    class Meta:
        verbose_name = verbose_name_plural = "办理记录"
        ordering = ["id"]

    @classmethod
    def from_domain(cls, case: RequestCase, event: Event) -> CaseEvent:
        return cls(case=case, kind=event.kind, on=event.on, data=event.to_json())

    def to_domain(self) -> Event:
        return Event.from_json(self.kind, self.on, self.data)


class CaseNote(Audited):
    """An internal note on a case (办理意见、沟通记录): seen by the agency's staff, never by
    the applicant; kept as written, voided with a reason if need be."""

    case = models.ForeignKey(RequestCase, on_delete=models.PROTECT, related_name="notes", verbose_name="申请")
    author = models.CharField("记录人", max_length=150)
    text = models.TextField("内容", max_length=4000)

    class Meta:
        verbose_name = verbose_name_plural = "内部记录"
        ordering = ["id"]


class AttachmentKind(models.TextChoices):
    APPLICATION = "application", "申请书"
    IDENTITY = "identity", "身份证明"
    RELEASED = "released", "公开的政府信息"
    SERVICE = "service", "送达回证"
    CORRECTION = "correction", "补正材料"
    OTHER = "other", "其他"


class CaseAttachment(Audited):
    """A file of a case, stored once by the SHA-256 of its content (the same scan attached
    twice is one file), with its kind and the name it came with."""

    case = models.ForeignKey(RequestCase, on_delete=models.PROTECT, related_name="attachments", verbose_name="申请")
    kind = models.CharField("类别", max_length=20, choices=AttachmentKind.choices)
    name = models.CharField("文件名", max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("大小（字节）")
    added_by = models.CharField("上传人", max_length=150)

    class Meta:
        verbose_name = verbose_name_plural = "附件"
        ordering = ["id"]


class Review(Audited):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="reviews", verbose_name="机关")
    number = models.CharField("编号", max_length=50)
    kind = models.CharField("类别", max_length=30, choices=ReviewKind.choices)
    filed = models.DateField("受理日期")
    decided = models.DateField("审结日期", null=True, blank=True)
    outcome = models.CharField("结果", max_length=20, null=True, blank=True, choices=ReviewOutcome.choices)
    case = models.ForeignKey(RequestCase, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews",
                             verbose_name="所涉申请")

    objects = Scoped.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "行政复议、行政诉讼案件"

    def to_domain(self) -> DomainReview:
        return DomainReview(self.number, self.kind, self.filed, self.decided, self.outcome,
                            self.case.number if self.case_id else None)


class NormativeDocument(Audited):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="documents", verbose_name="机关")
    number = models.CharField("文号", max_length=100)
    title = models.CharField("标题", max_length=300)
    kind = models.CharField("类别", max_length=30, choices=[("regulations", "规章"),
                                                           ("normative_documents", "行政规范性文件")])
    issued = models.DateField("制发日期")
    repealed = models.DateField("废止日期", null=True, blank=True)

    objects = Scoped.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "规范性文件"

    def to_domain(self) -> DomainDocument:
        return DomainDocument(self.number, self.title, self.kind, self.issued, self.repealed)


class LetterTemplate(Audited):
    """An agency's own wording of a letter to the applicant (gongkai.cases.letters
    holds the defaults)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="letter_templates", verbose_name="机关")
    kind = models.CharField("文书", max_length=20, choices=LetterKind.choices)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文")

    class Meta:
        verbose_name = verbose_name_plural = "文书模板"
        constraints = [models.UniqueConstraint(fields=["agency", "kind"], name="register_one_template_per_kind")]


class HolidaySchedule(Audited):
    """A year's 放假安排 as the State Council announces it (holidays and 调休 working
    days), entered by a system administrator: the calendar uses it for that year, and
    every case's due date follows at once (provisional dates become exact)."""

    year = models.PositiveIntegerField("年度", unique=True)
    holidays = models.JSONField("放假日期", default=dict, blank=True, help_text='{"2027-01-01": "元旦", …}')
    workdays = models.JSONField("调休上班日期", default=dict, blank=True, help_text='{"2027-02-06": "春节调休上班", …}')
    source = models.CharField("依据（通知文号或链接）", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "放假安排"

    def __str__(self):
        return f"{self.year} 年放假安排"

    def clean(self):
        from django.core.exceptions import ValidationError

        for field in ("holidays", "workdays"):
            value = getattr(self, field)
            if not isinstance(value, dict):
                raise ValidationError({field: "请填写 {\"YYYY-MM-DD\": \"名称\"} 形式的日期表"})
            for key in value:
                try:
                    day = dt.date.fromisoformat(str(key))
                except ValueError:
                    raise ValidationError({field: f"“{key}”不是日期（YYYY-MM-DD）"}) from None
                if day.year != self.year:
                    raise ValidationError({field: f"{key} 不在 {self.year} 年"})

    def as_table(self) -> dict:
        """What WorkCalendar.load reads."""
        return {"years": [self.year], "holidays": dict(self.holidays), "workdays": dict(self.workdays)}


class IssuedLetter(Audited):
    """A letter sent in a case, kept as it was issued — its text, its DOCX, its date and
    its 文号 from the agency's yearly sequence — and printed again from what was kept,
    whatever happens to the case later. A letter that must change is not rewritten: a
    更正 is issued, with its own 文号, naming the letter it corrects."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="letters", verbose_name="机关")
    case = models.ForeignKey(RequestCase, on_delete=models.PROTECT, related_name="letters", verbose_name="申请")
    kind = models.CharField("文书", max_length=20, choices=LetterKind.choices)
    year = models.PositiveIntegerField("年度")
    seq = models.PositiveIntegerField("序号")
    number = models.CharField("文号", max_length=60)
    on = models.DateField("文书日期")
    title = models.CharField("标题", max_length=200, blank=True)
    body = models.TextField("正文（如发出）", blank=True)
    document = models.BinaryField("文书（DOCX，如发出）", blank=True, default=b"", editable=False)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections",
                                 verbose_name="更正的文书")

    class Meta:
        verbose_name = verbose_name_plural = "已发文书"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "seq"], name="register_letter_seq_per_agency_year"),
                       models.UniqueConstraint(fields=["case", "kind"], condition=models.Q(corrects__isnull=True),
                                               name="register_one_letter_per_kind")]

    def __str__(self):
        return f"{self.number} {self.title}"

    @classmethod
    def numbered(cls, case: RequestCase, kind: str, on: dt.date, corrects: IssuedLetter | None = None) -> IssuedLetter:
        """A new letter of the case with the next 文号 of the agency's year (one number
        at a time); the first of its kind only once, however often it is asked for at once."""
        with transaction.atomic():
            agency = Agency.objects.select_for_update().get(pk=case.agency_id)  # one number at a time
            if corrects is None:
                found = cls.objects.filter(case=case, kind=kind, corrects__isnull=True).first()
                if found is not None:  # asked twice at once: numbered once
                    return found
            last = cls.objects.filter(agency=agency, year=on.year).aggregate(models.Max("seq"))["seq__max"] or 0
            prefix = agency.letter_prefix or agency.name
            letter = cls(agency=agency, case=case, kind=kind, year=on.year, seq=last + 1,
                         number=f"{prefix}〔{on.year}〕{last + 1}号", on=on, corrects=corrects)
            letter.save()
            return letter


class Approval(Audited):
    """A reply or an extension drafted by a clerk and sent for approval (送审): the
    approver signs it (签发) — a reply may then be served and the case closed; an
    extension takes effect, approved by the signer — or returns it with a reason (退回),
    and the clerk drafts again."""

    class State(models.TextChoices):
        PENDING = "pending", "待审核"
        RETURNED = "returned", "已退回"
        SIGNED = "signed", "已签发"
        SERVED = "served", "已送达"

    case = models.ForeignKey(RequestCase, on_delete=models.PROTECT, related_name="approvals", verbose_name="申请")
    kind = models.CharField("事项", max_length=20, default="reply", choices=[("reply", "答复"), ("extension", "延长答复期限")])
    draft = models.JSONField("内容", default=dict)  # reply: outcome, reply_type, reasons; extension: on, days, notified
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PENDING)
    submitted_by = models.CharField("送审人", max_length=150)
    decided_by = models.CharField("审核人", max_length=150, blank=True)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    note = models.CharField("退回理由", max_length=250, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "送审事项"
        ordering = ["id"]
