"""The yearly figures per unit, checked against tables counted by hand.

``tests/fixtures/stats/<project>/`` is a small site (region-2021 with a report deadline
of 5 working days) whose event files say in comments what each one counts for.
``expected-<year>.csv`` is the figures table for that year as the office downloads it,
written by hand from those files; ``expected-<year>-other.csv`` holds the counts the
table leaves out. ``today.txt`` is the catalog's day.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from openday.checking.check import check_project
from openday.domain.catalog import Catalog
from openday.domain.model import Answer, Feedback
from openday.domain.policy import Policy
from openday.domain.stats import COLUMNS, Figures, YearFigures, cell, percent, year_figures, years
from openday.domain.vocab import ANSWER_NAMES
from openday.site.pages import totals_sentence
from openday.sources.config import load_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "stats"
TABLES = sorted(FIXTURES.glob("*/expected-[0-9][0-9][0-9][0-9].csv"))


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem.removeprefix('expected-')}"


def read_table(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def build_catalog(project: Path) -> tuple[Catalog, Policy]:
    settings = load_settings(project)
    today = date.fromisoformat((project / "today.txt").read_text("utf-8").strip())
    result = check_project(project, settings.policy, settings.timezone, today)
    assert result.ok, [str(p) for p in result.problems if p.is_error]
    return Catalog(result.events, result.agencies, today), settings.policy


def figures_for(table: Path) -> YearFigures:
    catalog, policy = build_catalog(table.parent)
    return year_figures(catalog, policy, int(table.stem.removeprefix("expected-")))


def shown(figures: Figures) -> list[str]:
    return [str(cell(figures, key)) for key, _ in COLUMNS]


@pytest.mark.parametrize("table", TABLES, ids=_id)
def test_every_cell_of_the_yearly_figures_matches_the_hand_counted_table(table: Path):
    header, *expected = read_table(table)
    figures = figures_for(table)
    assert [name for _, name in COLUMNS] == header
    assert [shown(unit) for unit in (*figures.units, figures.total)] == expected


@pytest.mark.parametrize("table", TABLES, ids=_id)
def test_the_counts_the_table_leaves_out_match_the_hand_count_too(table: Path):
    _, *expected = read_table(table.with_name(f"{table.stem}-other.csv"))
    figures = figures_for(table)
    assert [
        [unit.unit, str(unit.cancelled), str(unit.reports_late), str(unit.reports_missing)]
        for unit in (*figures.units, figures.total)
    ] == expected


def test_units_follow_the_registry_and_a_unit_without_notices_has_no_row():
    figures = figures_for(FIXTURES / "region-2023" / "expected-2023.csv")
    assert [unit.agency.id for unit in figures.units] == ["qx-swj", "qx-rsj", "qx-scjgj"]
    assert figures.total.unit == "合计" and figures.total.agency is None


def test_the_figures_are_counted_as_of_the_catalog_day_and_only_years_with_notices_have_them():
    catalog, policy = build_catalog(FIXTURES / "region-2023")
    assert list(years(catalog)) == [2023, 2022]
    assert year_figures(catalog, policy, 2023).as_of == date(2023, 11, 10)
    assert year_figures(catalog, policy, 2021).units == ()


def test_the_totals_divide_summed_counts_rather_than_averaging_the_units_shares():
    total = figures_for(FIXTURES / "region-2023" / "expected-2023.csv").total
    assert total.citizen_share == Fraction(20 + 40 + 15 + 20, 30 + 65 + 30 + 30)
    assert total.adoption_rate == Fraction((3 + 0) + (1 + 2), 7 + 4)


def test_the_adoption_rate_is_adopted_plus_partly_adopted_over_all_opinions():
    figures = Figures("区发改局")
    figures.answers.update(adopted=2, partly=1, in_progress=1, explained=1, not_adopted=1)
    assert (figures.opinions, figures.adopted, figures.partly) == (6, 2, 1)
    assert figures.adoption_rate == Fraction(1, 2)
    assert cell(figures, "adoption_rate") == "50.0%"


def test_a_share_with_nothing_to_divide_is_a_dash_not_zero():
    figures = Figures("区发改局")
    assert (figures.adoption_rate, figures.citizen_share) == (None, None)
    assert cell(figures, "adoption_rate") == cell(figures, "citizen_share") == "—"


@pytest.mark.parametrize(
    ("share", "text"),
    [
        (Fraction(1, 3), "33.3%"),
        (Fraction(2, 3), "66.7%"),
        (Fraction(4, 7), "57.1%"),
        (Fraction(0), "0.0%"),
        (Fraction(1), "100.0%"),
        (None, "—"),
    ],
)
def test_shares_are_written_as_percentages_with_one_decimal(share, text):
    assert percent(share) == text


#: Eleven answers in every state, in no particular order: 4 adopted, 2 partly, 1 in progress,
#: 2 explained, 2 not adopted.
STATES = ("adopted", "not_adopted", "partly", "adopted", "explained", "in_progress")
STATES += ("partly", "adopted", "not_adopted", "explained", "adopted")
FEEDBACK = Feedback(
    date(2022, 9, 23),
    tuple(
        Answer(f"主题{i}", "意见", "public", state, None if state == "adopted" else "答复", None)
        for i, state in enumerate(STATES)
    ),
)


def test_feedback_totals_are_counted_from_the_items_in_the_order_of_the_states():
    totals = FEEDBACK.totals()
    assert list(totals) == list(ANSWER_NAMES)
    assert totals == {
        "adopted": 4,
        "partly": 2,
        "in_progress": 1,
        "explained": 2,
        "not_adopted": 2,
    }


def test_the_totals_sentence_names_every_state_with_its_count():
    assert totals_sentence(FEEDBACK.totals()) == (
        "共收集意见建议11条，已采纳4条，部分采纳2条，办理中1条，解释说明2条，暂不采纳2条。"
    )


def test_the_totals_sentence_keeps_states_nobody_reached_at_zero():
    only_adopted = Feedback(date(2022, 9, 23), (FEEDBACK.items[0],))
    assert totals_sentence(only_adopted.totals()) == (
        "共收集意见建议1条，已采纳1条，部分采纳0条，办理中0条，解释说明0条，暂不采纳0条。"
    )


def test_opinions_answered_together_count_one_each_and_unstated_states_are_named():
    shared = Answer(
        "办税环境", "增设休息区。", "public", "partly", "已增设。", None, ("保留现金窗口。",)
    )
    unstated = Answer("宣传", "多用短视频。", None, None, "已开设专栏。", None)
    feedback = Feedback(date(2023, 10, 30), (FEEDBACK.items[0], shared, unstated))

    assert feedback.count == 4
    assert totals_sentence(feedback.totals(), feedback.count) == (
        "共收集意见建议4条，已采纳1条，部分采纳2条，办理中0条，解释说明0条，暂不采纳0条，"
        "未说明办理情况1条。"
    )


def test_opinions_with_no_stated_state_are_collected_but_left_out_of_the_adoption_rate():
    figures = Figures("县税务局")
    figures.answers.update(adopted=1, partly=3)
    figures.unstated = 2
    assert figures.opinions == 6
    assert figures.adoption_rate == Fraction(4, 4)
    total = Figures("合计")
    total.add(figures)
    assert (total.opinions, total.unstated) == (6, 2)
