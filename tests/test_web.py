"""The web screens through Django's test client: login everywhere, a rate-limited
login, uploading a report and seeing its tables and findings, and the boundary
between agencies (an officer of A neither reads nor changes B's data)."""

from __future__ import annotations

import io
import json
import re

import docx
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


@pytest.mark.parametrize("spelling", [" a1", "a1 ", "\ta1", "ａ１", "A1"])
def test_the_lockout_counts_every_spelling_login_accepts_as_one_name(client, world, settings, spelling):
    for name in ("a1", " a1", "a1\t", "ａ１", "a1"):  # five failures under several spellings
        assert client.post(reverse("login"), {"username": name, "password": "wrong"}).status_code == 200
    response = client.post(reverse("login"), {"username": spelling, "password": PASSWORD})
    assert response.status_code == 429
    cache.clear()


def test_the_admin_login_is_locked_and_audited_like_every_login(client, world, settings):
    for _ in range(settings.LOGIN_ATTEMPTS):
        assert client.post("/admin/login/", {"username": "a1", "password": "wrong"}).status_code == 200
    assert client.post("/admin/login/", {"username": "a1", "password": PASSWORD}).status_code == 429
    assert [e.action for e in AuditEntry.objects.filter(model="login")] == ["failed"] * 5 + ["locked"]
    cache.clear()
    response = client.post("/admin/login/?next=/admin/", {"username": "a1", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
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
    # findings in words: severity named, the message first, the cell by its name, the rule code after
    assert ('<li class="warning"><span class="sev">警告</span> 正文称现行有效规范性文件 11件，表格为 14 '
            '<small class="code" title="规则代码">NARRATIVE-TABLE</small>') in page
    assert "第63行 · 表一 行政规范性文件 · 现行有效件数：“14”" in page
    assert "table_a.normative_documents.in_force</" not in page and ">table_" not in page
    src = client.get(reverse("source", kwargs={"pk": item.pk}), {"path": "table_b.new_received.6"}).content.decode()
    assert "第81行" in src and '<span class="here">  81  一、\t本年新收政府信息公开申请数量' in src
    assert "<p>表二 一、本年新收政府信息公开申请数量 · 总计：第81行" in src and "table_b" not in src
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
    assert "报告所载机关为“市科学技术局”，不是您可以上传年报的机关（台州市科技局、泉州市科学技术局），未保存" in page
    assert PublishedReport.objects.count() == 0


def test_an_upload_is_filed_under_the_agency_it_names_or_refused(client, world, seed):
    """An officer of one agency uploading another city's report: refused, naming both —
    never filed under the officer's own agency. The same content again is recognised."""
    login(client, world["officer_a"])  # 泉州市科学技术局
    page = upload(client, seed("000")).content.decode()  # 台州市科技局's report
    assert "000_fdf0dbaa07edf37d.txt：报告所载机关为“台州市科技局”，不是您可以上传年报的机关（泉州市科学技术局），未保存" in page
    assert PublishedReport.objects.count() == 0
    upload(client, seed("002"))  # its own: 泉州市科学技术局
    again = upload(client, seed("002")).content.decode()
    assert "与已上传的“002_2e95705ed168efb2.txt”内容相同，未重复保存" in again
    assert list(PublishedReport.objects.values_list("agency__name", flat=True)) == ["泉州市科学技术局"]


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
    # the supervisor of A's parent reads A's report and does not see B
    login(client, world["supervisor"])
    assert client.get(reverse("report", kwargs={"pk": item.pk})).status_code == 200
    listing = client.get(reverse("reports")).content.decode()
    assert "002_2e95705ed168efb2.txt" in listing and "000_fdf0dbaa07edf37d.txt" not in listing
    # … and may upload for the agencies it supervises, not for others
    assert 'type="file"' in listing
    refused = upload(client, seed("001")).content.decode()
    assert "报告所载机关为“平湖市科学技术局”，不是您可以上传年报的机关（泉州市科学技术局），未保存" in refused


def test_a_supervisor_uploads_for_its_agencies_and_a_reviewer_voids_an_upload(client, world, seed):
    login(client, world["supervisor"])
    assert "002_2e95705ed168efb2.txt：已读取并检查。" in upload(client, seed("002")).content.decode()
    item = PublishedReport.objects.get()
    assert (item.agency.name, item.uploaded_by.username) == ("泉州市科学技术局", "sup")
    page = client.get(reverse("report", kwargs={"pk": item.pk})).content.decode()
    assert "作废此上传" not in page  # the supervisor uploads; the agency's reviewer decides
    assert client.post(reverse("report_void", kwargs={"pk": item.pk}), {"reason": "x"}).status_code == 403
    login(client, world["officer_a"])
    assert client.post(reverse("report_void", kwargs={"pk": item.pk}), {"reason": "x"}).status_code == 403
    login(client, person("rev", world["a"], "reviewer"))
    assert "作废此上传" in client.get(reverse("report", kwargs={"pk": item.pk})).content.decode()
    page = client.post(reverse("report_void", kwargs={"pk": item.pk}), {"reason": " "}, follow=True).content.decode()
    assert "作废须写明理由。" in page
    page = client.post(reverse("report_void", kwargs={"pk": item.pk}), {"reason": "上传错了文件"},
                       follow=True).content.decode()
    assert "已作废“002_2e95705ed168efb2.txt”（理由：上传错了文件）。" in page and "还没有年报。" in page
    assert client.get(reverse("report", kwargs={"pk": item.pk})).status_code == 404
    item.refresh_from_db()
    assert (item.voided, item.void_reason) == (True, "上传错了文件")
    assert [(e.actor, e.action, e.changes["void_reason"]) for e in item.history().filter(action="void")] == [
        ("rev", "void", ["", "上传错了文件"])]
    # voided, it no longer counts: the same file may be uploaded again
    assert "002_2e95705ed168efb2.txt：已读取并检查。" in upload(client, seed("002")).content.decode()


def test_logout_needs_post_and_ends_the_session(client, world):
    login(client, world["officer_a"])
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("reports")).status_code == 302


# --- the request register -------------------------------------------------------------

def register_case(client, agency, number="2026-001", **extra):
    data = {"agency": agency.pk, "number": number, "applicant": "张三", "applicant_type": "natural_person",
            "channel": "当面", "submitted": "2026-03-02", "confirmed": "", "subject": "某文件", "form": "纸质"}
    data.update(extra)
    return client.post(reverse("case_new"), data, follow=True)


def test_register_a_case_and_move_it_through_its_clock(client, world):
    login(client, world["officer_a"])
    page = register_case(client, world["a"]).content.decode()
    assert "已登记申请 2026-001。" in page and "答复期限：2026-03-30" in page
    assert "自 2026-03-02 的次日起算 20 个工作日，至 2026-03-30" in page  # why this due date
    case = world["a"].cases.get()
    act = lambda move, **data: client.post(reverse("case_act", kwargs={"pk": case.pk, "move": move}),  # noqa: E731
                                           {f"{move}-{k}": v for k, v in data.items()}, follow=True).content.decode()
    page = act("request_correction", on="2026-03-20", deadline="2026-03-30")
    assert "补正告知应在收到申请之日起 7 个工作日内（2026-03-11 前）发出" in page  # refused with the reason
    page = act("request_correction", on="2026-03-04", deadline="2026-03-18")
    assert "已发出补正告知。" in page and "等待补正" not in page
    act("correction_received", on="2026-03-10")
    assert "答复期限：2026-04-08" in client.get(reverse("case", kwargs={"pk": case.pk})).content.decode()
    # an officer cannot extend: only an approver
    assert "延长答复期限" not in client.get(reverse("case", kwargs={"pk": case.pk})).content.decode()
    denied = client.post(reverse("case_act", kwargs={"pk": case.pk, "move": "extend"}),
                         {"extend-on": "2026-03-20", "extend-days": "10", "extend-notified": "2026-03-20"})
    assert denied.status_code == 403
    reviewer = person("rev", world["a"], "reviewer")
    login(client, reviewer)
    page = act("extend", on="2026-03-20", days="10", notified="2026-03-20")
    assert "已延长答复期限。" in page and "答复期限：2026-04-22" in page
    page = act("close", outcome="granted", reply_type="disclosed", served="2026-04-15")
    assert "已办结：（一）予以公开" in page
    case.refresh_from_db()
    assert [e.kind for e in case.events.all()] == ["correction_notice", "correction_received", "extension", "closed"]
    assert "rev" in page and "a1" in page  # the audit trail names who did what …
    assert "申请人类型：自然人" in page and "办理结果：（一）予以公开" in page  # … in words, not keys


def test_case_lists_and_boundaries(client, world):
    login(client, world["officer_a"])
    register_case(client, world["a"], "A-1", submitted="2026-01-05")  # due 2026-02-03: overdue by now
    register_case(client, world["a"], "A-2", channel="邮寄", submitted="2026-03-02", confirmed="2026-03-04")
    page = register_case(client, world["a"], "A-3", channel="邮寄", submitted="2026-03-02").content.decode()
    assert "邮寄申请以签收之日为收到申请之日" in page
    assert register_case(client, world["a"], "A-1").content.decode().count("该编号已存在") == 1
    listing = client.get(reverse("cases"), {"show": "overdue"}).content.decode()
    assert "A-1" in listing and "A-2" in listing  # both past due on the day the tests run (after 2026)
    login(client, world["officer_b"])
    case = world["a"].cases.get(number="A-1")
    assert client.get(reverse("case", kwargs={"pk": case.pk})).status_code == 404
    assert client.post(reverse("case_act", kwargs={"pk": case.pk, "move": "fee_paid"}),
                       {"fee_paid-on": "2026-03-05"}).status_code == 404
    assert "A-1" not in client.get(reverse("cases"), {"show": "all"}).content.decode()
    assert register_case(client, world["a"], "B-1").status_code == 200
    assert not world["a"].cases.filter(number="B-1").exists()  # B cannot register into A
    login(client, world["supervisor"])
    assert client.get(reverse("case", kwargs={"pk": case.pk})).status_code == 200
    assert client.get(reverse("case_new")).status_code == 404
    assert client.post(reverse("case_act", kwargs={"pk": case.pk, "move": "fee_paid"}),
                       {"fee_paid-on": "2026-03-05"}).status_code == 404


def test_dashboard_counts_the_visible_year_and_who_has_not_submitted(client, world, seed):
    login(client, world["officer_a"])
    register_case(client, world["a"], "D-1", submitted="2026-03-02")
    register_case(client, world["a"], "D-2", submitted="2026-05-06", applicant_type="commercial")
    case = world["a"].cases.get(number="D-1")
    client.post(reverse("case_act", kwargs={"pk": case.pk, "move": "close"}),
                {"close-outcome": "granted", "close-served": "2026-04-20"})  # late: due 3/30
    closed = case.events.get(kind="closed")
    assert (closed.data["late"], closed.data["due"]) == (True, "2026-03-30")  # recorded as late when closed
    assert "逾期答复（期限 2026-03-30）" in client.get(reverse("case", kwargs={"pk": case.pk})).content.decode()
    listed = client.get(reverse("cases"), {"show": "closed"}).content.decode()
    assert "<td>逾期答复</td>" in listed  # the list says so too
    page = client.get(reverse("dashboard"), {"year": 2026}).content.decode()
    assert "本年收到申请 2 件；按时答复 0 件，逾期 1 件，按时答复率 0%。" in page
    on_time = world["a"].cases.get(number="D-2")
    client.post(reverse("case_act", kwargs={"pk": on_time.pk, "move": "close"}),
                {"close-outcome": "granted", "close-served": "2026-05-20"})
    assert on_time.events.get(kind="closed").data.get("late") is None
    page = client.get(reverse("dashboard"), {"year": 2026}).content.decode()
    assert "按时答复 1 件，逾期 1 件，按时答复率 50%。" in page
    data = json.loads(page.split('id="dashboard-data" type="application/json">')[1].split("</script>")[0])
    assert data["by_month"][0] == {"name": "自然人", "data": [0, 0, 1] + [0] * 9}
    assert data["outcomes"] == [{"name": "予以公开", "value": 2}]
    assert "/static/echarts/echarts.min.js" in page
    login(client, world["supervisor"])
    page = client.get(reverse("dashboard"), {"year": 2024}).content.decode()
    assert "截止日期：2024年1月31日" in page
    assert "未提交（截止 2024年1月31日，已逾期" in page and "天）：泉州市人民政府办公室、泉州市科学技术局" in page
    login(client, world["officer_a"])
    upload(client, seed("002"))  # 2023 report
    login(client, world["supervisor"])
    page = client.get(reverse("dashboard"), {"year": 2024}).content.decode()
    assert "天）：泉州市人民政府办公室</p>" in page and "002_2e95705ed168efb2.txt</a></td><td>上传</td>" in page
    assert "逾期提交" in page  # uploaded today, long after 2024-01-31
    assert "台州市科技局" not in page


def test_a_report_published_and_locked_in_the_builder_counts_as_submitted(client, world):
    """Submission is one fact: uploaded-and-accepted or published-and-locked, on every dashboard."""
    from django.utils import timezone

    from gongkai.report.jsonio import to_dict
    from gongkai.report.sample import sample_report
    from gongkai.web.portal.submissions import submissions
    from gongkai.web.records.models import AnnualDraft
    report = sample_report(1, year=2025, agency="泉州市科学技术局")
    draft = AnnualDraft(agency=world["a"], year=2025, texts=report.texts, published="2026-01-20",
                        snapshot=to_dict(report))
    draft.save()
    assert submissions([world["a"].pk], 2025) == {}  # written but not locked: not submitted
    draft.locked_at, draft.locked_by = timezone.now(), "rev"
    draft.save()
    for user in (world["officer_a"], world["supervisor"]):
        login(client, user)
        page = client.get(reverse("dashboard"), {"year": 2026}).content.decode()
        assert "2025年度年报（平台编写）</a></td><td>发布锁定</td><td>2026-01-20</td>" in page
        assert "逾期提交" not in page
    assert "）：泉州市人民政府办公室</p>" in page  # the supervisor's list: only the city is missing


def test_compile_the_year_from_the_register_and_download_it(client, world):
    login(client, world["officer_a"])
    register_case(client, world["a"], "Y-1", submitted="2025-12-22")  # carried over into 2026
    register_case(client, world["a"], "Y-2", submitted="2026-03-02", applicant_type="research")
    case = world["a"].cases.get(number="Y-1")
    client.post(reverse("case_act", kwargs={"pk": case.pk, "move": "close"}),
                {"close-outcome": "unavailable_not_held", "close-served": "2026-01-12"})
    page = client.get(reverse("builder"), {"agency": world["a"].pk, "year": 2026}).content.decode()
    assert "泉州市科学技术局 2026 年度" in page
    # the identities hold by construction; the year's counts of 行政许可 etc. are still to be entered
    assert "B-BALANCE" not in page and page.count('<small class="code" title="规则代码">BLANK-CELL</small>') == 4
    assert "表一“行政许可”为空白，应填数字（无数据填 0）" in page
    docx = client.get(reverse("builder_download"), {"agency": world["a"].pk, "year": 2026, "fmt": "json"}).json()
    assert docx["table_b"]["rows"]["carried_over"] == [1, 0, 0, 0, 0, 0, 1]
    assert docx["table_b"]["rows"]["carry_forward"] == [0, 0, 1, 0, 0, 0, 1]
    got = client.get(reverse("builder_download"), {"agency": world["a"].pk, "year": 2026})
    assert got.status_code == 200 and got.content[:2] == b"PK"
    login(client, world["officer_b"])
    assert client.get(reverse("builder"), {"agency": world["a"].pk, "year": 2026}).status_code == 404


def letter_text(response) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs if p.text]


