"""The figures table as a page, a CSV and an XLSX, against the hand-counted tables.

The fixture project and its ``expected-<year>.csv`` files are described in
``test_stats.py``: each expected file is byte for byte the CSV the office downloads.
"""

from __future__ import annotations

import csv
import io
import re
import time
import zipfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from markupsafe import Markup
from openday.checking.check import check_project
from openday.domain import urls
from openday.domain.catalog import Catalog
from openday.domain.policy import Policy
from openday.domain.stats import COLUMNS, PERCENT_COLUMNS, Figures, YearFigures, year_figures
from openday.site.outputs import Site
from openday.site.pages import Layout
from openday.site.statspages import (
    StatsFiles,
    raw_rows,
    rows,
    stats_views,
    title,
    to_csv,
    to_xlsx,
)
from openday.sources.config import load_settings

PROJECT = Path(__file__).resolve().parents[1] / "fixtures" / "stats" / "region-2023"
TABLES = sorted(PROJECT.glob("expected-[0-9][0-9][0-9][0-9].csv"))
TABLE_2023 = PROJECT / "expected-2023.csv"
STAMP = datetime(2023, 11, 10)


@pytest.fixture(scope="module")
def project() -> tuple[Catalog, Policy]:
    settings = load_settings(PROJECT)
    today = date.fromisoformat((PROJECT / "today.txt").read_text("utf-8").strip())
    result = check_project(PROJECT, settings.policy, settings.timezone, today)
    assert result.ok
    return Catalog(result.events, result.agencies, today), settings.policy


def _year(table: Path) -> int:
    return int(table.stem.removeprefix("expected-"))


def _figures(project, table: Path) -> YearFigures:
    catalog, policy = project
    return year_figures(catalog, policy, _year(table))


def _hand_counted(table: Path) -> list[list[str]]:
    text = table.read_bytes().decode("utf-8-sig")
    return [line.split(",") for line in text.splitlines()]


def _xlsx(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.stem)
def test_the_csv_is_byte_for_byte_the_hand_counted_table_with_bom_and_crlf(project, table):
    data = to_csv(rows(_figures(project, table)))
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == data.count(b"\n") == len(_hand_counted(table))
    assert data == table.read_bytes()


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.stem)
def test_the_xlsx_holds_the_hand_counted_table_with_shares_as_numbers(project, table):
    sheet = _xlsx(to_xlsx(raw_rows(_figures(project, table)), title(_year(table)), STAMP))
    header, *expected = _hand_counted(table)
    assert sheet.title == f"{_year(table)}年政府开放日开展情况统计"
    assert [c.value for c in sheet[1]] == header
    assert all(c.font.bold for c in sheet[1])
    assert sheet.max_row == 1 + len(expected) and sheet.max_column == len(COLUMNS)
    percent_columns = {i for i, (key, _) in enumerate(COLUMNS) if key in PERCENT_COLUMNS}
    for row, wanted in zip(sheet.iter_rows(min_row=2), expected, strict=True):
        assert row[0].value == wanted[0]
        for i, (got, text) in enumerate(zip(row[1:], wanted[1:], strict=True), start=1):
            if i not in percent_columns:
                assert (got.value, got.data_type) == (int(text), "n"), (wanted[0], header[i])
            elif text == "—":
                assert got.value is None, (wanted[0], header[i])
            else:
                share = float(text.removesuffix("%")) / 100
                assert got.value == pytest.approx(share, abs=0.0005), (wanted[0], header[i])
                assert got.number_format == "0.0%"
    assert sheet.freeze_panes == "B2"


def test_two_renders_of_the_same_table_a_second_apart_give_identical_xlsx_bytes(project):
    table = raw_rows(_figures(project, TABLE_2023))
    first = to_xlsx(table, title(2023), STAMP)
    time.sleep(1.05 - time.time() % 1)  # cross a second: openpyxl stamps the clock on save
    assert to_xlsx(table, title(2023), STAMP) == first


