"""Builds of the demo: the same records on the same day give the same bytes, and a
sub-column with nothing in it is neither built nor linked."""

from __future__ import annotations

import gzip
import os
import re
import struct
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_two_builds_of_the_same_records_on_the_same_day_are_byte_identical(
    site: Path, rebuild: Callable[..., Path], tmp_path: Path
) -> None:
    again = _files(rebuild(tmp_path / "again"))
    first = _files(site)
    assert sorted(again) == sorted(first)
    differing = [name for name in first if first[name] != again[name]]
    assert not differing, differing


def test_the_gzipped_sitemap_is_stamped_with_the_records_date_not_the_clock(
    site: Path, today: str
) -> None:
    data = (site / "sitemap.xml.gz").read_bytes()
    (mtime,) = struct.unpack("<I", data[4:8])
    stamped = datetime.fromtimestamp(mtime, UTC).date()
    assert stamped <= datetime.fromisoformat(today).date()
    lastmods = re.findall(r"<lastmod>([\d-]+)</lastmod>", gzip.decompress(data).decode())
    assert stamped.isoformat() == max(lastmods)


@pytest.fixture(scope="module")
def early_site(tmp_path_factory: pytest.TempPathFactory, rebuild: Callable[..., Path]) -> Path:
    """The demo before any report or answer was public (mkdocs.yml's nav then names a page
    that is not built, which MkDocs warns about, so this build is not strict)."""
    return rebuild(tmp_path_factory.mktemp("early") / "site", "2022-08-20", strict=False)


def test_sub_columns_with_nothing_in_them_are_neither_built_nor_linked(early_site: Path) -> None:
    assert (early_site / "openday/index.html").is_file()
    assert not (early_site / "openday/reports").exists()
    assert not (early_site / "openday/feedback").exists()
    for page in early_site.rglob("*.html"):
        html = page.read_text("utf-8")
        assert "reports/" not in html, page
        assert not re.search(r'href="[^"]*feedback/', html), page
        assert '.md"' not in html, page


def test_every_link_of_the_column_navigation_leads_to_a_built_page(site: Path) -> None:
    html = (site / "openday/index.html").read_text("utf-8")
    navigation = html.split('class="od-side"', 1)[1].split("</nav>", 1)[0]
    targets = re.findall(r'href="([^"]+)"', navigation)
    assert len(targets) > 5
    for target in targets:
        # A link's twin that carries 长者模式 (#od-elder) leads to the same page.
        path = target.split("#", 1)[0]
        assert (site / "openday" / path / "index.html").resolve().is_file(), target


def test_pages_rendered_in_two_processes_are_the_pages_rendered_in_one(
    site: Path, today: str, tmp_path: Path
) -> None:
    """The demo is too small to be split over processes; here every page count is."""
    target = tmp_path / "split"
    script = (
        "import sys, openday.site.direct\n"
        "openday.site.direct.PARALLEL_FROM = 1\n"
        "from mkdocs.__main__ import cli\n"
        "cli(['build', '--strict', '-d', sys.argv[1]])\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script, str(target)],
        cwd=ROOT,
        env={**os.environ, "OPENDAY_TODAY": today, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    split, single = _files(target), _files(site)
    assert sorted(split) == sorted(single)
    assert [name for name in single if split[name] != single[name]] == []
