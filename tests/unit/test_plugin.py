"""Plugin wiring that needs no build: nav pruning and which templates escape."""

from __future__ import annotations

from openday.adapters.steps import escapes, prune_nav


def test_nav_links_to_column_pages_this_build_lacks_are_dropped():
    nav = [
        {"首页": "index.md"},
        {"政府开放日": "openday/index.md"},
        {"意见反馈": "openday/feedback/index.md"},
        {"帮助": [{"帮助": "help.md"}, {"统计": "openday/stats/2022/index.md"}]},
        {"外部": "https://example.gov.cn/"},
    ]
    present = {"index.md", "openday/index.md", "help.md"}
    assert prune_nav(nav, present) == [
        {"首页": "index.md"},
        {"政府开放日": "openday/index.md"},
        {"帮助": [{"帮助": "help.md"}]},
        {"外部": "https://example.gov.cn/"},
    ]


def test_a_section_left_empty_is_dropped_with_its_links():
    nav = [{"栏目": [{"意见反馈": "openday/feedback/index.md"}]}, "index.md"]
    assert prune_nav(nav, {"index.md"}) == ["index.md"]


def test_only_the_columns_templates_and_partials_autoescape():
    assert escapes("openday/notice.html")
    assert escapes("partials/openday-sidebar.html")
    assert not escapes("base.html")
    assert not escapes("partials/header.html")
    assert not escapes(None)
