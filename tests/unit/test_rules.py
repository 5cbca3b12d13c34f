"""Jurisdiction rules are small pure functions, each citing the document that requires it.

Their behaviour is exercised preset by preset in ``tests/fixtures/rules/`` (see test_check.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from openday.checking import rules
from openday.domain.model import Agency
from openday.domain.policy import PRESETS, resolve

SEED = re.compile(r"\b00[0-4]\b")


@pytest.mark.parametrize("rule", rules.RULES, ids=lambda rule: rule.name)
def test_every_rule_says_which_document_requires_it(rule):
    doc = rule.check.__doc__ or ""
    assert doc.strip(), f"{rule.name} has no docstring"
    assert SEED.search(doc) or "override only" in doc, f"{rule.name} cites no seed document"


def test_the_rules_together_cite_all_five_documents():
    cited = set()
    for rule in rules.RULES:
        cited |= set(SEED.findall(rule.check.__doc__ or ""))
    assert cited == {"000", "001", "002", "003", "004"}


def test_every_rule_is_listed_once():
    names = [rule.name for rule in rules.RULES]
    assert len(names) == len(set(names))


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"

#: A case that breaks a rule, and the key whose ``openday new`` comment explains that rule.
BROKEN = {
    "region-2021/lead-days-14-invalid": "published",
    "region-2021/plan-filed-after-notice-invalid": "published",
    "region-2021/capacity-min-24-invalid": "capacity",
    "region-2021/formats-without-forum-or-survey-invalid": "formats",
    "region-2021/host-kind-town-invalid": "agency",
    "region-2021/naming-short-name-invalid": "title",
    "region-2021/feedback-deadline-late-warning": "feedback.published",
    "hedong-2021/capacity-per-site-21-invalid": "capacity",
    "hedong-2021/public-share-below-one-third-invalid": "attendees",
    "yanjiang-2022/capacity-per-site-16-warning": "capacity",
    "yishui-2023/plan-filed-after-september-15-invalid": "filed",
}


@pytest.mark.parametrize(("case", "key"), BROKEN.items())
def test_the_checker_states_a_broken_rule_as_openday_new_explains_it(case, key):
    folder = FIXTURES / case
    (message,) = (folder / "expected.txt").read_text("utf-8").splitlines()
    units = yaml.safe_load((folder / "events" / "agencies.yml").read_text("utf-8"))
    ((unit, entry),) = units.items()
    agency = Agency(unit, entry["name"], entry["name"], entry["kind"], (), "")
    clauses = rules.explain((*key.split("."),), resolve(case.split("/")[0]), agency, 2023)
    assert clauses, f"no rule explains {key}"
    assert any(clause in message for clause in clauses), (clauses, message)


def test_every_rule_explains_itself_under_some_preset_or_its_override():
    agency = Agency("a", "某区某局", "某局", "department", (), "")
    policies = [*PRESETS.values(), resolve("baseline", {"response_required_when_adopted": True})]
    for rule in rules.RULES:
        assert any(list(rule.explain(policy, agency, 2023)) for policy in policies), (
            f"{rule.name} explains nothing"
        )
