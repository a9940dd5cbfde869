"""Request cases under their legal clocks, fees, and a year compiled from records."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest

from gongkai.cases.calendar import WorkCalendar
from gongkai.cases.clocks import CaseError, RequestCase, due_date
from gongkai.cases.compile import NormativeDocument, Review, YearCounts, compile_year
from gongkai.cases.fees import per_page, per_request
from gongkai.checks import check
from gongkai.cli import main
from gongkai.errors import GongkaiError
from gongkai.report.catalog import TABLE_B_KEYS, TABLE_B_RESULT_KEYS

CAL = WorkCalendar()
D = date.fromisoformat


def case(**kw) -> RequestCase:
    base = dict(number="2026-001", applicant="张三", applicant_type="natural_person", channel="当面",
                submitted=D("2026-02-15"))
    base.update(kw)
    return RequestCase(**base)


# --- receipt and the reply clock --------------------------------------------------------

def test_received_by_channel():
    assert case().received == D("2026-02-15")
    assert case(channel="邮寄", submitted=D("2026-03-02"), confirmed=D("2026-03-05")).received == D("2026-03-05")
    assert case(channel="网络", submitted=D("2026-03-02"), confirmed=D("2026-03-03")).received == D("2026-03-03")
    with pytest.raises(CaseError, match="邮寄申请以签收之日为收到申请之日"):
        case(channel="邮寄")
    with pytest.raises(CaseError, match="申请人类型"):
        case(applicant_type="公司")


def test_spring_festival_with_correction_consultation_and_extension():
    c = case(submitted=D("2026-02-10"))  # a Tuesday before the break
    assert c.clock(CAL).due == D("2026-03-16")  # 2/11–2/14 (Sat, worked), 2/24 onwards, 2/28 worked
    c.request_correction(D("2026-02-13"), deadline=D("2026-03-06"), calendar=CAL)
    assert c.clock(CAL).due is None  # the clock waits for the correction
    c.correction_received(D("2026-03-02"))
    assert c.clock(CAL).due == D("2026-03-30")  # 20 working days from 3/2 afresh
    c.consultation("third_party", D("2026-03-09"), D("2026-03-13"), calendar=CAL)  # 3/10–3/13: 4 working days
    c.extend(D("2026-03-20"), 10, approver="李四（办公室主任）", notified=D("2026-03-20"), calendar=CAL)
    clock = c.clock(CAL)
    assert clock.due == D("2026-04-20")  # 3/30 + 4 (consultation) = 4/3, + 10 (4/4–4/6 清明) = 4/20
    assert clock.explain().split("\n") == [
        "收到申请：2026-02-10",
        "收到补正，答复期限重新起算：2026-03-02（条例第三十条）",
        "答复期限 20 个工作日：2026-03-30（自 2026-03-02 的次日起算 20 个工作日，至 2026-03-30；跳过双休日 8 天。）",
        "征求第三方意见2026-03-09至2026-03-13，不计入答复期限 4 个工作日，顺延至：2026-04-03",
        "经批准延长 10 个工作日，至：2026-04-20（条例第三十三条第二款）",
    ]


def test_national_day_with_co_maker_consultation_and_fee():
    c = case(number="2026-090", submitted=D("2026-09-22"), applicant_type="commercial")
    assert c.clock(CAL).due == D("2026-10-27")  # 9/23, 9/24, 9/28–9/30 (中秋 9/25–27), 10/8–10/10 (Sat, worked) …
    c.consultation("co_maker", D("2026-10-12"), calendar=CAL)  # no answer: 15 working days
    c.fee_notice(D("2026-10-13"), 300, delivered=D("2026-10-14"), calendar=CAL)
    c.fee_paid(D("2026-10-20"))
    clock = c.clock(CAL)
    # consultation 10/13–11/2 (15 wd) and payment 10/14–10/20 (5 wd) both excluded
    assert clock.due == D("2026-11-24")
    assert [s.what for s in clock.steps][2:] == [
        "征求共同制作机关意见2026-10-12至2026-11-02，不计入答复期限 15 个工作日，顺延至",
        "收费通知至缴费2026-10-13至2026-10-20，不计入答复期限 5 个工作日，顺延至"]
    c.close("granted", served=D("2026-11-20"), reply_type="disclosed")
    assert not c.late(CAL) and c.outcome_label() == "（一）予以公开"


def test_fee_payment_period_counted_when_configured():
    c = case(submitted=D("2026-05-11"), fee_suspends=False)
    c.fee_notice(D("2026-05-12"), 100, delivered=D("2026-05-12"), calendar=CAL)
    assert c.clock(CAL).due == CAL.add_working_days(D("2026-05-11"), 20).end


def test_illegal_moves_are_refused_with_the_reason():
    c = case(submitted=D("2026-03-02"))
    with pytest.raises(CaseError, match=r"补正告知应在收到申请之日起 7 个工作日内（2026-03-11 前）发出"):
        c.request_correction(D("2026-03-12"), deadline=D("2026-03-30"), calendar=CAL)
    c.request_correction(D("2026-03-09"), deadline=D("2026-03-20"), calendar=CAL)
    with pytest.raises(CaseError, match="补正只能一次性告知"):
        c.request_correction(D("2026-03-10"), deadline=D("2026-03-30"), calendar=CAL)
    with pytest.raises(CaseError, match="补正期限（2026-03-20）未届满"):
        c.close("granted", served=D("2026-03-15"))
    c.correction_received(D("2026-03-16"))
    c.extend(D("2026-04-01"), 20, approver="王五", notified=D("2026-04-01"), calendar=CAL)
    with pytest.raises(CaseError, match="答复期限只能延长一次"):
        c.extend(D("2026-04-02"), 5, approver="王五", notified=D("2026-04-02"), calendar=CAL)
    with pytest.raises(CaseError, match="办理结果应为表二"):
        c.close("done", served=D("2026-04-10"))
    c.close("partial", served=D("2026-04-10"), reply_type="disclosed")
    with pytest.raises(CaseError, match="申请已于 2026-04-10 办结"):
        c.consultation("third_party", D("2026-04-11"), calendar=CAL)


def test_extension_needs_approver_and_limits():
    c = case(submitted=D("2026-03-02"))
    with pytest.raises(CaseError, match="请填写批准人"):
        c.extend(D("2026-03-10"), 10, approver=" ", notified=D("2026-03-10"), calendar=CAL)
    with pytest.raises(CaseError, match="最长不超过 20 个工作日"):
        c.extend(D("2026-03-10"), 21, approver="王五", notified=D("2026-03-10"), calendar=CAL)
    with pytest.raises(CaseError, match="答复期限已于 2026-03-30 届满"):
        c.extend(D("2026-03-31"), 5, approver="王五", notified=D("2026-03-31"), calendar=CAL)
    with pytest.raises(CaseError, match="征求意见期限为 15 个工作日"):
        c.consultation("third_party", D("2026-03-03"), D("2026-04-30"), calendar=CAL)


def test_overdue_correction_and_unpaid_fee_close_as_other():
    c = case(submitted=D("2026-03-02"))
    c.request_correction(D("2026-03-04"), deadline=D("2026-03-18"), calendar=CAL)
    with pytest.raises(CaseError, match="补正期限至 2026-03-18，尚未届满"):
        c.close("other_overdue_correction", served=D("2026-03-18"))
    c.close("other_overdue_correction", served=D("2026-03-19"))
    f = case(number="2026-002", submitted=D("2026-03-02"))
    with pytest.raises(CaseError, match="逾期未缴费"):
        f.close("other_overdue_fee", served=D("2026-03-10"))
    f.fee_notice(D("2026-03-05"), 2000, delivered=D("2026-03-06"), calendar=CAL)
    with pytest.raises(CaseError, match="缴费期限至 2026-04-03，尚未届满"):
        f.close("other_overdue_fee", served=D("2026-04-03"))
    f.close("other_overdue_fee", served=D("2026-04-07"))


def test_late_reply_is_recorded_not_refused():
    c = case(submitted=D("2026-03-02")).close("granted", served=D("2026-04-15"), reply_type="disclosed")
    assert c.late(CAL)


def test_deadline_command(capsys):
    assert main(["deadline", "2026-02-10", "--corrected", "2026-03-02", "--suspend", "2026-03-09:2026-03-13",
                 "--extend", "10", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["received"], data["start"], data["due"]) == ("2026-02-10", "2026-03-02", "2026-04-20")
    assert {"date": "2026-04-06", "reason": "清明节"} in data["skipped"]



def test_a_deadline_past_the_announced_schedules_is_provisional_then_exact(capsys, tmp_path, monkeypatch):
    from gongkai.cases import calendar

    assert main(["deadline", "2026-12-20"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("答复期限（暂定）：2027-01-15\n")  # weekends only: the earliest plausible day
    assert "暂定：2027 年的放假安排尚未公布，按只扣除双休日计算，为最早可能的期限" in out
    assert main(["deadline", "2026-12-20", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["due"], data["provisional"]) == ("2027-01-15", True)
    # the State Council announces 2027: 元旦 on Friday 1 January
    table = tmp_path / "2027.json"
    table.write_text(json.dumps({"years": [2027], "holidays": {"2027-01-01": "元旦"}}), "utf-8")
    monkeypatch.setenv("GONGKAI_CALENDAR", str(table))
    monkeypatch.setattr(calendar, "_DEFAULT", None)
    assert main(["deadline", "2026-12-20", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["due"], data["provisional"]) == ("2027-01-18", False)
    monkeypatch.setattr(calendar, "_DEFAULT", None)


def test_suspensions_in_calendar_days_when_configured():
    pause = [(D("2026-03-06"), D("2026-03-20"), "征求意见")]
    working = due_date(D("2026-03-02"), suspensions=pause, calendar=CAL)
    calendar = due_date(D("2026-03-02"), suspensions=pause, calendar=CAL, suspend_in="calendar")
    assert working.due == D("2026-04-14")  # 3/30 + 10 working days (3/9–3/20), over 清明 4/4–4/6
    assert working.steps[-1].what == "征求意见2026-03-06至2026-03-20，不计入答复期限 10 个工作日，顺延至"
    assert calendar.due == D("2026-04-13")  # 3/30 + 14 days
    assert calendar.steps[-1].what == "征求意见2026-03-06至2026-03-20，不计入答复期限 14 日，顺延至"


def test_due_date_refuses_impossible_input():
    with pytest.raises(CaseError, match="延长答复期限最长 20 个工作日"):
        due_date(D("2026-03-02"), extension=25, calendar=CAL)


# --- fees -----------------------------------------------------------------------------------

@pytest.mark.parametrize("requests, amount", [(0, 0), (10, 0), (11, 100), (30, 2000), (35, 3000), (40, 4000),
                                              (41, 4300), (55, 9000)])
def test_per_request_fee(requests, amount):
    assert per_request(requests).amount_yuan == amount


@pytest.mark.parametrize("pages, amount", [(30, 0), (31, 10), (100, 700), (150, 1700), (200, 2700), (201, 2740)])
def test_per_page_fee(pages, amount):
    assert per_page(pages).amount_yuan == amount


def test_fee_command(capsys):
    assert main(["fee", "--pages", "150", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["amount_yuan"] == 1700
    assert [(t["first"], t["last"], t["rate_yuan"], t["amount_yuan"]) for t in data["tiers"]] == [
        (1, 30, 0, 0), (31, 100, 10, 700), (101, 150, 20, 1000)]
    assert main(["fee", "--requests", "35"]) == 0
    assert capsys.readouterr().out == ("信息处理费：3000 元\n按件：35件，第11–30件 20件×100元=2000元；"
                                       "第31–35件 5件×200元=1000元；合计 3000 元\n")


# --- a year compiled from records ------------------------------------------------------------

TYPES = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other"]


def generated_cases(n: int, seed: int = 1, start: date = date(2023, 11, 1)) -> list[RequestCase]:
    """Requests received over 16 months from `start` (2023-11 to 2025-02), closed (or
    not) within 0–70 days."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        received = start + timedelta(days=rng.randrange(0, 480))
        c = RequestCase(f"C{i:05d}", f"申请人{i}", rng.choice(TYPES), "当面", received)
        if rng.random() < 0.85:
            closed = received + timedelta(days=rng.randrange(0, 70))
            c.outcome, c.served, c.closed_on = rng.choice(TABLE_B_RESULT_KEYS), closed, closed
        out.append(c)
    return out


