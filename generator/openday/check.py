"""Gather every record, check it, and return the model with every problem found.

Load → shape (JSON Schema) → record rules → jurisdiction rules, for the
agency registry and every event file. Problems are values: one broken file
never stops the others from being checked, and the caller decides what to
do with the result (print it, or refuse to build).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from . import media, rules, shape
from .cores import spread
from .model import Agency, Event
from .policy import Policy
from .problems import Problem
from .records import EVENTS_DIR, build_agencies, build_event, notice_items
from .yamlsource import LoadError, Source, load, read

AGENCIES_FILE = f"{EVENTS_DIR}/agencies.yml"


@dataclass(frozen=True)
class CheckResult:
    """Every problem found, and the events that could be built (only publishable when ``ok``)."""

    files: int
    problems: list[Problem]
    agencies: dict[str, Agency]
    events: list[Event]

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def _load(project: Path, relative: str) -> Source:
    return load(relative, read(project, relative))


def event_files(project: Path) -> Iterator[str]:
    """Paths (relative to ``project``, sorted) of every YAML file under ``events/`` but the
    registry. Linked folders are never followed; :func:`media.linked_folders` reports them."""
    root = str(project).rstrip(os.sep)
    start = len(root) + 1
    for folder, dirs, files in os.walk(os.path.join(root, EVENTS_DIR)):
        dirs.sort()
        for name in sorted(files):
            # ".YML" too: such a file is reported, not quietly left out of the site.
            if name.lower().endswith((".yml", ".yaml")):
                relative = os.path.join(folder, name)[start:].replace(os.sep, "/")
                if relative != AGENCIES_FILE:
                    yield relative


def check_agencies(project: Path) -> tuple[dict[str, Agency], list[Problem]]:
    if not os.path.lexists(project / AGENCIES_FILE):
        return {}, [
            Problem(AGENCIES_FILE, 1, 1, "E-READ", "找不到承办单位名录 events/agencies.yml")
        ]
    try:
        media.check_regular(project, AGENCIES_FILE, "承办单位名录", "E-READ")
        source = _load(project, AGENCIES_FILE)
    except media.Refused as refused:
        return {}, [Problem(AGENCIES_FILE, 1, 1, refused.code, refused.message)]
    except LoadError as exc:
        return {}, [exc.problem]
    data, problems = shape.check(source, "agencies")
    agencies, more = build_agencies(source, data)
    return agencies, problems + more


def check_event(
    project: Path,
    relative: str,
    agencies: dict[str, Agency],
    policy: Policy,
    zone: ZoneInfo,
    today: date,
) -> tuple[Event | None, list[Problem]]:
    """Check one event file through every stage; never raises for bad input."""
    event, problems, _ = _check_event(project, relative, agencies, policy, zone, today)
    return event, problems


def _check_event(
    project: Path,
    relative: str,
    agencies: dict[str, Agency],
    policy: Policy,
    zone: ZoneInfo,
    today: date,
) -> tuple[Event | None, list[Problem], Source | None]:
    try:
        media.check_regular(project, relative, "活动文件", "E-READ")
        source = _load(project, relative)
    except media.Refused as refused:
        return None, [Problem(relative, 1, 1, refused.code, refused.message)], None
    except LoadError as exc:
        return None, [exc.problem], None
    problems: list[Problem] = []
    if relative.lower().endswith(".yaml"):
        problems.append(Problem(relative, 1, 1, "E-FILENAME", "活动文件的扩展名须为 .yml"))
    data, shape_problems = shape.check(source, "event")
    problems += shape_problems
    problems += notice_items(source, data, policy.required_items)
    if any(p.code != "E-REQUIRED" for p in shape_problems if p.is_error):
        return None, problems, source
    # Keys missing, all else well formed: the record rules still run, so that one missing
    # key never hides what is wrong with the others (but no event is published).
    event, record_problems = build_event(source, data, agencies, zone, project)
    problems += record_problems
    if event is None or any(p.is_error for p in shape_problems):
        return None, problems, source
    for rule in rules.RULES:
        problems.extend(rule(event, policy, today, source.problem))
    return event, problems, source


#: Below this many files a second process costs more than it saves.
PARALLEL_FROM = 500

#: One checked file: its event (if one could be built), its problems, and where a clash
#: of its 索引号 is reported (line, column), for a published notice.
Checked = tuple[Event | None, list[Problem], tuple[int, int] | None]

_TASK: tuple | None = None


def _check_files(relatives: list[str]) -> list[Checked]:
    project, agencies, policy, zone, today = _TASK
    checked = []
    for relative in relatives:
        event, found, source = _check_event(project, relative, agencies, policy, zone, today)
        mark = None
        if event is not None and event.notice is not None:
            pinned = event.notice.index_no is not None
            mark = source.value_at(("index_no",) if pinned else ("agency",))
        checked.append((event, found, mark))
    return checked


@dataclass
class RecordCache:
    """Event files already checked by this process, kept between the builds of ``mkdocs serve``.

    A file is checked again only when it changed (its size, times or inode), when a
    file in the folder of its pictures changed, or when what every file is checked against did
    (the registry, the policy, the time zone, today). Events that come back from the
    cache are the very objects of the earlier build, so later stages may keep their
    own work per event object.
    """

    context: tuple = ()
    files: dict[str, tuple[tuple, Checked]] = field(default_factory=dict)

    def revise(self, context: tuple) -> None:
        """Forget every file when ``context`` differs from the last build's."""
        if context != self.context:
            self.files.clear()
            self.context = context


