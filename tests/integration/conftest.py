"""The demo site, built once per session as of :data:`TODAY`, served on 127.0.0.1.

``site`` is the build directory; ``site_url`` its base URL; ``page_types``
maps every kind of page a reader meets to one representative URL of the
build, found by what each page shows (so the demo data may grow freely).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from openday.domain.urls import RESERVED_IDS

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2022-09-10"
NOTICE = re.compile(r"openday/[a-z0-9-]+/\d{4}-\d{2}-\d{2}-[a-z0-9-]+/index\.html\Z")


def build_demo(target: Path, today: str = TODAY, *, strict: bool = True) -> Path:
    """``mkdocs build`` of the project at ``ROOT`` into ``target`` as of ``today``."""
    command = [sys.executable, "-m", "mkdocs", "build", "-d", str(target)]
    completed = subprocess.run(
        [*command, "--strict"] if strict else command,
        cwd=ROOT,
        env={**os.environ, "OPENDAY_TODAY": today, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    return target


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "site")


@pytest.fixture(scope="session")
def rebuild() -> Callable[..., Path]:
    """``rebuild(target, today=TODAY, strict=True)``: another build of the demo."""
    return build_demo


@pytest.fixture(scope="session")
def today() -> str:
    return TODAY


@pytest.fixture(scope="session")
def site_url(site: Path, serve_dir: Callable[[Path], str]) -> str:
    return serve_dir(site)


def _url(site: Path, path: Path) -> str:
    relative = path.relative_to(site).as_posix()
    return relative.removesuffix("index.html")


def _first(site: Path, paths: list[Path], wanted: Callable[[str], bool], what: str) -> str:
    for path in paths:
        if wanted(path.read_text("utf-8")):
            return _url(site, path)
    raise AssertionError(f"the demo build has no {what}")


@pytest.fixture(scope="session")
def page_types(site: Path) -> dict[str, str]:
    """One URL (relative to the site root) per page type of the column and the site."""
    notices = sorted(p for p in site.rglob("index.html") if NOTICE.search(p.as_posix()))
    answers = sorted(site.glob("openday/*/*/feedback/index.html"))
    units = sorted(
        p for p in site.glob("openday/*/index.html") if p.parent.name not in RESERVED_IDS
    )
    assert notices and answers and units, "the demo build lacks notices, answers or unit lists"
    types = {
        "home": "",
        "content page": "help/",
        "404": "404.html",
        "column list": "openday/",
        "paginated page": "openday/page/2/",
        "unit list": _url(site, units[0]),
        "year list": _url(site, sorted(site.glob("openday/year/*/index.html"))[0]),
        "reports list": "openday/reports/",
        "notice": _first(
            site, notices, lambda h: "od-alert" not in h and "od-report" not in h, "plain notice"
        ),
        "cancelled notice": _first(
            site, notices, lambda h: "od-alert--cancelled" in h, "cancelled notice"
        ),
        "postponed notice": _first(
            site, notices, lambda h: "od-alert--postponed" in h, "postponed notice"
        ),
        "notice with report and images": _first(
            site,
            notices,
            lambda h: 'id="od-report"' in h and 'class="od-figure"' in h,
            "report with images",
        ),
        "notice with sessions": _first(
            site, notices, lambda h: 'id="od-sessions"' in h, "notice of several sessions"
        ),
        "tour notice": _first(site, notices, lambda h: 'id="od-tour"' in h, "notice of a tour"),
        "feedback page": _url(site, answers[0]),
        "feedback column": "openday/feedback/",
        "schedule": _url(site, sorted(site.glob("openday/schedule/*/index.html"))[0]),
        "stats": _url(site, sorted(site.glob("openday/stats/*/index.html"))[0]),
        "search": "search/",
    }
    for name, url in types.items():
        assert (site / url).is_file() or (site / url / "index.html").is_file(), name
    return types
