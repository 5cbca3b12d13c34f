"""The one place where record text becomes dates and times.

Accepted forms (all local to the site's time zone unless an offset is given):

- date ``2023-09-20``; datetime ``2023-09-20 09:00`` (or ``T``, seconds and
  ``+08:00``/``Z`` allowed);
- fuzzy periods, only for plans: ``2023-09-上旬`` (1-10), ``2023-09-中旬``
  (11-20), ``2023-09-下旬`` (21 to month end), ``2023-09`` (whole month).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Literal

_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_DATETIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?(Z|[+-][0-9]{2}:[0-9]{2})?\Z"
)
_PERIOD = re.compile(r"([0-9]{4})-([0-9]{2})(?:-(上旬|中旬|下旬))?\Z")

Precision = Literal["minute", "day", "period"]


class TimeFormatError(ValueError):
    """Text that is not a valid date or time; the message is Chinese and names the reason."""


@dataclass(frozen=True, slots=True)
class Moment:
    """A point or span in time as written in a record.

    ``first_day``/``last_day`` bound it in days; ``at`` is the aware datetime
    when a time was given. ``label`` is how the schedule table shows it
    (``9月16日``, ``9月中旬``).
    """

    text: str
    precision: Precision
    first_day: date
    last_day: date
    at: datetime | None = None

    @property
    def label(self) -> str:
        day = self.first_day
        if self.precision != "period":
            return f"{day.month}月{day.day}日"
        if self.last_day.day == calendar.monthrange(day.year, day.month)[1] and day.day == 1:
            return f"{day.month}月"
        return f"{day.month}月{_DECADE_NAMES[day.day]}"

    @property
    def is_fuzzy(self) -> bool:
        return self.precision == "period"


_DECADE_NAMES = {1: "上旬", 11: "中旬", 21: "下旬"}
_DECADES = {"上旬": (1, 10), "中旬": (11, 20), "下旬": (21, None)}


#: Years a record may name: wide enough for any real event, narrow enough that every
#: later step (time zones, deadlines, calendars) stays inside Python's calendar.
YEARS = (1900, 2199)


def _make_date(year: str, month: str, day: str, text: str) -> date:
    try:
        value = date(int(year), int(month), int(day))
    except ValueError:
        raise TimeFormatError(f"“{text}”不是存在的日期") from None
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise TimeFormatError(f"“{text}”的年份须在 {YEARS[0]}—{YEARS[1]} 年之间")
    return value


def _offset(text: str) -> tzinfo:
    if text == "Z":
        return UTC
    sign = 1 if text[0] == "+" else -1
    hours, minutes = int(text[1:3]), int(text[4:6])
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_date(text: str) -> date:
    match = _DATE.match(text)
    if not match:
        raise TimeFormatError(f"“{text}”不是日期，应写作 YYYY-MM-DD")
    return _make_date(*match.groups(), text)


def parse_moment(text: str, tz: tzinfo, *, allow_period: bool = True) -> Moment:
    """Parse a start or end value; ``allow_period`` admits fuzzy periods."""
    try:
        return _moment(text, tz, allow_period)
    except (ValueError, OverflowError) as exc:
        if isinstance(exc, TimeFormatError):
            raise
        raise TimeFormatError(f"“{text}”超出可以表示的日期范围") from None


def _moment(text: str, tz: tzinfo, allow_period: bool) -> Moment:
    match = _DATETIME.match(text)
    if match:
        year, month, day, hour, minute, second, offset = match.groups()
        day_value = _make_date(year, month, day, text)
        if int(hour) > 23 or int(minute) > 59 or int(second or 0) > 59:
            raise TimeFormatError(f"“{text}”的时刻无效")
        zone = _offset(offset) if offset else tz
        at = datetime(
            day_value.year,
            day_value.month,
            day_value.day,
            int(hour),
            int(minute),
            int(second or 0),
            tzinfo=zone,
        )
        local_day = at.astimezone(tz).date()
        return Moment(text, "minute", local_day, local_day, at)
    match = _DATE.match(text)
    if match:
        day_value = _make_date(*match.groups(), text)
        return Moment(text, "day", day_value, day_value)
    match = _PERIOD.match(text)
    if match and allow_period:
        year, month, decade = int(match[1]), int(match[2]), match[3]
        if not 1 <= month <= 12:
            raise TimeFormatError(f"“{text}”的月份无效")
        if not YEARS[0] <= year <= YEARS[1]:
            raise TimeFormatError(f"“{text}”的年份须在 {YEARS[0]}—{YEARS[1]} 年之间")
        month_end = calendar.monthrange(year, month)[1]
        first, last = _DECADES[decade] if decade else (1, month_end)
        return Moment(
            text, "period", date(year, month, first), date(year, month, last or month_end)
        )
    raise TimeFormatError(f"“{text}”不是有效的时间")
