"""What MkDocs gives a theme's templates, made without MkDocs, for ``openday build``.

The files of ``docs_dir`` and of the theme, the pages with their Markdown
rendered by Python-Markdown (links to other pages made relative, titles from
the nav, the front matter or the first heading), the nav, the ``url`` and
``script_tag`` filters and the template context: each as MkDocs 1.6 makes it
(``mkdocs.structure``, ``mkdocs.commands.build.get_context``), so that the same
templates print the same bytes. Only what a theme reads is here; nothing of
MkDocs' plugin machinery.
"""

from __future__ import annotations

import copy
import fnmatch
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache, cached_property
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

from . import steps
from .siteconfig import Config, ExtraScript, refuse

#: What Python-Markdown reads as a page (``mkdocs.utils.markdown_extensions``).
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
#: Theme files that are templates or sources, not published (MkDocs' own list).
THEME_SKIPPED = (".*", "*/.*", "*.py", "*.pyc", "*.html", "*readme*", "mkdocs_theme.yml",
                 "locales/*", *(f"*{s}" for s in MARKDOWN_SUFFIXES))  # fmt: skip
META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE = re.compile(r"^([ ]{4}|\t)(\s*)(?P<value>.*)")
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)


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
    if not path.startswith("/"):
        path = "/" + path
    path = posixpath.normpath(path)[1:]
    return path.split("/") if path else []


def normalize_url(path: str, page: Page | None = None, base: str = "") -> str:
    """A link of a template, relative to the page (``mkdocs.utils.normalize_url``)."""
    path, level = _norm_url(path)
    if level == -1:
        return path
    if page is not None:
        return "../" * level + relative_url(path, page.url)
    return posixpath.join(base, path)


@cache
def _norm_url(path: str) -> tuple[str, int]:
    """The link, and how many folders up it first goes (-1: not relative to the page)."""
    if not path:
        path = "."
    parsed = urlsplit(path)
    if parsed.scheme or parsed.netloc or path.startswith(("/", "#")):
        return path, -1
    norm = posixpath.normpath(path) + "/"
    level = 0
    while norm.startswith("../", level * 3):
        level += 1
    return path, level


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

    # Read on every link of every page: each computed once, as MkDocs does.
    @cached_property
    def name(self) -> str:
        stem = posixpath.splitext(posixpath.basename(self.src_uri))[0]
        return "index" if stem == "README" else stem

    def is_documentation_page(self) -> bool:
        return self.src_uri.lower().endswith(MARKDOWN_SUFFIXES)

    @cached_property
    def dest_uri(self) -> str:
        if not self.is_documentation_page():
            return self.src_uri
        parent = posixpath.dirname(self.src_uri)
        if not self.use_directory_urls or self.name == "index":
            return posixpath.join(parent, self.name + ".html")
        return posixpath.join(parent, self.name, "index.html")

    @cached_property
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
        # Bytes decoded, line ends kept: front matter after "---\r\n" is text, as in MkDocs.
        return Path(self.abs_src_path).read_bytes().decode("utf-8-sig")


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

    #: Whether this is the page shown or one of its sections (a link never is).
    _active = False

    @property
    def active(self) -> bool:
        return self._active

    @active.setter
    def active(self, value: bool) -> None:
        self._active = bool(value)
        if self.parent is not None:
            self.parent.active = value


class Section(NavItem):
    is_section = True

    def __init__(self, title: str, children: list):
        self.title = title
        self.children = children
        self._active = False


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
    #: Entries of ``nav`` naming a file that ``docs_dir`` does not have.
    missing: list[str] = field(default_factory=list)

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
        where = config.where("docs_dir")
        raise refuse(
            config.path.name, *where, f"找不到文档文件夹 {os.path.relpath(root)}（docs_dir）"
        )
    # Drafts are left out of a build as MkDocs leaves them out (``mkdocs serve`` shows them).
    excluded = _PathSpec("\n".join(filter(None, (config.exclude_docs, config.draft_docs))))
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
    missing: list[str] = []

    def walk(items: list, parent: Section | None) -> None:
        for item in items:
            item.parent = parent
            if isinstance(item, Page):
                nav_pages.append(item)
            elif isinstance(item, Link):
                found = urlsplit(item.url)
                if not (found.scheme or found.netloc or item.url.startswith("/")):
                    missing.append(item.url)
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
    return Navigation(items, nav_pages, missing)


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
    """The Markdown and the metadata of a page, as ``mkdocs.utils.meta.get_data`` reads
    them: YAML between ``---`` lines, else MultiMarkdown-style ``key: value`` lines."""
    found = FRONT_MATTER.match(source)
    if found:
        try:
            data = yaml.safe_load(found.group(1))
        except yaml.YAMLError:
            return source, {}
        if not isinstance(data, dict):
            return source, {}
        return source[found.end() :].lstrip("\n"), data
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta: dict[str, Any] = {}
    key = None
    while lines:
        line = lines.pop(0)
        if line.strip() == "":
            break
        if first := META.match(line):
            key = first.group("key").lower().strip()
            value = first.group("value").strip()
            meta[key] = f"{meta[key]} {value}" if key in meta else value
        elif (more := META_MORE.match(line)) and key:
            meta[key] += " " + more.group("value").strip()
        else:
            lines.insert(0, line)
            break
    return "\n".join(lines).lstrip("\n"), meta


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