def test_letters_from_the_case_page_and_templates_by_the_agency_admin(client, world):
    login(client, world["officer_a"])
    register_case(client, world["a"])
    case = world["a"].cases.get()
    url = lambda kind: reverse("case_letter", kwargs={"pk": case.pk, "kind": kind})  # noqa: E731
    act = lambda move, **data: client.post(reverse("case_act", kwargs={"pk": case.pk, "move": move}),  # noqa: E731
                                           {f"{move}-{k}": v for k, v in data.items()}, follow=True).content.decode()
    page = client.get(reverse("case", kwargs={"pk": case.pk})).content.decode()
    assert url("receipt") in page and url("reply") not in page  # only the letters its acts allow
    assert "修改文书模板" not in page  # an officer does not edit templates
    refused = client.get(url("correction"), follow=True).content.decode()
    assert "补正告知书：本案尚无补正告知，不能生成这份文书" in refused
    receipt = client.get(url("receipt"))
    assert letter_text(receipt)[:3] == ["政府信息公开申请受理回执", "泉州市科学技术局〔2026〕1号", "张三："]
    assert letter_text(receipt)[-1] == "2026年3月2日"  # dated the day of the act, not the day printed
    assert letter_text(client.get(url("receipt")))[1] == "泉州市科学技术局〔2026〕1号"  # printed again: same number
    assert client.get(reverse("letter_templates")).status_code == 403

    admin = person("adm", world["a"], "agency_admin")
    login(client, admin)
    bad = client.post(reverse("letter_templates"), {"kind": "extension", "extension-title": "延期告知",
                                                    "extension-body": "{申请人}：请等待{不存在}。"})
    assert "未知的占位符：{不存在}" in bad.content.decode()
    client.post(reverse("letter_templates"), {"kind": "extension", "extension-title": "延期答复告知书",
                                              "extension-body": "{申请人}：\n答复期限延至{答复期限}。"})
    login(client, person("rev", world["a"], "reviewer"))
    act("extend", on="2026-03-20", days="10", notified="2026-03-20")
    got = client.get(url("extension"))
    assert got["Content-Disposition"] == "attachment; filename*=UTF-8''2026-001-%E5%BB%B6%E6%9C%9F%E5%91%8A%E7%9F%A5%E4%B9%A6.docx"
    assert letter_text(got) == ["延期答复告知书", "泉州市科学技术局〔2026〕2号", "张三：", "答复期限延至2026年4月14日。",
                                "泉州市科学技术局", "2026年3月20日"]

    # closing: a reply type that contradicts the result is refused, and reasons are required where the reply gives them
    page = act("close", outcome="granted", reply_type="not_exist", served="2026-04-10")
    assert "办理结果“（一）予以公开”与答复类型“（四）经检索没有所申请公开信息的，告知不存在”相互矛盾" in page
    page = act("close", outcome="denied_third_party", reply_type="withheld", served="2026-04-10")
    assert "办理结果为“4.保护第三方合法权益”的，答复书须写明理由或说明" in page
    page = act("close", outcome="denied_third_party", reply_type="withheld", served="2026-04-10",
               reasons="所申请的合同含有供应商的商业秘密，经征求意见，该供应商不同意公开。")
    assert "已办结。" in page and "理由或说明：所申请的合同含有供应商的商业秘密" in page
    refused = client.get(url("reply"), follow=True).content.decode()
    assert "答复书：本机关尚未设置复议机关、人民法院（由机构管理员在“文书模板”页填写），不能写明救济途径" in refused
    login(client, admin)
    client.post(reverse("letter_templates"), {"kind": "agency", "agency-review_body": "泉州市人民政府",
                                              "agency-court": "泉州市鲤城区人民法院", "agency-letter_prefix": "泉科信公"})
    login(client, world["officer_a"])
    reply = letter_text(client.get(url("reply")))
    assert reply[:3] == ["政府信息公开申请答复书", "泉科信公〔2026〕3号", "张三："]
    assert reply[4] == ("经审查，您申请获取的政府信息涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的内容。"
                        "根据《中华人民共和国政府信息公开条例》第十五条、第三十二条的规定，本机关不予公开。"
                        "理由：所申请的合同含有供应商的商业秘密，经征求意见，该供应商不同意公开。")
    assert reply[5] == ("如对本答复不服，可以自收到本答复之日起六十日内向泉州市人民政府申请行政复议，"
                        "或者自收到本答复之日起六个月内向泉州市鲤城区人民法院提起行政诉讼。")
    assert reply[-1] == "2026年4月10日"
    page = client.get(reverse("case", kwargs={"pk": case.pk})).content.decode()
    assert "答复书（DOCX） 泉科信公〔2026〕3号" in page

    login(client, world["officer_b"])  # another agency: neither the letter nor the templates
    assert client.get(url("reply")).status_code == 404
    assert client.get(reverse("letter_templates")).status_code == 403
    login(client, world["supervisor"])  # reads the case, sends no letters
    assert client.get(url("reply")).status_code == 403


