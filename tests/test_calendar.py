"""The working-day calendar against the State Council's holiday notices of 2019–2026:
every make-up working day (调休上班) and every holiday, written out here from the
notices; counting that explains itself; and no guessing beyond the known years."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from gongkai.cases.calendar import CalendarError, WorkCalendar


def days(spec: str) -> list[date]:
    """'2019-02-04..02-10' or '2019-02-02' → dates."""
    first, _, last = spec.partition("..")
    a = date.fromisoformat(first)
    b = date.fromisoformat(f"{a.year}-{last}") if last and len(last) == 5 else (date.fromisoformat(last) if last else a)
    return [a + timedelta(days=i) for i in range((b - a).days + 1)]


# 国务院办公厅关于各年部分节假日安排的通知
MAKE_UP_WORKDAYS = {
    2019: ["2019-02-02", "2019-02-03", "2019-04-28", "2019-05-05", "2019-09-29", "2019-10-12"],
    2020: ["2020-01-19", "2020-04-26", "2020-05-09", "2020-06-28", "2020-09-27", "2020-10-10"],
    2021: ["2021-02-07", "2021-02-20", "2021-04-25", "2021-05-08", "2021-09-18", "2021-09-26", "2021-10-09"],
    2022: ["2022-01-29", "2022-01-30", "2022-04-02", "2022-04-24", "2022-05-07", "2022-10-08", "2022-10-09"],
    2023: ["2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25", "2023-10-07", "2023-10-08"],
    2024: ["2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29",
           "2024-10-12"],
    2025: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
    2026: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
}
HOLIDAYS = {
    2019: ["2019-01-01", "2019-02-04..02-10", "2019-04-05..04-07", "2019-05-01..05-04", "2019-06-07..06-09",
           "2019-09-13..09-15", "2019-10-01..10-07"],
    # 2020: the Spring Festival break was extended to 2 February (国办发明电〔2020〕1号)
    2020: ["2020-01-01", "2020-01-24..02-02", "2020-04-04..04-06", "2020-05-01..05-05", "2020-06-25..06-27",
           "2020-10-01..10-08"],
    2021: ["2021-01-01..01-03", "2021-02-11..02-17", "2021-04-03..04-05", "2021-05-01..05-05", "2021-06-12..06-14",
           "2021-09-19..09-21", "2021-10-01..10-07"],
    2022: ["2022-01-01..01-03", "2022-01-31..02-06", "2022-04-03..04-05", "2022-04-30..05-04", "2022-06-03..06-05",
           "2022-09-10..09-12", "2022-10-01..10-07"],
    2023: ["2023-01-01..01-02", "2023-01-21..01-27", "2023-04-05", "2023-04-29..05-03", "2023-06-22..06-24",
           "2023-09-29..10-06"],
    2024: ["2024-01-01", "2024-02-10..02-17", "2024-04-04..04-06", "2024-05-01..05-05", "2024-06-10",
           "2024-09-15..09-17", "2024-10-01..10-07"],
    2025: ["2025-01-01", "2025-01-28..02-04", "2025-04-04..04-06", "2025-05-01..05-05", "2025-05-31..06-02",
           "2025-10-01..10-08"],
    2026: ["2026-01-01..01-03", "2026-02-15..02-23", "2026-04-04..04-06", "2026-05-01..05-05", "2026-06-19..06-21",
           "2026-09-25..09-27", "2026-10-01..10-07"],
}

CAL = WorkCalendar()


@pytest.mark.parametrize("year", range(2019, 2027))
def test_every_make_up_working_day_and_holiday(year):
    make_up = {date.fromisoformat(d) for d in MAKE_UP_WORKDAYS[year]}
    holidays = {d for spec in HOLIDAYS[year] for d in days(spec)}
    assert all(d.weekday() >= 5 for d in make_up)
    d = date(year, 1, 1)
    while d.year == year:
        expected = d in make_up or (d.weekday() < 5 and d not in holidays)
        assert CAL.is_workday(d) == expected, (d, CAL.day(d))
        d += timedelta(days=1)


def test_days_say_why():
    assert CAL.day(date(2026, 2, 14)).reason == "春节调休上班（周六）"
    assert CAL.day(date(2026, 2, 23)).reason == "春节"
    assert CAL.day(date(2026, 3, 7)).reason == "周六"
    assert CAL.day(date(2026, 3, 9)).reason == "工作日"


def test_twenty_working_days_across_spring_festival():
    """The receipt day is not counted; a rest day as start is not off by one."""
    count = CAL.add_working_days(date(2026, 2, 15), 20)  # a Sunday in the Spring Festival break
    assert count.end == date(2026, 3, 20)
    assert count.counted[0] == date(2026, 2, 24) and date(2026, 2, 28) in count.counted
    assert count.explain() == (
        "自 2026-02-15 的次日起算 20 个工作日，至 2026-03-20；跳过双休日 5 天，法定节假日 2月16日（春节）、2月17日（春节）、"
        "2月18日（春节）、2月19日（春节）、2月20日（春节）、2月21日（春节）、2月22日（春节）、2月23日（春节），"
        "调休上班的周末计入：2月28日。")


def test_twenty_working_days_across_national_day():
    count = CAL.add_working_days(date(2025, 9, 26), 20)
    # 9/28 (Sun) and 10/11 (Sat) are worked; 10/1–10/8 are not
    assert count.end == date(2025, 10, 30)
    assert [d for d in count.counted if d.weekday() >= 5] == [date(2025, 9, 28), date(2025, 10, 11)]
    assert len([d for d, why in count.skipped if why == "国庆节"]) == 7


def test_beyond_known_data_is_an_error_not_a_guess():
    with pytest.raises(CalendarError, match="2027 年的节假日安排尚未收录"):
        CAL.is_workday(date(2027, 3, 1))
    with pytest.raises(CalendarError):
        CAL.add_working_days(date(2026, 12, 20), 20)


def test_a_configured_year_and_local_changes(tmp_path):
    table = tmp_path / "cal.json"
    table.write_text(json.dumps({"years": [2027], "holidays": {"2027-01-01": "元旦", "2026-12-31": "本地调整"},
                                 "workdays": {"2027-01-02": "元旦调休上班"}}, ensure_ascii=False), "utf-8")
    cal = WorkCalendar(table)
    assert cal.day(date(2027, 1, 1)).reason == "元旦"
    assert cal.day(date(2027, 1, 2)).reason == "元旦调休上班（周六）"
    assert not cal.is_workday(date(2026, 12, 31))
    assert cal.add_working_days(date(2026, 12, 30), 2).end == date(2027, 1, 4)


def test_bad_configured_table(tmp_path):
    table = tmp_path / "cal.json"
    table.write_text('{"holidays": {"2027-13-01": "x"}}')
    with pytest.raises(CalendarError, match="节假日配置文件格式错误"):
        WorkCalendar(table)
