"""``.github/CODEOWNERS`` from the agency registry (``openday codeowners``).

Each unit's folder under ``events/`` belongs to the GitHub accounts or teams
listed as its ``owners`` in ``events/agencies.yml``; everything else (the
registry, ``mkdocs.yml`` with the policy, the generator, the workflows and
this file itself) belongs to the publishing office, named by the plugin
option ``office_owners``. With branch protection requiring a code owner's
review, a unit can then change only its own events, and nobody but the
office can change the rules.

GitHub applies the last matching line, so the office's catch-all comes
first, the units' folders next, and the office's own files last.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..domain.model import Agency
from ..domain.problems import Problem
from .records import EVENTS_DIR

CODEOWNERS_FILE = ".github/CODEOWNERS"
OPTION = "office_owners"

#: Paths only the office may change, in the order they appear, each with why.
OFFICE_PATHS: tuple[tuple[str, str], ...] = (
    (f"/{EVENTS_DIR}/agencies.yml", "承办单位名录"),
    ("/mkdocs.yml", "站点设置与所依据的政策（policy、rules）"),
    ("/generator/", "检查规则与生成程序（政策预设在 generator/openday/domain/policy.py）"),
    ("/pyproject.toml", "依赖版本"),
    ("/Makefile", "构建与测试命令"),
    ("/.pre-commit-hooks.yaml", "本地检查钩子"),
    ("/.github/", "工作流、PR 模板和本文件"),
)

_OWNER = re.compile(r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)?\Z")


class OwnersError(ValueError):
    """The office's owners are missing or malformed; the message is Chinese."""


def office_owners(options: Mapping[str, Any]) -> tuple[str, ...]:
    """The office's GitHub accounts or teams from the plugin options; raise :class:`OwnersError`."""
    value = options.get(OPTION)
    if not value:
        raise OwnersError(
            f"mkdocs.yml 的 openday 插件缺少 {OPTION}（政务公开办公室的 GitHub 团队），"
            "如 office_owners: ['@yanjiang-gov/zwgk']"
        )
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise OwnersError(f"{OPTION} 应为 GitHub 账号或团队的列表，如 ['@yanjiang-gov/zwgk']")
    bad = [v for v in value if not _OWNER.match(v)]
    if bad:
        raise OwnersError(
            f"{OPTION} 中“{bad[0]}”不是 GitHub 账号或团队，应写作 @账号 或 @组织/团队"
        )
    return tuple(value)


def render(agencies: Mapping[str, Agency], office: Iterable[str]) -> str:
    """The text of ``.github/CODEOWNERS``; the same registry always gives the same bytes."""
    office_text = " ".join(office)
    width = max(
        [len(f"/{EVENTS_DIR}/{agency_id}/") for agency_id in agencies]
        + [len(path) for path, _ in OFFICE_PATHS]
        + [1]
    )
    lines = [
        "# 由 openday codeowners 根据 events/agencies.yml 和 mkdocs.yml 的 office_owners 生成，请勿手工修改。",
        "# 改动承办单位或负责人后运行 openday codeowners；CI 用 openday codeowners --check 核对。",
        "# GitHub 按最后一条匹配的规则确定负责人。",
        "",
        "# 默认：政务公开办公室",
        f"{'*':<{width}} {office_text}",
        "",
        "# 各承办单位只负责本单位的活动文件夹（未登记 owners 的单位由政务公开办公室审核）",
    ]
    for agency_id in sorted(agencies):
        agency = agencies[agency_id]
        folder = f"/{EVENTS_DIR}/{agency_id}/"
        if agency.owners:
            lines.append(f"{folder:<{width}} {' '.join(agency.owners)}")
        else:
            lines.append(f"# {folder} 未登记 owners（{agency.name}）")
    lines += ["", "# 规则与站点设置：只有政务公开办公室可以改动"]
    for path, why in OFFICE_PATHS:
        lines.append(f"# {why}")
        lines.append(f"{path:<{width}} {office_text}")
    return "\n".join(lines) + "\n"


def compare(expected: str, actual: str | None) -> Problem | None:
    """The problem to report when the committed file differs from what the registry gives."""
    if actual == expected:
        return None
    if actual is None:
        message = "缺少 .github/CODEOWNERS，请运行 openday codeowners 生成并提交"
        return Problem(CODEOWNERS_FILE, 1, 1, "E-CODEOWNERS", message)
    old, new = actual.splitlines(), expected.splitlines()
    line = next(
        (i + 1 for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
        min(len(old), len(new)) + 1,
    )
    return Problem(
        CODEOWNERS_FILE,
        line,
        1,
        "E-CODEOWNERS",
        ".github/CODEOWNERS 与 events/agencies.yml 不一致（本行起不同），"
        "请运行 openday codeowners 重新生成并提交",
    )
