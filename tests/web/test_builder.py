"""The builder: the year compiled from the register, the narrative written, checked and
locked on publication; a stale form never overwrites another person's edit."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from helpers import builder_post, login, person, register_case

pytestmark = pytest.mark.django_db


def test_compile_the_year_from_the_register_and_download_it(client, world):
    login(client, world["officer_a"])
    register_case(client, world["a"], "Y-1", submitted="2025-12-22")  # carried over into 2026
    register_case(client, world["a"], "Y-2", submitted="2026-03-02", applicant_type="research")
    case = world["a"].cases.get(number="Y-1")
    client.post(reverse("register:act", kwargs={"pk": case.pk, "move": "close"}),
                {"close-outcome": "unavailable_not_held", "close-served": "2026-01-12"})
    page = client.get(reverse("builder:show"), {"agency": world["a"].pk, "year": 2026}).content.decode()
    assert "泉州市科学技术局 2026 年度" in page
    # the identities hold by construction; the year's counts of 行政许可 etc. are still to be entered
    assert "B-BALANCE" not in page and page.count('<small class="code" title="规则代码">BLANK-CELL</small>') == 4
    assert "表一“行政许可”为空白，应填数字（无数据填 0）" in page
    docx = client.get(reverse("builder:download"), {"agency": world["a"].pk, "year": 2026, "fmt": "json"}).json()
    assert docx["table_b"]["rows"]["carried_over"] == [1, 0, 0, 0, 0, 0, 1]
    assert docx["table_b"]["rows"]["carry_forward"] == [0, 0, 1, 0, 0, 0, 1]
    got = client.get(reverse("builder:download"), {"agency": world["a"].pk, "year": 2026})
    assert got.status_code == 200 and got.content[:2] == b"PK"
    login(client, world["officer_b"])
    assert client.get(reverse("builder:show"), {"agency": world["a"].pk, "year": 2026}).status_code == 404

def test_write_the_narrative_then_lock_on_publication(client, world):
    login(client, world["officer_a"])
    register_case(client, world["a"], "N-1", submitted="2025-03-03")
    query = f"?agency={world['a'].pk}&year=2025"

    def save(what, data):
        return builder_post(client, what, query, data).content.decode()

    page = save("counts", {"licensing": "12", "penalty": "3", "coercion": "0", "fees_10k_yuan": "0"})
    assert "已保存年度数字。" in page and "BLANK-CELL" not in page
    texts = {"intro": "本报告依据《中华人民共和国政府信息公开条例》编制，统计期限为2025年1月1日至2025年12月31日。",
             "overview": "本年度共收到政府信息公开申请2件。", "problems": "公开的及时性有待提高。",
             "other": "本年度未收取信息处理费。"}
    page = save("texts", texts)
    assert "已保存正文。" in page
    assert "NARRATIVE-TABLE" in page  # the whole report is checked now: the text says 2, table 三 says 1
    page = save("lock", {"published": "2026-01-20"})
    assert "不能发布" not in page and "发布并锁定" not in page  # an officer is not offered the lock …
    assert client.post(reverse("builder:save", kwargs={"what": "lock"}) + query,
                       {"published": "2026-01-20"}).status_code == 403  # … nor can force it

    login(client, person("rev", world["a"], "reviewer"))
    save("texts", {**texts, "overview": "本年度共收到政府信息公开申请1件。"})
    refused = save("lock", {"published": "2026-01-20"})  # N-1 fell due in 2025 and is still open
    assert "不能发布：1 件申请在2025年内已到答复期限却未办结" in refused and "（N-1）" in refused
    n1 = world["a"].cases.get(number="N-1")
    client.post(reverse("register:act", kwargs={"pk": n1.pk, "move": "close"}),
                {"close-outcome": "granted", "close-reply_type": "disclosed", "close-served": "2025-03-20"})
    page = save("lock", {"published": "2026-01-20"})
    assert "已发布并锁定2025年度年报。" in page and "由 rev 发布并锁定" in page
    locked = client.get(reverse("builder:download") + query + "&fmt=json").json()
    assert locked["texts"]["overview"] == "本年度共收到政府信息公开申请1件。" and locked["published"] == "2026-01-20"
    pdf = client.get(reverse("builder:download") + query + "&fmt=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"

    login(client, world["officer_a"])  # the register moves on; the published report does not
    register_case(client, world["a"], "N-2", submitted="2025-06-02")
    assert client.get(reverse("builder:download") + query + "&fmt=json").json() == locked
    page = client.post(reverse("builder:save", kwargs={"what": "texts"}) + query,
                       {**texts, "overview": "改过的正文", "seen": ""}, follow=True).content.decode()
    assert "发布并锁定，不能再修改" in page
    assert client.get(reverse("builder:download") + query + "&fmt=json").json() == locked
    login(client, world["supervisor"])  # reads, writes nothing
    assert client.post(reverse("builder:save", kwargs={"what": "texts"}) + query, texts).status_code == 403


def test_a_save_without_the_forms_fingerprint_and_a_lock_over_changed_text_are_refused(client, world):
    """The lock publishes what the reviewer saw: the lock form carries the fingerprint of the
    texts and counts it showed, and text saved since makes it refuse. A save that carries no
    fingerprint (a form from elsewhere) never overwrites."""
    from gongkai.web.builder.models import AnnualDraft
    query = f"?agency={world['a'].pk}&year=2025"
    reviewer = person("rev", world["a"], "reviewer")
    login(client, reviewer)
    texts = {"intro": "本报告依据条例编制。", "overview": "本年度未收到申请。", "problems": "无明显问题。", "other": "无。"}
    builder_post(client, "counts", query, {"licensing": "0", "penalty": "0", "coercion": "0", "fees_10k_yuan": "0"})
    builder_post(client, "texts", query, texts)
    refused = client.post(reverse("builder:save", kwargs={"what": "texts"}) + query, {"overview": "无核对信息的修改"},
                          follow=True).content.decode()
    assert "表单缺少核对信息，为免覆盖他人的修改，本次未保存" in refused
    page = client.get(reverse("builder:show") + query).content.decode()
    lock_seen = re.search(r'name="seen" value="([0-9a-f]*)">\s*<div>\s*<label for="id_published"', page).group(1)
    builder_post(client, "texts", query, {**texts, "overview": "审核期间同事改过的正文。"})
    stale = client.post(reverse("builder:save", kwargs={"what": "lock"}) + query,
                        {"published": "2026-01-20", "seen": lock_seen}, follow=True).content.decode()
    assert "保存前此内容已被他人修改，为免覆盖，本次未保存" in stale
    draft = AnnualDraft.objects.get(agency=world["a"], year=2025)
    assert (draft.locked_at, draft.texts["overview"]) == (None, "审核期间同事改过的正文。")


@pytest.mark.parametrize("published, message", [("2099-01-20", "发布日期不能晚于今天"),
                                                ("2025-06-01", "2025年度的年报，发布日期应在 2026 年 1 月 1 日或以后"),
                                                ("2000-01-20", "2025年度的年报，发布日期应在 2026 年 1 月 1 日或以后")])
def test_the_lock_takes_only_a_publication_date_the_report_can_have(client, world, published, message):
    from gongkai.web.builder.models import AnnualDraft
    login(client, person("rev", world["a"], "reviewer"))
    page = builder_post(client, "lock", f"?agency={world['a'].pk}&year=2025", {"published": published})
    assert message in page.content.decode()
    assert not AnnualDraft.objects.filter(locked_at__isnull=False).exists()


def test_a_stale_builder_form_does_not_overwrite_another_persons_edit(client, world):
    import re

    from gongkai.web.builder.models import AnnualDraft

    query = f"?agency={world['a'].pk}&year=2025"
    url = reverse("builder:save", kwargs={"what": "texts"}) + query
    login(client, world["officer_a"])
    builder_post(client, "texts", query, {"overview": "第一稿。"})
    page = client.get(reverse("builder:show") + query).content.decode()
    texts_form = page[page.index(reverse("builder:save", kwargs={"what": "texts"})):]
    seen = re.search(r'name="seen" value="([0-9a-f]*)"', texts_form).group(1)
    from django.test import Client

    other = Client()
    other.force_login(person("a2", world["a"], "officer"))
    assert "已保存正文。" in other.post(url, {"overview": "同事改过的稿。", "seen": seen}, follow=True).content.decode()
    stale = client.post(url, {"overview": "我基于第一稿的修改。", "seen": seen}, follow=True).content.decode()
    assert "保存前此内容已被他人修改，为免覆盖，本次未保存" in stale
    assert AnnualDraft.objects.get(agency=world["a"], year=2025).texts["overview"] == "同事改过的稿。"

def test_the_builder_shows_the_unwritten_parts_before_it_offers_publication(client, world):
    """No words are put in the office's mouth: a fresh year shows each unwritten part as an
    error, and publication is refused until they are written."""
    login(client, person("rev", world["a"], "reviewer"))
    query = f"?agency={world['a'].pk}&year=2025"
    page = client.get(reverse("builder:show") + query).content.decode()
    for part in ("一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert f"<span class=\"sev\">错误</span> “{part}”没有正文，请撰写后再生成或发布" in page
    assert "<small>表一 行政许可 · 本年处理决定数量" in page and "<small>第" not in page  # no lines of a text not yet written
    refused = builder_post(client, "lock", query, {"published": "2026-01-20"}).content.decode()
    assert "不能发布：正文尚未填写。" in refused
    from gongkai.web.builder.models import AnnualDraft
    assert not AnnualDraft.objects.filter(locked_at__isnull=False).exists()

@pytest.mark.parametrize("year", ["0", "-5", "99999999999999999999", "abc"])
def test_a_year_no_report_can_have_is_not_found(client, world, year):
    login(client, world["officer_a"])
    assert client.get(reverse("builder:show") + f"?year={year}").status_code == 404


def test_the_lock_waits_for_the_year_to_end_and_an_approver_reopens_it_with_a_reason(client, world, today):
    """No report locked before its year is over; a locked one is reopened only by an
    approver, with a reason the trail keeps beside the lock it undoes; locked again, the
    supervisor sees it as resubmitted."""
    from datetime import date

    from gongkai.web.audit.models import AuditEntry
    from gongkai.web.builder.models import AnnualDraft
    reviewer = person("rev", world["a"], "reviewer")
    login(client, reviewer)
    texts = {"intro": "本报告依据条例编制。联系电话：0595-22222222。", "overview": "本年度未收到政府信息公开申请。",
             "problems": "公开的及时性有待提高，将加强培训。", "other": "本年度未收取信息处理费。"}
    today(date(2026, 12, 7))
    query = f"?agency={world['a'].pk}&year=2026"
    builder_post(client, "counts", query, {"licensing": "0", "penalty": "0", "coercion": "0", "fees_10k_yuan": "0"})
    builder_post(client, "texts", query, texts)
    early = builder_post(client, "lock", query, {"published": "2026-12-07"}).content.decode()
    assert "2026年度的年报，发布日期应在 2027 年 1 月 1 日或以后" in early
    from gongkai.web.builder import services  # whichever way a lock comes, not before the year is over
    with pytest.raises(services.Refused, match="不能发布：2026年度尚未结束（其申请尚未全部办结或结转），"
                                               "2026年12月31日之后才能发布并锁定。"):
        services.lock(world["a"], 2026, date(2027, 1, 1), "", "rev")
    assert AnnualDraft.objects.get().locked_at is None

    today(date(2027, 1, 10))
    register_case(client, world["a"], "Y-1", submitted="2026-11-02")  # due 2026-11-30, never answered
    open_case = builder_post(client, "lock", query, {"published": "2027-01-10"}).content.decode()
    assert ("不能发布：1 件申请在2026年内已到答复期限却未办结，既不是已办结也不属于结转（Y-1），请先办结或更正后再发布。"
            in open_case)
    case = world["a"].cases.get(number="Y-1")
    client.post(reverse("register:act", kwargs={"pk": case.pk, "move": "close"}),
                {"close-outcome": "granted", "close-reply_type": "disclosed", "close-served": "2026-12-20"})
    register_case(client, world["a"], "Y-2", submitted="2026-12-21")  # due in 2027: carried over, no obstacle
    page = builder_post(client, "lock", query, {"published": "2027-01-10"}).content.decode()
    assert "已发布并锁定2026年度年报。" in page and "重新打开以更正" in page
    draft = AnnualDraft.objects.get()
    first = draft.locked_at
    login(client, world["officer_a"])  # an officer cannot reopen it
    assert client.post(reverse("builder:save", kwargs={"what": "reopen"}) + query,
                       {"reason": "改正文", "seen": "-"}).status_code == 403
    login(client, reviewer)
    bare = client.post(reverse("builder:save", kwargs={"what": "reopen"}) + query, {"reason": " ", "seen": "-"},
                       follow=True).content.decode()
    assert "重新打开须写明理由。" in bare
    done = client.post(reverse("builder:save", kwargs={"what": "reopen"}) + query,
                       {"reason": "第五部分漏写整改措施", "seen": "-"}, follow=True).content.decode()
    assert "已重新打开2026年度年报；更正后须重新发布锁定（记为重新提交）。" in done
    draft.refresh_from_db()
    assert (draft.locked_at, draft.reopened, draft.reopen_reason) == (None, 1, "第五部分漏写整改措施（rev）")
    trail = AuditEntry.objects.filter(model="annualdraft", object_id=str(draft.pk)).order_by("id").last()
    assert trail.actor == "rev" and trail.action == "update"
    assert trail.changes["locked_at"] == [first.isoformat(), None]  # the lock it undid, kept
    assert trail.changes["reopen_reason"] == ["", "第五部分漏写整改措施（rev）"]
    builder_post(client, "texts", query, {**texts, "problems": "公开的及时性有待提高。下一步将加强培训，按季度检查。"})
    today(date(2027, 1, 15))
    builder_post(client, "lock", query, {"published": "2027-01-15"})
    login(client, world["supervisor"])
    page = client.get(reverse("supervision:dashboard"), {"year": 2027}).content.decode()
    assert "2026年度年报（平台编写）</a></td><td>发布锁定</td><td>" in page and "重新提交）" in page


def test_a_clerk_sends_the_report_for_approval_and_the_approver_returns_or_locks_it(client, world, today):
    from datetime import date

    from gongkai.web.builder.models import AnnualDraft
    today(date(2026, 2, 1))
    query = f"?agency={world['a'].pk}&year=2025"
    login(client, world["officer_a"])
    texts = {"intro": "本报告依据条例编制。联系电话：0595-22222222。", "overview": "本年度未收到政府信息公开申请。",
             "problems": "公开的及时性有待提高，将加强培训。", "other": "本年度未收取信息处理费。"}
    builder_post(client, "counts", query, {"licensing": "0", "penalty": "0", "coercion": "0", "fees_10k_yuan": "0"})
    builder_post(client, "texts", query, texts)
    sent = builder_post(client, "submit", query, {}).content.decode()
    assert "已将2025年度年报送审，待审核人签发（发布锁定）。" in sent and "a1 于" in sent
    reviewer = person("rev", world["a"], "reviewer")
    login(client, reviewer)
    assert "泉州市科学技术局 2025年度年报" in client.get(reverse("register:approvals")).content.decode()
    back = client.post(reverse("builder:save", kwargs={"what": "return"}) + query, {"note": "第五部分太简略", "seen": "-"},
                       follow=True).content.decode()
    assert "已退回2025年度年报。" in back
    login(client, world["officer_a"])
    page = client.get(reverse("builder:show") + query).content.decode()
    assert "退回理由：第五部分太简略（rev）" in page and "送审（请审核人发布锁定）" in page
    builder_post(client, "texts", query, {**texts, "problems": "公开的及时性有待提高。下一步将加强培训，按季度检查。"})
    builder_post(client, "submit", query, {})
    login(client, reviewer)
    locked = builder_post(client, "lock", query, {"published": "2026-01-30"}).content.decode()
    assert "已发布并锁定2025年度年报。" in locked
    draft = AnnualDraft.objects.get()
    assert (draft.submitted_at, draft.locked_by) == (None, "rev")
    assert "泉州市科学技术局 2025年度年报" not in client.get(reverse("register:approvals")).content.decode()
