"""An agency's year being written: the counts the register does not hold, the
narrative, and — once published — the report frozen as it was locked."""

from __future__ import annotations

from django.db import models

from ..agencies.models import Agency, Scoped
from ..audit.models import Audited


class YearCounts(Audited):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="year_counts", verbose_name="机关")
    year = models.PositiveIntegerField("年度")
    licensing = models.PositiveIntegerField("行政许可处理决定", null=True, blank=True)
    penalty = models.PositiveIntegerField("行政处罚处理决定", null=True, blank=True)
    coercion = models.PositiveIntegerField("行政强制处理决定", null=True, blank=True)
    fees_10k_yuan = models.DecimalField("行政事业性收费（万元）", max_digits=14, decimal_places=4, null=True, blank=True)

    objects = Scoped.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "年度数字"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="builder_one_count_per_year")]


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
    first_locked_at = models.DateTimeField("首次发布锁定时间", null=True, blank=True)  # when it first reached the platform
    reopened = models.PositiveIntegerField("重新打开次数", default=0)
    reopen_reason = models.CharField("重新打开理由", max_length=300, blank=True)
    submitted_by = models.CharField("送审人", max_length=150, blank=True)  # sent for approval, not yet locked
    submitted_at = models.DateTimeField("送审时间", null=True, blank=True)
    returned_note = models.CharField("退回理由", max_length=300, blank=True)

    objects = Scoped.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "年报编写稿"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="builder_one_draft_per_year")]
