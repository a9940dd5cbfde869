"""A supervising office's 催报: each reminder sent to an agency that had not submitted its
report, to whom, and when — so that the status page says who was reminded, and the trail
who sent it."""

from __future__ import annotations

from django.db import models

from ..agencies.models import Agency
from ..audit.models import Audited


class Reminder(Audited):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="reminders", verbose_name="机关")
    year = models.PositiveIntegerField("年报年度")
    recipients = models.TextField("收件人", blank=True)  # e-mail addresses, one a line
    sent = models.DateTimeField("发送时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "催报记录"
        ordering = ["-sent"]
