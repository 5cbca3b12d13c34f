"""The ``openday`` command: ``openday check`` validates every record of a site.

``build`` writes the whole site without MkDocs (:mod:`openday.adapters.standalone`),
``new`` scaffolds an event file, ``codeowners`` writes ``.github/CODEOWNERS``
from the registry, and ``history`` compares published events with a base
revision; each is wired here from its module.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from ..checking import codeowners, history, scaffold
from ..checking.check import check_agencies, check_project
from ..domain import problems as report
from ..domain import status
from ..domain.vocab import STAGE_NAMES, STAGES
from ..sources import gitrevision
from ..sources.config import CONFIG_FILE, ConfigError, Settings, load_settings, read_today


def _check(args: argparse.Namespace) -> int:
    project = Path(args.project)
    settings = load_settings(project)
    today = read_today()
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
    settings = load_settings(project)
    today = read_today()
    result = check_project(project, settings.policy, settings.timezone, today)
    for problem in result.problems:
        if problem.is_error:
            print(problem, file=sys.stderr)
    found = status.items(result.events, settings.policy, today, args.days)
    sys.stdout.write(status.as_text(found, settings.policy, today, args.days))
    return 0


def _ask(question: str, default: str | None = None) -> str:
    suffix = f"［{default}］" if default else ""
    answer = input(f"{question}{suffix}：").strip()
    return answer or (default or "")


def _answer(
    value: str | None,
    question: str,
    flag: str,
    check: Callable[[str], object],
    *,
    default: str | None = None,
    interactive: bool,
) -> str:
    """A flag's value, or the answer to ``question`` asked until ``check`` accepts it."""
    if value is not None:
        check(value)
        return value
    if not interactive:
        if default is not None:
            check(default)
            return default
        raise scaffold.ScaffoldError(f"缺少 {flag}：{question}（在终端中运行时会逐项询问）")
    while True:
        answer = _ask(question, default)
        try:
            check(answer)
        except scaffold.ScaffoldError as exc:
            print(f"  {exc}")
            continue
        return answer


def _new(args: argparse.Namespace) -> int:
    project = Path(args.project)
    settings = load_settings(project)
    today = read_today()
    agencies, problems = check_agencies(project)
    if not agencies:
        sys.stdout.write(report.as_text(problems))
        print("承办单位名录中没有可用的单位，请先在 events/agencies.yml 中登记")
        return 2
    zone = settings.timezone
    interactive = sys.stdin.isatty() and not args.print
    answers = {
        "agency": args.agency, "stage": args.stage, "day": args.date,
        "theme": args.theme, "slug": args.slug,
    }  # fmt: skip
    template: dict = {}
    try:
        if args.source:
            old_agency, old_slug, template = scaffold.load_template(
                project, args.source, settings.policy, zone, today
            )
            defaults = {
                "agency": old_agency, "stage": scaffold.template_stage(template),
                "day": scaffold.next_year_day(template, zone), "theme": template.get("theme"),
                "slug": old_slug,
            }  # fmt: skip
            answers = {k: v if v is not None else defaults[k] for k, v in answers.items()}
        if interactive and answers["agency"] is None:
            print("承办单位：")
            for known in sorted(agencies):
                print(f"  {known:<16} {agencies[known].name}")
        questions = (
            ("agency", "承办单位编号（也可写单位全称或简称）", "--agency", None,
             lambda value: scaffold.check_agency(value, agencies)),
            ("stage", "阶段：" + " / ".join(f"{k} {name}" for k, name in STAGE_NAMES.items()),
             "--stage", "plan", scaffold.check_stage),
            ("day", "活动日期（如 2023-09-20；计划阶段也可写 2023-09-中旬）", "--date", None,
             lambda value: scaffold.parse_day(value, answers["stage"], zone)),
            ("theme", "开放主题", "--theme", None, scaffold.check_theme),
            ("slug", "文件名中的英文短名（小写字母、数字和“-”）", "--slug", scaffold.DEFAULT_SLUG,
             scaffold.check_slug),
        )  # fmt: skip
        for key, question, flag, default, check in questions:
            answers[key] = _answer(
                answers[key], question, flag, check, default=default, interactive=interactive
            )
            if key == "agency" and answers[key] not in agencies:
                named = scaffold.agency_id(answers[key], agencies)
                print(f"承办单位“{answers[key]}”的编号是 {named}（以后可写 --agency {named}）")
                answers[key] = named
        request = scaffold.Request(
            agency=agencies[answers["agency"]],
            day=answers["day"],
            theme=answers["theme"],
            stage=answers["stage"],
            slug=answers["slug"],
            times=(args.time, args.end_time),
            template=template,
            phone=args.phone,
        )
        text = scaffold.render(request, settings.policy, zone)
        relative = scaffold.file_path(request, scaffold.parse_day(request.day, request.stage, zone))
    except scaffold.ScaffoldError as exc:
        print(f"openday new：{exc}", file=sys.stderr)
        return 2
    if args.print:
        sys.stdout.write(text)
        return 0
    target = project / relative
    if target.exists():
        print(
            f"openday new：{relative} 已存在，没有改动。请换一个英文短名（--slug），"
            "或直接编辑该文件",
            file=sys.stderr,
        )
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="\n")
    print(f"已创建 {relative}")
    checked = check_project(project, settings.policy, zone, today, only=[relative])
    found = [p for p in checked.problems if p.path == relative]
    sys.stdout.write(report.as_text(found))
    if report.count(found)[0]:
        print("请按以上提示修改后再提交。")
        return 1
    print(f"下一步：逐项核对标有“{scaffold.CHECK_MARK}”的内容，保存后运行 openday check。")
    return 0


