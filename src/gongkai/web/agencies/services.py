"""What the other apps ask of agencies and their people."""

from __future__ import annotations

from ...errors import GongkaiError
from ...report.catalog import fold
from . import access
from .models import Agency, Membership, Role

__all__ = ["Agency", "Role", "access", "named", "add_member", "staff", "staff_of_agencies", "filed_under"]


def named(name: str, create: bool = False, **fields) -> Agency:
    """The agency of this name (created when `create`)."""
    found = Agency.objects.filter(name=name).first()
    if found is None:
        if not create:
            raise GongkaiError(f"台账中没有机关“{name}”")
        found = Agency(name=name, **fields)
        found.save()
    return found


def add_member(user, agency: Agency, role: str) -> Membership:
    member = Membership(user=user, agency=agency, role=role)
    member.save()
    return member


def staff_of_agencies(agencies):
    """The people who work these agencies' cases (经办人, 审核人, 机构管理员), by name: a query."""
    from django.contrib.auth import get_user_model

    ids = Membership.objects.filter(agency__in=agencies, voided=False, role__in=access.EDITORS).values("user_id")
    return get_user_model().objects.filter(pk__in=ids).order_by("username")


def staff(agency_id: int) -> list:
    """The active people who work the agency's cases, by name."""
    return list(staff_of_agencies([agency_id]).filter(is_active=True))


def filed_under(printed: str | None, candidates) -> Agency | None:
    """The agency a report names, among `candidates` — never one it does not name
    (another city's report is not filed under one's own agency)."""
    printed = fold(printed or "")
    return next((a for a in candidates if printed and fold(a.name) == printed), None)
