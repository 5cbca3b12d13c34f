"""Markdown fields as HTML: plain prose takes a short way round Python-Markdown, and
that way gives exactly the bytes Python-Markdown would, for any text it takes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openday.markup import _prose, render, render_markdown

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
        "1. 第一项\n2. 第二项",
        "- 要点",
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
