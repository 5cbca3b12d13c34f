"""Bar charts drawn at build time as accessible SVG: no script, text a reader can find.

Each chart names itself (``<title>``) and describes its figures
(``<desc>``); the page puts the same figures in a table beside it, so the
chart is never the only way to read them.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

ROW = 28
LABEL = 150
BAR = 330
VALUE = 70


def bar_chart(chart_id: str, title: str, rows: Sequence[tuple[str, float, str]]) -> str:
    """Horizontal bars, one per ``(label, value, shown text)``; values are scaled to the largest."""
    top = max((value for _, value, _ in rows), default=0) or 1
    height = ROW * len(rows) + 10
    width = LABEL + BAR + VALUE
    desc = "；".join(f"{label}：{shown}" for label, _, shown in rows)
    parts = [
        f'<svg class="od-chart" id="{chart_id}" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    for i, (label, value, shown) in enumerate(rows):
        y = i * ROW + 5
        length = round(BAR * value / top, 1)
        parts.append(
            f'<text x="{LABEL - 8}" y="{y + 18}" text-anchor="end" class="od-chart__label">'
            f"{escape(label)}</text>"
            f'<rect x="{LABEL}" y="{y + 4}" width="{length}" height="{ROW - 10}" class="od-chart__bar"/>'
            f'<text x="{LABEL + length + 6}" y="{y + 18}" class="od-chart__value">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
