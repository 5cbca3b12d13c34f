"""The codes of the event format are defined once, and the shipped schemas say the same.

The schemas are part of the public contract (editors read them), so they stay hand-written;
these tests fail as soon as a code or its Chinese name differs between a schema and
:mod:`openday.domain.vocab`, or a schema gains an ``enum`` that no table in it covers.
"""

from __future__ import annotations

from typing import Any

import pytest
from openday.checking import shape
from openday.domain import policy, vocab

#: Every enum of the shipped schemas, by where it is, and the table it must list.
ENUMS = {
    ("event", "/properties/status"): vocab.STATUS_NAMES,
    ("event", "/properties/sessions/items/properties/status"): {
        code: vocab.STATUS_NAMES[code] for code in vocab.SESSION_STATUSES
    },
    ("event", "/properties/registration/properties/methods/items"): vocab.METHOD_NAMES,
    ("event", "/properties/registration/properties/selection"): vocab.SELECTION_NAMES,
    ("event", "/properties/formats/items"): vocab.FORMAT_NAMES,
    ("event", "/properties/invitees/items/anyOf/1/properties/group"): vocab.GROUP_HINTS,
    ("event", "/properties/feedback/properties/items/items/properties/from"): vocab.GROUP_HINTS,
    ("event", "/properties/feedback/properties/items/items/properties/status"): vocab.ANSWER_NAMES,
    ("agencies", "/additionalProperties/properties/kind"): vocab.KIND_NAMES,
}


def _enums(node: Any, where: str = "") -> dict[str, dict]:
    """Every schema node with an ``enum``, by its JSON pointer."""
    found: dict[str, dict] = {}
    if isinstance(node, dict):
        if "enum" in node:
            found[where] = node
        for key, sub in node.items():
            found |= _enums(sub, f"{where}/{key}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            found |= _enums(sub, f"{where}/{i}")
    return found


def _node(name: str, pointer: str) -> Any:
    node: Any = shape.schema(name)
    for part in pointer.strip("/").split("/"):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


@pytest.mark.parametrize("name", ["event", "agencies"])
def test_every_enum_of_the_schema_has_its_table(name):
    listed = {pointer for schema, pointer in ENUMS if schema == name}
    assert set(_enums(shape.schema(name))) == listed


@pytest.mark.parametrize(("name", "pointer"), list(ENUMS), ids=lambda part: part)
def test_the_schema_lists_the_codes_and_names_of_its_table(name, pointer):
    node, table = _node(name, pointer), ENUMS[name, pointer]
    assert node["enum"] == list(table)
    assert node["enumDescriptions"] == list(table.values())


def test_the_attendees_are_counted_by_group_under_the_groups_names():
    properties = _node("event", "/properties/attendees/properties")
    assert {key: value["title"] for key, value in properties.items()} == vocab.GROUP_HINTS


def test_the_group_hints_differ_from_the_page_names_only_by_the_alias():
    assert vocab.GROUP_HINTS.keys() == vocab.GROUP_NAMES.keys()
    for code, hint in vocab.GROUP_HINTS.items():
        assert hint.startswith(vocab.GROUP_NAMES[code])


def test_the_stages_are_the_names_in_order():
    assert vocab.STAGES == ("plan", "notice", "report", "feedback")
    assert tuple(vocab.STAGE_NAMES) == vocab.STAGES


def test_the_listing_order_names_every_kind_once():
    assert sorted(vocab.KIND_ORDER) == sorted(vocab.KIND_NAMES)


def test_closed_methods_and_session_statuses_are_codes_of_their_tables():
    assert set(vocab.CLOSED_METHODS) <= vocab.METHOD_NAMES.keys()
    assert set(vocab.SESSION_STATUSES) <= vocab.STATUS_NAMES.keys()


def test_a_policy_may_let_every_kind_host_and_no_other():
    assert tuple(vocab.KIND_NAMES) == policy.KINDS


@pytest.mark.parametrize("item", vocab.NOTICE_ITEM_NAMES)
def test_each_notice_item_is_a_key_of_the_schema_under_its_title(item):
    path, name = vocab.NOTICE_ITEM_NAMES[item]
    node: Any = shape.schema("event")
    for key in path:
        node = node["properties"][key]
    assert node["title"] == name


def test_a_policy_may_require_every_notice_item_and_no_other():
    assert tuple(vocab.NOTICE_ITEM_NAMES) == policy.NOTICE_ITEMS
