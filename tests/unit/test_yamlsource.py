"""The strict YAML loader: text stays text, every key and value keeps a 1-based place."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from openday.domain.problems import Problem
from openday.sources.yamlsource import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    LoadError,
    Plain,
    _Builder,
    load,
    read,
)


def _load(text: str | bytes):
    return load("events/a/2023-09-20-x.yml", text.encode() if isinstance(text, str) else text)


def _problem(text: str | bytes) -> Problem:
    with pytest.raises(LoadError) as caught:
        _load(text)
    return caught.value.problem


@pytest.mark.parametrize(
    "text",
    [
        "10:30",
        "no",
        "yes",
        "on",
        "off",
        "true",
        "2023-09-20",
        "2023-09-20 09:00",
        "0x1f",
        "1e3",
        "030",
        "~",
    ],
)
def test_plain_scalars_that_pyyaml_would_convert_stay_as_written(text):
    data = _load(f"value: {text}\n").data
    assert data == {"value": text}
    assert type(data["value"]) is Plain


def test_quoted_scalars_are_plain_str_not_plain():
    data = _load("a: \"30\"\nb: '10:30'\nc: 30\n").data
    assert type(data["a"]) is str and data["a"] == "30"
    assert type(data["b"]) is str and data["b"] == "10:30"
    assert type(data["c"]) is Plain


def test_block_scalars_are_text_with_their_line_breaks():
    data = _load("content: |\n  第一行\n  第二行\n").data
    assert data["content"] == "第一行\n第二行\n"
    assert type(data["content"]) is str


def test_marks_are_one_based_lines_and_columns_of_keys_and_values():
    source = _load(
        "agency: yishui-tax\ncontact:\n  name: 李某\n  phone: 0539-2251234\nformats: [office, forum]\n"
    )
    assert source.keys[("agency",)] == (1, 1)
    assert source.values[("agency",)] == (1, 9)
    assert source.keys[("contact", "phone")] == (4, 3)
    assert source.values[("contact", "phone")] == (4, 10)
    assert source.values[("formats", 1)] == (5, 19)
    assert source.values[()] == (1, 1)


def test_columns_count_characters_not_bytes():
    source = _load("theme: 走进税务\ntitle: 沂水县税务局“政府开放日”活动公告\nx: 1\n")
    assert source.values[("title",)] == (2, 8)
    assert _load("开放主题: 走进税务\n").values[("开放主题",)] == (1, 7)


def test_a_missing_value_points_at_its_parents_key():
    source = _load("agency: a\ncontact:\n  name: 李某\n")
    assert source.value_at(("contact", "phone")) == (2, 1)
    assert source.key_at(("contact", "phone")) == (2, 1)
    assert source.value_at(("registration", "url")) == (1, 1)


def test_a_list_item_is_located_at_the_item_itself():
    source = _load("leaders:\n  - 局长\n  - 副局长\n")
    assert source.key_at(("leaders", 1)) == (3, 5)
    problem = source.problem(("leaders", 1), "E-TEST", "测试", on_key=True)
    assert problem == Problem("events/a/2023-09-20-x.yml", 3, 5, "E-TEST", "测试")


def test_the_root_of_a_file_opening_with_a_comment_is_its_first_key():
    source = _load(
        "# yaml-language-server: $schema=../../generator/schema/event.schema.json\nagency: a\n"
    )
    assert source.value_at(()) == (2, 1)


def test_a_byte_order_mark_is_tolerated_and_does_not_shift_columns():
    source = _load(b"\xef\xbb\xbfagency: a\ntheme: b\n")
    assert source.data == {"agency": "a", "theme": "b"}
    assert source.values[("agency",)] == (1, 9)


def test_windows_line_ends_are_read_like_unix_ones():
    source = _load(b"agency: a\r\ntheme: b\r\n")
    assert source.data == {"agency": "a", "theme": "b"}
    assert source.values[("theme",)] == (2, 8)


def test_a_duplicate_key_names_the_line_of_the_first_one():
    assert _problem("agency: a\ntheme: b\nagency: c\n") == Problem(
        "events/a/2023-09-20-x.yml", 3, 1, "E-DUPKEY", "键“agency”重复（第 1 行已出现）"
    )


def test_a_duplicate_key_inside_a_mapping_is_found_too():
    problem = _problem("contact:\n  name: a\n  phone: 1\n  name: b\n")
    assert (problem.line, problem.col, problem.code) == (4, 3, "E-DUPKEY")
    assert problem.message == "键“name”重复（第 2 行已出现）"


@pytest.mark.parametrize(
    ("text", "tag", "col"),
    [
        ("capacity: !!int 30\n", "!!int", 11),
        ("start: !!timestamp 2023-09-20\n", "!!timestamp", 8),
        ("x: !!python/object/apply:os.system [ls]\n", "!!python/object/apply:os.system", 4),
        ("x: !custom value\n", "!custom", 4),
        ("x: !!str 30\n", "!!str", 4),
    ],
)
def test_tags_are_refused_at_the_tagged_node(text, tag, col):
    assert _problem(text) == Problem(
        "events/a/2023-09-20-x.yml", 1, col, "E-TAG", f"不允许使用 YAML 标签“{tag}”"
    )


def test_a_tagged_root_is_refused():
    assert _problem("!!map {a: 1}\n").code == "E-TAG"


def test_anchors_and_aliases_within_the_bound_expand():
    data = _load("x-leader: &leader 局长\nleaders:\n  - *leader\n  - *leader\n").data
    assert data["leaders"] == ["局长", "局长"]


def test_an_alias_bomb_is_stopped_at_the_node_bound():
    text = 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]\n'
    for prev, name in zip("abcdefg", "bcdefgh", strict=True):
        text += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]\n"
    problem = _problem(text)
    assert problem.code == "E-ALIAS"
    assert problem.message == f"文件展开后的内容过多（超过 {MAX_NODES} 个节点），请勿滥用锚点和别名"
    assert problem.line > 1


def test_an_undefined_alias_is_named():
    problem = _problem("leaders:\n  - *leader\n")
    assert (problem.line, problem.col, problem.code) == (2, 5, "E-YAML")
    assert problem.message == "引用了未定义的锚点 *leader"


def test_nesting_deeper_than_the_bound_is_refused():
    problem = _problem("x: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n")
    assert problem.code == "E-DEPTH"
    assert problem.message == f"嵌套层级过深（超过 {MAX_DEPTH} 层）"


def test_nesting_up_to_the_bound_is_accepted():
    depth = MAX_DEPTH - 1
    data = _load("x: " + "[" * depth + "]" * depth + "\n").data
    assert isinstance(data["x"], list)


def test_a_mapping_as_key_is_refused():
    problem = _problem("? [a, b]\n: 1\n")
    assert (problem.code, problem.message) == ("E-YAML", "键必须是简单文字")


@pytest.mark.parametrize(
    "text",
    ["contact:\n\tname: a\n", "leaders:\n\t- a\n"],
)
def test_tab_indentation_gets_the_tab_message(text):
    problem = _problem(text)
    assert (problem.line, problem.col) == (2, 1)
    assert problem.message == "不能用制表符（Tab）缩进或分隔，请改用空格"


def test_a_colon_in_plain_text_gets_a_hint_to_quote_it():
    problem = _problem("venue: 地点: 大厅\n")
    assert (problem.line, problem.col, problem.code) == (1, 10, "E-YAML")
    assert problem.message == "此处不能出现“键: 值”，请检查缩进或给含冒号的文字加引号"


def test_a_second_document_is_refused_at_its_marker():
    problem = _problem("agency: a\n---\nagency: b\n")
    assert (problem.line, problem.col, problem.code) == (2, 1, "E-YAML")
    assert problem.message == "一个文件只能包含一个 YAML 文档（删除多余的“---”）"


@pytest.mark.parametrize("text", ["", "\n\n", "# 只有注释\n"])
def test_a_file_without_content_is_empty(text):
    problem = _problem(text)
    assert (problem.line, problem.col, problem.code, problem.message) == (
        1,
        1,
        "E-EMPTY",
        "文件为空",
    )


def test_invalid_utf8_is_located_at_the_bad_byte():
    problem = _problem(b"agency: a\ntheme: ab\xff\n")
    assert problem == Problem(
        "events/a/2023-09-20-x.yml",
        2,
        10,
        "E-ENCODING",
        "文件不是有效的 UTF-8 编码，请以 UTF-8 保存",
    )


def test_invalid_utf8_after_chinese_text_is_located_in_characters():
    """In characters, as libyaml's marks and editors count, not in bytes (2:16 here)."""
    problem = _problem("agency: a\ntheme: 走进\n".encode()[:-1] + b"\xe8\n")
    assert (problem.line, problem.col) == (2, 10)


