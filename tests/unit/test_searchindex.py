"""The static search index: its keys, and a kept index that equals a fresh one.

Under ``mkdocs serve`` the index of the previous build is updated where notices
changed; the files must be exactly those of an index built from nothing.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openday.base.memo import Memo
from openday.checking.check import check_project
from openday.domain.catalog import Catalog
from openday.domain.model import Agency
from openday.domain.policy import resolve
from openday.site.outputs import Output, Site
from openday.site.searchindex import (
    CHUNK,
    FIELDS,
    ROOT,
    SearchIndex,
    _field_terms,
    _text_terms,
    decode,
    shard,
    terms,
    unit_names,
)

PROJECT = Path(__file__).resolve().parents[2]
ZONE = ZoneInfo("Asia/Shanghai")
TODAY = date(2022, 9, 23)


@pytest.fixture(scope="module")
def checked():
    result = check_project(PROJECT, resolve("yanjiang-2022"), ZONE, TODAY)
    assert result.ok
    return result


SITE = Site(name="资阳市雁江区人民政府", url="", timezone=ZONE, today=TODAY)


def _built_anew(events, agencies) -> list[Output]:
    return list(SearchIndex().render(Catalog(events, agencies, TODAY), SITE))


def _updated(memo: Memo, search: SearchIndex, events, agencies) -> list[Output]:
    """One build as under ``mkdocs serve``: ``search`` updates the last build's index."""
    memo.begin()
    try:
        return list(search.render(Catalog(events, agencies, TODAY), SITE))
    finally:
        memo.sweep()


@pytest.mark.parametrize(
    "texts",
    [
        ["政府开放日", "走进 粮仓", "政府开放日"],
        ["活动于2022年", "9月16日举行"],
        ["活动于2022年 ", "  ", "", "9月16日举行"],
        ["报名截至9月", "16日"],
        ["9月16日", "上午", "2022"],
        ["ab", "cd 1", "2 号楼"],
        ["ＡＢ", "Ｃ１２"],
    ],
)
def test_the_keys_of_a_field_are_those_of_its_texts_read_as_lines(texts: list[str]) -> None:
    _text_terms.cache_clear()
    for _ in range(2):  # once as read, once as remembered
        assert _field_terms(texts) == terms("\n".join(texts))


def test_keys_are_character_pairs_lone_characters_and_latin_words() -> None:
    assert terms("政府开放日") == {"政府", "府开", "开放", "放日"}
    assert terms("走进 粮仓，一 Ab 2022 x") == {"走进", "粮仓", "一", "ab", "2022"}
    assert terms("ＡＢＣ１２") == {"abc12"}


def test_dates_are_keyed_however_they_are_written() -> None:
    for written in (
        "2022年9月16日",
        "2022-09-16",
        "2022/9/16",
        "2022.09.16",
        "２０２２年９月１６日",
    ):
        assert terms(written) == {"2022-09-16", "09-16"}, written
    assert terms("9月16日") == terms("9 月 16 号") == {"09-16"}
    assert terms("2022年9月") == {"2022-09"}
    assert terms("9月16日上午") == {"09-16", "上午"}
    # Not a date: the digits stay words, the characters stay characters.
    assert terms("13月40日") == {"13", "月", "40", "日"}


def test_units_are_found_by_their_aliases_and_by_names_without_the_jurisdiction() -> None:
    region = ("四川省", "资阳市", "雁江区")
    fgj = Agency("yj-fgj", "资阳市雁江区发展和改革局", "区发展和改革局", "department", region,
                 "yjqfgj", aliases=("发改委",))  # fmt: skip
    names = unit_names(fgj)
    assert {
        "资阳市雁江区发展和改革局",
        "区发展和改革局",
        "发展和改革局",
        "发改局",
        "发改委",
    } <= set(names)
    zhujian = Agency("yj-zhujian", "资阳市雁江区住房和城乡建设局", "区住建局", "department",
                     region, "yjzjj")  # fmt: skip
    assert "住建局" in unit_names(zhujian)
    town = Agency("yj-shiling", "资阳市雁江区石岭镇人民政府", "石岭镇", "town", region, "sl")
    assert "石岭镇人民政府" in unit_names(town) and "石岭镇" in unit_names(town)


def _found(files: dict, query: str) -> dict[int, set[str]]:
    """What openday-search.js finds for ``query``: document number → the fields that matched."""
    lists = []
    for key in terms(query):
        found = files.get(f"{ROOT}s/{shard(key):02x}.json", {}).get(key, [])
        lists.append(dict(decode(found)))
    hits = set(lists[0]).intersection(*lists[1:])
    return {n: {FIELDS[found[n]] for found in lists} for n in hits}


def _document(files: dict, number: int) -> dict:
    return files[f"{ROOT}d/{number // CHUNK}.json"][number % CHUNK]


def test_every_notice_and_every_answers_page_is_a_document_newest_first(checked) -> None:
    files = {o.path: json.loads(o.content) for o in _built_anew(checked.events, checked.agencies)}
    catalog = Catalog(checked.events, checked.agencies, TODAY)
    count = files[f"{ROOT}meta.json"]["count"]
    assert count == len(catalog.notices) + len(catalog.feedback)
    documents = [_document(files, n) for n in range(count)]
    assert [d["d"] for d in documents] == sorted((d["d"] for d in documents), reverse=True)
    urls = {d["u"] for d in documents}
    for event in catalog.notices:
        assert f"openday/{event.id}/" in urls
    for event in catalog.feedback:
        assert f"openday/{event.id}/feedback/" in urls
    assert {d.get("k") for d in documents} == {None, "意见反馈"}


