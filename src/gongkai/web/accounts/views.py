"""Login (with a lockout after repeated failures for one name from one address) and
changing one's own password. Both are audited."""

from __future__ import annotations

import hashlib
import unicodedata

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.shortcuts import redirect
from django.utils.decorators import method_decorator

from ..agencies.services import access
from ..audit.services import Action, record

NAME_KEPT = 99  # of a name typed at the login, and "…": what the trail keeps of an actor (100)


def audit(request, action: str, username: str | None = None) -> None:
    """A login, a failure, a lockout or a password change in the trail: the name as
    typed (cut to NAME_KEPT characters) for one who is not logged in."""
    shown = (username or "")[:NAME_KEPT] + ("…" if len(username or "") > NAME_KEPT else "")
    user = request.user.get_username() if request.user.is_authenticated else shown
    record(user or "匿名", "login", request.META.get("REMOTE_ADDR", "?"), action,
           {} if request.user.is_authenticated else {"username": shown})


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """Login with a lockout after repeated failures for one user name from one address.
    It also serves /admin/login/, so the administrators' login is locked and audited alike."""

    template_name = "accounts/login.html"

    def _key(self) -> str:
        # the name as login reads it (Django's UsernameField: NFKC, stripped), so " a1",
        # "a1\t" and full-width "ａ１" share one count of failures
        name = unicodedata.normalize("NFKC", self.request.POST.get("username", "")).strip().casefold()
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()  # a name of any length: one short key
        return f"login-failures:{self.request.META.get('REMOTE_ADDR', '?')}:{digest}"

    def post(self, request, *args, **kwargs):
        if cache.get(self._key(), 0) >= settings.LOGIN_ATTEMPTS:
            audit(request, Action.LOCKED, username=request.POST.get("username", ""))
            form = self.get_form()
            form.add_error(None, f"登录失败次数过多，请 {settings.LOGIN_LOCKOUT_SECONDS // 60} 分钟后再试。")
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        key = self._key()
        cache.set(key, cache.get(key, 0) + 1, settings.LOGIN_LOCKOUT_SECONDS)
        audit(self.request, Action.FAILED, username=self.request.POST.get("username", ""))
        return super().form_invalid(form)

    def form_valid(self, form):
        cache.delete(self._key())
        response = super().form_valid(form)
        audit(self.request, Action.LOGIN)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (the password rules of settings apply); the session stays."""

    template_name = "accounts/password.html"
    success_url = "/"

    def form_valid(self, form):
        response = super().form_valid(form)
        audit(self.request, Action.PASSWORD)
        messages.success(self.request, "密码已修改。")
        return response


def home(request):
    """Each role lands on its work: the staff of an agency on its tasks, a supervising
    office on its overview, anyone else on the reports."""
    if access.editable_agency_ids(request.user):
        return redirect("register:tasks")
    if access.supervised_agency_ids(request.user):
        return redirect("supervision:dashboard")
    return redirect("reports:list")
