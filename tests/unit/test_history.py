"""What must never change after publication (openday.checking.history, ``openday history``).

Each test works on a scratch git repository: a base commit on ``main`` holds a
published notice and a plan, the test edits the working tree as a unit's
staff would, and ``openday history --base main`` compares the two.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openday.adapters import cli

from tests.support.git import git, write

AGENCIES = """\
yj-fgj:
  name: 资阳市雁江区发展和改革局
  short: 区发展和改革局
  kind: department
  region: 四川省/资阳市/雁江区
  index_prefix: yjqfgj
"""

PUBLISHED = "events/yj-fgj/2022-09-16-liangcang.yml"
NOTICE = """\
agency: yj-fgj
title: 资阳市雁江区发展和改革局“政府开放日”活动公告
theme: 走进雁江粮仓 体验收储之道
published: 2022-09-07
start: 2022-09-16 09:00
end: 2022-09-16 11:30
venue: 雁江区区级储备粮库
capacity: 15
attendees: {public: 7, deputies: 3, members: 3, media: 2}
leaders: [区发展和改革局局长]
registration:
  methods: [phone]
  deadline: 2022-09-13
formats: [office, forum]
content: 参观储备粮库，座谈交流。
contact:
  name: 李某
  phone: "028-26621548"
reminders: 请携带身份证。
"""

PLAN = "events/yj-fgj/2022-09-20-plan.yml"
PLAN_TEXT = """\
agency: yj-fgj
theme: 走进价格监测
start: 2022-09-20
"""


def edit(repo: Path, relative: str, old: str, new: str) -> None:
    path = repo / relative
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A site in a git repository whose ``main`` holds one published notice and one plan."""
    root = tmp_path / "site"
    root.mkdir()
    git(root, "init", "--quiet", "--initial-branch=main")
    write(
        root, "mkdocs.yml", "site_name: 测试\nplugins:\n  - openday:\n      policy: yanjiang-2022\n"
    )
    write(root, "events/agencies.yml", AGENCIES)
    write(root, PUBLISHED, NOTICE)
    write(root, PLAN, PLAN_TEXT)
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message=base")
    return root


def run(repo: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[str]]:
    code = cli.main(["history", "--base", "main", "--project", str(repo), *extra])
    return code, capsys.readouterr().out.splitlines()


def test_an_unchanged_tree_passes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(repo, capsys) == (0, ["已与 main 比较 1 个已发布的活动：0 个错误"])


def test_changing_the_published_date_fails(repo: Path, capsys) -> None:
    edit(repo, PUBLISHED, "published: 2022-09-07", "published: 2022-09-01")

    assert run(repo, capsys) == (
        1,
        [
            f"{PUBLISHED}:4:12: E-IMMUTABLE-PUBLISHED 公告发布日期发布后不能更改"
            "（原为 2022-09-07，现为 2022-09-01）；公告内容有更新时请填写更新日期（updated）",
            "已与 main 比较 1 个已发布的活动：1 个错误",
        ],
    )


def test_removing_the_published_date_fails(repo: Path, capsys) -> None:
    edit(repo, PUBLISHED, "published: 2022-09-07\n", "")

    code, lines = run(repo, capsys)

    assert code == 1
    assert lines[0] == (
        f"{PUBLISHED}:1:1: E-IMMUTABLE-PUBLISHED 已发布公告的发布日期（published）不能删除"
        "（原为 2022-09-07）；活动取消时保留公告，填写 status: cancelled"
    )


def test_renaming_a_published_file_fails_on_the_new_name(repo: Path, capsys) -> None:
    renamed = "events/yj-fgj/2022-09-16-grain.yml"
    git(repo, "mv", PUBLISHED, renamed)

    assert run(repo, capsys) == (
        1,
        [
            f"{renamed}:1:1: E-IMMUTABLE-ID 活动编号发布后不能更改：本文件由已发布的 {PUBLISHED} 改名而来"
            "（yj-fgj/2022-09-16-liangcang → yj-fgj/2022-09-16-grain）。网址、日历和索引号都依据活动编号，"
            "请改回原文件名；改期只改 start、end 并提高 revision",
            "已与 main 比较 1 个已发布的活动：1 个错误",
        ],
    )


