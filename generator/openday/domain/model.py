"""The frozen domain model built from validated records.

Everything after the checker (catalog, renderers, feeds, the plugin) reads
these objects, never raw YAML. Nothing here imports MkDocs.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, fields
from datetime import date, datetime, time
from itertools import repeat
from operator import attrgetter, call

from .timeparse import Moment
from .vocab import ANSWER_NAMES, CLOSED_METHODS, GROUP_NAMES, Stage


@dataclass(frozen=True, slots=True)
class Agency:
    id: str
    name: str
    short: str
    kind: str
    region: tuple[str, ...]
    index_prefix: str
    owners: tuple[str, ...] = ()
    #: Other names citizens use for the unit (发改局, 发改委), which search finds it by.
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Registration:
    methods: tuple[str, ...]
    url: str | None
    deadline: date | None
    note: str | None
    #: The time of day registration closes, when the notice states one.
    deadline_time: time | None = None
    email: str | None = None
    wechat: str | None = None
    eligibility: tuple[str, ...] = ()
    selection: str | None = None

    @property
    def open_call(self) -> bool:
        """Whether the public signs up (not only invited, not simply walking in)."""
        return any(method not in CLOSED_METHODS for method in self.methods)


@dataclass(frozen=True, slots=True)
class Contact:
    """联系人员 and 联系电话; any of them may be missing where the policy does not require it."""

    name: str | None
    phone: str | None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Invitee:
    """One category of people invited (邀请对象), as the notice names it.

    ``group`` is the fixed group it counts under for the policy's share and exclusion
    rules; ``count`` is None when the notice gives no number.
    """

    name: str
    count: int | None
    group: str


@dataclass(frozen=True, slots=True)
class Attendees:
    public: int = 0
    deputies: int = 0
    members: int = 0
    media: int = 0
    other: int = 0

    @property
    def total(self) -> int:
        return self.public + self.deputies + self.members + self.media + self.other

    def items(self) -> tuple[tuple[str, int], ...]:
        return tuple((group, getattr(self, group)) for group in GROUP_NAMES)


@dataclass(frozen=True, slots=True)
class Stop:
    """One stop of a tour: where the group goes, when it arrives (as written) and what it does."""

    place: str
    time: str | None = None
    at: datetime | None = None
    activity: str | None = None


@dataclass(frozen=True, slots=True)
class Tour:
    """An itinerary (行程): one group meets at ``meeting`` at the start time and visits the
    stops in order. Unlike parallel sites (``venue`` as a list), nobody is split between
    the stops, so per-site limits apply to the whole group."""

    meeting: str
    stops: tuple[Stop, ...]
    transport: str | None = None

    @property
    def places(self) -> tuple[str, ...]:
        return (self.meeting, *(stop.place for stop in self.stops))


class _Span:
    """The days a ``start`` and an optional ``end`` cover (an event, or one of its sessions)."""

    __slots__ = ()
    start: Moment
    end: Moment | None

    @property
    def first_day(self) -> date:
        return self.start.first_day

    @property
    def last_day(self) -> date:
        return self.end.last_day if self.end is not None else self.start.last_day


@dataclass(frozen=True, slots=True)
class Session(_Span):
    """One session (场次) of a notice that announces several, each with its time and place.

    ``number`` is its place in the record (第1场, 第2场, …); ``id`` is what staff named it and
    never changes once published, since its calendar entry's UID hangs on it.
    """

    id: str
    number: int
    start: Moment
    end: Moment | None = None
    name: str | None = None
    venues: tuple[str, ...] = ()
    capacity: int | None = None
    tentative: bool = False
    status: str | None = None
    note: str | None = None

    @property
    def label(self) -> str:
        """第2场, or 第2场：走进粮库 when it has a name."""
        return f"第{self.number}场" + (f"：{self.name}" if self.name else "")


@dataclass(frozen=True, slots=True)
class Notice:
    """The announcement (活动公告): the eleven items of seed 000.

    Only the unit, theme, time, place and registration are always there; an item the
    policy does not require may be missing (None or empty), and pages then leave it out.
    """

    title: str
    published: date
    registration: Registration
    capacity: int | None
    leaders: tuple[str, ...]
    co_hosts: tuple[str, ...]
    venues: tuple[str, ...]
    content: str | None
    formats: tuple[str, ...]
    contact: Contact
    reminders: str | None
    attendees: Attendees | None = None
    invitees: tuple[Invitee, ...] = ()
    livestream: str | None = None
    index_no: str | None = None
    keywords: tuple[str, ...] = ()
    updated: date | None = None
    revision: int = 0
    tour: Tour | None = None


#: Widths a report picture is published at: itself, at most the first wide, and one for phones.
PICTURE_WIDTHS = (1600, 480)

#: Attachment types (by content, see :mod:`openday.sources.media`) as a page names them.
ATTACHMENT_NAMES = {
    "pdf": "PDF 文件",
    "docx": "Word 文档",
    "xlsx": "Excel 表格",
    "ofd": "OFD 版式文件",
}


def size_text(size: int) -> str:
    """A file size as a page shows it: ``24 KB``, ``1.5 MB`` (1 KB = 1024 B, rounded up)."""
    if size < 1024 * 1024:
        return f"{max(1, -(-size // 1024))} KB"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


@dataclass(frozen=True, slots=True)
class Image:
    """A report picture: its file beside the record, its alt text, and what the checker
    found in it (size as shown, orientation applied; transparency; content digest)."""

    file: str
    alt: str
    width: int = 0
    height: int = 0
    alpha: bool = False
    digest: str = ""

    @property
    def extension(self) -> str:
        """What it is published as: WebP keeps transparency, JPEG suits photographs."""
        return "webp" if self.alpha else "jpg"

    def versions(self) -> tuple[tuple[int, int], ...]:
        """(width, height) of each published version, largest first; never enlarged."""
        if self.width <= 0 or self.height <= 0:
            return ()
        sizes = []
        for limit in PICTURE_WIDTHS:
            width = min(self.width, limit)
            if sizes and width >= sizes[-1][0]:
                continue
            sizes.append((width, max(1, round(self.height * width / self.width))))
        return tuple(sizes)


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file published beside the notice (报名表, 实施方案): checked type and size."""

    file: str
    title: str | None
    kind: str
    size: int
    digest: str

    @property
    def kind_name(self) -> str:
        return ATTACHMENT_NAMES[self.kind]

    @property
    def size_text(self) -> str:
        return size_text(self.size)


