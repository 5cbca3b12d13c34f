"""A report with a phone photo and a notice with attachments, built by ``mkdocs build``:
the photo leaves without GPS, upright and small; each attachment is listed with its type
and size and its link resolves in the built site (检查指标：附件可下载); the same bytes
come out of a warm and a cold cache; and links to files outside the repository stop the
build before anything is written."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from openday.site import pictures
from PIL import Image
from playwright.sync_api import Page

from tests.support import files
from tests.support.axe import format_violations, run_axe
from tests.support.vnu import check_html, format_messages

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2022-09-30"
EVENT = "events/yj-fgj/2022-09-16-liangcang"
PAGE = "openday/yj-fgj/2022-09-16-liangcang/"
ATTACHMENTS = {
    "报名表.docx": files.docx(),
    "实施方案.pdf": files.pdf("Implementation plan"),
    "参加人员名单.xlsx": files.xlsx(),
    "活动通知.ofd": files.ofd(),
}
LISTED = """\
attachments:
  - file: 报名表.docx
    title: “政府开放日”活动报名表
  - 实施方案.pdf
  - 参加人员名单.xlsx
  - 活动通知.ofd
"""


def _project(root: Path) -> Path:
    root.mkdir(parents=True)
    for name in ("mkdocs.yml", "content", "theme"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    (root / "events" / "yj-fgj").mkdir(parents=True)
    shutil.copy(ROOT / "events" / "agencies.yml", root / "events" / "agencies.yml")
    shutil.copytree(ROOT / EVENT, root / EVENT)
    record = (ROOT / f"{EVENT}.yml").read_text("utf-8")
    record = record.replace(
        "attachments:\n  - file: 报名表.docx\n    title: “政府开放日”活动报名表\n", ""
    )
    record = record.replace("report:\n", LISTED + "report:\n", 1)
    record = record.replace(
        "images: [liangcang-1.png, liangcang-2.png]", "images: [photo-1.jpg, liangcang-2.png]"
    )
    (root / f"{EVENT}.yml").write_text(record, "utf-8")
    (root / EVENT / "liangcang-1.png").unlink()
    (root / EVENT / "photo-1.jpg").write_bytes(files.photo(2400, 1800, orientation=6))
    for name, data in ATTACHMENTS.items():
        (root / EVENT / name).write_bytes(data)
    return root


def _build(project: Path, target: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(target)],
        cwd=project,
        env={**os.environ, "OPENDAY_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _project(tmp_path_factory.mktemp("media") / "project")


@pytest.fixture(scope="module")
def built(project: Path) -> Path:
    site = project / "site"
    done = _build(project, site)
    assert done.returncode == 0, done.stderr
    return site


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attachments: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self._list = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "ol" and values.get("class") == "od-attachments__list":
            self._list += 1
        if tag == "a" and self._list:
            self.attachments.append(values["href"] or "")
        if tag == "img" and "loading" in values:
            self.images.append(values)

    def handle_endtag(self, tag: str) -> None:
        if tag == "ol" and self._list:
            self._list -= 1


def _links(html: str) -> _Links:
    found = _Links()
    found.feed(html)
    return found


def test_the_published_photo_carries_no_metadata_and_stands_upright(built: Path) -> None:
    folder = built / PAGE
    assert sorted(p.name for p in folder.glob("photo-1*")) == ["photo-1-480.jpg", "photo-1.jpg"]
    assert not (folder / "liangcang-2.png").exists()
    for name, size in (("photo-1.jpg", (1600, 2133)), ("photo-1-480.jpg", (480, 640))):
        data = (folder / name).read_bytes()
        published = Image.open(io.BytesIO(data))
        assert published.size == size
        assert not published.getexif()
        assert not published.getexif().get_ifd(files.GPS_IFD)
        assert b"GPS" not in data and b"HUAWEI" not in data and b"xmpmeta" not in data
    assert len((folder / "photo-1.jpg").read_bytes()) < 400_000


def test_every_picture_of_the_page_is_lazy_sized_and_offered_at_two_widths(built: Path) -> None:
    images = _links((built / PAGE / "index.html").read_text("utf-8")).images
    assert [image["src"] for image in images] == ["photo-1-480.jpg", "liangcang-2.jpg"]
    photo = images[0]
    assert photo["srcset"] == "photo-1-480.jpg 480w, photo-1.jpg 1600w"
    assert (photo["width"], photo["height"], photo["loading"]) == ("480", "640", "lazy")
    assert all(image["width"] and image["height"] for image in images)


def test_the_notice_lists_each_attachment_with_its_name_type_and_size(
    built: Path, page: Page, serve_dir
) -> None:
    page.goto(serve_dir(built) + PAGE)
    items = page.locator(".od-attachments li").all_inner_texts()
    size = -(-len(ATTACHMENTS["报名表.docx"]) // 1024)
    assert items == [
        f"“政府开放日”活动报名表（报名表.docx，Word 文档，{size} KB）",
        "实施方案.pdf（PDF 文件，1 KB）",
        f"参加人员名单.xlsx（Excel 表格，{-(-len(ATTACHMENTS['参加人员名单.xlsx']) // 1024)} KB）",
        "活动通知.ofd（OFD 版式文件，1 KB）",
    ]
    box = page.locator(".od-attachments a").first.bounding_box()
    assert box is not None and box["height"] >= 44


def test_every_attachment_link_resolves_in_the_built_site(
    built: Path, page: Page, serve_dir
) -> None:
    """检查指标“附件可下载”: every attachment link of every page opens the very file."""
    base = serve_dir(built)
    checked = 0
    for html in built.rglob("*.html"):
        url = base + html.relative_to(built).as_posix()
        for href in _links(html.read_text("utf-8")).attachments:
            target = urljoin(url, href)
            relative = unquote(target.removeprefix(base))
            name = relative.rsplit("/", 1)[1]
            assert (built / relative).read_bytes() == ATTACHMENTS[name]
            response = page.request.get(target)
            assert response.status == 200, target
            assert response.body() == ATTACHMENTS[name]
            checked += 1
    assert checked == len(ATTACHMENTS)


def test_a_phone_loads_the_small_picture_and_the_page_passes_its_checks(
    built: Path, page: Page, serve_dir
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(serve_dir(built) + PAGE)
    photo = page.locator("img[src='photo-1-480.jpg']")
    photo.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector(\"img[src='photo-1-480.jpg']\").complete")
    assert photo.evaluate("img => img.currentSrc").endswith("/photo-1-480.jpg")
    assert not [url for url in requested if url.endswith("/photo-1.jpg")]
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    messages = check_html([built / PAGE / "index.html"], include_warnings=True)
    assert not messages, format_messages(messages)


def test_a_warm_cache_and_a_cold_one_build_the_same_bytes(
    built: Path, project: Path, tmp_path: Path
) -> None:
    cache = project / pictures.CACHE_DIR
    made = {p: p.stat().st_mtime_ns for p in cache.rglob("*.jpg")}
    assert len(made) == 3  # photo-1 at 1600 and 480 px, liangcang-2 once
    warm = tmp_path / "warm"
    assert _build(project, warm).returncode == 0
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*.jpg")} == made
    shutil.rmtree(cache)
    cold = tmp_path / "cold"
    assert _build(project, cold).returncode == 0
    assert _files(warm) == _files(built) == _files(cold)


@pytest.mark.parametrize(
    ("place", "target", "line"),
    [
        ("photo-1.jpg", "/etc/passwd", "{event}.yml:50:12: E-LINK 图片 {event}/photo-1.jpg 是符号链接，"
         "不予发布：只接受仓库中的普通文件"),
        ("实施方案.pdf", "../../../.git/config", "{event}.yml:38:5: E-LINK 附件 {event}/实施方案.pdf "
         "是符号链接，不予发布：只接受仓库中的普通文件"),
    ],
    ids=["picture-to-passwd", "attachment-to-git-config"],
)  # fmt: skip
def test_a_link_out_of_the_repository_stops_the_build_before_anything_is_written(
    tmp_path: Path, place: str, target: str, line: str
) -> None:
    project = _project(tmp_path / "project")
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text("[credential]\n\thelper = secret-token\n", "utf-8")
    (project / EVENT / place).unlink()
    (project / EVENT / place).symlink_to(target)
    done = _build(project, project / "site")
    assert done.returncode == 1
    assert line.format(event=EVENT) in done.stderr
    assert not (project / "site").exists()
    assert not (project / ".site.building").exists()
    leaked = [
        p for p in project.rglob("*")
        if p.is_file() and not p.is_symlink() and ".git" not in p.parts
        and (b"root:x:0:0" in p.read_bytes() or b"secret-token" in p.read_bytes())
    ]  # fmt: skip
    assert not leaked


def test_a_linked_picture_folder_stops_the_build(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    shutil.move(project / EVENT, elsewhere)
    (project / EVENT).symlink_to(elsewhere)
    done = _build(project, project / "site")
    assert done.returncode == 1
    assert f"E-LINK 图片所在的文件夹 {EVENT} 是符号链接" in done.stderr
    assert f"E-LINK 附件所在的文件夹 {EVENT} 是符号链接" in done.stderr
    assert not (project / "site").exists()
