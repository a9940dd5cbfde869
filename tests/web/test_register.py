"""The register on the screens: registering a case and moving it through its clock, the
lists, letters and templates, provisional due dates, the holiday schedules in the admin."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from helpers import PASSWORD, letter_text, login, person, register_case

from gongkai.web.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_register_a_case_and_move_it_through_its_clock(client, world):
    login(client, world["officer_a"])
    page = register_case(client, world["a"]).content.decode()
    assert "已登记申请 2026-001。" in page and "答复期限：2026-03-30" in page
    assert "自 2026-03-02 的次日起算 20 个工作日，至 2026-03-30" in page  # why this due date
    case = world["a"].cases.get()
    act = lambda move, **data: client.post(reverse("register:act", kwargs={"pk": case.pk, "move": move}),  # noqa: E731
                                           {f"{move}-{k}": v for k, v in data.items()}, follow=True).content.decode()
    page = act("request_correction", on="2026-03-20", deadline="2026-03-30", items="文件名称")
    assert "补正告知应在收到申请之日起 7 个工作日内（2026-03-11 前）发出" in page  # refused with the reason
    page = act("request_correction", on="2026-03-04", deadline="2026-03-18", items="文件名称")
    assert "已发出补正告知。" in page and "等待补正" not in page
    act("correction_received", on="2026-03-10")
    assert "答复期限：2026-04-08" in client.get(reverse("register:case", kwargs={"pk": case.pk})).content.decode()
    # an officer cannot extend: only an approver
    officer_page = client.get(reverse("register:case", kwargs={"pk": case.pk})).content.decode()
    assert "<summary>延长答复期限</summary>" not in officer_page  # an officer asks (送审), an approver extends
    assert "<summary>申请延长答复期限（送审）</summary>" in officer_page
    denied = client.post(reverse("register:act", kwargs={"pk": case.pk, "move": "extend"}),
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
    assert "逾期答复：否" in page and ">True<" not in page and "：False" not in page

def test_case_lists_and_boundaries(client, world):
    login(client, world["officer_a"])
    register_case(client, world["a"], "A-1", submitted="2026-01-05")  # due 2026-02-03: overdue by now
    register_case(client, world["a"], "A-2", channel="邮寄", submitted="2026-03-02", confirmed="2026-03-04")
    page = register_case(client, world["a"], "A-3", channel="邮寄", submitted="2026-03-02").content.decode()
    assert "邮寄申请以签收之日为收到申请之日" in page
    assert register_case(client, world["a"], "A-1").content.decode().count("该编号已存在") == 1
    listing = client.get(reverse("register:cases"), {"show": "overdue"}).content.decode()
    assert "A-1" in listing and "A-2" in listing  # both past due on the day the tests run (after 2026)
    login(client, world["officer_b"])
    case = world["a"].cases.get(number="A-1")
    assert client.get(reverse("register:case", kwargs={"pk": case.pk})).status_code == 404
    assert client.post(reverse("register:act", kwargs={"pk": case.pk, "move": "fee_paid"}),
                       {"fee_paid-on": "2026-03-05"}).status_code == 404
    assert "A-1" not in client.get(reverse("register:cases"), {"show": "all"}).content.decode()
    assert register_case(client, world["a"], "B-1").status_code == 200
    assert not world["a"].cases.filter(number="B-1").exists()  # B cannot register into A
    login(client, world["supervisor"])
    assert client.get(reverse("register:case", kwargs={"pk": case.pk})).status_code == 200
    assert client.get(reverse("register:new")).status_code == 404
    assert client.post(reverse("register:act", kwargs={"pk": case.pk, "move": "fee_paid"}),
                       {"fee_paid-on": "2026-03-05"}).status_code == 404

def test_letters_from_the_case_page_and_templates_by_the_agency_admin(client, world):
    login(client, world["officer_a"])
    register_case(client, world["a"])
    case = world["a"].cases.get()
    url = lambda kind: reverse("register:letter", kwargs={"pk": case.pk, "kind": kind})  # noqa: E731
    act = lambda move, **data: client.post(reverse("register:act", kwargs={"pk": case.pk, "move": move}),  # noqa: E731
                                           {f"{move}-{k}": v for k, v in data.items()}, follow=True).content.decode()
    page = client.get(reverse("register:case", kwargs={"pk": case.pk})).content.decode()
    assert url("receipt") in page and url("reply") not in page  # only the letters its acts allow
    assert "修改文书模板" not in page  # an officer does not edit templates
    refused = client.post(url("correction"), follow=True).content.decode()
    assert "补正告知书：本案尚无补正告知，不能生成这份文书" in refused
    followed = client.get(url("receipt"), follow=True).content.decode()  # a link alone never takes a number
    assert "受理回执：尚未生成（取文号），请在案件页面点击生成" in followed and not case.letters.exists()
    receipt = client.post(url("receipt"))
    assert letter_text(receipt)[:3] == ["政府信息公开申请受理回执", "泉州市科学技术局〔2026〕1号", "张三："]
    assert letter_text(receipt)[-1] == "2026年3月2日"  # dated the day of the act, not the day printed
    assert letter_text(client.get(url("receipt")))[1] == "泉州市科学技术局〔2026〕1号"  # printed again: same number
    assert client.get(reverse("register:templates")).status_code == 403

    admin = person("adm", world["a"], "agency_admin")
    login(client, admin)
    bad = client.post(reverse("register:templates"), {"kind": "extension", "extension-title": "延期告知",
                                                    "extension-body": "{申请人}：请等待{不存在}。"})
    assert "未知的占位符：{不存在}" in bad.content.decode()
    client.post(reverse("register:templates"), {"kind": "extension", "extension-title": "延期答复告知书",
                                              "extension-body": "{申请人}：\n答复期限延至{答复期限}。"})
    login(client, person("rev", world["a"], "reviewer"))
    act("extend", on="2026-03-20", days="10", notified="2026-03-20")
    got = client.post(url("extension"))
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
    refused = client.post(url("reply"), follow=True).content.decode()
    assert "答复书：本机关尚未设置复议机关、人民法院（由机构管理员在“文书模板”页填写），不能写明救济途径" in refused
    login(client, admin)
    client.post(reverse("register:templates"), {"kind": "agency", "agency-review_body": "泉州市人民政府",
                                              "agency-court": "泉州市鲤城区人民法院", "agency-letter_prefix": "泉科信公"})
    login(client, world["officer_a"])
    reply = letter_text(client.post(url("reply")))
    assert reply[:3] == ["政府信息公开申请答复书", "泉科信公〔2026〕3号", "张三："]
    assert reply[4] == ("经审查，您申请获取的政府信息涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的内容。"
                        "根据《中华人民共和国政府信息公开条例》第十五条、第三十二条的规定，本机关不予公开。"
                        "理由：所申请的合同含有供应商的商业秘密，经征求意见，该供应商不同意公开。")
    assert reply[5] == ("如对本答复不服，可以自收到本答复之日起六十日内向泉州市人民政府申请行政复议，"
                        "或者自收到本答复之日起六个月内向泉州市鲤城区人民法院提起行政诉讼。")
    assert reply[-1] == "2026年4月10日"
    page = client.get(reverse("register:case", kwargs={"pk": case.pk})).content.decode()
    assert "答复书（DOCX） 泉科信公〔2026〕3号" in page

    login(client, world["officer_b"])  # another agency: neither the letter nor the templates
    assert client.get(url("reply")).status_code == 404
    assert client.get(reverse("register:templates")).status_code == 403
    login(client, world["supervisor"])  # reads the case, sends no letters
    assert client.get(url("reply")).status_code == 403

def test_a_consultation_and_a_fee_notice_have_their_letters(client, world):
    login(client, world["officer_a"])
    register_case(client, world["a"])
    case = world["a"].cases.get()
    act = lambda move, **data: client.post(reverse("register:act", kwargs={"pk": case.pk, "move": move}),  # noqa: E731
                                           {f"{move}-{k}": v for k, v in data.items()}, follow=True).content.decode()
    assert "须写明第三方名称" in act("consultation", kind="third_party", sent="2026-03-05")
    act("consultation", kind="third_party", party="某科技有限公司", sent="2026-03-05", answered="2026-03-12")
    act("fee_notice", on="2026-03-13", amount_yuan="300", delivered="2026-03-16")
    url = lambda kind: reverse("register:letter", kwargs={"pk": case.pk, "kind": kind})  # noqa: E731
    asked = letter_text(client.post(url("consultation")))
    assert asked[:3] == ["政府信息公开第三方意见征询函", "泉州市科学技术局〔2026〕1号", "某科技有限公司："]
    assert "请于2026年3月26日前书面提出意见。" in asked[4] and asked[-1] == "2026年3月5日"
    fee = letter_text(client.post(url("fee")))
    assert fee[0] == "政府信息公开信息处理费收费通知书" and fee[1] == "泉州市科学技术局〔2026〕2号"
    assert "应缴纳信息处理费300元" in fee[3] and "请于2026年4月14日前缴纳。" in fee[4] and fee[-1] == "2026年3月13日"
    page = client.get(reverse("register:case", kwargs={"pk": case.pk})).content.decode()
    assert "征求意见 · 对象：第三方 · 征求意见至：2026-03-12 · 名称：某科技有限公司" in page
    assert "发出收费通知 · 金额（元）：300 · 申请人收到日期：2026-03-16 · 缴费期限：2026-04-14" in page
    shown = re.sub(r"<[^>]*>", "", page)  # what a person reads: no dicts, no keys
    assert "{&#x27;" not in shown and "third_party" not in shown and "pay_by" not in shown

def test_a_case_past_the_announced_schedules_keeps_a_provisional_due_date_everywhere(client, world, tmp_path,
                                                                                     monkeypatch, today):
    """Received on 2026-12-20, due in 2027 before its holidays are announced: a due date
    marked 暂定 with why, on the case page, in the lists (open and due-soon alike) and on
    the API; entering 2027's schedule changes it."""
    today(date(2026, 12, 31))  # the scenario's day: received, not yet due
    import json

    from gongkai.cases import calendar
    from gongkai.web.accounts.models import ApiToken
    from gongkai.web.register.services import register

    case = register(world["a"], number="2026-200", applicant="张三", applicant_type="natural_person", channel="当面",
                    submitted=date(2026, 12, 20))
    login(client, world["officer_a"])
    page = client.get(reverse("register:case", kwargs={"pk": case.pk})).content.decode()
    assert "答复期限：2027-01-15（暂定）" in page and "暂定：2027 年的放假安排尚未公布" in page
    listing = client.get(reverse("register:cases")).content.decode()
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

