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
from dataclasses import dataclass

from . import urls
from .catalog import Catalog
from .model import Event
from .outputs import Output, Site
from .pages import Crumb, PageView, home_crumbs, report_title

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
    if notice is None:
        return _report_document(event)
    content = _plain(notice.content or "")
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


def _report_document(event: Event) -> tuple[dict, tuple[str, ...]]:
    """A report published here without its notice: found by its title, theme and words."""
    report = event.report
    title = report_title(event)
    summary = _plain(report.summary)
    fields = {
        "u": urls.event(event),
        "t": title + "：" + event.theme,
        "a": event.agency.short,
        "d": report.published.isoformat(),
        "s": summary[:SNIPPET],
    }
    text = " ".join([event.theme, title, event.agency.name, event.agency.short, summary[:400]])
    return fields, tuple(map(sys.intern, terms(text)))


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _deltas(ids: Iterable[int]) -> list[int]:
    previous, out = 0, []
    for value in ids:
        out.append(value - previous)
        previous = value
    return out


@dataclass
class _Index:
    """An index as rendered: per document number its entry, the postings, the files."""

    entries: list[tuple[dict, tuple[str, ...]]]
    postings: dict[str, list[int]]
    terms_by_shard: list[set[str]]
    files: dict[str, Output]


class SearchIndex:
    """``search/meta.json``, ``search/s/<shard>.json`` and ``search/d/<chunk>.json``.

    With ``keep`` (``mkdocs serve``), the index of the previous build is kept: when
    the same number of notices stand in the same places and only a few of them
    changed, only the shards holding their keys and the chunks holding their
    summaries are written anew. The files are the same as a fresh index's.
    """

    #: Above this share of changed notices the whole index is built again.
    REBUILD_SHARE = 0.05

    def __init__(self, *, keep: bool = False):
        self.keep = keep
        self._last: _Index | None = None

    def render(self, catalog: Catalog, site: Site) -> Iterator[Output]:
        document = site.memo.per_event(_document)
        entries = [document(event) for event in (*catalog.notices, *catalog.reported_only)]
        last, self._last = self._last, None
        changed = _changed(last.entries, entries) if last is not None else None
        if changed is None or len(changed) > self.REBUILD_SHARE * len(entries):
            index = _fresh(entries)
        else:
            index = _update(last, entries, changed)
        if self.keep:
            self._last = index
        yield from index.files.values()


def _changed(before: list, now: list) -> list[int] | None:
    """Numbers of the documents that differ, or None when documents came or went."""
    if len(before) != len(now):
        return None
    return [
        number for number, (old, new) in enumerate(zip(before, now, strict=True)) if old is not new
    ]


def _shard_file(index: _Index, number: int) -> Output:
    terms = sorted(index.terms_by_shard[number])
    content = {term: _deltas(index.postings[term]) for term in terms}
    return Output(f"{ROOT}s/{number:02x}.json", _json(content))


def _chunk_file(entries: list, start: int) -> Output:
    fields = [entry[0] for entry in entries[start : start + CHUNK]]
    return Output(f"{ROOT}d/{start // CHUNK}.json", _json(fields))


def _fresh(entries: list[tuple[dict, tuple[str, ...]]]) -> _Index:
    postings: dict[str, list[int]] = defaultdict(list)
    for number, (_, keys) in enumerate(entries):
        for term in keys:
            postings[term].append(number)
    terms_by_shard: list[set[str]] = [set() for _ in range(SHARDS)]
    for term in postings:
        terms_by_shard[shard(term)].add(term)
    index = _Index(entries, dict(postings), terms_by_shard, {})
    meta = {"version": 1, "shards": SHARDS, "chunk": CHUNK, "count": len(entries)}
    index.files[f"{ROOT}meta.json"] = Output(f"{ROOT}meta.json", _json(meta))
    for number, terms in enumerate(terms_by_shard):
        if terms:
            found = _shard_file(index, number)
            index.files[found.path] = found
    for start in range(0, len(entries), CHUNK):
        found = _chunk_file(entries, start)
        index.files[found.path] = found
    return index


def _update(last: _Index, entries: list, changed: list[int]) -> _Index:
    """``last`` with the documents numbered ``changed`` replaced by those of ``entries``."""
    postings, terms_by_shard = last.postings, last.terms_by_shard
    renumbered = set(changed)
    new_keys = {number: set(entries[number][1]) for number in changed}
    affected = set().union(*(last.entries[n][1] for n in changed), *new_keys.values())
    for term in affected:
        numbers = [n for n in postings.get(term, ()) if n not in renumbered]
        numbers += [n for n in changed if term in new_keys[n]]
        if numbers:
            postings[term] = sorted(numbers)
            terms_by_shard[shard(term)].add(term)
        else:
            postings.pop(term, None)
            terms_by_shard[shard(term)].discard(term)
    files = dict(last.files)
    index = _Index(entries, postings, terms_by_shard, files)
    for number in sorted({shard(term) for term in affected}):
        path = f"{ROOT}s/{number:02x}.json"
        if terms_by_shard[number]:
            files[path] = _shard_file(index, number)
        else:
            files.pop(path, None)
    for start in sorted({number // CHUNK * CHUNK for number in changed}):
        found = _chunk_file(entries, start)
        files[found.path] = found
    # A shard that came into being goes where a fresh index would put it.
    index.files = {path: files[path] for path in sorted(files, key=_file_order)}
    return index


def _file_order(path: str) -> tuple:
    """meta.json, the shards by number, the chunks by number: a fresh index's order."""
    name = path.removeprefix(ROOT)
    if name.startswith("s/"):
        return (1, int(name[2:-5], 16))
    if name.startswith("d/"):
        return (2, int(name[2:-5]))
    return (0, 0)


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
