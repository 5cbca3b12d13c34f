"""Seeds and mutations for the pipeline fuzz suite (``test_fuzz_pipeline.py``).

Every case starts from the demo records in ``events/`` and changes them in one of
three ways, or in all three at once:

- structurally, on the YAML node tree: keys deleted, duplicated or renamed, values
  swapped for other types, deep nesting, anchors and aliases (alias bombs included),
  tags, flow and block styles, odd scalars (long, control characters, RTL marks,
  surrogates, CJK, emoji), then written out with varying emitter options;
- textually, on the bytes: flipped bytes, truncation, inserted ``: ``, ``- ``, tabs,
  BOM, NUL, invalid UTF-8, other line ends;
- within the schema: dates at the calendar's edges, fuzzy periods, times and offsets,
  capacities of 0 or far beyond any machine integer, hostile Markdown, line breaks in
  one-line fields, calendar lines hidden in text, odd file names.

A :class:`Case` is plain data (paths and bytes), so a failing case prints as Python
that can be pasted back into an ``@example``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import event
from hypothesis import strategies as st
from openday.domain.policy import PRESETS

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = "events/agencies.yml"
REGISTRY_RAW = (ROOT / REGISTRY).read_bytes()
AGENCY_IDS: tuple[str, ...] = tuple(yaml.safe_load(REGISTRY_RAW))


@dataclass(frozen=True)
class Seed:
    relative: str
    raw: bytes

    @property
    def folder(self) -> str:
        return self.relative.split("/")[1]

    @property
    def slug(self) -> str:
        return self.relative.rsplit("/", 1)[1][11:-4]


SEEDS: tuple[Seed, ...] = tuple(
    Seed(path.relative_to(ROOT).as_posix(), path.read_bytes())
    for path in sorted((ROOT / "events").glob("*/*.yml"))
)
#: Folders of report images beside the records, copied once into every fuzz project.
ASSET_DIRS: tuple[Path, ...] = tuple(
    sorted(path for path in (ROOT / "events").glob("*/*") if path.is_dir())
)


@dataclass(frozen=True)
class Case:
    """One project state: the registry, the event files, and the build's settings."""

    files: tuple[tuple[str, bytes], ...]
    registry: bytes = REGISTRY_RAW
    policy: str = "yanjiang-2022"
    today: date = date(2022, 9, 10)
    zone: str = "Asia/Shanghai"
    site_url: str = "https://openday.example/"

    def __repr__(self) -> str:
        # What equals the default is left out, and text is shown as text, so a failing
        # case prints short and readable enough to paste into an @example.
        shown = [
            f"{f.name}={_source(getattr(self, f.name))}"
            for f in fields(self)
            if f.name == "files" or getattr(self, f.name) != f.default
        ]
        return f"Case({', '.join(shown)})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


def _source(value: object) -> str:
    """``value`` as Python source, bytes that are UTF-8 as ``"…".encode()``."""
    if isinstance(value, bytes):
        try:
            return f"{value.decode('utf-8')!r}.encode()"
        except UnicodeDecodeError:
            return repr(value)
    if isinstance(value, tuple):
        inner = ", ".join(_source(item) for item in value)
        return f"({inner}{',' if len(value) == 1 else ''})"
    return repr(value)


class Project:
    """A scratch site folder that each case rewrites in place (no copy per example)."""

    def __init__(self, root: Path):
        self.root = root
        for folder in ASSET_DIRS:
            shutil.copytree(folder, root / folder.relative_to(ROOT), dirs_exist_ok=True)
        self.written: set[str] = set()

    def write(self, case: Case) -> None:
        wanted = {REGISTRY: case.registry, **dict(case.files)}
        for stale in self.written - wanted.keys():
            (self.root / stale).unlink(missing_ok=True)
        for relative, raw in wanted.items():
            path = self.root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(raw)
        self.written = set(wanted)


# ------------------------------------------------------------------ YAML nodes

STR = "tag:yaml.org,2002:str"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
_RESOLVER = yaml.resolver.Resolver()
Draw = Callable[[st.SearchStrategy[Any]], Any]


def plain(value: str) -> yaml.ScalarNode:
    """A scalar the emitter writes unquoted when it can (so ``20`` stays a number)."""
    return yaml.ScalarNode(_RESOLVER.resolve(yaml.ScalarNode, value, (True, False)), value)


def quoted(value: str, style: str | None = '"') -> yaml.ScalarNode:
    return yaml.ScalarNode(STR, value, style=style)


def seq(items: list[yaml.Node], flow: bool = False) -> yaml.SequenceNode:
    return yaml.SequenceNode(SEQ, list(items), flow_style=flow)


def mapping(pairs: list[tuple[yaml.Node, yaml.Node]], flow: bool = False) -> yaml.MappingNode:
    return yaml.MappingNode(MAP, list(pairs), flow_style=flow)


def compose(raw: bytes) -> yaml.Node:
    return yaml.compose(raw.decode("utf-8"), Loader=yaml.CSafeLoader)