def test_a_year_schedule_entered_in_the_admin_makes_provisional_dates_exact(client, world, today):
    today(date(2027, 1, 20))  # the scenario's day: after its dates
    import json

    from gongkai.web.register.models import HolidaySchedule
    from gongkai.web.register.services import register

    case = register(world["a"], number="2026-201", applicant="张三", applicant_type="natural_person", channel="当面",
                    submitted=date(2026, 12, 20))
    login(client, world["officer_a"])
    assert "答复期限：2027-01-15（暂定）" in client.get(reverse("register:case", kwargs={"pk": case.pk})).content.decode()
    root = User.objects.create_superuser("root", password=PASSWORD)
    client.force_login(root)
    bad = client.post("/admin/register/holidayschedule/add/", {
        "year": "2027", "holidays": json.dumps({"2026-01-01": "元旦"}), "workdays": "{}", "source": ""})
    assert bad.status_code == 200 and "2026-01-01 不在 2027 年" in bad.content.decode()
    made = client.post("/admin/register/holidayschedule/add/", {
        "year": "2027", "holidays": json.dumps({"2027-01-01": "元旦"}, ensure_ascii=False), "workdays": "{}",
        "source": "国务院办公厅关于2027年部分节假日安排的通知"})
    assert made.status_code == 302, made.context["adminform"].form.errors
    assert HolidaySchedule.objects.get().year == 2027
    assert AuditEntry.objects.filter(model="holidayschedule", actor="root", action="create").count() == 1
    login(client, world["officer_a"])
    page = client.get(reverse("register:case", kwargs={"pk": case.pk})).content.decode()
    assert "答复期限：2027-01-18" in page and "（暂定）" not in page

