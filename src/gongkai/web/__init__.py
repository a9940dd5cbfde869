"""The Django side of gongkai: persistence of the records (and, later, the screens)."""

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

        if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
            settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", verbosity=0, interactive=False)
