"""What must never change after publication, checked against a base revision (``openday history``).

A published notice is an official record: its event id (the file path), on
which the URLs, the calendar UID and the 索引号 hang, its 发布日期 and its
索引号 stay as they were, and the file is never deleted (a cancelled event
keeps its notice, marked cancelled). A rewritten publication date fails a
government site inspection outright. Subscribed calendars also need to hear
of a moved time, place or status: ``revision`` must rise with it
(:func:`openday.domain.changes.revision_needed`), and it never goes down.

Nor is a publication backdated or quietly rewritten: once public, the dates of
the update, the report and the answers move later only, never earlier, and
are never removed; and a report or answer set that was late, or overdue and
missing, stays late in the public figures (:mod:`openday.domain.deadlines`), however
its dates, the event's time or anything else are edited.

The base revision's files are read by :mod:`openday.sources.gitrevision`; both
trees go through ``openday check``'s pipeline (:func:`openday.checking.check.check_project`)
up to the records, and the two sets of records are compared. Problems in the files themselves are ``openday check``'s
business; a file that cannot be read counts as absent here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from ..domain.changes import INTERRUPTED, PLACE, STATUS, TIME, revision_needed, sequence
from ..domain.deadlines import STATE_NAMES as DUE_STATE_NAMES
from ..domain.deadlines import assess
from ..domain.model import Agency, Event
from ..domain.policy import Policy
from ..domain.problems import Problem
from ..domain.timeparse import TimeFormatError, parse_date
from ..domain.vocab import STAGE_NAMES
from ..sources.gitrevision import yaml_files
from ..sources.yamlsource import Source
from . import shape
from .check import CheckResult, Record, check_project
from .records import EVENTS_DIR

#: How alike (0–1) a new file must be to a vanished published one to count as its renaming.
RENAME_SIMILARITY = 0.5

_CHANGED_KEY = {TIME: "start", PLACE: "venue", STATUS: "status"}


@dataclass(frozen=True)
class Version:
    """One event file as one tree holds it: the loaded source, the shape-checked data, and
    the event when the record builds."""

    path: str
    text: str
    source: Source | None
    data: dict[str, Any] | None
    event: Event | None

    @property
    def event_id(self) -> str:
        return str(PurePosixPath(self.path).relative_to(EVENTS_DIR).with_suffix(""))

    @property
    def published(self) -> str | None:
        """The 发布日期 as written, when the record has reached the notice stage."""
        value = self.data.get("published") if self.data else None
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class Snapshot:
    """Every event file of one tree, and its agency registry."""

    versions: dict[str, Version]
    agencies: dict[str, Agency]
    registry: Source | None


@dataclass(frozen=True)
class HistoryResult:
    compared: int
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


# --- the trees as the checker left them ---------------------------------------------


def snapshot(checked: CheckResult) -> Snapshot:
    """One tree as the checker's pipeline left it (``check_project(..., keep=True)``)."""
    versions = {path: _version(record) for path, record in checked.records.items()}
    return Snapshot(versions, checked.agencies, checked.registry)


def _version(record: Record) -> Version:
    assert record.raw is not None
    text = record.raw.decode("utf-8", "replace")
    data = record.data if isinstance(record.data, dict) else None
    return Version(record.path, text, record.source, data, record.event)


# --- comparing them -------------------------------------------------------------------


def compare(
    base: Snapshot, head: Snapshot, policy: Policy | None = None, today: date | None = None
) -> HistoryResult:
    """Every change to a published event that the contract forbids or that needs a revision.

    With ``today``, a report's or answers' date still in the future is not yet public and
    may move; with ``policy`` too, a report or answer set that was late (or overdue) on
    ``today`` must stay late.
    """
    problems: list[Problem] = []
    published = [v for v in base.versions.values() if v.published is not None]
    added = [v for path, v in head.versions.items() if path not in base.versions]
    prefixes_reported: set[str] = set()
    for old in published:
        new = head.versions.get(old.path)
        if new is None:
            problems.append(_vanished(old, added))
            continue
        if new.source is None or new.data is None:
            continue
        problems.extend(_published_date(old, new))
        problems.extend(_index_number(old, new, base, head, prefixes_reported))
        problems.extend(_revision(old, new))
        problems.extend(_revision_lowered(old, new))
        problems.extend(_dates_moved_back(old, new, today))
        if policy is not None and today is not None:
            problems.extend(_lateness_hidden(old, new, policy, today))
        problems.extend(_sessions_kept(old, new))
    return HistoryResult(len(published), sorted(problems))