def test_a_receipt_date_in_the_future_is_refused(client, world):
    import datetime as dt

    from django.utils import timezone
    login(client, world["officer_a"])
    today = timezone.localdate()  # the platform's day (Asia/Shanghai), not the machine's
    page = register_case(client, world["a"], "F-1", submitted=(today + dt.timedelta(days=1)).isoformat()).content.decode()
    assert f"提交日期不能晚于今天（{today.isoformat()}）" in page
    assert not world["a"].cases.filter(number="F-1").exists()

def test_the_administrator_keeps_reviews_and_documents_audited_and_undeletable(client, world):
    root = User.objects.create_superuser("root", password=PASSWORD)
    login(client, root)
    for model in ("register/review", "register/normativedocument", "register/lettertemplate", "agencies/agency"):
        assert client.get(f"/admin/{model}/").status_code == 200
    made = client.post("/admin/register/normativedocument/add/", {
        "agency": world["a"].pk, "number": "泉科规〔2026〕1号", "title": "科技计划项目管理办法",
        "kind": "normative_documents", "issued": "2026-02-01", "repealed": "", "void_reason": ""})
    assert made.status_code == 302
    doc = world["a"].documents.get()
    entry = AuditEntry.objects.get(model="normativedocument", object_id=str(doc.pk))
    assert entry.actor == "root" and entry.changes["title"] == [None, "科技计划项目管理办法"]
    assert client.get(f"/admin/register/normativedocument/{doc.pk}/delete/").status_code == 403

def test_an_agency_admin_posting_to_another_agencys_templates_changes_nothing(client, world):
    from gongkai.web.register.models import LetterTemplate

    admin = person("adm-a", world["a"], "agency_admin")
    login(client, admin)
    response = client.post(reverse("register:templates") + f"?agency={world['b'].pk}",
                           {"kind": "extension", "extension-title": "改过的", "extension-body": "{申请人}："})
    assert response.status_code == 403
    assert not LetterTemplate.objects.exists()  # its own agency's template was not written either


