"""The site on a 390 × 844 phone, as most of its readers meet it, measured in Chromium:
facts first, nothing cut off, targets large enough, 长者模式 at 7:1 across pages, search
that finds what citizens type, the calendar flow, the QR code, 语音阅读, 大鼠标 and print."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from openday.site.qrcode import qr_svg
from playwright.sync_api import Browser, Locator, Page, expect

from tests.integration.conftest import NOTICE
from tests.support import NODE_MODULES

PHONE = {"width": 390, "height": 844}
#: Every kind of public page the issue names, by the conftest's page types.
PAGE_TYPES = (
    "home",
    "column list",
    "notice",
    "notice with report and images",
    "feedback page",
    "reports list",
    "schedule",
    "stats",
    "search",
    "content page",
)
MODES = ("normal", "elder")
#: Smallest target in CSS px: WCAG 2.5.5, and the MIIT 适老化 figure in 长者模式.
TARGET = {"normal": 44, "elder": 60}


@contextmanager
def phone(browser: Browser, *, javascript: bool = True) -> Iterator[Page]:
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=javascript
    )
    try:
        yield context.new_page()
    finally:
        context.close()


def open_in(page: Page, url: str, mode: str) -> None:
    """Open ``url`` as a reader in ``mode``: 长者模式 switched on by its control, then reloaded
    so the measurements see the page as it is first drawn in that mode."""
    page.goto(url)
    if mode == "elder":
        page.locator("#od-elder-toggle").click()
        page.reload()
        assert page.evaluate("document.documentElement.classList.contains('od-elder')")


def bottom(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["y"] + box["height"]


# 1. Facts first


@pytest.mark.parametrize("mode", MODES)
def test_a_notices_facts_and_call_button_are_on_the_first_screen(
    browser: Browser, site_url: str, page_types: dict[str, str], mode: str
) -> None:
    limit = PHONE["height"] * (1.5 if mode == "elder" else 1)
    with phone(browser) as page:
        open_in(page, site_url + page_types["notice"], mode)
        facts = page.locator(".od-facts")
        for what in ("状态", "时间", "地点", "报名"):
            expect(facts.locator("dt", has_text=what)).to_be_visible()
        positions = {
            "title": bottom(page, ".od-article__title"),
            "status": bottom(page, ".od-facts .od-badge"),
            "time": bottom(page, ".od-facts dd >> nth=1"),
            "place": bottom(page, ".od-facts dd >> nth=2"),
            "sign-up": bottom(page, ".od-facts dd >> nth=3"),
            "call": bottom(page, ".od-call"),
        }
        assert max(positions.values()) <= limit, positions
        expect(page.locator(".od-call")).to_have_attribute("href", re.compile(r"^tel:[0-9-]+$"))
        # The 信息公开 table follows the facts; the menu is folded.
        assert page.locator(".od-docmeta").bounding_box()["y"] >= bottom(page, ".od-facts")
        expect(page.locator(".od-menu__list")).to_be_hidden()
        toggle = page.locator(".od-menu__toggle")
        expect(toggle).to_be_visible()
        assert page.locator(".od-menu").bounding_box()["height"] <= TARGET[mode] + 2
        toggle.click()
        expect(page.locator(".od-menu__list").get_by_role("link", name="意见反馈")).to_be_visible()
        # The column's navigation comes after the article on a phone.
        side = page.get_by_role("navigation", name="栏目导航").bounding_box()
        assert side["y"] >= bottom(page, ".od-article")


# 2. Nothing cut off

OVERFLOW = """
() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const element = node.parentElement;
    if (getComputedStyle(element).visibility === "hidden") continue;
    // Text for screen readers only (clipped to nothing) is never seen, so never cut off.
    let clipped = false;
    for (let up = element; up && !clipped; up = up.parentElement) {
      clipped = getComputedStyle(up).clipPath === "inset(50%)";
    }
    if (clipped) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const rect of range.getClientRects()) {
      if (rect.width > 0 && rect.right > width + 0.5) {
        found.push(`${element.tagName.toLowerCase()}.${element.className}: right ${Math.round(rect.right)} (${node.textContent.trim().slice(0, 30)})`);
        break;
      }
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, found};
}
"""


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_text_reaches_past_the_right_edge_of_a_phone(
    browser: Browser, site_url: str, page_types: dict[str, str], page_type: str, mode: str
) -> None:
    with phone(browser) as page:
        open_in(page, site_url + page_types[page_type], mode)
        if page_type == "search":
            page.get_by_role("searchbox").fill("开放")
            page.get_by_role("button", name="搜索").click()
            page.wait_for_selector(".od-search__summary")
        measured = page.evaluate(OVERFLOW)
        assert not measured["found"], "\n".join(measured["found"])
        assert measured["scroll"] <= PHONE["width"], measured


@pytest.mark.parametrize("page_type", ["feedback page", "schedule", "stats"])
def test_wide_tables_become_one_labelled_card_per_row_on_a_phone(
    browser: Browser, site_url: str, page_types: dict[str, str], page_type: str
) -> None:
    with phone(browser) as page:
        page.goto(site_url + page_types[page_type])
        table = page.locator(".od-cards table")
        assert table.evaluate("e => getComputedStyle(e).display") == "block"
        rows = table.locator("tbody tr")
        assert rows.count() > 0
        for index in range(min(rows.count(), 5)):
            box = rows.nth(index).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        cell = table.locator("tbody td[data-label]").nth(1)
        label = cell.get_attribute("data-label")
        before = cell.evaluate("e => getComputedStyle(e, '::before').content")
        assert before == f'"{label}："', before


def test_chart_titles_are_visible_text(page: Page, site_url: str, page_types: dict) -> None:
    page.goto(site_url + page_types["stats"])
    figures = page.locator(".od-chart-figure")
    assert figures.count() >= 3
    for index in range(figures.count()):
        figure = figures.nth(index)
        caption = figure.locator("figcaption")
        expect(caption).to_be_visible()
        assert caption.inner_text() == figure.locator("svg title").text_content()


# 3. Targets and focus

TARGETS = """
() => {
  const controls = document.querySelectorAll("a[href], button, summary, input, select, textarea, [role=button]");
  const small = [];
  let counted = 0;
  for (const element of controls) {
    const rect = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (rect.width === 0 || rect.height === 0 || style.visibility === "hidden") continue;
    if (element.closest("[hidden], .od-visually-hidden")) continue;
    if (element.classList.contains("od-skip")) continue;  // off screen until focused
    // A link inside running text (a sentence around it) is exempt, as WCAG 2.5.5 says.
    if (style.display === "inline" && element.tagName === "A") {
      let block = element.parentElement;
      while (block && getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
      if (block && block.textContent.trim().length > element.textContent.trim().length) continue;
    }
    counted += 1;
    if (rect.width < TARGET - 0.5 || rect.height < TARGET - 0.5) {
      small.push(`${element.tagName.toLowerCase()} “${element.textContent.trim().slice(0, 20)}” ${Math.round(rect.width)}×${Math.round(rect.height)}`);
    }
  }
  return {counted, small};
}
"""


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_control_is_at_least_44_px_and_60_in_elder_mode(
    browser: Browser, site_url: str, page_types: dict[str, str], page_type: str, mode: str
) -> None:
    with phone(browser) as page:
        open_in(page, site_url + page_types[page_type], mode)
        page.locator(".od-menu__toggle").click()
        for group in page.locator("details.od-side__group").all():
            group.locator("summary").click()
        measured = page.evaluate(TARGETS.replace("TARGET", str(TARGET[mode])))
        assert measured["counted"] >= 8
        assert not measured["small"], "\n".join(measured["small"])


FOCUSED = """
() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  return {tag: e.tagName.toLowerCase(), text: (e.textContent || e.value || "").trim().slice(0, 20),
          visible: ring || style.boxShadow !== "none"};
}
"""


@pytest.mark.parametrize("page_type", ["column list", "notice", "stats"])
def test_every_control_shows_where_the_keyboard_is(
    browser: Browser, site_url: str, page_types: dict[str, str], page_type: str
) -> None:
    with phone(browser) as page:
        page.goto(site_url + page_types[page_type])
        seen, unseen = [], []
        for _ in range(80):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if focused["tag"] == "body":
                break
            seen.append(focused["text"])
            if not focused["visible"]:
                unseen.append(focused)
        assert not unseen, unseen
        assert {"按单位", "按年份"} <= set(seen) or page_type == "stats", seen
        assert any(text.startswith("菜单") for text in seen), seen


# 4. 长者模式: 7:1 and across pages without script

ENHANCED = """
async () => (await axe.run(document, {runOnly: {type: "rule", values: ["color-contrast-enhanced"]},
                                       resultTypes: ["violations"]})).violations
