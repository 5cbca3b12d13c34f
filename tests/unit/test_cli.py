"""The `openday check` command: output formats, exit codes, strict mode."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from openday.adapters.cli import main
from openday.domain.problems import Problem, as_github

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
WARNING_CASE = FIXTURES / "rules" / "yanjiang-2022" / "capacity-per-site-16-warning"
ERROR_LINE = "events/yj-fgj/2022-09-20-shuiwu.yml:16:10: E-FORMATS 活动形式须包含座谈交流（forum）"
WARNING_LINE = "events/yj-fgj/2022-09-16-open-day.yml:8:11: W-CAPACITY 参加人数原则上每个开放点15人左右（现为16人）"


@pytest.fixture
def mixed(tmp_path, monkeypatch) -> Path:
    """A site with one warning (capacity above the guide) and one error (no forum)."""
    project = tmp_path / "site"
    shutil.copytree(WARNING_CASE, project)
    folder = project / "events" / "yj-fgj"
    text = (folder / "2022-09-16-open-day.yml").read_text("utf-8")
    text = text.replace("start: 2022-09-16 09:00", "start: 2022-09-20 09:00")
    text = text.replace("end: 2022-09-16 11:30", "end: 2022-09-20 11:30")
    text = text.replace("capacity: 16", "capacity: 15")
    text = text.replace("formats: [office, site, forum, survey]", "formats: [office, site]")
    (folder / "2022-09-20-shuiwu.yml").write_text(text, "utf-8")
    monkeypatch.setenv("OPENDAY_TODAY", "2022-09-07")
    return project


def _run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_a_clean_tree_prints_only_the_summary_line(capsys, monkeypatch):
    monkeypatch.setenv("OPENDAY_TODAY", "2021-09-01")
    code, out = _run(capsys, "check", "--project", str(FIXTURES / "records" / "complete-valid"))
    assert out == "已检查 2 个文件：0 个错误，0 个警告\n"
    assert code == 0


def test_text_output_lists_problems_sorted_then_the_summary(capsys, mixed):
    code, out = _run(capsys, "check", "--project", str(mixed))
    assert out.splitlines() == [WARNING_LINE, ERROR_LINE, "已检查 3 个文件：1 个错误，1 个警告"]
    assert code == 1


def test_warnings_alone_pass_and_fail_only_under_strict(capsys, monkeypatch):
    monkeypatch.setenv("OPENDAY_TODAY", "2022-09-07")
    assert _run(capsys, "check", "--project", str(WARNING_CASE))[0] == 0
    assert _run(capsys, "check", "--strict", "--project", str(WARNING_CASE))[0] == 1


def test_strict_mode_keeps_a_clean_tree_passing(capsys, monkeypatch):
    monkeypatch.setenv("OPENDAY_TODAY", "2021-09-01")
    assert (
        _run(capsys, "check", "--strict", "--project", str(FIXTURES / "records" / "notice-valid"))[
            0
        ]
        == 0
    )


def test_json_output_parses_and_counts(capsys, mixed):
    code, out = _run(capsys, "check", "--format", "json", "--project", str(mixed))
    payload = json.loads(out)
    assert payload["files"] == 3
    assert (payload["errors"], payload["warnings"]) == (1, 1)
    assert payload["problems"] == [
        {
            "path": "events/yj-fgj/2022-09-16-open-day.yml",
            "line": 8,
            "col": 11,
            "code": "W-CAPACITY",
            "message": "参加人数原则上每个开放点15人左右（现为16人）",
            "severity": "warning",
        },
        {
            "path": "events/yj-fgj/2022-09-20-shuiwu.yml",
            "line": 16,
            "col": 10,
            "code": "E-FORMATS",
            "message": "活动形式须包含座谈交流（forum）",
            "severity": "error",
        },
    ]
    assert code == 1


def test_json_output_of_a_clean_tree_is_still_a_document(capsys, monkeypatch):
    monkeypatch.setenv("OPENDAY_TODAY", "2021-09-01")
    code, out = _run(
        capsys, "check", "--format", "json", "--project", str(FIXTURES / "records" / "notice-valid")
    )
    assert json.loads(out) == {"files": 2, "errors": 0, "warnings": 0, "problems": []}
    assert code == 0


def test_github_output_is_workflow_annotations(capsys, mixed):
    code, out = _run(capsys, "check", "--format", "github", "--project", str(mixed))
    lines = out.splitlines()
    assert lines == [
        "::warning file=events/yj-fgj/2022-09-16-open-day.yml,line=8,col=11,title=W-CAPACITY::"
        "参加人数原则上每个开放点15人左右（现为16人）",
        "::error file=events/yj-fgj/2022-09-20-shuiwu.yml,line=16,col=10,title=E-FORMATS::"
        "活动形式须包含座谈交流（forum）",
        "已检查 3 个文件：1 个错误，1 个警告",
    ]
    annotation = re.compile(r"::(error|warning) file=[^,]+,line=\d+,col=\d+,title=[EW]-[A-Z-]+::.+")
    assert all(annotation.fullmatch(line) for line in lines[:-1])
    assert code == 1


def test_github_annotations_escape_what_would_break_them():
    problem = Problem("events/a,b/x:y.yml", 3, 4, "E-TEST", "完成 50%\n下一行\r")
    assert as_github([problem]) == (
        "::error file=events/a%2Cb/x%3Ay.yml,line=3,col=4,title=E-TEST::完成 50%25%0A下一行%0D\n"
    )


def test_a_configuration_problem_exits_with_two(capsys, tmp_path):
    (tmp_path / "mkdocs.yml").write_text("plugins:\n  - openday:\n      policy: nowhere\n", "utf-8")
    code, out = _run(capsys, "check", "--project", str(tmp_path))
    assert out.startswith("mkdocs.yml:3:7: E-CONFIG 未知的政策预设“nowhere”")
    assert len(out.splitlines()) == 1
    assert code == 2


def test_a_malformed_openday_today_exits_with_two(capsys, monkeypatch):
    monkeypatch.setenv("OPENDAY_TODAY", "tomorrow")
    code, out = _run(capsys, "check", "--project", str(FIXTURES / "records" / "notice-valid"))
    assert (
        out
        == "OPENDAY_TODAY:1:1: E-CONFIG 环境变量 OPENDAY_TODAY 应为 YYYY-MM-DD，实际为“tomorrow”\n"
    )
    assert code == 2


def test_the_project_defaults_to_the_current_directory(capsys, monkeypatch):
    monkeypatch.setenv("OPENDAY_TODAY", "2021-09-01")
    monkeypatch.chdir(FIXTURES / "records" / "notice-valid")
    assert _run(capsys, "check") == (0, "已检查 2 个文件：0 个错误，0 个警告\n")


def test_paths_are_relative_to_the_project_wherever_it_is_run_from(capsys, monkeypatch):
    monkeypatch.setenv("OPENDAY_TODAY", "2021-09-01")
    monkeypatch.chdir(FIXTURES)
    code, out = _run(capsys, "check", "--project", "records/capacity-zero")
    assert out.splitlines()[0].startswith("events/hd-scjgj/2021-09-23-open-day.yml:9:11: E-RANGE ")


@pytest.mark.parametrize("argv", [[], ["check", "--format", "xml"], ["lint"]])
def test_bad_command_lines_are_refused_by_argparse(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
