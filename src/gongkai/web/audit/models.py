"""The audit trail, and the base of every record the platform keeps: saved with an
entry in the trail (who, when, each field before and after), never deleted — only
voided, with a reason."""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
from contextlib import contextmanager
from decimal import Decimal

from django.db import models, transaction

_actor: contextvars.ContextVar[str] = contextvars.ContextVar("gongkai_actor", default="系统")


_reason: contextvars.ContextVar[str] = contextvars.ContextVar("gongkai_reason", default="")


@contextmanager
def acting_as(name: str, reason: str = ""):
    """Record changes made inside the block as made by `name` (and, for a correction,
    why: the trail keeps the reason beside the values before and after)."""
    token, why = _actor.set(name), _reason.set(reason)
    try:
        yield
    finally:
        _actor.reset(token)
        _reason.reset(why)


def current_actor() -> str:
    """Who the changes being made now are recorded as made by."""
    return _actor.get()


class NotDeletable(Exception):
    pass


def plain(value):
    """A field's value as the trail keeps it (JSON)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bytes, memoryview)):  # a document: the trail keeps its size and fingerprint
        data = bytes(value)
        return f"{len(data)} 字节，SHA-256 {hashlib.sha256(data).hexdigest()[:16]}" if data else ""
    return value


class Action(models.TextChoices):
    CREATE = "create", "新建"
    UPDATE = "update", "修改"
    VOID = "void", "作废"
    LOGIN = "login", "登录"
    FAILED = "failed", "登录失败"
    LOCKED = "locked", "登录已锁定"
    PASSWORD = "password", "修改密码"


class AuditEntry(models.Model):
    at = models.DateTimeField("时间", auto_now_add=True)
    actor = models.CharField("操作人", max_length=100)
    model = models.CharField("对象类型", max_length=50)
    object_id = models.CharField("对象编号", max_length=40)
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    changes = models.JSONField("改动", default=dict)  # field → [old, new]
    reason = models.CharField("理由", max_length=300, blank=True)  # a correction's or a void's

    class Meta:
        verbose_name = verbose_name_plural = "审计记录"
        ordering = ["at", "id"]


class AuditedQuerySet(models.QuerySet):
    def delete(self):
        raise NotDeletable("记录不能删除，只能作废")


class Audited(models.Model):
    voided = models.BooleanField("已作废", default=False)
    void_reason = models.CharField("作废理由", max_length=200, blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        abstract = True

    def audited_values(self) -> dict:
        return {f.attname: plain(getattr(self, f.attname)) for f in self._meta.concrete_fields
                if f.attname not in ("created",)}

    def save(self, *args, **kwargs):
        with transaction.atomic():
            old = None
            if self.pk is not None:
                row = type(self).objects.filter(pk=self.pk).first()
                old = row.audited_values() if row else None
            super().save(*args, **kwargs)
            new = self.audited_values()
            changes = {k: [None if old is None else old.get(k), v] for k, v in new.items()
                       if old is None or old.get(k) != v}
            if changes:
                action = Action.CREATE if old is None else Action.VOID if changes.get("voided") == [False, True] \
                    else Action.UPDATE
                AuditEntry.objects.create(actor=current_actor(), model=self._meta.model_name, object_id=str(self.pk),
                                          action=action, changes=changes,
                                          reason=(_reason.get() or (self.void_reason if action == Action.VOID else ""))[:300])

    def delete(self, *args, **kwargs):
        raise NotDeletable("记录不能删除，只能作废")

    def void(self, reason: str) -> None:
        if not reason.strip():
            raise ValueError("作废须写明理由")
        self.voided, self.void_reason = True, reason
        self.save()

    def history(self):
        return AuditEntry.objects.filter(model=self._meta.model_name, object_id=str(self.pk))
