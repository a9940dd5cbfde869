"""The key flows in a real browser: Playwright driving Debian's chromium against a
live server — upload a seed and see its tables and findings; register a case,
extend it, send the extension letter, close it, compile the year, download the DOCX;
apply online, keep the receipt's code, follow the case to its reply; a supervisor's year (zip upload,
status, 催报, the sum, the comparison, the exports)."""

from __future__ import annotations

import os
import shutil

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from gongkai.web.agencies.models import Agency, Membership

CHROMIUM = shutil.which("chromium")
pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (make test installs it)")]
PASSWORD = "e2e-password-2026"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop shares the test thread


@pytest.fixture
def browser(settings, tmp_path):
    from playwright.sync_api import sync_playwright
    settings.UPLOAD_DIR = tmp_path / "uploads"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture
def people():
    agency = Agency(name="泉州市科学技术局")
    agency.save()
    for name, role in (("officer", "officer"), ("reviewer", "reviewer")):
        Membership(user=User.objects.create_user(name, password=PASSWORD), agency=agency, role=role).save()
    return agency


def login(page, server, name):
    page.goto(f"{server.url}/login/")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.url}/tasks/")  # an agency's staff land on their work


def test_upload_a_seed_and_see_its_tables_and_findings(browser, live_server, people, seed, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, live_server, "officer")
    page.click("nav >> text=年报检查")
    page.set_input_files("input[type=file]", str(seed("002")))
    page.click("text=上传并检查")
    page.wait_for_selector("li.done")  # read on its progress page, which asks for each file in turn
    assert page.inner_text("#progress p.meta") == "已读取 1/1 份"
    assert page.inner_text("li.done") == "002_2e95705ed168efb2.txt：已读取并检查。 查看"
    page.click("li.done a")
    assert page.inner_text("h1") == "泉州市科学技术局 2023年度政府信息公开工作年度报告"
    assert page.locator("td.c.error.blank").count() == 5
    assert page.locator("ol.findings li").count() == 15  # 13, and two notices of half-width commas
    page.click("td.c >> nth=3")  # a cell of table A: where was it read?
    page.wait_for_selector("#source pre")
    assert "第63行" in page.inner_text("#source")
    page.screenshot(path=str(tmp_path / "report.png"))