def test_the_day_of_receipt_is_the_domains_on_every_screen(client, world):
    """One receipt date (条例第三十一条): an in-person request is received the day it is
    handed in, whatever was typed as its confirmation. Handed in on 31 December 2025 and
    confirmed on 2 January 2026, it is counted in 2025 by the dashboard, the API, the
    list and the compiled tables alike."""
    import json

    from gongkai.web.accounts.models import ApiToken
    from gongkai.web.builder.services import compile_report
    from gongkai.web.register.services import register

    case = register(world["a"], number="2025-900", applicant="张三", applicant_type="natural_person", channel="当面",
                    submitted=date(2025, 12, 31), confirmed=date(2026, 1, 2))
    login(client, world["officer_a"])

    def dashboard(year):
        page = client.get(reverse("supervision:dashboard"), {"year": year}).content.decode()
        return json.loads(page.split('id="dashboard-data" type="application/json">')[1].split("</script>")[0])

    assert dashboard(2025)["by_month"][0]["data"] == [0] * 11 + [1] and dashboard(2025)["received"] == 1
    assert dashboard(2026)["received"] == 0
    token = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(world['officer_a'])}"}
    assert client.get(f"/api/cases/{case.pk}", **token).json()["received"] == "2025-12-31"
    assert "<td>2025-12-31</td>" in client.get(reverse("register:cases")).content.decode()
    assert compile_report(world["a"], 2025)[0].b("new_received")[6] == 1
    assert compile_report(world["a"], 2026)[0].b("new_received")[6] == 0
    assert compile_report(world["a"], 2026)[0].b("carried_over")[6] == 1


def test_the_lists_page_every_case_and_sort_by_due_date(client, world, settings):
    """No case drops out of a list: the register is paged in SQL, overdue cases first,
    however many newer cases there are."""
    from datetime import date, timedelta

    from gongkai.web.register.services import register
    from gongkai.web.register.views import PAGE_SIZE

    oldest = register(world["a"], number="OLD-1", applicant="张三", applicant_type="natural_person", channel="当面",
                      submitted=date(2025, 1, 6))
    for i in range(PAGE_SIZE + 5):
        register(world["a"], number=f"NEW-{i:03d}", applicant="李四", applicant_type="natural_person", channel="当面",
                 submitted=date(2026, 11, 2) + timedelta(days=i % 20))
    login(client, world["officer_a"])
    first = client.get(reverse("register:cases")).content.decode()
    assert first.index("OLD-1") < first.index("NEW-") and f"共 {PAGE_SIZE + 6} 件，第 1/2 页" in first
    assert client.get(reverse("register:cases"), {"page": 2}).content.decode().count("李四") == 6
    overdue = client.get(reverse("register:cases"), {"show": "overdue"}).content.decode()
    assert f"已逾期（{oldest.due}）" in overdue


def test_a_reply_judged_late_against_a_provisional_date_follows_the_date_when_it_is_known(client, world, today):
    """Received on 2026-12-20, due provisionally on 2027-01-15 (2027's holidays not yet
    announced), replied on 2027-01-16: late — until the 2027 schedule is entered, which
    moves the due date to 2027-01-18: then on time, on the case and on the dashboard."""
    today(date(2027, 1, 20))  # the scenario's day: after its dates
    import json

    from gongkai.web.register.models import HolidaySchedule, RequestCase
    from gongkai.web.register.services import apply, register

    case = register(world["a"], number="2026-300", applicant="张三", applicant_type="natural_person", channel="当面",
                    submitted=date(2026, 12, 20))
    apply(case, "close", outcome="granted", reply_type="disclosed", served=date(2027, 1, 16))
    case = RequestCase.objects.get(pk=case.pk)
    assert (case.due, case.due_provisional, case.late) == (date(2027, 1, 15), True, True)
    login(client, world["officer_a"])

    def timeliness():
        page = client.get(reverse("supervision:dashboard"), {"year": 2027}).content.decode()
        data = json.loads(page.split('id="dashboard-data" type="application/json">')[1].split("</script>")[0])
        return data["timeliness"]

    assert timeliness() == {"on_time": 0, "late": 1, "rate": 0}
    HolidaySchedule(year=2027, holidays={"2027-01-01": "元旦"}, workdays={}).save()
    case = RequestCase.objects.get(pk=case.pk)
    assert (case.due, case.due_provisional, case.late) == (date(2027, 1, 18), False, False)
    assert timeliness() == {"on_time": 1, "late": 0, "rate": 100}
    page = client.get(reverse("register:case", kwargs={"pk": case.pk})).content.decode()
    assert "逾期答复（期限" not in page and "逾期答复：是 → 否" in page  # the trail keeps before and after