def test_the_workbook_is_dated_by_the_catalog_day_not_the_clock(project):
    data = to_xlsx(raw_rows(_figures(project, TABLE_2023)), title(2023), STAMP)
    archive = zipfile.ZipFile(io.BytesIO(data))
    core = archive.read("docProps/core.xml").decode()
    assert re.search(r"<dcterms:created[^>]*>2023-11-10T00:00:00Z</dcterms:created>", core)
    assert re.search(r"<dcterms:modified[^>]*>2023-11-10T00:00:00Z</dcterms:modified>", core)
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


HOSTILE = ('=HYPERLINK("http://x.example","点我")', "+区发改局", "-2+3", "@SUM(1)", "\t=1")


def _hostile_figures() -> YearFigures:
    units = tuple(Figures(name, held=1) for name in HOSTILE)
    total = Figures("合计", held=len(units))
    return YearFigures(2023, units, total, date(2023, 11, 10))


def test_a_csv_cell_that_would_start_a_formula_is_neutralised_with_an_apostrophe():
    text = to_csv(rows(_hostile_figures())).decode("utf-8-sig")
    cells = [row[0] for row in csv.reader(io.StringIO(text, newline=""))][1:-1]
    assert cells == ["'" + name for name in HOSTILE]


def test_an_xlsx_cell_that_would_start_a_formula_is_stored_as_text():
    sheet = _xlsx(to_xlsx(raw_rows(_hostile_figures()), title(2023), STAMP))
    cells = [row[0] for row in sheet.iter_rows(min_row=2, max_row=1 + len(HOSTILE))]
    assert [c.value for c in cells] == ["'" + name for name in HOSTILE]
    assert {c.data_type for c in cells} == {"s"}


def test_text_that_only_looks_like_a_sign_elsewhere_is_left_alone():
    assert to_csv([["区发改局", "—", "33.3%"]]) == "\ufeff区发改局,—,33.3%\r\n".encode()


def test_the_page_shows_the_same_table_as_the_files_with_its_charts(project):
    catalog, policy = project
    layout = Layout(catalog, ZoneInfo("Asia/Shanghai"))
    views = {view.year: view for view in stats_views(layout, policy)}
    assert list(views) == [2023, 2022]
    view = views[2023]
    assert (view.url, view.title, view.template) == (
        urls.stats(2023),
        "2023年政府开放日开展情况统计",
        "openday/stats.html",
    )
    table = [[int(c) if c.isdigit() else c for c in row] for row in _hand_counted(TABLE_2023)]
    assert [view.header, *([row.name, *(v for _, v in row.cells)] for row in view.rows)] == [
        tuple(table[0]),
        *table[1:],
    ]
    # Every cell carries its column's name, which a phone shows beside it.
    assert {name for row in view.rows for name, _ in row.cells} == set(table[0][1:])
    assert (view.csv, view.xlsx) == (
        "openday/stats/2023/figures.csv",
        "openday/stats/2023/figures.xlsx",
    )
    assert [y.year for y in view.years] == [2022]
    charts = [chart.svg for chart in view.charts]
    assert len(charts) == 3 and all(isinstance(c, Markup) for c in charts)
    assert [chart.title for chart in view.charts][0] == "2023年各单位举办场次"
    # The adoption chart leaves out units that collected no opinions (区市场监管局).
    assert "区市场监管局" not in charts[2] and "区税务局：57.1%" in charts[2]


def test_the_files_are_published_beside_the_page_for_every_year(project):
    catalog, policy = project
    site = Site("测试站点", "https://openday.example/", ZoneInfo("Asia/Shanghai"), catalog.today)
    outputs = {o.path: o.content for o in StatsFiles(policy).render(catalog, site)}
    assert sorted(outputs) == [
        "openday/stats/2022/figures.csv",
        "openday/stats/2022/figures.xlsx",
        "openday/stats/2023/figures.csv",
        "openday/stats/2023/figures.xlsx",
    ]
    for table in TABLES:
        assert outputs[f"openday/stats/{_year(table)}/figures.csv"] == table.read_bytes()
