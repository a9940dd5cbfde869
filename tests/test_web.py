"""The web screens through Django's test client: login everywhere, a rate-limited
login, uploading a report and seeing its tables and findings, and the boundary
between agencies (an officer of A neither reads nor changes B's data)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.urls import reverse

from gongkai.web.portal.models import Membership, PublishedReport
from gongkai.web.records.models import Agency, AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-9"


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    cache.clear()


def person(name: str, agency: Agency, role: str) -> User:
    user = User.objects.create_user(name, password=PASSWORD)
    Membership(user=user, agency=agency, role=role).save()
    return user


@pytest.fixture
def world():
    city = Agency(name="泉州市人民政府办公室")
    city.save()
    a = Agency(name="泉州市科学技术局", parent=city)
    a.save()
    b = Agency(name="台州市科技局")
    b.save()
    return {"city": city, "a": a, "b": b, "officer_a": person("a1", a, "officer"), "officer_b": person("b1", b, "officer"),
            "supervisor": person("sup", city, "supervisor")}


def login(client, user):
    client.force_login(user)
    return client


def upload(client, path, name=None):
    with open(path, "rb") as fh:
        return client.post(reverse("reports"), {"files": [fh]}, follow=True)


@pytest.mark.parametrize("name, kwargs", [("reports", {}), ("report", {"pk": 1}), ("source", {"pk": 1}),
                                          ("download", {"pk": 1, "fmt": "json"}), ("home", {})])
def test_every_screen_needs_a_login(client, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")


def test_login_is_rate_limited_and_recorded(client, world, settings):
    for _ in range(settings.LOGIN_ATTEMPTS):
        response = client.post(reverse("login"), {"username": "a1", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": "a1", "password": PASSWORD})
    assert response.status_code == 429
    assert "登录失败次数过多，请 15 分钟后再试。" in response.content.decode()
    assert [e.action for e in AuditEntry.objects.filter(model="login")] == ["failed"] * 5 + ["locked"]
    cache.clear()
    response = client.post(reverse("login"), {"username": "a1", "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(model="login").last().action == "login"


def test_upload_a_seed_and_see_its_tables_and_findings(client, world, seed):
    login(client, world["officer_a"])
    response = upload(client, seed("002"))
    assert "002_2e95705ed168efb2.txt：已读取并检查。" in response.content.decode()
    item = PublishedReport.objects.get()
    assert (item.agency, item.year, item.errors, item.warnings) == (world["a"], 2023, 6, 6)
    page = client.get(reverse("report", kwargs={"pk": item.pk})).content.decode()
    assert "泉州市科学技术局 2023年度政府信息公开工作年度报告" in page
    assert "一、本年新收政府信息公开申请数量" in page and "未印出此行" in page  # the missing 规章 row
    assert page.count('class="c error blank"') == 5  # table C's blank 行政复议 cells
    assert "BLANK-CELL" in page and "NARRATIVE-TABLE" in page
    src = client.get(reverse("source", kwargs={"pk": item.pk}), {"path": "table_b.new_received.6"}).content.decode()
    assert "第81行" in src and '<span class="here">  81  一、\t本年新收政府信息公开申请数量' in src
    data = client.get(reverse("download", kwargs={"pk": item.pk, "fmt": "json"}))
    assert data.json()["table_b"]["rows"]["new_received"] == [1, 0, 0, 0, 0, 0, 1]
    docx = client.get(reverse("download", kwargs={"pk": item.pk, "fmt": "docx"}))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_unreadable_and_unattributable_uploads_are_refused_with_the_reason(client, world, tmp_path, seed):
    login(client, world["officer_a"])
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert "empty.txt：文件为空（empty file）" in upload(client, empty).content.decode()
    both = User.objects.create_user("two", password=PASSWORD)
    Membership(user=both, agency=world["a"], role="officer").save()
    Membership(user=both, agency=world["b"], role="officer").save()
    login(client, both)
    page = upload(client, seed("004")).content.decode()  # printed as a bare 市科学技术局
    assert "无法确定所属机关（报告中为“市科学技术局”），请在所属机关下上传" in page
    assert PublishedReport.objects.count() == 0


def test_agency_boundaries(client, world, seed):
    login(client, world["officer_a"])
    upload(client, seed("002"))
    item = PublishedReport.objects.get()
    login(client, world["officer_b"])
    for name, kwargs in (("report", {"pk": item.pk}), ("source", {"pk": item.pk}),
                         ("download", {"pk": item.pk, "fmt": "json"}), ("download", {"pk": item.pk, "fmt": "docx"})):
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404
    assert "002_2e95705ed168efb2.txt" not in client.get(reverse("reports")).content.decode()
    # B uploads its own; A does not see it
    upload(client, seed("000"))
    assert PublishedReport.objects.filter(agency=world["b"]).count() == 1
    login(client, world["officer_a"])
    assert "000_fdf0dbaa07edf37d.txt" not in client.get(reverse("reports")).content.decode()
    # the supervisor of A's parent reads A's report, cannot upload, and does not see B
    login(client, world["supervisor"])
    assert client.get(reverse("report", kwargs={"pk": item.pk})).status_code == 200
    listing = client.get(reverse("reports")).content.decode()
    assert "002_2e95705ed168efb2.txt" in listing and "000_fdf0dbaa07edf37d.txt" not in listing
    assert 'type="file"' not in listing
    with open(seed("001"), "rb") as fh:
        assert client.post(reverse("reports"), {"files": [fh]}).status_code == 404


def test_logout_needs_post_and_ends_the_session(client, world):
    login(client, world["officer_a"])
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("reports")).status_code == 302