@pytest.mark.parametrize("move, data, message", [
    ("close", {"outcome": "granted", "reply_type": "disclosed", "served": "2099-01-05"}, "送达日期不能晚于今天"),
    ("request_correction", {"on": "2099-03-04", "deadline": "2099-03-18", "items": "文件名称"}, "告知日期不能晚于今天"),
    ("fee_notice", {"on": "2026-03-05", "amount_yuan": str(10**30), "delivered": "2026-03-06"},
     "金额（元）：确保该值小于或等于1000000。"),
    ("consultation", {"kind": "co_maker", "sent": "2099-03-05"}, "发出日期不能晚于今天"),
])
def test_moves_take_no_date_to_come_and_no_amount_out_of_reason(client, world, move, data, message):
    login(client, world["officer_a"])
    register_case(client, world["a"], "M-1")
    case = world["a"].cases.get(number="M-1")
    page = client.post(reverse("register:act", kwargs={"pk": case.pk, "move": move}),
                       {f"{move}-{k}": v for k, v in data.items()}, follow=True).content.decode()
    assert message in page
    assert not case.events.exists()


def test_a_receipt_before_the_ordinance_and_a_fee_paid_twice_are_refused(client, world):

    from gongkai.cases.clocks import CaseError
    from gongkai.web.register.services import apply, register
    login(client, world["officer_a"])
    page = register_case(client, world["a"], "OLD", submitted="0001-01-01").content.decode()
    assert "提交日期不能早于条例施行之日（2008-05-01）" in page
    case = register(world["a"], number="F-2", applicant="张三", applicant_type="natural_person", channel="当面",
                    submitted=date(2026, 3, 2))
    apply(case, "fee_notice", on=date(2026, 3, 5), amount_yuan=300, delivered=date(2026, 3, 6))
    apply(case, "fee_paid", on=date(2026, 3, 9))
    with pytest.raises(CaseError, match="已于 2026-03-09 登记缴费，不能重复登记"):
        apply(case, "fee_paid", on=date(2026, 3, 10))


# --- no step dated after today, whichever way it comes ---------------------------------

def _to_come(days=1):
    from django.utils import timezone
    return (timezone.localdate() + timedelta(days=days)).isoformat()


BEFORE = {  # what a step needs done first (in the past)
    "correction_received": ("request_correction", {"on": "2026-03-04", "deadline": "2026-03-20", "items": "文件名称"}),
    "fee_paid": ("fee_notice", {"on": "2026-03-05", "amount_yuan": 20, "delivered": "2026-03-06"}),
}
STEPS = [  # (move, its fields with one date to come, the message that names that date)
    ("request_correction", {"on": "+1", "deadline": "+15", "items": "文件名称"}, "告知日期不能晚于今天"),
    ("correction_received", {"on": "+1"}, "收到日期不能晚于今天"),
    ("consultation", {"kind": "co_maker", "sent": "+1"}, "发出日期不能晚于今天"),
    ("consultation", {"kind": "co_maker", "sent": "2026-03-05", "answered": "+1"}, "答复日期不能晚于今天"),
    ("extend", {"on": "+3", "days": 10, "notified": "+3"}, "批准日期不能晚于今天"),
    ("extend", {"on": "2026-03-20", "days": 10, "notified": "+1"}, "告知申请人日期不能晚于今天"),
    ("fee_notice", {"on": "+1", "amount_yuan": 20, "delivered": "+2"}, "通知日期不能晚于今天"),
    ("fee_notice", {"on": "2026-03-05", "amount_yuan": 20, "delivered": "+21"}, "申请人收到日期不能晚于今天"),
    ("fee_paid", {"on": "+1"}, "缴费日期不能晚于今天"),
    ("close", {"outcome": "granted", "reply_type": "disclosed", "served": "+21"}, "送达日期不能晚于今天"),
]


def _dated(data: dict) -> dict:
    return {k: _to_come(int(v[1:])) if isinstance(v, str) and v.startswith("+") else v for k, v in data.items()}


@pytest.mark.parametrize("move, data, message", STEPS, ids=[f"{m}-{list(d)[-1]}" for m, d, _ in STEPS])
def test_no_step_is_dated_after_today_on_the_screens(client, world, move, data, message):
    approver = person("rev-a", world["a"], "reviewer")
    login(client, approver)
    register_case(client, world["a"], "F-1")
    case = world["a"].cases.get(number="F-1")
    url = lambda m: reverse("register:act", kwargs={"pk": case.pk, "move": m})  # noqa: E731
    if move in BEFORE:
        first, values = BEFORE[move]
        client.post(url(first), {f"{first}-{k}": v for k, v in values.items()}, follow=True)
    done = case.events.count()
    page = client.post(url(move), {f"{move}-{k}": v for k, v in _dated(data).items()}, follow=True).content.decode()
    assert f"{message}（{_to_come(0)}）" in page
    assert case.events.count() == done


