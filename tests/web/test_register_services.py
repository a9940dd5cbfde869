"""The register in the database: moves through the clocks, the audit trail, nothing
deleted, a year compiled from the database, spreadsheet import all-or-nothing.

Runs on SQLite here, and on PostgreSQL through test_register_postgres.py."""

from __future__ import annotations

import csv
import json
import os
from datetime import date

import pytest

from gongkai.cases.clocks import CaseError
from gongkai.web.agencies.services import named
from gongkai.web.audit.models import AuditEntry, NotDeletable, acting_as
from gongkai.web.builder.models import YearCounts
from gongkai.web.builder.services import compile_report
from gongkai.web.register import services
from gongkai.web.register.imports import ImportRejected, import_cases
from gongkai.web.register.models import CaseEvent, RequestCase, Review
from gongkai.web.register.services import apply, register

pytestmark = pytest.mark.django_db
D = date.fromisoformat


def new_case(a, number="2026-001", **kw):
    fields = dict(number=number, applicant="张三", applicant_type="natural_person", channel="当面",
                  submitted=D("2026-03-02"))
    fields.update(kw)
    return register(a, **fields)


def test_moves_are_validated_and_persisted_with_their_history():
    a = named("某市某局", create=True)
    with acting_as("经办人甲"):
        c = new_case(a)
        apply(c, "request_correction", on=D("2026-03-04"), deadline=D("2026-03-18"))
        apply(c, "correction_received", on=D("2026-03-10"))
    with acting_as("审核人乙"):
        apply(c, "extend", on=D("2026-03-20"), days=10, approver="审核人乙", notified=D("2026-03-20"))
        with pytest.raises(CaseError, match="答复期限只能延长一次"):
            apply(c, "extend", on=D("2026-03-21"), days=5, approver="审核人乙", notified=D("2026-03-21"))
        apply(c, "close", outcome="granted", served=D("2026-04-10"), reply_type="disclosed")
    c.refresh_from_db()
    assert (c.outcome, c.served, c.closed_on) == ("granted", D("2026-04-10"), D("2026-04-10"))
    assert [e.kind for e in c.events.all()] == ["correction_notice", "correction_received", "extension", "closed"]
    assert c.to_domain().clock().due == D("2026-04-22")  # 3/10 + 20 working days = 4/8 (清明 4/4–4/6), + 10 = 4/22
    entries = list(AuditEntry.objects.filter(model="requestcase", object_id=str(c.pk)))
    # each move that changed the case's clock is in the trail, with the due date before and after
    assert [(e.actor, e.action) for e in entries] == [("经办人甲", "create")] + [("经办人甲", "update")] * 2 + [
        ("审核人乙", "update")] * 2
    assert [e.changes["due"] for e in entries[1:4]] == [["2026-03-30", None], [None, "2026-04-08"],
                                                       ["2026-04-08", "2026-04-22"]]
    assert entries[4].changes["outcome"] == [None, "granted"]
    assert entries[4].changes["served"] == [None, "2026-04-10"]
    assert AuditEntry.objects.filter(model="caseevent").count() == 4


def test_nothing_is_deleted_only_voided():
    a = named("某市某局", create=True)
    c = new_case(a)
    with pytest.raises(NotDeletable, match="记录不能删除，只能作废"):
        c.delete()
    with pytest.raises(NotDeletable):
        RequestCase.objects.filter(pk=c.pk).delete()
    with acting_as("管理员"):
        c.void("重复登记")
    assert RequestCase.objects.get(pk=c.pk).voided
    last = c.history().last()
    assert (last.actor, last.action, last.changes["voided"]) == ("管理员", "void", [False, True])


def test_register_refuses_what_the_ordinance_does_not_allow():
    a = named("某市某局", create=True)
    with pytest.raises(CaseError, match="邮寄申请以签收之日为收到申请之日"):
        new_case(a, channel="邮寄")
    assert RequestCase.objects.count() == 0


