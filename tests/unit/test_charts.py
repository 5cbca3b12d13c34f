"""Bar charts as accessible SVG: named, described, escaped, and drawn to scale."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from openday.site.charts import BAR, LABEL, ROW, bar_chart

SVG = "{http://www.w3.org/2000/svg}"
ROWS = [
    ("区发改局", 4, "4场"),
    ("区应急局", 2, "2场"),
    ("区医保局", 1, "1场"),
    ("区信访局", 0, "0场"),
]


def parse(svg: str) -> ElementTree.Element:
    """The chart as an XML tree: it must be well-formed to parse at all."""
    return ElementTree.fromstring(svg)


def bars(root: ElementTree.Element) -> list[float]:
    return [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]


def texts(root: ElementTree.Element, kind: str) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}text") if t.get("class") == f"od-chart__{kind}"]


def test_the_chart_is_an_image_labelled_by_its_own_title_and_description():
    root = parse(bar_chart("od-chart-held-2022", "2022年各单位举办场次", ROWS))
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "2022年各单位举办场次"
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    assert root.get("id") == "od-chart-held-2022"
    assert list(root)[:2] == [title, desc]


def test_the_description_names_every_unit_with_its_figure_in_order():
    desc = parse(bar_chart("c", "举办场次", ROWS)).find(f"{SVG}desc")
    assert desc.text == "区发改局：4场；区应急局：2场；区医保局：1场；区信访局：0场"


def test_every_row_has_its_label_bar_and_shown_figure():
    root = parse(bar_chart("c", "举办场次", ROWS))
    assert texts(root, "label") == [label for label, _, _ in ROWS]
    assert texts(root, "value") == [shown for _, _, shown in ROWS]
    assert len(bars(root)) == len(ROWS)


def test_the_largest_value_fills_the_bar_and_the_others_scale_to_it():
    root = parse(bar_chart("c", "举办场次", ROWS))
    assert bars(root) == [BAR, BAR / 2, BAR / 4, 0]


def test_fractions_scale_the_same_way():
    root = parse(bar_chart("c", "采纳率", [("甲", 0.6, "60.0%"), ("乙", 0.2, "20.0%")]))
    assert bars(root) == [BAR, 110.0]


def test_the_figure_stands_just_after_the_end_of_its_bar():
    root = parse(bar_chart("c", "举办场次", ROWS))
    values = [t for t in root.iter(f"{SVG}text") if t.get("class") == "od-chart__value"]
    assert [float(t.get("x")) for t in values] == [LABEL + width + 6 for width in bars(root)]


def test_all_zero_values_draw_empty_bars_without_dividing_by_zero():
    root = parse(bar_chart("c", "举办场次", [("甲", 0, "0场"), ("乙", 0, "0场")]))
    assert bars(root) == [0, 0]


def test_the_chart_grows_one_row_per_unit():
    one = parse(bar_chart("c", "t", ROWS[:1]))
    four = parse(bar_chart("c", "t", ROWS))
    assert int(four.get("height")) - int(one.get("height")) == 3 * ROW
    assert four.get("viewBox") == f"0 0 {four.get('width')} {four.get('height')}"


def test_labels_titles_and_figures_are_escaped():
    hostile = '<script>alert("x")</script> & 局'
    svg = bar_chart("c", f"标题{hostile}", [(hostile, 1, f"{hostile}场")])
    assert "<script" not in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == f"标题{hostile}"
    assert root.find(f"{SVG}desc").text == f"{hostile}：{hostile}场"
    assert texts(root, "label") == [hostile] and texts(root, "value") == [f"{hostile}场"]
    assert not re.search(r"<(?!/?(svg|title|desc|text|rect)\b)", svg)


def test_a_chart_without_rows_is_still_a_well_formed_labelled_image():
    root = parse(bar_chart("c", "采纳率", []))
    assert root.get("role") == "img" and bars(root) == []
    assert root.find(f"{SVG}title").text == "采纳率"
