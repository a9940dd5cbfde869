"""Django settings. SQLite in the data directory by default; PostgreSQL when
GONGKAI_DATABASE_URL is set (postgresql://user[:password]@host[:port]/name)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

DATA_DIR = Path(os.environ.get("GONGKAI_DATA", Path.cwd() / "gongkai-data")).resolve()
WEB_DIR = Path(__file__).resolve().parent


def _secret_key() -> str:
    """GONGKAI_SECRET_KEY, or one generated once into the data directory (never a
    fixed key: sessions and CSRF tokens are signed with it)."""
    if os.environ.get("GONGKAI_SECRET_KEY"):
        return os.environ["GONGKAI_SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    if not path.exists():
        import secrets
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("GONGKAI_DEBUG") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"] + [h for h in os.environ.get("GONGKAI_HOSTS", "").split(",") if h]
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
LANGUAGE_CODE = "zh-hans"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_filters",
    "ninja",
    "gongkai.web.audit",
    "gongkai.web.agencies",
    "gongkai.web.accounts",
    "gongkai.web.reports",
    "gongkai.web.register",
    "gongkai.web.builder",
    "gongkai.web.supervision",
    "gongkai.web.help",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gongkai.web.middleware.RequestSize",
    "gongkai.web.middleware.ContentSecurityPolicy",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files served by the app itself: no CDN
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gongkai.web.middleware.LoginRequired",  # every page needs a login; the API its token
    "gongkai.web.middleware.ActingAs",  # the audit trail names the user
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]
ROOT_URLCONF = "gongkai.web.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [WEB_DIR / "templates"],  # what every app's pages share: the layout, the tables, the error pages
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
WSGI_APPLICATION = "gongkai.web.wsgi.application"
STATIC_URL = "/static/"
# ECharts, fetched once at setup by scripts/web-assets into the environment
ASSETS_DIR = Path(os.environ.get("GONGKAI_ASSETS", Path(sys.prefix) / "share" / "gongkai" / "assets"))
STATICFILES_DIRS = [WEB_DIR / "static"] + ([ASSETS_DIR] if ASSETS_DIR.is_dir() else [])
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True  # also serve from the apps before collectstatic
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = 8 * 3600  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind a TLS proxy (GONGKAI_TLS=1): cookies only over HTTPS, HSTS, and the proxy's
# X-Forwarded-Proto trusted to say the request came in over HTTPS.
if os.environ.get("GONGKAI_TLS") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_SSL_REDIRECT = True
# A server error is logged (to the server's standard error, where gunicorn's log goes),
# not only shown as a 500 page.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "[{asctime}] {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {"django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False}},
}
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "gongkai.web.accounts.passwords.MinimumLength", "OPTIONS": {"min_length": 10}},
    {"NAME": "gongkai.web.accounts.passwords.Varied", "OPTIONS": {"distinct": 6}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# On disk, so that every gunicorn worker counts the same login failures
CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                      "LOCATION": str(DATA_DIR / "cache")}}
PUBLIC_APPLICATIONS_PER_HOUR = int(os.environ.get("GONGKAI_PUBLIC_PER_HOUR", 5))  # online applications per address
PUBLIC_LOOKUPS_PER_HOUR = 30  # wrong query codes per address
LOGIN_ATTEMPTS = 5  # failures per user name and address …
LOGIN_LOCKOUT_SECONDS = 15 * 60  # … before the login is locked for this long
# Mail (reminders): through the office's own mail server when GONGKAI_EMAIL_HOST names one;
# otherwise each message is written to DATA_DIR/mail, to be read or forwarded — never lost
if os.environ.get("GONGKAI_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["GONGKAI_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("GONGKAI_EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("GONGKAI_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("GONGKAI_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("GONGKAI_EMAIL_TLS", "") == "1"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "mail")
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_EMAIL_FROM", "gongkai@localhost")
UPLOAD_DIR = DATA_DIR / "uploads"
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
API_TOKEN_DAYS = int(os.environ.get("GONGKAI_TOKEN_DAYS", "180"))  # an API token lasts this long
MAX_REQUEST_BYTES = 210 * 1024 * 1024  # the largest report gongkai reads (a 200 MB PDF) and its form
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024


def _database() -> dict:
    url = os.environ.get("GONGKAI_DATABASE_URL")
    if not url:
        # a write transaction takes the database's write lock when it begins (IMMEDIATE) and
        # waits up to 30 s for another writer, instead of failing with "database is locked";
        # the tests use a file too, so that they meet the same locking
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "gongkai.sqlite3"),
                "OPTIONS": {"timeout": 30, "transaction_mode": "IMMEDIATE"},
                "TEST": {"NAME": os.path.join(tempfile.gettempdir(), f"gongkai-test-{os.getpid()}.sqlite3")}}
    u = urlparse(url)
    if u.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"GONGKAI_DATABASE_URL: only postgresql:// is supported, not {u.scheme}://")
    # each worker keeps its connection (a new one per request costs more than most pages)
    return {"ENGINE": "django.db.backends.postgresql", "NAME": (u.path or "/gongkai").lstrip("/"),
            "USER": unquote(u.username or ""), "PASSWORD": unquote(u.password or ""),
            "HOST": u.hostname or "127.0.0.1", "PORT": str(u.port or 5432),
            "CONN_MAX_AGE": 300, "CONN_HEALTH_CHECKS": True}


DATABASES = {"default": _database()}
