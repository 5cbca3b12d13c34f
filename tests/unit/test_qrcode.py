"""QR codes of page addresses: the modules segno encodes, drawn as one compact SVG path."""

from __future__ import annotations

import io
import re

import pytest
import segno
from openday.qrcode import BORDER, qr_svg

ADDRESSES = (
    "https://openday.example/openday/yj-fgj/2022-09-16-liangcang/",
    "https://www.yanjiang.gov.cn/zwgk/zfkfr/openday/yj-zixi/2022-09-01-shequ-zhili/",
    "http://localhost/openday/a/2023-01-01-b/",
)


def _segno_path(address: str) -> str:
    """The path segno's own SVG writer draws for the same code."""
    code = segno.make_qr(address, error="m", mask=0, boost_error=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, nl=False, border=BORDER, omitsize=True)
    return re.search(r' d="([^"]+)"', out.getvalue().decode()).group(1)


@pytest.mark.parametrize("address", ADDRESSES)
def test_the_path_draws_exactly_the_modules_segno_encodes(address: str) -> None:
    svg = str(qr_svg(address))
    assert re.search(r' d="([^"]+)"', svg).group(1) == _segno_path(address)


def test_the_code_is_the_same_bytes_every_time_and_hidden_from_screen_readers() -> None:
    first = str(qr_svg(ADDRESSES[0]))
    qr_svg.cache_clear()
    assert str(qr_svg(ADDRESSES[0])) == first
    assert first.startswith('<svg aria-hidden="true" focusable="false" ')
    side = len(segno.make_qr(ADDRESSES[0], error="m").matrix) + 2 * BORDER
    assert f'viewBox="0 0 {side} {side}"' in first
