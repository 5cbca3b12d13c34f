"""The column's files in the site folder, written only where they changed.

A build of a large site writes tens of thousands of files under the column's
folders (:data:`~openday.domain.urls.FOLDERS`). A plain ``mkdocs build`` writes them all into a fresh
folder. ``mkdocs serve`` builds again after every edit, into the same folder,
which MkDocs empties first; rewriting everything there takes far longer than
the edit deserves. So the column's folders are set aside before MkDocs
cleans (:meth:`OutputTree.set_aside`) and brought back afterwards
(:meth:`OutputTree.bring_back`), and each file is written only when its bytes
differ from what the previous build left there; files the new build does not
produce any more are deleted (:meth:`OutputTree.finish`).

The tree remembers a digest per file, not the bytes, so it costs a few
megabytes however large the site is. A plain ``mkdocs build``
(:meth:`OutputTree.begin`) has no later build to compare with: it writes
every file without a digest.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from ..domain.urls import FOLDERS as ROOTS


def digest(content: bytes) -> bytes:
    return hashlib.blake2b(content, digest_size=16).digest()


def _source_signature(source: Path) -> tuple:
    found = source.stat()
    return (found.st_size, found.st_mtime_ns, found.st_ino)


class OutputTree:
    """Files under ``ROOTS`` of one site folder, by path (relative to it, ``/``-separated)."""

    def __init__(self) -> None:
        self.site_dir: Path | None = None
        #: What the previous build left on disk: path → digest (``None``: bytes not
        #: remembered, as of a file MkDocs wrote).
        self.on_disk: dict[str, object] = {}
        #: What this build has produced so far.
        self.now: dict[str, object] = {}
        #: Whether a later build will compare its files with this one's (``mkdocs serve``).
        self.compares = True
        #: Folders under the site folder that this process made or found, by path.
        self._folders: set[str] = set()
        self._held: Path | None = None

    # A build's life ---------------------------------------------------------------------

    def set_aside(self, site_dir: Path) -> None:
        """Before MkDocs empties ``site_dir``: move the column's folders out of its way.

        Nothing is kept when the previous build wrote to another folder or left
        nothing there; then every file is written anew.
        """
        site_dir = Path(site_dir)
        held = site_dir.with_name(f".{site_dir.name}.openday-kept")
        shutil.rmtree(held, ignore_errors=True)
        moved = False
        if site_dir == self.site_dir and self.on_disk:
            held.mkdir()
            for root in ROOTS:
                if (site_dir / root).is_dir():
                    (site_dir / root).rename(held / root)
                    moved = True
        self._held = held if moved else None
        if not moved:
            shutil.rmtree(held, ignore_errors=True)
            self.on_disk = {}
        self.site_dir = site_dir
        self.now = {}
        self.compares = True
        self._folders = set()

    def begin(self, site_dir: Path) -> None:
        """Start a build that writes every file into ``site_dir`` (``mkdocs build``)."""
        self.site_dir = Path(site_dir)
        self.on_disk = {}
        self.now = {}
        self.compares = False
        self._folders = set()
        self._held = None

    def bring_back(self, written_by_mkdocs: list[str]) -> None:
        """After MkDocs wrote its pages: put the kept folders back under the site folder.

        ``written_by_mkdocs`` are the paths MkDocs itself wrote under ``ROOTS`` in this
        build (the column pages it renders); they replace the kept copies.
        """
        assert self.site_dir is not None
        held = self._held
        if held is not None:
            for root in ROOTS:
                kept, fresh = held / root, self.site_dir / root
                if not kept.is_dir():
                    continue
                if fresh.exists():
                    fresh.rename(held / f"{root}.new")
                kept.rename(fresh)
            for path in written_by_mkdocs:
                new = held / path.replace("/", ".new/", 1)
                if new.is_file():
                    target = self.site_dir / path
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(new, target)
            shutil.rmtree(held, ignore_errors=True)
            self._held = None
        for path in written_by_mkdocs:
            self.now[path] = None

    def finish(self) -> None:
        """Delete what the previous build wrote and this one did not; remember this build."""
        assert self.site_dir is not None
        folders = set()
        for path in self.on_disk.keys() - self.now.keys():
            target = self.site_dir / path
            target.unlink(missing_ok=True)
            folders.add(target.parent)
        for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
            while folder != self.site_dir and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
        self.on_disk, self.now = self.now, {}

    def abandon(self) -> None:
        """A build failed half-way: forget what is on disk, so the next one writes it all."""
        if self._held is not None:
            shutil.rmtree(self._held, ignore_errors=True)
            self._held = None
        self.on_disk, self.now = {}, {}

    # Files ------------------------------------------------------------------------------

    def unchanged(self, path: str) -> bool:
        """Keep ``path`` as the previous build wrote it, if it did; say whether it did."""
        if path in self.on_disk and self.on_disk[path] is not None:
            self.now[path] = self.on_disk[path]
            return True
        return False

    def put(self, path: str, content: bytes) -> tuple[str, bytes | None]:
        """Write ``content`` at ``path`` unless the previous build left the same bytes there."""
        found = digest(content) if self.compares else None
        if found is None or self.on_disk.get(path) != found:
            self._write(path, content)
        self.now[path] = found
        return path, found

    def copy(self, path: str, source: Path) -> None:
        """Copy the file ``source`` to ``path`` unless it is the same file as last time."""
        found = ("copy", *_source_signature(source))
        if self.on_disk.get(path) != found:
            target = self.site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        self.now[path] = found

    def record(self, entries: list[tuple[str, bytes | None]]) -> None:
        """Note files another process wrote through its copy of this tree."""
        self.now.update(entries)

    def _write(self, path: str, content: bytes) -> None:
        """Write the file, making its folder the first time this process writes into it.

        Nearly every page has a folder of its own, so this is a build's most frequent
        system call after the write itself; plain ``os`` calls spare ``pathlib``'s work.
        """
        folder, _, _ = path.rpartition("/")
        target = f"{self.site_dir}/{path}"
        if folder not in self._folders:
            # One mkdir where the parent folder is there, as it nearly always is; makedirs
            # would first ask whether it is, a system call per page.
            try:
                os.mkdir(f"{self.site_dir}/{folder}")
            except FileExistsError:
                pass
            except FileNotFoundError:
                os.makedirs(f"{self.site_dir}/{folder}", exist_ok=True)
            self._folders.add(folder)
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        try:
            view = memoryview(content)
            while view:
                view = view[os.write(handle, view) :]
        finally:
            os.close(handle)
