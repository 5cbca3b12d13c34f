"""Events built in memory for unit tests: one unit, one notice, changed where a test needs.

``notice(**changes)`` and ``event(slug, start, end, **parts)`` give the same record
everywhere (区发改局's 走进雁江粮仓, 09:00 to 11:30); a test names only what it varies.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from zoneinfo import ZoneInfo

from openday.domain.model import Agency, Contact, Event, Notice, Registration
from openday.domain.timeparse import parse_moment

ZONE = ZoneInfo("Asia/Shanghai")
AGENCY = Agency(
    "yj-fgj", "资阳市雁江区发展和改革局", "区发改局", "department", ("四川省",), "yjqfgj"
)
_NOTICE = Notice(
    title="资阳市雁江区发展和改革局“政府开放日”活动公告",
    published=date(2022, 9, 1),
    registration=Registration(("invitation",), None, None, None),
    capacity=15,
    leaders=("局长",),
    co_hosts=(),
    venues=("储备粮库",),
    content="参观",
    formats=("forum",),
    contact=Contact("李某", "028-26621548"),
    reminders="带身份证",
)


def notice(**changes: object) -> Notice:
    """The notice, published 2022-09-01 to invited guests only, with ``changes``."""
    return dataclasses.replace(_NOTICE, **changes)


def event(slug: str, start: str, end: str | None = None, **parts: object) -> Event:
    """An event of :data:`AGENCY` in file ``<slug>.yml``; ``start`` and ``end`` as record text."""
    return Event(
        id=f"{AGENCY.id}/{slug}",
        path=f"events/{AGENCY.id}/{slug}.yml",
        agency=AGENCY,
        theme="走进雁江粮仓",
        start=parse_moment(start, ZONE),
        end=parse_moment(end, ZONE) if end is not None else None,
        **parts,
    )
