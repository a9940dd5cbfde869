"""What the other apps ask of agencies and their people."""

from __future__ import annotations

from ...errors import GongkaiError
from . import access
from .models import Agency, Alias, Membership, Role

__all__ = ["Agency", "Alias", "Role", "access", "named", "add_member", "staff", "staff_of_agencies",
           "register", "match", "confirm", "placed"]


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


def register(agencies=None):
    """The register of agencies (`gongkai.agencies.Register`) of these agencies (all, when
    None) with their confirmed aliases: {register's agency name: Agency} beside it."""
    from ...agencies import Agency as Entry
    from ...agencies import Register, RegisterError

    rows = list(Agency.objects.filter(voided=False) if agencies is None else agencies)
    aliases: dict[int, list[str]] = {}
    for agency_id, name in Alias.objects.filter(agency__in=rows, voided=False).values_list("agency_id", "name"):
        aliases.setdefault(agency_id, []).append(name)
    out, by_name = Register(), {}
    for a in rows:
        try:
            out.add(Entry(a.name, a.code or None, a.level or None, a.kind or None, None, aliases.get(a.pk, [])))
        except RegisterError:  # two agencies by one name: the first keeps it
            continue
        by_name[a.name] = a
    return out, by_name


def match(name: str, agencies=None):
    """(the agency `name` means, among `agencies` or all — or None —, the match with its
    score, why and candidates)."""
    reg, by_name = register(agencies)
    m = reg.match(name or "")
    return (by_name[m.agency.name] if m.sure else None), m


def confirm(name: str, agency: Agency, reason: str = "") -> Alias:
    """A person's confirmation that `name` is `agency`: kept as its alias (in the audit trail
    with who confirmed it). Refused when the name is already another agency's."""
    reg, by_name = register()
    m = reg.match(name)
    if m.sure and m.score == 1.0:
        if by_name[m.agency.name] == agency:
            return Alias.objects.filter(agency=agency, name=name, voided=False).first() or Alias(agency=agency, name=name)
        raise GongkaiError(f"“{name}”已是机关“{m.agency.name}”的名称或别名")
    alias = Alias(agency=agency, name=name[:100], reason=reason[:200])
    alias.save()
    return alias


def placed(name: str) -> bool:
    """Whether a name says where its agency is (a division it starts with): only such a name
    can become an alias — 市科学技术局 is every city's."""
    from ...agencies import regions
    from ...agencies.names import canonical
    return bool(regions.place(canonical(name)).codes)
