"""What changed between two published versions of an event (openday.domain.changes)."""

from __future__ import annotations

import dataclasses
from datetime import date
from zoneinfo import ZoneInfo

from openday.domain.changes import changed, revision_needed, sequence, session_sequence
from openday.domain.model import Agency, Contact, Event, Notice, Registration, Session, Stop, Tour
from openday.domain.timeparse import parse_moment

SHANGHAI = ZoneInfo("Asia/Shanghai")
AGENCY = Agency("yj-fgj", "资阳市雁江区发展和改革局", "区发展和改革局", "department",
                ("四川省", "资阳市", "雁江区"), "yjqfgj")  # fmt: skip
NOTICE = Notice(
    title="资阳市雁江区发展和改革局“政府开放日”活动公告",
    published=date(2022, 9, 7),
    registration=Registration(("phone",), None, date(2022, 9, 13), None),
    capacity=15,
    leaders=("局长",),
    co_hosts=(),
    venues=("雁江区区级储备粮库",),
    content="参观。",
    formats=("site",),
    contact=Contact("李某", "028-26621548"),
    reminders="请携带身份证。",
)
PUBLISHED = Event(
    id="yj-fgj/2022-09-16-liangcang",
    path="events/yj-fgj/2022-09-16-liangcang.yml",
    agency=AGENCY,
    theme="走进雁江粮仓 体验收储之道",
    start=parse_moment("2022-09-16 09:00", SHANGHAI),
    end=parse_moment("2022-09-16 11:30", SHANGHAI),
    notice=NOTICE,
)


def edited(event: Event = PUBLISHED, *, revision: int | None = None, **changes) -> Event:
    """``event`` with ``changes`` (``start``/``end`` as record text, ``venues`` as a tuple)."""
    for key in ("start", "end"):
        if isinstance(changes.get(key), str):
            changes[key] = parse_moment(changes[key], SHANGHAI)
    notice = event.notice
    if "venues" in changes:
        notice = dataclasses.replace(notice, venues=changes.pop("venues"))
    if revision is not None:
        notice = dataclasses.replace(notice, revision=revision)
    return dataclasses.replace(event, notice=notice, **changes)


def test_nothing_is_needed_when_time_place_and_status_stay_the_same() -> None:
    reworded = edited(theme="走进粮仓", status_note="说明")

    assert changed(PUBLISHED, reworded) == ()
    assert revision_needed(PUBLISHED, reworded) == ()


def test_the_same_instant_written_with_an_offset_is_no_change_of_time() -> None:
    assert revision_needed(PUBLISHED, edited(start="2022-09-16 01:00Z")) == ()


def test_a_moved_start_or_end_without_a_raised_revision_needs_one() -> None:
    assert revision_needed(PUBLISHED, edited(start="2022-09-16 09:30")) == ("时间",)
    assert revision_needed(PUBLISHED, edited(end="2022-09-16 12:00")) == ("时间",)


def test_a_new_venue_and_a_new_status_are_named_in_order() -> None:
    moved = edited(
        start="2022-09-21 14:30",
        end="2022-09-21 16:30",
        venues=("区发改局会议室",),
        status="postponed",
    )

    assert revision_needed(PUBLISHED, moved) == ("时间", "地点", "状态")


def test_a_raised_revision_covers_every_change() -> None:
    moved = edited(start="2022-09-21 14:30", end="2022-09-21 16:30", revision=1)
    cancelled = edited(status="cancelled", revision=1)

    assert revision_needed(PUBLISHED, moved) == ()
    assert revision_needed(PUBLISHED, cancelled) == ()


def test_cancelling_without_a_raised_revision_is_still_named() -> None:
    assert revision_needed(PUBLISHED, edited(status="cancelled")) == ("状态",)


def test_withdrawing_a_cancellation_needs_the_revision_raised_by_two() -> None:
    cancelled = edited(status="cancelled", revision=1)

    assert sequence(cancelled) == 2
    assert revision_needed(cancelled, edited(revision=2)) == ("状态",)
    assert revision_needed(cancelled, edited(revision=3)) == ()


def test_versions_without_a_published_notice_never_need_a_revision() -> None:
    plan = dataclasses.replace(PUBLISHED, notice=None)

    assert revision_needed(plan, edited(plan, start="2022-09-20 09:00")) == ()
    assert revision_needed(plan, PUBLISHED) == ()


def test_sequence_is_the_revision_plus_one_when_cancelled_or_postponed() -> None:
    assert sequence(PUBLISHED) == 0
    assert sequence(edited(revision=3)) == 3
    assert sequence(edited(revision=3, status="postponed")) == 4
    assert sequence(dataclasses.replace(PUBLISHED, notice=None, status="cancelled")) == 1


def _session(id: str, number: int, start: str, end: str, venue: str = "储备粮库", **changes):
    return Session(
        id, number, parse_moment(start, SHANGHAI), parse_moment(end, SHANGHAI),
        venues=(venue,), **changes,
    )  # fmt: skip


SESSIONS = edited(
    start="2022-09-16 09:00",
    end="2022-09-17 11:30",
    sessions=(
        _session("1", 1, "2022-09-16 09:00", "2022-09-16 11:30"),
        _session("2", 2, "2022-09-17 09:00", "2022-09-17 11:30"),
    ),
)


def test_a_moved_later_session_is_a_change_of_time_though_the_first_day_stays() -> None:
    first, second = SESSIONS.sessions
    moved = edited(
        SESSIONS, sessions=(first, _session("2", 2, "2022-09-17 14:00", "2022-09-17 16:00"))
    )

    assert revision_needed(SESSIONS, moved) == ("时间",)
    assert revision_needed(SESSIONS, dataclasses.replace(moved, notice=dataclasses.replace(
        moved.notice, revision=1))) == ()  # fmt: skip


def test_a_session_moved_elsewhere_or_cancelled_alone_needs_a_revision() -> None:
    first, second = SESSIONS.sessions
    elsewhere = edited(
        SESSIONS, sessions=(first, dataclasses.replace(second, venues=("质检中心",)))
    )
    cancelled = edited(SESSIONS, sessions=(first, dataclasses.replace(second, status="cancelled")))

    assert changed(SESSIONS, elsewhere) == ("地点",)
    assert changed(SESSIONS, cancelled) == ("状态",)
    assert sequence(cancelled) == 0 and session_sequence(cancelled, cancelled.sessions[1]) == 1


def test_a_tentative_time_made_firm_is_a_change_of_time() -> None:
    assert changed(edited(tentative=True), PUBLISHED) == ("时间",)


def test_a_changed_tour_stop_is_a_change_of_place() -> None:
    tour = Tour("区政府东门", (Stop("储备粮库"), Stop("质检中心")))
    other = Tour("区政府东门", (Stop("储备粮库"), Stop("区发改局")))
    before = dataclasses.replace(PUBLISHED, notice=dataclasses.replace(NOTICE, tour=tour))
    after = dataclasses.replace(PUBLISHED, notice=dataclasses.replace(NOTICE, tour=other))

    assert changed(before, after) == ("地点",)
