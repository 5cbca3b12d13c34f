"""QR codes of page addresses, drawn at build time as inline SVG (``segno`` encodes).

A notice shows the code of its own address (微信扫一扫), on screen and on the
printed notice, so a notice pinned to a notice board leads to the page. A site
of ten thousand notices draws ten thousand codes, so the work is kept small:
the mask pattern is fixed rather than chosen by scoring all eight (any mask
is a valid QR code, ISO/IEC 18004, and the scoring would cost three quarters
of the time), and the SVG path is written here from segno's module matrix,
one stroke per run of dark modules. The same address always gives the same bytes.
"""

from __future__ import annotations

from functools import lru_cache

import segno
from markupsafe import Markup

#: Quiet zone in modules (the standard asks for four; the page leaves white space around it).
BORDER = 2


def _path(matrix: tuple) -> str:
    """Dark modules as horizontal strokes of width 1, each a move relative to the pen."""
    parts = []
    pen_x, pen_y = 0.0, 0.0
    for row_number, row in enumerate(matrix):
        y = row_number + BORDER + 0.5
        column, size = 0, len(row)
        while column < size:
            if not row[column] & 1:
                column += 1
                continue
            start = column
            while column < size and row[column] & 1:
                column += 1
            x = start + BORDER
            if parts:
                dy = y - pen_y
                parts.append(f"m{x - pen_x:g} {dy:g}h{column - start}")
            else:
                parts.append(f"M{x:g} {y:g}h{column - start}")
            pen_x, pen_y = x + column - start, y
    return "".join(parts)


@lru_cache(maxsize=4096)
def qr_svg(address: str) -> Markup:
    """The QR code of ``address`` as an ``<svg>`` element scaled by CSS, without a size.

    Decorative for assistive technology: the page prints the address beside it as text.
    """
    code = segno.make_qr(address, error="m", mask=0, boost_error=False)
    side = len(code.matrix) + 2 * BORDER
    return Markup(
        f'<svg aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {side} {side}" class="od-qr__code">'
        f'<path stroke="#000" d="{_path(code.matrix)}"/></svg>'
    )
