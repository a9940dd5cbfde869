"""The register in the database. Every change is kept in the audit trail (who, when,
old and new values); nothing is deleted, only closed or voided."""

from __future__ import annotations

import contextvars
import datetime as dt
from contextlib import contextmanager
from decimal import Decimal

from django.db import models, transaction

from ...cases.clocks import APPLICANT_TYPES, CHANNELS, REPLY_TYPES, Event
from ...cases.clocks import RequestCase as DomainCase
from ...cases.compile import REVIEW_OUTCOMES
from ...cases.compile import NormativeDocument as DomainDocument
from ...cases.compile import Review as DomainReview
from ...cases.letters import KINDS as LETTER_KINDS
from ...report.catalog import TABLE_B_RESULT_KEYS, TABLE_B_ROW, TABLE_C_GROUPS, TABLE_C_OUTCOMES

_actor: contextvars.ContextVar[str] = contextvars.ContextVar("gongkai_actor", default="系统")


@contextmanager
def acting_as(name: str):
    """Record changes made inside the block as made by `name`."""
    token = _actor.set(name)
    try:
        yield
    finally:
        _actor.reset(token)


class NotDeletable(Exception):
    pass


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class AuditEntry(models.Model):
    at = models.DateTimeField("时间", auto_now_add=True)
    actor = models.CharField("操作人", max_length=100)
    model = models.CharField("对象类型", max_length=50)
    object_id = models.CharField("对象编号", max_length=40)
    action = models.CharField("操作", max_length=10)  # create, update, void
    changes = models.JSONField("改动", default=dict)  # field → [old, new]

    class Meta:
        verbose_name = verbose_name_plural = "审计记录"
        ordering = ["at", "id"]


class _NoDeleteQuerySet(models.QuerySet):
    def delete(self):
        raise NotDeletable("记录不能删除，只能作废（records are voided, never deleted）")


class Audited(models.Model):
    voided = models.BooleanField("已作废", default=False)
    void_reason = models.CharField("作废理由", max_length=200, blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)

    objects = _NoDeleteQuerySet.as_manager()

    class Meta:
        abstract = True

    def _values(self) -> dict:
        return {f.attname: _plain(getattr(self, f.attname)) for f in self._meta.concrete_fields
                if f.attname not in ("created",)}

    def save(self, *args, **kwargs):
        with transaction.atomic():
            old = None
            if self.pk is not None:
                row = type(self).objects.filter(pk=self.pk).first()
                old = row._values() if row else None
            super().save(*args, **kwargs)
            new = self._values()
            changes = {k: [None if old is None else old.get(k), v] for k, v in new.items()
                       if old is None or old.get(k) != v}
            if changes:
                action = "create" if old is None else "void" if changes.get("voided") == [False, True] else "update"
                AuditEntry.objects.create(actor=_actor.get(), model=self._meta.model_name, object_id=str(self.pk),
                                          action=action, changes=changes)

    def delete(self, *args, **kwargs):
        raise NotDeletable("记录不能删除，只能作废（records are voided, never deleted）")

    def void(self, reason: str) -> None:
        if not reason.strip():
            raise ValueError("作废须写明理由（a reason is required）")
        self.voided, self.void_reason = True, reason
        self.save()

    def history(self):
        return AuditEntry.objects.filter(model=self._meta.model_name, object_id=str(self.pk))


class Agency(Audited):
    name = models.CharField("机关名称", max_length=100, unique=True)
    region = models.CharField("行政区划", max_length=50, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="subordinates",
                               verbose_name="主管部门")
    # what its letters say: where the applicant may seek review and sue, and its 文号
    review_body = models.CharField("行政复议机关", max_length=100, blank=True, help_text="如：泉州市人民政府")
    court = models.CharField("管辖人民法院", max_length=100, blank=True, help_text="如：泉州市鲤城区人民法院")
    letter_prefix = models.CharField("文书文号前缀", max_length=30, blank=True,
                                     help_text="如：泉科信公（文号为 泉科信公〔2026〕3号）；不填则用机关名称")

    def __str__(self):
        return self.name

    class Meta:
        verbose_name = verbose_name_plural = "机关"


