"""Jurisdiction rules are small pure functions, each citing the document that requires it.

Their behaviour is exercised preset by preset in ``tests/fixtures/rules/`` (see test_check.py).
"""

from __future__ import annotations

import re

import pytest
from openday import rules

SEED = re.compile(r"\b00[0-4]\b")


@pytest.mark.parametrize("rule", rules.RULES, ids=lambda rule: rule.__name__)
def test_every_rule_says_which_document_requires_it(rule):
    doc = rule.__doc__ or ""
    assert doc.strip(), f"{rule.__name__} has no docstring"
    assert SEED.search(doc) or "override only" in doc, f"{rule.__name__} cites no seed document"


def test_the_rules_together_cite_all_five_documents():
    cited = set()
    for rule in rules.RULES:
        cited |= set(SEED.findall(rule.__doc__ or ""))
    assert cited == {"000", "001", "002", "003", "004"}


def test_every_rule_is_listed_once():
    names = [rule.__name__ for rule in rules.RULES]
    assert len(names) == len(set(names))
