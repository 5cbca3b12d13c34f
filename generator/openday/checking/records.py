"""From shape-checked data to domain objects, with the contract's record-level rules.

The shape stage has already checked keys and types against the schema. Here
the text values get their meaning (dates, times, phone numbers), and the
rules of ``spec/event-format.md`` that hold in every jurisdiction are
applied: file naming, the stages, time order, registration and contact
details, report images, answers and privacy. Jurisdiction rules live in
:mod:`openday.checking.rules`.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from datetime import date, datetime, time, tzinfo
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from ..domain import markup, urls
from ..domain.model import (
    Agency,
    Answer,
    Attachment,
    Attendees,
    Contact,
    Event,
    Feedback,
    Image,
    Invitee,
    Notice,
    Registration,
    Report,
    Session,
    Stop,
    Tour,
)
from ..domain.problems import Problem
from ..domain.timeparse import Moment, TimeFormatError, parse_date, parse_moment
from ..domain.urls import RESERVED_IDS
from ..domain.vocab import ANSWER_NAMES, CLOSED_METHODS, METHOD_NAMES, NOTICE_ITEM_NAMES
from ..sources import media
from ..sources.yamlsource import Path as KeyPath
from ..sources.yamlsource import Source
from . import privacy

EVENTS_DIR = "events"

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_FILE_NAME = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.yml\Z")
_PHONE = re.compile(
    r"(?:0[0-9]{2,3}-[0-9]{7,8}(?:-[0-9]{1,6})?"  # landline with area code, optional extension
    r"|1[3-9][0-9]{9}"  # mobile
    r"|1[0-9]{4}|9[0-9]{4}"  # service lines: 12345, 12315, 95xxx
    r"|[48]00-?[0-9]{3}-?[0-9]{4})\Z"
)
#: Digits, dashes and brackets typed in full width (an input method's default), e.g. ０５３９－.
_FULL_WIDTH = re.compile(r"[\uff08\uff09\uff0b\uff0d\uff10-\uff19\u3000\u2014\u2015]")
#: The government service hotline: a placeholder, not a unit's contact number.
_HOTLINE = "12345"
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
        prefix = entry.get("index_prefix") or agency_id
        other = next(
            (a for a in agencies.values() if a.index_prefix.casefold() == prefix.casefold()), None
        )
        if other is not None:
            key = (agency_id, "index_prefix") if entry.get("index_prefix") else (agency_id,)
            problems.append(
                source.problem(
                    key,
                    "E-AGENCY",
                    f"单位“{agency_id}”的索引号前缀“{prefix}”与单位“{other.id}”的"
                    f"“{other.index_prefix}”相同（不区分大小写），索引号前缀须各不相同",
                    on_key=key == (agency_id,),
                )
            )
        agencies[agency_id] = Agency(
            id=agency_id,
            name=entry["name"],
            short=entry.get("short") or entry["name"],
            kind=entry["kind"],
            region=tuple(entry["region"].split("/")),
            index_prefix=prefix,
            owners=tuple(owner for owner in entry.get("owners") or () if owner),
            aliases=tuple(alias for alias in entry.get("aliases") or () if alias),
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
            # Exact types: shape-checked data holds plain dicts and lists (and this is
            # called some eighty times a record).
            kind = type(value)
            if kind is dict:
                value = value.get(key)
            elif kind is list and type(key) is int and key < len(value):
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
#: Names of invitee categories that count as citizens (群众/市民代表) unless ``group`` says otherwise.
_CITIZENS = re.compile(r"群众|市民|居民|村民|社会公众|公众代表")
_GROUP_WORDS = (("deputies", "人大代表"), ("members", "政协委员"), ("media", "记者|媒体"))


def _check_privacy(record: _Record, path: KeyPath, label: str, text: Any = None) -> None:
    """Reports and answers are published as written: no phone, ID number or e-mail in them.
    ``text`` is the value at ``path``, when the caller holds it already."""
    if text is None:
        text = record.get(*path)
    if not isinstance(text, str):
        return
    for offset, finding in privacy.scan(text):
        line, col = record.source.line_in(path, offset, text)
        record.problems.append(Problem(record.source.path, line, col, "E-PRIVACY", label + finding))


#: Most Markdown text of one record, in characters, over all its fields: each field is
#: bounded by :data:`openday.domain.markup.MAX_CHARS`, and this bounds a record of many answers.
MAX_MARKDOWN_CHARS = 100_000

_MARKDOWN_LABELS = {
    "content": "活动内容", "reminders": "温馨提示", "status_note": "状态说明",
    "note": "报名说明", "summary": "活动报道正文",
}  # fmt: skip


def _markdown_label(path: KeyPath) -> str:
    if path[0] == "feedback":
        return f"第 {path[2] + 1} 条意见的" + (
            "意见建议" if path[3] in ("opinion", "opinions") else "答复内容"
        )
    return _MARKDOWN_LABELS[str(path[-1])]


@lru_cache(maxsize=4096)
def _markup_verdict(text: str) -> tuple[tuple[int, str, str] | None, tuple[tuple[int, str], ...]]:
    """:func:`markup.excess` and :func:`markup.findings` of ``text``, once per distinct text:
    reminders, opinions and replies repeat word for word across records."""
    return markup.excess(text), tuple(markup.findings(text))


def _check_markup(record: _Record) -> None:
    fields = [(path, record.get(*path)) for path in MARKDOWN_FIELDS]
    for i, item in enumerate(record.get("feedback", "items") or []):
        if not isinstance(item, dict):
            continue
        fields += [(("feedback", "items", i, key), item.get(key)) for key in ANSWER_MARKDOWN_FIELDS]
        more = item.get("opinions")
        if isinstance(more, list):
            fields += [(("feedback", "items", i, "opinions", j), o) for j, o in enumerate(more)]
    total, said = 0, False
    for path, text in fields:
        if not isinstance(text, str):
            continue
        too_much, found = _markup_verdict(text)
        total += len(text) if too_much is None else 0
        if too_much is not None:
            offset, code, what = too_much
            line, col = record.source.line_in(path, offset, text)
            problem = Problem(record.source.path, line, col, code, _markdown_label(path) + what)
            record.problems.append(problem)
        elif total > MAX_MARKDOWN_CHARS and not said:  # once, where the bound was crossed
            record.report(
                path,
                "E-LENGTH",
                f"{_markdown_label(path)}使本文件的正文合计超过 {MAX_MARKDOWN_CHARS} 字，"
                "请精简或分为几次活动发布",
            )
            said = True
        for offset, what in found:
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
    if not match and any(c.isdigit() and not c.isascii() for c in relative.name):
        record.report(
            (),
            "E-FILENAME",
            f"文件名“{relative.name}”中的数字须为半角数字 0—9（不能用全角或其他文字的数字），"
            "如 2023-09-20-open-day.yml",
        )
        return event_id, folder, None
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
    if notice is not None and agency is not None:
        _check_index_prefix(record, notice.index_no, agency)
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
        record.report(
            (key,),
            "W-NO-NOTICE",
            "本站没有该活动的公告（未填写 published）：报道和反馈单独公开，页面不显示公告事项；"
            "若公告已在本站发布，请补全公告",
        )
    if feedback is not None and status == "cancelled":
        record.report(("feedback",), "E-STAGE", "已取消的活动不能发布意见反馈")

    attachments = _attachments(record)
    if agency is None or start is None or file_day is None or not ID_PATTERN.match(folder or ""):
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
        attachments=attachments,
        sessions=sessions,
        date_only=date_only,
        tentative=record.get("tentative") is True,
    )


def _check_index_prefix(record: _Record, index_no: str | None, agency: Agency) -> None:
    """An explicit 索引号 carries the unit's own prefix, so no unit can take another's numbers
    (the prefixes are unique ignoring case, see :func:`build_agencies`)."""
    own = f"{agency.index_prefix}/"
    if index_no is not None and not index_no.startswith(own):
        record.report(
            ("index_no",),
            "E-INDEX",
            f"索引号“{index_no}”须以本单位的索引号前缀“{own}”开头"
            "（前缀在 events/agencies.yml 的 index_prefix 中登记），不能使用其他单位的索引号",
        )


def _attachments(record: _Record) -> tuple[Attachment, ...]:
    """Every attachment read and recognised by its content (PDF, DOCX, XLSX, OFD).

    Each is a regular file of the event's folder within the size bound; one listed
    twice is reported at its second place.
    """
    items = record.get("attachments") or []
    if not items:
        return ()
    folder = PurePosixPath(record.source.path).with_suffix("")
    found: list[Attachment] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        entry = {"file": item} if isinstance(item, str) else (item or {})
        name, title = entry.get("file"), entry.get("title")
        if not name:
            continue
        path = ("attachments", i) if isinstance(item, str) else ("attachments", i, "file")
        why = media.attachment_name_problem(name)
        if why is not None:
            record.report(path, "E-ATTACHMENT", why)
            continue
        if name.casefold() in seen:
            record.report(path, "E-ATTACHMENT", f"附件“{name}”重复列出")
            continue
        seen.add(name.casefold())
        relative = f"{folder}/{name}"
        try:
            data = media.read_regular(
                record.project, relative, "附件", media.MAX_ATTACHMENT_BYTES, "E-ATTACHMENT"
            )
            kind = media.inspect_attachment(data, relative)
        except media.Refused as refused:
            record.report(path, refused.code, refused.message)
            continue
        found.append(Attachment(name, title, kind, len(data), media.digest(data)))
    return tuple(found)


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


def _phone(record: _Record) -> str | None:
    """联系电话 as written, once it is a number a citizen can dial; None otherwise."""
    phone = record.get("contact", "phone")
    if not phone:
        return None
    if _FULL_WIDTH.search(phone):
        typed = unicodedata.normalize("NFKC", phone).replace("—", "-").replace("―", "-")
        record.report(
            ("contact", "phone"),
            "E-PHONE",
            f"联系电话“{phone}”含全角数字或符号，请在半角（英文）输入状态下重新输入，如 {typed.strip()}",
        )
        return None
    if not _PHONE.match(phone):
        record.report(
            ("contact", "phone"),
            "E-PHONE",
            f"联系电话“{phone}”格式不正确：应为带区号的固定电话（如 0539-2251234）、"
            "11位手机号或服务热线（如 12345）",
        )
        return None
    if phone == _HOTLINE:
        record.report(
            ("contact", "phone"),
            "W-PHONE",
            "联系电话 12345 是政务服务便民热线，不是承办单位的联系电话；请填写本单位的电话",
        )
    return phone


def _notice(
    record: _Record,
    start: Moment | None,
    sessions: tuple[Session, ...] = (),
    tour: Tour | None = None,
) -> Notice | None:
    published = record.date("published")
    registration = _registration(record, published, start)
    phone = _phone(record)
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
    invitees = _invitees(record)
    if any(value is None for value in (published, registration, venues)):
        return None
    # Only what every open day needs; the policy decides about the other items (notice_items).
    if record.get("title") is None:
        return None
    if record.get("contact", "phone") and phone is None:
        return None
    return Notice(
        title=record.get("title"),
        published=published,
        registration=registration,
        capacity=capacity,
        leaders=tuple(record.get("leaders") or ()),
        co_hosts=tuple(record.get("co_hosts") or ()),
        venues=venues,
        content=record.get("content"),
        formats=tuple(record.get("formats") or ()),
        contact=Contact(record.get("contact", "name"), phone, record.get("contact", "email")),
        reminders=record.get("reminders"),
        attendees=Attendees(**{k: v for k, v in attendees.items() if v is not None})
        if attendees
        else None,
        invitees=invitees,
        livestream=record.get("livestream"),
        index_no=record.get("index_no"),
        keywords=tuple(keywords.split()) if isinstance(keywords, str) else tuple(keywords or ()),
        updated=updated,
        revision=record.get("revision") or 0,
        tour=tour,
    )


def _invitee_group(name: str) -> str:
    """The fixed group an invitee category counts under, judged by its name."""
    if _CITIZENS.search(name):
        return "public"
    for group, words in _GROUP_WORDS:
        if re.search(words, name):
            return group
    return "other"


def _invitees(record: _Record) -> tuple[Invitee, ...]:
    """邀请对象: categories as the notice names them, each with its number when given."""
    entries = record.get("invitees") or []
    if entries and record.get("attendees"):
        record.report(
            ("invitees",),
            "E-INVITEES",
            "人员构成（attendees）和邀请对象（invitees）只填一项：各类人数可写在 invitees 的 count 中",
            on_key=True,
        )
    found: list[Invitee] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        if isinstance(entry, str):
            name, count, group = entry, None, None
        elif isinstance(entry, dict) and entry.get("name"):
            name, count, group = entry["name"], entry.get("count"), entry.get("group")
        else:
            continue
        name = name.strip()
        if name in seen:
            record.report(("invitees", i), "E-DUPLICATE", f"邀请对象中“{name}”重复")
            continue
        seen.add(name)
        found.append(Invitee(name, count, group or _invitee_group(name)))
    return tuple(found)


def notice_items(source: Source, data: dict, required: tuple[str, ...]) -> list[Problem]:
    """The announcement items of seed 000 二(五) a published notice leaves out.

    An item the policy requires is an error; any other is a warning naming the item, and
    the page then says nothing about it (never a placeholder). An e-mail address stands in
    for a phone number where no phone is required.
    """
    if not isinstance(data, dict) or "published" not in data:
        return []
    contact = data.get("contact") if isinstance(data.get("contact"), dict) else None
    problems: list[Problem] = []
    if contact is None and "contact" in data:
        return problems  # present but unreadable: the shape check has said so
    if contact is None:
        # No contact at all: said once, for the 联系人员 and the 联系电话 together.
        if {"contact", "phone"} & set(required):
            problems.append(
                source.problem((), "E-REQUIRED", f"{NOTICE_STAGE}须填写联系方式（contact）")
            )
        else:
            problems.append(
                source.problem(
                    (), "W-ITEM", "活动公告未写明联系人员和联系电话（contact），公告页不显示此项"
                )
            )
    for item, (path, name) in NOTICE_ITEM_NAMES.items():
        node = contact if path[0] == "contact" else data
        if node is not None and path[-1] in node:
            continue  # given (a malformed value is reported by the shape check)
        if item == "capacity" and _every_session_counted(data):
            continue
        key = ".".join(path)
        if contact is None and path[0] == "contact":
            continue  # said once above
        if item in required:
            if node is contact:
                problems.append(
                    source.problem(
                        ("contact",),
                        "E-REQUIRED",
                        f"缺少必填项联系方式中{name}（{path[-1]}）",
                        on_key=True,
                    )
                )
            else:
                problems.append(
                    source.problem((), "E-REQUIRED", f"{NOTICE_STAGE}须填写{name}（{key}）")
                )
        elif not (item == "phone" and contact is not None and contact.get("email")):
            at, on_key = (
                (("contact",), True) if node is contact and contact is not None else ((), False)
            )
            problems.append(
                source.problem(
                    at, "W-ITEM", f"活动公告未写明{name}（{key}），公告页不显示此项", on_key=on_key
                )
            )
    return problems


def _every_session_counted(data: dict) -> bool:
    """参加人数 stated session by session (场次), which adds up to the notice's number."""
    sessions = data.get("sessions")
    return (
        isinstance(sessions, list)
        and bool(sessions)
        and all(isinstance(s, dict) and s.get("capacity") for s in sessions)
    )


