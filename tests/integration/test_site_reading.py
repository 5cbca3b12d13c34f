"""A reader in a real browser: the column, a notice, 长者模式, no JavaScript, the keyboard,
a phone and the printer."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.support.browser import new_page, page_without_javascript

ELEVEN_ITEMS = (
    "报名方式",
    "参加人数",
    "开放主题",
    "参加领导",
    "承办单位",
    "时间地点",
    "活动内容",
    "活动形式",
    "联系人员",
    "联系电话",
    "温馨提示",
)
BADGE_WORDS = ("报名中", "报名已截止", "即将举行", "进行中", "已举行", "已取消", "已延期")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def body_font_px(page: Page) -> float:
    """The computed size of running text on the page (not a paragraph inside a table cell)."""
    size = page.locator(".md-typeset p:not(table p)").first.evaluate(
        "e => getComputedStyle(e).fontSize"
    )
    return float(size.removesuffix("px"))


def test_the_column_lists_newest_notices_first_with_badges_and_right_aligned_dates(
    page: Page, site_url: str
) -> None:
    page.goto(site_url + "openday/")
    rows = page.locator(".od-list__row")
    assert 10 <= rows.count() <= 20
    dates = rows.locator(".od-list__date").all_inner_texts()
    assert all(ISO_DAY.match(day) for day in dates)
    assert dates == sorted(dates, reverse=True)
    assert set(rows.locator(".od-badge").all_inner_texts()) <= set(BADGE_WORDS)
    first = rows.first
    row_box, date_box = first.bounding_box(), first.locator(".od-list__date").bounding_box()
    assert row_box["x"] + row_box["width"] - (date_box["x"] + date_box["width"]) < 12
    assert "承办单位" in first.inner_text() and "活动时间" in first.inner_text()


def test_the_column_pages_with_first_previous_numbers_next_last_and_a_total(
    page: Page, site_url: str
) -> None:
    page.goto(site_url + "openday/")
    pager = page.get_by_role("navigation", name="分页")
    assert re.fullmatch(
        r"首页 上一页 1 2( \d+)* 下一页 尾页 共 \d+ 页", " ".join(pager.inner_text().split())
    )
    pager.get_by_role("link", name="下一页").click()
    expect(page).to_have_url(site_url + "openday/page/2/")
    expect(page.get_by_role("navigation", name="分页").locator("[aria-current=page]")).to_have_text(
        "2"
    )


def test_a_reader_follows_a_notice_and_finds_the_eleven_items_the_badge_and_the_calendar_link(
    page: Page, site_url: str, site: Path
) -> None:
    page.goto(site_url + "openday/")
    title = page.locator(".od-list__title").first
    title.click()
    assert re.search(r"/openday/[a-z0-9-]+/\d{4}-\d{2}-\d{2}-[a-z0-9-]+/$", page.url)
    article = page.locator(".od-article")
    headings = article.locator("th[scope=row], h2").all_inner_texts()
    for item in ELEVEN_ITEMS:
        assert item in headings, item
    for item in ("索引号", "发布机构", "发布日期", "主题词"):
        assert item in article.locator(".od-docmeta th").all_inner_texts()
    expect(article.locator(".od-byline .od-badge")).to_have_text(re.compile("|".join(BADGE_WORDS)))
    calendar = page.get_by_role("link", name="添加到日历")
    href = calendar.get_attribute("href")
    assert href.endswith("event.ics")
    ics = page.request.get(page.url + href)
    assert ics.ok and ics.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in ics.text()
    title_align = article.locator(".od-article__title").evaluate(
        "e => getComputedStyle(e).textAlign"
    )
    signature_align = article.locator(".od-signature").evaluate(
        "e => getComputedStyle(e).textAlign"
    )
    assert (title_align, signature_align) == ("center", "right")
    byline = re.sub(r"\s*·\s*", " · ", " ".join(article.locator(".od-byline").inner_text().split()))
    assert re.search(
        r"发布机构：\S+ · 发布日期：\d{4}-\d{2}-\d{2} · .*字号 大 中 小 · 打印", byline
    )
    crumbs = page.get_by_role("navigation", name="当前位置").inner_text()
    assert re.sub(r"\s+", "", crumbs).startswith("当前位置：首页>政府开放日>")


def test_cancelled_and_postponed_notices_say_so_in_a_dated_banner(
    page: Page, site_url: str, page_types: dict[str, str]
) -> None:
    for page_type, word in (("cancelled notice", "已取消"), ("postponed notice", "已延期")):
        page.goto(site_url + page_types[page_type])
        banner = page.locator(".od-alert")
        expect(banner).to_be_visible()
        assert re.search(rf"【{word}】.*\d{{4}}年\d{{1,2}}月\d{{1,2}}日发布", banner.inner_text())
        expect(page.locator(".od-byline .od-badge")).to_have_text(word)


def test_a_notice_with_published_answers_links_to_its_feedback_page(
    page: Page, site_url: str, page_types: dict[str, str]
) -> None:
    feedback = page_types["feedback page"]
    page.goto(site_url + feedback.removesuffix("feedback/"))
    page.get_by_role("link", name="查看意见反馈").click()
    expect(page).to_have_url(site_url + feedback)
    expect(page.locator(".od-totals")).to_contain_text("共收集意见建议")


def test_the_unit_and_year_lists_hold_only_their_own_notices(page: Page, site_url: str) -> None:
    page.goto(site_url + "openday/")
    side = page.get_by_role("navigation", name="栏目导航")
    side.get_by_text("按单位").click()
    unit = side.locator("details").first.get_by_role("link").nth(1)
    name = unit.inner_text().split("（")[0]
    unit.click()
    metas = page.locator(".od-list__meta").all_inner_texts()
    assert metas and all(f"承办单位 {name}" in meta for meta in metas)
    side = page.get_by_role("navigation", name="栏目导航")
    side.get_by_text("按年份").click()
    side.get_by_role("link", name=re.compile(r"^2022年")).click()
    expect(page.locator("h1")).to_have_text(re.compile(r"^2022年活动公告"))


def test_elder_mode_enlarges_body_text_and_persists_across_pages(
    browser: Browser, site_url: str
) -> None:
    with new_page(browser) as page:
        page.goto(site_url)
        normal = body_font_px(page)
        page.get_by_role("button", name="长者模式").click()
        assert body_font_px(page) >= 18 > normal
        line_height = page.locator(".md-typeset p").first.evaluate(
            "e => parseFloat(getComputedStyle(e).lineHeight) / parseFloat(getComputedStyle(e).fontSize)"
        )
        assert line_height >= 1.8
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="政府开放日").click()
        page.locator(".od-list__title").first.click()
        assert body_font_px(page) >= 18
        expect(page.get_by_role("button", name="退出长者模式")).to_be_visible()
        # Applied by the <head> before the page's own script: still there when that script is blocked.
        page.route("**/assets/openday.js", lambda route: route.abort())
        page.reload()
        assert page.evaluate("document.documentElement.classList.contains('od-elder')")
        assert body_font_px(page) >= 18
        page.unroute("**/assets/openday.js")
        page.reload()
        page.get_by_role("button", name="退出长者模式").click()
        assert body_font_px(page) == normal


def test_without_javascript_content_shows_the_js_tools_hide_and_elder_mode_is_a_link(
    browser: Browser, site_url: str, page_types: dict[str, str]
) -> None:
    with page_without_javascript(browser) as page:
        page.goto(site_url + page_types["notice with report and images"])
        for item in ELEVEN_ITEMS:
            expect(page.locator(".od-article").get_by_text(item, exact=True).first).to_be_visible()
        expect(page.locator("#od-report img").first).to_be_visible()
        expect(page.locator(".od-tools").first).to_be_hidden()
        expect(page.get_by_role("button")).to_have_count(0)
        normal = body_font_px(page)
        page.get_by_role("link", name="长者模式", exact=True).click()
        assert page.url.endswith("#od-elder")
        assert body_font_px(page) >= 18 > normal
        page.get_by_role("link", name="退出长者模式").click()
        assert body_font_px(page) == normal


def test_tab_reaches_the_skip_link_first_then_the_elder_mode_switch_with_visible_focus(
    page: Page, site_url: str
) -> None:
    page.goto(site_url + "openday/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("跳到正文")
    assert skip.bounding_box()["y"] >= 0
    for _ in range(4):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "od-elder-toggle":
            break
    toggle = page.locator("#od-elder-toggle")
    expect(toggle).to_be_focused()
    assert toggle.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.classList.contains('od-elder')")
    page.keyboard.press(" ")
    assert not page.evaluate("document.documentElement.classList.contains('od-elder')")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#od-main")).to_be_focused()


def test_on_a_phone_the_column_navigation_sits_above_the_list(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(site_url + "openday/")
        side = page.get_by_role("navigation", name="栏目导航").bounding_box()
        listing = page.locator(".od-list").bounding_box()
        assert side["y"] + side["height"] <= listing["y"]
        assert side["width"] > 300 and listing["width"] > 300
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def test_a_notice_prints_on_a4_with_its_metadata_and_address_and_no_navigation(
    page: Page, site_url: str, page_types: dict[str, str]
) -> None:
    page.goto(site_url + page_types["notice"])
    page.emulate_media(media="print")
    for hidden in (".od-banner", ".od-menu", ".od-side", ".od-footer", ".od-actions"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator(".od-docmeta")).to_be_visible()
    expect(page.locator(".od-article__url")).to_contain_text("本文网址：https://")
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert boxes and all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1 for w, h in boxes)
    assert len(boxes) <= 3


def test_on_a_phone_a_notice_of_several_sessions_lists_each_with_its_time_place_and_status(
    browser: Browser, site_url: str, page_types: dict[str, str]
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(site_url + page_types["notice with sessions"])
        when = page.locator(".od-items tr", has_text="时间地点")
        expect(when).to_contain_text("2022年9月6日至9月9日，共3场")
        when.get_by_role("link", name="场次安排").click()
        assert page.url.endswith("#od-sessions")
        table = page.get_by_role("table", name="共3场")
        rows = table.locator("tbody tr")
        expect(rows).to_have_count(3)
        expect(rows.nth(1).locator("th")).to_contain_text("第2场：养老待遇审核开放")
        expect(rows.nth(1).locator("th")).to_contain_text("12人")
        expect(rows.nth(1)).to_contain_text("2022年9月8日（星期四）14:30—16:30")
        expect(rows.nth(1)).to_contain_text("区社会保险事业管理局待遇审核科")
        expect(rows.locator(".od-badge")).to_have_text(["已举行"] * 3)
        # The table scrolls inside its own region; the page itself never gets wider.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def test_a_tour_notice_gives_the_meeting_point_transport_and_stops_in_order(
    page: Page, site_url: str, page_types: dict[str, str]
) -> None:
    page.goto(site_url + page_types["tour notice"])
    when = page.locator(".od-items tr", has_text="时间地点")
    expect(when).to_contain_text("集合地点：区住房和城乡建设局大门前")
    expect(when).to_contain_text("交通方式：统一乘坐中巴车往返")
    stops = page.get_by_role("region", name="行程安排").get_by_role("listitem")
    expect(stops).to_have_text(
        [
            "8:30 集合：区住房和城乡建设局大门前（统一乘坐中巴车往返）",
            "9:00 三贤祠街老旧小区改造现场：查看加装电梯和管网改造",
            "9:50 城东保障性租赁住房项目工地：了解施工安全和质量管理",
            "10:40 区住房和城乡建设局三楼会议室：座谈交流",
        ]
    )


def test_a_notice_of_sessions_prints_its_sessions_table_whole(
    page: Page, site_url: str, page_types: dict[str, str]
) -> None:
    page.goto(site_url + page_types["notice with sessions"])
    page.emulate_media(media="print")
    table = page.locator("table.od-sessions")
    expect(table).to_be_visible()
    wrap = page.locator(".od-table-wrap", has=table)
    assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert page.pdf(format="A4", print_background=True).startswith(b"%PDF")
