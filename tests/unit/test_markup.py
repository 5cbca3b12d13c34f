"""Markdown fields: the bounds of what reaches Python-Markdown, time linear in the text, and
the short way plain prose takes round Python-Markdown, giving exactly the bytes it would.

A record field may be as long as its file (1 MiB). Python-Markdown takes time
quadratic in the ``[`` and ``<`` of a paragraph and recurses once per level of
nesting, so :func:`openday.domain.markup.excess` keeps such text from it; the checker's own
patterns must be linear too. Growth is compared within one test, at ``n`` and
``8 n`` characters (linear: 8 times the time; quadratic: 64 times), so a busy machine
slows both sides alike.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openday.domain import markup
from openday.domain.markup import _prose, _prose_list, render, render_markdown

#: Characters that start or end Markdown and HTML constructs, and two plain ones.
SPECIAL = "![]()<>:/-*_`\\&#;=\"' \n\t>|a字1."

attack = pytest.mark.attack


def _best_of_three(work: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def _grows_linearly(make: Callable[[int], str], work: Callable[[str], object], n: int) -> None:
    small, large = make(n), make(8 * n)
    at_n = _best_of_three(lambda: work(small))
    at_8n = _best_of_three(lambda: work(large))
    # Linear growth gives about 8; quadratic 64. The slack covers timer noise on short runs.
    assert at_8n <= 24 * at_n + 0.05, f"{at_n:.4f} s at {len(small)}, {at_8n:.4f} s at {len(large)}"


def _check_and_render(text: str) -> None:
    markup.findings(text)
    markup.render.__wrapped__(text)


def _repeated(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


@attack
@pytest.mark.parametrize("unit", ["<a:", "![", "[", "<a ", "< ", "  - ", "> ", "](", "<a b="])
def test_checking_and_rendering_the_reported_attacks_grows_linearly(unit: str) -> None:
    _grows_linearly(_repeated(unit), _check_and_render, 16_000)


@attack
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(unit=st.text(alphabet=SPECIAL, min_size=1, max_size=6))
@example(unit="<a:")
@example(unit="![")
@example(unit="<\t")
def test_any_repeated_markup_is_checked_and_rendered_in_linear_time(unit: str) -> None:
    _grows_linearly(_repeated(unit), _check_and_render, 4_000)


@attack
def test_a_field_of_one_mebibyte_is_checked_and_rendered_in_linear_time() -> None:
    assert markup.excess(_repeated("<a:")(1024 * 1024))[1] == "E-LENGTH"
    _grows_linearly(_repeated("<a:"), _check_and_render, 128 * 1024)  # up to 1 MiB


def test_text_within_the_bounds_is_rendered_as_markdown() -> None:
    text = "[报名](https://example.gov.cn/)\n\n" + "- 一\n  - 二\n" + "字" * 19_000
    assert markup.excess(text) is None
    assert '<a href="https://example.gov.cn/"' in markup.render(text)
    assert "<ul>" in markup.render(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("字" * 20_001, (0, "E-LENGTH", "过长（20001 字），不得超过 20000 字，请分段精简")),
        (
            "第一段\n\n" + "[x]" * 51,
            (5 + 150, "E-MARKUP", "中一段文字的“[”和“<”过多（51 个），每段不得超过 50 个"),
        ),
        (
            "a\n" + "- " * 11 + "b",
            (2, "E-MARKUP", "中的列表或引用嵌套过深（11 层），不得超过 10 层"),
        ),
        ("> " * 11 + "b", (0, "E-MARKUP", "中的列表或引用嵌套过深（11 层），不得超过 10 层")),
    ],
)
def test_text_beyond_a_bound_is_named_with_the_place_it_is_exceeded(text, expected) -> None:
    assert markup.excess(text) == expected


def test_fifty_openers_in_each_of_many_paragraphs_and_a_long_rule_are_within_the_bounds() -> None:
    assert markup.excess("\n\n".join(["[a](b)" * 25] * 20)) is None
    assert markup.excess("文字\n\n- - - - - - - - - - - - - -\n\n文字") is None
    assert markup.excess("- " * 10 + "十层") is None


@attack
def test_text_beyond_the_bounds_never_reaches_markdown_and_is_shown_escaped() -> None:
    text = "<script>alert(1)</script>" + "![" * 20_000 + "\n\n第二段"
    html = markup.render(text)
    assert html.startswith("<p>&lt;script&gt;alert(1)&lt;/script&gt;![![")
    assert html.endswith("<p>第二段</p>")
    assert "<script" not in html and "<img" not in html


@attack
def test_deep_nesting_that_would_exhaust_the_recursion_limit_is_refused() -> None:
    text = "  - " * 4_000
    assert markup.excess(text)[1] == "E-MARKUP"
    assert markup.render(text).startswith("<p>- ")


def test_plain_text_is_what_the_page_shows_without_any_markup() -> None:
    text = (
        "因台风**延期**。<script>alert(1)</script>![](https://tracker.example/p.gif)\n\n"
        "1. 名额有限\n2. [报名](https://example.gov.cn/s) 或 <https://example.gov.cn/x>\n\n"
        "- a &amp; b\n- c\nd\n\n| 项目 | 时间 |\n|---|---|\n| 座谈 | 10:00 |"
    )
    assert markup.plain_text(text) == (
        "因台风延期。\n1. 名额有限\n"
        "2. 报名（https://example.gov.cn/s） 或 https://example.gov.cn/x\n"
        "· a & b\n· c\nd\n项目 时间\n座谈 10:00"
    )


#: What staff type in reports: Chinese, its punctuation, digits, letters, spaces, line breaks.
WORDS = list("市民代表参观了办事大厅政务服务中心开放日活动") + list(
    "，。、；：？！“”‘’（）《》—…·％0123456789abcXYZ ()'\"%/@$^{}?,;:~"
)
#: Plain prose: lines of words (no space at either end), blank lines between paragraphs.
LINE = st.text(alphabet=st.sampled_from(WORDS), min_size=1, max_size=30).map(str.strip)
PROSE = st.lists(st.tuples(LINE, st.sampled_from(["\n", "\n\n", "\n\n\n"])), max_size=6).map(
    lambda parts: "".join(line + end for line, end in parts)
)
#: Anything at all from the same words and Markdown's own characters and blanks.
ANY = st.text(
    alphabet=st.sampled_from([*WORDS, "\n", "\n", " ", "\u3000", "\t", "\r", "\xa0", "-", ".",
                              "*", "_", "#", "<", ">", "&", "=", "|", "[", "]", "`"]),
    max_size=120,
)  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "3月2日，市城管局举办“政府开放日”活动。\n",
        "第一段。\n\n第二段第一行\n第二行\n\n\n第三段。",
        "\n\n开头和结尾的空行。\n\n",
        "含有 半角 空格 的 文字 (括号) 与 'quotes' \"和\" 100% 的数字",
    ],
)
def test_prose_takes_the_short_way_and_matches_markdown(text: str) -> None:
    assert _prose(text) is not None
    assert render(text) == render_markdown(text)


@pytest.mark.parametrize(
    "text",
    [
        "1. 参观办事大厅；\n2. 填写满意度调查问卷；\n",
        "1. 只有一项",
        "\n- 如因故不能参加，请电话告知。\n- 注意安全。\n\n",
        "1. 编号\n7. 不连续也是一个列表",
    ],
)
def test_a_list_of_prose_takes_the_short_way_and_matches_markdown(text: str) -> None:
    assert _prose_list(text) is not None
    assert render(text) == render_markdown(text)


@pytest.mark.parametrize(
    "text",
    [
        "2. 从二开始",
        "1. 编号\n- 圆点",
        "1. 第一项\n\n2. 空行隔开",
        "- 第一项\n接续的一行",
        "-  两个空格",
        "- **加粗**",
        "1. 引号“一网通办”\n2. a.b",
    ],
)
def test_anything_else_like_a_list_goes_through_markdown(text: str) -> None:
    assert _prose_list(text) is None
    assert render(text) == render_markdown(text)


#: A list of prose items, or something near one: another marker, a blank, a line that is not an item.
NEAR_LIST = st.lists(
    st.tuples(st.sampled_from(["1. ", "2. ", "10. ", "- ", "-  ", "* ", "", " - "]), LINE),
    min_size=1,
    max_size=5,
).map(lambda items: "\n".join(marker + line for marker, line in items))


@settings(max_examples=300, deadline=None)
@given(NEAR_LIST, st.sampled_from(["", "\n", "\n\n"]))
def test_the_short_way_for_lists_never_changes_a_byte(text: str, end: str) -> None:
    assert render(text + end) == render_markdown(text + end)


@pytest.mark.parametrize(
    "text",
    [
        "1. 第一项\n2. 第二项\n- 第三项",
        "- 要点\n\n正文",
        "标题\n===",
        "**加粗**",
        "    缩进的代码",
        "行尾两个空格  \n下一行",
        "全角空格\u3000开头",
        "a & b",
        "<b>标签</b>",
        "[链接](https://example.org)",
        "制表\t符",
    ],
)
def test_anything_like_markdown_goes_through_markdown(text: str) -> None:
    assert _prose(text) is None
    assert render(text) == render_markdown(text)


@settings(max_examples=300, deadline=None)
@given(PROSE)
def test_prose_always_takes_the_short_way_to_the_same_bytes(text: str) -> None:
    assert _prose(text) is not None
    assert render(text) == render_markdown(text)


@settings(max_examples=400, deadline=None)
@given(ANY)
def test_the_short_way_never_changes_a_byte(text: str) -> None:
    assert render(text) == render_markdown(text)
