"""Plugin wiring that needs no build: nav pruning, which templates escape, the collector."""

from __future__ import annotations

import gc
import weakref

from openday.adapters import steps
from openday.adapters.steps import Collector, escapes, prune_nav


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


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_collector_leaves_what_a_build_settled_alone_until_the_build_ends():
    before = gc.get_threshold()
    collector = Collector()
    collector.start()
    try:
        assert gc.get_threshold()[0] >= steps.GC_THRESHOLD[0]
        cycle = _Cycle()
        alive = weakref.ref(cycle)
        collector.settle()
        del cycle
        gc.collect()
        assert alive() is not None, "a settled object was collected during the build"
    finally:
        collector.stop()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before
    gc.collect()
    assert alive() is None, "the cycle outlived the build"


def test_the_collectors_walks_at_exit_are_skipped_once_per_process(monkeypatch):
    registered = []
    monkeypatch.setattr(steps, "_exit_frozen", False)
    monkeypatch.setattr(steps.atexit, "register", registered.append)
    for _ in range(3):
        collector = Collector()
        collector.start()
        collector.stop()
    assert registered == [gc.freeze]
