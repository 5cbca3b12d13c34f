"""The demo site's calendar feeds, built by a real ``mkdocs build`` and read by python
``icalendar``, ``vobject`` and Mozilla's ``ical.js``: the three must agree on every event."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.support.calparse import CalEvent, events_icalendar, events_icaljs, events_vobject

ROOT = Path(__file__).resolve().parents[2]
NOTICE_PAGE = re.compile(r"openday/[a-z0-9-]+/\d{4}-\d{2}-\d{2}-[a-z0-9-]+/index\.html\Z")


@pytest.fixture(scope="module")
def feeds(site: Path) -> list[Path]:
    return sorted(site.rglob("*.ics"))


@pytest.fixture(scope="module")
def readings(feeds: list[Path]) -> dict[str, dict[Path, list[CalEvent]]]:
    """Every feed as each parser reads it."""
    return {
        "icalendar": {path: events_icalendar(path) for path in feeds},
        "vobject": {path: events_vobject(path) for path in feeds},
        "ical.js": events_icaljs(feeds),
    }


def events_of(site: Path, readings: dict, relative: str) -> list[CalEvent]:
    return readings["icalendar"][site / relative]


def by_uid(events: list[CalEvent]) -> dict[str, CalEvent]:
    return {event["uid"].split("@")[0]: event for event in events}


def test_the_demo_publishes_every_contract_feed(site: Path, feeds: list[Path]) -> None:
    agencies = yaml.safe_load((ROOT / "events" / "agencies.yml").read_text("utf-8"))
    notice_pages = [
        page.parent for page in site.rglob("index.html")
        if NOTICE_PAGE.search(page.relative_to(site).as_posix())
    ]  # fmt: skip
    published = {path.relative_to(site).as_posix() for path in feeds}

    assert notice_pages
    expected = {
        "calendar/openday.ics",
        "calendar/2022.ics",
        *(f"calendar/{agency_id}.ics" for agency_id in agencies),
        *(f"{page.relative_to(site).as_posix()}/event.ics" for page in notice_pages),
    }
    assert published == expected
    # 添加到日历 is offered until the event is over, and never for a cancelled one.
    offered = {"open", "closed", "upcoming"}
    for page in notice_pages:
        html = (page / "index.html").read_text("utf-8")
        badge = re.search(r'od-byline.*?od-badge--([a-z]+)"', html, re.S).group(1)
        if badge in offered or badge in ("held", "cancelled"):
            assert ('href="event.ics"' in html) == (badge in offered), (page, badge)


def test_icalendar_vobject_and_icaljs_read_every_feed_alike(
    feeds: list[Path], readings: dict[str, dict[Path, list[CalEvent]]]
) -> None:
    for path in feeds:
        by_icalendar = readings["icalendar"][path]
        count = path.read_bytes().count(b"\r\nBEGIN:VEVENT\r\n")
        assert len(by_icalendar) == count, path
        for other in ("vobject", "ical.js"):
            assert readings[other][path] == by_icalendar, f"{other} differs on {path}"


def test_every_feed_has_crlf_lines_of_at_most_75_octets(feeds: list[Path]) -> None:
    for path in feeds:
        content = path.read_bytes()
        assert content.endswith(b"END:VCALENDAR\r\n"), path
        lines = content.split(b"\r\n")[:-1]
        assert all(b"\n" not in line and b"\r" not in line for line in lines), path
        assert max(len(line) for line in lines) <= 75, path
        for line in lines:
            line.decode("utf-8")


def test_the_column_feed_holds_every_demo_event_once(site: Path, readings: dict) -> None:
    column = events_of(site, readings, "calendar/openday.ics")
    year = events_of(site, readings, "calendar/2022.ics")
    units = [
        event
        for path, events in readings["icalendar"].items()
        if path.parent == site / "calendar" and path.stem not in ("openday", "2022")
        for event in events
    ]
    records = list((ROOT / "events").glob("*/*.yml"))
    # One entry per event, or per session of an event that has several.
    entries = sum(
        len(yaml.safe_load(path.read_text("utf-8")).get("sessions") or [None]) for path in records
    )

    assert len(column) == len(year) == len(units) == entries > len(records)
    assert len(by_uid(column)) == entries
    assert by_uid(column) == by_uid(year) == by_uid(units)


def test_a_notice_reads_as_published(site: Path, readings: dict) -> None:
    (event,) = events_of(site, readings, "openday/yj-fgj/2022-09-16-liangcang/event.ics")

    assert event["uid"] == "yj-fgj/2022-09-16-liangcang@openday.example"
    assert event["summary"] == "走进雁江粮仓 体验收储之道（区发展和改革局）"
    assert event["location"] == "雁江区区级储备粮库（资阳市雁江区临江镇）"
    assert (event["start"], event["end"]) == ("2022-09-16T01:00:00Z", "2022-09-16T03:30:00Z")
    assert (event["status"], event["sequence"]) == ("CONFIRMED", 0)
    description = event["description"].split("\n")
    assert description[0] == "https://openday.example/openday/yj-fgj/2022-09-16-liangcang/"
    assert description[1:3] == ["报名方式：网上报名、电话报名", "报名截止：2022年9月13日"]
    assert description[-2:] == ["联系人员：李某", "联系电话：028-26621548"]


def test_the_cancelled_and_the_postponed_notice_stay_in_the_feed(
    site: Path, readings: dict
) -> None:
    events = by_uid(events_of(site, readings, "calendar/openday.ics"))

    cancelled = events["yj-zhonghe/2022-08-29-shiyi-zhonghe"]
    assert cancelled["summary"].startswith("【已取消】诗意中和 健康乡村")
    assert (cancelled["status"], cancelled["sequence"]) == ("CANCELLED", 1)
    postponed = events["yj-zhujian/2022-09-09-wuye-fuwu"]
    assert postponed["summary"].startswith("【已延期】物业服务进小区")
    # Moved to a firm new date (revision 1), keeping the UID of its first announcement.
    assert (postponed["status"], postponed["sequence"]) == ("CONFIRMED", 2)
    assert postponed["start"] == "2022-09-21T06:30:00Z"
    assert "\n已延期：因活动所在小区开展二次供水设施改造施工" in postponed["description"]


def test_plans_are_tentative_and_fuzzy_periods_span_all_day(site: Path, readings: dict) -> None:
    events = by_uid(events_of(site, readings, "calendar/2022.ics"))

    fuzzy = events["yj-fengyu/2022-09-11-minsheng-shishi"]
    assert (fuzzy["start"], fuzzy["end"], fuzzy["all_day"]) == ("2022-09-11", "2022-09-21", True)
    assert fuzzy["status"] == "TENTATIVE"
    # Published after the build's today: still a plan on 2022-09-10.
    later = events["yj-danshan/2022-09-20-dibao-shenpi"]
    assert (later["status"], later["all_day"]) == ("TENTATIVE", False)


def test_each_session_of_a_notice_is_an_entry_of_its_own(site: Path, readings: dict) -> None:
    relative = "openday/yj-renshe/2022-09-06-shebao-jingban/event.ics"
    sessions = events_of(site, readings, relative)

    assert [event["uid"] for event in sessions] == [
        f"yj-renshe/2022-09-06-shebao-jingban/{n}@openday.example" for n in (1, 2, 3)
    ]
    assert [(event["start"], event["end"]) for event in sessions] == [
        ("2022-09-06T01:00:00Z", "2022-09-06T03:00:00Z"),
        ("2022-09-08T06:30:00Z", "2022-09-08T08:30:00Z"),
        ("2022-09-09T01:00:00Z", "2022-09-09T03:30:00Z"),
    ]
    assert [event["location"] for event in sessions] == [
        "区政务服务中心社会保险窗口",
        "区社会保险事业管理局待遇审核科",
        "区人力资源和社会保障局三楼会议室",
    ]
    assert (
        sessions[1]["summary"] == "走进社保经办 体验“一窗通办”（区人社局） 第2场：养老待遇审核开放"
    )
    unit = by_uid(events_of(site, readings, "calendar/yj-renshe.ics"))
    assert all(unit[event["uid"].split("@")[0]] == event for event in sessions)


def test_a_tour_is_one_entry_at_its_meeting_point(site: Path, readings: dict) -> None:
    relative = "openday/yj-zhujian/2022-09-20-chengshi-gengxin/event.ics"
    (tour,) = events_of(site, readings, relative)

    assert tour["uid"] == "yj-zhujian/2022-09-20-chengshi-gengxin@openday.example"
    assert tour["location"] == "区住房和城乡建设局大门前"
    assert (tour["start"], tour["end"]) == ("2022-09-20T00:30:00Z", "2022-09-20T04:00:00Z")
    assert (
        "\n集合地点：区住房和城乡建设局大门前\n交通方式：统一乘坐中巴车往返\n"
        "行程：9:00 三贤祠街老旧小区改造现场；9:50 城东保障性租赁住房项目工地；"
        "10:40 区住房和城乡建设局三楼会议室\n"
    ) in tour["description"]


def test_dates_only_and_a_tentative_date_are_all_day_entries(site: Path, readings: dict) -> None:
    events = by_uid(events_of(site, readings, "calendar/2022.ics"))

    days = events["yj-baohe/2022-09-17-cundao-jianshe"]
    assert (days["start"], days["end"], days["all_day"]) == ("2022-09-17", "2022-09-18", True)
    assert days["status"] == "CONFIRMED"
    tentative = events["yj-jiaotong/2022-09-22-gongjiao-xianlu"]
    assert (tentative["start"], tentative["status"]) == ("2022-09-22", "TENTATIVE")
    assert "\n时间暂定，以公告的更新为准。" in tentative["description"]


def test_two_builds_of_the_same_records_give_the_same_feeds(
    tmp_path: Path, site: Path, feeds: list[Path], rebuild
) -> None:
    again = rebuild(tmp_path / "site")

    rebuilt = sorted(again.rglob("*.ics"))
    assert [p.relative_to(again) for p in rebuilt] == [p.relative_to(site) for p in feeds]
    for first, second in zip(feeds, rebuilt, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.relative_to(site)
