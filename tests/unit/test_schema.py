"""The shipped JSON Schemas: valid draft-07, documented in Chinese, and agreeing with the checker.

Editors validate with the schemas, the checker with :mod:`openday.checking.shape`; staff must get
the same verdict from both. The loader keeps every scalar as text, so the JSON view
that ``jsonschema`` validates is built here the way the contract describes: a plain
(unquoted) scalar written as a decimal integer is a number where the schema asks for an
integer, a plain ``~``/``null``/empty scalar is null, everything else is a string.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from openday.checking import shape
from openday.sources.yamlsource import LoadError, Plain, load

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CJK = re.compile(r"[\u4e00-\u9fff]")
NULLS = {"", "~", "null", "Null", "NULL"}
DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)")


def _named_properties(node: Any, where: str = "") -> list[tuple[str, dict]]:
    """Every (path, schema) of a named property, at any depth."""
    found: list[tuple[str, dict]] = []
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            found.append((f"{where}.{name}", sub))
            found += _named_properties(sub, f"{where}.{name}")
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                found += _named_properties(node[key], f"{where}[{key}]")
        for i, branch in enumerate(node.get("anyOf", ())):
            found += _named_properties(branch, f"{where}|{i}")
    return found


@pytest.mark.parametrize("name", ["event", "agencies"])
def test_the_schema_is_valid_draft_07(name):
    document = shape.schema(name)
    assert document["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(document)


@pytest.mark.parametrize("name", ["event", "agencies"])
def test_every_property_has_a_chinese_title_and_description(name):
    properties = _named_properties(shape.schema(name))
    assert len(properties) > (40 if name == "event" else 4)
    for where, sub in properties:
        assert CJK.search(sub.get("title", "")), f"{where} has no Chinese title"
        assert CJK.search(sub.get("description", "")), f"{where} has no Chinese description"


@pytest.mark.parametrize("name", ["event", "agencies"])
def test_every_list_item_and_registry_entry_has_a_chinese_title_for_messages(name):
    def walk(node: Any, where: str) -> None:
        if not isinstance(node, dict):
            return
        for key in ("items", "additionalProperties"):
            sub = node.get(key)
            if isinstance(sub, dict):
                assert CJK.search(sub.get("title", "")), f"{where}[{key}] has no Chinese title"
                walk(sub, f"{where}[{key}]")
        for name_, sub in node.get("properties", {}).items():
            walk(sub, f"{where}.{name_}")
        for i, branch in enumerate(node.get("anyOf", ())):
            walk(branch, f"{where}|{i}")

    walk(shape.schema(name), name)


@pytest.mark.parametrize("name", ["event", "agencies"])
def test_every_choice_has_a_chinese_name(name):
    for where, sub in _named_properties(shape.schema(name)):
        for node in (sub, sub.get("items", {})):
            if "enum" in node:
                labels = node.get("enumDescriptions", [])
                assert len(labels) == len(node["enum"]), where
                assert all(CJK.search(label) for label in labels), where


# ---------------------------------------------------------------- consistency


def _sub(schema: dict, key: str | int) -> dict:
    if isinstance(key, int):
        return schema.get("items", {})
    if key in schema.get("properties", {}):
        return schema["properties"][key]
    for pattern, sub in schema.get("patternProperties", {}).items():
        if re.search(pattern, key):
            return sub
    extra = schema.get("additionalProperties")
    return extra if isinstance(extra, dict) else {}


def _wants_integer(schema: dict) -> bool:
    return schema.get("type") == "integer" or any(
        branch.get("type") == "integer" for branch in schema.get("anyOf", ())
    )


def _branch(schema: dict, value: Any) -> dict:
    """The anyOf branch matching the value's container kind (strings, lists, mappings)."""
    for branch in schema.get("anyOf", ()):
        kind = branch.get("type")
        if (kind == "array") == isinstance(value, list) and (kind == "object") == isinstance(
            value, dict
        ):
            return branch
    return schema


def _json_view(value: Any, schema: dict) -> Any:
    schema = _branch(schema, value)
    if isinstance(value, dict):
        return {key: _json_view(item, _sub(schema, key)) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_view(item, _sub(schema, i)) for i, item in enumerate(value)]
    if isinstance(value, Plain):
        if value in NULLS:
            return None
        if _wants_integer(schema) and DECIMAL.fullmatch(value):
            return int(value)
        if schema.get("type") == "boolean" and value in ("true", "false"):
            return value == "true"
    return str(value)


def _fixture_files(kind: str) -> list[Path]:
    """The files of the checker's fixture projects (tests/fixtures/{rules,records,config})."""
    files = [
        path
        for group in ("rules", "records", "config")
        for path in (FIXTURES / group).rglob("events/**/*")
        if path.suffix in (".yml", ".yaml")
    ]
    return sorted(path for path in files if (path.name == "agencies.yml") == (kind == "agencies"))


