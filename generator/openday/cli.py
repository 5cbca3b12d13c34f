"""The ``openday`` command: ``openday check`` validates every record of a site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import problems as report
from . import status
from .check import check_project
from .config import ConfigError, load_settings, read_today


def _check(args: argparse.Namespace) -> int:
    project = Path(args.project)
    try:
        settings = load_settings(project)
        today = read_today()
    except ConfigError as exc:
        print(exc.problem)
        return 2
    result = check_project(project, settings.policy, settings.timezone, today)
    found = result.problems
    if args.format == "json":
        sys.stdout.write(report.as_json(result.files, found))
    elif args.format == "github":
        sys.stdout.write(report.as_github(found))
        print(report.summary_line(result.files, found))
    else:
        sys.stdout.write(report.as_text(found))
        print(report.summary_line(result.files, found))
    errors, warnings = report.count(found)
    return 1 if errors or (args.strict and warnings) else 0


def _status(args: argparse.Namespace) -> int:
    project = Path(args.project)
    try:
        settings = load_settings(project)
        today = read_today()
    except ConfigError as exc:
        print(exc.problem)
        return 2
    result = check_project(project, settings.policy, settings.timezone, today)
    for problem in result.problems:
        if problem.is_error:
            print(problem, file=sys.stderr)
    found = status.items(result.events, settings.policy, today, args.days)
    sys.stdout.write(status.as_text(found, settings.policy, today, args.days))
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="openday", description="政府开放日发布系统")
    commands = main.add_subparsers(dest="command", required=True, metavar="命令")
    check = commands.add_parser(
        "check",
        help="检查 events/ 下的全部活动文件",
        description="按站点所选政策检查 events/ 下的全部活动文件，逐条列出问题：文件:行:列: 代码 说明。",
    )
    check.add_argument("--strict", action="store_true", help="警告也视为错误（退出码 1）")
    check.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="输出格式：text（默认）、json，或 github（工作流注释）",
    )
    check.add_argument(
        "--project", default=".", help="站点根目录（mkdocs.yml 所在目录），默认当前目录"
    )
    check.set_defaults(run=_check)
    due = commands.add_parser(
        "status",
        help="列出各单位已逾期和即将到期的事项",
        description="按单位列出已逾期和即将到期的事项：发布公告、公开报道、公开意见反馈、报送材料。",
    )
    due.add_argument("--days", type=int, default=14, help="列出多少天内到期的事项，默认 14")
    due.add_argument(
        "--project", default=".", help="站点根目录（mkdocs.yml 所在目录），默认当前目录"
    )
    due.set_defaults(run=_status)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
