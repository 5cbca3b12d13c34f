"""From shape-checked data to domain objects, with the contract's record-level rules.

The shape stage has already checked keys and types against the schema. Here
the text values get their meaning (dates, times, phone numbers), and the
rules of ``spec/event-format.md`` that hold in every jurisdiction are
applied: file naming, the stages, time order, registration and contact
details, report images, answers and privacy. Jurisdiction rules live in
:mod:`openday.rules`.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime, tzinfo
from pathlib import Path, PurePosixPath
from typing import Any

from . import markup, privacy
from .model import (
    Agency,
    Answer,
    Attendees,
    Contact,
    Event,
    Feedback,
    Image,
    Notice,
    Registration,
    Report,
    Session,
    Stop,
    Tour,
)
from .problems import Problem
from .timeparse import Moment, TimeFormatError, parse_date, parse_moment
from .urls import RESERVED_IDS
from .yamlsource import Path as KeyPath
from .yamlsource import Source

EVENTS_DIR = "events"

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_FILE_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.yml\Z")
_PHONE = re.compile(
    r"(?:0\d{2,3}-\d{7,8}(?:-\d{1,6})?"  # landline with area code, optional extension
    r"|1[3-9]\d{9}"  # mobile
    r"|1\d{4}|9\d{4}"  # service lines: 12345, 12315, 95xxx
    r"|[48]00-?\d{3}-?\d{4})\Z"
)
_IMAGE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.(?:jpe?g|png|webp|gif)\Z", re.IGNORECASE)


def build_agencies(source: Source, data: dict) -> tuple[dict[str, Agency], list[Problem]]:
    agencies: dict[str, Agency] = {}
    problems: list[Problem] = []
    for agency_id, entry in (data or {}).items():
        if entry is None or not ID_PATTERN.match(agency_id):
            continue
        if agency_id.replace("-", "").isdigit():
            problems.append(
                source.problem(
                    (agency_id,),
                    "E-AGENCY",
                    f"单位编号“{agency_id}”不能只由数字组成（会与年份日历 calendar/<年>.ics 冲突）",
                    on_key=True,
                )
            )
            continue
        if agency_id in RESERVED_IDS:
            reserved = "、".join(sorted(RESERVED_IDS))
            problems.append(
                source.problem(
                    (agency_id,),
                    "E-AGENCY",
                    f"单位编号“{agency_id}”是栏目保留字，请换一个（保留字：{reserved}）",
                    on_key=True,
                )
            )
            continue
        if not all(entry.get(key) for key in ("name", "kind", "region")):
            continue
        agencies[agency_id] = Agency(
            id=agency_id,
            name=entry["name"],
            short=entry.get("short") or entry["name"],
            kind=entry["kind"],
            region=tuple(entry["region"].split("/")),
            index_prefix=entry.get("index_prefix") or agency_id,
            owners=tuple(owner for owner in entry.get("owners") or () if owner),
        )
    return agencies, problems


class _Record:
    """Reads one shape-checked event record, collecting problems as it goes."""

    def __init__(self, source: Source, data: dict, project: Path, tz: tzinfo):
        self.source = source
        self.data = data
        self.project = project
        self.tz = tz
        self.problems: list[Problem] = []

    def report(self, path: KeyPath, code: str, message: str, *, on_key: bool = False) -> None:
        self.problems.append(self.source.problem(path, code, message, on_key=on_key))

    def get(self, *path: str | int) -> Any:
        value: Any = self.data
        for key in path:
            if isinstance(value, dict):
                value = value.get(key)
            elif isinstance(value, list) and isinstance(key, int) and key < len(value):
                value = value[key]
            else:
                return None
        return value

    def date(self, *path: str | int) -> date | None:
        text = self.get(*path)
        if text is None:
            return None
        try:
            return parse_date(text)
        except TimeFormatError as exc:
            self.report(path, "E-FORMAT", str(exc))
            return None

    def moment(self, key: str | KeyPath, *, allow_period: bool) -> Moment | None:
        path = (key,) if isinstance(key, str) else key
        text = self.get(*path)
        if text is None:
            return None
        try:
            return parse_moment(text, self.tz, allow_period=allow_period)
        except TimeFormatError as exc:
            self.report(path, "E-FORMAT", str(exc))
            return None


#: Markdown fields: sanitized on output, and reported here when they carry what the
#: sanitizer removes, so staff learn which line it was.
MARKDOWN_FIELDS = (
    ("content",), ("reminders",), ("status_note",), ("registration", "note"),
    ("report", "summary"),
)  # fmt: skip
ANSWER_MARKDOWN_FIELDS = ("opinion", "response")


def _check_privacy(record: _Record, path: KeyPath, label: str) -> None:
    """Reports and answers are published as written: no phone, ID number or e-mail in them."""
    text = record.get(*path)
    if not isinstance(text, str):
        return
    for offset, finding in privacy.scan(text):
        line, col = record.source.line_in(path, offset, text)
        record.problems.append(Problem(record.source.path, line, col, "E-PRIVACY", label + finding))


def _check_markup(record: _Record) -> None:
    paths = list(MARKDOWN_FIELDS)
    for i, _ in enumerate(record.get("feedback", "items") or []):
        paths += [("feedback", "items", i, key) for key in ANSWER_MARKDOWN_FIELDS]
    for path in paths:
        text = record.get(*path)
        if not isinstance(text, str):
            continue
        for offset, what in markup.findings(text):
            line, col = record.source.line_in(path, offset, text)
            code = "E-CONTROL" if what.startswith("含有控制字符") else "W-MARKUP"
            record.problems.append(Problem(record.source.path, line, col, code, what))


def build_event(
    source: Source, data: dict, agencies: dict[str, Agency], tz: tzinfo, project: Path
) -> tuple[Event | None, list[Problem]]:
    """Build the :class:`Event` of one record; ``None`` when it cannot stand.

    ``source.path`` is relative to ``project``, the folder holding ``mkdocs.yml``.
    """
    record = _Record(source, data, project, tz)
    event = _build(record, agencies)
    _check_markup(record)
    return event, record.problems


def _identity(record: _Record) -> tuple[str, str | None, date | None]:
    """The event id from the file path, and the folder and file-name date it claims."""
    relative = PurePosixPath(record.source.path).relative_to(EVENTS_DIR)
    folder = relative.parts[0] if len(relative.parts) == 2 else None
    event_id = str(relative.with_suffix(""))
    if folder is None:
        record.report((), "E-FILENAME", "活动文件须放在 events/<单位编号>/ 文件夹中")
        return event_id, None, None
    if not ID_PATTERN.match(folder):
        record.report((), "E-FILENAME", f"文件夹名“{folder}”须为单位编号：小写字母、数字和“-”")
    match = _FILE_NAME.match(relative.name)
    if not match:
        record.report(
            (),
            "E-FILENAME",
            f"文件名“{relative.name}”不符合规定：应为 YYYY-MM-DD-英文短名.yml，"
            "短名只用小写字母、数字和“-”，如 2023-09-20-open-day.yml",
        )
        return event_id, folder, None
    try:
        return event_id, folder, parse_date(match[1])
    except TimeFormatError as exc:
        record.report((), "E-FILENAME", f"文件名中的日期{exc}")
        return event_id, folder, None


def _build(record: _Record, agencies: dict[str, Agency]) -> Event | None:
    event_id, folder, file_day = _identity(record)
    agency_id = record.get("agency")
    agency = agencies.get(agency_id) if agency_id else None
    if agency_id and agency is None:
        record.report(
            ("agency",), "E-AGENCY", f"承办单位“{agency_id}”未在 events/agencies.yml 中登记"
        )
    elif agency_id and folder and agency_id != folder:
        record.report(
            ("agency",),
            "E-AGENCY",
            f"承办单位（agency）“{agency_id}”须与所在文件夹“{folder}”一致",
        )

    published = "published" in record.data
    date_only = record.get("date_only") is True
    sessions: tuple[Session, ...] = ()
    if "sessions" in record.data:
        sessions = _sessions(record, published, date_only)
        start, end = _span(sessions)
    else:
        start = record.moment("start", allow_period=True)
        end = record.moment("end", allow_period=False)
        _check_times(record, (), "", start, end, published, date_only)
    status = record.get("status")
    moved = status == "postponed" and start is not None and file_day is not None
    if moved and start.first_day < file_day:
        record.report(
            ("start",),
            "E-FILENAME",
            f"延期活动的开始时间（{start.first_day.isoformat()}）不能早于文件名中的原定日期 "
            f"{file_day.isoformat()}",
        )
    elif not moved and start is not None and file_day is not None and start.first_day != file_day:
        what = "时段的第一天" if start.is_fuzzy else "开始日期"
        where: KeyPath = ("start",)
        if sessions:
            first = next(s for s in sessions if s.start is start)
            what = f"最早一场（第{first.number}场）的{what}"
            where = ("sessions", first.number - 1, "start")
        record.report(
            where,
            "E-FILENAME",
            f"文件名中的日期 {file_day.isoformat()} 须与"
            + ("" if sessions else "开始时间（start）的")
            + f"{what} {start.first_day.isoformat()} 一致",
        )

    label = "取消" if status == "cancelled" else "延期"
    if status and not record.get("status_note"):
        record.report(
            ("status",),
            "E-REQUIRED",
            f"活动{label}须填写状态说明（status_note），向公众说明原因和安排",
        )
    if status and published and not record.get("updated"):
        record.report(
            ("status",),
            "E-REQUIRED",
            f"已发布公告的活动{label}，须填写更新日期（updated），公告页据此标明{label}的日期",
        )

    tour = _tour(record, start, end, sessions) if "tour" in record.data else None
    notice = _notice(record, start, sessions, tour) if published else None
    venue = record.get("venue")
    shared = (venue,) if isinstance(venue, str) else tuple(venue or ())
    if tour is not None:
        shared = (tour.meeting,)  # each session's group sets out from the meeting point
    if sessions and shared:
        # A session without a place of its own is held where the notice says.
        sessions = tuple(s if s.venues else dataclasses.replace(s, venues=shared) for s in sessions)
    report = _report(record, start, end, status) if "report" in record.data else None
    feedback = _feedback(record, start, end) if "feedback" in record.data else None
    if ("report" in record.data or "feedback" in record.data) and not published:
        key = "report" if "report" in record.data else "feedback"
        record.report((key,), "E-STAGE", "尚未发布公告（缺少 published）的活动不能填写报道或反馈")
    if feedback is not None and status == "cancelled":
        record.report(("feedback",), "E-STAGE", "已取消的活动不能发布意见反馈")

    if agency is None or start is None or folder is None or file_day is None:
        return None  # without a valid id there is no URL, UID or 索引号 to publish under
    return Event(
        id=event_id,
        path=record.source.path,
        agency=agency,
        theme=record.get("theme"),
        start=start,
        end=end,
        status=status,
        status_note=record.get("status_note"),
        filed=record.date("filed"),
        notice=notice,
        report=report,
        feedback=feedback,
        sessions=sessions,
        date_only=date_only,
        tentative=record.get("tentative") is True,
    )


def _check_order(
    record: _Record, start: Moment | None, end: Moment | None, where: KeyPath = (), label: str = ""
) -> None:
    if start is None or end is None:
        return
    if start.at is not None and end.at is not None:
        if end.at <= start.at:
            record.report(
                (*where, "end"),
                "E-ORDER",
                f"{label}结束时间（{end.text}）须晚于开始时间（{start.text}）",
            )
    elif end.last_day < start.first_day:
        record.report(
            (*where, "end"),
            "E-ORDER",
            f"{label}结束时间（{end.text}）不能早于开始时间（{start.text}）",
        )


def _notice(
    record: _Record,
    start: Moment | None,
    sessions: tuple[Session, ...] = (),
    tour: Tour | None = None,
) -> Notice | None:
    published = record.date("published")
    registration = _registration(record, published, start)
    phone = record.get("contact", "phone")
    if phone and not _PHONE.match(phone):
        record.report(
            ("contact", "phone"),
            "E-PHONE",
            f"联系电话“{phone}”格式不正确：应为带区号的固定电话（如 0539-2251234）、"
            "11位手机号或服务热线（如 12345）",
        )
    if published and start is not None and published > start.first_day:
        record.report(
            ("published",),
            "E-ORDER",
            f"公告发布日期（{published.isoformat()}）晚于活动开始（{start.first_day.isoformat()}）",
        )
    updated = record.date("updated")
    if updated and published and updated < published:
        record.report(("updated",), "E-ORDER", "更新日期（updated）不能早于发布日期（published）")
    venues, capacity = _places(record, sessions, tour)
    keywords = record.get("keywords")
    attendees = record.get("attendees")
    if any(value is None for value in (published, registration, venues, capacity)):
        return None
    required = (
        "title",
        "leaders",
        "content",
        "formats",
        "contact",
        "reminders",
    )
    if any(record.get(key) is None for key in required) or not phone:
        return None
    return Notice(
        title=record.get("title"),
        published=published,
        registration=registration,
        capacity=capacity,
        leaders=tuple(record.get("leaders")),
        co_hosts=tuple(record.get("co_hosts") or ()),
        venues=venues,
        content=record.get("content"),
        formats=tuple(record.get("formats")),
        contact=Contact(record.get("contact", "name"), phone),
        reminders=record.get("reminders"),
        attendees=Attendees(**{k: v for k, v in attendees.items() if v is not None})
        if attendees
        else None,
        livestream=record.get("livestream"),
        index_no=record.get("index_no"),
        keywords=tuple(keywords.split()) if isinstance(keywords, str) else tuple(keywords or ()),
        updated=updated,
        revision=record.get("revision") or 0,
        tour=tour,
    )


def _registration(
    record: _Record, published: date | None, start: Moment | None
) -> Registration | None:
    methods = record.get("registration", "methods")
    if not methods:
        return None
    url = record.get("registration", "url")
    deadline = record.date("registration", "deadline")
    if "online" in methods and not url:
        record.report(
            ("registration", "methods"),
            "E-REQUIRED",
            "选择了网上报名（online），须填写报名网址（registration.url）",
        )
    open_call = any(method != "invitation" for method in methods)
    if open_call and "deadline" not in (record.get("registration") or {}):
        record.report(
            ("registration",),
            "E-REQUIRED",
            "公开报名须填写报名截止日期（registration.deadline）",
            on_key=True,
        )
    if deadline is not None and start is not None and deadline >= start.first_day:
        record.report(
            ("registration", "deadline"),
            "E-DEADLINE",
            f"报名截止日期（{deadline.isoformat()}）须早于活动开始（{start.first_day.isoformat()}）",
        )
    if deadline is not None and published is not None and deadline < published:
        record.report(
            ("registration", "deadline"),
            "E-DEADLINE",
            f"报名截止日期（{deadline.isoformat()}）不能早于公告发布日期（{published.isoformat()}）",
        )
    return Registration(tuple(methods), url, deadline, record.get("registration", "note"))


def _report(
    record: _Record, start: Moment | None, end: Moment | None, status: str | None
) -> Report | None:
    published = record.date("report", "published")
    if status == "cancelled":
        record.report(("report",), "E-STAGE", "已取消的活动不能发布活动报道", on_key=True)
    if published and start is not None and published < start.first_day:
        record.report(
            ("report", "published"),
            "E-ORDER",
            f"报道发布日期（{published.isoformat()}）早于活动开始（{start.first_day.isoformat()}）",
        )
    summary = record.get("report", "summary")
    images = record.get("report", "images") or []
    alts = record.get("report", "alt") or []
    _check_privacy(record, ("report", "summary"), "活动报道正文")
    for i, _ in enumerate(alts):
        _check_privacy(record, ("report", "alt", i), f"第 {i + 1} 张图片的说明")
    folder = PurePosixPath(record.source.path).with_suffix("")
    for i, name in enumerate(images):
        if name is None:
            continue
        if not _IMAGE.match(name) or "/" in name:
            record.report(
                ("report", "images", i),
                "E-IMAGE",
                f"图片文件名“{name}”无效：只用字母、数字、“-”“_”“.”，扩展名为 jpg、png、webp 或 gif",
            )
        elif not (record.project / folder / name).is_file():
            record.report(
                ("report", "images", i),
                "E-IMAGE",
                f"找不到图片文件 {folder}/{name}",
            )
        if i >= len(alts) or not (alts[i] or "").strip():
            record.report(
                ("report", "images", i),
                "E-ALT",
                f"第 {i + 1} 张图片缺少图片说明（report.alt 第 {i + 1} 项），视障读者需要它",
            )
    if len(alts) > len(images):
        record.report(("report", "alt"), "E-ALT", "图片说明（alt）比图片（images）多，须一一对应")
    if published is None or record.get("report", "attendance") is None or not summary:
        return None
    return Report(
        published=published,
        attendance=record.get("report", "attendance"),
        summary=summary,
        images=tuple(Image(name, alt) for name, alt in zip(images, alts, strict=False) if name),
    )


def _feedback(record: _Record, start: Moment | None, end: Moment | None) -> Feedback | None:
    published = record.date("feedback", "published")
    last_day = (end or start).last_day if (end or start) else None
    if published and last_day and published < last_day:
        record.report(
            ("feedback", "published"),
            "E-ORDER",
            f"反馈发布日期（{published.isoformat()}）早于活动结束（{last_day.isoformat()}）",
        )
    items = record.get("feedback", "items") or []
    answers = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        if item.get("status") not in (None, "adopted") and not item.get("response"):
            state = {
                "partly": "部分采纳",
                "in_progress": "办理中",
                "explained": "解释说明",
                "not_adopted": "暂不采纳",
            }[item["status"]]
            record.report(
                ("feedback", "items", i),
                "E-RESPONSE",
                f"第 {i + 1} 条意见的办理状态为“{state}”，须填写答复内容（response）",
                on_key=True,
            )
        for key, label in (
            ("topic", "主题"), ("opinion", "意见建议"), ("response", "答复内容"),
            ("department", "承办科室"),
        ):  # fmt: skip
            _check_privacy(record, ("feedback", "items", i, key), f"第 {i + 1} 条意见的{label}")
        if all(item.get(key) for key in ("topic", "opinion", "from", "status")):
            answers.append(
                Answer(
                    topic=item["topic"],
                    opinion=item["opinion"],
                    source=item["from"],
                    status=item["status"],
                    response=item.get("response"),
                    department=item.get("department"),
                )
            )
    if published is None or len(answers) != len(items) or not answers:
        return None
    return Feedback(published=published, items=tuple(answers))


# Times and places as real notices state them: a date without a time of day, a tentative
# date, several sessions (场次) in one notice, and a tour (行程) of timed stops.

#: How the schema names the notice stage in its messages (``then.x-stage``).
NOTICE_STAGE = "已发布公告（填写了 published）"
_CLOCK = re.compile(r"(?:(\d{4}-\d{2}-\d{2})[ T])?(\d{1,2}):(\d{2})\Z")


def _check_times(
    record: _Record,
    where: KeyPath,
    label: str,
    start: Moment | None,
    end: Moment | None,
    published: bool,
    date_only: bool,
) -> None:
    """A published notice gives exact times, or dates alone where it says ``date_only``;
    ``where`` and ``label`` place the check in a session (``("sessions", 1)``, ``第2场``)."""
    head = f"已发布公告的活动{('，' + label) if label else ''}"
    if start is not None and published and start.is_fuzzy:
        message = f"{head}须写明确切时间，不能用时段“{start.text}”（如 2023-09-20 09:00）"
        record.report((*where, "start"), "E-FUZZY", message)
    elif start is not None and date_only and start.precision == "minute":
        record.report(
            (*where, "start"),
            "E-TIME",
            f"已注明只公布日期（date_only: true），{label}开始时间只写日期，如 {start.first_day}",
        )
    elif start is not None and published and start.precision != "minute" and not date_only:
        record.report(
            (*where, "start"),
            "E-TIME",
            f"{head}须写明开始时刻，如 2023-09-20 09:00；公告只写了日期时，加上 date_only: true",
        )
    if end is not None and date_only and end.precision == "minute":
        record.report(
            (*where, "end"),
            "E-TIME",
            f"已注明只公布日期（date_only: true），{label}结束时间只写日期，如 {end.first_day}",
        )
    elif end is not None and published and end.precision != "minute" and not date_only:
        record.report(
            (*where, "end"),
            "E-TIME",
            f"{head}须写明结束时刻，如 2023-09-20 11:30；公告只写了日期时，加上 date_only: true",
        )
    _check_order(record, start, end, where, label + "的" if label else "")


def _sessions(record: _Record, published: bool, date_only: bool) -> tuple[Session, ...]:
    """The sessions of a notice announcing several (场次), in the order written, which must
    be the order in time; the top-level ``start``/``end`` then stay unwritten."""
    for key, name in (("start", "开始时间"), ("end", "结束时间")):
        if key in record.data:
            record.report(
                (key,),
                "E-SESSIONS",
                f"已按场次（sessions）填写时间，请删去顶层的{name}（{key}），以免两处不一致",
                on_key=True,
            )
    found: list[Session] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(record.get("sessions") or []):
        if not isinstance(item, dict):
            continue
        label = f"第{i + 1}场"
        where = ("sessions", i)
        start = record.moment((*where, "start"), allow_period=True)
        end = record.moment((*where, "end"), allow_period=False)
        _check_times(record, where, label, start, end, published, date_only)
        session_id = item.get("id")
        if session_id is not None and session_id in seen:
            record.report(
                (*where, "id"),
                "E-DUPLICATE",
                f"{label}的场次编号“{session_id}”与第{seen[session_id]}场重复，每场的编号须不同",
            )
        elif session_id is not None:
            seen[session_id] = i + 1
        if start is None or session_id is None:
            continue
        previous = found[-1] if found else None
        if previous is not None and _order(start) < _order(previous.start):
            record.report(
                (*where, "start"),
                "E-ORDER",
                f"场次须按时间先后排列：{label}（{start.text}）早于第{previous.number}场"
                f"（{previous.start.text}）",
            )
        venue = item.get("venue")
        found.append(
            Session(
                id=session_id,
                number=i + 1,
                start=start,
                end=end,
                name=item.get("name"),
                venues=(venue,) if isinstance(venue, str) else tuple(venue or ()),
                capacity=item.get("capacity"),
                tentative=item.get("tentative") is True,
                status=item.get("status"),
                note=item.get("note"),
            )
        )
    if len(found) != len(record.get("sessions") or []):
        return ()  # a session that cannot stand leaves no event to publish
    return tuple(found)


def _order(moment: Moment) -> tuple:
    return (moment.first_day, moment.at.timestamp() if moment.at else 0.0, moment.last_day)


def _span(sessions: tuple[Session, ...]) -> tuple[Moment | None, Moment | None]:
    """The event's start and end: the first session's start (which names the file, so a
    cancelled one counts) and the end of the last session that goes ahead (deadlines for
    the report and the answers run from it)."""
    if not sessions:
        return None, None
    first = min(sessions, key=lambda s: _order(s.start))
    going = [s for s in sessions if s.status != "cancelled"] or sessions
    last = max(going, key=lambda s: _order(s.end or s.start))
    end = last.end or (last.start if last is not first else None)
    return first.start, end


def _places(
    record: _Record, sessions: tuple[Session, ...], tour: Tour | None
) -> tuple[tuple[str, ...] | None, int | None]:
    """Every place a notice names (its venues, its sessions' or its tour's) and the total
    number of participants (``capacity``, or the sum of the sessions' numbers)."""
    venue = record.get("venue")
    venues = (venue,) if isinstance(venue, str) else tuple(venue) if venue else None
    if "tour" in record.data and "venue" in record.data:
        record.report(
            ("venue",),
            "E-TOUR",
            "有行程（tour）的活动，地点写在集合地点（tour.meeting）和各站（tour.stops）中；"
            "venue 用于同时开放的几个开放点，二者不能同时填写",
            on_key=True,
        )
    if tour is not None:
        venues = tour.places
    elif sessions:
        if venues is None:
            missing = [s for s in sessions if not s.venues]
            for session in missing:
                record.report(
                    ("sessions", session.number - 1),
                    "E-REQUIRED",
                    f"{NOTICE_STAGE}须写明第{session.number}场的活动地点（venue），"
                    "或在公告中写 venue 作为各场的地点",
                    on_key=True,
                )
            if not missing:
                venues = tuple(dict.fromkeys(v for s in sessions for v in s.venues))
        else:
            venues = tuple(dict.fromkeys([*venues, *(v for s in sessions for v in s.venues)]))
    capacity = record.get("capacity")
    if "capacity" not in record.data:
        stated = [s.capacity for s in sessions]
        if sessions and all(stated):
            capacity = sum(stated)
        elif sessions:
            record.report(
                ("sessions",),
                "E-REQUIRED",
                f"{NOTICE_STAGE}须填写参加人数（capacity），或写明每一场的人数",
                on_key=True,
            )
    else:
        stated = [s.capacity for s in sessions if s.capacity]
        if capacity is not None and sum(stated) > capacity:
            record.report(
                ("capacity",),
                "E-CAPACITY",
                f"各场人数合计{sum(stated)}人，超过参加人数{capacity}人",
            )
    return venues, capacity


def _tour(
    record: _Record, start: Moment | None, end: Moment | None, sessions: tuple[Session, ...]
) -> Tour | None:
    """The itinerary: its stops in order of arrival, and, for a one-day event with exact
    times, every arrival between the meeting time (``start``) and the end."""
    meeting = record.get("tour", "meeting")
    stops: list[Stop] = []
    previous: Stop | None = None
    items = record.get("tour", "stops") or []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not item.get("place"):
            continue
        where = ("tour", "stops", i, "time")
        text = item.get("time")
        at = _arrival(record, where, text, start, sessions)
        label = f"行程第{i + 1}站（{item['place']}）的到达时间（{text}）"
        if at is not None and previous is not None and previous.at is not None and at < previous.at:
            record.report(where, "E-ORDER", f"{label}早于上一站（{previous.time}）")
        if at is not None and not sessions and start is not None and start.at is not None:
            if at < start.at:
                record.report(where, "E-ORDER", f"{label}早于集合时间（{start.text}）")
            elif end is not None and end.at is not None and at > end.at:
                record.report(where, "E-ORDER", f"{label}晚于活动结束（{end.text}）")
        stop = Stop(item["place"], text, at, item.get("activity"))
        stops.append(stop)
        previous = stop if at is not None else previous
    if not meeting or not stops or len(stops) != len(items):
        return None
    return Tour(meeting=meeting, stops=tuple(stops), transport=record.get("tour", "transport"))


def _arrival(
    record: _Record,
    where: KeyPath,
    text: str | None,
    start: Moment | None,
    sessions: tuple[Session, ...],
) -> datetime | None:
    """When the group reaches a stop: a clock time on the start day, or a full time."""
    match = _CLOCK.match(text or "")
    if not match:
        return None
    hour, minute = int(match[2]), int(match[3])
    if hour > 23 or minute > 59:
        record.report(where, "E-FORMAT", f"“{text}”的时刻无效")
        return None
    if match[1]:
        moment = record.moment(where, allow_period=False)
        return moment.at if moment is not None else None
    if start is None or start.at is None or sessions:
        return None  # a clock time on a day the record does not fix, or on every session's
    local = start.at.astimezone(record.tz)
    return local.replace(hour=hour, minute=minute, second=0)
