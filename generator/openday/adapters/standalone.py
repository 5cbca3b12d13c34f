"""``openday build``: the whole public site from ``mkdocs.yml``, without MkDocs.

MkDocs 1.x is frozen and Material 9 has an end date; a site must not depend on
one engine. This adapter reads the same ``mkdocs.yml`` (plain YAML and ``!ENV``),
checks the records with the same pipeline, and does what ``mkdocs build`` with
the ``openday`` plugin does, step for step and byte for byte:

1. the Markdown pages of ``docs_dir`` through Python-Markdown with the
   ``markdown_extensions`` of ``mkdocs.yml`` (links to ``.md`` files made
   relative, the title taken from the nav, the front matter or the first heading);
2. the column's pages through the engine-free steps the plugin also runs
   (:mod:`openday.adapters.steps`, :mod:`openday.site.direct`);
3. the theme's Jinja templates (``custom_dir`` over Material's folder, found from
   its installed files) given the context MkDocs gives them: ``config``, ``page``,
   ``nav``, ``base_url`` and the ``url`` and ``script_tag`` filters
   (:mod:`~openday.adapters.siteconfig` reads ``mkdocs.yml``,
   :mod:`~openday.adapters.structure` makes what MkDocs would);
4. the theme's static files, ``404.html``, ``sitemap.xml`` and ``sitemap.xml.gz``,
   all into a staging folder that replaces the site only when all went well.

Only the MkDocs behaviour a site of this program uses is reproduced; what is
not (other plugins, ``hooks``, tags other than ``!ENV``) is refused by name,
in Chinese, never silently skipped.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from ..base.memo import Memo
from ..checking.check import CheckResult, check_project
from ..domain.catalog import Catalog
from ..domain.policy import PolicyError
from ..domain.problems import count, summary_line
from ..site import direct, pages, pictures
from ..site.outputs import Site
from ..site.searchindex import SearchIndex
from ..site.tree import OutputTree
from ..sources.config import ConfigError, Settings, read_today, settings_from_options
from . import steps
from .siteconfig import PLUGIN, Config, load_config, refuse
from .structure import (
    File,
    docs_files,
    environment,
    navigation,
    relative_url,
    render_markdown,
    template_context,
    theme_files,
)


class BuildFailed(Exception):
    """The build stopped; the message (Chinese) says why. Nothing was published."""


def build(config: Config, say: Callable[[str], object] | None = None) -> int:
    """Build the site ``config`` describes; return how many files were written.

    Raises :class:`BuildFailed` (nothing published, the old site kept) when the records
    have errors, when a page or the nav links to nothing under ``--strict``, or when the
    disk fails; ``say`` (standard error by default) gets every problem and warning.
    """
    say = say or (lambda line: print(line, file=sys.stderr))
    project = config.path.resolve().parent
    plugin = config.plugins[PLUGIN]
    try:
        settings = settings_from_options(plugin.config)
    except PolicyError as exc:
        where = config.where("plugins", plugin.index, PLUGIN, exc.key)
        raise refuse(config.path.name, *where, str(exc)) from None
    today = read_today()
    collector = steps.Collector()
    collector.start()
    try:
        result = check_project(project, settings.policy, settings.timezone, today)
        collector.settle()
        for problem in result.problems:
            say(str(problem))
        errors, warnings = count(result.problems)
        if errors:
            raise BuildFailed(steps.refusal(result))
        if warnings:
            say(summary_line(result.files, result.problems))
        staging = steps.Staging(Path(config.site_dir), project)
        memo = Memo()
        memo.begin()  # within this build, each event's rows, pages and VEVENT are made once
        try:
            site = SiteBuild(config, result, settings, today, say)
            collector.settle()
            written = site.write(staging.staging)
        except OSError as exc:
            staging.abandon()
            raise BuildFailed(staging.fault(exc)) from None
        except BaseException:
            staging.abandon()
            raise
        finally:
            memo.sweep()
        message = staging.swap()
        if message is not None:
            staging.abandon()
            raise BuildFailed(message)
        return written
    finally:
        collector.stop()


class SiteBuild:
    """One build's files, pages and column, laid out as the plugin lays them out under
    MkDocs (:mod:`openday.adapters.plugin`), then written into one folder."""

    def __init__(
        self,
        config: Config,
        result: CheckResult,
        settings: Settings,
        today: date,
        say: Callable[[str], object],
    ):
        self.config, self.settings, self.today, self.say = config, settings, today, say
        self.project = config.path.resolve().parent
        self.catalog = catalog = Catalog(result.events, result.agencies, today)
        self.files: dict[str, File] = {f.src_uri: f for f in docs_files(config)}
        self.layout = pages.Layout(catalog, settings.timezone, config.site_url or "")
        #: The column pages that go through the engine's path, by source path; the others.
        self.views, self.direct = steps.split_views(self.layout, settings)
        for uri, view in self.views.items():
            content = steps.front_matter(view)
            self.files[uri] = File(uri, None, config.use_directory_urls, content, in_nav=False)
        if config.nav is not None:
            config.data["nav"] = steps.prune_nav(config.nav, set(self.files))
        self.nav = navigation(self.files, config)
        self.documents = [f for f in self.files.values() if f.is_documentation_page()]
        self.column_date = catalog.last_date or today
        identity = dict(config.plugins[PLUGIN].config["identity"])
        self.framing = steps.FrameValues(self.nav, identity)
        self.shared = steps.shared_context(self.layout)
        self.env = environment(config)
        self.tree = OutputTree()

    def write(self, site_dir: Path) -> int:
        """Write the whole site into ``site_dir``; return how many files."""
        self.tree.begin(site_dir)
        site_dir.mkdir(parents=True, exist_ok=True)
        self.copy_static_files()
        sitemap = self.render_pages()
        self.publish_media()
        entries = self.render_column()
        self.render_static_templates()
        direct.write_sitemap(site_dir, [*sitemap, *entries])
        written = len(self.tree.now) + 2  # and the two sitemaps
        self.tree.finish()
        return written

    def copy_static_files(self) -> None:
        """The theme's static files, then the files of ``docs_dir`` that are not pages."""
        for path, source in theme_files(self.config, set(self.files)):
            self.tree.copy(path, source)
        for file in self.files.values():
            if not file.is_documentation_page() and file.abs_src_path is not None:
                self.tree.copy(file.dest_uri, Path(file.abs_src_path))

    def render_pages(self) -> list[tuple[str, str]]:
        """Every page of ``docs_dir`` and every column page the plugin leaves to MkDocs;
        their sitemap entries."""
        config, links = self.config, []
        for file in self.documents:
            assert file.page is not None
            render_markdown(file.page, self.files, config, links)
        sitemap = []
        for file in self.documents:
            page = file.page
            assert page is not None
            view = self.views.get(file.src_uri)
            page.update_date = steps.page_date(view, self.column_date).isoformat()
            page.active = True
            context = template_context(self.nav, self.documents, config, page)
            context.update(
                steps.engine_page_values(view, page, self.shared, self.layout, self.framing)
            )
            if page.canonical_url or page.abs_url:
                sitemap.append((page.canonical_url or page.abs_url, page.update_date))
            html = self.env.get_template(page.meta.get("template", "main.html")).render(context)
            page.active = False
            if html.strip():
                self.tree.put(file.dest_uri, html.encode("utf-8", errors="xmlcharrefreplace"))
        name = config.path.name
        found = [*links, *(f"{name} 的 nav 中的 {url} 不存在" for url in self.nav.missing)]
        for message in found:
            self.say(f"{message}（链接未改写）")
        if found and config.strict:
            raise BuildFailed(
                f"{len(found)} 个链接指向不存在的文件，按 --strict 站点未生成，原有 site/ 保持不变。"
            )
        return sitemap

    def publish_media(self) -> None:
        """Report pictures and attachments, as the plugin publishes them."""
        jobs, attached = steps.media(self.catalog)
        errors = steps.publish_files(self.project, self.tree, jobs, attached)
        if errors:
            raise BuildFailed(f"{errors[0]}，站点未生成。")
        pictures.sweep(self.project, jobs)

    def render_column(self) -> list[tuple[str, str]]:
        """The column's many other pages (in worker processes) while this one makes the
        calendars, feeds, search index and figures; the pages' sitemap entries."""
        config = self.config
        days = [steps.page_date(view, self.column_date) for view in self.direct]
        nav, framing = self.nav, self.framing
        job = direct.Job(
            env=self.env,
            context=lambda page: {
                **template_context(nav, (), config, page),
                **framing.column(page.url),
            },
            site_url=config.site_url or "",
            shared=self.shared,
            tree=self.tree,
            views=self.direct,
            dates=days,
            side=self.layout.side,
        )
        site = Site(name=config.site_name, url=config.site_url or "",
                    timezone=self.settings.timezone, today=self.today)  # fmt: skip
        search = SearchIndex()
        direct.render(
            job,
            meanwhile=lambda: steps.write_outputs(
                self.catalog, site, self.settings, search, self.tree
            ),
        )
        return [(direct.location(view, config.site_url), day.isoformat())
                for view, day in zip(self.direct, days, strict=True)]  # fmt: skip

    def render_static_templates(self) -> None:
        """``404.html`` (its links from the server's root, as MkDocs makes them)."""
        config = self.config
        for name in config.theme.static_templates:
            if name == "404.html":
                base = urlsplit(config.site_url or "/").path
            else:
                base = relative_url(".", name)
            context = template_context(self.nav, self.documents, config, None, base)
            context.update(self.framing.engine(None))
            html = self.env.get_template(name).render(context)
            if html.strip():
                self.tree.put(name, html.encode("utf-8"))


def run(config_path: str, site_dir: str | None, strict: bool) -> int:
    """``openday build``: exit status 0 when the site was published, 1 when not, 2 when
    ``mkdocs.yml`` or ``OPENDAY_TODAY`` cannot be used."""
    started = time.perf_counter()
    try:
        config = load_config(Path(config_path), site_dir, strict)
        written = build(config)
    except ConfigError as exc:
        # As every openday command reports an unusable mkdocs.yml or OPENDAY_TODAY.
        print(exc)
        return 2
    except BuildFailed as exc:
        print(str(exc), file=sys.stderr)
        return 1
    shown = site_dir if site_dir is not None else os.path.relpath(config.site_dir)
    print(f"站点已生成：{shown}/（{written} 个文件，{time.perf_counter() - started:.1f} 秒）",
          file=sys.stderr)  # fmt: skip
    return 0
