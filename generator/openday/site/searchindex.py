"""A static search index for Chinese text that loads in small pieces.

Chinese has no spaces, so the index keys are overlapping character pairs
(bigrams: 政府开放日 → 政府 府开 开放 放日) plus whole Latin words and numbers,
and dates however people write them (9月16日, 2022年9月16日, 2022-09-16 all
give the keys ``2022-09-16`` and ``09-16``). Keys are spread over
:data:`SHARDS` files by a 32-bit FNV-1a hash of their UTF-8 bytes; a query
fetches only the shards of its own keys and the one document chunk of each
hit, so what a reader downloads stays small however many events the site
holds. ``theme/assets/openday-search.js`` computes the same keys and hash.

Every notice (with its report) and every page of answers is a document, found
by its whole text, its unit's names and abbreviations (``aliases`` in
``agencies.yml`` and those derived from the names) and the days it takes place.
A posting says in which part of the document the key stands (:data:`FIELDS`),
so a result can say why it matched.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from itertools import chain

from ..base.memo import per_event
from ..domain import urls
from ..domain.catalog import Catalog
from ..domain.model import Agency, Event
from ..domain.vocab import ANSWER_NAMES, FORMAT_NAMES, METHOD_NAMES, STAGE_NAMES
from .outputs import Output, Site
from .pages import Crumb, Layout, SearchPage, home_crumbs, report_title

SHARDS = 1024
CHUNK = 25
ROOT = "search/"
SNIPPET = 60
#: Parts of a document, in the order a match counts for most; a posting carries the number
#: of the first part holding its key (``openday-search.js`` names them in a result).
FIELDS = (
    "承办单位",
    "标题",
    "活动日期",
    "活动地点",
    "活动内容",
    "温馨提示",
    "活动报道",
    "意见建议",
)
FIELD_BITS = 3
#: The document number's bits of a posting.
_NUMBER = -1 << FIELD_BITS
#: Days of a long event that are keyed by date (a week covers every real open day).
DATED_DAYS = 7
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9]+")
_DIGIT = re.compile(r"[0-9]")
_MARKUP = re.compile(r"[#*_`>\[\]()|-]+|https?://\S+")
# Dates as citizens type them; the same patterns are in openday-search.js.
_FULL_DATE = re.compile(
    r"([0-9]{4})\s*(?:年|[-/.])\s*([0-9]{1,2})\s*(?:月|[-/.])\s*([0-9]{1,2})\s*[日号]?"
)
_MONTH_DAY = re.compile(r"([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号]")
_YEAR_MONTH = re.compile(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月")
#: What a unit's name may start with that citizens leave out (区住建局 → 住建局).
_LEVELS = ("省", "市", "县", "区", "旗", "镇", "乡")
#: Every key met so far, by itself (see :func:`_one_string_each`).
_SAME_KEYS: dict[str, str] = {}
#: What a date as written may begin or end with (see the patterns above).
_DATE_CHARS = frozenset("0123456789年月日号-/.")


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _dates(text: str, found: set[str]) -> str:
    """Add the date keys of ``text`` to ``found``; return ``text`` without those dates."""

    def full(match: re.Match) -> str:
        year, month, day = (int(part) for part in match.groups())
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return match.group(0)
        found.update((f"{year:04d}-{month:02d}-{day:02d}", f"{month:02d}-{day:02d}"))
        return " "

    def month_day(match: re.Match) -> str:
        month, day = (int(part) for part in match.groups())
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return match.group(0)
        found.add(f"{month:02d}-{day:02d}")
        return " "

    def year_month(match: re.Match) -> str:
        year, month = (int(part) for part in match.groups())
        if not 1 <= month <= 12:
            return match.group(0)
        found.add(f"{year:04d}-{month:02d}")
        return " "

    text = _FULL_DATE.sub(full, text)
    text = _MONTH_DAY.sub(month_day, text)
    return _YEAR_MONTH.sub(year_month, text)


def terms(text: str) -> set[str]:
    """The index keys of ``text``: dates, CJK bigrams (a lone character stands for itself)
    and words."""
    return _normal_terms(normalise(text))


def _normal_terms(text: str) -> set[str]:
    found: set[str] = set()
    if _DIGIT.search(text):
        text = _dates(text, found)
    for run in _CJK.findall(text):
        if len(run) == 1:
            found.add(run)
        else:
            found.update(map(str.__add__, run, run[1:]))
    found.update(word for word in _WORD.findall(text) if len(word) > 1 or word.isdigit())
    return found


def shard(term: str) -> int:
    """32-bit FNV-1a of the key's UTF-8 bytes, modulo :data:`SHARDS`."""
    value = 0x811C9DC5
    for byte in term.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % SHARDS


