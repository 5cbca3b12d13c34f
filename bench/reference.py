"""The Hugo reference site: the same records as Hugo content, for the build benchmark.

``write_hugo_site(project, target)`` reads a synthetic project's
``events/`` (the files ``synth.write_site`` wrote, parsed here with libyaml)
and writes a Hugo project into ``target``: the layouts and configuration of
``bench/hugo/`` plus one content file per page the column publishes, so that
Hugo renders the same pages from the same records:

- one page per notice (the eleven announcement items, its report), with its
  own ``event.ics``;
- one answers page per event that published answers;
- the paginated column, reports and answers lists, one list per unit (a
  nested section, with the unit's calendar) and per year (a taxonomy);
- one schedule table (with the year's calendar) and one figures page (with
  its CSV) per year;
- the column's RSS, Atom and calendar, a JSON search index, the sitemap, and
  the repository's ``content/`` pages.

Plans have no page of their own here either: they are pages that Hugo lists
but never renders (``build.render: never``), so the schedule tables and
calendars see them. Nothing is computed here that the product computes while
it builds: dates are formatted, badges decided, lists sorted and paginated,
Markdown rendered and totals counted by Hugo's templates.

Hugo is a benchmark reference only, never a dependency of the product.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, datetime
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
#: Order of units in the sidebar, as the product's ``pages.KIND_ORDER``.
KIND_ORDER = ("government", "department", "institution", "enterprise", "street", "town")
_PERIOD = re.compile(r"(\d{4})-(\d{2})(?:-(上旬|中旬|下旬))?\Z")
_PERIOD_FIRST = {None: 1, "上旬": 1, "中旬": 11, "下旬": 21}


def _day(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _moment(value: object) -> tuple[str, str, str]:
    """(ISO start for sorting and formatting, first day, period word or "") of a start value."""
    text = _day(value)
    match = _PERIOD.match(text)
    if match:
        first = date(int(match[1]), int(match[2]), _PERIOD_FIRST[match[3]])
        return first.isoformat(), first.isoformat(), match[3] or "月"
    if " " in text:
        moment = datetime.strptime(text, "%Y-%m-%d %H:%M")
        return moment.strftime("%Y-%m-%dT%H:%M:00+08:00"), moment.date().isoformat(), ""
    return text, text, ""


def _front(path: Path, meta: dict, body: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(meta, ensure_ascii=False) + "\n" + body, "utf-8")


def _event_params(event_id: str, record: dict, agency: dict) -> dict:
    start, first, period = _moment(record["start"])
    end = _moment(record["end"])[0] if "end" in record else ""
    last = _moment(record["end"])[1] if "end" in record else first
    return {
        "id": event_id,
        "agency": record["agency"],
        "unit_name": agency["name"],
        "unit_short": agency.get("short", agency["name"]),
        "theme": record["theme"],
        "start": start,
        "end": end,
        "first": first,
        "last": last,
        "period": period,
        "year": int(first[:4]),
        "status": record.get("status", ""),
    }


def _notice(event_id: str, record: dict, agency: dict) -> tuple[dict, str]:
    params = _event_params(event_id, record, agency)
    registration = dict(record.get("registration") or {})
    if "deadline" in registration:
        registration["deadline"] = _day(registration["deadline"])
    params.update(
        od="notice",
        published=_day(record["published"]),
        updated=_day(record.get("updated", "")),
        status_note=record.get("status_note", ""),
        venue=record["venue"],
        capacity=record["capacity"],
        attendees=[[group, n] for group, n in (record.get("attendees") or {}).items()],
        leaders=record.get("leaders", []),
        registration=registration,
        formats=record.get("formats", []),
        contact=record.get("contact", {}),
        reminders=record.get("reminders", ""),
        keywords=record.get("keywords", ""),
    )
    if "report" in record:
        report = record["report"]
        params["report"] = {
            "published": _day(report["published"]),
            "attendance": report.get("attendance"),
            "summary": report.get("summary", ""),
        }
    if "feedback" in record:
        feedback = record["feedback"]
        params["feedback"] = {"published": _day(feedback["published"]), "items": feedback["items"]}
    return params, record.get("content", "")


def write_hugo_site(project: Path, target: Path) -> int:
    """Write the Hugo project for ``project``'s records into ``target``; return its event count."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(HERE / "hugo", target)
    shutil.copytree(REPO / "theme" / "assets", target / "static" / "assets")
    content = target / "content"
    agencies = yaml.load((project / "events" / "agencies.yml").read_bytes(), yaml.CSafeLoader)
    units = sorted(agencies.items(), key=lambda pair: (KIND_ORDER.index(pair[1]["kind"]), pair[0]))
    data = target / "data"
    data.mkdir(exist_ok=True)
    (data / "units.json").write_text(
        json.dumps([{"id": key, **value} for key, value in units], ensure_ascii=False), "utf-8"
    )
    # The product's own words, so the pages weigh the same.
    from openday.domain import vocab
    from openday.domain.catalog import BADGES

    labels = {
        "badges": BADGES,
        "formats": vocab.FORMAT_NAMES,
        "methods": vocab.METHOD_NAMES,
        "groups": vocab.GROUP_NAMES,
        "answers": vocab.ANSWER_NAMES,
        "statuses": vocab.STATUS_NAMES,
        "selections": vocab.SELECTION_NAMES,
    }
    (data / "labels.json").write_text(json.dumps(labels, ensure_ascii=False), "utf-8")

    for name in ("help", "guide", "accessibility"):
        text = (REPO / "content" / f"{name}.md").read_text("utf-8")
        title = text.splitlines()[0].lstrip("# ").strip()
        menu = "accessibility" if name == "accessibility" else "help"
        _front(
            content / f"{name}.md",
            {"title": title, "url": f"/{name}/", "params": {"menu": menu}},
            text,
        )
    home = (REPO / "content" / "index.md").read_text("utf-8").split("---\n", 2)[-1]
    _front(content / "_index.md", {"title": "政府开放日", "params": {"menu": "home"}}, home)
    _front(
        content / "search.md",
        {"title": "站内搜索", "url": "/search/", "layout": "search", "params": {"menu": "search"}},
    )
    column = content / "openday"
    _front(
        column / "_index.md",
        {"title": "活动公告", "layout": "column", "outputs": ["html", "rss", "atom", "calendar"]},
    )
    _front(column / "reports" / "_index.md", {"title": "活动回顾", "layout": "reports"})
    _front(
        column / "feedback" / "_index.md",
        {"title": "意见反馈", "layout": "answerlist", "params": {"menu": "feedback"}},
    )
    for key, agency in units:
        _front(
            column / key / "_index.md",
            {"title": agency["name"], "outputs": ["html", "calendar"], "params": {"agency": key}},
        )

    years: set[int] = set()
    notice_years: set[int] = set()
    count = 0
    for path in sorted((project / "events").glob("*/*.yml")):
        record = yaml.load(path.read_bytes(), yaml.CSafeLoader)
        unit, stem = path.parent.name, path.stem
        event_id = f"{unit}/{stem}"
        agency = agencies[record["agency"]]
        count += 1
        if "published" not in record:
            params = {**_event_params(event_id, record, agency), "od": "plan"}
            years.add(params["year"])
            meta = {"title": record["theme"], "date": params["first"], "params": params,
                    "build": {"render": "never", "list": "always"}}  # fmt: skip
            _front(column / unit / f"{stem}.md", meta)
            continue
        params, body = _notice(event_id, record, agency)
        years.add(params["year"])
        notice_years.add(params["year"])
        meta = {
            "title": record["title"],
            "date": params["published"],
            "years": [str(params["year"])],
            "outputs": ["html", "calendar"],
            "layout": "notice",
            "params": params,
        }
        _front(column / unit / f"{stem}.md", meta, body)
        if "feedback" in params:
            title = f"{agency['name']}“政府开放日”意见建议采纳情况反馈"
            answers = {
                "title": title,
                "date": params["feedback"]["published"],
                "url": f"/openday/{unit}/{stem}/feedback/",
                "layout": "answers",
                "params": {
                    **params,
                    "od": "answers",
                    "event_url": f"/openday/{unit}/{stem}/",
                    "menu": "feedback",
                },
            }
            _front(column / "feedback" / f"{unit}--{stem}.md", answers)
    for year in sorted(years):
        _front(
            column / "schedule" / f"{year}.md",
            {"title": f"{year}年政府开放日活动安排一览表", "layout": "schedule",
             "outputs": ["html", "calendar"], "params": {"year": year, "od": "schedule"}},
        )  # fmt: skip
    for year in sorted(notice_years):
        _front(
            column / "stats" / f"{year}.md",
            {"title": f"{year}年政府开放日统计", "layout": "stats",
             "outputs": ["html", "csv"], "params": {"year": year, "od": "stats"}},
        )  # fmt: skip
    return count
