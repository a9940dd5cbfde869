"""Working days (工作日) under the State Council's holiday schedules, with 调休.

A date is a working day when it is Monday–Friday and not an official holiday, or a
weekend day designated as a make-up working day (调休上班). Official data comes from
`chinesecalendar` (2004 to the last year the State Council has announced); years not
yet announced, and local changes, come from a configured table (JSON):

    {"years": [2027],
     "holidays": {"2027-01-01": "元旦", …},
     "workdays": {"2027-02-07": "春节调休上班", …}}

A date beyond the known data is an error, never a guess. Periods count from the day
after the start day (民法典 第二百零一条), so the receipt day is not counted.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..errors import GongkaiError

_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节", "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
_WEEKDAY = "一二三四五六日"
CONFIG_ENV = "GONGKAI_CALENDAR"


class CalendarError(GongkaiError):
    code = "calendar"


@dataclass(frozen=True)
class Day:
    date: date
    workday: bool
    reason: str  # 工作日 / 周六 / 春节 / 春节调休上班（周日）…


@dataclass
class Count:
    """N working days after `start`: the day reached, and why each day counted or not."""

    start: date
    days: int
    end: date
    counted: list[date] = field(default_factory=list)
    skipped: list[tuple[date, str]] = field(default_factory=list)

    def explain(self) -> str:
        if not self.days:
            return f"{self.start} 起 0 个工作日，即 {self.end}"
        holidays = [f"{d.month}月{d.day}日（{why}）" for d, why in self.skipped if not why.startswith("周")]
        weekends = sum(1 for _, why in self.skipped if why.startswith("周"))
        text = f"自 {self.start} 的次日起算 {self.days} 个工作日，至 {self.end}"
        parts = []
        if weekends:
            parts.append(f"双休日 {weekends} 天")
        if holidays:
            parts.append("法定节假日 " + "、".join(holidays))
        made_up = [d for d in self.counted if d.weekday() >= 5]
        if made_up:
            parts.append("调休上班的周末计入：" + "、".join(f"{d.month}月{d.day}日" for d in made_up))
        return text + ("；跳过" + "，".join(parts) if parts else "") + "。"


class WorkCalendar:
    def __init__(self, config: str | os.PathLike | dict | None = None):
        from chinese_calendar import constants  # the official schedules

        self.holidays: dict[date, str] = {d: _NAMES.get(n, n) for d, n in constants.holidays.items()}
        self.workdays: dict[date, str] = {d: f"{_NAMES.get(n, n)}调休上班" for d, n in constants.workdays.items()}
        years = {d.year for d in list(constants.holidays) + list(constants.workdays)}
        self.first, self.last = min(years), max(years)
        self.extra_years: set[int] = set()
        if config is None and os.environ.get(CONFIG_ENV):
            config = os.environ[CONFIG_ENV]
        if config is not None:
            self.load(config)

    def load(self, config: str | os.PathLike | dict) -> None:
        """Add a year the official data does not have yet, or local changes."""
        if not isinstance(config, dict):
            try:
                with open(config, encoding="utf-8") as fh:
                    config = json.load(fh)
            except (OSError, ValueError) as err:
                raise CalendarError(f"节假日配置文件无法读取（calendar table unreadable）：{err}") from err
        try:
            for key, name in (config.get("holidays") or {}).items():
                d = date.fromisoformat(key)
                self.holidays[d] = name
                self.workdays.pop(d, None)
            for key, name in (config.get("workdays") or {}).items():
                d = date.fromisoformat(key)
                self.workdays[d] = name or "调休上班"
                self.holidays.pop(d, None)
            self.extra_years.update(int(y) for y in config.get("years") or ())
        except (TypeError, ValueError) as err:
            raise CalendarError(f"节假日配置文件格式错误（bad calendar table）：{err}") from err

    def known(self, year: int) -> bool:
        return self.first <= year <= self.last or year in self.extra_years

    def day(self, d: date) -> Day:
        if not self.known(d.year):
            raise CalendarError(
                f"{d.year} 年的节假日安排尚未收录（已知 {self.first}–{self.last}"
                f"{'、' + '、'.join(map(str, sorted(self.extra_years))) if self.extra_years else ''}）。"
                f"国务院公布后，请在 {CONFIG_ENV} 指定的节假日配置表中补充该年（no holiday data for {d.year}）")
        if d in self.workdays:
            return Day(d, True, f"{self.workdays[d]}（周{_WEEKDAY[d.weekday()]}）")
        if d in self.holidays:
            return Day(d, False, self.holidays[d])
        if d.weekday() >= 5:
            return Day(d, False, f"周{_WEEKDAY[d.weekday()]}")
        return Day(d, True, "工作日")

    def is_workday(self, d: date) -> bool:
        return self.day(d).workday

    def add_working_days(self, start: date, days: int) -> Count:
        """The day on which `days` working days after `start` are complete (the start
        day itself not counted)."""
        if days < 0:
            raise ValueError("days must be ≥ 0")
        count = Count(start, days, start)
        d = start
        while len(count.counted) < days:
            d += timedelta(days=1)
            day = self.day(d)
            if day.workday:
                count.counted.append(d)
            else:
                count.skipped.append((d, day.reason))
        count.end = d
        return count

    def working_days_in(self, first: date, last: date) -> int:
        """Working days from `first` through `last`, both included."""
        n, d = 0, first
        while d <= last:
            n += self.day(d).workday
            d += timedelta(days=1)
        return n


class ProvisionalCalendar(WorkCalendar):
    """The calendar for a date past the announced schedules: a year not yet announced
    counts its weekdays as working days (no holiday assumed), so a period ends on the
    earliest day it plausibly can — a provisional date, never a lost one. The years
    assumed are kept (`assumed`) so that the date can be marked 暂定 with why."""

    def __init__(self, base: WorkCalendar):
        self.__dict__.update(base.__dict__)
        self.assumed: set[int] = set()

    def day(self, d: date) -> Day:
        if self.known(d.year):
            return super().day(d)
        self.assumed.add(d.year)
        if d.weekday() >= 5:
            return Day(d, False, f"周{_WEEKDAY[d.weekday()]}")
        return Day(d, True, "工作日（暂定）")

    def note(self) -> str:
        """Why a date it gave is provisional ("" when it is not)."""
        if not self.assumed:
            return ""
        years = "、".join(map(str, sorted(self.assumed)))
        return (f"暂定：{years} 年的放假安排尚未公布，按只扣除双休日计算，为最早可能的期限；"
                f"该年安排录入后（{CONFIG_ENV} 节假日配置表）将按实际放假和调休重新计算")


def provisional(calendar: WorkCalendar | None = None) -> ProvisionalCalendar:
    """A provisional view of `calendar` (the default one when None)."""
    return ProvisionalCalendar(calendar or default_calendar())


_DEFAULT: WorkCalendar | None = None


def default_calendar() -> WorkCalendar:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = WorkCalendar()
    return _DEFAULT
