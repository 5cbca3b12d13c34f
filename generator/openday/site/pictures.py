"""Report pictures as the site publishes them, and the notices' attachments.

A photo from a phone is 3–10 MB and carries where it was taken (GPS), the
device and its owner in EXIF, XMP or IPTC, and a preview thumbnail. What the
site publishes is made anew from the pixels: turned upright first (the EXIF
orientation), converted to sRGB, at most :data:`~openday.domain.model.PICTURE_WIDTHS`
wide (never enlarged), encoded as JPEG, or WebP when the picture has
transparency, with no metadata at all. The encoders take no clock and no
randomness, so the same picture gives the same bytes on every build.

Making the versions is the slow part of a build with many pictures, so the
results are kept in a cache folder outside the site (:data:`CACHE_DIR`, under
the project), named by the digest of the picture's bytes and of
:data:`RECIPE`; a build finds there what an earlier one made and copies it.
A file is written to the cache under a temporary name and renamed when
complete, so the cache only ever holds whole results, and a warm cache gives
the very bytes a cold one would.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import PIL

from ..base.cores import spread
from ..domain import urls
from ..domain.model import PICTURE_WIDTHS, Event, Image
from ..sources import media
from .tree import OutputTree

if TYPE_CHECKING:
    from PIL import Image as Pillow

#: Where, under the project, the made versions are kept between builds (see .gitignore).
CACHE_DIR = media.CACHE_DIR
JPEG_QUALITY = 82
WEBP_QUALITY = 80
#: Everything the bytes of a version depend on besides the picture itself.
RECIPE = (
    f"openday-pictures 1; Pillow {PIL.__version__}; widths {PICTURE_WIDTHS}; "
    f"jpeg q{JPEG_QUALITY} progressive optimize; webp q{WEBP_QUALITY} m4; bicubic; sRGB"
).encode()
#: Below this many pictures to make, a second process costs more than it saves.
PARALLEL_FROM = 8


class PictureError(Exception):
    """A picture that passed the check could not be published (changed or unreadable since)."""


def _key(image: Image) -> str:
    return hashlib.blake2b(RECIPE + image.digest.encode(), digest_size=16).hexdigest()


def cached_paths(cache: Path, image: Image) -> list[Path]:
    """Where the versions of ``image`` are kept in ``cache``, largest first."""
    key = _key(image)
    return [cache / key[:2] / f"{key}-{width}.{image.extension}" for width, _ in image.versions()]


def make_versions(data: bytes, image: Image) -> list[bytes]:
    """The published bytes of every version of ``image`` (largest first), from its file's ``data``."""
    # Imported here, where a site has pictures: a build of one without them is spared it.
    from PIL import Image as Pillow
    from PIL import ImageOps

    versions = image.versions()
    fmt = media.sniff_picture(data)
    with Pillow.open(io.BytesIO(data), formats=[fmt]) as source:
        if fmt == "JPEG":
            _draft(source, versions[0])
        source.load()
        icc = source.info.get("icc_profile")
        upright = ImageOps.exif_transpose(source)
    mode = "RGBA" if image.alpha else ("L" if upright.mode in ("L", "I;16", "I", "1") else "RGB")
    picture = upright.convert(mode) if upright.mode != mode else upright
    if icc and mode != "L":
        picture = _to_srgb(picture, icc)
    made = []
    for width, height in versions:
        if picture.size != (width, height):
            # Bicubic, as Pillow's own thumbnails: a photograph made smaller looks the same
            # as with Lanczos, at a third of the time.
            picture = picture.resize((width, height), Pillow.Resampling.BICUBIC, reducing_gap=2.0)
        made.append(_encode(picture, image.alpha))
    return made


def _draft(source: Pillow.Image, size: tuple[int, int]) -> None:
    """Let the JPEG decoder scale down by itself (1/2, 1/4, 1/8) to no less than ``size``."""
    width, height = size
    if source.getexif().get(0x0112) in (5, 6, 7, 8):
        width, height = height, width
    source.draft(None, (width, height))