def _deadline(record: _Record) -> tuple[date | None, time | None, Moment | None]:
    """报名截止: a day, or a day and the time of day it closes."""
    text = record.get("registration", "deadline")
    if text is None:
        return None, None, None
    if " " not in text:
        return record.date("registration", "deadline"), None, None
    try:
        moment = parse_moment(text, record.tz, allow_period=False)
    except TimeFormatError as exc:
        record.report(("registration", "deadline"), "E-FORMAT", str(exc))
        return None, None, None
    return moment.first_day, moment.at.astimezone(record.tz).time(), moment


def _registration(
    record: _Record, published: date | None, start: Moment | None
) -> Registration | None:
    methods = record.get("registration", "methods")
    if not methods:
        return None
    url = record.get("registration", "url")
    deadline, closes, moment = _deadline(record)
    if "online" in methods and not url:
        record.report(
            ("registration", "methods"),
            "E-REQUIRED",
            "选择了网上报名（online），须填写报名网址（registration.url）",
        )
    for method, key, what in (("email", "email", "报名邮箱"), ("wechat", "wechat", "公众号名称")):
        if method in methods and not record.get("registration", key):
            record.report(
                ("registration", "methods"),
                "E-REQUIRED",
                f"选择了{METHOD_NAMES[method]}（{method}），须填写{what}（registration.{key}）",
            )
    # Sign-up closes at a deadline; invited guests and walk-in visitors have none to meet.
    open_call = any(method not in CLOSED_METHODS for method in methods)
    if open_call and "deadline" not in (record.get("registration") or {}):
        record.report(
            ("registration",),
            "E-REQUIRED",
            "公开报名须填写报名截止日期（registration.deadline）",
            on_key=True,
        )
    if moment is not None and start is not None and start.at is not None:
        if moment.at >= start.at:
            record.report(
                ("registration", "deadline"),
                "E-DEADLINE",
                f"报名截止时间（{moment.text}）须早于活动开始（{start.text}）",
            )
    elif deadline is not None and start is not None and deadline >= start.first_day:
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
    return Registration(
        tuple(methods),
        url,
        deadline,
        record.get("registration", "note"),
        deadline_time=closes,
        email=record.get("registration", "email"),
        wechat=record.get("registration", "wechat"),
        eligibility=tuple(record.get("registration", "eligibility") or ()),
        selection=record.get("registration", "selection"),
    )


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
    _check_privacy(record, ("report", "title"), "活动报道标题")
    for i, _ in enumerate(alts):
        _check_privacy(record, ("report", "alt", i), f"第 {i + 1} 张图片的说明")
    pictures = _pictures(record, images)
    for i, name in enumerate(images):
        if name is None:
            continue
        if i >= len(alts) or not (alts[i] or "").strip():
            record.report(
                ("report", "images", i),
                "E-ALT",
                f"第 {i + 1} 张图片缺少图片说明（report.alt 第 {i + 1} 项），视障读者需要它",
            )
    _unique_picture_names(record, images)
    if len(alts) > len(images):
        record.report(("report", "alt"), "E-ALT", "图片说明（alt）比图片（images）多，须一一对应")
    if published is None or record.get("report", "attendance") is None or not summary:
        return None
    return Report(
        published=published,
        attendance=record.get("report", "attendance"),
        summary=summary,
        images=tuple(
            _image(name, alt, pictures.get(i))
            for i, (name, alt) in enumerate(zip(images, alts, strict=False))
            if name
        ),
        title=record.get("report", "title"),
    )


