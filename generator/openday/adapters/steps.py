"""The build steps every engine's adapter runs, with no engine in them.

The MkDocs plugin (:mod:`openday.adapters.plugin`) and ``openday build``
(:mod:`openday.adapters.standalone`) both turn checked records into the same
site: the same views, the same split between the pages the engine renders and
the ones :mod:`openday.site.direct` renders, the same additions to the theme's
Jinja environment, the same files beside the pages, the same all-or-nothing
publication. Each of those steps is here once; the adapters only say when
they run.
"""

from __future__ import annotations

import atexit
import gc
import json
import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup

from .. import __version__
from ..checking.check import CheckResult
from ..domain import urls
from ..domain.catalog import Catalog
from ..domain.model import Event
from ..domain.problems import summary_line
from ..site import frame, ics, pages, pictures, publish, statspages
from ..site.outputs import Renderer, Site
from ..site.qrcode import qr_svg
from ..site.searchindex import SearchIndex, search_view
from ..site.syndication import NoticeFeeds
from ..site.tree import OutputTree
from ..sources.config import Settings

#: The collector's thresholds during a build (generation 0 raised: a build keeps hundreds
#: of thousands of small objects alive, which the default thresholds walk over and over).
GC_THRESHOLD = (50_000, 20, 100)
_exit_frozen = False

#: Renderers of every published file that is not a page.
RENDERERS: tuple[Renderer, ...] = (ics.CalendarFeeds(),)

#: The nav entries that name generated pages (left out when this build has no such page).
GENERATED = ("openday/", urls.SEARCH)
#: The template of a column page that is as the previous build rendered it.
REUSE = "openday/reuse.html"


def refusal(result: CheckResult) -> str:
    """The last line of a build that the records' errors stopped."""
    return (
        f"{summary_line(result.files, result.problems)}。请先修正以上错误（openday check 可单独检查），"
        "站点未生成，原有 site/ 保持不变。"
    )


def column_views(layout: pages.Layout, settings: Settings) -> tuple[pages.View, ...]:
    """Every page of the column, in the order the engine meets them."""
    return (
        *pages.all_views(layout),
        *statspages.stats_views(layout, settings.policy),
        search_view(layout),
    )


def shared_context(layout: pages.Layout) -> dict:
    """``od_site``: what every column page's template reads besides its own view."""
    return {
        "sidebar": layout.sidebar,
        "home": layout.home(),
        "rss": urls.RSS,
        "atom": urls.ATOM,
    }


def engine_page_values(
    view: pages.View | None, page: Any, shared: dict, layout: pages.Layout, framing: FrameValues
) -> dict[str, Any]:
    """What the column adds to the context of a page the engine renders: ``od_site``, the
    page's view (``od``; ``None`` on a page of ``docs_dir``) with its sidebar, and the frame."""
    if view is None:
        return {"od_site": shared, "od": None, **framing.engine(page)}
    return {"od_site": shared, "od": view, "od_side": layout.side(view), **framing.column(view.url)}


def split_views(
    layout: pages.Layout, settings: Settings
) -> tuple[dict[str, pages.View], list[pages.View]]:
    """The column's pages: those the engine renders, by source path (:func:`urls.src_uri`),
    and those :mod:`openday.site.direct` renders, in the order of :func:`column_views`."""
    engine: dict[str, pages.View] = {}
    others: list[pages.View] = []
    for view in column_views(layout, settings):
        if renders_directly(view):
            others.append(view)
        else:
            engine[urls.src_uri(view.url)] = view
    return engine, others


def media(catalog: Catalog) -> tuple[list[pictures.Job], tuple[Event, ...]]:
    """What :func:`publish_files` publishes: every report picture, and the events with
    attachments."""
    return pictures.jobs(catalog.reports), tuple(e for e in catalog.notices if e.attachments)


def renders_directly(view: pages.View) -> bool:
    """Pages no nav entry or content page links as ``.md``: notices, answers, later list pages."""
    return view.article or (isinstance(view, pages.ListPage) and view.number > 1)


def page_date(view: pages.View | None, column_date: date) -> date:
    """The newest public date of what a page shows (its sitemap lastmod), from the records;
    a page that shows no event has the column's newest date."""
    if view is None or view.updated is None:
        return column_date
    return view.updated


def front_matter(view: pages.View) -> str:
    """The Markdown source of a column page the engine renders: its title and template."""
    meta = {"title": view.title, "template": view.template, "hide": ["navigation", "toc"]}
    return (
        "---\n"
        + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in meta.items())
        + "---\n"
    )


def prune_nav(items: list, present: set[str]) -> list:
    """``mkdocs.yml``'s nav without links to column pages that this build does not have
    (a sub-column with nothing in it is not rendered, so it may not be linked either)."""
    kept = []
    for item in items:
        title, target = next(iter(item.items())) if isinstance(item, dict) else (None, item)
        if isinstance(target, list):
            target = prune_nav(target, present)
            if not target:
                continue
        elif isinstance(target, str) and target.startswith(GENERATED) and target not in present:
            continue
        kept.append({title: target} if title is not None else target)
    return kept