def test_compile_a_year_from_the_database(capsys, today):
    today(date(2027, 1, 20))  # the year told is over
    from gongkai.cli import main
    a = named("某市某局", create=True)
    new_case(a, "2025-100", submitted=D("2025-12-20"))  # carried over into 2026, closed in 2026
    c = RequestCase.objects.get(number="2025-100")
    apply(c, "close", outcome="unavailable_not_held", served=D("2026-01-09"), reply_type="not_exist")
    new_case(a, "2026-001", applicant_type="commercial")  # received and closed in 2026
    apply(RequestCase.objects.get(number="2026-001"), "close", outcome="granted", served=D("2026-03-20"))
    new_case(a, "2026-002", submitted=D("2026-12-25"))  # carried forward into 2027
    voided = new_case(a, "2026-003")
    voided.void("误录")
    Review(agency=a, number="复-1", kind="review", filed=D("2026-05-01"), decided=D("2026-07-01"),
           outcome="upheld").save()
    YearCounts(agency=a, year=2026, licensing=10, penalty=2, coercion=0, fees_10k_yuan=0).save()
    report, members = compile_report(named("某市某局"), 2026)
    assert report.b("new_received") == [1, 1, 0, 0, 0, 0, 2]
    assert report.b("carried_over") == [1, 0, 0, 0, 0, 0, 1]
    assert report.b("total") == [1, 1, 0, 0, 0, 0, 2]
    assert report.b("carry_forward") == [1, 0, 0, 0, 0, 0, 1]
    assert members["table_b.carry_forward.6"] == ["2026-002"]
    assert report.c()[:5] == [1, 0, 0, 0, 1]
    assert report.a("licensing", "decisions") == 10
    assert main(["compile", "--agency", "某市某局", "--year", "2026"]) == 0
    assert "一、本年新收政府信息公开申请数量" in capsys.readouterr().out


def _write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        csv.writer(fh).writerows(rows)


HEADER = ["编号", "申请人", "申请人类型", "申请方式", "提交日期", "确认日期", "申请内容", "办理结果", "答复类型", "送达日期"]


def test_import_a_register_from_csv_and_xlsx(tmp_path):
    a = named("某市某局", create=True)
    path = tmp_path / "register.csv"
    _write_csv(path, [HEADER,
                      ["A1", "张三", "自然人", "当面", "2026-03-02", "", "某文件", "予以公开", "（二）", "2026-03-20"],
                      ["A2", "某公司", "商业企业", "网络", "2026/03/05", "2026/03/06", "某数据", "", "", ""],
                      ["A3", "李四", "自然人", "邮寄", "2026年3月9日", "2026年3月11日", "某信息",
                       "1.本机关不掌握相关政府信息", "", "2026-04-01"]])
    assert import_cases(path, a) == 3
    assert sorted(RequestCase.objects.values_list("number", "outcome")) == [
        ("A1", "granted"), ("A2", None), ("A3", "unavailable_not_held")]
    assert RequestCase.objects.get(number="A3").to_domain().received == D("2026-03-11")
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["受理号", "申请人", "申请人类型", "申请方式", "提交日期"])
    sheet.append(["B1", "王五", "科研机构", "当面", date(2026, 4, 1)])
    book.save(tmp_path / "r.xlsx")
    assert import_cases(tmp_path / "r.xlsx", a, {"number": "受理号"}) == 1
    assert RequestCase.objects.get(number="B1").applicant_type == "research"