def _unique_picture_names(record: _Record, images: list) -> None:
    """Picture names differ in more than case: object stores and Windows or macOS checkouts
    hold ``Photo.jpg`` and ``photo.jpg`` as one file, so one picture would replace the other."""
    seen: dict[str, int] = {}
    for i, name in enumerate(images):
        if not isinstance(name, str):
            continue
        first = seen.setdefault(name.casefold(), i)
        if first != i:
            record.report(
                ("report", "images", i),
                "E-IMAGE",
                f"图片文件名“{name}”与第 {first + 1} 张“{images[first]}”相同（不区分大小写），"
                "图片文件名须各不相同",
            )


def _image(name: str, alt: str, picture: media.Picture | None) -> Image:
    if picture is None:
        return Image(name, alt)
    return Image(name, alt, picture.width, picture.height, picture.alpha, picture.digest)


def _pictures(record: _Record, images: list) -> dict[int, media.Picture]:
    """Every report picture read and decoded, by its index in ``report.images``.

    A picture must be a regular file of the event's folder, decode as what its
    extension says and stay within the bounds of :mod:`openday.sources.media`; two pictures
    may not be published under one name (``a.png`` and ``a.jpg`` both become ``a.jpg``).
    """
    folder = PurePosixPath(record.source.path).with_suffix("")
    found: dict[int, media.Picture] = {}
    published: dict[str, str] = {}
    for i, name in enumerate(images):
        if name is None:
            continue
        path = ("report", "images", i)
        if not _IMAGE.match(name) or "/" in name:
            svg = name.lower().endswith((".svg", ".svgz"))
            record.report(
                path,
                "E-IMAGE",
                f"不接受 SVG 图片“{name}”（SVG 可以携带脚本）：请导出为 JPG 或 PNG"
                if svg
                else f"图片文件名“{name}”无效：只用字母、数字、“-”“_”“.”，扩展名为 jpg、png、webp 或 gif",
            )
            continue
        relative = f"{folder}/{name}"
        try:
            data = media.read_regular(
                record.project, relative, "图片", media.MAX_PICTURE_BYTES, "E-IMAGE"
            )
            picture = media.inspect_picture_cached(data, relative, record.project / media.CACHE_DIR)
        except media.Refused as refused:
            record.report(path, refused.code, refused.message)
            continue
        image = _image(name, "", picture)
        names = [urls.picture_name(image, width) for width, _ in image.versions()]
        clash = next((n for n in names if published.get(n, name) != name), None)
        if clash is not None:
            record.report(
                path,
                "E-IMAGE",
                f"图片“{name}”与“{published[clash]}”发布后同名（{clash}），请给其中一张改名",
            )
            continue
        published.update(dict.fromkeys(names, name))
        found[i] = picture
    return found


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
            state = ANSWER_NAMES[item["status"]]
            record.report(
                ("feedback", "items", i),
                "E-RESPONSE",
                f"第 {i + 1} 条意见的办理状态为“{state}”，须填写答复内容（response）",
                on_key=True,
            )
        elif item.get("status") is None and not item.get("response"):
            record.report(
                ("feedback", "items", i),
                "W-RESPONSE",
                f"第 {i + 1} 条意见既未写办理状态（status）也未写答复内容（response），"
                "公开的只有意见本身",
                on_key=True,
            )
        more = item.get("opinions") or []
        if "opinion" in item and "opinions" in item:
            record.report(
                ("feedback", "items", i, "opinions"),
                "E-KEY",
                f"第 {i + 1} 条意见的意见建议只填一项：一条写 opinion，共用一个答复的几条写 opinions",
                on_key=True,
            )
        elif "opinion" not in item and "opinions" not in item:
            record.report(
                ("feedback", "items", i),
                "E-REQUIRED",
                "缺少必填项一条意见建议中意见建议（opinion）",
                on_key=True,
            )
        for key, label in (
            ("topic", "主题"), ("opinion", "意见建议"), ("response", "答复内容"),
            ("department", "承办科室"),
        ):  # fmt: skip
            where = ("feedback", "items", i, key)
            _check_privacy(record, where, f"第 {i + 1} 条意见的{label}", item.get(key))
        for j, opinion in enumerate(more):
            where = ("feedback", "items", i, "opinions", j)
            _check_privacy(record, where, f"第 {i + 1} 条意见的意见建议", opinion)
        opinions = [item["opinion"]] if item.get("opinion") else [o for o in more if o]
        if item.get("topic") and opinions and len(opinions) == len(more or opinions):
            answers.append(
                Answer(
                    topic=item["topic"],
                    opinion=opinions[0],
                    source=item.get("from"),
                    status=item.get("status"),
                    response=item.get("response"),
                    department=item.get("department"),
                    more=tuple(opinions[1:]),
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
        # Without a total, every session's number makes one; otherwise the notice states no
        # 参加人数, which notice_items reports as the policy asks.
        stated = [s.capacity for s in sessions]
        if sessions and all(stated):
            capacity = sum(stated)
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
