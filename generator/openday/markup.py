"""Markdown fields of a record, turned into safe HTML once per distinct text.

Records come from many hands and are published on a government site, so
the HTML that Markdown produces is passed through a maintained sanitizer
(``nh3``, the Rust ``ammonia`` library) with a small allow-list: no script,
no event handlers, no styles, no frames or forms, links only to http(s) and
mailto. Headings are moved down two levels so a record's ``#`` never competes
with the page's own ``<h1>`` and ``<h2>``.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

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


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    )


@lru_cache(maxsize=65536)
def render(text: str) -> str:
    """Markdown ``text`` as sanitized HTML."""
    _markdown.reset()
    return sanitize(_markdown.convert(text))


def plain(text: str) -> str:
    """One-line text for HTML, escaped (plain-text fields never carry markup)."""
    return escape(text, quote=True)