def registered(browser, server, number: str, applicant: str, subject: str = ""):
    """A page where the officer has just registered a request received in person on 2026-03-02."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, server, "officer")
    page.click("text=依申请公开台账")
    page.click("text=登记申请")
    page.fill("input[name=number]", number)
    page.fill("input[name=applicant]", applicant)
    page.fill("input[name=submitted]", "2026-03-02")
    if subject:
        page.fill("textarea[name=subject]", subject)
    page.click("button:has-text('登记')")
    return page


def as_user(page, server, name: str, number: str):
    """Log out, log in as `name` and open the case `number`."""
    page.click("text=退出")
    login(page, server, name)
    page.goto(f"{server.url}/cases/?show=all")
    page.click(f"a:has-text('{number}')")


def letter_lines(page, button: str, path) -> list[str]:
    """Click the button that generates a letter; its paragraphs."""
    import docx
    with page.expect_download() as letter:
        page.click(f"button:has-text('{button}')")
    letter.value.save_as(path)
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text]


def test_register_extend_close_compile_download(browser, live_server, people, tmp_path):
    page = registered(browser, live_server, "E2E-1", "张三")
    assert "答复期限：2026-03-30" in page.inner_text("h2 >> nth=0")
    assert page.locator("summary:text-is('延长答复期限')").count() == 0  # an officer cannot extend (only ask)
    as_user(page, live_server, "reviewer", "E2E-1")
    page.click("summary:text-is('延长答复期限')")
    page.fill("input[name=extend-on]", "2026-03-20")
    page.fill("input[name=extend-days]", "10")
    page.fill("input[name=extend-notified]", "2026-03-20")
    page.click("button:has-text('延长答复期限')")
    assert "答复期限：2026-04-14" in page.inner_text("h2 >> nth=0")
    text = letter_lines(page, "生成延期告知书", tmp_path / "letter.docx")
    assert text[1] == "泉州市科学技术局〔2026〕1号" and text[-1] == "2026年3月20日"  # numbered, dated the act
    assert "本机关将于2026年4月14日前作出答复" in text[3]
    page.click("summary:has-text('办结')")
    page.select_option("select[name=close-outcome]", "granted")
    page.select_option("select[name=close-reply_type]", "not_exist")
    page.fill("input[name=close-served]", "2026-04-10")
    page.click("form button:has-text('办结')")
    assert "相互矛盾" in page.inner_text("main")  # a reply type that contradicts the result: refused
    page.click("summary:has-text('办结')")
    page.select_option("select[name=close-outcome]", "granted")
    page.select_option("select[name=close-reply_type]", "disclosed")
    page.fill("input[name=close-served]", "2026-04-10")
    page.click("form button:has-text('办结')")
    assert "已办结：（一）予以公开" in page.inner_text("p.meta")
    page.click("text=年度报表")
    page.fill("input[name=year]", "2026")
    page.click("button:has-text('生成')")
    assert page.locator("table.grid").count() >= 2
    with page.expect_download() as download:
        page.click("a:has-text('DOCX')")
    path = tmp_path / "report.docx"
    download.value.save_as(path)
    from gongkai.extract import extract_file
    assert extract_file(path).b("new_received") == [1, 0, 0, 0, 0, 0, 1]
    page.screenshot(path=str(tmp_path / "builder.png"))


def test_the_tables_are_the_statutory_format_and_usable_on_a_phone(browser, live_server, people, seed):
    """At 390 px wide the page does not scroll sideways: each table scrolls in its own box,
    with every group header of the format (申请人情况 / 法人或其他组织, 行政诉讼 over its two groups)."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    login(page, live_server, "officer")
    page.click("nav >> text=年报检查")
    page.set_input_files("input[type=file]", str(seed("002")))
    page.click("text=上传并检查")
    page.click("li.done a")
    wide = page.evaluate("""[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 392)
        .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, wide
    b = page.locator("table.grid.b")
    assert b.locator("thead tr").count() == 3
    assert [b.locator("thead th").nth(i).inner_text() for i in (1, 3)] == ["申请人情况", "法人或其他组织"]
    assert b.locator("tbody th[rowspan]").first.inner_text() == "三、本年度办理结果"
    c = page.locator("table.grid.c3")
    assert [c.locator("thead tr").nth(0).locator("th").nth(i).inner_text() for i in (0, 1)] == ["行政复议", "行政诉讼"]
    box = page.locator("table.grid.c3 th").last.bounding_box()
    assert box["width"] > box["height"]  # 表三's headers read across, not one character per line
    scroller = page.locator(".scroll").nth(1)
    assert scroller.evaluate("e => e.scrollWidth > e.clientWidth && getComputedStyle(e).overflowX === 'auto'")
    page.goto(f"{live_server.url}/builder/?year=2025")  # the builder shows the same tables, as narrow
    assert page.locator("table.grid.b thead tr").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_reviewer_voids_an_upload_and_it_no_longer_counts(browser, live_server, people, seed):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, live_server, "officer")
    page.click("nav >> text=年报检查")
    page.set_input_files("input[type=file]", str(seed("002")))
    page.click("text=上传并检查")
    page.wait_for_selector("li.done")
    page.click("text=退出")
    login(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/dashboard/?year=2024")
    assert "002_2e95705ed168efb2.txt" in page.inner_text("table.list")
    page.goto(f"{live_server.url}/reports/")
    page.click("a:has-text('002_2e95705ed168efb2.txt')")
    page.click("summary:has-text('作废此上传')")
    page.fill("input[name=reason]", "上传错了年度")
    page.click("button:has-text('作废')")
    assert "已作废“002_2e95705ed168efb2.txt”（理由：上传错了年度）。" in page.inner_text("main")
    page.goto(f"{live_server.url}/dashboard/?year=2024")
    assert "未提交（截止 2024年1月31日" in page.inner_text("main")


def test_a_reply_sent_for_approval_returned_corrected_signed_and_served(browser, live_server, people, tmp_path):
    """Where replies must be signed: the clerk drafts the reply and sends it (送审); the
    reviewer returns it with a reason; the clerk corrects and sends it again; the reviewer
    signs (签发); the clerk serves it, the case closes, and the 答复书 says what was signed."""
    people.replies_signed = True
    people.review_body, people.court = "泉州市人民政府", "泉州市鲤城区人民法院"
    people.save()
    page = registered(browser, live_server, "E2E-2", "李四", "某项目资金文件")
    assert page.locator("summary:text-is('办结')").count() == 0  # a clerk does not close alone
    page.select_option("select[name=draft-outcome]", "granted")
    page.select_option("select[name=draft-reply_type]", "disclosed")
    page.click("button:has-text('送审')")
    assert "答复已送审，待审核人签发。" in page.inner_text("main")
    page.click("text=退出")
    login(page, live_server, "reviewer")
    page.click("nav >> text=待审核")
    page.click("a:has-text('E2E-2')")
    assert "随本答复书向您提供该政府信息（提供形式：纸质）" in page.inner_text("blockquote.draft")
    page.fill("input[name=note]", "请写明领取地点")
    page.click("button:has-text('退回')")
    assert "答复已退回经办人。" in page.inner_text("main")
    as_user(page, live_server, "officer", "E2E-2")
    assert "退回理由：请写明领取地点" in page.inner_text("main")
    page.select_option("select[name=draft-outcome]", "granted")
    page.select_option("select[name=draft-reply_type]", "disclosed")
    page.fill("textarea[name=draft-reasons]", "请于工作日到本局档案室领取")
    page.click("button:has-text('送审')")
    page.click("text=退出")
    login(page, live_server, "reviewer")
    page.click("nav >> text=待审核")
    page.click("a:has-text('E2E-2')")
    assert "获取方式和途径：请于工作日到本局档案室领取" in page.inner_text("blockquote.draft")
    page.click("button:text-is('签发')")
    assert "答复已签发，可以送达办结。" in page.inner_text("main")
    as_user(page, live_server, "officer", "E2E-2")
    page.fill("input[name=served]", "2026-03-25")
    page.click("button:text-is('送达')")
    assert "已办结：（一）予以公开（送达 2026-03-25）" in page.inner_text("p.meta")
    text = letter_lines(page, "生成答复书", tmp_path / "reply.docx")
    assert text[:3] == ["政府信息公开申请答复书", "泉州市科学技术局〔2026〕1号", "李四："]
    assert any(line.endswith("本机关予以公开，获取方式和途径：请于工作日到本局档案室领取") for line in text)
    page.screenshot(path=str(tmp_path / "signed.png"))


def test_an_online_application_from_the_form_to_the_reply(browser, live_server, people, tmp_path):
    """An applicant applies on the public form (no login), keeps the 受理回执's query code
    and sees the case 办理中; the officer finds it on their tasks and answers; the
    applicant's status page then shows the reply."""
    page = browser.new_page()
    page.goto(f"{live_server.url}/apply/")
    page.fill("input[name=applicant]", "陈七")
    page.select_option("select[name=id_type]", "resident_id")
    page.fill("input[name=id_number]", "11010519491231002x")
    page.fill("input[name=phone]", "13912345678")
    page.fill("textarea[name=subject]", "本机关2025年度财政预算公开文件")
    page.select_option("select[name=form]", "电子")
    page.select_option("select[name=delivery]", "online")
    page.click("button:text-is('提交申请')")
    page.wait_for_url(f"{live_server.url}/apply/receipt/")
    code = page.inner_text("#query-code")
    number = page.inner_text("#number")
    assert number.startswith("网申") and len(code) == 14
    page.screenshot(path=str(tmp_path / "receipt.png"))
    page.click("text=查询办理情况")
    page.fill("input[name=code]", code.lower().replace("-", ""))
    page.click("button:text-is('查询')")
    assert page.inner_text("#stage") == "办理中"
    officer = browser.new_page()
    login(officer, live_server, "officer")
    officer.goto(f"{live_server.url}/cases/?q={number}")  # the search covers every case
    officer.click(f"a:has-text('{number}')")
    assert "网上申请（申请人持有查询码）" in officer.inner_text("main")
    officer.click("summary:text-is('办结')")
    officer.select_option("select[name=close-outcome]", "granted")
    officer.select_option("select[name=close-reply_type]", "disclosed")
    officer.fill("input[name=close-served]", timezone.localdate().isoformat())
    officer.click("form >> button:text-is('办结')")
    assert "已办结：（一）予以公开" in officer.inner_text("p.meta")
    page.fill("input[name=code]", code)
    page.click("button:text-is('查询')")
    assert page.inner_text("#stage") == "已办结" and page.inner_text("#outcome") == "（一）予以公开"


def test_a_supervisor_collects_reminds_sums_compares_and_exports(browser, live_server, seed, tmp_path):
    """A 政务公开办's year: a zip of its agencies' reports uploaded (one names its agency
    without a place, and the supervisor says which), each agency's status, 催报 to the one
    missing, the sum in the statutory tables with a figure opened to the agencies behind it,
    DOCX and Excel, the comparison with its chart, and its export."""
    import io
    import zipfile

    from django.core import mail
    from openpyxl import load_workbook

    city = Agency(name="泉州市人民政府办公室")
    city.save()
    for name in ("泉州市科学技术局", "平湖市科技局"):
        Agency(name=name, parent=city).save()
    clerk = User.objects.create_user("clerk", password=PASSWORD, email="clerk@example.gov.cn")
    Membership(user=clerk, agency=city, role="officer").save()
    Membership(user=User.objects.create_user("supervisor", password=PASSWORD), agency=city, role="supervisor").save()
    archive = tmp_path / "各单位年报.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for prefix in ("001", "002", "004"):
            z.write(seed(prefix), seed(prefix).name)

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "supervisor")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/dashboard/")
    page.goto(f"{live_server.url}/dashboard/?year=2024")
    page.click("text=上传年报（可多选或 zip）")
    page.set_input_files("input[type=file]", str(archive))
    page.click("text=上传并检查")
    page.wait_for_selector("text=有 1 份文件的机关名称需要确认归属")
    assert page.inner_text("#progress p.meta") == "已读取 3/3 份"
    assert page.locator("li.done").count() == 2
    page.check("li.unsure input[type=radio] >> nth=1")  # 泉州市科学技术局 (平湖市科技局 first, by name)
    page.click("text=确认归属")
    assert "已确认“市科学技术局”即“泉州市科学技术局”" in page.inner_text("main")

    page.goto(f"{live_server.url}/dashboard/?year=2024")
    status = page.inner_text("#status")
    assert "泉州市人民政府办公室\t逾期未提交" in status and "平湖市科技局\t逾期提交" in status
    page.click("text=向未提交的机关催报（发送邮件）")
    assert "已向 1 个未提交2023年度年报的机关发送催报（1 封邮件）。" in page.inner_text("main")
    assert [m.to for m in mail.outbox] == [["clerk@example.gov.cn"]]

    page.click("text=汇总三张统计表")
    assert "汇总 2 个机关的年报（2021 格式）" in page.inner_text("main")
    page.click("table.grid a >> nth=0")  # the first figure of 表一
    page.wait_for_selector("#drill")
    assert page.locator("#drill tbody tr").count() == 2
    page.go_back()
    with page.expect_download() as got:
        page.click("text=下载 DOCX")
    assert open(got.value.path(), "rb").read(2) == b"PK"
    with page.expect_download() as got:
        page.click("text=下载 Excel（按统计表格式）")
    assert load_workbook(io.BytesIO(open(got.value.path(), "rb").read())).sheetnames == ["表一", "表二", "表三"]

    page.click("nav.actions >> text=各机关对比")
    page.wait_for_selector("#chart-ranking canvas")  # drawn by ECharts, served by the platform
    assert page.locator("#ranking tbody tr").count() == 2
    with page.expect_download() as got:
        page.click("text=导出 Excel")
    book = load_workbook(io.BytesIO(open(got.value.path(), "rb").read()))
    assert sorted(r[0] for r in book.active.iter_rows(min_row=2, values_only=True)) == ["平湖市科技局", "泉州市科学技术局"]
    page.screenshot(path=str(tmp_path / "compare.png"), full_page=True)
