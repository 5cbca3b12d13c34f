"""The public pages of the 政府开放日 column, as views over the catalog.

Each function here turns the :class:`~openday.domain.catalog.Catalog` into views:
one frozen value per page, of a class per kind of page (:class:`ListPage`,
:class:`NoticePage`, :class:`AnswersPage`, :class:`SchedulePage`, …), naming its
URL, its template in ``theme/openday/`` and everything that template prints, all
of it worked out here. The plugin hands the views to MkDocs; templates read these
views only, and compute nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from ..base.memo import per_event
from ..domain import urls
from ..domain.catalog import BADGES, Catalog, Page, last_date, paginate, schedule_key, session_badge
from ..domain.catalog import badge as badge_of
from ..domain.markup import render
from ..domain.model import Answer, Event, Notice, Registration, Report, Session, Tour
from ..domain.timeparse import Moment
from ..domain.vocab import (
    ANSWER_NAMES,
    FORMAT_NAMES,
    GROUP_NAMES,
    KIND_ORDER,
    METHOD_NAMES,
    SELECTION_NAMES,
    STATUS_NAMES,
)

COLUMN_NAME = "政府开放日"
WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str | None = None


@dataclass(frozen=True)
class SideLink:
    label: str
    url: str


@dataclass(frozen=True)
class Sidebar:
    """The column's left-hand navigation: sub-columns with items, units and years.

    It is on every page of the column, so it names no counts: a new notice then
    changes only the pages that list it, not every page of the site (which
    ``mkdocs serve`` would render again, and a publisher would upload again).
    """

    sections: tuple[SideLink, ...]
    units: tuple[SideLink, ...]
    years: tuple[SideLink, ...]


def sidebar(catalog: Catalog) -> Sidebar:
    sections = [
        SideLink(label, url)
        for label, url, items in (
            ("活动公告", urls.column(), catalog.notices),
            ("活动回顾", urls.reports(), catalog.reports),
            ("意见反馈", urls.FEEDBACK, catalog.feedback),
        )
        if items
    ]
    newest_schedule = next(iter(catalog.schedule), None)
    if newest_schedule is not None:
        sections.append(SideLink("开放安排", urls.schedule(newest_schedule)))
    # The yearly figures exist for every year with a notice (statspages), newest first.
    newest_notices = next(iter(catalog.notices_by_year), None)
    if newest_notices is not None:
        sections.append(SideLink("年度统计", urls.stats(newest_notices)))
    # Departments before streets and towns, as a portal lists its units.
    by_kind = sorted(
        catalog.notices_by_agency.items(),
        key=lambda pair: (KIND_ORDER.index(catalog.agencies[pair[0]].kind), pair[0]),
    )
    units = [
        SideLink(catalog.agencies[agency_id].short, urls.agency(agency_id))
        for agency_id, _ in by_kind
    ]
    years = [SideLink(f"{year}年", urls.year(year)) for year in catalog.notices_by_year]
    return Sidebar(tuple(sections), tuple(units), tuple(years))


class Formatter:
    """Dates, times and labels as a Chinese government page writes them."""

    def __init__(self, zone: tzinfo):
        self.zone = zone

    @staticmethod
    def day(value: date) -> str:
        return value.isoformat()

    @staticmethod
    def day_cn(value: date) -> str:
        return f"{value.year}年{value.month}月{value.day}日"

    def clock(self, value: datetime) -> str:
        local = value.astimezone(self.zone)
        return f"{local.hour}:{local.minute:02d}"

    @staticmethod
    def row_title(event: Event) -> str:
        """A list row's title, as portals write it: 区发展和改革局“政府开放日”：走进雁江粮仓…"""
        return f"{event.agency.short}“{COLUMN_NAME}”：{event.theme}"

    def deadline(self, registration: Registration) -> str:
        """报名截止 as the notice states it: 2023年9月15日 or 2023年9月15日17:00."""
        text = self.day_cn(registration.deadline)
        closes = registration.deadline_time
        return f"{text}{closes.hour}:{closes.minute:02d}" if closes is not None else text

    def when(self, event: Event) -> str:
        """时间 as a notice states it: 2022年9月16日（星期五）9:00—11:30; several sessions as
        their span and count; a tentative time marked （暂定）."""
        if event.sessions:
            first, last = event.first_day, event.last_day
            span = self.day_cn(first)
            if last != first:
                tail = (
                    f"{last.month}月{last.day}日" if last.year == first.year else self.day_cn(last)
                )
                span += f"至{tail}"
            return f"{span}，共{len(event.sessions)}场" + ("（暂定）" if event.tentative else "")
        text = self.span(event.start, event.end)
        return text + "（暂定）" if event.tentative else text

    def session_when(self, session: Session) -> str:
        """One session's time, as :meth:`when` writes an event's."""
        text = self.span(session.start, session.end)
        return text + "（暂定）" if session.tentative else text

    def span(self, start: Moment, end: Moment | None) -> str:
        """A start and an optional end: 2022年9月16日（星期五）9:00—11:30, 9月中旬, …"""
        if start.is_fuzzy:
            return f"{start.first_day.year}年{start.label}"
        first = start.first_day
        text = f"{self.day_cn(first)}（星期{WEEKDAYS[first.weekday()]}）"
        if start.at is not None:
            text += self.clock(start.at)
        if end is None:
            return text
        if end.first_day == first:
            return text + (f"—{self.clock(end.at)}" if end.at is not None else "")
        tail = self.day_cn(end.first_day) + (f" {self.clock(end.at)}" if end.at else "")
        return f"{text} 至 {tail}"


