"""``.github/CODEOWNERS`` from the agency registry (openday.checking.codeowners, ``openday codeowners``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openday.adapters import cli
from openday.checking import codeowners
from openday.checking.check import check_agencies

FIXTURE = Path(__file__).parents[1] / "fixtures" / "codeowners"
OFFICE = ("@yishui-gov/zwgk", "@yishui-gov/admins")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the fixture site: three units (one owner, two owners, none)."""
    target = tmp_path / "site"
    shutil.copytree(FIXTURE / "project", target)
    return target


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = cli.main(["codeowners", *args])
    return code, capsys.readouterr().out.splitlines()


def test_the_fixture_registry_gives_exactly_the_expected_file() -> None:
    agencies, problems = check_agencies(FIXTURE / "project")

    assert problems == []
    assert codeowners.render(agencies, OFFICE) == (FIXTURE / "CODEOWNERS").read_text("utf-8")


def test_units_follow_the_office_catch_all_and_the_office_files_come_last() -> None:
    agencies, _ = check_agencies(FIXTURE / "project")
    rules = [
        line.split()[0]
        for line in codeowners.render(agencies, OFFICE).splitlines()
        if line and not line.startswith("#")
    ]

    assert rules[0] == "*"
    assert rules[1:3] == ["/events/yishui-edu/", "/events/yishui-tax/"]
    assert rules[3:] == [path for path, _ in codeowners.OFFICE_PATHS]
    assert "/events/agencies.yml" in rules[3:] and "/.github/" in rules[3:]


def test_a_unit_without_owners_is_left_to_the_office_and_says_so() -> None:
    text = (FIXTURE / "CODEOWNERS").read_text("utf-8")

    assert "# /events/yishui-gaozhuang/ 未登记 owners（沂水县高庄镇人民政府）" in text
    assert "\n/events/yishui-gaozhuang/" not in text


def test_the_command_writes_the_file_and_then_finds_it_current(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--project", str(project)) == (
        0,
        ["已生成 .github/CODEOWNERS（3 个承办单位）"],
    )
    assert (project / ".github" / "CODEOWNERS").read_text("utf-8") == (
        FIXTURE / "CODEOWNERS"
    ).read_text("utf-8")
    assert run(capsys, "--project", str(project)) == (0, [".github/CODEOWNERS 已是最新"])
    assert run(capsys, "--check", "--project", str(project)) == (
        0,
        [".github/CODEOWNERS 与承办单位名录一致"],
    )


def test_check_fails_on_the_first_line_that_differs_after_the_registry_changed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--project", str(project))
    registry = project / "events" / "agencies.yml"
    registry.write_text(
        registry.read_text("utf-8").replace('["@yishui-gov/tax"]', '["@yishui-gov/shuiwu"]'),
        "utf-8",
    )

    assert run(capsys, "--check", "--project", str(project)) == (
        1,
        [
            ".github/CODEOWNERS:11:1: E-CODEOWNERS .github/CODEOWNERS 与 events/agencies.yml 不一致"
            "（本行起不同），请运行 openday codeowners 重新生成并提交"
        ],
    )


def test_check_fails_when_the_file_is_missing_and_can_annotate_for_github(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = run(capsys, "--check", "--format", "github", "--project", str(project))

    assert code == 1
    assert lines == [
        "::error file=.github/CODEOWNERS,line=1,col=1,title=E-CODEOWNERS::"
        "缺少 .github/CODEOWNERS，请运行 openday codeowners 生成并提交",
        ".github/CODEOWNERS:1:1: E-CODEOWNERS 缺少 .github/CODEOWNERS，请运行 openday codeowners 生成并提交",
    ]


def test_the_office_must_be_named_in_the_plugin_options(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            'office_owners: ["@yishui-gov/zwgk", "@yishui-gov/admins"]', "timezone: Asia/Shanghai"
        ),
        "utf-8",
    )

    assert run(capsys, "--project", str(project)) == (
        2,
        [
            "mkdocs.yml:1:1: E-CONFIG mkdocs.yml 的 openday 插件缺少 office_owners"
            "（政务公开办公室的 GitHub 团队），如 office_owners: ['@yanjiang-gov/zwgk']"
        ],
    )
    assert not (project / ".github").exists()


def test_a_malformed_office_owner_is_located_in_mkdocs_yml(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("@yishui-gov/admins", "admins"), "utf-8")

    assert run(capsys, "--project", str(project)) == (
        2,
        [
            "mkdocs.yml:5:1: E-CONFIG office_owners 中“admins”不是 GitHub 账号或团队，"
            "应写作 @账号 或 @组织/团队"
        ],
    )


def test_a_malformed_unit_owner_is_a_registry_error_and_nothing_is_written(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = project / "events" / "agencies.yml"
    registry.write_text(registry.read_text("utf-8").replace('"@zhang-wei"', "zhang-wei"), "utf-8")

    assert run(capsys, "--project", str(project)) == (
        1,
        [
            "events/agencies.yml:13:7: E-FORMAT 负责人格式不正确：应为GitHub 账号或团队，"
            "如 @zhangsan 或 @yanjiang-gov/fgj，实际为“zhang-wei”",
            "承办单位名录有错误，未生成 CODEOWNERS",
        ],
    )
    assert not (project / ".github").exists()


def test_owners_reach_the_domain_model() -> None:
    agencies, _ = check_agencies(FIXTURE / "project")

    assert agencies["yishui-edu"].owners == ("@yishui-gov/edu", "@zhang-wei")
    assert agencies["yishui-gaozhuang"].owners == ()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["@org/team"], ("@org/team",)),
        ("@org/team", ("@org/team",)),
        (["@a-person", "@org/team.name"], ("@a-person", "@org/team.name")),
    ],
)
def test_office_owners_accept_accounts_and_teams(value: object, expected: tuple) -> None:
    assert codeowners.office_owners({"office_owners": value}) == expected


@pytest.mark.parametrize("value", [None, [], ["org/team"], ["@-bad"], [1], {"a": 1}])
def test_office_owners_refuse_anything_else(value: object) -> None:
    with pytest.raises(codeowners.OwnersError):
        codeowners.office_owners({"office_owners": value})