def _office(settings: Settings, project: Path) -> tuple[str, ...]:
    try:
        return codeowners.office_owners(settings.options)
    except codeowners.OwnersError as exc:
        line = 1
        try:
            text = (project / CONFIG_FILE).read_text("utf-8")
            line = next(
                (i for i, row in enumerate(text.splitlines(), 1) if codeowners.OPTION in row), 1
            )
        except OSError:
            pass
        raise ConfigError(report.Problem(CONFIG_FILE, line, 1, "E-CONFIG", str(exc))) from None


def _codeowners(args: argparse.Namespace) -> int:
    project = Path(args.project)
    settings = load_settings(project)
    office = _office(settings, project)
    agencies, problems = check_agencies(project)
    errors = [p for p in problems if p.is_error]
    if errors:
        sys.stdout.write(report.as_text(errors))
        print("承办单位名录有错误，未生成 CODEOWNERS")
        return 1
    expected = codeowners.render(agencies, office)
    target = project / codeowners.CODEOWNERS_FILE
    actual = target.read_text("utf-8") if target.is_file() else None
    if args.check:
        problem = codeowners.compare(expected, actual)
        if problem is None:
            print(f"{codeowners.CODEOWNERS_FILE} 与承办单位名录一致")
            return 0
        if args.format == "github":
            sys.stdout.write(report.as_github([problem]))
        print(problem)
        return 1
    if actual == expected:
        print(f"{codeowners.CODEOWNERS_FILE} 已是最新")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(expected, encoding="utf-8", newline="\n")
    print(f"已生成 {codeowners.CODEOWNERS_FILE}（{len(agencies)} 个承办单位）")
    return 0


def _history(args: argparse.Namespace) -> int:
    project = Path(args.project)
    settings = load_settings(project)
    try:
        result = history.check_history(
            project, args.base, settings.timezone, settings.policy, read_today()
        )
    except gitrevision.GitError as exc:
        print(f"openday history：{exc}", file=sys.stderr)
        return 2
    if args.format == "github":
        sys.stdout.write(report.as_github(result.problems))
    else:
        sys.stdout.write(report.as_text(result.problems))
    errors, _ = report.count(result.problems)
    print(f"已与 {args.base} 比较 {result.compared} 个已发布的活动：{errors} 个错误")
    return 1 if errors else 0


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
    _add_build(commands)
    _add_new(commands)
    _add_codeowners(commands)
    _add_history(commands)
    return main


def _build(args: argparse.Namespace) -> int:
    from . import standalone  # Python-Markdown and the templates only for this command

    return standalone.run(args.config, args.site_dir, args.strict)


