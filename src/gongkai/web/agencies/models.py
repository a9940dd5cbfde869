"""Agencies (with their parents: a 主管部门 supervises the agencies below it) and the
people working for them, each in a role."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from ..audit.models import Audited
from .access import AgencyScoped, Role, Scoped

__all__ = ["Agency", "Alias", "Membership", "Role", "Scoped"]


def _division(code: str) -> None:
    from ...agencies import regions
    if code and regions.region(code) is None:
        raise ValidationError(f"{code} 不是 GB/T 2260 行政区划代码")


class Agency(Audited):
    class Level(models.TextChoices):
        PROVINCE = "省", "省级"
        CITY = "市", "市级"
        COUNTY = "县", "县级"
        TOWN = "乡", "乡级"

    class Kind(models.TextChoices):
        GOVERNMENT = "政府", "人民政府"
        DEPARTMENT = "部门", "部门"

    name = models.CharField("机关名称", max_length=100, unique=True)
    region = models.CharField("行政区划", max_length=50, blank=True)
    code = models.CharField("行政区划代码", max_length=6, blank=True, validators=[_division],
                            help_text="GB/T 2260，六位；不填则由名称推断")
    level = models.CharField("层级", max_length=2, choices=Level.choices, blank=True)
    kind = models.CharField("类别", max_length=2, choices=Kind.choices, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="subordinates",
                               verbose_name="主管部门")
    # what its letters say: where the applicant may seek review and sue, and its 文号
    review_body = models.CharField("行政复议机关", max_length=100, blank=True, help_text="如：泉州市人民政府")
    court = models.CharField("管辖人民法院", max_length=100, blank=True, help_text="如：泉州市鲤城区人民法院")
    letter_prefix = models.CharField("文书文号前缀", max_length=30, blank=True,
                                     help_text="如：泉科信公（文号为 泉科信公〔2026〕3号）；不填则用机关名称")
    replies_signed = models.BooleanField("答复须经审核人签发", default=False,
                                         help_text="经办人起草答复后送审，审核人签发后方可送达办结")

    objects = AgencyScoped.as_manager()

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """The division, level and kind its name shows, where not given."""
        if not (self.code and self.level and self.kind):
            from ...agencies.register import describe
            code, level, kind = describe(self.name)
            self.code = self.code or code or ""
            self.level = self.level or level or ""
            self.kind = self.kind or kind or ""
        super().save(*args, **kwargs)

    class Meta:
        verbose_name = verbose_name_plural = "机关"


class Alias(Audited):
    """Another name an agency is printed under, confirmed by a person (with why): a report,
    an import or a search by that name is the agency's."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="aliases", verbose_name="机关")
    name = models.CharField("名称", max_length=100)
    reason = models.CharField("确认理由", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "机关别名"
        constraints = [models.UniqueConstraint(fields=["name"], condition=models.Q(voided=False),
                                               name="agencies_alias_once")]

    def __str__(self):
        return f"{self.name} → {self.agency}"


class Membership(Audited):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships",
                             verbose_name="用户")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships", verbose_name="机关")
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = verbose_name_plural = "人员角色"
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="agencies_one_role_once")]
