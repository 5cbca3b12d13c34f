"""The column's templates print their views and compute nothing.

Every page of the demo is rendered a second time, by MiniJinja instead of Jinja2, from
its view turned into plain data (maps, lists, strings, numbers) that answers no method
call: a template that worked something out in Python (``.isoformat()``, a formatter,
the catalog, a label lookup) fails here, and one that printed anything else than the
real build did differs from the page the build wrote.

MiniJinja renders the column's own templates; Material's frame around them
(``main.html``) is replaced by a template that renders only the ``content`` block, and
its ``partials/content.html`` (the home page's Markdown) by a mark the comparison skips.
The output must then appear byte for byte in the page the real build wrote. The parts
of the frame this theme writes itself (the menu, the breadcrumb, the site tags) are
rendered the same way on every page, the engine's own pages and ``404.html`` included,
from the values the adapter gives them.

One difference between the engines is not the templates': MiniJinja's own HTML escaping
also escapes ``/`` (as ``&#x2f;``), which MarkupSafe, Jinja2's, does not; so here every
printed value is escaped by MarkupSafe (MiniJinja's ``finalizer``), as Jinja2 escapes it.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import minijinja
import pytest
from markupsafe import Markup, escape
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.utils import normalize_url
from openday.domain import urls
from openday.site import pages
from openday.site.qrcode import qr_svg

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "theme"
#: What stands for Material's templates: the content block alone, and a mark for the Markdown.
FRAME = {
    "main.html": "{% block content %}{% endblock %}",
    "partials/content.html": "\x00",
}
COLUMN_TEMPLATES = sorted(
    [
        *THEME.glob("openday/*.html"),
        *THEME.glob("partials/openday-*.html"),
        THEME / "partials/tabs.html",
    ]
)
#: The partials of the frame around every page, the engine's own pages included.
FRAME_PARTIALS = (
    "partials/tabs.html",
    "partials/openday-breadcrumb.html",
    "partials/openday-meta.html",
)


class Plain(dict):
    """A map of plain data: its items are read as attributes, and it has no methods."""

    def __getattribute__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            return super().__getattribute__(name)
        raise AttributeError(name)


class PlainList(list):
    """A list with no methods either."""

    def __getattribute__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            return super().__getattribute__(name)
        raise AttributeError(name)


def plain(value: Any) -> Any:
    """A view as data that only prints: dataclasses as maps of their fields, tuples as lists."""
    if isinstance(value, Markup):
        return minijinja.safe(str(value))
    if dataclasses.is_dataclass(value):
        return Plain({f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)})
    if isinstance(value, dict):
        return Plain({key: plain(item) for key, item in value.items()})
    if isinstance(value, (tuple, list)):
        return PlainList(plain(item) for item in value)
    if isinstance(value, date):
        return value.isoformat()
    assert value is None or isinstance(value, (str, int, float)), type(value)
    return value


@pytest.fixture(scope="module")
def build_of_demo(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """The demo built in this process, so that the plugin's views of every page are at hand."""
    site_dir = tmp_path_factory.mktemp("printed") / "site"
    saved = dict(os.environ)
    os.environ.update(OPENDAY_TODAY="2024-05-15", NO_MKDOCS_2_WARNING="1")
    try:
        config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir))
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config.plugins.on_shutdown()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    plugin = config.plugins["openday"]
    views = [*plugin.views.values(), *plugin.direct]
    return SimpleNamespace(site=site_dir, plugin=plugin, config=config, views=views)


def _escape(value: Any) -> Markup:
    """A printed value as Jinja2 prints it into a column template (undefined prints nothing)."""
    return Markup("") if value is None else escape(value)


