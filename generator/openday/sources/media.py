"""Files beside a record — report pictures and attachments — read safely and known by content.

A pull request can put anything under ``events/``: a symbolic link to
``/etc/passwd`` named ``photo.jpg``, a hard link to a file elsewhere on the
machine, a device, a folder, a text file renamed ``.pdf`` or a few kilobytes of
PNG that decode to billions of pixels. Only regular files that live inside the
repository are read (:func:`read_regular`), a picture must be what its
extension says and decode within bounds (:func:`inspect_picture`), and an
attachment must be one of the office formats a portal publishes, recognised by
its bytes, not its name (:func:`inspect_attachment`). Every refusal is a
:class:`Refused` with a stable code and a Chinese message naming the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import stat
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import PIL

from ..domain.model import ATTACHMENT_NAMES as ATTACHMENT_KINDS
from ..domain.model import size_text

#: A photo straight from a phone is 3–10 MB; anything over this is not a report picture.
MAX_PICTURE_BYTES = 20 * 1024 * 1024
#: The same bound for attachments: a 报名表 or 实施方案 is far smaller.
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
#: Largest picture accepted, in pixels (a 64-megapixel camera); more is a decompression bomb.
MAX_PIXELS = 64_000_000

#: Picture extensions and the decoder (Pillow format) that must read them.
PICTURE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}
FORMAT_NAMES = {"JPEG": "JPG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF", "SVG": "SVG 矢量图"}
#: Formats that are recognised but not published, with what to do instead.
_LEGACY = (
    "旧版 Office 或 WPS 格式（.doc、.xls、.wps）无法按内容可靠识别，请另存为 .docx、.xlsx 或 PDF"
)


class Refused(Exception):
    """A file that may not be published: ``code`` and a Chinese ``message``."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


# Reading ---------------------------------------------------------------------------------


_KINDS = (
    (stat.S_ISDIR, "文件夹"),
    (stat.S_ISCHR, "字符设备"),
    (stat.S_ISBLK, "块设备"),
    (stat.S_ISFIFO, "命名管道"),
    (stat.S_ISSOCK, "套接字"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "特殊文件")


def check_regular(project: Path, relative: str, what: str, code: str) -> os.stat_result:
    """The status of ``relative`` (``/``-separated, under ``events/``) if it is a regular
    file of the repository; :class:`Refused` otherwise.

    No folder on the way may be a symbolic link, and the file may be neither a link
    nor have another name (a hard link shares its bytes with a file anywhere on the
    disk). ``what`` names the file in messages (图片, 附件); ``code`` is the problem
    code for a missing file.
    """
    parts = PurePosixPath(relative).parts
    for depth in range(1, len(parts)):
        folder = "/".join(parts[:depth])
        try:
            found = os.lstat(os.path.join(project, folder))
        except FileNotFoundError:
            raise Refused(code, f"找不到{what}文件 {relative}") from None
        if stat.S_ISLNK(found.st_mode):
            raise Refused(
                "E-LINK",
                f"{what}所在的文件夹 {folder} 是符号链接，不予发布：只接受仓库中的普通文件夹",
            )
    try:
        found = os.lstat(os.path.join(project, relative))
    except FileNotFoundError:
        raise Refused(code, f"找不到{what}文件 {relative}") from None
    _refuse_special(found, relative, what)
    return found


def read_regular(project: Path, relative: str, what: str, limit: int, code: str) -> bytes:
    """The bytes of ``relative`` if it is a regular file of the repository (see
    :func:`check_regular`) of at most ``limit`` bytes; :class:`Refused` otherwise.

    The file is opened without following links and without waiting on a pipe, and
    must still be the file checked, so what was checked is what is read.
    """
    found = check_regular(project, relative, what, code)
    path = project / relative
    if found.st_size > limit:
        raise Refused(
            code, f"{what} {relative} 过大（{size_text(found.st_size)}），上限 {size_text(limit)}"
        )
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise Refused("E-FILE", f"无法读取{what} {relative}（{exc.strerror}）") from None
    with os.fdopen(fd, "rb") as stream:
        opened = os.fstat(stream.fileno())
        if (opened.st_dev, opened.st_ino) != (found.st_dev, found.st_ino):
            raise Refused("E-FILE", f"{what} {relative} 在读取时被替换，请重新检查")
        _refuse_special(opened, relative, what)
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise Refused(code, f"{what} {relative} 过大（超过上限 {size_text(limit)}）")
    return data


def linked_folders(project: Path, top: str) -> list[tuple[str, str]]:
    """(path, message) of every folder under ``top`` that is a symbolic link, except an
    event's picture folder (beside its ``.yml``), which the record's check reports
    where a picture names it, and of every folder named like an event file. A linked
    unit folder would otherwise hide its events, and the folder the file's name."""
    found = []
    for folder, dirs, files in os.walk(project / top):
        names = set(files)
        for name in sorted(dirs):
            relative = Path(folder, name).relative_to(project).as_posix()
            if os.path.islink(os.path.join(folder, name)) and f"{name}.yml" not in names:
                found.append(
                    (
                        relative,
                        f"文件夹 {relative} 是符号链接，其中的文件不予检查和发布：只接受仓库中的普通文件夹",
                    )
                )
            elif name.endswith((".yml", ".yaml")):
                found.append((relative, f"活动文件 {relative} 是文件夹，不是普通文件"))
    return found


def _refuse_special(found: os.stat_result, relative: str, what: str) -> None:
    if stat.S_ISLNK(found.st_mode):
        raise Refused("E-LINK", f"{what} {relative} 是符号链接，不予发布：只接受仓库中的普通文件")
    if not stat.S_ISREG(found.st_mode):
        raise Refused(
            "E-FILE", f"{what} {relative} 是{_kind(found.st_mode)}，不是普通文件，不予发布"
        )
    if found.st_nlink > 1:
        raise Refused(
            "E-LINK",
            f"{what} {relative} 是硬链接（同一文件另有 {found.st_nlink - 1} 个名称），"
            "不予发布：请放入文件本身的副本",
        )


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# Pictures --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Picture:
    """What a picture is: its decoder, size as shown (orientation applied), transparency."""

    format: str
    width: int
    height: int
    alpha: bool
    digest: str


_SIGNATURES = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
)
_SVG = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE svg|<svg)",
    re.S | re.I,
)


