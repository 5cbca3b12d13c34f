"""A full disk or a folder that cannot be written stops ``mkdocs build`` (and ``openday
build``, which needs no MkDocs) with one Chinese line, and the published site stays
exactly as it was.

The faults are real: each build runs in a private mount namespace (``unshare``; as
root, or as a user through a user namespace) on a small tmpfs that is full or mounted
read-only. The namespace ends with the process, so nothing stays mounted whatever
happens to the test.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "records" / "notice-valid"
ENV = {**os.environ, "OPENDAY_TODAY": "2021-09-10", "NO_MKDOCS_2_WARNING": "1"}

pytestmark = pytest.mark.attack
#: The two ways to build, each with what it prints before the Chinese line of a fault.
BUILDS = {
    "mkdocs": ("-m mkdocs build -q -d out/site", "Error: "),
    "openday": ("-m openday.adapters.cli build -d out/site", ""),
}


@pytest.fixture(params=sorted(BUILDS))
def build(request: pytest.FixtureRequest) -> tuple[str, str]:
    return BUILDS[request.param]


def _digest(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.blake2b(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small site, built once: ``site/`` is the published site the faults must keep."""
    root = tmp_path_factory.mktemp("disk")
    for name in ("mkdocs.yml", "content", "theme"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    shutil.copytree(FIXTURE / "events", root / "events")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("policy: yanjiang-2022", "policy: hedong-2021"), "utf-8"
    )
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, env=ENV, capture_output=True
    )
    assert built.returncode == 0, built.stderr.decode()
    return root


def _in_private_mounts(
    project: Path, setup: str, command: str
) -> tuple[subprocess.CompletedProcess, dict]:
    """Run ``setup`` (shell, in ``project``) and then ``python COMMAND`` (a build into
    ``out/site``) in a mount namespace of their own; return the build and the digests of
    ``out/site`` before and after it, both taken inside the namespace."""
    digest = (
        "import hashlib, json, pathlib, sys; s = pathlib.Path('out/site'); "
        "print(json.dumps({p.relative_to(s).as_posix(): hashlib.blake2b(p.read_bytes()).hexdigest()"
        " for p in sorted(s.rglob('*')) if p.is_file()}))"
    )
    shutil.rmtree(project / "out", ignore_errors=True)
    (project / "out").mkdir()  # empty outside the namespace, whatever the last test left
    python = shlex.quote(sys.executable)
    script = (
        f"set -e\n{setup}\n"
        f"{python} -c {shlex.quote(digest)} > before.json\n"
        f"set +e\n{python} {command} 2> build.err\necho $? > build.rc\n"
        f"{python} -c {shlex.quote(digest)} > after.json\nls -A out > out.list\n"
    )
    namespace = ["--mount"] if os.geteuid() == 0 else ["--user", "--map-root-user", "--mount"]
    done = subprocess.run(
        ["unshare", *namespace, "--propagation", "private", "sh", "-c", script],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    result = {
        "rc": int((project / "build.rc").read_text()),
        "stderr": (project / "build.err").read_text("utf-8"),
        "before": json.loads((project / "before.json").read_text()),
        "after": json.loads((project / "after.json").read_text()),
        "out": (project / "out.list").read_text().split(),
    }
    for name in ("build.rc", "build.err", "before.json", "after.json", "out.list"):
        (project / name).unlink()
    return done, result


#: Makes a mounted folder read-only; a bind mount can be, in a user namespace as well.
_READ_ONLY = "mount --bind {0} {0}\nmount -o remount,bind,ro {0}"


def _problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "站点未生成" in line]


def test_a_full_disk_gives_one_chinese_line_and_keeps_the_old_site(
    project: Path, build: tuple[str, str]
) -> None:
    kib = sum(p.stat().st_size for p in (project / "site").rglob("*") if p.is_file()) // 1024
    _, result = _in_private_mounts(
        project,
        f"mount -t tmpfs -o size={kib + 1024}k tmpfs out\ncp -a site out/site",
        build[0],
    )
    assert result["rc"] == 1
    (line,) = _problem_lines(result["stderr"])
    assert "站点未生成：磁盘空间不足（out/site/" in line
    assert line.endswith("）。原有 out/site/ 保持不变。")
    assert "Traceback" not in result["stderr"]
    assert result["after"] == result["before"] == _digest(project / "site")
    assert result["out"] == ["site"]  # the staging folder is gone, space given back


def test_a_read_only_folder_gives_one_chinese_line_and_keeps_the_old_site(
    project: Path, build: tuple[str, str]
) -> None:
    command, prefix = build
    _, result = _in_private_mounts(
        project,
        "mount -t tmpfs -o size=64m tmpfs out\ncp -a site out/site\n" + _READ_ONLY.format("out"),
        command,
    )
    assert result["rc"] == 1
    assert _problem_lines(result["stderr"]) == [
        f"{prefix}站点未生成：文件夹是只读的（out）。原有 out/site/ 保持不变。"
    ]
    assert "Traceback" not in result["stderr"]
    assert result["after"] == result["before"] == _digest(project / "site")


def test_a_site_folder_that_cannot_be_replaced_keeps_the_old_site(
    project: Path, build: tuple[str, str]
) -> None:
    """``site/`` is itself a read-only mount: the build succeeds beside it, the swap fails."""
    _, result = _in_private_mounts(
        project,
        "mkdir -p out/site\nmount -t tmpfs -o size=64m tmpfs out/site\n"
        "cp -a site/. out/site/\n" + _READ_ONLY.format("out/site"),
        build[0],
    )
    assert result["rc"] == 1
    (line,) = _problem_lines(result["stderr"])
    assert line.endswith(
        "站点未生成：文件夹正被占用（可能是挂载点）（out/site）。原有 out/site/ 保持不变。"
    )
    assert result["after"] == result["before"] == _digest(project / "site")
    assert result["out"] == ["site"]
