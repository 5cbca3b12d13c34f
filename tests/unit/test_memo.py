"""The per-event memo: computed once per event object and arguments, forgotten when a
build no longer asks for it."""

from __future__ import annotations

from dataclasses import dataclass

from openday.base.memo import Memo


@dataclass(frozen=True)
class Record:
    name: str


def test_the_same_object_is_computed_once_an_equal_new_one_again() -> None:
    calls: list[str] = []

    def shout(record: Record, suffix: str) -> str:
        calls.append(record.name)
        return record.name.upper() + suffix

    memo = Memo()
    first = Record("a")
    loud = memo.per_event(shout, "!")
    assert loud(first) == loud(first) == "A!"
    assert calls == ["a"]
    assert loud(Record("a")) == "A!"
    assert calls == ["a", "a"]
    assert memo.per_event(shout, "?")(first) == "A?"
    assert calls == ["a", "a", "a"]


def test_a_build_keeps_what_the_previous_one_asked_for_and_no_more() -> None:
    calls: list[str] = []

    def name(record: Record) -> str:
        calls.append(record.name)
        return record.name

    memo, kept, dropped = Memo(), Record("kept"), Record("dropped")
    for record in (kept, dropped):
        memo.per_event(name)(record)
    memo.sweep()
    memo.per_event(name)(kept)
    memo.sweep()
    memo.per_event(name)(kept)
    memo.per_event(name)(dropped)
    assert calls == ["kept", "dropped", "dropped"]
