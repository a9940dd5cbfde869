"""API tokens: only their hash is kept."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..audit.models import Audited


class ApiToken(Audited):
    """A token for the REST API; only its hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens",
                             verbose_name="用户")
    name = models.CharField("用途", max_length=100, blank=True)
    digest = models.CharField("令牌摘要", max_length=64, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "API 令牌"

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def expired(self) -> bool:
        return timezone.now() - self.created > timedelta(days=settings.API_TOKEN_DAYS)

    @classmethod
    def revoke(cls, user) -> int:
        """Void every live token of the user; how many."""
        live = list(cls.objects.filter(user=user, voided=False))
        for token in live:
            token.void("已撤销")
        return len(live)

    @classmethod
    def issue(cls, user, name: str = "") -> str:
        token = secrets.token_urlsafe(32)
        cls(user=user, name=name, digest=cls.hash(token)).save()
        return token