def test_a_bad_row_rejects_the_whole_file_and_changes_nothing(tmp_path):
    a = named("某市某局", create=True)
    path = tmp_path / "register.csv"
    _write_csv(path, [HEADER,
                      ["C1", "张三", "自然人", "当面", "2026-03-02", "", "", "", "", ""],
                      ["C2", "", "自然人", "当面", "2026-03-02", "", "", "", "", ""],
                      ["C3", "李四", "个体户", "当面", "2026-03-02", "", "", "", "", ""],
                      ["C4", "王五", "自然人", "邮寄", "2026-03-02", "", "", "", "", ""],
                      ["C5", "赵六", "自然人", "当面", "2026-13-02", "", "", "", "", ""],
                      ["C1", "重复", "自然人", "当面", "2026-03-02", "", "", "", "", ""],
                      ["C6", "钱七", "自然人", "当面", "2026-03-02", "", "", "不知道", "", "2026-03-09"]])
    before = (RequestCase.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ImportRejected) as err:
        import_cases(path, a)
    assert err.value.errors == [
        "第 3 行：“申请人”为空",
        "第 4 行：“申请人类型”的值“个体户”无法识别",
        "第 5 行：邮寄申请以签收之日为收到申请之日，请填写该日期（条例第三十一条）（date of receipt missing）",
        "第 6 行：“提交日期”不是日期：2026-13-02",
        "第 7 行：编号“C1”重复",
        "第 8 行：“办理结果”的值“不知道”无法识别",
    ]
    assert (RequestCase.objects.count(), AuditEntry.objects.count()) == before
    assert CaseEvent.objects.count() == 0


def test_import_command_reports_rows(tmp_path, capsys):
    from gongkai.cli import main
    path = tmp_path / "bad.csv"
    _write_csv(path, [["编号", "申请人"], ["X", "Y"]])
    assert main(["import", str(path), "--agency", "某局", "--create"]) == 2
    assert "缺少列：申请人类型、申请方式、提交日期" in capsys.readouterr().err
    mapping = tmp_path / "m.json"
    mapping.write_text(json.dumps({"applicant_type": "类型", "channel": "方式", "submitted": "日期"}), "utf-8")
    _write_csv(path, [["编号", "申请人", "类型", "方式", "日期"], ["X", "Y", "自然人", "当面", "2026-01-05"]])
    assert main(["import", str(path), "--agency", "某局", "--mapping", str(mapping), "--create"]) == 0
    assert capsys.readouterr().out == "已导入 1 件申请到“某局”的台账\n"


