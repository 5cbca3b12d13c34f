"""``openday build``: what it refuses in mkdocs.yml, and that a failed build publishes nothing.

The byte-for-byte comparison with ``mkdocs build`` is in
``tests/integration/test_engines.py``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs import utils as mkdocs_utils
from openday.adapters import siteconfig, structure
from openday.adapters.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
CONFIG = f"""site_name: 测试站点
site_url: https://openday.example/
theme:
  name: material
  custom_dir: {ROOT / "theme"}
nav:
  - 首页: index.md
  - 政府开放日: openday/index.md
plugins:
  - openday:
      policy: hedong-2021
"""


def _project(root: Path, case: str, config: str = CONFIG) -> Path:
    """The events of a fixture case with a site around them: mkdocs.yml and one page."""
    shutil.copytree(FIXTURES / "records" / case / "events", root / "events")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# 首页\n\n见[栏目](openday/index.md)。\n", "utf-8")
    (root / "mkdocs.yml").write_text(config, "utf-8")
    return root


def _build(capsys, root: Path, *more: str) -> tuple[int, str, str]:
    code = main(["build", "--config", str(root / "mkdocs.yml"), *more])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """A site folder as a previous build left it."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("上次发布的站点", "utf-8")
    return site


def test_a_clean_project_is_published_in_place_of_the_previous_site(
    capsys, monkeypatch, tmp_path, published
):
    monkeypatch.setenv("OPENDAY_TODAY", "2021-09-10")
    root = _project(tmp_path, "complete-valid")
    code, _, err = _build(capsys, root)
    assert code == 0, err
    assert (published / "openday" / "hd-scjgj" / "2021-09-23-open-day" / "index.html").is_file()
    assert "上次发布的站点" not in (published / "index.html").read_text("utf-8")
    assert '<a href="openday/">栏目</a>' in (published / "index.html").read_text("utf-8")
    assert not (tmp_path / ".site.building").exists()


def test_errors_in_the_records_are_all_reported_and_nothing_is_published(
    capsys, monkeypatch, tmp_path, published
):
    monkeypatch.setenv("OPENDAY_TODAY", "2021-09-01")
    root = _project(tmp_path, "end-before-start")
    code, _, err = _build(capsys, root)
    expected = (FIXTURES / "records" / "end-before-start" / "expected.txt").read_text("utf-8")
    assert err.splitlines() == [
        *expected.splitlines(),
        "已检查 2 个文件：1 个错误，0 个警告。请先修正以上错误（openday check 可单独检查），"
        "站点未生成，原有 site/ 保持不变。",
    ]
    assert code == 1
    assert [p.name for p in published.iterdir()] == ["index.html"]
    assert (published / "index.html").read_text("utf-8") == "上次发布的站点"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "events", "mkdocs.yml", "site"]


