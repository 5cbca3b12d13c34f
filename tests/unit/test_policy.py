"""Policy presets (one per seed document) and overrides from mkdocs.yml."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from openday.domain.policy import (
    FORBIDDEN_NAMES,
    KINDS,
    NOTICE_ITEMS,
    PRESETS,
    PolicyError,
    Season,
    resolve,
)
from openday.domain.workdays import Deadline

# Each row reproduces a column of spec/policies.md.
EXPECTED = {
    # No local document: only what every open day needs; nothing else is required or limited.
    "baseline": dict(
        lead_days=None,
        capacity_min=None,
        capacity_max_per_site=None,
        capacity_warn_per_site=None,
        public_share_min=None,
        excluded_groups=(),
        host_kinds=set(KINDS),
        required_formats=(),
        feedback_due=None,
        report_due=None,
        naming=False,
        forbidden_names=(),
        plan_filed_before_notice=False,
        plan_filed_by=None,
        required_items=(),
    ),
    "region-2021": dict(
        lead_days=15,
        capacity_min=25,
        capacity_max_per_site=None,
        capacity_warn_per_site=None,
        public_share_min=None,
        excluded_groups=("deputies", "members"),
        host_kinds={"government", "department", "enterprise", "institution"},
        required_formats=(("forum", "survey"),),
        feedback_due=Deadline(15),
        report_due=None,
        naming=True,
        forbidden_names=("校园开放日", "司法开放日", "警务开放日", "政务服务开放日"),
        plan_filed_before_notice=True,
        plan_filed_by=None,
        # 000 二(五): 活动公告应包含以下事项 — the only document that lists them.
        required_items=(
            "capacity",
            "leaders",
            "content",
            "formats",
            "contact",
            "phone",
            "reminders",
        ),
    ),
    "hedong-2021": dict(
        lead_days=None,
        capacity_min=None,
        capacity_max_per_site=20,
        capacity_warn_per_site=None,
        public_share_min=Fraction(1, 3),
        excluded_groups=(),
        host_kinds={"department", "institution", "enterprise"},
        required_formats=(("forum",),),
        feedback_due=None,
        report_due=None,
        naming=False,
        forbidden_names=(),
        plan_filed_before_notice=True,
        plan_filed_by=None,
    ),
    "yishui-2023": dict(
        lead_days=None,
        capacity_min=None,
        capacity_max_per_site=30,
        capacity_warn_per_site=None,
        public_share_min=Fraction(1, 3),
        excluded_groups=(),
        host_kinds={"town", "street", "department", "institution", "enterprise"},
        required_formats=(("forum",),),
        feedback_due=None,
        report_due=Deadline(5, working=True),
        naming=False,
        forbidden_names=(),
        plan_filed_before_notice=False,
        plan_filed_by=date(2023, 9, 15),
        required_items=(),
    ),
    "sharihaolai-2023": dict(
        lead_days=None,
        capacity_min=None,
        capacity_max_per_site=None,
        capacity_warn_per_site=None,
        public_share_min=None,
        excluded_groups=(),
        host_kinds={"government", "town"},
        required_formats=(("forum",), ("survey",)),
        feedback_due=None,
        report_due=None,
        naming=False,
        forbidden_names=(),
        plan_filed_before_notice=False,
        plan_filed_by=None,
    ),
    "yanjiang-2022": dict(
        lead_days=None,
        capacity_min=None,
        capacity_max_per_site=None,
        capacity_warn_per_site=15,
        public_share_min=Fraction(1, 3),
        excluded_groups=(),
        host_kinds={"town", "street", "department", "institution", "enterprise"},
        required_formats=(("forum",),),
        feedback_due=Deadline(15, working=True),
        report_due=None,
        naming=False,
        forbidden_names=(),
        plan_filed_before_notice=False,
        plan_filed_by=None,
    ),
}
SEASONS = {
    "baseline": (),
    "region-2021": (
        (2021, date(2021, 9, 1), date(2021, 10, 31)),
        (2030, date(2030, 9, 1), date(2030, 10, 31)),
    ),
    "hedong-2021": (),
    "yishui-2023": ((2023, date(2023, 9, 11), date(2023, 10, 31)), (2024, None, None)),
    "sharihaolai-2023": ((2023, date(2023, 6, 6), date(2023, 6, 6)),),
    "yanjiang-2022": ((2022, date(2022, 8, 22), date(2022, 9, 22)), (2021, None, None)),
}


def test_there_is_one_preset_per_seed_document_and_a_baseline():
    assert list(PRESETS) == list(EXPECTED)
    assert len({policy.document for policy in PRESETS.values()}) == 6


def test_only_the_region_plan_requires_the_announcement_items():
    requiring = {name for name, policy in PRESETS.items() if policy.required_items}
    assert requiring == {"region-2021"}
    assert PRESETS["region-2021"].required_items == NOTICE_ITEMS


def test_the_required_items_can_be_overridden_by_name():
    policy = resolve("baseline", {"required_items": ["phone", "capacity"]})
    assert policy.required_items == ("phone", "capacity")
    assert resolve("region-2021", {"required_items": None}).required_items == ()


def test_an_unknown_announcement_item_is_refused_with_the_choices():
    with pytest.raises(PolicyError) as raised:
        resolve("baseline", {"required_items": ["telephone"]})
    assert str(raised.value) == (
        "规则 required_items 含未知的公告事项：telephone；"
        "可选：capacity、leaders、content、formats、contact、phone、reminders"
    )


@pytest.mark.parametrize("name", EXPECTED)
def test_each_preset_reproduces_the_rules_of_its_document(name):
    policy = resolve(name)
    for rule, value in EXPECTED[name].items():
        actual = getattr(policy, rule)
        assert (set(actual) if rule == "host_kinds" else actual) == value, rule
    assert policy.overrides == ()


@pytest.mark.parametrize("name", EXPECTED)
def test_each_preset_has_the_season_of_its_document(name):
    policy = resolve(name)
    if not SEASONS[name]:
        assert policy.season is None
    for year, first, last in SEASONS[name]:
        window = policy.season.window(year)
        assert window == (None if first is None else (first, last))


def test_presets_are_not_changed_by_overrides():
    resolve("region-2021", {"lead_days": 3})
    assert PRESETS["region-2021"].lead_days == 15


@pytest.mark.parametrize(
    ("rule", "value", "expected"),
    [
        ("feedback_due", "15个工作日", Deadline(15, working=True)),
        ("feedback_due", "15天", Deadline(15)),
        ("feedback_due", "15 天", Deadline(15)),
        ("feedback_due", "10 working days", Deadline(10, working=True)),
        ("feedback_due", "7 days", Deadline(7)),
        ("report_due", {"days": 15, "working": True}, Deadline(15, working=True)),
        ("report_due", {"days": 5}, Deadline(5)),
        ("materials_due", "2天", Deadline(2)),
        ("public_share_min", "1/3", Fraction(1, 3)),
        ("public_share_min", 0.5, Fraction(1, 2)),
        ("public_share_min", 1, Fraction(1)),
        ("lead_days", 10, 10),
        ("lead_days", 0, 0),
        ("capacity_warn_per_site", 20, 20),
        ("season", ["09-01", "10-31"], Season("09-01", "10-31")),
        ("season", [date(2024, 9, 1), date(2024, 10, 31)], Season("2024-09-01", "2024-10-31")),
        ("host_kinds", ["town", "street"], ("town", "street")),
        ("excluded_groups", ["deputies"], ("deputies",)),
        ("forbidden_names", ["警务开放日"], ("警务开放日",)),
        ("required_formats", [["forum", "survey"], ["office"]], (("forum", "survey"), ("office",))),
        ("plan_filed_by", date(2024, 9, 15), date(2024, 9, 15)),
        ("plan_filed_by", "2024-09-15", date(2024, 9, 15)),
        ("summary_due", "11-15", "11-15"),
        ("naming", True, True),
        ("response_required_when_adopted", True, True),
    ],
)
def test_overrides_parse_into_rule_values(rule, value, expected):
    policy = resolve("yanjiang-2022", {rule: value})
    assert getattr(policy, rule) == expected
    assert policy.overrides == (rule,)


@pytest.mark.parametrize(
    ("rule", "disabled"),
    [
        ("lead_days", None),
        ("capacity_min", None),
        ("feedback_due", None),
        ("season", None),
        ("public_share_min", None),
        ("plan_filed_by", None),
        ("excluded_groups", ()),
        ("forbidden_names", ()),
        ("required_formats", ()),
        ("naming", False),
        ("plan_filed_before_notice", False),
    ],
)
def test_null_switches_a_rule_off(rule, disabled):
    assert getattr(resolve("region-2021", {rule: None}), rule) == disabled


@pytest.mark.parametrize(
    ("rules", "key", "message"),
    [
        (
            {"feedback_due": "十五天"},
            "feedback_due",
            "规则 feedback_due 应写作“15天”或“15个工作日”，实际为“十五天”",
        ),
        (
            {"feedback_due": "15"},
            "feedback_due",
            "规则 feedback_due 应写作“15天”或“15个工作日”，实际为“15”",
        ),
        (
            {"public_share_min": "三分之一"},
            "public_share_min",
            "规则 public_share_min 应为比例，如 1/3，实际为“三分之一”",
        ),
        (
            {"public_share_min": "1/0"},
            "public_share_min",
            "规则 public_share_min 应为比例，如 1/3，实际为“1/0”",
        ),
        (
            {"public_share_min": "4/3"},
            "public_share_min",
            "规则 public_share_min 应在 0 和 1 之间，实际为“4/3”",
        ),
        (
            {"public_share_min": 0},
            "public_share_min",
            "规则 public_share_min 应在 0 和 1 之间，实际为“0”",
        ),
        (
            {"season": ["09-01"]},
            "season",
            "规则 season 应写作 [09-01, 10-31] 或 [2024-09-01, 2024-10-31]",
        ),
        (
            {"season": "09-01 至 10-31"},
            "season",
            "规则 season 应写作 [09-01, 10-31] 或 [2024-09-01, 2024-10-31]",
        ),
        ({"host_kinds": None}, "host_kinds", "规则 host_kinds 不能为空"),
        ({"host_kinds": ["village"]}, "host_kinds", "规则 host_kinds 含未知的单位类别：village"),
        ({"excluded_groups": "deputies"}, "excluded_groups", "规则 excluded_groups 应为文字列表"),
        (
            {"excluded_groups": ["press"]},
            "excluded_groups",
            "规则 excluded_groups 含未知的人员类别：press；可选：public、deputies、members、media、other",
        ),
        (
            {"required_formats": [["forum", "debate"]]},
            "required_formats",
            "规则 required_formats 含未知的活动形式：debate；"
            "可选：office、site、meeting、forum、survey、experience、online",
        ),
        (
            {"required_formats": ["forum"]},
            "required_formats",
            "规则 required_formats 应写作 [[forum, survey]]：每组至少具备其一",
        ),
        (
            {"required_formats": [[]]},
            "required_formats",
            "规则 required_formats 应写作 [[forum, survey]]：每组至少具备其一",
        ),
        (
            {"plan_filed_by": "9月15日"},
            "plan_filed_by",
            "规则 plan_filed_by 应为日期，实际为“9月15日”",
        ),
        (
            {"summary_due": "2024-11-15"},
            "summary_due",
            "规则 summary_due 应写作 MM-DD，实际为“2024-11-15”",
        ),
        ({"lead_days": -1}, "lead_days", "规则 lead_days 应为非负整数，实际为“-1”"),
        ({"lead_days": "15"}, "lead_days", "规则 lead_days 应为非负整数，实际为“15”"),
        ({"capacity_min": 2.5}, "capacity_min", "规则 capacity_min 应为非负整数，实际为“2.5”"),
        ({"lead_day": 15}, "lead_day", None),
    ],
)
def test_bad_overrides_raise_policy_error_naming_the_key(rules, key, message):
    with pytest.raises(PolicyError) as caught:
        resolve("region-2021", rules)
    assert caught.value.key == key
    if message is not None:
        assert str(caught.value) == message
    else:
        assert str(caught.value).startswith(f"未知的规则“{key}”，可覆盖的规则：lead_days、")


def test_a_number_rule_refuses_a_boolean_and_a_flag_refuses_a_word():
    with pytest.raises(PolicyError) as caught:
        resolve("region-2021", {"capacity_min": True})
    assert caught.value.key == "capacity_min"
    with pytest.raises(PolicyError) as caught:
        resolve("region-2021", {"naming": "yes"})
    assert (caught.value.key, str(caught.value)) == (
        "naming",
        "规则 naming 应为 true 或 false，实际为“yes”",
    )


@pytest.mark.parametrize(
    "value", [{"days": 0}, "0天", "0个工作日", {"days": 15, "working": "yes"}, {"weeks": 2}]
)
def test_a_deadline_must_be_a_positive_number_of_days(value):
    """Zero days is refused however it is written: “0天”, “0个工作日” and {days: 0} alike."""
    with pytest.raises(PolicyError) as caught:
        resolve("region-2021", {"feedback_due": value})
    assert caught.value.key == "feedback_due"


def test_a_missing_preset_is_asked_for_with_the_choices():
    with pytest.raises(PolicyError) as caught:
        resolve(None)
    assert caught.value.key == "policy"
    assert str(caught.value) == (
        "须为 openday 插件指定政策预设（policy），"
        "可选：baseline、region-2021、hedong-2021、yishui-2023、sharihaolai-2023、yanjiang-2022"
    )


@pytest.mark.parametrize("name", ["hedong", "yanjiang-2023", 2021])
def test_an_unknown_preset_is_refused_with_the_choices(name):
    with pytest.raises(PolicyError) as caught:
        resolve(name)
    assert caught.value.key == "policy"
    assert str(caught.value) == (
        f"未知的政策预设“{name}”，可选：baseline、region-2021、hedong-2021、yishui-2023、sharihaolai-2023、yanjiang-2022"
    )


def test_rules_must_be_a_mapping():
    with pytest.raises(PolicyError) as caught:
        resolve("region-2021", ["lead_days"])
    assert (caught.value.key, str(caught.value)) == ("rules", "rules 应为“规则名: 值”的映射")


def test_the_forbidden_names_and_kinds_are_those_of_the_documents():
    assert FORBIDDEN_NAMES == ("校园开放日", "司法开放日", "警务开放日", "政务服务开放日")
    assert KINDS == ("government", "department", "town", "street", "enterprise", "institution")