def prepare_env(env: Any, config: Any) -> None:
    """Give the theme's Jinja environment what the column's templates call.

    ``config`` is what the theme's templates see as ``config`` (``config.theme.language``
    chooses Material's words); ``env.filters["url"]`` must already be the engine's.
    """
    # Records come from many hands: every template of the column escapes what it prints
    # (Markdown fields arrive sanitized and marked safe). Material's own templates print
    # HTML that the engine made and stay as they are.
    env.autoescape = escapes
    env.filters["od_markdown"] = pages.markdown
    env.globals["od_link"] = pages.link
    env.globals["od_cached"] = cached_partial(env)
    env.globals["od_qr"] = qr_svg
    env.globals["od_t"] = translations(env, config)
    env.globals["od_version"] = __version__
    env.filters["url"] = relative_urls(env.filters["url"])
    env.make_globals = flat_globals(env)


def write_outputs(
    catalog: Catalog, site: Site, settings: Settings, search: SearchIndex, tree: OutputTree
) -> list[tuple[str, bytes | None]]:
    """Make every file of the column that is not a page, and write what changed; return
    the tree's notes of them (for the tree of another process, see :meth:`OutputTree.record`)."""
    extra = (NoticeFeeds(), search, statspages.StatsFiles(settings.policy))
    return [
        tree.put(output.path, output.content)
        for renderer in (*RENDERERS, *extra)
        for output in renderer.render(catalog, site)
    ]


def publish_files(
    project: Path,
    tree: OutputTree,
    jobs: list[pictures.Job],
    attached: tuple[Event, ...],
) -> list[str]:
    """Report pictures (made small and stripped of metadata, see :mod:`openday.site.pictures`)
    and attachments, each read again as a regular file of the repository; the files that
    changed or went missing since the check, one message each."""
    errors = pictures.publish(project, tree, jobs)
    errors += pictures.publish_attachments(project, tree, attached)
    return errors


def cached_partial(env: Any) -> Any:
    """``od_cached(name, *key)``: a partial rendered once per kind of address and ``key``.

    Header, menu, footer, the column's sidebar and a page's breadcrumb are the same on
    thousands of pages (Hugo's ``partialCached``); the key names what they vary by.
    Their links are relative, so the page's depth and its first two path segments
    (under which every linked list lies) are always part of the key. A crumb deeper
    than that (a year's 一览表 or figures) only ever leads to the one page showing it.
    """
    cache: dict[tuple, Markup] = {}

    @pass_context
    def od_cached(context: Any, name: str, *key: Any) -> Markup:
        page_url = getattr(context.resolve_or_missing("page"), "url", None) or ""
        parts = page_url.strip("/").split("/")
        found = (name, context.resolve_or_missing("base_url"), len(parts), tuple(parts[:2]), *key)
        html = cache.get(found)
        if html is None:
            html = cache[found] = Markup(env.get_template(name).render(context.get_all()))
        return html

    return od_cached


def flat_globals(env: Any) -> Callable[[Any], dict[str, Any]]:
    """``env.make_globals``: a template's globals as one plain dict of the environment's
    and its own, taken when the template is loaded.

    Jinja chains them instead (a ``ChainMap``, so that globals added after a template
    was loaded still show through), and walks that chain in Python every time a page
    is rendered and every time a template is included: a twentieth of a column page's
    rendering. Every global is in place before the first template is loaded (the
    adapters call :func:`prepare_env` when the environment is made), and nothing adds
    one while pages render.
    """

    def make_globals(own: Any = None) -> dict[str, Any]:
        return {**env.globals, **(own or {})}

    return make_globals


def relative_urls(engine_url: Any) -> Any:
    """The engine's ``url`` filter, with the links of column pages (plain paths from the
    site root, on a page at a folder URL) made by :func:`urls.relative`, which gives the
    same text for a fraction of the time; anything else still goes to the engine's."""

    @pass_context
    def url(context: Any, value: Any) -> str:
        page_url = getattr(context.resolve_or_missing("page"), "url", None)
        if isinstance(value, str) and isinstance(page_url, str):
            link = urls.relative(str(value), page_url)
            if link is not None:
                return link
        return engine_url(context, value)

    return url


def translations(env: Any, config: Any) -> Callable[[str], str]:
    """``od_t(key)``: Material's word for ``key`` in the theme's language, as its
    ``partials/language.html`` gives it, looked up once per key and build.

    Importing that partial on every page builds its dictionaries of a hundred words
    again on each lookup, a tenth of the time a column page takes to render.
    """
    words: dict[str, str] = {}

    def od_t(key: str) -> str:
        word = words.get(key)
        if word is None:
            module = env.get_template("partials/language.html").make_module({"config": config})
            word = words[key] = str(module.t(key))
        return word

    return od_t


def escapes(name: str | None) -> bool:
    """Autoescape the column's templates and partials (``openday/…``, ``partials/openday-…``)."""
    return name is not None and (name.startswith("openday/") or "/openday-" in name)


