"""A supervising office's year on the web: its agencies' reports uploaded at once (a zip),
filed under the agency each names by the register's rules — or listed to confirm —, each
agency's status, 催报 to those missing, the sum in the statutory tables (DOCX, Excel), each
figure's agencies behind it, the comparison with rankings, and the exports."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core import mail
from django.urls import reverse
from helpers import login, person, read_all
from openpyxl import load_workbook

from gongkai.web.agencies.models import Agency, Alias
from gongkai.web.agencies.services import confirm, match
from gongkai.web.reports.models import PublishedReport, Upload
from gongkai.web.supervision.models import Reminder


@pytest.fixture
def region(world):
    """泉州市人民政府办公室 supervises 泉州市科学技术局 and 平湖市科技局 (its report prints
    平湖市科学技术局)."""
    pinghu = Agency(name="平湖市科技局", parent=world["city"])
    pinghu.save()
    clerk = person("city-clerk", world["city"], "officer")
    clerk.email = "clerk@example.gov.cn"
    clerk.save()
    return dict(world, pinghu=pinghu)


def zipped(*paths) -> io.BytesIO:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for p in paths:
            z.write(p, f"年报/{p.name}")
        z.writestr("说明.doc", b"not a report")
    buf.seek(0)
    buf.name = "各单位年报.zip"
    return buf


def test_a_zip_of_reports_is_filed_under_the_agencies_they_name(client, region, seed):
    login(client, region["supervisor"])
    page = read_all(client, client.post(reverse("reports:list"), {"files": [zipped(seed("001"), seed("002"))]}))
    text = page.content.decode()
    assert "已读取 3/3 份" in text
    filed = dict(PublishedReport.objects.values_list("agency__name", "agency_as_printed"))
    assert filed == {"平湖市科技局": "平湖市科学技术局", "泉州市科学技术局": "泉州市科学技术局"}
    assert list(Upload.objects.filter(state="refused").values_list("file_name", flat=True)) == ["说明.doc"]


def test_a_name_that_may_be_several_agencies_is_confirmed_by_a_person(client, region, seed):
    login(client, region["supervisor"])
    with open(seed("004"), "rb") as fh:  # printed as a bare 市科学技术局
        page = read_all(client, client.post(reverse("reports:list"), {"files": [fh]})).content.decode()
    assert "不能确定是哪个机关（需人工确认：未注明行政区划，机关名称相同），请确认" in page
    upload = Upload.objects.get(state="unsure")
    assert [c["name"] for c in upload.candidates] == ["平湖市科技局", "泉州市科学技术局"]
    client.post(reverse("reports:confirm_agency", args=[upload.batch, upload.pk]), {"agency": region["a"].pk})
    assert PublishedReport.objects.get().agency == region["a"]
    assert Alias.objects.count() == 0  # a name without a place is every city's: filed, never kept as an alias
    # a name with a place, confirmed, is the agency's from then on
    typo = "泉州市科学技朮局"
    assert match(typo)[0] is None and match(typo)[1].candidates[0].name == "泉州市科学技术局"
    confirm(typo, region["a"], "印错的机关名称")
    assert match(typo)[0] == region["a"] and match(typo)[1].why == "已确认的别名"


def test_status_reminders_sum_drill_compare_and_exports(client, region, seed):
    login(client, region["supervisor"])
    read_all(client, client.post(reverse("reports:list"), {"files": [zipped(seed("001"), seed("002"))]}))
    page = client.get(reverse("supervision:dashboard"), {"year": 2024}).content.decode()
    assert "<td>泉州市人民政府办公室</td><td class=\"bad\">逾期未提交</td>" in page
    client.post(reverse("supervision:remind"), {"year": 2023})
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["clerk@example.gov.cn"], "催报：请提交2023年度政府信息公开工作年度报告")]
    assert "应于2024年1月31日前向社会公布" in mail.outbox[0].body
    assert list(Reminder.objects.values_list("agency__name", "year")) == [("泉州市人民政府办公室", 2023)]
    assert "已催报 1 次" in client.get(reverse("supervision:dashboard"), {"year": 2024}).content.decode()

    page = client.get(reverse("supervision:sum"), {"year": 2023}).content.decode()
    assert "汇总 2 个机关的年报（2021 格式）" in page and "应报未报：泉州市人民政府办公室" in page
    summed = (PublishedReport.objects.get(agency=region["a"]).model["table_b"]["rows"]["new_received"][6]
              + PublishedReport.objects.get(agency=region["pinghu"]).model["table_b"]["rows"]["new_received"][6])
    drill = client.get(reverse("supervision:drill"), {"year": 2023, "path": "table_b.new_received.6"}).content.decode()
    assert f"2023 年度汇总：{summed}" in drill
    assert drill.count('<tr><td><a href="/reports/') == 2
    docx = client.get(reverse("supervision:sum_download", args=["docx"]), {"year": 2023})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    book = load_workbook(io.BytesIO(client.get(reverse("supervision:sum_download", args=["xlsx"]),
                                               {"year": 2023}).content))
    assert book.sheetnames == ["表一", "表二", "表三"]
    assert book["表二"]["J6"].value == summed  # 一、本年新收 · 总计, where the statutory table has it

    page = client.get(reverse("supervision:compare"), {"year": 2023}).content.decode()
    assert page.count('<tr><td><a href="/reports/') == 2 and 'id="compare-data"' in page
    ranked = load_workbook(io.BytesIO(client.get(reverse("supervision:compare_xlsx"), {"year": 2023}).content))
    assert [r[0] for r in ranked.active.iter_rows(min_row=2, values_only=True)] == sorted(
        ["平湖市科技局", "泉州市科学技术局"], key=lambda n: -PublishedReport.objects.get(agency__name=n).model[
            "table_b"]["rows"]["new_received"][6])
    status = load_workbook(io.BytesIO(client.get(reverse("supervision:status_xlsx"), {"year": 2023}).content))
    assert [(r[0], r[2]) for r in status.active.iter_rows(min_row=2, values_only=True)] == [
        ("平湖市科技局", "逾期提交"), ("泉州市人民政府办公室", "逾期未提交"), ("泉州市科学技术局", "逾期提交")]


def test_only_a_supervisor_sums_compares_and_reminds(client, region):
    login(client, region["officer_a"])
    assert client.post(reverse("supervision:remind"), {"year": 2023}).status_code == 403
    assert client.get(reverse("supervision:sum"), {"year": 2023}).status_code == 403
    assert client.get(reverse("supervision:compare"), {"year": 2023}).status_code == 403
    assert mail.outbox == []


def test_an_import_never_creates_a_misspelt_agency(region, tmp_path, capsys):
    from gongkai.cli import main
    path = tmp_path / "台账.csv"
    path.write_text("编号,申请人,申请人类型,申请方式,提交日期\nX,Y,自然人,当面,2026-01-05\n", encoding="utf-8")
    before = Agency.objects.count()
    assert main(["import", str(path), "--agency", "泉州市科学技朮局"]) == 2
    assert "不能确定“泉州市科学技朮局”是哪个机关，未导入。您指的可能是：泉州市科学技术局" in capsys.readouterr().err
    assert main(["import", str(path), "--agency", "某某局"]) == 2
    assert "台账中没有机关“某某局”，未导入。如确为新机关，请加 --create" in capsys.readouterr().err
    assert Agency.objects.count() == before
    assert main(["import", str(path), "--agency", "泉州市科技局"]) == 0
    assert capsys.readouterr().out.splitlines() == ["“泉州市科技局”即“泉州市科学技术局”（简称与全称相同）",
                                                    "已导入 1 件申请到“泉州市科学技术局”的台账"]
    assert region["a"].cases.count() == 1