@pytest.mark.parametrize("move, data, message", STEPS, ids=[f"{m}-{list(d)[-1]}" for m, d, _ in STEPS])
def test_no_step_is_dated_after_today_through_the_api(client, world, move, data, message):
    from gongkai.web.accounts.models import ApiToken
    approver = person("rev-a", world["a"], "reviewer")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(approver)}", "content_type": "application/json"}
    made = client.post("/api/cases", {"agency": world["a"].name, "number": "F-2", "applicant": "张三",
                                      "applicant_type": "natural_person", "channel": "当面",
                                      "submitted": "2026-03-02"}, **auth)
    pk = made.json()["id"]
    if move in BEFORE:
        first, values = BEFORE[move]
        assert client.post(f"/api/cases/{pk}/{first}", values, **auth).status_code == 200
    got = client.post(f"/api/cases/{pk}/{move}", _dated(data), **auth)
    assert got.status_code == 422 and f"{message}（{_to_come(0)}）" in got.json()["detail"]


def test_the_register_itself_refuses_a_date_to_come_and_takes_a_time_limit_to_come(world):
    """Whichever way a step comes (an import, a script), the register refuses a date
    after today; a 补正期限 is set for the applicant and is to come by nature."""
    from django.utils import timezone

    from gongkai.errors import GongkaiError
    from gongkai.web.register import services
    today = timezone.localdate()
    case = services.register(world["a"], number="F-3", applicant="张三", applicant_type="natural_person",
                             channel="当面", submitted=today - timedelta(days=2))
    with pytest.raises(GongkaiError, match=f"日期 {today + timedelta(days=1)} 晚于今天（{today}）"):
        services.apply(case, "close", outcome="granted", served=today + timedelta(days=1), reply_type="disclosed")
    with pytest.raises(GongkaiError, match="晚于今天"):
        services.register(world["a"], number="F-4", applicant="李四", applicant_type="natural_person",
                          channel="当面", submitted=today + timedelta(days=1))
    services.apply(case, "request_correction", on=today, deadline=today + timedelta(days=15))
    assert [e.kind for e in case.events.all()] == ["correction_notice"]


def test_only_the_steps_a_case_allows_are_offered_and_messages_are_in_chinese(client, world):
    approver = person("rev-a", world["a"], "reviewer")
    login(client, approver)
    register_case(client, world["a"], "S-1")
    case = world["a"].cases.get(number="S-1")

    def offered() -> list[str]:
        page = client.get(reverse("register:case", kwargs={"pk": case.pk})).content.decode()
        return re.findall(r'<details class="move"><summary>([^<]+)</summary>', page)

    def act(move, **values):
        return client.post(reverse("register:act", kwargs={"pk": case.pk, "move": move}),
                           {f"{move}-{k}": v for k, v in values.items()}, follow=True).content.decode()

    assert offered() == ["发出补正告知", "征求意见", "延长答复期限", "发出收费通知", "办结"]
    act("request_correction", on="2026-03-04", deadline="2026-03-20", items="文件名称")
    act("fee_notice", on="2026-03-05", amount_yuan="20", delivered="2026-03-06")
    assert offered() == ["收到补正", "征求意见", "延长答复期限", "登记缴费", "办结"]
    act("correction_received", on="2026-03-10")
    act("extend", on="2026-03-20", days="10", notified="2026-03-20")
    assert offered() == ["征求意见", "登记缴费", "办结"]
    again = act("extend", on="2026-03-21", days="5", notified="2026-03-21")  # sent anyway: refused, in Chinese
    assert "答复期限只能延长一次" in again and "one extension only" not in again
    act("close", outcome="granted", reply_type="disclosed", served="2026-04-20")
    assert offered() == []