def test_a_consultation_and_a_fee_notice_have_their_letters(client, world):
    login(client, world["officer_a"])
    register_case(client, world["a"])
    case = world["a"].cases.get()
    act = lambda move, **data: client.post(reverse("case_act", kwargs={"pk": case.pk, "move": move}),  # noqa: E731
                                           {f"{move}-{k}": v for k, v in data.items()}, follow=True).content.decode()
    assert "须写明第三方名称" in act("consultation", kind="third_party", sent="2026-03-05")
    act("consultation", kind="third_party", party="某科技有限公司", sent="2026-03-05", answered="2026-03-12")
    act("fee_notice", on="2026-03-13", amount_yuan="300", delivered="2026-03-16")
    url = lambda kind: reverse("case_letter", kwargs={"pk": case.pk, "kind": kind})  # noqa: E731
    asked = letter_text(client.get(url("consultation")))
    assert asked[:3] == ["政府信息公开第三方意见征询函", "泉州市科学技术局〔2026〕1号", "某科技有限公司："]
    assert "请于2026年3月26日前书面提出意见。" in asked[4] and asked[-1] == "2026年3月5日"
    fee = letter_text(client.get(url("fee")))
    assert fee[0] == "政府信息公开信息处理费收费通知书" and fee[1] == "泉州市科学技术局〔2026〕2号"
    assert "应缴纳信息处理费300元" in fee[3] and "请于2026年4月14日前缴纳。" in fee[4] and fee[-1] == "2026年3月13日"
    page = client.get(reverse("case", kwargs={"pk": case.pk})).content.decode()
    assert "征求意见 · 对象：第三方 · 征求意见至：2026-03-12 · 名称：某科技有限公司" in page
    assert "发出收费通知 · 金额（元）：300 · 申请人收到日期：2026-03-16 · 缴费期限：2026-04-14" in page
    shown = re.sub(r"<[^>]*>", "", page)  # what a person reads: no dicts, no keys
    assert "{&#x27;" not in shown and "third_party" not in shown and "pay_by" not in shown


