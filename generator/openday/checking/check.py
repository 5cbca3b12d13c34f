"""Gather every record, check it, and return the model with every problem found.

Read → load → shape (JSON Schema) → record rules → jurisdiction rules, for the
agency registry and every event file. Problems are values: one broken file
never stops the others from being checked, and the caller decides what to
do with the result (print it, or refuse to build).

This is the one record pipeline: ``openday check`` and the build run it over the
working tree, ``openday new`` over the one file it wrote, and ``openday history``
over the files of a base revision and of the working tree, up to the records.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from ..base.cores import Beside
from ..domain.model import Agency, Event
from ..domain.policy import Policy
from ..domain.problems import Problem
from ..sources import media
from ..sources.yamlsource import LoadError, Source, load, read
from . import rules, shape
from .records import EVENTS_DIR, build_agencies, build_event, notice_items

AGENCIES_FILE = f"{EVENTS_DIR}/agencies.yml"


@dataclass(frozen=True)
class Record:
    """One event file through the pipeline: its bytes, what each stage made of them, and
    its problems. ``raw`` is None when the file could not be read, ``source`` when it could
    not be loaded; ``data`` is the shape-checked record, ``event`` the publishable event."""

    path: str
    raw: bytes | None
    source: Source | None
    data: object
    event: Event | None
    problems: list[Problem]


@dataclass(frozen=True)
class CheckResult:
    """Every problem found, and the events that could be built (only publishable when ``ok``).

    With ``keep``, also the loaded registry and every file's :class:`Record`, by path."""

    files: int
    problems: list[Problem]
    agencies: dict[str, Agency]
    events: list[Event]
    registry: Source | None = None
    records: dict[str, Record] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def _read(project: Path, relative: str, what: str, files: Mapping[str, bytes] | None) -> bytes:
    """The bytes of ``relative``: from ``files`` when given (a tree git gave), else from the
    working tree, refusing what is not a regular file of the repository
    (:class:`media.Refused`) or cannot be read (:class:`LoadError`)."""
    if files is not None:
        return files[relative]
    media.check_regular(project, relative, what, "E-READ")
    return read(project, relative)


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
    agencies, problems, _ = _check_registry(project, None)
    return agencies, problems


def _check_registry(
    project: Path, files: Mapping[str, bytes] | None
) -> tuple[dict[str, Agency], list[Problem], Source | None]:
    if files is None:
        missing = not os.path.lexists(project / AGENCIES_FILE)
    else:
        missing = AGENCIES_FILE not in files
    if missing:
        message = "找不到承办单位名录 events/agencies.yml"
        return {}, [Problem(AGENCIES_FILE, 1, 1, "E-READ", message)], None
    try:
        source = load(AGENCIES_FILE, _read(project, AGENCIES_FILE, "承办单位名录", files))
    except media.Refused as refused:
        return {}, [Problem(AGENCIES_FILE, 1, 1, refused.code, refused.message)], None
    except LoadError as exc:
        return {}, [exc.problem], None
    data, problems = shape.check(source, "agencies")
    agencies, more = build_agencies(source, data)
    return agencies, problems + more, source


def check_event(
    project: Path,
    relative: str,
    agencies: dict[str, Agency],
    policy: Policy,
    zone: ZoneInfo,
    today: date,
) -> tuple[Event | None, list[Problem]]:
    """Check one event file through every stage; never raises for bad input."""
    record = _check_event(project, relative, agencies, policy, zone, today)
    return record.event, record.problems


def _check_event(
    project: Path,
    relative: str,
    agencies: dict[str, Agency],
    policy: Policy,
    zone: ZoneInfo,
    today: date,
    files: Mapping[str, bytes] | None = None,
    judge: bool = True,
) -> Record:
    """``relative`` through every stage; with ``judge`` false, through the record rules only
    (neither the policy's required notice items nor the jurisdiction rules)."""
    try:
        raw = _read(project, relative, "活动文件", files)
    except media.Refused as refused:
        problem = Problem(relative, 1, 1, refused.code, refused.message)
        return Record(relative, None, None, None, None, [problem])
    except LoadError as exc:
        return Record(relative, None, None, None, None, [exc.problem])
    try:
        source = load(relative, raw)
    except LoadError as exc:
        return Record(relative, raw, None, None, None, [exc.problem])
    problems: list[Problem] = []
    if relative.lower().endswith(".yaml"):
        problems.append(Problem(relative, 1, 1, "E-FILENAME", "活动文件的扩展名须为 .yml"))
    data, shape_problems = shape.check(source, "event")
    problems += shape_problems
    if judge:
        problems += notice_items(source, data, policy.required_items)
    if any(p.code != "E-REQUIRED" for p in shape_problems if p.is_error):
        return Record(relative, raw, source, data, None, problems)
    # Keys missing, all else well formed: the record rules still run, so that one missing
    # key never hides what is wrong with the others (but no event is published).
    event, record_problems = build_event(source, data, agencies, zone, project)
    problems += record_problems
    if event is None or any(p.is_error for p in shape_problems):
        return Record(relative, raw, source, data, None, problems)
    if judge:
        for rule in rules.RULES:
            problems.extend(rule(event, policy, today, source.problem))
    return Record(relative, raw, source, data, event, problems)


