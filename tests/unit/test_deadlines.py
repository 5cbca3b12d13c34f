"""When reports and answers are due, and the state of each on a given day.

The cases straddle the 2022 holidays: 中秋 (Sept 10–12) and 国庆 (Oct 1–7), with
Saturday Oct 8 and Sunday Oct 9 made working days (调休). Policies are the real
presets: region-2021 (answers within 15 calendar days), yanjiang-2022 (answers
within 15 working days) and yishui-2023 (report within 5 working days).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pytest
from openday.domain.deadlines import STATE_NAMES, assess
from openday.domain.model import (
    Answer,
    Event,
    Feedback,
    Report,
)
from openday.domain.policy import PRESETS
from openday.domain.timeparse import parse_moment
from openday.domain.workdays import known_years

from tests.support import records

NOTICE = records.notice(published=date(2000, 1, 1))


def event(
    day: str,
    *,
    report: str | None = None,
    feedback: str | None = None,
    status: str | None = None,
    announced: str | None = None,
    notice: bool = True,
) -> Event:
    """An event on ``day`` (09:00–11:30), announced on ``announced`` (default: ``day``)."""
    return records.event(
        f"{announced or day}-open-day",
        f"{day} 09:00",
        f"{day} 11:30",
        status=status,
        status_note="说明" if status else None,
        notice=NOTICE if notice else None,
        report=Report(date.fromisoformat(report), 15, "报道") if report else None,
        feedback=Feedback(
            date.fromisoformat(feedback), (Answer("主题", "意见", "public", "adopted", None, None),)
        )
        if feedback
        else None,
    )


# The event each case looks at: policy, stage, event day (due date in the comment).
REGION = ("region-2021", "feedback", "2022-09-16")  # 15 days: 2022-10-01
YANJIANG = ("yanjiang-2022", "feedback", "2022-09-16")  # 15 working days: 2022-10-12
BEFORE_MID_AUTUMN = ("yanjiang-2022", "feedback", "2022-09-02")  # 15 working days: 2022-09-26
YISHUI = ("yishui-2023", "report", "2023-09-27")  # 5 working days: 2023-10-10
ORDINARY_WEEK = ("yishui-2023", "report", "2023-09-15")  # 5 working days: 2023-09-22


@dataclass(frozen=True)
class Case:
    event: tuple[str, str, str]
    published: str | None
    today: str
    state: str
    due: str


CASES = {
    # region-2021: answers within 15 calendar days; holidays do not matter.
    "calendar days: published on the 15th day is on time": Case(
        REGION, "2022-10-01", "2022-11-01", "on_time", "2022-10-01"
    ),
    "calendar days: published on the 16th day is late": Case(
        REGION, "2022-10-02", "2022-11-01", "late", "2022-10-01"
    ),
    "calendar days: absent the day after the due date is missing": Case(
        REGION, None, "2022-10-02", "missing", "2022-10-01"
    ),
    "calendar days: absent on the due date itself is pending": Case(
        REGION, None, "2022-10-01", "pending", "2022-10-01"
    ),
    # yanjiang-2022: answers within 15 working days; 中秋 and 国庆 skipped, 10-08/10-09 counted.
    "working days: the 15th working day after 09-16 is 10-12, on time": Case(
        YANJIANG, "2022-10-12", "2022-11-01", "on_time", "2022-10-12"
    ),
    "working days: published on the 调休 Sunday 10-09 is on time": Case(
        YANJIANG, "2022-10-09", "2022-11-01", "on_time", "2022-10-12"
    ),
    "working days: published the day after 10-12 is late": Case(
        YANJIANG, "2022-10-13", "2022-11-01", "late", "2022-10-12"
    ),
    "working days: absent on 10-13 is missing": Case(
        YANJIANG, None, "2022-10-13", "missing", "2022-10-12"
    ),
    "working days: absent on 10-12 is still pending": Case(
        YANJIANG, None, "2022-10-12", "pending", "2022-10-12"
    ),
    "working days: absent in the holiday, past the calendar-day date, is pending": Case(
        YANJIANG, None, "2022-10-05", "pending", "2022-10-12"
    ),
    "working days: an event before 中秋 skips 09-10..09-12": Case(
        BEFORE_MID_AUTUMN, "2022-09-23", "2022-11-01", "on_time", "2022-09-26"
    ),
    # yishui-2023: report within 5 working days; 2023 中秋国庆 ran 09-29..10-06, 10-07/10-08 worked.
    "report: 5 working days after 2023-09-27 is 10-10, on time": Case(
        YISHUI, "2023-10-10", "2023-11-01", "on_time", "2023-10-10"
    ),
    "report: published on the 调休 Saturday 10-07 is on time": Case(
        YISHUI, "2023-10-07", "2023-11-01", "on_time", "2023-10-10"
    ),
    "report: published 10-11 is late": Case(
        YISHUI, "2023-10-11", "2023-11-01", "late", "2023-10-10"
    ),
    "report: absent on 10-11 is missing": Case(YISHUI, None, "2023-10-11", "missing", "2023-10-10"),
    "report: absent on 10-10 is pending": Case(YISHUI, None, "2023-10-10", "pending", "2023-10-10"),
    "report: an ordinary week, 2023-09-15 is due 09-22": Case(
        ORDINARY_WEEK, "2023-09-22", "2023-11-01", "on_time", "2023-09-22"
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_each_stage_is_on_time_late_missing_or_pending_against_its_due_date(case: Case):
    policy, stage, day = case.event
    parts = {stage: case.published} if case.published else {}
    found = assess(event(day, **parts), PRESETS[policy], stage, date.fromisoformat(case.today))
    assert (found.state, found.due) == (case.state, date.fromisoformat(case.due))
    assert found.published == (date.fromisoformat(case.published) if case.published else None)
    assert found.reason == ""


def test_the_due_date_counts_from_the_last_day_of_a_multi_day_event():
    two_days = replace(event("2022-09-15"), end=parse_moment("2022-09-16 11:30", records.ZONE))
    found = assess(two_days, PRESETS["yanjiang-2022"], "feedback", date(2022, 10, 1))
    assert found.due == date(2022, 10, 12)


def test_a_plan_and_a_cancelled_event_owe_nothing():
    policy = PRESETS["yanjiang-2022"]
    today = date(2022, 12, 1)
    assert assess(event("2022-09-16", notice=False), policy, "feedback", today) is None
    assert assess(event("2022-09-16", status="cancelled"), policy, "feedback", today) is None


def test_a_postponed_event_without_a_new_date_is_not_missing_after_the_original_due_date():
    found = assess(
        event("2022-09-16", status="postponed"),
        PRESETS["yanjiang-2022"],
        "feedback",
        date(2022, 12, 1),
    )
    assert found.state == "pending"


def test_a_postponed_event_held_on_its_new_date_owes_its_answers_once_they_fall_due():
    """Moved from 09-16 to 09-21 (the id keeps 09-16); the catalog shows it 已举行 after
    09-21, so its answers fall due 15 working days later, on 10-17, like any held event."""
    moved = event("2022-09-21", status="postponed", announced="2022-09-16")
    assert moved.rescheduled
    found = assess(moved, PRESETS["yanjiang-2022"], "feedback", date(2022, 10, 18))
    assert (found.state, found.due) == ("missing", date(2022, 10, 17))


def test_without_a_deadline_a_published_stage_is_on_time_and_an_absent_one_stays_pending():
    """yanjiang-2022 sets no report deadline; region-2021 none either."""
    policy = PRESETS["yanjiang-2022"]
    published = assess(event("2022-09-16", report="2022-12-01"), policy, "report", date(2023, 1, 1))
    absent = assess(event("2022-09-16"), policy, "report", date(2023, 1, 1))
    assert (published.state, published.due, published.deadline) == ("on_time", None, None)
    assert (absent.state, absent.due, absent.deadline) == ("pending", None, None)


def test_a_working_day_deadline_beyond_the_holiday_calendar_cannot_be_computed():
    first, last = known_years()
    found = assess(event("2099-09-16"), PRESETS["yanjiang-2022"], "feedback", date(2099, 12, 1))
    assert (found.state, found.due) == ("unknown", None)
    assert found.reason == (
        f"节假日安排只收录了 {first}—{last} 年，无法按工作日计算 2099-09-17 前后的期限"
    )
    assert STATE_NAMES[found.state] == "无法计算"


def test_a_working_day_deadline_running_past_the_last_known_year_cannot_be_computed():
    _, last = known_years()
    found = assess(
        event(f"{last}-12-28", feedback=f"{last + 1}-01-05"),
        PRESETS["yanjiang-2022"],
        "feedback",
        date(last + 1, 2, 1),
    )
    assert (found.state, found.due) == ("unknown", None)
    assert found.published == date(last + 1, 1, 5)
    assert f"无法按工作日计算 {last + 1}-01-01 前后的期限" in found.reason


def test_a_calendar_day_deadline_needs_no_holiday_calendar():
    found = assess(event("2099-09-16"), PRESETS["region-2021"], "feedback", date(2099, 12, 1))
    assert (found.state, found.due) == ("missing", date(2099, 10, 1))


def test_every_state_has_a_chinese_name():
    assert STATE_NAMES == {
        "on_time": "按时",
        "late": "逾期",
        "missing": "逾期未公开",
        "pending": "未到期",
        "unknown": "无法计算",
    }
