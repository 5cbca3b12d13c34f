"""Jurisdiction rules: small pure functions, one per rule of :class:`~openday.domain.policy.Policy`.

Each check takes an event, the policy, today's date and a ``where`` callback that
locates a key path in the event's file, and yields problems. The docstring
names the documents (``shared/seeds``) that require the rule.

Each :class:`Rule` pairs its check with its explanation: what it asks of each key under
a given policy, which ``openday new`` writes above the key. The requirement both say is
one phrase here (``_lead``, ``_due`` …), so the comment staff read and the message the
checker prints cannot come apart.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from ..domain.deadlines import Stage, assess, deadline_for
from ..domain.model import Agency, Event
from ..domain.policy import Policy
from ..domain.problems import Problem
from ..domain.timeparse import Moment
from ..domain.vocab import FORMAT_NAMES, GROUP_NAMES, KIND_NAMES, STAGE_NAMES
from ..domain.workdays import Deadline

Where = Callable[..., Problem]
Check = Callable[[Event, Policy, date, Where], Iterator[Problem]]
#: What a rule asks under a policy, for the unit and the year of a new event:
#: (the dotted key it is about, the clause in Chinese), in the order to print them.
Explain = Callable[[Policy, Agency, int], Iterator[tuple[str, str]]]


@dataclass(frozen=True, slots=True)
class Rule:
    """One jurisdiction rule: its check (called like one) and its explanation."""

    check: Check
    explain: Explain

    def __call__(self, event: Event, policy: Policy, today: date, where: Where):
        return self.check(event, policy, today, where)

    @property
    def name(self) -> str:
        return self.check.__name__


def _days(a: date, b: date) -> int:
    return (b - a).days


def lead_days(event: Event, policy: Policy, today: date, where: Where) -> Iterator[Problem]:
    """Notice published at least N days before the event (000 二(五): 提前15天发布活动公告).

    With several sessions, the days count to the first one: the public must hear of the
    event in time for its first session (later ones are further off)."""
    if policy.lead_days is None or event.notice is None or event.start.is_fuzzy:
        return
    published, start = event.notice.published, event.first_day
    gap = _days(published, start)
    if gap < policy.lead_days:
        yield where(
            ("published",),
            "E-LEAD",
            f"公告{_lead(policy)}"
            f"（发布 {published.isoformat()}，开始 {start.isoformat()}，相差{gap}天）",
        )


def _lead(policy: Policy) -> str:
    return f"须在活动开始前至少{policy.lead_days}天发布"


def _explain_lead_days(policy: Policy, agency: Agency, year: int) -> Iterator[tuple[str, str]]:
    if policy.lead_days is not None:
        yield "published", _lead(policy)
    else:
        yield "published", "未限定提前天数，请留足报名时间"


def _sites(event: Event) -> int:
    if event.notice is None or event.notice.tour is not None:
        return 1  # a tour's group visits its stops one after another, all together
    return max(1, len(event.notice.venues))


def _groups(event: Event) -> Iterator[tuple[tuple, str, int, int, bool]]:
    """Who is at one place at one time: (where to report, label, people, sites, estimated).

    A single event is one group spread over its parallel sites. Each session of several is
    a group of its own: its stated number, or, when it states none, an even share of what
    the sessions that state one leave of the total (an estimate, said as such).
    """
    notice = event.notice
    sessions = [s for s in event.sessions if s.status != "cancelled"]
    if not sessions:
        yield ("capacity",), "", notice.capacity, _sites(event), False
        return
    unstated = [s for s in sessions if s.capacity is None]
    rest = notice.capacity - sum(s.capacity for s in sessions if s.capacity is not None)
    share = math.ceil(max(rest, 0) / len(unstated)) if unstated else 0
    tour = notice.tour is not None
    for session in sessions:
        sites = 1 if tour else max(1, len(session.venues))
        if session.capacity is not None:
            path = ("sessions", session.number - 1, "capacity")
            yield path, f"第{session.number}场", session.capacity, sites, False
        else:
            yield ("capacity",), f"第{session.number}场", share, sites, True


def capacity(event: Event, policy: Policy, today: date, where: Where) -> Iterator[Problem]:
    """Participants per event and per site.

    000 二(五): 人数不得低于25人; 001 三: 每个开放点控制在20人以内;
    002 四: 每个开放点30人以内; 004 四: 每个开放点15人左右 (a guide, so a warning).
    The minimum counts the whole notice; the per-site limits count the people at one site
    at one time: each session apart, and a tour's whole group, not divided by its stops.
    """
    notice = event.notice
    if notice is None or notice.capacity is None:
        return
    if policy.capacity_min is not None and notice.capacity < policy.capacity_min:
        yield where(
            ("capacity",),
            "E-CAPACITY",
            f"参加人数{_least(policy)}（现为{notice.capacity}人）",
        )
    for path, label, people, sites, estimated in _groups(event):
        per_site = math.ceil(people / sites)
        about = "约" if estimated else ""
        site_text = f"{sites}个开放点，每点约{per_site}人" if sites > 1 else f"{about}{people}人"
        site_text = f"{label}{site_text}"
        if policy.capacity_max_per_site is not None and per_site > policy.capacity_max_per_site:
            yield where(
                path,
                "E-CAPACITY",
                f"参加人数{_most(policy)}（现为{site_text}）",
            )
        if policy.capacity_warn_per_site is not None and per_site > policy.capacity_warn_per_site:
            yield where(
                path,
                "W-CAPACITY",
                f"参加人数{_about(policy)}（现为{site_text}）",
            )
    report, least = event.report, policy.capacity_min
    if report is not None and least is not None and report.attendance < least:
        yield where(
            ("report", "attendance"),
            "W-ATTENDANCE",
            f"实际参加人数少于规定的{least}人（实际{report.attendance}人）",
        )


def _least(policy: Policy) -> str:
    return f"不得少于{policy.capacity_min}人"


def _most(policy: Policy) -> str:
    return f"每个开放点不得超过{policy.capacity_max_per_site}人"


def _about(policy: Policy) -> str:
    return f"原则上每个开放点{policy.capacity_warn_per_site}人左右"


def _explain_capacity(policy: Policy, agency: Agency, year: int) -> Iterator[tuple[str, str]]:
    if policy.capacity_min is not None:
        yield "capacity", _least(policy)
    if policy.capacity_max_per_site is not None:
        yield "capacity", _most(policy)
    if policy.capacity_warn_per_site is not None:
        yield "capacity", _about(policy)
    if policy.capacity_min is not None:
        yield "report.attendance", f"少于{policy.capacity_min}人时会提示"


def attendees(event: Event, policy: Policy, today: date, where: Where) -> Iterator[Problem]:
    """Composition of participants: totals, the citizens' share, excluded groups.

    001 三, 002 四, 004 四: 群众（市民）代表比例不低于三分之一;
    000 二(三): 不含“两代表一委员” (no NPC deputies or CPPCC members).
    """
    notice = event.notice
    if notice is None:
        return
    if notice.invitees:
        yield from _invitees(event, policy, where)
        return
    groups = notice.attendees
    if groups is None:
        if policy.public_share_min is not None:
            yield where(
                ("capacity",),
                "W-ATTENDEES",
                f"未填写人员构成（attendees）或邀请对象（invitees），无法核对群众代表比例"
                f"（不低于{_fraction(policy.public_share_min)}）",
            )
        return
    if notice.capacity is not None and groups.total > notice.capacity:
        yield where(
            ("attendees",),
            "E-ATTENDEES",
            f"人员构成合计{groups.total}人，超过参加人数{notice.capacity}人",
        )
    for group in policy.excluded_groups:
        if getattr(groups, group):
            yield where(
                ("attendees", group),
                "E-EXCLUDED",
                f"{_excluding(group)}现有{getattr(groups, group)}人",
            )
    share = policy.public_share_min
    if share is not None and groups.total and Fraction(groups.public, groups.total) < share:
        yield where(
            ("attendees", "public"),
            "E-SHARE",
            f"{_share(share)}"
            f"（群众代表{groups.public}人，共{groups.total}人，"
            f"占{groups.public / groups.total:.0%}）",
        )


def _invitees(event: Event, policy: Policy, where: Where) -> Iterator[Problem]:
    """邀请对象 named by category: excluded groups by name; totals and the citizens' share
    only when every category has its number (a notice that gives none says nothing wrong)."""
    notice = event.notice
    for i, invitee in enumerate(notice.invitees):
        if invitee.group in policy.excluded_groups:
            yield where(
                ("invitees", i),
                "E-EXCLUDED",
                f"{_excluding(invitee.group)}邀请对象中有“{invitee.name}”",
            )
    if any(invitee.count is None for invitee in notice.invitees):
        return
    total = sum(invitee.count for invitee in notice.invitees)
    public = sum(invitee.count for invitee in notice.invitees if invitee.group == "public")
    if notice.capacity is not None and total > notice.capacity:
        yield where(
            ("invitees",),
            "E-INVITEES",
            f"邀请对象合计{total}人，超过参加人数{notice.capacity}人",
        )
    share = policy.public_share_min
    if share is not None and Fraction(public, total) < share:
        yield where(
            ("invitees",),
            "E-SHARE",
            f"{_share(share)}（邀请对象中群众代表{public}人，共{total}人，占{public / total:.0%}）",
        )


def _fraction(value: Fraction) -> str:
    """A share as a notice writes it: 三分之一, or 2/5 when it has no common name."""
    names = {Fraction(1, 3): "三分之一", Fraction(1, 2): "二分之一", Fraction(1, 4): "四分之一"}
    return names.get(value, f"{value.numerator}/{value.denominator}")


def _share(share: Fraction) -> str:
    return f"群众代表比例不得低于{_fraction(share)}"


def _excluding(group: str) -> str:
    return f"本地规定不邀请{GROUP_NAMES[group]}参加（“两代表一委员”不在邀请对象之列），"


def _explain_attendees(policy: Policy, agency: Agency, year: int) -> Iterator[tuple[str, str]]:
    yield "attendees", "各类人数之和不得超过参加人数"
    if policy.public_share_min is not None:
        yield "attendees", _share(policy.public_share_min)
    if policy.excluded_groups:
        yield "attendees", f"不邀请{'、'.join(GROUP_NAMES[g] for g in policy.excluded_groups)}"


def host_kind(event: Event, policy: Policy, today: date, where: Where) -> Iterator[Problem]:
    """Which units may host (000 二(二): 乡镇、街道不开展; 003: the town government; others list theirs)."""
    kind = event.agency.kind
    if kind not in policy.host_kinds:
        yield where(
            ("agency",),
            "E-HOST",
            f"按本地规定，{KIND_NAMES[kind]}（{event.agency.name}）不开展政府开放日；{_hosts(policy)}",
        )


def _hosts(policy: Policy) -> str:
    return f"可举办的单位：{'、'.join(KIND_NAMES[k] for k in policy.host_kinds)}"


def _explain_host_kind(policy: Policy, agency: Agency, year: int) -> Iterator[tuple[str, str]]:
    yield "agency", _hosts(policy)


def season(event: Event, policy: Policy, today: date, where: Where) -> Iterator[Problem]:
    """When events may take place.

    000 二(一): 每年9月为开放月，最迟不得超过10月; 002 二: 2023年9月中旬至10月底;
    003: 2023年6月6日; 004 二: 2022年8月22日至9月22日.
    """
    if policy.season is None:
        return
    if event.sessions:
        yield from _session_season(event, policy, where)
        return
    breach = _outside_season(policy, event.start, event.end, event.first_day, event.last_day)
    if breach is not None:
        span, allowed, late_end = breach
        yield where(
            ("end",) if late_end else ("start",),
            "E-SEASON",
            f"活动时间（{span}）不在本地规定的开放期内（{allowed}）",
        )


def _session_season(event: Event, policy: Policy, where: Where) -> Iterator[Problem]:
    """Every session of several falls in the season, each named where it is written."""
    for session in event.sessions:
        breach = _outside_season(
            policy, session.start, session.end, session.first_day, session.last_day
        )
        if breach is not None:
            span, allowed, late_end = breach
            yield where(
                ("sessions", session.number - 1, "end" if late_end else "start"),
                "E-SEASON",
                f"第{session.number}场的时间（{span}）不在本地规定的开放期内（{allowed}）",
            )


def _outside_season(
    policy: Policy, start: Moment, end: Moment | None, first_day: date, last_day: date
) -> tuple[str, str, bool] | None:
    """(the time as written, the season, whether only the end runs past it) when the days
    from ``first_day`` to ``last_day`` leave the policy's season; None when they keep to it."""
    window = policy.season.window(first_day.year)
    if window is None:
        return None
    first, last = window
    if first <= first_day and last_day <= last:
        return None
    allowed = _span(first, last)
    if start.is_fuzzy:
        span = start.label
    elif last_day != first_day:
        span = f"{first_day.isoformat()} 至 {last_day.isoformat()}"
    else:
        span = first_day.isoformat()
    return span, allowed, end is not None and first <= first_day <= last < last_day