def decode(values: Iterable[int]) -> list[tuple[int, int]]:
    """A shard's posting list as (document number, field number) pairs."""
    number, found = 0, []
    for value in values:
        number += value >> FIELD_BITS
        found.append((number, value & ((1 << FIELD_BITS) - 1)))
    return found


@functools.lru_cache(maxsize=1 << 10)  # a unit's names, for each of its documents
def unit_names(agency: Agency) -> tuple[str, ...]:
    """What citizens call a unit: its names, its ``aliases``, and both names without the
    jurisdiction in front (资阳市雁江区发展和改革局 → 发展和改革局, 区住建局 → 住建局) and
    “X和Y局” shortened to its initials (发展和改革局 → 发改局, 教育和体育局 → 教体局)."""
    names = [agency.name, agency.short, *agency.aliases]
    prefixes = sorted(
        {part for part in agency.region} | {part[:-1] for part in agency.region if len(part) > 2},
        key=len,
        reverse=True,
    )
    for name in (agency.name, agency.short):
        bare = name
        changed = True
        while changed:
            changed = False
            for prefix in prefixes:
                if bare.startswith(prefix) and len(bare) > len(prefix) + 1:
                    bare, changed = bare[len(prefix) :], True
            if bare[:1] in _LEVELS and len(bare) > 2:
                bare, changed = bare[1:], True
        names.append(bare)
        paired = re.fullmatch(
            r"([\u4e00-\u9fff]{2})和([\u4e00-\u9fff]{2})([\u4e00-\u9fff]{1,2})", bare
        )
        if paired:
            names.append(paired[1][0] + paired[2][0] + paired[3])
    return tuple(dict.fromkeys(names))


def _plain(markdown: str) -> str:
    return " ".join(_MARKUP.sub(" ", markdown).split())


@functools.lru_cache(maxsize=1 << 13)
def _text_terms(text: str) -> tuple[frozenset[str], str, str]:
    """The keys of one text, and the first and last characters of its normal form that are not blank.

    Remembered by text: most texts recur from document to document (a unit's names, the
    kinds of registration, reminders, the opinions and answers of a shared reply).
    """
    normal = normalise(text)
    return _one_string_each(_normal_terms(normal)), *_ends(normal)


def _ends(text: str) -> tuple[str, str]:
    bare = text.strip()
    return bare[:1], bare[-1:]


def _one_string_each(keys: set[str]) -> frozenset[str]:
    """``keys`` as the strings of the same keys met before (as :func:`sys.intern` does,
    but cheaper): the same bigram of thousands of documents is kept once."""
    return frozenset(map(_SAME_KEYS.setdefault, keys, keys))


def _field_terms(texts: Iterable[str]) -> set[str]:
    """The keys of ``texts`` read as one text of lines (a line break ends a run of
    characters as a blank does), from the keys of each text."""
    texts = list(texts)
    found: set[str] = set()
    last = ""
    for text in texts:
        keys, first, final = _text_terms(text)
        if first in _DATE_CHARS and last in _DATE_CHARS:
            # A date may run across the line break (“2022年” then “9月16日”).
            return set(_one_string_each(terms("\n".join(texts))))
        found.update(keys)
        last = final or last
    return found


def _keys(parts: Iterable[Iterable[str]]) -> tuple[tuple[str, ...], ...]:
    """Per field of :data:`FIELDS`, the keys first found there."""
    seen: set[str] = set()
    found = []
    for texts in parts:
        keys = _field_terms(texts) - seen
        seen |= keys
        found.append(tuple(keys))
    return tuple(found)


