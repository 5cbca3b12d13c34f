"""A static search index for Chinese text that loads in small pieces.

Chinese has no spaces, so the index keys are overlapping character pairs
(bigrams: 政府开放日 → 政府 府开 开放 放日) plus whole Latin words and numbers.
Keys are spread over :data:`SHARDS` files by a 32-bit FNV-1a hash of their
UTF-8 bytes; a query fetches only the shards of its own keys and the one
document chunk of each hit, so what a reader downloads stays small however
many events the site holds. ``theme/assets/openday-search.js`` computes the
same keys and hash.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator

from . import urls
from .catalog import Catalog
from .model import Event
from .outputs import Output, Site
from .pages import Crumb, PageView, home_crumbs

SHARDS = 1024
CHUNK = 25
ROOT = "search/"
SNIPPET = 60
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9]+")
_MARKUP = re.compile(r"[#*_`>\[\]()|-]+|https?://\S+")


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def terms(text: str) -> set[str]:
    """The index keys of ``text``: CJK bigrams (a lone character stands for itself) and words."""
    text = normalise(text)
    found: set[str] = set()
    for run in _CJK.findall(text):
        if len(run) == 1:
            found.add(run)
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    found.update(word for word in _WORD.findall(text) if len(word) > 1 or word.isdigit())
    return found


def shard(term: str) -> int:
    """32-bit FNV-1a of the key's UTF-8 bytes, modulo :data:`SHARDS`."""
    value = 0x811C9DC5
    for byte in term.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % SHARDS


def _plain(markdown: str) -> str:
    return " ".join(_MARKUP.sub(" ", markdown).split())


def _document(event: Event) -> tuple[dict, tuple[str, ...]]:
    """What a hit on ``event`` shows, and the keys it is found by.

    The keys are kept between builds for every notice; interned, the same bigram of
    thousands of notices is one string.
    """
    notice = event.notice
    content = _plain(notice.content)
    fields = {
        "u": urls.event(event),
        "t": notice.title + "：" + event.theme,
        "a": event.agency.short,
        "d": notice.published.isoformat(),
        "s": content[:SNIPPET],
    }
    text = " ".join(
        [event.theme, notice.title, event.agency.name, event.agency.short, *notice.venues,
         *notice.keywords, content[:400]]
    )  # fmt: skip
    return fields, tuple(map(sys.intern, terms(text)))


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _deltas(ids: Iterable[int]) -> list[int]:
    previous, out = 0, []
    for value in ids:
        out.append(value - previous)
        previous = value
    return out


class SearchIndex:
    """``search/meta.json``, ``search/s/<shard>.json`` and ``search/d/<chunk>.json``."""

    def render(self, catalog: Catalog, site: Site) -> Iterator[Output]:
        documents = []
        postings: dict[str, list[int]] = defaultdict(list)
        document = site.memo.per_event(_document)
        for number, event in enumerate(catalog.notices):
            fields, keys = document(event)
            documents.append(fields)
            for term in keys:
                postings[term].append(number)
        shards: list[dict[str, list[int]]] = [{} for _ in range(SHARDS)]
        for term in sorted(postings):
            shards[shard(term)][term] = _deltas(postings[term])
        yield Output(
            f"{ROOT}meta.json",
            _json({"version": 1, "shards": SHARDS, "chunk": CHUNK, "count": len(documents)}),
        )
        for number, content in enumerate(shards):
            if content:
                yield Output(f"{ROOT}s/{number:02x}.json", _json(content))
        for start in range(0, len(documents), CHUNK):
            yield Output(f"{ROOT}d/{start // CHUNK}.json", _json(documents[start : start + CHUNK]))


def search_view() -> PageView:
    """The search page (``search/``): a form that works as a plain GET, results by script."""
    return PageView(
        url=urls.SEARCH,
        title="站内搜索",
        template="openday/search.html",
        kind="search",
        crumbs=home_crumbs(Crumb("站内搜索")),
        section="站内搜索",
    )
