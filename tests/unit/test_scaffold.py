"""New event files (openday.checking.scaffold, ``openday new``): complete, explained, and valid as written."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openday.adapters import cli
from openday.checking import scaffold, shape
from openday.checking.records import build_agencies
from openday.domain.model import Agency
from openday.domain.policy import PRESETS
from openday.sources.yamlsource import load

SHANGHAI = ZoneInfo("Asia/Shanghai")

AGENCIES = """\
yj-fgj:
  name: 资阳市雁江区发展和改革局
  short: 区发展和改革局
  kind: department
  region: 四川省/资阳市/雁江区
  index_prefix: yjqfgj
yj-shiling:
  name: 资阳市雁江区石岭镇人民政府
  short: 石岭镇
  kind: town
  region: 四川省/资阳市/雁江区
"""

#: For each preset: a unit allowed to host and a day inside its season.
HOSTS = {
    "baseline": ("yj-shiling", "2024-05-10"),
    "region-2021": ("yj-fgj", "2023-09-20"),
    "hedong-2021": ("yj-fgj", "2021-06-15"),
    "yishui-2023": ("yj-fgj", "2023-09-20"),
    "sharihaolai-2023": ("yj-shiling", "2023-06-06"),
    "yanjiang-2022": ("yj-fgj", "2022-09-16"),
}
STAGES = ("plan", "notice", "report", "feedback")
THEME = "走进机关 共话发展"


def make_site(root: Path, policy: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(
        f"site_name: 测试\nplugins:\n  - openday:\n      policy: {policy}\n", "utf-8"
    )
    (root / "events").mkdir()
    (root / "events" / "agencies.yml").write_text(AGENCIES, "utf-8")
    return root


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OPENDAY_TODAY", "2022-09-01")
    return make_site(tmp_path / "site", "yanjiang-2022")


def new(capsys: pytest.CaptureFixture[str], site: Path, *args: str) -> tuple[int, str, str]:
    code = cli.main(["new", "--project", str(site), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("preset", sorted(HOSTS))
def test_a_new_file_passes_openday_check_for_every_stage_and_preset(
    preset: str,
    stage: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    agency, day = HOSTS[preset]
    site = make_site(tmp_path / "site", preset)
    monkeypatch.setenv("OPENDAY_TODAY", day)

    phone = () if stage == "plan" else ("--phone", "0832-6223456")
    code, out, _ = new(
        capsys, site, "--agency", agency, "--date", day, "--theme", THEME, "--stage", stage, *phone
    )

    path = f"events/{agency}/{day}-open-day.yml"
    assert (code, out.splitlines()) == (
        0,
        [f"已创建 {path}", "下一步：逐项核对标有“请核对”的内容，保存后运行 openday check。"],
    )
    assert cli.main(["check", "--strict", "--project", str(site)]) == 0
    assert capsys.readouterr().out == "已检查 2 个文件：0 个错误，0 个警告\n"


def registry() -> dict[str, Agency]:
    source = load("events/agencies.yml", AGENCIES.encode())
    data, _ = shape.check(source, "agencies")
    return build_agencies(source, data)[0]


def text_of(preset: str, stage: str, day: str | None = None, **changes: str) -> str:
    """The file ``openday new`` writes for a host of ``preset`` at ``stage``."""
    agency_id, default_day = HOSTS[preset]
    request = scaffold.Request(registry()[agency_id], day or default_day, THEME, stage, **changes)
    return scaffold.render(request, PRESETS[preset], SHANGHAI)


KEY_LINE = re.compile(r"^ *(?:- )?([a-z_]+):")


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("preset", sorted(HOSTS))
def test_every_key_is_explained_by_the_comment_above_it(preset: str, stage: str) -> None:
    lines = text_of(preset, stage).splitlines()
    for i, line in enumerate(lines):
        match = KEY_LINE.match(line)
        if not match:
            continue
        above = i - 1
        while lines[above].lstrip().startswith("#   规则："):
            above -= 1
        assert lines[above].lstrip().startswith("# "), f"{line!r} has no comment above it"
        assert "：" in lines[above], f"{lines[above]!r} does not explain {match[1]}"


def test_the_comment_names_the_item_and_the_local_rule() -> None:
    text = text_of("region-2021", "notice")

    assert (
        "# 发布日期：活动公告公开发布的日期；填写后即进入“活动公告”阶段，须填写公告标题、结束时间、"
        "活动地点和报名方式，其余事项是否必填由本地规定决定（未要求的可不写，公告页不显示）。\n"
        "#   规则：须在活动开始前至少15天发布；实施方案须先报备再发布公告；发布后不得更改\n"
        "published: 2023-09-04  # 请核对\n"
    ) in text
    assert "#   规则：不得少于25人；本地规定公告必须载明此项\ncapacity: 25  # 请核对\n" in text
    assert "不邀请人大代表、政协委员" in text
    assert "attendees: {public: 23, media: 2}  # 请核对" in text
    assert (
        "#   规则：须包含座谈交流（forum）或问卷调查（survey）；本地规定公告必须载明此项\n"
        "formats: [office, forum]"
    ) in text
    assert (
        "#   规则：须以单位全称开头并使用统一名称“政府开放日”，"
        "如“资阳市雁江区发展和改革局“政府开放日”活动公告”"
        "“资阳市雁江区发展和改革局关于开展“政府开放日”活动的公告”"
    ) in text
    assert "#   规则：活动须在开放期内：2023-09-01 至 2023-10-31；" in text


@pytest.mark.parametrize(
    ("preset", "published", "capacity"),
    [
        ("region-2021", "2023-09-04", 25),  # 15 days' lead and a day to spare; at least 25
        ("hedong-2021", "2021-06-05", 15),  # no lead rule: ten days; at most 20 per site
        ("yishui-2023", "2023-09-10", 15),
        ("yanjiang-2022", "2022-09-06", 15),  # about 15 per site
    ],
)
def test_defaults_follow_the_policy(preset: str, published: str, capacity: int) -> None:
    text = text_of(preset, "notice")

    assert f"\npublished: {published}  # 请核对\n" in text
    assert f"\ncapacity: {capacity}  # 请核对\n" in text


def test_the_rules_of_the_presets_that_require_a_survey_are_met() -> None:
    assert "formats: [office, forum, survey]" in text_of("sharihaolai-2023", "notice")
    assert "3. 填写满意度调查问卷，活动结束。" in text_of("sharihaolai-2023", "notice")


def test_a_notice_has_every_key_the_schema_requires_at_that_stage() -> None:
    event = shape.schema("event")
    required = [
        *event["required"], *event["x-required-unless"],
        *event["then"]["required"], *event["then"]["x-required-unless"],
    ]  # fmt: skip
    keys = {
        m[1]
        for line in text_of("yanjiang-2022", "notice").splitlines()
        if (m := KEY_LINE.match(line))
    }

    assert set(required) <= keys
    assert "report" not in keys and "feedback" not in keys


def test_a_plan_may_name_a_period_and_shows_how_to_go_on() -> None:
    text = text_of("yanjiang-2022", "plan", day="2022-09-中旬", slug="liangcang")

    assert "\nstart: 2022-09-中旬  # 请核对\n" in text
    assert "\npublished:" not in text
    assert (
        "#   openday new --agency yj-fgj --date 2022-09-11 --theme '走进机关 共话发展' "
        "--slug liangcang --stage notice --print\n"
    ) in text


def test_a_notice_needs_a_day_not_a_period(site: Path, capsys) -> None:
    code, _, err = new(
        capsys, site, "--agency", "yj-fgj", "--date", "2022-09-中旬", "--theme", THEME,
        "--stage", "notice",
    )  # fmt: skip

    assert (code, err) == (
        2,
        "openday new：“2022-09-中旬”是时段，只能用于计划阶段；活动公告须写明日期，如 2023-09-20\n",
    )


def test_without_a_terminal_every_missing_answer_is_named(site: Path, capsys) -> None:
    code, _, err = new(capsys, site, "--agency", "yj-fgj", "--theme", THEME)

    assert (code, err) == (
        2,
        "openday new：缺少 --date：活动日期（如 2023-09-20；计划阶段也可写 2023-09-中旬）"
        "（在终端中运行时会逐项询问）\n",
    )


def test_an_unknown_unit_is_refused(site: Path, capsys) -> None:
    code, _, err = new(capsys, site, "--agency", "yj-x", "--date", "2022-09-16", "--theme", THEME)

    assert (code, err) == (
        2,
        "openday new：承办单位“yj-x”未在 events/agencies.yml 中登记（已登记：yj-fgj、yj-shiling）\n",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--slug", "Open_Day"), "英文短名“Open_Day”无效：只用小写字母、数字和“-”，如 open-day、liangcang"),
        (("--theme", " "), "开放主题须为一行文字，不能为空"),
        (("--time", "9点"), "开始时刻“9点”无效，应写作 09:00"),
        (("--time", "12:00"), "结束时刻（11:30）须晚于开始时刻（12:00）"),
        (("--date", "2022-02-30"), "活动日期“2022-02-30”不是存在的日期，应写作 2023-09-20；计划阶段可写 2023-09-20、2023-09-中旬 或 2023-09"),
    ],
)  # fmt: skip
def test_answers_no_file_could_carry_are_refused(
    site: Path, capsys, args: tuple[str, ...], message: str
) -> None:
    base = {"--agency": "yj-fgj", "--date": "2022-09-16", "--theme": THEME}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    code, _, err = new(capsys, site, *[x for pair in base.items() for x in pair])

    assert (code, err) == (2, f"openday new：{message}\n")
    assert not (site / "events" / "yj-fgj").exists()


def test_an_existing_file_is_never_overwritten(site: Path, capsys) -> None:
    args = ("--agency", "yj-fgj", "--date", "2022-09-16", "--theme", THEME, "--slug", "liangcang")
    assert new(capsys, site, *args)[0] == 0
    path = site / "events" / "yj-fgj" / "2022-09-16-liangcang.yml"
    path.write_text("agency: yj-fgj\n", "utf-8")

    code, _, err = new(capsys, site, *args, "--stage", "notice")

    assert (code, err) == (
        1,
        "openday new：events/yj-fgj/2022-09-16-liangcang.yml 已存在，没有改动。"
        "请换一个英文短名（--slug），或直接编辑该文件\n",
    )
    assert path.read_text("utf-8") == "agency: yj-fgj\n"


def test_print_shows_the_file_without_writing_it(site: Path, capsys) -> None:
    code, out, _ = new(
        capsys, site, "--agency", "yj-fgj", "--date", "2022-09-16", "--theme", THEME, "--print"
    )

    assert code == 0
    assert out.startswith(scaffold.SCHEMA_LINE + "\n")
    assert not (site / "events" / "yj-fgj").exists()


def test_a_file_that_breaks_a_local_rule_is_written_and_the_problem_shown(
    site: Path, capsys
) -> None:
    code, out, _ = new(
        capsys, site, "--agency", "yj-fgj", "--date", "2022-10-10", "--theme", THEME,
    )  # fmt: skip

    assert (code, out.splitlines()) == (
        1,
        [
            "已创建 events/yj-fgj/2022-10-10-open-day.yml",
            "events/yj-fgj/2022-10-10-open-day.yml:13:8: E-SEASON 活动时间（2022-10-10）"
            "不在本地规定的开放期内（2022-08-22 至 2022-09-22）",
            "请按以上提示修改后再提交。",
        ],
    )


LAST_YEAR = """\
# yaml-language-server: $schema=../../generator/schema/event.schema.json
agency: yj-fgj
title: 资阳市雁江区发展和改革局“政府开放日”活动公告（粮食安全专场）
theme: 走进雁江粮仓 体验收储之道
published: 2021-09-07
start: 2021-09-16 09:30
end: 2021-09-16 12:00
venue:
  - 雁江区区级储备粮库
  - 区发展和改革局会议室