def _walk(root: yaml.Node) -> Iterator[yaml.Node]:
    """Every node once, aliases and cycles included."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value


Slot = tuple[yaml.Node, int]


def _slots(root: yaml.Node) -> list[Slot]:
    """Every place a value stands: (mapping or sequence, index of the pair or item)."""
    return [
        (node, i)
        for node in _walk(root)
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode)
        for i in range(len(node.value))
    ]


def _get(slot: Slot) -> yaml.Node:
    container, i = slot
    item = container.value[i]
    return item[1] if isinstance(container, yaml.MappingNode) else item


def _put(slot: Slot, node: yaml.Node) -> None:
    container, i = slot
    if isinstance(container, yaml.MappingNode):
        container.value[i] = (container.value[i][0], node)
    else:
        container.value[i] = node


def _find(root: yaml.Node, path: tuple[str | int, ...]) -> Slot | None:
    node: yaml.Node = root
    slot: Slot | None = None
    for key in path:
        if isinstance(node, yaml.MappingNode) and isinstance(key, str):
            index = next((i for i, (k, _) in enumerate(node.value) if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            index = key if key < len(node.value) else None
        else:
            index = None
        if index is None:
            return None
        slot = (node, index)
        node = _get(slot)
    return slot


def set_path(root: yaml.Node, path: tuple[str | int, ...], value: yaml.Node) -> bool:
    """Set the value at ``path``, adding missing mapping keys; False when it cannot stand."""
    slot = _find(root, path)
    if slot is not None:
        _put(slot, value)
        return True
    parent = root if len(path) == 1 else None
    if len(path) > 1:
        parent_slot = _find(root, path[:-1])
        if parent_slot is None and isinstance(path[-2], str):
            if not set_path(root, path[:-1], mapping([])):
                return False
            parent_slot = _find(root, path[:-1])
        parent = _get(parent_slot) if parent_slot is not None else None
    if not isinstance(parent, yaml.MappingNode) or not isinstance(path[-1], str):
        return False
    parent.value.append((plain(path[-1]), value))
    return True


def value_text(root: yaml.Node, path: tuple[str | int, ...]) -> str | None:
    slot = _find(root, path)
    node = _get(slot) if slot is not None else None
    return node.value if isinstance(node, yaml.ScalarNode) else None


# ------------------------------------------------------------------ text

#: One-line values that mean something else to YAML, iCalendar, XML, CSV or a terminal.
ODD_TEXT = (
    "", " ", "~", "null", "no", "yes", "on", "10:30", "1e3", "0x1F", ".inf", "-", "- a",
    ": b", "a: b", "#x", "&a", "*a", "!tag", "%", "@x", "`x", "|", ">", "'", '"', "\\",
    "{a: 1}", "[1, 2]", "?", "<<", "\u202e\u202d反转文字", "\u200f\u200e", "\u200b", "\ufeff",
    "\ufffe", "\uffff", "\U0001f600😀", "👨‍👩‍👧", "𠀀𪚥", "政府开放日", "ａｂｃ１２３",
    "\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\x9b", "\u2028", "\u2029", "\r", "\n",
    "\r\n", "\t", "\x0b", "\x0c", "\ud800", "\udfff",
    "走进\r\nBEGIN:VEVENT\r\nUID:evil@x\r\nEND:VEVENT", "\r\nBEGIN:VEVENT",
    "\nEND:VCALENDAR\nBEGIN:VCALENDAR", "a;b,c\\d:e", "\\n\\,\\;", "<script>alert(1)</script>",
    "</title><script>", "]]>", "&amp;", "&#0;", "=1+1", "+1", "-1", "@SUM(A1)",
    "=HYPERLINK(\"http://evil.example\")", "0539-2251234", "13912345678", "a@example.com",
    "110101199003071234",
)  # fmt: skip
#: Pieces that, repeated, make long values (and probe for slow scanning).
CHUNKS = (
    "a", "中", "😀", "<a", "<", "[", "](", "*", "_", "`", "@", "1", "0539-", "\\", ": ",
    "&#", "\u202e", " ", "- ", "a@", "\n", "<b ", "&",
)  # fmt: skip

all_characters = st.characters(exclude_categories=())  # surrogates included


def texts(max_repeat: int = 3000) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(ODD_TEXT),
        st.text(max_size=30),
        st.text(all_characters, max_size=12),
        st.lists(st.sampled_from(ODD_TEXT) | st.text(max_size=4), max_size=5).map("".join),
        st.builds(lambda chunk, n: chunk * n, st.sampled_from(CHUNKS), st.integers(1, max_repeat)),
    )


PLAIN_WORDS = (
    "0", "1", "-1", "20", "007", "0x1f", "0o17", "1_000", "1e3", "1.5", ".inf", ".nan",
    "2147483648", "9223372036854775808", "9" * 40, "true", "false", "yes", "no",
    "on", "off", "y", "n", "~", "null", "", "2022-09-16", "2022-09-16 09:00", "10:30",
    "2022-09-16T09:00:00Z", "online", "phone", "office", "forum", "adopted", "public",
    "cancelled", "postponed", "yj-fgj",
)  # fmt: skip
STYLES = (None, '"', "'", "|", ">")
EVENT_KEYS = (
    "agency", "co_hosts", "theme", "title", "start", "end", "status", "status_note", "filed",
    "published", "updated", "revision", "registration", "capacity", "attendees", "leaders",
    "venue", "content", "formats", "contact", "reminders", "livestream", "index_no",
    "keywords", "report", "feedback", "methods", "url", "deadline", "note", "items", "images",
    "alt", "summary", "attendance", "topic", "opinion", "from", "status", "response",
    "titel", "Title", "start ", "x-local", "<<", "?", "", "-", "…", "开始时间",
    "date_only", "tentative", "tour", "meeting", "transport", "stops", "place", "time",
    "activity", "sessions", "id", "name",
)  # fmt: skip

scalar_nodes = st.one_of(
    st.builds(plain, st.sampled_from(PLAIN_WORDS)),
    st.builds(plain, texts(200)),
    st.builds(quoted, texts(200), st.sampled_from(STYLES)),
)
key_nodes = st.builds(plain, st.sampled_from(EVENT_KEYS) | texts(50))
nodes = st.recursive(
    scalar_nodes,
    lambda inner: (
        st.builds(seq, st.lists(inner, max_size=3), st.booleans())
        | st.builds(mapping, st.lists(st.tuples(key_nodes, inner), max_size=3), st.booleans())
    ),
    max_leaves=12,
)
#: Tags as the node tree holds them; the emitter writes ``!!str`` for the standard ones.
TAGS = (
    "!", "!x", "tag:example.com,2000:app/x",
    *(f"tag:yaml.org,2002:{name}" for name in (
        "str", "int", "binary", "timestamp", "set", "omap", "python/object/apply:os.system",
    )),
)  # fmt: skip


def _index(draw: Draw, items: list[Any]) -> int:
    return draw(st.integers(0, len(items) - 1))


# ------------------------------------------------------------------ structural mutations


def _delete_key(draw: Draw, root: yaml.Node) -> yaml.Node:
    maps = [n for n in _walk(root) if isinstance(n, yaml.MappingNode) and n.value]
    if maps:
        node = maps[_index(draw, maps)]
        del node.value[_index(draw, node.value)]
    return root


def _duplicate_key(draw: Draw, root: yaml.Node) -> yaml.Node:
    maps = [n for n in _walk(root) if isinstance(n, yaml.MappingNode) and n.value]
    if maps:
        node = maps[_index(draw, maps)]
        key, value = node.value[_index(draw, node.value)]
        node.value.insert(
            _index(draw, node.value), (key, draw(nodes) if draw(st.booleans()) else value)
        )
    return root


def _rename_key(draw: Draw, root: yaml.Node) -> yaml.Node:
    maps = [n for n in _walk(root) if isinstance(n, yaml.MappingNode) and n.value]
    if maps:
        node = maps[_index(draw, maps)]
        i = _index(draw, node.value)
        key = draw(key_nodes | st.builds(seq, st.lists(scalar_nodes, max_size=2), st.booleans()))
        node.value[i] = (key, node.value[i][1])
    return root


def _replace_value(draw: Draw, root: yaml.Node) -> yaml.Node:
    slots = _slots(root)
    if slots:
        _put(slots[_index(draw, slots)], draw(nodes))
    return root


def _swap_type(draw: Draw, root: yaml.Node) -> yaml.Node:
    slots = _slots(root)
    if not slots:
        return root
    slot = slots[_index(draw, slots)]
    node = _get(slot)
    if isinstance(node, yaml.ScalarNode):
        wrapped = draw(st.sampled_from(["seq", "map", "quoted", "plain"]))
        new: yaml.Node = {
            "seq": lambda: seq([node], draw(st.booleans())),
            "map": lambda: mapping([(plain("value"), node)], draw(st.booleans())),
            "quoted": lambda: quoted(node.value, draw(st.sampled_from(STYLES))),
            "plain": lambda: plain(node.value),
        }[wrapped]()
    else:
        first = next((n for n in _walk(node) if isinstance(n, yaml.ScalarNode)), plain("x"))
        new = first if draw(st.booleans()) else draw(scalar_nodes)
    _put(slot, new)
    return root


def _nest(draw: Draw, root: yaml.Node) -> yaml.Node:
    slots = _slots(root)
    if slots:
        slot = slots[_index(draw, slots)]
        node = _get(slot)
        flow = draw(st.booleans())
        for _ in range(draw(st.sampled_from([1, 2, 31, 32, 33, 34, 100, 200]))):
            node = seq([node], flow) if draw(st.booleans()) else mapping([(plain("k"), node)], flow)
        _put(slot, node)
    return root


def _alias(draw: Draw, root: yaml.Node) -> yaml.Node:
    """The same node in two places: the emitter writes an anchor and an alias (or a
    recursive alias, when the second place lies inside the first)."""
    slots = _slots(root)
    if slots:
        shared = _get(slots[_index(draw, slots)])
        target = slots[_index(draw, slots)]
        if draw(st.booleans()) and isinstance(shared, yaml.MappingNode):
            container = target[0]
            if isinstance(container, yaml.MappingNode):
                container.value.append((yaml.ScalarNode("tag:yaml.org,2002:merge", "<<"), shared))
                return root
        _put(target, shared)
    return root


def _bomb(draw: Draw, root: yaml.Node) -> yaml.Node:
    """Billion laughs: each level lists the level below ``width`` times, by alias."""
    slots = _slots(root)
    if slots:
        level: yaml.Node = quoted("哈" * draw(st.integers(1, 10)))
        width = draw(st.integers(2, 10))
        for _ in range(draw(st.integers(1, 12))):
            level = seq([level] * width, flow=True)
        _put(slots[_index(draw, slots)], level)
    return root


def _tag(draw: Draw, root: yaml.Node) -> yaml.Node:
    every = list(_walk(root))
    node = every[_index(draw, every)]
    node.tag = draw(st.sampled_from(TAGS))
    return root


def _restyle(draw: Draw, root: yaml.Node) -> yaml.Node:
    every = list(_walk(root))
    chosen = every if draw(st.booleans()) else [every[_index(draw, every)]]
    flow = draw(st.booleans())
    style = draw(st.sampled_from(STYLES))
    for node in chosen:
        if isinstance(node, yaml.ScalarNode):
            node.style = style
        else:
            node.flow_style = flow
    return root


def _odd_scalar(draw: Draw, root: yaml.Node) -> yaml.Node:
    scalars = [n for n in _walk(root) if isinstance(n, yaml.ScalarNode)]
    if scalars:
        node = scalars[_index(draw, scalars)]
        node.value = draw(texts())
        node.tag = STR
    return root


STRUCTURAL = {
    "delete key": _delete_key,
    "duplicate key": _duplicate_key,
    "rename key": _rename_key,
    "replace value": _replace_value,
    "swap type": _swap_type,
    "nest": _nest,
    "alias": _alias,
    "alias bomb": _bomb,
    "tag": _tag,
    "restyle": _restyle,
    "odd scalar": _odd_scalar,
}


def emit(draw: Draw, root: yaml.Node) -> bytes:
    """Write ``root`` with emitter options drawn from the ones people's editors produce."""
    options = {
        "allow_unicode": draw(st.booleans()),
        "width": draw(st.sampled_from([80, 16, 1 << 20])),
        "indent": draw(st.sampled_from([2, 4, 7])),
        "explicit_start": draw(st.booleans()),
        "line_break": draw(st.sampled_from([None, "\r\n", "\r"])),
        "canonical": draw(st.integers(0, 15)) == 0,
    }
    try:
        text = yaml.serialize(root, Dumper=yaml.SafeDumper, **options)
    except (yaml.YAMLError, RecursionError):
        event("emitter refused the tree")
        text = yaml.serialize(plain("emitter-refused"), Dumper=yaml.SafeDumper)
    # Raw surrogates (allow_unicode writes them as they are) become invalid UTF-8.
    return text.encode("utf-8", "surrogatepass")


