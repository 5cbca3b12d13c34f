"""The iCalendar (RFC 5545) feeds of the column, written by hand for speed and stable bytes.

Files, at the contract URLs of :mod:`openday.domain.urls`:

- ``calendar/openday.ics``: every event whose last day is at most :data:`WINDOW_DAYS`
  days before ``site.today``, plans included, so a subscription stays small at any scale;
- ``calendar/<year>.ics``: every event whose first day falls in that year;
- ``calendar/<agency-id>.ics``: every event of one unit, for every registered unit
  (an empty feed until its first event, so a subscription never meets a missing file);
- ``openday/<event-id>/event.ics``: one event with a published notice, for 添加到日历.
  It is an import, not a subscription, so it carries no calendar name or refresh interval.

Each event is one VEVENT, the same bytes in every file that holds it; an event of several
sessions (场次) is one VEVENT per session:

- UID ``<event id>@<site host>``; it never changes, neither when a plan gets its notice
  nor when the event is cancelled; a session's is ``<event id>/<session id>@<site host>``
  (no event id has three parts, so none can clash);
- SEQUENCE from :func:`openday.domain.changes.sequence`, plus one for a session cancelled alone;
- DTSTAMP and LAST-MODIFIED: local midnight, in UTC, of the record's last public date
  (:func:`openday.domain.catalog.last_date`: published, updated, report, answers; a plan's first
  day), never the build clock;
- a published notice is CONFIRMED with its exact times (all-day when it gives dates only,
  TENTATIVE while its time is 暂定); a plan is TENTATIVE, all-day
  and TRANSPARENT unless it gives a time; a cancelled event is CANCELLED and a postponed
  one TENTATIVE until its new date is set (its start moved from the id's date), their SUMMARY prefixed 【已取消】 or 【已延期】 and the note in DESCRIPTION;
- Markdown fields (``status_note``, ``registration.note``) are given as the plain text of
  their sanitized HTML (:func:`openday.domain.markup.plain_text`): no raw markup, script or images;
- a CONFIRMED event carries a VALARM (DISPLAY) one day before it starts, so whoever adds it
  is reminded the day before;
- times are local to ``site.timezone`` (TZID) with a VTIMEZONE for just the years the
  file needs; a local time the clocks pass twice is written in UTC instead.

Text is escaped per RFC 5545 §3.3.11; line breaks in one-line fields become spaces and
other control characters are dropped, so no record value can start a property or a
component. Lines end in CRLF and are folded at 75 octets between characters and escapes.
The same catalog and site give the same bytes; nothing here reads the clock.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from ..base.memo import per_event
from ..domain import markup, urls
from ..domain.catalog import Catalog, last_date, schedule_key
from ..domain.changes import sequence, session_sequence
from ..domain.model import Agency, Event, Notice, Session
from ..domain.vocab import METHOD_NAMES, SELECTION_NAMES, STATUS_NAMES
from .outputs import Output, Site
from .pages import COLUMN_NAME, Formatter

PRODID = "-//openday//Government Open Day calendar 1.0//ZH"
CATEGORY = COLUMN_NAME
#: How far back ``calendar/openday.ics`` reaches, in days before ``site.today``.
WINDOW_DAYS = 90
#: How often subscribers are asked to fetch a feed again (an RFC 5545 duration).
REFRESH = "PT6H"
#: When a confirmed event reminds whoever added it: the day before it starts.
REMINDER = "-P1D"
LINE_OCTETS = 75

_ONE_DAY = timedelta(days=1)
# Line breaks (as Unicode knows them) are kept as breaks; the rest of C0, DEL, C1 and lone
# surrogates go: TEXT may hold no CONTROL but HTAB (§3.3.11), and UTF-8 has no surrogates.
_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def text(value: str) -> str:
    """``value`` as an RFC 5545 TEXT value: line breaks become ``\\n``, other control
    characters are dropped, and backslash, semicolon and comma are escaped."""
    value = _UNPRINTABLE.sub("", _BREAKS.sub("\n", value))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def one_line(value: str) -> str:
    """``value`` with every line break turned into a space (for SUMMARY and LOCATION)."""
    return _BREAKS.sub(" ", value)


def _uri(value: str) -> str:
    return _UNPRINTABLE.sub("", _BREAKS.sub("", value))


def fold(line: str) -> bytes:
    """One content line as UTF-8 ending in CRLF, folded (§3.1) so that no physical line
    exceeds :data:`LINE_OCTETS` octets. A fold never splits a UTF-8 character or a
    backslash escape, so even a parser that skips unfolding reads whole characters."""
    data = line.encode()
    if len(data) <= LINE_OCTETS:
        return data + b"\r\n"
    parts = []
    start, room = 0, LINE_OCTETS
    while len(data) - start > room:
        cut = start + room
        while data[cut] & 0xC0 == 0x80:
            cut -= 1
        run = cut
        while run > start and data[run - 1] == 0x5C:
            run -= 1
        # Every chunk ends on an escape boundary, so an odd run of backslashes before the
        # cut means its last one escapes the character after the cut.
        cut -= (cut - run) % 2
        parts.append(data[start:cut])
        start, room = cut, LINE_OCTETS - 1  # continuation lines begin with one space
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def _day(value: date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _wall(value: datetime) -> str:
    """A local date-time as written after a TZID (FORM #3) or in a VTIMEZONE."""
    return f"{_day(value)}T{value.hour:02d}{value.minute:02d}{value.second:02d}"


def _utc(value: datetime) -> str:
    return _wall(value.astimezone(UTC)) + "Z"


def _moment(name: str, at: datetime, zone: ZoneInfo) -> str:
    """A DATE-TIME property at the instant ``at``: local time with TZID, or UTC when the local
    time is ambiguous (clocks turned back), since readers disagree about which one it means."""
    local = at.astimezone(UTC).astimezone(zone)  # via UTC: a skipped wall time moves on
    wall = local.replace(tzinfo=None)
    if (
        wall.replace(tzinfo=zone, fold=0).utcoffset()
        != wall.replace(tzinfo=zone, fold=1).utcoffset()
    ):
        return f"{name}:{_utc(at)}"
    return f"{name};TZID={zone.key}:{_wall(local)}"


def _times(event: Event | Session, zone: ZoneInfo) -> tuple[list[str], bool]:
    """DTSTART and DTEND lines, and whether the entry is all-day."""
    start, end = event.start, event.end
    if start.at is None:
        return [
            f"DTSTART;VALUE=DATE:{_day(event.first_day)}",
            f"DTEND;VALUE=DATE:{_day(event.last_day + _ONE_DAY)}",
        ], True
    lines = [_moment("DTSTART", start.at, zone)]
    if end is not None:
        # An end given as a bare date means "until that day is over".
        until = end.at or datetime.combine(end.last_day + _ONE_DAY, time(), zone)
        lines.append(_moment("DTEND", until, zone))
    return lines, False


def _description(event: Event, site: Site, fmt: Formatter, session: Session | None = None) -> str:
    notice = event.notice
    when = fmt.session_when(session) if session is not None else fmt.when(event)
    if notice is None and event.report is not None:
        # An earlier year's event, reported here; its notice was published elsewhere.
        lines = [site.absolute(urls.event(event)), f"活动时间：{when}，已举行。"]
    elif notice is None and site.today > event.last_day:
        lines = [
            site.absolute(urls.schedule(event.first_day.year)),
            f"计划安排：{when}。计划日期已过，本站未发布该活动的公告。",
        ]
    elif notice is None:
        lines = [
            site.absolute(urls.schedule(event.first_day.year)),
            f"计划安排：{when}，具体时间、地点以活动公告为准。",
        ]
    else:
        lines = [site.absolute(urls.event(event))]
    if event.status in STATUS_NAMES:
        note = markup.plain_text(event.status_note) if event.status_note else ""
        lines.append(f"{STATUS_NAMES[event.status]}：{note}")
    if session is not None:
        lines.append(f"场次：{session.label}（共{len(event.sessions)}场）")
        if session.status == "cancelled":
            lines.append(f"本场已取消：{markup.plain_text(session.note) if session.note else ''}")
    if event.tentative or (session is not None and session.tentative):
        lines.append("时间暂定，以公告的更新为准。")
    if notice is not None and notice.tour is not None:
        tour = notice.tour
        lines.append(f"集合地点：{tour.meeting}")
        if tour.transport:
            lines.append(f"交通方式：{tour.transport}")
        stops = "；".join(
            (f"{fmt.clock(stop.at) if stop.at else stop.time} " if stop.time else "") + stop.place
            for stop in tour.stops
        )
        lines.append(f"行程：{stops}")
    if notice is not None:
        lines += _taking_part(notice, fmt)
    return "\n".join(lines)


def _taking_part(notice: Notice, fmt: Formatter) -> list[str]:
    """How to take part and whom to ask, as the notice states it (nothing it leaves out)."""
    registration = notice.registration
    methods = "、".join(METHOD_NAMES.get(method, method) for method in registration.methods)
    lines = [f"报名方式：{methods}"]
    if registration.deadline is not None:
        lines.append(f"报名截止：{fmt.deadline(registration)}")
    if registration.url:
        lines.append(f"报名网址：{registration.url}")
    if registration.email:
        lines.append(f"报名邮箱：{registration.email}")
    if registration.wechat:
        lines.append(f"微信公众号：{registration.wechat}")
    if registration.eligibility:
        lines.append(f"报名条件：{'；'.join(registration.eligibility)}")
    if registration.selection:
        lines.append(f"确定方式：{SELECTION_NAMES[registration.selection]}")
    if registration.note:
        lines.append(f"报名说明：{markup.plain_text(registration.note)}")
    contact = notice.contact
    if contact.name:
        lines.append(f"联系人员：{contact.name}")
    if contact.phone:
        lines.append(f"联系电话：{contact.phone}")
    if contact.email:
        lines.append(f"电子邮箱：{contact.email}")
    return lines


@per_event
def vevent(event: Event, site: Site) -> bytes:
    """The VEVENT of ``event`` as the catalog shows it (see the module's contract); an event
    of several sessions gives one VEVENT per session."""
    if event.sessions:
        return b"".join(_vevent(event, site, session) for session in event.sessions)
    return _vevent(event, site, None)


def _vevent(event: Event, site: Site, session: Session | None) -> bytes:
    zone = site.timezone
    notice = event.notice
    stamp = _utc(datetime.combine(last_date(event), time(), zone))
    times, all_day = _times(session or event, zone)
    tentative = event.tentative or (session is not None and session.tentative)
    cancelled = session is not None and session.status == "cancelled"
    if event.status == "cancelled" or cancelled:
        status = "CANCELLED"
    elif (
        (notice is None and event.report is None)
        or (event.status == "postponed" and not event.rescheduled)
        or tentative
    ):
        status = "TENTATIVE"
    else:
        status = "CONFIRMED"
    if event.status in STATUS_NAMES:
        prefix = f"【{STATUS_NAMES[event.status]}】"
    else:
        prefix = "【已取消】" if cancelled else ""
    summary = f"{prefix}{one_line(event.theme)}（{event.agency.short}）"
    if session is not None:
        # The session's UID hangs on the event id and the session's own id, which neither
        # move; an event without sessions keeps the UID it always had.
        uid = f"{event.id}/{session.id}@{site.host}"
        summary += f" {one_line(session.label)}"
        seq = session_sequence(event, session)
    else:
        uid = f"{event.id}@{site.host}"
        seq = sequence(event)
    has_page = notice is not None or event.report is not None
    page = urls.event(event) if has_page else urls.schedule(event.first_day.year)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{text(uid)}",
        f"DTSTAMP:{stamp}",
        f"LAST-MODIFIED:{stamp}",
        f"SEQUENCE:{seq}",
        f"STATUS:{status}",
        f"TRANSP:{'TRANSPARENT' if all_day or status == 'CANCELLED' else 'OPAQUE'}",
        *times,
        f"SUMMARY:{text(summary)}",
    ]
    if notice is not None:
        if session is not None:
            places = session.venues
        elif notice.tour is not None:
            places = (notice.tour.meeting,)  # where subscribers must be at the start time
        else:
            places = notice.venues
        location = "；".join(one_line(venue) for venue in places)
        lines.append(f"LOCATION:{text(location)}")
    fmt = Formatter(zone)
    lines.append(f"DESCRIPTION:{text(_description(event, site, fmt, session))}")
    if site.url:
        lines.append(f"URL:{_uri(site.absolute(page))}")
    lines.append(f"CATEGORIES:{text(CATEGORY)}")
    if status == "CONFIRMED":
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"TRIGGER:{REMINDER}",
            f"DESCRIPTION:{text('明天：' + summary)}",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return b"".join(fold(line) for line in lines)


