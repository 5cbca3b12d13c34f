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
   ``nav``, ``base_url`` and the ``url`` and ``script_tag`` filters;
4. the theme's static files, ``404.html``, ``sitemap.xml`` and ``sitemap.xml.gz``,
   all into a staging folder that replaces the site only when all went well.

Only the MkDocs behaviour a site of this program uses is reproduced; what is
not (other plugins, ``hooks``, tags other than ``!ENV``) is refused by name,
in Chinese, never silently skipped.
"""

from __future__ import annotations

import copy
import fnmatch
import gc
import os
import posixpath
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote as urlquote
from urllib.parse import unquote as urlunquote
from urllib.parse import urljoin, urlsplit, urlunsplit
from xml.etree import ElementTree as etree

import jinja2
import markdown
import yaml
from jinja2 import pass_context
from markupsafe import Markup

from ..base.memo import Memo
from ..checking.check import check_project
from ..domain import urls
from ..domain.catalog import Catalog
from ..domain.policy import PolicyError
from ..domain.problems import Problem, count, summary_line
from ..site import direct, pages, pictures
from ..site.outputs import Site
from ..site.searchindex import SearchIndex
from ..site.tree import OutputTree
from ..sources.config import ConfigError, read_today, settings_from_options
from . import steps

#: What Python-Markdown reads as a page (``mkdocs.utils.markdown_extensions``).
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
#: The extensions MkDocs always loads, before those of ``mkdocs.yml``.
BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
#: Theme files that are templates or sources, not published (MkDocs' own list).
THEME_SKIPPED = (".*", "*/.*", "*.py", "*.pyc", "*.html", "*readme*", "mkdocs_theme.yml",
                 "locales/*", *(f"*{s}" for s in MARKDOWN_SUFFIXES))  # fmt: skip
#: The theme the column's templates build on.
THEME = "material"
#: The only plugin this command runs; any other one needs its engine.
PLUGIN = "openday"
#: Settings of mkdocs.yml this command reads; any other key is refused rather than ignored.
KNOWN = {
    "site_name", "site_url", "site_description", "site_author", "docs_dir", "site_dir",
    "theme", "nav", "not_in_nav", "exclude_docs", "plugins", "markdown_extensions",
    "extra", "extra_css", "extra_javascript", "copyright", "repo_url", "repo_name",
    "edit_uri", "edit_uri_template", "use_directory_urls", "strict", "validation",
    "remote_branch", "remote_name", "dev_addr", "watch", "draft_docs", "google_analytics",
}  # fmt: skip
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)


class BuildFailed(Exception):
    """The build stopped; the message (Chinese) says why. Nothing was published."""


# mkdocs.yml ----------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as plain YAML, with MkDocs' ``!ENV`` (an environment variable)."""


def _env_tag(loader: _Loader, node: yaml.Node) -> Any:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``, read as MkDocs reads them."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    for name in names:
        value = os.environ.get(str(name))
        if value is not None:
            resolved = loader.resolve(yaml.ScalarNode, value, (True, False))
            return loader.construct_object(yaml.ScalarNode(resolved, value))
    return default


_Loader.add_constructor("!ENV", _env_tag)