def sniff_picture(data: bytes) -> str | None:
    """The picture format of ``data`` by its first bytes (``SVG`` included), or ``None``."""
    for signature, name in _SIGNATURES:
        if data.startswith(signature):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if _SVG.match(data[:4096]):
        return "SVG"
    return None


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


#: Where, under the project, what was found in pictures and made of them is kept between
#: runs (see :mod:`openday.site.pictures`; listed in .gitignore, never inside ``site/``).
CACHE_DIR = ".cache/openday/pictures"
#: Everything a finding depends on besides the picture's bytes.
_FINDING = f"openday-inspect 1; Pillow {PIL.__version__}; {MAX_PIXELS}".encode()


def finding_path(cache: Path, content: str) -> Path:
    """Where the finding about a picture whose bytes have digest ``content`` is kept."""
    key = hashlib.blake2b(_FINDING + content.encode(), digest_size=16).hexdigest()
    return cache / key[:2] / f"{key}.json"


def inspect_picture_cached(data: bytes, relative: str, cache: Path) -> Picture:
    """:func:`inspect_picture`, from the finding an earlier run kept for the same bytes.

    Decoding every picture of a large site on every build costs more than the rest
    of the check; a picture found good once is good for as long as its bytes are.
    Only good findings are kept, so a refusal is always decided afresh, and only
    where a build has made the cache folder.
    """
    content = digest(data)
    path = finding_path(cache, content)
    try:
        kept = json.loads(path.read_bytes())
        expected = PICTURE_FORMATS[_extension(relative)]
        if kept["format"] == expected:
            return Picture(expected, kept["width"], kept["height"], kept["alpha"], content)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    found = inspect_picture(data, relative)
    record = {"format": found.format, "width": found.width, "height": found.height}
    if cache.is_dir():  # made by the first build; a bare check leaves the checkout as it was
        with contextlib.suppress(OSError):  # a read-only checkout still checks, only slower
            store(path, json.dumps({**record, "alpha": found.alpha}).encode())
    return found