# The views: one frozen dataclass per page kind. Each holds what its template prints, as
# text (dates as the page writes them, labels looked up, badges decided), site-relative
# URLs (the template's ``url`` filter makes them relative to the page), and Markdown
# fields as written (the template's ``od_markdown`` filter renders them in the worker
# that renders the page). Templates compute nothing: they print these, so the same
# templates render under any Jinja-like engine.


@dataclass(frozen=True)
class SideMark:
    """A link of the column's sidebar as one page shows it: ``current`` is ``page`` on the
    page it links, ``true`` on the other pages under it, else empty."""

    label: str
    url: str
    current: str = ""
    #: The attributes the sections' ``od_link`` prints (``aria-current``).
    attrs: Markup | str = ""


@dataclass(frozen=True)
class SideGroup:
    name: str
    open: bool
    links: tuple[SideMark, ...]


@dataclass(frozen=True)
class SideNav:
    """The :class:`Sidebar` as one place of the column shows it (see :attr:`View.place`)."""

    sections: tuple[SideMark, ...]
    groups: tuple[SideGroup, ...]


@dataclass(frozen=True)
class Subscribe:
    """A calendar feed to subscribe to: ``path`` from the site root, ``address`` absolute
    when the site has a ``site_url`` (else the path), ``webcal`` its ``webcal:`` link (empty
    without a ``site_url``, where the page links the path instead)."""

    path: str
    address: str
    webcal: str


@dataclass(frozen=True, kw_only=True)
class View:
    """What every generated page has; ``template`` is a file under ``theme/``.

    Views are compared between the builds of ``mkdocs serve``: a page is rendered again
    only when its view (or its date, or what surrounds every page) changed.
    """

    url: str
    title: str
    template: str
    crumbs: tuple[Crumb, ...]
    meta: tuple[tuple[str, str], ...] = ()
    section: str = ""
    #: Where the menu and the column's sidebar show this page to be, as a key of the
    #: partials they are rendered from (``od_cached``): nothing for an event's own pages,
    #: which mark no item as current; for the later pages of a list, its first page's
    #: address and ``+`` (they mark their list's item, though not as the page shown, so
    #: they all share one rendering); else the page's own address.
    place: str = ""
    #: An event's own page (notice, report, answers): laid out as an article.
    article: bool = False
    #: The newest public date of what the page shows (its sitemap date); None for the
    #: column's newest.
    updated: date | None = None


@dataclass(frozen=True)
class ListRow:
    """One item of a list: its status word, its link, a line about it, its date."""

    badge: str
    badge_label: str
    url: str
    title: str
    meta: str
    date: str
    #: The part of the page the link opens at (a report's section of its notice page).
    fragment: str = ""


@dataclass(frozen=True)
class PagerLink:
    number: int
    url: str
    current: bool
    attrs: Markup


@dataclass(frozen=True)
class Pager:
    """首页 上一页 1 2 3 下一页 尾页: at most five numbers around the current page; the
    first and previous pages' URLs are empty on the first page, the next and last on the last."""

    count: int
    first: str
    prev: str
    next: str
    last: str
    numbers: tuple[PagerLink, ...]


@dataclass(frozen=True, kw_only=True)
class ListPage(View):
    """A page of a column list (notices, reports or answers), newest first."""

    number: int
    rows: tuple[ListRow, ...]
    pager: Pager | None = None
    subscribe: Subscribe | None = None