@st.composite
def structural(draw: Draw, raw: bytes) -> bytes:
    root = compose(raw)
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(sorted(STRUCTURAL)))
        event(f"structural: {name}")
        root = STRUCTURAL[name](draw, root)
    return emit(draw, root)


# ------------------------------------------------------------------ textual mutations

TOKENS = (
    b": ", b"- ", b"\t", b"\xef\xbb\xbf", b"\x00", b"\xff", b"\xfe", b"\xc3\x28", b"\xc0\xaf",
    b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x80\xae", b"\xe2\x80\xa8", b"\xc2\x85",
    b"\x85", b"\r", b"\n", b"\r\n", b"#", b"&a ", b"*a", b"!!binary ", b"!x ", b"---\n",
    b"...\n", b"%YAML 1.1\n", b"%TAG ! tag:x,2000:\n", b"? ", b"|", b">", b"'", b'"', b"[",
    b"]", b"{", b"}", b",", b"\\", b"\x1b", b"<<: *a\n", b"~", b"@", b"`", "中".encode(),
    "😀".encode(), b" " * 40, b"\x0c", b"\x7f",
)  # fmt: skip


def _position(draw: Draw, data: bytearray) -> int:
    """Anywhere, or (often) where YAML structure is: line starts and after ``: `` / ``- ``."""
    if draw(st.booleans()):
        return draw(st.integers(0, len(data)))
    marks = [0] + [m.end() for m in re.finditer(rb"\n|: |- ", data)]
    return marks[_index(draw, marks)]


