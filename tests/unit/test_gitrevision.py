"""Files as a git revision holds them (openday.sources.gitrevision), read from scratch
repositories with the real ``git`` command."""

from __future__ import annotations

from pathlib import Path

import pytest
from openday.sources.gitrevision import GitError, yaml_files

from tests.support.git import git, write

RECORD = "events/yj-fgj/2022-09-16-liangcang.yml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "--quiet", "--initial-branch=main")
    return root


def commit(repo: Path, message: str = "base") -> None:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", f"--message={message}")


def test_the_yaml_files_of_the_folder_are_read_as_the_revision_holds_them(repo: Path) -> None:
    write(repo, "events/agencies.yml", "yj-fgj: {}\n")
    write(repo, RECORD, "theme: 走进雁江粮仓\n")
    write(repo, "events/yj-fgj/2022-09-16-liangcang/photo.txt", "not a record\n")
    write(repo, "events/yj-fgj/old.yaml", "theme: 旧\n")
    write(repo, "mkdocs.yml", "site_name: 测试\n")
    commit(repo)
    write(repo, RECORD, "theme: 改过了\n")
    (repo / "events/yj-fgj/old.yaml").unlink()

    files = yaml_files(repo, "main", "events")

    assert files == {
        "events/agencies.yml": b"yj-fgj: {}\n",
        RECORD: "theme: 走进雁江粮仓\n".encode(),
        "events/yj-fgj/old.yaml": "theme: 旧\n".encode(),
    }


def test_a_site_in_a_subfolder_of_the_repository_reads_its_own_events(repo: Path) -> None:
    write(repo, "portal/events/agencies.yml", "yj-fgj: {}\n")
    write(repo, f"portal/{RECORD}", "theme: 走进雁江粮仓\n")
    write(repo, "events/elsewhere.yml", "not: ours\n")
    commit(repo)

    files = yaml_files(repo / "portal", "main", "events")

    assert sorted(files) == ["events/agencies.yml", RECORD]
    assert files[RECORD].decode("utf-8") == "theme: 走进雁江粮仓\n"


@pytest.mark.attack
def test_a_symbolic_link_in_the_revision_is_not_read(repo: Path) -> None:
    write(repo, RECORD, "theme: 走进雁江粮仓\n")
    (repo / "events/yj-fgj/linked.yml").symlink_to("/etc/passwd")
    commit(repo)

    assert sorted(yaml_files(repo, "main", "events")) == [RECORD]


def test_a_revision_without_the_folder_has_no_files(repo: Path) -> None:
    write(repo, "mkdocs.yml", "site_name: 测试\n")
    commit(repo)

    assert yaml_files(repo, "main", "events") == {}


def test_an_unknown_revision_is_explained(repo: Path) -> None:
    write(repo, RECORD, "theme: 走进雁江粮仓\n")
    commit(repo)

    with pytest.raises(GitError) as raised:
        yaml_files(repo, "origin/main", "events")
    assert str(raised.value) == (
        "找不到基准版本“origin/main”：请确认分支名，并取得完整历史"
        "（GitHub Actions 中 actions/checkout 须设 fetch-depth: 0）"
    )
