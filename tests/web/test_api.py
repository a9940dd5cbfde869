"""The REST API: token auth (anonymous 401), checking and uploading reports, cases,
the same agency boundaries as the screens, and its OpenAPI docs served locally."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

from gongkai.web.accounts.models import ApiToken
from gongkai.web.agencies.models import Agency, Membership
from gongkai.web.reports.models import PublishedReport

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    cache.clear()


@pytest.fixture
def tokens():
    a, b = Agency(name="泉州市科学技术局"), Agency(name="台州市科技局")
    a.save()
    b.save()
    out = {}
    for name, agency, role in (("a1", a, "officer"), ("b1", b, "officer"), ("rev", a, "reviewer")):
        user = User.objects.create_user(name, password="x-very-long-password")
        Membership(user=user, agency=agency, role=role).save()
        out[name] = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)}"}
    return out


@pytest.mark.parametrize("method, url", [("get", "/api/reports"), ("get", "/api/cases"), ("post", "/api/check"),
                                         ("get", "/api/cases/1"), ("get", "/api/reports/1")])
def test_anonymous_calls_get_401(client, method, url):
    assert getattr(client, method)(url).status_code == 401


def test_a_wrong_token_gets_401(client, tokens):
    assert client.get("/api/reports", HTTP_AUTHORIZATION="Bearer nope").status_code == 401


def test_check_and_upload_reports(client, tokens, seed):
    with open(seed("004"), "rb") as fh:
        checked = client.post("/api/check", {"file": fh}, **tokens["a1"]).json()
    assert (checked["agency"], checked["year"], checked["errors"], checked["warnings"]) == ("市科学技术局", 2022, 1, 2)
    assert [f["rule"] for f in checked["findings"]] == ["AGENCY-NAME", "CONTACT", "NARRATIVE-SUM"]
    with open(seed("002"), "rb") as fh:
        made = client.post("/api/reports", {"file": fh}, **tokens["a1"])
    assert made.status_code == 201 and made.json()["agency"] == "泉州市科学技术局"
    pk = made.json()["id"]
    from gongkai.web.audit.models import AuditEntry
    # the upload is the token's user's in the audit trail, not "系统"
    assert [e.actor for e in AuditEntry.objects.filter(model="publishedreport", object_id=str(pk))] == ["a1"]
    assert client.get(f"/api/reports/{pk}", **tokens["a1"]).json()["model"]["table_c"][:5] == [None] * 5
    assert client.get(f"/api/reports/{pk}", **tokens["b1"]).status_code == 404
    assert client.get("/api/reports", **tokens["b1"]).json() == []
    from django.core.files.uploadedfile import SimpleUploadedFile
    empty = client.post("/api/check", {"file": SimpleUploadedFile("e.txt", b"\n")}, **tokens["a1"])
    assert empty.status_code == 422 and empty.json() == {"detail": "文件为空"}  # the web says it in Chinese only
    with open(seed("000"), "rb") as fh:  # 台州's report cannot be filed under 泉州
        assert client.post("/api/reports", {"file": fh}, **tokens["b1"]).status_code == 201
    assert PublishedReport.objects.count() == 2


def test_cases_through_the_api(client, tokens):
    body = {"agency": "泉州市科学技术局", "number": "API-1", "applicant": "张三", "applicant_type": "natural_person",
            "channel": "当面", "submitted": "2026-03-02"}
    made = client.post("/api/cases", body, content_type="application/json", **tokens["a1"])
    assert made.status_code == 201 and made.json()["due"] == "2026-03-30"
    pk = made.json()["id"]
    assert client.post("/api/cases", {**body, "number": "X", "agency": "台州市科技局"}, content_type="application/json",
                       **tokens["a1"]).status_code == 404
    bad = client.post("/api/cases", {**body, "number": "API-2", "channel": "邮寄"}, content_type="application/json",
                      **tokens["a1"])
    assert bad.status_code == 422 and "签收之日" in bad.json()["detail"]
    ext = {"on": "2026-03-20", "days": 10, "notified": "2026-03-20"}
    assert client.post(f"/api/cases/{pk}/extend", ext, content_type="application/json", **tokens["a1"]).status_code == 403
    done = client.post(f"/api/cases/{pk}/extend", ext, content_type="application/json", **tokens["rev"])
    assert done.status_code == 200 and done.json()["due"] == "2026-04-14"
    late = client.post(f"/api/cases/{pk}/request_correction", {"on": "2026-03-30", "deadline": "2026-04-10",
                                                                  "items": "文件名称"},
                       content_type="application/json", **tokens["a1"])
    assert late.status_code == 422 and "补正告知应在收到申请之日起 7 个工作日内" in late.json()["detail"]
    assert client.get(f"/api/cases/{pk}", **tokens["b1"]).status_code == 404
    assert client.post(f"/api/cases/{pk}/close", {"outcome": "granted", "served": "2026-04-01"},
                       content_type="application/json", **tokens["b1"]).status_code == 404
    assert [c["number"] for c in client.get("/api/cases", **tokens["a1"]).json()] == ["API-1"]
    assert client.get("/api/cases", **tokens["b1"]).json() == []


def test_the_api_refuses_what_the_forms_refuse(client, tokens):
    body = {"agency": "泉州市科学技术局", "number": "API-9", "applicant": "张三", "applicant_type": "natural_person",
            "channel": "当面", "submitted": "2026-03-02"}

    def post(url, data, who="a1"):
        return client.post(url, data, content_type="application/json", **tokens[who])

    assert post("/api/cases", body).status_code == 201
    again = post("/api/cases", body)
    assert again.status_code == 422 and again.json()["detail"] == "编号 API-9 已登记"  # was a 500
    long = post("/api/cases", {**body, "number": "9" * 5000})
    assert long.status_code == 422 and "编号" in long.json()["detail"]
    assert post("/api/cases", {**body, "number": "API-10", "submitted": "9999-12-31"}).status_code == 422
    assert post("/api/cases", {**body, "number": "API-11", "submitted": "2026-13-45"}).status_code == 422
    pk = [c["id"] for c in client.get("/api/cases", **tokens["a1"]).json() if c["number"] == "API-9"][0]
    fee = post(f"/api/cases/{pk}/fee_notice", {"on": "2026-03-05", "amount_yuan": -5, "delivered": "2026-03-06"})
    assert fee.status_code == 422 and "金额" in fee.json()["detail"]
    bad_date = post(f"/api/cases/{pk}/request_correction", {"on": "2026-02-30", "deadline": "2026-03-10",
                                                                    "items": "文件名称"})
    assert bad_date.status_code == 422  # was a 500
    unknown = post(f"/api/cases/{pk}/request_correction", {"on": "2026-03-04", "deadline": "2026-03-10",
                                                                   "items": "文件名称", "x": 1})
    assert unknown.status_code == 422 and unknown.json()["detail"] == "不认识的字段：x"
    from gongkai.web.register.models import CaseEvent
    assert CaseEvent.objects.filter(case_id=pk).count() == 0
    odd = post(f"/api/cases/{pk}/close", {"outcome": "granted", "reply_type": "not_exist", "served": "2026-03-20"})
    assert odd.status_code == 422 and "相互矛盾" in odd.json()["detail"]
    bare = post(f"/api/cases/{pk}/close", {"outcome": "denied_process_info", "served": "2026-03-20"})
    assert bare.status_code == 422 and "答复书须写明理由或说明" in bare.json()["detail"]
    assert CaseEvent.objects.filter(case_id=pk).count() == 0


def test_openapi_and_docs_are_served_locally(client, tokens, django_user_model):
    schema = client.get("/api/openapi.json").json()
    assert "/api/cases" in schema["paths"] and "/api/check" in schema["paths"]
    docs = client.get("/api/docs")
    page = docs.content.decode()
    assert docs.status_code == 200 and "swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "unpkg" not in page.lower() and "jsdelivr" not in page.lower()


def test_tokens_end_with_a_new_password_with_age_and_when_revoked(client, tokens, settings):
    a1 = User.objects.get(username="a1")
    assert client.get("/api/reports", **tokens["a1"]).status_code == 200
    a1.set_password("a-brand-new-passphrase-7")
    a1.save()
    assert client.get("/api/reports", **tokens["a1"]).status_code == 401
    fresh = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(a1)}"}
    assert client.get("/api/reports", **fresh).status_code == 200
    settings.API_TOKEN_DAYS = -1  # every token is older than that
    assert client.get("/api/reports", **fresh).status_code == 401
    settings.API_TOKEN_DAYS = 180
    assert ApiToken.revoke(a1) == 1
    assert client.get("/api/reports", **fresh).status_code == 401
    assert client.get("/api/reports", **tokens["b1"]).status_code == 200  # others' tokens stand
