"""The yearly figures as a page, a CSV and an XLSX: one table, three forms.

The page (``openday/stats/<year>/``) shows the table with bar charts beside
it; ``figures.csv`` and ``figures.xlsx`` next to it carry the same rows for
the office to send upward. Files are byte-stable: the same records on the
same day give the same bytes.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime
from fractions import Fraction

from markupsafe import Markup

from ..domain import urls
from ..domain.catalog import Catalog
from ..domain.policy import Policy
from ..domain.stats import COLUMNS, PERCENT_COLUMNS, YearFigures, cell, percent, year_figures, years
from .charts import bar_chart
from .outputs import Output, Site
from .pages import Chart, Crumb, Layout, StatsPage, StatsRow, YearLink, home_crumbs

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def title(year: int) -> str:
    return f"{year}年政府开放日开展情况统计"


def rows(figures: YearFigures) -> list[list[str | int]]:
    """Header row, one row per unit, then the totals row, as shown (shares in per cent)."""
    header = [name for _, name in COLUMNS]
    body = [[cell(unit, key) for key, _ in COLUMNS] for unit in (*figures.units, figures.total)]
    return [header, *body]


def _number(value: object) -> object:
    return float(value) if isinstance(value, Fraction) else value


def raw_rows(figures: YearFigures) -> list[list[object]]:
    """The same table with shares as fractions of one (for spreadsheets to compute with)."""
    header = [name for _, name in COLUMNS]
    units = (*figures.units, figures.total)
    return [header, *([_number(unit.value(key)) for key, _ in COLUMNS] for unit in units)]


def chart_titles(year: int) -> tuple[str, ...]:
    """The titles of the year's charts, in their order; the page shows each as text."""
    return (
        f"{year}年各单位举办场次",
        f"{year}年各单位实际参加人数",
        f"{year}年各单位意见建议采纳率",
    )


def charts(figures: YearFigures) -> list[Markup]:
    """The year's bar charts as SVG, marked safe (every label inside is escaped by the chart)."""
    units = figures.units
    held, people, adoption = chart_titles(figures.year)
    drawn = [
        bar_chart(
            f"od-chart-held-{figures.year}",
            held,
            [(u.unit, u.held, f"{u.held}场") for u in units],
        ),
        bar_chart(
            f"od-chart-people-{figures.year}",
            people,
            [(u.unit, u.actual, f"{u.actual}人") for u in units],
        ),
        bar_chart(
            f"od-chart-adoption-{figures.year}",
            adoption,
            [
                (u.unit, float(u.adoption_rate or 0), percent(u.adoption_rate))
                for u in units
                if u.opinions
            ],
        ),
    ]
    return [Markup(svg) for svg in drawn]


def stats_views(layout: Layout, policy: Policy) -> Iterator[StatsPage]:
    catalog = layout.catalog
    all_years = tuple(years(catalog))
    for year in all_years:
        figures = year_figures(catalog, policy, year)
        header, *body = rows(figures)
        url = urls.stats(year)
        yield StatsPage(
            url=url,
            title=title(year),
            template="openday/stats.html",
            crumbs=home_crumbs(Crumb("年度统计", url), Crumb(f"{year}年")),
            meta=(("ColumnName", "年度统计"), ("ColumnType", "互动交流")),
            section="年度统计",
            place=url,
            year=year,
            as_of=figures.as_of.isoformat(),
            years=tuple(YearLink(y, urls.stats(y)) for y in all_years if y != year),
            csv=urls.stats_file(year, "csv"),
            xlsx=urls.stats_file(year, "xlsx"),
            header=tuple(header),
            rows=tuple(
                StatsRow(row[0], tuple(zip(header[1:], row[1:], strict=True))) for row in body
            ),
            charts=tuple(
                Chart(svg, name)
                for svg, name in zip(charts(figures), chart_titles(year), strict=True)
            ),
        )


def _safe(value: object) -> object:
    """A cell a spreadsheet will show as text, never run as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(table: list[list[str | int]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens the Chinese headers correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in table:
        writer.writerow([_safe(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: list[list[object]], sheet: str, stamp: datetime) -> bytes:
    # Imported here: openpyxl takes a tenth of a second to import, which a build pays
    # where it writes the figures (beside MkDocs' own work), not before everything else.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.properties.creator = "openday"
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.lastModifiedBy = "openday"
    ws = book.active
    ws.title = sheet[:31]
    for row in table:
        ws.append([_safe(value) for value in row])
    for item in ws[1]:
        item.font = Font(bold=True)
        item.alignment = Alignment(wrap_text=True, vertical="center")
    for index, (key, _) in enumerate(COLUMNS, start=1):
        if key in PERCENT_COLUMNS:
            for (item,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                item.number_format = "0.0%"
    ws.column_dimensions["A"].width = 22
    ws.freeze_panes = "B2"
    raw = io.BytesIO()
    book.save(raw)
    return _stable_zip(raw.getvalue(), stamp)


_MODIFIED = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")


def _stable_zip(data: bytes, stamp: datetime) -> bytes:
    """The same archive with fixed entry times and the workbook's own ``modified`` date
    (openpyxl writes the clock there on save), so equal tables give equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    modified = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(
                    rb"<dcterms:modified\1>" + modified + rb"</dcterms:modified>", content
                )
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


class StatsFiles:
    """``openday/stats/<year>/figures.csv`` and ``figures.xlsx`` for every year with notices."""

    def __init__(self, policy: Policy):
        self.policy = policy

    def render(self, catalog: Catalog, site: Site) -> Iterator[Output]:
        for year in years(catalog):
            figures = year_figures(catalog, self.policy, year)
            stamp = datetime(catalog.today.year, catalog.today.month, catalog.today.day)
            yield Output(urls.stats_file(year, "csv"), to_csv(rows(figures)))
            yield Output(
                urls.stats_file(year, "xlsx"), to_xlsx(raw_rows(figures), title(year), stamp)
            )