def test_a_year_compiles_to_tables_whose_identities_hold_and_whose_cells_count_right():
    cases = generated_cases(4000)
    reviews = [Review("R1", "review", D("2024-03-01"), D("2024-05-01"), "upheld"),
               Review("R2", "review", D("2024-11-20")),  # pending at year end
               Review("R3", "litigation_direct", D("2023-12-01"), D("2024-02-01"), "corrected"),
               Review("R4", "litigation_after_review", D("2024-06-01"), D("2025-01-10"), "other")]
    documents = [NormativeDocument("某规〔2020〕1号", "甲", "normative_documents", D("2020-05-01")),
                 NormativeDocument("某规〔2024〕2号", "乙", "normative_documents", D("2024-04-01")),
                 NormativeDocument("某规〔2019〕3号", "丙", "normative_documents", D("2019-01-01"), D("2024-09-01"))]
    report, members = compile_year("某市某局", 2024, cases, reviews, documents, YearCounts(12, 3, 0, 1.5))
    rows = {k: report.b(k) for k in TABLE_B_KEYS}
    values = report.numbers()
    assert [(i.rule, i.holds(values)) for i in report.format.identities if i.holds(values) is not True] == []
    assert {i.rule for i in report.format.identities} == {"B-ROW-TOTAL", "B-BALANCE", "B-RESULTS-TOTAL", "C-TOTAL"}

    # an independent count, straight from the definitions
    start, end = date(2023, 12, 31), date(2024, 12, 31)
    for col, kind in enumerate(TYPES):
        mine = [c for c in cases if c.applicant_type == kind]
        new = [c for c in mine if c.received.year == 2024]
        carried = [c for c in mine if c.received <= start and (c.closed_on is None or c.closed_on > start)]
        handled = new + carried
        closed = [c for c in handled if c.closed_on is not None and c.closed_on.year == 2024]
        forward = [c for c in handled if c.closed_on is None or c.closed_on > end]
        assert rows["new_received"][col] == len(new)
        assert rows["carried_over"][col] == len(carried)
        assert rows["carry_forward"][col] == len(forward)
        assert rows["total"][col] == len(closed)
        for key in TABLE_B_RESULT_KEYS:
            assert rows[key][col] == sum(1 for c in closed if c.outcome == key)
        assert sorted(members[f"table_b.new_received.{col}"]) == sorted(c.number for c in new)
    assert rows["carried_over"][6] > 0 and rows["carry_forward"][6] > 0  # carry-overs both ways
    assert report.c() == [1, 0, 0, 1, 2, 0, 1, 0, 0, 1, 0, 0, 0, 1, 1]
    assert members["table_c.3"] == ["R2"]
    assert report.table_a["normative_documents"] == {
        "issued": report.table_a["normative_documents"]["issued"], "repealed": report.table_a["normative_documents"]["repealed"],
        "in_force": report.table_a["normative_documents"]["in_force"]}
    assert [report.a("normative_documents", k) for k in ("issued", "repealed", "in_force")] == [1, 1, 2]
    assert members["table_a.normative_documents.in_force"] == ["某规〔2020〕1号", "某规〔2024〕2号"]
    assert [report.a(k, "decisions") for k in ("licensing", "penalty", "coercion")] == [12, 3, 0]
    arithmetic = [f for f in check(report) if f.rule in ("B-BALANCE", "B-ROW-TOTAL", "B-RESULTS-TOTAL", "C-TOTAL")]
    assert arithmetic == []