"""


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_elder_mode_keeps_a_contrast_of_7_to_1_everywhere(
    browser: Browser, site_url: str, page_types: dict[str, str], page_type: str
) -> None:
    axe = (NODE_MODULES / "axe-core" / "axe.min.js").read_text("utf-8")
    with phone(browser) as page:
        open_in(page, site_url + page_types[page_type], "elder")
        page.evaluate(axe)
        violations = page.evaluate(ENHANCED)
        nodes = [n["html"][:120] for v in violations for n in v["nodes"]]
        assert not nodes, "\n".join(nodes)


def test_elder_mode_survives_page_changes_without_javascript(
    browser: Browser, site_url: str
) -> None:
    def body_px(page: Page) -> float:
        return float(page.evaluate("getComputedStyle(document.body).fontSize").removesuffix("px"))

    def follow(page: Page, link: Locator) -> None:
        """Click a link and wait until the page it leads to has loaded: a click only starts
        the navigation, and a style read before it commits reads the old page or none."""
        before = page.url
        link.click()
        page.wait_for_url(lambda url: url != before)

    with phone(browser, javascript=False) as page:
        page.goto(site_url + "openday/")
        normal = body_px(page)
        follow(page, page.get_by_role("link", name="长者模式", exact=True))
        assert body_px(page) >= 18 > normal
        page.locator(".od-menu__toggle").click()
        follow(page, page.locator(".od-menu__list").get_by_role("link", name="首页"))
        assert body_px(page) >= 18, page.url
        follow(page, page.locator(".od-list__title >> visible=true").first)
        assert re.search(r"/openday/[a-z0-9-]+/\d{4}-\d{2}-\d{2}-[a-z0-9-]+/#od-elder$", page.url)
        assert body_px(page) >= 18
        follow(page, page.get_by_role("navigation", name="当前位置").get_by_role("link").nth(1))
        assert body_px(page) >= 18, page.url
        follow(page, page.get_by_role("link", name="退出长者模式"))
        assert body_px(page) == normal


# 5. Search


def search(page: Page, site_url: str, query: str) -> None:
    page.goto(site_url + "search/")
    page.get_by_role("searchbox").fill(query)
    page.get_by_role("button", name="搜索").click()
    page.wait_for_selector(".od-search__summary")


@pytest.mark.parametrize(
    ("query", "why"),
    [
        ("发改局", "承办单位"),
        ("住建局", "承办单位"),
        ("9月16日", "活动日期"),
        ("2022-09-16", "活动日期"),
        ("2022年9月16日", "活动日期"),
        ("核酸", "温馨提示"),
        ("报名", None),
    ],
)
def test_search_finds_what_citizens_type_and_says_why(
    browser: Browser, site_url: str, query: str, why: str | None
) -> None:
    with phone(browser) as page:
        search(page, site_url, query)
        results = page.locator(".od-search__results .od-list__row")
        assert results.count() > 0, page.locator(".od-search__results").inner_text()
        reasons = results.locator(".od-search__why").all_inner_texts()
        assert all(reason.startswith("匹配：") for reason in reasons)
        if why:
            assert any(why in reason for reason in reasons), reasons
        if query == "发改局":
            expect(results.first.locator(".od-list__title")).to_contain_text("发展和改革局")


def test_search_finds_words_of_published_answers(
    browser: Browser, site_url: str, site: Path, page_types: dict[str, str]
) -> None:
    answers = (site / page_types["feedback page"] / "index.html").read_text("utf-8")
    topic = re.search(r'<td data-label="主题">([^<]+)</td>', answers).group(1)
    with phone(browser) as page:
        search(page, site_url, topic)
        hit = page.locator(".od-search__results .od-list__row", has_text="意见反馈").first
        expect(hit.locator(".od-search__why")).to_contain_text("意见建议")
        hit.locator(".od-list__title").click()
        expect(page).to_have_url(site_url + page_types["feedback page"])


def test_an_empty_search_says_what_to_try_instead(browser: Browser, site_url: str) -> None:
    with phone(browser) as page:
        search(page, site_url, "火星探测器")
        results = page.locator(".od-search__results")
        expect(results).to_contain_text("没有找到")
        expect(results).to_contain_text("发改局")
        expect(results).to_contain_text("9月16日")
        expect(results.get_by_role("link", name="活动公告")).to_be_visible()


# 6. The calendar flow on a phone


def test_a_notice_explains_adding_it_on_iphone_android_and_wechat_and_copies_the_address(
    browser: Browser, site_url: str, page_types: dict[str, str]
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(site_url + page_types["notice"])
        expect(page.get_by_role("link", name="添加到日历")).to_be_visible()
        help_ = page.locator(".od-calhelp")
        help_.locator("summary").click()
        for platform in ("苹果手机", "安卓手机", "微信"):
            expect(help_).to_contain_text(platform)
        expect(help_).to_contain_text("前一天提醒")
        feed = help_.locator("input").input_value()
        assert feed.startswith("https://") and feed.endswith(".ics")
        help_.get_by_role("button", name="复制日历地址").click()
        expect(help_.locator(".od-copy__done")).to_contain_text("已复制")
        assert page.evaluate("navigator.clipboard.readText()") == feed
    finally:
        context.close()


def test_a_list_explains_subscribing_in_wechat_and_copies_the_feed_address(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(site_url + "openday/")
        subscribe = page.locator(".od-subscribe")
        subscribe.locator("summary").click()
        for platform in ("苹果手机", "安卓手机", "微信"):
            expect(subscribe).to_contain_text(platform)
        feed = subscribe.locator("input").input_value()
        subscribe.get_by_role("button", name="复制日历地址").click()
        expect(subscribe.locator(".od-copy__done")).to_contain_text("已复制")
        assert (
            page.evaluate("navigator.clipboard.readText()")
            == feed
            == ("https://openday.example/calendar/openday.ics")
        )
    finally:
        context.close()


def test_a_past_event_does_not_offer_add_to_calendar(page: Page, site_url: str, site: Path) -> None:
    held = next(
        path
        for path in sorted(site.glob("openday/*/*/index.html"))
        if NOTICE.search(path.as_posix())
        and 'class="od-badge od-badge--held"' in path.read_text("utf-8")
    )
    page.goto(site_url + held.relative_to(site).parent.as_posix() + "/")
    expect(page.get_by_role("link", name="添加到日历")).to_have_count(0)
    expect(page.get_by_role("link", name="订阅本单位日历")).to_be_visible()


# 7. QR code, 语音阅读, 大鼠标


def test_a_notice_shows_the_qr_code_of_its_address_on_screen_and_in_print(
    page: Page, site_url: str, page_types: dict[str, str]
) -> None:
    page.goto(site_url + page_types["notice"])
    code = page.locator(".od-qr svg")
    expect(code).to_be_visible()
    # The code is that of this page's public address (site_url of mkdocs.yml + its path).
    address = "https://openday.example/" + page_types["notice"]
    expect(page.locator(".od-article__url")).to_have_text("本文网址：" + address)
    expected = re.search(r' d="([^"]+)"', str(qr_svg(address))).group(1)
    assert code.locator("path").get_attribute("d") == expected
    box = code.bounding_box()
    assert box["width"] >= 100 and abs(box["width"] - box["height"]) < 1
    expect(page.locator(".od-qr figcaption")).to_contain_text("扫一扫")
    page.emulate_media(media="print")
    expect(code).to_be_visible()


def test_speech_reads_the_notice_with_the_browsers_own_voice_and_hides_without_it(
    browser: Browser, site_url: str, page_types: dict[str, str]
) -> None:
    with phone(browser) as page:
        page.add_init_script("window.__spoken = [];")
        page.goto(site_url + page_types["notice"])
        if not page.evaluate("'speechSynthesis' in window"):
            pytest.fail("this Chromium has no speechSynthesis to read aloud with")
        button = page.get_by_role("button", name="语音阅读")
        expect(button).to_be_visible()
        # A spy: what the page hands the browser's own speech synthesis, which still speaks it.
        page.evaluate(
            """() => {
              const speak = speechSynthesis.speak.bind(speechSynthesis);
              speechSynthesis.speak = u => { window.__spoken.push(u.text + "|" + u.lang); speak(u); };
            }"""
        )
        button.click()
        spoken = page.evaluate("window.__spoken")
        assert len(spoken) == 1 and spoken[0].endswith("|zh-CN")
        assert page.locator(".od-article__title").inner_text() in spoken[0]
        assert "时间" in spoken[0] and "温馨提示" in spoken[0]
    with phone(browser) as page:
        page.add_init_script("delete window.speechSynthesis;")
        page.goto(site_url + page_types["notice"])
        expect(page.locator("[data-od-speak]")).to_be_hidden()
    with phone(browser, javascript=False) as page:
        page.goto(site_url + page_types["notice"])
        expect(page.locator("[data-od-speak]")).to_be_hidden()


def test_the_large_cursor_is_an_accessibility_tool_that_stays_on(page: Page, site_url: str) -> None:
    page.goto(site_url + "openday/")
    toggle = page.get_by_role("button", name="大鼠标")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    cursor = page.evaluate("getComputedStyle(document.querySelector('.od-list__title')).cursor")
    assert "openday-cursor.svg" in cursor
    page.reload()
    assert "openday-cursor.svg" in page.evaluate("getComputedStyle(document.body).cursor")


# 8. Print


def printed_pages(page: Page) -> int:
    pdf = page.pdf(format="A4", print_background=True)
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_a_notice_prints_on_one_a4_page_and_with_its_report_on_two_as_the_help_says(
    page: Page, site_url: str, site: Path, page_types: dict[str, str]
) -> None:
    page.goto(site_url + "help/")
    expect(page.locator(".md-typeset")).to_contain_text("一页 A4 纸")
    expect(page.locator(".md-typeset")).to_contain_text("两页")
    for page_type in ("notice", "cancelled notice", "postponed notice"):
        page.goto(site_url + page_types[page_type])
        assert printed_pages(page) == 1, page_type
    reported = [
        path.relative_to(site).parent.as_posix() + "/"
        for path in sorted(site.glob("openday/*/*/index.html"))
        if NOTICE.search(path.as_posix()) and 'id="od-report"' in path.read_text("utf-8")
    ]
    assert reported
    for url in reported:
        page.goto(site_url + url)
        assert printed_pages(page) <= 2, url