@dataclass(frozen=True)
class SessionRow:
    label: str
    badge: str
    badge_label: str
    capacity: int | None
    when: str
    note: str | None
    venues: tuple[str, ...]


@dataclass(frozen=True)
class TourStop:
    #: The time it arrives, as a clock time or as written; empty when the record gives none.
    time: str
    place: str
    activity: str | None


@dataclass(frozen=True)
class TourView:
    #: The clock time of the meeting (empty for an event of several sessions or without one).
    time: str
    meeting: str
    transport: str | None
    stops: tuple[TourStop, ...]


@dataclass(frozen=True)
class AttachmentLink:
    url: str
    name: str
    #: Type and size, after the file name when the attachment has a title of its own.
    about: str


@dataclass(frozen=True)
class Figure:
    """A report picture: ``href`` its largest version, ``src`` the phone-sized one with
    its size, ``srcset`` every version (smallest first) when there are several."""

    href: str
    src: str
    width: int
    height: int
    alt: str
    srcset: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class ReportView:
    title: str
    published: str
    attendance: int
    summary: str
    #: Whether the report names pictures at all (``figures`` holds those that are published).
    pictured: bool
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class NoticeBody:
    """The announcement (活动公告) items of a notice page, as printed."""

    status: str | None
    status_label: str
    status_note: str | None
    updated: str
    updated_cn: str
    venues: tuple[str, ...]
    #: More than one venue: they are printed as a list.
    several_venues: bool
    methods: tuple[str, ...]
    deadline: str
    phone: str | None
    #: The online sign-up address while registration is open (else empty).
    signup: str
    sessions: tuple[SessionRow, ...]
    tour: TourView | None
    co_hosts: tuple[str, ...]
    formats: tuple[str, ...]
    livestream: str | None
    #: 参加人数: the capacity and the groups taking part (empty when the notice gives neither).
    people: str
    invitees: tuple[str, ...]
    leaders: tuple[str, ...]
    registration_url: str | None
    registration_email: str | None
    wechat: str | None
    selection: str
    eligibility: tuple[str, ...]
    registration_note: str | None
    contact_name: str | None
    contact_email: str | None
    content: str | None
    reminders: str | None
    attachments: tuple[AttachmentLink, ...]
    published_cn: str
    #: The event's own calendar file while it is ahead and not cancelled (else empty).
    ics: str


@dataclass(frozen=True, kw_only=True)
class ArticlePage(View):
    """An event's own page, with the 信息公开 metadata and byline every such page shows."""

    article: bool = True
    agency: str
    index_no: str | None
    keywords: tuple[str, ...]
    published: str
    badge: str = ""
    badge_label: str = ""
    theme: str
    address: str


@dataclass(frozen=True, kw_only=True)
class NoticePage(ArticlePage):
    """An event's page: its notice, or (when the notice was published elsewhere) its report alone."""

    when: str
    notice: NoticeBody | None
    unit_feed: Subscribe
    #: The event's answers page, and its unit's list (empty when there is none).
    answers: str
    unit_list: str
    report: ReportView | None


@dataclass(frozen=True)
class AnswerRow:
    #: 序号, from 1.
    number: int
    topic: str
    #: The opinion, and every opinion it was answered together with (Markdown).
    opinion: str
    opinions: tuple[str, ...]
    #: Several opinions answered together by one response.
    shared: bool
    source: str
    status: str | None
    status_label: str
    response: str | None
    department: str


@dataclass(frozen=True, kw_only=True)
class AnswersPage(ArticlePage):
    """An event's answers (意见建议采纳情况反馈)."""

    published_cn: str
    held: str
    totals: str
    answers: tuple[AnswerRow, ...]
    #: The event's page, as its notice or as its report (one of them, or neither).
    notice_url: str
    report_url: str
    column: str


@dataclass(frozen=True)
class YearLink:
    year: int
    url: str


@dataclass(frozen=True)
class ScheduleRow:
    unit: str
    theme: str
    #: The event's page (empty for a plan, which has none).
    url: str
    session: str
    when: str
    badge: str
    badge_label: str


@dataclass(frozen=True, kw_only=True)
class SchedulePage(View):
    """The year's 一览表."""

    year: int
    #: The other years' tables.
    years: tuple[YearLink, ...]
    rows: tuple[ScheduleRow, ...]
    subscribe: Subscribe | None = None


@dataclass(frozen=True)
class StatsRow:
    name: str
    #: (column name, value) of every column after the first.
    cells: tuple[tuple[str, str | int], ...]


@dataclass(frozen=True)
class Chart:
    svg: Markup
    title: str


