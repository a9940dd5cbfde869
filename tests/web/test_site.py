"""What holds across the apps: the boundary between agencies on every route, the
security headers, size limits and error pages, the admin in Chinese."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from helpers import PASSWORD, login, register_case, upload

from gongkai.web.audit.models import AuditEntry
from gongkai.web.reports.models import PublishedReport

pytestmark = pytest.mark.django_db


def test_every_route_to_another_agencys_records_is_closed(client, world, seed):
    """Agency A's report, case, letters, builder and templates, from an officer of B: not
    found or forbidden on every route, and nothing written."""
    login(client, world["officer_a"])
    upload(client, seed("002"))
    register_case(client, world["a"], "A-9")
    report, case = PublishedReport.objects.get(), world["a"].cases.get()
    a = f"?agency={world['a'].pk}&year=2026"
    routes = [("get", reverse("reports:show", kwargs={"pk": report.pk}), {}),
              ("get", reverse("reports:source", kwargs={"pk": report.pk}) + "?path=table_c.0", {}),
              *[("get", reverse("reports:download", kwargs={"pk": report.pk, "fmt": f}), {}) for f in ("json", "docx", "pdf")],
              ("get", reverse("register:case", kwargs={"pk": case.pk}), {}),
              *[("post", reverse("register:act", kwargs={"pk": case.pk, "move": m}), {f"{m}-on": "2026-03-04"})
                for m in ("request_correction", "correction_received", "extend", "fee_paid", "close")],
              *[(method, reverse("register:letter", kwargs={"pk": case.pk, "kind": k}), {}) for method in ("get", "post")
                for k in ("reply", "correction", "extension")],
              ("post", reverse("register:letter_correct", kwargs={"pk": case.pk, "kind": "receipt"}), {}),
              ("get", reverse("register:issued_letter", kwargs={"pk": case.pk, "letter": 1}), {}),
              ("get", reverse("builder:show") + a, {}),
              *[("get", reverse("builder:download") + a + f"&fmt={f}", {}) for f in ("json", "docx", "pdf")],
              *[("post", reverse("builder:save", kwargs={"what": w}) + a, {"overview": "x", "published": "2027-01-20"})
                for w in ("counts", "texts", "lock")],
              ("post", reverse("register:templates") + a, {"kind": "reply", "reply-title": "x", "reply-body": "x"})]
    writes = AuditEntry.objects.count()
    login(client, world["officer_b"])
    for method, url, data in routes:
        status = getattr(client, method)(url, data).status_code
        assert status in (403, 404), (url, status)
    assert AuditEntry.objects.count() == writes
    assert "A-9" not in client.get(reverse("register:cases"), {"show": "all"}).content.decode()
    assert "泉州" not in client.get(reverse("supervision:dashboard")).content.decode()

def test_pages_carry_a_content_security_policy(client, world):
    login(client, world["officer_a"])
    policy = client.get(reverse("reports:list"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy

def test_a_server_error_is_logged(client, world, monkeypatch, seed):
    import io
    import logging

    from gongkai.web.reports import services

    def broken(*args, **kwargs):
        raise RuntimeError("磁盘故障")

    monkeypatch.setattr(services, "match", broken)
    handlers = [h for h in logging.getLogger("django.request").handlers if isinstance(h, logging.StreamHandler)]
    assert handlers  # the server's log (gunicorn takes its standard error)
    out = io.StringIO()
    old, handlers[0].stream = handlers[0].stream, out  # (setStream would flush a stream pytest may have closed)
    try:
        login(client, world["officer_a"])
        client.raise_request_exception = False
        with open(seed("000"), "rb") as fh:
            batch = client.post(reverse("reports:list"), {"files": [fh]})["Location"].rstrip("/").rsplit("/", 1)[-1]
        response = client.post(reverse("reports:read_next", args=[batch]))
    finally:
        handlers[0].stream = old
    assert response.status_code == 500
    assert f"ERROR django.request: Internal Server Error: /reports/uploads/{batch}/next" in out.getvalue()
    assert "RuntimeError: 磁盘故障" in out.getvalue()

def test_a_request_too_large_is_refused_before_it_is_read(client, world, settings):
    login(client, world["officer_a"])
    settings.MAX_REQUEST_BYTES = 1000
    body = b"x" * 5000
    response = client.generic("POST", reverse("reports:list"), body, content_type="application/octet-stream")
    assert response.status_code == 413
    assert response.content.decode() == "上传内容过大：0 MB，上限为 0 MB（request too large）"

def test_people_see_chinese_error_pages_and_admin_names(client, world):
    login(client, world["officer_a"])
    missing = client.get("/reports/999999/")
    assert missing.status_code == 404 and "没有找到（404）" in missing.content.decode()
    refused = client.get(reverse("register:templates"))
    assert refused.status_code == 403 and "无权访问（403）" in refused.content.decode()
    root = User.objects.create_superuser("root2", password=PASSWORD)
    client.force_login(root)
    index = client.get("/admin/").content.decode()
    assert "Agencys" not in index
    shown = re.findall(r'<a href="/admin/\w+/\w+/">([^<]+)</a>', index)
    assert {"机关", "放假安排", "人员角色", "文书模板", "规范性文件"} <= set(shown), shown
    # every screen of /admin/ names its fields and choices in Chinese
    AuditEntry.objects.create(actor="a1", model="requestcase", object_id="1", action="create", changes={})
    english = re.compile(r"\b(Voided|Void reason|Created|Actor|Object id|Changes|Sha256|Uploaded by|"
                         r"litigation_direct|upheld|corrected)\b")
    for url in ("/admin/agencies/agency/add/", "/admin/register/review/add/", "/admin/register/review/",
                "/admin/register/normativedocument/add/", "/admin/audit/auditentry/", "/admin/agencies/membership/add/",
                "/admin/register/issuedletter/", "/admin/register/lettertemplate/add/"):
        page = client.get(url)
        assert page.status_code == 200, url
        visible = re.sub(r"<[^>]*>", " ", page.content.decode())
        assert not english.search(visible), (url, english.search(visible))
    review = client.get("/admin/register/review/add/").content.decode()
    assert '<option value="litigation_direct">未经复议直接起诉</option>' in review
    assert '<option value="upheld">结果维持</option>' in review
    assert 'for="id_review_body">行政复议机关' in client.get("/admin/agencies/agency/add/").content.decode()
    assert client.get("/admin/audit/auditentry/add/").status_code == 403  # the audit trail is read only

def test_the_database_file_is_private(tmp_path, monkeypatch):
    import stat
    import subprocess
    import sys

    monkeypatch.setenv("GONGKAI_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("GONGKAI_DATABASE_URL", raising=False)
    subprocess.run([sys.executable, "-c", "from gongkai.web import setup; setup()"], check=True,
                   env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "gongkai.web.settings"})
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "data" / "gongkai.sqlite3").stat().st_mode) == 0o600


@pytest.mark.parametrize("path, status", [("/dashboard/?year=0", 404), ("/dashboard/?year=-5", 404),
                                          ("/dashboard/?year=10000", 404), ("/dashboard/?year=２０２５", 404),
                                          ("/reports/?year=²", 200), ("/reports/?year=99999999999999999999", 200)])
def test_a_year_no_report_has_is_never_a_server_error(client, world, path, status):
    login(client, world["officer_a"])
    assert client.get(path).status_code == status
