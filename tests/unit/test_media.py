"""What a pull request can put beside a record: only regular files of the repository are
read, pictures must decode as what their names say, attachments must be what their bytes
say. Each case is a real file made here — symbolic and hard links, a pipe, a device, a
decompression bomb — checked with ``openday check``, with the exact lines it prints."""

from __future__ import annotations

import os
import shutil
import stat
import threading
from pathlib import Path

import pytest
from openday.adapters.cli import main
from openday.domain.model import size_text
from openday.sources import media

from tests.support import files

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EVENT = "events/hd-scjgj/2021-09-23-open-day"
YML = f"{EVENT}.yml"
#: Where the first of ``report.images`` (kuaijian-1.jpg) stands in the fixture's record.
FIRST_IMAGE = f"{YML}:32:12"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The complete-valid fixture (a report with two pictures), as a repository of its own."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "records" / "complete-valid", root)
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[remote]\n\turl = secret\n", "utf-8")
    return root


def _check(project: Path, capsys: pytest.CaptureFixture, monkeypatch) -> list[str]:
    monkeypatch.setenv("OPENDAY_TODAY", "2021-10-10")
    main(["check", "--project", str(project)])
    return capsys.readouterr().out.splitlines()


def _check_without_waiting(project: Path, capsys: pytest.CaptureFixture, monkeypatch) -> list[str]:
    """:func:`_check` in a thread, failing the test if it waits on a named pipe."""
    done = threading.Event()
    printed: list[str] = []

    def run() -> None:
        printed.extend(_check(project, capsys, monkeypatch))
        done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(30), "openday check waited on a named pipe"
    return printed


def _picture(project: Path) -> Path:
    return project / EVENT / "kuaijian-1.jpg"


def _summary(errors: int, files: int = 2) -> str:
    return f"已检查 {files} 个文件：{errors} 个错误，0 个警告"


def test_the_fixture_passes_as_it_is(project, capsys, monkeypatch):
    assert _check(project, capsys, monkeypatch) == [_summary(0)]


@pytest.mark.parametrize(
    "target", ["/etc/passwd", "../../../.git/config"], ids=["absolute", "into-git"]
)
def test_a_picture_that_is_a_symbolic_link_is_refused(project, capsys, monkeypatch, target):
    _picture(project).unlink()
    _picture(project).symlink_to(target)
    assert _check(project, capsys, monkeypatch) == [
        f"{FIRST_IMAGE}: E-LINK 图片 {EVENT}/kuaijian-1.jpg 是符号链接，不予发布：只接受仓库中的普通文件",
        _summary(1),
    ]


def test_a_picture_folder_that_is_a_symbolic_link_is_refused_at_each_picture(
    project, capsys, monkeypatch, tmp_path
):
    elsewhere = tmp_path / "elsewhere"
    shutil.move(project / EVENT, elsewhere)
    (project / EVENT).symlink_to(elsewhere)
    message = f"E-LINK 图片所在的文件夹 {EVENT} 是符号链接，不予发布：只接受仓库中的普通文件夹"
    assert _check(project, capsys, monkeypatch) == [
        f"{FIRST_IMAGE}: {message}",
        f"{YML}:32:28: {message}",
        _summary(2),
    ]


def test_a_unit_folder_that_is_a_symbolic_link_is_refused_not_skipped(
    project, capsys, monkeypatch, tmp_path
):
    (project / "events" / "hd-linked").symlink_to(project / "events" / "hd-scjgj")
    assert _check(project, capsys, monkeypatch) == [
        "events/hd-linked:1:1: E-LINK 文件夹 events/hd-linked 是符号链接，其中的文件不予检查和发布："
        "只接受仓库中的普通文件夹",
        _summary(1),
    ]


def test_a_hard_link_to_a_file_outside_the_repository_is_refused(
    project, capsys, monkeypatch, tmp_path
):
    outside = tmp_path / "outside.jpg"
    _picture(project).rename(outside)
    os.link(outside, _picture(project))
    assert _check(project, capsys, monkeypatch) == [
        f"{FIRST_IMAGE}: E-LINK 图片 {EVENT}/kuaijian-1.jpg 是硬链接（同一文件另有 1 个名称），"
        "不予发布：请放入文件本身的副本",
        _summary(1),
    ]