class Engine:
    """MiniJinja with the theme's templates and the functions the plugin registers."""

    def __init__(self, build_of_demo: SimpleNamespace):
        self.env = minijinja.Environment(
            loader=self._load,
            pycompat=False,
            auto_escape_callback=lambda name: name.startswith("openday/") or "/openday-" in name,
            finalizer=_escape,
        )
        self.context: dict[str, Any] = {}
        self.env.add_filter("url", self._url)
        self.env.add_filter("od_markdown", pages.markdown)
        self.env.add_function("od_link", pages.link)
        self.env.add_function("od_qr", qr_svg)
        self.env.add_function("od_cached", self._cached)
        config = build_of_demo.config
        self.layout = build_of_demo.plugin.layout
        self.common = {
            "config": Plain(site_url=config.site_url or "", site_name=config.site_name),
            "od_site": plain(build_of_demo.plugin.shared),
        }

    @staticmethod
    def _load(name: str) -> str | None:
        if name in FRAME:
            return FRAME[name]
        path = THEME / name
        return path.read_text("utf-8") if path.is_file() else None

    def _url(self, value: str) -> str:
        if self.context["page"] is None:  # 404.html: its links are from the server's root
            return normalize_url(
                value, None, urlsplit(self.common["config"]["site_url"] or "/").path
            )
        page_url = self.context["page"]["url"]
        found = urls.relative(value, page_url)
        return found if found is not None else normalize_url(value, SimpleNamespace(url=page_url))

    def _cached(self, name: str, *key: Any) -> Markup:
        return Markup(self.env.render_template(name, **self.context))

    def render(
        self, template: str, view: Any, page: dict[str, Any] | None, frame: dict[str, Any]
    ) -> str:
        """``template`` for ``view`` (``None`` on the engine's own pages) on ``page`` (``None``:
        404.html), with ``frame``, what the adapter gives the frame's partials there."""
        side = self.layout.side(view) if view is not None else None
        self.context = {
            **self.common,
            **{name: plain(value) for name, value in frame.items()},
            "od": plain(view),
            "od_side": plain(side),
            "page": Plain(page) if page is not None else None,
        }
        if page is None:  # 404.html, which MkDocs renders without the plugin's page context
            self.context["od_site"] = None
        return self.env.render_template(template, **self.context)


@pytest.fixture(scope="module")
def engine(build_of_demo: SimpleNamespace) -> Engine:
    return Engine(build_of_demo)


def _pieces(rendered: str) -> Iterator[str]:
    """The parts of a MiniJinja rendering to find in the page, in order (between the marks)."""
    for piece in rendered.split(FRAME["partials/content.html"]):
        if piece.strip():
            yield piece


def _appears_in_order(pieces: list[str], html: str) -> str | None:
    """None when every piece is in ``html`` in order; else the first that is not, cut short."""
    at = 0
    for piece in pieces:
        found = html.find(piece, at)
        if found < 0:
            return piece[:300]
        at = found + len(piece)
    return None


def test_every_column_page_prints_the_same_under_minijinja(build_of_demo, engine):
    missing = []
    framing = build_of_demo.plugin.framing
    for view in build_of_demo.views:
        page = {"url": view.url, "is_homepage": False, "title": view.title}
        frame = framing.column(view.url)
        rendered = engine.render(view.template, view, page, frame)
        html = (build_of_demo.site / view.url / "index.html").read_text("utf-8")
        for name, text in [
            ("content", rendered),
            *((name, engine.render(name, view, page, frame)) for name in FRAME_PARTIALS),
        ]:
            found = _appears_in_order(list(_pieces(text)), html)
            if found is not None:
                missing.append((view.url, name, found))
    assert not missing, missing[:3]
    # Every kind of column page was among them.
    assert {view.template for view in build_of_demo.views} >= {
        f"openday/{name}.html"
        for name in ("list", "notice", "feedback", "schedule", "stats", "search")
    }
    assert {type(view) for view in build_of_demo.views} >= {
        pages.ListPage, pages.NoticePage, pages.AnswersPage, pages.SchedulePage,
        pages.StatsPage, pages.SearchPage,
    }  # fmt: skip


def test_the_home_page_prints_the_same_under_minijinja(build_of_demo, engine):
    home = build_of_demo.plugin.nav.homepage
    page = {"url": "", "is_homepage": True, "title": "首页"}
    rendered = engine.render("openday/home.html", None, page, _engine_frame(build_of_demo, home))
    html = (build_of_demo.site / "index.html").read_text("utf-8")

    pieces = list(_pieces(rendered))
    assert "od-home__grid" in pieces[-1] and "od-list__row" in pieces[-1]
    assert _appears_in_order(pieces, html) is None


def _engine_frame(build_of_demo: SimpleNamespace, page: Any) -> dict[str, Any]:
    """What the plugin gives the frame of one of MkDocs' pages, while MkDocs renders it."""
    if page is None:
        return build_of_demo.plugin.framing.engine(None)
    page.active = True
    try:
        return build_of_demo.plugin.framing.engine(page)
    finally:
        page.active = False