def _offset(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


def _state(zone: ZoneInfo, timestamp: int) -> tuple[timedelta, bool, str]:
    local = datetime.fromtimestamp(timestamp, zone)
    return local.utcoffset(), bool(local.dst()), local.tzname() or ""


def _transitions(zone: ZoneInfo, begin: int, end: int) -> Iterator[int]:
    """POSIX timestamps in ``[begin, end)`` at which ``zone`` changes offset, DST or name;
    found day by day, then to the second (no zone changes twice within a day)."""
    day = 86400
    state = _state(zone, begin)
    for lower in range(begin, end, day):
        upper = min(lower + day, end)
        if _state(zone, upper) == state:
            continue
        low, high = lower, upper
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if _state(zone, middle) == state else (low, middle)
        yield high
        state = _state(zone, high)


@lru_cache(maxsize=64)
def vtimezone(zone: ZoneInfo, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of ``zone`` for the years ``first_year`` to ``last_year``: the rule in
    force on 1 January of the first year, then each transition until the end of the last,
    computed from zoneinfo. A zone without DST (Asia/Shanghai since 1991) has one STANDARD
    observance and none of its history."""
    begin = datetime(first_year, 1, 1, tzinfo=zone)
    end = datetime(last_year + 1, 1, 1, tzinfo=zone)
    offset, dst, name = _state(zone, int(begin.timestamp()))
    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone.key}"]
    observances = [(begin.replace(tzinfo=None), offset, offset, dst, name)]
    for instant in _transitions(zone, int(begin.timestamp()), int(end.timestamp())):
        after, dst, name = _state(zone, instant)
        # An observance starts at the local time the clocks showed just before it.
        wall = datetime.fromtimestamp(instant, UTC).replace(tzinfo=None) + offset
        observances.append((wall, offset, after, dst, name))
        offset = after
    for wall, before, after, dst, name in observances:
        kind = "DAYLIGHT" if dst else "STANDARD"
        lines += [
            f"BEGIN:{kind}",
            f"DTSTART:{_wall(wall)}",
            f"TZOFFSETFROM:{_offset(before)}",
            f"TZOFFSETTO:{_offset(after)}",
            f"TZNAME:{text(name)}",
            f"END:{kind}",
        ]
    lines.append("END:VTIMEZONE")
    return b"".join(fold(line) for line in lines)


@dataclass(frozen=True, slots=True)
class Feed:
    """What a subscribable calendar says about itself (X-WR-CALNAME and X-WR-CALDESC)."""

    name: str
    description: str


def calendar(
    events: Sequence[Event], entries: dict[str, bytes], site: Site, feed: Feed | None
) -> bytes:
    """One VCALENDAR holding the already rendered ``entries`` of ``events``, in that order.

    ``feed`` names a subscribable calendar; ``None`` is a one-event import. The VTIMEZONE
    covers the years of ``events`` (the year of ``site.today`` when there are none, so the
    calendar still holds a component).
    """
    zone = site.timezone
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH"]  # fmt: skip
    if feed is not None:
        lines += [
            f"X-WR-CALNAME:{text(feed.name)}",
            f"X-WR-CALDESC:{text(feed.description)}",
            f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}",
            f"X-PUBLISHED-TTL:{REFRESH}",
        ]
    lines.append(f"X-WR-TIMEZONE:{zone.key}")
    if events:
        years = (
            min(event.first_day.year for event in events),
            max(max(s.last_day.year for s in (event, *event.sessions)) for event in events),
        )
    else:
        years = (site.today.year, site.today.year)
    return b"".join(
        [
            *(fold(line) for line in lines),
            vtimezone(zone, *years),
            *(entries[event.id] for event in events),
            b"END:VCALENDAR\r\n",
        ]
    )


def _in_time_order(events: Iterable[Event]) -> list[Event]:
    return sorted(events, key=schedule_key)


class CalendarFeeds:
    """Renders every calendar file of the site; see the module's contract."""

    def render(self, catalog: Catalog, site: Site) -> Iterator[Output]:
        entries = {event.id: vevent(event, site) for event in catalog.events}
        publisher = site.name
        since = site.today - timedelta(days=WINDOW_DAYS)
        recent = _in_time_order(e for e in catalog.events if e.last_day >= since)
        yield Output(
            urls.CALENDAR_ALL,
            calendar(
                recent,
                entries,
                site,
                Feed(
                    f"{publisher}{COLUMN_NAME}",
                    f"{publisher}“{COLUMN_NAME}”活动：最近{WINDOW_DAYS}天和今后的活动公告，"
                    "以及计划中的开放安排（暂定）。往年活动见按年度的日历。",
                ),
            ),
        )
        for year, events in sorted(catalog.schedule.items()):
            yield Output(
                urls.calendar_year(year),
                calendar(
                    events,
                    entries,
                    site,
                    Feed(
                        f"{publisher}{year}年{COLUMN_NAME}",
                        f"{publisher}{year}年“{COLUMN_NAME}”活动公告和开放安排。",
                    ),
                ),
            )
        by_agency: dict[str, list[Event]] = defaultdict(list)
        agencies: dict[str, Agency] = dict(catalog.agencies)
        for event in catalog.events:
            by_agency[event.agency.id].append(event)
            agencies.setdefault(event.agency.id, event.agency)
        for agency_id in sorted(agencies):
            agency = agencies[agency_id]
            yield Output(
                urls.calendar_agency(agency_id),
                calendar(
                    _in_time_order(by_agency[agency_id]),
                    entries,
                    site,
                    Feed(
                        f"{agency.short}{COLUMN_NAME}",
                        f"{agency.name}“{COLUMN_NAME}”活动公告和开放安排。",
                    ),
                ),
            )
        for event in sorted(catalog.notices, key=lambda e: e.id):
            yield Output(urls.event_ics(event), _import(event, site))


@per_event
def _import(event: Event, site: Site) -> bytes:
    """The calendar of one event, for 添加到日历 (a one-time import, not a subscription)."""
    return calendar([event], {event.id: vevent(event, site)}, site, None)