@pytest.mark.django_db(transaction=True)
def test_a_move_sent_twice_at_once_is_applied_once():
    """Two requests on one case at the same moment (two clerks, a double click): the
    case is locked for the move, so the second sees the first's event and is refused
    (条例: one extension, one 补正, one closing); neither fails with a database error."""
    import threading

    from django.db import connection

    moves = {
        "extend": dict(on=D("2026-03-20"), days=20, approver="审核人乙", notified=D("2026-03-20")),
        "request_correction": dict(on=D("2026-03-04"), deadline=D("2026-03-18")),
        "close": dict(outcome="granted", served=D("2026-03-10"), reply_type="disclosed"),
    }
    a = named("某市某局", create=True)
    results: list[str] = []
    rounds = int(os.environ.get("GONGKAI_MOVE_ROUNDS", "4"))  # more for a longer run by hand
    for n, (move, kwargs) in enumerate(list(moves.items()) * rounds):
        case = new_case(a, number=f"2026-{100 + n}")
        barrier = threading.Barrier(2)

        def send(pk=case.pk, move=move, kwargs=kwargs, barrier=barrier):
            try:
                barrier.wait()
                apply(RequestCase.objects.get(pk=pk), move, **kwargs)
                results.append("applied")
            except CaseError:
                results.append("refused")
            except Exception as err:  # a database error: what the web answers with 500
                results.append(type(err).__name__)
            finally:
                connection.close()

        threads = [threading.Thread(target=send) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert CaseEvent.objects.filter(case_id=case.pk).count() == 1, (move, results)
    assert sorted(results) == ["applied"] * 3 * rounds + ["refused"] * 3 * rounds, results


@pytest.mark.django_db(transaction=True)
def test_a_letter_asked_for_twice_at_once_is_numbered_once():
    """Two clerks print the same case's 受理回执 at the same moment, while another case's
    is printed too: one number per letter, no gap, no database error."""
    import threading

    from django.db import connection

    from gongkai.web.register.models import IssuedLetter
    a = named("某市某局", create=True)
    cases = [new_case(a, number=f"2026-{200 + n}", subject="某文件") for n in range(2)]
    results: list[str] = []
    barrier = threading.Barrier(3)

    def issue(pk):
        try:
            barrier.wait()
            results.append(services.issue_letter(RequestCase.objects.get(pk=pk), "receipt", D("2026-12-01")).number)
        except Exception as err:  # a database error: what the web answers with 500
            results.append(type(err).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(pk,)) for pk in (cases[0].pk, cases[0].pk, cases[1].pk)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(IssuedLetter.objects.values_list("seq", flat=True)) == [1, 2], results
    first = IssuedLetter.objects.get(case=cases[0]).number
    assert results.count(first) == 2 and sorted(set(results)) == ["某市某局〔2026〕1号", "某市某局〔2026〕2号"]


@pytest.mark.parametrize("row, message", [
    (["X" * 5000, "张三", "自然人", "当面", "2026-01-05"], "第 2 行：“编号”超过 50 个字（5000 个）"),
    (["A-1", "张三", "自然人", "当面", "0001-01-01"], "第 2 行：“提交日期”0001-01-01 不在 2008-05-01 至今天之间"),
])
def test_an_import_row_out_of_bounds_is_refused_by_row(tmp_path, row, message):
    path = tmp_path / "r.csv"
    _write_csv(path, [["编号", "申请人", "申请人类型", "申请方式", "提交日期"], row])
    with pytest.raises(ImportRejected, match=message):
        import_cases(path, named("某市某局", create=True))


def test_a_csv_field_past_the_csv_limit_is_a_clear_error(tmp_path):
    from gongkai.errors import GongkaiError
    path = tmp_path / "r.csv"
    _write_csv(path, [["编号", "申请人", "申请人类型", "申请方式", "提交日期"], ["A", "张" * 200_000, "自然人", "当面", "2026-01-05"]])
    with pytest.raises(GongkaiError, match="CSV 文件无法读取（field larger than field limit"):
        import_cases(path, named("某市某局", create=True))


def test_a_step_is_corrected_or_voided_with_a_reason_and_the_trail_keeps_before_and_after():
    """An approver corrects a closing (the outcome was wrong), voids an extension entered
    by mistake and corrects the day a request was submitted: each is made again under the
    条例's rules, the clock follows, the year's tables count the corrected figures, and
    the trail keeps who, why, before and after. A correction that breaks a rule, or
    comes without a reason, changes nothing."""
    from gongkai.web.register.services import correct
    a = named("某市某局", create=True)
    with acting_as("经办人甲"):
        c = new_case(a)
        apply(c, "request_correction", on=D("2026-03-04"), deadline=D("2026-03-18"))
        apply(c, "correction_received", on=D("2026-03-10"))
        apply(c, "extend", on=D("2026-03-20"), days=10, approver="审核人乙", notified=D("2026-03-20"))
        apply(c, "close", outcome="granted", served=D("2026-04-10"), reply_type="disclosed")
    table = lambda: compile_report(a, 2026)[0].table_b  # noqa: E731
    assert (table()["granted"][6].value, table()["partial"][6].value) == (1, 0)
    closed = c.events.get(kind="closed")
    correct(c, closed.pk, "办理结果录错：实为部分公开", "审核人乙", outcome="partial", reply_type="withheld",
            reasons="其中第三方信息不予公开")
    c.refresh_from_db()
    assert (c.outcome, c.reply_type) == ("partial", "withheld")
    assert (table()["granted"][6].value, table()["partial"][6].value) == (0, 1)  # the year's tables follow
    entry = AuditEntry.objects.filter(model="caseevent", object_id=str(closed.pk)).last()
    assert (entry.actor, entry.action, entry.reason) == ("审核人乙", "update", "办理结果录错：实为部分公开")
    assert entry.changes["data"][0]["outcome"] == "granted" and entry.changes["data"][1]["outcome"] == "partial"

    extension = c.events.get(kind="extension")
    assert c.due == D("2026-04-22")
    correct(c, extension.pk, "误录延期", "审核人乙", void=True)
    c.refresh_from_db()
    extension.refresh_from_db()
    assert (extension.voided, extension.void_reason, c.due, c.late) == (True, "误录延期", D("2026-04-08"), True)
    voided = AuditEntry.objects.filter(model="caseevent", object_id=str(extension.pk)).last()
    assert (voided.action, voided.reason) == ("void", "误录延期")

    correct(c, None, "提交日期录错", "审核人乙", submitted=D("2026-03-03"))
    c.refresh_from_db()
    assert (c.submitted, c.received) == (D("2026-03-03"), D("2026-03-03"))
    received = AuditEntry.objects.filter(model="requestcase", object_id=str(c.pk)).last()
    assert received.changes["submitted"] == ["2026-03-02", "2026-03-03"] and received.reason == "提交日期录错"

    before = list(c.events.values_list("id", "on", "data", "voided"))
    notice = c.events.get(kind="correction_notice")
    with pytest.raises(CaseError, match="补正告知应在收到申请之日起 7 个工作日内"):
        correct(c, notice.pk, "改日期", "审核人乙", on=D("2026-03-25"))
    with pytest.raises(CaseError, match="更正或作废须写明理由"):
        correct(c, notice.pk, "  ", "审核人乙", void=True)
    assert list(c.events.values_list("id", "on", "data", "voided")) == before


def test_a_letter_numbered_before_letters_were_kept_is_kept_at_its_next_print():
    """A letter an earlier version numbered but did not keep (a migrated row): printed
    again, it keeps its number and date and is kept from then on, byte for byte."""
    from gongkai.web.register.models import IssuedLetter
    a = named("某市某局", create=True)
    c = new_case(a, subject="某文件")
    old = IssuedLetter.numbered(c, "receipt", D("2026-03-02"))  # as the migration leaves it: no text, no DOCX
    assert bytes(old.document) == b""
    kept = services.issue_letter(c, "receipt", D("2026-12-01"), issue=False)
    assert (kept.pk, kept.number, kept.on, kept.title) == (old.pk, "某市某局〔2026〕1号", D("2026-03-02"),
                                                           "政府信息公开申请受理回执")
    assert bytes(kept.document)[:2] == b"PK"
    again = services.issue_letter(c, "receipt", D("2026-12-02"), issue=False)
    assert bytes(again.document) == bytes(kept.document)


def test_every_letter_reprints_byte_for_byte_after_the_case_changes():
    """The six letters of a case issued; then the closing is corrected and a holiday
    schedule entered: each prints again exactly as it was issued."""
    from gongkai.web.register.models import HolidaySchedule
    from gongkai.web.register.services import correct
    a = named("某市某局", create=True)
    a.review_body, a.court = "某市人民政府", "某市某区人民法院"
    a.save()
    c = new_case(a, subject="某文件")
    apply(c, "request_correction", on=D("2026-03-04"), deadline=D("2026-03-18"), items="文件名称")
    apply(c, "correction_received", on=D("2026-03-10"))
    apply(c, "consultation", kind="third_party", sent=D("2026-03-11"), answered=D("2026-03-18"), party="某公司")
    apply(c, "extend", on=D("2026-03-20"), days=10, approver="审核人", notified=D("2026-03-20"))
    apply(c, "fee_notice", on=D("2026-03-23"), amount_yuan=50, delivered=D("2026-03-24"))
    apply(c, "fee_paid", on=D("2026-03-25"))
    apply(c, "close", outcome="partial", reply_type="withheld", served=D("2026-04-20"), reasons="第三方信息不予公开")
    c.refresh_from_db()
    kinds = ("receipt", "correction", "consultation", "extension", "fee", "reply")
    issued = {k: bytes(services.issue_letter(c, k, D("2026-04-20")).document) for k in kinds}
    assert all(doc[:2] == b"PK" for doc in issued.values())
    correct(c, c.events.get(kind="closed").pk, "理由写得不全", "审核人", reasons="第三方商业秘密，经征求意见不同意公开")
    HolidaySchedule(year=2026, holidays={"2026-04-06": "清明节"}, workdays={}).save()
    c.refresh_from_db()
    assert {k: bytes(services.issue_letter(c, k, D("2026-12-01"), issue=False).document) for k in kinds} == issued
    assert sorted(c.letters.values_list("seq", flat=True)) == [1, 2, 3, 4, 5, 6]