def test_a_folder_or_a_pipe_in_place_of_a_picture_is_refused_without_waiting(
    project, capsys, monkeypatch
):
    _picture(project).unlink()
    _picture(project).mkdir()
    (project / EVENT / "zuotan.png").unlink()
    os.mkfifo(project / EVENT / "zuotan.png")
    printed = _check_without_waiting(project, capsys, monkeypatch)
    assert printed == [
        f"{FIRST_IMAGE}: E-FILE 图片 {EVENT}/kuaijian-1.jpg 是文件夹，不是普通文件，不予发布",
        f"{YML}:32:28: E-FILE 图片 {EVENT}/zuotan.png 是命名管道，不是普通文件，不予发布",
        _summary(2),
    ]


def test_an_event_file_that_is_a_symbolic_link_is_refused_before_it_is_read(
    project, capsys, monkeypatch
):
    linked = project / "events" / "hd-scjgj" / "2021-09-24-zero.yml"
    linked.symlink_to("/dev/zero")
    assert _check(project, capsys, monkeypatch) == [
        "events/hd-scjgj/2021-09-24-zero.yml:1:1: E-LINK 活动文件 events/hd-scjgj/2021-09-24-zero.yml"
        " 是符号链接，不予发布：只接受仓库中的普通文件",
        _summary(1, files=3),
    ]


def test_an_attachment_that_is_a_symbolic_link_to_a_system_file_is_refused(
    project, capsys, monkeypatch
):
    record = project / YML
    record.write_text(
        record.read_text("utf-8").replace("feedback:\n", "attachments: [报名表.pdf]\nfeedback:\n"),
        "utf-8",
    )
    (project / EVENT / "报名表.pdf").symlink_to("/etc/passwd")
    assert _check(project, capsys, monkeypatch) == [
        f"{YML}:34:15: E-LINK 附件 {EVENT}/报名表.pdf 是符号链接，不予发布：只接受仓库中的普通文件",
        _summary(1),
    ]


def test_a_real_decompression_bomb_is_refused_without_decoding_it(project, capsys, monkeypatch):
    bomb = files.bomb_png()  # 40,000 × 40,000 pixels: 1.6 GB once decoded
    assert len(bomb) < 300_000
    (project / EVENT / "zuotan.png").write_bytes(bomb)
    assert _check(project, capsys, monkeypatch) == [
        f"{YML}:32:28: E-IMAGE 图片 {EVENT}/zuotan.png 像素过多（超过 6400 万像素），"
        "疑为“解压炸弹”，不予发布：请缩小后再提交",
        _summary(1),
    ]


def test_a_picture_over_the_size_bound_is_refused_before_it_is_read(project, capsys, monkeypatch):
    with open(_picture(project), "r+b") as stream:
        stream.truncate(media.MAX_PICTURE_BYTES + 1)
    assert _check(project, capsys, monkeypatch) == [
        f"{FIRST_IMAGE}: E-IMAGE 图片 {EVENT}/kuaijian-1.jpg 过大（20 MB），上限 20 MB",
        _summary(1),
    ]


def test_a_phone_photo_is_measured_upright_from_its_exif_orientation(project):
    data = files.photo(2400, 1800, orientation=6)
    picture = media.inspect_picture(data, f"{EVENT}/kuaijian-1.jpg")
    assert (picture.format, picture.width, picture.height, picture.alpha) == (
        "JPEG", 1800, 2400, False
    )  # fmt: skip
    assert picture.digest == media.digest(data)


def test_transparency_is_noticed_so_that_it_is_kept():
    assert media.inspect_picture(files.png(alpha=True), "a.png").alpha
    assert not media.inspect_picture(files.png(), "a.png").alpha


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("a.pdf", files.pdf(), "pdf"),
        ("a.docx", files.docx(), "docx"),
        ("a.xlsx", files.xlsx(), "xlsx"),
        ("a.ofd", files.ofd(), "ofd"),
    ],
)
def test_each_attachment_type_is_known_by_its_bytes(name, data, kind):
    assert media.sniff_attachment(data) == kind
    assert media.inspect_attachment(data, name) == kind