def test_renaming_is_found_in_committed_history_too(repo: Path, capsys) -> None:
    git(repo, "checkout", "--quiet", "-b", "change")
    git(repo, "mv", PUBLISHED, "events/yj-fgj/2022-09-17-liangcang.yml")
    edit(repo, "events/yj-fgj/2022-09-17-liangcang.yml", "2022-09-16 ", "2022-09-17 ")
    git(repo, "commit", "--quiet", "--all", "--message=move")

    code, lines = run(repo, capsys)

    assert code == 1
    assert lines[0].startswith("events/yj-fgj/2022-09-17-liangcang.yml:1:1: E-IMMUTABLE-ID ")


def test_deleting_a_published_file_fails(repo: Path, capsys) -> None:
    (repo / PUBLISHED).unlink()

    assert run(repo, capsys) == (
        1,
        [
            f"{PUBLISHED}:1:1: E-IMMUTABLE-DELETED 已发布的活动不能删除"
            "（yj-fgj/2022-09-16-liangcang，发布日期 2022-09-07）：请恢复本文件；"
            "活动取消时保留公告，填写 status: cancelled、status_note 和 updated",
            "已与 main 比较 1 个已发布的活动：1 个错误",
        ],
    )


def test_cancelling_a_published_event_passes(repo: Path, capsys) -> None:
    edit(
        repo,
        PUBLISHED,
        "published: 2022-09-07\n",
        "published: 2022-09-07\nstatus: cancelled\nstatus_note: 因疫情防控需要，本次活动取消。\n"
        "updated: 2022-09-10\nrevision: 1\n",
    )

    assert run(repo, capsys) == (0, ["已与 main 比较 1 个已发布的活动：0 个错误"])


def test_cancelling_without_a_raised_revision_asks_for_one(repo: Path, capsys) -> None:
    edit(
        repo,
        PUBLISHED,
        "published: 2022-09-07\n",
        "published: 2022-09-07\nstatus: cancelled\nstatus_note: 活动取消。\nupdated: 2022-09-10\n",
    )

    assert run(repo, capsys) == (
        1,
        [
            f"{PUBLISHED}:5:9: E-REVISION 已发布公告的状态有改动，须将修订次数（revision）改为 1"
            "（原为 0），订阅者的日历才会更新",
            "已与 main 比较 1 个已发布的活动：1 个错误",
        ],
    )


def test_a_moved_time_needs_a_raised_revision(repo: Path, capsys) -> None:
    edit(repo, PUBLISHED, "start: 2022-09-16 09:00", "start: 2022-09-16 09:30")

    assert run(repo, capsys)[1][0] == (
        f"{PUBLISHED}:5:8: E-REVISION 已发布公告的时间有改动，须将修订次数（revision）改为 1"
        "（原为 0），订阅者的日历才会更新"
    )
    edit(repo, PUBLISHED, "published: 2022-09-07\n", "published: 2022-09-07\nrevision: 1\n")
    assert run(repo, capsys)[0] == 0


def test_the_revision_message_points_at_revision_when_it_is_written(repo: Path, capsys) -> None:
    git(repo, "checkout", "--quiet", "-b", "rev")
    edit(repo, PUBLISHED, "published: 2022-09-07\n", "published: 2022-09-07\nrevision: 2\n")
    git(repo, "commit", "--quiet", "--all", "--message=rev")
    edit(repo, PUBLISHED, "venue: 雁江区区级储备粮库", "venue: 区发改局会议室")

    code, lines = run(repo, capsys, "--format", "github")
    assert code == 0  # compared with main, where the revision was 0: raised to 2 already
    code = cli.main(["history", "--base", "rev", "--project", str(repo)])
    lines = capsys.readouterr().out.splitlines()
    assert (code, lines[0]) == (
        1,
        f"{PUBLISHED}:5:11: E-REVISION 已发布公告的地点有改动，须将修订次数（revision）改为 3"
        "（原为 2），订阅者的日历才会更新",
    )


