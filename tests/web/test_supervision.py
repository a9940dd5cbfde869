"""The dashboard: the year's figures and who has (not) submitted, by the statutory deadline."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

import pytest
from django.urls import reverse
from helpers import login, register_case, upload

from gongkai.web.agencies.models import Agency

pytestmark = pytest.mark.django_db


def test_dashboard_counts_the_visible_year_and_who_has_not_submitted(client, world, seed):
    login(client, world["officer_a"])
    register_case(client, world["a"], "D-1", submitted="2026-03-02")
    register_case(client, world["a"], "D-2", submitted="2026-05-06", applicant_type="commercial")
    case = world["a"].cases.get(number="D-1")
    client.post(reverse("register:act", kwargs={"pk": case.pk, "move": "close"}),
                {"close-outcome": "granted", "close-served": "2026-04-20"})  # late: due 3/30
    case.refresh_from_db()
    assert (case.late, case.due) == (True, date(2026, 3, 30))  # late: its stored clock says so
    assert "逾期答复（期限 2026-03-30）" in client.get(reverse("register:case", kwargs={"pk": case.pk})).content.decode()
    listed = client.get(reverse("register:cases"), {"show": "closed"}).content.decode()
    assert "<td>逾期答复</td>" in listed  # the list says so too
    page = client.get(reverse("supervision:dashboard"), {"year": 2026}).content.decode()
    assert "本年收到申请 2 件；按时答复 0 件，逾期 1 件，按时答复率 0%。" in page
    on_time = world["a"].cases.get(number="D-2")
    client.post(reverse("register:act", kwargs={"pk": on_time.pk, "move": "close"}),
                {"close-outcome": "granted", "close-served": "2026-05-20"})
    on_time.refresh_from_db()
    assert on_time.late is False
    page = client.get(reverse("supervision:dashboard"), {"year": 2026}).content.decode()
    assert "按时答复 1 件，逾期 1 件，按时答复率 50%。" in page
    data = json.loads(page.split('id="dashboard-data" type="application/json">')[1].split("</script>")[0])
    assert data["by_month"][0] == {"name": "自然人", "data": [0, 0, 1] + [0] * 9}
    assert data["outcomes"] == [{"name": "予以公开", "value": 2}]
    assert "/static/echarts/echarts.min.js" in page
    login(client, world["supervisor"])
    page = client.get(reverse("supervision:dashboard"), {"year": 2024}).content.decode()
    assert "截止日期：2024年1月31日" in page
    assert "未提交（截止 2024年1月31日，已逾期" in page and "天）：泉州市人民政府办公室、泉州市科学技术局" in page
    login(client, world["officer_a"])
    upload(client, seed("002"))  # 2023 report
    login(client, world["supervisor"])
    page = client.get(reverse("supervision:dashboard"), {"year": 2024}).content.decode()
    assert "天）：泉州市人民政府办公室</p>" in page and "002_2e95705ed168efb2.txt</a></td><td>上传</td>" in page
    assert "<td class=\"bad\">逾期提交</td>" in page  # it prints no 发布日期, and reached the platform today, long after 2024-01-31
    assert "台州市科技局" not in page

def test_a_report_published_and_locked_in_the_builder_counts_as_submitted(client, world):
    """Submission is one fact: uploaded-and-accepted or published-and-locked, on every dashboard."""
    from django.utils import timezone

    from gongkai.report.jsonio import to_dict
    from gongkai.report.sample import sample_report
    from gongkai.web.builder.models import AnnualDraft
    from gongkai.web.supervision.services import submissions
    report = sample_report(1, year=2025, agency="泉州市科学技术局")
    draft = AnnualDraft(agency=world["a"], year=2025, texts=report.texts, published="2026-01-20",
                        snapshot=to_dict(report))
    draft.save()
    assert submissions([world["a"].pk], 2025) == {}  # written but not locked: not submitted
    draft.locked_at, draft.locked_by = timezone.make_aware(datetime(2026, 1, 20, 10)), "rev"
    draft.first_locked_at = draft.locked_at
    draft.save()
    for user in (world["officer_a"], world["supervisor"]):
        login(client, user)
        page = client.get(reverse("supervision:dashboard"), {"year": 2026}).content.decode()
        assert "2025年度年报（平台编写）</a></td><td>发布锁定</td><td>2026-01-20</td><td>2026-01-20</td>" in page
        assert "逾期发布" not in page
    assert "）：泉州市人民政府办公室</p>" in page  # the supervisor's list: only the city is missing
    # locked today under a 发布日期 typed as 20 January: it reached the platform today, and is late
    draft.locked_at = draft.first_locked_at = timezone.now()
    draft.save()
    page = client.get(reverse("supervision:dashboard"), {"year": 2026}).content.decode()
    today = timezone.localdate().isoformat()
    assert f"<td>发布锁定</td><td>{today}</td><td>2026-01-20 <span class=\"bad\">逾期发布</span></td>" in page

def test_a_peoples_government_is_due_by_31_march_on_the_dashboard(client, world):
    """One statutory deadline for the check and the dashboards (条例第四十九条): a
    department's report by 31 January, a people's government's own by 31 March."""
    government = Agency(name="泉州市人民政府", parent=world["city"])
    government.save()
    login(client, world["supervisor"])
    page = client.get(reverse("supervision:dashboard"), {"year": 2024}).content.decode()
    assert "截止日期：2024年1月31日、2024年3月31日（条例第四十九条" in page
    assert re.search(r"未提交（截止 2024年1月31日，已逾期 \d+ 天）：泉州市人民政府办公室、泉州市科学技术局</p>", page)
    assert re.search(r"未提交（截止 2024年3月31日，已逾期 \d+ 天）：泉州市人民政府</p>", page)
