"""Accounts in the audit trail: who made someone a superuser or staff, deactivated an
account, changed a password or a user's groups and permissions — in /admin/ or
anywhere else (Django's User is not one of our audited models, so its saves are
watched here)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from ..audit.services import Action, current_actor, record
from .models import ApiToken

WATCHED = ("is_superuser", "is_staff", "is_active", "password", "username")


@receiver(pre_save, sender=User)
def _before(sender, instance: User, **kwargs):
    old = User.objects.filter(pk=instance.pk).values(*WATCHED).first() if instance.pk else None
    instance._audit_before = old


@receiver(post_save, sender=User)
def _after(sender, instance: User, created: bool, **kwargs):
    old = getattr(instance, "_audit_before", None) or {}
    changes = {}
    for field in WATCHED:
        before, now = old.get(field), getattr(instance, field)
        if created or before != now:
            # a password is never written down, only that it changed
            changes[field] = ["（已更改）" if field == "password" and before else None, "（已设置）"] \
                if field == "password" else [before, now]
    if not created and ("password" in changes or changes.get("is_active") == [True, False]):
        ApiToken.revoke(instance)  # a new password, or an account closed, ends its API tokens for good
    if field_changes := {k: v for k, v in changes.items() if not (k == "password" and created)}:
        record(current_actor(), "user", str(instance.pk), Action.CREATE if created else Action.UPDATE, field_changes)


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
def _relations(sender, instance, action: str, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or not isinstance(instance, User):
        return
    what = "groups" if sender is User.groups.through else "user_permissions"
    record(current_actor(), "user", str(instance.pk), Action.UPDATE,
           {what: [action.removeprefix("post_"), sorted(pk_set or [])]})