def test_changing_the_index_number_fails(repo: Path, capsys) -> None:
    edit(
        repo, PUBLISHED, "published: 2022-09-07\n", "published: 2022-09-07\nindex_no: yjq/2022-1\n"
    )

    assert run(repo, capsys)[1][0] == (
        f"{PUBLISHED}:5:11: E-IMMUTABLE-INDEX 索引号发布后不能更改"
        "（原为 yjqfgj/2022-09-16-liangcang，现为 yjq/2022-1）"
    )


def test_changing_a_units_index_prefix_fails_once_on_the_registry(repo: Path, capsys) -> None:
    edit(repo, "events/agencies.yml", "index_prefix: yjqfgj", "index_prefix: yjfgj")

    assert run(repo, capsys) == (
        1,
        [
            "events/agencies.yml:6:17: E-IMMUTABLE-INDEX 单位“yj-fgj”已有已发布的活动，索引号前缀不能更改"
            "（原为 yjqfgj，现为 yjfgj；如 yj-fgj/2022-09-16-liangcang 的索引号原为 "
            "yjqfgj/2022-09-16-liangcang）",
            "已与 main 比较 1 个已发布的活动：1 个错误",
        ],
    )


def test_plans_may_be_renamed_or_dropped(repo: Path, capsys) -> None:
    git(repo, "mv", PLAN, "events/yj-fgj/2022-09-21-plan.yml")
    edit(repo, "events/yj-fgj/2022-09-21-plan.yml", "2022-09-20", "2022-09-21")
    assert run(repo, capsys)[0] == 0
    (repo / "events/yj-fgj/2022-09-21-plan.yml").unlink()
    assert run(repo, capsys)[0] == 0


def test_editing_wording_of_a_published_notice_passes(repo: Path, capsys) -> None:
    edit(repo, PUBLISHED, "请携带身份证。", "请携带本人身份证，提前15分钟到达。")

    assert run(repo, capsys) == (0, ["已与 main 比较 1 个已发布的活动：0 个错误"])


def test_a_broken_file_is_left_to_openday_check(repo: Path, capsys) -> None:
    write(repo, PUBLISHED, "agency: [unclosed\n")

    assert run(repo, capsys) == (0, ["已与 main 比较 1 个已发布的活动：0 个错误"])


def test_problems_can_be_annotations_for_github(repo: Path, capsys) -> None:
    (repo / PUBLISHED).unlink()

    code, lines = run(repo, capsys, "--format", "github")

    assert code == 1
    assert lines[0].startswith(
        "::error file=events/yj-fgj/2022-09-16-liangcang.yml,line=1,col=1,"
        "title=E-IMMUTABLE-DELETED::已发布的活动不能删除"
    )


def test_an_unknown_base_is_explained(repo: Path, capsys) -> None:
    code = cli.main(["history", "--base", "origin/main", "--project", str(repo)])

    assert code == 2
    assert capsys.readouterr().err == (
        "openday history：找不到基准版本“origin/main”：请确认分支名，并取得完整历史"
        "（GitHub Actions 中 actions/checkout 须设 fetch-depth: 0）\n"
    )


@pytest.mark.attack
def test_a_published_file_replaced_by_a_symlink_counts_as_deleted_and_is_not_read(
    repo: Path, capsys
) -> None:
    (repo / PUBLISHED).unlink()
    (repo / PUBLISHED).symlink_to("/dev/zero")

    code, printed = run(repo, capsys)
    assert code == 1
    assert printed[0].startswith(f"{PUBLISHED}:1:1: E-IMMUTABLE-DELETED ")


REPORT = """\
report:
  published: 2022-09-17
  attendance: 15
  summary: 活动顺利举行。
"""
ANSWERS = """\
feedback:
  published: {day}
  items:
    - topic: 粮食安全
      opinion: 建议增加开放次数。
      from: public
      status: adopted
"""


def publish_stages(repo: Path, answers_day: str = "2022-10-08", extra: str = "") -> None:
    """Commit a report and answers (published on ``answers_day``) to ``main``."""
    path = repo / PUBLISHED
    path.write_text(
        path.read_text("utf-8") + extra + REPORT + ANSWERS.format(day=answers_day), "utf-8"
    )
    git(repo, "commit", "--quiet", "--all", "--message=stages")


