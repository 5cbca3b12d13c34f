"""The per-event memo: a function declared per event computes every time unless an adapter
began a memo; then once per event object and arguments, forgotten when a build no longer
asks for it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from openday.base.memo import Memo, per_event


@dataclass(frozen=True)
class Record:
    name: str


calls: list[str] = []


@per_event
def shout(record: Record, suffix: str) -> str:
    calls.append(record.name)
    return record.name.upper() + suffix


@per_event
def name(record: Record) -> str:
    calls.append(record.name)
    return record.name


@pytest.fixture
def memo() -> Iterator[Memo]:
    """A memo of its own for the test, not begun; ended whatever the test left it."""
    calls.clear()
    memo = Memo()
    yield memo
    memo.abandon()


def test_without_a_memo_begun_every_call_computes(memo: Memo) -> None:
    first = Record("a")
    assert shout(first, "!") == shout(first, "!") == "A!"
    assert calls == ["a", "a"]


def test_the_same_object_is_computed_once_an_equal_new_one_again(memo: Memo) -> None:
    memo.begin()
    first = Record("a")
    assert shout(first, "!") == shout(first, "!") == "A!"
    assert calls == ["a"]
    assert shout(Record("a"), "!") == "A!"
    assert calls == ["a", "a"]
    assert shout(first, "?") == "A?"
    assert calls == ["a", "a", "a"]
    assert shout(first, "!") == "A!"
    assert calls == ["a", "a", "a"]


def test_a_build_keeps_what_the_previous_one_asked_for_and_no_more(memo: Memo) -> None:
    kept, dropped = Record("kept"), Record("dropped")
    memo.begin()
    for record in (kept, dropped):
        name(record)
    memo.sweep()
    memo.begin()
    name(kept)
    memo.sweep()
    memo.begin()
    name(kept)
    name(dropped)
    memo.sweep()
    assert calls == ["kept", "dropped", "dropped"]


def test_between_builds_nothing_is_remembered_nor_forgotten(memo: Memo) -> None:
    record = Record("a")
    memo.begin()
    name(record)
    memo.sweep()
    name(record)
    memo.begin()
    name(record)
    memo.sweep()
    assert calls == ["a", "a"]


def test_a_failed_build_keeps_everything_for_the_next(memo: Memo) -> None:
    earlier, later = Record("earlier"), Record("later")
    memo.begin()
    name(earlier)
    memo.sweep()
    memo.begin()
    name(later)
    memo.abandon()
    name(later)
    memo.begin()
    name(earlier)
    name(later)
    memo.sweep()
    assert calls == ["earlier", "later", "later"]
