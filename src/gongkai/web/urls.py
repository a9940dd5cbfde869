"""URLs of the platform: each app brings its own; the API mounts each app's routes."""

from django.contrib import admin
from django.urls import include, path

from .accounts.views import LoginView, home
from .api import api

admin.site.site_header = admin.site.site_title = "政府信息公开工作平台 · 系统管理"
urlpatterns = [
    # the administrators log in through the same locked, audited login as everyone
    path("admin/login/", LoginView.as_view(), name="admin_login"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", home, name="home"),
    path("", include("gongkai.web.accounts.urls")),
    path("reports/", include("gongkai.web.reports.urls")),
    path("", include("gongkai.web.register.urls")),
    path("builder/", include("gongkai.web.builder.urls")),
    path("", include("gongkai.web.supervision.urls")),
    path("help/", include("gongkai.web.help.urls")),
]
