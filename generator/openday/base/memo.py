"""Work done per event object, kept from one build to the next of one process.

Under ``mkdocs serve`` the records of unchanged files are the same objects from
one build to the next (:class:`~openday.checking.check.RecordCache`); whatever is
computed from one event alone (its public state on a day, its VEVENT, its
search entry, its tally in the yearly figures) is then computed again only for
the events that changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    """Results of functions of one event object, kept while that object is in use."""

    def __init__(self) -> None:
        self._kept: dict[tuple, dict[int, tuple[Any, Any]]] = {}
        self._used: dict[tuple, dict[int, tuple[Any, Any]]] = {}

    def per_event(self, function: Callable[..., T], *args: Any) -> Callable[[Any], T]:
        """``function(event, *args)`` as a function of the event alone, remembered per event.

        ``function`` must depend on nothing but its arguments; ``args`` are compared by value.
        """
        key = (function, args)
        kept = self._kept.get(key, {})
        used = self._used.setdefault(key, {})

        def compute(event: Any) -> T:
            found = used.get(id(event)) or kept.get(id(event))
            if found is None or found[0] is not event:
                found = (event, function(event, *args))
            used[id(event)] = found
            return found[1]

        return compute

    def sweep(self) -> None:
        """End of a build: forget whatever this build did not ask for."""
        self._kept, self._used = self._used, {}