#: Below this many files a second process costs more than it saves.
PARALLEL_FROM = 500

#: One checked file: its event (if one could be built) and its problems.
Checked = tuple[Event | None, list[Problem]]

_TASK: tuple | None = None


def _check_files(relatives: list[str]) -> list[Checked]:
    # One record at a time: each file's loaded source is dropped as soon as it is checked.
    return [_checked(record) for record in _check_records(relatives)]


def _check_shared(relatives: list[str], workers: int | None) -> list[Checked]:
    """:func:`_check_files` of ``relatives``, on two cores when there are many.

    A forked process checks the later half while this one checks the first: only the
    later half's events are pickled back (sending checked events between processes
    costs a fifth as much as checking them), and this process does not sit idle. With
    one core :class:`Beside` checks the later half here too, after the first.
    """
    if len(relatives) < PARALLEL_FROM:
        return _check_files(relatives)
    half = len(relatives) // 2
    later = Beside(partial(_check_files, relatives[half:]), workers=workers)
    try:
        first = _check_files(relatives[:half])
    except BaseException:
        later.stop()
        raise
    return first + later.result()


def _check_records(relatives: list[str]) -> Iterator[Record]:
    project, agencies, policy, zone, today, files, judge = _TASK
    for relative in relatives:
        yield _check_event(project, relative, agencies, policy, zone, today, files, judge)


def _checked(record: Record) -> Checked:
    """What the rest of the check needs of ``record``, small enough to send between processes."""
    return record.event, record.problems


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
    files: Mapping[str, bytes] | None = None,
    only: Sequence[str] | None = None,
    judge: bool = True,
    keep: bool = False,
    workers: int | None = None,
    cache: RecordCache | None = None,
) -> CheckResult:
    """Check the registry and every event file of the site at ``project``.

    ``files`` are the bytes of another tree of the site (a git base revision), by path
    relative to ``project``, checked instead of the working tree; ``only`` limits the
    check to these event files (a file just written), with the registry they are checked
    against. With ``judge`` false the files go through the record rules only, not the
    policy's (``policy`` and ``today`` are then not consulted). With ``keep``, the result
    holds the loaded registry and every file's :class:`Record`, for a caller that compares
    records (a file that could not be read has none).

    Files are independent, so a large site is checked on two cores, this process's and a
    forked one's, unless ``workers`` is 1 (or the machine has one core); the result does
    not depend on how many were used. With a ``cache`` (of the working tree), only the
    files that changed since its last use are checked again.
    """
    global _TASK
    agencies, problems, registry = _check_registry(project, files)
    if files is None and only is None:
        problems += [
            Problem(path, 1, 1, "E-LINK" if "符号链接" in message else "E-FILE", message)
            for path, message in media.linked_folders(project, EVENTS_DIR)
        ]
    if only is not None:
        relatives = list(only)
    elif files is not None:
        relatives = [path for path in files if path != AGENCIES_FILE]
    else:
        relatives = list(event_files(project))
    _TASK = (project, agencies, policy, zone, today, files, judge)
    records: dict[str, Record] = {}
    if keep:
        # Here, not on every core: sending the loaded sources back costs more than it saves.
        kept = list(_check_records(relatives))
        records = {record.path: record for record in kept if record.raw is not None}
        checked = [_checked(record) for record in kept]
    elif cache is None or files is not None or only is not None:
        checked = _check_shared(relatives, workers)
    else:
        cache.revise((project, agencies, policy, zone.key, today))
        checked = _check_changed(project, relatives, cache, workers)
    events: list[Event] = []
    for event, found in checked:
        problems.extend(found)
        if event is not None:
            events.append(event)
    problems.extend(_unique_index_numbers(project, events, files))
    return CheckResult(len(relatives) + 1, sorted(problems), agencies, events, registry, records)


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
    for relative, result in zip(stale, _check_shared(stale, workers), strict=True):
        cache.files[relative] = (signatures[relative], result)
    for gone in cache.files.keys() - signatures.keys():
        del cache.files[gone]
    return [cache.files[relative][1] for relative in relatives]


def _unique_index_numbers(
    project: Path, events: list[Event], files: Mapping[str, bytes] | None
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
            line, col = _index_mark(project, event, files)
            message = f"索引号“{event.index_no}”与 {other.path} 重复，索引号须唯一"
            if other.index_no != event.index_no:
                message = (
                    f"索引号“{event.index_no}”与 {other.path} 的“{other.index_no}”"
                    "只有大小写不同，索引号须唯一（不区分大小写）"
                )
            yield Problem(event.path, line, col, "E-INDEX", message)


def _index_mark(project: Path, event: Event, files: Mapping[str, bytes] | None) -> tuple[int, int]:
    """Where a clash of the 索引号 of ``event`` (a notice) is reported. Its file is read
    again for the marks, which are otherwise read only for a file's own problems: a
    clash is rare, and every notice would pay for keeping them."""
    pinned = event.notice is not None and event.notice.index_no is not None
    try:
        source = load(event.path, _read(project, event.path, "活动文件", files))
    except (media.Refused, LoadError):  # changed since it was checked
        return 1, 1
    return source.value_at(("index_no",) if pinned else ("agency",))