def test_a_year_before_2021_compiles_in_the_2019_format_its_checks_accept():
    """2020 is a 2019-format year: its single （六）其他处理 counts the requests closed under
    any of the 2021 format's three; the columns no record counts are left to fill."""
    cases = generated_cases(1500, seed=3, start=date(2019, 11, 1))
    documents = [NormativeDocument("某规〔2020〕1号", "甲", "normative_documents", D("2020-05-01"))]
    report, members = compile_year("某局", 2020, cases, documents=documents, counts=YearCounts(12, 3, 0, 1.5))
    assert report.format_version == "2019"
    assert set(report.table_b) == {spec.key for spec in report.format.table_b}
    closed = [c for c in cases if c.closed_on is not None and c.closed_on.year == 2020]
    assert report.b("other_other")[6] == sum(1 for c in closed if c.outcome.startswith("other_"))
    assert report.table_a["normative_documents"]["made"].value == 1
    assert report.table_a["normative_documents"]["published"].value is None  # no record counts it
    assert [report.a(k, "decisions") for k in ("licensing", "penalty", "coercion")] == [12, 3, 0]
    values = report.numbers()
    assert [i.rule for i in report.format.identities if i.holds(values) is False] == []
    assert [f.rule for f in check(report) if f.rule in ("FORMAT-VERSION", "B-RESULTS-TOTAL", "MISSING-ROW")] == []


def test_years_before_2019_are_not_compiled():
    with pytest.raises(GongkaiError, match="2019 年以前"):
        compile_year("某局", 2018, [])


def test_next_year_carries_over_exactly_what_this_year_carries_forward():
    cases = generated_cases(1500, seed=2)
    y2024, _ = compile_year("某局", 2024, cases)
    y2025, _ = compile_year("某局", 2025, cases)
    assert y2025.b("carried_over") == y2024.b("carry_forward")
    assert [f.rule for f in check(y2025, y2024) if f.rule == "CARRY-OVER"] == []
