"""What two people do at the same moment: a save of the year's text while a reviewer
locks it, two saves of one text — each done one after the other under the draft's row
lock, never a lock undone, never an edit lost, always in the audit trail. Runs on SQLite
here and on PostgreSQL through test_register_postgres.py."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection

from gongkai.web.agencies.services import named
from gongkai.web.audit.models import AuditEntry
from gongkai.web.builder import services
from gongkai.web.builder.models import AnnualDraft, YearCounts

pytestmark = pytest.mark.django_db(transaction=True)
TEXTS = {"intro": "本报告依据《中华人民共和国政府信息公开条例》编制。", "overview": "本年度未收到政府信息公开申请。",
         "problems": "公开的及时性有待提高。", "other": "本年度未收取信息处理费。"}


def at_once(*calls) -> list[str]:
    """Run the calls in threads released together: "ok" or "refused" for each."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            call()
            results[i] = "ok"
        except services.Refused:
            results[i] = "refused"
        except Exception as err:  # a database error: what the web answers with 500
            results[i] = type(err).__name__
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def ready(agency, year):
    YearCounts(agency=agency, year=year, licensing=0, penalty=0, coercion=0, fees_10k_yuan=0).save()
    saw = services.seen(None, None)["texts"]
    services.save_texts(agency, year, TEXTS, saw)
    draft = AnnualDraft.objects.get(agency=agency, year=year)
    return services.seen(draft, YearCounts.objects.get(agency=agency, year=year))


@pytest.mark.parametrize("round_", range(4))
def test_a_lock_and_a_save_at_once_never_reopen_the_report_nor_lose_the_edit(round_):
    agency = named("某市某局", create=True)
    year = 2025 - round_
    saw = ready(agency, year)
    changed = {**TEXTS, "overview": "同一时刻改过的正文。"}
    results = at_once(lambda: services.lock(agency, year, date(year + 1, 1, 20), saw["lock"], "审核人"),
                      lambda: services.save_texts(agency, year, changed, saw["texts"]))
    assert sorted(results) == ["ok", "refused"], results
    draft = AnnualDraft.objects.get(agency=agency, year=year)
    if results[0] == "ok":  # locked first: the save was refused, the report stays locked as it was
        assert draft.locked_at is not None and draft.texts == TEXTS == draft.snapshot["texts"]
        entry = AuditEntry.objects.filter(model="annualdraft", object_id=str(draft.pk)).last()
        assert entry.changes["locked_by"] == ["", "审核人"]
    else:  # saved first: the lock over the text it did not show was refused
        assert draft.locked_at is None and draft.texts == changed


@pytest.mark.parametrize("round_", range(3))
def test_two_saves_at_once_keep_one_and_refuse_the_other(round_):
    agency = named("某市某局", create=True)
    year = 2025 - round_
    saw = ready(agency, year)
    first, second = {**TEXTS, "overview": "甲的修改。"}, {**TEXTS, "overview": "乙的修改。"}
    results = at_once(lambda: services.save_texts(agency, year, first, saw["texts"]),
                      lambda: services.save_texts(agency, year, second, saw["texts"]))
    assert sorted(results) == ["ok", "refused"], results
    kept = AnnualDraft.objects.get(agency=agency, year=year).texts
    assert kept == (first if results[0] == "ok" else second)


def test_the_same_file_uploaded_twice_at_once_is_kept_once(seed, settings, tmp_path):
    """Two clicks, two tabs: the same content filed once, the other told it is a copy."""
    from django.contrib.auth.models import User

    from gongkai.web.agencies.services import add_member
    from gongkai.web.reports import services as reports
    from gongkai.web.reports.models import PublishedReport

    settings.UPLOAD_DIR = tmp_path / "uploads"
    agency = named("泉州市科学技术局", create=True)
    user = User.objects.create_user("a1", password="correct-horse-battery-9")
    add_member(user, agency, "officer")
    data = seed("002").read_bytes()
    outcomes = []

    def send():
        try:
            reports.upload(user, "002.txt", data)
            outcomes.append("kept")
        except reports.UploadRefused as err:
            outcomes.append(str(err))

    results = at_once(send, send)
    assert results == ["ok", "ok"] and sorted(outcomes)[1] == "kept"
    assert sorted(outcomes)[0] in ("002.txt：与同时上传的文件内容相同，未重复保存",
                                   "002.txt：与已上传的“002.txt”内容相同，未重复保存")
    assert PublishedReport.objects.count() == 1