def _lines(data: bytearray) -> list[bytes]:
    return bytes(data).splitlines(keepends=True) or [b""]


def _flip(draw: Draw, data: bytearray) -> bytearray:
    if data:
        i = draw(st.integers(0, len(data) - 1))
        data[i] ^= 1 << draw(st.integers(0, 7))
    return data


def _set_byte(draw: Draw, data: bytearray) -> bytearray:
    if data:
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return data


def _truncate(draw: Draw, data: bytearray) -> bytearray:
    return data[: _position(draw, data)]


def _insert(draw: Draw, data: bytearray) -> bytearray:
    i = _position(draw, data)
    token = draw(st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=8))
    return data[:i] + token + data[i:]


def _delete_span(draw: Draw, data: bytearray) -> bytearray:
    i = _position(draw, data)
    return data[:i] + data[i + draw(st.integers(1, 40)) :]


def _line_op(draw: Draw, data: bytearray) -> bytearray:
    lines = _lines(data)
    i = _index(draw, lines)
    op = draw(st.sampled_from(["duplicate", "delete", "swap", "indent", "dedent", "tab"]))
    if op == "duplicate":
        lines.insert(i, lines[i])
    elif op == "delete":
        del lines[i]
    elif op == "swap":
        j = _index(draw, lines)
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "indent":
        lines[i] = b" " * draw(st.integers(1, 5)) + lines[i]
    elif op == "dedent":
        lines[i] = lines[i].lstrip(b" ")
    else:
        lines[i] = b"\t" + lines[i].lstrip(b" ")
    return bytearray(b"".join(lines))


def _line_ends(draw: Draw, data: bytearray) -> bytearray:
    ending = draw(st.sampled_from([b"\r\n", b"\r", b"\n\n", b"\xc2\x85", b"\xe2\x80\xa8"]))
    return bytearray(bytes(data).replace(b"\n", ending))


