"""The benchmark's Hugo reference is written from the product's own records and words.

Running Hugo is the benchmark's business (``bench/build.py``); this only holds the
writing of its project, which imports the product and so breaks when the product moves.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from openday.domain import vocab
from openday.domain.catalog import BADGES

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import reference  # noqa: E402
import synth  # noqa: E402


def test_the_reference_project_holds_every_record_and_the_products_labels(tmp_path: Path) -> None:
    project = tmp_path / "project"
    synth.write_site(project, 40)
    count = reference.write_hugo_site(project, tmp_path / "hugo")

    assert count == len(list((project / "events").rglob("*.yml"))) - 1 == 40  # and agencies.yml
    labels = json.loads((tmp_path / "hugo" / "data" / "labels.json").read_text("utf-8"))
    assert labels == {
        "badges": BADGES,
        "formats": vocab.FORMAT_NAMES,
        "methods": vocab.METHOD_NAMES,
        "groups": vocab.GROUP_NAMES,
        "answers": vocab.ANSWER_NAMES,
        "statuses": vocab.STATUS_NAMES,
        "selections": vocab.SELECTION_NAMES,
    }
    notices = list((tmp_path / "hugo" / "content").rglob("*.md"))
    assert len(notices) > 40
