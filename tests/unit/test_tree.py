"""The column's files written through an :class:`OutputTree`: only changed bytes are
written, what a build no longer produces is deleted, and the folders survive MkDocs
emptying the site folder between the builds of ``mkdocs serve``."""

from __future__ import annotations

import shutil
from pathlib import Path

from openday.site.tree import OutputTree


def _clean(site: Path) -> None:
    """What MkDocs does before every build that is not ``--dirty``."""
    for entry in site.iterdir():
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def _serve_build(tree: OutputTree, site: Path, files: dict[str, bytes], mkdocs: dict[str, bytes]):
    """One build as under ``mkdocs serve``: set aside, clean, MkDocs writes, bring back."""
    site.mkdir(exist_ok=True)
    tree.set_aside(site)
    _clean(site)
    for path, content in mkdocs.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(content)
    tree.bring_back(list(mkdocs))
    for path, content in files.items():
        tree.put(path, content)
    tree.finish()


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


FILES = {
    "openday/a/2022-09-16-x/index.html": b"<p>x</p>",
    "openday/a/2022-09-17-y/index.html": b"<p>y</p>",
    "calendar/openday.ics": b"BEGIN:VCALENDAR",
    "search/s/00.json": b"{}",
}
MKDOCS = {"openday/index.html": b"<p>column</p>", "index.html": b"<p>home</p>"}


def test_a_plain_build_writes_every_file_and_its_folders(tmp_path: Path) -> None:
    tree = OutputTree()
    tree.begin(tmp_path)
    for path, content in FILES.items():
        tree.put(path, content)
    tree.finish()
    assert _tree(tmp_path) == FILES


def test_the_column_survives_the_site_folder_being_emptied(tmp_path: Path) -> None:
    site, tree = tmp_path / "site", OutputTree()
    _serve_build(tree, site, FILES, MKDOCS)
    assert _tree(site) == {**FILES, **MKDOCS}
    _serve_build(tree, site, FILES, {**MKDOCS, "openday/index.html": b"<p>new</p>"})
    assert _tree(site) == {**FILES, **MKDOCS, "openday/index.html": b"<p>new</p>"}
    assert not list(tmp_path.glob(".site.*"))


def test_only_files_whose_bytes_changed_are_written_again(tmp_path: Path) -> None:
    site, tree = tmp_path / "site", OutputTree()
    _serve_build(tree, site, FILES, MKDOCS)
    stamps = {path: (site / path).stat().st_mtime_ns for path in FILES}
    changed = {**FILES, "calendar/openday.ics": b"BEGIN:VCALENDAR\r\nX"}
    _serve_build(tree, site, changed, MKDOCS)
    rewritten = {path for path in FILES if (site / path).stat().st_mtime_ns != stamps[path]}
    assert rewritten == {"calendar/openday.ics"}
    assert _tree(site) == {**changed, **MKDOCS}


def test_files_a_build_no_longer_produces_are_deleted_with_their_empty_folders(
    tmp_path: Path,
) -> None:
    site, tree = tmp_path / "site", OutputTree()
    _serve_build(tree, site, FILES, MKDOCS)
    fewer = {k: v for k, v in FILES.items() if "2022-09-17-y" not in k}
    _serve_build(tree, site, fewer, {"index.html": b"<p>home</p>"})
    assert _tree(site) == {**fewer, "index.html": b"<p>home</p>"}
    assert not (site / "openday/a/2022-09-17-y").exists()
    assert (site / "openday/a").is_dir()


def test_a_page_kept_as_is_stays_and_one_never_written_is_not_claimed(tmp_path: Path) -> None:
    site, tree = tmp_path / "site", OutputTree()
    _serve_build(tree, site, FILES, MKDOCS)
    site.mkdir(exist_ok=True)
    tree.set_aside(site)
    _clean(site)
    tree.bring_back([])
    assert tree.unchanged("openday/a/2022-09-16-x/index.html")
    assert not tree.unchanged("openday/a/2022-09-18-z/index.html")
    tree.finish()
    assert _tree(site) == {"openday/a/2022-09-16-x/index.html": b"<p>x</p>"}


def test_another_site_folder_or_a_failed_build_starts_from_nothing(tmp_path: Path) -> None:
    tree = OutputTree()
    _serve_build(tree, tmp_path / "one", FILES, {})
    _serve_build(tree, tmp_path / "two", {"search/s/00.json": b"{}"}, {})
    assert _tree(tmp_path / "two") == {"search/s/00.json": b"{}"}
    assert _tree(tmp_path / "one") == FILES
    tree.abandon()
    site = tmp_path / "two"
    tree.set_aside(site)
    _clean(site)
    tree.bring_back([])
    assert not tree.unchanged("search/s/00.json")


def test_a_copied_picture_is_copied_again_only_when_it_changed(tmp_path: Path) -> None:
    site, tree, picture = tmp_path / "site", OutputTree(), tmp_path / "photo.png"
    picture.write_bytes(b"one")
    target = "openday/a/2022-09-16-x/photo.png"
    for content in (b"one", b"one", b"two"):
        if picture.read_bytes() != content:
            picture.write_bytes(content)
        site.mkdir(exist_ok=True)
        tree.set_aside(site)
        _clean(site)
        tree.bring_back([])
        tree.copy(target, picture)
        tree.finish()
        assert (site / target).read_bytes() == content
