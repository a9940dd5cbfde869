"""Django settings. SQLite in the data directory by default; PostgreSQL when
GONGKAI_DATABASE_URL is set (postgresql://user[:password]@host[:port]/name)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

DATA_DIR = Path(os.environ.get("GONGKAI_DATA", Path.cwd() / "gongkai-data")).resolve()
SECRET_KEY = os.environ.get("GONGKAI_SECRET_KEY", "gongkai-development-key-change-me")
DEBUG = os.environ.get("GONGKAI_DEBUG") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"] + [h for h in os.environ.get("GONGKAI_HOSTS", "").split(",") if h]
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
LANGUAGE_CODE = "zh-hans"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "gongkai.web.records",
]


def _database() -> dict:
    url = os.environ.get("GONGKAI_DATABASE_URL")
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "gongkai.sqlite3")}
    u = urlparse(url)
    if u.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"GONGKAI_DATABASE_URL: only postgresql:// is supported, not {u.scheme}://")
    return {"ENGINE": "django.db.backends.postgresql", "NAME": (u.path or "/gongkai").lstrip("/"),
            "USER": unquote(u.username or ""), "PASSWORD": unquote(u.password or ""),
            "HOST": u.hostname or "127.0.0.1", "PORT": str(u.port or 5432)}


DATABASES = {"default": _database()}
