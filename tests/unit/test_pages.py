"""How pages write times (openday.site.pages): one event, dates only, 暂定, sessions, and the
rows of the schedule table."""

from __future__ import annotations

from openday.domain.model import Session
from openday.domain.timeparse import parse_moment
from openday.site.pages import Formatter, schedule_rows

from tests.support import records

FMT = Formatter(records.ZONE)


def _session(number: int, start: str, end: str | None = None, **changes) -> Session:
    return Session(
        str(number), number, parse_moment(start, records.ZONE),
        parse_moment(end, records.ZONE) if end else None, **changes,
    )  # fmt: skip


def test_a_notice_of_dates_only_names_the_days_and_no_clock_time():
    one = records.event("2022-09-16-liangcang", "2022-09-16", date_only=True)
    three = records.event("2022-09-16-liangcang", "2022-09-16", "2022-09-18", date_only=True)

    assert FMT.when(one) == "2022年9月16日（星期五）"
    assert FMT.when(three) == "2022年9月16日（星期五） 至 2022年9月18日"


def test_a_tentative_time_says_so():
    event = records.event(
        "2022-09-16-liangcang", "2022-09-16 09:00", "2022-09-16 11:30", tentative=True
    )

    assert FMT.when(event) == "2022年9月16日（星期五）9:00—11:30（暂定）"


def test_sessions_are_summed_up_as_their_span_and_count_and_each_has_its_own_time():
    sessions = (
        _session(1, "2022-09-16 09:00", "2022-09-16 11:00"),
        _session(2, "2022-09-20 14:30", "2022-09-20 16:30", tentative=True, name="座谈"),
    )
    event = records.event(
        "2022-09-16-liangcang", "2022-09-16 09:00", "2022-09-20 16:30", sessions=sessions
    )

    assert FMT.when(event) == "2022年9月16日至9月20日，共2场"
    assert FMT.session_when(sessions[1]) == "2022年9月20日（星期二）14:30—16:30（暂定）"
    assert sessions[1].label == "第2场：座谈"


def test_the_schedule_has_one_row_per_session_among_the_other_events_in_time_order():
    sessions = (_session(1, "2022-09-10 09:00"), _session(2, "2022-09-20 09:00"))
    split = records.event("2022-09-10-liangcang", "2022-09-10 09:00", sessions=sessions)
    between = records.event("2022-09-15-jiage", "2022-09-15 09:00")
    period = records.event("2022-09-11-fangxun", "2022-09-中旬")

    rows = schedule_rows([split, between, period])

    assert [(event.id[-9:], session and session.number) for event, session in rows] == [
        ("liangcang", 1),
        ("1-fangxun", None),
        ("-15-jiage", None),
        ("liangcang", 2),
    ]
