"""The public pages of the 政府开放日 column, as views over the catalog.

Each function here turns the :class:`~openday.domain.catalog.Catalog` into
:class:`PageView` objects: one per page, naming its URL, its template in
``theme/openday/`` and everything that template shows. The plugin hands the
views to MkDocs; templates read domain objects and these views only.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from markupsafe import Markup, escape

from ..domain import urls
from ..domain.catalog import BADGES, Catalog, Page, paginate, schedule_key
from ..domain.markup import render
from ..domain.model import Event, Registration, Session
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
class PageView:
    """What one generated page shows; ``template`` is a file under ``theme/``."""

    url: str
    title: str
    template: str
    kind: str
    crumbs: tuple[Crumb, ...]
    meta: tuple[tuple[str, str], ...] = ()
    event: Event | None = None
    items: Sequence[Event] = ()
    page: Page | None = None
    pages: tuple[str, ...] = ()
    year: int | None = None
    subscribe: str | None = None
    section: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def place(self) -> str:
        """Where the menu and the column's sidebar show this page to be, as a key of the
        partials they are rendered from (``od_cached``): nothing for an event's own pages,
        which mark no item as current; for the later pages of a list, its first page's
        address and ``+`` (they mark their list's item, though not as the page shown,
        so they all share one rendering); else the page's own address."""
        if self.event is not None:
            return ""
        if self.page is not None and self.page.number > 1:
            return self.pages[0] + "+"
        return self.url


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


LABELS = {
    "badges": BADGES,
    "formats": FORMAT_NAMES,
    "methods": METHOD_NAMES,
    "groups": GROUP_NAMES,
    "answers": ANSWER_NAMES,
    "statuses": STATUS_NAMES,
    "selections": SELECTION_NAMES,
}


def home_crumbs(*more: Crumb) -> tuple[Crumb, ...]:
    return (Crumb("首页", ""), Crumb(COLUMN_NAME, urls.column()), *more)


def _list_meta(column: str) -> tuple[tuple[str, str], ...]:
    return (("ColumnName", column), ("ColumnType", "互动交流"))


def _paged_views(
    items: Sequence[Event],
    base_url: str,
    title: str,
    kind: str,
    crumbs: tuple[Crumb, ...],
    *,
    subscribe: str | None = None,
    section: str = "",
) -> Iterator[PageView]:
    pages = paginate(items)
    page_urls = tuple(urls.paged(base_url, page.number) for page in pages)
    for page, url in zip(pages, page_urls, strict=True):
        suffix = f"（第{page.number}页）" if page.number > 1 else ""
        yield PageView(
            url=url,
            title=title + suffix,
            template="openday/list.html",
            kind=kind,
            crumbs=crumbs,
            meta=_list_meta(title),
            items=page.items,
            page=page,
            pages=page_urls,
            subscribe=subscribe,
            section=section,
        )


def list_views(catalog: Catalog) -> Iterator[PageView]:
    """The column, its sub-columns, and the per-unit and per-year lists; empty ones are left out."""
    yield from _paged_views(
        catalog.notices, urls.COLUMN, "活动公告", "notices",
        (Crumb("首页", ""), Crumb(COLUMN_NAME, urls.column())),
        subscribe=urls.CALENDAR_ALL, section="活动公告",
    )  # fmt: skip
    if catalog.reports:
        yield from _paged_views(
            catalog.reports, urls.REPORTS, "活动回顾", "reports",
            home_crumbs(Crumb("活动回顾", urls.reports())), section="活动回顾",
        )  # fmt: skip
    for agency_id, items in catalog.notices_by_agency.items():
        agency = catalog.agencies[agency_id]
        yield from _paged_views(
            items, urls.agency(agency_id), agency.name, "notices",
            home_crumbs(Crumb(agency.short, urls.agency(agency_id))),
            subscribe=urls.calendar_agency(agency_id), section=agency.short,
        )  # fmt: skip
    for year, items in catalog.notices_by_year.items():
        yield from _paged_views(
            items, urls.year(year), f"{year}年活动公告", "notices",
            home_crumbs(Crumb(f"{year}年", urls.year(year))),
            subscribe=urls.calendar_year(year), section=f"{year}年",
        )  # fmt: skip


