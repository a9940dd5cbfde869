"""What the web tests share: people in roles, logging in, uploading, registering a case."""

from __future__ import annotations

import io
from contextlib import contextmanager

import docx
from django.contrib.auth.models import User
from django.urls import reverse

from gongkai.web.agencies.models import Agency, Membership

PASSWORD = "correct-horse-battery-9"


def person(name: str, agency: Agency, role: str) -> User:
    user = User.objects.create_user(name, password=PASSWORD)
    Membership(user=user, agency=agency, role=role).save()
    return user


def login(client, user):
    client.force_login(user)
    return client


def upload(client, path):
    with open(path, "rb") as fh:
        return read_all(client, client.post(reverse("reports:list"), {"files": [fh]}))


def read_all(client, response):
    """After an upload, what its progress page does: ask for the next file while any waits;
    the page as it stands at the end."""
    if response.status_code != 302 or "/uploads/" not in response["Location"]:
        return client.get(response["Location"]) if response.status_code == 302 else response
    page = response["Location"]
    batch = page.rstrip("/").rsplit("/", 1)[-1]
    while 'hx-post="' in client.post(reverse("reports:read_next", args=[batch]), HTTP_HX_REQUEST="true").content.decode():
        pass
    return client.get(page)


def register_case(client, agency, number="2026-001", **extra):
    data = {"agency": agency.pk, "number": number, "applicant": "张三", "applicant_type": "natural_person",
            "channel": "当面", "submitted": "2026-03-02", "confirmed": "", "subject": "某文件", "form": "纸质"}
    data.update(extra)
    return client.post(reverse("register:new"), data, follow=True)


def letter_text(response) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs if p.text]


def postgres_reachable() -> bool:
    import socket
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=2):
            return True
    except OSError:
        return False


SERVER = "postgresql://postgres@127.0.0.1:5432/"


@contextmanager
def postgres_database(name: str):
    """A fresh PostgreSQL database on the local server for the block (its URL), dropped after."""
    import psycopg

    with psycopg.connect(SERVER + "postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield SERVER + name
    finally:
        with psycopg.connect(SERVER + "postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def builder_post(client, what: str, query: str, data: dict, follow: bool = True):
    """What the builder's form `what` sends: its data with the fingerprint of what the
    page showed (read from the page, as a browser holds it)."""
    import re

    action = reverse("builder:save", kwargs={"what": what})
    page = client.get(reverse("builder:show") + query).content.decode()
    at = page.find(f'action="{action}')
    found = re.search(r'name="seen" value="([0-9a-f]*)"', page[at:]) if at >= 0 else None
    data = {**data, "seen": found.group(1)} if found else data
    return client.post(action + query, data, follow=follow)
