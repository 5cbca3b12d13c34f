"""The MkDocs plugin ``openday``: wires checked records into a plain ``mkdocs build``.

Order of work, so that nothing half-checked is ever published:

1. ``on_config``: resolve the policy and read today's date once;
2. ``on_pre_build``: check every record; any error aborts the build before
   MkDocs cleans or writes ``site/`` (``mkdocs serve`` keeps serving and
   reports the problems instead);
3. ``on_files``: build the catalog and add the pages that menus and content
   link (``File.generated``, in memory, never into ``content/``); a plain
   build begins, in a forked process, the column's files that are not pages
   (calendars, feeds, search index, figures) while MkDocs renders its own;
4. ``on_page_context``: give each generated page its view;
5. ``on_post_build``: render the column's many other pages in worker
   processes, finish those other files (``mkdocs serve`` makes them here,
   meanwhile), and write them all through an
   :class:`~openday.site.tree.OutputTree`.

Under ``mkdocs serve`` the plugin lives on between builds, and it alone keeps
state from one to the next: records are checked again only where their files
changed, work per event (:mod:`openday.base.memo`) is done again only for the
events that changed, the search index is updated rather than made anew, pages
are rendered again only where what they show changed, and files are written
only where their bytes did, so an edit to one event is on screen in about a
second even on a site of ten thousand events.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from markupsafe import Markup
from mkdocs.commands.build import get_context
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from ..base.cores import Beside
from ..base.memo import Memo
from ..checking.check import CheckResult, RecordCache, check_project
from ..domain.catalog import Catalog
from ..domain.model import Event
from ..domain.policy import PolicyError
from ..domain.problems import count, summary_line
from ..site import direct, pages, pictures
from ..site.outputs import Site
from ..site.searchindex import SearchIndex
from ..site.tree import ROOTS, OutputTree
from ..sources.config import ConfigError, Settings, read_today, settings_from_options
from . import steps

log = logging.getLogger("mkdocs.plugins.openday")


class OpenDayConfig(Config):
    policy = opt.Type(str)
    rules = opt.Type(dict, default={})
    timezone = opt.Type(str, default="Asia/Shanghai")
    identity = opt.Type(dict, default={})
    office_owners = opt.Type(list, default=[])  # read by `openday codeowners`


class OpenDayPlugin(BasePlugin[OpenDayConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._start("build")

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """A new command in this process. MkDocs keeps a plugin with this hook across the
        configurations it loads, so without this a second command (a ``serve`` after a
        ``build``, in tests or a tool) would inherit what the first kept for its own
        site folder."""
        self._start(command)

    def _start(self, command: str) -> None:
        """Everything this plugin holds, as at the start of ``command``."""
        self.command = command
        self.settings: Settings | None = None
        self.today: date | None = None
        self.result: CheckResult | None = None
        self.views: dict[str, pages.View] = {}
        self.shared: dict[str, Any] = {}
        self.project = Path.cwd()
        self.direct: list[pages.View] = []
        self.sitemap: list[tuple[str, str]] = []
        self.nav: Any = None
        self.env: Any = None
        self.publish: Publication | None = None
        self.catalog: Catalog | None = None
        self.layout: pages.Layout | None = None
        self.site: Site | None = None
        self.pictures: list[pictures.Job] = []
        self.attached: tuple[Event, ...] = ()
        self.mkdocs_writes: list[str] = []
        self.outputs: Beside | None = None
        # Kept from one build to the next (``mkdocs serve``).
        self.records = RecordCache()
        self.compiled = CompiledTemplates()
        self.memo = Memo()
        self.search_index: Any = None  # what SearchIndex.index was after the last build
        self.tree = OutputTree()
        self.last = LastBuild()
        # This build's counterparts of ``last``, and the pages MkDocs renders that stay.
        self.frame: tuple | None = None
        self.html: dict[str, str] = {}
        self.reused: dict[str, str] = {}
        self.collector = steps.Collector()
        self.column_date = date.min

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if config.config_file_path:
            self.project = Path(config.config_file_path).resolve().parent
        try:
            self.settings = settings_from_options(dict(self.config))
            self.today = read_today()
        except PolicyError as exc:
            raise PluginError(f"openday 插件配置有误：{exc}") from None
        except ConfigError as exc:
            raise PluginError(str(exc.problem)) from None
        if self.command == "build":
            self.publish = Publication(config, self.project)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        assert self.settings is not None and self.today is not None
        self.collector.start()
        # The picture cache folder, where the check keeps what it found in each picture.
        (self.project / pictures.CACHE_DIR).mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        result = check_project(
            self.project,
            self.settings.policy,
            self.settings.timezone,
            self.today,
            cache=self.records,
        )
        self.result = result
        self.collector.settle()
        log.debug(f"openday: records checked in {time.perf_counter() - started:.2f} s")
        errors, warnings = count(result.problems)
        for problem in result.problems:
            (log.error if problem.is_error else log.info)(str(problem))
        if errors and self.command != "serve":
            raise PluginError(steps.refusal(result))
        if warnings:
            log.info(summary_line(result.files, result.problems))
        if self.command == "serve":
            self.tree.set_aside(Path(config.site_dir))
        else:
            self.tree.begin(Path(config.site_dir))

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild on edits to the records, and to the site's own theme folder (which
        ``mkdocs serve`` watches only with ``--watch-theme``)."""
        server.watch(str(self.project / "events"))
        if config.theme.custom_dir:
            server.watch(config.theme.custom_dir)
        return server

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.result is not None and self.today is not None and self.settings is not None
        # From here to the end of on_post_build, work per event is remembered for the next build.
        self.memo.begin()
        catalog = Catalog(self.result.events, self.result.agencies, self.today)
        self.catalog = catalog
        self.site = Site(
            name=config.site_name,
            url=config.site_url or "",
            timezone=self.settings.timezone,
            today=self.today,
        )
        if self.command == "build":
            # From here on this process alone makes the pages' views, then MkDocs renders
            # its own pages: the other core makes the calendars, feeds, search index and
            # figures meanwhile. (``mkdocs serve`` makes them in this process,
            # which keeps what they were made of for the next build.)
            self.collector.settle()
            self.outputs = Beside(self.write_outputs)
        layout = pages.Layout(catalog, self.settings.timezone, config.site_url or "")
        self.views, self.direct = steps.split_views(layout, self.settings)
        for uri, view in self.views.items():
            files.append(
                File.generated(
                    config,
                    uri,
                    content=steps.front_matter(view),
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )
        self.pictures, self.attached = steps.media(catalog)
        self.layout = layout
        if config.nav is not None:
            config.nav = steps.prune_nav(config.nav, {f.src_uri for f in files})
        self.sitemap = []
        self.column_date = catalog.last_date or self.today
        self.shared = steps.shared_context(layout)
        return files

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.nav = nav
        self.framing = steps.FrameValues(nav, dict(self.config.identity))
        self.mkdocs_writes = [f.dest_uri for f in files if f.dest_uri.split("/", 1)[0] in ROOTS]
        return nav

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        steps.prepare_env(env, config)
        env.bytecode_cache = self.compiled
        self.env = env
        # A column page MkDocs renders whose view, date and frame are those of the previous
        # build (``mkdocs serve``) prints the HTML it had then, through a template that
        # does nothing else.
        self.frame = self.frame_of(config)
        self.reused, self.html = {}, {}
        shown = self.last.pages_within(self.frame)
        for uri, view in self.views.items():
            html = self.last.html.get(view.url)
            if html is not None and shown.get(view.url) == (view, self.view_date(view)):
                files.get_file_from_path(uri).page.meta["template"] = steps.REUSE
                self.reused[uri] = html
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        started = time.perf_counter()
        tree = self.tree
        tree.bring_back(self.mkdocs_writes)
        self.publish_files(tree)
        dates = [self.view_date(view) for view in self.direct]
        shown = self.last.pages_within(self.frame)
        changed = [
            (view, day)
            for view, day in zip(self.direct, dates, strict=True)
            if shown.get(view.url) != (view, day) or not tree.unchanged(direct.dest_path(view))
        ]
        nav, framing = self.nav, self.framing
        job = direct.Job(
            env=self.env,
            context=lambda page: {**get_context(nav, (), config, page), **framing.column(page.url)},
            site_url=config.site_url or "",
            shared=self.shared,
            tree=tree,
            views=[view for view, _ in changed],
            dates=[day for _, day in changed],
            side=self.layout.side,
        )
        # The calendars, feeds, search index and figures are made and written while the
        # pages render in the other processes, if they were not begun before.
        outputs, self.outputs = self.outputs, None
        meanwhile = self.write_outputs if outputs is None else lambda: tree.record(outputs.result())
        self.collector.settle()
        rendered = direct.render(job, meanwhile=meanwhile)
        tree.finish()
        shown = {view.url: (view, self.view_date(view)) for view in self.views.values()}
        shown.update((view.url, (view, day)) for view, day in zip(self.direct, dates, strict=True))
        self.last = LastBuild(self.frame, shown, self.html)
        log.debug(
            f"openday: {rendered} of {len(self.direct)} pages rendered, files written, "
            f"in {time.perf_counter() - started:.2f} s"
        )
        entries = [
            (direct.location(view, config.site_url), day.isoformat())
            for view, day in zip(self.direct, dates, strict=True)
        ]
        direct.write_sitemap(Path(config.site_dir), [*self.sitemap, *entries])
        self.memo.sweep()
        self.collector.stop()
        if self.publish is not None:
            self.publish.finish(config)

    def write_outputs(self) -> list[tuple[str, bytes | None]]:
        """Make every file of the column that is not a page, and write what changed; return
        the tree's notes of them (see :meth:`OutputTree.record`)."""
        assert self.catalog is not None and self.site is not None and self.settings is not None
        search = SearchIndex(self.search_index)
        notes = steps.write_outputs(self.catalog, self.site, self.settings, search, self.tree)
        if self.command == "serve":
            self.search_index = search.index
        return notes

    def publish_files(self, tree: OutputTree) -> None:
        """Report pictures (made small and stripped of metadata, see :mod:`openday.site.pictures`)
        and attachments, each read again as a regular file of the repository.

        What the check refused never gets here: an error stops ``mkdocs build`` before
        anything is written, and under ``mkdocs serve`` the page is shown without it. A file
        that changed or went missing since the check stops a build; the previewer is
        told and shows the page without it.
        """
        started = time.perf_counter()
        errors = steps.publish_files(self.project, tree, self.pictures, self.attached)
        log.debug(
            f"openday: {len(self.pictures)} pictures published in "
            f"{time.perf_counter() - started:.2f} s"
        )
        for message in errors:
            if self.command != "serve":
                raise PluginError(f"{message}，站点未生成。")
            log.error(f"{message}，未发布")
        if self.command != "serve":
            pictures.sweep(self.project, self.pictures)

    @event_priority(-100)  # after every other plugin has cleaned up
    def on_build_error(self, *, error: Exception) -> None:
        """Clean up; and turn a disk fault (full, read-only) into one Chinese line instead
        of a traceback. The published site is untouched either way."""
        self.collector.stop()
        self.memo.abandon()
        if self.outputs is not None:
            self.outputs.stop()
            self.outputs = None
        self.tree.abandon()
        self.last = LastBuild()
        if self.publish is not None:
            self.publish.abandon()
            if isinstance(error, OSError):
                raise PluginError(self.publish.fault(error)) from None

    def frame_of(self, config: MkDocsConfig) -> tuple:
        """Everything a column page shows besides its own view, to tell whether a page the
        previous build rendered may stay: the site's settings and menu, the sidebar, the
        day, and the theme's templates."""
        settings = {
            key: repr(config.get(key))
            for key in sorted(config)
            if key not in ("plugins", "hooks", "watch", "theme", "site_dir", "docs_dir")
        }
        theme = sorted((key, repr(value)) for key, value in config.theme.items())
        return (
            self.shared["sidebar"],
            repr(self.framing.identity),
            self.today,
            self.settings.timezone.key,
            tuple(sorted(settings.items())),
            tuple(theme),
            _nav_signature(self.nav.items),
            _templates_signature(config.theme.dirs),
        )

    def view_date(self, view: pages.View | None) -> date:
        """The newest public date of what a page shows (its sitemap lastmod), from the records."""
        return steps.page_date(view, self.column_date)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Date every page from the records (the sitemap's lastmod), never from the clock."""
        page.update_date = self.view_date(self.views.get(page.file.src_uri)).isoformat()
        return markdown

    def on_page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any]:
        view = self.views.get(page.file.src_uri)
        context.update(steps.engine_page_values(view, page, self.shared, self.layout, self.framing))
        if page.file.src_uri in self.reused:
            context["od_reuse"] = Markup(self.reused[page.file.src_uri])
        if page.canonical_url or page.abs_url:
            self.sitemap.append((page.canonical_url or page.abs_url, page.update_date))
        return context

    def on_template_context(
        self, context: dict[str, Any], *, template_name: str, config: MkDocsConfig
    ) -> dict[str, Any]:
        """The frame of ``404.html``, a page of no address."""
        context.update(self.framing.engine(None))
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        view = self.views.get(page.file.src_uri)
        if view is not None and self.command == "serve":
            self.html[view.url] = output
        return output


@dataclass
class LastBuild:
    """What the previous build of this process showed (``mkdocs serve``), so that the next
    can leave alone every page whose view, date and frame are the same."""

    frame: tuple | None = None
    #: Every column page by URL: its view and date.
    pages: dict[str, tuple[pages.View, date]] = field(default_factory=dict)
    #: The HTML of the column pages MkDocs renders (the others are on disk).
    html: dict[str, str] = field(default_factory=dict)

    def pages_within(self, frame: tuple | None) -> dict[str, tuple[pages.View, date]]:
        """The pages the previous build showed, if it had the same ``frame``."""
        return self.pages if frame == self.frame else {}


class CompiledTemplates(BytecodeCache):
    """The theme's templates as compiled by an earlier build of this process.

    MkDocs makes a new Jinja environment for every build; under ``mkdocs serve`` this
    spares compiling the same templates again. Jinja compares each template's source
    with the one compiled, so an edited template is compiled anew.
    """

    def __init__(self) -> None:
        self.code: dict[str, tuple[str, Any]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self.code.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = (bucket.checksum, bucket.code)


def _nav_signature(items: list) -> tuple:
    return tuple(
        (type(item).__name__, item.title, getattr(item, "url", None),
         _nav_signature(getattr(item, "children", None) or []))
        for item in items
    )  # fmt: skip


def _templates_signature(folders: list[str]) -> tuple:
    """Size and modification time of every template of the theme's folders."""
    found = []
    for folder in folders:
        for parent, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if name.endswith(".html"):
                    stat = os.stat(os.path.join(parent, name))
                    found.append((parent, name, stat.st_size, stat.st_mtime_ns))
    return tuple(found)


class Publication(steps.Staging):
    """All or nothing (:class:`~openday.adapters.steps.Staging`): MkDocs writes into the
    staging folder, which replaces ``site_dir`` only when the whole build succeeded.

    A failed build (an error, any warning under ``--strict``, a full disk or a folder
    that cannot be written) leaves the previous ``site/`` exactly as it was.
    """

    def __init__(self, config: MkDocsConfig, project: Path):
        super().__init__(Path(config.site_dir), project)
        config.site_dir = str(self.staging)
        self.warnings = CountHandler()
        self.warnings.setLevel(logging.WARNING)
        self.strict = bool(config.strict)
        logging.getLogger("mkdocs").addHandler(self.warnings)

    def finish(self, config: MkDocsConfig) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        config.site_dir = str(self.target)
        if self.strict and self.warnings.get_counts():
            self.abandon()
            return
        message = self.swap()
        if message is not None:
            raise PluginError(message)

    def abandon(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        super().abandon()