def _bom(draw: Draw, data: bytearray) -> bytearray:
    return (
        bytearray(draw(st.sampled_from([b"\xef\xbb\xbf", b"\xef\xbb\xbf" * 2, b"\xff\xfe"]))) + data
    )


TEXTUAL = {
    "flip bit": _flip,
    "set byte": _set_byte,
    "truncate": _truncate,
    "insert": _insert,
    "delete span": _delete_span,
    "line": _line_op,
    "line ends": _line_ends,
    "bom": _bom,
}


@st.composite
def textual(draw: Draw, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(sorted(TEXTUAL)))
        event(f"textual: {name}")
        data = TEXTUAL[name](draw, data)
    return bytes(data)


# ------------------------------------------------------------------ values within the schema

EDGE_DAYS = (
    "0001-01-01", "0001-01-02", "9999-12-31", "9999-12-30", "2024-02-29", "2023-02-29",
    "2100-02-29", "2000-02-29", "1970-01-01", "1969-12-31", "2038-01-19", "2022-12-31",
    "2023-01-01", "0000-01-01", "2022-13-01", "2022-00-10", "2022-09-31", "2022-09-00",
)  # fmt: skip
EDGE_MOMENTS = (
    "0001-01-01 00:00", "0001-01-01 00:00+14:00", "0001-01-01 08:05", "0001-01-01 08:06",
    "0001-01-01T00:00:00Z", "9999-12-31 23:59", "9999-12-31 23:59-12:00", "9999-12-31 16:00",
    "9999-12-31 15:59:59Z", "2024-02-29 23:59", "2023-02-29 09:00", "2022-09-16 24:00",
    "2022-09-16 23:60", "2022-09-16 23:59:60", "2022-09-16 9:00", "2022-09-16T09:00",
    "2022-09-16 09:00+08:00", "2022-09-16 09:00+00:00", "2022-09-16 09:00-23:59",
    "2022-09-16 09:00+24:00", "2022-09-16 09:00+99:99", "2022-09-16 00:00Z", "2022-09-15 23:59",
    "2022-09-上旬", "2022-09-中旬", "2022-09-下旬", "2022-09", "2024-02-下旬", "2023-02-下旬",
    "9999-12-下旬", "9999-12", "0001-01", "0001-01-上旬", "2022-13", "2022-00-中旬",
)  # fmt: skip


def _moment_text(value: Any, form: int, offset: str) -> str:
    formats = ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d", "%Y-%m"]
    text = f"{value.year:04d}" + value.strftime(formats[form][2:])
    return text + (offset if form < 2 else "")


