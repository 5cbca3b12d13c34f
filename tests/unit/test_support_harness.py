"""Self-tests of tests/support: each tool is run on small real inputs.

Nothing here is skipped when a tool is missing: a broken harness must fail.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.support.axe import format_violations, run_axe
from tests.support.browser import page_without_javascript, serve_directory
from tests.support.calparse import (
    CalEvent,
    events_icalendar,
    events_icaljs,
    events_vobject,
)
from tests.support.vnu import check_html, chunk_arguments, format_messages

VALID_HTML = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>开放日</title>
</head>
<body>
<main>
<h1>政府开放日</h1>
<p>欢迎参观。</p>
</main>
</body>
</html>
"""

INVALID_HTML = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>坏页面</title>
</head>
<body>
<p>段落</span>
</body>
</html>
"""

HTML_WITH_WARNING_ONLY = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>no lang</title>
</head>
<body><p>text</p></body>
</html>
"""

ACCESSIBLE_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>无障碍页面</title></head>
<body>
<main>
<h1>政府开放日</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="市政府大楼">
<p><a href="#top">返回顶部</a></p>
</main>
</body>
</html>
"""

IMAGE_WITHOUT_ALT = ACCESSIBLE_PAGE.replace(' alt="市政府大楼"', "")

SCRIPTED_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>before</title></head>
<body>
<p id="state">script did not run</p>
<script>
document.title = "after";
document.getElementById("state").textContent = "script ran";
</script>
</body>
</html>
"""

# Hand-written to RFC 5545: CRLF line ends, a VTIMEZONE for the TZID, escaped
# commas, semicolons, backslash and newline in TEXT, and one folded line.
CALENDAR = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//openday//harness self-test//ZH",
        "CALSCALE:GREGORIAN",
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Shanghai",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0800",
        "TZOFFSETTO:+0800",
        "TZNAME:CST",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "UID:timed-1@openday.test",
        "DTSTAMP:20250401T000000Z",
        "DTSTART;TZID=Asia/Shanghai:20250501T093000",
        "DTEND;TZID=Asia/Shanghai:20250501T113000",
        "SUMMARY:市政府开放日\\, 欢迎参观\\; 请预约",
        "DESCRIPTION:第一行\\n第二行：携带身份证\\, 提前十分钟到场\\; 路径 C:\\\\开放日",
        " \\, 续行文字",
        "LOCATION:北京市朝阳区建国路1号\\, 3层",
        "STATUS:CONFIRMED",
        "SEQUENCE:2",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:-P1D",
        "DESCRIPTION:明天",
        "END:VALARM",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:allday-1@openday.test",
        "DTSTAMP:20250401T000000Z",
        "DTSTART;VALUE=DATE:20250503",
        "DTEND;VALUE=DATE:20250504",
        "SUMMARY:档案馆开放日",
        "STATUS:TENTATIVE",
        "SEQUENCE:0",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:duration-1@openday.test",
        "DTSTAMP:20250401T000000Z",
        "DTSTART;TZID=Asia/Shanghai:20250502T230000",
        "DURATION:PT1H30M",
        "SUMMARY:夜间参观",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
)

EXPECTED_EVENTS: list[CalEvent] = [
    {
        "uid": "timed-1@openday.test",
        "summary": "市政府开放日, 欢迎参观; 请预约",
        "description": "第一行\n第二行：携带身份证, 提前十分钟到场; 路径 C:\\开放日, 续行文字",
        "location": "北京市朝阳区建国路1号, 3层",
        "status": "CONFIRMED",
        "sequence": 2,
        "start": "2025-05-01T01:30:00Z",
        "end": "2025-05-01T03:30:00Z",
        "all_day": False,
        "alarms": [["DISPLAY", -86400]],
    },
    {
        "uid": "allday-1@openday.test",
        "summary": "档案馆开放日",
        "description": None,
        "location": None,
        "status": "TENTATIVE",
        "sequence": 0,
        "start": "2025-05-03",
        "end": "2025-05-04",
        "all_day": True,
        "alarms": [],
    },
    {
        "uid": "duration-1@openday.test",
        "summary": "夜间参观",
        "description": None,
        "location": None,
        "status": None,
        "sequence": None,
        "start": "2025-05-02T15:00:00Z",
        "end": "2025-05-02T16:30:00Z",
        "all_day": False,
        "alarms": [],
    },
]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    return path


# vnu


def test_vnu_reports_errors_in_invalid_html_and_nothing_in_valid_html(tmp_path: Path) -> None:
    valid = write(tmp_path / "valid.html", VALID_HTML)
    invalid = write(tmp_path / "目录 有空格" / "invalid.html", INVALID_HTML)

    messages = check_html([valid, invalid])

    assert {m["file"] for m in messages} == {str(invalid)}, format_messages(messages)
    stray = [m for m in messages if "Stray end tag" in m["message"]]
    assert stray, format_messages(messages)
    assert stray[0]["type"] == "error"
    assert stray[0]["line"] == 8
    assert f"{invalid}:8:" in format_messages(stray)


