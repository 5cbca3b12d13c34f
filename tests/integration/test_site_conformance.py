"""Every page of the demo build is valid HTML, passes axe-core's WCAG 2.1 AA rules and
loads nothing from any host but the site's own; nothing is suppressed."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from tests.support.axe import format_violations, run_axe
from tests.support.vnu import check_html, format_messages

PAGE_TYPES = (
    "home",
    "content page",
    "404",
    "column list",
    "paginated page",
    "unit list",
    "year list",
    "reports list",
    "notice",
    "cancelled notice",
    "postponed notice",
    "notice with report and images",
    "notice with sessions",
    "tour notice",
    "feedback page",
    "feedback column",
    "schedule",
    "stats",
    "search",
)


def test_every_html_file_of_the_build_passes_the_nu_html_checker(site: Path) -> None:
    files = sorted(site.rglob("*.html"))
    assert len(files) > 40
    messages = check_html(files, include_warnings=True)
    assert not messages, format_messages(messages)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_each_page_type_has_no_axe_violations_in_normal_and_elder_mode(
    page: Page, site_url: str, page_types: dict[str, str], page_type: str
) -> None:
    page.goto(site_url + page_types[page_type])
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    page.locator("#od-elder-toggle").click()
    assert page.evaluate("document.documentElement.classList.contains('od-elder')")
    violations = run_axe(page)
    assert not violations, "长者模式:\n" + format_violations(violations)


def test_no_page_type_requests_anything_from_a_third_party_host_and_nothing_is_missing(
    browser: Browser, site_url: str, page_types: dict[str, str]
) -> None:
    requested: list[str] = []
    failed: list[str] = []
    context = browser.new_context()
    try:
        context.on("request", lambda request: requested.append(request.url))
        context.on("response", lambda r: r.status < 400 or failed.append(r.url))
        page = context.new_page()
        for url in page_types.values():
            page.goto(site_url + url)  # returns at "load": stylesheets, fonts and images are in
        page.goto(site_url + "search/?q=" + "开放")
        page.wait_for_selector(".od-search__summary, #od-search-results p")
        page.emulate_media(media="print")
        page.goto(site_url + page_types["notice with report and images"])
    finally:
        context.close()
    hosts = {urlsplit(url).hostname for url in requested if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}, sorted(u for u in requested if "127.0.0.1" not in u)
    assert any(url.endswith(".css") for url in requested)
    assert not failed, failed
