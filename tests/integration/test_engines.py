"""The demo under a second engine: ProperDocs, the maintained fork of MkDocs 1.x, reads the
same mkdocs.yml, loads Material and the openday plugin through the ``mkdocs.*`` entry points,
and writes the very bytes ``mkdocs build`` writes on the same day."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openday import __version__

ROOT = Path(__file__).resolve().parents[2]


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory, today: str) -> Path:
    target = tmp_path_factory.mktemp("properdocs") / "site"
    command = ["build", "--strict", "--verbose", "-f", "mkdocs.yml", "-d", str(target)]
    completed = subprocess.run(
        [sys.executable, "-m", "properdocs", *command],
        cwd=ROOT,
        env={**os.environ, "OPENDAY_TODAY": today},
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    # ProperDocs ran (its own templates back Material's) and so did the plugin, found through
    # the entry point it declares for MkDocs: byte equality alone would also hold if both
    # engines had left the plugin out.
    assert re.search(r"Theme\(name='material', dirs=\[.*/properdocs/templates'", completed.stderr)
    assert "Running `config` event from plugin 'openday'" in completed.stderr
    return target


def test_properdocs_builds_the_demo_byte_for_byte_as_mkdocs_does(
    site: Path, properdocs_site: Path
) -> None:
    ours, theirs = _files(site), _files(properdocs_site)
    assert sorted(theirs) == sorted(ours)
    assert [name for name in ours if ours[name] != theirs[name]] == []


def test_pages_name_the_generator_and_theme_not_the_engine(properdocs_site: Path) -> None:
    """The generator tag is the one line where the engines would differ: MkDocs prints
    ``mkdocs-1.6.1``, ProperDocs ``mkdocs-ProperDocs 1.6.7``. The site is made by this
    program on Material whichever of them runs it, and says so."""
    generators = {
        found
        for page in properdocs_site.rglob("*.html")
        for found in re.findall(r'<meta name="generator" content="([^"]*)">', page.read_text())
    }
    assert generators == {f"openday-{__version__}, mkdocs-material-9.8.1"}
