"""Putting a built site in place of the published one, and saying why it could not be.

A build writes into a staging folder beside the site folder; only a build that
succeeded replaces the site, in one step: the two folders are exchanged
(``renameat2(RENAME_EXCHANGE)`` on Linux, ``renamex_np(RENAME_SWAP)`` on macOS),
so a web server or a sync reading ``site/`` always finds a whole site, the old
one or the new one, never none. Only on a file system that cannot exchange
(some network and FUSE file systems) are two renames used, and then the site
folder is missing for the moment between them.

When the disk is full or the folder cannot be written, :func:`fault_message`
gives the one Chinese line a person needs; the published site is left as it was.
"""

from __future__ import annotations

import ctypes
import errno
import os
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # Linux, <linux/fs.h>
_RENAME_SWAP = 2  # macOS, <stdio.h>
#: errno values that mean "this system or file system cannot exchange", not a fault.
_UNSUPPORTED = frozenset({errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP})

_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EROFS: "文件夹是只读的",
    errno.EACCES: "没有读写权限",
    errno.EPERM: "没有读写权限",
    errno.EBUSY: "文件夹正被占用（可能是挂载点）",
    errno.EIO: "磁盘读写出错",
}


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - every POSIX Python has a C library loaded
        return None


def exchange(first: Path, second: Path) -> bool:
    """Swap the two existing paths in one step; ``False`` when the system cannot.

    Raises :class:`OSError` for any other failure (a read-only or busy folder).
    """
    libc = _libc()
    old, new = os.fsencode(first), os.fsencode(second)
    if libc is not None and hasattr(libc, "renameat2"):
        done = libc.renameat2(_AT_FDCWD, old, _AT_FDCWD, new, _RENAME_EXCHANGE)
    elif libc is not None and hasattr(libc, "renamex_np"):  # pragma: no cover - macOS
        done = libc.renamex_np(old, new, _RENAME_SWAP)
    else:  # pragma: no cover - neither Linux nor macOS
        return False
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(second))


def swap_in(staging: Path, target: Path) -> Path | None:
    """Make ``staging`` the folder at ``target``; return where the replaced site now is
    (``staging`` itself after an exchange), for the caller to delete, or ``None``."""
    if not os.path.lexists(target):
        os.rename(staging, target)
        return None
    if exchange(staging, target):
        return staging
    previous = staging.with_name(f"{staging.name}.previous")
    os.rename(target, previous)
    os.rename(staging, target)
    return previous


def fault_message(exc: OSError, project: Path, target: Path, staging: Path | None = None) -> str:
    """One Chinese line for a build that failed on the disk: what, where (a file of the
    project, a file being written shown at its place in the site), and that the published
    site was kept."""
    reason = _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)
    where = None
    for name in (exc.filename2, exc.filename):
        if name is None:
            continue
        path = Path(os.path.abspath(os.fsdecode(name)))
        if staging is not None and path == Path(os.path.abspath(staging)):
            path = Path(os.path.abspath(target)).parent  # the folder it is made in
        elif staging is not None and path.is_relative_to(os.path.abspath(staging)):
            path = Path(os.path.abspath(target)) / path.relative_to(os.path.abspath(staging))
        if path.is_relative_to(os.path.abspath(project)):
            where = path.relative_to(os.path.abspath(project)).as_posix()
            where = "mkdocs.yml 所在的文件夹" if where == "." else where
            break
    place = f"（{where}）" if where else ""
    return f"站点未生成：{reason}{place}。原有 {_shown(target, project)}/ 保持不变。"


def _shown(target: Path, project: Path) -> str:
    path = Path(os.path.abspath(target))
    if path.is_relative_to(os.path.abspath(project)):
        return path.relative_to(os.path.abspath(project)).as_posix()
    return str(path)