def _event_days(event: Event) -> list[str]:
    first, last = event.first_day, event.last_day
    days = [first + timedelta(days=n) for n in range(min((last - first).days + 1, DATED_DAYS))]
    return [f"{day:%Y-%m-%d} {day.year}年{day.month}月" for day in days]


@per_event
def _document(event: Event) -> tuple[dict, tuple[tuple[str, ...], ...]]:
    """What a hit on a notice shows, and the keys it is found by, per field.

    The keys are kept between builds for every notice.
    """
    notice = event.notice
    if notice is None:
        return _report_document(event)
    content = _plain(notice.content or "")
    report = event.report
    fields = {
        "u": urls.event(event),
        "t": notice.title + "：" + event.theme,
        "a": event.agency.short,
        "d": notice.published.isoformat(),
        "s": content[:SNIPPET],
    }
    registration = notice.registration
    parts = (
        unit_names(event.agency),
        [event.theme, notice.title, *notice.keywords],
        _event_days(event),
        notice.venues,
        [content, *(FORMAT_NAMES[f] for f in notice.formats),
         *(METHOD_NAMES[m] for m in registration.methods), registration.note or ""],
        [_plain(notice.reminders or "")],
        [_plain(report.summary), *(image.alt for image in report.images)] if report else [],
        [],
    )  # fmt: skip
    return fields, _keys(parts)


@per_event
def _answers_document(event: Event) -> tuple[dict, tuple[tuple[str, ...], ...]]:
    """What a hit on an event's published answers shows, and the keys it is found by."""
    feedback = event.feedback
    items = feedback.items
    title = f"{event.agency.name}“政府开放日”意见建议采纳情况反馈"
    fields = {
        "u": urls.feedback(event),
        "t": title + "：" + event.theme,
        "a": event.agency.short,
        "d": feedback.published.isoformat(),
        "s": _plain(items[0].opinion)[:SNIPPET] if items else "",
        "k": STAGE_NAMES["feedback"],
    }
    answers = [
        text
        for item in items
        for text in (item.topic, *(_plain(opinion) for opinion in item.opinions),
                     _plain(item.response or ""), item.department or "",
                     ANSWER_NAMES.get(item.status, ""))
    ]  # fmt: skip
    parts = (unit_names(event.agency), [event.theme, title], _event_days(event), [], [], [], [],
             answers)  # fmt: skip
    return fields, _keys(parts)


def _report_document(event: Event) -> tuple[dict, tuple[tuple[str, ...], ...]]:
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
    parts = (unit_names(event.agency), [event.theme, title], _event_days(event), [], [], [],
             [summary, *(image.alt for image in report.images)], [])  # fmt: skip
    return fields, _keys(parts)


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass
class _Index:
    """An index as rendered: per document number its entry, the postings, the files.

    A posting is ``number << FIELD_BITS | field``, so a term's postings sort by document.
    """

    entries: list[tuple[dict, tuple[tuple[str, ...], ...]]]
    postings: dict[str, list[int]]
    terms_by_shard: list[set[str]]
    files: dict[str, Output]


def _postings(number: int, keys: tuple[tuple[str, ...], ...]) -> Iterator[tuple[str, int]]:
    for field, terms_of_field in enumerate(keys):
        for term in terms_of_field:
            yield term, number << FIELD_BITS | field


class SearchIndex:
    """``search/meta.json``, ``search/s/<shard>.json`` and ``search/d/<chunk>.json``.

    Given ``last``, the :attr:`index` that an earlier build of the same site made (under
    ``mkdocs serve`` the adapter keeps it from one build for the next), that index is
    updated instead: when the same number of documents stand in the same places and
    only a few of them changed, only the shards holding their keys and the chunks
    holding their summaries are written anew. The files are the same as a fresh index's.
    """

    #: Above this share of changed documents the whole index is built again.
    REBUILD_SHARE = 0.05

    def __init__(self, last: _Index | None = None):
        self.last = last
        #: The index as rendered, once :meth:`render` has run.
        self.index: _Index | None = None

    def render(self, catalog: Catalog, site: Site) -> Iterator[Output]:
        dated = [(event.notice.published, _document(event)) for event in catalog.notices]
        dated += [(event.report.published, _document(event)) for event in catalog.reported_only]
        dated += [
            (event.feedback.published, _answers_document(event)) for event in catalog.feedback
        ]
        # Newest first, as the column lists them; a notice before its own answers on one day.
        entries = [entry for _, entry in sorted(dated, key=lambda pair: pair[0], reverse=True)]
        last = self.last
        changed = _changed(last.entries, entries) if last is not None else None
        if changed is None or len(changed) > self.REBUILD_SHARE * len(entries):
            index = _fresh(entries)
        else:
            index = _update(last, entries, changed)
        self.index = index
        yield from index.files.values()


