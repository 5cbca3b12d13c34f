"""The schema interpreter: types from the schema only, located Chinese messages."""

from __future__ import annotations

import pytest
from openday.checking import shape
from openday.sources.yamlsource import load

PLAN = "agency: yishui-tax\ntheme: 走进税务\nstart: 2023-09-20\n"


def _check(text: str, schema: str = "event"):
    return shape.check(load("f.yml", text.encode()), schema)


def _messages(text: str, schema: str = "event") -> list[str]:
    return [str(problem) for problem in _check(text, schema)[1]]


def test_plain_decimal_text_becomes_an_integer_only_where_the_schema_asks():
    data, problems = _check(PLAN + "capacity: 30\nleaders: [30]\nkeywords: 30\n")
    assert problems == []
    assert data["capacity"] == 30 and type(data["capacity"]) is int
    assert data["leaders"] == ["30"] and type(data["leaders"][0]) is not int
    assert data["keywords"] == "30"


def test_text_that_pyyaml_would_retype_stays_text():
    data, problems = _check(
        "agency: yishui-tax\ntheme: 10:30\nstart: 2023-09-20\nleaders: [no, yes, off, 1e3]\n"
    )
    assert problems == []
    assert data["theme"] == "10:30"
    assert data["leaders"] == ["no", "yes", "off", "1e3"]


def test_a_signed_integer_is_read_and_checked_against_its_minimum():
    assert _check(PLAN + "capacity: +30\n")[0]["capacity"] == 30
    assert _messages(PLAN + "capacity: -1\n") == [
        "f.yml:4:11: E-RANGE 参加人数（capacity）应为正整数，实际为 -1"
    ]
    assert _messages(PLAN + "revision: -1\n") == [
        "f.yml:4:11: E-RANGE 修订次数（revision）应为不小于 0 的整数，实际为 -1"
    ]


def test_a_quoted_number_is_asked_to_lose_its_quotes():
    assert _messages(PLAN + 'capacity: "30"\n') == [
        "f.yml:4:11: E-TYPE 参加人数（capacity）应为整数，不要加引号"
    ]


@pytest.mark.parametrize("text", ["30.0", "0x1e", "1_000", "030", "三十", "30人"])
def test_other_number_spellings_are_not_integers(text):
    assert _messages(PLAN + f"capacity: {text}\n") == [
        f"f.yml:4:11: E-TYPE 参加人数（capacity）应为整数，实际为“{text}”"
    ]


@pytest.mark.parametrize("empty", ["", "~", "null", "Null", "NULL"])
def test_a_plain_null_is_an_empty_value(empty):
    assert _messages(f"agency: yishui-tax\ntheme: {empty}\nstart: 2023-09-20\n") == [
        f"f.yml:2:{8 if empty else 7}: E-EMPTY 开放主题（theme）不能为空"
    ]


def test_a_quoted_null_word_is_just_text():
    data, problems = _check('agency: yishui-tax\ntheme: "null"\nstart: 2023-09-20\n')
    assert problems == [] and data["theme"] == "null"


def test_a_blank_markdown_field_is_empty():
    assert _messages(PLAN + 'content: "   "\n') == [
        "f.yml:4:10: E-EMPTY 活动内容（content）不能为空"
    ]


def test_a_one_line_field_refuses_a_trailing_line_break():
    """``theme: |`` ends in a line break, which Python's ``$`` would let through.

    The schema says 一行文字, and an editor (ECMA-262 regex) rejects the same value.
    """
    assert _messages("agency: yishui-tax\ntheme: |\n  走进税务\nstart: 2023-09-20\n") == [
        "f.yml:2:8: E-FORMAT 开放主题（theme）格式不正确：应为一行文字，不能含换行、控制字符或文字方向控制符，实际为“走进税务\\u000a”"
    ]


def test_a_line_break_inside_a_one_line_field_is_shown_escaped():
    assert _messages('agency: yishui-tax\ntheme: "走进\\n税务"\nstart: 2023-09-20\n') == [
        "f.yml:2:8: E-FORMAT 开放主题（theme）格式不正确：应为一行文字，不能含换行、控制字符或文字方向控制符，实际为“走进\\u000a税务”"
    ]


def test_long_offending_text_is_cut_in_the_message():
    long = "走" * 80
    [message] = _messages(f"agency: yishui-tax\ntheme: '{long}\t'\nstart: 2023-09-20\n")
    assert message.endswith("实际为“" + "走" * 60 + "…”")


def test_missing_plan_keys_are_reported_at_the_root():
    assert _messages("agency: yishui-tax\ntheme: 走进税务\n") == [
        "f.yml:1:1: E-REQUIRED 缺少必填项开始时间（start）"
    ]


def test_a_notice_needs_what_every_open_day_needs_and_the_schema_asks_no_more():
    """Title, when, where and how to take part; the policy decides about the other items
    (``records.notice_items``), so that a jurisdiction without a document gets warnings."""
    assert _messages(PLAN + "published: 2023-09-01\n") == [
        f"f.yml:1:1: E-REQUIRED 已发布公告（填写了 published）须填写{item}"
        for item in (
            "公告标题（title）",
            "报名方式（registration）",
            "结束时间（end）",
            "活动地点（venue）",
        )
    ]