def test_a_nul_character_is_located():
    problem = _problem(b"agency: a\ntheme: a\x00b\n")
    assert problem == Problem(
        "events/a/2023-09-20-x.yml", 2, 9, "E-ENCODING", "文件中含有空字符（NUL），不是文本文件"
    )


def test_a_control_character_is_located_and_described_in_one_chinese_line():
    """libyaml's ReaderError is not a MarkedYAMLError: its English text spans two lines
    and has no place, so its position is read and its message translated."""
    problem = _problem("agency: a\ntheme: 走进\x07税务\n")
    assert (problem.line, problem.col) == (2, 10)
    assert problem.message == "文件中含有不允许的控制字符"


def test_an_unclosed_quote_points_at_where_the_quote_opened():
    """At the opening quote (libyaml's context mark), not the end of the file (its problem mark)."""
    problem = _problem('agency: a\ntheme: "走进税务\ntitle: b\n')
    assert problem.message == "文件意外结束（引号或括号未闭合？）"
    assert (problem.line, problem.col) == (2, 8)


def test_files_over_one_mebibyte_are_refused_without_parsing():
    raw = b"a: " + b"x" * MAX_BYTES
    assert _problem(raw) == Problem(
        "events/a/2023-09-20-x.yml",
        1,
        1,
        "E-SIZE",
        f"文件过大（{len(raw)} 字节），单个文件不得超过 1 MiB",
    )


