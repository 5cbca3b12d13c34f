"""Problems found in the records: the one currency every stage reports in.

A problem names a file (relative to the project root), a 1-based line and
column, a stable code and a Chinese message. Codes starting with ``E-`` are
errors, ``W-`` warnings. The text form ``path:line:col: CODE 说明`` is an
interface that staff, CI annotations and tests read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

# C0, DEL, C1, line separators and the bidi controls, which would reorder the line shown.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def shown(text: str, limit: int = 60) -> str:
    """``text`` safe to quote in a one-line message: control characters as \\uXXXX, long text cut."""
    text = _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.code.startswith("E-")

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"


def count(problems: Iterable[Problem]) -> tuple[int, int]:
    """Return (errors, warnings)."""
    errors = warnings = 0
    for problem in problems:
        if problem.is_error:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


def summary_line(files: int, problems: list[Problem]) -> str:
    errors, warnings = count(problems)
    return f"已检查 {files} 个文件：{errors} 个错误，{warnings} 个警告"


def as_text(problems: list[Problem]) -> str:
    return "".join(f"{problem}\n" for problem in problems)


def as_json(files: int, problems: list[Problem]) -> str:
    errors, warnings = count(problems)
    payload = {
        "files": files,
        "errors": errors,
        "warnings": warnings,
        "problems": [
            {**asdict(p), "severity": "error" if p.is_error else "warning"} for p in problems
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _escape_github(value: str, *, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def as_github(problems: list[Problem]) -> str:
    """Workflow commands that GitHub shows as annotations on the diff's lines."""
    lines = []
    for p in problems:
        level = "error" if p.is_error else "warning"
        props = ",".join(
            [
                f"file={_escape_github(p.path, property_value=True)}",
                f"line={p.line}",
                f"col={p.col}",
                f"title={_escape_github(p.code, property_value=True)}",
            ]
        )
        lines.append(f"::{level} {props}::{_escape_github(p.message)}\n")
    return "".join(lines)
