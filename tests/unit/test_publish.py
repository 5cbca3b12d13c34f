"""Swapping a built site in place (openday.site.publish): one step, never a moment without it."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest
from openday.site import publish


def _site(folder: Path, text: str) -> Path:
    folder.mkdir()
    (folder / "index.html").write_text(text, "utf-8")
    return folder


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    old, new = _site(tmp_path / "site", "old"), _site(tmp_path / ".site.building", "new")
    old_inode, new_inode = old.stat().st_ino, new.stat().st_ino

    assert publish.exchange(new, old)
    assert (old.stat().st_ino, new.stat().st_ino) == (new_inode, old_inode)
    assert (old / "index.html").read_text("utf-8") == "new"


def test_swap_in_puts_the_new_site_in_place_and_returns_where_the_old_one_is(
    tmp_path: Path,
) -> None:
    target = _site(tmp_path / "site", "old")
    replaced = publish.swap_in(_site(tmp_path / ".site.building", "new"), target)

    assert (target / "index.html").read_text("utf-8") == "new"
    assert replaced is not None and (replaced / "index.html").read_text("utf-8") == "old"


def test_swap_in_without_a_published_site_is_one_rename(tmp_path: Path) -> None:
    staging = _site(tmp_path / ".site.building", "new")
    assert publish.swap_in(staging, tmp_path / "site") is None
    assert not staging.exists() and (tmp_path / "site" / "index.html").is_file()


@pytest.mark.attack
def test_a_reader_never_finds_the_site_missing_while_builds_are_swapped_in(
    tmp_path: Path,
) -> None:
    target = _site(tmp_path / "site", "0")
    missing: list[int] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                os.stat(target / "index.html")
            except FileNotFoundError:
                missing.append(1)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for number in range(1, 300):
            replaced = publish.swap_in(_site(tmp_path / ".site.building", str(number)), target)
            (replaced / "index.html").unlink()
            replaced.rmdir()
    finally:
        done.set()
        reader.join()
    assert (target / "index.html").read_text("utf-8") == "299"
    assert missing == []


def test_a_fault_names_the_reason_and_the_file_at_its_place_in_the_site(tmp_path: Path) -> None:
    project = tmp_path
    staging, target = project / ".site.building", project / "site"
    full = OSError(errno.ENOSPC, "No space left on device", str(staging / "openday" / "a.ics"))
    assert publish.fault_message(full, project, target, staging) == (
        "站点未生成：磁盘空间不足（site/openday/a.ics）。原有 site/ 保持不变。"
    )
    read_only = OSError(errno.EROFS, "Read-only file system", str(staging))
    assert publish.fault_message(read_only, project, target, staging) == (
        "站点未生成：文件夹是只读的（mkdocs.yml 所在的文件夹）。原有 site/ 保持不变。"
    )
    elsewhere = OSError(errno.EIO, "Input/output error", "/usr/lib/x.js")
    assert publish.fault_message(elsewhere, project, target, staging) == (
        "站点未生成：磁盘读写出错。原有 site/ 保持不变。"
    )
