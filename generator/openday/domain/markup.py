"""Markdown fields of a record, turned into safe HTML once per distinct text.

Records come from many hands and are published on a government site, so
the HTML that Markdown produces is passed through a maintained sanitizer
(``nh3``, the Rust ``ammonia`` library) with a small allow-list: no script,
no event handlers, no styles, no frames or forms, links only to http(s) and
mailto. Headings are moved down two levels so a record's ``#`` never competes
with the page's own ``<h1>`` and ``<h2>``.

Python-Markdown takes time quadratic in the number of ``[`` and ``<`` of a
paragraph, and recurses once per level of nesting; so a text that exceeds
:data:`MAX_CHARS`, :data:`MAX_OPENERS` or :data:`MAX_NESTING` never reaches it
(:func:`excess` says which bound, and the checker reports it as an error), and
every pattern here runs in time linear in the text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape, unescape
from html.parser import HTMLParser

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


#: Longest text of one Markdown field, in characters (about twenty printed pages).
MAX_CHARS = 20_000
#: Most link or tag openers (``[`` and ``<``) in one paragraph (text between blank lines).
MAX_OPENERS = 50
#: Deepest nesting of lists and quotes that one line may open.
MAX_NESTING = 10

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_OPENER = re.compile(r"[\[<]")
# The markers of lists and quotes at the start of a line; each is followed by what no
# other alternative starts with, so the match is linear.
_NESTING = re.compile(r"^[ \t]*(?:(?:[-*+][ \t]+|[0-9]{1,9}[.)][ \t]+|>[ \t]*))+", re.MULTILINE)

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


#: One item of a list of prose: a number and a full stop, or a hyphen, a space, the item.
_LIST_ITEM = re.compile(r"([0-9]{1,9}\.|-) (.+)")


def _prose_list(text: str) -> str | None:
    """The HTML Python-Markdown makes of ``text`` when ``text`` is one list and nothing
    else, an item a line, each item prose, numbered from 1 or each after a hyphen (most
    reminders and programmes are), else ``None``."""
    items = []
    ordered = None
    for line in text.strip("\n").split("\n"):
        found = _LIST_ITEM.fullmatch(line)
        if found is None or _NOT_PROSE.search(found[2]):
            return None
        numbered = found[1] != "-"
        if ordered is None:
            if numbered and found[1] != "1.":
                return None
            ordered = numbered
        elif numbered != ordered:
            return None
        items.append(f"<li>{found[2]}</li>\n")
    tag = "ol" if ordered else "ul"
    return f"<{tag}>\n{''.join(items)}</{tag}>"


def _is_rule(line: str) -> bool:
    """Whether ``line`` is a horizontal rule to Python-Markdown ("- - -", "***"), which no
    list marker in it nests: at most three blanks before, three or more of one of ``-*_``,
    at most two blanks between them."""
    body = line.lstrip(" ")
    if len(line) - len(body) > 3 or not body or body[0] not in "-*_":
        return False
    body = body.rstrip(" ")
    return set(body) <= {body[0], " "} and body.count(body[0]) >= 3 and "   " not in body


def excess(text: str) -> tuple[int, str, str] | None:
    """The first bound of Python-Markdown's input that ``text`` exceeds, as (offset, problem
    code, Chinese description), or ``None`` when it may be rendered."""
    if len(text) > MAX_CHARS:
        return 0, "E-LENGTH", f"过长（{len(text)} 字），不得超过 {MAX_CHARS} 字，请分段精简"
    start = 0
    for end in (*(m.start() for m in _PARAGRAPH_BREAK.finditer(text)), len(text)):
        openers = [m.start() for m in _OPENER.finditer(text, start, end)]
        if len(openers) > MAX_OPENERS:
            return (
                openers[MAX_OPENERS],
                "E-MARKUP",
                f"中一段文字的“[”和“<”过多（{len(openers)} 个），每段不得超过 {MAX_OPENERS} 个",
            )
        start = end
    for match in _NESTING.finditer(text):
        markers = len(re.findall(r"[-*+>]|[0-9]+[.)]", match.group()))
        end = text.find("\n", match.start())
        if markers > MAX_NESTING and not _is_rule(text[match.start() : None if end < 0 else end]):
            return (
                match.start(),
                "E-MARKUP",
                f"中的列表或引用嵌套过深（{markers} 层），不得超过 {MAX_NESTING} 层",
            )
    return None


@lru_cache(maxsize=65536)
def render(text: str) -> str:
    """Markdown ``text`` as sanitized HTML; text beyond the bounds of :func:`excess` is
    shown as plain paragraphs instead (the checker reports it as an error)."""
    if excess(text) is not None:
        paragraphs = (p.strip() for p in _PARAGRAPH_BREAK.split(text))
        return "".join(
            f"<p>{escape(p).replace(chr(10), '<br>' + chr(10))}</p>" for p in paragraphs if p
        )
    html = _prose(text) or _prose_list(text)
    if html is None:
        _markdown.reset()
        html = _markdown.convert(text)
    return sanitize(html)


def render_markdown(text: str) -> str:
    """Markdown ``text`` as sanitized HTML, always through Python-Markdown (tests compare)."""
    _markdown.reset()
    return sanitize(_markdown.convert(text))


class _PlainText(HTMLParser):
    """The text of sanitized HTML: blocks on lines of their own, list items marked, and a
    link's address after its words (a calendar shows text, not links)."""

    BLOCKS = frozenset({"p", "ul", "ol", "li", "blockquote", "table", "tr", "hr",
                        "h3", "h4", "h5", "h6"})  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str | None, int]] = []
        self.ordered: list[int | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "ol":
            self.ordered.append(0)
        elif tag == "ul":
            self.ordered.append(None)
        elif tag == "li":
            number = self.ordered[-1] if self.ordered else None
            if number is None:
                self.parts.append("· ")
            else:
                self.ordered[-1] = number + 1
                self.parts.append(f"{number + 1}. ")
        elif tag == "a":
            self.links.append((dict(attrs).get("href"), len(self.parts)))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ol", "ul") and self.ordered:
            self.ordered.pop()
        if tag == "a" and self.links:
            href, start = self.links.pop()
            if href and href.strip() != "".join(self.parts[start:]).strip():
                self.parts.append(f"（{href}）")
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        # A line break in HTML source is a blank; breaks come from <br> and blocks.
        self.parts.append(data.replace("\n", " "))


# Controls that Markdown and the sanitizer pass through (the checker reports them).
_UNSHOWN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]")


@lru_cache(maxsize=65536)
def plain_text(text: str) -> str:
    """Markdown ``text`` as the plain text of its sanitized HTML (for calendars and feeds):
    what a page shows of it, never raw markup, script or images."""
    parser = _PlainText()
    parser.feed(render(text))
    parser.close()
    shown = _UNSHOWN.sub("", "".join(parser.parts))
    lines = (" ".join(line.split()) for line in shown.split("\n"))
    return "\n".join(line for line in lines if line)


def plain(text: str) -> str:
    """One-line text for HTML, escaped (plain-text fields never carry markup)."""
    return escape(text, quote=True)


# Attributes must start after a blank, so name and attributes never compete for the same
# characters (an unclosed "<aaaa…" of 100,000 letters is scanned in linear time); likewise
# the blanks before the name are one run, not two that could share them.
_RAW_TAG = re.compile(r"<\s*(?:/\s*)?([A-Za-z][A-Za-z0-9-]*)((?:[\s/][^<>]*)?)>")
_ATTRIBUTE = re.compile(
    r"([A-Za-z_:][-A-Za-z0-9_:.]*)\s*(?:=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?"
)
# An autolink never holds "<", so a run of unclosed "<a:" is scanned once, not once per "<".
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)|<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>")
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