days = st.one_of(st.sampled_from(EDGE_DAYS), st.dates().map(lambda d: f"{d.year:04d}-{d:%m-%d}"))
moments = st.one_of(
    st.sampled_from(EDGE_MOMENTS),
    st.builds(
        _moment_text,
        st.datetimes(),
        st.integers(0, 3),
        st.sampled_from(["", "", "+08:00", "Z", "+14:00", "-12:00", "+05:45", "-00:00"]),
    ),
    st.builds(
        lambda d, part: f"{d.year:04d}-{d:%m}{part}",
        st.dates(),
        st.sampled_from(["", "-上旬", "-中旬", "-下旬"]),
    ),
)
numbers = st.one_of(
    st.sampled_from(["0", "1", "-1", "+5", "00", "2147483648", "9223372036854775808"]),
    st.sampled_from([400, 4300, 4301, 10_000]).map(lambda digits: "9" * digits),
    st.integers(-(10**6), 10**30).map(str),
)
MARKDOWN_PIECES = (
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>", "[报名](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))", "[x]( javascript:alert(1) )", "[x](java&#x09;script:alert(1))",
    "[x](&#106;avascript:alert(1))", "[x](javascript&colon;alert(1))", "<javascript:alert(1)>",
    "[x][r]\n\n[r]: javascript:alert(1)", "![i](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>', '<a href=" &#14;javascript:alert(1)">x</a>',
    '<a href="jav\tascript:alert(1)">x</a>', '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>', "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>", "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>", "<!-- <script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><script>alert(1)</script>">',
    "<textarea><script>alert(1)</script></textarea>", "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```", "    <script>alert(1)</script>",
    '<div markdown="1">*x*</div>', "<a href='https://ok.example' onclick='alert(1)'>ok</a>",
    '<p style="background:url(javascript:alert(1))">x</p>', "<a href=javascript&#58;alert(1)>x</a>",
    "<form action=https://evil.example><input></form>", "<object data=x></object>",
    "# 标题", "###### 六级", "| a | b |\n|---|---|\n| <script> | x |", "1. 一\n2. 二\n   - 三",
    "> 引用 <script>", "**粗** _斜_", "[链接](https://example.gov.cn)", "<https://example.gov.cn>",
    "<mailto:a@example.com>", "<b>粗</b>", "\\<script>", "&lt;script&gt;", "&#60;script&#62;",
    "\x00", "\r\n", "\r", "\u2028", "\x0b", "\x1b[31m", "  \n", "\t- 制表符", "*" * 50,
    "[" * 50, "<" * 20, "_" * 50, "\r\nBEGIN:VEVENT\r\nUID:evil\r\nEND:VEVENT\r\n",
)  # fmt: skip
markdowns = st.lists(
    st.tuples(
        st.sampled_from(MARKDOWN_PIECES) | texts(300), st.sampled_from(["\n", "\n\n", " ", ""])
    ),
    min_size=1,
    max_size=8,
).map(lambda parts: "".join(a + b for a, b in parts))
LINE_FIELDS = (
    ("theme",), ("title",), ("venue",), ("venue", 0), ("leaders", 0), ("co_hosts", 0),
    ("contact", "name"), ("keywords",), ("keywords", 0), ("index_no",), ("report", "alt", 0),
    ("feedback", "items", 0, "topic"), ("feedback", "items", 0, "department"),
    ("tour", "meeting"), ("tour", "transport"), ("tour", "stops", 0, "place"),
    ("tour", "stops", 1, "activity"), ("sessions", 0, "name"), ("sessions", 1, "venue"),
    ("sessions", 0, "note"),
)  # fmt: skip
MARKDOWN_FIELDS = (
    ("content",), ("reminders",), ("status_note",), ("registration", "note"),
    ("report", "summary"), ("feedback", "items", 0, "opinion"),
    ("feedback", "items", 0, "response"),
)  # fmt: skip
DATE_FIELDS = (
    ("published",), ("updated",), ("filed",), ("registration", "deadline"),
    ("report", "published"), ("feedback", "published"),
)  # fmt: skip
NUMBER_FIELDS = (
    ("capacity",), ("revision",), ("report", "attendance"), ("attendees", "public"),
    ("attendees", "deputies"), ("attendees", "members"), ("attendees", "media"),
    ("attendees", "other"), ("sessions", 0, "capacity"), ("sessions", 2, "capacity"),
)  # fmt: skip
CHOICES: dict[tuple[str | int, ...], tuple[str, ...]] = {
    ("status",): ("cancelled", "postponed", "Cancelled", "cancel"),
    ("date_only",): ("true", "false", "yes", "True", "1"),
    ("tentative",): ("true", "false", "no", "暂定"),
    ("sessions", 1, "status"): ("cancelled", "postponed"),
    ("sessions", 1, "id"): ("1", "am", "A B", "1/2", "-"),
    ("tour", "stops", 0, "time"): ("09:00", "9:5", "25:00", "2022-09-21 09:30", "上午"),
    ("feedback", "items", 0, "status"): (
        "adopted",
        "partly",
        "in_progress",
        "explained",
        "not_adopted",
        "rejected",
    ),  # fmt: skip
    ("feedback", "items", 0, "from"): ("public", "deputies", "members", "media", "other", "me"),
    ("contact", "phone"): (
        "12345",
        "0539-2251234",
        "13912345678",
        "400-123-4567",
        "0539-2251234-123456",
        "+86 139 1234 5678",
        "(0539)2251234",
        "1",
    ),  # fmt: skip
    ("registration", "url"): (
        "https://x.example",
        "http://例子.测试/路径",
        "https://a.example/" + "b" * 3000,
        "javascript:alert(1)",
        "https://x.example/\u202e",
        "https://x.example/%0d%0aBEGIN:VEVENT",
        "https://x.example/a,b;c\\d",
    ),  # fmt: skip
    ("livestream",): ("https://live.example/x", "https://x.example/\ufffe", "ftp://x"),
    ("agency",): (*AGENCY_IDS[:3], "openday", "calendar", "UPPER", "yj_fgj"),
}
LISTS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("registration", "methods"): ("online", "phone", "onsite", "invitation", "email"),
    ("formats",): ("office", "site", "meeting", "forum", "survey", "experience", "online", "tv"),
}


def _line_node(draw: Draw) -> yaml.Node:
    return quoted(draw(texts()), draw(st.sampled_from(['"', None, "'"])))


def _set_value(draw: Draw, root: yaml.Node) -> tuple[yaml.Node, str]:
    family = draw(st.sampled_from(["date", "moment", "number", "markdown", "line", "choice", "list", "venues"]))  # fmt: skip
    if family == "date":
        path, node = draw(st.sampled_from(DATE_FIELDS)), plain(draw(days))
    elif family == "moment":
        where = [("start",), ("end",), ("sessions", 0, "start"), ("sessions", 1, "end")]
        path, node = draw(st.sampled_from(where)), plain(draw(moments))
    elif family == "number":
        path, node = draw(st.sampled_from(NUMBER_FIELDS)), plain(draw(numbers))
    elif family == "markdown":
        style = draw(st.sampled_from(["|", '"', "|", ">"]))
        path, node = draw(st.sampled_from(MARKDOWN_FIELDS)), quoted(draw(markdowns), style)
    elif family == "line":
        path, node = draw(st.sampled_from(LINE_FIELDS)), _line_node(draw)
    elif family == "choice":
        path = draw(st.sampled_from(sorted(CHOICES, key=str)))
        node = quoted(draw(st.sampled_from(CHOICES[path])), None)
    elif family == "list":
        path = draw(st.sampled_from(sorted(LISTS)))
        items = draw(st.lists(st.sampled_from(LISTS[path]), max_size=5))
        node = seq([plain(item) for item in items], draw(st.booleans()))
    else:
        path = ("venue",)
        count = draw(st.sampled_from([0, 1, 2, 3, 50]))
        node = seq([_line_node(draw) for _ in range(count)], draw(st.booleans()))
    set_path(root, path, node)
    return root, family


