"""Hostile records never put script on a page, break a feed or arm a spreadsheet, and a
failed build leaves the published site as it was."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import icalendar
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "<script>alert('x')</script>"
IMAGE = "<img src=x onerror=alert(1)>"

AGENCIES = """\
yj-fgj:
  name: "=HYPERLINK(\\"http://evil.example\\")资阳市雁江区发展和改革局"
  short: "+区发改局"
  kind: department
  region: 四川省/资阳市/雁江区
"""

EVENT = f"""\
agency: yj-fgj
title: "标题</title>{SCRIPT}"
theme: "{IMAGE}走进粮仓"
published: 2022-09-07
start: 2022-09-16 09:00
end: 2022-09-16 11:30
venue: ["<b onmouseover=alert(2)>储备粮库</b>", "javascript:alert(3)"]
capacity: 15
attendees: {{public: 7, deputies: 3, members: 3, media: 2}}
leaders: ["{SCRIPT}局长"]
registration:
  methods: [online, phone]
  url: "https://example.gov.cn/?a=1&b=\\"><script>alert(4)</script>"
  deadline: 2022-09-13
  note: "<iframe src=https://evil.example></iframe>名额有限"
formats: [office, forum]
content: |
  1. 参观<script>alert(5)</script>仓储作业区；
  2. [报名](javascript:alert(6)) <a href="data:text/html,x" onclick="y">资料</a>
  <style>body{{display:none}}</style><form action=https://evil.example><input></form>
contact:
  name: "<i onclick=alert(7)>李某</i>"
  phone: 028-26621548
reminders: |
  请携带身份证。<object data=x></object>
report:
  published: 2022-09-17
  attendance: 15
  summary: |
    活动顺利举行。<svg onload=alert(8)></svg>
feedback:
  published: 2022-09-30
  items:
    - topic: "=1+1"
      opinion: "<script>alert(9)</script>建议延长服务时间。"
      from: public
      status: adopted
      response: "@SUM(A1) 已采纳。"
"""

ALLOWED_SCRIPTS = {"assets/openday.js", "assets/openday-search.js"}


class _Scan(HTMLParser):
    """Collects every script, every event-handler attribute and every risky URL."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("iframe", "object", "embed", "style"):
            self.found.append(f"<{tag}>")
        if tag == "form" and values.get("id") != "od-search-form":
            self.found.append("<form>")
        if tag == "script":
            src = values.get("src") or ""
            if not any(src.endswith(allowed) for allowed in ALLOWED_SCRIPTS) and src:
                self.found.append(f"script src={src}")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in ("href", "src", "action") and value:
                scheme = value.strip().lower().split(":", 1)[0]
                if scheme in ("javascript", "data", "vbscript"):
                    self.found.append(f"{tag} {name}={value}")

    def handle_data(self, data: str) -> None:
        if "alert(" in data and self.lasttag == "script":
            self.found.append("inline script from a record")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    for name in ("mkdocs.yml", "content", "theme"):
        source = ROOT / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, root / name)
    (root / "events" / "yj-fgj").mkdir(parents=True)
    (root / "events" / "agencies.yml").write_text(AGENCIES, "utf-8")
    (root / "events" / "yj-fgj" / "2022-09-16-liangcang.yml").write_text(EVENT, "utf-8")
    return root


def _build(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *extra],
        cwd=project,
        env={**os.environ, "OPENDAY_TODAY": "2022-10-31", "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    completed = _build(project)
    assert completed.returncode == 0, completed.stderr
    return project / "site"


def test_the_checker_names_the_lines_that_carry_markup_it_will_remove(project: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "openday.adapters.cli", "check", "--project", str(project)],
        env={**os.environ, "OPENDAY_TODAY": "2022-10-31"},
        capture_output=True,
        text=True,
    )
    lines = [line for line in completed.stdout.splitlines() if "W-MARKUP" in line]
    where = "events/yj-fgj/2022-09-16-liangcang.yml"
    assert f"{where}:15:9: W-MARKUP 含有不允许的 HTML 标签 <iframe>，发布时将被删除" in lines
    assert f"{where}:18:8: W-MARKUP 含有不允许的 HTML 标签 <script>，发布时将被删除" in lines
    assert f"{where}:19:9: W-MARKUP 链接使用了不允许的协议 javascript:，发布时将被删除" in lines
    assert f"{where}:19:32: W-MARKUP 含有不允许的 HTML 属性 onclick，发布时将被删除" in lines
    assert f"{where}:20:3: W-MARKUP 含有不允许的 HTML 标签 <style>，发布时将被删除" in lines
    assert f"{where}:35:16: W-MARKUP 含有不允许的 HTML 标签 <script>，发布时将被删除" in lines


