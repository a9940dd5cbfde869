"""Reports on the platform: uploads read as the command line reads them, filed under the
agency they name or refused with the reason, their tables, findings and sources, voiding,
the comparison with last year, and the files kept private and whole."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from helpers import PASSWORD, login, person, read_all, upload

from gongkai.web.agencies.models import Membership
from gongkai.web.reports.models import PublishedReport

pytestmark = pytest.mark.django_db


def test_upload_a_seed_and_see_its_tables_and_findings(client, world, seed):
    login(client, world["officer_a"])
    response = upload(client, seed("002"))
    assert "002_2e95705ed168efb2.txt：已读取并检查。" in response.content.decode()
    item = PublishedReport.objects.get()
    assert (item.agency, item.year, item.errors, item.warnings) == (world["a"], 2023, 6, 6)
    page = client.get(reverse("reports:show", kwargs={"pk": item.pk})).content.decode()
    assert "泉州市科学技术局 2023年度政府信息公开工作年度报告" in page
    assert "一、本年新收政府信息公开申请数量" in page and "未印出此行" in page  # the missing 规章 row
    assert page.count('class="c error blank"') == 5  # table C's blank 行政复议 cells
    assert "BLANK-CELL" in page and "NARRATIVE-TABLE" in page
    # findings in words: severity named, the message first, the cell by its name, the rule code after
    assert ('<li class="warning"><span class="sev">警告</span> 正文称现行有效规范性文件 11件，表格为 14 '
            '<small class="code" title="规则代码">NARRATIVE-TABLE</small>') in page
    assert "第63行 · 表一 行政规范性文件 · 现行有效件数：“14”" in page
    assert "table_a.normative_documents.in_force</" not in page and ">table_" not in page
    src = client.get(reverse("reports:source", kwargs={"pk": item.pk}), {"path": "table_b.new_received.6"}).content.decode()
    assert "第81行" in src and '<span class="here">  81  一、\t本年新收政府信息公开申请数量' in src
    assert "<p>表二 一、本年新收政府信息公开申请数量 · 总计：第81行" in src and "table_b" not in src
    data = client.get(reverse("reports:download", kwargs={"pk": item.pk, "fmt": "json"}))
    assert data.json()["table_b"]["rows"]["new_received"] == [1, 0, 0, 0, 0, 0, 1]
    docx = client.get(reverse("reports:download", kwargs={"pk": item.pk, "fmt": "docx"}))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"

def test_unreadable_and_unattributable_uploads_are_refused_with_the_reason(client, world, tmp_path, seed):
    login(client, world["officer_a"])
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert "empty.txt：文件为空</li>" in upload(client, empty).content.decode()  # no English gloss on the web
    both = User.objects.create_user("two", password=PASSWORD)
    Membership(user=both, agency=world["a"], role="officer").save()
    Membership(user=both, agency=world["b"], role="officer").save()
    login(client, both)
    page = upload(client, seed("004")).content.decode()  # printed as a bare 市科学技术局
    assert "报告所载机关为“市科学技术局”，不能确定是哪个机关（需人工确认：未注明行政区划，机关名称相同），请确认" in page
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
    for name, kwargs in (("reports:show", {"pk": item.pk}), ("reports:source", {"pk": item.pk}),
                         ("reports:download", {"pk": item.pk, "fmt": "json"}), ("reports:download", {"pk": item.pk, "fmt": "docx"})):
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404
    assert "002_2e95705ed168efb2.txt" not in client.get(reverse("reports:list")).content.decode()
    # B uploads its own; A does not see it
    upload(client, seed("000"))
    assert PublishedReport.objects.filter(agency=world["b"]).count() == 1
    login(client, world["officer_a"])
    assert "000_fdf0dbaa07edf37d.txt" not in client.get(reverse("reports:list")).content.decode()
    # the supervisor of A's parent reads A's report and does not see B
    login(client, world["supervisor"])
    assert client.get(reverse("reports:show", kwargs={"pk": item.pk})).status_code == 200
    listing = client.get(reverse("reports:list")).content.decode()
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
    page = client.get(reverse("reports:show", kwargs={"pk": item.pk})).content.decode()
    assert "作废此上传" not in page  # the supervisor uploads; the agency's reviewer decides
    assert client.post(reverse("reports:void", kwargs={"pk": item.pk}), {"reason": "x"}).status_code == 403
    login(client, world["officer_a"])
    assert client.post(reverse("reports:void", kwargs={"pk": item.pk}), {"reason": "x"}).status_code == 403
    login(client, person("rev", world["a"], "reviewer"))
    assert "作废此上传" in client.get(reverse("reports:show", kwargs={"pk": item.pk})).content.decode()
    page = client.post(reverse("reports:void", kwargs={"pk": item.pk}), {"reason": " "}, follow=True).content.decode()
    assert "作废须写明理由。" in page
    page = client.post(reverse("reports:void", kwargs={"pk": item.pk}), {"reason": "上传错了文件"},
                       follow=True).content.decode()
    assert "已作废“002_2e95705ed168efb2.txt”（理由：上传错了文件）。" in page and "还没有年报。" in page
    assert client.get(reverse("reports:show", kwargs={"pk": item.pk})).status_code == 404
    item.refresh_from_db()
    assert (item.voided, item.void_reason) == (True, "上传错了文件")
    assert [(e.actor, e.action, e.changes["void_reason"]) for e in item.history().filter(action="void")] == [
        ("rev", "void", ["", "上传错了文件"])]
    # voided, it no longer counts: the same file may be uploaded again
    assert "002_2e95705ed168efb2.txt：已读取并检查。" in upload(client, seed("002")).content.decode()

def test_last_years_report_is_compared_and_checked_across_years(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.render.text import TextStyle, render_text
    from gongkai.report.sample import sample_report
    before = sample_report(1, year=2024, agency="泉州市科学技术局")
    now = sample_report(2, year=2025, agency="泉州市科学技术局")
    assert now.b("carried_over") != before.b("carry_forward")
    login(client, world["officer_a"])
    for name, r in (("2024.txt", before), ("2025.txt", now)):
        read_all(client, client.post(reverse("reports:list"),
                                     {"files": [SimpleUploadedFile(name, render_text(r, TextStyle()).encode())]}))
    older, newer = PublishedReport.objects.order_by("year")
    assert "CARRY-OVER" not in {f["rule"] for f in older.findings}  # nothing to compare with yet
    assert "CARRY-OVER" in {f["rule"] for f in newer.findings}
    page = client.get(reverse("reports:show", kwargs={"pk": newer.pk})).content.decode()
    assert "与上年度比较" in page
    assert (f'<tr><th scope="row">本年新收申请</th><td>{now.b("new_received")[6]}</td>'
            f'<td>{before.b("new_received")[6]}</td></tr>') in page
    assert "与上年度比较" not in client.get(reverse("reports:show", kwargs={"pk": older.pk})).content.decode()

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


def test_an_authoring_file_and_a_json_model_are_read_as_gongkai_check_reads_them(client, world, seed, tmp_path,
                                                                                   capsys):
    """The platform reads a file through the library's one door: an authoring YAML and a
    JSON model are filed, read and checked exactly as `gongkai check` reads them."""
    import json

    from gongkai.cli import main

    model = tmp_path / "泉州2023.json"
    assert main(["extract", str(seed("002")), "--format", "json", "-o", str(model)]) == 0
    written = tmp_path / "泉州2025.yaml"
    assert main(["new", "--agency", "泉州市科学技术局", "--year", "2025", "-o", str(written)]) == 0
    capsys.readouterr()
    login(client, world["officer_a"])
    for path, form, year in ((model, "json", 2023), (written, "authoring", 2025)):
        main(["check", str(path), "--format", "json"])
        expected = json.loads(capsys.readouterr().out)["findings"]
        page = upload(client, path).content.decode()
        assert f"{path.name}：已读取并检查。" in page
        item = PublishedReport.objects.get(file_name=path.name)
        assert (item.agency, item.form, item.year) == (world["a"], form, year)
        kept = [{**f, "evidence": [{k: v for k, v in e.items() if k != "name"} for e in f["evidence"]]}
                for f in item.findings]
        assert kept == expected and len(expected) > 0
        assert item.errors == sum(f["severity"] == "error" for f in expected)
    # the authoring file's findings point at its own lines: the source panel shows them
    item = PublishedReport.objects.get(form="authoring")
    path = next(e["path"] for f in item.findings for e in f["evidence"] if e.get("path") and e.get("line"))
    shown = client.get(reverse("reports:source", kwargs={"pk": item.pk}), {"path": path}).content.decode()
    line = item.model["provenance"][path]["line"]
    from django.utils.html import escape
    assert f'<span class="here">{line:4d}  {escape(written.read_text("utf-8").splitlines()[line - 1])}</span>' in shown


@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice not installed")
def test_a_scanned_report_is_recognised_and_filed_like_any_other(client, world, tmp_path):
    """A scan (no text layer) uploaded on the web is read by OCR in the sandbox's worker for
    scans, within the server's time, and filed under the agency it names, every cell read."""
    from gongkai.render.pdf import render_pdf
    from gongkai.render.scan import degrade, rasterise, scanned_pdf
    from gongkai.report.sample import sample_report

    report = sample_report(43, "2021", year=2024, agency="泉州市科学技术局")
    images = [degrade(img, "seal", 200, seed=k) for k, img in enumerate(rasterise(render_pdf(report), 200))]
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(scanned_pdf(images, 200))
    login(client, world["officer_a"])
    assert "扫描件.pdf：已读取并检查。" in upload(client, path).content.decode()
    item = PublishedReport.objects.get(file_name="扫描件.pdf")
    assert (item.agency, item.form, item.year) == (world["a"], "pdf", 2024)
    got = item.model["table_b"]["rows"]
    # every cell as printed, or unread and said so (a small 0 under the seal's ink): none wrong
    unread = [(k, i) for k, row in report.table_b.items() for i, v in enumerate(row) if got[k][i] != v.value]
    assert all(got[k][i] is None for k, i in unread) and len(unread) <= 2
    assert all(item.model["provenance"][f"table_b.{k}.{i}"]["ambiguous"] for k, i in unread)
