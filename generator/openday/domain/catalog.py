"""The public view of all events as of one day, sorted and indexed once.

Every renderer reads the same :class:`Catalog`. It shows the site as it
stands on ``today``: a notice, report or answer set dated after today is not
public yet (the daily build publishes it on its date), and each notice's
status word (报名中, 已举行, …) follows from the date.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from ..base.memo import per_event
from .model import Agency, Event, Session

#: Status words shown on lists and notice pages, in the order readers meet them.
BADGES = {
    "open": "报名中",
    "closed": "报名已截止",
    "upcoming": "即将举行",
    "ongoing": "进行中",
    "held": "已举行",
    "cancelled": "已取消",
    "postponed": "已延期",
    "planned": "计划中",
    "lapsed": "未发布公告",
}

PAGE_SIZE = 15


@per_event
def as_of(event: Event, today: date) -> Event:
    """``event`` as the public may see it on ``today``: stages dated later are not public yet."""
    notice = event.notice
    if notice is not None and notice.published > today:
        return dataclasses.replace(event, notice=None, report=None, feedback=None)
    # Without a notice here (an earlier year's event), its report and answers stand alone.
    changes = {}
    if event.report is not None and event.report.published > today:
        changes["report"] = None
    if event.feedback is not None and event.feedback.published > today:
        changes["feedback"] = None
    return dataclasses.replace(event, **changes) if changes else event


def badge(event: Event, today: date) -> str:
    """The key of the status word of ``event`` on ``today`` (see :data:`BADGES`)."""
    if event.status == "cancelled":
        return "cancelled"
    if event.status == "postponed":
        return "held" if event.rescheduled and today > event.last_day else "postponed"
    if event.notice is None:
        if event.report is not None or event.feedback is not None:
            return "held"  # reported here although its notice was published elsewhere
        # A plan whose days are over without a notice is not "planned" any more.
        return "lapsed" if today > event.last_day else "planned"
    going = [s for s in event.sessions if s.status != "cancelled"]
    first_day = min(s.first_day for s in going) if going else event.first_day
    last_day = max(s.last_day for s in going) if going else event.last_day
    if today > last_day:
        return "held"
    if today > first_day:
        return "ongoing"  # a day (or session) is over, more are to come
    if today == first_day:
        return "upcoming"
    registration = event.notice.registration
    if registration.open_call and registration.deadline is not None:
        return "open" if today <= registration.deadline else "closed"
    return "upcoming"


def session_badge(event: Event, session: Session, today: date) -> str:
    """The key of one session's status word on ``today``: cancelled, held or upcoming."""
    if event.status == "cancelled" or session.status == "cancelled":
        return "cancelled"
    if event.status == "postponed" and not event.rescheduled:
        return "postponed"
    if event.notice is None:
        return "planned"
    return "held" if today > session.last_day else "upcoming"


def last_date(event: Event) -> date:
    """The newest date in the public life of ``event`` (published, updated, report, answers);
    for a plan, the first day it names. Used wherever a feed or sitemap needs a date."""
    days = [event.first_day if event.notice is None else event.notice.published]
    if event.notice is not None and event.notice.updated is not None:
        days.append(event.notice.updated)
    if event.report is not None:
        days.append(event.report.published)
    if event.feedback is not None:
        days.append(event.feedback.published)
    return max(days)


@dataclass(frozen=True)
class Page:
    """One page of a paginated list."""

    number: int
    count: int
    items: Sequence[Event]


def paginate(items: Sequence[Event], size: int = PAGE_SIZE) -> list[Page]:
    """Split ``items`` into pages; an empty list still has its one (empty) page."""
    count = max(1, -(-len(items) // size))
    return [Page(n + 1, count, items[n * size : (n + 1) * size]) for n in range(count)]


class Catalog:
    """All events of a site as public on ``today``, with the lists every renderer needs."""

    def __init__(self, events: Sequence[Event], agencies: dict[str, Agency], today: date):
        self.today = today
        self.agencies = agencies
        self.events: tuple[Event, ...] = tuple(
            sorted((as_of(event, today) for event in events), key=lambda e: e.id)
        )

    def badge(self, event: Event) -> str:
        return badge(event, self.today)

    def session_badge(self, event: Event, session: Session) -> str:
        return session_badge(event, session, self.today)

    @cached_property
    def last_date(self) -> date | None:
        """The newest public date of the whole column (None when it is empty)."""
        return max((last_date(e) for e in self.events if e.notice is not None), default=None)

    @cached_property
    def notices(self) -> tuple[Event, ...]:
        """Published notices, newest first (发布日期 descending, then event date)."""
        found = [e for e in self.events if e.notice is not None]
        found.sort(key=lambda e: (e.notice.published, e.first_day, e.id), reverse=True)
        return tuple(found)

    @cached_property
    def reports(self) -> tuple[Event, ...]:
        """Events with a published report, newest report first."""
        found = [e for e in self.events if e.report is not None]
        found.sort(key=lambda e: (e.report.published, e.first_day, e.id), reverse=True)
        return tuple(found)

    @cached_property
    def feedback(self) -> tuple[Event, ...]:
        """Events with published answers, newest first."""
        found = [e for e in self.events if e.feedback is not None]
        found.sort(key=lambda e: (e.feedback.published, e.first_day, e.id), reverse=True)
        return tuple(found)

    @cached_property
    def notices_by_agency(self) -> dict[str, tuple[Event, ...]]:
        grouped: dict[str, list[Event]] = defaultdict(list)
        for event in self.notices:
            grouped[event.agency.id].append(event)
        return {key: tuple(grouped[key]) for key in sorted(grouped)}

    @cached_property
    def notices_by_year(self) -> dict[int, tuple[Event, ...]]:
        grouped: dict[int, list[Event]] = defaultdict(list)
        for event in self.notices:
            grouped[event.first_day.year].append(event)
        return {key: tuple(grouped[key]) for key in sorted(grouped, reverse=True)}

    @cached_property
    def schedule(self) -> dict[int, tuple[Event, ...]]:
        """Per year, every event (plans included) in time order, as in the 一览表 of seed 004."""
        grouped: dict[int, list[Event]] = defaultdict(list)
        for event in self.events:
            grouped[event.first_day.year].append(event)
        return {
            key: tuple(sorted(grouped[key], key=schedule_key))
            for key in sorted(grouped, reverse=True)
        }

    @cached_property
    def reported_only(self) -> tuple[Event, ...]:
        """Events reported here whose notice was published elsewhere: a page of their own."""
        return tuple(e for e in self.reports if e.notice is None)

    def agency_events(self, agency_id: str) -> tuple[Event, ...]:
        return self.notices_by_agency.get(agency_id, ())


def schedule_key(event: Event) -> tuple:
    """Time order for the schedule: by first day, exact days before the periods that begin
    on them, then by the time of day, then by unit."""
    start = event.start
    at = start.at.timestamp() if start.at is not None else 0.0
    return (start.first_day, start.is_fuzzy, start.last_day, at, event.agency.id, event.id)
