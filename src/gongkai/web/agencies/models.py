"""Agencies (with their parents: a 主管部门 supervises the agencies below it) and the
people working for them, each in a role."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..audit.models import Audited
from .access import AgencyScoped, Role, Scoped

__all__ = ["Agency", "Membership", "Role", "Scoped"]


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
    replies_signed = models.BooleanField("答复须经审核人签发", default=False,
                                         help_text="经办人起草答复后送审，审核人签发后方可送达办结")

    objects = AgencyScoped.as_manager()

    def __str__(self):
        return self.name

    class Meta:
        verbose_name = verbose_name_plural = "机关"


class Membership(Audited):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships",
                             verbose_name="用户")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships", verbose_name="机关")
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = verbose_name_plural = "人员角色"
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="agencies_one_role_once")]
