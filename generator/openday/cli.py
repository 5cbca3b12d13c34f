"""The ``openday`` command: ``openday check`` validates every record of a site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import problems as report
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