def _vanished(old: Version, added: list[Version]) -> Problem:
    renamed = _renamed_as(old, added)
    if renamed is not None:
        return Problem(
            renamed.path,
            1,
            1,
            "E-IMMUTABLE-ID",
            f"活动编号发布后不能更改：本文件由已发布的 {old.path} 改名而来"
            f"（{old.event_id} → {renamed.event_id}）。网址、日历和索引号都依据活动编号，"
            "请改回原文件名；改期只改 start、end 并提高 revision",
        )
    return Problem(
        old.path,
        1,
        1,
        "E-IMMUTABLE-DELETED",
        f"已发布的活动不能删除（{old.event_id}，发布日期 {old.published}）：请恢复本文件；"
        "活动取消时保留公告，填写 status: cancelled、status_note 和 updated",
    )


def _renamed_as(old: Version, added: list[Version]) -> Version | None:
    best, best_ratio = None, RENAME_SIMILARITY
    for candidate in added:
        matcher = difflib.SequenceMatcher(None, old.text, candidate.text, autojunk=False)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best, best_ratio = candidate, ratio
    return best


def _published_date(old: Version, new: Version) -> Iterator[Problem]:
    assert new.source is not None
    if new.published == old.published:
        return
    if "published" not in (new.data or {}):
        message = (
            f"已发布公告的发布日期（published）不能删除（原为 {old.published}）；"
            "活动取消时保留公告，填写 status: cancelled"
        )
    else:
        raw = new.source.data.get("published") if isinstance(new.source.data, dict) else ""
        shown = shape.shown(str(raw))
        message = (
            f"公告发布日期发布后不能更改（原为 {old.published}，现为 {shown}）；"
            "公告内容有更新时请填写更新日期（updated）"
        )
    yield new.source.problem(("published",), "E-IMMUTABLE-PUBLISHED", message)


def _index_of(version: Version, agencies: Mapping[str, Agency]) -> tuple[str | None, str | None]:
    """The 索引号 of ``version`` and the explicit ``index_no`` it writes (if any)."""
    data = version.data or {}
    explicit = data.get("index_no") if isinstance(data.get("index_no"), str) else None
    if explicit:
        return explicit, explicit
    agency = agencies.get(str(data.get("agency")))
    if agency is None:
        return None, None
    return f"{agency.index_prefix}/{PurePosixPath(version.path).stem}", None


def _index_number(
    old: Version, new: Version, base: Snapshot, head: Snapshot, reported: set[str]
) -> Iterator[Problem]:
    assert new.source is not None
    before, written_before = _index_of(old, base.agencies)
    after, written_after = _index_of(new, head.agencies)
    if before is None or after is None or before == after:
        return
    if written_before != written_after:
        yield new.source.problem(
            ("index_no",),
            "E-IMMUTABLE-INDEX",
            f"索引号发布后不能更改（原为 {before}，现为 {after}）",
        )
        return
    agency_id = str((new.data or {}).get("agency"))
    if agency_id in reported or head.registry is None:
        return
    reported.add(agency_id)
    old_prefix = base.agencies[agency_id].index_prefix if agency_id in base.agencies else "?"
    new_prefix = head.agencies[agency_id].index_prefix
    yield head.registry.problem(
        (agency_id, "index_prefix"),
        "E-IMMUTABLE-INDEX",
        f"单位“{agency_id}”已有已发布的活动，索引号前缀不能更改"
        f"（原为 {old_prefix}，现为 {new_prefix}；如 {old.event_id} 的索引号原为 {before}）",
    )


def _revision(old: Version, new: Version) -> Iterator[Problem]:
    assert new.source is not None
    if old.event is None or new.event is None:
        return
    found = revision_needed(old.event, new.event)
    if not found:
        return
    assert old.event.notice is not None and new.event.notice is not None
    was = old.event.notice.revision
    own = 1 if new.event.status in INTERRUPTED else 0
    needed = max(was + 1, sequence(old.event) + 1 - own)
    data = new.data or {}
    key = "revision" if "revision" in data else _CHANGED_KEY[found[0]]
    if key not in data and "sessions" in data:
        key = "sessions"  # the times and places of a notice of several sessions are there
    yield new.source.problem(
        (key,),
        "E-REVISION",
        f"已发布公告的{'、'.join(found)}有改动，须将修订次数（revision）改为 {needed}"
        f"（原为 {was}），订阅者的日历才会更新",
    )


