"""Who sees and changes what — the one rule, used by every screen and API route.

Every user sees only their own agencies' records; a supervisor also its subordinate
agencies' (it reads them, and may upload their published reports); a system
administrator all. Records are asked through their managers (`Scoped` below:
`RequestCase.objects.visible_to(user)`); another agency's record is not found (404),
not forbidden: it is not to be confirmed to exist."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from ..audit.models import AuditedQuerySet


class Role(models.TextChoices):
    OFFICER = "officer", "经办人"
    REVIEWER = "reviewer", "审核人"  # approves extensions and replies
    AGENCY_ADMIN = "agency_admin", "机构管理员"
    SUPERVISOR = "supervisor", "主管部门"  # reads its subordinate agencies
    SYSADMIN = "sysadmin", "系统管理员"


EDITORS = (Role.OFFICER, Role.REVIEWER, Role.AGENCY_ADMIN)
APPROVERS = (Role.REVIEWER, Role.AGENCY_ADMIN)


def roles(user) -> list[tuple[int, str]]:
    """The user's (agency, role) pairs, read once per request (the user object lives as
    long as the request)."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "gongkai_roles"):
        user.gongkai_roles = list(user.memberships.filter(voided=False).values_list("agency_id", "role"))
    return user.gongkai_roles


def is_sysadmin(user) -> bool:
    return user.is_authenticated and (user.is_superuser or any(r == Role.SYSADMIN for _, r in roles(user)))


def agencies():
    return apps.get_model("agencies", "Agency").objects


def descendants(ids: set[int]) -> set[int]:
    """The agencies `ids` and every agency below them."""
    found, frontier = set(ids), set(ids)
    while frontier:
        frontier = set(agencies().filter(parent_id__in=frontier).values_list("id", flat=True)) - found
        found |= frontier
    return found


def visible_agency_ids(user) -> set[int]:
    if is_sysadmin(user):
        return set(agencies().values_list("id", flat=True))
    own = {a for a, _ in roles(user)}
    return own | descendants({a for a, r in roles(user) if r == Role.SUPERVISOR})


def editable_agency_ids(user) -> set[int]:
    if is_sysadmin(user):
        return set(agencies().values_list("id", flat=True))
    return {a for a, r in roles(user) if r in EDITORS}


def supervised_agency_ids(user) -> set[int]:
    """The agencies below those where the user is 主管部门 (not that agency itself)."""
    supervised = {a for a, r in roles(user) if r == Role.SUPERVISOR}
    return descendants(supervised) - supervised


def uploadable_agency_ids(user) -> set[int]:
    """Whose published reports the user may upload: the agencies it works for, and —
    for a supervisor — the agencies it supervises (it collects their reports)."""
    return editable_agency_ids(user) | supervised_agency_ids(user)


def can_approve(user, agency_id: int) -> bool:
    return is_sysadmin(user) or any(a == agency_id and r in APPROVERS for a, r in roles(user))


def managed_agency_ids(user) -> set[int]:
    """Whose own settings (letter templates) the user keeps: its 机构管理员's agencies."""
    if is_sysadmin(user):
        return set(agencies().values_list("id", flat=True))
    return {a for a, r in roles(user) if r == Role.AGENCY_ADMIN}


def can_manage(user, agency_id: int) -> bool:
    return agency_id in managed_agency_ids(user)


class Scoped(AuditedQuerySet):
    """Records that belong to an agency — and the agencies themselves — seen through the
    rule above: `visible_to(user)` is what the user may read, `editable_by(user)` what it
    may change. `key` is the agency's column."""

    key = "agency_id"

    def _within(self, ids: set[int] | None):
        live = self.filter(voided=False)
        return live if ids is None else live.filter(**{f"{self.key}__in": ids})

    def visible_to(self, user):
        return self._within(None if is_sysadmin(user) else visible_agency_ids(user))

    def editable_by(self, user):
        return self._within(editable_agency_ids(user))

    def uploadable_by(self, user):
        return self._within(uploadable_agency_ids(user))

    def managed_by(self, user):
        return self._within(managed_agency_ids(user))


class AgencyScoped(Scoped):
    key = "id"
