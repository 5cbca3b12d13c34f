"""The site's settings for the ``openday`` plugin, read from ``mkdocs.yml``.

The command line needs the policy without starting MkDocs, so this reads the
file itself. ``mkdocs.yml`` may carry tags such as ``!!python/name:`` for
Markdown extensions and ``!ENV``; they are tolerated here and left to MkDocs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from ..domain.policy import Policy, PolicyError, resolve
from ..domain.problems import Problem

CONFIG_FILE = "mkdocs.yml"


class ConfigError(Exception):
    """The site configuration cannot be used; carries the located problem."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


class _TolerantLoader(yaml.SafeLoader):
    pass


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Settings:
    """What the plugin and the command line both need to know about a site."""

    policy: Policy
    timezone: ZoneInfo
    site_url: str = ""
    site_name: str = ""
    options: dict[str, Any] = field(default_factory=dict)


def _plugin_node(root: yaml.Node) -> yaml.Node | None:
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if key.value != "plugins" or not isinstance(value, yaml.SequenceNode):
            continue
        for item in value.value:
            if isinstance(item, yaml.MappingNode):
                for name, options in item.value:
                    if name.value == "openday":
                        return options
            elif isinstance(item, yaml.ScalarNode) and item.value == "openday":
                return item
    return None


def settings_from_options(options: dict[str, Any]) -> Settings:
    """Build settings from the plugin's options; raise :class:`PolicyError` when invalid."""
    policy = resolve(options.get("policy"), options.get("rules"))
    zone_name = options.get("timezone") or "Asia/Shanghai"
    try:
        zone = ZoneInfo(str(zone_name))
    except (ZoneInfoNotFoundError, ValueError):
        raise PolicyError("timezone", f"未知的时区“{zone_name}”，如 Asia/Shanghai") from None
    return Settings(policy=policy, timezone=zone, options=dict(options))


def load_settings(project: Path) -> Settings:
    """Read the ``openday`` plugin's options from ``project/mkdocs.yml``."""
    path = project / CONFIG_FILE
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise ConfigError(
            Problem(CONFIG_FILE, 1, 1, "E-CONFIG", "找不到 mkdocs.yml，请在站点根目录运行")
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            Problem(CONFIG_FILE, 1, 1, "E-CONFIG", f"无法读取 mkdocs.yml（{exc}）")
        ) from None
    try:
        root = yaml.compose(text, Loader=_TolerantLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ConfigError(
            Problem(CONFIG_FILE, line, col, "E-CONFIG", "mkdocs.yml 无法解析")
        ) from None
    node = _plugin_node(root)
    if node is None:
        raise ConfigError(
            Problem(CONFIG_FILE, 1, 1, "E-CONFIG", "mkdocs.yml 的 plugins 中没有 openday 插件")
        )
    loader = _TolerantLoader("")
    options = loader.construct_document(node) if isinstance(node, yaml.MappingNode) else {}
    data = yaml.load(text, Loader=_TolerantLoader) or {}
    try:
        settings = settings_from_options(options or {})
    except PolicyError as exc:
        line, col = _locate(node, exc.key)
        raise ConfigError(Problem(CONFIG_FILE, line, col, "E-CONFIG", str(exc))) from None
    return Settings(
        policy=settings.policy,
        timezone=settings.timezone,
        site_url=str(data.get("site_url") or ""),
        site_name=str(data.get("site_name") or ""),
        options=settings.options,
    )


def _locate(node: yaml.Node, key: str) -> tuple[int, int]:
    found = node.start_mark
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            for name, value in current.value:
                if name.value == key:
                    return name.start_mark.line + 1, name.start_mark.column + 1
                stack.append(value)
    return found.line + 1, found.column + 1


def read_today() -> date:
    """Today's date: ``OPENDAY_TODAY=YYYY-MM-DD`` when set, else the system date.

    Call it once per run and pass the value down; nothing else reads the clock.
    """
    value = os.environ.get("OPENDAY_TODAY")
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(
            Problem(
                "OPENDAY_TODAY",
                1,
                1,
                "E-CONFIG",
                f"环境变量 OPENDAY_TODAY 应为 YYYY-MM-DD，实际为“{value}”",
            )
        ) from None
