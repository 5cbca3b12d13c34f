"""Work spread over processes: results in order, and work done beside the caller."""

from __future__ import annotations

import os
import time

import pytest
from openday.base.cores import Beside, spread


def _squares(items: list[int]) -> list[int]:
    return [item * item for item in items]


@pytest.mark.parametrize("workers", [1, 2])
def test_spread_joins_the_results_of_its_chunks_in_order(workers: int) -> None:
    assert spread(_squares, list(range(50)), least=10, workers=workers) == [
        n * n for n in range(50)
    ]


def test_work_beside_runs_in_another_process_and_returns_its_result() -> None:
    beside = Beside(lambda: (os.getpid(), [("a/b.html", None)]), workers=2)
    pid, notes = beside.result()
    assert pid != os.getpid()
    assert notes == [("a/b.html", None)]


def test_work_beside_sees_what_was_in_memory_when_it_began(tmp_path) -> None:
    state = {"made": 3}
    beside = Beside(lambda: (tmp_path / "f").write_text(str(state["made"])), workers=2)
    state["made"] = 4  # after the fork: the other process does not see it
    beside.result()
    assert (tmp_path / "f").read_text() == "3"


def test_what_the_work_beside_raises_is_raised_where_its_result_is_asked_for() -> None:
    def fail() -> None:
        raise OSError(28, "No space left on device")

    beside = Beside(fail, workers=2)
    with pytest.raises(OSError) as raised:
        beside.result()
    assert raised.value.errno == 28


def test_with_one_core_the_work_is_done_here_when_its_result_is_asked_for() -> None:
    done: list[int] = []
    beside = Beside(lambda: done.append(os.getpid()) or "ok", workers=1)
    assert done == []
    assert beside.result() == "ok"
    assert done == [os.getpid()]


def test_stopping_ends_work_that_is_still_going() -> None:
    beside = Beside(lambda: time.sleep(60), workers=2)
    started = time.monotonic()
    beside.stop()
    assert time.monotonic() - started < 30
    beside.stop()  # a second time does nothing
