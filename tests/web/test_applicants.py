"""The applicant's side and working the case: the public application form with its
receipt and status page, the particulars the 条例 requires, the limit on the public
form; a case's 承办人, internal notes and attachments; each role's tasks and the
reminders of them; the list's filters, sort, search and export."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import date

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse
from helpers import login, person, register_case

from gongkai.cases.applicants import credit_code_valid, normal_code, resident_id_valid
from gongkai.web.register import services
from gongkai.web.register.models import CaseAttachment, RequestCase

pytestmark = pytest.mark.django_db

ID = "11010519491231002X"  # a resident ID number with a right check digit


def application(agency, **extra) -> dict:
    data = {"agency": agency.pk, "applicant": "李四", "applicant_type": "natural_person", "id_type": "resident_id",
            "id_number": ID, "phone": "13912345678", "email": "", "address": "福建省泉州市丰泽区东海街道1号",
            "postcode": "362000", "subject": "2025年度本机关行政规范性文件清单", "form": "电子", "delivery": "online"}
    data.update(extra)
    return data


def status_of(client, code: str) -> str:
    return client.post(reverse("register:status"), {"code": code}).content.decode()


def test_id_numbers_and_credit_codes_by_their_check_characters():
    assert resident_id_valid(ID) and not resident_id_valid(ID[:-1] + "1")
    assert not resident_id_valid("1101051949123100")  # 16 digits
    assert credit_code_valid("91350100M000100Y43") and not credit_code_valid("91350100M000100Y44")
    assert not credit_code_valid("91350100I000100Y43")  # I is not a character of the code
    assert normal_code(" rgp9 fufj-qvc4 ") == "RGP9-FUFJ-QVC4"


def test_an_online_application_its_receipt_and_its_status(client, world, today):
    today(date(2026, 3, 2))
    assert client.get(reverse("register:apply")).status_code == 200  # no login
    response = client.post(reverse("register:apply"), application(world["a"], id_number=ID.lower()))
    assert response.status_code == 302 and response["Location"] == reverse("register:receipt")
    page = client.get(response["Location"]).content.decode()
    case = RequestCase.objects.get()
    assert (case.number, case.channel, case.submitted, case.confirmed, case.received, case.due) == (
        "网申2026-0001", "网络", date(2026, 3, 2), date(2026, 3, 2), date(2026, 3, 2), date(2026, 3, 30))
    assert (case.id_type, case.id_number, case.delivery, case.form) == ("resident_id", ID, "online", "电子")
    assert re.fullmatch(r"[34679ACDEFGHJKMNPQRTUVWXY]{4}(-[34679ACDEFGHJKMNPQRTUVWXY]{4}){2}", case.query_code)
    assert f'<strong class="code" id="query-code">{case.query_code}</strong>' in page
    assert "已于 2026-03-02 通过网上申请渠道收到您的政府信息公开申请，申请编号 <strong id=\"number\">网申2026-0001</strong>" in page
    assert '答复期限：<strong id="due">2026-03-30</strong>' in page
    registered = case.history().get()
    assert registered.actor == "申请人（网上申请）"  # the trail says who registered it …
    assert "query_code" not in registered.changes and "search_text" not in registered.changes  # … not the secret
    # the status page, by the code as an applicant may type it
    shown = status_of(client, case.query_code.replace("-", " ").lower())
    assert '<td id="stage">办理中</td>' in shown and "2026-03-30" in shown
    # a second application the same day takes the next number and another code
    client.post(reverse("register:apply"), application(world["a"], applicant="王五"))
    second = RequestCase.objects.get(applicant="王五")
    assert second.number == "网申2026-0002" and second.query_code != case.query_code


def test_the_status_page_follows_the_case_to_its_reply(client, world, today):
    today(date(2026, 3, 2))
    client.post(reverse("register:apply"), application(world["a"]))
    case = RequestCase.objects.get()
    code = case.query_code
    today(date(2026, 3, 4))
    services.apply(case, "request_correction", on=date(2026, 3, 4), deadline=date(2026, 3, 18), items="文件名称")
    assert '<td id="stage">待申请人补正（补正期限：2026-03-18）</td>' in status_of(client, code)
    today(date(2026, 3, 10))
    services.apply(case, "correction_received", on=date(2026, 3, 10))
    services.add_note(case, "a1", "已电话联系申请人核实文件名称")
    today(date(2026, 3, 20))
    services.apply(case, "close", outcome="granted", reply_type="disclosed", served=date(2026, 3, 20))
    shown = status_of(client, code)
    assert '<td id="stage">已办结</td>' in shown and '<td id="outcome">（一）予以公开</td>' in shown
    assert "2026-03-20" in shown
    # nothing of the agency's internal work: not the note, not the handler's name (a1 — as a word:
    # the page's random CSRF token may hold those two characters)
    assert "电话联系" not in shown and not re.search(r"(?<![0-9A-Za-z])a1(?![0-9A-Za-z])", shown)


def test_what_the_regulation_requires_of_an_application(client, world, today):
    today(date(2026, 3, 2))

    def refused(**extra) -> str:
        response = client.post(reverse("register:apply"), application(world["a"], **extra))
        assert response.status_code == 200
        return response.content.decode()

    assert "居民身份证号码应为 18 位，最后一位为校验码；所填号码的校验码不符，请核对" in refused(id_number=ID[:-1] + "1")
    assert "请至少填写一种联系方式（电话、电子邮箱或通信地址）" in refused(phone="", address="")
    assert "选择邮寄的，请填写通信地址" in refused(delivery="post", address="")
    assert "选择电子邮件的，请填写电子邮箱" in refused(delivery="email")
    assert "联系电话“12345”不像电话号码" in refused(phone="12345")
    assert "邮政编码“36200”应为 6 位数字" in refused(postcode="36200")
    assert "统一社会信用代码应为 18 位" in refused(applicant_type="commercial", id_type="credit_code",
                                             id_number="91350100M000100Y44")
    assert "提交未被接受" in refused(website="http://spam.example")  # the field people leave empty
    assert not RequestCase.objects.exists()


def test_the_public_form_is_limited_per_address(client, world, settings, today):
    today(date(2026, 3, 2))
    settings.PUBLIC_APPLICATIONS_PER_HOUR = 2
    for n in range(2):
        assert client.post(reverse("register:apply"), application(world["a"], applicant=f"申请人{n}")).status_code == 302
    third = client.post(reverse("register:apply"), application(world["a"], applicant="申请人2"))
    assert third.status_code == 429 and "本地址一小时内提交的申请已达 2 件" in third.content.decode()
    assert RequestCase.objects.count() == 2
    other = client.post(reverse("register:apply"), application(world["a"], applicant="申请人3"),
                        REMOTE_ADDR="10.0.0.9")  # another address is not held back
    assert other.status_code == 302


def test_wrong_query_codes_are_told_and_limited(client, world, settings):
    settings.PUBLIC_LOOKUPS_PER_HOUR = 2
    for _ in range(2):
        response = client.post(reverse("register:status"), {"code": "AAAA-BBBB-CCCC"})
        assert response.status_code == 404 and "没有找到这个查询码对应的申请" in response.content.decode()
    response = client.post(reverse("register:status"), {"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 429 and "输入错误的查询码过多" in response.content.decode()
    assert client.get(reverse("register:receipt")).status_code == 302  # no receipt in this browser


def test_a_clerk_types_a_letter_with_the_applicants_particulars(client, world):
    login(client, world["officer_a"])
    page = register_case(client, world["a"], "L-1", channel="邮寄", submitted="2026-03-02", confirmed="2026-03-04",
                         id_type="resident_id", id_number=ID[:-1] + "1").content.decode()
    assert "所填号码的校验码不符" in page and not RequestCase.objects.exists()
    page = register_case(client, world["a"], "L-1", channel="邮寄", submitted="2026-03-02", confirmed="2026-03-04",
                         id_type="resident_id", id_number=ID, address="泉州市鲤城区1号", delivery="post").content.decode()
    assert "已登记申请 L-1。" in page and f"居民身份证 {ID}" in page and "获取方式：邮寄" in page
    page = register_case(client, world["a"], "L-2").content.decode()  # a visit that gave none: registered, to be corrected
    assert "已登记申请 L-2。" in page and "身份证明：未提供" in page


def test_a_case_is_assigned_noted_and_given_its_files(client, world, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    colleague = person("a2", world["a"], "officer")
    login(client, world["officer_a"])
    register_case(client, world["a"])
    case = RequestCase.objects.get()
    url = lambda name, *args: reverse(f"register:{name}", args=[case.pk, *args])  # noqa: E731
    page = client.post(url("assign"), {"handler": colleague.pk}, follow=True).content.decode()
    assert "已分配给a2。" in page and "承办人：a2" in page
    assert "<small>承办人：a2</small>" in page  # the trail names the 承办人, not their number
    assert client.post(url("assign"), {"handler": world["officer_b"].pk}, follow=True).content.decode().count(
        "所选的人不是本机关的工作人员") == 1
    case.refresh_from_db()
    assert case.handler == colleague
    client.post(url("note"), {"text": "申请人来电询问进度"})
    scan = b"%PDF-1.4 scanned application"
    for name in ("申请书.pdf", "申请书（重复上传）.pdf"):
        client.post(url("attach"), {"kind": "application", "file": _upload(name, scan)})
    kept = list(CaseAttachment.objects.filter(case=case).values_list("name", "sha256", "size"))
    digest = hashlib.sha256(scan).hexdigest()
    assert kept == [("申请书.pdf", digest, len(scan)), ("申请书（重复上传）.pdf", digest, len(scan))]
    stored = list((tmp_path / "attachments").rglob("*"))
    assert [p.name for p in stored if p.is_file()] == [digest]  # one file for one content
    item = CaseAttachment.objects.first()
    download = client.get(url("attachment", item.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content if download.streaming else
                                                     [download.content]) == scan
    page = client.get(url("case")).content.decode()
    assert "申请人来电询问进度" in page and "申请书.pdf" in page
    # another agency's officer finds none of it
    login(client, world["officer_b"])
    assert client.get(url("attachment", item.pk)).status_code == 404
    assert client.post(url("note"), {"text": "x"}).status_code == 404
    # a supervisor reads the case but does not work it
    login(client, world["supervisor"])
    assert client.post(url("note"), {"text": "x"}).status_code == 403
    assert client.get(url("attachment", item.pk)).status_code == 403
    assert "申请人来电询问进度" not in client.get(url("case")).content.decode()


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_each_role_lands_on_its_work(client, world, today):
    today(date(2026, 3, 18))  # a Wednesday
    reviewer = person("rev", world["a"], "reviewer")
    login(client, world["officer_a"])
    register_case(client, world["a"], "T-1", submitted="2026-02-10")  # due 2026-03-16: overdue
    register_case(client, world["a"], "T-2", submitted="2026-02-12")  # due 2026-03-18: today
    register_case(client, world["a"], "T-3", submitted="2026-02-16")  # due 2026-03-20: this week (after 春节)
    register_case(client, world["a"], "T-4", submitted="2026-03-02")  # due 2026-03-30: later
    t1 = RequestCase.objects.get(number="T-1")
    services.submit_reply(t1, "a1", "granted", "disclosed")
    assert client.get("/")["Location"] == reverse("register:tasks")
    page = client.get(reverse("register:tasks")).content.decode()
    counts = dict(re.findall(r"<h2>(.+?)（(\d+)）</h2>", page))
    assert counts == {"已逾期": "1", "今日到期": "1", "本周到期": "1", "待我审核": "0", "等待申请人（补正、缴费）": "0",
                      "我承办的": "0"}
    login(client, reviewer)
    counts = dict(re.findall(r"<h2>(.+?)（(\d+)）</h2>", client.get(reverse("register:tasks")).content.decode()))
    assert counts["待我审核"] == "1"
    login(client, world["supervisor"])
    assert client.get("/")["Location"] == reverse("supervision:dashboard")
    assert client.get(reverse("register:tasks")).status_code == 404


def test_reminders_by_email(world, today):
    today(date(2026, 3, 20))
    officer = world["officer_a"]
    officer.email = "a1@example.gov.cn"
    officer.save()
    for number, submitted in (("R-1", date(2026, 2, 10)), ("R-2", date(2026, 2, 16))):  # due 03-16, 03-20
        services.register(world["a"], number=number, applicant="张三", applicant_type="natural_person", channel="当面",
                          submitted=submitted)
    assert services.send_reminders(date(2026, 3, 20), "https://gk.example.gov.cn") == 1
    message = mail.outbox[0]
    assert message.to == ["a1@example.gov.cn"]
    assert message.subject == "【政府信息公开】2026-03-20 待办提醒：已逾期 1 件，今日到期 1 件"
    assert "  R-1 张三（泉州市科学技术局），答复期限 2026-03-16" in message.body
    assert "请登录 https://gk.example.gov.cn/tasks/ 处理。" in message.body
    assert services.send_reminders(date(2026, 2, 17), "") == 0  # nothing due yet: no mail


def test_the_list_filters_sorts_searches_and_exports(client, world, today):
    today(date(2026, 3, 20))
    login(client, world["officer_a"])
    register_case(client, world["a"], "S-2", submitted="2026-03-02", applicant="赵六")
    register_case(client, world["a"], "S-1", channel="邮寄", submitted="2026-03-03", confirmed="2026-03-05")
    register_case(client, world["a"], "S-3", submitted="2026-03-04", subject="关于某道路规划的批复文件")
    services.apply(RequestCase.objects.get(number="S-3"), "close", outcome="granted", reply_type="disclosed",
                   served=date(2026, 3, 10))
    numbers = lambda page: re.findall(r'/">(S-\d)</a>', page)  # noqa: E731
    get = lambda **q: client.get(reverse("register:cases"), q).content.decode()  # noqa: E731
    assert numbers(get(show="open", sort="number")) == ["S-1", "S-2"]
    assert numbers(get(show="open", sort="-number")) == ["S-2", "S-1"]
    assert numbers(get(show="all", channel="邮寄")) == ["S-1"]
    assert numbers(get(q="道路规划")) == ["S-3"]  # a search covers every case, closed ones too
    assert numbers(get(q="赵六")) == ["S-2"] and numbers(get(q="六")) == []  # two characters: a name's beginning
    assert numbers(get(q="s-1")) == ["S-1"]  # numbers in any case
    assert numbers(get(show="all", received_from="2026-03-04")) == ["S-1", "S-3"]  # S-1 received 03-05 (signed)
    assert numbers(get(show="all", received_from="2026-03-04", received_to="2026-03-04")) == ["S-3"]
    assert "筛选条件有误" in get(show="all", channel="飞鸽")  # not a choice: said, not ignored
    exported = client.get(reverse("register:cases"), {"show": "all", "sort": "number", "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["编号", "机关", "申请人"] and [r[0] for r in rows[1:]] == ["S-1", "S-2", "S-3"]
    assert rows[3][9:11] == ["（一）予以公开", "2026-03-10"]
    book = client.get(reverse("register:cases"), {"show": "open", "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(book.streaming_content))).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["S-2", "S-1"]


def test_the_other_registers_on_their_screens_and_in_the_builder(client, world, today):
    today(date(2026, 12, 7))
    reviewer = person("rev", world["a"], "reviewer")
    login(client, world["officer_a"])
    register_case(client, world["a"], "C-1", submitted="2026-03-02")
    page = client.get(reverse("builder:show"), {"agency": world["a"].pk, "year": 2026}).content.decode()
    assert "本机关在平台上没有登记任何行政复议、行政诉讼案件，表三各项按 0 统计" in page  # a zero not known, said
    assert "本机关在平台上没有登记任何规章和行政规范性文件" in page
    assert "台账中没有2025年及以前收到的申请，表二“上年结转”按 0 统计" in page
    add = lambda register, **data: client.post(reverse("register:records", args=[register]),  # noqa: E731
                                               {"agency": world["a"].pk, **data}, follow=True).content.decode()
    page = add("reviews", number="复议-1", kind="review", filed="2026-05-06", decided="2026-04-01", outcome="upheld")
    assert "审结日期不能早于受理日期" in page
    page = add("reviews", number="复议-1", kind="review", filed="2026-05-06", request_number="C-9")
    assert "本机关台账中没有编号为“C-9”的申请" in page
    page = add("reviews", number="复议-1", kind="review", filed="2026-05-06", decided="2026-07-01", outcome="corrected",
               request_number="C-1")
    assert "已登记 复议-1。" in page
    add("documents", number="泉科规〔2026〕1号", title="科技计划项目管理办法", kind="normative_documents",
        issued="2026-02-01")
    page = client.get(reverse("builder:show"), {"agency": world["a"].pk, "year": 2026}).content.decode()
    assert "没有登记任何" not in page
    assert re.search(r"<dt>表一 行政规范性文件 · 本年制发件数（1）</dt><dd><a [^>]+>泉科规〔2026〕1号</a>", page)
    assert '<dt>表二 一、本年新收政府信息公开申请数量 · 自然人（1）</dt><dd><a href="/cases/?q=C-1">C-1</a></dd>' in page
    assert '<dt>表三 行政复议 · 结果纠正（1）</dt><dd><a href="/registers/reviews/">复议-1</a></dd>' in page
    review = world["a"].reviews.get()
    assert review.case.number == "C-1"
    # corrected with a reason (the trail keeps it), voided by an approver only
    edit = reverse("register:record", args=["reviews", review.pk])
    data = {"agency": world["a"].pk, "number": "复议-1", "kind": "review", "filed": "2026-05-07",
            "decided": "2026-07-01", "outcome": "corrected", "request_number": "C-1"}
    assert "更正或作废须写明理由" in client.post(edit, data, follow=True).content.decode()
    client.post(edit, {**data, "reason": "受理日期登记有误"})
    review.refresh_from_db()
    assert review.filed == date(2026, 5, 7) and review.history().last().reason == "受理日期登记有误"
    assert client.post(edit, {**data, "reason": "重复登记", "void": "1"}).status_code == 403
    login(client, reviewer)
    client.post(edit, {**data, "reason": "重复登记", "void": "1"})
    review.refresh_from_db()
    assert review.voided and review.void_reason == "重复登记"


ROUTES = [  # (name, args, method) → status for: anonymous, officer of the agency, officer of another, supervisor, sysadmin
    ("register:apply", (), "get", (200, 200, 200, 200, 200)),
    ("register:status", (), "get", (200, 200, 200, 200, 200)),
    ("register:receipt", (), "get", (302, 302, 302, 302, 302)),
    ("register:tasks", (), "get", (302, 200, 200, 404, 200)),
    ("register:cases", (), "get", (302, 200, 200, 200, 200)),
    ("register:case", ("case",), "get", (302, 200, 404, 200, 200)),
    ("register:assign", ("case",), "post", (302, 302, 404, 403, 302)),
    ("register:note", ("case",), "post", (302, 302, 404, 403, 302)),
    ("register:attach", ("case",), "post", (302, 302, 404, 403, 302)),
    ("register:attachment", ("case", "file"), "get", (302, 200, 404, 403, 200)),
    ("register:records", ("reviews",), "get", (302, 200, 200, 200, 200)),
    ("register:records", ("documents",), "post", (302, 200, 200, 403, 200)),
    ("register:record", ("documents", "doc"), "get", (302, 200, 404, 403, 200)),
]


@pytest.mark.parametrize("name,args,method,expected", ROUTES, ids=[f"{r[0]}-{r[2]}-{'-'.join(map(str, r[1]))}"
                                                                     for r in ROUTES])
def test_each_screen_is_reachable_by_its_roles_and_refused_to_the_others(client, world, settings, tmp_path, name,
                                                                         args, method, expected):
    from django.contrib.auth.models import User

    settings.DATA_DIR = tmp_path
    case = services.register(world["a"], number="P-1", applicant="张三", applicant_type="natural_person",
                             channel="当面", submitted=date(2026, 3, 2))
    item = services.attach(case, "application", "申请书.pdf", b"%PDF-1.4", "a1")
    from gongkai.web.register.models import NormativeDocument
    doc = NormativeDocument(agency=world["a"], number="泉科规〔2026〕1号", title="办法", kind="normative_documents",
                            issued=date(2026, 2, 1))
    doc.save()
    admin = User.objects.create_superuser("root", password="x")
    values = {"case": case.pk, "file": item.pk, "doc": doc.pk}
    url = reverse(name, args=[values.get(a, a) for a in args])
    for who, want in zip((None, world["officer_a"], world["officer_b"], world["supervisor"], admin), expected):
        client.logout()
        if who is not None:
            login(client, who)
        response = client.post(url, {}) if method == "post" else client.get(url)
        assert response.status_code == want, (who, response.status_code)
        if who is None and want == 302:
            assert name in ("register:receipt",) or response["Location"].startswith("/login/")


def test_carried_over_is_held_against_last_years_report(client, world, today):
    from django.utils import timezone as tz

    from gongkai.report.jsonio import to_dict
    from gongkai.web.builder.models import AnnualDraft
    from gongkai.web.builder.services import compile_report

    today(date(2026, 12, 7))
    for number in ("Y-1", "Y-2"):  # received at the end of 2025, still open: carried over into 2026
        services.register(world["a"], number=number, applicant="张三", applicant_type="natural_person", channel="当面",
                          submitted=date(2025, 12, 22))
    login(client, world["officer_a"])
    show = lambda: client.get(reverse("builder:show"), {"agency": world["a"].pk, "year": 2026}).content.decode()  # noqa: E731
    assert "没有2025年度报告可对照" in show() and "上年结转”按 0 统计" not in show()  # Y-1, Y-2 are in it
    last, _ = compile_report(world["a"], 2025)
    assert [v.value for v in last.table_b["carry_forward"]] == [2, 0, 0, 0, 0, 0, 2]
    draft = AnnualDraft(agency=world["a"], year=2025, locked_at=tz.now(), locked_by="rev", snapshot=to_dict(last))
    draft.save()
    page = show()
    assert "上年结转、现行有效件数等与2025年度报告（在本平台发布）对照检查。" in page and "CARRY-OVER" not in page
    # last year's report said three were carried forward: the register lacks one, and it is said
    last.table_b["carry_forward"][0].value = last.table_b["carry_forward"][6].value = 3
    draft.snapshot = to_dict(last)
    draft.save()
    assert "CARRY-OVER" in show()


OTHER_ROUTES = [  # the other apps' screens, the same five people: anonymous, officer of the agency, another agency's
    ("reports:list", (), {}, "get", (302, 200, 200, 200, 200)),
    ("reports:show", ("report",), {}, "get", (302, 200, 404, 200, 200)),
    ("reports:download", ("report", "json"), {}, "get", (302, 200, 404, 200, 200)),
    ("reports:void", ("report",), {}, "post", (302, 403, 404, 403, 302)),
    ("builder:show", (), {"agency": "a", "year": "2026"}, "get", (302, 200, 404, 200, 200)),
    ("builder:download", (), {"agency": "a", "year": "2026", "fmt": "json"}, "get", (302, 200, 404, 200, 200)),
    ("supervision:dashboard", (), {}, "get", (302, 200, 200, 200, 200)),
    ("register:approvals", (), {}, "get", (302, 200, 200, 200, 200)),
    ("register:new", (), {}, "get", (302, 200, 200, 404, 200)),
    ("register:templates", (), {}, "get", (302, 403, 403, 403, 200)),  # the 机构管理员's page
    ("register:act", ("case", "close"), {}, "post", (302, 302, 404, 404, 302)),  # no move of it for a supervisor
    ("accounts:password_change", (), {}, "get", (302, 200, 200, 200, 200)),
    ("help:index", (), {}, "get", (200, 200, 200, 200, 200)),
    ("help:role", ("officer",), {}, "get", (200, 200, 200, 200, 200)),
]


@pytest.mark.parametrize("name,args,query,method,expected", OTHER_ROUTES,
                         ids=[f"{r[0]}-{r[3]}" for r in OTHER_ROUTES])
def test_every_other_screen_by_role(client, world, settings, tmp_path, seed, name, args, query, method, expected):
    from django.contrib.auth.models import User

    from gongkai.web.reports.services import upload

    case = services.register(world["a"], number="P-1", applicant="张三", applicant_type="natural_person",
                             channel="当面", submitted=date(2026, 3, 2))
    with open(seed("002"), "rb") as fh:  # 泉州市科学技术局's report
        report = upload(world["officer_a"], "002.txt", fh.read())
    admin = User.objects.create_superuser("root", password="x")
    values = {"case": case.pk, "report": report.pk, "a": world["a"].pk}
    url = reverse(name, args=[values.get(a, a) for a in args])
    data = {k: values.get(v, v) for k, v in query.items()}
    for who, want in zip((None, world["officer_a"], world["officer_b"], world["supervisor"], admin), expected):
        client.logout()
        if who is not None:
            login(client, who)
        response = client.post(url + ("?" + "&".join(f"{k}={v}" for k, v in data.items()) if data else ""), {}) \
            if method == "post" else client.get(url, data)
        assert response.status_code == want, (who, response.status_code)


def test_the_api_takes_and_gives_the_applicants_particulars(client, world):
    from gongkai.web.accounts.models import ApiToken

    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(world['officer_a'])}"}
    body = {"agency": "泉州市科学技术局", "number": "API-P1", "applicant": "张三", "applicant_type": "natural_person",
            "channel": "当面", "submitted": "2026-03-02", "id_type": "resident_id", "id_number": ID[:-1] + "1"}
    bad = client.post("/api/cases", body, content_type="application/json", **auth)
    assert bad.status_code == 422 and "所填号码的校验码不符" in bad.json()["detail"]
    made = client.post("/api/cases", {**body, "id_number": ID.lower(), "phone": "0595-22345678", "delivery": "pickup"},
                       content_type="application/json", **auth)
    assert made.status_code == 201 and made.json()["handler"] is None
    case = RequestCase.objects.get(number="API-P1")
    assert (case.id_number, case.phone, case.delivery) == (ID, "0595-22345678", "pickup")
    services.assign(case, world["officer_a"], "a1")
    assert client.get(f"/api/cases/{case.pk}", **auth).json()["handler"] == "a1"


def test_an_approver_corrects_the_applicants_particulars_with_a_reason(client, world):
    reviewer = person("rev", world["a"], "reviewer")
    case = services.register(world["a"], number="K-1", applicant="张三", applicant_type="natural_person", channel="当面",
                             submitted=date(2026, 3, 2), id_type="resident_id", id_number=ID, phone="13912345678")
    login(client, reviewer)
    url = reverse("register:correct", args=[case.pk, 0])
    form = {"fix0-applicant": "张三", "fix0-applicant_type": "natural_person", "fix0-channel": "当面",
            "fix0-submitted": "2026-03-02", "fix0-id_type": "resident_id", "fix0-reason": "申请人来电更正电话"}
    page = client.post(url, {**form, "fix0-phone": "12345"}, follow=True).content.decode()
    assert "联系电话“12345”不像电话号码" in page
    page = client.post(url, {**form, "fix0-phone": "13800001111"}, follow=True).content.decode()
    case.refresh_from_db()
    assert case.phone == "13800001111" and case.id_number == ID
    entry = case.history().last()
    assert entry.reason == "申请人来电更正电话" and entry.changes["phone"] == ["13912345678", "13800001111"]
