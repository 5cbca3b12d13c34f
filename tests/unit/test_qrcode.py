"""QR codes of page addresses: the modules segno encodes, drawn as one compact SVG path.

segno is the reference: the module matrix of every code must be the one
``segno.make_qr(address, error="m", mask=0, boost_error=False)`` makes, and the path the
one segno's own SVG writer draws of it.
"""

from __future__ import annotations

import io
import random
import re

import pytest
import segno
from openday.site.qrcode import BORDER, qr_svg

ADDRESSES = (
    "https://openday.example/openday/yj-fgj/2022-09-16-liangcang/",
    "https://www.yanjiang.gov.cn/zwgk/zfkfr/openday/yj-zixi/2022-09-01-shequ-zhili/",
    "http://localhost/openday/a/2023-01-01-b/",
)
#: Addresses as the synthetic sites of the benchmarks make them, and a long-hosted variant.
UNITS = ("bench-ls-market", "yj-fgj", "sz-water-supply-and-drainage", "gz")
NOTICES = tuple(
    f"{host}openday/{random.Random(i).choice(UNITS)}/20{21 + i % 4}-0{1 + i % 9}-1{i % 10}-e{i:05d}/"
    for i in range(60)
    for host in ("https://openday.example/", "https://www.zfkfr.yanjiang.gov.cn/zwgk/zfxxgk/")
)
#: Hosts and paths beyond ASCII: ISO 8859-1, Shift JIS (which segno prefers to UTF-8) and UTF-8.
FOREIGN = tuple(
    f"https://{host}/openday/{path}-{i}/"
    for i in range(12)
    for host, path in (("café.example", "réunion"), ("例え.jp", "日本語"), ("政府.cn", "开放日"))
)
#: Data codewords at level M (ISO/IEC 18004 Table 7); byte mode spends 2 of them (versions
#: 1 to 9) or 3 on the mode, the count and the terminator.
CAPACITY = dict(
    enumerate(
        (segno.consts.SYMBOL_CAPACITY[v][segno.consts.ERROR_LEVEL_M] // 8 for v in range(1, 41)), 1
    )
)


def _reference(address: str) -> segno.QRCode:
    return segno.make_qr(address, error="m", mask=0, boost_error=False)


def _segno_path(address: str) -> str:
    """The path segno's own SVG writer draws for the same code."""
    out = io.BytesIO()
    _reference(address).save(out, kind="svg", xmldecl=False, nl=False, border=BORDER, omitsize=True)
    return re.search(r' d="([^"]+)"', out.getvalue().decode()).group(1)


def _drawn(svg: str) -> list[list[int]]:
    """The modules the path of ``svg`` darkens, read back from its strokes, rows of 1 and 0."""
    side = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1)) - 2 * BORDER
    rows = [[0] * side for _ in range(side)]
    x = y = 0.0
    path = re.search(r' d="([^"]+)"', svg).group(1)
    assert re.fullmatch(r"(?:[Mm]-?\d+(?:\.5)? -?\d+(?:\.5)?h\d+)+", path)
    for move, dx, dy, across in re.findall(r"([Mm])(-?[\d.]+) (-?[\d.]+)h(\d+)", path):
        x, y = (float(dx), float(dy)) if move == "M" else (x + float(dx), y + float(dy))
        row, column = int(y - 0.5) - BORDER, int(x) - BORDER
        for i in range(int(across)):
            assert not rows[row][column + i], "each module is drawn once"
            rows[row][column + i] = 1
        x += int(across)
    return rows


def _filler(length: int, seed: int) -> str:
    """An address-like text of ``length`` ASCII bytes that starts with lowercase letters."""
    rng = random.Random(seed)
    return "od" + "".join(
        rng.choice("abcdefghijklmnopqrstuvwxyz0123456789-/") for _ in range(length - 2)
    )


@pytest.mark.parametrize("address", ADDRESSES + NOTICES + FOREIGN)
def test_the_path_is_exactly_the_one_segno_draws_of_the_code_it_makes(address: str) -> None:
    svg = str(qr_svg(address))
    assert re.search(r' d="([^"]+)"', svg).group(1) == _segno_path(address)
    assert _drawn(svg) == [list(row) for row in _reference(address).matrix]


def test_codes_of_every_length_up_to_version_12_have_segnos_modules() -> None:
    for length in range(2, CAPACITY[12] - 2):
        address = _filler(length, seed=length)
        assert _drawn(str(qr_svg(address))) == [list(row) for row in _reference(address).matrix], (
            length
        )


@pytest.mark.parametrize("version", range(1, 41))
def test_each_version_holds_as_many_bytes_as_segno_puts_in_it_and_no_more(version: int) -> None:
    room = CAPACITY[version] - (2 if version < 10 else 3)
    full, over = _filler(room, seed=version), _filler(room + 1, seed=version)
    for address, expected in ((full, version), (over, version + 1)):
        if expected > 40:
            continue
        reference = _reference(address)
        assert reference.version == expected
        svg = str(qr_svg(address))
        assert f'viewBox="0 0 {17 + 4 * expected + 2 * BORDER} ' in svg
        assert _drawn(svg) == [list(row) for row in reference.matrix]


def test_an_address_too_long_for_any_version_is_refused_with_its_length() -> None:
    longest = _filler(CAPACITY[40] - 3, seed=40)
    qr_svg(longest)
    with pytest.raises(segno.DataOverflowError):
        _reference(longest + "x")
    with pytest.raises(ValueError, match=r"^网址太长，二维码装不下：od.*（2332 字节）$"):
        qr_svg(longest + "x")


@pytest.mark.parametrize("address", ["HTTPS://OPENDAY.EXAMPLE/A/", "20240515", "開放", "a1b2c3"])
def test_an_address_without_two_lowercase_letters_in_a_row_is_refused(address: str) -> None:
    with pytest.raises(ValueError, match="^二维码只编码含小写字母的网址："):
        qr_svg(address)


def test_the_code_is_the_same_bytes_every_time_and_hidden_from_screen_readers() -> None:
    first = str(qr_svg(ADDRESSES[0]))
    qr_svg.cache_clear()
    assert str(qr_svg(ADDRESSES[0])) == first
    assert first.startswith('<svg aria-hidden="true" focusable="false" ')
    side = len(segno.make_qr(ADDRESSES[0], error="m").matrix) + 2 * BORDER
    assert f'viewBox="0 0 {side} {side}"' in first