def test_the_frame_of_the_engines_own_pages_prints_the_same_under_minijinja(build_of_demo, engine):
    missing, crumbs = [], set()
    for found_page in build_of_demo.plugin.nav.pages:
        if found_page.file.src_uri in build_of_demo.plugin.views:
            continue  # a column page
        frame = _engine_frame(build_of_demo, found_page)
        crumbs.add(len(frame["od_crumbs"]))
        page = {"url": found_page.url, "is_homepage": found_page.is_homepage,
                "title": found_page.title}  # fmt: skip
        html = (build_of_demo.site / found_page.file.dest_uri).read_text("utf-8")
        for name in FRAME_PARTIALS:
            found = _appears_in_order(list(_pieces(engine.render(name, None, page, frame))), html)
            if found is not None:
                missing.append((found_page.url, name, found))
    html = (build_of_demo.site / "404.html").read_text("utf-8")
    frame = _engine_frame(build_of_demo, None)
    for name in FRAME_PARTIALS:
        found = _appears_in_order(list(_pieces(engine.render(name, None, None, frame))), html)
        if found is not None:
            missing.append(("404.html", name, found))
    assert not missing, missing[:3]
    # The home page and pages below it were among them.
    assert {1, 2} <= crumbs


def test_a_template_that_calls_a_method_fails_on_plain_data(engine):
    view = pages.Crumb("首页", "")
    # A map or a list answers no method (AttributeError), a string none either (MiniJinja's error).
    failed = (minijinja.TemplateError, AttributeError)
    with pytest.raises(failed):
        engine.env.render_str("{{ od.items() }}", od=plain({"a": 1}))
    with pytest.raises(failed):
        engine.env.render_str("{{ od.label.upper() }}", od=plain(view))
    with pytest.raises(failed):
        engine.env.render_str("{{ od.crumbs.index(1) }}", od=plain({"crumbs": (view,)}))
    assert engine.env.render_str("{{ od.label }}", od=plain(view)) == "首页"


# What a column template may do: print, test and loop over its view's data, through these
# filters and the functions the engine registers. ``self.…()`` and ``super()`` render blocks;
# ``d`` (a default) and ``reverse`` serve the settings and MkDocs' own pages, which have no view.
FILTERS = {"url", "e", "join", "length", "safe", "od_markdown", "reverse", "d"}
FUNCTIONS = {"od_link", "od_t", "od_cached", "od_qr", "super", "namespace"}
KEYWORDS = {"if", "else", "elif", "in", "and", "or", "not", "is"}
TAG = re.compile(r"\{\{-?(.*?)-?\}\}|\{%-?(.*?)-?%\}", re.S)
STRING = re.compile(r"'[^']*'|\"[^\"]*\"")


def _expressions(text: str) -> Iterator[str]:
    for match in TAG.finditer(re.sub(r"\{#.*?#\}", "", text, flags=re.S)):
        code = match.group(1) or match.group(2)
        yield STRING.sub("''", code)


@pytest.mark.parametrize("template", COLUMN_TEMPLATES, ids=lambda path: path.name)
def test_a_column_template_calls_nothing_and_does_no_arithmetic(template):
    found = []
    for code in _expressions(template.read_text("utf-8")):
        for piped, called in re.findall(r"(\|\s*)?\b([\w.]+)\s*\(", code):
            if piped or called in KEYWORDS:
                continue  # a filter's arguments, or an expression in brackets
            if called not in FUNCTIONS and not called.startswith("self."):
                found.append(f"calls {called}: {code.strip()}")
        for name in re.findall(r"\|\s*(\w+)", code):
            if name not in FILTERS:
                found.append(f"filter {name}: {code.strip()}")
        if re.search(r"[-+*/%~<>]|[=!]=", code) or re.search(r"\b(min|max|range)\b", code):
            found.append(f"computes: {code.strip()}")
        if re.search(r"\[\s*[A-Za-z_]", code):
            found.append(f"looks up: {code.strip()}")
        if re.search(r"\bod_site\.(catalog|fmt|urls|labels|today)\b", code):
            found.append(f"reaches past the view: {code.strip()}")
    assert not found, found


def test_the_static_check_finds_what_it_forbids(tmp_path):
    bad = tmp_path / "bad.html"
    for code in (
        "{{ event.notice.published.isoformat() }}",
        "{{ od_site.labels.badges[badge] }}",
        "{% set first = [1, p.number - 2] | max %}",
        "{{ od.agency ~ od.theme }}",
        "{{ od.rows | selectattr('label') | list }}",
        "{% if notice.venues | length > 1 %}",
        "{% if od.url == target %}",
        "{% set target = (item.children | first).url %}",
    ):
        bad.write_text(code, "utf-8")
        with pytest.raises(AssertionError):
            test_a_column_template_calls_nothing_and_does_no_arithmetic(bad)
