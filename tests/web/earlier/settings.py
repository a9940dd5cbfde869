"""The platform's settings with the earlier apps in place of today's."""

from gongkai.web.settings import *  # noqa: F401,F403
from gongkai.web.settings import INSTALLED_APPS

INSTALLED_APPS = [a for a in INSTALLED_APPS if not a.startswith("gongkai.web.")] + ["earlier.records", "earlier.portal"]
MIDDLEWARE = []
ROOT_URLCONF = "earlier.urls"
