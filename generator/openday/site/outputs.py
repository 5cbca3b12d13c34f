"""The shape every file renderer shares: catalog and site in, files out.

Pages go through the theme (see :mod:`openday.site.pages`); everything else the
site publishes (calendar feeds, RSS and Atom, CSV and XLSX, charts) comes
from a renderer with this one signature, so the plugin, the tests and the
benchmark drive them all alike.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Protocol
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..domain.catalog import Catalog


@dataclass(frozen=True, slots=True)
class Output:
    """One published file: its path under the site root (from :mod:`openday.domain.urls`) and bytes."""

    path: str
    content: bytes


@dataclass(frozen=True, slots=True)
class Site:
    """What renderers need to know about the site itself."""

    name: str
    url: str
    timezone: ZoneInfo
    today: date

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or "localhost"

    def absolute(self, path: str) -> str:
        """``path`` under the site root as an absolute URL (relative when no site_url is set)."""
        return (self.url.rstrip("/") + "/" + path) if self.url else path


class Renderer(Protocol):
    def render(self, catalog: Catalog, site: Site) -> Iterator[Output]: ...


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` of ``text`` as XML entities, as ``xml.sax.saxutils.escape``
    gives them (whose module would cost every build a hundredth of a second to import)."""
    return html.escape(text, quote=False)
