"""Work done per event object, kept from one build to the next of one process.

Under ``mkdocs serve`` the records of unchanged files are the same objects from
one build to the next (:class:`~openday.checking.check.RecordCache`); whatever is
computed from one event alone (its public state on a day, its VEVENT, its
search entry, its tally in the yearly figures) need then be computed again only
for the events that changed.

Such a function is declared :func:`per_event` where it is defined, and stays a
pure function of its arguments: called in a test, a benchmark or by an adapter
that keeps nothing, it just computes. The store of results is the adapter's: it
owns a :class:`Memo`, calls :meth:`Memo.begin` before a build and
:meth:`Memo.sweep` after it, and only in between are results remembered (within
the build too: the calendar feeds and an event's own calendar share its VEVENT).
The domain values and renderers that call these functions hold nothing from one
build to the next.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

#: The store of the build under way, if an adapter began one.
_current: Memo | None = None


def per_event(function: F) -> F:
    """``function(event, *args)``, remembered per event object and ``args`` while a
    :class:`Memo` is in use, computed every time otherwise.

    ``function`` must depend on nothing but its arguments; ``args`` are compared by value.
    """

    @functools.wraps(function)
    def remembered(event: Any, *args: Any) -> Any:
        memo = _current
        if memo is None:
            return function(event, *args)
        # A build makes a hundred thousand such calls: this is Memo.tables' lookup, inline.
        tables = memo._last.get(function)
        if tables is None or tables[0] != args:
            tables = memo.tables(function, args)
        found = tables[1].get(id(event))
        if found is None or found[0] is not event:
            found = tables[2].get(id(event))
            if found is None or found[0] is not event:
                found = (event, function(event, *args))
            tables[1][id(event)] = found
        return found[1]

    return remembered  # type: ignore[return-value]


class Memo:
    """Results of functions of one event object, kept while that object is in use."""

    def __init__(self) -> None:
        self._kept: dict[tuple, dict[int, tuple[Any, Any]]] = {}
        self._used: dict[tuple, dict[int, tuple[Any, Any]]] = {}
        # Per function, the arguments of its last call and their two tables: a build calls
        # each with the same arguments thousands of times, and those compare by identity.
        self._last: dict[Callable, tuple[tuple, dict, dict]] = {}

    def begin(self) -> None:
        """Start of a build: from now on :func:`per_event` functions remember their results here."""
        global _current
        _current = self

    def sweep(self) -> None:
        """End of a build: forget whatever this build did not ask for, and stop remembering."""
        self.abandon()
        self._kept, self._used = self._used, {}

    def abandon(self) -> None:
        """A build that failed: stop remembering, and keep all that is known for the next."""
        global _current
        if _current is self:
            _current = None
        self._last = {}

    def tables(self, function: Callable, args: tuple) -> tuple[tuple, dict, dict]:
        """``args`` and the results of ``function`` with them by event id: those this build
        asked for, and those the previous build did."""
        key = (function, args)
        found = self._last[function] = (
            args,
            self._used.setdefault(key, {}),
            self._kept.get(key, {}),
        )
        return found
