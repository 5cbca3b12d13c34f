"""A new event file (``openday new``): every key its stage needs, each explained in Chinese.

Staff are not programmers. The file written here names every key of the
chosen stage with what to write and the local rule it must meet, taken from
the schema (the same text editors show) and from the site's policy. Values
are defaults derived from the answers (the notice date from the event day
and the policy's lead time, a capacity within the policy's bounds, the forms
it requires), so a fresh file passes ``openday check``; each default that
staff must confirm is marked ``# 请核对``. ``--from`` starts from an earlier
event's record instead, with the dates moved to the new day.

Nothing here reads the clock or writes a file: :func:`render` turns a
:class:`Request` into text, and the command line asks the questions and
decides where the text goes.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, timedelta, tzinfo
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from ..domain.model import Agency
from ..domain.policy import Policy
from ..domain.timeparse import Moment, TimeFormatError, parse_moment
from ..domain.vocab import CLOSED_METHODS, NOTICE_ITEM_NAMES, STAGE_NAMES, STAGES, Stage
from . import privacy, rules, shape
from .check import check_project
from .records import EVENTS_DIR, ID_PATTERN

CHECK_MARK = "请核对"
SCHEMA_LINE = "# yaml-language-server: $schema=../../generator/schema/event.schema.json"
DEFAULT_SLUG = "open-day"
DEFAULT_TIMES = ("09:00", "11:30")

#: Keys an earlier event lends to a new one (``--from``); dates, stage fields and the
#: 索引号 are the old event's own and are never copied.
COPIED_KEYS = (
    "title", "co_hosts", "venue", "capacity", "attendees", "invitees", "leaders", "registration",
    "formats", "content", "contact", "reminders", "livestream", "keywords",
)  # fmt: skip


class ScaffoldError(ValueError):
    """An answer that cannot make a valid file; the message is Chinese and says what to change."""


@dataclass(frozen=True)
class Request:
    """What staff answered: the unit, the day (or period, for plans), the theme and the stage.

    ``template`` is the shape-checked record of an earlier event (``--from``), whose
    :data:`COPIED_KEYS` replace the defaults.
    """

    agency: Agency
    day: str
    theme: str
    stage: Stage = "plan"
    slug: str = DEFAULT_SLUG
    times: tuple[str, str] = DEFAULT_TIMES
    template: dict[str, Any] = field(default_factory=dict)
    #: 联系电话 as staff gave it; never made up when they did not.
    phone: str | None = None


def parse_day(text: str, stage: Stage, tz: tzinfo) -> Moment:
    """The event's day from an answer: a date, or for a plan also a period (``2023-09-中旬``)."""
    text = text.strip()
    try:
        moment = parse_moment(text, tz, allow_period=stage == "plan")
    except TimeFormatError as exc:
        hint = "计划阶段可写 2023-09-20、2023-09-中旬 或 2023-09" if stage == "plan" else ""
        if stage != "plan" and _looks_like_period(text):
            raise ScaffoldError(
                f"“{text}”是时段，只能用于计划阶段；{STAGE_NAMES[stage]}须写明日期，如 2023-09-20"
            ) from None
        raise ScaffoldError(
            f"活动日期{exc}，应写作 2023-09-20{'；' + hint if hint else ''}"
        ) from None
    if moment.precision == "minute":
        raise ScaffoldError(f"活动日期只写日期（如 2023-09-20），时刻用 --time 指定：“{text}”")
    return moment


def _looks_like_period(text: str) -> bool:
    try:
        return parse_moment(text, UTC, allow_period=True).is_fuzzy
    except TimeFormatError:
        return False


def file_path(request: Request, moment: Moment) -> str:
    """Where the event's file goes: ``events/<agency>/<YYYY-MM-DD>-<slug>.yml``."""
    return f"{EVENTS_DIR}/{request.agency.id}/{moment.first_day.isoformat()}-{request.slug}.yml"