def store(path: Path, data: bytes) -> None:
    """Write ``data`` at ``path`` whole or not at all (a temporary name, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def inspect_picture(data: bytes, relative: str) -> Picture:
    """Decode ``data`` (the picture at ``relative``) as its extension says; :class:`Refused`
    when it is another format, SVG, larger than :data:`MAX_PIXELS` or damaged."""
    expected = PICTURE_FORMATS[_extension(relative)]
    if not data:
        raise Refused("E-IMAGE", f"图片 {relative} 是空文件")
    actual = sniff_picture(data)
    if actual == "SVG":
        raise Refused(
            "E-IMAGE",
            f"图片 {relative} 实际是 SVG 矢量图，不予发布（SVG 可以携带脚本）：请导出为 JPG 或 PNG",
        )
    if actual is None:
        raise Refused("E-IMAGE", f"图片 {relative} 不是 JPG、PNG、WebP 或 GIF 图片，无法识别其内容")
    if actual != expected:
        wanted = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}[actual]
        raise Refused(
            "E-IMAGE",
            f"图片 {relative} 的扩展名是 .{_extension(relative)}，内容却是 {FORMAT_NAMES[actual]} "
            f"图片：请把扩展名改为 .{wanted}",
        )
    bomb = (
        f"图片 {relative} 像素过多（超过 {MAX_PIXELS // 10_000} 万像素），疑为“解压炸弹”，"
        "不予发布：请缩小后再提交"
    )
    # Imported here, where a site has pictures: a build of one without them is spared it.
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[expected]) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise Refused("E-IMAGE", bomb)
                if image.format == "JPEG":
                    # Decoding at an eighth of the size reads every byte of the file
                    # (so damage shows) at a fraction of the cost.
                    image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
                image.load()
                orientation = image.getexif().get(0x0112)
                alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
                    "transparency" in image.info
                )
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Refused("E-IMAGE", bomb) from None
    except Refused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError):
        raise Refused(
            "E-IMAGE", f"图片 {relative} 已损坏或不完整，无法解码：请重新导出后再提交"
        ) from None
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    return Picture(expected, width, height, alpha, digest(data))


# Attachments -----------------------------------------------------------------------------


_ATTACHMENT_NAME = re.compile(r'[^./\\:*?"<>|\s\x00-\x1f\x7f][^/\\:*?"<>|\x00-\x1f\x7f]*\Z')
MAX_NAME = 80


def attachment_name_problem(name: str) -> str | None:
    """Why ``name`` cannot name an attachment, or ``None``."""
    kinds = "、".join(f".{ext}" for ext in ATTACHMENT_KINDS)
    if not _ATTACHMENT_NAME.match(name) or name.endswith((" ", ".")) or len(name) > MAX_NAME:
        return (
            f"附件文件名“{name}”无效：须为活动文件夹中的文件名，不超过 {MAX_NAME} 个字，"
            '不能含“/”“\\”“:”“*”“?”“"”“<”“>”“|”，不能以“.”开头'
        )
    extension = _extension(name)
    if extension in ("doc", "xls", "wps", "et", "dps", "ppt"):
        return f"附件“{name}”：{_LEGACY}"
    if extension not in ATTACHMENT_KINDS:
        return f"附件“{name}”的类型不能发布：只接受 {kinds}"
    return None


def sniff_attachment(data: bytes) -> str | None:
    """The attachment type of ``data`` by content (a key of :data:`ATTACHMENT_KINDS`,
    ``legacy`` for an OLE2 compound file), or ``None``."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "legacy"
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        return None
    if "OFD.xml" in names:
        return "ofd"
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def _macros(data: bytes) -> bool:
    """Whether an Office Open XML package declares macros (a .docm or .xlsm renamed)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size > 1024 * 1024:
            return True
        types = archive.read(info)
    return b"macroEnabled" in types or any(
        name.lower().endswith("vbaproject.bin") for name in archive.namelist()
    )


def inspect_attachment(data: bytes, relative: str) -> str:
    """The type of the attachment at ``relative`` (a key of :data:`ATTACHMENT_KINDS`),
    when its content is what its extension says; :class:`Refused` otherwise."""
    expected = _extension(relative)
    if not data:
        raise Refused("E-ATTACHMENT", f"附件 {relative} 是空文件")
    actual = sniff_attachment(data)
    if actual == "legacy":
        raise Refused(
            "E-ATTACHMENT",
            f"附件 {relative} 是 OLE 复合文档（旧版 .doc、.xls、.wps，或设了密码的 Office 文件），"
            "无法按内容可靠识别：请另存为不加密的 .docx、.xlsx 或 PDF",
        )
    if actual is None:
        raise Refused(
            "E-ATTACHMENT",
            f"附件 {relative} 的内容不是 {ATTACHMENT_KINDS[expected]}，无法识别：请重新导出后再提交",
        )
    if actual != expected:
        raise Refused(
            "E-ATTACHMENT",
            f"附件 {relative} 的扩展名是 .{expected}，内容却是 {ATTACHMENT_KINDS[actual]}："
            f"请把扩展名改为 .{actual}",
        )
    if actual == "pdf" and b"%%EOF" not in data[-2048:]:
        raise Refused("E-ATTACHMENT", f"附件 {relative} 不完整（PDF 文件缺少结尾），请重新导出")
    if actual in ("docx", "xlsx"):
        try:
            macros = _macros(data)
        except (zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError, RuntimeError):
            raise Refused("E-ATTACHMENT", f"附件 {relative} 已损坏，无法读取") from None
        if macros:
            raise Refused("E-ATTACHMENT", f"附件 {relative} 含有宏，不予发布：请另存为不含宏的文件")
    return actual