def test_write_the_narrative_then_lock_on_publication(client, world):
    login(client, world["officer_a"])
    register_case(client, world["a"], "N-1", submitted="2026-03-02")
    query = f"?agency={world['a'].pk}&year=2026"
    save = lambda what, data: client.post(reverse("builder_save", kwargs={"what": what}) + query, data,  # noqa: E731
                                          follow=True).content.decode()
    page = save("counts", {"licensing": "12", "penalty": "3", "coercion": "0", "fees_10k_yuan": "0"})
    assert "已保存年度数字。" in page and "BLANK-CELL" not in page
    texts = {"intro": "本报告依据《中华人民共和国政府信息公开条例》编制，统计期限为2026年1月1日至2026年12月31日。",
             "overview": "本年度共收到政府信息公开申请2件。", "problems": "公开的及时性有待提高。",
             "other": "本年度未收取信息处理费。"}
    page = save("texts", texts)
    assert "已保存正文。" in page
    assert "NARRATIVE-TABLE" in page  # the whole report is checked now: the text says 2, table 三 says 1
    page = save("lock", {"published": "2027-01-20"})
    assert "不能发布" not in page and "发布并锁定" not in page  # an officer is not offered the lock …
    assert client.post(reverse("builder_save", kwargs={"what": "lock"}) + query,
                       {"published": "2027-01-20"}).status_code == 403  # … nor can force it

    login(client, person("rev", world["a"], "reviewer"))
    save("texts", {**texts, "overview": "本年度共收到政府信息公开申请1件。"})
    page = save("lock", {"published": "2027-01-20"})
    assert "已发布并锁定2026年度年报。" in page and "由 rev 发布并锁定" in page
    locked = client.get(reverse("builder_download") + query + "&fmt=json").json()
    assert locked["texts"]["overview"] == "本年度共收到政府信息公开申请1件。" and locked["published"] == "2027-01-20"
    pdf = client.get(reverse("builder_download") + query + "&fmt=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"

    login(client, world["officer_a"])  # the register moves on; the published report does not
    register_case(client, world["a"], "N-2", submitted="2026-06-01")
    assert client.get(reverse("builder_download") + query + "&fmt=json").json() == locked
    page = save("texts", {**texts, "overview": "改过的正文"})
    assert "发布并锁定，不能再修改" in page
    assert client.get(reverse("builder_download") + query + "&fmt=json").json() == locked
    login(client, world["supervisor"])  # reads, writes nothing
    assert client.post(reverse("builder_save", kwargs={"what": "texts"}) + query, texts).status_code == 403


def test_last_years_report_is_compared_and_checked_across_years(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.render.text import TextStyle, render_text
    from gongkai.report.sample import sample_report
    before = sample_report(1, year=2024, agency="泉州市科学技术局")
    now = sample_report(2, year=2025, agency="泉州市科学技术局")
    assert now.b("carried_over") != before.b("carry_forward")
    login(client, world["officer_a"])
    for name, r in (("2024.txt", before), ("2025.txt", now)):
        client.post(reverse("reports"), {"files": [SimpleUploadedFile(name, render_text(r, TextStyle()).encode())]})
    older, newer = PublishedReport.objects.order_by("year")
    assert "CARRY-OVER" not in {f["rule"] for f in older.findings}  # nothing to compare with yet
    assert "CARRY-OVER" in {f["rule"] for f in newer.findings}
    page = client.get(reverse("report", kwargs={"pk": newer.pk})).content.decode()
    assert "与上年度比较" in page
    assert (f'<tr><th scope="row">本年新收申请</th><td>{now.b("new_received")[6]}</td>'
            f'<td>{before.b("new_received")[6]}</td></tr>') in page
    assert "与上年度比较" not in client.get(reverse("report", kwargs={"pk": older.pk})).content.decode()


def test_every_route_to_another_agencys_records_is_closed(client, world, seed):
    """Agency A's report, case, letters, builder and templates, from an officer of B: not
    found or forbidden on every route, and nothing written."""
    login(client, world["officer_a"])
    upload(client, seed("002"))
    register_case(client, world["a"], "A-9")
    report, case = PublishedReport.objects.get(), world["a"].cases.get()
    a = f"?agency={world['a'].pk}&year=2026"
    routes = [("get", reverse("report", kwargs={"pk": report.pk}), {}),
              ("get", reverse("source", kwargs={"pk": report.pk}) + "?path=table_c.0", {}),
              *[("get", reverse("download", kwargs={"pk": report.pk, "fmt": f}), {}) for f in ("json", "docx", "pdf")],
              ("get", reverse("case", kwargs={"pk": case.pk}), {}),
              *[("post", reverse("case_act", kwargs={"pk": case.pk, "move": m}), {f"{m}-on": "2026-03-04"})
                for m in ("request_correction", "correction_received", "extend", "fee_paid", "close")],
              *[("get", reverse("case_letter", kwargs={"pk": case.pk, "kind": k}), {})
                for k in ("reply", "correction", "extension")],
              ("get", reverse("builder") + a, {}),
              *[("get", reverse("builder_download") + a + f"&fmt={f}", {}) for f in ("json", "docx", "pdf")],
              *[("post", reverse("builder_save", kwargs={"what": w}) + a, {"overview": "x", "published": "2027-01-20"})
                for w in ("counts", "texts", "lock")],
              ("post", reverse("letter_templates") + a, {"kind": "reply", "reply-title": "x", "reply-body": "x"})]
    writes = AuditEntry.objects.count()
    login(client, world["officer_b"])
    for method, url, data in routes:
        status = getattr(client, method)(url, data).status_code
        assert status in (403, 404), (url, status)
    assert AuditEntry.objects.count() == writes
    assert "A-9" not in client.get(reverse("cases"), {"show": "all"}).content.decode()
    assert "泉州" not in client.get(reverse("dashboard")).content.decode()


def test_the_administrator_keeps_reviews_and_documents_audited_and_undeletable(client, world):
    root = User.objects.create_superuser("root", password=PASSWORD)
    login(client, root)
    for model in ("review", "normativedocument", "lettertemplate", "agency"):
        assert client.get(f"/admin/records/{model}/").status_code == 200
    made = client.post("/admin/records/normativedocument/add/", {
        "agency": world["a"].pk, "number": "泉科规〔2026〕1号", "title": "科技计划项目管理办法",
        "kind": "normative_documents", "issued": "2026-02-01", "repealed": "", "void_reason": ""})
    assert made.status_code == 302
    doc = world["a"].documents.get()
    entry = AuditEntry.objects.get(model="normativedocument", object_id=str(doc.pk))
    assert entry.actor == "root" and entry.changes["title"] == [None, "科技计划项目管理办法"]
    assert client.get(f"/admin/records/normativedocument/{doc.pk}/delete/").status_code == 403


def test_change_ones_own_password_under_the_password_rules(client, world):
    login(client, world["officer_a"])
    short = client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": "short1",
                                                     "new_password2": "short1"})
    assert "密码太短，至少需要 10 个非空白字符。" in short.content.decode()
    spaces = client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": " " * 12,
                                                      "new_password2": " " * 12})
    assert "密码太短，至少需要 10 个非空白字符。" in spaces.content.decode()
    done = client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": "a-new-passphrase-26",
                                                    "new_password2": "a-new-passphrase-26"}, follow=True)
    assert "密码已修改。" in done.content.decode()
    world["officer_a"].refresh_from_db()
    assert world["officer_a"].check_password("a-new-passphrase-26")
    assert AuditEntry.objects.filter(model="login", action="password", actor="a1").count() == 1