def agency_id(value: str, agencies: Mapping[str, Agency]) -> str:
    """The id of the unit ``value`` names: its id, its full name or its short name."""
    text = value.strip()
    if text in agencies:
        return text
    named = sorted(a.id for a in agencies.values() if text in (a.name, a.short))
    if len(named) == 1:
        return named[0]
    if named:
        choices = "、".join(f"{i}（{agencies[i].name}）" for i in named)
        raise ScaffoldError(f"“{text}”可指多个单位，请写单位编号：{choices}")
    names = {a.name: a.id for a in agencies.values()} | {a.short: a.id for a in agencies.values()}
    close = difflib.get_close_matches(text, list(names), n=1, cutoff=0.5)
    hint = ""
    if close:
        found = names.get(close[0], close[0])
        hint = f"；是否指 {found}（{agencies[found].name}）？"
    raise ScaffoldError(
        f"承办单位“{value}”未在 events/agencies.yml 中登记{hint}"
        f"（已登记：{'、'.join(sorted(agencies))}）"
    )


def check_agency(value: str, agencies: Mapping[str, Agency]) -> None:
    """Accept a unit's id, full name or short name (see :func:`agency_id`)."""
    agency_id(value, agencies)


def check_stage(value: str) -> None:
    if value not in STAGES:
        raise ScaffoldError(f"未知的阶段“{value}”，可选：{_stage_choices()}")


def check_theme(value: str) -> None:
    if not value.strip() or any(ch in value for ch in "\r\n"):
        raise ScaffoldError("开放主题须为一行文字，不能为空")


def check_slug(value: str) -> None:
    if not ID_PATTERN.match(value):
        raise ScaffoldError(
            f"英文短名“{value}”无效：只用小写字母、数字和“-”，如 open-day、liangcang"
        )


def check_answers(request: Request) -> None:
    """Refuse answers that no file could carry, before anything is written."""
    check_slug(request.slug)
    check_theme(request.theme)
    check_stage(request.stage)
    for label, text in zip(("开始", "结束"), request.times, strict=True):
        if not _is_clock(text):
            raise ScaffoldError(f"{label}时刻“{text}”无效，应写作 09:00")
    if request.times[1] <= request.times[0] and _is_clock(request.times[0]):
        raise ScaffoldError(f"结束时刻（{request.times[1]}）须晚于开始时刻（{request.times[0]}）")


def _stage_choices() -> str:
    return "、".join(f"{stage}（{name}）" for stage, name in STAGE_NAMES.items())


def _is_clock(text: str) -> bool:
    parts = text.split(":")
    return (
        len(parts) == 2
        and all(p.isascii() and p.isdigit() and len(p) == 2 for p in parts)
        and int(parts[0]) < 24
        and int(parts[1]) < 60
    )


# --- the numbers a fresh file needs to pass the policy ---------------------------------


def notice_date(first_day: date, policy: Policy) -> date:
    """A publication date that meets the lead time, with a day to spare."""
    lead = policy.lead_days if policy.lead_days is not None else 9
    return first_day - timedelta(days=lead + 1)


def capacity(policy: Policy) -> int:
    """A participant count within every bound the policy sets (one site)."""
    value = 15
    if policy.capacity_min is not None:
        value = max(value, policy.capacity_min)
    for bound in (policy.capacity_max_per_site, policy.capacity_warn_per_site):
        if bound is not None:
            value = min(value, bound)
    return max(value, 1)