def test_a_letter_is_kept_as_issued_and_a_correction_is_a_new_letter(client, world):
    """The 受理回执 states the due date of the day it was issued; a 补正 later moves the
    due date and a holiday schedule is entered: the receipt prints byte for byte as
    issued. A 更正 is a new letter with its own 文号 naming the first, which stays."""
    from gongkai.web.register.models import HolidaySchedule
    login(client, world["officer_a"])
    register_case(client, world["a"], "L-1")
    case = world["a"].cases.get(number="L-1")
    url = lambda kind: reverse("register:letter", kwargs={"pk": case.pk, "kind": kind})  # noqa: E731
    first = client.post(url("receipt")).content
    said = letter_text(client.get(url("receipt")))
    assert "本机关将于2026年3月30日前作出答复" in "".join(said)
    client.post(reverse("register:act", kwargs={"pk": case.pk, "move": "request_correction"}),
                {"request_correction-on": "2026-03-04", "request_correction-deadline": "2026-03-20",
                 "request_correction-items": "所需文件的名称或文号"})
    client.post(reverse("register:act", kwargs={"pk": case.pk, "move": "correction_received"}),
                {"correction_received-on": "2026-03-10"})
    HolidaySchedule(year=2026, holidays={"2026-04-06": "清明节"}, workdays={}).save()
    case.refresh_from_db()
    assert case.due == date(2026, 4, 8)  # the clock ran afresh from the correction (and around 清明)
    assert client.get(url("receipt")).content == first  # printed again: the letter as issued, byte for byte

    corrected = client.post(reverse("register:letter_correct", kwargs={"pk": case.pk, "kind": "receipt"}),
                            follow=True).content.decode()
    assert "已发出政府信息公开申请受理回执（更正）（泉州市科学技术局〔2026〕2号），原文书保留不变。" in corrected
    letters = list(case.letters.order_by("id"))
    assert [(x.number, x.corrects_id) for x in letters] == [("泉州市科学技术局〔2026〕1号", None),
                                                            ("泉州市科学技术局〔2026〕2号", letters[0].pk)]
    text = letter_text(client.get(reverse("register:issued_letter", kwargs={"pk": case.pk, "letter": letters[1].pk})))
    assert text[:2] == ["政府信息公开申请受理回执（更正）", "泉州市科学技术局〔2026〕2号"]
    assert text[3] == ("本机关于2026年3月2日发出的《政府信息公开申请受理回执》（泉州市科学技术局〔2026〕1号）所载内容有误，"
                       "现予更正，以本文书为准。")
    assert "本机关将于2026年4月8日前作出答复" in text[4]
    assert client.get(reverse("register:issued_letter", kwargs={"pk": case.pk, "letter": letters[0].pk})).content == first
    assert letter_text(client.get(url("receipt")))[1] == "泉州市科学技术局〔2026〕2号"  # the letter in force: the 更正
    again = client.post(reverse("register:letter_correct", kwargs={"pk": case.pk, "kind": "receipt"}),
                        follow=True).content.decode()
    assert "受理回执：按本案现在的记录，这份文书的内容与已发出的相同，无需更正" in again
    assert case.letters.count() == 2


def test_an_approver_corrects_a_step_on_the_case_page_and_the_locked_report_lists_it(client, world, today):
    """On the case page: the approver's correction of a closing, with its reason, and the
    trail shows before → after; an officer cannot; after the year's report was locked,
    the builder lists the correction as a change since publication."""
    from gongkai.web.builder.models import AnnualDraft
    today(date(2027, 1, 20))
    officer, approver = world["officer_a"], person("rev-a", world["a"], "reviewer")
    login(client, officer)
    register_case(client, world["a"], "C-1")
    case = world["a"].cases.get(number="C-1")
    client.post(reverse("register:act", kwargs={"pk": case.pk, "move": "close"}),
                {"close-outcome": "granted", "close-reply_type": "disclosed", "close-served": "2026-03-20"})
    closed = case.events.get(kind="closed")
    fix = {"fix{}-outcome": "partial", "fix{}-reply_type": "withheld", "fix{}-reasons": "第三方信息不予公开",
           "fix{}-served": "2026-03-20", "fix{}-on": "2026-03-20", "fix{}-reason": "办理结果录错"}
    fix = {k.format(closed.pk): v for k, v in fix.items()}
    url = reverse("register:correct", kwargs={"pk": case.pk, "step": closed.pk})
    assert "更正或作废" not in client.get(reverse("register:case", kwargs={"pk": case.pk})).content.decode()
    assert client.post(url, fix).status_code == 403
    AnnualDraft(agency=world["a"], year=2026, texts={"overview": "x"}, locked_at=timezone_now(), locked_by="rev-a",
                first_locked_at=timezone_now()).save()
    login(client, approver)
    page = client.post(url, fix, follow=True).content.decode()
    assert "已更正，答复期限已按更正后的记录重新计算。" in page
    case.refresh_from_db()
    assert (case.outcome, case.reply_type) == ("partial", "withheld")
    assert "（理由：办理结果录错）" in page and "办理结果：（一）予以公开 → （二）部分公开（区分处理的，只计这一情形，不计其他情形）" in page
    builder = client.get(reverse("builder:show"), {"agency": world["a"].pk, "year": 2026}).content.decode()
    assert "发布后的更正（1 项，未进入已发布的年报）" in builder and "rev-a 更正申请 C-1：办理结果录错" in builder


def timezone_now():
    from django.utils import timezone
    return timezone.now()


