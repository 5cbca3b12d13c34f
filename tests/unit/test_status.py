"""``openday status``: what each unit owes, overdue first, then what falls due soon.

Each folder under ``tests/fixtures/status/`` is a small site whose event files say in
comments when each obligation falls due. ``expected/<today>.txt`` (or
``expected/<today>_days-<n>.txt``) is exactly what ``openday status`` prints with
``OPENDAY_TODAY=<today>`` (and ``--days <n>``), written by hand.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openday.adapters.cli import main
from openday.domain.model import Answer, Event, Feedback, Report
from openday.domain.policy import PRESETS
from openday.domain.status import as_text, items, summary_due

from tests.support import records

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "status"
RUNS = sorted(FIXTURES.glob("*/expected/*.txt"))


def _id(run: Path) -> str:
    return f"{run.parents[1].name}/{run.stem}"


@pytest.mark.parametrize("run", RUNS, ids=_id)
def test_openday_status_prints_exactly_the_expected_lines(run: Path, monkeypatch, capsys):
    today, _, days = run.stem.partition("_days-")
    monkeypatch.setenv("OPENDAY_TODAY", today)
    extra = ["--days", days] if days else []
    code = main(["status", "--project", str(run.parents[1]), *extra])
    printed = capsys.readouterr()
    assert printed.out.splitlines() == run.read_text("utf-8").splitlines()
    assert (code, printed.err) == (0, "")


def test_the_fixtures_show_the_summary_line_only_where_the_region_policy_asks_for_it():
    summaries = {
        _id(run): any(line.startswith("全体单位") for line in run.read_text("utf-8").splitlines())
        for run in RUNS
    }
    assert summaries == {
        "region-2021/2021-10-31": False,
        "region-2021/2021-11-01": True,
        "region-2021/2021-11-05": True,
        "region-2021/2021-11-16": False,
        "yanjiang-2022/2022-09-23_days-20": False,
        "yanjiang-2022/2022-09-24": False,
        "yanjiang-2022/2022-09-25": False,
    }


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (date(2021, 1, 1), date(2021, 11, 15)),
        (date(2021, 11, 15), date(2021, 11, 15)),
        (date(2021, 11, 16), date(2022, 11, 15)),
    ],
)
def test_the_yearly_summary_is_due_on_the_next_november_15(today, due):
    assert summary_due(PRESETS["region-2021"], today) == due


def test_policies_without_a_yearly_summary_have_no_summary_date():
    assert summary_due(PRESETS["yanjiang-2022"], date(2022, 11, 1)) is None


def event(day: str, **parts) -> Event:
    return records.event(
        f"{day}-liangcang", f"{day} 09:00", f"{day} 11:30", notice=records.notice(), **parts
    )


def test_the_count_line_reports_nothing_owed_when_nothing_is():
    policy = PRESETS["yanjiang-2022"]
    assert as_text([], policy, date(2022, 9, 1), 14) == (
        "截至 2022-09-01：0 项已逾期，0 项将在 14 天内到期\n"
    )


def test_a_postponed_event_without_a_new_date_owes_nothing_overdue():
    """Postponed from 09-16 with no new date yet: its answers cannot be late before it is held
    (deadlines.assess keeps them pending), so the working list must not call them 已逾期."""
    postponed = event("2022-09-16", status="postponed", status_note="延期举办，时间另行通知。")
    found = items([postponed], PRESETS["yanjiang-2022"], date(2022, 10, 20))
    assert [(i.what, i.due) for i in found if i.overdue] == []


def test_answers_dated_after_today_are_still_owed_until_that_day():
    """The answers are due 10-12 and the file dates them 10-20: on 10-15 they are not
    public (the daily build publishes them on 10-20), so they are overdue."""
    answers = Feedback(
        date(2022, 10, 20), (Answer("主题", "意见", "public", "adopted", None, None),)
    )
    found = items(
        [event("2022-09-16", feedback=answers)], PRESETS["yanjiang-2022"], date(2022, 10, 15)
    )
    assert [(i.what, i.due, i.overdue) for i in found] == [
        ("公开意见反馈", date(2022, 10, 12), True)
    ]


def test_an_event_reported_here_without_its_notice_owes_no_notice():
    report = Report(date(2021, 9, 18), 26, "活动顺利举行。")
    held = records.event("2021-09-17-liangcang", "2021-09-17", report=report)
    found = items([held], PRESETS["yanjiang-2022"], date(2021, 10, 1))
    assert [i.what for i in found] == []
