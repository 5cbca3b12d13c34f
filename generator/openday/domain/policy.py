"""Jurisdiction policies: one preset per source document, overridable rule by rule.

Each preset reproduces the rules of one notice in ``shared/seeds`` (see
``spec/policies.md``). A site names its preset in ``mkdocs.yml``::

    plugins:
      - openday:
          policy: yanjiang-2022
          rules:                 # optional overrides of single rules
            capacity_warn_per_site: 20

``None`` (``null`` in YAML) switches a rule off.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from .vocab import FORMAT_NAMES, GROUP_NAMES, KIND_NAMES, NOTICE_ITEM_NAMES
from .workdays import Deadline

FORBIDDEN_NAMES = ("校园开放日", "司法开放日", "警务开放日", "政务服务开放日")
KINDS = tuple(KIND_NAMES)
#: The announcement items a policy may require; only a policy that lists an item requires it.
NOTICE_ITEMS = tuple(NOTICE_ITEM_NAMES)


@dataclass(frozen=True, slots=True)
class Season:
    """When events may take place. ``first``/``last`` are ``MM-DD`` (every year) or full dates."""

    first: str
    last: str

    def window(self, year: int) -> tuple[date, date] | None:
        """The allowed days in ``year``, or None when this season says nothing about it."""
        if len(self.first) == 5:
            return (
                date(year, int(self.first[:2]), int(self.first[3:])),
                date(year, int(self.last[:2]), int(self.last[3:])),
            )
        first, last = date.fromisoformat(self.first), date.fromisoformat(self.last)
        return (first, last) if first.year <= year <= last.year else None


@dataclass(frozen=True, slots=True)
class Policy:
    """The rules one jurisdiction sets for its 政府开放日 announcements and follow-up."""

    name: str
    document: str
    lead_days: int | None = None
    capacity_min: int | None = None
    capacity_max_per_site: int | None = None
    capacity_warn_per_site: int | None = None
    public_share_min: Fraction | None = None
    excluded_groups: tuple[str, ...] = ()
    host_kinds: tuple[str, ...] = KINDS
    season: Season | None = None
    required_formats: tuple[tuple[str, ...], ...] = ()
    feedback_due: Deadline | None = None
    report_due: Deadline | None = None
    naming: bool = False
    forbidden_names: tuple[str, ...] = ()
    plan_filed_by: date | None = None
    plan_filed_before_notice: bool = False
    materials_due: Deadline | None = None
    summary_due: str | None = None
    response_required_when_adopted: bool = False
    required_items: tuple[str, ...] = ()
    overrides: tuple[str, ...] = field(default=(), compare=False)


PRESETS: dict[str, Policy] = {
    policy.name: policy
    for policy in (
        # For a jurisdiction without a document of its own: what every open day needs.
        Policy(name="baseline", document="通用规则（本地未出台专门文件）"),
        Policy(
            name="region-2021",
            document="全区“政府开放日”工作方案",
            lead_days=15,
            capacity_min=25,
            excluded_groups=("deputies", "members"),
            host_kinds=("government", "department", "enterprise", "institution"),
            season=Season("09-01", "10-31"),
            required_formats=(("forum", "survey"),),
            feedback_due=Deadline(15),
            naming=True,
            forbidden_names=FORBIDDEN_NAMES,
            plan_filed_before_notice=True,
            summary_due="11-15",
            required_items=NOTICE_ITEMS,
        ),
        Policy(
            name="hedong-2021",
            document="河东区“政府开放日”活动实施方案",
            capacity_max_per_site=20,
            public_share_min=Fraction(1, 3),
            host_kinds=("department", "institution", "enterprise"),
            required_formats=(("forum",),),
            plan_filed_before_notice=True,
            materials_due=Deadline(2),
        ),
        Policy(
            name="yishui-2023",
            document="沂水县人民政府办公室关于组织开展“政府开放日”活动的通知",
            capacity_max_per_site=30,
            public_share_min=Fraction(1, 3),
            host_kinds=("town", "street", "department", "institution", "enterprise"),
            season=Season("2023-09-11", "2023-10-31"),
            required_formats=(("forum",),),
            report_due=Deadline(5, working=True),
            plan_filed_by=date(2023, 9, 15),
        ),
        Policy(
            name="sharihaolai-2023",
            document="沙日浩来镇2023年“政府开放日”活动实施方案",
            host_kinds=("government", "town"),
            season=Season("2023-06-06", "2023-06-06"),
            required_formats=(("forum",), ("survey",)),
        ),
        Policy(
            name="yanjiang-2022",
            document="资阳市雁江区人民政府办公室关于开展“政府开放日”活动的通知",
            capacity_warn_per_site=15,
            public_share_min=Fraction(1, 3),
            host_kinds=("town", "street", "department", "institution", "enterprise"),
            season=Season("2022-08-22", "2022-09-22"),
            required_formats=(("forum",),),
            feedback_due=Deadline(15, working=True),
            materials_due=Deadline(3),
        ),
    )
}


class PolicyError(ValueError):
    """An unknown preset or a malformed override; ``key`` names the offending setting."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


_DEADLINE = re.compile(r"([0-9]+)\s*(个工作日|天|working days?|days?)\Z")
_MM_DD = re.compile(r"([0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{2}-[0-9]{2})\Z")


