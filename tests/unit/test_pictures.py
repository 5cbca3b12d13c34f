"""What the site publishes of a report picture: upright, no metadata, at most 1600 px wide
plus a 480 px version, the same bytes on every build, made once and then taken from the
cache. The pictures are real files made here (a phone photo with GPS in its EXIF)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import pytest
from openday.domain import urls
from openday.domain.model import Attachment, Image, Report
from openday.site import pictures
from openday.site.tree import OutputTree
from openday.sources import media
from PIL import Image as Pillow

from tests.support import files
from tests.support.records import event

#: What a phone writes into a photo and the published one must not carry, as bytes.
PRIVATE = (b"Exif", b"GPS", b"HUAWEI", b"Mate 60", "张三".encode(), b"xmpmeta", b"ICC_PROFILE")


def _image(data: bytes, name: str = "photo-1.jpg") -> Image:
    found = media.inspect_picture(data, name)
    return Image(name, "座谈会现场", found.width, found.height, found.alpha, found.digest)


def _opened(data: bytes) -> Pillow.Image:
    picture = Pillow.open(io.BytesIO(data))
    picture.load()
    return picture


def test_a_phone_photo_is_published_without_any_of_its_metadata():
    source = files.photo()
    assert _opened(source).getexif().get_ifd(files.GPS_IFD)  # the source does carry GPS
    for made in pictures.make_versions(source, _image(source)):
        published = _opened(made)
        assert published.format == "JPEG"
        assert not published.getexif()
        assert not published.getexif().get_ifd(files.GPS_IFD)
        assert not {"exif", "xmp", "icc_profile", "photoshop", "comment"} & published.info.keys()
        assert not [marker for marker in PRIVATE if marker in made]


def test_the_versions_are_at_most_1600_and_480_pixels_wide_never_enlarged():
    source = files.photo(2400, 1800)
    image = _image(source)
    assert image.versions() == ((1600, 1200), (480, 360))
    assert [_opened(d).size for d in pictures.make_versions(source, image)] == [
        (1600, 1200),
        (480, 360),
    ]
    small = files.photo(400, 300)
    assert _image(small).versions() == ((400, 300),)
    assert [_opened(d).size for d in pictures.make_versions(small, _image(small))] == [(400, 300)]


def test_orientation_is_applied_before_anything_else():
    source = files.photo(2400, 1800, orientation=6)  # turn 90° clockwise to view
    image = _image(source)
    assert image.versions() == ((1600, 2133), (480, 640))
    published = _opened(pictures.make_versions(source, image)[0]).convert("RGB")
    assert published.size == (1600, 2133)
    # The red block of the stored top-left corner is shown at the top right.
    red, green, blue = published.getpixel((1600 - 40, 40))
    assert red > 180 and green < 80 and blue < 80
    assert published.getpixel((40, 40))[0] < 180


def test_a_picture_with_transparency_is_published_as_webp_and_keeps_it():
    source = files.png(900, 600, alpha=True)
    image = _image(source, "logo.png")
    assert image.extension == "webp"
    made = pictures.make_versions(source, image)
    assert [_opened(d).format for d in made] == ["WEBP", "WEBP"]
    assert _opened(made[0]).mode == "RGBA"
    assert b"EXIF" not in made[0] and b"XMP " not in made[0]


def test_the_same_picture_gives_the_same_bytes_every_time():
    source = files.photo()
    image = _image(source)
    assert pictures.make_versions(source, image) == pictures.make_versions(source, image)


def _project(tmp_path: Path, data: bytes) -> tuple[Path, list[pictures.Job]]:
    project = tmp_path / "project"
    folder = project / "events" / "yj-fgj" / "2022-09-16-liangcang"
    folder.mkdir(parents=True)
    (folder / "photo-1.jpg").write_bytes(data)
    item = event(
        "2022-09-16-liangcang",
        "2022-09-16 09:00",
        "2022-09-16 11:30",
        report=Report(date(2022, 9, 17), 15, "报道", (_image(data),)),
    )
    return project, pictures.jobs([item])


def _publish(project: Path, work: list[pictures.Job], site: Path, workers: int = 1) -> dict:
    tree = OutputTree()
    tree.begin(site)
    assert pictures.publish(project, tree, work, workers=workers) == []
    tree.finish()
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_warm_cache_gives_the_bytes_of_a_cold_one_and_is_not_made_again(tmp_path):
    project, work = _project(tmp_path, files.photo())
    cold = _publish(project, work, tmp_path / "cold")
    assert sorted(cold) == [
        "openday/yj-fgj/2022-09-16-liangcang/photo-1-480.jpg",
        "openday/yj-fgj/2022-09-16-liangcang/photo-1.jpg",
    ]
    cached = sorted((project / pictures.CACHE_DIR).rglob("*.jpg"))
    assert len(cached) == 2
    made = [path.stat().st_mtime_ns for path in cached]
    warm = _publish(project, work, tmp_path / "warm")
    assert warm == cold
    assert [path.stat().st_mtime_ns for path in cached] == made
    for path in cached:
        path.unlink()
    again = _publish(project, work, tmp_path / "again", workers=2)
    assert again == cold


def test_a_picture_changed_since_the_check_is_not_published(tmp_path):
    project, work = _project(tmp_path, files.photo())
    (project / work[0].source).write_bytes(files.photo(seed=1))
    tree = OutputTree()
    tree.begin(tmp_path / "site")
    assert pictures.publish(project, tree, work) == [
        f"图片 {work[0].source} 在检查之后被改动，请重新生成"
    ]
    assert not (tmp_path / "site").exists()


def test_the_sweep_keeps_what_the_build_used_and_deletes_the_rest(tmp_path):
    project, work = _project(tmp_path, files.photo())
    _publish(project, work, tmp_path / "site")
    stale = project / pictures.CACHE_DIR / "00" / "stale-480.jpg"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    pictures.sweep(project, work)
    assert not stale.parent.exists()
    assert all(
        path.is_file()
        for path in pictures.cached_paths(project / pictures.CACHE_DIR, work[0].image)
    )


@pytest.mark.parametrize("name", ["报名表.docx", "实施 方案 (1).pdf"])
def test_an_attachment_link_is_percent_encoded_and_its_file_keeps_its_name(name):
    item = event("2022-09-16-liangcang", "2022-09-16 09:00")
    found = Attachment(name, None, "pdf", 10, "")
    assert urls.event_asset(item, name) == f"openday/yj-fgj/2022-09-16-liangcang/{name}"
    link = urls.attachment(item, found)
    assert link.isascii() and " " not in link
    assert unquote(link) == urls.event_asset(item, name)