class RequestCase(Audited):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="cases", verbose_name="机关")
    number = models.CharField("编号", max_length=50)
    applicant = models.CharField("申请人", max_length=200)
    applicant_type = models.CharField("申请人类型", max_length=20, choices=list(APPLICANT_TYPES.items()))
    channel = models.CharField("申请方式", max_length=10, choices=[(k, k) for k in CHANNELS])
    submitted = models.DateField("提交日期")
    confirmed = models.DateField("签收/确认日期", null=True, blank=True)
    subject = models.TextField("申请内容", blank=True)
    form = models.CharField("提供形式", max_length=50, blank=True)
    outcome = models.CharField("办理结果", max_length=40, null=True, blank=True,
                               choices=[(k, TABLE_B_ROW[k].label) for k in TABLE_B_RESULT_KEYS])
    reply_type = models.CharField("答复类型", max_length=20, null=True, blank=True, choices=list(REPLY_TYPES.items()))
    served = models.DateField("送达日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    fee_suspends = models.BooleanField("缴费期间不计入答复期限", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "依申请公开案件"
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="case_number_per_agency")]

    def __str__(self):
        return f"{self.number} {self.applicant}"

    def to_domain(self) -> DomainCase:
        case = DomainCase(self.number, self.applicant, self.applicant_type, self.channel, self.submitted,
                          self.confirmed, self.subject, self.form, fee_suspends=self.fee_suspends)
        # .all() so that a list prefetched with prefetch_related("events") is used as it is
        case.events = [e.to_domain() for e in sorted(self.events.all(), key=lambda e: e.id) if not e.voided]
        case.outcome, case.reply_type, case.served, case.closed_on = (self.outcome, self.reply_type, self.served,
                                                                      self.closed_on)
        return case


def _encode(data: dict) -> dict:
    return {k: _plain(v) for k, v in data.items()}


def _decode(data: dict) -> dict:
    out = {}
    for k, v in data.items():
        if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
            try:
                v = dt.date.fromisoformat(v)
            except ValueError:
                pass
        out[k] = v
    return out


class CaseEvent(Audited):
    case = models.ForeignKey(RequestCase, on_delete=models.PROTECT, related_name="events", verbose_name="申请")
    kind = models.CharField("事项", max_length=30)
    on = models.DateField("日期")
    data = models.JSONField("内容", default=dict)

    class Meta:
        verbose_name = verbose_name_plural = "办理记录"
        ordering = ["id"]

    @classmethod
    def from_domain(cls, case: RequestCase, event: Event) -> "CaseEvent":
        return cls(case=case, kind=event.kind, on=event.on, data=_encode(event.data))

    def to_domain(self) -> Event:
        return Event(self.kind, self.on, _decode(self.data))


class Review(Audited):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="reviews", verbose_name="机关")
    number = models.CharField("编号", max_length=50)
    kind = models.CharField("类别", max_length=30, choices=[(g.key, g.label) for g in TABLE_C_GROUPS])
    filed = models.DateField("受理日期")
    decided = models.DateField("审结日期", null=True, blank=True)
    outcome = models.CharField("结果", max_length=20, null=True, blank=True,
                               choices=[(o.key, o.label) for o in TABLE_C_OUTCOMES[:len(REVIEW_OUTCOMES)]])
    case = models.ForeignKey(RequestCase, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews",
                             verbose_name="所涉申请")

    def to_domain(self) -> DomainReview:
        return DomainReview(self.number, self.kind, self.filed, self.decided, self.outcome,
                            self.case.number if self.case_id else None)

    class Meta:
        verbose_name = verbose_name_plural = "行政复议、行政诉讼案件"