@dataclass(frozen=True, kw_only=True)
class StatsPage(View):
    """The year's figures per unit (``site/statspages.py``)."""

    year: int
    as_of: str
    years: tuple[YearLink, ...]
    csv: str
    xlsx: str
    header: tuple[str, ...]
    rows: tuple[StatsRow, ...]
    charts: tuple[Chart, ...]


@dataclass(frozen=True, kw_only=True)
class SearchPage(View):
    column: str
    #: The newest year's 一览表 (empty when there is none).
    schedule: str


@dataclass(frozen=True)
class Home:
    """What the home page shows of the column: its newest notices and sub-columns."""

    rows: tuple[ListRow, ...]
    more: str
    sections: tuple[SideLink, ...]


def home_crumbs(*more: Crumb) -> tuple[Crumb, ...]:
    return (Crumb("首页", ""), Crumb(COLUMN_NAME, urls.column()), *more)


def _list_meta(column: str) -> tuple[tuple[str, str], ...]:
    return (("ColumnName", column), ("ColumnType", "互动交流"))


def _updated(events: Iterable[Event]) -> date | None:
    return max((last_date(e) for e in events if e.notice is not None), default=None)


@dataclass(frozen=True)
class Setting:
    """What a page of one event shows besides the event: the day (its state), the time zone
    (its times), the site's address (its absolute links). Views made for one event and one
    setting are the same in every build, so they are remembered per event between builds."""

    today: date
    zone: tzinfo
    site_url: str = ""

    @property
    def fmt(self) -> Formatter:
        return Formatter(self.zone)

    def subscribe(self, path: str) -> Subscribe:
        address = self.site_url + path
        return Subscribe(path, address, urls.webcal(address) if self.site_url else "")


class Layout:
    """What the views of one build are made with: the catalog, the :class:`Setting`, the
    sidebar and its states. An event's row is made once for all the lists it is in; the
    functions that make an event's rows and pages are declared
    :func:`~openday.base.memo.per_event`, so while the adapter's memo is in use these are
    kept from one build to the next while the event object is."""

    def __init__(self, catalog: Catalog, zone: tzinfo, site_url: str = ""):
        self.catalog = catalog
        self.setting = Setting(catalog.today, zone, site_url)
        self.sidebar = sidebar(catalog)
        self._sides: dict[tuple[str, str, bool], SideNav] = {}
        self._rows: dict[tuple[str, str], ListRow] = {}

    def subscribe(self, path: str) -> Subscribe:
        return self.setting.subscribe(path)

    def side(self, view: View) -> SideNav:
        """The sidebar as ``view`` shows it (``od_side``): the same on all pages of one
        section and place. It is not part of the view, which would then be made anew in
        every build for the column's sidebar (compared as a whole between builds)."""
        key = (view.section, view.place, view.article)
        found = self._sides.get(key)
        if found is None:
            found = self._sides[key] = self._side(view.section, view.url, view.article)
        return found

    def _side(self, section: str, url: str, article: bool) -> SideNav:
        def mark(link: SideLink) -> SideMark:
            if link.label != section:
                return SideMark(link.label, link.url)
            current = "page" if url == link.url else "true"
            return SideMark(link.label, link.url, current, Markup(f' aria-current="{current}"'))

        side = self.sidebar
        groups = tuple(
            SideGroup(
                name,
                not article and any(link.label == section for link in links),
                tuple(mark(link) for link in links),
            )
            for name, links in (("按单位", side.units), ("按年份", side.years))
            if links
        )
        return SideNav(tuple(mark(link) for link in side.sections), groups)

    def row(self, kind: str, event: Event) -> ListRow:
        """The row of ``event`` in a list of ``kind`` (see :data:`ROW_KINDS`)."""
        found = self._rows.get((kind, event.id))
        if found is None:
            found = self._rows[kind, event.id] = list_row(event, kind, self.setting)
        return found

    def notice_page(self, event: Event) -> NoticePage:
        return notice_page(event, self.setting)

    def answers_page(self, event: Event) -> AnswersPage:
        return answers_page(event, self.setting)

    def home(self) -> Home:
        return Home(
            tuple(self.row("notices", event) for event in self.catalog.notices[:8]),
            urls.column(),
            self.sidebar.sections,
        )


#: The kinds of list an event has a row in.
ROW_KINDS = ("notices", "reports", "feedback")