def test_no_page_carries_a_script_handler_or_risky_link_from_a_record(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert pages
    for page in pages:
        scan = _Scan()
        scan.feed(page.read_text("utf-8"))
        assert scan.found == [], page.relative_to(site)


def test_plain_text_fields_are_shown_as_text_on_the_notice(site: Path) -> None:
    html = (site / "openday/yj-fgj/2022-09-16-liangcang/index.html").read_text("utf-8")
    assert "&lt;img src=x onerror=" in html
    assert "标题&lt;/title&gt;&lt;script&gt;" in html
    assert "<title>标题</title><script>" not in html


def test_rss_and_atom_stay_well_formed_and_carry_no_markup(site: Path) -> None:
    for name in ("openday/rss.xml", "openday/atom.xml"):
        tree = ElementTree.parse(site / name)
        tags = {element.tag.rsplit("}", 1)[-1] for element in tree.iter()}
        assert not tags & {"script", "img", "iframe"}, name


def test_every_calendar_holds_exactly_its_one_event(site: Path) -> None:
    for feed in sorted(site.rglob("*.ics")):
        calendar = icalendar.Calendar.from_ical(feed.read_bytes())
        events = [c for c in calendar.walk() if c.name == "VEVENT"]
        assert len(events) <= 1, feed.relative_to(site)
        for event in events:
            assert event.get("UID").startswith("yj-fgj/2022-09-16-liangcang@")


def test_spreadsheet_cells_never_start_a_formula(site: Path) -> None:
    text = (site / "openday/stats/2022/figures.csv").read_bytes().decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'+区发改局" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]


def test_a_failing_build_leaves_the_published_site_byte_identical(
    project: Path, site: Path, tmp_path: Path
) -> None:
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    broken = project / "events" / "yj-fgj" / "2022-09-20-broken.yml"
    broken.write_text("agency: yj-fgj\ntheme: [\n", "utf-8")
    try:
        completed = _build(project)
    finally:
        broken.unlink()
    assert completed.returncode != 0
    assert "E-YAML" in completed.stderr and "原有 site/ 保持不变" in completed.stderr
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not (project / ".site.building").exists()


@pytest.mark.attack
@pytest.mark.parametrize(
    ("body", "code"),
    [("![" * 20_000, "E-LENGTH"), ("<a:" * 60_000, "E-LENGTH"), ("[x]" * 60, "E-MARKUP")],
    ids=["image-openers", "autolink-openers", "brackets-in-one-paragraph"],
)
def test_text_that_would_stall_markdown_stops_the_build_in_seconds(
    project: Path, site: Path, body: str, code: str
) -> None:
    """``"!["`` 20,000 times passed the check and made the build take 136 s."""
    slow = project / "events" / "yj-fgj" / "2022-09-21-slow.yml"
    slow.write_text(
        f"agency: yj-fgj\ntheme: 走进粮仓\nstart: 2022-09-21\nstatus: postponed\n"
        f"status_note: |\n  {body}\n",
        "utf-8",
    )
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    try:
        started = time.perf_counter()
        completed = _build(project)
        took = time.perf_counter() - started
    finally:
        slow.unlink()
    assert completed.returncode != 0
    assert re.search(
        rf"events/yj-fgj/2022-09-21-slow\.yml:6:\d+: {code} 状态说明", completed.stderr
    )
    assert "Traceback" not in completed.stderr
    assert took < 30, took  # a whole build; the attack alone took minutes
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
