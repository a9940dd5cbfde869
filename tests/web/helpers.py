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


def upload(client, path, name=None):
    with open(path, "rb") as fh:
        return client.post(reverse("reports:list"), {"files": [fh]}, follow=True)


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