@per_event
def list_row(event: Event, kind: str, setting: Setting) -> ListRow:
    """The row of ``event`` in a list of ``kind``: the same in every list of that kind."""
    badge = badge_of(event, setting.today)
    label = BADGES[badge]
    short = event.agency.short
    if kind == "feedback":
        feedback = event.feedback
        return ListRow(
            badge,
            label,
            urls.feedback(event),
            f"{short}“{COLUMN_NAME}”意见建议采纳情况：{event.theme}",
            f"活动日期 {event.first_day.isoformat()} · "
            + totals_sentence(feedback.totals(), feedback.count),
            feedback.published.isoformat(),
        )
    if kind == "reports":
        report = event.report
        return ListRow(
            badge,
            label,
            urls.event(event),
            report.title or f"{short}“{COLUMN_NAME}”活动报道：{event.theme}",
            f"活动日期 {event.first_day.isoformat()} · 实际参加 {report.attendance} 人",
            report.published.isoformat(),
            "od-report",
        )
    fmt = setting.fmt
    return ListRow(
        badge,
        label,
        urls.event(event),
        fmt.row_title(event),
        f"承办单位 {short} · 活动时间 {fmt.when(event)}",
        event.notice.published.isoformat(),
    )


def pager(page: Page, page_urls: Sequence[str]) -> Pager | None:
    """The pager of ``page`` (None when its list has one page)."""
    number, count = page.number, page.count
    if count < 2:
        return None
    first = max(1, min(number - 2, count - 4))
    last = min(count, first + 4)
    return Pager(
        count=count,
        first=page_urls[0] if number > 1 else "",
        prev=page_urls[number - 2] if number > 1 else "",
        next=page_urls[number] if number < count else "",
        last=page_urls[-1] if number < count else "",
        numbers=tuple(
            PagerLink(n, page_urls[n - 1], n == number, Markup(f' aria-label="第{n}页"'))
            for n in range(first, last + 1)
        ),
    )


def _paged_views(
    layout: Layout,
    items: Sequence[Event],
    base_url: str,
    title: str,
    kind: str,
    crumbs: tuple[Crumb, ...],
    *,
    subscribe: str | None = None,
    section: str = "",
) -> Iterator[ListPage]:
    pages = paginate(items)
    page_urls = tuple(urls.paged(base_url, page.number) for page in pages)
    feed = layout.subscribe(subscribe) if subscribe is not None else None
    for page, url in zip(pages, page_urls, strict=True):
        suffix = f"（第{page.number}页）" if page.number > 1 else ""
        place = page_urls[0] + "+" if page.number > 1 else url
        yield ListPage(
            url=url,
            title=title + suffix,
            template="openday/list.html",
            crumbs=crumbs,
            meta=_list_meta(title),
            section=section,
            place=place,
            updated=_updated(page.items),
            number=page.number,
            rows=tuple(layout.row(kind, event) for event in page.items),
            pager=pager(page, page_urls),
            subscribe=feed,
        )


def list_views(layout: Layout) -> Iterator[ListPage]:
    """The column, its sub-columns, and the per-unit and per-year lists; empty ones are left out."""
    catalog = layout.catalog
    yield from _paged_views(
        layout, catalog.notices, urls.COLUMN, "活动公告", "notices",
        (Crumb("首页", ""), Crumb(COLUMN_NAME, urls.column())),
        subscribe=urls.CALENDAR_ALL, section="活动公告",
    )  # fmt: skip
    if catalog.reports:
        yield from _paged_views(
            layout, catalog.reports, urls.REPORTS, "活动回顾", "reports",
            home_crumbs(Crumb("活动回顾", urls.reports())), section="活动回顾",
        )  # fmt: skip
    for agency_id, items in catalog.notices_by_agency.items():
        agency = catalog.agencies[agency_id]
        yield from _paged_views(
            layout, items, urls.agency(agency_id), agency.name, "notices",
            home_crumbs(Crumb(agency.short, urls.agency(agency_id))),
            subscribe=urls.calendar_agency(agency_id), section=agency.short,
        )  # fmt: skip
    for year, items in catalog.notices_by_year.items():
        yield from _paged_views(
            layout, items, urls.year(year), f"{year}年活动公告", "notices",
            home_crumbs(Crumb(f"{year}年", urls.year(year))),
            subscribe=urls.calendar_year(year), section=f"{year}年",
        )  # fmt: skip


def _labels(names: dict[str, str], keys: Iterable[str]) -> tuple[str, ...]:
    return tuple(names[key] for key in keys)


