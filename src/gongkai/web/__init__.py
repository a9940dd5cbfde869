"""The web platform: a Django project laid out by domain, one app per domain (see README, Layout)."""

import os


def setup(migrate: bool = True) -> None:
    """Configure Django for use outside a server (the command line, scripts), and bring
    the database's tables up to date."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    import django
    from django.conf import settings

    django.setup()
    if migrate:
        from django.core.management import call_command

        from .files import private_dir, private_file

        sqlite = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
        if sqlite:
            private_dir(settings.DATA_DIR)
        call_command("migrate", verbosity=0, interactive=False)
        if sqlite:  # sessions and password hashes: the owner's only
            private_file(settings.DATA_DIR / "gongkai.sqlite3")
