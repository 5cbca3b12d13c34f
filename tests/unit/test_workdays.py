"""Working days on the official holiday calendar, 调休 weekends included."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from openday.domain.workdays import (
    CalendarRangeError,
    Deadline,
    add_workdays,
    is_workday,
    known_years,
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2022, 9, 9), True),  # Friday before the Mid-Autumn holiday
        (date(2022, 9, 10), False),  # 中秋节 (Saturday)
        (date(2022, 9, 12), False),  # 中秋节 holiday Monday
        (date(2022, 9, 13), True),
        (date(2022, 10, 1), False),  # 国庆节
        (date(2022, 10, 3), False),  # Monday inside the National Day week
        (date(2022, 10, 7), False),  # Friday inside the National Day week
        (date(2022, 10, 8), True),  # 调休: Saturday made a working day
        (date(2022, 10, 9), True),  # 调休: Sunday made a working day
        (date(2022, 10, 15), False),  # an ordinary Saturday
        (date(2023, 10, 7), True),  # 2023 调休 Saturday after the joint 中秋/国庆 holiday
        (date(2023, 9, 29), False),  # 2023 中秋节 (Friday)
    ],
)
def test_working_days_follow_the_official_calendar_not_the_weekday(day, working):
    assert is_workday(day) is working


def test_the_fifteenth_working_day_after_2022_09_16_is_2022_10_12():
    """Seed 004 五(四): 15个工作日内办结并反馈; across 国庆 and the 调休 weekend of 10-08/10-09."""
    assert add_workdays(date(2022, 9, 16), 15) == date(2022, 10, 12)


def test_working_days_skip_the_mid_autumn_holiday():
    assert add_workdays(date(2022, 9, 9), 1) == date(2022, 9, 13)


def test_the_fifth_working_day_after_2023_09_26_is_2023_10_09():
    """Seed 002 六(三): 5个工作日内; the 2023 holiday ran 09-29 to 10-06, with 10-07/10-08 worked."""
    assert add_workdays(date(2023, 9, 26), 5) == date(2023, 10, 9)


def test_zero_working_days_is_the_day_itself():
    assert add_workdays(date(2022, 10, 1), 0) == date(2022, 10, 1)


def test_counting_starts_the_day_after():
    assert add_workdays(date(2022, 10, 7), 1) == date(2022, 10, 8)


def test_a_deadline_in_calendar_days_ignores_holidays():
    assert Deadline(15).due(date(2021, 9, 20)) == date(2021, 10, 5)
    assert Deadline(15).due(date(2030, 1, 1)) == date(2030, 1, 16)


def test_a_deadline_in_working_days_uses_the_calendar():
    assert Deadline(15, working=True).due(date(2022, 9, 16)) == date(2022, 10, 12)


def test_deadlines_read_in_chinese():
    assert str(Deadline(15)) == "15天"
    assert str(Deadline(5, working=True)) == "5个工作日"


def test_the_calendar_knows_2004_to_2026():
    assert known_years() == (2004, 2026)


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (
            date(2027, 1, 4),
            "节假日安排只收录了 2004—2026 年，无法按工作日计算 2027-01-04 前后的期限",
        ),
        (
            date(2003, 12, 31),
            "节假日安排只收录了 2004—2026 年，无法按工作日计算 2003-12-31 前后的期限",
        ),
    ],
)
def test_a_day_beyond_the_known_years_gives_a_clear_error(day, message):
    with pytest.raises(CalendarRangeError) as caught:
        is_workday(day)
    assert str(caught.value) == message
    assert caught.value.day == day


def test_a_working_day_deadline_running_past_the_calendar_refuses_to_guess():
    with pytest.raises(CalendarRangeError) as caught:
        Deadline(15, working=True).due(date(2026, 12, 28))
    assert (
        str(caught.value)
        == "节假日安排只收录了 2004—2026 年，无法按工作日计算 2027-01-01 前后的期限"
    )


def test_every_day_of_a_known_year_is_answered():
    day = date(2026, 1, 1)
    while day.year == 2026:
        assert isinstance(is_workday(day), bool)
        day += timedelta(days=1)