PLAN = "agency: yishui-tax\ntheme: 走进税务\nstart: 2023-09-20\n"
CRAFTED = [
    PLAN,
    PLAN + "capacity: 30\n",
    PLAN + 'capacity: "30"\n',
    PLAN + "capacity: 030\n",
    PLAN + "capacity: 0\n",
    PLAN + "capacity: ~\n",
    PLAN + "theme2: x\n",
    PLAN + "x-local: {anything: [1, 2]}\n",
    PLAN + "venue: [a, b]\n",
    PLAN + "venue: []\n",
    PLAN + "venue: {a: b}\n",
    PLAN + "keywords: [a, b]\n",
    PLAN + "keywords: a b\n",
    PLAN + "formats: [forum, forum]\n",
    PLAN + "formats: [forum, visit]\n",
    PLAN + "status: done\n",
    PLAN + "published: 2023-09-01\n",
    PLAN + "contact: {name: 李某}\n",
    PLAN + "contact: {name: 李某, phone: 12345, fax: 1}\n",
    PLAN + "attendees: {public: -1}\n",
    PLAN + "report: {published: 2023-09-21, attendance: 0, summary: 好}\n",
    PLAN + "report: {published: 2023-09-21, attendance: 0}\n",
    PLAN + "feedback: {published: 2023-10-01, items: []}\n",
    PLAN
    + "feedback: {published: 2023-10-01, items: [{topic: a, opinion: b, from: public, status: adopted}]}\n",
    PLAN
    + "feedback: {published: 2023-10-01, items: [{topic: a, opinion: b, from: me, status: adopted}]}\n",
    # Known divergence: the checker strips before minLength, the schema (and so every
    # editor) accepts a blank Markdown field.
    PLAN + 'content: "   "\n',
    PLAN + 'title: "a\\tb"\n',
    PLAN + "start2: 1\n",
    "agency: yishui-tax\ntheme: 走进税务\nstart: 2023-09-中旬\n",
    PLAN + "date_only: true\n",
    PLAN + "date_only: yes\n",
    PLAN + 'tentative: "true"\n',
    PLAN + "tentative: false\n",
    PLAN + "published: 2023-09-01\ndate_only: true\n",
    PLAN + "published: 2023-09-01\ndate_only: false\n",
    "agency: yishui-tax\ntheme: 走进税务\nsessions: [{id: a, start: 2023-09-20}, {id: b, start: 2023-09-21}]\n",
    "agency: yishui-tax\ntheme: 走进税务\nsessions: [{id: a, start: 2023-09-20}]\n",
    "agency: yishui-tax\ntheme: 走进税务\nsessions: [{id: A, start: 2023-09-20}, {start: 2023-09-21}]\n",
    "agency: yishui-tax\ntheme: 走进税务\nsessions: [{id: a, start: 2023-09-20, capacity: 0}, {id: b, start: 2023-09-21, venue: [x, y]}]\n",
    PLAN
    + "tour: {meeting: 东门, transport: 步行, stops: [{place: 粮库, time: '09:00'}, {place: 会议室}]}\n",
    PLAN + "tour: {meeting: 东门, stops: []}\n",
    PLAN + "tour: {stops: [{time: 9点}]}\n",
    PLAN + "tour: {meeting: 东门, stops: [{place: 粮库, time: 2023-09-21 09:30}]}\n",
    "agency: yishui-tax\ntheme: 走进税务\nstart: 2023-9-20\n",
    "agency: Yishui\ntheme: 走进税务\nstart: 2023-09-20\n",
    "agency: yishui-tax\ntheme: 30\nstart: 2023-09-20\n",
    "- a\n",
]


def _records() -> list[tuple[str, str, Any]]:
    """(schema, name, loaded source) of every crafted record and every fixture file the loader
    accepts (files it refuses never reach either validator)."""
    raw = [("event", f"crafted-{i}", text.encode()) for i, text in enumerate(CRAFTED)]
    for kind in ("event", "agencies"):
        for path in _fixture_files(kind):
            raw.append((kind, path.relative_to(FIXTURES).as_posix(), path.read_bytes()))
    records = []
    for kind, name, data in raw:
        try:
            records.append((kind, name, load(name, data)))
        except LoadError:
            continue
    return records


RECORDS = _records()


@pytest.mark.parametrize(("kind", "name", "source"), RECORDS, ids=[name for _, name, _ in RECORDS])
def test_jsonschema_and_the_checker_agree_on_valid_and_invalid(kind, name, source):
    document = shape.schema(kind)
    _, problems = shape.check(source, kind)
    errors = list(Draft7Validator(document).iter_errors(_json_view(source.data, document)))
    assert (not problems) == (not errors), (
        f"checker: {[str(p) for p in problems]}\njsonschema: {[e.message for e in errors]}"
    )


def test_the_consistency_set_has_both_verdicts():
    verdicts = {not shape.check(source, kind)[1] for kind, _, source in RECORDS}
    assert verdicts == {True, False}
    assert len(RECORDS) > 300
