"""Run Mozilla's ical.js (under Node) on iCalendar files.

The event shape is the one documented in ``icaljs_dump.mjs`` and in
:class:`tests.support.calparse.CalEvent`.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tests.support import NODE_MODULES, SUPPORT_DIR, require_file

DUMP_SCRIPT = SUPPORT_DIR / "icaljs_dump.mjs"
ICALJS_PACKAGE = NODE_MODULES / "ical.js" / "package.json"


def dump_events(paths: Iterable[Path]) -> dict[Path, list[dict[str, Any]]]:
    """Parse every file with ical.js in one ``node`` process; map each path to its events.

    Keys are the paths as given, in the given order; events are in file
    order. The file list goes over stdin, so there is no command-line limit.
    Raises ``RuntimeError`` with node's message (naming the file) when ical.js
    cannot read or parse a file.
    """
    given = list(paths)
    if not given:
        return {}
    require_file(ICALJS_PACKAGE)
    completed = subprocess.run(
        ["node", str(require_file(DUMP_SCRIPT))],
        input=json.dumps([str(path) for path in given]),
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    if completed.returncode != 0:
        raise RuntimeError(f"ical.js dump failed:\n{completed.stderr}")
    dumped: dict[str, list[dict[str, Any]]] = json.loads(completed.stdout)
    return {path: dumped[str(path)] for path in given}