def _span(first: date, last: date) -> str:
    return first.isoformat() if first == last else f"{first.isoformat()} 至 {last.isoformat()}"


def _explain_season(policy: Policy, agency: Agency, year: int) -> Iterator[tuple[str, str]]:
    window = policy.season.window(year) if policy.season is not None else None
    if window is not None:
        yield "start", f"活动须在开放期内：{_span(*window)}"


def formats(event: Event, policy: Policy, today: date, where: Where) -> Iterator[Problem]:
    """Required activity forms (000 二(六): 须设置座谈问答或问卷调查; 001/002/004: 座谈交流; 003: 座谈并发放问卷)."""
    if event.notice is None or not event.notice.formats:
        return  # not stated: notice_items has said so where the policy requires it
    present = set(event.notice.formats)
    for group in policy.required_formats:
        if not present.intersection(group):
            yield where(("formats",), "E-FORMATS", f"活动形式{_including(group)}")


def _including(group: tuple[str, ...]) -> str:
    return f"须包含{'或'.join(f'{FORMAT_NAMES[f]}（{f}）' for f in group)}"


def _explain_formats(policy: Policy, agency: Agency, year: int) -> Iterator[tuple[str, str]]:
    for group in policy.required_formats:
        yield "formats", _including(group)


#: The title forms real notices use after the unit's full name: 关于开展“政府开放日”活动的公告,
#: 2025年“政府开放日”活动公告, “政府开放日”活动方案 …
_TITLE = re.compile(
    r"(?:关于(?:组织)?(?:开展|举办|举行)?)?(?:(?:20\d{2}|二〇[一二三]\S)年度?)?"
    r"(?P<open>[“\"‘'「]?)(?:政府开放日|政务开放日|政[府务]开放[月周])(?P<close>[”\"’'」]?)"
)
#: Names close to 政府开放日 that are not it (seed 003 itself writes 政务开放日; seed 004 calls
#: its month 政府开放月): refused nowhere, but the uniform name is asked for.
_VARIANTS = re.compile(r"政务开放日|政府开放(?:月|周)|政务开放(?:月|周)")


