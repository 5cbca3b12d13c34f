"""Every public URL of the site, relative to the site root; nothing else builds one.

The event URLs and the feeds are part of the contract (``spec/event-format.md``):
subscribed calendars and shared links depend on them, so they never move.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

from .model import Attachment, Event, Image

COLUMN = "openday/"
REPORTS = "openday/reports/"
FEEDBACK = "openday/feedback/"
RSS = "openday/rss.xml"
ATOM = "openday/atom.xml"
CALENDAR_ALL = "calendar/openday.ics"
SEARCH = "search/"
HELP_CALENDAR = "openday/calendar/"
#: The top-level folders of the site that hold the column's pages and files, and nothing else.
FOLDERS = ("openday", "calendar", "search")

#: Names that sub-columns and the column feed (calendar/openday.ics) use, so no agency
#: may take them as its id.
RESERVED_IDS = frozenset(
    {
        "reports",
        "feedback",
        "schedule",
        "stats",
        "year",
        "page",
        "calendar",
        "search",
        "assets",
        "openday",
        "rss",
        "atom",
    }
)


def paged(base: str, page: int) -> str:
    """The ``page``-th page (1-based) of a paginated list at ``base``."""
    return base if page == 1 else f"{base}page/{page}/"


def column(page: int = 1) -> str:
    return paged(COLUMN, page)


def reports(page: int = 1) -> str:
    return paged(REPORTS, page)


def feedback_column(page: int = 1) -> str:
    return paged(FEEDBACK, page)


def agency(agency_id: str, page: int = 1) -> str:
    return paged(f"openday/{agency_id}/", page)


def year(value: int, page: int = 1) -> str:
    return paged(f"openday/year/{value}/", page)


def schedule(value: int) -> str:
    return f"openday/schedule/{value}/"


def stats(value: int) -> str:
    return f"openday/stats/{value}/"


def stats_file(value: int, kind: str) -> str:
    """The year's figures as ``csv`` or ``xlsx``."""
    return f"openday/stats/{value}/figures.{kind}"


def event(item: Event) -> str:
    return f"openday/{item.id}/"


def report(item: Event) -> str:
    """The report section of a notice page."""
    return f"openday/{item.id}/#od-report"


def webcal(absolute: str) -> str:
    """An absolute http(s) feed address as the ``webcal:`` link calendar apps subscribe to."""
    return re.sub(r"^https?://", "webcal://", absolute)


def feedback(item: Event) -> str:
    return f"openday/{item.id}/feedback/"


def event_ics(item: Event) -> str:
    return f"openday/{item.id}/event.ics"


def event_asset(item: Event, name: str) -> str:
    """A report image or attachment, served beside the event page."""
    return f"openday/{item.id}/{name}"


def picture_name(image: Image, width: int) -> str:
    """The file a version of a report picture is published as: ``photo-1.jpg`` at its
    largest, ``photo-1-480.jpg`` for phones (WebP when it has transparency)."""
    stem = image.file.rsplit(".", 1)[0]
    versions = image.versions()
    suffix = "" if versions and width == versions[0][0] else f"-{width}"
    return f"{stem}{suffix}.{image.extension}"


def picture(item: Event, image: Image, width: int) -> str:
    """A version of a report picture, beside the event page."""
    return event_asset(item, picture_name(image, width))


def attachment(item: Event, found: Attachment) -> str:
    """An attachment's link, percent-encoded (its name may be Chinese or hold spaces);
    the file itself is at :func:`event_asset`."""
    return quote(event_asset(item, found.file), safe="/")


def calendar_year(value: int) -> str:
    return f"calendar/{value}.ics"


def calendar_agency(agency_id: str) -> str:
    return f"calendar/{agency_id}.ics"


def src_uri(url: str) -> str:
    """The MkDocs source path of a generated page served at ``url`` (``a/b/`` → ``a/b/index.md``)."""
    return f"{url}index.md" if url.endswith("/") else url


#: A path from the site root made of plain segments: no scheme, query, fragment, ``.``
#: or ``..`` segment, doubled or leading slash.
_PLAIN_PATH = re.compile(
    r"(?:[A-Za-z0-9_~%@+,=-][A-Za-z0-9_.~%@+,=-]*/)*[A-Za-z0-9_~%@+,=-][A-Za-z0-9_.~%@+,=-]*/?"
)
_PLAIN_PAGE = re.compile(r"(?:[A-Za-z0-9_~%@+,=-][A-Za-z0-9_.~%@+,=-]*/)*")


def relative(path: str, page_url: str) -> str | None:
    """``path`` (from the site root) as a link from the page at ``page_url`` (a folder URL
    such as ``openday/a/2024-05-15-x/``, or ``""`` for the home page), exactly as MkDocs'
    ``url`` filter writes it; ``None`` when either is anything but plain segments, for
    MkDocs to decide. Pages link a dozen addresses each, so this is done without MkDocs'
    normalizing every path again on every call."""
    there = _segments(path)
    here = _folder(page_url)
    if there is None or here is None:
        return None
    common = 0
    for a, b in zip(here, there, strict=False):
        if a != b:
            break
        common += 1
    link = "/".join([".."] * (len(here) - common) + list(there[common:])) or "."
    return link + "/" if path.endswith("/") else link


@lru_cache(maxsize=65536)
def _segments(path: str) -> tuple[str, ...] | None:
    return tuple(path.rstrip("/").split("/")) if _PLAIN_PATH.fullmatch(path) else None


@lru_cache(maxsize=64)
def _folder(page_url: str) -> tuple[str, ...] | None:
    return tuple(page_url.split("/")[:-1]) if _PLAIN_PAGE.fullmatch(page_url) else None