def _to_srgb(picture: Pillow.Image, icc: bytes) -> Pillow.Image:
    """Colours as the embedded profile (Display P3 on many phones) meant them, in sRGB,
    since the published file carries no profile."""
    from PIL import ImageCms

    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        srgb = ImageCms.createProfile("sRGB")
        return ImageCms.profileToProfile(picture, profile, srgb, outputMode=picture.mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return picture


def _encode(picture: Pillow.Image, alpha: bool) -> bytes:
    picture.info = {}  # nothing of the source's metadata may reach an encoder
    out = io.BytesIO()
    if alpha:
        picture.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


# Publishing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One picture to publish: the event's picture file and where its versions go."""

    source: str
    image: Image
    targets: tuple[str, ...]


def jobs(events: Sequence[Event]) -> list[Job]:
    """Every report picture of ``events`` (one job per distinct file of an event)."""
    found = {}
    for event in events:
        folder = event.path.removesuffix(".yml")
        for image in event.report.images if event.report else ():
            targets = tuple(urls.picture(event, image, width) for width, _ in image.versions())
            if targets:
                found.setdefault(
                    (event.id, image.file), Job(f"{folder}/{image.file}", image, targets)
                )
    return list(found.values())


_TASK: tuple[Path, Path] | None = None


def _make(batch: Sequence[Job]) -> list[str | None]:
    """Make and cache the versions of each job's picture; an error message or ``None`` each."""
    from PIL import Image as Pillow

    project, cache = _TASK
    results: list[str | None] = []
    for job in batch:
        try:
            data = media.read_regular(
                project, job.source, "图片", media.MAX_PICTURE_BYTES, "E-IMAGE"
            )
        except media.Refused as refused:
            results.append(refused.message)
            continue
        if media.digest(data) != job.image.digest:
            results.append(f"图片 {job.source} 在检查之后被改动，请重新生成")
            continue
        try:
            made = make_versions(data, job.image)
        except (OSError, ValueError, SyntaxError, EOFError, Pillow.DecompressionBombError):
            results.append(f"图片 {job.source} 无法解码")
            continue
        for path, content in zip(cached_paths(cache, job.image), made, strict=True):
            media.store(path, content)
        results.append(None)
    return results


def publish(
    project: Path, tree: OutputTree, work: Sequence[Job], *, workers: int | None = None
) -> list[str]:
    """Write every version of every job's picture into ``tree``, from the cache where an
    earlier build made it; return the messages of the pictures that could not be made."""
    global _TASK
    cache = project / CACHE_DIR
    missing = [job for job in work if not all(p.is_file() for p in cached_paths(cache, job.image))]
    _TASK = (project, cache)
    errors = []
    failed = set()
    for job, error in zip(
        missing, spread(_make, missing, least=PARALLEL_FROM, workers=workers), strict=True
    ):
        if error is not None:
            errors.append(error)
            failed.add(id(job))
    for job in work:
        if id(job) in failed:
            continue
        for target, path in zip(job.targets, cached_paths(cache, job.image), strict=True):
            tree.copy(target, path)
    return errors


def publish_attachments(project: Path, tree: OutputTree, events: Sequence[Event]) -> list[str]:
    """Write the attachments of every published notice beside its page, the very bytes the
    check read; return the messages of those that could not be."""
    errors = []
    for event in events:
        if event.notice is None:
            continue
        folder = event.path.removesuffix(".yml")
        for attachment in event.attachments:
            source = f"{folder}/{attachment.file}"
            try:
                data = media.read_regular(
                    project, source, "附件", media.MAX_ATTACHMENT_BYTES, "E-ATTACHMENT"
                )
            except media.Refused as refused:
                errors.append(refused.message)
                continue
            if media.digest(data) != attachment.digest:
                errors.append(f"附件 {source} 在检查之后被改动，请重新生成")
                continue
            tree.put(urls.event_asset(event, attachment.file), data)
    return errors


def sweep(project: Path, work: Sequence[Job]) -> None:
    """Delete from the cache what none of ``work`` uses, so it does not grow without end."""
    cache = project / CACHE_DIR
    if not cache.is_dir():
        return
    used = {path for job in work for path in cached_paths(cache, job.image)}
    used.update(media.finding_path(cache, job.image.digest) for job in work)
    for folder in cache.iterdir():
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if path not in used:
                path.unlink(missing_ok=True)
        if not any(folder.iterdir()):
            folder.rmdir()
