"""``check_project`` with a :class:`RecordCache`: files are checked again only when they,
their pictures or what every file is checked against changed, and the result is always
the one an uncached check gives."""

from __future__ import annotations

import pickle
import shutil
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openday.checking.check import CheckResult, RecordCache, check_project
from openday.domain.policy import resolve
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
ZONE = ZoneInfo("Asia/Shanghai")
POLICY = resolve("yanjiang-2022")
TODAY = date(2022, 9, 23)
EDITED = "events/yj-sthj/2022-09-17-tuojiang-qingshui.yml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(ROOT / "events", root / "events")
    return root


def _check(project: Path, cache: RecordCache | None, today: date = TODAY) -> CheckResult:
    return check_project(project, POLICY, ZONE, today, cache=cache, workers=1)


def _same_as_uncached(project: Path, result: CheckResult, today: date = TODAY) -> None:
    fresh = _check(project, None, today)
    assert result.problems == fresh.problems
    assert result.events == fresh.events
    assert result.files == fresh.files


def _by_path(result: CheckResult) -> dict:
    return {event.path: event for event in result.events}


def test_unchanged_files_give_back_the_very_same_event_objects(project: Path) -> None:
    cache = RecordCache()
    first, second = _by_path(_check(project, cache)), _by_path(_check(project, cache))
    assert first.keys() == second.keys()
    assert all(second[path] is first[path] for path in first)


def test_an_edited_file_alone_is_checked_again(project: Path) -> None:
    cache = RecordCache()
    first = _by_path(_check(project, cache))
    path = project / EDITED
    path.write_text(path.read_text("utf-8").replace("capacity: 26", "capacity: 24"), "utf-8")
    result = _check(project, cache)
    second = _by_path(result)
    renewed = [name for name in first if second[name] is not first[name]]
    assert renewed == [EDITED]
    assert second[EDITED].notice.capacity == 24
    _same_as_uncached(project, result)


def test_a_file_saved_without_change_is_checked_again_to_the_same_result(project: Path) -> None:
    cache = RecordCache()
    _check(project, cache)
    path = project / EDITED
    path.write_bytes(path.read_bytes())
    _same_as_uncached(project, _check(project, cache))


def test_a_removed_picture_is_noticed_though_the_record_is_untouched(project: Path) -> None:
    cache = RecordCache()
    assert not [p for p in _check(project, cache).problems if p.code == "E-IMAGE"]
    (project / EDITED.removesuffix(".yml") / "tuojiang-1.png").unlink()
    result = _check(project, cache)
    assert [(p.path, p.code) for p in result.problems if p.is_error] == [(EDITED, "E-IMAGE")]
    _same_as_uncached(project, result)


def test_a_picture_overwritten_in_place_is_measured_again(project: Path) -> None:
    """Writing into a picture leaves its folder's time alone; the picture's own counts."""
    cache = RecordCache()
    before = _by_path(_check(project, cache))[EDITED].report.images[0]
    picture = project / EDITED.removesuffix(".yml") / "tuojiang-1.png"
    with Image.open(picture) as opened:
        opened.resize((960, 600)).save(picture, "PNG")
    result = _check(project, cache)
    after = _by_path(result)[EDITED].report.images[0]
    assert (before.width, after.width) == (480, 960)
    _same_as_uncached(project, result)


def test_deleted_and_added_files_leave_and_join_the_result(project: Path) -> None:
    cache = RecordCache()
    _check(project, cache)
    kept = (project / EDITED).read_bytes()
    (project / EDITED).unlink()
    result = _check(project, cache)
    assert EDITED not in _by_path(result) and EDITED not in cache.files
    _same_as_uncached(project, result)
    (project / EDITED).write_bytes(kept)
    result = _check(project, cache)
    assert EDITED in _by_path(result)
    _same_as_uncached(project, result)


def test_a_broken_file_is_reported_and_its_fix_is_seen(project: Path) -> None:
    cache = RecordCache()
    _check(project, cache)
    path = project / EDITED
    kept = path.read_text("utf-8")
    path.write_text(kept.replace("capacity: 26", "capacity: [26"), "utf-8")
    broken = _check(project, cache)
    assert EDITED not in _by_path(broken)
    _same_as_uncached(project, broken)
    path.write_text(kept, "utf-8")
    _same_as_uncached(project, _check(project, cache))


def test_another_day_checks_every_file_again(project: Path) -> None:
    cache = RecordCache()
    first = _by_path(_check(project, cache))
    later = date(2022, 12, 31)
    result = _check(project, cache, later)
    assert all(_by_path(result)[path] is not first[path] for path in first)
    _same_as_uncached(project, result, later)


def test_a_changed_registry_checks_every_file_again(project: Path) -> None:
    cache = RecordCache()
    first = _by_path(_check(project, cache))
    registry = project / "events" / "agencies.yml"
    text = registry.read_text("utf-8")
    registry.write_text(text.replace("short: 雁江生态环境局", "short: 区生态环境局"), "utf-8")
    result = _check(project, cache)
    assert all(_by_path(result)[path] is not first[path] for path in first)
    assert _by_path(result)[EDITED].agency.short == "区生态环境局"
    _same_as_uncached(project, result)


def test_two_processes_give_the_result_of_one(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("openday.checking.check.PARALLEL_FROM", 2)
    split = check_project(project, POLICY, ZONE, TODAY, workers=2)
    assert split.events == _check(project, None).events
    assert split.problems == _check(project, None).problems
    cache = RecordCache()
    assert (
        check_project(project, POLICY, ZONE, TODAY, workers=2, cache=cache).events == split.events
    )
    assert len(cache.files) == len(split.events)


def test_every_checked_event_survives_pickling_field_for_field(project: Path) -> None:
    """Workers send their events to the parent pickled, each object as the tuple of its
    fields: every kind of record (sessions, tours, answers, pictures) comes back equal."""
    events = _check(project, None).events
    again = pickle.loads(pickle.dumps(events, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == events
    assert [repr(event) for event in again] == [repr(event) for event in events]
    assert any(event.sessions for event in again) and any(event.feedback for event in again)
