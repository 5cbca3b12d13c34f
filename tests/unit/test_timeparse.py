"""Dates, times and fuzzy periods: the one place where record text becomes time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openday.domain.timeparse import TimeFormatError, parse_date, parse_moment

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_a_date_is_read_as_a_day():
    moment = parse_moment("2023-09-20", SHANGHAI)
    assert (moment.precision, moment.first_day, moment.last_day, moment.at) == (
        "day",
        date(2023, 9, 20),
        date(2023, 9, 20),
        None,
    )
    assert moment.label == "9月20日"
    assert not moment.is_fuzzy


@pytest.mark.parametrize(
    "text",
    [
        "2023-09-20 09:00",
        "2023-09-20T09:00",
        "2023-09-20 9:00",
        "2023-09-20 09:00:00",
        "2023-09-20 09:00+08:00",
    ],
)
def test_a_datetime_is_local_to_the_site_unless_it_has_an_offset(text):
    moment = parse_moment(text, SHANGHAI)
    assert moment.precision == "minute"
    assert moment.at == datetime(2023, 9, 20, 9, 0, tzinfo=SHANGHAI)
    assert moment.first_day == moment.last_day == date(2023, 9, 20)
    assert moment.text == text


def test_an_explicit_offset_is_kept_and_the_day_is_the_local_one():
    moment = parse_moment("2023-09-19 20:00Z", SHANGHAI)
    assert moment.at == datetime(2023, 9, 19, 20, 0, tzinfo=UTC)
    assert moment.first_day == date(2023, 9, 20)
    west = parse_moment("2023-09-19 23:00-08:00", SHANGHAI)
    assert west.at.utcoffset() == timedelta(hours=-8)
    assert west.first_day == date(2023, 9, 20)
    assert west.at == datetime(2023, 9, 20, 15, 0, tzinfo=SHANGHAI)


def test_another_site_zone_moves_the_day():
    moment = parse_moment("2023-09-20 02:00+08:00", ZoneInfo("Europe/Berlin"))
    assert moment.first_day == date(2023, 9, 19)


@pytest.mark.parametrize(
    ("text", "first", "last", "label"),
    [
        ("2023-09-上旬", date(2023, 9, 1), date(2023, 9, 10), "9月上旬"),
        ("2023-09-中旬", date(2023, 9, 11), date(2023, 9, 20), "9月中旬"),
        ("2023-09-下旬", date(2023, 9, 21), date(2023, 9, 30), "9月下旬"),
        ("2023-08-下旬", date(2023, 8, 21), date(2023, 8, 31), "8月下旬"),
        ("2024-02-下旬", date(2024, 2, 21), date(2024, 2, 29), "2月下旬"),
        ("2023-02-下旬", date(2023, 2, 21), date(2023, 2, 28), "2月下旬"),
        ("2023-09", date(2023, 9, 1), date(2023, 9, 30), "9月"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "2月"),
    ],
)
def test_fuzzy_periods_span_their_decade_or_month(text, first, last, label):
    moment = parse_moment(text, SHANGHAI)
    assert (moment.precision, moment.first_day, moment.last_day, moment.at) == (
        "period",
        first,
        last,
        None,
    )
    assert moment.label == label
    assert moment.is_fuzzy


def test_a_period_is_refused_where_only_exact_times_are_allowed():
    with pytest.raises(TimeFormatError, match="^“2023-09-中旬”不是有效的时间$"):
        parse_moment("2023-09-中旬", SHANGHAI, allow_period=False)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023-02-29", "“2023-02-29”不是存在的日期"),
        ("2023-09-31 09:00", "“2023-09-31 09:00”不是存在的日期"),
        ("2023-09-20 24:00", "“2023-09-20 24:00”的时刻无效"),
        ("2023-09-20 09:60", "“2023-09-20 09:60”的时刻无效"),
        ("2023-09-20 09:00:60", "“2023-09-20 09:00:60”的时刻无效"),
        ("2023-13", "“2023-13”的月份无效"),
        ("2023-00-上旬", "“2023-00-上旬”的月份无效"),
        ("2023-09-末旬", "“2023-09-末旬”不是有效的时间"),
        ("9月20日", "“9月20日”不是有效的时间"),
        ("2023-9-20", "“2023-9-20”不是有效的时间"),
    ],
)
def test_invalid_times_raise_a_chinese_reason(text, message):
    with pytest.raises(TimeFormatError) as caught:
        parse_moment(text, SHANGHAI)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "text", ["0000-09", "0000-09-上旬", "9999-12-31 23:59-08:00", "0001-01-01 00:00+08:00"]
)
def test_times_outside_pythons_calendar_raise_time_format_error(text):
    """Not ValueError or OverflowError, which would crash the checker."""
    with pytest.raises(TimeFormatError):
        parse_moment(text, SHANGHAI)


def test_year_zero_dates_are_not_existing_dates():
    with pytest.raises(TimeFormatError, match="不是存在的日期"):
        parse_moment("0000-01-01 09:00", SHANGHAI)


def test_parse_date_accepts_only_a_plain_date():
    assert parse_date("2023-09-20") == date(2023, 9, 20)
    for text in ("2023-09-20 09:00", "2023-09", "20230920"):
        with pytest.raises(TimeFormatError, match="应写作 YYYY-MM-DD"):
            parse_date(text)
    with pytest.raises(TimeFormatError, match="^“2023-02-30”不是存在的日期$"):
        parse_date("2023-02-30")


@pytest.mark.attack
@pytest.mark.parametrize(
    "text",
    [
        "２０２２-０９-１６",
        "٢٠٢٢-٠٩-١٦",
        "۲۰۲۲-۰۹-۱۶",
        "2022-09-１６",
        "2022-09-16 ０9:00",
        "२०२२-09",
    ],
)
def test_only_ascii_digits_make_a_date_or_time(text):
    """``\\d`` matches full-width and Arabic-Indic digits, and ``int`` reads them: a file named
    with them would be a second, look-alike page of the same day."""
    with pytest.raises(TimeFormatError):
        parse_moment(text, ZoneInfo("Asia/Shanghai"))
    if len(text) == 10:
        with pytest.raises(TimeFormatError):
            parse_date(text)
