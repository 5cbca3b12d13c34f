"""What changed between two published versions of one event, and what subscribers see of it.

A subscribed calendar replaces its copy of an event only when the event's
SEQUENCE rises. SEQUENCE follows from the record (see :func:`sequence`): staff
raise ``revision`` (修订次数) whenever the time, place or status of a
published notice changes, and a cancellation or postponement adds one by
itself. :func:`revision_needed` compares two versions of a record so that a
check against the base branch can name what changed without a raised
``revision``.
"""

from __future__ import annotations

from datetime import date, datetime

from .model import Event, Session
from .timeparse import Moment

#: The aspects of a published event whose change must reach subscribers, by their 中文 names.
TIME, PLACE, STATUS = "时间", "地点", "状态"

#: Statuses that raise SEQUENCE by one on their own.
INTERRUPTED = frozenset({"cancelled", "postponed"})


def sequence(event: Event) -> int:
    """SEQUENCE of ``event``'s calendar entry: its ``revision``, plus one when cancelled or
    postponed, so that a cancellation reaches subscribers before anyone edits ``revision``."""
    revision = event.notice.revision if event.notice is not None else 0
    return revision + (1 if event.status in INTERRUPTED else 0)


def session_sequence(event: Event, session: Session) -> int:
    """SEQUENCE of one session's entry: the event's, plus one when that session alone is
    cancelled, so its cancellation reaches subscribers as the event's own would."""
    return sequence(event) + (1 if session.status == "cancelled" else 0)


def _instants(moment: Moment | None) -> tuple[date, date, datetime | None] | None:
    # Aware datetimes compare as instants, so "09:00" and "09:00+08:00" are the same time.
    return None if moment is None else (moment.first_day, moment.last_day, moment.at)


def changed(old: Event, new: Event) -> tuple[str, ...]:
    """The names (时间, 地点, 状态) of what differs between two versions of one event, in that
    order. Only what subscribers' entries hold counts: start and end instants and whether
    they are tentative, the venues (in order), each session's times, places and
    cancellation, a tour's stops, and the status; wording such as ``status_note`` or the
    theme does not."""
    found = []
    if _times(old) != _times(new):
        found.append(TIME)
    if _places(old) != _places(new):
        found.append(PLACE)
    if (old.status, _cancelled(old)) != (new.status, _cancelled(new)):
        found.append(STATUS)
    return tuple(found)


def _times(event: Event) -> tuple:
    """Every instant a subscriber's entries hold, and whether they are firm (暂定 or not)."""
    sessions = tuple(
        (s.id, _instants(s.start), _instants(s.end), s.tentative) for s in event.sessions
    )
    stops = tuple(stop.at for stop in event.notice.tour.stops) if _tour(event) else ()
    return (_instants(event.start), _instants(event.end), event.tentative, sessions, stops)


def _places(event: Event) -> tuple:
    venues = event.notice.venues if event.notice is not None else ()
    sessions = tuple((s.id, s.venues) for s in event.sessions)
    stops = tuple(stop.place for stop in event.notice.tour.stops) if _tour(event) else ()
    return (venues, sessions, stops)


def _tour(event: Event) -> bool:
    return event.notice is not None and event.notice.tour is not None


def _cancelled(event: Event) -> tuple[str, ...]:
    return tuple(s.id for s in event.sessions if s.status == "cancelled")


def revision_needed(old: Event, new: Event) -> tuple[str, ...]:
    """What changed between two published versions without being announced by ``revision``.

    Empty when either version is unpublished (a plan may move freely), when nothing among
    时间, 地点 and 状态 changed, or when ``new.notice.revision`` is higher than the old one
    and the SEQUENCE rises with it. The last condition matters when a cancellation or
    postponement is withdrawn: its own +1 disappears, so ``revision`` must rise by two.
    """
    if old.notice is None or new.notice is None:
        return ()
    found = changed(old, new)
    if not found:
        return ()
    raised = new.notice.revision > old.notice.revision and sequence(new) > sequence(old)
    return () if raised else found