def _changed(before: list, now: list) -> list[int] | None:
    """Numbers of the documents that differ, or None when documents came or went."""
    if len(before) != len(now):
        return None
    return [
        number for number, (old, new) in enumerate(zip(before, now, strict=True)) if old is not new
    ]


def _encoded(postings: list[int]) -> list[int]:
    """Postings as written: the document number as the difference to the previous one."""
    # A posting less the previous one's number (its field bits cleared) is exactly that.
    previous = chain((0,), map(_NUMBER.__and__, postings))
    return [posting - before for before, posting in zip(previous, postings, strict=False)]


def _shard_file(index: _Index, number: int) -> Output:
    terms = sorted(index.terms_by_shard[number])
    content = {term: _encoded(index.postings[term]) for term in terms}
    return Output(f"{ROOT}s/{number:02x}.json", _json(content))


def _chunk_file(entries: list, start: int) -> Output:
    fields = [entry[0] for entry in entries[start : start + CHUNK]]
    return Output(f"{ROOT}d/{start // CHUNK}.json", _json(fields))


def _fresh(entries: list[tuple[dict, tuple[tuple[str, ...], ...]]]) -> _Index:
    postings: dict[str, list[int]] = defaultdict(list)
    for number, (_, keys) in enumerate(entries):
        base = number << FIELD_BITS
        for field, group in enumerate(keys):
            for term in group:
                postings[term].append(base | field)
    terms_by_shard: list[set[str]] = [set() for _ in range(SHARDS)]
    for term in postings:
        terms_by_shard[shard(term)].add(term)
    index = _Index(entries, dict(postings), terms_by_shard, {})
    meta = {"version": 2, "shards": SHARDS, "chunk": CHUNK, "count": len(entries),
            "fields": FIELDS, "bits": FIELD_BITS}  # fmt: skip
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
    """``last`` with the documents numbered ``changed`` replaced by those of ``entries``.

    Only the postings that differ are touched (an edit of one field of a notice changes a
    few of its thousand keys), so only the shards holding those keys are written anew.
    """
    postings, terms_by_shard = last.postings, last.terms_by_shard
    gone: set[tuple[str, int]] = set()
    came: set[tuple[str, int]] = set()
    for number in changed:
        before = set(_postings(number, last.entries[number][1]))
        after = set(_postings(number, entries[number][1]))
        gone |= before - after
        came |= after - before
    affected = {term for term, _ in gone} | {term for term, _ in came}
    for term, posting in sorted(gone):
        found = postings[term]
        del found[bisect_left(found, posting)]
    for term, posting in sorted(came):
        insort(postings.setdefault(term, []), posting)
    for term in affected:
        if postings.get(term):
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


def _all_terms(keys: tuple[tuple[str, ...], ...]) -> Iterator[str]:
    for terms_of_field in keys:
        yield from terms_of_field


def _file_order(path: str) -> tuple:
    """meta.json, the shards by number, the chunks by number: a fresh index's order."""
    name = path.removeprefix(ROOT)
    if name.startswith("s/"):
        return (1, int(name[2:-5], 16))
    if name.startswith("d/"):
        return (2, int(name[2:-5]))
    return (0, 0)


def search_view(layout: Layout) -> SearchPage:
    """The search page (``search/``): a form that works as a plain GET, results by script."""
    newest = next(iter(layout.catalog.schedule), None)
    return SearchPage(
        url=urls.SEARCH,
        title="站内搜索",
        template="openday/search.html",
        crumbs=home_crumbs(Crumb("站内搜索")),
        section="站内搜索",
        place=urls.SEARCH,
        column=urls.column(),
        schedule=urls.schedule(newest) if newest is not None else "",
    )