def _people(notice: Notice) -> str:
    """参加人数 as the notice states it: 30人（群众代表20人，人大代表5人）."""
    text = f"{notice.capacity}人" if notice.capacity is not None else ""
    if notice.attendees is not None:
        groups = (f"{GROUP_NAMES[g]}{n}人" for g, n in notice.attendees.items() if n)
        text += "（" + "，".join(groups) + "）"
    return text


def _tour(tour: Tour, event: Event, fmt: Formatter) -> TourView:
    at = event.start.at
    return TourView(
        fmt.clock(at) if at and not event.sessions else "",
        tour.meeting,
        tour.transport,
        tuple(
            TourStop((fmt.clock(s.at) if s.at else s.time) if s.time else "", s.place, s.activity)
            for s in tour.stops
        ),
    )


def _sessions(event: Event, setting: Setting, fmt: Formatter) -> tuple[SessionRow, ...]:
    rows = []
    for session in event.sessions:
        badge = session_badge(event, session, setting.today)
        when = fmt.session_when(session)
        if event.tentative and not session.tentative:
            when += "（暂定）"
        rows.append(
            SessionRow(
                session.label,
                badge,
                BADGES[badge],
                session.capacity,
                when,
                session.note,
                session.venues,
            )
        )
    return tuple(rows)


def _attachments(event: Event) -> tuple[AttachmentLink, ...]:
    return tuple(
        AttachmentLink(
            urls.attachment(event, a),
            a.title or a.file,
            (f"{a.file}，" if a.title else "") + f"{a.kind_name}，{a.size_text}",
        )
        for a in event.attachments
    )


def _notice_body(
    event: Event, notice: Notice, badge: str, setting: Setting, fmt: Formatter
) -> NoticeBody:
    reg, contact = notice.registration, notice.contact
    ahead = setting.today <= event.last_day
    return NoticeBody(
        status=event.status,
        status_label=STATUS_NAMES[event.status] if event.status else "",
        status_note=event.status_note,
        updated=notice.updated.isoformat() if notice.updated else "",
        updated_cn=fmt.day_cn(notice.updated) if notice.updated else "",
        venues=notice.venues,
        several_venues=len(notice.venues) > 1,
        methods=_labels(METHOD_NAMES, reg.methods),
        deadline=fmt.deadline(reg) if reg.deadline else "",
        phone=contact.phone,
        signup=reg.url if reg.url and badge == "open" else "",
        sessions=_sessions(event, setting, fmt),
        tour=_tour(notice.tour, event, fmt) if notice.tour else None,
        co_hosts=notice.co_hosts,
        formats=_labels(FORMAT_NAMES, notice.formats),
        livestream=notice.livestream,
        people=_people(notice),
        invitees=tuple(f"{i.name}{i.count}人" if i.count else i.name for i in notice.invitees),
        leaders=notice.leaders,
        registration_url=reg.url,
        registration_email=reg.email,
        wechat=reg.wechat,
        selection=SELECTION_NAMES[reg.selection] if reg.selection else "",
        eligibility=reg.eligibility,
        registration_note=reg.note,
        contact_name=contact.name,
        contact_email=contact.email,
        content=notice.content,
        reminders=notice.reminders,
        attachments=_attachments(event),
        published_cn=fmt.day_cn(notice.published),
        ics=urls.event_ics(event) if ahead and event.status != "cancelled" else "",
    )


def _figures(event: Event, report: Report) -> tuple[Figure, ...]:
    figures = []
    for image in report.images:
        versions = image.versions()
        if not versions:
            continue
        (large, _), (small, small_height) = versions[0], versions[-1]
        srcset = (
            tuple((urls.picture(event, image, w), w) for w, _ in reversed(versions))
            if len(versions) > 1
            else ()
        )
        figures.append(
            Figure(
                urls.picture(event, image, large),
                urls.picture(event, image, small),
                small,
                small_height,
                image.alt,
                srcset,
            )
        )
    return tuple(figures)


def _report(event: Event, report: Report) -> ReportView:
    return ReportView(
        title=report.title if report.title and event.notice else "活动报道",
        published=report.published.isoformat(),
        attendance=report.attendance,
        summary=report.summary,
        pictured=bool(report.images),
        figures=_figures(event, report),
    )


