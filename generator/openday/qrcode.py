"""QR codes of page addresses, drawn at build time as inline SVG (``segno``).

A notice shows the code of its own address (微信扫一扫), on screen and on the
printed notice, so a notice pinned to a notice board leads to the page. The
mask pattern is fixed rather than chosen by scoring all eight: any mask is a
valid QR code (ISO/IEC 18004), the scoring costs three quarters of the time on
a site of ten thousand notices, and the same address always gives the same bytes.
"""

from __future__ import annotations

import io
from functools import lru_cache

import segno
from markupsafe import Markup

#: Quiet zone in modules (the standard asks for four; the page leaves white space around it).
BORDER = 2


@lru_cache(maxsize=4096)
def qr_svg(address: str) -> Markup:
    """The QR code of ``address`` as an ``<svg>`` element scaled by CSS, without a size."""
    code = segno.make_qr(address, error="m", mask=0, boost_error=False)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        xmldecl=False,
        nl=False,
        border=BORDER,
        svgclass="od-qr__code",
        lineclass=None,
        omitsize=True,
        title=None,
    )
    svg = out.getvalue().decode("ascii")
    # Decorative for assistive technology: the address is printed beside it as text.
    return Markup(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))