def naming(event: Event, policy: Policy, today: date, where: Where) -> Iterator[Problem]:
    """The name of the event (000 三(二): 统一名称为“×××局“政府开放日””, no other 开放日 names).

    The title starts with the unit's full name; real notices then write 关于开展…, a year, or
    go straight on to “政府开放日”. 政务开放日 and 开放月/开放周 (003, 004) are warned about.
    The theme is public from the plan on (the schedule table), so it is checked at every stage.
    """
    notice = event.notice
    texts = [(event.theme, ("theme",), "开放主题")]
    if notice is not None:
        texts.insert(0, (notice.title, ("title",), "公告标题"))
    for text, path, label in texts:
        refused = False
        for forbidden in policy.forbidden_names:
            if forbidden in text:
                refused = True
                yield where(
                    path, "E-NAME", f"{label}不得使用“{forbidden}”的名称，统一称“政府开放日”"
                )
        variant = _VARIANTS.search(text) if policy.naming and not refused else None
        if variant:
            yield where(
                path,
                "W-NAME",
                f"{label}中的“{variant[0]}”不是统一名称，应称“政府开放日”",
            )
    if policy.naming and notice is not None:
        title = notice.title
        found = (
            _TITLE.match(title, len(event.agency.name))
            if title.startswith(event.agency.name)
            else None
        )
        if found is None:
            if not any(forbidden in title for forbidden in policy.forbidden_names):
                yield where(
                    ("title",),
                    "E-TITLE",
                    f"公告标题{_titled(event.agency)}（现为“{title}”）",
                )
        elif not (found["open"] and found["close"]):
            yield where(
                ("title",),
                "W-NAME",
                "“政府开放日”是专有名词，公告标题中应加引号写作“政府开放日”",
            )