def notice_views(catalog: Catalog) -> Iterator[PageView]:
    for event in catalog.notices:
        notice = event.notice
        agency = event.agency
        yield PageView(
            url=urls.event(event),
            title=notice.title,
            template="openday/notice.html",
            kind="notice",
            crumbs=home_crumbs(Crumb(agency.short, urls.agency(agency.id)), Crumb("正文")),
            meta=(
                *_list_meta("活动公告"),
                ("ArticleTitle", notice.title),
                ("PubDate", notice.published.isoformat()),
                ("ContentSource", agency.name),
                ("Keywords", " ".join(notice.keywords)),
            ),
            event=event,
            subscribe=urls.calendar_agency(agency.id),
            section=agency.short,
        )


def report_title(event: Event) -> str:
    """The title of a report: as the record gives it, or the unit and 活动报道."""
    return event.report.title or f"{event.agency.name}“{COLUMN_NAME}”活动报道"


def report_views(catalog: Catalog) -> Iterator[PageView]:
    """The event page of a report whose notice was published elsewhere (an earlier year's)."""
    for event in catalog.reported_only:
        agency = event.agency
        title = report_title(event)
        yield PageView(
            url=urls.event(event),
            title=title,
            template="openday/notice.html",
            kind="notice",
            crumbs=home_crumbs(Crumb("活动回顾", urls.reports()), Crumb("正文")),
            meta=(
                *_list_meta("活动回顾"),
                ("ArticleTitle", title),
                ("PubDate", event.report.published.isoformat()),
                ("ContentSource", agency.name),
            ),
            event=event,
            subscribe=urls.calendar_agency(agency.id),
            section="活动回顾",
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


def schedule_views(catalog: Catalog) -> Iterator[PageView]:
    for year, items in catalog.schedule.items():
        title = f"{year}年政府开放日活动安排一览表"
        yield PageView(
            url=urls.schedule(year),
            title=title,
            template="openday/schedule.html",
            kind="schedule",
            crumbs=home_crumbs(Crumb("开放安排", urls.schedule(year)), Crumb(f"{year}年")),
            meta=_list_meta("开放安排"),
            items=items,
            year=year,
            pages=tuple(urls.schedule(y) for y in catalog.schedule),
            subscribe=urls.calendar_year(year),
            section="开放安排",
            extra={"years": tuple(catalog.schedule), "rows": schedule_rows(items)},
        )


def feedback_views(catalog: Catalog) -> Iterator[PageView]:
    """The answers column and one answers page per event that published them."""
    if catalog.feedback:
        yield from _paged_views(
            catalog.feedback, urls.FEEDBACK, "意见反馈", "feedback",
            home_crumbs(Crumb("意见反馈", urls.FEEDBACK)), section="意见反馈",
        )  # fmt: skip
    for event in catalog.feedback:
        agency = event.agency
        title = f"{agency.name}“政府开放日”意见建议采纳情况反馈"
        yield PageView(
            url=urls.feedback(event),
            title=title,
            template="openday/feedback.html",
            kind="answers",
            crumbs=home_crumbs(Crumb("意见反馈", urls.FEEDBACK), Crumb("正文")),
            meta=(
                *_list_meta("意见反馈"),
                ("ArticleTitle", title),
                ("PubDate", event.feedback.published.isoformat()),
                ("ContentSource", agency.name),
            ),
            event=event,
            section="意见反馈",
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


def all_views(catalog: Catalog) -> list[PageView]:
    return [
        *list_views(catalog),
        *notice_views(catalog),
        *report_views(catalog),
        *feedback_views(catalog),
        *schedule_views(catalog),
    ]


def link(href: str, text: Any, classes: str = "", attrs: str = "", fragment: str = "") -> Markup:
    """``od_link(href, text, classes, attrs, fragment)``: a link, and its twin to
    ``href#od-elder`` that takes 长者模式 along without script (shown instead of it only
    while the page is in 长者模式 by ``#od-elder``).

    ``attrs`` are printed as they are when marked safe; everything else is escaped.
    Lists print thousands of these, which a template macro made several times slower.
    """
    href, text, attrs = escape(href), escape(text), escape(attrs)
    plain, elder = escape(f"{classes} od-pln".strip()), escape(f"{classes} od-eld".strip())
    target = escape("#" + fragment) if fragment else ""
    return Markup(
        f'<a class="{plain}" href="{href}{target}"{attrs}>{text}</a>'
        f'<a class="{elder}" href="{href}#od-elder"{attrs}>{text}</a>'
    )


def markdown(text: str | None) -> Markup:
    """A Markdown field as sanitized HTML, marked safe for the autoescaping templates."""
    return Markup(render(text)) if text else Markup("")