@dataclass
class Config:
    """``mkdocs.yml`` with MkDocs' defaults, as the theme's templates read it (``config.x``
    and ``config['x']`` alike)."""

    path: Path
    data: dict[str, Any]
    nodes: yaml.Node

    def __getattr__(self, name: str) -> Any:
        try:
            return self.data[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self.data[name]

    def __contains__(self, name: str) -> bool:
        return name in self.data

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    def where(self, *keys: str | int) -> tuple[int, int]:
        """Line and column of the setting at ``keys`` (its name; the nearest enclosing
        setting when it is not there)."""
        node = mark = self.nodes
        for key in keys:
            found = None
            if isinstance(node, yaml.MappingNode):
                pair = next(((k, v) for k, v in node.value if k.value == key), None)
                if pair is not None:
                    mark, found = pair
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                found = mark = node.value[key] if key < len(node.value) else None
            if found is None:
                break
            node = found
        return mark.start_mark.line + 1, mark.start_mark.column + 1


class PluginView:
    """``config.plugins['openday']`` for the templates: the plugin's options as ``.config``."""

    #: The options' defaults (those of the plugin's ``OpenDayConfig``).
    DEFAULTS = {"rules": {}, "timezone": "Asia/Shanghai", "identity": {}, "office_owners": []}

    def __init__(self, options: dict[str, Any], index: int):
        self.config = {**self.DEFAULTS, **options}
        self.index = index


def _refuse(config_name: str, line: int, column: int, message: str) -> ConfigError:
    return ConfigError(Problem(config_name, line, column, "E-CONFIG", message))


def _unknown_tags(node: yaml.Node, name: str) -> Iterator[Problem]:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.tag.startswith("!") and current.tag != "!ENV":
            mark = current.start_mark
            yield Problem(name, mark.line + 1, mark.column + 1, "E-CONFIG",
                          f"openday build 不支持标签 {current.tag}（只认 !ENV），"
                          "请改写此项，或用 mkdocs build 构建")  # fmt: skip
        elif current.tag.startswith("tag:yaml.org,2002:python/"):
            mark = current.start_mark
            yield Problem(name, mark.line + 1, mark.column + 1, "E-CONFIG",
                          f"openday build 不支持标签 !!{current.tag.split(':', 2)[2]}，"
                          "它要执行 Python 代码；请改写此项，或用 mkdocs build 构建")  # fmt: skip
        if isinstance(current, yaml.MappingNode):
            for key, value in reversed(current.value):
                stack += [value, key]
        elif isinstance(current, yaml.SequenceNode):
            stack += reversed(current.value)


def load_config(path: Path, site_dir: str | None = None, strict: bool = False) -> Config:
    """``mkdocs.yml`` at ``path`` with MkDocs' defaults; :class:`ConfigError` (one Chinese
    line naming file, line and setting) for what this command cannot build."""
    name = path.name
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise _refuse(
            name, 1, 1, f"找不到 {name}，请在站点根目录运行，或用 --config 指明"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _refuse(name, 1, 1, f"无法读取 {name}（{exc}）") from None
    try:
        nodes = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise _refuse(name, line, column, f"{name} 无法解析") from None
    found = list(_unknown_tags(nodes, name)) if nodes is not None else []
    if found:
        raise ConfigError(found[0]) if len(found) == 1 else ConfigErrors(found)
    loader = _Loader(text)
    data = loader.construct_document(nodes) if nodes is not None else None
    loader.dispose()
    if not isinstance(data, dict):
        raise _refuse(name, 1, 1, f"{name} 应是“设置名: 值”的列表")
    config = Config(path=path, data={}, nodes=nodes)
    for key in data:
        if key not in KNOWN:
            raise _refuse(name, *config.where(key), f"openday build 不认识设置“{key}”，"
                          "请删去，或用 mkdocs build 构建")  # fmt: skip
    if not data.get("site_name"):
        raise _refuse(name, 1, 1, f"{name} 缺少 site_name（网站名称）")
    root = path.resolve().parent
    site_url = data.get("site_url") or None
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    extensions, configs = _markdown_extensions(data.get("markdown_extensions") or [], config)
    config.data = {
        "config_file_path": str(path),
        "site_name": data["site_name"],
        "site_url": site_url,
        "site_description": data.get("site_description"),
        "site_author": data.get("site_author"),
        "docs_dir": str(root / data.get("docs_dir", "docs")),
        "site_dir": site_dir if site_dir is not None else str(root / data.get("site_dir", "site")),
        "nav": data.get("nav"),
        "not_in_nav": data.get("not_in_nav"),
        "exclude_docs": data.get("exclude_docs"),
        "copyright": data.get("copyright"),
        "repo_url": data.get("repo_url"),
        "repo_name": data.get("repo_name"),
        "edit_uri": data.get("edit_uri"),
        "edit_uri_template": data.get("edit_uri_template"),
        "extra": data.get("extra") or {},
        "extra_css": list(data.get("extra_css") or []),
        "extra_javascript": [ExtraScript.of(item) for item in data.get("extra_javascript") or []],
        "markdown_extensions": extensions,
        "mdx_configs": configs,
        "use_directory_urls": data.get("use_directory_urls", True),
        "strict": bool(strict or data.get("strict")),
        "validation": data.get("validation") or {},
    }
    config.data["plugins"] = _plugins(data.get("plugins"), config)
    config.data["theme"] = _theme(data.get("theme"), config, root)
    return config


class ConfigErrors(ConfigError):
    """Several problems of ``mkdocs.yml`` at once."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems[0])
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


def _markdown_extensions(value: Any, config: Config) -> tuple[list[str], dict[str, dict]]:
    names: list[str] = []
    configs: dict[str, dict] = {}
    items = list(value.items()) if isinstance(value, dict) else value
    for index, item in enumerate(items):
        if isinstance(item, dict) and len(item) == 1:
            item = next(iter(item.items()))
        name, options = (item, None) if isinstance(item, str) else item
        if not isinstance(name, str) or not isinstance(options, dict | None):
            where = config.where("markdown_extensions", index)
            raise _refuse(config.path.name, *where, "markdown_extensions 的写法有误")
        if options:
            configs[name] = options
        names.append(name)
    ordered: list[str] = []
    for name in (*BUILTIN_EXTENSIONS, *names):
        if name not in ordered:
            ordered.append(name)
    return ordered, configs


def _plugins(value: Any, config: Config) -> dict[str, PluginView]:
    plugins: dict[str, PluginView] = {}
    for index, item in enumerate(value or []):
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        if name != PLUGIN:
            where = config.where("plugins", index)
            raise _refuse(config.path.name, *where, f"openday build 只运行 openday 插件，"
                          f"不能运行“{name}”；请删去它，或用 mkdocs build 构建")  # fmt: skip
        plugins[name] = PluginView(options or {}, index)
    if PLUGIN not in plugins:
        raise _refuse(config.path.name, 1, 1, f"{config.path.name} 的 plugins 中没有 openday 插件")
    return plugins


class Theme(dict):
    """``config.theme``: the theme's options (its ``mkdocs_theme.yml`` under those of
    ``mkdocs.yml``), and the folders its templates are looked up in."""

    dirs: list[str]
    static_templates: list[str]

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def theme_folder(name: str) -> Path | None:
    """The folder of the installed theme ``name``, from the entry point it declares for
    MkDocs (``mkdocs.themes``), found without importing anything."""
    for point in metadata.entry_points(group="mkdocs.themes"):
        if point.name == name and point.dist is not None:
            folder = Path(str(point.dist.locate_file(point.value.replace(".", "/"))))
            if (folder / "mkdocs_theme.yml").is_file():
                return folder
    return None


def _theme(value: Any, config: Config, root: Path) -> Theme:
    options = value if isinstance(value, dict) else {"name": value or "mkdocs"}
    name = options.get("name")
    folder = theme_folder(THEME) if name == THEME else None
    if folder is None:
        where = config.where("theme", "name") if value is not None else (1, 1)
        shown = f"主题为“{name}”" if name != THEME else "找不到已安装的 Material"
        raise _refuse(config.path.name, *where, f"openday build 需要 Material 主题"
                      f"（theme: name: material），{shown}")  # fmt: skip
    settings = yaml.safe_load((folder / "mkdocs_theme.yml").read_text("utf-8")) or {}
    theme = Theme(name=name, locale="en")
    statics = settings.pop("static_templates", [])
    settings.pop("extends", None)
    theme.update(settings)
    theme.update(options)
    theme.dirs = [str(root / options["custom_dir"])] if options.get("custom_dir") else []
    theme.dirs.append(str(folder))
    theme.static_templates = list(statics)
    return theme


@dataclass(frozen=True)
class ExtraScript:
    """An entry of ``extra_javascript``, as MkDocs' ``script_tag`` filter reads it."""

    path: str
    type: str | None = None
    defer: bool = False
    async_: bool = False

    @classmethod
    def of(cls, item: Any) -> ExtraScript:
        if isinstance(item, dict):
            return cls(str(item.get("path", "")), item.get("type"),
                       bool(item.get("defer")), bool(item.get("async")))  # fmt: skip
        path = str(item)
        return cls(path, "module" if path.endswith(".mjs") else None)

    def __str__(self) -> str:
        return self.path


# Files, pages and nav ------------------------------------------------------------------


def relative_url(url: str, other: str) -> str:
    """``url`` relative to ``other`` (``mkdocs.utils.get_relative_url``)."""
    dirname, _, basename = other.rpartition("/")
    if "." in basename:
        other = dirname
    other_parts = _norm_parts(other)
    dest_parts = _norm_parts(url)
    common = 0
    for a, b in zip(other_parts, dest_parts, strict=False):
        if a != b:
            break
        common += 1
    relurl = "/".join([".."] * (len(other_parts) - common) + dest_parts[common:]) or "."
    return relurl + "/" if url.endswith("/") else relurl


def _norm_parts(path: str) -> list[str]:
    if not path.endswith("/"):
        path += "/"
    path = posixpath.normpath(path)[1:] if path.startswith("/") else posixpath.normpath(path)
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return parts


def normalize_url(path: str, page: Page | None = None, base: str = "") -> str:
    """A link of a template, relative to the page (``mkdocs.utils.normalize_url``)."""
    if not path:
        path = "."
    parsed = urlsplit(path)
    if parsed.scheme or parsed.netloc or path.startswith(("/", "#")):
        return path
    norm = posixpath.normpath(path) + "/"
    level = 0
    while norm.startswith("../", level * 3):
        level += 1
    if page is not None:
        return "../" * level + relative_url(path, page.url)
    return posixpath.join(base, path)


@dataclass(eq=False)
class File:
    """A file of the site: its source (a path, or the text of a generated page) and where
    it is published."""

    src_uri: str
    src_dir: str | None
    use_directory_urls: bool
    content: str | None = None
    in_nav: bool = True
    page: Page | None = None

    @property
    def name(self) -> str:
        stem = posixpath.splitext(posixpath.basename(self.src_uri))[0]
        return "index" if stem == "README" else stem

    def is_documentation_page(self) -> bool:
        return self.src_uri.lower().endswith(MARKDOWN_SUFFIXES)

    @property
    def dest_uri(self) -> str:
        if not self.is_documentation_page():
            return self.src_uri
        parent = posixpath.dirname(self.src_uri)
        if not self.use_directory_urls or self.name == "index":
            return posixpath.join(parent, self.name + ".html")
        return posixpath.join(parent, self.name, "index.html")

    @property
    def url(self) -> str:
        url = self.dest_uri
        dirname, filename = posixpath.split(url)
        if self.use_directory_urls and filename == "index.html":
            url = (dirname or ".") + "/"
        return urlquote(url)

    @property
    def abs_src_path(self) -> str | None:
        return None if self.src_dir is None else os.path.join(self.src_dir, self.src_uri)

    def read(self) -> str:
        if self.content is not None:
            return self.content
        assert self.abs_src_path is not None
        with open(self.abs_src_path, encoding="utf-8-sig", errors="strict") as handle:
            return handle.read()


class NavItem:
    parent: Section | None = None
    title: str | None = None
    children: list | None = None
    is_section = False
    is_page = False
    is_link = False

    @property
    def is_top_level(self) -> bool:
        return self.parent is None

    @property
    def ancestors(self) -> list:
        return [] if self.parent is None else [self.parent, *self.parent.ancestors]


class Section(NavItem):
    is_section = True

    def __init__(self, title: str, children: list):
        self.title = title
        self.children = children
        self._active = False

    @property
    def active(self) -> bool:
        return self._active

    @active.setter
    def active(self, value: bool) -> None:
        self._active = bool(value)
        if self.parent is not None:
            self.parent.active = value


class Link(NavItem):
    is_link = True
    active = False

    def __init__(self, title: str | None, url: str):
        self.title = title
        self.url = url


class Page(NavItem):
    """A page of ``docs_dir`` or a generated one, with what MkDocs' ``Page`` offers the
    theme's templates."""

    is_page = True

    def __init__(self, title: str | None, file: File, config: Config):
        file.page = self
        self.file = file
        self.nav_title = title
        self.previous_page: Page | None = None
        self.next_page: Page | None = None
        self._active = False
        self.update_date = ""
        self.markdown: str | None = None
        self.meta: dict[str, Any] = {}
        self.content: str | None = None
        self.toc: list[Anchor] = []
        self.rendered_title: str | None = None
        base = config.site_url
        if base:
            self.canonical_url: str | None = urljoin(base, self.url)
            self.abs_url: str | None = urlsplit(self.canonical_url).path
        else:
            self.canonical_url = self.abs_url = None
        self.edit_url = _edit_url(file, config)

    @property
    def url(self) -> str:
        url = self.file.url
        return "" if url in (".", "./") else url

    @property
    def title(self) -> str | None:  # the order of MkDocs' Page.title
        if self.nav_title is not None:
            return self.nav_title
        if self.markdown is None:
            return None
        if "title" in self.meta:
            return self.meta["title"]
        if self.rendered_title:
            return self.rendered_title
        if self.is_homepage:
            return "Home"
        title = self.file.name.replace("-", " ").replace("_", " ")
        return title.capitalize() if title.lower() == title else title

    @property
    def active(self) -> bool:
        return self._active

    @active.setter
    def active(self, value: bool) -> None:
        self._active = bool(value)
        if self.parent is not None:
            self.parent.active = value

    @property
    def is_index(self) -> bool:
        return self.file.name == "index"

    @property
    def is_homepage(self) -> bool:
        return self.is_top_level and self.is_index and self.file.url in (".", "./", "index.html")


def _edit_url(file: File, config: Config) -> str | None:
    template, edit_uri, repo_url = (config.edit_uri_template, config.edit_uri, config.repo_url)
    if repo_url and edit_uri is None and not template:
        host = urlsplit(repo_url).netloc.lower()
        if host in ("github.com", "gitlab.com"):
            edit_uri = "edit/master/docs/"
        elif host == "bitbucket.org":
            edit_uri = "src/default/docs/"
    if (not template and not edit_uri) or file.src_dir is None:
        return None
    if template:
        noext = posixpath.splitext(file.src_uri)[0]
        target = template.format(path=file.src_uri, path_noext=noext)
    else:
        target = (edit_uri if edit_uri.endswith("/") else edit_uri + "/") + file.src_uri
    if repo_url and not target.startswith(("?", "#")) and not repo_url.endswith("/"):
        repo_url += "/"
    return urljoin(repo_url or "", target)


@dataclass
class Anchor:
    """An entry of a page's table of contents."""

    title: str
    id: str
    level: int
    children: list[Anchor] = field(default_factory=list)

    @property
    def url(self) -> str:
        return "#" + self.id


@dataclass
class Navigation:
    items: list
    pages: list[Page]

    @property
    def homepage(self) -> Page | None:
        return next((page for page in self.pages if page.is_homepage), None)

    def __iter__(self) -> Iterator:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class _PathSpec:
    """The gitignore-style patterns of ``not_in_nav`` and ``exclude_docs``."""

    def __init__(self, text: str | None):
        self.patterns = [
            line.strip() for line in (text or "").splitlines()
            if line.strip() and not line.strip().startswith("#")
        ]  # fmt: skip

    def __call__(self, path: str) -> bool:
        matched = False
        for pattern in self.patterns:
            negate = pattern.startswith("!")
            pattern = pattern[1:] if negate else pattern
            folder_only = pattern.endswith("/")
            pattern = pattern.rstrip("/")
            anchored = pattern.startswith("/") or "/" in pattern
            pattern = pattern.lstrip("/")
            parts = path.split("/")
            candidates = (
                ["/".join(parts[: i + 1]) for i in range(len(parts))] if anchored else parts
            )
            if folder_only:
                candidates = candidates[:-1]
            if any(fnmatch.fnmatchcase(part, pattern) for part in candidates):
                matched = not negate
        return matched


def docs_files(config: Config) -> list[File]:
    """The files of ``docs_dir`` in MkDocs' order, without dot files and ``templates/``."""
    root = config.docs_dir
    if not os.path.isdir(root):
        raise BuildFailed(f"找不到文档文件夹 {os.path.relpath(root)}（docs_dir），站点未生成。")
    excluded = _PathSpec(config.exclude_docs)
    not_in_nav = _PathSpec(config.not_in_nav)
    found = []
    for folder, dirs, names in os.walk(root, followlinks=True):
        relative = os.path.relpath(folder, root)
        dirs.sort()
        names.sort(key=lambda n: (os.path.splitext(n)[0] not in ("index", "README"), n))
        for name in names:
            uri = PurePosixPath(relative, name).as_posix() if relative != "." else name
            if any(part.startswith(".") for part in uri.split("/")) or uri.startswith("templates/"):
                continue
            if excluded(uri):
                continue
            file = File(uri, root, config.use_directory_urls, in_nav=not not_in_nav(uri))
            found.append(file)
    return found


def theme_files(config: Config, taken: set[str]) -> list[tuple[str, Path]]:
    """The theme's static files (``assets/…``) by path, each from the first of the theme's
    folders that has it, unless ``docs_dir`` has a file of that path."""
    patterns = [*THEME_SKIPPED, *config.theme.static_templates]
    chosen: dict[str, Path] = {}
    for folder in config.theme.dirs:
        for parent, dirs, names in os.walk(folder, followlinks=True):
            # What lies under a dot folder (Material's 10,000 icons) is never published.
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in names:
                path = Path(parent, name)
                relative = path.relative_to(folder).as_posix()
                if relative in chosen or relative in taken:
                    continue
                if any(fnmatch.fnmatch(relative.lower(), p) for p in patterns):
                    continue
                chosen[relative] = path
    return sorted(chosen.items())


def _nest_paths(paths: list[str]) -> list:
    nested: list = []
    for path in paths:
        branch = nested
        for part in PurePosixPath(path).parent.parts:
            title = part.replace("-", " ").replace("_", " ")
            title = title.capitalize() if title.lower() == title else title
            for item in branch:
                if isinstance(item, dict) and title in item:
                    branch = item[title]
                    break
            else:
                new: list = []
                branch.append({title: new})
                branch = new
        branch.append(path)
    return nested


def navigation(files: dict[str, File], config: Config) -> Navigation:
    """The site's nav from ``nav`` (or from the folders of ``docs_dir``), as MkDocs makes it."""
    nav_config = config.nav
    documents = [f for f in files.values() if f.is_documentation_page()]
    if nav_config is None:
        ordered = sorted(
            (f for f in documents if f.in_nav),
            key=lambda f: (PurePosixPath(f.src_uri).parts[:-1], f.name != "index",
                           PurePosixPath(f.src_uri).parts[-1]),
        )  # fmt: skip
        nav_config = _nest_paths([f.src_uri for f in ordered])

    def convert(data: Any) -> Any:
        if isinstance(data, dict):
            return [
                convert((key, value)) if isinstance(value, str)
                else Section(key, convert(value))
                for key, value in data.items()
            ]  # fmt: skip
        if isinstance(data, list):
            return [
                convert(item)[0] if isinstance(item, dict) and len(item) == 1 else convert(item)
                for item in data
            ]
        title, path = data if isinstance(data, tuple) else (None, data)
        file = files.get(path)
        if file is not None:
            return file.page if file.page is not None else Page(title, file, config)
        return Link(title, path)

    items = convert(nav_config)
    if not isinstance(items, list):
        items = [items]
    nav_pages: list[Page] = []

    def walk(items: list, parent: Section | None) -> None:
        for item in items:
            item.parent = parent
            if isinstance(item, Page):
                nav_pages.append(item)
            if item.children:
                walk(item.children, item)

    walk(items, None)
    for before, page, after in zip(
        [None, *nav_pages], nav_pages, [*nav_pages[1:], None], strict=False
    ):
        page.previous_page, page.next_page = before, after
    for file in documents:
        if file.page is None:
            Page(None, file, config)
    return Navigation(items, nav_pages)


# Markdown ------------------------------------------------------------------------------


class _RelativeLinks(markdown.treeprocessors.Treeprocessor):
    """Links and images to files of ``docs_dir`` made relative to the page's URL, as
    MkDocs makes them; a link to a Markdown file that does not exist is reported."""

    def __init__(self, md: markdown.Markdown, file: File, files: dict[str, File], found: list):
        super().__init__(md)
        self.file, self.files, self.found = file, files, found

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            key = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            if key is not None:
                element.set(key, self.path_to_url(element.get(key, "")))

    def path_to_url(self, url: str) -> str:
        scheme, netloc, path, query, anchor = urlsplit(url)
        if scheme or netloc or url.startswith(("/", "\\")) or "\x02amp\x03" in url or not path:
            return url
        path = urlunquote(path)
        target_uri = posixpath.normpath(
            posixpath.join(posixpath.dirname(self.file.src_uri), path).lstrip("/")
        )
        target = self.files.get(target_uri)
        if target is None:
            if posixpath.splitext(path)[-1]:
                self.found.append(f"{self.file.src_uri} 链接的 {url} 不存在")
            return url
        link = relative_url(target.url, self.file.url)
        return urlunsplit(("", "", link, query, anchor))


class _Title(markdown.treeprocessors.Treeprocessor):
    """The text of the page's first element, if it is a level-one heading."""

    title: str | None = None

    def run(self, root: etree.Element) -> None:
        for element in root:
            if element.tag == "h1":
                self.title = _heading_text(element, self.md)
            break


def _heading_text(element: etree.Element, md: markdown.Markdown) -> str:
    """``mkdocs.utils.rendering.get_heading_text``: the heading's HTML without its
    permalink, footnote references and tags, images by their alt text."""
    element = copy.deepcopy(element)
    for parent in element.iter():
        for child in list(parent):
            classes = child.get("class", "").split()
            if (child.tag == "a" and "headerlink" in classes) or (
                child.tag == "sup" and child.get("id", "").startswith("fnref")
            ):
                tail = child.tail or ""
                parent.remove(child)
                if tail:
                    parent.text = (parent.text or "") + tail
            elif child.tag == "img":
                child.tag = "span"
                child.text = child.get("alt", "")
    text = etree.tostring(element, encoding="unicode", method="html")
    text = text[text.index(">") + 1 : text.rindex("<")]
    for processor in md.postprocessors:
        text = processor.run(text)
    while (start := text.find("<!--")) != -1 and (end := text.find("-->", start)) != -1:
        text = text[:start] + text[end + 3 :]
    while (start := text.find("<")) != -1 and (end := text.find(">", start)) != -1:
        text = text[:start] + text[end + 1 :]
    return " ".join(text.split())


def _toc(tokens: list[dict]) -> list[Anchor]:
    return [
        Anchor(token["name"], token["id"], token["level"], _toc(token.get("children", [])))
        for token in tokens
    ]


def front_matter(source: str) -> tuple[str, dict[str, Any]]:
    """The Markdown and the YAML front matter of a page (``mkdocs.utils.meta.get_data``,
    YAML style)."""
    found = FRONT_MATTER.match(source)
    if not found:
        return source, {}
    try:
        data = yaml.safe_load(found.group(1))
    except yaml.YAMLError:
        return source, {}
    if not isinstance(data, dict):
        return source, {}
    return source[found.end() :].lstrip("\n"), data


def render_markdown(page: Page, files: dict[str, File], config: Config, found: list) -> None:
    """Fill ``page``'s Markdown, meta, HTML, table of contents and title."""
    page.markdown, page.meta = front_matter(page.file.read())
    if not page.markdown.strip():
        page.content = ""  # what Python-Markdown makes of nothing, without making one
        return
    md = markdown.Markdown(extensions=config.markdown_extensions,
                           extension_configs=config.mdx_configs)  # fmt: skip
    md.treeprocessors.register(_RelativeLinks(md, page.file, files, found), "relpath", 0)
    title = _Title(md)
    md.treeprocessors.register(title, "mkdocs_extract_title", 1)
    page.content = md.convert(page.markdown)
    page.toc = _toc(getattr(md, "toc_tokens", []))
    page.rendered_title = title.title


# Templates -----------------------------------------------------------------------------


@pass_context
def url_filter(context: Any, value: Any) -> str:
    return normalize_url(str(value), page=context["page"], base=context["base_url"])


@pass_context
def script_tag_filter(context: Any, script: Any) -> Markup:
    html = '<script src="{0}"'
    if isinstance(script, ExtraScript):
        if script.type:
            html += ' type="{1.type}"'
        if script.defer:
            html += " defer"
        if script.async_:
            html += " async"
    html += "></script>"
    return Markup(html).format(url_filter(context, str(script)), script)


def environment(config: Config) -> jinja2.Environment:
    """The theme's Jinja environment, as MkDocs makes it, with the column's additions."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(config.theme.dirs), auto_reload=False)
    env.filters["url"] = url_filter
    env.filters["script_tag"] = script_tag_filter
    steps.prepare_env(env, config)
    return env


def build_date() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)


def template_context(
    nav: Navigation, documents: list, config: Config, page: Any = None, base_url: str = ""
) -> dict[str, Any]:
    """What MkDocs' ``get_context`` gives a template."""
    if page is not None:
        base_url = relative_url(".", page.url)
    return {
        "nav": nav,
        "pages": documents,
        "base_url": base_url,
        "extra_css": [normalize_url(path, page, base_url) for path in config.extra_css],
        "extra_javascript": [
            normalize_url(str(script), page, base_url) for script in config.extra_javascript
        ],
        "build_date_utc": build_date(),
        "config": config,
        "page": page,
    }


# The build -----------------------------------------------------------------------------


def build(config: Config, log: Any = None) -> int:
    """Build the site ``config`` describes; return how many files were written.

    Raises :class:`BuildFailed` (nothing published, the old site kept) when the records
    have errors, a page links to nothing under ``--strict``, or the disk fails.
    """
    say = log or (lambda line: print(line, file=sys.stderr))
    project = config.path.resolve().parent
    options = config.plugins[PLUGIN].config
    try:
        settings = settings_from_options(options)
    except PolicyError as exc:
        where = config.where("plugins", config.plugins[PLUGIN].index, PLUGIN, exc.key)
        raise _refuse(config.path.name, *where, str(exc)) from None
    today = read_today()
    threshold = gc.get_threshold()
    gc.set_threshold(max(steps.GC_THRESHOLD[0], threshold[0]), *steps.GC_THRESHOLD[1:])
    try:
        result = check_project(project, settings.policy, settings.timezone, today)
        for problem in result.problems:
            say(str(problem))
        errors, warnings = count(result.problems)
        if errors:
            raise BuildFailed(steps.refusal(result))
        if warnings:
            say(summary_line(result.files, result.problems))
        staging = steps.Staging(Path(config.site_dir), project)
        try:
            written = _write_site(config, result, settings, today, staging.staging, project, say)
        except OSError as exc:
            staging.abandon()
            raise BuildFailed(staging.fault(exc)) from None
        except BaseException:
            staging.abandon()
            raise
        message = staging.swap()
        if message is not None:
            raise BuildFailed(message)
        return written
    finally:
        gc.set_threshold(*threshold)


def _write_site(
    config: Config, result: Any, settings: Any, today: Any, site_dir: Path, project: Path, say: Any
) -> int:
    memo = Memo()
    catalog = Catalog(result.events, result.agencies, today, memo)
    files: dict[str, File] = {f.src_uri: f for f in docs_files(config)}
    views: dict[str, pages.PageView] = {}
    direct_views = []
    for view in steps.column_views(catalog, settings, memo):
        if steps.renders_directly(view):
            direct_views.append(view)
            continue
        uri = urls.src_uri(view.url)
        views[uri] = view
        files[uri] = File(uri, None, config.use_directory_urls, steps.front_matter(view), False)
    if config.nav is not None:
        config.data["nav"] = steps.prune_nav(config.nav, set(files))
    site = Site(name=config.site_name, url=config.site_url or "", timezone=settings.timezone,
                today=today, memo=memo)  # fmt: skip
    dates = steps.ViewDates(catalog.last_date or today)
    shared = steps.shared_context(catalog, settings, dict(options_identity(config)), today)
    nav = navigation(files, config)
    documents = [f for f in files.values() if f.is_documentation_page()]
    env = environment(config)

    tree = OutputTree()
    tree.begin(site_dir)
    site_dir.mkdir(parents=True, exist_ok=True)
    for path, source in theme_files(config, set(files)):
        tree.copy(path, source)
    for file in files.values():
        if not file.is_documentation_page():
            tree.copy(file.dest_uri, Path(file.abs_src_path or ""))

    links: list[str] = []
    sitemap: list[tuple[str, str]] = []
    for file in documents:
        assert file.page is not None
        render_markdown(file.page, files, config, links)
    for file in documents:
        page = file.page
        assert page is not None
        view = views.get(file.src_uri)
        page.update_date = dates(view).isoformat()
        page.active = True
        context = template_context(nav, documents, config, page)
        context["od_site"] = shared
        context["od"] = view
        if page.canonical_url or page.abs_url:
            sitemap.append((page.canonical_url or page.abs_url, page.update_date))
        html = env.get_template(page.meta.get("template", "main.html")).render(context)
        page.active = False
        if html.strip():
            tree.put(file.dest_uri, html.encode("utf-8", errors="xmlcharrefreplace"))
    for message in links:
        say(f"{message}（链接未改写）")
    if links and config.strict:
        raise BuildFailed(
            f"{len(links)} 个链接指向不存在的文件，按 --strict 站点未生成，原有 site/ 保持不变。"
        )

    errors = steps.publish_files(project, tree, pictures.jobs(catalog.reports),
                                 tuple(e for e in catalog.notices if e.attachments))  # fmt: skip
    if errors:
        raise BuildFailed(f"{errors[0]}，站点未生成。")
    pictures.sweep(project, pictures.jobs(catalog.reports))
    day_of = [dates(view) for view in direct_views]
    job = direct.Job(
        env=env,
        context=lambda page: template_context(nav, (), config, page),
        site_url=config.site_url or "",
        shared=shared,
        tree=tree,
        views=direct_views,
        dates=day_of,
    )
    search = SearchIndex()
    direct.render(job, meanwhile=lambda: steps.write_outputs(catalog, site, settings, search, tree))
    for name in config.theme.static_templates:
        base = (
            urlsplit(config.site_url or "/").path if name == "404.html" else relative_url(".", name)
        )
        html = env.get_template(name).render(template_context(nav, documents, config, None, base))
        if html.strip():
            tree.put(name, html.encode("utf-8"))
    entries = [(direct.location(view, config.site_url), day.isoformat())
               for view, day in zip(direct_views, day_of, strict=True)]  # fmt: skip
    direct.write_sitemap(site_dir, [*sitemap, *entries])
    written = len(tree.now) + 2
    tree.finish()
    return written


def options_identity(config: Config) -> dict[str, Any]:
    return dict(config.plugins[PLUGIN].config.get("identity") or {})


def run(config_path: str, site_dir: str | None, strict: bool) -> int:
    """``openday build``: exit status 0 when the site was published, 1 when not."""
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