def _add_build(commands) -> None:
    build = commands.add_parser(
        "build",
        help="不经 MkDocs 生成整个站点",
        description="读取 mkdocs.yml，检查全部活动文件，生成与 mkdocs build 逐字节相同的站点；"
        "有错误时不生成，原有站点保持不变。",
    )
    build.add_argument("-f", "--config", default="mkdocs.yml", help="站点设置文件，默认 mkdocs.yml")
    build.add_argument(
        "-d", "--site-dir", default=None, help="生成到哪个文件夹，默认 mkdocs.yml 的 site_dir"
    )
    build.add_argument("--strict", action="store_true", help="有警告也不生成（退出码 1）")
    build.set_defaults(run=_build)


def _project(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--project", default=".", help="站点根目录（mkdocs.yml 所在目录），默认当前目录"
    )


def _add_new(commands) -> None:
    new = commands.add_parser(
        "new",
        help="新建一个活动文件",
        description="按回答新建 events/<单位编号>/<日期>-<英文短名>.yml：列出该阶段须填写的每一项，"
        "逐项用中文注明写法和本地规定，并预填可通过检查的值（标有“请核对”）。"
        "在终端中运行时，缺少的选项会逐项询问。",
    )
    new.add_argument(
        "--agency",
        metavar="单位编号",
        help="承办单位编号（events/agencies.yml 中登记的，如 yj-fgj）；也可写单位全称或简称",
    )
    new.add_argument(
        "--date", metavar="日期", help="活动日期，如 2023-09-20；计划阶段也可写 2023-09-中旬"
    )
    new.add_argument("--theme", metavar="主题", help="开放主题（一行）")
    new.add_argument(
        "--stage",
        choices=STAGES,
        help="阶段："
        + "、".join(
            f"{k} {name}{'（默认）' if k == 'plan' else ''}" for k, name in STAGE_NAMES.items()
        ),
    )
    new.add_argument(
        "--slug", metavar="短名", help=f"文件名中的英文短名，默认 {scaffold.DEFAULT_SLUG}"
    )
    new.add_argument(
        "--time", metavar="时刻", default=scaffold.DEFAULT_TIMES[0], help="开始时刻，默认 09:00"
    )
    new.add_argument(
        "--end-time", metavar="时刻", default=scaffold.DEFAULT_TIMES[1], help="结束时刻，默认 11:30"
    )
    new.add_argument(
        "--from",
        dest="source",
        metavar="活动编号",
        help="以已有活动（如去年的 yj-fgj/2022-09-16-liangcang）为底稿，日期默认顺延一年",
    )
    new.add_argument(
        "--phone",
        metavar="电话",
        help="公告的联系电话，如 0832-6223456；不写时留空待填（不预填任何号码）",
    )
    new.add_argument("--print", action="store_true", help="只显示生成的内容，不写文件")
    _project(new)
    new.set_defaults(run=_new)


def _add_codeowners(commands) -> None:
    owners = commands.add_parser(
        "codeowners",
        help="根据承办单位名录生成 .github/CODEOWNERS",
        description="根据 events/agencies.yml 中各单位的 owners 和 mkdocs.yml 中的 office_owners "
        "生成 .github/CODEOWNERS：各单位只负责本单位的文件夹，名录、站点设置、规则和工作流由政务公开办公室负责。",
    )
    owners.add_argument(
        "--check", action="store_true", help="只核对现有文件是否最新，不一致时退出码为 1"
    )
    owners.add_argument(
        "--format", choices=("text", "github"), default="text", help="输出格式：text 或 github"
    )
    _project(owners)
    owners.set_defaults(run=_codeowners)


def _add_history(commands) -> None:
    past = commands.add_parser(
        "history",
        help="与基准分支比较，检查已发布活动的不可更改项",
        description="与基准版本（如 origin/main）比较：已发布活动的文件名（活动编号）、发布日期和索引号不得更改，"
        "文件不得删除（取消请填写 status: cancelled）；时间、地点或状态改动时修订次数（revision）须提高。",
    )
    past.add_argument("--base", required=True, metavar="版本", help="基准版本，如 origin/main")
    past.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="输出格式：text（默认）或 github（工作流注释）",
    )
    _project(past)
    past.set_defaults(run=_history)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except ConfigError as exc:
        # mkdocs.yml or OPENDAY_TODAY cannot be used: every command says so the same way.
        print(exc.problem)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
