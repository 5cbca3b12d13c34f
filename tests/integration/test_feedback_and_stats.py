"""The demo's answers pages and yearly figures, read as a reader and the office meet them.

Every expected count here comes straight from the event files (read with plain
``yaml.safe_load``), never from the generator: the pages must show totals computed
from the items, and each item's state in Chinese. A second build, as of
:data:`LATE`, publishes every answer set of the demo.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import yaml
from playwright.sync_api import Browser, Page

from tests.support.browser import new_page

ROOT = Path(__file__).resolve().parents[2]
LATE = "2022-12-31"
#: The contract's answer states (spec/event-format.md), in the order the totals name them.
ANSWER_WORDS = {
    "adopted": "已采纳",
    "partly": "部分采纳",
    "in_progress": "办理中",
    "explained": "解释说明",
    "not_adopted": "暂不采纳",
}
TABLE_ROWS = """table => Array.from(table.tBodies[0].rows, row =>
    Array.from(row.cells, cell => cell.innerText.trim()))"""


def _records() -> dict[str, dict]:
    """Every demo event with answers, by event id."""
    found = {}
    for path in sorted((ROOT / "events").glob("*/*.yml")):
        record = yaml.safe_load(path.read_text("utf-8"))
        if isinstance(record, dict) and record.get("feedback"):
            found[path.relative_to(ROOT / "events").with_suffix("").as_posix()] = record
    return found


RECORDS = _records()


def _published(record: dict) -> date:
    return date.fromisoformat(str(record["feedback"]["published"]))


def _sentence(statuses: list[str]) -> str:
    counted = Counter(statuses)
    parts = "，".join(f"{word}{counted[state]}条" for state, word in ANSWER_WORDS.items())
    return f"共收集意见建议{len(statuses)}条，{parts}。"


@pytest.fixture(scope="module")
def late_site(tmp_path_factory: pytest.TempPathFactory, rebuild: Callable[..., Path]) -> Path:
    return rebuild(tmp_path_factory.mktemp("late") / "site", LATE)


@pytest.fixture(scope="module")
def late_url(late_site: Path, serve_dir: Callable[[Path], str]) -> str:
    return serve_dir(late_site)


@pytest.fixture(scope="module")
def reader(browser: Browser) -> Iterator[Page]:
    """One browser tab for the module: the answers pages are many, and reading them
    needs no fresh context each."""
    with new_page(browser) as opened:
        yield opened


def _answer_pages(site: Path) -> set[str]:
    return {
        path.parent.parent.relative_to(site / "openday").as_posix()
        for path in site.glob("openday/*/*/feedback/index.html")
    }


def test_the_demo_answers_use_every_state_so_every_chinese_word_is_shown():
    states = {item["status"] for r in RECORDS.values() for item in r["feedback"]["items"]}
    assert states == set(ANSWER_WORDS)


def test_answers_get_a_page_only_from_the_day_they_are_dated(site: Path, today: str):
    public = {i for i, r in RECORDS.items() if _published(r) <= date.fromisoformat(today)}
    assert public and public != set(RECORDS)
    assert _answer_pages(site) == public


def test_by_the_end_of_the_year_every_answer_set_has_its_page(late_site: Path):
    assert _answer_pages(late_site) == set(RECORDS)


@pytest.mark.parametrize("event_id", sorted(RECORDS))
def test_each_answers_page_shows_totals_and_states_counted_from_the_event_file(
    event_id: str, reader: Page, late_url: str
):
    page = reader
    items = RECORDS[event_id]["feedback"]["items"]
    page.goto(late_url + f"openday/{event_id}/feedback/", wait_until="domcontentloaded")
    assert page.locator(".od-totals").inner_text() == _sentence([i["status"] for i in items])
    table = page.get_by_role("table", name="意见建议采纳情况")
    headers = table.get_by_role("columnheader").all_inner_texts()
    assert headers[:2] == ["序号", "主题"] and "办理状态" in headers
    rows = table.evaluate(TABLE_ROWS)
    state = headers.index("办理状态")
    assert [(row[0], row[1], row[state]) for row in rows] == [
        (str(n), item["topic"], ANSWER_WORDS[item["status"]]) for n, item in enumerate(items, 1)
    ]


def _csv(site: Path, year: int) -> list[list[str]]:
    data = (site / f"openday/stats/{year}/figures.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_figures_total_the_opinions_counted_from_the_event_files(late_site: Path):
    header, *_, total = _csv(late_site, 2022)
    statuses = Counter(
        item["status"]
        for event_id, record in RECORDS.items()
        if event_id.split("/")[1].startswith("2022-")
        for item in record["feedback"]["items"]
    )
    figures = dict(zip(header, total, strict=True))
    assert figures["单位"] == "合计"
    assert int(figures["收集意见建议"]) == statuses.total()
    assert int(figures["已采纳"]) == statuses["adopted"]
    assert int(figures["部分采纳"]) == statuses["partly"]
    rate = (statuses["adopted"] + statuses["partly"]) / statuses.total()
    assert figures["采纳率"] == f"{rate * 100:.1f}%"


def test_the_stats_page_the_csv_and_the_xlsx_hold_one_table(reader: Page, late_site, late_url):
    page = reader
    table = _csv(late_site, 2022)
    page.goto(late_url + "openday/stats/2022/", wait_until="domcontentloaded")
    html_table = page.locator("table.od-stats")
    assert html_table.get_by_role("columnheader").all_inner_texts() == table[0]
    assert html_table.evaluate(TABLE_ROWS) == table[1:]
    sheet = openpyxl.load_workbook(late_site / "openday/stats/2022/figures.xlsx").active
    for row, expected in zip(sheet.iter_rows(), table, strict=True):
        for got, text in zip(row, expected, strict=True):
            if text.endswith("%"):
                assert got.value == pytest.approx(float(text[:-1]) / 100, abs=0.0005)
                assert got.number_format == "0.0%"
            elif text == "—":
                assert got.value is None
            else:
                assert str(got.value) == text


def test_the_stats_page_charts_are_images_named_and_described_for_every_unit(
    reader: Page, late_site: Path, late_url: str
):
    page = reader
    units = [row[0] for row in _csv(late_site, 2022)[1:-1]]
    page.goto(late_url + "openday/stats/2022/", wait_until="domcontentloaded")
    charts = page.get_by_role("img")
    names = [charts.nth(i).get_attribute("aria-labelledby") for i in range(charts.count())]
    assert len([n for n in names if n and n.startswith("od-chart-")]) == 3
    held = page.locator("#od-chart-held-2022")
    assert held.locator("title").text_content() == "2022年各单位举办场次"
    desc = held.locator("desc").text_content()
    assert [part.split("：")[0] for part in desc.split("；")] == units