def attendees(total: int, policy: Policy) -> dict[str, int]:
    """A composition of ``total`` that meets the citizens' share and leaves out excluded groups."""
    groups = {"public": 0, "deputies": 0, "members": 0, "media": 0}
    for group in ("deputies", "members"):
        if group not in policy.excluded_groups:
            groups[group] = total // 5
    if "media" not in policy.excluded_groups:
        groups["media"] = min(2, total // 5)
    groups["public"] = total - sum(groups.values())
    share = policy.public_share_min or Fraction(0)
    while groups["public"] < share * total:
        taker = max(("deputies", "members", "media"), key=lambda g: groups[g])
        groups[taker] -= 1
        groups["public"] += 1
    return {group: count for group, count in groups.items() if count or group == "public"}


def formats(policy: Policy) -> list[str]:
    """进机关 and 座谈交流, plus one form of every group the policy requires."""
    chosen = ["office", "forum"]
    for group in policy.required_formats:
        if not set(group) & set(chosen):
            chosen.append(group[0])
    return chosen


def _due_offset(deadline: Any) -> int:
    return min(7, deadline.days) if deadline is not None else 7


# --- the comments: the schema's words and the policy's rules --------------------------


def _node(path: tuple[str, ...]) -> dict:
    node: dict = shape.schema("event")
    for key in path:
        if node.get("type") == "array":
            node = node.get("items", {})
        node = node.get("properties", {}).get(key, {})
    return node


#: What the record rules of the contract (not the policy) ask of a key, for staff to read.
CONTRACT_CLAUSES = {
    "start": "发布公告后须写明确切时刻，如 2023-09-20 09:00；时段只能用于计划",
    "published": "发布后不得更改",
    "registration.deadline": "须早于活动开始，且不早于发布日期；可加时刻，如 2023-09-15 17:00",
    "report.summary": privacy.RULE,
    "feedback.items.opinion": privacy.RULE,
    "feedback.items.response": privacy.RULE,
}


def rules_for(path: tuple[str, ...], policy: Policy, agency: Agency, year: int) -> list[str]:
    """The rules the key at ``path`` must meet, in Chinese, one clause each: the policy's
    as its rules explain themselves, then the contract's, then whether the notice must
    carry the item."""
    key = ".".join(path)
    found = rules.explain(path, policy, agency, year)
    if key in CONTRACT_CLAUSES:
        found.append(CONTRACT_CLAUSES[key])
    item = _ITEMS.get(key)
    if item is not None:
        if item in policy.required_items:
            found.append("本地规定公告必须载明此项")
        else:
            found.append("本地规定未要求；公告未写明时可删去此项，公告页不显示")
    return found


#: The announcement items a policy may require, by the key that holds each.
_ITEMS = {".".join(path): item for item, (path, _) in NOTICE_ITEM_NAMES.items()}


# --- the text ---------------------------------------------------------------------------


def _scalar(value: Any) -> str:
    """A YAML scalar that reads back as exactly ``value`` (plain when safe, else quoted)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(value)
    if isinstance(value, int):
        return str(value)
    safe = (
        value == value.strip()
        and value
        and "#" not in value
        and ": " not in value
        and not value.endswith(":")
        and yaml.safe_load(f"k: {value}") == {"k": value}
    )
    return value if safe else json.dumps(value, ensure_ascii=False)


def _invitee(entry: str | dict[str, Any]) -> str:
    if isinstance(entry, str):
        return _scalar(entry)
    pairs = ", ".join(f"{k}: {_scalar(v)}" for k, v in entry.items() if v is not None)
    return "{" + pairs + "}"


def _flow(values: list[str]) -> str:
    return "[" + ", ".join(_scalar(v) for v in values) + "]"


def _block(text: str, indent: int) -> str | None:
    """``|`` and the lines of ``text``, or None when a block scalar cannot carry it exactly."""
    lines = text.rstrip("\n").split("\n")
    if not lines[0] or lines[0][0] in " \t" or any(line.endswith((" ", "\t")) for line in lines):
        return None
    pad = " " * indent
    body = "\n".join(pad + line if line else "" for line in lines)
    return "|\n" + body


class _Writer:
    """Lines of the file; each key preceded by its comment, each default marked."""

    def __init__(self, policy: Policy, agency: Agency, year: int):
        self.policy = policy
        self.agency = agency
        self.year = year
        self.lines: list[str] = []

    def comment(self, path: tuple[str, ...], indent: int, extra: str = "") -> None:
        node = _node(path)
        pad = " " * indent
        title = node.get("title") or path[-1]
        description = node.get("description", "")
        self.lines.append(f"{pad}# {title}：{description}{extra}".rstrip())
        rules = rules_for(path, self.policy, self.agency, self.year)
        if rules:
            self.lines.append(f"{pad}#   规则：{'；'.join(rules)}")

    def value(
        self, path: tuple[str, ...], text: str, *, check: bool = True, indent: int = 0, extra=""
    ) -> None:
        self.comment(path, indent, extra)
        mark = f"  # {CHECK_MARK}" if check else ""
        self.lines.append(f"{' ' * indent}{path[-1]}: {text}{mark}")

    def markdown(self, path: tuple[str, ...], text: str, *, indent: int = 0) -> None:
        block = _block(text, indent + 2)
        if block is None:
            self.value(path, _scalar(text), indent=indent)
            return
        self.comment(path, indent)
        header, body = block.split("\n", 1)
        self.lines.append(f"{' ' * indent}{path[-1]}: {header}  # {CHECK_MARK}")
        self.lines.append(body)

    def items(self, path: tuple[str, ...], values: list[str], *, indent: int = 0) -> None:
        self.comment(path, indent)
        self.lines.append(f"{' ' * indent}{path[-1]}:  # {CHECK_MARK}")
        self.lines.extend(f"{' ' * indent}  - {_scalar(v)}" for v in values)

    def optional(self, path: tuple[str, ...], example: str, *, indent: int = 0) -> None:
        """A key left out, shown as a comment to uncomment when it applies."""
        self.comment(path, indent, "（可选，需要时删去行首的“# ”）")
        self.lines.append(f"{' ' * indent}# {path[-1]}: {example}")

    def heading(self, path: tuple[str, ...], *, indent: int = 0) -> None:
        self.comment(path, indent)
        self.lines.append(f"{' ' * indent}{path[-1]}:")

    def blank(self) -> None:
        self.lines.append("")


def _moment_text(day: Moment, clock: str | None) -> str:
    if day.precision == "period" or clock is None:
        return day.text
    return f"{day.first_day.isoformat()} {clock}"


_CLOCK = re.compile(r"[ T]([0-9]{1,2}):([0-9]{2})")


def _template_times(template: dict[str, Any], times: tuple[str, str]) -> tuple[str, str]:
    """The earlier event's times of day, unless the answers named others."""
    if times != DEFAULT_TIMES:
        return times
    found = []
    for key, default in zip(("start", "end"), DEFAULT_TIMES, strict=True):
        match = _CLOCK.search(template.get(key) or "")
        clock = f"{int(match[1]):02d}:{match[2]}" if match else default
        found.append(clock if _is_clock(clock) else default)
    return found[0], found[1]


def _summary(agency: Agency, theme: str, day: date, count: int) -> str:
    return (
        f"{day.month}月{day.day}日，{agency.short}举办以“{theme}”为主题的“政府开放日”活动，"
        f"群众代表、人大代表、政协委员和媒体记者等共{count}人参加。\n"
        "\n"
        "参加人员实地参观了解相关工作流程，并在座谈交流中围绕群众关心的问题提出意见建议，"
        f"{agency.short}负责同志现场作了回应，其余意见将在规定时限内办理并公开反馈。\n"
    )


def _content(agency: Agency, chosen: list[str]) -> str:
    steps = [f"参观{agency.short}办公场所，了解主要职能和办事流程；"]
    steps.append("座谈交流：介绍相关工作情况，听取意见建议；")
    if "survey" in chosen:
        steps.append("填写满意度调查问卷，活动结束。")
    else:
        steps[-1] = steps[-1].rstrip("；") + "，活动结束。"
    return "".join(f"{i}. {step}\n" for i, step in enumerate(steps, 1))


def render(request: Request, policy: Policy, tz: tzinfo) -> str:
    """The text of the new event file; it passes ``openday check`` as written."""
    check_answers(request)
    day = parse_day(request.day, request.stage, tz)
    agency, stage, template = request.agency, request.stage, request.template
    first = day.first_day
    reached = STAGES.index(stage)
    start_clock, end_clock = _template_times(template, request.times)
    timed = reached >= 1 or day.precision == "day" and request.times != DEFAULT_TIMES

    w = _Writer(policy, agency, first.year)
    w.lines += [
        SCHEMA_LINE,
        f"# {agency.name}“政府开放日”活动记录（{STAGE_NAMES[stage]}阶段），由 openday new 生成"
        + f"，依据政策预设 {policy.name}"
        + ("（含 mkdocs.yml 中的覆盖）" if policy.overrides else "")
        + "。",
        f"# 标有“{CHECK_MARK}”的值是按你的回答预填的，请逐项改成实际情况；“#”开头的说明文字可以保留。",
        "# 保存后运行 openday check（或看 mkdocs serve 的终端）查看问题。",
        "",
    ]
    w.value(("agency",), agency.id, check=False, extra=f"（{agency.name}）")
    w.value(("theme",), _scalar(request.theme.strip()))
    copied = _copied_sessions(template, first, tz) if reached >= 1 else None
    if copied:
        _write_sessions(w, copied)
    else:
        w.value(("start",), _moment_text(day, start_clock if timed else None))
        if timed:
            w.value(("end",), f"{first.isoformat()} {end_clock}")
        else:
            w.optional(("end",), f"{first.isoformat()} {DEFAULT_TIMES[1]}")
    filed = first - timedelta(days=20)
    if policy.plan_filed_by is not None and policy.plan_filed_by.year == first.year:
        filed = min(filed, policy.plan_filed_by)
    w.optional(("filed",), filed.isoformat())
    if reached == 0:
        w.lines += [
            "",
            "# 发布公告时在本文件中补充公告的各项（published、title、venue 等），写法见站点"
            "“帮助 > 工作人员指南”；",
            "# 定下日期后，运行下面的命令可显示公告须填写的全部事项（不写文件）：",
            f"#   openday new --agency {agency.id} --date {first.isoformat()} "
            f"--theme {shlex.quote(request.theme.strip())} --slug {request.slug} "
            "--stage notice --print",
        ]
        return "\n".join(w.lines) + "\n"

    published = notice_date(first, policy)
    count = template.get("capacity") or capacity(policy)
    chosen = template.get("formats") or formats(policy)
    w.blank()
    w.lines.append("# —— 活动公告：以下是公告须载明的全部事项 ——")
    w.value(("title",), _scalar(template.get("title") or f"{agency.name}“政府开放日”活动公告"))
    w.value(("published",), published.isoformat())
    tour = template.get("tour")
    venue = template.get("venue") or agency.name
    if isinstance(tour, dict) and tour.get("meeting") and tour.get("stops"):
        _write_tour(w, tour, _shift(template, first, tz), tz)
    elif copied and not template.get("venue"):
        pass  # each copied session names its own place
    elif isinstance(venue, list):
        w.items(("venue",), venue)
    else:
        w.value(("venue",), _scalar(venue), extra="请写明开放点的具体地址。")
    if template.get("capacity") or not copied or not all(c.get("capacity") for c in copied):
        w.value(("capacity",), str(count))
    _other_forms(w, first, start_clock, end_clock)
    if template.get("invitees"):
        # Last year's categories as its notice named them; attendees would then clash.
        w.comment(("invitees",), 0)
        w.lines.append(f"invitees:  # {CHECK_MARK}")
        w.lines.extend(f"  - {_invitee(entry)}" for entry in template["invitees"])
    else:
        groups = template.get("attendees") or attendees(count, policy)
        groups = {k: v for k, v in groups.items() if v is not None}
        pairs = ", ".join(f"{k}: {v}" for k, v in groups.items())
        w.value(("attendees",), "{" + pairs + "}")
        w.optional(("invitees",), "[群众代表, 企业代表]")
    w.items(("leaders",), template.get("leaders") or [f"{agency.short}主要负责同志"])
    if template.get("co_hosts"):
        w.items(("co_hosts",), template["co_hosts"])
    else:
        w.optional(("co_hosts",), "[协办单位全称]")
    _registration(w, template.get("registration") or {}, published, first)
    w.value(("formats",), _flow(chosen))
    w.markdown(("content",), template.get("content") or _content(agency, chosen))
    contact = template.get("contact") or {}
    w.heading(("contact",))
    w.value(("contact", "name"), _scalar(contact.get("name") or f"{agency.short}办公室"), indent=2)
    phone = request.phone or contact.get("phone")
    if phone:
        w.value(("contact", "phone"), json.dumps(phone), indent=2)
    else:
        # No number is made up: a placeholder would pass the check and go public as a fact.
        w.comment(("contact", "phone"), 2, "（尚未填写：删去行首的“# ”并写上本单位的联系电话）")
        w.lines.append("  # phone: ")
    if contact.get("email"):
        w.value(("contact", "email"), _scalar(contact["email"]), indent=2)
    else:
        w.optional(("contact", "email"), "openday@example.gov.cn", indent=2)
    w.markdown(
        ("reminders",),
        template.get("reminders")
        or "1. 请携带本人身份证，于活动开始前15分钟到达签到。\n2. 活动全程免费，交通自理。\n",
    )
    keywords = template.get("keywords")
    if keywords:
        text = _scalar(keywords) if isinstance(keywords, str) else _flow(keywords)
        w.value(("keywords",), text)
    else:
        w.optional(("keywords",), "政务公开 政府开放日")
    if template.get("livestream"):
        w.value(("livestream",), _scalar(template["livestream"]))
    w.optional(("attachments",), "[报名表.docx]")
    w.optional(("status",), "cancelled")
    if reached == 1:
        return "\n".join(w.lines) + "\n"

    w.blank()
    w.lines.append("# —— 活动报道：活动结束后填写 ——")
    w.heading(("report",))
    report_day = first + timedelta(days=1)
    w.optional(("report", "title"), f"{agency.short}举办“政府开放日”活动", indent=2)
    w.value(("report", "published"), report_day.isoformat(), indent=2)
    w.value(("report", "attendance"), str(count), indent=2)
    w.markdown(
        ("report", "summary"), _summary(agency, request.theme.strip(), first, count), indent=2
    )
    w.optional(("report", "images"), "[photo-1.jpg]", indent=2)
    w.optional(("report", "alt"), '["座谈交流会现场"]', indent=2)
    if reached == 2:
        return "\n".join(w.lines) + "\n"

    w.blank()
    w.lines.append("# —— 意见反馈：意见建议办理后填写 ——")
    w.heading(("feedback",))
    answered = first + timedelta(days=_due_offset(policy.feedback_due))
    w.value(("feedback", "published"), answered.isoformat(), indent=2)
    w.comment(("feedback", "items"), 2)
    w.lines.append(f"  items:  # {CHECK_MARK}：每条意见一项，照下面的格式续写")
    item = (
        ("topic", "活动组织"),
        ("opinion", "建议今后多举办此类活动，扩大群众参与面。"),
        ("from", "public"),
        ("status", "adopted"),
        ("response", "将结合年度工作安排适时增加开放场次，提高群众代表比例。"),
    )
    for i, (key, text) in enumerate(item):
        w.comment(("feedback", "items", key), 4 if i == 0 else 6)
        prefix = "    - " if i == 0 else "      "
        w.lines.append(f"{prefix}{key}: {_scalar(text)}")
    return "\n".join(w.lines) + "\n"


def _other_forms(w: _Writer, first: date, start: str, end: str) -> None:
    """Commented-out forms for what a real notice may say instead of one time at one place:
    a date without a time, a tentative time, a tour, several sessions."""
    w.blank()
    w.lines.append(
        "# —— 公告的时间地点另有写法时，照公告原文选用下列各项（不要编造公告没写的时刻和地点）——"
    )
    w.optional(("date_only",), "true")
    w.optional(("tentative",), "true")
    day, later = first.isoformat(), (first + timedelta(days=1)).isoformat()
    w.comment(("tour",), 0, "（可选，需要时删去行首的“# ”，并删去上面的 venue）")
    w.lines += [
        "# tour:",
        "#   meeting: 集合地点",
        "#   transport: 统一乘车",
        "#   stops:",
        f'#     - time: "{start}"',
        "#       place: 第一站地点",
        "#       activity: 参观内容",
        "#     - place: 第二站地点",
    ]
    w.comment(("sessions",), 0, "（可选，需要时删去行首的“# ”，并删去上面的 start、end）")
    w.lines += [
        "# sessions:",
        '#   - id: "1"',
        f"#     start: {day} {start}",
        f"#     end: {day} {end}",
        '#   - id: "2"',
        f"#     start: {later} {start}",
        f"#     end: {later} {end}",
        "#     venue: 第二场的地点",
    ]
    w.blank()


def _registration(w: _Writer, old: dict[str, Any], published: date, first: date) -> None:
    methods = old.get("methods") or ["phone", "onsite"]
    deadline = max(published, first - timedelta(days=3))
    w.heading(("registration",))
    w.value(("registration", "methods"), _flow(methods), indent=2)
    if old.get("url"):
        w.value(("registration", "url"), _scalar(old["url"]), indent=2)
    else:
        w.optional(("registration", "url"), "https://", indent=2)
    for key, example in (("email", "openday@example.gov.cn"), ("wechat", "公众号名称")):
        if old.get(key):
            w.value(("registration", key), _scalar(old[key]), indent=2)
        else:
            w.optional(("registration", key), example, indent=2)
    if any(m not in CLOSED_METHODS for m in methods):
        w.value(("registration", "deadline"), deadline.isoformat(), indent=2)
    if old.get("eligibility"):
        w.items(("registration", "eligibility"), old["eligibility"], indent=2)
    else:
        w.optional(("registration", "eligibility"), "[年满18周岁]", indent=2)
    if old.get("selection"):
        w.value(("registration", "selection"), old["selection"], indent=2)
    else:
        w.optional(("registration", "selection"), "first_come", indent=2)
    # How places are given out is the unit's decision: nothing is written for it.
    if old.get("note"):
        w.markdown(("registration", "note"), old["note"], indent=2)
    else:
        w.optional(("registration", "note"), "报名说明", indent=2)


def load_template(
    project: Path, event_id: str, policy: Policy, tz: tzinfo, today: date
) -> tuple[str, str, dict[str, Any]]:
    """The agency id, slug and shape-checked record of the earlier event ``event_id``, read
    by the checker's pipeline.

    ``event_id`` is ``<agency>/<YYYY-MM-DD>-<slug>``; a path under ``events/`` is accepted too.
    """
    event_id = event_id.strip().removeprefix("./").removeprefix(f"{EVENTS_DIR}/")
    event_id = event_id.removesuffix(".yml")
    relative = f"{EVENTS_DIR}/{event_id}.yml"
    parts = event_id.split("/")
    if len(parts) != 2 or not _EVENT_NAME.match(parts[1]):
        raise ScaffoldError(f"“{event_id}”不是活动编号，应写作 单位编号/YYYY-MM-DD-英文短名")
    if not os.path.lexists(project / relative):
        raise ScaffoldError(f"找不到活动文件 {relative}")
    checked = check_project(project, policy, tz, today, only=[relative], judge=False, keep=True)
    record = checked.records.get(relative)
    if record is None or record.source is None:
        problem = next(p for p in checked.problems if p.path == relative)
        raise ScaffoldError(f"无法读取 {relative}：{problem}")
    data = record.data
    if not isinstance(data, dict):
        raise ScaffoldError(f"{relative} 不是活动记录")
    kept = {k: v for k, v in data.items() if v is not None}
    return parts[0], parts[1][11:], kept


_EVENT_NAME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9]+(?:-[a-z0-9]+)*\Z")


