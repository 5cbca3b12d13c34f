"""Render the column's many pages straight from their views, beside MkDocs.

A site with thousands of events has thousands of notice, answers and list
pages. Passing each through MkDocs as a Markdown page costs a Markdown
instance, a relative-link pass and a full context per page, although the
pages have no Markdown at all. These pages are rendered here instead, with
the same theme templates and the same template context the engine gives its
own pages (the engine's adapter hands in the callable that makes it), written through the
:class:`~openday.site.tree.OutputTree` (which leaves alone a file whose bytes did
not change), and, on a machine with more than one core, split over processes.

Pages that the nav or other pages link as ``.md`` files stay with MkDocs.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ..base.cores import spread
from .outputs import escape
from .pages import View
from .tree import OutputTree

#: Below this many pages a second process costs more than it saves.
PARALLEL_FROM = 400
#: Chunks per process: a notice costs several list pages, and the views come by kind.
TURNS = 16


@dataclass
class DirectPage:
    """What the theme's templates read from ``page`` for a page MkDocs does not hold."""

    title: str
    url: str
    canonical_url: str | None
    update_date: str
    meta: dict[str, Any]
    is_homepage: bool = False
    content: str = ""

    @property
    def ancestors(self) -> list:
        return []

    @property
    def toc(self) -> list:
        return []


@dataclass(frozen=True)
class Job:
    """Everything a rendering process needs; forked processes inherit it."""

    env: Any
    #: The engine's template context for a page (its nav, config and theme variables).
    context: Callable[[DirectPage], dict[str, Any]]
    #: The site's absolute URL ("" when none is set).
    site_url: str
    shared: dict[str, Any]
    tree: OutputTree
    views: Sequence[View]
    dates: Sequence[date]
    #: The column's sidebar as a view shows it (``od_side``, see :meth:`~.pages.Layout.side`).
    side: Callable[[View], Any] | None = None


_JOB: Job | None = None


def location(view: View, site_url: str | None) -> str:
    """The page's absolute URL (its path from the site root when no site_url is set)."""
    return (site_url.rstrip("/") + "/" + view.url) if site_url else view.url


def page_for(view: View, site_url: str | None, day: date) -> DirectPage:
    return DirectPage(
        title=view.title,
        url=view.url,
        canonical_url=location(view, site_url) if site_url else None,
        update_date=day.isoformat(),
        meta={"title": view.title},
    )


def _render(numbers: range) -> list[tuple[str, bytes]]:
    job = _JOB
    assert job is not None
    written = []
    for index in numbers:
        view = job.views[index]
        page = page_for(view, job.site_url, job.dates[index])
        context = job.context(page)
        context["od"] = view
        context["od_site"] = job.shared
        if job.side is not None:
            context["od_side"] = job.side(view)
        html = job.env.get_template(view.template).render(context)
        written.append(job.tree.put(dest_path(view), html.encode("utf-8")))
    return written


def dest_path(view: View) -> str:
    return f"{view.url}index.html"


def render(
    job: Job, workers: int | None = None, meanwhile: Callable[[], object] | None = None
) -> int:
    """Render every view of ``job`` and write what changed; return how many were rendered.

    ``meanwhile`` is other work of this process, done while the pages render (see
    :func:`~openday.base.cores.spread`).
    """
    global _JOB
    _JOB = job
    for view in {v.template: v for v in job.views}.values():
        job.env.get_template(view.template)  # compile once, before any fork
    # put() notes every file in the tree of the process that wrote it; the workers'
    # notes come back as their results.
    work = range(len(job.views))
    job.tree.record(
        spread(
            _render, work, least=PARALLEL_FROM, workers=workers, meanwhile=meanwhile, turns=TURNS
        )
    )
    return len(job.views)


def write_sitemap(site_dir: Path, entries: Sequence[tuple[str, str]]) -> None:
    """``sitemap.xml`` and ``sitemap.xml.gz`` for every page, MkDocs' and the column's alike.

    ``entries`` are (absolute URL, YYYY-MM-DD) pairs; the gzip header carries the
    newest of those dates, so the same records give the same bytes.
    """
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']  # fmt: skip
    for location, day in sorted(entries):
        lines.append(f"  <url><loc>{escape(location)}</loc><lastmod>{day}</lastmod></url>")
    lines.append("</urlset>")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    (site_dir / "sitemap.xml").write_bytes(data)
    newest = max((day for _, day in entries), default="2000-01-01")
    stamp = datetime.fromisoformat(newest).replace(tzinfo=UTC).timestamp()
    with (
        (site_dir / "sitemap.xml.gz").open("wb") as raw,
        gzip.GzipFile(filename="sitemap.xml", mode="wb", fileobj=raw, mtime=int(stamp)) as gz,
    ):
        gz.write(data)