class Collector:
    """Python's cycle collector during one build.

    A build keeps what it made (records, the catalog, views) to its end, and those are
    most of its objects: the collector's walks over them find nothing to free. So it
    runs less often (:data:`GC_THRESHOLD`), and :meth:`settle` moves what is in memory
    out of its sight (``gc.freeze``) once it is made, which also spares the processes
    forked after it from touching, and so copying, every page of the parent's memory
    (the way the ``gc`` module's documentation advises before a fork). :meth:`stop`
    gives everything back to the collector. And the collector's last walks, when the
    interpreter exits, are skipped: at 10,000 events they cost more than a second, to
    free memory the process is about to hand back whole.
    """

    def __init__(self) -> None:
        self.saved: tuple[int, ...] | None = None

    def start(self) -> None:
        global _exit_frozen
        if self.saved is None:
            self.saved = gc.get_threshold()
            gc.set_threshold(max(GC_THRESHOLD[0], self.saved[0]), *GC_THRESHOLD[1:])
        if not _exit_frozen:
            atexit.register(gc.freeze)
            _exit_frozen = True

    @staticmethod
    def settle() -> None:
        """What is in memory now lives to the end of the build: collect none of it."""
        gc.freeze()

    def stop(self) -> None:
        gc.unfreeze()
        if self.saved is not None:
            gc.set_threshold(*self.saved)
            self.saved = None


class Staging:
    """All or nothing: a build writes into a staging folder beside ``target``, which
    replaces the published folder only when the whole build succeeded, in one step
    (:func:`openday.site.publish.swap_in`), so there is never a moment without a site.

    A failed build leaves the previous ``target`` exactly as it was.
    """

    def __init__(self, target: Path, project: Path):
        self.project = project
        self.target = Path(target)
        self.staging = self.target.with_name(f".{self.target.name}.building")
        shutil.rmtree(self.staging, ignore_errors=True)

    def swap(self) -> str | None:
        """Put the staged site in place; a Chinese line saying why not, or ``None``."""
        try:
            replaced = publish.swap_in(self.staging, self.target)
        except OSError as exc:
            return publish.fault_message(exc, self.project, self.target, self.staging)
        if replaced is not None:
            moved = replaced.with_name(f".{self.target.name}.previous")
            shutil.rmtree(moved, ignore_errors=True)
            try:
                replaced.rename(moved)
            except OSError:
                moved = replaced  # the next build removes what is left
            remove_in_background(moved)
        return None

    def fault(self, error: OSError) -> str:
        """The Chinese line for a build that failed on the disk."""
        return publish.fault_message(error, self.project, self.target, self.staging)

    def abandon(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def remove_in_background(folder: Path) -> None:
    """Delete the replaced site without making the build wait for thousands of unlinks.

    A detached child process does the deleting; the swap itself is already done,
    and a leftover folder is removed by the next build in any case.
    """
    if not folder.exists():
        return
    try:
        child = os.fork()
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return
    if child == 0:
        try:
            os.setsid()
            if os.fork() == 0:
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            os._exit(0)
    os.waitpid(child, 0)


class FrameValues:
    """What the frame around a page prints (``od_menu``, ``od_crumbs``, ``od_identity``),
    from the engine's nav (MkDocs' or :mod:`.structure`'s, which answer alike).

    A column page's menu depends only on its address's place in the nav: it is made
    once for each such place, however many pages share it.
    """

    def __init__(self, nav: Any, identity: dict) -> None:
        self.identity = identity
        self.home = nav.homepage.url if nav.homepage is not None and nav.homepage.url else ""
        self.items = [item for item in nav if not (item.is_link and item.url.endswith(".md"))]
        self.targets = [
            item.url if item.url is not None else item.children[0].url for item in self.items
        ]
        self.entries = tuple(frame.MenuEntry(item.title, target)
                             for item, target in zip(self.items, self.targets, strict=True))  # fmt: skip
        self.menus: dict[tuple, frame.Menu] = {}

    def column(self, url: str) -> dict[str, Any]:
        """For the column page at ``url``."""
        key = (*(url.startswith(target) for target in self.targets), url in self.targets)
        menu = self.menus.get(key)
        if menu is None:
            menu = self.menus[key] = frame.column_menu(self.entries, url)
        return {"od_menu": menu, "od_identity": self.identity}

    def engine(self, page: Any) -> dict[str, Any]:
        """For one of the engine's own pages (``None``: a page for a missing address)."""
        entries = [
            frame.MenuEntry(entry.title, entry.url, item.active)
            for entry, item in zip(self.entries, self.items, strict=True)
        ]
        if page is None:
            crumbs = frame.missing_crumbs(self.home)
        elif page.is_homepage:
            crumbs = frame.HOME_CRUMBS
        else:
            sections = [parent.title for parent in reversed(page.ancestors)]
            crumbs = frame.engine_crumbs(self.home, sections, page.title)
        return {
            "od_menu": frame.engine_menu(entries),
            "od_crumbs": crumbs,
            "od_identity": self.identity,
        }
