"""The menu and the crumbs of the page frame, as values the templates print."""

from __future__ import annotations

from types import SimpleNamespace

from markupsafe import Markup
from openday.adapters.steps import FrameValues
from openday.site.frame import MenuEntry, column_menu, engine_crumbs, engine_menu, missing_crumbs
from openday.site.pages import Crumb

ENTRIES = (
    MenuEntry("首页", ""),
    MenuEntry("政府开放日", "openday/"),
    MenuEntry("意见反馈", "openday/feedback/"),
    MenuEntry("帮助", "help/"),
)


def test_the_longest_address_that_starts_the_page_address_holds_a_column_page():
    menu = column_menu(ENTRIES, "openday/feedback/2024/")
    assert menu.here == "意见反馈"
    assert [item.attrs for item in menu.items] == ["", "", ' aria-current="true"', ""]
    assert [item.classes for item in menu.items] == [
        "od-menu__link",
        "od-menu__link",
        "od-menu__link od-menu__link--active",
        "od-menu__link",
    ]
    assert [item.deeper for item in menu.items] == [True, True, True, False]


def test_the_item_that_is_the_page_itself_is_its_current_page():
    menu = column_menu(ENTRIES, "openday/")
    assert menu.here == "政府开放日"
    assert [str(item.attrs) for item in menu.items] == ["", ' aria-current="page"', "", ""]
    assert isinstance(menu.items[1].attrs, Markup)


def test_a_shorter_address_after_a_longer_one_does_not_take_the_page():
    entries = (MenuEntry("政府开放日", "openday/"), MenuEntry("首页", ""))
    menu = column_menu(entries, "openday/notices/")
    assert menu.here == "政府开放日"
    assert [item.deeper for item in menu.items] == [True, False]
    assert [item.attrs for item in menu.items] == [' aria-current="true"', ""]


def test_the_engines_own_pages_are_held_by_the_items_it_marks_active():
    entries = (MenuEntry("首页", "", False), MenuEntry("帮助", "help/", True))
    menu = engine_menu(entries)
    assert menu.here == "帮助"
    assert [item.attrs for item in menu.items] == ["", ' aria-current="page"']
    assert not any(item.deeper for item in menu.items)
    assert engine_menu(ENTRIES).here == ""


def test_crumbs_of_an_engine_page_name_its_sections_outermost_first():
    assert engine_crumbs("", ["指南", "报名"], "如何报名") == (
        Crumb("首页", ""),
        Crumb("指南"),
        Crumb("报名"),
        Crumb("如何报名"),
    )
    assert missing_crumbs("") == (Crumb("首页", ""), Crumb("页面未找到"))


class _Nav(list):
    """A nav as MkDocs gives it: its top-level items, and its home page."""

    homepage: SimpleNamespace


def _nav() -> _Nav:
    """A home page, a section holding a page, a link to a Markdown file."""
    home = SimpleNamespace(title="首页", url="", is_link=False, active=False, is_homepage=True)
    page = SimpleNamespace(title="如何报名", url="guide/signup/", is_link=False, is_homepage=False)
    section = SimpleNamespace(title="指南", url=None, is_link=False, children=[page], active=True)
    link = SimpleNamespace(title="旧页", url="old.md", is_link=True, active=False)
    home.ancestors, page.ancestors = [], [section]
    nav = _Nav([home, section, link])
    nav.homepage = home
    return nav


def test_frame_values_come_from_the_engines_nav():
    nav = _nav()
    values = FrameValues(nav, {"site_name": "某区人民政府"})
    # A section leads to its first page; a link to a Markdown file is no menu item.
    assert values.entries == (MenuEntry("首页", ""), MenuEntry("指南", "guide/signup/"))
    page = nav[1].children[0]
    frame = values.engine(page)
    assert frame["od_menu"].here == "指南"
    assert frame["od_crumbs"] == (Crumb("首页", ""), Crumb("指南"), Crumb("如何报名"))
    assert frame["od_identity"] == {"site_name": "某区人民政府"}
    assert values.engine(nav.homepage)["od_crumbs"] == (Crumb("首页"),)
    assert values.engine(None)["od_crumbs"] == (Crumb("首页", ""), Crumb("页面未找到"))
    # Column pages at the same place share one menu.
    assert (
        values.column("guide/signup/a/")["od_menu"] is values.column("guide/signup/b/")["od_menu"]
    )
    assert values.column("guide/signup/")["od_menu"] != values.column("guide/signup/a/")["od_menu"]