def test_a_docx_renamed_xlsx_is_told_its_real_type():
    with pytest.raises(media.Refused) as refused:
        media.inspect_attachment(files.docx(), "名单.xlsx")
    assert refused.value.message == (
        "附件 名单.xlsx 的扩展名是 .xlsx，内容却是 Word 文档：请把扩展名改为 .docx"
    )


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "1 KB"), (1, "1 KB"), (24 * 1024, "24 KB"), (24 * 1024 + 1, "25 KB"),
     (1024 * 1024, "1 MB"), (1536 * 1024, "1.5 MB"), (20 * 1024 * 1024, "20 MB")],
)  # fmt: skip
def test_sizes_read_as_a_portal_writes_them(size, text):
    assert size_text(size) == text


def test_a_picture_found_good_is_not_decoded_again_where_a_build_made_the_cache(tmp_path):
    data = files.photo(800, 600)
    cache = tmp_path / "cache"
    first = media.inspect_picture_cached(data, "a.jpg", cache)
    assert not cache.exists()  # a bare check leaves the checkout as it was
    cache.mkdir()
    assert media.inspect_picture_cached(data, "a.jpg", cache) == first
    kept = media.finding_path(cache, first.digest)
    assert kept.is_file()
    kept.write_text('{"format": "JPEG", "width": 1, "height": 2, "alpha": false}', "utf-8")
    assert media.inspect_picture_cached(data, "a.jpg", cache).width == 1  # read, not decoded
    kept.write_text("{", "utf-8")
    assert media.inspect_picture_cached(data, "a.jpg", cache) == first  # a broken finding: decoded


def test_a_finding_never_spares_a_refusal(tmp_path):
    (tmp_path / "cache").mkdir()
    with pytest.raises(media.Refused):
        media.inspect_picture_cached(files.png(), "a.jpg", tmp_path / "cache")
    assert not list((tmp_path / "cache").rglob("*.json"))


def test_an_event_file_that_is_a_pipe_a_folder_or_a_hard_link_is_refused(
    project, capsys, monkeypatch, tmp_path
):
    unit = project / "events" / "hd-scjgj"
    os.mkfifo(unit / "2021-09-24-pipe.yml")
    (unit / "2021-09-25-folder.yml").mkdir()
    outside = tmp_path / "outside.yml"
    outside.write_text("agency: hd-scjgj\ntheme: 开放\nstart: 2021-09-26\n", "utf-8")
    os.link(outside, unit / "2021-09-26-hard.yml")
    printed = _check_without_waiting(project, capsys, monkeypatch)
    assert printed == [
        "events/hd-scjgj/2021-09-24-pipe.yml:1:1: E-FILE 活动文件 events/hd-scjgj/2021-09-24-pipe.yml"
        " 是命名管道，不是普通文件，不予发布",
        "events/hd-scjgj/2021-09-25-folder.yml:1:1: E-FILE 活动文件 events/hd-scjgj/2021-09-25-folder.yml"
        " 是文件夹，不是普通文件",
        "events/hd-scjgj/2021-09-26-hard.yml:1:1: E-LINK 活动文件 events/hd-scjgj/2021-09-26-hard.yml"
        " 是硬链接（同一文件另有 1 个名称），不予发布：请放入文件本身的副本",
        _summary(3, files=4),
    ]


def test_a_device_in_place_of_a_picture_is_refused_before_it_is_read(project, capsys, monkeypatch):
    (project / EVENT / "zuotan.png").unlink()
    os.mknod(project / EVENT / "zuotan.png", 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero
    assert _check(project, capsys, monkeypatch) == [
        f"{YML}:32:28: E-FILE 图片 {EVENT}/zuotan.png 是字符设备，不是普通文件，不予发布",
        _summary(1),
    ]