def test_a_missing_nested_key_is_reported_at_its_parents_key():
    assert _messages(PLAN + "report:\n  attendance: 3\n  summary: 座谈\n") == [
        "f.yml:4:1: E-REQUIRED 缺少必填项活动报道中报道发布日期（published）"
    ]


def test_an_unknown_key_suggests_the_closest_known_one():
    assert _messages(PLAN + "titel: x\n") == [
        "f.yml:4:1: E-KEY 未知的字段“titel”，是否应为“title”（公告标题）？"
    ]


def test_an_unknown_top_level_key_points_to_local_extensions():
    assert _messages(PLAN + "budget: 1000\n") == [
        "f.yml:4:1: E-KEY 未知的字段“budget”（本地扩展字段请以 x- 开头）"
    ]
    assert _check(PLAN + "x-budget: {total: 1000}\n")[1] == []


def test_an_unknown_nested_key_does_not_suggest_an_x_prefix_that_is_refused_there_too():
    """Only the record's top level accepts x- keys, so only there is the hint given."""
    assert _messages(PLAN + "contact: {name: a, phone: '12345', x-fax: 1}\n") == [
        "f.yml:4:36: E-KEY 未知的字段“x-fax”"
    ]
    assert _messages(PLAN + "contact: {name: a, phone: '12345', fax: 1}\n") == [
        "f.yml:4:36: E-KEY 未知的字段“fax”"
    ]


def test_a_wrong_type_names_the_item_and_what_was_found():
    assert _messages(PLAN + "leaders: 局长\n") == [
        "f.yml:4:10: E-TYPE 参加领导（leaders）应为列表，实际为“局长”"
    ]
    assert _messages(PLAN + "contact: [李某]\n") == [
        "f.yml:4:10: E-TYPE 联系方式（contact）应为键值映射，实际为列表"
    ]
    assert _messages("- a\n") == ["f.yml:1:1: E-TYPE 政府开放日活动记录应为键值映射，实际为列表"]


def test_a_venue_is_one_text_or_a_list_of_sites():
    assert _check(PLAN + "venue: 大厅\n")[0]["venue"] == "大厅"
    assert _check(PLAN + "venue: [大厅, 会议室]\n")[0]["venue"] == ["大厅", "会议室"]
    assert _messages(PLAN + "venue: {a: 1}\n") == [
        "f.yml:4:8: E-TYPE 活动地点（venue）应为文字或列表，实际为键值映射"
    ]
    assert _messages(PLAN + "venue: []\n") == [
        "f.yml:4:8: E-EMPTY 活动地点（venue）不能为空，至少填写 1 项"
    ]


def test_an_unknown_choice_lists_the_choices_with_their_chinese_names():
    assert _messages(PLAN + "status: done\n") == [
        "f.yml:4:9: E-ENUM 状态（status）的值“done”无效，可选：cancelled（已取消）、postponed（已延期）"
    ]


def test_a_repeated_choice_is_reported_at_the_repetition():
    assert _messages(PLAN + "formats: [forum, office, forum]\n") == [
        "f.yml:4:26: E-DUPLICATE 活动形式（formats）中“forum”重复"
    ]


def test_an_empty_required_list_is_reported():
    assert _messages(PLAN + "formats: []\n") == [
        "f.yml:4:10: E-EMPTY 活动形式（formats）不能为空，至少填写 1 项"
    ]


def test_a_pattern_mismatch_quotes_the_text_and_the_expected_form():
    assert _messages(PLAN + "filed: 2023/09/01\n") == [
        "f.yml:4:8: E-FORMAT 备案日期（filed）格式不正确：应为日期，写作 YYYY-MM-DD，如 2023-09-01，实际为“2023/09/01”"
    ]


def test_agency_ids_are_checked_as_keys():
    text = "yishui-tax:\n  name: 沂水县税务局\n  kind: department\n  region: 山东省/临沂市/沂水县\nYishui_Tax:\n  name: x\n  kind: town\n  region: x\n"
    data, problems = _check(text, "agencies")
    assert [str(p) for p in problems] == [
        "f.yml:5:1: E-FORMAT 编号“Yishui_Tax”格式不正确：应为小写字母、数字和“-”组成，如 yj-fgj"
    ]
    assert data == {
        "yishui-tax": {
            "name": "沂水县税务局",
            "kind": "department",
            "region": "山东省/临沂市/沂水县",
        }
    }


def test_an_agency_kind_must_be_one_of_the_six():
    text = "a:\n  name: 某单位\n  kind: village\n  region: x\n"
    assert _messages(text, "agencies") == [
        "f.yml:3:9: E-ENUM 单位类别（kind）的值“village”无效，可选：government（人民政府）、department（政府部门）、town（乡镇）、street（街道）、enterprise（企业）、institution（事业单位）"
    ]


def test_shipped_schemas_are_loaded_once_by_name():
    assert shape.schema("event") is shape.schema("event")
    assert shape.schema("agencies")["title"] == "承办单位名录"