def test_uploads_are_private_written_whole_and_never_rewritten(client, world, seed, settings):
    import hashlib
    import stat

    login(client, world["officer_a"])
    data = seed("002").read_bytes()
    assert upload(client, seed("002")).status_code == 200
    stored = settings.UPLOAD_DIR / hashlib.sha256(data).hexdigest()
    assert stored.read_bytes() == data
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(settings.UPLOAD_DIR.stat().st_mode) == 0o700
    # the same content again: the stored file is left as it is (rewriting it in place, a
    # server killed mid-write left the original at 0 bytes)
    before = stored.stat().st_mtime_ns
    assert upload(client, seed("002")).status_code == 200
    assert stored.stat().st_mtime_ns == before and stored.read_bytes() == data


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


def test_granting_superuser_and_changing_a_password_are_audited(world):
    """User is Django's, not one of our audited models: its saves are audited by signal, as
    /admin/ makes them (the request's user is the actor there, set by the middleware)."""
    from gongkai.web.records.models import acting_as

    user = world["officer_a"]
    with acting_as("root"):
        user.is_superuser = user.is_staff = True
        user.save()
        user.set_password("another-horse-battery-9")
        user.save()
    entries = list(AuditEntry.objects.filter(model="user", object_id=str(user.pk)).order_by("id"))
    assert [(e.actor, e.action) for e in entries][-2:] == [("root", "update"), ("root", "update")]
    assert entries[-2].changes == {"is_superuser": [False, True], "is_staff": [False, True]}
    assert entries[-1].changes == {"password": ["（已更改）", "（已设置）"]}  # never the hash