@dataclass(frozen=True, slots=True)
class Report:
    published: date
    attendance: int
    summary: str
    images: tuple[Image, ...] = ()
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    """One opinion raised at the event and how it was answered."""

    topic: str
    opinion: str
    source: str | None
    status: str | None
    response: str | None
    department: str | None
    #: Further opinions answered together with ``opinion`` by one shared response.
    more: tuple[str, ...] = ()

    @property
    def opinions(self) -> tuple[str, ...]:
        return (self.opinion, *self.more)


@dataclass(frozen=True, slots=True)
class Feedback:
    published: date
    items: tuple[Answer, ...]

    def totals(self) -> dict[str, int]:
        """Opinions per answer state, in the order of :data:`~openday.domain.vocab.ANSWER_NAMES`; computed, never typed.

        Opinions answered together count one each; those whose state is not stated are in
        no state (see :attr:`count`)."""
        counted: Counter[str | None] = Counter()
        for item in self.items:
            counted[item.status] += len(item.opinions)
        return {status: counted.get(status, 0) for status in ANSWER_NAMES}

    @property
    def count(self) -> int:
        """Every opinion raised, answered alone or together."""
        return sum(len(item.opinions) for item in self.items)


@dataclass(frozen=True, slots=True)
class Event(_Span):
    """One 政府开放日 event, at whatever stage its file has reached."""

    id: str
    path: str
    agency: Agency
    theme: str
    start: Moment
    end: Moment | None = None
    status: str | None = None
    status_note: str | None = None
    filed: date | None = None
    notice: Notice | None = None
    report: Report | None = None
    feedback: Feedback | None = None
    attachments: tuple[Attachment, ...] = ()
    sessions: tuple[Session, ...] = ()
    date_only: bool = False
    tentative: bool = False

    @property
    def slug(self) -> str:
        return self.id.rsplit("/", 1)[1][11:]

    @property
    def stage(self) -> Stage:
        if self.feedback is not None:
            return "feedback"
        if self.report is not None:
            return "report"
        if self.notice is not None:
            return "notice"
        return "plan"

    @property
    def announced_day(self) -> date:
        """The first day as first announced: the date in the event id, which never changes."""
        return date.fromisoformat(self.id.rsplit("/", 1)[1][:10])

    @property
    def rescheduled(self) -> bool:
        """Postponed to a firm new date (a postponed event's start moves, its id does not)."""
        return self.status == "postponed" and self.start.first_day != self.announced_day

    @property
    def index_no(self) -> str:
        """索引号: pinned by the record, or derived from the immutable event id."""
        if self.notice is not None and self.notice.index_no:
            return self.notice.index_no
        return f"{self.agency.index_prefix}/{self.id.rsplit('/', 1)[1]}"


#: Consumes an iterator and keeps nothing of it (what ``setstate`` below runs its setters through).
_drain = deque(maxlen=0).extend


def _pickled_as_tuples(cls: type) -> None:
    """Pickle ``cls`` as the tuple of its fields' values, set back through its slots.

    Checked events travel from the worker processes to the parent (see
    :mod:`openday.base.cores`). The ``__getstate__`` and ``__setstate__`` that
    ``dataclass(slots=True)`` writes list the fields anew for every object, which made
    pickling cost a fifth as much as checking the records.
    """
    names = tuple(field.name for field in fields(cls))
    read = attrgetter(*names)  # more than one field each, so always a tuple
    slots = tuple(getattr(cls, name).__set__ for name in names)

    def getstate(self: object) -> tuple:
        return read(self)

    def setstate(self: object, state: tuple) -> None:
        # Each slot's setter called on its value by ``map``, drained by a deque that keeps
        # nothing: no Python loop per field, which was most of the time of unpickling.
        # ``state`` is always what ``getstate`` of the same class read: one value a slot.
        _drain(map(call, slots, repeat(self), state))

    cls.__getstate__ = getstate
    cls.__setstate__ = setstate


for _cls in (
    Moment, Agency, Registration, Contact, Invitee, Attendees, Stop, Tour, Session, Notice,
    Image, Attachment, Report, Answer, Feedback, Event,
):  # fmt: skip
    _pickled_as_tuples(_cls)