def _signature(root: str, relative: str) -> tuple:
    """What changes when ``relative`` or a file in the folder of its pictures is written to."""
    path = os.path.join(root, relative)
    try:
        own = os.stat(path)
    except OSError:
        return ()
    try:
        with os.scandir(os.path.splitext(path)[0]) as entries:
            pictures = tuple(sorted(_entry_signature(entry) for entry in entries))
    except OSError:
        pictures = None
    return (own.st_size, own.st_mtime_ns, own.st_ctime_ns, own.st_ino, pictures)


def _entry_signature(entry: os.DirEntry) -> tuple:
    """A picture or attachment changes in place, too: its name, size, times and inode."""
    found = entry.stat(follow_symlinks=False)
    return (entry.name, found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)


def check_project(
    project: Path,
    policy: Policy,
    zone: ZoneInfo,
    today: date,
    *,
    workers: int | None = None,
    cache: RecordCache | None = None,
) -> CheckResult:
    """Check the registry and every event file of the site at ``project``.

    Files are independent, so a large site is checked on every core (``workers``,
    default up to two); the result does not depend on how many were used. With a
    ``cache``, only the files that changed since its last use are checked again.
    """
    global _TASK
    agencies, problems = check_agencies(project)
    problems += [
        Problem(path, 1, 1, "E-LINK" if "符号链接" in message else "E-FILE", message)
        for path, message in media.linked_folders(project, EVENTS_DIR)
    ]
    relatives = list(event_files(project))
    _TASK = (project, agencies, policy, zone, today)
    if cache is None:
        checked = spread(_check_files, relatives, least=PARALLEL_FROM, workers=workers)
    else:
        cache.revise((project, agencies, policy, zone.key, today))
        checked = _check_changed(project, relatives, cache, workers)
    events: list[Event] = []
    index_marks: dict[str, tuple[int, int]] = {}
    for event, found, mark in checked:
        problems.extend(found)
        if event is not None:
            events.append(event)
            if mark is not None:
                index_marks[event.path] = mark
    problems.extend(_unique_index_numbers(events, index_marks))
    return CheckResult(len(relatives) + 1, sorted(problems), agencies, events)


def _check_changed(
    project: Path, relatives: list[str], cache: RecordCache, workers: int | None
) -> list[Checked]:
    root = str(project)
    signatures = {relative: _signature(root, relative) for relative in relatives}
    stale = [
        relative
        for relative in relatives
        if (kept := cache.files.get(relative)) is None or kept[0] != signatures[relative]
    ]
    for relative, result in zip(
        stale, spread(_check_files, stale, least=PARALLEL_FROM, workers=workers), strict=True
    ):
        cache.files[relative] = (signatures[relative], result)
    for gone in cache.files.keys() - signatures.keys():
        del cache.files[gone]
    return [cache.files[relative][1] for relative in relatives]


def _unique_index_numbers(
    events: list[Event], marks: dict[str, tuple[int, int]]
) -> Iterator[Problem]:
    """索引号 must be unique ignoring case (as readers and case-insensitive stores compare
    them): the later file is told, at its ``index_no`` or, when the number is derived, at
    its ``agency``, whose prefix made the clash."""
    seen: dict[str, Event] = {}
    for event in events:
        if event.notice is None:
            continue
        other = seen.setdefault(event.index_no.casefold(), event)
        if other is not event:
            line, col = marks[event.path]
            message = f"索引号“{event.index_no}”与 {other.path} 重复，索引号须唯一"
            if other.index_no != event.index_no:
                message = (
                    f"索引号“{event.index_no}”与 {other.path} 的“{other.index_no}”"
                    "只有大小写不同，索引号须唯一（不区分大小写）"
                )
            yield Problem(event.path, line, col, "E-INDEX", message)
