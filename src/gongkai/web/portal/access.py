"""Who sees and changes what: every user sees only their own agencies' data, a
supervisor also its subordinate agencies' (it reads them, and may upload their published
reports), a system administrator all."""

from __future__ import annotations

from django.http import Http404

from ..records.models import Agency

EDITORS = ("officer", "reviewer", "agency_admin")
APPROVERS = ("reviewer", "agency_admin")


def _roles(user) -> list[tuple[int, str]]:
    """The user's (agency, role) pairs, read once per request (the user object lives as
    long as the request)."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_gongkai_roles"):
        user._gongkai_roles = list(user.memberships.filter(voided=False).values_list("agency_id", "role"))
    return user._gongkai_roles


def is_sysadmin(user) -> bool:
    return user.is_authenticated and (user.is_superuser or any(r == "sysadmin" for _, r in _roles(user)))


def _descendants(ids: set[int]) -> set[int]:
    found, frontier = set(ids), set(ids)
    while frontier:
        frontier = set(Agency.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
        found |= frontier
    return found


def visible_agency_ids(user) -> set[int]:
    if is_sysadmin(user):
        return set(Agency.objects.values_list("id", flat=True))
    roles = _roles(user)
    own = {a for a, _ in roles}
    supervised = {a for a, r in roles if r == "supervisor"}
    return own | _descendants(supervised)


def editable_agency_ids(user) -> set[int]:
    if is_sysadmin(user):
        return set(Agency.objects.values_list("id", flat=True))
    return {a for a, r in _roles(user) if r in EDITORS}


def supervised_agency_ids(user) -> set[int]:
    """The agencies below those where the user is 主管部门 (not that agency itself)."""
    supervised = {a for a, r in _roles(user) if r == "supervisor"}
    return _descendants(supervised) - supervised


def uploadable_agency_ids(user) -> set[int]:
    """Whose published reports the user may upload: the agencies it works for, and —
    for a supervisor — the agencies it supervises (it collects their reports)."""
    return editable_agency_ids(user) | supervised_agency_ids(user)


def can_approve(user, agency_id: int) -> bool:
    return is_sysadmin(user) or any(a == agency_id and r in APPROVERS for a, r in _roles(user))


def can_manage(user, agency_id: int) -> bool:
    """An agency's own settings (letter templates): its 机构管理员 and system administrators."""
    return is_sysadmin(user) or any(a == agency_id and r == "agency_admin" for a, r in _roles(user))


def visible_or_404(user, obj, agency_id: int):
    """The object, if its agency is visible to the user; a 404 otherwise (not a 403:
    another agency's records are not to be confirmed to exist)."""
    if agency_id not in visible_agency_ids(user):
        raise Http404("没有找到")
    return obj