class NormativeDocument(Audited):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="documents", verbose_name="机关")
    number = models.CharField("文号", max_length=100)
    title = models.CharField("标题", max_length=300)
    kind = models.CharField("类别", max_length=30, choices=[("regulations", "规章"),
                                                           ("normative_documents", "行政规范性文件")])
    issued = models.DateField("制发日期")
    repealed = models.DateField("废止日期", null=True, blank=True)

    def to_domain(self) -> DomainDocument:
        return DomainDocument(self.number, self.title, self.kind, self.issued, self.repealed)

    class Meta:
        verbose_name = verbose_name_plural = "规范性文件"


class YearCounts(Audited):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="year_counts", verbose_name="机关")
    year = models.PositiveIntegerField("年度")
    licensing = models.PositiveIntegerField("行政许可处理决定", null=True, blank=True)
    penalty = models.PositiveIntegerField("行政处罚处理决定", null=True, blank=True)
    coercion = models.PositiveIntegerField("行政强制处理决定", null=True, blank=True)
    fees_10k_yuan = models.DecimalField("行政事业性收费（万元）", max_digits=14, decimal_places=4, null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度数字"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="one_count_per_year")]


class LetterTemplate(Audited):
    """An agency's own wording of a letter to the applicant (gongkai.cases.letters
    holds the defaults)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="letter_templates", verbose_name="机关")
    kind = models.CharField("文书", max_length=20, choices=list(LETTER_KINDS.items()))
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文")

    class Meta:
        verbose_name = verbose_name_plural = "文书模板"
        constraints = [models.UniqueConstraint(fields=["agency", "kind"], name="one_template_per_kind")]


class AnnualDraft(Audited):
    """An agency's report for a year as it is being written: the narrative sections,
    and — once published — the report frozen as it was locked."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="drafts", verbose_name="机关")
    year = models.PositiveIntegerField("年度")
    texts = models.JSONField("正文", default=dict)  # section key → text (layout.blocks reads them)
    published = models.DateField("发布日期", null=True, blank=True)
    locked_at = models.DateTimeField("锁定时间", null=True, blank=True)
    locked_by = models.CharField("锁定人", max_length=100, blank=True)
    snapshot = models.JSONField("锁定时的年报", default=dict)

    class Meta:
        verbose_name = verbose_name_plural = "年报编写稿"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="one_draft_per_year")]


class HolidaySchedule(Audited):
    """A year's 放假安排 as the State Council announces it (holidays and 调休 working
    days), entered by a system administrator: the calendar uses it for that year, and
    every open case's due date follows at once (provisional dates become exact)."""

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
    """A letter sent in a case, with its 文号 from the agency's yearly sequence: the
    same letter asked for again keeps its number."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="letters", verbose_name="机关")
    case = models.ForeignKey(RequestCase, on_delete=models.PROTECT, related_name="letters", verbose_name="申请")
    kind = models.CharField("文书", max_length=20, choices=list(LETTER_KINDS.items()))
    year = models.PositiveIntegerField("年度")
    seq = models.PositiveIntegerField("序号")
    number = models.CharField("文号", max_length=60)
    on = models.DateField("文书日期")

    class Meta:
        verbose_name = verbose_name_plural = "已发文书"
        constraints = [models.UniqueConstraint(fields=["agency", "year", "seq"], name="letter_seq_per_agency_year"),
                       models.UniqueConstraint(fields=["case", "kind"], name="one_letter_per_kind")]

    @classmethod
    def for_case(cls, case: RequestCase, kind: str, on: dt.date) -> "IssuedLetter":
        """The case's letter of this kind, numbered the first time it is issued."""
        found = cls.objects.filter(case=case, kind=kind).first()
        if found is not None:
            return found
        with transaction.atomic():
            agency = Agency.objects.select_for_update().get(pk=case.agency_id)  # one number at a time
            found = cls.objects.filter(case=case, kind=kind).first()  # asked twice at once: numbered once
            if found is not None:
                return found
            last = cls.objects.filter(agency=agency, year=on.year).aggregate(models.Max("seq"))["seq__max"] or 0
            prefix = agency.letter_prefix or agency.name
            letter = cls(agency=agency, case=case, kind=kind, year=on.year, seq=last + 1,
                         number=f"{prefix}〔{on.year}〕{last + 1}号", on=on)
            letter.save()
            return letter
