"""Strict, bounded YAML loading that remembers where every key and value stands.

Records come from many hands, so the loader refuses rather than guesses:
safe subset only (no tags), one document, no duplicate keys, aliases expanded
only up to a small bound, bounded nesting, at most 1 MiB of valid UTF-8.

Scalars are kept as text. A plain (unquoted) scalar becomes :class:`Plain`, a
quoted one a ``str``; only the shape stage turns text into integers, booleans
or null, because PyYAML's own typing reads ``10:30`` as 630 and ``no`` as
False. Dates and times are parsed in :mod:`openday.domain.timeparse`, nowhere else.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from typing import Any

import yaml

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml is part of the PyYAML wheels
    _Loader = yaml.SafeLoader

from ..domain.problems import Problem, shown

MAX_BYTES = 1024 * 1024
MAX_NODES = 20_000
MAX_DEPTH = 32

Path = tuple[str | int, ...]
Mark = tuple[int, int]


class Plain(str):
    """Text of a plain (unquoted) YAML scalar, which may still mean a number or null."""

    __slots__ = ()


@dataclass(slots=True)
class Source:
    """A loaded YAML file: its data and the 1-based marks of every key and value.

    The marks are read from ``text`` when first asked for, that is when a problem is to
    be reported: most records have none, and their data alone is read a third faster.
    """

    path: str
    data: Any
    text: str = ""
    marks: tuple[dict[Path, Mark], dict[Path, Mark], set[Path]] | None = None

    @property
    def values(self) -> dict[Path, Mark]:
        """Where each value stands, by its path."""
        return self._marks()[0]

    @property
    def keys(self) -> dict[Path, Mark]:
        """Where each key stands, by the path of its value."""
        return self._marks()[1]

    @property
    def blocks(self) -> set[Path]:
        """The paths of block scalars (``|`` and ``>``)."""
        return self._marks()[2]

    def _marks(self) -> tuple[dict[Path, Mark], dict[Path, Mark], set[Path]]:
        if self.marks is None:
            # The text was read once without marks; read that way, it reads the same.
            self.marks = _Builder(self.path).build(self.text).marks
        return self.marks

    def value_at(self, path: Path) -> Mark:
        """Where the value at ``path`` stands; a missing value points at its parent's key."""
        while path:
            mark = self.values.get(path)
            if mark is not None:
                return mark
            path = path[:-1]
            mark = self.keys.get(path)
            if mark is not None:
                return mark
        return self.values.get((), (1, 1))

    def key_at(self, path: Path) -> Mark:
        """Where the key of ``path`` stands (for list items: the item itself)."""
        mark = self.keys.get(path)
        return mark if mark is not None else self.value_at(path)

    def line_in(self, path: Path, offset: int, text: str) -> Mark:
        """Where character ``offset`` of the text value at ``path`` stands in the file.

        Exact in lines for block scalars (``|``), whose lines are the file's lines,
        with the column taken at the usual indentation (the key's plus two); other
        scalars fold their lines, so their first line is given.
        """
        line, col = self.value_at(path)
        if path not in self.blocks:
            return line, col
        before = text[:offset]
        start = before.rfind("\n") + 1
        indent = self.key_at(path)[1] + 2
        return line + 1 + before.count("\n"), indent + (offset - start)

    def problem(self, path: Path, code: str, message: str, *, on_key: bool = False) -> Problem:
        line, col = self.key_at(path) if on_key else self.value_at(path)
        return Problem(self.path, line, col, code, message)


