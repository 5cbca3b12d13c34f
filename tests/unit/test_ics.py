"""The calendar feeds (openday.site.ics), built from small in-memory records and read back by
python ``icalendar``, ``vobject`` and Mozilla's ``ical.js``."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openday.domain import markup
from openday.domain.catalog import Catalog
from openday.domain.model import (
    Agency,
    Contact,
    Event,
    Notice,
    Registration,
    Report,
    Session,
    Stop,
    Tour,
)
from openday.domain.timeparse import parse_moment
from openday.site.ics import CalendarFeeds, fold, text, vtimezone
from openday.site.outputs import Site

from tests.support.calparse import CalEvent, events_icalendar, events_icaljs, events_vobject

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2022, 9, 10)
SITE = Site("资阳市雁江区人民政府", "https://openday.example/", SHANGHAI, TODAY)
FGJ = Agency("yj-fgj", "资阳市雁江区发展和改革局", "区发展和改革局", "department",
             ("四川省", "资阳市", "雁江区"), "yjqfgj")  # fmt: skip
SHENJI = Agency("yj-shenji", "资阳市雁江区审计局", "区审计局", "department",
                ("四川省", "资阳市", "雁江区"), "yjqsjj")  # fmt: skip
AGENCIES = {agency.id: agency for agency in (FGJ, SHENJI)}

NOTICE = Notice(
    title="资阳市雁江区发展和改革局“政府开放日”活动公告",
    published=date(2022, 9, 7),
    registration=Registration(
        methods=("online", "phone"),
        url="https://www.yanjiang.gov.cn/zwgk/zfkfr/2022/fgj/",
        deadline=date(2022, 9, 13),
        note="名额15名，按报名先后顺序确定。",
    ),
    capacity=15,
    leaders=("区发展和改革局党组书记、局长",),
    co_hosts=(),
    venues=("雁江区区级储备粮库（资阳市雁江区临江镇）",),
    content="1. 参观仓储作业区；",
    formats=("office", "site", "forum"),
    contact=Contact("李某", "028-26621548"),
    reminders="请携带本人身份证。",
)


def moment(value: str, zone: ZoneInfo = SHANGHAI):
    return parse_moment(value, zone)


def notice_event(
    slug: str = "2022-09-16-liangcang",
    start: str = "2022-09-16 09:00",
    end: str | None = "2022-09-16 11:30",
    *,
    agency: Agency = FGJ,
    zone: ZoneInfo = SHANGHAI,
    **changes,
) -> Event:
    """A published notice like the demo's 粮仓 event; ``changes`` replace fields of the
    event, or of its notice when prefixed ``notice_``."""
    notice_changes = {k[7:]: v for k, v in changes.items() if k.startswith("notice_")}
    event_changes = {k: v for k, v in changes.items() if not k.startswith("notice_")}
    return Event(
        id=f"{agency.id}/{slug}",
        path=f"events/{agency.id}/{slug}.yml",
        agency=agency,
        theme="走进雁江粮仓 体验收储之道",
        start=moment(start, zone),
        end=moment(end, zone) if end else None,
        notice=dataclasses.replace(NOTICE, **notice_changes),
        **event_changes,
    )


def plan_event(slug: str, start: str, end: str | None = None, *, agency: Agency = SHENJI) -> Event:
    return Event(
        id=f"{agency.id}/{slug}",
        path=f"events/{agency.id}/{slug}.yml",
        agency=agency,
        theme="审计整改面对面",
        start=moment(start),
        end=moment(end) if end else None,
    )


def render(*events: Event, site: Site = SITE) -> dict[str, bytes]:
    catalog = Catalog(events, AGENCIES, site.today)
    return {output.path: output.content for output in CalendarFeeds().render(catalog, site)}


def read(tmp_path: Path, content: bytes, name: str = "feed.ics") -> list[CalEvent]:
    """The events of ``content`` as all three parsers read them, after checking they agree."""
    path = tmp_path / name
    path.write_bytes(content)
    by_icalendar = events_icalendar(path)
    by_vobject = events_vobject(path)
    by_icaljs = events_icaljs([path])[path]
    assert by_icalendar == by_vobject, "icalendar and vobject differ"
    assert by_icalendar == by_icaljs, "icalendar and ical.js differ"
    return by_icalendar


def unfolded(content: bytes) -> list[str]:
    return content.decode().replace("\r\n ", "").split("\r\n")[:-1]


def values(content: bytes, name: str) -> list[str]:
    """The raw (still escaped) values of every property ``name``, parameters dropped."""
    pattern = re.compile(rf"{name}[;:]")
    return [line.split(":", 1)[1] for line in unfolded(content) if pattern.match(line)]


EVENT_FILE = "openday/yj-fgj/2022-09-16-liangcang/event.ics"


# Bytes


def test_text_escapes_backslash_semicolon_comma_and_newline() -> None:
    assert text("C:\\开放日; 9:00, 会议室\n二楼") == "C:\\\\开放日\\; 9:00\\, 会议室\\n二楼"


def test_a_line_of_75_octets_stays_whole_and_longer_ones_fold_at_75_then_74_plus_a_space() -> None:
    assert fold("X" * 75) == b"X" * 75 + b"\r\n"
    assert fold("X" * 150) == b"X" * 75 + b"\r\n " + b"X" * 74 + b"\r\n " + b"X" + b"\r\n"


def test_every_line_ends_in_crlf_and_fits_in_75_octets() -> None:
    long_note = "报名人数超过名额时，按报名先后确定；" * 40
    files = render(
        notice_event(notice_registration=dataclasses.replace(NOTICE.registration, note=long_note)),
        plan_event("2022-09-22-shenji-zhenggai", "2022-09-下旬"),
    )
    for path, content in files.items():
        assert b"\r" not in content.replace(b"\r\n", b""), path
        assert b"\n" not in content.replace(b"\r\n", b""), path
        for line in content.split(b"\r\n")[:-1]:
            assert len(line) <= 75, (path, line)


def test_a_2000_character_chinese_description_is_folded_between_characters(
    tmp_path: Path,
) -> None:
    note = ("雁江区政府开放日欢迎您，请提前十五分钟到达签到。" * 80)[:2000]
    registration = dataclasses.replace(NOTICE.registration, note=note)
    content = render(notice_event(notice_registration=registration))[EVENT_FILE]

    physical = content.split(b"\r\n")[:-1]
    assert len(physical) > 80
    for line in physical:
        line.decode("utf-8")  # a fold inside a character would leave half of it here
        assert len(line) <= 75
    (event,) = read(tmp_path, content)
    assert f"报名说明：{note}\n" in event["description"]


def test_folding_never_splits_a_backslash_escape(tmp_path: Path) -> None:
    # Shifting the text one octet at a time puts a fold at every place in an escape.
    for shift in range(4):
        note = "x" * shift + "路径\\a，b;c,d\\\\e\n" * 60
        event = notice_event(status="postponed", status_note=note)
        content = render(event)[EVENT_FILE]
        for line in content.split(b"\r\n")[:-1]:
            trailing = len(line) - len(line.rstrip(b"\\"))
            assert trailing % 2 == 0, line
        (parsed,) = read(tmp_path, content)
        assert f"已延期：{markup.plain_text(note)}\n" in parsed["description"]


def test_the_registration_note_reaches_the_calendar_as_the_words_a_reader_sees(
    tmp_path: Path,
) -> None:
    note = "报名时请注明单位，**逾期不受理**；详见[报名须知](https://example.gov.cn/a?b=1&c=2)。"
    registration = dataclasses.replace(NOTICE.registration, note=note)
    (event,) = read(tmp_path, render(notice_event(notice_registration=registration))[EVENT_FILE])

    assert (
        "报名说明：报名时请注明单位，逾期不受理；详见报名须知（https://example.gov.cn/a?b=1&c=2）。\n"
        in event["description"]
    )


# Record values can never create properties or components


def test_a_theme_containing_crlf_begin_vevent_produces_exactly_one_event(tmp_path: Path) -> None:
    theme = "参观\r\nBEGIN:VEVENT\r\nUID:evil@example.com\r\nEND:VEVENT\r\nX"
    files = render(dataclasses.replace(notice_event(), theme=theme))

    for path, content in files.items():
        assert content.count(b"\r\nBEGIN:VEVENT\r\n") <= 1, path
    (event,) = read(tmp_path, files[EVENT_FILE])
    assert event["uid"] == "yj-fgj/2022-09-16-liangcang@openday.example"
    assert event["summary"] == (
        "参观 BEGIN:VEVENT UID:evil@example.com END:VEVENT X（区发展和改革局）"
    )


def test_control_characters_in_record_values_never_reach_the_file(tmp_path: Path) -> None:
    controls = "".join(chr(c) for c in [*range(0x20), 0x7F, 0x85, 0x9F, 0x2028, 0x2029])
    event = notice_event(
        notice_venues=(f"粮库{controls}大门",),
        notice_contact=Contact(f"李{controls}某", "028-26621548"),
        status="postponed",
        status_note=f"延期{controls}END:VCALENDAR",
    )
    event = dataclasses.replace(event, theme=f"走进{controls}粮仓")
    content = render(event)[EVENT_FILE]

    assert not re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", content.replace(b"\r\n", b""))
    assert not re.search("[\x80-\x9f\u2028\u2029]", content.decode())
    (parsed,) = read(tmp_path, content)
    # Tab is the one control TEXT allows; the five line breaks become spaces or newlines.
    assert parsed["summary"] == "【已延期】走进\t     粮仓（区发展和改革局）"
    assert parsed["location"] == "粮库\t     大门"
    # The note is Markdown: its plain text, with blanks run together, is what is shown.
    assert "\n已延期：延期\nEND:VCALENDAR\n" in parsed["description"]


@pytest.mark.attack
def test_markdown_notes_reach_the_description_as_plain_text_never_as_markup(
    tmp_path: Path,
) -> None:
    tracker = "![](https://tracker.example/p.gif?id=1)"
    note = f"名额**有限**<script>alert(1)</script>{tracker}\n\n- [报名](https://example.gov.cn/s)"
    postponed = f"因台风<img src=x onerror=alert(2)>延期。{tracker}[详见](javascript:alert(3))"
    event = notice_event(
        status="postponed",
        status_note=postponed,
        notice_revision=1,
        notice_registration=dataclasses.replace(NOTICE.registration, note=note),
    )
    content = render(event)[EVENT_FILE]

    (parsed,) = read(tmp_path, content)
    description = parsed["description"]
    assert "\n已延期：因台风延期。详见\n" in description
    assert "\n报名说明：名额有限\n· 报名（https://example.gov.cn/s）\n" in description
    for raw in ("<", ">", "**", "tracker", "script", "javascript", "onerror", "!["):
        assert raw not in description, raw


# Identity and changes


def test_the_uid_is_the_event_id_at_the_site_host(tmp_path: Path) -> None:
    (event,) = read(tmp_path, render(notice_event())[EVENT_FILE])

    assert event["uid"] == "yj-fgj/2022-09-16-liangcang@openday.example"


def test_a_plan_and_its_published_notice_share_one_uid(tmp_path: Path) -> None:
    plan = plan_event("2022-09-11-zhenggai", "2022-09-中旬")
    published = dataclasses.replace(
        notice_event("2022-09-11-zhenggai", "2022-09-15 09:00", "2022-09-15 11:30",
                     agency=SHENJI),
        theme=plan.theme,
    )  # fmt: skip

    (before,) = read(tmp_path, render(plan)["calendar/2022.ics"], "before.ics")
    (after,) = read(tmp_path, render(published)["calendar/2022.ics"], "after.ics")

    assert before["uid"] == after["uid"] == "yj-shenji/2022-09-11-zhenggai@openday.example"
    assert (before["status"], before["all_day"]) == ("TENTATIVE", True)
    assert (after["status"], after["all_day"]) == ("CONFIRMED", False)


def test_a_change_of_time_with_its_revision_raises_sequence(tmp_path: Path) -> None:
    first = notice_event()
    moved = notice_event(start="2022-09-16 14:30", end="2022-09-16 17:00", notice_revision=1)

    (before,) = read(tmp_path, render(first)[EVENT_FILE], "before.ics")
    (after,) = read(tmp_path, render(moved)[EVENT_FILE], "after.ics")

    assert after["uid"] == before["uid"]
    assert (before["sequence"], after["sequence"]) == (0, 1)
    assert after["start"] == "2022-09-16T06:30:00Z"


def test_cancelling_keeps_the_uid_and_raises_sequence_before_revision_is_edited(
    tmp_path: Path,
) -> None:
    cancelled = notice_event(
        status="cancelled", status_note="因疫情防控需要，活动取消。", notice_updated=TODAY
    )

    content = render(cancelled)[EVENT_FILE]
    (event,) = read(tmp_path, content)

    assert event["uid"] == "yj-fgj/2022-09-16-liangcang@openday.example"
    assert event["status"] == "CANCELLED"
    assert event["sequence"] == 1
    assert event["summary"] == "【已取消】走进雁江粮仓 体验收储之道（区发展和改革局）"
    assert "\n已取消：因疫情防控需要，活动取消。\n" in event["description"]
    assert values(content, "TRANSP") == ["TRANSPARENT"]
    assert values(content, "DTSTAMP") == ["20220909T160000Z"]


def test_a_confirmed_event_reminds_the_day_before_and_cancelled_events_and_plans_do_not(
    tmp_path: Path,
) -> None:
    (confirmed,) = read(tmp_path, render(notice_event())[EVENT_FILE])
    assert confirmed["alarms"] == [["DISPLAY", -86400]]
    cancelled = notice_event(status="cancelled", status_note="取消。", notice_updated=TODAY)
    (event,) = read(tmp_path, render(cancelled)[EVENT_FILE])
    assert event["alarms"] == []
    plan = plan_event("2022-09-20-shenji", "2022-09-20")
    (event,) = read(tmp_path, render(plan)["calendar/yj-shenji.ics"])
    assert event["alarms"] == []
    assert values(render(notice_event())[EVENT_FILE], "DESCRIPTION")[-1].startswith("明天：")


def test_a_postponed_event_is_tentative_with_its_note_in_the_description(tmp_path: Path) -> None:
    note = "延期至2022年9月21日14:30举行，地点不变。"
    postponed = notice_event(status="postponed", status_note=note, notice_revision=1)

    (event,) = read(tmp_path, render(postponed)[EVENT_FILE])

    assert event["summary"].startswith("【已延期】走进雁江粮仓")
    assert (event["status"], event["sequence"]) == ("TENTATIVE", 2)
    assert f"\n已延期：{note}\n" in event["description"]


def test_dtstamp_and_last_modified_are_the_records_last_public_date_at_local_midnight() -> None:
    report = Report(published=date(2022, 9, 17), attendance=15, summary="活动顺利举行。")
    held = notice_event(report=report)
    before_report = Site(SITE.name, SITE.url, SHANGHAI, TODAY)
    after_report = Site(SITE.name, SITE.url, SHANGHAI, date(2022, 9, 20))

    early = render(held, site=before_report)[EVENT_FILE]
    late = render(held, site=after_report)[EVENT_FILE]

    assert values(early, "DTSTAMP") == values(early, "LAST-MODIFIED") == ["20220906T160000Z"]
    assert values(late, "DTSTAMP") == values(late, "LAST-MODIFIED") == ["20220916T160000Z"]


def test_the_same_records_give_the_same_bytes_in_any_order() -> None:
    events = [
        notice_event(),
        notice_event("2022-09-01-jiage", "2022-09-01 09:30", "2022-09-01 11:30"),
        plan_event("2022-09-22-shenji-zhenggai", "2022-09-22"),
        plan_event("2022-09-11-fangxun", "2022-09-中旬"),
    ]

    assert render(*events) == render(*events) == render(*reversed(events))


# Plans


def test_a_fuzzy_plan_is_an_all_day_tentative_free_entry_over_its_period(tmp_path: Path) -> None:
    content = render(plan_event("2022-09-11-fangxun", "2022-09-中旬"))["calendar/2022.ics"]

    (event,) = read(tmp_path, content)

    assert (event["start"], event["end"], event["all_day"]) == ("2022-09-11", "2022-09-21", True)
    assert event["status"] == "TENTATIVE"
    assert values(content, "TRANSP") == ["TRANSPARENT"]
    assert "DTSTART;VALUE=DATE:20220911" in unfolded(content)
    assert "DTEND;VALUE=DATE:20220921" in unfolded(content)
    assert "计划安排：2022年9月中旬" in event["description"]
    assert event["location"] is None


def test_a_plan_whose_days_passed_without_a_notice_says_so(tmp_path: Path) -> None:
    content = render(plan_event("2022-08-21-fangxun", "2022-08-下旬"))["calendar/2022.ics"]

    (event,) = read(tmp_path, content)

    assert event["status"] == "TENTATIVE"
    assert event["description"].splitlines()[1] == (
        "计划安排：2022年8月下旬。计划日期已过，本站未发布该活动的公告。"
    )


def test_an_event_reported_without_a_notice_here_is_confirmed_and_points_to_its_page(
    tmp_path: Path,
) -> None:
    held = dataclasses.replace(
        plan_event("2022-09-02-fangxun", "2022-09-02"),
        report=Report(date(2022, 9, 3), 20, "活动顺利举行。"),
    )

    content = render(held)["calendar/2022.ics"]
    (event,) = read(tmp_path, content)

    assert event["status"] == "CONFIRMED"
    assert event["description"].splitlines() == [
        "https://openday.example/openday/yj-shenji/2022-09-02-fangxun/",
        "活动时间：2022年9月2日（星期五），已举行。",
    ]
    assert "URL:https://openday.example/openday/yj-shenji/2022-09-02-fangxun/" in unfolded(content)


def test_a_plan_with_a_day_is_all_day_and_one_with_a_time_is_timed(tmp_path: Path) -> None:
    files = render(
        plan_event("2022-09-22-zhenggai", "2022-09-22"),
        plan_event("2022-09-20-wenhua", "2022-09-20 19:30", "2022-09-20 21:00"),
    )

    timed, all_day = read(tmp_path, files["calendar/2022.ics"])

    assert (all_day["start"], all_day["end"], all_day["status"]) == (
        "2022-09-22", "2022-09-23", "TENTATIVE",
    )  # fmt: skip
    assert (timed["start"], timed["end"], timed["status"]) == (
        "2022-09-20T11:30:00Z", "2022-09-20T13:00:00Z", "TENTATIVE",
    )  # fmt: skip


# What an entry says


def test_an_entry_names_the_theme_unit_venues_and_how_to_register(tmp_path: Path) -> None:
    two_sites = notice_event(notice_venues=("区实验小学", "区教育和体育局三楼会议室"))

    content = render(two_sites)[EVENT_FILE]
    (event,) = read(tmp_path, content)

    assert event["summary"] == "走进雁江粮仓 体验收储之道（区发展和改革局）"
    assert event["location"] == "区实验小学；区教育和体育局三楼会议室"
    assert event["description"] == (
        "https://openday.example/openday/yj-fgj/2022-09-16-liangcang/\n"
        "报名方式：网上报名、电话报名\n"
        "报名截止：2022年9月13日\n"
        "报名网址：https://www.yanjiang.gov.cn/zwgk/zfkfr/2022/fgj/\n"
        "报名说明：名额15名，按报名先后顺序确定。\n"
        "联系人员：李某\n"
        "联系电话：028-26621548"
    )
    assert (event["start"], event["end"]) == ("2022-09-16T01:00:00Z", "2022-09-16T03:30:00Z")
    assert values(content, "URL") == [
        "https://openday.example/openday/yj-fgj/2022-09-16-liangcang/"
    ]
    assert values(content, "CATEGORIES") == ["政府开放日"]


def test_feeds_name_themselves_and_ask_for_a_refresh_every_six_hours() -> None:
    files = render(notice_event())

    headers = {
        "calendar/openday.ics": "资阳市雁江区人民政府政府开放日",
        "calendar/2022.ics": "资阳市雁江区人民政府2022年政府开放日",
        "calendar/yj-fgj.ics": "区发展和改革局政府开放日",
    }
    for path, name in headers.items():
        lines = unfolded(files[path])
        assert lines[:5] == [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//openday//Government Open Day calendar 1.0//ZH",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
        ]
        assert f"X-WR-CALNAME:{name}" in lines
        assert any(line.startswith("X-WR-CALDESC:") for line in lines)
        assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in lines
        assert "X-PUBLISHED-TTL:PT6H" in lines
        assert "X-WR-TIMEZONE:Asia/Shanghai" in lines
    # "添加到日历" imports one event into the reader's own calendar: no name, no refresh.
    single = unfolded(files[EVENT_FILE])
    assert not any(line.startswith(("X-WR-CALNAME", "REFRESH-INTERVAL")) for line in single)
    assert "METHOD:PUBLISH" in single


# Time zones


def test_asia_shanghai_has_one_standard_observance_from_the_first_year_of_the_feed() -> None:
    files = render(
        notice_event("2022-09-16-liangcang"),
        notice_event("2023-09-15-liangcang", "2023-09-15 09:00", "2023-09-15 11:30"),
    )

    block = unfolded(files["calendar/yj-fgj.ics"])
    start = block.index("BEGIN:VTIMEZONE")
    assert block[start : block.index("END:VTIMEZONE") + 1] == [
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Shanghai",
        "BEGIN:STANDARD",
        "DTSTART:20220101T000000",
        "TZOFFSETFROM:+0800",
        "TZOFFSETTO:+0800",
        "TZNAME:CST",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]
    assert values(files["calendar/2023.ics"], "DTSTART")[0] == "20230101T000000"


def test_a_zone_with_dst_lists_just_the_transitions_of_the_years_needed() -> None:
    block = vtimezone(ZoneInfo("Europe/Berlin"), 2023, 2023).decode().split("\r\n")

    observances = [
        (block[i], block[i + 1], block[i + 2], block[i + 3])
        for i, line in enumerate(block)
        if line in ("BEGIN:STANDARD", "BEGIN:DAYLIGHT")
    ]
    assert observances == [
        ("BEGIN:STANDARD", "DTSTART:20230101T000000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0100"),
        ("BEGIN:DAYLIGHT", "DTSTART:20230326T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200"),
        ("BEGIN:STANDARD", "DTSTART:20231029T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100"),
    ]


@pytest.mark.parametrize("zone_name", ["Europe/Berlin", "America/New_York", "Australia/Sydney"])
def test_times_in_a_dst_zone_are_the_same_instants_in_all_three_parsers(
    tmp_path: Path, zone_name: str
) -> None:
    zone = ZoneInfo(zone_name)
    site = Site(SITE.name, SITE.url, zone, date(2023, 9, 1))
    days = ["2023-01-15", "2023-03-26", "2023-04-02", "2023-07-01", "2023-10-01",
            "2023-10-29", "2023-11-05", "2024-03-10", "2024-12-31"]  # fmt: skip
    events = [
        notice_event(f"{day}-t{hour:02d}", f"{day} {hour:02d}:30", f"{day} 23:00", zone=zone)
        for day in days
        for hour in (1, 2, 12)
    ]

    parsed = read(tmp_path, render(*events, site=site)["calendar/yj-fgj.ics"])

    expected = {
        f"{event.id}@openday.example": (
            event.start.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            event.end.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        for event in events
    }
    assert {event["uid"]: (event["start"], event["end"]) for event in parsed} == expected


def test_a_local_time_the_clocks_pass_twice_is_written_in_utc() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    site = Site(SITE.name, SITE.url, berlin, date(2023, 9, 1))
    twice = notice_event("2023-10-29-t02", "2023-10-29 02:30", "2023-10-29 04:00", zone=berlin)

    lines = unfolded(render(twice, site=site)["calendar/yj-fgj.ics"])

    assert "DTSTART:20231029T003000Z" in lines
    assert "DTEND;TZID=Europe/Berlin:20231029T040000" in lines


# Files and windows


def test_the_column_feed_holds_events_from_90_days_ago_onward_plans_included(
    tmp_path: Path,
) -> None:
    old = TODAY - timedelta(days=91)
    edge = TODAY - timedelta(days=90)
    events = [
        notice_event(f"{old}-old", f"{old} 09:00", f"{old} 11:00"),
        notice_event(f"{edge}-edge", f"{edge} 09:00", f"{edge} 11:00"),
        plan_event("2022-10-01-later", "2022-10"),
    ]
    files = render(*events)

    column = read(tmp_path, files["calendar/openday.ics"], "column.ics")
    year = read(tmp_path, files["calendar/2022.ics"], "year.ics")

    assert [e["uid"].split("@")[0] for e in column] == [
        f"yj-fgj/{edge}-edge",
        "yj-shenji/2022-10-01-later",
    ]
    assert len(year) == 3


def test_each_published_notice_has_its_own_file_and_plans_do_not() -> None:
    files = render(notice_event(), plan_event("2022-09-22-shenji-zhenggai", "2022-09-22"))

    assert sorted(files) == [
        "calendar/2022.ics",
        "calendar/openday.ics",
        "calendar/yj-fgj.ics",
        "calendar/yj-shenji.ics",
        EVENT_FILE,
    ]


def test_unit_feeds_include_plans_and_a_unit_without_events_has_an_empty_feed(
    tmp_path: Path,
) -> None:
    files = render(plan_event("2022-09-22-shenji-zhenggai", "2022-09-22"))

    assert len(read(tmp_path, files["calendar/yj-shenji.ics"], "shenji.ics")) == 1
    empty = files["calendar/yj-fgj.ics"]
    assert read(tmp_path, empty, "fgj.ics") == []
    assert b"BEGIN:VTIMEZONE" in empty  # a VCALENDAR holds at least one component


def test_rendering_reads_no_clock() -> None:
    # The dates written come from the records and site.today, so an old "today" gives old
    # stamps; a clock would show up as the current year somewhere in the file.
    content = render(notice_event())["calendar/openday.ics"]

    assert str(datetime.now(UTC).year).encode() not in content


# Dates only, tentative times, sessions and tours


def sessions_event(*sessions: Session, slug: str = "2022-09-16-liangcang", **changes) -> Event:
    """A published notice whose times and places are those of ``sessions``, as records build it."""
    return notice_event(
        slug, start=sessions[0].start.text, end=sessions[-1].end.text, sessions=sessions, **changes
    )


def session(id: str, number: int, start: str, end: str, *venues: str, **changes) -> Session:
    return Session(
        id, number, moment(start), moment(end), venues=venues or ("储备粮库",), **changes
    )


MORNING = session("am", 1, "2022-09-16 09:00", "2022-09-16 11:00", "储备粮库", name="上午场")
AFTERNOON = session("pm", 2, "2022-09-17 14:30", "2022-09-17 16:30", "粮食质检中心", "区发改局")


def test_a_notice_of_dates_only_is_a_confirmed_all_day_entry(tmp_path: Path) -> None:
    whole_days = notice_event(start="2022-09-16", end="2022-09-17", date_only=True)

    (event,) = read(tmp_path, render(whole_days)[EVENT_FILE])

    assert (event["start"], event["end"], event["all_day"]) == ("2022-09-16", "2022-09-18", True)
    assert event["status"] == "CONFIRMED"
    assert event["uid"] == "yj-fgj/2022-09-16-liangcang@openday.example"


def test_a_tentative_time_is_a_tentative_entry_that_says_so(tmp_path: Path) -> None:
    (event,) = read(tmp_path, render(notice_event(tentative=True))[EVENT_FILE])

    assert (event["status"], event["start"]) == ("TENTATIVE", "2022-09-16T01:00:00Z")
    assert "\n时间暂定，以公告的更新为准。\n" in event["description"]


def test_each_session_is_one_entry_with_its_own_time_place_and_stable_uid(tmp_path: Path) -> None:
    two = sessions_event(MORNING, AFTERNOON)

    first, second = read(tmp_path, render(two)[EVENT_FILE])

    assert first["uid"] == "yj-fgj/2022-09-16-liangcang/am@openday.example"
    assert second["uid"] == "yj-fgj/2022-09-16-liangcang/pm@openday.example"
    assert (first["start"], first["end"]) == ("2022-09-16T01:00:00Z", "2022-09-16T03:00:00Z")
    assert (second["start"], second["end"]) == ("2022-09-17T06:30:00Z", "2022-09-17T08:30:00Z")
    assert first["summary"] == "走进雁江粮仓 体验收储之道（区发展和改革局） 第1场：上午场"
    assert second["summary"] == "走进雁江粮仓 体验收储之道（区发展和改革局） 第2场"
    assert (first["location"], second["location"]) == ("储备粮库", "粮食质检中心；区发改局")
    assert "\n场次：第2场（共2场）\n" in second["description"]
    assert first["status"] == second["status"] == "CONFIRMED"


def test_a_session_keeps_its_uid_when_another_is_added_before_it(tmp_path: Path) -> None:
    early = session("early", 1, "2022-09-16 08:00", "2022-09-16 08:45")
    later = dataclasses.replace(MORNING, number=2)
    before = read(tmp_path, render(sessions_event(MORNING, AFTERNOON))[EVENT_FILE], "a.ics")
    after = read(
        tmp_path,
        render(sessions_event(early, later, dataclasses.replace(AFTERNOON, number=3)))[EVENT_FILE],
        "b.ics",
    )

    uids = {event["uid"]: event["start"] for event in after}
    for event in before:
        assert uids[event["uid"]] == event["start"]


def test_a_session_cancelled_alone_is_cancelled_with_a_higher_sequence(tmp_path: Path) -> None:
    cancelled = dataclasses.replace(AFTERNOON, status="cancelled", note="场地检修，本场取消。")

    first, second = read(
        tmp_path, render(sessions_event(MORNING, cancelled, notice_revision=1))[EVENT_FILE]
    )

    assert (first["status"], first["sequence"]) == ("CONFIRMED", 1)
    assert (second["status"], second["sequence"]) == ("CANCELLED", 2)
    assert second["summary"].startswith("【已取消】走进雁江粮仓")
    assert "\n本场已取消：场地检修，本场取消。\n" in second["description"]


def test_a_planned_session_is_a_tentative_all_day_entry_of_its_period(tmp_path: Path) -> None:
    planned = dataclasses.replace(
        plan_event("2022-09-11-zhenggai", "2022-09-中旬", "2022-09-25"),
        sessions=(
            Session("1", 1, moment("2022-09-中旬")),
            Session("2", 2, moment("2022-09-25")),
        ),
    )

    first, second = read(tmp_path, render(planned)["calendar/2022.ics"])

    assert (first["start"], first["end"], first["status"]) == (
        "2022-09-11",
        "2022-09-21",
        "TENTATIVE",
    )
    assert (second["start"], second["end"]) == ("2022-09-25", "2022-09-26")
    assert "计划安排：2022年9月中旬" in first["description"]


def test_a_tour_is_one_entry_at_its_meeting_point_with_the_itinerary(tmp_path: Path) -> None:
    stops = (
        Stop("储备粮库", "09:00", datetime(2022, 9, 16, 9, 0, tzinfo=SHANGHAI), "参观仓储作业区"),
        Stop("区发改局三楼会议室", None, None, "座谈交流"),
    )
    tour = Tour("区政府东门", stops, "统一乘车")
    walked = notice_event(start="2022-09-16 08:30", notice_tour=tour,
                          notice_venues=tour.places)  # fmt: skip

    (event,) = read(tmp_path, render(walked)[EVENT_FILE])

    assert event["location"] == "区政府东门"
    assert "\n集合地点：区政府东门\n交通方式：统一乘车\n" in event["description"]
    assert "\n行程：9:00 储备粮库；区发改局三楼会议室\n" in event["description"]
