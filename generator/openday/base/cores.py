"""Work on independent items spread over the machine's cores (at most two by default).

Checking thousands of files and rendering thousands of pages are both a loop over
independent items whose setup (records, templates, environment) is already in
memory; forked processes inherit that setup and take turns at chunks of the items.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _workers(asked: int | None) -> int:
    """The processes to work in: as many as asked, else the machine's cores, at most two."""
    return asked or min(2, os.cpu_count() or 1)


def spread(
    function: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    *,
    least: int,
    workers: int | None = None,
    meanwhile: Callable[[], object] | None = None,
    turns: int = 4,
) -> list[R]:
    """``function`` applied to chunks of ``items``, its results joined in order.

    Below ``least`` items, or with one worker, it runs here: a second process would
    cost more than it saves. ``function`` must be a module-level function (forked
    processes find it by name) and read its setup from module state set before.
    ``meanwhile``, if given, is called here while the processes work (after them when
    there are none): other work of this process that need not wait for theirs.
    Each process takes about ``turns`` chunks, the next as soon as it is done with one:
    more turns even out items of unequal cost, at the price of a message each.
    """
    workers = _workers(workers)
    if len(items) < least or workers < 2:
        results = function(items)
        if meanwhile is not None:
            meanwhile()
        return results
    step = -(-len(items) // (workers * turns))
    chunks = [items[i : i + step] for i in range(0, len(items), step)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pending = pool.map_async(function, chunks)
        if meanwhile is not None:
            meanwhile()
        return [result for chunk in pending.get() for result in chunk]


class Beside:
    """``function()`` run in a forked process from now on, while this one goes on.

    For work of a build that needs only what is already in memory and whose effect
    is files it writes: the second core does it while this process is still busy
    alone (the engine's own pages), instead of later, when every core has pages to
    render. :meth:`result` waits for it and returns what it returned, or raises what
    it raised. On a machine of one core, or where processes cannot be forked, it runs
    here when the result is asked for.
    """

    def __init__(self, function: Callable[[], R], *, workers: int | None = None):
        self._function: Callable[[], R] | None = function
        self._process: multiprocessing.process.BaseProcess | None = None
        self._reader: Connection | None = None
        if _workers(workers) < 2:
            return
        context = multiprocessing.get_context("fork")
        reader, writer = context.Pipe(duplex=False)
        self._process = context.Process(target=_beside, args=(function, writer), daemon=True)
        self._process.start()
        writer.close()
        self._reader = reader

    def result(self) -> R:
        if self._process is None:
            function, self._function = self._function, None
            assert function is not None, "result() asked for twice"
            return function()
        assert self._reader is not None
        try:
            failed, value = self._reader.recv()
        except EOFError:
            failed, value = True, RuntimeError("the forked process ended without a result")
        finally:
            self.stop()
        if failed:
            raise value
        return value

    def stop(self) -> None:
        """Wait no more: end the process if it is still at work (a build that failed)."""
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
            self._process = None


def _beside(function: Callable[[], object], writer: Connection) -> None:
    try:
        outcome = (False, function())
    except BaseException as exc:  # sent to the parent, which raises it
        outcome = (True, exc)
    try:
        writer.send(outcome)
    except Exception:  # what cannot be pickled is told as text
        writer.send((True, RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]}")))
    writer.close()
