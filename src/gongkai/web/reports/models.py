"""A report uploaded to the platform, with what was read from it and what was found."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..agencies.models import Agency, Scoped
from ..audit.models import Audited


class PublishedReport(Audited):
    """A report file uploaded for checking: what was read from it and what was found."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="published_reports", verbose_name="机关")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="上传人")
    file_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("内容摘要（SHA-256）", max_length=64)
    size = models.PositiveIntegerField("大小（字节）")
    form = models.CharField("形式", max_length=10)
    year = models.PositiveIntegerField("年度", null=True, blank=True)
    agency_as_printed = models.CharField("报告中的机关名称", max_length=200, blank=True)
    model = models.JSONField("读取结果", default=dict)
    findings = models.JSONField("检查结果", default=list)
    errors = models.PositiveIntegerField("错误数", default=0)
    warnings = models.PositiveIntegerField("警告数", default=0)
    locked = models.BooleanField("已发布锁定", default=False)

    objects = Scoped.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "已上传年报"
        ordering = ["-created"]
        # the same content filed twice at once (two clicks, two tabs): the second is refused
        constraints = [models.UniqueConstraint(fields=["agency", "sha256"], condition=models.Q(voided=False),
                                               name="reports_one_live_copy")]

    @property
    def status(self) -> str:
        return "有错误" if self.errors else "有警告" if self.warnings else "通过"

    def last_year(self) -> PublishedReport | None:
        """The same agency's report of the year before, when it was uploaded too."""
        return PublishedReport.objects.filter(agency_id=self.agency_id, year=(self.year or 0) - 1,
                                              voided=False).first()


class Upload(models.Model):
    """A file as it was uploaded, waiting to be read or read: what a person sees of its
    progress, and what became of it (the report it was filed as, or why it was not)."""

    class State(models.TextChoices):
        WAITING = "waiting", "等待读取"
        READING = "reading", "读取中"
        DONE = "done", "已读取并检查"
        UNSURE = "unsure", "待确认机关"  # the name it prints may be one of several agencies: a person says which
        REFUSED = "refused", "未保存"

    batch = models.CharField("批次", max_length=32, db_index=True)  # the files sent together
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="上传人")
    file_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("内容摘要（SHA-256）", max_length=64)
    size = models.PositiveBigIntegerField("大小（字节）")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.WAITING)
    message = models.TextField("结果", blank=True)
    report = models.ForeignKey(PublishedReport, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="年报")
    agency_as_printed = models.CharField("报告所载机关名称", max_length=200, blank=True)
    candidates = models.JSONField("可能的机关", default=list, blank=True)  # [{"id", "name", "score", "why"}]
    created = models.DateTimeField("上传时间", auto_now_add=True)
    changed = models.DateTimeField("状态时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "上传记录"
        ordering = ["id"]