@pytest.mark.parametrize("year", ["0", "-5", "99999999999999999999", "abc"])
def test_a_year_no_report_can_have_is_not_found(client, world, year):
    login(client, world["officer_a"])
    assert client.get(reverse("builder") + f"?year={year}").status_code == 404


def test_an_administrator_password_from_the_environment_meets_the_rules(tmp_path, monkeypatch):
    from gongkai.web.serve import ServeError, prepare

    monkeypatch.setenv("GONGKAI_ADMIN_PASSWORD", "1")
    monkeypatch.setenv("GONGKAI_DATA", str(tmp_path / "data"))  # restored after the test
    with pytest.raises(ServeError, match="GONGKAI_ADMIN_PASSWORD 不符合密码规则：密码太短"):
        prepare(str(tmp_path / "data"))
    assert not User.objects.filter(is_superuser=True).exists()


def test_pages_carry_a_content_security_policy(client, world):
    login(client, world["officer_a"])
    policy = client.get(reverse("reports"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy


def test_a_server_error_is_logged(client, world, monkeypatch, seed):
    import io
    import logging

    from gongkai.web.portal import views

    def broken(*args, **kwargs):
        raise RuntimeError("磁盘故障")

    monkeypatch.setattr(views, "_agency_for", broken)
    handlers = [h for h in logging.getLogger("django.request").handlers if isinstance(h, logging.StreamHandler)]
    assert handlers  # the server's log (gunicorn takes its standard error)
    out = io.StringIO()
    old = handlers[0].setStream(out)
    try:
        login(client, world["officer_a"])
        client.raise_request_exception = False
        with open(seed("000"), "rb") as fh:
            response = client.post(reverse("reports"), {"files": [fh]})
    finally:
        handlers[0].setStream(old)
    assert response.status_code == 500
    assert "ERROR django.request: Internal Server Error: /reports/" in out.getvalue()
    assert "RuntimeError: 磁盘故障" in out.getvalue()


def test_an_agency_admin_posting_to_another_agencys_templates_changes_nothing(client, world):
    from gongkai.web.records.models import LetterTemplate

    admin = person("adm-a", world["a"], "agency_admin")
    login(client, admin)
    response = client.post(reverse("letter_templates") + f"?agency={world['b'].pk}",
                           {"kind": "extension", "extension-title": "改过的", "extension-body": "{申请人}："})
    assert response.status_code == 403
    assert not LetterTemplate.objects.exists()  # its own agency's template was not written either


def test_a_request_too_large_is_refused_before_it_is_read(client, world, settings):
    login(client, world["officer_a"])
    settings.MAX_REQUEST_BYTES = 1000
    body = b"x" * 5000
    response = client.generic("POST", reverse("reports"), body, content_type="application/octet-stream")
    assert response.status_code == 413
    assert response.content.decode() == "上传内容过大：0 MB，上限为 0 MB（request too large）"


def test_a_stale_builder_form_does_not_overwrite_another_persons_edit(client, world):
    import re

    from gongkai.web.records.models import AnnualDraft

    query = f"?agency={world['a'].pk}&year=2025"
    url = reverse("builder_save", kwargs={"what": "texts"}) + query
    login(client, world["officer_a"])
    client.post(url, {"overview": "第一稿。"})
    page = client.get(reverse("builder") + query).content.decode()
    texts_form = page[page.index(reverse("builder_save", kwargs={"what": "texts"})):]
    seen = re.search(r'name="seen" value="([0-9a-f]*)"', texts_form).group(1)
    from django.test import Client

    other = Client()
    other.force_login(person("a2", world["a"], "officer"))
    assert "已保存正文。" in other.post(url, {"overview": "同事改过的稿。", "seen": seen}, follow=True).content.decode()
    stale = client.post(url, {"overview": "我基于第一稿的修改。", "seen": seen}, follow=True).content.decode()
    assert "保存前此内容已被他人修改，为免覆盖，本次未保存" in stale
    assert AnnualDraft.objects.get(agency=world["a"], year=2025).texts["overview"] == "同事改过的稿。"


def test_a_case_past_the_announced_schedules_keeps_a_provisional_due_date_everywhere(client, world, tmp_path,
                                                                                     monkeypatch):
    """Received on 2026-12-20, due in 2027 before its holidays are announced: a due date
    marked 暂定 with why, on the case page, in the lists (open and due-soon alike) and on
    the API; entering 2027's schedule changes it."""
    import json
    from datetime import date

    from gongkai.cases import calendar
    from gongkai.web.portal.models import ApiToken
    from gongkai.web.records.services import register

    case = register(world["a"], number="2026-200", applicant="张三", applicant_type="natural_person", channel="当面",
                    submitted=date(2026, 12, 20))
    login(client, world["officer_a"])
    page = client.get(reverse("case", kwargs={"pk": case.pk})).content.decode()
    assert "答复期限：2027-01-15（暂定）" in page and "暂定：2027 年的放假安排尚未公布" in page
    listing = client.get(reverse("cases")).content.decode()
    assert "2027-01-15" in listing and "（暂定）" in listing
    token = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(world['officer_a'])}"}
    got = client.get(f"/api/cases/{case.pk}", **token).json()
    assert (got["due"], got["due_provisional"], got["overdue"]) == ("2027-01-15", True, False)
    assert got["due_note"].startswith("暂定：2027 年的放假安排尚未公布")
    table = tmp_path / "2027.json"
    table.write_text(json.dumps({"years": [2027], "holidays": {"2027-01-01": "元旦"}}), "utf-8")
    monkeypatch.setenv("GONGKAI_CALENDAR", str(table))
    monkeypatch.setattr(calendar, "_DEFAULT", None)
    got = client.get(f"/api/cases/{case.pk}", **token).json()
    assert (got["due"], got["due_provisional"]) == ("2027-01-18", False)
    monkeypatch.setattr(calendar, "_DEFAULT", None)


def test_a_year_schedule_entered_in_the_admin_makes_provisional_dates_exact(client, world):
    import json
    from datetime import date

    from gongkai.web.records.models import HolidaySchedule
    from gongkai.web.records.services import register

    case = register(world["a"], number="2026-201", applicant="张三", applicant_type="natural_person", channel="当面",
                    submitted=date(2026, 12, 20))
    login(client, world["officer_a"])
    assert "答复期限：2027-01-15（暂定）" in client.get(reverse("case", kwargs={"pk": case.pk})).content.decode()
    root = User.objects.create_superuser("root", password=PASSWORD)
    client.force_login(root)
    bad = client.post("/admin/records/holidayschedule/add/", {
        "year": "2027", "holidays": json.dumps({"2026-01-01": "元旦"}), "workdays": "{}", "source": ""})
    assert bad.status_code == 200 and "2026-01-01 不在 2027 年" in bad.content.decode()
    made = client.post("/admin/records/holidayschedule/add/", {
        "year": "2027", "holidays": json.dumps({"2027-01-01": "元旦"}, ensure_ascii=False), "workdays": "{}",
        "source": "国务院办公厅关于2027年部分节假日安排的通知"})
    assert made.status_code == 302, made.context["adminform"].form.errors
    assert HolidaySchedule.objects.get().year == 2027
    assert AuditEntry.objects.filter(model="holidayschedule", actor="root", action="create").count() == 1
    login(client, world["officer_a"])
    page = client.get(reverse("case", kwargs={"pk": case.pk})).content.decode()
    assert "答复期限：2027-01-18" in page and "（暂定）" not in page


def test_people_see_chinese_error_pages_and_admin_names(client, world):
    login(client, world["officer_a"])
    missing = client.get("/reports/999999/")
    assert missing.status_code == 404 and "没有找到（404）" in missing.content.decode()
    refused = client.get(reverse("letter_templates"))
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
    for url in ("/admin/records/agency/add/", "/admin/records/review/add/", "/admin/records/review/",
                "/admin/records/normativedocument/add/", "/admin/records/auditentry/", "/admin/portal/membership/add/",
                "/admin/records/issuedletter/", "/admin/records/lettertemplate/add/"):
        page = client.get(url)
        assert page.status_code == 200, url
        visible = re.sub(r"<[^>]*>", " ", page.content.decode())
        assert not english.search(visible), (url, english.search(visible))
    review = client.get("/admin/records/review/add/").content.decode()
    assert '<option value="litigation_direct">未经复议直接起诉</option>' in review
    assert '<option value="upheld">结果维持</option>' in review
    assert 'for="id_review_body">行政复议机关' in client.get("/admin/records/agency/add/").content.decode()
    assert client.get("/admin/records/auditentry/add/").status_code == 403  # the audit trail is read only


def test_the_builder_shows_the_unwritten_parts_before_it_offers_publication(client, world):
    """No words are put in the office's mouth: a fresh year shows each unwritten part as an
    error, and publication is refused until they are written."""
    login(client, person("rev", world["a"], "reviewer"))
    query = f"?agency={world['a'].pk}&year=2025"
    page = client.get(reverse("builder") + query).content.decode()
    for part in ("一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert f"<span class=\"sev\">错误</span> “{part}”没有正文，请撰写后再生成或发布" in page
    assert "<small>表一 行政许可 · 本年处理决定数量" in page and "<small>第" not in page  # no lines of a text not yet written
    refused = client.post(reverse("builder_save", kwargs={"what": "lock"}) + query, {"published": "2026-01-20"},
                          follow=True).content.decode()
    assert "不能发布：正文尚未填写。" in refused
    from gongkai.web.records.models import AnnualDraft
    assert not AnnualDraft.objects.filter(locked_at__isnull=False).exists()


def test_a_receipt_date_in_the_future_is_refused(client, world):
    import datetime as dt

    from django.utils import timezone
    login(client, world["officer_a"])
    today = timezone.localdate()  # the platform's day (Asia/Shanghai), not the machine's
    page = register_case(client, world["a"], "F-1", submitted=(today + dt.timedelta(days=1)).isoformat()).content.decode()
    assert f"提交日期不能晚于今天（{today.isoformat()}）" in page
    assert not world["a"].cases.filter(number="F-1").exists()


def test_a_peoples_government_is_due_by_31_march_on_the_dashboard(client, world):
    """One statutory deadline for the check and the dashboards (条例第四十九条): a
    department's report by 31 January, a people's government's own by 31 March."""
    government = Agency(name="泉州市人民政府", parent=world["city"])
    government.save()
    login(client, world["supervisor"])
    page = client.get(reverse("dashboard"), {"year": 2024}).content.decode()
    assert "截止日期：2024年1月31日、2024年3月31日（条例第四十九条" in page
    assert re.search(r"未提交（截止 2024年1月31日，已逾期 \d+ 天）：泉州市人民政府办公室、泉州市科学技术局</p>", page)
    assert re.search(r"未提交（截止 2024年3月31日，已逾期 \d+ 天）：泉州市人民政府</p>", page)
