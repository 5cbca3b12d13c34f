"""The demo under a second engine: ProperDocs, the maintained fork of MkDocs 1.x, reads the
same mkdocs.yml, loads Material and the openday plugin through the ``mkdocs.*`` entry points,
and writes the very bytes ``mkdocs build`` writes on the same day. So does ``openday build``,
with no engine at all: it runs where MkDocs, Material and ProperDocs cannot be imported, on
the demo and on a site with other settings (no site_url, nav from the folders, other
Markdown extensions, extra scripts, an ``!ENV`` tag)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openday import __version__

ROOT = Path(__file__).resolve().parents[2]
ENGINES = ("mkdocs", "material", "properdocs")
#: ``openday`` in a Python where importing an engine fails (``sys.modules[name] = None``).
WITHOUT_ENGINES = (
    "import sys\n"
    f"sys.modules.update(dict.fromkeys({ENGINES!r}))\n"
    "from openday.adapters.cli import main\n"
    "code = main()\n"
    f"assert not any(sys.modules.get(name) for name in {ENGINES!r})\n"
    "sys.exit(code)\n"
)
#: A site on other settings than the demo's, around the records of a fixture.
OTHER_SITE = {
    "mkdocs.yml": f"""site_name: 测试站点
docs_dir: pages
site_dir: public
repo_url: https://example.org/office/site
edit_uri: edit/main/pages/
copyright: 版权所有
theme:
  name: material
  custom_dir: {ROOT / "theme"}
  language: en
extra_css:
  - extra/site.css
extra_javascript:
  - extra/site.js
  - extra/module.mjs
  - path: extra/late.js
    defer: true
markdown_extensions:
  - admonition
  - footnotes
  - def_list
  - toc:
      permalink: true
plugins:
  - openday:
      policy: region-2021
      rules:
        report_due: 5个工作日
      identity:
        host: !ENV [OPENDAY_TEST_HOST, 某区人民政府办公室]
""",
    "pages/index.md": """# Welcome to the site

See [the team](team.md#people) and [about](about.md).[^1]

!!! note "Note"
    Open days are listed under [the column](openday/index.md).

[^1]: A footnote.
""",
    "pages/about.md": """---
title: About us
---
Text with ![logo](logo.png) and a term, and [the team](team.md#people).

Term
:   Its definition
""",
    "pages/team.md": "## People {#people}\n\nNo level-one heading, so the file name is the title.\n",
    "pages/logo.png": "PNG",
    "pages/extra/site.css": "body {}\n",
    "pages/extra/site.js": "",
    "pages/extra/module.mjs": "",
    "pages/extra/late.js": "",
}


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


def openday_build(project: Path, target: Path, today: str) -> Path:
    """``openday build --strict`` of ``project`` into ``target``, with no engine importable."""
    command = ["build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(target)]
    completed = subprocess.run(
        [sys.executable, "-c", WITHOUT_ENGINES, *command],
        cwd=project,
        env={**os.environ, "OPENDAY_TODAY": today},
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return target


@pytest.fixture(scope="module")
def other_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("other")
    shutil.copytree(
        ROOT / "tests" / "fixtures" / "stats" / "region-2023" / "events", project / "events"
    )
    for name, text in OTHER_SITE.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, "utf-8")
    return project


def test_an_engine_cannot_be_imported_where_openday_build_runs() -> None:
    """The check is real: in the same Python the MkDocs plugin cannot even be loaded."""
    plugin = "from openday.adapters.plugin import OpenDayPlugin as main"
    script = WITHOUT_ENGINES.replace("from openday.adapters.cli import main", plugin)
    completed = subprocess.run(
        [sys.executable, "-c", script, "build"], cwd=ROOT, capture_output=True, text=True
    )
    assert completed.returncode == 1
    assert "ModuleNotFoundError: No module named 'mkdocs.commands'" in completed.stderr


def test_openday_builds_the_demo_byte_for_byte_as_mkdocs_does(
    site: Path, today: str, tmp_path: Path
) -> None:
    ours, theirs = _files(site), _files(openday_build(ROOT, tmp_path / "site", today))
    assert sorted(theirs) == sorted(ours)
    assert [name for name in ours if ours[name] != theirs[name]] == []


def test_openday_builds_a_site_of_other_settings_byte_for_byte_as_mkdocs_does(
    other_site: Path, tmp_path: Path
) -> None:
    today = "2023-11-10"
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "mkdocs")],
        cwd=other_site,
        env={**os.environ, "OPENDAY_TODAY": today, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    ours = _files(tmp_path / "mkdocs")
    theirs = _files(openday_build(other_site, tmp_path / "openday", today))
    assert sorted(theirs) == sorted(ours)
    assert [name for name in ours if ours[name] != theirs[name]] == []
    # What the settings change is in the pages compared.
    about = theirs["about/index.html"].decode()
    assert '<script src="../extra/late.js" defer></script>' in about
    assert '<a href="../team/#people">the team</a>' in about
    assert "<title>Team - 测试站点</title>" in theirs["team/index.html"].decode()
    assert "某区人民政府办公室" in about
    assert "<loc>openday/" in theirs["sitemap.xml"].decode()


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
