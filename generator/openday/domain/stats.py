"""The year's figures per unit, as the publishing office reports them upward.

Seed 000 (四) asks every unit for a yearly account of its open days by
November 15; the office also scores units on them. Every figure is counted
from the records as public on the catalog's day, never typed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from ..base.memo import per_event
from .catalog import Catalog
from .deadlines import assess, waiting
from .model import Agency, Event
from .policy import Policy
from .vocab import ANSWER_NAMES

#: Column order and Chinese headers of the figures table (page, CSV and XLSX alike).
COLUMNS = (
    ("unit", "单位"),
    ("held", "举办场次"),
    ("planned", "计划参加人数"),
    ("actual", "实际参加人数"),
    ("citizen_share", "群众代表占比"),
    ("opinions", "收集意见建议"),
    ("adopted", ANSWER_NAMES["adopted"]),
    ("partly", ANSWER_NAMES["partly"]),
    ("adoption_rate", "采纳率"),
    ("answers_on_time", "按时反馈"),
    ("answers_late", "逾期反馈"),
    ("answers_missing", "逾期未反馈"),
    ("reports_on_time", "按时报道"),
)
PERCENT_COLUMNS = frozenset({"citizen_share", "adoption_rate"})


@dataclass
class Figures:
    """Counts for one unit (or the whole column) in one year."""

    unit: str
    agency: Agency | None = None
    held: int = 0
    cancelled: int = 0
    planned: int = 0
    actual: int = 0
    citizens: int = 0
    composition: int = 0
    answers: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ANSWER_NAMES, 0))
    #: Opinions whose answers state no 办理状态: collected, but in no state.
    unstated: int = 0
    answers_on_time: int = 0
    answers_late: int = 0
    answers_missing: int = 0
    reports_on_time: int = 0
    reports_late: int = 0
    reports_missing: int = 0

    @property
    def opinions(self) -> int:
        return sum(self.answers.values()) + self.unstated

    @property
    def adopted(self) -> int:
        return self.answers["adopted"]

    @property
    def partly(self) -> int:
        return self.answers["partly"]

    @property
    def citizen_share(self) -> Fraction | None:
        return Fraction(self.citizens, self.composition) if self.composition else None

    @property
    def adoption_rate(self) -> Fraction | None:
        """(已采纳 + 部分采纳) / 写明办理状态的意见建议."""
        stated = sum(self.answers.values())
        return Fraction(self.adopted + self.partly, stated) if stated else None

    def add(self, other: Figures) -> None:
        for name in ("held", "cancelled", "planned", "actual", "citizens", "composition",
                     "answers_on_time", "answers_late", "answers_missing",
                     "reports_on_time", "reports_late", "reports_missing",
                     "unstated"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for state, number in other.answers.items():
            self.answers[state] += number

    def value(self, column: str) -> object:
        return getattr(self, column)


@dataclass(frozen=True)
class YearFigures:
    year: int
    units: tuple[Figures, ...]
    total: Figures
    as_of: date


def held(event: Event, today: date) -> bool:
    """An announced event that went ahead: reported, or over and neither cancelled nor postponed."""
    if event.notice is None or event.status == "cancelled":
        return False
    if event.report is not None:
        return True
    return not waiting(event) and event.last_day < today


_TALLIES = {
    ("feedback", "on_time"): "answers_on_time",
    ("feedback", "late"): "answers_late",
    ("feedback", "missing"): "answers_missing",
    ("report", "on_time"): "reports_on_time",
    ("report", "late"): "reports_late",
    ("report", "missing"): "reports_missing",
}


@per_event
def tally(event: Event, policy: Policy, today: date) -> Figures:
    """What one event adds to its unit's figures."""
    figures = Figures(event.agency.short, event.agency)
    if event.status == "cancelled":
        figures.cancelled += 1
        return figures
    if not held(event, today):
        return figures
    notice = event.notice
    # A notice of several sessions held them all (场次 are what the office counts); one
    # cancelled alone did not take place.
    going = [session for session in event.sessions if session.status != "cancelled"]
    figures.held += len(going) if event.sessions else 1
    figures.cancelled += len(event.sessions) - len(going)
    figures.planned += notice.capacity or 0
    if event.report is not None:
        figures.actual += event.report.attendance
    if notice.attendees is not None and notice.attendees.total:
        figures.citizens += notice.attendees.public
        figures.composition += notice.attendees.total
    elif notice.invitees and all(invitee.count for invitee in notice.invitees):
        figures.citizens += sum(i.count for i in notice.invitees if i.group == "public")
        figures.composition += sum(invitee.count for invitee in notice.invitees)
    if event.feedback is not None:
        totals = event.feedback.totals()
        for state, number in totals.items():
            figures.answers[state] += number
        figures.unstated += event.feedback.count - sum(totals.values())
    for stage in ("feedback", "report"):
        due = assess(event, policy, stage, today)
        name = _TALLIES.get((stage, due.state)) if due is not None else None
        if name is not None:
            setattr(figures, name, getattr(figures, name) + 1)
    return figures


def year_figures(catalog: Catalog, policy: Policy, year: int) -> YearFigures:
    """Per-unit figures for events that began in ``year``, units in registry order, then totals."""
    per_unit: dict[str, Figures] = {}
    for event in catalog.notices_by_year.get(year, ()):
        agency = event.agency
        figures = per_unit.setdefault(agency.id, Figures(agency.short, agency))
        figures.add(tally(event, policy, catalog.today))
    order = list(catalog.agencies)
    units = tuple(sorted(per_unit.values(), key=lambda f: order.index(f.agency.id)))
    total = Figures("合计")
    for figures in units:
        total.add(figures)
    return YearFigures(year, units, total, catalog.today)


def years(catalog: Catalog) -> Iterable[int]:
    """Years with at least one published notice, newest first."""
    return catalog.notices_by_year.keys()


def percent(value: Fraction | None) -> str:
    """A share as the office writes it: 33.3%; a dash when there is nothing to divide."""
    if value is None:
        return "—"
    return f"{float(value) * 100:.1f}%"


def cell(figures: Figures, column: str) -> str | int:
    """One table cell: counts as integers, shares as percentages."""
    value = figures.value(column)
    if column in PERCENT_COLUMNS:
        return percent(value)
    return value
