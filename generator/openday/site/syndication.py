"""RSS 2.0 and Atom feeds of the column's newest notices.

Feed readers and the portal's aggregation pages poll these. Every date comes
from the records (a notice's 发布日期, the newest one for the feed itself),
so the same records give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from email.utils import format_datetime

from ..domain import urls
from ..domain.catalog import Catalog
from ..domain.model import Event
from .outputs import Output, Site, escape

LIMIT = 50


def _moment(day: date, site: Site) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=site.timezone)


def _summary(event: Event, site: Site) -> str:
    notice = event.notice
    venues = "；".join(notice.venues)
    return f"{event.agency.name}“政府开放日”：{event.theme}。时间：{event.first_day.isoformat()}；地点：{venues}。"


def _entries(catalog: Catalog) -> tuple[Event, ...]:
    return catalog.notices[:LIMIT]


def rss(catalog: Catalog, site: Site) -> bytes:
    entries = _entries(catalog)
    newest = entries[0].notice.published if entries else None
    items = []
    for event in entries:
        link = site.absolute(urls.event(event))
        items.append(
            "<item>"
            f"<title>{escape(event.notice.title)}：{escape(event.theme)}</title>"
            f"<link>{escape(link)}</link>"
            f'<guid isPermaLink="false">{escape(f"{site.host}/openday/{event.id}")}</guid>'
            f"<pubDate>{format_datetime(_moment(event.notice.published, site))}</pubDate>"
            f"<category>{escape(event.agency.name)}</category>"
            f"<description>{escape(_summary(event, site))}</description>"
            "</item>"
        )
    build = (
        f"<lastBuildDate>{format_datetime(_moment(newest, site))}</lastBuildDate>" if newest else ""
    )
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
        f"<title>{escape(site.name)}“政府开放日”</title>"
        f"<link>{escape(site.absolute(urls.column()))}</link>"
        f'<atom:link href="{escape(site.absolute(urls.RSS))}" rel="self" type="application/rss+xml"/>'
        f"<description>{escape(site.name)}“政府开放日”活动公告</description>"
        f"<language>zh-CN</language>{build}" + "".join(items) + "</channel></rss>\n"
    )
    return text.encode("utf-8")


def atom(catalog: Catalog, site: Site) -> bytes:
    entries = _entries(catalog)
    newest = entries[0].notice.published if entries else date(2000, 1, 1)
    parts = []
    for event in entries:
        link = site.absolute(urls.event(event))
        stamp = _moment(event.notice.updated or event.notice.published, site).isoformat()
        parts.append(
            "<entry>"
            f"<title>{escape(event.notice.title)}：{escape(event.theme)}</title>"
            f'<link href="{escape(link)}"/>'
            f"<id>tag:{escape(site.host)},{event.notice.published.isoformat()}:openday/{escape(event.id)}</id>"
            f"<published>{_moment(event.notice.published, site).isoformat()}</published>"
            f"<updated>{stamp}</updated>"
            f"<author><name>{escape(event.agency.name)}</name></author>"
            f"<summary>{escape(_summary(event, site))}</summary>"
            "</entry>"
        )
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">'
        f"<title>{escape(site.name)}“政府开放日”</title>"
        f'<link href="{escape(site.absolute(urls.column()))}"/>'
        f'<link rel="self" href="{escape(site.absolute(urls.ATOM))}"/>'
        f"<id>tag:{escape(site.host)},2000:openday</id>"
        f"<updated>{_moment(newest, site).isoformat()}</updated>" + "".join(parts) + "</feed>\n"
    )
    return text.encode("utf-8")


class NoticeFeeds:
    """``openday/rss.xml`` and ``openday/atom.xml``: the newest notices."""

    def render(self, catalog: Catalog, site: Site) -> Iterator[Output]:
        yield Output(urls.RSS, rss(catalog, site))
        yield Output(urls.ATOM, atom(catalog, site))
