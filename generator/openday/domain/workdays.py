"""Working days on the official Chinese public-holiday calendar.

Deadlines such as “15个工作日内” skip public holidays and count the weekend
days that the State Council makes working days (调休). The calendar comes from
the maintained ``chinese_calendar`` package, which knows only the years whose
arrangements have been announced; beyond them we refuse to guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import chinese_calendar
from chinese_calendar import constants


class CalendarRangeError(ValueError):
    """A date outside the years whose holiday arrangements are known."""

    def __init__(self, day: date):
        first, last = known_years()
        super().__init__(
            f"节假日安排只收录了 {first}—{last} 年，无法按工作日计算 {day.isoformat()} 前后的期限"
        )
        self.day = day


@cache
def known_years() -> tuple[int, int]:
    days = [*constants.holidays, *constants.workdays]
    return min(days).year, max(days).year


def is_workday(day: date) -> bool:
    first, last = known_years()
    if not first <= day.year <= last:
        raise CalendarRangeError(day)
    return chinese_calendar.is_workday(day)


def add_workdays(start: date, count: int) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_workday(day):
            remaining -= 1
    return day


@dataclass(frozen=True, slots=True)
class Deadline:
    """A span after an event: ``days`` calendar days, or working days when ``working``."""

    days: int
    working: bool = False

    def due(self, after: date) -> date:
        if self.working:
            return add_workdays(after, self.days)
        return after + timedelta(days=self.days)

    def __str__(self) -> str:
        return f"{self.days}个工作日" if self.working else f"{self.days}天"