@pytest.mark.attack
def test_lowering_the_revision_fails_even_when_nothing_else_changed(repo: Path, capsys) -> None:
    edit(repo, PUBLISHED, "reminders:", "revision: 5\nreminders:")
    git(repo, "commit", "--quiet", "--all", "--message=five")
    edit(repo, PUBLISHED, "revision: 5\n", "revision: 0\n")

    assert run(repo, capsys) == (
        1,
        [
            f"{PUBLISHED}:19:11: E-REVISION 修订次数（revision）不能减少（原为 5，现为 0）："
            "订阅者的日历只接受修订次数更高的更新，减少后的改动不会再显示",
            "已与 main 比较 1 个已发布的活动：1 个错误",
        ],
    )


@pytest.mark.attack
@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  published: 2022-09-17\n",
            "  published: 2022-09-16\n",
            "21:14: E-BACKDATED 活动报道的发布日期（report.published）发布后不能提前"
            "（原为 2022-09-17，现为 2022-09-16）；日期须如实填写",
        ),
        (
            "  published: 2022-10-08\n",
            "  published: 2022-10-01\n",
            "25:14: E-BACKDATED 意见反馈的发布日期（feedback.published）发布后不能提前"
            "（原为 2022-10-08，现为 2022-10-01）；日期须如实填写",
        ),
        (
            REPORT,
            "",
            "1:1: E-BACKDATED 已公开的活动报道（report）不能删除（发布日期 2022-09-17）；日期须如实填写",
        ),
    ],
    ids=["report-earlier", "answers-earlier", "report-removed"],
)
def test_a_public_date_never_moves_earlier_nor_goes(repo: Path, capsys, old, new, expected) -> None:
    publish_stages(repo)
    edit(repo, PUBLISHED, old, new)

    code, lines = run(repo, capsys)
    assert code == 1
    assert lines[0] == f"{PUBLISHED}:{expected}"


@pytest.mark.attack
def test_the_update_date_never_moves_earlier_nor_goes(repo: Path, capsys) -> None:
    edit(repo, PUBLISHED, "reminders:", "updated: 2022-09-10\nreminders:")
    git(repo, "commit", "--quiet", "--all", "--message=updated")
    edit(repo, PUBLISHED, "updated: 2022-09-10", "updated: 2022-09-08")
    code, lines = run(repo, capsys)
    assert (code, lines[0]) == (
        1,
        f"{PUBLISHED}:19:10: E-BACKDATED 更新日期（updated）发布后不能提前"
        "（原为 2022-09-10，现为 2022-09-08）；日期须如实填写",
    )
    edit(repo, PUBLISHED, "updated: 2022-09-08\n", "")
    code, lines = run(repo, capsys)
    assert (code, lines[0]) == (
        1,
        f"{PUBLISHED}:1:1: E-BACKDATED 更新日期（updated）发布后不能删除（原为 2022-09-10）；日期须如实填写",
    )


def test_public_dates_may_move_later_and_future_ones_may_move_at_all(
    repo: Path, capsys, monkeypatch
) -> None:
    publish_stages(repo, answers_day="2022-10-12")
    edit(repo, PUBLISHED, "  published: 2022-09-17\n", "  published: 2022-09-18\n")
    monkeypatch.setenv("OPENDAY_TODAY", "2022-10-10")  # the answers are not public yet
    edit(repo, PUBLISHED, "  published: 2022-10-12\n", "  published: 2022-10-11\n")

    assert run(repo, capsys) == (0, ["已与 main 比较 1 个已发布的活动：0 个错误"])


@pytest.mark.attack
def test_late_answers_stay_late_whatever_date_they_are_given(
    repo: Path, capsys, monkeypatch
) -> None:
    # 雁江区: answers within 15 working days of 2022-09-16, so by 2022-10-12 (National Day).
    monkeypatch.setenv("OPENDAY_TODAY", "2022-11-01")
    publish_stages(repo, answers_day="2022-10-20")
    edit(repo, PUBLISHED, "  published: 2022-10-20\n", "  published: 2022-10-11\n")

    code, lines = run(repo, capsys)
    assert code == 1
    assert lines[1] == (
        f"{PUBLISHED}:25:14: E-LATE 意见反馈原为逾期公开（期限 2022-10-12，发布 2022-10-20），"
        "改动后将显示为按时：逾期的事项在公开统计中始终计为逾期，请如实填写发布日期"
    )


