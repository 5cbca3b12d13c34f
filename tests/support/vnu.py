"""HTML conformance checks with the Nu Html Checker (vnu.jar from npm ``vnu-jar``).

Java starts slowly (about two seconds), so every file given to
:func:`check_html` is checked in one ``java`` process, or in as few as the
operating system's command-line limit allows.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypedDict
from urllib.parse import unquote

from tests.support import NODE_MODULES, require_file

VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


class VnuMessage(TypedDict):
    """One checker message, tied back to the path the caller passed."""

    file: str
    line: int | None
    column: int | None
    type: str
    message: str
    extract: str


def _argv_budget() -> int:
    """Bytes of arguments one command may take, with room left for the environment."""
    arg_max = min(os.sysconf("SC_ARG_MAX"), 2 * 1024 * 1024)
    environment = sum(len(key) + len(value) + 2 for key, value in os.environ.items())
    return arg_max // 2 - environment


def chunk_arguments(arguments: Sequence[str], budget: int) -> list[list[str]]:
    """Split ``arguments`` in order into runs whose encoded size stays within ``budget``.

    A single argument larger than the budget still gets a run of its own.
    """
    chunks: list[list[str]] = []
    current: list[str] = []
    used = 0
    for argument in arguments:
        size = len(os.fsencode(argument)) + 1
        if current and used + size > budget:
            chunks.append(current)
            current, used = [], 0
        current.append(argument)
        used += size
    if current:
        chunks.append(current)
    return chunks


def _message_type(raw: dict[str, object]) -> str:
    if raw.get("type") == "info" and raw.get("subType") == "warning":
        return "warning"
    return str(raw.get("type"))


def _vnu_command() -> list[str]:
    return [
        "java",
        "-jar",
        str(require_file(VNU_JAR)),
        "--format",
        "json",
        "--exit-zero-always",
        "--stdout",
    ]


def _run_vnu(files: Sequence[str]) -> list[dict[str, object]]:
    completed = subprocess.run(
        [*_vnu_command(), *files], capture_output=True, text=True, encoding="utf-8"
    )
    if completed.returncode != 0:
        raise RuntimeError(f"vnu.jar exited {completed.returncode}:\n{completed.stderr}")
    messages: list[dict[str, object]] = json.loads(completed.stdout)["messages"]
    return messages


def check_html(
    paths: Iterable[Path],
    *,
    include_warnings: bool = False,
    argv_budget: int | None = None,
) -> list[VnuMessage]:
    """Check HTML files with vnu.jar and return its errors (and warnings if asked).

    Returned types are ``"error"``, ``"non-document-error"`` (the checker
    could not read or fetch a document; always returned) and, with
    ``include_warnings``, ``"warning"``; info messages are dropped. ``file``
    is the path as the caller gave it. CSS inside ``<style>`` and ``style=""``
    is checked too, and its mistakes are errors.

    vnu says nothing at all about a file that does not exist, so missing files
    raise ``FileNotFoundError`` before Java starts. ``argv_budget`` overrides
    the bytes of file arguments one ``java`` command may take (for tests).
    """
    originals: dict[str, str] = {}
    for path in paths:
        resolved = Path(path).resolve()
        if not resolved.is_file():
            raise FileNotFoundError(path)
        originals.setdefault(str(resolved), str(path))
    if not originals:
        return []

    wanted = {"error", "non-document-error"} | ({"warning"} if include_warnings else set())
    if argv_budget is None:
        argv_budget = _argv_budget() - sum(len(part) + 1 for part in _vnu_command())
    results: list[VnuMessage] = []
    for chunk in chunk_arguments(list(originals), argv_budget):
        for raw in _run_vnu(chunk):
            kind = _message_type(raw)
            if kind not in wanted:
                continue
            url = str(raw.get("url", ""))
            local = unquote(url.removeprefix("file:"))
            line = raw.get("firstLine", raw.get("lastLine"))
            column = raw.get("firstColumn", raw.get("lastColumn"))
            results.append(
                VnuMessage(
                    file=originals.get(local, url),
                    line=line if isinstance(line, int) else None,
                    column=column if isinstance(column, int) else None,
                    type=kind,
                    message=str(raw.get("message", "")),
                    extract=str(raw.get("extract", "")),
                )
            )
    return results


def format_messages(messages: Sequence[VnuMessage]) -> str:
    """Render messages as ``file:line:column: type: message`` lines for assertions."""
    return "\n".join(
        f"{m['file']}:{m['line'] or '?'}:{m['column'] or '?'}: {m['type']}: {m['message']}"
        for m in messages
    )