def test_a_clerks_reply_is_sent_for_approval_returned_corrected_signed_and_served(client, world):
    """Where replies must be signed: the clerk drafts and sends the reply (送审), cannot
    close the case alone; the approver returns it with a reason; the clerk drafts again;
    the approver signs (签发); then it is served and the case closes with what was signed."""
    world["a"].replies_signed = True
    world["a"].review_body, world["a"].court = "泉州市人民政府", "泉州市鲤城区人民法院"
    world["a"].save()
    officer, approver = world["officer_a"], person("rev-a", world["a"], "reviewer")
    login(client, officer)
    register_case(client, world["a"], "R-1")
    case = world["a"].cases.get(number="R-1")
    page = lambda: client.get(reverse("register:case", kwargs={"pk": case.pk})).content.decode()  # noqa: E731
    post = lambda name, data, **kw: client.post(reverse(name, kwargs={"pk": case.pk, **kw}), data,  # noqa: E731
                                                follow=True).content.decode()
    assert "起草答复并送审" in page() and "<summary>办结</summary>" not in page()
    assert client.post(reverse("register:act", kwargs={"pk": case.pk, "move": "close"}),
                       {"close-outcome": "granted", "close-served": "2026-03-20"}).status_code == 403
    sent = post("register:reply_submit", {"draft-outcome": "granted", "draft-reply_type": "disclosed"})
    assert "答复已送审，待审核人签发。" in sent and "待审核" in sent and "起草答复并送审" not in sent
    login(client, approver)
    queue = client.get(reverse("register:approvals")).content.decode()
    assert "R-1 张三" in queue
    assert "本机关予以公开，随本答复书向您提供该政府信息（提供形式：纸质）。" in page()  # what is to be signed
    bare = post("register:decide", {"note": " "}, action="return")
    assert "退回须写明理由" in bare
    back = post("register:decide", {"note": "应告知获取方式"}, action="return")
    assert "答复已退回经办人。" in back
    login(client, officer)
    assert "退回理由：应告知获取方式" in page() and "起草答复并送审" in page()
    post("register:reply_submit", {"draft-outcome": "granted", "draft-reply_type": "disclosed",
                                   "draft-reasons": "请于工作日到本局档案室领取"})
    login(client, approver)
    signed = post("register:decide", {}, action="sign")
    assert "答复已签发，可以送达办结。" in signed and "R-1" not in client.get(reverse("register:approvals")).content.decode()
    login(client, officer)
    done = post("register:reply_serve", {"served": "2026-03-25"})
    assert "已送达，申请办结。" in done
    case.refresh_from_db()
    assert (case.outcome, case.reply_type, case.served) == ("granted", "disclosed", date(2026, 3, 25))
    assert [(a.state, a.submitted_by, a.decided_by, a.note) for a in case.approvals.order_by("id")] == [
        ("returned", "a1", "rev-a", "应告知获取方式"), ("served", "a1", "rev-a", "")]
    reply = letter_text(client.post(reverse("register:letter", kwargs={"pk": case.pk, "kind": "reply"})))
    assert any("本机关予以公开，获取方式和途径：请于工作日到本局档案室领取" in line for line in reply)


def test_a_clerk_asks_for_an_extension_and_it_takes_effect_when_an_approver_signs_it(client, world):
    officer, approver = world["officer_a"], person("rev-a", world["a"], "reviewer")
    login(client, officer)
    register_case(client, world["a"], "X-1")
    case = world["a"].cases.get(number="X-1")
    page = lambda: client.get(reverse("register:case", kwargs={"pk": case.pk})).content.decode()  # noqa: E731
    assert "申请延长答复期限（送审）" in page()
    ask = {"extend-on": "2026-03-20", "extend-days": "10", "extend-notified": "2026-03-20"}
    sent = client.post(reverse("register:extension_submit", kwargs={"pk": case.pk}), ask, follow=True).content.decode()
    assert "延期申请已送审，待审核人签发。" in sent and "申请延长答复期限（送审）" not in sent
    case.refresh_from_db()
    assert case.due == date(2026, 3, 30) and not case.events.exists()  # not yet: asked, not signed
    login(client, approver)
    assert "延长答复期限" in client.get(reverse("register:approvals")).content.decode()
    back = client.post(reverse("register:decide", kwargs={"pk": case.pk, "action": "return"}),
                       {"kind": "extension", "note": "理由不足"}, follow=True).content.decode()
    assert "延长答复期限已退回经办人。" in back
    login(client, officer)
    assert "退回理由：理由不足" in page()
    client.post(reverse("register:extension_submit", kwargs={"pk": case.pk}), ask)
    login(client, approver)
    signed = client.post(reverse("register:decide", kwargs={"pk": case.pk, "action": "sign"}),
                         {"kind": "extension"}, follow=True).content.decode()
    assert "延期已签发，答复期限已延长。" in signed
    case.refresh_from_db()
    event = case.events.get()
    assert (case.due, event.kind, event.data["approver"]) == (date(2026, 4, 14), "extension", "rev-a")
