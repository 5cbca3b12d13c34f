"""What each unit owes soon or already owes: the office's working list.

``openday status`` lists, per unit, every deadline that has passed without
its stage and every one falling due within the next days: notices that must
go out ``lead_days`` before the event, reports and answers after it, and
the materials some documents ask units to send the office.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, timedelta

from .catalog import as_of
from .deadlines import assess, waiting
from .model import Event
from .policy import Policy
from .vocab import STAGE_NAMES
from .workdays import CalendarRangeError


@dataclass(frozen=True, slots=True)
class Item:
    event: Event
    what: str
    due: date
    overdue: bool


def _notice_item(event: Event, policy: Policy) -> Item | None:
    if event.notice is not None or event.status == "cancelled" or event.start.is_fuzzy:
        return None
    if event.report is not None or event.feedback is not None:
        return None  # held, its notice published elsewhere: nothing left to announce
    lead = policy.lead_days or 0
    return Item(event, "发布活动公告", event.first_day - timedelta(days=lead), False)


def items(events: list[Event], policy: Policy, today: date, days: int = 14) -> list[Item]:
    """Overdue and soon-due obligations, sorted by unit, then due date."""
    horizon = today + timedelta(days=days)
    found: list[Item] = []
    for event in events:
        candidates = []
        notice = _notice_item(event, policy)
        if notice is not None:
            candidates.append(notice)
        public = as_of(event, today)
        for stage in () if waiting(event) else ("report", "feedback"):
            due = assess(public, policy, stage, today)
            if due is not None and due.due is not None and due.state in ("missing", "pending"):
                candidates.append(Item(event, f"公开{STAGE_NAMES[stage]}", due.due, False))
        if (
            policy.materials_due is not None
            and event.notice is not None
            and event.status != "cancelled"
        ):
            with contextlib.suppress(CalendarRangeError):
                candidates.append(
                    Item(
                        event,
                        "向政务公开办公室报送活动材料",
                        policy.materials_due.due(event.last_day),
                        False,
                    )
                )
        for item in candidates:
            overdue = item.due < today
            if item.what.startswith("向") and overdue:
                continue  # materials leave no trace in the record: only remind before the date
            if overdue or item.due <= horizon:
                found.append(Item(item.event, item.what, item.due, overdue))
    found.sort(key=lambda i: (i.event.agency.id, not i.overdue, i.due, i.event.id))
    return found


def summary_due(policy: Policy, today: date) -> date | None:
    """The next yearly summary date (seed 000 四: 每年11月15日前报送开展情况)."""
    if policy.summary_due is None:
        return None
    month, day = (int(part) for part in policy.summary_due.split("-"))
    due = date(today.year, month, day)
    return due if due >= today else date(today.year + 1, month, day)


def as_text(found: list[Item], policy: Policy, today: date, days: int) -> str:
    lines = []
    current = None
    for item in found:
        agency = item.event.agency
        if agency.id != current:
            current = agency.id
            lines.append(f"{agency.name}（{agency.id}）")
        flag = "已逾期" if item.overdue else "将到期"
        lines.append(
            f"  {flag} {item.due.isoformat()} {item.what}：{item.event.theme}"
            f"（{item.event.start.label}） {item.event.path}"
        )
    summary = summary_due(policy, today)
    if summary is not None and summary <= today + timedelta(days=days):
        lines.append(
            f"全体单位  将到期 {summary.isoformat()} 向政务公开办公室报送年度“政府开放日”开展情况"
        )
    overdue = sum(1 for i in found if i.overdue)
    lines.append(
        f"截至 {today.isoformat()}：{overdue} 项已逾期，{len(found) - overdue} 项将在 {days} 天内到期"
    )
    return "\n".join(lines) + "\n"