def test_every_document_is_found_by_each_key_of_its_theme(checked) -> None:
    files = {o.path: json.loads(o.content) for o in _built_anew(checked.events, checked.agencies)}
    catalog = Catalog(checked.events, checked.agencies, TODAY)
    numbers = {_document(files, n)["u"]: n for n in range(files[f"{ROOT}meta.json"]["count"])}
    for event in catalog.notices:
        assert numbers[f"openday/{event.id}/"] in _found(files, event.theme), event.theme


def test_what_citizens_type_finds_the_notice_and_says_why(checked) -> None:
    files = {o.path: json.loads(o.content) for o in _built_anew(checked.events, checked.agencies)}
    numbers = {_document(files, n)["u"]: n for n in range(files[f"{ROOT}meta.json"]["count"])}
    liangcang = numbers["openday/yj-fgj/2022-09-16-liangcang/"]
    for query, field in (
        ("发改局", "承办单位"),
        ("发改委", "承办单位"),  # only in agencies.yml's aliases
        ("发展和改革局", "承办单位"),
        ("9月16日", "活动日期"),
        ("2022-09-16", "活动日期"),
        ("2022年9月16日", "活动日期"),
        ("粮仓", "标题"),
    ):
        found = _found(files, query)
        assert liangcang in found and field in found[liangcang], query
    assert any(_document(files, n)["a"] == "区住建局" for n in _found(files, "住建局"))


def test_words_of_the_reminders_the_report_and_the_answers_are_found(checked) -> None:
    files = {o.path: json.loads(o.content) for o in _built_anew(checked.events, checked.agencies)}
    catalog = Catalog(checked.events, checked.agencies, TODAY)
    with_reminders = next(e for e in catalog.notices if "核酸" in e.notice.reminders)
    found = _found(files, "核酸")
    assert any(_document(files, n)["u"] == f"openday/{with_reminders.id}/" for n in found)
    assert "温馨提示" in set().union(*found.values())
    answered = catalog.feedback[0]
    response = answered.feedback.items[0].response or answered.feedback.items[0].opinion
    # A pair of characters of the answer that the page's title lacks: the title's words
    # are found as 标题, the field a hit names first.
    feedback_page = f"openday/{answered.id}/feedback/"
    documents = (d for path, chunk in files.items() if path.startswith(f"{ROOT}d/") for d in chunk)
    title = next(d["t"] for d in documents if d["u"] == feedback_page)
    words = min(run for run in terms(response) - terms(title) if len(run) == 2 and "-" not in run)
    hits = _found(files, words)
    page = next(n for n in hits if _document(files, n)["u"] == feedback_page)
    assert "意见建议" in hits[page] and _document(files, page)["k"] == "意见反馈"


def _retitled(events, index: int, theme: str):
    changed = list(events)
    notices = [i for i, e in enumerate(changed) if e.notice is not None]
    position = notices[index % len(notices)]
    changed[position] = dataclasses.replace(changed[position], theme=theme)
    return changed


EDITS = [
    ("one theme", lambda events: _retitled(events, 3, "守护沱江碧水 qingshui 2022")),
    ("two themes", lambda events: _retitled(_retitled(events, 1, "新主题甲"), 7, "新主题乙")),
    ("a theme back", lambda events: events),
    ("a notice gone", lambda events: [e for e in events if e.notice is None] + [
        e for e in events if e.notice is not None][1:]),
]  # fmt: skip


def test_a_kept_index_is_updated_to_exactly_the_fresh_index(
    checked, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openday.site import searchindex

    built = []
    monkeypatch.setattr(SearchIndex, "REBUILD_SHARE", 0.5)
    monkeypatch.setattr(
        searchindex,
        "_fresh",
        lambda entries, real=searchindex._fresh: built.append(1) or real(entries),
    )
    memo, last = Memo(), None
    events = list(checked.events)
    states = [events]
    for _, edit in EDITS:
        states.append(edit(events))
    for state in states:
        search = SearchIndex(last)
        assert _updated(memo, search, state, checked.agencies) == _built_anew(
            state, checked.agencies
        )
        last = search.index
    # Each state's reference index is built anew; the kept one only at first and after a
    # notice went: every edit was an update.
    assert len(built) == 2 + len(states)


def test_a_renderer_holds_no_index_but_the_one_it_was_given_and_the_one_it_made(checked) -> None:
    first = SearchIndex()
    files = list(first.render(Catalog(checked.events, checked.agencies, TODAY), SITE))
    assert first.last is None and first.index is not None
    assert list(first.index.files.values()) == files
    second = SearchIndex(first.index)
    list(second.render(Catalog(checked.events, checked.agencies, TODAY), SITE))
    assert second.last is first.index and second.index is not first.index


#: Edits of one build: (which notice, its new theme), or None to drop the first notice.
_edits = st.lists(
    st.one_of(
        st.tuples(st.integers(min_value=0, max_value=60), st.text(max_size=12)),
        st.none(),
    ),
    max_size=4,
)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(builds=st.lists(_edits, min_size=1, max_size=4), share=st.sampled_from([0.05, 1.0]))
def test_any_series_of_edits_keeps_the_index_equal_to_a_fresh_one(checked, builds, share) -> None:
    memo, last = Memo(), None
    events = list(checked.events)
    for edits in [[], *builds]:
        for edit in edits:
            if edit is None:
                first = next(i for i, e in enumerate(events) if e.notice is not None)
                events = events[:first] + events[first + 1 :]
            else:
                events = _retitled(events, *edit)
        search = SearchIndex(last)
        search.REBUILD_SHARE = share
        assert _updated(memo, search, events, checked.agencies) == _built_anew(
            events, checked.agencies
        )
        last = search.index
