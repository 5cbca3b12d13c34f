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
) -> list[R]:
    """``function`` applied to chunks of ``items``, its results joined in order.

    Below ``least`` items, or with one worker, it runs here: a second process would
    cost more than it saves. ``function`` must be a module-level function (forked
    processes find it by name) and read its setup from module state set before.
    """
    workers = workers or min(2, os.cpu_count() or 1)
    if len(items) < least or workers < 2:
        return function(items)
    step = -(-len(items) // (workers * 4))
    chunks = [items[i : i + step] for i in range(0, len(items), step)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return [result for chunk in pool.map(function, chunks) for result in chunk]