def _event_page(
    event: Event,
    setting: Setting,
    title: str,
    crumbs: tuple[Crumb, ...],
    meta: tuple[tuple[str, str], ...],
    section: str,
    unit_list: bool,
) -> NoticePage:
    """An event's page: its notice, or its report when the notice was published elsewhere."""
    notice, agency, fmt = event.notice, event.agency, setting.fmt
    badge = badge_of(event, setting.today)
    url = urls.event(event)
    published = notice.published if notice else event.report.published
    return NoticePage(
        url=url,
        title=title,
        template="openday/notice.html",
        crumbs=crumbs,
        meta=meta,
        section=section,
        updated=last_date(event),
        agency=agency.name,
        index_no=event.index_no,
        keywords=notice.keywords if notice else (),
        published=published.isoformat(),
        badge=badge,
        badge_label=BADGES[badge],
        theme=event.theme,
        when=fmt.when(event),
        notice=_notice_body(event, notice, badge, setting, fmt) if notice else None,
        unit_feed=setting.subscribe(urls.calendar_agency(agency.id)),
        answers=urls.feedback(event) if event.feedback else "",
        unit_list=urls.agency(agency.id) if unit_list else "",
        report=_report(event, event.report) if event.report else None,
        address=setting.site_url + url,
    )


@per_event
def notice_page(event: Event, setting: Setting) -> NoticePage:
    """The page of an event with a notice (its unit's list holds it)."""
    notice, agency = event.notice, event.agency
    return _event_page(
        event,
        setting,
        notice.title,
        home_crumbs(Crumb(agency.short, urls.agency(agency.id)), Crumb("正文")),
        (
            *_list_meta("活动公告"),
            ("ArticleTitle", notice.title),
            ("PubDate", notice.published.isoformat()),
            ("ContentSource", agency.name),
            ("Keywords", " ".join(notice.keywords)),
        ),
        agency.short,
        unit_list=True,
    )


def notice_views(layout: Layout) -> Iterator[NoticePage]:
    for event in layout.catalog.notices:
        yield layout.notice_page(event)


def report_title(event: Event) -> str:
    """The title of a report: as the record gives it, or the unit and 活动报道."""
    return event.report.title or f"{event.agency.name}“{COLUMN_NAME}”活动报道"


def report_views(layout: Layout) -> Iterator[NoticePage]:
    """The event page of a report whose notice was published elsewhere (an earlier year's)."""
    catalog = layout.catalog
    for event in catalog.reported_only:
        title = report_title(event)
        yield _event_page(
            event,
            layout.setting,
            title,
            home_crumbs(Crumb("活动回顾", urls.reports()), Crumb("正文")),
            (
                *_list_meta("活动回顾"),
                ("ArticleTitle", title),
                ("PubDate", event.report.published.isoformat()),
                ("ContentSource", event.agency.name),
            ),
            "活动回顾",
            unit_list=bool(catalog.agency_events(event.agency.id)),
        )


def schedule_rows(events: Sequence[Event]) -> tuple[tuple[Event, Session | None], ...]:
    """The rows of a 一览表: one per event, or one per session of an event that has several,
    in time order as :func:`~openday.domain.catalog.schedule_key` orders events."""
    rows: list[tuple[tuple, Event, Session | None]] = []
    for event in events:
        if not event.sessions:
            rows.append((schedule_key(event), event, None))
            continue
        for session in event.sessions:
            start = session.start
            at = start.at.timestamp() if start.at is not None else 0.0
            key = (start.first_day, start.is_fuzzy, start.last_day, at, event.agency.id, event.id)
            rows.append(((*key, session.number), event, session))
    rows.sort(key=lambda row: row[0] if row[2] is not None else (*row[0], 0))
    return tuple((event, session) for _, event, session in rows)


def _schedule_row(layout: Layout, event: Event, session: Session | None) -> ScheduleRow:
    catalog = layout.catalog
    badge = catalog.session_badge(event, session) if session else catalog.badge(event)
    tentative = event.tentative or (session is not None and session.tentative)
    return ScheduleRow(
        unit=event.agency.short,
        theme=event.theme,
        url=urls.event(event) if event.notice or event.report else "",
        session=session.label if session else "",
        when=(session or event).start.label + ("（暂定）" if tentative else ""),
        badge=badge,
        badge_label=BADGES[badge],
    )


def schedule_views(layout: Layout) -> Iterator[SchedulePage]:
    schedule = layout.catalog.schedule
    for year, items in schedule.items():
        title = f"{year}年政府开放日活动安排一览表"
        url = urls.schedule(year)
        yield SchedulePage(
            url=url,
            title=title,
            template="openday/schedule.html",
            crumbs=home_crumbs(Crumb("开放安排", url), Crumb(f"{year}年")),
            meta=_list_meta("开放安排"),
            section="开放安排",
            place=url,
            updated=_updated(items),
            year=year,
            years=tuple(YearLink(y, urls.schedule(y)) for y in schedule if y != year),
            rows=tuple(_schedule_row(layout, *row) for row in schedule_rows(items)),
            subscribe=layout.subscribe(urls.calendar_year(year)),
        )


