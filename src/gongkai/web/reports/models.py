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

    @property
    def status(self) -> str:
        return "有错误" if self.errors else "有警告" if self.warnings else "通过"

    def last_year(self) -> PublishedReport | None:
        """The same agency's report of the year before, when it was uploaded too."""
        return PublishedReport.objects.filter(agency_id=self.agency_id, year=(self.year or 0) - 1,
                                              voided=False).first()