def _first_start(template: dict[str, Any]) -> Any:
    """The earlier event's start: its ``start``, or its first session's."""
    sessions = template.get("sessions")
    if not template.get("start") and isinstance(sessions, list) and sessions:
        first = sessions[0]
        return first.get("start") if isinstance(first, dict) else None
    return template.get("start")


def _shift(template: dict[str, Any], first: date, tz: tzinfo) -> timedelta | None:
    """How far the new event lies after the earlier one (None when that has no firm day)."""
    text = _first_start(template)
    try:
        old = parse_moment(text, tz, allow_period=False) if isinstance(text, str) else None
    except TimeFormatError:
        return None
    return first - old.first_day if old is not None else None


def _moved(text: Any, shift: timedelta | None, tz: tzinfo) -> str | None:
    """A date or time of the earlier event moved by ``shift``, written as records write it."""
    if not isinstance(text, str) or shift is None:
        return None
    try:
        moment = parse_moment(text, tz, allow_period=False)
    except TimeFormatError:
        return None
    day = (moment.first_day + shift).isoformat()
    if moment.at is None:
        return day
    local = moment.at.astimezone(tz)
    return f"{day} {local.hour:02d}:{local.minute:02d}"


def _copied_sessions(template: dict[str, Any], first: date, tz: tzinfo) -> list[dict] | None:
    """The earlier event's sessions moved to the new date, spaced as they were; None when
    it had none, or when one of them has no firm day to move."""
    sessions = template.get("sessions")
    if not isinstance(sessions, list) or len(sessions) < 2:
        return None
    shift = _shift(template, first, tz)
    copied = []
    for session in sessions:
        if not isinstance(session, dict) or not session.get("id"):
            return None
        start = _moved(session.get("start"), shift, tz)
        if start is None:
            return None
        item = {key: session[key] for key in ("id", "name", "venue", "capacity") if key in session}
        item["start"] = start
        end = _moved(session.get("end"), shift, tz)
        if end is not None:
            item["end"] = end
        copied.append(item)
    return copied