_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MOVABLE = (("start",), ("end",), *DATE_FIELDS)


def _shift(root: yaml.Node, target: date) -> date | None:
    """Move every date of the record by the same number of days, so that ``start`` falls
    on ``target``; dates beyond the calendar's range stop at its edge."""
    start = value_text(root, ("start",)) or ""
    match = _DAY.match(start)
    if not match:
        return None
    try:
        delta = target - date(*map(int, match.groups()))
    except ValueError:
        return None
    for path in _MOVABLE:
        slot = _find(root, path)
        node = _get(slot) if slot is not None else None
        if not isinstance(node, yaml.ScalarNode) or not (m := _DAY.match(node.value)):
            continue
        try:
            old = date(*map(int, m.groups()))
        except ValueError:
            continue
        try:
            new = old + delta
        except OverflowError:
            new = date.max if delta.days > 0 else date.min
        node.value = f"{new.year:04d}-{new:%m-%d}" + node.value[m.end() :]
    return target


edge_targets = st.one_of(
    st.sampled_from([
        date(1, 1, 1), date(1, 1, 2), date(9999, 12, 31), date(9999, 12, 30), date(2024, 2, 29),
        date(1970, 1, 1), date(2038, 1, 19), date(2022, 12, 31), date(2022, 9, 10),
    ]),
    st.dates(),
)  # fmt: skip
BAD_NAMES = (
    "open-day.yml", "2022-9-16-x.yml", "2022-02-30-x.yml", "2022-09-16-UPPER.yml",
    "2022-09-16-x.yaml", "2022-09-16-中文.yml", "2022-09-16-a b.yml", "2022-09-16-.yml",
    "2022-09-16-a,b;c.yml", "0000-00-00-x.yml", "9999-12-31-x.yml", "page.yml",
)  # fmt: skip


@st.composite
def values(draw: Draw, seed: Seed) -> tuple[str, bytes]:
    """Type-correct changes, so the checker still returns most events to the renderers."""
    root = compose(seed.raw)
    folder, slug = seed.folder, seed.slug
    name: str | None = None
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["value", "value", "shift", "agency", "name"]))
        if op == "value":
            root, family = _set_value(draw, root)
            event(f"value: {family}")
        elif op == "shift":
            event("value: shift all dates")
            moved = _shift(root, draw(edge_targets))
            if moved is not None:
                name = f"{moved.year:04d}-{moved:%m-%d}-{slug}.yml"
        elif op == "agency":
            event("value: other agency")
            folder = draw(st.sampled_from(AGENCY_IDS))
            set_path(root, ("agency",), plain(folder))
        else:
            event("value: file name")
            name = draw(st.sampled_from(BAD_NAMES))
    start = value_text(root, ("start",)) or ""
    if name is None and (match := _DAY.match(start)):
        name = f"{match[0]}-{slug}.yml"  # keep the name in step with the start
    name = name or seed.relative.rsplit("/", 1)[1]
    options = {"allow_unicode": True, "width": 1 << 20}
    return f"events/{folder}/{name}", yaml.serialize(
        root, Dumper=yaml.SafeDumper, **options
    ).encode("utf-8", "surrogatepass")


# ------------------------------------------------------------------ registry


@st.composite
def registries(draw: Draw) -> bytes:
    """Usually the real registry; sometimes one with an odd entry or a broken file."""
    choice = draw(st.integers(0, 9))
    if choice < 7:
        return REGISTRY_RAW
    if choice == 9:
        return draw(st.one_of(structural(REGISTRY_RAW), textual(REGISTRY_RAW)))
    root = compose(REGISTRY_RAW)
    i = _index(draw, root.value)
    key, entry = root.value[i]
    what = draw(st.sampled_from(["id", "name", "short", "kind", "region", "index_prefix"]))
    event(f"registry: {what}")
    if what == "id":
        new_id = draw(st.sampled_from(["openday", "2022", "calendar", "rss", "page", "search", "assets", "feedback", "a" * 300, AGENCY_IDS[0]]))  # fmt: skip
        root.value[i] = (plain(new_id), entry)
    elif what == "kind":
        set_path(entry, ("kind",), plain(draw(st.sampled_from(["government", "town", "street", "enterprise", "institution", "bureau"]))))  # fmt: skip
    elif what == "index_prefix":
        set_path(
            entry, ("index_prefix",), plain(draw(st.sampled_from(["yjqfgj", "a", "x/y", "-x"])))
        )
    else:
        set_path(entry, (what,), _line_node(draw))
    return yaml.serialize(root, Dumper=yaml.SafeDumper, allow_unicode=True).encode(
        "utf-8", "surrogatepass"
    )


# ------------------------------------------------------------------ cases


@st.composite
def mutated(draw: Draw, seed: Seed, kind: str) -> tuple[str, bytes]:
    if kind == "structural":
        return seed.relative, draw(structural(seed.raw))
    if kind == "textual":
        return seed.relative, draw(textual(seed.raw))
    if kind == "values":
        return draw(values(seed))
    relative, raw = draw(values(seed))
    if draw(st.booleans()):
        raw = draw(structural(raw)) if _loads(raw) else raw
    if draw(st.booleans()):
        raw = draw(textual(raw))
    return relative, raw


def _loads(raw: bytes) -> bool:
    try:
        compose(raw)
    except (yaml.YAMLError, UnicodeDecodeError):
        return False
    return True