class LoadError(Exception):
    """The file cannot be read as a record; carries the problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


_LIBYAML_MESSAGES = {
    "mapping values are not allowed": "此处不能出现“键: 值”，请检查缩进或给含冒号的文字加引号",
    "did not find expected node content": "缺少内容（方括号、花括号或引号未闭合？）",
    "could not find expected ':'": "缺少冒号“:”",
    "did not find expected key": "缩进不一致，找不到预期的键",
    "did not find expected '-' indicator": "缩进不一致，列表项前缺少“-”",
    "found undefined alias": "引用了未定义的锚点",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合？）",
    "found unknown escape character": "引号内有无法识别的转义字符",
    "found unexpected ':'": "出现了多余的冒号“:”",
    "did not find expected ',' or ']'": "方括号“[”未闭合，或列表项之间缺少逗号",
    "did not find expected ',' or '}'": "花括号“{”未闭合，或各项之间缺少逗号",
    "block sequence entries are not allowed in this context": "此处不能开始列表，请检查缩进",
    "found character that cannot start any token": "出现了不能作为开头的字符（如 @ 或 `），请给这段文字加引号",
    "control characters are not allowed": "文件中含有不允许的控制字符",
}


def _translate(problem: str) -> str:
    for english, chinese in _LIBYAML_MESSAGES.items():
        if problem.startswith(english):
            return chinese
    return f"YAML 无法解析（{problem}）"


def _where(exc: yaml.MarkedYAMLError) -> Any:
    """The mark a person should look at: where an unclosed quote or bracket opened
    (libyaml's context), else where parsing failed."""
    context = exc.context or ""
    opened = context.startswith(("while scanning a quoted scalar", "while parsing a flow"))
    if opened and exc.context_mark is not None:
        return exc.context_mark
    return exc.problem_mark or exc.context_mark


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _too_large(path: str, size: int) -> LoadError:
    return LoadError(
        Problem(path, 1, 1, "E-SIZE", f"文件过大（{size} 字节），单个文件不得超过 1 MiB")
    )


def read(root: str | os.PathLike, path: str) -> bytes:
    """The bytes of record ``path`` (relative to ``root``), read safely.

    A record is a plain file of its own: a symbolic link (to another record, to a file
    outside the project, to ``/dev/zero``) is refused before anything is read, and so is
    a device, pipe or socket, which could block or never end. At most ``MAX_BYTES + 1``
    bytes are read, so the size bound holds however large the file is or grows. No
    message quotes anything from outside the file itself.
    """
    full = os.path.join(root, path)
    if os.path.islink(full):  # O_NOFOLLOW refuses it too, where the system has it
        raise LoadError(_symlink(path))
    # Non-blocking, and never a controlling terminal: a pipe or a terminal device named
    # like a record must not make the check wait or take over a terminal.
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(full, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise LoadError(_symlink(path)) from None
        raise LoadError(Problem(path, 1, 1, "E-READ", f"无法读取文件（{exc.strerror}）")) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(
                Problem(
                    path,
                    1,
                    1,
                    "E-READ",
                    "不是普通文件（而是设备、管道或套接字等），不能作为记录读取",
                )
            )
        if info.st_size > MAX_BYTES:
            raise _too_large(path, info.st_size)
        chunks, left = [], MAX_BYTES + 1
        while left > 0:
            chunk = os.read(descriptor, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise LoadError(Problem(path, 1, 1, "E-READ", f"无法读取文件（{exc.strerror}）")) from None
    finally:
        os.close(descriptor)
    raw = b"".join(chunks)
    if len(raw) > MAX_BYTES:  # it grew while being read
        raise _too_large(path, len(raw))
    return raw


def _symlink(path: str) -> Problem:
    return Problem(
        path,
        1,
        1,
        "E-LINK",
        f"{path} 是符号链接，不予读取：只接受仓库中的普通文件和文件夹",
    )


def decode(path: str, raw: bytes) -> str:
    """Bytes to text, refusing oversize, non-UTF-8 and NUL-carrying files."""
    if len(raw) > MAX_BYTES:
        raise _too_large(path, len(raw))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise LoadError(
            Problem(path, line, col, "E-ENCODING", "文件不是有效的 UTF-8 编码，请以 UTF-8 保存")
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        col = nul - (text.rfind("\n", 0, nul) + 1) + 1
        raise LoadError(
            Problem(path, line, col, "E-ENCODING", "文件中含有空字符（NUL），不是文本文件")
        )
    return text


def load(path: str, raw: bytes) -> Source:
    """Load one YAML document from ``raw``; raise :class:`LoadError` with a located problem."""
    text = decode(path, raw)
    try:
        return Source(path, _DataReader().read(text), text)
    except _Irregular:
        return _Builder(path).build(text)


class _Irregular(Exception):
    """What :class:`_DataReader` leaves to :class:`_Builder`, which reports it or tracks it."""


class _DataReader:
    """The data of a regular document, as :class:`_Builder` reads it, without any marks.

    Anything the builder would report (a YAML error, a tag, a duplicate key, an empty
    file, a second document, a bound passed), and anchors and aliases, raise
    :class:`_Irregular` instead, so the builder reads that file and says where.
    """

    def __init__(self) -> None:
        self.nodes = 0

    def read(self, text: str) -> Any:
        loader = _Loader(text)
        get = loader.get_event
        try:
            get()  # StreamStart
            if type(get()) is not yaml.DocumentStartEvent:
                raise _Irregular
            data = self._node(get(), get, 0)
            get()  # DocumentEnd
            if type(get()) is not yaml.StreamEndEvent:
                raise _Irregular
        except yaml.YAMLError:
            raise _Irregular from None
        finally:
            loader.dispose()
        return data

    def _node(self, event: Any, get: Any, depth: int) -> Any:
        self.nodes += 1
        if depth > MAX_DEPTH or self.nodes > MAX_NODES or event.anchor is not None:
            raise _Irregular
        kind = type(event)
        if kind is yaml.ScalarEvent and event.tag is None:
            return Plain(event.value) if event.implicit[0] else event.value
        if kind is yaml.MappingStartEvent and event.tag is None:
            mapping: dict = {}
            while type(event := get()) is yaml.ScalarEvent:
                key = str(event.value)
                if key in mapping or event.tag is not None:
                    raise _Irregular
                mapping[key] = self._node(get(), get, depth + 1)
            if type(event) is not yaml.MappingEndEvent:
                raise _Irregular
            return mapping
        if kind is yaml.SequenceStartEvent and event.tag is None:
            items: list = []
            while type(event := get()) is not yaml.SequenceEndEvent:
                if event is None:
                    raise _Irregular
                items.append(self._node(event, get, depth + 1))
            return items
        raise _Irregular  # an alias, a tag


class _Builder:
    """Reads a document with the marks of every key and value, reporting what is wrong."""

    def __init__(self, path: str):
        self.path = path
        self.values: dict[Path, Mark] = {}
        self.keys: dict[Path, Mark] = {}
        self.blocks: set[Path] = set()
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.text = ""
        self.nodes = 0

    def fail(self, mark: Any, code: str, message: str) -> LoadError:
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        lines = self.text.split("\n")
        if line > len(lines):  # libyaml marks the end of a file past its last line
            line, col = len(lines), len(lines[-1]) + 1
        return LoadError(Problem(self.path, line, col, code, message))

    def build(self, text: str) -> Source:
        self.text = text
        loader = _Loader(text)
        # Events are pulled one by one (``get_event``): the builder is the hot loop of
        # reading every record, so it avoids a generator and ``check_event`` per event.
        get = loader.get_event
        try:
            get()  # StreamStart
            event = get()
            if type(event) is yaml.StreamEndEvent:
                raise LoadError(Problem(self.path, 1, 1, "E-EMPTY", "文件为空"))
            data, _ = self._node(get(), get, (), 0)  # the document's root
            get()  # DocumentEnd
            event = get()
            if type(event) is not yaml.StreamEndEvent:
                raise self.fail(
                    event.start_mark, "E-YAML", "一个文件只能包含一个 YAML 文档（删除多余的“---”）"
                )
        except yaml.reader.ReaderError as exc:
            # libyaml counts this position in UTF-8 bytes, not characters.
            before = text.encode("utf-8")[: exc.position].decode("utf-8", "replace")
            line = before.count("\n") + 1
            col = len(before) - (before.rfind("\n") + 1) + 1
            raise LoadError(
                Problem(self.path, line, col, "E-YAML", _translate(exc.reason))
            ) from None
        except yaml.MarkedYAMLError as exc:
            mark = _where(exc)
            message = _translate(exc.problem or str(exc))
            if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
                message = "不能用制表符（Tab）缩进或分隔，请改用空格"
            raise self.fail(mark, "E-YAML", message) from None
        except yaml.YAMLError as exc:
            raise LoadError(Problem(self.path, 1, 1, "E-YAML", _translate(str(exc)))) from None
        finally:
            loader.dispose()
        return Source(self.path, data, text, (self.values, self.keys, self.blocks))

    def _count(self, mark: Any, size: int) -> None:
        self.nodes += size
        if self.nodes > MAX_NODES:
            raise self.fail(
                mark,
                "E-ALIAS",
                f"文件展开后的内容过多（超过 {MAX_NODES} 个节点），请勿滥用锚点和别名",
            )

    def _node(self, event: Any, get: Any, path: Path, depth: int) -> tuple[Any, int]:
        if depth > MAX_DEPTH:
            raise self.fail(event.start_mark, "E-DEPTH", f"嵌套层级过深（超过 {MAX_DEPTH} 层）")
        mark = event.start_mark
        self.values[path] = (mark.line + 1, mark.column + 1)
        kind = type(event)
        if kind is yaml.AliasEvent:
            if event.anchor not in self.anchors:
                raise self.fail(mark, "E-YAML", f"引用了未定义的锚点 *{event.anchor}")
            value, size = self.anchors[event.anchor]
            self._count(mark, size)
            return value, size
        if event.tag is not None:
            raise self.fail(mark, "E-TAG", f"不允许使用 YAML 标签“{_short_tag(event.tag)}”")
        if kind is yaml.ScalarEvent:
            self._count(mark, 1)
            value: Any = Plain(event.value) if event.implicit[0] else event.value
            if event.style in ("|", ">"):
                self.blocks.add(path)
            size = 1
        elif kind is yaml.SequenceStartEvent:
            value, size = self._sequence(get, path, depth)
        elif kind is yaml.MappingStartEvent:
            value, size = self._mapping(get, path, depth)
        else:  # pragma: no cover - libyaml emits no other node events
            raise self.fail(mark, "E-YAML", "无法识别的 YAML 结构")
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, size)
        return value, size

    def _sequence(self, get: Any, path: Path, depth: int) -> tuple[list, int]:
        items: list = []
        size = 1
        self._count(None, 1)
        while (event := get()) is not None:
            if type(event) is yaml.SequenceEndEvent:
                return items, size
            value, child = self._node(event, get, (*path, len(items)), depth + 1)
            items.append(value)
            size += child
        raise self.fail(None, "E-YAML", "列表未正常结束")  # pragma: no cover

    def _mapping(self, get: Any, path: Path, depth: int) -> tuple[dict, int]:
        mapping: dict = {}
        size = 1
        self._count(None, 1)
        keys = self.keys
        while (event := get()) is not None:
            kind = type(event)
            if kind is yaml.MappingEndEvent:
                return mapping, size
            if kind is not yaml.ScalarEvent or event.tag is not None:
                raise self.fail(event.start_mark, "E-YAML", "键必须是简单文字")
            key = str(event.value)
            mark = event.start_mark
            key_path = (*path, key)
            if key in mapping:
                first = keys[key_path]
                raise self.fail(mark, "E-DUPKEY", f"键“{shown(key)}”重复（第 {first[0]} 行已出现）")
            keys[key_path] = (mark.line + 1, mark.column + 1)
            value, child = self._node(get(), get, key_path, depth + 1)
            mapping[key] = value
            size += child
        raise self.fail(None, "E-YAML", "映射未正常结束")  # pragma: no cover
