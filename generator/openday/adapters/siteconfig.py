"""``mkdocs.yml`` read without MkDocs, for ``openday build``.

Plain YAML and MkDocs' ``!ENV``, with MkDocs' defaults, as the theme's templates
read it (``config.site_name``, ``config.theme.language``, ``config.plugins``).
What only MkDocs could build from it (other plugins, ``hooks``, other tags,
another theme, an extension of MkDocs' or Material's) is refused with its line,
never skipped: the site would not be the one ``mkdocs build`` makes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import markdown
import yaml

from ..domain.problems import Problem
from ..sources.config import ConfigError

#: The extensions MkDocs always loads, before those of ``mkdocs.yml``.
BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
#: The theme the column's templates build on.
THEME = "material"
#: The engines this command does without; nothing of theirs is imported.
ENGINES = ("mkdocs", "material", "properdocs")
#: The only plugin this command runs; any other one needs its engine.
PLUGIN = "openday"
#: Settings of mkdocs.yml this command reads; any other key is refused rather than ignored.
KNOWN = {
    "site_name", "site_url", "site_description", "site_author", "docs_dir", "site_dir",
    "theme", "nav", "not_in_nav", "exclude_docs", "plugins", "markdown_extensions",
    "extra", "extra_css", "extra_javascript", "copyright", "repo_url", "repo_name",
    "edit_uri", "edit_uri_template", "use_directory_urls", "strict", "validation",
    "remote_branch", "remote_name", "dev_addr", "watch", "draft_docs", "google_analytics",
}  # fmt: skip


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as plain YAML, with MkDocs' ``!ENV`` (an environment variable)."""


def _env_tag(loader: _Loader, node: yaml.Node) -> Any:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``, read as MkDocs reads them."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    for name in names:
        value = os.environ.get(str(name))
        if value is not None:
            resolved = loader.resolve(yaml.ScalarNode, value, (True, False))
            return loader.construct_object(yaml.ScalarNode(resolved, value))
    return default


_Loader.add_constructor("!ENV", _env_tag)


