"""QR codes of page addresses, drawn at build time as inline SVG.

A notice shows the code of its own address (微信扫一扫), on screen and on the
printed notice, so a notice pinned to a notice board leads to the page. A site
of ten thousand notices draws ten thousand codes, so each must cost little.

Every code is made the same way (ISO/IEC 18004:2015): the address is one byte
mode segment (7.4.5), at error correction level M, in the smallest version
that holds it (Table 7), with the data mask 000 (7.8.2) rather than the best
of eight by score (any mask gives a valid code, and scoring would cost most of
the time). So all that a version's codes share is worked out once, the first
time the version is needed (:func:`_layout`): the function patterns (6.3), the
format information (7.9) and version information (7.10), and where each bit of
the message lands (7.6 interleaving, 7.7.3 placement) with the mask folded in.
A code then takes its codewords (7.4.10), one Reed-Solomon remainder per block
(7.5.2) from a table of the generator polynomial's multiples, one XOR for the
mask, one gather of the bits into rows, and the SVG path read off the rows:
one stroke per run of dark modules. The same address always gives the same
bytes, and they are those segno 1.6 gave with the same settings.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import product
from operator import itemgetter

from markupsafe import Markup

#: Quiet zone in modules (the standard asks for four; the page leaves white space around it).
BORDER = 2

#: Data codewords at level M of versions 1 to 40 (Table 7).
_DATA_CODEWORDS = (
    16, 28, 44, 64, 86, 108, 124, 154, 182, 216, 254, 290, 334, 365, 415, 453, 507, 563, 627, 669,
    714, 782, 860, 914, 1000, 1062, 1128, 1193, 1267, 1373, 1455, 1541, 1631, 1725, 1812, 1914,
    1992, 2102, 2216, 2334,
)  # fmt: skip
#: Bytes of byte mode each version holds: mode, count and terminator take 2 codewords up to
#: version 9 and 3 from version 10 (Table 3).
_ROOM = tuple(data - 2 - (version >= 10) for version, data in enumerate(_DATA_CODEWORDS, 1))
#: Error correction blocks at level M, and error correction codewords in each (Table 9).
_BLOCKS = (
    1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25,
    26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
)  # fmt: skip
_EC_CODEWORDS = (
    10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28,
    28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
)  # fmt: skip

#: Format information of level M (00) with mask 000 (7.9.1): the BCH code of 00000 is all
#: zeros, so what is drawn is the XOR pattern 101010000010010 itself.
_FORMAT = 0b101010000010010
_PAD = b"\xec\x11" * (_DATA_CODEWORDS[-1] // 2)  # 7.4.10: pad codewords, alternately
_TWO_LETTERS = re.compile(rb"[a-z]{2}")


@dataclass(frozen=True)
class _Layout:
    """What every code of one version shares."""

    side: int  # modules across
    count_bits: int  # length of the character count indicator (Table 3)
    capacity: int  # data codewords (Table 7)
    blocks: tuple[slice, ...]  # each block's share of the data codewords (Table 9)
    ec_codewords: int  # error correction codewords of each block (Table 9)
    multiples: tuple[int, ...]  # the generator polynomial times each byte value (7.5.2)
    mask: int  # mask 000 as it falls on the bits of the message
    message_format: str  # the message's bits as text of "0" and "1"
    gather: itemgetter  # the message's bits, then "01\n", into rows of modules, "1" dark
    strokes: _Strokes


class _Strokes(dict):
    """The SVG stroke of each light-then-dark run of a symbol's rows, worked out when first met.

    A run is the light modules (and row ends, "\\n") since the last dark one, then a run of
    dark ones: a move of the pen relative to where the last stroke ended, and a line across.
    """

    def __init__(self, side: int) -> None:
        super().__init__()
        self.side = side

    def __missing__(self, run: str) -> str:
        light = run.rstrip("1")
        down = light.count("\n")
        across = len(light) - down * (self.side + 1)
        self[run] = stroke = f"m{across} {down}h{len(run) - len(light)}"
        return stroke


def _gf_tables() -> tuple[list[int], list[int]]:
    """Powers of 2 in GF(256) modulo x⁸+x⁴+x³+x²+1 (7.5.2), and their logarithms."""
    exp, log = [0] * 255, [0] * 256
    value = 1
    for power in range(255):
        exp[power], log[value] = value, power
        value <<= 1
        if value & 0x100:
            value ^= 0x11D
    return exp, log


_EXP, _LOG = _gf_tables()


def _times(a: int, b: int) -> int:
    return _EXP[(_LOG[a] + _LOG[b]) % 255] if a and b else 0


def _multiples(degree: int) -> tuple[int, ...]:
    """The generator polynomial of ``degree`` error correction codewords (7.5.2, Annex A), its
    leading term dropped, times each byte value: each an integer of ``degree`` bytes."""
    poly = [1]
    for power in range(degree):
        poly = [a ^ _times(b, _EXP[power]) for a, b in zip([*poly, 0], [0, *poly], strict=True)]
    return tuple(
        int.from_bytes(bytes(_times(value, term) for term in poly[1:]), "big")
        for value in range(256)
    )


def _version_information(version: int) -> int:
    """The version and its BCH (18, 6) code (7.10, Annex D), 18 bits."""
    remainder = version
    for _ in range(12):
        remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25)
    return version << 12 | remainder


def _function_patterns(version: int) -> list[list[int | None]]:
    """Rows of the symbol: 1 dark and 0 light where a function pattern, format or version
    information lies, None where the message goes."""
    side = 17 + 4 * version
    grid: list[list[int | None]] = [[None] * side for _ in range(side)]
    # Finder patterns and their separators (6.3.3, 6.3.4): rings around the centre.
    for top, left in ((0, 0), (0, side - 7), (side - 7, 0)):
        for row in range(max(top - 1, 0), min(top + 8, side)):
            for column in range(max(left - 1, 0), min(left + 8, side)):
                ring = max(abs(row - top - 3), abs(column - left - 3))
                grid[row][column] = int(ring != 2 and ring != 4)
    # Alignment patterns (6.3.6, Annex E): evenly spaced from the far side back to column 6.
    if version > 1:
        count = version // 7 + 2
        step = (version * 8 + count * 3 + 5) // (count * 4 - 4) * 2
        centres = [6] + [side - 7 - i * step for i in range(count - 2, -1, -1)]
        for down, across in product(centres, repeat=2):
            if grid[down][across] is None:  # not on a finder pattern
                for row, column in product(
                    range(down - 2, down + 3), range(across - 2, across + 3)
                ):
                    grid[row][column] = int(max(abs(row - down), abs(column - across)) != 1)
    # Timing patterns (6.3.5).
    for i in range(8, side - 8):
        grid[6][i] = grid[i][6] = int(i % 2 == 0)
    # Format information (7.9.1, Figure 25), bit 0 first, and the dark module beside it.
    by_top_left = [(row, 8) for row in (0, 1, 2, 3, 4, 5, 7, 8)]
    by_top_left += [(8, column) for column in (7, 5, 4, 3, 2, 1, 0)]
    by_the_others = [(8, side - 1 - i) for i in range(8)] + [(side - 7 + i, 8) for i in range(7)]
    for places in (by_top_left, by_the_others):
        for bit, (row, column) in enumerate(places):
            grid[row][column] = _FORMAT >> bit & 1
    grid[side - 8][8] = 1
    # Version information (7.10, Figure 27): two 6×3 blocks, bit 0 first.
    if version >= 7:
        bits = _version_information(version)
        for bit in range(18):
            near, far = bit // 3, side - 11 + bit % 3
            grid[near][far] = grid[far][near] = bits >> bit & 1
    return grid


@cache
def _layout(version: int) -> _Layout:
    grid = _function_patterns(version)
    side = len(grid)
    # Placement (7.7.3): two-module columns from the right, alternately up and down,
    # skipping the vertical timing pattern's column.
    places = []
    for pair, right in enumerate(range(side - 1, 0, -2)):
        right = right - 1 if right <= 6 else right
        rows = range(side - 1, -1, -1) if pair % 2 == 0 else range(side)
        places += [(row, c) for row in rows for c in (right, right - 1) if grid[row][c] is None]
    # A code's message is its data codewords, then each block's error correction codewords
    # (shorter blocks first); the symbol interleaves them (7.6).
    capacity, blocks = _DATA_CODEWORDS[version - 1], _BLOCKS[version - 1]
    ec = _EC_CODEWORDS[version - 1]
    short, longer = divmod(capacity, blocks)
    starts = [b * short + max(0, b - (blocks - longer)) for b in range(blocks + 1)]
    order = [
        starts[b] + i
        for i in range(short + 1)
        for b in range(blocks)
        if starts[b] + i < starts[b + 1]
    ]
    order += [capacity + b * ec + i for i in range(ec) for b in range(blocks)]
    length = len(order) * 8
    if len(places) // 8 != len(order):
        raise AssertionError(f"version {version}: {len(places)} modules for {len(order)} codewords")
    # Mask 000 swaps dark and light where row + column is even (7.8.2); the remainder bits
    # that fill the last few places (7.6) are light before masking. In the gathered text,
    # index ``length`` is "0", ``length + 1`` "1" and ``length + 2`` the end of a row.
    sources = [[None if cell is None else length + cell for cell in row] for row in grid]
    mask = 0
    for place, (row, column) in enumerate(places):
        swap = (row + column) % 2 == 0
        if place < length:
            bit = order[place // 8] * 8 + place % 8
            sources[row][column] = bit
            mask |= swap << (length - 1 - bit)
        else:
            sources[row][column] = length + swap
    return _Layout(
        side=side,
        count_bits=16 if version >= 10 else 8,
        capacity=capacity,
        blocks=tuple(slice(starts[b], starts[b + 1]) for b in range(blocks)),
        ec_codewords=ec,
        multiples=_multiples(ec),
        mask=mask,
        message_format=f"0{length}b",
        gather=itemgetter(*(source for row in sources for source in [*row, length + 2])),
        strokes=_Strokes(side),
    )


def _data(address: str) -> bytes:
    """The bytes of ``address``: those segno chose (ISO 8859-1, else Shift JIS, else UTF-8),
    so that codes stay as published."""
    for encoding in ("iso-8859-1", "shift_jis"):
        try:
            return address.encode(encoding)
        except UnicodeEncodeError:
            continue
    return address.encode("utf-8")


def _rows(address: str) -> tuple[_Layout, str]:
    """The layout of the smallest version that holds ``address``, and its symbol's modules:
    rows of "0" light and "1" dark, each ended by "\\n"."""
    data = _data(address)
    # Two lowercase ASCII letters in a row rule out numeric, alphanumeric and kanji mode
    # (7.3), whatever the encoding; every address of a notice has them ("openday/").
    if not _TWO_LETTERS.search(data):
        raise ValueError(f"二维码只编码含小写字母的网址：{address}")
    version = bisect_left(_ROOM, len(data)) + 1
    if version > 40:
        raise ValueError(f"网址太长，二维码装不下：{address}（{len(data)} 字节）")
    layout = _layout(version)
    # 7.4.5 byte mode: mode indicator 0100, character count, the bytes; then the 4-bit
    # terminator (7.4.9), which ends a codeword since 12 or 20 bits came before the bytes.
    # Then a zero codeword, as segno always wrote (its padding to a codeword boundary adds
    # 8 bits when the stream ends on one; readers stop at the terminator), and pad codewords
    # (7.4.10), all cut to the capacity.
    count_bits = layout.count_bits
    head = ((0b0100 << count_bits | len(data)) << 8 * len(data) | int.from_bytes(data, "big")) << 4
    codewords = head.to_bytes(len(data) + count_bits // 8 + 1, "big") + b"\0" + _PAD
    codewords = codewords[: layout.capacity]
    # Each block's error correction codewords: the remainder of the block times x^size divided
    # by the generator polynomial (7.5.2), one codeword at a time.
    message = [codewords]
    size = layout.ec_codewords
    top, keep = 8 * (size - 1), (1 << 8 * size) - 1
    for block in layout.blocks:
        remainder = 0
        for byte in codewords[block]:
            remainder = (remainder << 8 & keep) ^ layout.multiples[remainder >> top ^ byte]
        message.append(remainder.to_bytes(size, "big"))
    bits = format(int.from_bytes(b"".join(message), "big") ^ layout.mask, layout.message_format)
    return layout, "".join(layout.gather(bits + "01\n"))


def _path(layout: _Layout, rows: str) -> str:
    """Dark modules as horizontal strokes of width 1, each a move relative to the pen."""
    # Split after each run of dark modules: every piece is a light run and a dark run, except
    # the last, which is light. The top left module is dark (a finder pattern's corner), so the
    # first piece has no light run, and the pen starts there.
    runs = rows.replace("10", "1 0").replace("1\n", "1 \n").split(" ")
    start = f"M{BORDER} {BORDER + 0.5:g}h{len(runs[0])}"
    return start + "".join(map(layout.strokes.__getitem__, runs[1:-1]))


@lru_cache(maxsize=4096)
def qr_svg(address: str) -> Markup:
    """The QR code of ``address`` as an ``<svg>`` element scaled by CSS, without a size.

    Decorative for assistive technology: the page prints the address beside it as text.
    Raises ValueError for an address without two lowercase ASCII letters in a row, or too long
    for any version (more than 2,331 bytes).
    """
    layout, rows = _rows(address)
    side = layout.side + 2 * BORDER
    return Markup(
        f'<svg aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {side} {side}" class="od-qr__code">'
        f'<path stroke="#000" d="{_path(layout, rows)}"/></svg>'
    )