def test_a_link_to_a_missing_page_fails_only_a_strict_build(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("OPENDAY_TODAY", "2021-09-10")
    config = CONFIG.replace(
        "  - 政府开放日: openday/index.md\n", "  - 帮助: help.md\n  - 指南: guide.md\n"
    )
    root = _project(tmp_path, "complete-valid", config)
    (root / "docs" / "help.md").write_text("见[指南](guide.md)。\n", "utf-8")
    code, _, err = _build(capsys, root, "--strict", "--site-dir", str(tmp_path / "strict"))
    assert code == 1
    assert err.splitlines()[-3:] == [
        "help.md 链接的 guide.md 不存在（链接未改写）",
        "mkdocs.yml 的 nav 中的 guide.md 不存在（链接未改写）",
        "2 个链接指向不存在的文件，按 --strict 站点未生成，原有 site/ 保持不变。",
    ]
    assert not (tmp_path / "strict").exists()
    assert _build(capsys, root, "--site-dir", str(tmp_path / "lenient"))[0] == 0
    assert (tmp_path / "lenient" / "help" / "index.html").is_file()


def test_python_tags_in_mkdocs_yml_are_refused_each_with_its_line(capsys, tmp_path):
    case = FIXTURES / "config" / "python-name-tags-valid"
    code, out, _ = _build(capsys, case, "--site-dir", str(tmp_path / "site"))
    assert out.splitlines() == [
        "mkdocs.yml:7:20: E-CONFIG openday build 不支持标签 !!python/name:material.extensions"
        ".emoji.twemoji，它要执行 Python 代码；请改写此项，或用 mkdocs build 构建",
        "mkdocs.yml:8:24: E-CONFIG openday build 不支持标签 !!python/name:material.extensions"
        ".emoji.to_svg，它要执行 Python 代码；请改写此项，或用 mkdocs build 构建",
        "mkdocs.yml:13:19: E-CONFIG openday build 不支持标签 !!python/name:pymdownx.superfences"
        ".fence_code_format，它要执行 Python 代码；请改写此项，或用 mkdocs build 构建",
    ]
    assert code == 2
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("plugins:\n  - search\n", "mkdocs.yml:10:5: E-CONFIG openday build 只运行 openday 插件，"
         "不能运行“search”；请删去它，或用 mkdocs build 构建"),
        ("hooks:\n", "mkdocs.yml:9:1: E-CONFIG openday build 不认识设置“hooks”，"
         "请删去，或用 mkdocs build 构建"),
        ("name: material\n", "mkdocs.yml:4:3: E-CONFIG openday build 需要 Material 主题"
         "（theme: name: material），主题为“readthedocs”"),
        ("extra: !include x.yml\n", "mkdocs.yml:9:8: E-CONFIG openday build 不支持标签 !include"
         "（只认 !ENV），请改写此项，或用 mkdocs build 构建"),
        ("policy: hedong-2021\n", "mkdocs.yml:11:7: E-CONFIG 未知的政策预设“nowhere”"),
        ("material.extensions", "mkdocs.yml:10:5: E-CONFIG openday build 不加载属于 MkDocs 或其主题的"
         "扩展“material.extensions.emoji”；请删去它，或用 mkdocs build 构建"),
        ("no.such", "mkdocs.yml:10:5: E-CONFIG 无法加载 Markdown 扩展“no.such.extension”"),
    ],
)  # fmt: skip
def test_what_only_an_engine_could_build_is_refused_where_it_is_written(
    capsys, monkeypatch, tmp_path, change, message
):
    monkeypatch.setenv("OPENDAY_TODAY", "2021-09-01")
    config = {
        "plugins:\n  - search\n": CONFIG.replace("plugins:\n", "plugins:\n  - search\n"),
        "hooks:\n": CONFIG.replace("plugins:\n", "hooks: [hooks.py]\nplugins:\n"),
        "name: material\n": CONFIG.replace("name: material\n", "name: readthedocs\n"),
        "extra: !include x.yml\n": CONFIG.replace(
            "plugins:\n", "extra: !include x.yml\nplugins:\n"
        ),
        "policy: hedong-2021\n": CONFIG.replace("policy: hedong-2021", "policy: nowhere"),
        "material.extensions": CONFIG.replace(
            "plugins:\n", "markdown_extensions:\n  - material.extensions.emoji\nplugins:\n"
        ),
        "no.such": CONFIG.replace(
            "plugins:\n", "markdown_extensions:\n  - no.such.extension\nplugins:\n"
        ),
    }[change]
    root = _project(tmp_path, "complete-valid", config)
    code, out, _ = _build(capsys, root)
    assert out.splitlines()[0].startswith(message)
    assert code == 2
    assert not (tmp_path / "site").exists()


def test_env_tags_read_the_variable_or_the_default(monkeypatch, tmp_path):
    path = tmp_path / "mkdocs.yml"
    text = CONFIG.replace("site_name: 测试站点", "site_name: !ENV [OPENDAY_NAME, 默认站名]")
    path.write_text(text, "utf-8")
    monkeypatch.delenv("OPENDAY_NAME", raising=False)
    assert siteconfig.load_config(path).site_name == "默认站名"
    monkeypatch.setenv("OPENDAY_NAME", "雁江区")
    assert siteconfig.load_config(path).site_name == "雁江区"


@pytest.mark.parametrize(
    "path", ["", ".", "assets/x.css", "../up/", "a/../../b", "/abs", "#top", "https://x.cn/a",
             "openday/", "openday/yj-fgj/", "index.html", "a b/c"],
)  # fmt: skip
@pytest.mark.parametrize("page", ["", "help/", "openday/yj-fgj/2022-09-16-x/", "404.html"])
def test_template_links_are_made_as_mkdocs_makes_them(path, page):
    class Page:
        url = page

    assert structure.normalize_url(path, Page()) == mkdocs_utils.normalize_url(path, Page())
    assert structure.normalize_url(path, None, "/") == mkdocs_utils.normalize_url(path, None, "/")


@pytest.mark.parametrize(
    "source",
    ["---\ntitle: 帮助\n---\n# 正文\n", "---\r\ntitle: 帮助\r\n---\r\n正文\r\n", "# 无前言\n",
     "---\n- 不是映射\n---\n正文\n", "---\ntitle: [未闭合\n---\n正文\n", "title: 旧式\n\n正文\n",
     "Title: 两行\n    接续\nauthor: 某\n正文\n"],
)  # fmt: skip
def test_front_matter_is_read_as_mkdocs_reads_it(source):
    from mkdocs.utils import meta

    assert structure.front_matter(source) == meta.get_data(source)


@pytest.mark.parametrize("url", ["", "./", "help/", "openday/a/", "assets/x.css", "../b/"])
@pytest.mark.parametrize("other", ["", "./", "help/", "openday/a/b/", "404.html", "a/index.html"])
def test_relative_addresses_are_those_of_mkdocs(url, other):
    assert structure.relative_url(url, other) == mkdocs_utils.get_relative_url(url, other)
