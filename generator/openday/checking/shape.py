"""Shape checking against the shipped JSON Schemas, with located Chinese messages.

The schemas in ``schema/`` are the single description of what keys exist and
what type each holds; editors read them for completion, and this module reads
them to check files. It interprets the subset of draft-07 the schemas use
(type, properties, required, additionalProperties, patternProperties,
propertyNames, enum, items, minItems, uniqueItems, minimum, minLength,
pattern, anyOf, if/then on required keys) and, while checking, turns YAML text
into typed values: plain decimal text becomes an integer only where the schema
asks for one, plain ``~``/``null``/empty becomes ``None``, everything else
stays text.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from importlib import resources
from typing import Any

from ..domain.problems import Problem, shown
from ..sources.yamlsource import Path, Plain, Source

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TYPE_NAMES = {
    "string": "文字",
    "integer": "整数",
    "boolean": "是或否（true/false）",
    "array": "列表",
    "object": "键值映射",
}


@cache
def schema(name: str) -> dict:
    """The shipped schema ``name`` (``event`` or ``agencies``)."""
    text = resources.files("openday").joinpath("schema", f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def _pattern(expression: str) -> re.Pattern[str]:
    # The schemas end patterns with (?![\s\S]) rather than $, which in Python (unlike
    # ECMA-262, which editors use) also matches before a final line break.
    return re.compile(expression)


def _actual(value: Any) -> str:
    if isinstance(value, dict):
        return "键值映射"
    if isinstance(value, list):
        return "列表"
    return f"“{shown(str(value))}”"


def _name(node: dict, key: str | int | None) -> str:
    title = node.get("title")
    if isinstance(key, str) and title:
        return f"{title}（{key}）"
    return title or str(key)


class _Checker:
    def __init__(self, source: Source):
        self.source = source
        self.problems: list[Problem] = []

    def report(self, path: Path, code: str, message: str, *, on_key: bool = False) -> None:
        self.problems.append(self.source.problem(path, code, message, on_key=on_key))

    def check(self, node: dict, value: Any, path: Path) -> Any:
        if isinstance(value, Plain) and value in _NULLS:
            key = path[-1] if path else None
            self.report(path, "E-EMPTY", f"{_name(node, key)}不能为空")
            return None
        if "anyOf" in node:
            return self._any_of(node, value, path)
        check = _CHECKS.get(node.get("type"))
        return value if check is None else check(self, node, value, path)

    def _wrong_type(self, node: dict, value: Any, path: Path, expected: str) -> None:
        key = path[-1] if path else None
        self.report(
            path,
            "E-TYPE",
            f"{_name(node, key)}应为{_TYPE_NAMES[expected]}，实际为{_actual(value)}",
        )

    def _any_of(self, node: dict, value: Any, path: Path) -> Any:
        branches = node["anyOf"]
        for branch in branches:
            if _fits_type(branch.get("type"), value):
                merged = {"title": node.get("title"), **branch}
                return self.check(merged, value, path)
        names = "或".join(_TYPE_NAMES[b["type"]] for b in branches)
        key = path[-1] if path else None
        self.report(path, "E-TYPE", f"{_name(node, key)}应为{names}，实际为{_actual(value)}")
        return None

    def _object(self, node: dict, value: Any, path: Path) -> Any:
        if not isinstance(value, dict):
            self._wrong_type(node, value, path, "object")
            return None
        properties: dict = node.get("properties", {})
        patterns: dict = node.get("patternProperties", {})
        extra = node.get("additionalProperties", True)
        names = node.get("propertyNames")
        result: dict = {}
        for name, item in value.items():
            item_path = (*path, name)
            if names and "pattern" in names and not _pattern(names["pattern"]).search(name):
                self.report(
                    item_path,
                    "E-FORMAT",
                    f"编号“{shown(name)}”格式不正确：应为{node.get('x-key-format', '规定格式')}",
                    on_key=True,
                )
                continue
            if name in properties:
                result[name] = self.check(properties[name], item, item_path)
            elif any(_pattern(p).search(name) for p in patterns):
                result[name] = item
            elif isinstance(extra, dict):
                result[name] = self.check(extra, item, item_path)
            elif extra is False:
                message = _unknown_key(name, properties, extensible=bool(patterns))
                self.report(item_path, "E-KEY", message, on_key=True)
        for name in [*node.get("required", ()), *_required_unless(node, result)]:
            if name not in value:
                self._missing(node, properties, name, path, None)
        condition = node.get("if")
        if condition and all(name in value for name in condition.get("required", ())):
            then = node.get("then", {})
            for name in [*then.get("required", ()), *_required_unless(then, result)]:
                if name not in value:
                    self._missing(node, properties, name, path, then.get("x-stage"))
        return result

    def _missing(self, node: dict, properties: dict, name: str, path: Path, stage: str | None):
        child = properties.get(name, {})
        prefix = f"{stage}须填写" if stage else "缺少必填项"
        where = f"{node['title']}中" if path and node.get("title") else ""
        self.report(path, "E-REQUIRED", f"{prefix}{where}{_name(child, name)}", on_key=bool(path))

    def _array(self, node: dict, value: Any, path: Path) -> Any:
        if not isinstance(value, list):
            self._wrong_type(node, value, path, "array")
            return None
        key = path[-1] if path else None
        if len(value) < node.get("minItems", 0):
            self.report(
                path, "E-EMPTY", f"{_name(node, key)}不能为空，至少填写 {node['minItems']} 项"
            )
        items = node.get("items", {})
        result = [self.check(items, item, (*path, i)) for i, item in enumerate(value)]
        if node.get("uniqueItems"):
            seen: set = set()
            for i, item in enumerate(result):
                if not isinstance(item, str | int):
                    continue
                if item in seen:
                    self.report((*path, i), "E-DUPLICATE", f"{_name(node, key)}中“{item}”重复")
                seen.add(item)
        return result

    def _integer(self, node: dict, value: Any, path: Path) -> Any:
        key = path[-1] if path else None
        if not (isinstance(value, Plain) and _INT.match(value)):
            if isinstance(value, str) and _INT.match(value):
                message = f"{_name(node, key)}应为整数，不要加引号"
            else:
                message = f"{_name(node, key)}应为整数，实际为{_actual(value)}"
            self.report(path, "E-TYPE", message)
            return None
        if len(value.lstrip("+-")) > 9:
            self.report(path, "E-RANGE", f"{_name(node, key)}数值过大（超过 9 位数）")
            return None
        number = int(value)
        minimum = node.get("minimum")
        if minimum is not None and number < minimum:
            limit = "正整数" if minimum == 1 else f"不小于 {minimum} 的整数"
            self.report(path, "E-RANGE", f"{_name(node, key)}应为{limit}，实际为 {number}")
            return None
        return number

    def _boolean(self, node: dict, value: Any, path: Path) -> Any:
        # Only the two words YAML 1.2 knows: yes/no/on/off read differently in other tools.
        if isinstance(value, Plain) and value in ("true", "false"):
            return value == "true"
        key = path[-1] if path else None
        self.report(path, "E-TYPE", f"{_name(node, key)}应为 true 或 false，实际为{_actual(value)}")
        return None

    def _string(self, node: dict, value: Any, path: Path) -> Any:
        if not isinstance(value, str):
            self._wrong_type(node, value, path, "string")
            return None
        text = str(value)
        key = path[-1] if path else None
        if "enum" in node:
            if text not in node["enum"]:
                self.report(
                    path,
                    "E-ENUM",
                    f"{_name(node, key)}的值“{shown(text)}”无效，可选：{_choices(node)}",
                )
                return None
            return text
        minimum = node.get("minLength")
        if minimum is not None and len(text.strip()) < minimum:
            self.report(path, "E-EMPTY", f"{_name(node, key)}不能为空")
            return None
        pattern = node.get("pattern")
        if pattern and not _pattern(pattern).search(text):
            hint = node.get("x-format", "规定格式")
            self.report(
                path, "E-FORMAT", f"{_name(node, key)}格式不正确：应为{hint}，实际为“{shown(text)}”"
            )
            return None
        return text


_CHECKS = {
    "object": _Checker._object,
    "array": _Checker._array,
    "integer": _Checker._integer,
    "string": _Checker._string,
    "boolean": _Checker._boolean,
}


def _required_unless(node: dict, result: dict) -> list[str]:
    """Keys of ``x-required-unless`` (``{key: [alternatives]}``) that are required here: those
    none of whose alternatives is written (and not ``false``). Draft-07 says this only with
    nested not/anyOf, which editors then report in English; so editors are not told, and
    ``openday check`` is."""
    return [
        name
        for name, alternatives in node.get("x-required-unless", {}).items()
        if not any(alt in result and result[alt] is not False for alt in alternatives)
    ]


def _fits_type(kind: str | None, value: Any) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "array":
        return isinstance(value, list)
    if kind == "boolean":
        return isinstance(value, Plain) and value in ("true", "false")
    if kind == "object":
        return isinstance(value, dict)
    return kind is None


def _choices(node: dict) -> str:
    labels = node.get("enumDescriptions") or [""] * len(node["enum"])
    return "、".join(
        f"{v}（{label}）" if label else v for v, label in zip(node["enum"], labels, strict=True)
    )


def _unknown_key(name: str, properties: dict, *, extensible: bool) -> str:
    message = f"未知的字段“{shown(name)}”"
    close = difflib.get_close_matches(name, list(properties), n=1, cutoff=0.6)
    if close:
        title = properties[close[0]].get("title")
        suggestion = f"“{close[0]}”（{title}）" if title else f"“{close[0]}”"
        message += f"，是否应为{suggestion}？"
    elif extensible and not name.startswith("x-"):
        message += "（本地扩展字段请以 x- 开头）"
    return message


def check(source: Source, schema_name: str) -> tuple[Any, list[Problem]]:
    """Check ``source`` against a shipped schema; return typed data and the problems found."""
    checker = _Checker(source)
    data = checker.check(schema(schema_name), source.data, ())
    return data, checker.problems
