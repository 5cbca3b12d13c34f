"""What the built HTML says before any browser renders it: 网页标签, the footer identity
block, the main navigation, and the schedule table's order and wording."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from openday.sources.config import load_settings

ROOT = Path(__file__).resolve().parents[2]
NOTICE = re.compile(r"openday/[a-z0-9-]+/\d{4}-\d{2}-\d{2}-[a-z0-9-]+/index\.html\Z")
LIST_TYPES = ("column list", "paginated page", "unit list", "year list", "reports list")
ARTICLE_TYPES = ("notice", "cancelled notice", "postponed notice", "notice with report and images")
MONTH_DAY = re.compile(r"(\d{1,2})月(?:(\d{1,2})日|(上旬|中旬|下旬))?(?:（暂定）)?\Z")


def meta_tags(document: str) -> dict[str, str]:
    return {
        name: html.unescape(value)
        for name, value in re.findall(r'<meta name="([A-Za-z]+)" content="([^"]*)"', document)
    }


def read(site: Path, url: str) -> str:
    path = site / url
    return (path if path.is_file() else path / "index.html").read_text("utf-8")


@pytest.fixture(scope="module")
def identity() -> dict[str, str]:
    return load_settings(ROOT).options["identity"]


def test_every_page_carries_the_site_tags_from_the_identity_settings(
    site: Path, identity: dict[str, str]
) -> None:
    for path in site.rglob("*.html"):
        tags = meta_tags(path.read_text("utf-8"))
        assert tags.get("SiteName") == identity["site_name"], path
        assert tags.get("SiteDomain") == identity["domain"], path
        assert tags.get("SiteIDCode") == identity["id_code"], path


def test_lists_carry_column_tags_and_notices_carry_article_tags(
    site: Path, page_types: dict[str, str]
) -> None:
    for page_type in (*LIST_TYPES, "feedback column", "schedule"):
        tags = meta_tags(read(site, page_types[page_type]))
        assert tags.get("ColumnName") and tags.get("ColumnType"), page_type
    for page_type in (*ARTICLE_TYPES, "feedback page"):
        document = read(site, page_types[page_type])
        tags = meta_tags(document)
        assert tags.get("ArticleTitle") and tags.get("ContentSource"), page_type
        assert date.fromisoformat(tags["PubDate"]), page_type
        assert html.escape(tags["ArticleTitle"], quote=False) in document


def test_the_footer_names_the_host_contact_id_code_and_both_registrations(
    site: Path, page_types: dict[str, str], identity: dict[str, str]
) -> None:
    for url in page_types.values():
        footer = read(site, url).split('<footer class="od-footer">', 1)[1]
        text = re.sub(r"<[^>]+>", "", footer)
        assert f"主办单位：{identity['host']}" in text, url
        assert f"联系方式：{identity['contact']}" in text, url
        assert f"网站标识码：{identity['id_code']}" in text, url
        assert f"ICP备案号：{identity['icp']}" in text, url
        assert f"公安备案号：{identity['police']}" in text, url


def test_the_main_navigation_never_lists_event_pages(site: Path) -> None:
    for path in site.rglob("*.html"):
        page_url = "http://site/" + path.relative_to(site).as_posix()
        menu = path.read_text("utf-8").split('class="od-menu"', 1)[1].split("</nav>", 1)[0]
        for target in re.findall(r'href="([^"]+)"', menu):
            resolved = urlsplit(urljoin(page_url, target)).path.lstrip("/") + "index.html"
            assert not NOTICE.search(resolved), (path, target)
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert re.search(
        r"/openday/[a-z0-9-]+/\d{4}-\d{2}-\d{2}-", sitemap
    )  # published, not in the menu


def test_the_schedule_lists_plans_and_notices_by_time_as_in_the_annex_of_seed_004(
    site: Path, page_types: dict[str, str]
) -> None:
    document = read(site, page_types["schedule"])
    head = re.search(r"<thead>(.*?)</thead>", document, re.S).group(1)
    assert re.findall(r"<th[^>]*>([^<]+)</th>", head)[:4] == [
        "序号",
        "单位名称",
        "活动主题",
        "开展时间",
    ]
    rows = re.findall(
        r"<tr>(.*?)</tr>", re.search(r"<tbody>(.*?)</tbody>", document, re.S).group(1), re.S
    )
    assert len(rows) > 20
    keys = []
    for number, row in enumerate(rows, start=1):
        cells = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        assert cells[0] == str(number)
        when = MONTH_DAY.match(cells[3])
        assert when, cells[3]
        month, day, period = when.groups()
        first = int(day) if day else {"上旬": 1, "中旬": 11, "下旬": 21, None: 1}[period]
        keys.append((int(month), first))
    assert keys == sorted(keys)
    statuses = re.findall(r'class="od-badge od-badge--(\w+)"', document)
    assert "planned" in statuses and {"open", "held"} & set(statuses)
    assert any("旬" in re.sub(r"<[^>]+>", "", row) for row in rows)
    texts = [re.sub(r"<[^>]+>", " ", row) for row in rows]
    # A date reported as 暂定 says so; a notice of several sessions has one row per session.
    assert any("城乡公交线路优化" in text and "9月22日（暂定）" in text for text in texts)
    sessions = [text for text in texts if "走进社保经办" in text]
    assert [re.search(r"第\d场", text)[0] for text in sessions] == ["第1场", "第2场", "第3场"]
    assert "共 " + str(len(rows)) + " 场" in document


def test_a_notice_of_dates_only_shows_the_day_and_no_invented_time(site: Path) -> None:
    document = read(site, "openday/yj-baohe/2022-09-17-cundao-jianshe/")
    row = re.search(r"<th scope=\"row\">时间地点</th><td>(.*?)</td>", document, re.S).group(1)

    assert row.startswith("时间：2022年9月17日（星期六）<br>")
    assert not re.search(r"\d:\d\d", row)
