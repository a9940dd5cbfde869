"""URLs of the platform."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from .portal import builder, cases, dashboard, letters, views
from .portal.api import api

admin.site.site_header = admin.site.site_title = "政府信息公开工作平台 · 系统管理"
urlpatterns = [
    # the administrators log in through the same locked, audited login as everyone
    path("admin/login/", views.LoginView.as_view(), name="admin_login"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/void", views.void, name="report_void"),
    path("reports/<int:pk>/source", views.source, name="source"),
    path("reports/<int:pk>/download.<str:fmt>", views.download, name="download"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("builder/", builder.builder, name="builder"),
    path("builder/download", builder.builder_download, name="builder_download"),
    path("builder/<str:what>", builder.builder_save, name="builder_save"),
    path("cases/", cases.case_list, name="cases"),
    path("cases/new", cases.case_new, name="case_new"),
    path("cases/<int:pk>/", cases.case_detail, name="case"),
    path("cases/<int:pk>/letter/<str:kind>.docx", letters.case_letter, name="case_letter"),
    path("cases/<int:pk>/<str:move>", cases.case_act, name="case_act"),
    path("letters/", letters.templates, name="letter_templates"),
]
