"""What the frame around every page prints: the main menu, and the trail of the
engine's own pages.

The column's pages carry their crumbs in their views (:attr:`~.pages.View.crumbs`);
the pages the engine makes from ``docs_dir`` and its ``404.html`` have none, so the
adapter describes them here from its own nav: the top-level entries as
:class:`MenuEntry` values, a page's place as its section titles. The templates
(``theme/partials/tabs.html``, ``openday-breadcrumb.html``) print these values only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from .pages import Crumb

#: The breadcrumb's first crumb, and the last one of the engine's page for a missing address.
HOME = "首页"
NOT_FOUND = "页面未找到"


@dataclass(frozen=True)
class MenuEntry:
    """A top-level entry of the nav: its title and the address it leads to (a section's
    first page), and whether the engine marks it as holding the page being rendered."""

    title: str
    url: str
    active: bool = False


@dataclass(frozen=True)
class MenuItem:
    title: str
    #: Site-relative address.
    url: str
    #: The link's classes, ``od-menu__link--active`` on the item that holds the page.
    classes: str
    #: ``aria-current`` on the item that holds the page (``page`` when it is that page).
    attrs: Markup
    #: The item's address was the longest start of the column page's one so far, in the
    #: order of the nav. The menu's former template printed a blank line more then, which
    #: ``tabs.html`` keeps so that pages stay the same bytes.
    deeper: bool = False


@dataclass(frozen=True)
class Menu:
    items: tuple[MenuItem, ...]
    #: The title of the item that holds the page, shown after 菜单 on a phone ("" if none).
    here: str = ""


def _item(entry: MenuEntry, current: str, deeper: bool = False) -> MenuItem:
    classes = "od-menu__link od-menu__link--active" if current else "od-menu__link"
    attrs = Markup(f' aria-current="{current}"') if current else Markup("")
    return MenuItem(entry.title, entry.url, classes, attrs, deeper)


def column_menu(entries: Sequence[MenuEntry], url: str) -> Menu:
    """The menu on the column page at ``url``: the item whose address is the longest
    start of ``url`` holds it (the first such, and on a tie of equal addresses all)."""
    current, longest, here, deeper = None, -1, "", []
    for entry in entries:
        on_path = url.startswith(entry.url)
        deeper.append(on_path and len(entry.url) > longest)
        if deeper[-1]:
            current, longest = entry.url, len(entry.url)
        if on_path and entry.url == current:
            here = entry.title
    items = tuple(
        _item(entry, ("page" if url == entry.url else "true") if entry.url == current else "", d)
        for entry, d in zip(entries, deeper, strict=True)
    )
    return Menu(items, here)


def engine_menu(entries: Sequence[MenuEntry]) -> Menu:
    """The menu on one of the engine's pages: the items the engine marks active hold it."""
    here = ""
    for entry in entries:
        if entry.active:
            here = entry.title
    return Menu(tuple(_item(entry, "page" if entry.active else "") for entry in entries), here)


def engine_crumbs(home: str, sections: Sequence[str], title: str) -> tuple[Crumb, ...]:
    """当前位置 on a page of ``docs_dir`` below the home page: 首页 (linked), the titles
    of the nav sections holding it, outermost first, and its own title."""
    return (Crumb(HOME, home), *(Crumb(name) for name in sections), Crumb(title))


#: 当前位置 on the home page, and on the page for a missing address (home at ``home``).
HOME_CRUMBS = (Crumb(HOME),)


def missing_crumbs(home: str) -> tuple[Crumb, ...]:
    return (Crumb(HOME, home), Crumb(NOT_FOUND))
