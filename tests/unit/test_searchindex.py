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
from openday.catalog import Catalog
from openday.check import check_project
from openday.memo import Memo
from openday.outputs import Output, Site
from openday.policy import resolve
from openday.searchindex import CHUNK, ROOT, SearchIndex, shard, terms

PROJECT = Path(__file__).resolve().parents[2]
ZONE = ZoneInfo("Asia/Shanghai")
TODAY = date(2022, 9, 23)


@pytest.fixture(scope="module")
def checked():
    result = check_project(PROJECT, resolve("yanjiang-2022"), ZONE, TODAY)
    assert result.ok
    return result


def _site(memo: Memo) -> Site:
    return Site(name="资阳市雁江区人民政府", url="", timezone=ZONE, today=TODAY, memo=memo)


def _built_anew(events, agencies) -> list[Output]:
    return list(SearchIndex().render(Catalog(events, agencies, TODAY), _site(Memo())))


def test_keys_are_character_pairs_lone_characters_and_latin_words() -> None:
    assert terms("政府开放日") == {"政府", "府开", "开放", "放日"}
    assert terms("走进 粮仓，一 Ab 2022 x") == {"走进", "粮仓", "一", "ab", "2022"}
    assert terms("ＡＢＣ１２") == {"abc12"}


def test_every_notice_is_found_by_each_of_its_keys(checked) -> None:
    files = {o.path: json.loads(o.content) for o in _built_anew(checked.events, checked.agencies)}
    catalog = Catalog(checked.events, checked.agencies, TODAY)
    assert files[f"{ROOT}meta.json"]["count"] == len(catalog.notices)
    for number, event in enumerate(catalog.notices):
        chunk = files[f"{ROOT}d/{number // CHUNK}.json"]
        assert chunk[number % CHUNK]["t"].endswith(event.theme)
        for key in terms(event.theme):
            deltas = files[f"{ROOT}s/{shard(key):02x}.json"][key]
            numbers = [sum(deltas[: i + 1]) for i in range(len(deltas))]
            assert number in numbers, (key, event.theme)


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
    from openday import searchindex

    built = []
    monkeypatch.setattr(SearchIndex, "REBUILD_SHARE", 0.5)
    monkeypatch.setattr(
        searchindex,
        "_fresh",
        lambda entries, real=searchindex._fresh: built.append(1) or real(entries),
    )
    memo, kept = Memo(), SearchIndex(keep=True)
    events = list(checked.events)
    states = [events]
    for _, edit in EDITS:
        states.append(edit(events))
    for state in states:
        updated = list(kept.render(Catalog(state, checked.agencies, TODAY, memo), _site(memo)))
        assert updated == _built_anew(state, checked.agencies)
        memo.sweep()
    # Each state's reference index is built anew; the kept one only at first and after a
    # notice went: every edit was an update.
    assert len(built) == 2 + len(states)


def test_without_keep_nothing_is_kept(checked) -> None:
    index = SearchIndex()
    list(index.render(Catalog(checked.events, checked.agencies, TODAY), _site(Memo())))
    assert index._last is None


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
    memo, kept = Memo(), SearchIndex(keep=True)
    kept.REBUILD_SHARE = share
    events = list(checked.events)
    for edits in [[], *builds]:
        for edit in edits:
            if edit is None:
                first = next(i for i, e in enumerate(events) if e.notice is not None)
                events = events[:first] + events[first + 1 :]
            else:
                events = _retitled(events, *edit)
        catalog = Catalog(events, checked.agencies, TODAY, memo)
        assert list(kept.render(catalog, _site(memo))) == _built_anew(events, checked.agencies)
        memo.sweep()
