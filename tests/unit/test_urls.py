"""Links between the site's pages: ``urls.relative`` writes what MkDocs' ``url`` filter
writes, for every plain path and page address, and declines anything else."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils import normalize_url
from openday.domain import urls

SEGMENT = st.sampled_from(["openday", "a", "bench-city", "2024-05-15-x", "page", "2", "assets",
                           "openday.css", "event.ics", "feedback", "search", "s", "00.json"])  # fmt: skip
PATH = st.lists(SEGMENT, min_size=1, max_size=5).flatmap(
    lambda parts: st.sampled_from(["/".join(parts), "/".join(parts) + "/"])
)
PAGE = st.lists(SEGMENT, max_size=5).map(lambda parts: "".join(p + "/" for p in parts))


class _Page:
    def __init__(self, url: str):
        self.url = url


@settings(max_examples=500, deadline=None)
@given(PATH, PAGE)
def test_the_same_link_as_mkdocs(path: str, page: str) -> None:
    assert urls.relative(path, page) == normalize_url(path, _Page(page))


@pytest.mark.parametrize(
    ("path", "page", "link"),
    [
        ("assets/openday.css", "openday/a/2024-05-15-x/", "../../../assets/openday.css"),
        ("openday/a/", "openday/a/2024-05-15-x/", "../"),
        ("openday/a/2024-05-15-x/", "openday/a/2024-05-15-x/", "./"),
        ("openday/a/2024-05-15-x/event.ics", "openday/a/2024-05-15-x/", "event.ics"),
        ("", "openday/", None),
        ("https://example.org/", "openday/", None),
        ("/assets/a.css", "openday/", None),
        ("openday/../x/", "openday/", None),
        ("openday/#top", "openday/", None),
        ("assets/a.css", "404.html", None),
    ],
)
def test_examples(path: str, page: str, link: str | None) -> None:
    assert urls.relative(path, page) == link
    if link is not None:
        assert normalize_url(path, _Page(page)) == link