def _titled(agency: Agency) -> str:
    return (
        f"须以单位全称开头并使用统一名称“政府开放日”，如“{agency.name}“政府开放日”活动公告”"
        f"“{agency.name}关于开展“政府开放日”活动的公告”"
    )


def _explain_naming(policy: Policy, agency: Agency, year: int) -> Iterator[tuple[str, str]]:
    if policy.naming:
        yield "title", _titled(agency)
    if policy.forbidden_names:
        forbidden = f"不得使用{'、'.join(policy.forbidden_names)}等名称"
        yield "title", forbidden
        yield "theme", forbidden


def plan_filed(event: Event, policy: Policy, today: date, where: Where) -> Iterator[Problem]:
    """Plans are filed with the office before publication (000 二(四) 审核备案后方可发布;
    001 六(一) 及时报送活动方案) or by a date (002 六(四): 2023年9月15日前备案)."""
    filed = event.filed
    if filed is None:
        return
    if policy.plan_filed_before_notice and event.notice and filed > event.notice.published:
        yield where(
            ("filed",),
            "E-FILED",
            f"{_FILED_FIRST}（备案 {filed.isoformat()}，发布 {event.notice.published.isoformat()}）",
        )
    by = policy.plan_filed_by
    if by is not None and event.first_day.year == by.year and filed > by:
        yield where(
            ("filed",),
            "E-FILED",
            f"{_filed_by(policy)}（备案 {filed.isoformat()}）",
        )