@st.composite
def cases(draw: Draw, kind: str) -> Case:
    seeds = draw(st.lists(st.sampled_from(SEEDS), min_size=1, max_size=3))
    files: dict[str, bytes] = {}
    for seed in seeds:
        if draw(st.integers(0, 4)) == 0:
            relative, raw = seed.relative, seed.raw  # an untouched neighbour
        else:
            relative, raw = draw(mutated(seed, kind))
        while relative in files:
            relative = relative.replace(".y", "-2.y", 1)
        files[relative] = raw
    return Case(
        files=tuple(files.items()),
        registry=draw(registries()),
        policy=draw(st.sampled_from(["yanjiang-2022", *sorted(set(PRESETS) - {"yanjiang-2022"})])),
        today=draw(st.sampled_from([date(2022, 9, 10), date(2022, 10, 31), date(2026, 1, 1)])),
        zone=draw(
            st.sampled_from(
                [
                    "Asia/Shanghai",
                    "America/New_York",
                    "Europe/London",
                    "Asia/Kolkata",
                    "Pacific/Kiritimati",
                ]
            )
        ),  # fmt: skip
        site_url=draw(
            st.sampled_from(["https://openday.example/", "", "http://127.0.0.1:8000/sub/"])
        ),
    )


# ------------------------------------------------------------------ heavy single files


@dataclass(frozen=True)
class Heavy:
    """A recipe for one expensive event file (kept as a recipe, so it prints short)."""

    seed: str
    kind: str
    chunk: str = ""
    count: int = 0
    path: tuple[str | int, ...] = ()
    style: str | None = None
    prefix: str = ""

    def build(self) -> tuple[str, bytes]:
        if self.kind == "raw":
            return self.seed, (self.prefix + self.chunk * self.count + "\n").encode()
        raw = next(seed.raw for seed in SEEDS if seed.relative == self.seed)
        if self.kind == "line":
            return self.seed, self.chunk.encode() * self.count
        if self.kind == "nesting":
            return self.seed, raw + b"x-deep: " + b"[" * self.count + b"]" * self.count + b"\n"
        root = compose(raw)
        if self.kind == "value":
            set_path(root, self.path, quoted(self.prefix + self.chunk * self.count, self.style))
        elif self.kind == "key":
            set_path(root, (*self.path, self.chunk * self.count), plain("1"))
        elif self.kind == "bomb":
            level: yaml.Node = quoted(self.chunk)
            for _ in range(self.count):
                level = seq([level] * len(self.chunk), flow=True)
            set_path(root, self.path, level)
        elif self.kind == "keys":
            keys = [(plain(f"{self.chunk}{i}"), plain("1")) for i in range(self.count)]
            set_path(root, self.path, mapping(keys, flow=True))
        else:
            set_path(root, self.path, seq([quoted(self.chunk)] * self.count, flow=True))
        text = yaml.serialize(root, Dumper=yaml.CSafeDumper, allow_unicode=True, width=1 << 20)
        return self.seed, text.encode("utf-8", "surrogatepass")


SIZES = (10_000, 100_000, 400_000, 1_000_000)
#: What opens a construct that a long run of ``chunk`` may then never close.
PREFIXES = ("", "<", "<a ", "<a href=", "[", "[x](", "`", "<!--", "&#", "@", "*", "http://")


@st.composite
def heavy_files(draw: Draw) -> Heavy:
    """Expensive files up to the 1 MiB limit: long values and keys, alias bombs, deep
    nesting, many keys or list items, one endless line."""
    seed = draw(st.sampled_from(SEEDS))
    kind = draw(st.sampled_from(["value", "value", "key", "bomb", "nesting", "keys", "items", "line"]))  # fmt: skip
    event(f"heavy: {kind}")
    size = min(draw(st.sampled_from(SIZES)), 1_040_000 - len(seed.raw))
    chunk = draw(st.sampled_from(CHUNKS))
    count = size // len(chunk.encode())
    fields_ = [*MARKDOWN_FIELDS, *LINE_FIELDS]
    if kind == "value":
        style = draw(st.sampled_from(['"', "|", "'"]))
        prefix = draw(st.sampled_from(PREFIXES))
        path = draw(st.sampled_from(fields_))
        return Heavy(seed.relative, kind, chunk, count // 2, path, style, prefix)
    if kind == "key":
        where = draw(st.sampled_from([(), ("attendees",), ("registration",), ("contact",)]))
        return Heavy(seed.relative, kind, chunk, count // 2, where)
    if kind == "bomb":
        where = draw(st.sampled_from([("leaders",), ("content",), ("x-bomb",)]))
        return Heavy(seed.relative, kind, "哈" * draw(st.integers(2, 10)), draw(st.integers(2, 14)), where)  # fmt: skip
    if kind == "nesting":
        return Heavy(seed.relative, kind, count=size // 2 - 20)
    if kind in ("keys", "items"):
        many = draw(st.sampled_from([1_000, 9_000, 19_000, 25_000, 60_000]))
        where = draw(
            st.sampled_from([("attendees",), ("x-many",), ("leaders",), ("registration",)])
        )
        return Heavy(seed.relative, kind, "k" if kind == "keys" else chunk, many, where)
    return Heavy(seed.relative, kind, chunk, min(count, (1 << 20) // len(chunk.encode())))
