"""`openday check` against data-driven fixture projects, and the checker's guarantees.

Each folder under ``tests/fixtures/rules/<preset>/`` and ``tests/fixtures/records/`` is a
tiny site: ``mkdocs.yml``, ``events/agencies.yml`` and event files. ``expected.txt``
holds the exact problem lines ``openday check`` prints (the summary line is derived
from them); ``today.txt`` pins ``OPENDAY_TODAY`` for the cases that depend on the
date. A ``bug.txt`` marks a case whose expectation the checker does not meet yet and
says why; an ``attack.txt`` marks a case that reproduces what a hostile pull request
tries, and says what (``pytest -m attack`` runs them).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openday.adapters.cli import main
from openday.checking.check import check_agencies, check_event, check_project
from openday.domain.policy import resolve
from openday.sources.config import load_settings
from openday.sources.yamlsource import MAX_BYTES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GROUPS = ("rules", "records", "config")
CASES = sorted(mk.parent for group in GROUPS for mk in (FIXTURES / group).rglob("mkdocs.yml"))
LINE = re.compile(
    r"(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[EW]-[A-Z-]+) (?P<message>.+)"
)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _param(case: Path) -> object:
    attack = (case / "attack.txt").exists()
    return pytest.param(case, marks=[pytest.mark.attack] if attack else [])


PARAMS = [_param(case) for case in CASES]


def _id(case: Path) -> str:
    return case.relative_to(FIXTURES).as_posix()


def _expected(case: Path) -> list[str]:
    return (case / "expected.txt").read_text("utf-8").splitlines()


def _event_files(case: Path) -> int:
    events = case / "events"
    return sum(
        1
        for path in events.rglob("*")
        if path.suffix.lower() in (".yml", ".yaml") and path != events / "agencies.yml"
    )


def _run(case: Path, monkeypatch: pytest.MonkeyPatch, capsys, *extra: str) -> tuple[int, list[str]]:
    today = case / "today.txt"
    if today.exists():
        monkeypatch.setenv("OPENDAY_TODAY", today.read_text("utf-8").strip())
    else:
        # No today.txt: the case must not depend on the date, so use the real clock.
        monkeypatch.delenv("OPENDAY_TODAY", raising=False)
    code = main(["check", "--project", str(case), *extra])
    return code, capsys.readouterr().out.splitlines()


def _summary(case: Path, expected: list[str]) -> str:
    codes = [match["code"] for match in map(LINE.match, expected) if match]
    errors = sum(code.startswith("E-") for code in codes)
    warnings = sum(code.startswith("W-") for code in codes)
    return f"已检查 {1 + _event_files(case)} 个文件：{errors} 个错误，{warnings} 个警告"


def _known_bug(case: Path) -> str:
    note = case / "bug.txt"
    return f"\nknown checker bug:\n{note.read_text('utf-8')}" if note.exists() else ""


@pytest.mark.parametrize("case", PARAMS, ids=_id)
def test_openday_check_prints_exactly_the_expected_problems(case, monkeypatch, capsys):
    expected = _expected(case)
    code, printed = _run(case, monkeypatch, capsys)
    if any(" E-CONFIG " in line for line in expected):
        assert printed == expected, _known_bug(case)
        assert code == 2
        return
    assert printed == [*expected, _summary(case, expected)], _known_bug(case)
    errors = any(LINE.match(line)["code"].startswith("E-") for line in expected)
    assert code == (1 if errors else 0)


@pytest.mark.parametrize("case", PARAMS, ids=_id)
def test_strict_mode_fails_on_warnings_as_well_as_errors(case, monkeypatch, capsys):
    expected = _expected(case)
    code, _ = _run(case, monkeypatch, capsys, "--strict")
    if any(" E-CONFIG " in line for line in expected):
        assert code == 2
    else:
        assert code == (1 if expected else 0), _known_bug(case)


@pytest.mark.parametrize("case", PARAMS, ids=_id)
def test_every_printed_problem_is_one_located_chinese_line(case, monkeypatch, capsys):
    """The text format is an interface: one line per problem, a place, a code, Chinese words."""
    _, printed = _run(case, monkeypatch, capsys)
    problems = printed if printed and not printed[-1].startswith("已检查") else printed[:-1]
    for line in problems:
        match = LINE.fullmatch(line)
        assert match, f"not a `path:line:col: CODE 说明` line: {line!r}{_known_bug(case)}"
        assert int(match["line"]) >= 1 and int(match["col"]) >= 1
        assert re.search(r"[\u4e00-\u9fff]", match["message"]), line
        # libyaml's English must not leak into what staff read.
        assert not re.search(r"[a-z]+ [a-z]+ [a-z]+", match["message"]), (
            f"untranslated text in {line!r}{_known_bug(case)}"
        )


def test_the_fixtures_cover_every_preset_and_the_record_rules():
    presets = {path.name for path in (FIXTURES / "rules").iterdir()} - {"overrides"}
    assert presets == {
        "baseline",
        "region-2021",
        "hedong-2021",
        "yishui-2023",
        "sharihaolai-2023",
        "yanjiang-2022",
    }
    for preset in presets:
        names = [case.name for case in (FIXTURES / "rules" / preset).iterdir()]
        assert any(name.endswith("-valid") for name in names)
        assert any(name.endswith(("-invalid", "-warning")) for name in names)
    assert len(list((FIXTURES / "records").iterdir())) > 80


def test_a_file_over_one_mebibyte_is_refused_before_parsing(tmp_path, monkeypatch, capsys):
    project = tmp_path / "site"
    shutil.copytree(FIXTURES / "records" / "notice-valid", project)
    big = project / "events" / "hd-scjgj" / "2021-09-24-big.yml"
    body = b"agency: hd-scjgj\ntheme: x\nstart: 2021-09-24\n"
    big.write_bytes(body + b"#" * (MAX_BYTES + 1 - len(body) - 1) + b"\n")
    assert big.stat().st_size == MAX_BYTES + 1
    code, printed = _run(project, monkeypatch, capsys)
    assert printed == [
        f"events/hd-scjgj/2021-09-24-big.yml:1:1: E-SIZE 文件过大（{MAX_BYTES + 1} 字节），单个文件不得超过 1 MiB",
        "已检查 3 个文件：1 个错误，0 个警告",
    ]
    assert code == 1


def test_a_file_of_exactly_one_mebibyte_is_still_read(tmp_path, monkeypatch, capsys):
    project = tmp_path / "site"
    shutil.copytree(FIXTURES / "records" / "notice-valid", project)
    big = project / "events" / "hd-scjgj" / "2021-09-24-big.yml"
    body = b"agency: hd-scjgj\ntheme: x\nstart: 2021-09-24\n#"
    big.write_bytes(body + b"#" * (MAX_BYTES - len(body) - 1) + b"\n")
    assert big.stat().st_size == MAX_BYTES
    code, printed = _run(project, monkeypatch, capsys)
    assert printed == ["已检查 3 个文件：0 个错误，0 个警告"]
    assert code == 0


def _plan_project(tmp_path: Path, start: str) -> Path:
    project = tmp_path / "site"
    shutil.copytree(FIXTURES / "records" / "plan-only-valid", project)
    path = project / "events" / "hd-scjgj" / "2021-09-11-open-day.yml"
    path.write_text(f"agency: hd-scjgj\ntheme: 走进市场监管\nstart: {start}\n", "utf-8")
    return project


@pytest.mark.parametrize(
    "start",
    [
        "0000-09",  # a fuzzy period in year 0: date(0, 9, 1) raises ValueError
        "0000-09-上旬",
        "9999-12-31 23:59-08:00",  # local time falls after date.max: OverflowError
        "0001-01-01 00:00+08:00",  # local time falls before date.min: OverflowError
    ],
)
def test_start_times_outside_the_calendar_are_reported_not_raised(tmp_path, start):
    """Dates Python's calendar cannot hold are a located E-FORMAT, not a crash."""
    project = _plan_project(tmp_path, start)
    agencies, _ = check_agencies(project)
    event, problems = check_event(
        project,
        "events/hd-scjgj/2021-09-11-open-day.yml",
        agencies,
        resolve("hedong-2021"),
        SHANGHAI,
        date(2021, 9, 1),
    )
    assert event is None
    assert [(p.line, p.col, p.code) for p in problems] == [(3, 8, "E-FORMAT")]