capacity: 24
attendees: {public: 12, deputies: 4, members: 4, media: 4}
leaders: [区发展和改革局局长]
registration:
  methods: [online, phone]
  url: https://www.yanjiang.gov.cn/signup
  deadline: 2021-09-13
  note: 按报名先后顺序确定。
formats: [office, site, forum]
content: |
  1. 参观仓储作业区；
  2. 座谈交流。
contact:
  name: 李某
  phone: "028-26621548"
reminders: |
  请携带身份证。
keywords: [政府开放日, 粮食安全]
index_no: yjqfgj/2021-0016
revision: 2
report:
  published: 2021-09-17
  attendance: 20
  summary: 活动顺利举行。
"""


def test_from_copies_last_years_notice_one_year_on(site: Path, capsys) -> None:
    old = site / "events" / "yj-fgj" / "2021-09-16-liangcang.yml"
    old.parent.mkdir(parents=True)
    old.write_text(LAST_YEAR, "utf-8")

    code, out, _ = new(capsys, site, "--from", "yj-fgj/2021-09-16-liangcang")

    assert (code, out.splitlines()[0]) == (0, "已创建 events/yj-fgj/2022-09-16-liangcang.yml")
    text = (site / "events" / "yj-fgj" / "2022-09-16-liangcang.yml").read_text("utf-8")
    for kept in (
        "title: 资阳市雁江区发展和改革局“政府开放日”活动公告（粮食安全专场）  # 请核对",
        "theme: 走进雁江粮仓 体验收储之道  # 请核对",
        "start: 2022-09-16 09:30  # 请核对",
        "end: 2022-09-16 12:00  # 请核对",
        "venue:  # 请核对\n  - 雁江区区级储备粮库\n  - 区发展和改革局会议室",
        "capacity: 24  # 请核对",
        "attendees: {public: 12, deputies: 4, members: 4, media: 4}",
        "url: https://www.yanjiang.gov.cn/signup",
        "deadline: 2022-09-13",
        "published: 2022-09-06  # 请核对",
        "keywords: [政府开放日, 粮食安全]",
        "content: |  # 请核对\n  1. 参观仓储作业区；\n  2. 座谈交流。\n",
    ):
        assert kept in text
    for dropped in ("index_no", "revision", "report", "2021-"):
        assert dropped not in text
    assert cli.main(["check", "--project", str(site)]) == 0


def test_from_takes_the_answers_given_over_last_years(site: Path, capsys) -> None:
    old = site / "events" / "yj-fgj" / "2021-09-16-liangcang.yml"
    old.parent.mkdir(parents=True)
    old.write_text(LAST_YEAR, "utf-8")

    code, out, _ = new(
        capsys, site, "--from", "events/yj-fgj/2021-09-16-liangcang.yml", "--date", "2022-09-02",
        "--stage", "plan", "--slug", "grain",
    )  # fmt: skip

    assert (code, out.splitlines()[0]) == (0, "已创建 events/yj-fgj/2022-09-02-grain.yml")


def test_from_names_a_missing_event(site: Path, capsys) -> None:
    code, _, err = new(capsys, site, "--from", "yj-fgj/2021-09-16-nothing")

    assert (code, err) == (2, "openday new：找不到活动文件 events/yj-fgj/2021-09-16-nothing.yml\n")


def test_from_an_event_the_checker_cannot_read_says_why_as_the_checker_does(
    site: Path, capsys
) -> None:
    folder = site / "events" / "yj-fgj"
    folder.mkdir(parents=True)
    (folder / "2021-09-16-broken.yml").write_text("theme: [\n", "utf-8")
    (folder / "2021-09-16-linked.yml").symlink_to(folder / "2021-09-16-broken.yml")
    code, _, err = new(capsys, site, "--from", "yj-fgj/2021-09-16-broken")
    assert code == 2
    assert err.startswith(
        "openday new：无法读取 events/yj-fgj/2021-09-16-broken.yml："
        "events/yj-fgj/2021-09-16-broken.yml:2:1: E-YAML "
    )
    code, _, err = new(capsys, site, "--from", "yj-fgj/2021-09-16-linked")
    assert (code, err) == (
        2,
        "openday new：无法读取 events/yj-fgj/2021-09-16-linked.yml："
        "events/yj-fgj/2021-09-16-linked.yml:1:1: E-LINK 活动文件 events/yj-fgj/2021-09-16-linked.yml"
        " 是符号链接，不予发布：只接受仓库中的普通文件\n",
    )
    assert not list(site.glob("events/yj-fgj/2022-*"))


def test_in_a_terminal_the_missing_answers_are_asked_in_chinese(site: Path) -> None:
    """A real pseudo-terminal, as staff meet it: a wrong answer is explained and asked again."""
    controller, terminal = pty.openpty()
    answers = "yj-nope\n区发展和改革局\n\n2022-09-中旬\n走进发改\n\n"
    env = {**os.environ, "OPENDAY_TODAY": "2022-08-01"}
    with subprocess.Popen(
        [sys.executable, "-m", "openday.adapters.cli", "new", "--project", str(site)],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as process:
        os.close(terminal)
        os.write(controller, answers.encode())
        out, err = process.communicate(timeout=60)
    os.close(controller)

    text = out.decode("utf-8")
    assert process.returncode == 0, err.decode("utf-8")
    assert "  yj-fgj           资阳市雁江区发展和改革局" in text
    assert "承办单位编号（也可写单位全称或简称）：" in text
    assert "承办单位“区发展和改革局”的编号是 yj-fgj（以后可写 --agency yj-fgj）" in text
    assert "  承办单位“yj-nope”未在 events/agencies.yml 中登记" in text
    assert (
        "阶段：plan 计划备案 / notice 活动公告 / report 活动报道 / feedback 意见反馈［plan］："
        in text
    )
    assert "文件名中的英文短名（小写字母、数字和“-”）［open-day］：" in text
    assert "已创建 events/yj-fgj/2022-09-11-open-day.yml" in text
    written = (site / "events" / "yj-fgj" / "2022-09-11-open-day.yml").read_text("utf-8")
    assert "\ntheme: 走进发改  # 请核对\n" in written
    assert "\nstart: 2022-09-中旬  # 请核对\n" in written


@pytest.mark.parametrize(
    ("preset", "code", "problem"),
    [
        ("yanjiang-2022", 0, "W-ITEM 活动公告未写明联系电话（contact.phone），公告页不显示此项"),
        ("region-2021", 1, "E-REQUIRED 缺少必填项联系方式中联系电话（phone）"),
    ],
)
def test_a_notice_without_a_given_phone_number_gets_none_and_the_check_says_so(
    preset: str, code: int, problem: str, tmp_path: Path, monkeypatch, capsys
) -> None:
    agency, day = HOSTS[preset]
    site = make_site(tmp_path / "site", preset)
    monkeypatch.setenv("OPENDAY_TODAY", day)

    found, out, _ = new(
        capsys, site, "--agency", agency, "--date", day, "--theme", THEME, "--stage", "notice"
    )

    text = (site / "events" / agency / f"{day}-open-day.yml").read_text("utf-8")
    assert 'phone: "12345"' not in text
    assert "\n  # phone: \n" in text
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("contact:"))
    assert found == code
    assert f"events/{agency}/{day}-open-day.yml:{line}:1: {problem}" in out.splitlines()


@pytest.mark.parametrize("name", ["资阳市雁江区发展和改革局", "区发展和改革局"])
def test_a_unit_may_be_named_by_its_full_or_short_name_and_its_id_is_shown(
    name: str, site: Path, capsys
) -> None:
    code, out, _ = new(capsys, site, "--agency", name, "--date", "2022-09-16", "--theme", THEME)

    assert code == 0
    assert out.splitlines()[:2] == [
        f"承办单位“{name}”的编号是 yj-fgj（以后可写 --agency yj-fgj）",
        "已创建 events/yj-fgj/2022-09-16-open-day.yml",
    ]


def test_an_unknown_unit_name_suggests_the_closest_registered_one(site: Path, capsys) -> None:
    code, _, err = new(capsys, site, "--agency", "雁江区发展改革局", "--date", "2022-09-16",
                       "--theme", THEME)  # fmt: skip

    assert (code, err) == (
        2,
        "openday new：承办单位“雁江区发展改革局”未在 events/agencies.yml 中登记；"
        "是否指 yj-fgj（资阳市雁江区发展和改革局）？（已登记：yj-fgj、yj-shiling）\n",
    )


def test_where_the_policy_does_not_require_an_item_the_comment_says_it_may_be_left_out() -> None:
    text = text_of("yanjiang-2022", "notice")

    assert (
        "#   规则：原则上每个开放点15人左右；本地规定未要求；公告未写明时可删去此项，公告页不显示\n"
        "capacity: 15  # 请核对\n"
    ) in text
    assert "# phone: \n" in text
    assert "名额有限，按报名先后顺序确定" not in text
    for optional in ("# email: openday@example.gov.cn", "# wechat: 公众号名称",
                     "# eligibility: [年满18周岁]", "# selection: first_come",
                     "# invitees: [群众代表, 企业代表]"):  # fmt: skip
        assert optional in text


def test_from_carries_last_years_invitees_and_new_registration_details_over(
    site: Path, capsys
) -> None:
    old = site / "events" / "yj-fgj" / "2021-09-16-liangcang.yml"
    old.parent.mkdir(parents=True)
    old.write_text(
        LAST_YEAR.replace(
            "attendees: {public: 12, deputies: 4, members: 4, media: 4}\n",
            "invitees:\n  - {name: 市民代表, count: 12}\n  - 企业代表\n",
        ).replace(
            "  note: 按报名先后顺序确定。\n",
            "  email: fgj@example.gov.cn\n  eligibility: [年满18周岁]\n  selection: lottery\n",
        ),
        "utf-8",
    )

    code, out, _ = new(
        capsys, site, "--from", "yj-fgj/2021-09-16-liangcang", "--date", "2022-09-16",
        "--stage", "notice", "--slug", "grain",
    )  # fmt: skip

    text = (site / "events" / "yj-fgj" / "2022-09-16-grain.yml").read_text("utf-8")
    assert code == 0, out
    assert "invitees:  # 请核对\n  - {name: 市民代表, count: 12}\n  - 企业代表\n" in text
    assert "\nattendees:" not in text
    assert "  email: fgj@example.gov.cn  # 请核对\n" in text
    assert "  selection: lottery  # 请核对\n" in text
    assert "  eligibility:  # 请核对\n    - 年满18周岁\n" in text


def test_a_notice_shows_how_to_write_dates_only_a_tentative_time_a_tour_and_sessions() -> None:
    text = text_of("yanjiang-2022", "notice")

    assert "\n# date_only: true\n" in text and "\n# tentative: true\n" in text
    assert (
        "（可选，需要时删去行首的“# ”，并删去上面的 venue）\n# tour:\n#   meeting: 集合地点\n"
        in text
    )
    assert '并删去上面的 start、end）\n# sessions:\n#   - id: "1"\n' in text


LAST_YEAR_SESSIONS = """\
agency: yj-fgj
title: 资阳市雁江区发展和改革局“政府开放日”活动公告
theme: 走进雁江粮仓 体验收储之道
published: 2021-09-06
sessions:
  - id: am
    name: 上午场
    start: 2021-09-16 09:30
    end: 2021-09-16 11:30
    venue: 雁江区区级储备粮库
    capacity: 12
  - id: day2
    start: 2021-09-18 14:30
    end: 2021-09-18 16:30
    venue: [区粮食质检中心, 区发展和改革局会议室]
    capacity: 12