def test_vnu_reports_warnings_only_when_asked(tmp_path: Path) -> None:
    page = write(tmp_path / "no-lang.html", HTML_WITH_WARNING_ONLY)

    assert check_html([page]) == []
    warnings = check_html([page], include_warnings=True)
    assert [m["type"] for m in warnings] == ["warning"], format_messages(warnings)
    assert "lang" in warnings[0]["message"]


def test_vnu_refuses_a_missing_file_instead_of_passing_it_silently(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        check_html([tmp_path / "absent.html"])


def test_vnu_command_lines_are_chunked_in_order_within_the_budget() -> None:
    arguments = [f"/site/page-{index:03}.html" for index in range(300)]
    size = len(arguments[0]) + 1

    chunks = chunk_arguments(arguments, budget=size * 100)

    assert [len(chunk) for chunk in chunks] == [100, 100, 100]
    assert [argument for chunk in chunks for argument in chunk] == arguments
    assert chunk_arguments(arguments, budget=10**9) == [arguments]


# browser and static server


def test_served_page_opens_in_the_browser_and_its_title_is_read(
    tmp_path: Path, serve_dir: Callable[[Path], str], page: Page
) -> None:
    write(tmp_path / "site" / "index.html", VALID_HTML)
    base_url = serve_dir(tmp_path / "site")

    response = page.goto(base_url)

    assert response is not None and response.ok
    assert page.title() == "开放日"
    assert page.locator("h1").inner_text() == "政府开放日"


def test_server_sends_each_file_type_with_its_media_type(tmp_path: Path) -> None:
    expected = {
        "calendar.ics": "text/calendar; charset=utf-8",
        "sitemap.xml": "application/xml; charset=utf-8",
        "search.json": "application/json",
        "logo.svg": "image/svg+xml",
        "events.csv": "text/csv; charset=utf-8",
        "index.html": "text/html; charset=utf-8",
    }
    for name in expected:
        write(tmp_path / name, "x")

    with serve_directory(tmp_path) as base_url:
        served = {}
        for name in expected:
            with urllib.request.urlopen(base_url + name, timeout=5) as response:
                served[name] = response.headers["Content-Type"]

    assert served == expected


def test_server_stops_listening_when_its_context_ends(tmp_path: Path) -> None:
    with serve_directory(tmp_path) as base_url:
        pass

    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(base_url, timeout=2)


def test_page_scripts_run_normally_but_not_in_a_context_without_javascript(
    tmp_path: Path, serve_dir: Callable[[Path], str], browser: Browser, page: Page
) -> None:
    url = serve_dir(write(tmp_path / "scripted.html", SCRIPTED_PAGE).parent) + "scripted.html"

    page.goto(url)
    assert page.locator("#state").inner_text() == "script ran"
    assert page.title() == "after"

    with page_without_javascript(browser) as no_js:
        no_js.goto(url)
        assert no_js.locator("#state").inner_text() == "script did not run"
        assert no_js.title() == "before"


# axe


def test_axe_reports_an_image_without_alt_text(page: Page) -> None:
    page.set_content(IMAGE_WITHOUT_ALT)

    violations = run_axe(page)

    assert [v["id"] for v in violations] == ["image-alt"], format_violations(violations)
    report = format_violations(violations)
    assert report.startswith("image-alt [critical] ")
    assert '    img: <img src="data:image/gif;base64,' in report


def test_axe_finds_nothing_on_an_accessible_page(page: Page) -> None:
    page.set_content(ACCESSIBLE_PAGE)

    violations = run_axe(page)

    assert violations == [], format_violations(violations)


def test_axe_refuses_a_page_without_javascript_instead_of_hanging(browser: Browser) -> None:
    with page_without_javascript(browser) as no_js:
        no_js.set_content(IMAGE_WITHOUT_ALT)
        with pytest.raises(RuntimeError, match="JavaScript disabled"):
            run_axe(no_js)


# calendar parsers


def test_icalendar_vobject_and_icaljs_read_the_same_events(tmp_path: Path) -> None:
    calendar = write(tmp_path / "开放日.ics", CALENDAR)
    second = write(tmp_path / "copy.ics", CALENDAR)

    by_icaljs = events_icaljs([calendar, second])

    assert list(by_icaljs) == [calendar, second]
    assert by_icaljs[second] == by_icaljs[calendar]
    assert events_icalendar(calendar) == EXPECTED_EVENTS
    assert events_vobject(calendar) == EXPECTED_EVENTS
    assert by_icaljs[calendar] == EXPECTED_EVENTS


def test_icaljs_names_the_file_it_cannot_parse(tmp_path: Path) -> None:
    broken = write(tmp_path / "broken.ics", "BEGIN:VCALENDAR\r\nnot a content line\r\n")

    with pytest.raises(RuntimeError, match="broken.ics"):
        events_icaljs([broken])
