"""Under ``mkdocs serve`` the plugin rebuilds only what an edit changed; the result must
be exactly what a plain ``mkdocs build`` of the same files gives.

One process builds a copy of the demo the way ``mkdocs serve`` does
(``tests/support/serve_builds.py``); between builds the test edits records, a
picture, the registry and a template, as staff do while previewing. After every
build the served folder is compared, file by file and byte by byte, with a fresh
build of the same files in a separate process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DRIVER = ROOT / "tests" / "support" / "serve_builds.py"
SITE_URL = "http://127.0.0.1:8000/"
ENV = {**os.environ, "OPENDAY_TODAY": "2022-09-23", "NO_MKDOCS_2_WARNING": "1"}
EDITED = "events/yj-sthj/2022-09-17-tuojiang-qingshui.yml"
OTHER_NOTICE = "openday/yj-fgj/2022-09-16-liangcang/index.html"


class Session:
    """A long-lived process that builds like ``mkdocs serve`` whenever asked."""

    def __init__(self, project: Path, site: Path):
        self.process = subprocess.Popen(
            [sys.executable, str(DRIVER), "serve", str(project), str(site), SITE_URL],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=ENV,
        )

    def build(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("build\n")
        self.process.stdin.flush()
        report = json.loads(self.process.stdout.readline())
        assert report["error"] is None, report["error"]

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        assert self.process.wait(timeout=60) == 0


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _reference(project: Path, target: Path, leave_out: tuple[str, ...] = ()) -> dict[str, bytes]:
    """A plain build, in its own process, of ``project`` without the files ``leave_out``."""
    copy = target.with_name(target.name + "-project")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    for name in leave_out:
        (copy / name).unlink()
    shutil.rmtree(target, ignore_errors=True)
    completed = subprocess.run(
        [sys.executable, str(DRIVER), "build", str(copy), str(target), SITE_URL],
        env=ENV,
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    return _files(target)


def _same(served: Path, expected: dict[str, bytes]) -> None:
    found = _files(served)
    assert sorted(found) == sorted(expected)
    differing = [name for name in expected if found[name] != expected[name]]
    assert not differing, differing


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("serve") / "project"
    root.mkdir()
    for name in ("mkdocs.yml", "content", "theme", "events"):
        source = ROOT / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, root / name)
    return root


@pytest.fixture(scope="module")
def served(project: Path) -> Iterator[tuple[Session, Path]]:
    site = project.parent / "served"
    session = Session(project, site)
    session.build()
    yield session, site
    session.close()


def _replace(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def _edit_theme(project: Path) -> None:
    _replace(project, EDITED, "theme: 守护沱江清水", "theme: 守护沱江碧水")


def _edit_picture(project: Path) -> None:
    picture = project / EDITED.removesuffix(".yml") / "tuojiang-1.png"
    picture.write_bytes((project / EDITED.removesuffix(".yml") / "tuojiang-2.png").read_bytes())


def _edit_registry(project: Path) -> None:
    _replace(project, "events/agencies.yml", "short: 雁江生态环境局", "short: 区生态环境局")


def _edit_template(project: Path) -> None:
    _replace(project, "theme/openday/notice.html", "添加到日历", "加入日历")


def _touch_without_change(project: Path) -> None:
    path = project / EDITED
    path.write_bytes(path.read_bytes())


STEPS: list[tuple[str, Callable[[Path], None]]] = [
    ("nothing", lambda project: None),
    ("a theme", _edit_theme),
    ("a file saved unchanged", _touch_without_change),
    ("a picture", _edit_picture),
    ("the registry", _edit_registry),
    ("a template", _edit_template),
]


@pytest.mark.parametrize("step", [name for name, _ in STEPS])
def test_a_rebuild_after_an_edit_equals_a_fresh_build(
    step: str, served: tuple[Session, Path], project: Path, tmp_path: Path
) -> None:
    session, site = served
    dict(STEPS)[step](project)
    session.build()
    _same(site, _reference(project, tmp_path / "reference"))


def test_a_deleted_event_leaves_no_page_behind_and_comes_back_when_restored(
    served: tuple[Session, Path], project: Path, tmp_path: Path
) -> None:
    session, site = served
    path = project / EDITED
    kept = path.read_bytes()
    path.unlink()
    session.build()
    assert not (site / "openday/yj-sthj/2022-09-17-tuojiang-qingshui").exists()
    _same(site, _reference(project, tmp_path / "without"))
    path.write_bytes(kept)
    session.build()
    _same(site, _reference(project, tmp_path / "with"))


def test_a_broken_file_drops_its_event_and_the_fix_brings_it_back(
    served: tuple[Session, Path], project: Path, tmp_path: Path
) -> None:
    session, site = served
    path = project / EDITED
    kept = path.read_text("utf-8")
    path.write_text(kept.replace("capacity: 26", "capacity: [26"), "utf-8")
    session.build()
    _same(site, _reference(project, tmp_path / "broken", leave_out=(EDITED,)))
    path.write_text(kept, "utf-8")
    session.build()
    _same(site, _reference(project, tmp_path / "fixed"))


def test_an_edit_rewrites_only_the_files_whose_bytes_changed(
    served: tuple[Session, Path], project: Path
) -> None:
    session, site = served
    edited = site / "openday/yj-sthj/2022-09-17-tuojiang-qingshui/index.html"
    before = {name: (site / name).stat().st_mtime_ns for name in (OTHER_NOTICE, edited)}
    _replace(project, EDITED, "name: 刘某", "name: 王某")
    session.build()
    assert (site / OTHER_NOTICE).stat().st_mtime_ns == before[OTHER_NOTICE]
    assert edited.stat().st_mtime_ns != before[edited]
    assert "王某" in edited.read_text("utf-8")


def test_a_missing_picture_is_reported_and_the_preview_goes_on(
    served: tuple[Session, Path], project: Path, tmp_path: Path
) -> None:
    session, site = served
    picture = project / EDITED.removesuffix(".yml") / "tuojiang-2.png"
    kept = picture.read_bytes()
    picture.unlink()
    session.build()
    page = site / "openday/yj-sthj/2022-09-17-tuojiang-qingshui/index.html"
    assert page.is_file()
    assert not (page.parent / "tuojiang-2.jpg").exists()
    picture.write_bytes(kept)
    session.build()
    _same(site, _reference(project, tmp_path / "restored"))


def test_a_rebuild_computes_the_calendar_entries_again_only_of_the_edited_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plugin keeps per-event work from one build to the next (``openday.base.memo``):
    here, in this process, every VEVENT made by a build is counted."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from openday.site import ics

    root = tmp_path / "project"
    root.mkdir()
    for name in ("mkdocs.yml", "content", "theme", "events"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    made: list[str] = []
    real = ics._vevent
    monkeypatch.setattr(
        ics, "_vevent", lambda event, *rest: made.append(event.id) or real(event, *rest)
    )
    monkeypatch.chdir(root)
    monkeypatch.setenv("OPENDAY_TODAY", ENV["OPENDAY_TODAY"])

    def rebuild() -> list[str]:
        made.clear()
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        config.site_url = SITE_URL
        build(config, serve_url=SITE_URL, dirty=False)
        return sorted(set(made))

    load_config(config_file=str(root / "mkdocs.yml")).plugins.on_startup(
        command="serve", dirty=False
    )
    first = rebuild()
    assert EDITED.removeprefix("events/").removesuffix(".yml") in first and len(first) > 10
    assert rebuild() == []
    _edit_theme(root)
    assert rebuild() == [EDITED.removeprefix("events/").removesuffix(".yml")]