@dataclass
class Config:
    """``mkdocs.yml`` with MkDocs' defaults, as the theme's templates read it (``config.x``
    and ``config['x']`` alike)."""

    path: Path
    data: dict[str, Any]
    nodes: yaml.Node

    def __getattr__(self, name: str) -> Any:
        try:
            return self.data[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self.data[name]

    def __contains__(self, name: str) -> bool:
        return name in self.data

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    def where(self, *keys: str | int) -> tuple[int, int]:
        """Line and column of the setting at ``keys`` (its name; the nearest enclosing
        setting when it is not there)."""
        node = mark = self.nodes
        for key in keys:
            found = None
            if isinstance(node, yaml.MappingNode):
                pair = next(((k, v) for k, v in node.value if k.value == key), None)
                if pair is not None:
                    mark, found = pair
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                found = mark = node.value[key] if key < len(node.value) else None
            if found is None:
                break
            node = found
        return mark.start_mark.line + 1, mark.start_mark.column + 1


class PluginView:
    """``config.plugins['openday']`` for the templates: the plugin's options as ``.config``."""

    #: The options' defaults (those of the plugin's ``OpenDayConfig``).
    DEFAULTS = {"rules": {}, "timezone": "Asia/Shanghai", "identity": {}, "office_owners": []}

    def __init__(self, options: dict[str, Any], index: int):
        self.config = {**self.DEFAULTS, **options}
        self.index = index


def refuse(config_name: str, line: int, column: int, message: str) -> ConfigError:
    return ConfigError(Problem(config_name, line, column, "E-CONFIG", message))


def _unknown_tags(node: yaml.Node, name: str) -> Iterator[Problem]:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.tag.startswith("!") and current.tag != "!ENV":
            mark = current.start_mark
            yield Problem(name, mark.line + 1, mark.column + 1, "E-CONFIG",
                          f"openday build 不支持标签 {current.tag}（只认 !ENV），"
                          "请改写此项，或用 mkdocs build 构建")  # fmt: skip
        elif current.tag.startswith("tag:yaml.org,2002:python/"):
            mark = current.start_mark
            yield Problem(name, mark.line + 1, mark.column + 1, "E-CONFIG",
                          f"openday build 不支持标签 !!{current.tag.split(':', 2)[2]}，"
                          "它要执行 Python 代码；请改写此项，或用 mkdocs build 构建")  # fmt: skip
        if isinstance(current, yaml.MappingNode):
            for key, value in reversed(current.value):
                stack += [value, key]
        elif isinstance(current, yaml.SequenceNode):
            stack += reversed(current.value)


def load_config(path: Path, site_dir: str | None = None, strict: bool = False) -> Config:
    """``mkdocs.yml`` at ``path`` with MkDocs' defaults; :class:`ConfigError` (one Chinese
    line naming file, line and setting) for what this command cannot build."""
    name = path.name
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise refuse(name, 1, 1, f"找不到 {name}，请在站点根目录运行，或用 --config 指明") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise refuse(name, 1, 1, f"无法读取 {name}（{exc}）") from None
    try:
        nodes = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise refuse(name, line, column, f"{name} 无法解析") from None
    found = list(_unknown_tags(nodes, name)) if nodes is not None else []
    if found:
        raise ConfigError(found[0]) if len(found) == 1 else ConfigErrors(found)
    loader = _Loader(text)
    data = loader.construct_document(nodes) if nodes is not None else None
    loader.dispose()
    if not isinstance(data, dict):
        raise refuse(name, 1, 1, f"{name} 应是“设置名: 值”的列表")
    config = Config(path=path, data={}, nodes=nodes)
    for key in data:
        if key not in KNOWN:
            raise refuse(name, *config.where(key), f"openday build 不认识设置“{key}”，"
                          "请删去，或用 mkdocs build 构建")  # fmt: skip
    if not data.get("site_name"):
        raise refuse(name, 1, 1, f"{name} 缺少 site_name（网站名称）")
    root = path.resolve().parent
    site_url = data.get("site_url") or None
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    extensions, configs = _markdown_extensions(data.get("markdown_extensions") or [], config)
    config.data = {
        "config_file_path": str(path),
        "site_name": data["site_name"],
        "site_url": site_url,
        "site_description": data.get("site_description"),
        "site_author": data.get("site_author"),
        "docs_dir": str(root / data.get("docs_dir", "docs")),
        "site_dir": site_dir if site_dir is not None else str(root / data.get("site_dir", "site")),
        "nav": data.get("nav"),
        "not_in_nav": data.get("not_in_nav"),
        "exclude_docs": data.get("exclude_docs"),
        "draft_docs": data.get("draft_docs"),
        "copyright": data.get("copyright"),
        "repo_url": data.get("repo_url"),
        "repo_name": data.get("repo_name"),
        "edit_uri": data.get("edit_uri"),
        "edit_uri_template": data.get("edit_uri_template"),
        "extra": data.get("extra") or {},
        "extra_css": list(data.get("extra_css") or []),
        "extra_javascript": [ExtraScript.of(item) for item in data.get("extra_javascript") or []],
        "markdown_extensions": extensions,
        "mdx_configs": configs,
        "use_directory_urls": data.get("use_directory_urls", True),
        "strict": bool(strict or data.get("strict")),
        "validation": data.get("validation") or {},
    }
    config.data["plugins"] = _plugins(data.get("plugins"), config)
    config.data["theme"] = _theme(data.get("theme"), config, root)
    return config


class ConfigErrors(ConfigError):
    """Several problems of ``mkdocs.yml`` at once."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems[0])
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


def _markdown_extensions(value: Any, config: Config) -> tuple[list[str], dict[str, dict]]:
    """The extensions' names, MkDocs' own first, and their options; each one loaded once
    here, so that one that is missing or refuses its options is named before any page."""
    names: list[str] = []
    configs: dict[str, dict] = {}
    items = list(value.items()) if isinstance(value, dict) else value
    for index, item in enumerate(items):
        if isinstance(item, dict) and len(item) == 1:
            item = next(iter(item.items()))
        name, options = (item, None) if isinstance(item, str) else item
        where = config.where("markdown_extensions", index)
        if not isinstance(name, str) or not isinstance(options, dict | None):
            raise refuse(config.path.name, *where, "markdown_extensions 的写法有误")
        if name.split(".")[0] in ENGINES:
            raise refuse(config.path.name, *where, f"openday build 不加载属于 MkDocs 或其主题的"
                          f"扩展“{name}”；请删去它，或用 mkdocs build 构建")  # fmt: skip
        try:
            markdown.Markdown(extensions=[name], extension_configs={name: options or {}})
        except Exception as exc:  # an extension may raise anything on bad options
            raise refuse(config.path.name, *where,
                          f"无法加载 Markdown 扩展“{name}”（{exc}）") from None  # fmt: skip
        if options:
            configs[name] = options
        names.append(name)
    ordered: list[str] = []
    for name in (*BUILTIN_EXTENSIONS, *names):
        if name not in ordered:
            ordered.append(name)
    return ordered, configs


def _plugins(value: Any, config: Config) -> dict[str, PluginView]:
    plugins: dict[str, PluginView] = {}
    items = [{k: v} for k, v in value.items()] if isinstance(value, dict) else value or []
    for index, item in enumerate(items):
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        if name != PLUGIN:
            where = config.where("plugins", index)
            raise refuse(config.path.name, *where, f"openday build 只运行 openday 插件，"
                          f"不能运行“{name}”；请删去它，或用 mkdocs build 构建")  # fmt: skip
        plugins[name] = PluginView(options or {}, index)
    if PLUGIN not in plugins:
        raise refuse(config.path.name, 1, 1, f"{config.path.name} 的 plugins 中没有 openday 插件")
    return plugins


class Theme(dict):
    """``config.theme``: the theme's options (its ``mkdocs_theme.yml`` under those of
    ``mkdocs.yml``), and the folders its templates are looked up in."""

    dirs: list[str]
    static_templates: list[str]

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def theme_folder(name: str) -> Path | None:
    """The folder of the installed theme ``name``, from the entry point it declares for
    MkDocs (``mkdocs.themes``), found without importing anything."""
    for point in metadata.entry_points(group="mkdocs.themes"):
        if point.name == name and point.dist is not None:
            folder = Path(str(point.dist.locate_file(point.value.replace(".", "/"))))
            if (folder / "mkdocs_theme.yml").is_file():
                return folder
    return None


def _theme(value: Any, config: Config, root: Path) -> Theme:
    options = value if isinstance(value, dict) else {"name": value or "mkdocs"}
    name = options.get("name")
    folder = theme_folder(THEME) if name == THEME else None
    if folder is None:
        where = config.where("theme", "name") if value is not None else (1, 1)
        shown = f"主题为“{name}”" if name != THEME else "找不到已安装的 Material"
        raise refuse(config.path.name, *where, f"openday build 需要 Material 主题"
                      f"（theme: name: material），{shown}")  # fmt: skip
    settings = yaml.safe_load((folder / "mkdocs_theme.yml").read_text("utf-8")) or {}
    theme = Theme(name=name, locale="en")
    statics = settings.pop("static_templates", [])
    settings.pop("extends", None)
    theme.update(settings)
    theme.update(options)
    theme.dirs = [str(root / options["custom_dir"])] if options.get("custom_dir") else []
    theme.dirs.append(str(folder))
    theme.static_templates = list(statics)
    return theme


@dataclass(frozen=True)
class ExtraScript:
    """An entry of ``extra_javascript``, as MkDocs' ``script_tag`` filter reads it."""

    path: str
    type: str | None = None
    defer: bool = False
    async_: bool = False

    @classmethod
    def of(cls, item: Any) -> ExtraScript:
        if isinstance(item, dict):
            return cls(str(item.get("path", "")), item.get("type"),
                       bool(item.get("defer")), bool(item.get("async")))  # fmt: skip
        path = str(item)
        return cls(path, "module" if path.endswith(".mjs") else None)

    def __str__(self) -> str:
        return self.path
