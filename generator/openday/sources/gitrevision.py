"""Files as a git revision holds them, read with the ``git`` command (no git library).

``openday history`` compares the records of the working tree with those of a base
revision (:mod:`openday.checking.history`); this module gives it the base's bytes.
The tree is listed with ``git ls-tree`` and every wanted file read in one
``git cat-file --batch``. A symbolic link in the revision holds the path it points
to, never a record, and is left out. Whatever git cannot do is a :class:`GitError`
whose message is Chinese and says what to do.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

#: The endings of the files read: the records and the registry.
YAML_SUFFIXES = (".yml", ".yaml")


class GitError(Exception):
    """Git could not give the base tree; the message is Chinese and says what to do."""


def _git(project: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(project), *args], input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise GitError("找不到 git 命令，请先安装 git") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} 失败：{detail[-1] if detail else done.returncode}")
    return done.stdout


def yaml_files(project: Path, ref: str, folder: str) -> dict[str, bytes]:
    """The bytes of every YAML file under ``folder`` in revision ``ref``, by project-relative path.

    ``project`` may be a subfolder of the repository; ``folder`` and the paths are relative
    to it either way.
    """
    try:
        _git(project, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError:
        raise GitError(
            f"找不到基准版本“{ref}”：请确认分支名，并取得完整历史"
            "（GitHub Actions 中 actions/checkout 须设 fetch-depth: 0）"
        ) from None
    listing = _git(project, "ls-tree", "-r", "-z", ref, "--", f"{folder}/")
    wanted: list[tuple[str, str]] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, oid = meta.decode().split(" ")
        path = name.decode("utf-8", "surrogateescape")
        # A symbolic link (mode 120000) holds the path it points to, never a record.
        if kind == "blob" and mode != "120000" and path.endswith(YAML_SUFFIXES):
            wanted.append((path, oid))
    if not wanted:
        return {}
    batch = _git(
        project, "cat-file", "--batch", stdin="".join(f"{o}\n" for _, o in wanted).encode()
    )
    files: dict[str, bytes] = {}
    offset = 0
    for path, _ in wanted:
        header_end = batch.index(b"\n", offset)
        size = int(batch[offset:header_end].split(b" ")[2])
        start = header_end + 1
        files[path] = batch[start : start + size]
        offset = start + size + 1
    return files
