"""Mutated and random records go through load → check → catalog → every renderer, and
nothing escapes but the checker's own reported problems.

Each case (see ``corpus.py``) writes the registry and one to three mutated demo records
into a scratch project and runs ``check_project``. Then, for exactly the events the
checker returned (it returns buildable events even when it reports problems, and
``mkdocs serve`` renders them), it builds the catalog and runs every renderer: the page
views, Markdown on every Markdown field, the calendar feeds, RSS and Atom, the search
index and the yearly figures. What must hold:

- no exception, and no stage running away (a generous time limit per case);
- every problem names a written file, a line and column inside it, a stable code
  (``E-…``/``W-…``) and a one-line message;
- every ``.ics`` file parses with python ``icalendar``, holds exactly the VEVENTs it
  should (by UID) and no physical line over 75 octets; calendar, page and file paths
  are all distinct;
- sanitized Markdown carries no ``<script``, no event handler and no link or source
  whose scheme is ``javascript:`` (or any but http, https and mailto);
- RSS and Atom parse as XML, the search index as JSON, the CSV as UTF-8.

A separate property bounds the time to load and check one file of up to 1 MiB.

Findings stay here as ``@example`` cases until the generator is fixed, so ``make test``
fails until then. Under ``HYPOTHESIS_PROFILE=long`` a case that fails the way a listed
finding does is counted (``--hypothesis-show-statistics``) instead of stopping the run,
so a campaign keeps looking for new findings.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
import signal
import time
import traceback
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import currently_in_test_context, example, given
from hypothesis import event as hypothesis_event
from openday.checking.check import check_agencies, check_event, check_project
from openday.domain import urls
from openday.domain.catalog import Catalog
from openday.domain.markup import TAGS, URL_SCHEMES
from openday.domain.model import Event
from openday.domain.policy import PRESETS
from openday.domain.problems import Problem
from openday.site import pages, statspages
from openday.site.ics import CalendarFeeds
from openday.site.outputs import Output, Site
from openday.site.searchindex import SearchIndex, search_view
from openday.site.syndication import NoticeFeeds

from tests.fuzz.corpus import REGISTRY, SEEDS, Case, Heavy, Project, cases, heavy_files

CODE = re.compile(r"^[EW]-[A-Z-]+$")
LINE_OCTETS = 75
#: No case may take longer than this, all stages together (a runaway, not a budget).
CASE_SECONDS = 20.0
#: Loading and checking one file of at most 1 MiB.
LOAD_SECONDS = 2.0
SITE_NAME = "资阳市雁江区人民政府"
LONG_RUN = os.environ.get("HYPOTHESIS_PROFILE") == "long"

#: Findings reported and not yet fixed, by signature (see :func:`signature`). The long
#: campaign counts a case that fails one of these and goes on looking for others; each
#: has its minimal case as an ``@example`` below, so ``make test`` fails until it is fixed.
KNOWN: dict[str, str] = {
    "output-paths-unique calendar": "F1 agency id 'openday' or a year: calendar/<id>.ics is written twice",
    "OverflowError in ics._times": "F2 an event in year 9999 or 1 breaks the calendar feeds",
    "OverflowError in ics._utc": "F2",
    "OverflowError in ics._moment": "F2",
    "ValueError in ics.vtimezone": "F2",
    "ValueError in ics._state": "F2",
    "OverflowError in workdays.due": "F3 a deadline after 9999-12-31: the checker raises",
    "OverflowError in workdays.add_workdays": "F3",
    "OverflowError in rules.capacity": "F4 integers have no upper bound: capacity >= 10**309",
    "ValueError in shape._integer": "F4 more than 4300 digits",
    "ValueError in rules.attendees": "F4 a sum of more than 4300 digits",
    "ValueError in statspages.to_csv": "F4",
    "ValueError in statspages.<listcomp>": "F4",
    "OverflowError in statspages.to_xlsx": "F4 a figure >= 10**309 in the XLSX",
    "ics-errors SEQUENCE": "F4 revision beyond 2147483647: SEQUENCE outside RFC 5545 INTEGER",
    "slow in privacy.scan": "F5 e-mail pattern is quadratic on long runs of letters",
    "slow in markup.findings": "F6 raw-tag pattern is quadratic after a lone '<'",
    "ValueError in model.announced_day": "F8 postponed event in a misnamed file: id has no date",
    "problem-line-in-file": "F7 a syntax error at the end of the file points past its last line",
}


class Finding(AssertionError):
    """An invariant of the pipeline does not hold; ``check`` names which."""

    def __init__(self, check: str, detail: str):
        super().__init__(f"[{check}] {detail}")
        self.check = check


class TookTooLong(Exception):  # noqa: N818 - reads as the finding it is
    def __init__(self, what: str, seconds: float):
        super().__init__(f"{what} took more than {seconds} s")
        self.what = what


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (regular expressions check for signals)."""

    def expire(signum: int, frame: object) -> None:
        raise TookTooLong(what, seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def signature(error: BaseException) -> str:
    """Where an error comes from: the check that failed, or the exception's type and the
    innermost frame of the generator it was raised (or interrupted) in."""
    if isinstance(error, Finding):
        return error.check
    frames = [
        f"{Path(frame.filename).stem}.{frame.name}"
        for frame in traceback.extract_tb(error.__traceback__)
        if "/openday/" in frame.filename
    ]
    kind = "slow" if isinstance(error, TookTooLong) else type(error).__name__
    return f"{kind} in {frames[-1] if frames else 'tests'}"


def event(text: str) -> None:
    """Count ``text`` in ``--hypothesis-show-statistics`` (outside Hypothesis, nothing)."""
    if currently_in_test_context():
        hypothesis_event(text)


def expect(condition: object, check: str, detail: str) -> None:
    if not condition:
        raise Finding(check, detail)


# ------------------------------------------------------------------ invariants


def _break_count(raw: bytes) -> int:
    text = raw.decode("utf-8", "replace")
    return sum(text.count(mark) for mark in ("\n", "\r", "\x85", "\u2028", "\u2029"))


def check_problems(problems: list[Problem], case: Case) -> None:
    written = {REGISTRY: case.registry, **dict(case.files)}
    for problem in problems:
        expect(problem.path in written, "problem-path", repr(problem))
        raw = written[problem.path]
        expect(isinstance(problem.line, int) and problem.line >= 1, "problem-line", repr(problem))
        expect(isinstance(problem.col, int) and problem.col >= 1, "problem-col", repr(problem))
        expect(problem.line <= _break_count(raw) + 1, "problem-line-in-file", repr(problem))
        expect(CODE.match(problem.code), "problem-code", repr(problem))
        expect(problem.message.strip(), "problem-message-empty", repr(problem))
        expect(len(problem.message.splitlines()) == 1, "problem-message-one-line", repr(problem))


class _Html(HTMLParser):
    """Collects what sanitized Markdown must not carry."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "src", "srcdoc", "action"):
                self.found.append(f"{tag} {name}")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                scheme = _scheme(value)
                if scheme is not None and scheme not in URL_SCHEMES:
                    self.found.append(f"{tag} {name}={value!r}")


def _scheme(url: str) -> str | None:
    """A URL's scheme as a browser reads it: entities decoded, blanks and controls ignored."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", unescape(url)).lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", cleaned)
    return match[1] if match else None


def markdown_fields(item: Event) -> Iterator[tuple[str, str]]:
    if item.status_note:
        yield "status_note", item.status_note
    if item.notice is not None:
        # Outside region-2021 a notice may leave out 活动内容 and 温馨提示 (a warning).
        if item.notice.content:
            yield "content", item.notice.content
        if item.notice.reminders:
            yield "reminders", item.notice.reminders
        if item.notice.registration.note:
            yield "registration.note", item.notice.registration.note
    if item.report is not None:
        yield "report.summary", item.report.summary
    if item.feedback is not None:
        for answer in item.feedback.items:
            yield "opinion", answer.opinion
            if answer.response:
                yield "response", answer.response


def check_markdown(item: Event) -> None:
    for name, text in markdown_fields(item):
        html = str(pages.markdown(text))
        where = f"{item.id} {name}: {text[:200]!r} → {html[:300]!r}"
        expect("<script" not in html.lower(), "markdown-script", where)
        scan = _Html()
        scan.feed(html)
        scan.close()
        expect(not scan.found, "markdown-unsafe", f"{scan.found} in {where}")


def _entries(event) -> set[str]:
    """The UIDs (before ``@host``) of an event's entries: its id, or one per session."""
    return {f"{event.id}/{s.id}" for s in event.sessions} if event.sessions else {event.id}


def expected_calendars(catalog: Catalog, site: Site) -> dict[str, set[str]]:
    """Each calendar file's path and the entries it must hold (the module contract of
    ``openday.site.ics``), computed here from the catalog, not from the renderer."""
    since = site.today - timedelta(days=90)
    events = catalog.events

    def entries(chosen) -> set[str]:
        return {uid for e in events if chosen(e) for uid in _entries(e)}

    wanted = {urls.CALENDAR_ALL: entries(lambda e: e.last_day >= since)}
    for year in {e.first_day.year for e in events}:
        wanted[urls.calendar_year(year)] = entries(lambda e, y=year: e.first_day.year == y)
    for agency_id in {*catalog.agencies, *(e.agency.id for e in events)}:
        wanted[urls.calendar_agency(agency_id)] = entries(lambda e, a=agency_id: e.agency.id == a)
    for item in catalog.notices:
        wanted[urls.event_ics(item)] = _entries(item)
    return wanted


def check_calendar(output: Output, ids: set[str], site: Site) -> None:
    content = output.content
    expect(content.endswith(b"\r\n"), "ics-crlf", output.path)
    for number, line in enumerate(content[:-2].split(b"\r\n"), start=1):
        expect(len(line) <= LINE_OCTETS, "ics-line-length", f"{output.path}:{number} {line!r}")
        expect(b"\r" not in line and b"\n" not in line, "ics-bare-break", f"{output.path}:{number}")
    try:
        parsed = icalendar.Calendar.from_ical(content)
    except Exception as exc:
        raise Finding("ics-parse", f"{output.path}: {exc!r}") from exc
    uids = sorted(str(item.get("UID")) for item in parsed.walk("VEVENT"))
    wanted = sorted(f"{event_id}@{site.host}" for event_id in ids)
    expect(uids == wanted, "ics-vevents", f"{output.path}: {uids} != {wanted}")
    for component in parsed.walk():
        names = ",".join(sorted({name for name, _ in component.errors}))
        expect(not names, f"ics-errors {names}", f"{output.path}: {component.errors}")


def check_outputs(outputs: list[Output], catalog: Catalog, site: Site) -> None:
    paths = [output.path for output in outputs]
    twice = sorted({path for path in paths if paths.count(path) > 1})
    where = " calendar" if all(path.startswith("calendar/") for path in twice) else ""
    expect(not twice, f"output-paths-unique{where}", f"written twice: {twice}")
    calendars = {o.path: o for o in outputs if o.path.endswith(".ics")}
    wanted = expected_calendars(catalog, site)
    expect(set(calendars) == set(wanted), "ics-files", f"{sorted(calendars)} != {sorted(wanted)}")
    for path, output in calendars.items():
        check_calendar(output, wanted[path], site)
    entries = min(50, len(catalog.notices))
    for output in outputs:
        if output.path in (urls.RSS, urls.ATOM):
            try:
                tree = ElementTree.fromstring(output.content)
            except ElementTree.ParseError as exc:
                raise Finding("feed-xml", f"{output.path}: {exc}") from exc
            items = [e for e in tree.iter() if e.tag.rsplit("}", 1)[-1] in ("item", "entry")]
            expect(len(items) == entries, "feed-entries", f"{output.path}: {len(items)}")
        elif output.path.endswith(".json"):
            json.loads(output.content)
        elif output.path.endswith(".csv"):
            list(csv.reader(io.StringIO(output.content.decode("utf-8-sig"))))
        elif output.path.endswith(".xlsx"):
            expect(
                zipfile.ZipFile(io.BytesIO(output.content)).testzip() is None, "xlsx", output.path
            )


def render_everything(catalog: Catalog, site: Site, policy_name: str) -> list[Output]:
    """What ``mkdocs build`` would publish from ``catalog``, short of the HTML templates."""
    policy = PRESETS[policy_name]
    fmt = pages.Formatter(site.timezone)
    layout = pages.Layout(catalog, site.timezone, site.url)
    views = [
        *pages.all_views(layout),
        *statspages.stats_views(layout, policy),
        search_view(layout),
    ]
    view_urls = [view.url for view in views]
    expect(len(view_urls) == len(set(view_urls)), "page-urls-unique", f"{sorted(view_urls)}")
    for view in views:
        layout.side(view)
    layout.home()
    for item in catalog.events:
        fmt.when(item)
        fmt.row_title(item)
        catalog.badge(item)
        check_markdown(item)
        if item.feedback is not None:
            pages.totals_sentence(item.feedback.totals())
    renderers = (CalendarFeeds(), NoticeFeeds(), SearchIndex(), statspages.StatsFiles(policy))
    return [output for renderer in renderers for output in renderer.render(catalog, site)]


def run(project: Project, case: Case) -> None:
    """The whole pipeline on ``case``; raise what escapes or the invariant that fails."""
    try:
        with time_limit(CASE_SECONDS, "check and render"):
            project.write(case)
            zone = ZoneInfo(case.zone)
            result = check_project(project.root, PRESETS[case.policy], zone, case.today)
            check_problems(result.problems, case)
            event(f"checker returned {min(len(result.events), 3)} event(s)")
            event("clean" if result.ok else "with errors")
            if not result.events:
                return
            catalog = Catalog(result.events, result.agencies, case.today)
            site = Site(SITE_NAME, case.site_url, zone, case.today)
            outputs = render_everything(catalog, site, case.policy)
            check_outputs(outputs, catalog, site)
            event(f"rendered {min(len(catalog.notices), 3)} notice(s)")
    except Exception as error:
        found = signature(error)
        if LONG_RUN and found in KNOWN:
            event(f"known finding: {found}")
            return
        if LONG_RUN:
            event(f"NEW finding: {found}")
        raise


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return Project(tmp_path_factory.mktemp("fuzz"))


# ------------------------------------------------------------------ minimal findings

PLAN = "agency: yj-fgj\ntheme: 走进粮仓\nstart: {start}\n"
NOTICE = """\
agency: yj-fgj
title: 资阳市雁江区发展和改革局“政府开放日”活动公告
theme: 走进粮仓
published: 2022-09-01
start: 2022-09-16 09:00
end: 2022-09-16 11:30
venue: 储备粮库
capacity: {capacity}
leaders: [局长]
registration: {{methods: [phone], deadline: 2022-09-13}}
formats: [office, forum]
content: 参观
contact: {{name: 李某, phone: "028-26621548"}}
reminders: 请携带身份证。
"""
UNIT = "  name: 资阳市雁江区发展和改革局\n  kind: department\n  region: 四川省/资阳市/雁江区\n"


def plan(start: str, registry: str | None = None, more: str = "") -> Case:
    """One plan (计划备案) of yj-fgj starting at ``start`` (and ``more`` lines); without
    ``more`` the checker finds nothing wrong with it under the demo site's policy."""
    raw = (PLAN.format(start=start) + more).encode()
    files = ((f"events/yj-fgj/{start[:10]}-x.yml", raw),)
    return Case(files=files) if registry is None else Case(files, registry.encode())


def notice(
    capacity: str = "15",
    more: str = "",
    content: str = "参观",
    theme: str = "走进粮仓",
    **changes: object,
) -> Case:
    """One complete notice of yj-fgj (with ``more`` lines), as public on 2022-10-31."""
    text = NOTICE.format(capacity=capacity).replace("content: 参观", f"content: {content}")
    text = text.replace("theme: 走进粮仓", f"theme: {theme}")
    raw = (text + more).encode()
    case = Case(files=(("events/yj-fgj/2022-09-16-x.yml", raw),), today=date(2022, 10, 31))
    return dataclasses.replace(case, **changes)


def late_notice() -> Case:
    """The notice moved to the last days of 9999 (the registration deadline with it)."""
    text = NOTICE.format(capacity="15")
    for old, new in (("2022-09-01", "9999-12-01"), ("2022-09-16", "9999-12-30"), ("2022-09-13", "9999-12-20")):  # fmt: skip
        text = text.replace(old, new)
    return Case(files=(("events/yj-fgj/9999-12-30-x.yml", text.encode()),), policy="region-2021")


REPORT = "report:\n  published: 2022-09-17\n  attendance: {}\n  summary: 活动顺利举行。\n"
NINES = "9" * 4300
POSTPONED = "agency: yj-fgj\ntheme: 走进粮仓\nstart: 2022-09-16\nstatus: postponed\nstatus_note: 另行通知。\n"


# ------------------------------------------------------------------ properties


def test_the_demo_records_pass_every_invariant_unmutated(project: Project) -> None:
    case = Case(files=tuple((seed.relative, seed.raw) for seed in SEEDS))
    run(project, case)
    result = check_project(project.root, PRESETS[case.policy], ZoneInfo(case.zone), case.today)
    assert result.ok and len(result.events) == len(SEEDS)


# F4: shape._integer raises ValueError (Python's 4300-digit limit on int()).
@example(case=plan("2022-09-16", more="revision: " + "9" * 4301 + "\n"))
@given(case=cases("structural"))
def test_structural_yaml_mutations_only_report_problems(project: Project, case: Case) -> None:
    run(project, case)


# F7: "缺少冒号" reported at 3:1 in a file of two lines (no final line break).
@example(case=Case(files=(("events/yj-fgj/2022-09-16-x.yml", b"agency: yj-fgj\ns"),)))
@given(case=cases("textual"))
def test_byte_level_mutations_only_report_problems(project: Project, case: Case) -> None:
    run(project, case)


# F1: agency ids "openday" and "2022" are accepted; their calendar/<id>.ics overwrites
# calendar/openday.ics (the whole column) or calendar/2022.ics (the year).
@example(case=plan("2022-09-16", f"openday:\n{UNIT}yj-fgj:\n{UNIT}"))
@example(case=plan("2022-09-16", f"2022:\n{UNIT}yj-fgj:\n{UNIT}"))
# F2: plans the checker passes without a problem; the calendar feeds raise.
@example(case=plan("9999-12-31"))  # OverflowError in ics._times (DTEND day after)
@example(case=plan("9999-09-15"))  # ValueError in ics.vtimezone (year 10000)
@example(case=plan("0001-01-01"))  # OverflowError in ics._utc (DTSTAMP)
@example(case=plan("0001-09-15 09:00"))  # ValueError in ics._state (year 0)
# F3: workdays.due raises OverflowError (15 days after 9999-12-30), inside check_project.
@example(case=late_notice())
# F4: integers without an upper bound. rules.capacity raises OverflowError (capacity / sites
# as a float); rules.attendees cannot print a sum of 4301 digits; openpyxl cannot write an
# attendance of 10**309; SEQUENCE 2147483648 is outside RFC 5545's INTEGER.
@example(case=notice("1" + "0" * 309))
@example(case=notice("1", f"attendees: {{public: {NINES}, deputies: {NINES}}}\n"))
@example(case=notice(more=REPORT.format("1" + "0" * 309)))
@example(case=notice(more="revision: 2147483648\n"))
# F8: the checker reports E-FILENAME but returns the event; Event.announced_day then
# raises ValueError (catalog.badge, ics) because the id carries no date.
@example(case=Case(files=(("events/yj-fgj/open-day.yml", POSTPONED.encode()),)))
@example(case=Case(files=(("events/yj-fgj/2022-02-30-x.yml", POSTPONED.encode()),)))
# F9: Markdown turned the tab in "jav<TAB>ascript:" into spaces; the sanitizer kept the
# link as a relative address, though the warning said it would be removed.
@example(case=notice(content='"<a href=\\"jav\\tascript:alert(1)\\">x</a>"'))
# F10: U+FFFE (written "\ufffe" in YAML) passed the checker in one-line fields and in
# Markdown; XML 1.0 has no such character, so the RSS and Atom feeds were not well-formed.
@example(case=notice(theme='"走进\\ufffe粮仓"'))
@example(case=notice(content='"参观\\uffff"'))
@given(case=cases("values"))
def test_values_at_the_edges_of_the_schema_render_or_report_problems(
    project: Project, case: Case
) -> None:
    run(project, case)


@given(case=cases("mixed"))
def test_mixed_mutations_only_report_problems(project: Project, case: Case) -> None:
    run(project, case)


# F5: privacy.scan's e-mail pattern backtracks quadratically over a run of letters.
@example(
    heavy=Heavy(
        "events/yj-fgj/2022-09-16-x.yml",
        "raw",
        "a",
        100_000,
        prefix=PLAN.format(start="2022-09-16")
        + "report:\n  published: 2022-09-17\n  attendance: 1\n  summary: ",
    )
)
# F6: markup.findings' raw-tag pattern backtracks quadratically after a lone "<".
@example(
    heavy=Heavy(
        "events/yj-fgj/2022-09-16-x.yml",
        "raw",
        "a",
        100_000,
        prefix=PLAN.format(start="2022-09-16") + "status: cancelled\nstatus_note: <",
    )
)
@given(heavy=heavy_files())
def test_loading_and_checking_one_file_takes_at_most_two_seconds(
    project: Project, heavy: Heavy
) -> None:
    relative, raw = heavy.build()
    project.write(Case(files=((relative, raw),)))
    agencies, _ = check_agencies(project.root)
    policy, zone = PRESETS["yanjiang-2022"], ZoneInfo("Asia/Shanghai")
    begin = time.monotonic()
    try:
        with time_limit(LOAD_SECONDS, "load and check"):
            check_event(project.root, relative, agencies, policy, zone, date(2022, 9, 10))
    except Exception as error:
        found = signature(error)
        if LONG_RUN and found in KNOWN:
            event(f"known finding: {found}")
            return
        raise
    elapsed = time.monotonic() - begin
    event(f"load and check: {'<0.1' if elapsed < 0.1 else '<0.5' if elapsed < 0.5 else '≥0.5'} s")
    assert elapsed <= LOAD_SECONDS