def _write_sessions(w: _Writer, sessions: list[dict]) -> None:
    w.comment(("sessions",), 0)
    w.lines.append(f"sessions:  # {CHECK_MARK}")
    for session in sessions:
        lines = [f"id: {json.dumps(str(session['id']))}"]
        for key in ("name", "start", "end", "venue", "capacity"):
            value = session.get(key)
            if isinstance(value, list):
                lines.append(f"{key}: {_flow([str(v) for v in value])}")
            elif isinstance(value, int):
                lines.append(f"{key}: {value}")
            elif value is not None:
                lines.append(f"{key}: {_scalar(str(value))}")
        w.lines.append(f"  - {lines[0]}")
        w.lines.extend(f"    {line}" for line in lines[1:])


def _write_tour(w: _Writer, tour: dict[str, Any], shift: timedelta | None, tz: tzinfo) -> None:
    w.comment(("tour",), 0)
    w.lines.append(f"tour:  # {CHECK_MARK}")
    w.lines.append(f"  meeting: {_scalar(str(tour['meeting']))}")
    if tour.get("transport"):
        w.lines.append(f"  transport: {_scalar(str(tour['transport']))}")
    w.lines.append("  stops:")
    for stop in tour["stops"]:
        if not isinstance(stop, dict) or not stop.get("place"):
            continue
        lines = []
        time_text = stop.get("time")
        if isinstance(time_text, str):
            # A clock time stays; a full one moves with the event (dropped if it cannot).
            moved = time_text if ":" in time_text and "-" not in time_text else None
            moved = moved or _moved(time_text, shift, tz)
            if moved:
                lines.append(f"time: {json.dumps(moved)}")
        lines.append(f"place: {_scalar(str(stop['place']))}")
        if stop.get("activity"):
            lines.append(f"activity: {_scalar(str(stop['activity']))}")
        w.lines.append(f"    - {lines[0]}")
        w.lines.extend(f"      {line}" for line in lines[1:])


def next_year_day(template: dict[str, Any], tz: tzinfo) -> str | None:
    """The earlier event's day (or period) one year on, as an answer to “活动日期”."""
    text = _first_start(template)
    if not isinstance(text, str):
        return None
    try:
        moment = parse_moment(text, tz, allow_period=True)
    except TimeFormatError:
        return None
    if moment.precision == "period":
        year, rest = moment.text.split("-", 1)
        return f"{int(year) + 1}-{rest}"
    old = moment.first_day
    try:
        return old.replace(year=old.year + 1).isoformat()
    except ValueError:  # 29 February
        return old.replace(year=old.year + 1, day=28).isoformat()


def template_stage(template: dict[str, Any]) -> Stage:
    """The stage a copy of an earlier event starts in: a notice if that one was announced."""
    return "notice" if template.get("published") else "plan"
