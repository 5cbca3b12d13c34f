"""Markdown fields of a record, turned into safe HTML once per distinct text.

Records come from many hands and are published on a government site, so
the HTML that Markdown produces is passed through a maintained sanitizer
(``nh3``, the Rust ``ammonia`` library) with a small allow-list: no script,
no event handlers, no styles, no frames or forms, links only to http(s) and
mailto. Headings are moved down two levels so a record's ``#`` never competes
with the page's own ``<h1>`` and ``<h2>``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape, unescape

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

TAGS = frozenset(
    {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "u", "a", "blockquote",
     "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "code", "hr",
     "sub", "sup", "del"}
)  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


class _ShiftHeadings(Treeprocessor):
    def run(self, root):
        for element in root.iter():
            if element.tag in ("h1", "h2", "h3", "h4"):
                element.tag = f"h{min(6, int(element.tag[1]) + 2)}"


class _HeadingShift(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Markdown's API name
        md.treeprocessors.register(_ShiftHeadings(md), "openday_shift_headings", 5)


_markdown = markdown.Markdown(extensions=["sane_lists", "nl2br", "tables", _HeadingShift()])


def _only_allowed_links(tag: str, name: str, value: str) -> str | None:
    """Drop a link whose address names another scheme once blanks are ignored.

    A browser would read ``jav ascript:`` as a relative address, but such an address
    is never meant, and :func:`findings` tells staff that it is removed.
    """
    if name == "href" and _scheme(value) not in (None, *URL_SCHEMES):
        return None
    return value


#: The sanitizer, configured once (``nh3.clean`` would set up the same rules on every call).
_cleaner = nh3.Cleaner(
    tags=set(TAGS),
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    link_rel="noopener noreferrer nofollow",
    attribute_filter=_only_allowed_links,
)


def sanitize(html: str) -> str:
    return _cleaner.clean(html)


# Plain prose: no character that starts Markdown syntax or that Markdown escapes, no blank
# but the space and the line break, no line that starts or ends with a space.
_NOT_PROSE = re.compile(r"[\\`*_\[\]!<>&#|=+\-.\x00-\x08\x0e-\x1f\x7f]|[^\S \n]|^ | $", re.M)
_PARAGRAPHS = re.compile(r"\n{2,}")


def _prose(text: str) -> str | None:
    """The HTML Python-Markdown makes of ``text`` when ``text`` is nothing but paragraphs
    of prose (most reports and notes are), else ``None``: paragraphs between blank lines,
    each line break kept (``nl2br``). Python-Markdown takes a third of a millisecond to
    find that out, a good part of a page's rendering; ``tests/unit/test_markup.py``
    checks that both ways give the same bytes."""
    if _NOT_PROSE.search(text):
        return None
    paragraphs = _PARAGRAPHS.split(text.strip("\n"))
    return "\n".join("<p>" + p.replace("\n", "<br />\n") + "</p>" for p in paragraphs if p)


@lru_cache(maxsize=65536)
def render(text: str) -> str:
    """Markdown ``text`` as sanitized HTML."""
    html = _prose(text)
    if html is None:
        _markdown.reset()
        html = _markdown.convert(text)
    return sanitize(html)


def render_markdown(text: str) -> str:
    """Markdown ``text`` as sanitized HTML, always through Python-Markdown (tests compare)."""
    _markdown.reset()
    return sanitize(_markdown.convert(text))


def plain(text: str) -> str:
    """One-line text for HTML, escaped (plain-text fields never carry markup)."""
    return escape(text, quote=True)


# Attributes must start after a blank, so name and attributes never compete for the same
# characters (an unclosed "<aaaa…" of 100,000 letters is scanned in linear time).
_RAW_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)((?:[\s/][^<>]*)?)>")
_ATTRIBUTE = re.compile(
    r"([A-Za-z_:][-A-Za-z0-9_:.]*)\s*(?:=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?"
)
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)|<([A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\ufffe\uffff]")


def _scheme(url: str) -> str | None:
    """The scheme of ``url`` as a browser reads it (ignoring case, blanks and entities)."""
    cleaned = re.sub(r"[\s\x00-\x1f]|&#?\w+;?", "", unescape(url)).lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", cleaned)
    return match[1] if match else None


def findings(text: str) -> list[tuple[int, str]]:
    """What in Markdown ``text`` the sanitizer will remove, as (offset, Chinese description).

    Publishing never depends on this list (``render`` sanitizes regardless);
    it exists so staff learn which line carried it.
    """
    found: list[tuple[int, str]] = []
    for match in _CONTROL.finditer(text):
        found.append((match.start(), f"含有控制字符 U+{ord(match.group()):04X}"))
    for match in _RAW_TAG.finditer(text):
        if match.group().startswith("</") or match[2].startswith(":"):
            continue
        tag = match[1].lower()
        if tag not in TAGS:
            found.append((match.start(), f"含有不允许的 HTML 标签 <{tag}>，发布时将被删除"))
            continue
        for attribute in _ATTRIBUTE.finditer(match[2]):
            name = attribute[1].lower()
            value = (attribute[2] or "").strip("\"'")
            if name not in ATTRIBUTES.get(tag, ()):
                found.append((match.start(), f"含有不允许的 HTML 属性 {name}，发布时将被删除"))
            elif name == "href" and _scheme(value) not in (None, *URL_SCHEMES):
                found.append(
                    (match.start(), f"链接使用了不允许的协议 {_scheme(value)}:，发布时将被删除")
                )
    for match in _LINK_TARGET.finditer(text):
        scheme = _scheme(match[1] or match[2])
        if scheme is not None and scheme not in URL_SCHEMES:
            found.append((match.start(), f"链接使用了不允许的协议 {scheme}:，发布时将被删除"))
    return sorted(found)