def _revision_lowered(old: Version, new: Version) -> Iterator[Problem]:
    """``revision`` never goes down: calendars drop an update whose SEQUENCE is lower."""
    assert new.source is not None
    was, now = _revision_of(old), _revision_of(new)
    if now < was:
        key = "revision" if "revision" in (new.data or {}) else "published"
        yield new.source.problem(
            (key,),
            "E-REVISION",
            f"修订次数（revision）不能减少（原为 {was}，现为 {now}）："
            "订阅者的日历只接受修订次数更高的更新，减少后的改动不会再显示",
        )


def _revision_of(version: Version) -> int:
    value = (version.data or {}).get("revision")
    return value if isinstance(value, int) else 0


#: The public dates of a published notice that may move later but never earlier, and be
#: removed never: (path in the record, 中文 name, the part the path lies in).
_DATES = (
    (("updated",), "更新日期（updated）", None),
    (("report", "published"), "活动报道的发布日期（report.published）", "活动报道（report）"),
    (("feedback", "published"), "意见反馈的发布日期（feedback.published）", "意见反馈（feedback）"),
)


def _date_at(version: Version, path: tuple[str, ...]) -> date | None:
    value: Any = version.data
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    try:
        return parse_date(value) if isinstance(value, str) else None
    except TimeFormatError:
        return None


def _dates_moved_back(old: Version, new: Version, today: date | None) -> Iterator[Problem]:
    """A date the public has seen is a fact: it may move later (a correction, a re-issue),
    never earlier, and it is never removed. A faked date fails a site inspection."""
    assert new.source is not None
    for path, name, part in _DATES:
        was = _date_at(old, path)
        if was is None or (today is not None and was > today):
            continue  # not yet public
        now = _date_at(new, path)
        if now is not None and now >= was:
            continue
        if now is not None:
            message = f"{name}发布后不能提前（原为 {was.isoformat()}，现为 {now.isoformat()}）"
        elif part is not None and path[0] not in (new.data or {}):
            message = f"已公开的{part}不能删除（发布日期 {was.isoformat()}）"
            path = (path[0],)
        else:
            message = f"{name}发布后不能删除（原为 {was.isoformat()}）"
        yield new.source.problem(path, "E-BACKDATED", message + "；日期须如实填写")


def _lateness_hidden(old: Version, new: Version, policy: Policy, today: date) -> Iterator[Problem]:
    """A report or answer set that was late, or overdue and missing, stays late in the public
    figures: no new date, moved event or edited deadline may show it as on time."""
    assert new.source is not None
    if old.event is None or new.event is None:
        return
    for stage in ("report", "feedback"):
        before = assess(old.event, policy, stage, today)
        after = assess(new.event, policy, stage, today)
        if before is None or after is None or before.state not in ("late", "missing"):
            continue
        if after.state not in ("on_time", "pending"):
            continue
        name = STAGE_NAMES[stage]
        if before.state == "late":
            was = f"原为逾期公开（期限 {before.due}，发布 {before.published}）"
        else:
            was = f"原已逾期未公开（期限 {before.due}）"
        yield new.source.problem(
            (stage, "published") if stage in (new.data or {}) else (stage,),
            "E-LATE",
            f"{name}{was}，改动后将显示为{DUE_STATE_NAMES[after.state]}："
            "逾期的事项在公开统计中始终计为逾期，请如实填写发布日期",
        )


def _sessions_kept(old: Version, new: Version) -> Iterator[Problem]:
    """A published session stays in the record: its calendar entry's UID hangs on its id, and
    a subscriber's copy of an entry that vanishes from the feed is left as it was."""
    assert new.source is not None
    if old.event is None or new.event is None or not old.event.sessions:
        return
    kept = {session.id for session in new.event.sessions}
    for session in old.event.sessions:
        if session.id in kept:
            continue
        yield new.source.problem(
            ("sessions",),
            "E-IMMUTABLE-SESSION",
            f"已发布的场次不能删除或更改编号（原第{session.number}场，编号“{session.id}”）：请恢复该场；"
            "取消一场时保留它，填写 status: cancelled 和 note，并提高 revision",
            on_key=True,
        )


def check_history(project: Path, ref: str, zone: Any, policy: Policy, today: date) -> HistoryResult:
    """Compare the working tree of ``project`` with revision ``ref``; raise
    :class:`~openday.sources.gitrevision.GitError` when git cannot give it."""
    files = yaml_files(project, ref, EVENTS_DIR)
    base = snapshot(
        check_project(project, policy, zone, today, files=files, judge=False, keep=True)
    )
    head = snapshot(check_project(project, policy, zone, today, judge=False, keep=True))
    return compare(base, head, policy, today)