def test_a_file_of_exactly_one_mebibyte_is_loaded():
    raw = b"a: b\n#" + b"x" * (MAX_BYTES - 7) + b"\n"
    assert len(raw) == MAX_BYTES
    assert _load(raw).data == {"a": "b"}


def test_load_error_carries_the_problem_as_its_text():
    with pytest.raises(LoadError) as caught:
        _load("")
    assert str(caught.value) == "events/a/2023-09-20-x.yml:1:1: E-EMPTY 文件为空"


@pytest.mark.attack
def test_read_refuses_links_and_pipes_and_bounds_what_it_reads(tmp_path) -> None:
    """The reader of ``openday history`` and ``openday new --from``, and the race-free
    refusal behind the checker's own look at each file."""
    (tmp_path / "zero.yml").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "pipe.yml")
    with (tmp_path / "huge.yml").open("wb") as sparse:
        sparse.truncate(8 * MAX_BYTES)
    found = {}
    for name in ("zero.yml", "pipe.yml", "huge.yml"):
        with pytest.raises(LoadError) as caught:
            read(tmp_path, name)
        found[name] = caught.value.problem.code
    assert found == {"zero.yml": "E-LINK", "pipe.yml": "E-READ", "huge.yml": "E-SIZE"}


def _typed(value: object) -> object:
    """``value`` with the type of every piece kept, so that ``Plain("1") != "1"``."""
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return (type(value).__name__, value)


RECORDS = sorted(
    path
    for folder in ("events", "tests/fixtures")
    for path in (Path(__file__).resolve().parents[2] / folder).rglob("*.y*ml")
)


@pytest.mark.parametrize("path", RECORDS, ids=lambda path: path.name)
def test_a_record_read_without_marks_holds_what_the_marking_builder_reads(path: Path) -> None:
    raw = path.read_bytes()
    try:
        source = _load(raw)
    except LoadError:
        return
    marked = _Builder(source.path).build(source.text)
    assert _typed(source.data) == _typed(marked.data)
    assert (source.values, source.keys, source.blocks) == marked.marks


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: 1\na: 2\n",
        "",
        "a: 1\n---\nb: 2\n",
        "- [" * 40 + "]" * 40 + "\n",
        "a: [1,\n",
    ],
)
def test_what_the_data_reader_leaves_to_the_builder_loads_as_the_builder_says(text: str) -> None:
    try:
        source = _load(text)
    except LoadError as exc:
        with pytest.raises(LoadError) as caught:
            _Builder(exc.problem.path).build(text)
        assert caught.value.problem == exc.problem
    else:
        assert source.marks is not None  # read by the builder, marks and all
        assert source.data == _Builder(source.path).build(text).data
