"""Agencies (with their parents: a 主管部门 supervises the agencies below it) and the
people working for them, each in a role."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..audit.models import Audited, AuditedQuerySet


class Scoped(AuditedQuerySet):
    """Records that belong to an agency — and the agencies themselves — seen through the
    one access rule (`agencies.access`): `visible_to(user)` is what the user may read,
    `editable_by(user)` what it may change. `key` is the agency's column."""

    key = "agency_id"

    def _within(self, ids: set[int] | None):
        live = self.filter(voided=False)
        return live if ids is None else live.filter(**{f"{self.key}__in": ids})

    def visible_to(self, user):
        from .access import is_sysadmin, visible_agency_ids
        return self._within(None if is_sysadmin(user) else visible_agency_ids(user))

    def editable_by(self, user):
        from .access import editable_agency_ids
        return self._within(editable_agency_ids(user))

    def uploadable_by(self, user):
        from .access import uploadable_agency_ids
        return self._within(uploadable_agency_ids(user))

    def managed_by(self, user):
        from .access import managed_agency_ids
        return self._within(managed_agency_ids(user))


class AgencyQuerySet(Scoped):
    key = "id"


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

    objects = AgencyQuerySet.as_manager()

    def __str__(self):
        return self.name

    class Meta:
        verbose_name = verbose_name_plural = "机关"


class Role(models.TextChoices):
    OFFICER = "officer", "经办人"
    REVIEWER = "reviewer", "审核人"  # approves extensions and replies
    AGENCY_ADMIN = "agency_admin", "机构管理员"
    SUPERVISOR = "supervisor", "主管部门"  # reads its subordinate agencies
    SYSADMIN = "sysadmin", "系统管理员"


class Membership(Audited):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships",
                             verbose_name="用户")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships", verbose_name="机关")
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = verbose_name_plural = "人员角色"
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="agencies_one_role_once")]