def _answer(number: int, item: Answer) -> AnswerRow:
    return AnswerRow(
        number=number,
        topic=item.topic,
        opinion=item.opinion,
        opinions=item.opinions,
        shared=bool(item.more),
        source=GROUP_NAMES[item.source] if item.source else "",
        status=item.status,
        status_label=ANSWER_NAMES[item.status] if item.status else "",
        response=item.response,
        department=item.department or "—",
    )


def feedback_views(layout: Layout) -> Iterator[View]:
    """The answers column and one answers page per event that published them."""
    catalog = layout.catalog
    if catalog.feedback:
        yield from _paged_views(
            layout, catalog.feedback, urls.FEEDBACK, "意见反馈", "feedback",
            home_crumbs(Crumb("意见反馈", urls.FEEDBACK)), section="意见反馈",
        )  # fmt: skip
    for event in catalog.feedback:
        yield layout.answers_page(event)


@per_event
def answers_page(event: Event, setting: Setting) -> AnswersPage:
    """The answers page of an event."""
    agency, feedback, fmt = event.agency, event.feedback, setting.fmt
    title = f"{agency.name}“政府开放日”意见建议采纳情况反馈"
    url = urls.feedback(event)
    return AnswersPage(
        url=url,
        title=title,
        template="openday/feedback.html",
        crumbs=home_crumbs(Crumb("意见反馈", urls.FEEDBACK), Crumb("正文")),
        meta=(
            *_list_meta("意见反馈"),
            ("ArticleTitle", title),
            ("PubDate", feedback.published.isoformat()),
            ("ContentSource", agency.name),
        ),
        section="意见反馈",
        updated=last_date(event),
        agency=agency.name,
        index_no=event.index_no,
        keywords=event.notice.keywords if event.notice else (),
        published=feedback.published.isoformat(),
        published_cn=fmt.day_cn(feedback.published),
        theme=event.theme,
        held=fmt.day_cn(event.first_day),
        totals=totals_sentence(feedback.totals(), feedback.count),
        answers=tuple(_answer(n, item) for n, item in enumerate(feedback.items, 1)),
        notice_url=urls.event(event) if event.notice else "",
        report_url=urls.event(event) if not event.notice and event.report else "",
        column=urls.FEEDBACK,
        address=setting.site_url + url,
    )


def totals_sentence(totals: dict[str, int], count: int | None = None) -> str:
    """共收集意见建议N条，已采纳X条，…: every state named, zeros included.

    ``count`` is every opinion raised; those beyond the states' sum had no state stated
    and are counted as such, never put into a state."""
    parts = [f"{ANSWER_NAMES[state]}{number}条" for state, number in totals.items()]
    stated = sum(totals.values())
    total = stated if count is None else count
    if total > stated:
        parts.append(f"未说明办理情况{total - stated}条")
    return f"共收集意见建议{total}条，" + "，".join(parts) + "。"


def all_views(layout: Layout) -> list[View]:
    return [
        *list_views(layout),
        *notice_views(layout),
        *report_views(layout),
        *feedback_views(layout),
        *schedule_views(layout),
    ]


def link(href: str, text: Any, classes: str = "", attrs: str = "", fragment: str = "") -> Markup:
    """``od_link(href, text, classes, attrs, fragment)``: a link, and its twin to
    ``href#od-elder`` that takes 长者模式 along without script (shown instead of it only
    while the page is in 长者模式 by ``#od-elder``).

    ``attrs`` are printed as they are when marked safe; everything else is escaped.
    Lists print thousands of these, which a template macro made several times slower.
    """
    href, text, attrs = escape(href), escape(text), escape(attrs)
    plain, elder = _link_classes(classes)
    target = escape("#" + fragment) if fragment else ""
    return Markup(
        f'<a class="{plain}" href="{href}{target}"{attrs}>{text}</a>'
        f'<a class="{elder}" href="{href}#od-elder"{attrs}>{text}</a>'
    )


@lru_cache(maxsize=64)
def _link_classes(classes: str) -> tuple[Markup, Markup]:
    """The classes of a :func:`link` and of its 长者模式 twin (a handful in the theme)."""
    return escape(f"{classes} od-pln".strip()), escape(f"{classes} od-eld".strip())


def markdown(text: str | None) -> Markup:
    """A Markdown field as sanitized HTML, marked safe for the autoescaping templates."""
    return Markup(render(text)) if text else Markup("")