@pytest.mark.attack
def test_overdue_answers_added_with_a_date_before_their_deadline_fail(
    repo: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("OPENDAY_TODAY", "2022-11-01")
    path = repo / PUBLISHED
    path.write_text(path.read_text("utf-8") + REPORT, "utf-8")
    git(repo, "commit", "--quiet", "--all", "--message=report")
    path.write_text(path.read_text("utf-8") + ANSWERS.format(day="2022-10-10"), "utf-8")

    assert run(repo, capsys) == (
        1,
        [
            f"{PUBLISHED}:25:14: E-LATE 意见反馈原已逾期未公开（期限 2022-10-12），改动后将显示为按时："
            "逾期的事项在公开统计中始终计为逾期，请如实填写发布日期",
            "已与 main 比较 1 个已发布的活动：1 个错误",
        ],
    )


@pytest.mark.attack
def test_moving_the_event_later_does_not_turn_late_answers_into_timely_ones(
    repo: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("OPENDAY_TODAY", "2022-11-01")
    publish_stages(repo, answers_day="2022-10-20")
    edit(
        repo,
        PUBLISHED,
        "2022-09-16 09:00\nend: 2022-09-16 11:30",
        "2022-09-26 09:00\nend: 2022-09-26 11:30",
    )
    edit(repo, PUBLISHED, "reminders:", "revision: 1\nreminders:")

    code, lines = run(repo, capsys)
    assert code == 1
    assert [line.split(" ", 2)[1] for line in lines[:-1]] == ["E-LATE"]


SESSIONS = """\
sessions:
  - id: am
    start: 2022-09-16 09:00
    end: 2022-09-16 11:30
  - id: pm
    start: 2022-09-16 14:30
    end: 2022-09-16 17:00
  - id: day2
    start: 2022-09-17 09:00
    end: 2022-09-17 11:30
"""


def _with_sessions(repo: Path) -> None:
    """Commit the published notice as the first of three sessions on ``main``."""
    edit(repo, PUBLISHED, "start: 2022-09-16 09:00\nend: 2022-09-16 11:30\n", SESSIONS)
    git(repo, "commit", "--quiet", "--all", "--message=sessions")


def test_a_published_session_cannot_be_removed_but_may_be_cancelled(repo: Path, capsys) -> None:
    _with_sessions(repo)
    afternoon = SESSIONS[SESSIONS.index("  - id: pm") : SESSIONS.index("  - id: day2")]
    edit(repo, PUBLISHED, afternoon, "")

    code, lines = run(repo, capsys)
    assert code == 1
    assert lines[1] == (
        f"{PUBLISHED}:6:3: E-REVISION 已发布公告的时间、地点有改动，须将修订次数（revision）改为 1"
        "（原为 0），订阅者的日历才会更新"
    )
    assert lines[0] == (
        f"{PUBLISHED}:5:1: E-IMMUTABLE-SESSION 已发布的场次不能删除或更改编号（原第2场，编号“pm”）："
        "请恢复该场；取消一场时保留它，填写 status: cancelled 和 note，并提高 revision"
    )
    edit(
        repo, PUBLISHED, SESSIONS.replace(afternoon, ""),
        SESSIONS.replace(afternoon, afternoon + "    status: cancelled\n    note: 下午场取消。\n")
        + "revision: 1\n",
    )  # fmt: skip
    assert run(repo, capsys) == (0, ["已与 main 比较 1 个已发布的活动：0 个错误"])


def test_a_moved_session_needs_a_raised_revision(repo: Path, capsys) -> None:
    _with_sessions(repo)
    edit(repo, PUBLISHED, "start: 2022-09-16 14:30", "start: 2022-09-16 15:00")

    code, lines = run(repo, capsys)
    assert code == 1
    assert "E-REVISION 已发布公告的时间有改动，须将修订次数（revision）改为 1" in lines[0]
