"""People and their roles, and the reports uploaded to the platform."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..records.models import Agency, Audited

ROLES = {
    "officer": "经办人",
    "reviewer": "审核人",  # approves extensions and replies
    "agency_admin": "机构管理员",
    "supervisor": "主管部门",  # reads its subordinate agencies
    "sysadmin": "系统管理员",
}


class Membership(Audited):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships",
                             verbose_name="用户")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships", verbose_name="机关")
    role = models.CharField("角色", max_length=20, choices=list(ROLES.items()))

    class Meta:
        verbose_name = verbose_name_plural = "人员角色"
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="one_role_once")]


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

    class Meta:
        verbose_name = verbose_name_plural = "已上传年报"
        ordering = ["-created"]

    @property
    def status(self) -> str:
        return "有错误" if self.errors else "有警告" if self.warnings else "通过"


class ApiToken(Audited):
    """A token for the REST API; only its hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens",
                             verbose_name="用户")
    name = models.CharField("用途", max_length=100, blank=True)
    digest = models.CharField("令牌摘要", max_length=64, unique=True)

    @staticmethod
    def hash(token: str) -> str:
        import hashlib
        return hashlib.sha256(token.encode()).hexdigest()

    def expired(self) -> bool:
        from datetime import timedelta

        from django.utils import timezone
        return timezone.now() - self.created > timedelta(days=settings.API_TOKEN_DAYS)

    @classmethod
    def revoke(cls, user) -> int:
        """Void every live token of the user; how many."""
        live = list(cls.objects.filter(user=user, voided=False))
        for token in live:
            token.void("已撤销（revoked）")
        return len(live)

    @classmethod
    def issue(cls, user, name: str = "") -> str:
        import secrets
        token = secrets.token_urlsafe(32)
        cls(user=user, name=name, digest=cls.hash(token)).save()
        return token

    class Meta:
        verbose_name = verbose_name_plural = "API 令牌"


