"""The VEVENTs of an .ics file as three independent parsers read them.

``events_icalendar`` (python ``icalendar``), ``events_vobject`` (python
``vobject``) and ``events_icaljs`` (Mozilla's ical.js under Node) return the
same :class:`CalEvent` shape, so a test can compare them field by field: the
same decoded text and the same instants. An event list's length is the
file's VEVENT count.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypedDict, cast

import icalendar
import vobject

from tests.support import icaljs


class CalEvent(TypedDict):
    """One VEVENT, decoded.

    Text fields hold the unescaped text (``None`` when absent); ``sequence``
    is an int or ``None``. ``start``/``end`` are ``"YYYY-MM-DD"`` for DATE
    values (then ``all_day`` is true), ``"YYYY-MM-DDTHH:MM:SSZ"`` UTC instants
    for zoned date-times, and ``"YYYY-MM-DDTHH:MM:SS"`` for floating ones.
    ``end`` is the effective end (RFC 5545 3.6.1): DTEND, else DTSTART +
    DURATION, else the next day for a DATE, else DTSTART.
    """

    uid: str | None
    summary: str | None
    description: str | None
    location: str | None
    status: str | None
    sequence: int | None
    start: str | None
    end: str | None
    all_day: bool
    #: Each VALARM as [ACTION, TRIGGER in seconds relative to the start].
    alarms: list[list[Any]]


def _when(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.strftime("%Y-%m-%dT%H:%M:%S")
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def _effective_end(
    start: date | datetime | None,
    dtend: date | datetime | None,
    duration: timedelta | None,
) -> date | datetime | None:
    if dtend is not None or start is None:
        return dtend
    if duration is not None:
        return start + duration
    if not isinstance(start, datetime):
        return start + timedelta(days=1)
    return start


def _first(value: Any) -> Any:
    """icalendar gives a list when a property occurs more than once."""
    return value[0] if isinstance(value, list) else value


def _icalendar_text(event: icalendar.cal.Component, name: str) -> str | None:
    value = _first(event.get(name))
    return None if value is None else str(value)


def events_icalendar(path: Path) -> list[CalEvent]:
    """Read ``path`` with python ``icalendar``; the end is its own ``Event.end``."""
    calendars = icalendar.Calendar.from_ical(Path(path).read_bytes(), multiple=True)
    events: list[CalEvent] = []
    for calendar in calendars:
        for component in calendar.walk("VEVENT"):
            event = cast(icalendar.Event, component)
            start = event.decoded("DTSTART") if "DTSTART" in event else None
            end = event.end if start is not None else None
            sequence = _first(event.get("SEQUENCE"))
            events.append(
                CalEvent(
                    uid=_icalendar_text(event, "UID"),
                    summary=_icalendar_text(event, "SUMMARY"),
                    description=_icalendar_text(event, "DESCRIPTION"),
                    location=_icalendar_text(event, "LOCATION"),
                    status=_icalendar_text(event, "STATUS"),
                    sequence=None if sequence is None else int(sequence),
                    start=_when(start),
                    end=_when(end),
                    all_day=start is not None and not isinstance(start, datetime),
                    alarms=[
                        [str(alarm.get("ACTION")), int(alarm.decoded("TRIGGER").total_seconds())]
                        for alarm in event.walk("VALARM")
                    ],
                )
            )
    return events


def _vobject_value(event: Any, name: str) -> Any:
    lines = event.contents.get(name)
    return lines[0].value if lines else None


def events_vobject(path: Path) -> list[CalEvent]:
    """Read ``path`` with python ``vobject``; the end follows RFC 5545 as documented."""
    events: list[CalEvent] = []
    with open(path, encoding="utf-8", newline="") as stream:
        for calendar in vobject.readComponents(stream):
            for event in calendar.contents.get("vevent", []):
                start = _vobject_value(event, "dtstart")
                end = _effective_end(
                    start,
                    _vobject_value(event, "dtend"),
                    _vobject_value(event, "duration"),
                )
                sequence = _vobject_value(event, "sequence")
                events.append(
                    CalEvent(
                        uid=_vobject_value(event, "uid"),
                        summary=_vobject_value(event, "summary"),
                        description=_vobject_value(event, "description"),
                        location=_vobject_value(event, "location"),
                        status=_vobject_value(event, "status"),
                        sequence=None if sequence is None else int(sequence),
                        start=_when(start),
                        end=_when(end),
                        all_day=start is not None and not isinstance(start, datetime),
                        alarms=[
                            [
                                _vobject_value(alarm, "action"),
                                int(_vobject_value(alarm, "trigger").total_seconds()),
                            ]
                            for alarm in event.contents.get("valarm", [])
                        ],
                    )
                )
    return events


def events_icaljs(paths: Iterable[Path]) -> dict[Path, list[CalEvent]]:
    """Read every file with ical.js in one Node process; map each given path to its events.

    The end is ical.js's own ``Event.endDate``.
    """
    return cast(dict[Path, list[CalEvent]], icaljs.dump_events(paths))