_FILED_FIRST = "实施方案须先报备再发布公告"


def _filed_by(policy: Policy) -> str:
    return f"开放计划须于{policy.plan_filed_by.isoformat()}前报政务公开办公室备案"


def _explain_plan_filed(policy: Policy, agency: Agency, year: int) -> Iterator[tuple[str, str]]:
    if policy.plan_filed_before_notice:
        yield "published", _FILED_FIRST
    if policy.plan_filed_by is not None:
        yield "filed", _filed_by(policy)
    if policy.plan_filed_before_notice:
        yield "filed", _FILED_FIRST


def adopted_response(event: Event, policy: Policy, today: date, where: Where) -> Iterator[Problem]:
    """An answer even for adopted opinions, where the site asks for it (override only)."""
    if not policy.response_required_when_adopted or event.feedback is None:
        return
    for i, item in enumerate(event.feedback.items):
        if item.status == "adopted" and not item.response:
            yield where(
                ("feedback", "items", i),
                "E-RESPONSE",
                f"第 {i + 1} 条意见已采纳，本地规定也须填写答复内容（response）",
            )


def _explain_adopted_response(
    policy: Policy, agency: Agency, year: int
) -> Iterator[tuple[str, str]]:
    if policy.response_required_when_adopted:
        yield "feedback.items.response", "已采纳的意见也须答复"


def _deadline(event: Event, policy: Policy, stage: Stage, today: date, where: Where):
    found = assess(event, policy, stage, today)
    if found is None:
        return
    label, code = STAGE_NAMES[stage], stage.upper()
    if found.state == "unknown" and (found.published is not None or today > event.last_day):
        yield where((stage, "published") if found.published else (), "W-CALENDAR", found.reason)
    elif found.state == "late":
        yield where(
            (stage, "published"),
            f"W-{code}-LATE",
            f"{label}{_due(found.deadline)}，应不晚于 {found.due.isoformat()}"
            f"（实际 {found.published.isoformat()}）",
        )
    elif found.state == "missing":
        yield where(
            (),
            f"W-{code}-DUE",
            f"{label}{_due(found.deadline)}，已于 {found.due.isoformat()} 到期，"
            f"尚未填写（{stage}）",
        )


def _due(deadline: Deadline) -> str:
    return f"须在活动结束后{deadline}内公开"


def _explain_due(stage: Stage) -> Explain:
    def explain(policy: Policy, agency: Agency, year: int) -> Iterator[tuple[str, str]]:
        if (deadline := deadline_for(policy, stage)) is not None:
            yield f"{stage}.published", _due(deadline)

    return explain


def report_due(event: Event, policy: Policy, today: date, where: Where) -> Iterator[Problem]:
    """The report goes public within N working days (002 六(三): 活动结束后5个工作日内在栏目展示)."""
    yield from _deadline(event, policy, "report", today, where)


def feedback_due(event: Event, policy: Policy, today: date, where: Where) -> Iterator[Problem]:
    """Answers go public within a deadline (000 三(一): 15天内公开反馈采纳情况; 004 五(四): 15个工作日内办结并反馈)."""
    yield from _deadline(event, policy, "feedback", today, where)


RULES: tuple[Rule, ...] = (
    Rule(host_kind, _explain_host_kind),
    Rule(season, _explain_season),
    Rule(lead_days, _explain_lead_days),
    Rule(capacity, _explain_capacity),
    Rule(attendees, _explain_attendees),
    Rule(formats, _explain_formats),
    Rule(naming, _explain_naming),
    Rule(plan_filed, _explain_plan_filed),
    Rule(adopted_response, _explain_adopted_response),
    Rule(report_due, _explain_due("report")),
    Rule(feedback_due, _explain_due("feedback")),
)


def explain(path: tuple[str, ...], policy: Policy, agency: Agency, year: int) -> list[str]:
    """What the rules ask of the key at ``path`` under ``policy``, one clause each."""
    key = ".".join(path)
    return [
        clause
        for rule in RULES
        for about, clause in rule.explain(policy, agency, year)
        if about == key
    ]
