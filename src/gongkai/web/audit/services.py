"""What the other apps ask of the audit trail."""

from __future__ import annotations

from django.db.models import Q

from .models import Action, AuditEntry, acting_as, current_actor

__all__ = ["Action", "acting_as", "current_actor", "record", "entries_for"]

MAX_NAME = 100  # an actor's name as kept in the trail


def record(actor: str, model: str, object_id: str, action: str, changes: dict | None = None) -> AuditEntry:
    """An entry for what is not a saved record (a login, a password change)."""
    return AuditEntry.objects.create(actor=(actor or "匿名")[:MAX_NAME], model=model, object_id=object_id[:40],
                                     action=action, changes=changes or {})


def entries_for(*objects: tuple[str, list]) -> list[AuditEntry]:
    """The entries of several records at once: (model name, ids) pairs."""
    query = Q(pk__in=[])
    for model, ids in objects:
        query |= Q(model=model, object_id__in=[str(i) for i in ids])
    return list(AuditEntry.objects.filter(query))
