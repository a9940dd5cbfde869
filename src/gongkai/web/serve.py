"""`gongkai serve`: the platform on a fresh machine in one command — the database
created or migrated in the data directory, the first administrator created, static
files collected, and gunicorn serving on 127.0.0.1."""

from __future__ import annotations

import os
import secrets
import sys

from .. import sandbox
from ..errors import GongkaiError


class ServeError(GongkaiError):
    code = "serve"


def open_data(data_dir: str | None = None) -> None:
    """Django set up on the data directory (given, or GONGKAI_DATA, or ./gongkai-data),
    its database created or migrated."""
    if data_dir:
        os.environ["GONGKAI_DATA"] = os.path.abspath(data_dir)
    from . import setup
    setup(migrate=True)


def prepare(data_dir: str | None = None) -> str | None:
    """Set up the data directory for serving. Returns the first administrator's password
    when one was created and generated here (to be shown once), else None."""
    open_data(data_dir)
    from django.contrib.auth.models import User
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    if User.objects.filter(is_superuser=True).exists():
        return None
    password = os.environ.get("GONGKAI_ADMIN_PASSWORD")
    generated = password is None
    if generated:
        password = secrets.token_urlsafe(12)
    else:  # a password set from outside meets the same rules as any other
        from django.contrib.auth.password_validation import validate_password
        from django.core.exceptions import ValidationError

        try:
            validate_password(password, User(username="admin"))
        except ValidationError as err:
            raise ServeError("GONGKAI_ADMIN_PASSWORD 不符合密码规则：" + "；".join(err.messages)) from err
    User.objects.create_superuser("admin", password=password)
    return password if generated else None


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 2) -> None:
    from gunicorn.app.base import BaseApplication

    os.umask(0o077)  # what the server writes (database journal, cache, uploads) is its own

    from django.db import connections

    from .wsgi import application

    # the workers are forked from this process: each must open its own database connection
    # (they keep it between requests), never share one it inherited
    connections.close_all()
    sandbox.use_fork_server()  # their sandboxes must not hold the listening socket

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", "-")
            self.cfg.set("timeout", 120)

        def load(self):
            return application

    sys.argv = sys.argv[:1]  # gunicorn reads the command line otherwise
    Server().run()
