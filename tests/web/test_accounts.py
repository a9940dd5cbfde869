"""Accounts: a login on every page, the lockout after repeated failures (under every
spelling of a name, at /admin/login/ too), logging out, one's own password under the
rules, and changes to accounts in the audit trail."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.urls import reverse
from helpers import PASSWORD, login

from gongkai.web.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name, kwargs", [("reports:list", {}), ("reports:show", {"pk": 1}), ("reports:source", {"pk": 1}),
                                          ("reports:download", {"pk": 1, "fmt": "json"}), ("home", {})])
def test_every_screen_needs_a_login(client, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")

def test_login_is_rate_limited_and_recorded(client, world, settings):
    for _ in range(settings.LOGIN_ATTEMPTS):
        response = client.post(reverse("accounts:login"), {"username": "a1", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(reverse("accounts:login"), {"username": "a1", "password": PASSWORD})
    assert response.status_code == 429
    assert "登录失败次数过多，请 15 分钟后再试。" in response.content.decode()
    assert [e.action for e in AuditEntry.objects.filter(model="login")] == ["failed"] * 5 + ["locked"]
    cache.clear()
    response = client.post(reverse("accounts:login"), {"username": "a1", "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(model="login").last().action == "login"

@pytest.mark.parametrize("spelling", [" a1", "a1 ", "\ta1", "ａ１", "A1"])
def test_the_lockout_counts_every_spelling_login_accepts_as_one_name(client, world, settings, spelling):
    for name in ("a1", " a1", "a1\t", "ａ１", "a1"):  # five failures under several spellings
        assert client.post(reverse("accounts:login"), {"username": name, "password": "wrong"}).status_code == 200
    response = client.post(reverse("accounts:login"), {"username": spelling, "password": PASSWORD})
    assert response.status_code == 429
    cache.clear()

def test_the_admin_login_is_locked_and_audited_like_every_login(client, world, settings):
    for _ in range(settings.LOGIN_ATTEMPTS):
        assert client.post("/admin/login/", {"username": "a1", "password": "wrong"}).status_code == 200
    assert client.post("/admin/login/", {"username": "a1", "password": PASSWORD}).status_code == 429
    assert [e.action for e in AuditEntry.objects.filter(model="login")] == ["failed"] * 5 + ["locked"]
    cache.clear()
    response = client.post("/admin/login/?next=/admin/", {"username": "a1", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert AuditEntry.objects.filter(model="login").last().action == "login"

def test_logout_needs_post_and_ends_the_session(client, world):
    login(client, world["officer_a"])
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("reports:list")).status_code == 302

def test_change_ones_own_password_under_the_password_rules(client, world):
    login(client, world["officer_a"])
    short = client.post(reverse("accounts:password_change"), {"old_password": PASSWORD, "new_password1": "short1",
                                                     "new_password2": "short1"})
    assert "密码太短，至少需要 10 个非空白字符。" in short.content.decode()
    spaces = client.post(reverse("accounts:password_change"), {"old_password": PASSWORD, "new_password1": " " * 12,
                                                      "new_password2": " " * 12})
    assert "密码太短，至少需要 10 个非空白字符。" in spaces.content.decode()
    done = client.post(reverse("accounts:password_change"), {"old_password": PASSWORD, "new_password1": "a-new-passphrase-26",
                                                    "new_password2": "a-new-passphrase-26"}, follow=True)
    assert "密码已修改。" in done.content.decode()
    world["officer_a"].refresh_from_db()
    assert world["officer_a"].check_password("a-new-passphrase-26")
    assert AuditEntry.objects.filter(model="login", action="password", actor="a1").count() == 1

def test_granting_superuser_and_changing_a_password_are_audited(world):
    """User is Django's, not one of our audited models: its saves are audited by signal, as
    /admin/ makes them (the request's user is the actor there, set by the middleware)."""
    from gongkai.web.audit.models import acting_as

    user = world["officer_a"]
    with acting_as("root"):
        user.is_superuser = user.is_staff = True
        user.save()
        user.set_password("another-horse-battery-9")
        user.save()
    entries = list(AuditEntry.objects.filter(model="user", object_id=str(user.pk)).order_by("id"))
    assert [(e.actor, e.action) for e in entries][-2:] == [("root", "update"), ("root", "update")]
    assert entries[-2].changes == {"is_superuser": [False, True], "is_staff": [False, True]}
    assert entries[-1].changes == {"password": ["（已更改）", "（已设置）"]}  # never the hash

def test_an_administrator_password_from_the_environment_meets_the_rules(tmp_path, monkeypatch):
    from gongkai.web.serve import ServeError, prepare

    monkeypatch.setenv("GONGKAI_ADMIN_PASSWORD", "1")
    monkeypatch.setenv("GONGKAI_DATA", str(tmp_path / "data"))  # restored after the test
    with pytest.raises(ServeError, match="GONGKAI_ADMIN_PASSWORD 不符合密码规则：密码太短"):
        prepare(str(tmp_path / "data"))
    assert not User.objects.filter(is_superuser=True).exists()


def test_a_huge_name_at_the_login_is_kept_short_in_the_trail(client, world):
    """A name of megabytes typed at the login: refused like any wrong login, and the trail
    keeps its first hundred characters — on PostgreSQL too, where a longer actor failed."""
    name = "甲" * 2_000_000
    response = client.post(reverse("accounts:login"), {"username": name, "password": "x"})
    assert response.status_code == 200
    entry = AuditEntry.objects.get(model="login")
    assert entry.action == "failed" and entry.actor == "甲" * 99 + "…" and entry.changes == {"username": "甲" * 99 + "…"}


def test_closing_an_account_ends_its_api_tokens_for_good(world, capsys):
    from gongkai.cli import main
    from gongkai.web.accounts.models import ApiToken
    from gongkai.web.accounts.services import issue_token, user_for_token

    user = world["officer_a"]
    token = issue_token(user, "报送脚本")
    assert user_for_token(token) == user
    user.is_active = False
    user.save()
    assert ApiToken.objects.get(user=user).voided
    user.is_active = True  # reopened: its old tokens stay ended
    user.save()
    assert user_for_token(token) is None
    user.is_active = False
    user.save()
    issue_token(user, "停用后不应有效")  # made while closed (in the admin, say): still revocable from the command line
    ApiToken.objects.filter(user=user).update(voided=False)
    assert main(["token", "a1", "--revoke"]) == 0
    assert capsys.readouterr().out == "已撤销 a1 的 API 令牌 2 个\n"
    assert main(["token", "a1"]) == 2
    assert "用户“a1”已停用，不能签发令牌" in capsys.readouterr().err


@pytest.mark.parametrize("password", ["中中中中中中中中中中", "1111111111a", "abababababab"])
def test_passwords_of_one_or_two_characters_are_refused(world, password):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="密码过于单一，至少需要 6 个不同的字符。"):
        validate_password(password, world["officer_a"])
    validate_password("正确的马电池订书钉-26", world["officer_a"])  # a varied one passes


def test_a_token_name_longer_than_kept_is_a_clear_error(world, capsys):
    from gongkai.cli import main

    assert main(["token", "a1", "--name", "用" * 101]) == 2
    assert "令牌用途最多 100 个字符（现有 101 个）" in capsys.readouterr().err
