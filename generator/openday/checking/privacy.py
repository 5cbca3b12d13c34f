"""Personal data that published reports and answers must never carry.

Reports and feedback are published as written, so a phone number, ID-card
number or e-mail address typed into them would be published too. The
hosting unit's own contact number belongs in the notice, not here.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: The rule, as ``openday new`` writes it above each field published as written.
RULE = "公开发布，不得含个人电话、身份证号、电子邮箱"
_PATTERNS = (
    (
        "身份证号码",
        re.compile(
            r"(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])"
        ),
    ),
    ("手机号码", re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")),
    (
        "固定电话",
        re.compile(r"(?<![\d-])0\d{2,3}[- ]?\d{7,8}(?!\d)|(?<!\d)\(0\d{2,3}\)\s?\d{7,8}(?!\d)"),
    ),
    # Starting only where an address can start keeps a long run of letters linear to scan.
    (
        "电子邮箱",
        re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"),
    ),
)


def _mask(text: str) -> str:
    if len(text) <= 4:
        return "*" * len(text)
    keep = max(2, len(text) // 4)
    return text[:keep] + "*" * (len(text) - 2 * keep) + text[-keep:]


#: Every pattern above needs four digits in a row or an "@": text with neither (most of it)
#: is passed over after one search instead of four.
_MAYBE = re.compile(r"\d{4}|@")


def scan(text: str) -> tuple[tuple[int, str], ...]:
    """Each piece of personal data in ``text``: its offset and a Chinese clause describing it."""
    return _scan(text) if _MAYBE.search(text) else ()


# Answers and reminders repeat word for word across records: each text is scanned once.
@lru_cache(maxsize=4096)
def _scan(text: str) -> tuple[tuple[int, str], ...]:
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for label, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            taken.append(span)
            clause = f"含有{label}“{_mask(match.group())}”，公开内容不得包含个人信息，请删除"
            found.append((span[0], clause))
    return tuple(found)
