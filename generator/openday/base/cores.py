"""Work on independent items spread over the machine's cores (at most two by default).

Checking thousands of files and rendering thousands of pages are both a loop over
independent items whose setup (records, templates, environment) is already in
memory; forked processes inherit that setup and take turns at chunks of the items.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


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
    workers = workers or min(2, os.cpu_count() or 1)
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