def test_one_unreadable_file_does_not_hide_the_problems_of_the_others(tmp_path):
    project = tmp_path / "site"
    shutil.copytree(FIXTURES / "records" / "notice-valid", project)
    folder = project / "events" / "hd-scjgj"
    (folder / "2021-09-01-a.yml").write_bytes(b"\xff\xfe")
    (folder / "2021-09-02-b.yml").write_text("agency: hd-scjgj\ntheme: [\n", "utf-8")
    (folder / "2021-09-03-c.yml").write_text(
        "agency: hd-scjgj\ntheme: 走进\nstart: 2021-09-04\n", "utf-8"
    )
    result = check_project(project, resolve("hedong-2021"), SHANGHAI, date(2021, 9, 1))
    assert [(p.path.rsplit("/", 1)[1], p.code) for p in result.problems] == [
        ("2021-09-01-a.yml", "E-ENCODING"),
        ("2021-09-02-b.yml", "E-YAML"),
        ("2021-09-03-c.yml", "E-FILENAME"),
    ]
    assert result.files == 5
    assert not result.ok
    assert sorted(event.id for event in result.events) == [
        "hd-scjgj/2021-09-03-c",
        "hd-scjgj/2021-09-23-open-day",
    ]


def _attack_record(project: Path, unit: str, size: int) -> str:
    """A notice whose ``content`` is ``unit`` repeated to ``size`` characters, on one line."""
    text = (FIXTURES / "records/notice-valid/events/hd-scjgj/2021-09-23-open-day.yml").read_text(
        "utf-8"
    )
    body = (unit * (size // len(unit) + 1))[:size]
    text = text.replace("  2. 座谈交流，听取意见建议。\n", f"  {body}\n")
    (project / "events/hd-scjgj/2021-09-23-open-day.yml").write_text(text, "utf-8")
    return "events/hd-scjgj/2021-09-23-open-day.yml"


class _Scan:
    """A compiled pattern that adds to ``work`` the characters each of its scans must look
    at: from where the scan starts to the end of its match, or to the end of the text
    when there is none (one for an anchored match that fails)."""

    def __init__(self, pattern: re.Pattern, work: list[int]):
        self._pattern, self._work = pattern, work

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pattern, name)

    def _whole(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> None:
        self._work[0] += min(endpos, len(string)) - pos + 1

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        found = self._pattern.search(string, pos, endpos)
        if found is None:
            self._whole(string, pos, endpos)
        else:
            self._work[0] += found.end() - pos + 1
        return found

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        found = self._pattern.match(string, pos, endpos)
        self._work[0] += 1 if found is None else found.end() - pos + 1
        return found

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        found = self._pattern.fullmatch(string, pos, endpos)
        self._work[0] += 1 if found is None else found.end() - pos + 1
        return found

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        self._whole(string, pos, endpos)
        return self._pattern.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        self._whole(string, pos, endpos)
        return self._pattern.findall(string, pos, endpos)

    def sub(self, repl: Any, string: str, count: int = 0) -> Any:
        self._whole(string)
        return self._pattern.sub(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> Any:
        self._whole(string)
        return self._pattern.split(string, maxsplit)


def _scanning(value: Any, work: list[int]) -> Any:
    """``value`` with every compiled pattern in it (alone or in tuples) counting its scans."""
    if isinstance(value, re.Pattern):
        return _Scan(value, work)
    if isinstance(value, tuple):
        counted = tuple(_scanning(item, work) for item in value)
        if any(a is not b for a, b in zip(counted, value, strict=True)):
            return counted
    return value


@contextlib.contextmanager
def _counted_work() -> Iterator[list[int]]:
    """The work done inside the block, counted as steps that no other load on the machine
    changes: each bytecode instruction run, and each character that a pattern of the
    generator's modules must look at in its scans (:class:`_Scan`)."""
    work = [0]
    patch = pytest.MonkeyPatch()
    for name, module in list(sys.modules.items()):
        if name.startswith("openday.") and module is not None:
            for attribute, value in list(vars(module).items()):
                counted = _scanning(value, work)
                if counted is not value:
                    patch.setattr(module, attribute, counted)

    def step(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "opcode":
            work[0] += 1
        return step

    def call(frame: FrameType, event: str, arg: Any) -> Any:
        frame.f_trace_opcodes = True
        return step

    before = sys.gettrace()
    sys.settrace(call)
    try:
        yield work
    finally:
        sys.settrace(before)
        patch.undo()


@pytest.mark.attack
@pytest.mark.parametrize("unit", ["<a:", "![", "< "])
def test_a_field_near_the_file_bound_is_checked_with_work_linear_in_its_size(tmp_path, unit):
    """``"<a:"`` 60,000 times in ``content`` once took 95 s to check. The check of such a
    field is counted (:func:`_counted_work`) at two sizes, the second eight times the
    first: linear work grows eightfold (7.6 here), quadratic work sixty-four-fold. The
    count sees every step of the check's own code and how far each scan reaches, not the
    steps of one pattern inside one scan (backtracking): the Markdown patterns' own growth
    on these texts is ``test_markup.py``'s business."""
    project = tmp_path / "site"
    shutil.copytree(FIXTURES / "records" / "notice-valid", project)
    agencies, _ = check_agencies(project)

    def check() -> list[tuple[int, str]]:
        _, problems = check_event(
            project, relative, agencies, resolve("hedong-2021"), SHANGHAI, date(2021, 9, 1)
        )
        return [(p.line, p.code) for p in problems]

    relative = _attack_record(project, unit, 30_000)
    check()  # whatever is done once per process (compiling patterns, filling tables)
    work = {}
    for size in (110_000, 880_000):
        relative = _attack_record(project, unit, size)
        with _counted_work() as counted:
            assert check() == [(18, "E-LENGTH")]
        work[size] = counted[0]
    assert work[110_000] > 110_000
    assert work[880_000] <= 10 * work[110_000], work


SYMLINK = "E-LINK 活动文件 events/hd-scjgj/2021-09-24-link.yml 是符号链接，不予发布：只接受仓库中的普通文件"


def _linked_project(tmp_path: Path) -> tuple[Path, Path]:
    project = tmp_path / "site"
    shutil.copytree(FIXTURES / "records" / "notice-valid", project)
    return project, project / "events" / "hd-scjgj"


@pytest.mark.attack
@pytest.mark.parametrize(
    "target",
    ["/dev/zero", "/etc/passwd", "2021-09-23-open-day.yml", "/nonexistent/x.yml"],
    ids=["dev-zero", "outside-the-project", "another-record", "dangling"],
)
def test_an_event_file_that_is_a_symlink_is_refused_before_it_is_read(
    tmp_path, monkeypatch, capsys, target
):
    project, folder = _linked_project(tmp_path)
    (folder / "2021-09-24-link.yml").symlink_to(target)
    started = time.perf_counter()
    code, printed = _run(project, monkeypatch, capsys)
    assert printed == [
        f"events/hd-scjgj/2021-09-24-link.yml:1:1: {SYMLINK}",
        "已检查 3 个文件：1 个错误，0 个警告",
    ]
    assert code == 1
    assert time.perf_counter() - started < 5  # /dev/zero was read until MemoryError


@pytest.mark.attack
def test_a_units_folder_that_is_a_symlink_is_reported_not_followed(tmp_path, monkeypatch, capsys):
    project, folder = _linked_project(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "2021-09-25-secret.yml").write_text("root:x:0:0:root:/root:/bin/bash\n", "utf-8")
    (project / "events" / "hd-other").symlink_to(outside)
    code, printed = _run(project, monkeypatch, capsys)
    assert printed == [
        "events/hd-other:1:1: E-LINK 文件夹 events/hd-other 是符号链接，其中的文件不予检查和发布："
        "只接受仓库中的普通文件夹",
        "已检查 2 个文件：1 个错误，0 个警告",
    ]
    assert code == 1


@pytest.mark.attack
def test_the_registry_as_a_symlink_is_refused(tmp_path, monkeypatch, capsys):
    project, _ = _linked_project(tmp_path)
    registry = project / "events" / "agencies.yml"
    registry.rename(tmp_path / "agencies.yml")
    registry.symlink_to(tmp_path / "agencies.yml")
    code, printed = _run(project, monkeypatch, capsys)
    assert printed[0] == (
        "events/agencies.yml:1:1: E-LINK 承办单位名录 events/agencies.yml 是符号链接，不予发布："
        "只接受仓库中的普通文件"
    )
    assert code == 1


@pytest.mark.attack
def test_a_pipe_named_like_an_event_file_is_refused_without_waiting_for_a_writer(
    tmp_path, monkeypatch, capsys
):
    project, folder = _linked_project(tmp_path)
    os.mkfifo(folder / "2021-09-24-pipe.yml")
    code, printed = _run(project, monkeypatch, capsys)
    assert printed == [
        "events/hd-scjgj/2021-09-24-pipe.yml:1:1: E-FILE "
        "活动文件 events/hd-scjgj/2021-09-24-pipe.yml 是命名管道，不是普通文件，不予发布",
        "已检查 3 个文件：1 个错误，0 个警告",
    ]
    assert code == 1


@pytest.mark.attack
def test_a_huge_file_is_refused_by_its_size_without_reading_it(tmp_path, monkeypatch, capsys):
    project, folder = _linked_project(tmp_path)
    huge = folder / "2021-09-24-huge.yml"
    with huge.open("wb") as sparse:
        sparse.truncate(64 * 1024**3)  # 64 GiB of holes: reading it would exhaust memory
    code, printed = _run(project, monkeypatch, capsys)
    assert printed[0] == (
        f"events/hd-scjgj/2021-09-24-huge.yml:1:1: E-SIZE 文件过大（{64 * 1024**3} 字节），"
        "单个文件不得超过 1 MiB"
    )
    assert code == 1


def test_sessions_without_a_place_of_their_own_meet_where_the_notice_or_its_tour_says():
    policy = resolve("hedong-2021")
    today = date(2021, 9, 1)
    shared = check_project(
        FIXTURES / "records" / "sessions-shared-venue-valid", policy, SHANGHAI, today
    )
    toured = check_project(
        FIXTURES / "records" / "tour-in-two-sessions-valid", policy, SHANGHAI, today
    )

    (event,) = shared.events
    assert [s.venues for s in event.sessions] == [("河东区市场监督管理局食品快检室",)] * 2
    (event,) = toured.events
    assert [s.venues for s in event.sessions] == [("区市场监督管理局大门",)] * 2
    assert event.notice.tour.places == (
        "区市场监督管理局大门",
        "九曲街道农贸市场",
        "河东区食品检验检测中心",
    )


# --- one pipeline, three callers ----------------------------------------------------------

#: The fixture sites whose settings load (``E-CONFIG`` cases stop before any record).
SITES = [case for case in CASES if not any(" E-CONFIG " in line for line in _expected(case))]


def _settings(case: Path) -> tuple:
    today = case / "today.txt"
    day = date.fromisoformat(today.read_text("utf-8").strip()) if today.exists() else date.today()
    settings = load_settings(case)
    return settings.policy, settings.timezone, day


def _tree(case: Path) -> dict[str, bytes]:
    """Every record of ``case`` as git gives a revision's files: bytes by relative path."""
    return {
        path.relative_to(case).as_posix(): path.read_bytes()
        for path in sorted((case / "events").rglob("*"))
        if path.suffix.lower() in (".yml", ".yaml") and path.is_file()
    }


@pytest.mark.parametrize("case", SITES, ids=_id)
def test_a_tree_given_as_bytes_is_checked_as_the_same_tree_on_disk(case):
    """``openday history`` checks a base revision from git's bytes: the pipeline must make of
    them what it makes of the same files on disk."""
    policy, zone, today = _settings(case)
    on_disk = check_project(case, policy, zone, today)
    given = check_project(case, policy, zone, today, files=_tree(case), keep=True)
    assert given.problems == on_disk.problems
    assert given.events == on_disk.events
    assert given.agencies == on_disk.agencies
    assert given.files == on_disk.files
    assert {path: record.raw for path, record in given.records.items()} == {
        path: raw for path, raw in _tree(case).items() if not path.endswith("/agencies.yml")
    }


@pytest.mark.parametrize("case", SITES, ids=_id)
def test_without_judging_only_the_policys_problems_are_left_out(case):
    """``openday history`` compares records and leaves the policy to ``openday check``: the
    same events are built, and every problem still found is one the full check finds."""
    policy, zone, today = _settings(case)
    judged = check_project(case, policy, zone, today)
    bare = check_project(case, policy, zone, today, judge=False)
    assert bare.events == judged.events
    assert set(bare.problems) <= set(judged.problems)


def test_without_judging_a_rule_broken_by_a_built_event_is_not_reported():
    case = FIXTURES / "rules" / "hedong-2021" / "capacity-per-site-21-invalid"
    policy, zone, today = _settings(case)
    judged = check_project(case, policy, zone, today)
    bare = check_project(case, policy, zone, today, judge=False)
    assert [p.code for p in judged.problems] == ["E-CAPACITY"]
    assert bare.problems == []
    assert [event.id for event in bare.events] == ["hd-scjgj/2021-09-23-open-day"]


def test_only_the_named_file_is_checked_and_against_the_registry(tmp_path):
    """``openday new`` checks the file it wrote, not the site around it."""
    project = tmp_path / "site"
    shutil.copytree(FIXTURES / "records" / "notice-valid", project)
    broken = project / "events" / "hd-scjgj" / "2021-09-02-b.yml"
    broken.write_text("agency: hd-scjgj\ntheme: [\n", "utf-8")
    written = project / "events" / "hd-scjgj" / "2021-09-03-c.yml"
    written.write_text("agency: hd-zz\ntheme: 走进\nstart: 2021-09-04\n", "utf-8")
    relative = "events/hd-scjgj/2021-09-03-c.yml"
    policy, zone = resolve("hedong-2021"), SHANGHAI
    result = check_project(project, policy, zone, date(2021, 9, 1), only=[relative])
    assert result.files == 2
    assert result.events == []
    assert {p.path for p in result.problems} == {relative}
    assert "E-AGENCY" in {p.code for p in result.problems}
    everything = check_project(project, policy, zone, date(2021, 9, 1))
    assert [p for p in everything.problems if p.path == relative] == result.problems


def test_a_revision_is_checked_from_its_bytes_not_from_the_working_tree(tmp_path):
    project = tmp_path / "site"
    shutil.copytree(FIXTURES / "records" / "notice-valid", project)
    on_disk = "events/hd-scjgj/2021-09-23-open-day.yml"
    (project / "events" / "hd-scjgj" / "2021-09-30-only-on-disk.yml").write_text("theme: [\n")
    files = {
        "events/agencies.yml": (project / "events/agencies.yml").read_bytes(),
        on_disk: b"agency: hd-scjgj\ntheme: [\n",
        "events/hd-scjgj/2021-09-23-only-in-git.yml": (project / on_disk).read_bytes(),
    }
    result = check_project(project, resolve("hedong-2021"), SHANGHAI, date(2021, 9, 1), files=files)
    assert [(p.path, p.code) for p in result.problems] == [(on_disk, "E-YAML")]
    assert [event.id for event in result.events] == ["hd-scjgj/2021-09-23-only-in-git"]
    assert result.files == 3
