"""What the other apps ask of accounts: users, API tokens."""

from __future__ import annotations

from .models import ApiToken

__all__ = ["issue_token", "revoke_tokens", "user_for_token"]


def issue_token(user, name: str = "") -> str:
    """A new API token for `user`, shown once (only its hash is kept)."""
    return ApiToken.issue(user, name)


def revoke_tokens(user) -> int:
    return ApiToken.revoke(user)


def user_for_token(token: str):
    """The active user a live token belongs to, or None."""
    found = ApiToken.objects.filter(digest=ApiToken.hash(token), voided=False).select_related("user").first()
    if found is None or not found.user.is_active or found.expired():
        return None
    return found.user
