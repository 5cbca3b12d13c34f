"""How pages write times (openday.site.pages): one event, dates only, 暂定, sessions, and the
rows of the schedule table; and the views the templates print: pagers, rows, places, and
views that stay equal while what they show does."""

from __future__ import annotations

import dataclasses
from datetime import date

from openday.base.memo import Memo
from openday.domain.catalog import Catalog, Page
from openday.domain.model import Session
from openday.domain.timeparse import parse_moment
from openday.site.pages import (
    Formatter,
    Layout,
    ListPage,
    NoticePage,
    all_views,
    pager,
    schedule_rows,
)

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


def _pager_of(number: int, count: int):
    return pager(Page(number, count, ()), [f"p{n}/" for n in range(1, count + 1)])


def test_a_pager_shows_at_most_five_numbers_around_the_current_page():
    middle = _pager_of(5, 10)
    assert [(link.number, link.url, link.current) for link in middle.numbers] == [
        (3, "p3/", False), (4, "p4/", False), (5, "p5/", True), (6, "p6/", False),
        (7, "p7/", False),
    ]  # fmt: skip
    assert (middle.first, middle.prev, middle.next, middle.last) == ("p1/", "p4/", "p6/", "p10/")
    assert str(middle.numbers[0].attrs) == ' aria-label="第3页"'
    assert [link.number for link in _pager_of(1, 10).numbers] == [1, 2, 3, 4, 5]
    assert [link.number for link in _pager_of(10, 10).numbers] == [6, 7, 8, 9, 10]
    assert [link.number for link in _pager_of(2, 3).numbers] == [1, 2, 3]


def test_a_pager_has_no_way_back_on_the_first_page_nor_on_from_the_last():
    first, last = _pager_of(1, 3), _pager_of(3, 3)
    assert (first.first, first.prev, first.next, first.last) == ("", "", "p2/", "p3/")
    assert (last.first, last.prev, last.next, last.last) == ("p1/", "p2/", "", "")
    assert _pager_of(1, 1) is None


def _catalog(count: int, today: date = date(2022, 9, 10)) -> Catalog:
    events = [
        records.event(
            f"2022-09-{day:02d}-e{day}", f"2022-09-{day:02d} 09:00", notice=records.notice()
        )
        for day in range(1, count + 1)
    ]
    return Catalog(events, {records.AGENCY.id: records.AGENCY}, today)


def test_later_pages_of_a_list_share_its_place_and_an_event_page_has_none():
    views = all_views(Layout(_catalog(20), records.ZONE))
    column = [v for v in views if isinstance(v, ListPage) and v.url.startswith("openday/page")]
    assert [(v.url, v.place, v.number) for v in column] == [("openday/page/2/", "openday/+", 2)]
    first = next(v for v in views if v.url == "openday/")
    assert first.place == "openday/" and not first.article
    notice = next(v for v in views if isinstance(v, NoticePage))
    assert notice.place == "" and notice.article


def test_an_event_has_one_row_in_every_list_of_notices_it_is_in():
    views = all_views(Layout(_catalog(3), records.ZONE))
    column, unit, year = (
        next(v for v in views if v.url == url)
        for url in ("openday/", "openday/yj-fgj/", "openday/year/2022/")
    )
    assert column.rows[0] is unit.rows[0] is year.rows[0]
    row = column.rows[0]
    assert (row.title, row.date, row.badge, row.badge_label) == (
        "区发改局“政府开放日”：走进雁江粮仓", "2022-09-01", "held", "已举行",
    )  # fmt: skip
    assert row.meta == "承办单位 区发改局 · 活动时间 2022年9月3日（星期六）9:00"


def test_views_are_equal_while_what_they_show_is_and_differ_when_it_changes():
    catalog = _catalog(3)
    assert all_views(Layout(catalog, records.ZONE)) == all_views(Layout(catalog, records.ZONE))
    # A day later the event of the 10th is over: its badge changes on every page that shows it.
    events = [
        *catalog.events,
        records.event("2022-09-10-x", "2022-09-10 09:00", notice=records.notice()),
    ]
    before = all_views(Layout(Catalog(events, catalog.agencies, date(2022, 9, 10)), records.ZONE))
    after = all_views(Layout(Catalog(events, catalog.agencies, date(2022, 9, 11)), records.ZONE))
    changed = {a.url for a, b in zip(before, after, strict=True) if a != b}
    assert changed == {
        "openday/", "openday/yj-fgj/", "openday/year/2022/", "openday/yj-fgj/2022-09-10-x/",
        "openday/schedule/2022/",
    }  # fmt: skip


def test_a_site_address_makes_the_calendar_links_absolute():
    views = all_views(Layout(_catalog(1), records.ZONE, "https://openday.example/"))
    notice = next(v for v in views if isinstance(v, NoticePage))
    assert notice.unit_feed.webcal == "webcal://openday.example/calendar/yj-fgj.ics"
    assert notice.address == "https://openday.example/openday/yj-fgj/2022-09-01-e1/"
    bare = next(v for v in all_views(Layout(_catalog(1), records.ZONE)) if v.url == notice.url)
    assert (bare.unit_feed.webcal, bare.unit_feed.address) == ("", "calendar/yj-fgj.ics")


def test_the_sidebar_marks_the_list_shown_as_the_page_and_its_later_pages_as_under_it():
    layout = Layout(_catalog(20), records.ZONE)
    views = {view.url: view for view in all_views(layout)}

    def marks(url):
        side = layout.side(views[url])
        unit, year = (group for group in side.groups)
        return (
            [(link.label, link.current) for link in side.sections if link.current],
            [(group.name, group.open) for group in side.groups],
            [(link.label, link.current) for link in (*unit.links, *year.links) if link.current],
        )

    assert marks("openday/") == ([("活动公告", "page")], [("按单位", False), ("按年份", False)], [])
    assert marks("openday/page/2/") == (
        [("活动公告", "true")],
        [("按单位", False), ("按年份", False)],
        [],
    )
    assert marks("openday/yj-fgj/") == (
        [],
        [("按单位", True), ("按年份", False)],
        [("区发改局", "page")],
    )
    # An event's page marks its unit, but opens no list.
    assert marks("openday/yj-fgj/2022-09-01-e1/") == (
        [], [("按单位", False), ("按年份", False)], [("区发改局", "true")],
    )  # fmt: skip
    assert str(layout.side(views["openday/"]).sections[0].attrs) == ' aria-current="page"'
    # Pages of one section and place share one sidebar.
    assert layout.side(views["openday/page/2/"]) is layout.side(
        dataclasses.replace(views["openday/page/2/"], url="openday/page/3/")
    )


def test_an_events_page_is_made_again_only_when_the_event_or_the_day_changed():
    memo = Memo()
    catalog = _catalog(2)

    def build(catalog: Catalog) -> dict:
        """One build with the memo in use, as the plugin runs it."""
        memo.begin()
        try:
            return {v.url: v for v in all_views(Layout(catalog, records.ZONE))}
        finally:
            memo.sweep()

    first = build(catalog)
    again = build(catalog)
    url = "openday/yj-fgj/2022-09-01-e1/"
    assert again[url] is first[url]
    later = Catalog(catalog.events, catalog.agencies, date(2022, 9, 11))
    moved = build(later)
    assert moved[url] is not first[url] and moved[url] == first[url]
    anew = {v.url: v for v in all_views(Layout(catalog, records.ZONE))}
    assert anew[url] is not first[url] and anew[url] == first[url]
