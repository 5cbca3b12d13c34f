"""When the report and the answers of an event are due, and whether they came in time.

The checker warns from these, ``openday status`` lists them and the yearly
figures count them, so the arithmetic lives here once. A deadline counts
from the event's last day, in calendar or working days as the policy says
(:class:`~openday.domain.workdays.Deadline`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from .model import Event
from .policy import Policy
from .workdays import CalendarRangeError, Deadline

Stage = Literal["report", "feedback"]
State = Literal["on_time", "late", "missing", "pending", "unknown"]
STATE_NAMES = {
    "on_time": "按时",
    "late": "逾期",
    "missing": "逾期未公开",
    "pending": "未到期",
    "unknown": "无法计算",
}


@dataclass(frozen=True, slots=True)
class Due:
    """One stage of one event against its deadline."""

    event: Event
    stage: Stage
    deadline: Deadline | None
    due: date | None
    published: date | None
    state: State
    reason: str = ""


def deadline_for(policy: Policy, stage: Stage) -> Deadline | None:
    return policy.report_due if stage == "report" else policy.feedback_due


def waiting(event: Event) -> bool:
    """Postponed with no new date yet: nothing after the event can be due."""
    return event.status == "postponed" and not event.rescheduled


def applies(event: Event) -> bool:
    """Only a published event that went ahead owes a report and answers."""
    return event.notice is not None and event.status != "cancelled"


def assess(event: Event, policy: Policy, stage: Stage, today: date) -> Due | None:
    """The state of ``stage`` of ``event`` on ``today``; None when nothing is owed."""
    if not applies(event):
        return None
    part = event.report if stage == "report" else event.feedback
    published = part.published if part is not None else None
    deadline = deadline_for(policy, stage)
    if deadline is None:
        if published is not None:
            return Due(event, stage, None, None, published, "on_time")
        return Due(event, stage, None, None, None, "pending")
    try:
        due = deadline.due(event.last_day)
    except CalendarRangeError as exc:
        return Due(event, stage, deadline, None, published, "unknown", str(exc))
    if published is not None:
        return Due(
            event, stage, deadline, due, published, "on_time" if published <= due else "late"
        )
    if today > due and not waiting(event):
        return Due(event, stage, deadline, due, None, "missing")
    return Due(event, stage, deadline, due, None, "pending")
