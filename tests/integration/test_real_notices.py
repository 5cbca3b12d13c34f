"""Records transcribed from real notices, built into a site under the ``baseline`` preset.

The records are the fixtures of ``tests/fixtures/rules/baseline/`` (each checked there
with its exact messages); here they are published together, and a reader meets only
what each record states: no row, section or 主题词 for an item a notice leaves out, the
new registration and contact details as a notice writes them, a report without a notice
here, answers with one reply for several opinions, and a plan whose days passed.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page

from tests.support.axe import format_violations, run_axe
from tests.support.calparse import events_icalendar, events_icaljs, events_vobject
from tests.support.vnu import check_html, format_messages

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "fixtures" / "rules" / "baseline"
TODAY = "2024-09-05"

COUNTY = "openday/ys-swj/2023-09-20-zoujin-shuiwu/"
TOWN = "openday/ys-xjh/2023-09-26-xiangcun-zhenxing/"
CITY = "openday/ly-sthj/2023-06-05-wushui-chuli/"
DISTRICT = "openday/qx-rsj/2024-09-20-wenjiuye/"
BARE = "openday/ys-swj/2023-11-08-zoujin-shuiwu/"
EARLIER = "openday/ys-swj/2021-09-17-zoujin-shuiwu/"
ANSWERS = "openday/ys-swj/2023-10-18-banshui-fuwu/feedback/"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("real-notices")
    for name in ("content", "theme"):
        shutil.copytree(ROOT / name, root / name)
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "policy: yanjiang-2022" in config
    (root / "mkdocs.yml").write_text(config.replace("policy: yanjiang-2022", "policy: baseline"))
    agencies: dict = {}
    for case in sorted(CASES.iterdir()):
        agencies.update(yaml.safe_load((case / "events" / "agencies.yml").read_text("utf-8")))
        for record in (case / "events").glob("*/*.yml"):
            target = root / "events" / record.parent.name / record.name
            assert not target.exists(), f"two fixtures hold {record.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(record, target)
    (root / "events" / "agencies.yml").write_text(
        yaml.safe_dump(agencies, allow_unicode=True), "utf-8"
    )
    return root


@pytest.fixture(scope="module")
def built(project: Path) -> Path:
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=project,
        env={**os.environ, "OPENDAY_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    return project / "site"


@pytest.fixture(scope="module")
def base(built: Path, serve_dir: Callable[[Path], str]) -> str:
    return serve_dir(built)


def _rows(page: Page) -> dict[str, str]:
    """The notice table as 事项 → text."""
    cells = page.locator("table.od-items tr").evaluate_all(
        "rows => rows.map(r => [r.querySelector('th').innerText, r.querySelector('td').innerText])"
    )
    return dict(cells)


def _lines(text: str) -> list[str]:
    """Lines of a cell as read (a paragraph's margins show as blank lines in innerText)."""
    return [line for line in text.splitlines() if line.strip()]


def test_every_page_of_the_real_records_is_valid_html(built: Path) -> None:
    messages = check_html(sorted(built.rglob("*.html")), include_warnings=True)
    assert not messages, format_messages(messages)


@pytest.mark.parametrize(
    "url", [COUNTY, TOWN, CITY, BARE, EARLIER, ANSWERS, "openday/schedule/2023/"]
)
def test_the_pages_of_the_real_records_have_no_axe_violations_on_a_phone_in_both_modes(
    page: Page, base: str, url: str
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + url)
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    page.locator("#od-elder-toggle").click()
    violations = run_axe(page)
    assert not violations, "长者模式:\n" + format_violations(violations)


def test_a_county_notice_shows_its_e_mail_deadline_time_eligibility_and_selection(
    page: Page, base: str
) -> None:
    page.goto(base + COUNTY)
    rows = _rows(page)

    assert rows["邀请对象"] == "企业代表、个体工商户、群众代表"
    assert _lines(rows["报名方式"]) == [
        "电话报名、电子邮件报名",
        "报名邮箱：ysswj-openday@example.gov.cn",
        "报名截止：2023年9月15日17:00",
        "确定方式：先到先得，报满即止",
        "报名条件：年满18周岁；在沂水县居住、工作或经营",
        "报名时请注明姓名、单位和联系电话，名额有限，报满即止。",
    ]
    assert rows["电子邮箱"] == "ysswj-openday@example.gov.cn"
    note = page.locator("table.od-items .od-items__note strong")
    assert note.inner_text() == "名额有限，报满即止"
    assert "**" not in page.locator("table.od-items").inner_text()
    mail = page.locator("table.od-items a[href^='mailto:']")
    assert mail.evaluate_all("links => links.map(a => a.getAttribute('href'))") == [
        "mailto:ysswj-openday@example.gov.cn",
        "mailto:ysswj-openday@example.gov.cn",
    ]


def test_a_town_notice_for_walk_in_visitors_states_no_number_it_never_gave(
    page: Page, base: str
) -> None:
    page.goto(base + TOWN)
    rows = _rows(page)

    assert _lines(rows["报名方式"])[0] == "无需报名，现场参加"
    assert "报名截止" not in rows["报名方式"]
    assert "参加人数" not in rows
    assert rows["邀请对象"] == "辖区群众、社区两委成员、劳模代表、学生代表"


def test_a_city_notice_names_its_wechat_account_and_the_lottery(page: Page, base: str) -> None:
    page.goto(base + CITY)
    rows = _rows(page)

    assert rows["邀请对象"] == "市民代表20人、环保志愿者5人、学生5人"
    assert "微信公众号：“临沂生态环境”" in _lines(rows["报名方式"])
    assert "确定方式：抽签确定" in _lines(rows["报名方式"])
    assert "报名截止：2023年5月31日18:00" in _lines(rows["报名方式"])


def test_a_contact_by_e_mail_alone_shows_no_phone_row(page: Page, base: str) -> None:
    page.goto(base + DISTRICT)
    rows = _rows(page)

    assert rows["联系人员"] == "区人社局办公室"
    assert rows["电子邮箱"] == "qxrsj-openday@example.gov.cn"
    assert "联系电话" not in rows


def test_a_notice_with_only_the_essentials_shows_nothing_in_place_of_the_rest(
    page: Page, base: str
) -> None:
    page.goto(base + BARE)
    rows = _rows(page)

    assert list(rows) == ["开放主题", "时间地点", "承办单位", "报名方式"]
    assert page.locator("#od-content, #od-reminders").count() == 0
    metadata = page.locator("table.od-docmeta").inner_text()
    assert "主题词" not in metadata
    assert "政务公开" not in page.locator("main").inner_text()


def test_a_report_without_a_notice_here_has_the_event_page_to_itself(
    page: Page, base: str, built: Path
) -> None:
    page.goto(base + EARLIER)

    assert page.locator("h1").inner_text() == "县税务局举办2021年“政府开放日”活动"
    assert _rows(page) == {
        "开放主题": "走进税务 感受便利",
        "活动时间": "2021年9月17日（星期五）",
        "承办单位": "沂水县税务局",
    }
    assert page.locator("#od-report").inner_text().startswith("活动报道")
    assert page.get_by_role("link", name="添加到日历").count() == 0
    page.get_by_role("link", name="查看意见反馈").click()
    assert page.get_by_role("link", name="查看活动报道").count() == 1
    reports = (built / "openday" / "reports" / "index.html").read_text("utf-8")
    assert "县税务局举办2021年“政府开放日”活动" in reports


def test_one_reply_for_several_opinions_and_unstated_states_are_shown_as_given(
    page: Page, base: str
) -> None:
    page.goto(base + ANSWERS)

    assert page.locator(".od-totals").inner_text() == (
        "共收集意见建议6条，已采纳1条，部分采纳3条，办理中0条，解释说明0条，暂不采纳0条，"
        "未说明办理情况2条。"
    )
    rows = page.locator("table.od-answers tbody tr")
    assert rows.count() == 4
    shared = rows.nth(2)
    assert shared.locator("ol.od-opinions li").all_inner_texts() == [
        "建议在办税服务厅增设老年人休息区。",
        "建议为老年人提供一对一帮办。",
        "建议保留现金缴费窗口。",
    ]
    assert "以上3条意见共同答复" in shared.inner_text()
    unstated = rows.nth(1).locator("td").all_inner_texts()
    assert unstated[3:6] == ["", "", "已在“沂水税务”公众号开设政策解读专栏。"]


def test_a_plan_whose_days_passed_without_a_notice_is_not_shown_as_planned(
    page: Page, base: str
) -> None:
    page.goto(base + "openday/schedule/2023/")
    row = page.locator("table.od-schedule tbody tr", has_text="9月25日")

    assert row.locator(".od-badge").inner_text() == "未发布公告"
    assert "计划中" not in page.locator("table.od-schedule").inner_text()


def test_the_calendar_carries_the_new_registration_details_as_plain_text(built: Path) -> None:
    feed = built / COUNTY / "event.ics"
    readings = [events_icalendar(feed), events_vobject(feed), events_icaljs([feed])[feed]]
    assert readings[0] == readings[1] == readings[2]
    [event] = readings[0]
    lines = event["description"].splitlines()
    assert lines[1:] == [
        "报名方式：电话报名、电子邮件报名",
        "报名截止：2023年9月15日17:00",
        "报名邮箱：ysswj-openday@example.gov.cn",
        "报名条件：年满18周岁；在沂水县居住、工作或经营",
        "确定方式：先到先得，报满即止",
        "报名说明：报名时请注明姓名、单位和联系电话，名额有限，报满即止。",
        "联系人员：李某",
        "联系电话：0539-2251234",
        "电子邮箱：ysswj-openday@example.gov.cn",
    ]


def test_the_yearly_figures_count_every_opinion_but_rate_only_stated_ones(built: Path) -> None:
    text = (built / "openday" / "stats" / "2023" / "figures.csv").read_bytes().decode("utf-8-sig")
    header, *body = csv.reader(io.StringIO(text))
    rows = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    county = rows["县税务局"]

    assert (county["举办场次"], county["收集意见建议"]) == ("3", "6")
    assert (county["已采纳"], county["部分采纳"], county["采纳率"]) == ("1", "3", "100.0%")


def test_a_report_without_a_notice_here_is_found_by_the_site_search(page: Page, base: str) -> None:
    page.goto(base + "search/?q=非接触式 感受便利")
    page.wait_for_selector(".od-search__summary")

    links = page.locator("#od-search-results a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert any(href.endswith(EARLIER) for href in links), links