attendees: {public: 10, deputies: 4, members: 4, media: 4}
leaders: [区发展和改革局局长]
registration:
  methods: [phone]
  deadline: 2021-09-13
formats: [office, forum]
content: 参观储备粮库，座谈交流。
contact:
  name: 李某
  phone: "028-26621548"
reminders: 请携带身份证。
"""

LAST_YEAR_TOUR = (
    LAST_YEAR_SESSIONS[: LAST_YEAR_SESSIONS.index("sessions:")]
    + """\
start: 2021-09-16 08:30
end: 2021-09-16 12:00
tour:
  meeting: 区发展和改革局大门
  transport: 统一乘车
  stops:
    - time: "09:00"
      place: 雁江区区级储备粮库
      activity: 参观仓储作业区
    - time: 2021-09-16 10:30
      place: 区粮食质检中心
capacity: 15
attendees: {public: 6, deputies: 3, members: 3, media: 3}
"""
    + LAST_YEAR_SESSIONS[LAST_YEAR_SESSIONS.index("leaders:") :]
)


def test_from_moves_last_years_sessions_one_year_on_keeping_their_ids(site: Path, capsys) -> None:
    old = site / "events" / "yj-fgj" / "2021-09-16-liangcang.yml"
    old.parent.mkdir(parents=True)
    old.write_text(LAST_YEAR_SESSIONS, "utf-8")

    code, out, _ = new(capsys, site, "--from", "yj-fgj/2021-09-16-liangcang")

    assert (code, out.splitlines()[0]) == (0, "已创建 events/yj-fgj/2022-09-16-liangcang.yml")
    text = (site / "events" / "yj-fgj" / "2022-09-16-liangcang.yml").read_text("utf-8")
    assert (
        "sessions:  # 请核对\n"
        '  - id: "am"\n    name: 上午场\n    start: 2022-09-16 09:30\n    end: 2022-09-16 11:30\n'
        "    venue: 雁江区区级储备粮库\n    capacity: 12\n"
        '  - id: "day2"\n    start: 2022-09-18 14:30\n    end: 2022-09-18 16:30\n'
        "    venue: [区粮食质检中心, 区发展和改革局会议室]\n    capacity: 12\n"
    ) in text
    assert "\nstart:" not in text and "\nvenue:" not in text and "\ncapacity:" not in text
    assert cli.main(["check", "--project", str(site)]) == 0


def test_from_copies_last_years_tour_and_invents_no_venue(site: Path, capsys) -> None:
    old = site / "events" / "yj-fgj" / "2021-09-16-liangcang.yml"
    old.parent.mkdir(parents=True)
    old.write_text(LAST_YEAR_TOUR, "utf-8")

    code, _, _ = new(capsys, site, "--from", "yj-fgj/2021-09-16-liangcang")

    assert code == 0
    text = (site / "events" / "yj-fgj" / "2022-09-16-liangcang.yml").read_text("utf-8")
    assert (
        "tour:  # 请核对\n  meeting: 区发展和改革局大门\n  transport: 统一乘车\n  stops:\n"
        '    - time: "09:00"\n      place: 雁江区区级储备粮库\n      activity: 参观仓储作业区\n'
        '    - time: "2022-09-16 10:30"\n      place: 区粮食质检中心\n'
    ) in text
    assert "\nvenue:" not in text
    assert cli.main(["check", "--project", str(site)]) == 0
