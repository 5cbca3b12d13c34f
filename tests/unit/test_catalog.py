"""The catalog: what the public sees on a given day, and in which order."""

from __future__ import annotations

import dataclasses
from datetime import date

from openday.domain.catalog import (
    BADGES,
    Catalog,
    as_of,
    badge,
    last_date,
    paginate,
    schedule_key,
    session_badge,
)
from openday.domain.model import (
    Answer,
    Event,
    Feedback,
    Notice,
    Registration,
    Report,
    Session,
)
from openday.domain.timeparse import parse_moment

from tests.support import records

AGENCY = records.AGENCY


def notice(published: str, deadline: str | None = "2022-09-13", **changes) -> Notice:
    registration = Registration(
        ("phone",), None, date.fromisoformat(deadline) if deadline else None, None
    )
    return records.notice(
        published=date.fromisoformat(published), registration=registration, **changes
    )


def event(start: str = "2022-09-16 09:00", slug: str = "2022-09-16-liangcang", **parts) -> Event:
    end = start[:10] + " 11:30" if parse_moment(start, records.ZONE).at else None
    return records.event(slug, start, end, **parts)


def test_a_notice_dated_after_today_is_still_a_plan_for_the_public():
    public = as_of(event(notice=notice("2022-09-07")), date(2022, 9, 6))
    assert public.notice is None and public.stage == "plan"


def test_a_report_and_answers_dated_after_today_are_not_public_yet():
    report = Report(date(2022, 9, 18), 15, "报道")
    answers = Feedback(
        date(2022, 10, 8), (Answer("主题", "意见", "public", "adopted", None, None),)
    )
    full = event(notice=notice("2022-09-07"), report=report, feedback=answers)
    assert as_of(full, date(2022, 9, 20)).stage == "report"
    assert as_of(full, date(2022, 10, 8)).stage == "feedback"


def test_the_status_word_follows_the_registration_deadline_and_the_event_days():
    item = event(notice=notice("2022-09-07"))
    assert badge(item, date(2022, 9, 13)) == "open"
    assert badge(item, date(2022, 9, 14)) == "closed"
    assert badge(item, date(2022, 9, 16)) == "upcoming"
    assert badge(item, date(2022, 9, 17)) == "held"


def test_an_invitation_only_event_is_upcoming_until_it_is_held():
    item = event(notice=notice("2022-09-07", deadline=None))
    assert badge(item, date(2022, 9, 10)) == "upcoming"


def test_cancelled_stays_cancelled_and_a_postponed_event_without_a_new_date_stays_postponed():
    cancelled = event(notice=notice("2022-09-07"), status="cancelled", status_note="取消")
    postponed = event(notice=notice("2022-09-07"), status="postponed", status_note="延期")
    assert badge(cancelled, date(2023, 1, 1)) == "cancelled"
    assert badge(postponed, date(2023, 1, 1)) == "postponed"


def test_a_postponed_event_moved_to_a_new_date_is_held_once_that_date_has_passed():
    moved = event("2022-09-21 14:30", notice=notice("2022-09-07"), status="postponed")
    assert moved.rescheduled and moved.announced_day == date(2022, 9, 16)
    assert badge(moved, date(2022, 9, 20)) == "postponed"
    assert badge(moved, date(2022, 9, 22)) == "held"


def test_the_schedule_puts_exact_days_before_periods_that_begin_on_the_same_day():
    fuzzy = event("2022-09-中旬", slug="2022-09-11-zhongxun")
    exact = event("2022-09-11 09:00", slug="2022-09-11-exact")
    later = event("2022-09-12 09:00", slug="2022-09-12-later")
    assert sorted([later, fuzzy, exact], key=schedule_key) == [exact, fuzzy, later]


def test_notices_are_listed_newest_published_first():
    old = event(notice=notice("2022-09-01"), slug="2022-09-16-a")
    new = event(notice=notice("2022-09-07"), slug="2022-09-16-b")
    catalog = Catalog([old, new], {AGENCY.id: AGENCY}, date(2022, 9, 10))
    assert [e.id for e in catalog.notices] == [new.id, old.id]


def test_an_empty_list_still_has_one_page_and_pages_hold_fifteen_rows():
    assert [p.count for p in paginate([])] == [1]
    pages = paginate([event()] * 31)
    assert [len(p.items) for p in pages] == [15, 15, 1]