def _deadline(key: str, value: Any) -> Deadline:
    if isinstance(value, dict) and set(value) <= {"days", "working"} and "days" in value:
        days, working = value["days"], value.get("working", False)
        if isinstance(days, int) and days > 0 and isinstance(working, bool):
            return Deadline(days, working)
    match = _DEADLINE.match(str(value).strip())
    if match and int(match[1]) > 0:
        return Deadline(int(match[1]), match[2] in ("个工作日", "working day", "working days"))
    raise PolicyError(key, f"规则 {key} 应写作“15天”或“15个工作日”，实际为“{value}”")


_LISTS = (
    "host_kinds", "excluded_groups", "forbidden_names", "required_formats", "required_items",
)  # fmt: skip
_FLAGS = ("naming", "plan_filed_before_notice", "response_required_when_adopted")


def _convert(name: str, value: Any) -> Any:
    key = name
    if value is None:
        if name == "host_kinds":
            raise PolicyError(key, "规则 host_kinds 不能为空")
        return () if name in _LISTS else (False if name in _FLAGS else None)
    if name in ("feedback_due", "report_due", "materials_due"):
        return _deadline(key, value)
    if name == "public_share_min":
        try:
            share = Fraction(str(value))
        except (ValueError, ZeroDivisionError):
            raise PolicyError(key, f"规则 {key} 应为比例，如 1/3，实际为“{value}”") from None
        if not 0 < share <= 1:
            raise PolicyError(key, f"规则 {key} 应在 0 和 1 之间，实际为“{value}”")
        return share
    if name == "season":
        if isinstance(value, list) and len(value) == 2 and all(_MM_DD.match(str(v)) for v in value):
            return Season(str(value[0]), str(value[1]))
        raise PolicyError(key, "规则 season 应写作 [09-01, 10-31] 或 [2024-09-01, 2024-10-31]")
    if name in ("host_kinds", "excluded_groups", "forbidden_names", "required_items"):
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            if name == "host_kinds" and (unknown := [v for v in value if v not in KINDS]):
                raise PolicyError(key, f"规则 host_kinds 含未知的单位类别：{'、'.join(unknown)}")
            if name == "excluded_groups" and (
                unknown := [v for v in value if v not in GROUP_NAMES]
            ):
                raise PolicyError(
                    key,
                    f"规则 excluded_groups 含未知的人员类别：{'、'.join(unknown)}；"
                    f"可选：{'、'.join(GROUP_NAMES)}",
                )
            if name == "required_items" and (
                unknown := [v for v in value if v not in NOTICE_ITEMS]
            ):
                raise PolicyError(
                    key,
                    f"规则 required_items 含未知的公告事项：{'、'.join(unknown)}；"
                    f"可选：{'、'.join(NOTICE_ITEMS)}",
                )
            return tuple(value)
        raise PolicyError(key, f"规则 {key} 应为文字列表")
    if name == "required_formats":
        if isinstance(value, list) and all(
            isinstance(v, list) and v and all(isinstance(x, str) for x in v) for v in value
        ):
            if unknown := [x for v in value for x in v if x not in FORMAT_NAMES]:
                raise PolicyError(
                    key,
                    f"规则 required_formats 含未知的活动形式：{'、'.join(unknown)}；"
                    f"可选：{'、'.join(FORMAT_NAMES)}",
                )
            return tuple(tuple(v) for v in value)
        raise PolicyError(key, "规则 required_formats 应写作 [[forum, survey]]：每组至少具备其一")
    if name == "plan_filed_by":
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise PolicyError(key, f"规则 {key} 应为日期，实际为“{value}”") from None
    if name == "summary_due":
        if _MM_DD.match(str(value)) and len(str(value)) == 5:
            return str(value)
        raise PolicyError(key, f"规则 {key} 应写作 MM-DD，实际为“{value}”")
    if name in _FLAGS:
        if isinstance(value, bool):
            return value
        raise PolicyError(key, f"规则 {key} 应为 true 或 false，实际为“{value}”")
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PolicyError(key, f"规则 {key} 应为非负整数，实际为“{value}”")
    return value


_OVERRIDABLE = tuple(
    f.name for f in dataclasses.fields(Policy) if f.name not in ("name", "document", "overrides")
)


def resolve(name: Any, rules: dict[str, Any] | None = None) -> Policy:
    """The preset ``name`` with ``rules`` applied; raise :class:`PolicyError` when invalid."""
    if name is None:
        raise PolicyError(
            "policy", f"须为 openday 插件指定政策预设（policy），可选：{'、'.join(PRESETS)}"
        )
    if not isinstance(name, str) or name not in PRESETS:
        raise PolicyError("policy", f"未知的政策预设“{name}”，可选：{'、'.join(PRESETS)}")
    policy = PRESETS[name]
    if not rules:
        return policy
    if not isinstance(rules, dict):
        raise PolicyError("rules", "rules 应为“规则名: 值”的映射")
    changes: dict[str, Any] = {}
    for key, value in rules.items():
        if key not in _OVERRIDABLE:
            raise PolicyError(key, f"未知的规则“{key}”，可覆盖的规则：{'、'.join(_OVERRIDABLE)}")
        changes[key] = _convert(key, value)
    return dataclasses.replace(policy, overrides=tuple(changes), **changes)
