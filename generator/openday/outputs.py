"""The shape every file renderer shares: catalog and site in, files out.

Pages go through the theme (see :mod:`openday.pages`); everything else the
site publishes (calendar feeds, RSS and Atom, CSV and XLSX, charts) comes
from a renderer with this one signature, so the plugin, the tests and the
benchmark drive them all alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .catalog import Catalog


@dataclass(frozen=True, slots=True)
class Output:
    """One published file: its path under the site root (from :mod:`openday.urls`) and bytes."""

    path: str
    content: bytes


T = TypeVar("T")


class Memo:
    """What renderers computed from one event object, kept while that object is in use.

    Under ``mkdocs serve`` the records of unchanged files are the same objects from
    one build to the next (:class:`~openday.check.RecordCache`), so a renderer that
    asks the memo computes per-event parts (a VEVENT, a search document) only for
    the events that changed. ``function`` must depend on nothing but its arguments.
    """

    def __init__(self) -> None:
        self._kept: dict[tuple, tuple[Any, Any]] = {}
        self._used: dict[tuple, tuple[Any, Any]] = {}

    def __call__(self, function: Callable[..., T], event: Any, *args: Any) -> T:
        key = (function, id(event), *args)
        found = self._used.get(key) or self._kept.get(key)
        if found is None or found[0] is not event:
            found = (event, function(event, *args))
        self._used[key] = found
        return found[1]

    def sweep(self) -> None:
        """End of a build: forget whatever this build did not ask for."""
        self._kept, self._used = self._used, {}


@dataclass(frozen=True, slots=True)
class Site:
    """What renderers need to know about the site itself."""

    name: str
    url: str
    timezone: ZoneInfo
    today: date
    memo: Memo = field(default_factory=Memo, compare=False, repr=False)

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or "localhost"

    def absolute(self, path: str) -> str:
        """``path`` under the site root as an absolute URL (relative when no site_url is set)."""
        return (self.url.rstrip("/") + "/" + path) if self.url else path


class Renderer(Protocol):
    def render(self, catalog: Catalog, site: Site) -> Iterator[Output]: ...