def test_the_last_public_date_is_the_newest_of_the_records_dates():
    report = Report(date(2022, 9, 18), 15, "报道")
    assert last_date(event(notice=notice("2022-09-07"), report=report)) == date(2022, 9, 18)
    assert last_date(event("2022-09-中旬", slug="2022-09-11-x")) == date(2022, 9, 11)


def test_a_plan_whose_days_passed_without_a_notice_is_no_longer_planned():
    plan = event("2022-09-中旬", slug="2022-09-11-liangcang")
    assert badge(plan, date(2022, 9, 20)) == "planned"
    assert badge(plan, date(2022, 9, 21)) == "lapsed"
    assert BADGES["lapsed"] == "未发布公告"


def test_a_report_without_a_notice_here_is_public_on_its_own_date_and_has_a_page():
    report = Report(date(2021, 9, 18), 26, "活动顺利举行。", title="县税务局举办“政府开放日”活动")
    held = event("2021-09-17", slug="2021-09-17-liangcang", report=report)

    assert as_of(held, date(2021, 9, 17)).report is None
    assert as_of(held, date(2021, 9, 18)) == held
    assert badge(held, date(2021, 9, 18)) == "held"
    catalog = Catalog([held], {AGENCY.id: AGENCY}, date(2022, 1, 1))
    assert catalog.notices == ()
    assert catalog.reports == catalog.reported_only == (held,)


def test_answers_without_a_notice_here_are_listed_with_the_others():
    answers = Feedback(
        date(2021, 9, 30), (Answer("办税", "周末办税", None, "adopted", None, None),)
    )
    held = event("2021-09-17", slug="2021-09-17-liangcang", feedback=answers)

    assert Catalog([held], {AGENCY.id: AGENCY}, date(2022, 1, 1)).feedback == (held,)


def _sessions(*spans: tuple[str, str], **changes) -> tuple[Session, ...]:
    return tuple(
        Session(str(i), i, parse_moment(a, records.ZONE), parse_moment(b, records.ZONE), **changes)
        for i, (a, b) in enumerate(spans, 1)
    )


def test_an_event_of_several_days_is_ongoing_after_its_first_day():
    item = records.event(
        "2022-09-16-liangcang", "2022-09-16", "2022-09-18", notice=notice("2022-09-07"),
        date_only=True,
    )  # fmt: skip
    assert badge(item, date(2022, 9, 16)) == "upcoming"
    assert badge(item, date(2022, 9, 17)) == "ongoing"
    assert badge(item, date(2022, 9, 18)) == "ongoing"
    assert badge(item, date(2022, 9, 19)) == "held"


def test_an_event_of_several_sessions_is_ongoing_between_its_first_and_last_session():
    sessions = _sessions(
        ("2022-09-16 09:00", "2022-09-16 11:00"), ("2022-09-20 09:00", "2022-09-20 11:00")
    )
    item = records.event(
        "2022-09-16-liangcang", "2022-09-16 09:00", "2022-09-20 11:00",
        notice=notice("2022-09-07"), sessions=sessions,
    )  # fmt: skip
    assert badge(item, date(2022, 9, 16)) == "upcoming"
    assert badge(item, date(2022, 9, 17)) == "ongoing"
    assert badge(item, date(2022, 9, 20)) == "ongoing"
    assert badge(item, date(2022, 9, 21)) == "held"
    assert [session_badge(item, s, date(2022, 9, 17)) for s in sessions] == ["held", "upcoming"]


def test_a_session_cancelled_alone_is_cancelled_and_the_others_go_ahead():
    first, second = _sessions(
        ("2022-09-16 09:00", "2022-09-16 11:00"), ("2022-09-20 09:00", "2022-09-20 11:00")
    )
    second = dataclasses.replace(second, status="cancelled")
    item = records.event(
        "2022-09-16-liangcang", "2022-09-16 09:00", "2022-09-20 11:00",
        notice=notice("2022-09-07"), sessions=(first, second),
    )  # fmt: skip
    assert session_badge(item, second, date(2022, 9, 10)) == "cancelled"
    assert session_badge(item, first, date(2022, 9, 10)) == "upcoming"
    # Once the only session going ahead is over, the event is held rather than ongoing.
    assert badge(item, date(2022, 9, 16)) == "upcoming"
    assert badge(item, date(2022, 9, 17)) == "held"
