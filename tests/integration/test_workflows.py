"""The staff workflow around the records: GitHub workflows, CODEOWNERS, the PR template,
the pre-commit hooks and the staff guide, checked as the tools that read them would."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openday.adapters import cli

ROOT = Path(__file__).parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")


def tool(name: str) -> str:
    """A command installed by the ``test`` extra (into this virtualenv) or on ``PATH``."""
    found = shutil.which(name, path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    assert found, f"{name} 未安装：运行 make install（pyproject.toml 的 test 依赖）"
    return found


def actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            tool("actionlint"),
            "-no-color",
            "-shellcheck",
            tool("shellcheck"),
            "-pyflakes=",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def steps(job: dict) -> list[str]:
    return [step.get("run", "") + step.get("uses", "") for step in job["steps"]]


def test_the_workflows_pass_actionlint_with_shellcheck() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["check.yml", "publish.yml"]

    result = actionlint(*files)

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_actionlint_would_catch_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latst\n"
        "    steps:\n      - run: echo ${{ github.head_ref }} $x\n",
        "utf-8",
    )

    result = actionlint(broken)

    assert result.returncode == 1
    for rule in ("[runner-label]", "[expression]", "[shellcheck]"):
        assert rule in result.stdout


def test_every_action_is_pinned_by_full_commit_with_its_version() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        for line in path.read_text("utf-8").splitlines():
            if re.match(r"^\s*(?:-\s+)?uses:", line):
                assert PINNED.match(line), f"{path.name}: {line.strip()}"


def test_workflows_grant_nothing_by_default_and_each_job_only_what_it_needs() -> None:
    needs = {
        ("check.yml", "records"): {"contents": "read"},
        ("check.yml", "engines"): {"contents": "read"},
        ("check.yml", "tests"): {"contents": "read"},
        ("publish.yml", "build"): {"contents": "read"},
        ("publish.yml", "deploy"): {"pages": "write", "id-token": "write"},
    }
    for name in ("check.yml", "publish.yml"):
        data = workflow(name)
        assert data["permissions"] == {}
        for job_name, job in data["jobs"].items():
            assert job["permissions"] == needs[name, job_name]
            assert job["runs-on"] == "ubuntu-latest"
            assert "timeout-minutes" in job


def test_the_pull_request_check_annotates_builds_uploads_and_tests() -> None:
    data = workflow("check.yml")
    assert "pull_request" in data["on"]
    records, tests = data["jobs"]["records"], data["jobs"]["tests"]
    checkout = records["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["fetch-depth"] == 0
    commands = steps(records)
    assert "openday check --format github" in commands
    assert 'openday history --base "origin/${BASE_REF}" --format github' in commands
    assert records["steps"][commands.index(
        'openday history --base "origin/${BASE_REF}" --format github'
    )]["env"] == {"BASE_REF": "${{ github.base_ref }}"}  # fmt: skip
    assert "openday codeowners --check --format github" in commands
    assert "mkdocs build --strict" in commands
    upload = next(
        s for s in records["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")
    )
    assert upload["with"]["path"] == "site/"
    assert "make test" in steps(tests)


def test_the_pull_request_check_builds_with_mkdocs_properdocs_and_openday_and_compares() -> None:
    (script,) = [s for s in steps(workflow("check.yml")["jobs"]["engines"]) if "diff" in s]
    lines = script.splitlines()
    assert lines[0] == 'today="$(date +%F)"'
    mkdocs, properdocs, diff, openday, diff_openday = lines[1:]
    assert mkdocs.startswith('OPENDAY_TODAY="${today}" mkdocs build --strict -d ')
    assert properdocs.startswith('OPENDAY_TODAY="${today}" properdocs build --strict ')
    assert openday.startswith('OPENDAY_TODAY="${today}" openday build --strict -d ')
    assert diff.split()[:2] == diff_openday.split()[:2] == ["diff", "-r"]
    assert mkdocs.split()[-1] in diff and properdocs.split()[-1] in diff
    assert mkdocs.split()[-1] in diff_openday and openday.split()[-1] in diff_openday


def test_publishing_deploys_to_pages_on_push_and_every_day() -> None:
    data = workflow("publish.yml")
    assert data["on"]["push"] == {"branches": ["main"]}
    assert data["on"]["schedule"] == [{"cron": "5 16 * * *"}]
    assert data["env"]["TZ"] == "Asia/Shanghai"
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert "mkdocs build --strict" in steps(build)
    assert any(s.startswith("actions/upload-pages-artifact@") for s in steps(build))
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [s.split("@")[0] for s in steps(deploy)] == ["actions/deploy-pages"]


def test_the_pre_commit_hooks_are_valid_and_run_real_commands() -> None:
    manifest = ROOT / ".pre-commit-hooks.yaml"
    result = subprocess.run(
        [tool("pre-commit"), "validate-manifest", str(manifest)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    hooks = yaml.safe_load(manifest.read_text("utf-8"))
    assert [hook["id"] for hook in hooks] == ["openday-check", "openday-codeowners"]
    for hook in hooks:
        program, *args = hook["entry"].split()
        assert program == "openday"
        cli.parser().parse_args(args)  # exits on an unknown option
        assert hook["pass_filenames"] is False
        assert re.search(hook["files"], "events/agencies.yml")


def test_the_committed_codeowners_matches_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["codeowners", "--check", "--project", str(ROOT)]) == 0
    assert capsys.readouterr().out == ".github/CODEOWNERS 与承办单位名录一致\n"


ELEVEN_ITEMS = (
    "报名方式", "参加人数", "开放主题", "参加领导", "承办单位", "时间地点",
    "活动内容", "活动形式", "联系人员", "联系电话", "温馨提示",
)  # fmt: skip


def test_the_pull_request_template_lists_the_eleven_items_as_a_checklist() -> None:
    text = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text("utf-8")
    section = text.split("## 公告的十一个事项", 1)[1].split("\n## ", 1)[0]
    items = re.findall(r"^- \[ \] (\S+?)（", section, flags=re.MULTILINE)

    assert items == list(ELEVEN_ITEMS)


def emitted_codes() -> set[str]:
    """Every problem code the generator can emit, found the way the brief says: by grep."""
    codes: set[str] = set()
    for path in (ROOT / "generator" / "openday").rglob("*.py"):
        text = path.read_text("utf-8")
        codes.update(re.findall(r"[\"']([EW]-[A-Z]+(?:-[A-Z]+)*)[\"']", text))
        for template in re.findall(r"f[\"']([EW])-\{code\}-([A-Z]+)[\"']", text):
            codes.update(f"{template[0]}-{stage}-{template[1]}" for stage in ("REPORT", "FEEDBACK"))
    return codes


def test_the_staff_guide_explains_every_code_and_no_other() -> None:
    guide = (ROOT / "content" / "guide.md").read_text("utf-8")
    explained = set(re.findall(r"^\| `([EW]-[A-Z-]+)` \|", guide, flags=re.MULTILINE))
    codes = emitted_codes()

    assert len(codes) > 50
    assert sorted(codes - explained) == []
    assert sorted(explained - codes) == []
