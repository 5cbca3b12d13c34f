"""Reading the plugin's options from mkdocs.yml without starting MkDocs."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openday.domain.policy import PolicyError
from openday.domain.workdays import Deadline
from openday.sources.config import ConfigError, load_settings, read_today, settings_from_options

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "config"


def _site(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "mkdocs.yml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, "utf-8")
    return tmp_path


def _error(project: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_settings(project)
    return str(caught.value.problem)


def test_mkdocs_yml_with_python_name_and_env_tags_is_read():
    settings = load_settings(FIXTURES / "python-name-tags-valid")
    assert settings.policy.name == "hedong-2021"
    assert settings.timezone == ZoneInfo("Asia/Shanghai")
    assert settings.site_url == "https://openday.example/"
    assert settings.site_name == "临沂市河东区人民政府"


def test_rule_overrides_are_applied_and_remembered(tmp_path):
    project = _site(
        tmp_path,
        "plugins:\n  - openday:\n      policy: yanjiang-2022\n      rules:\n"
        "        feedback_due: 15天\n        lead_days: 10\n",
    )
    settings = load_settings(project)
    assert settings.policy.feedback_due == Deadline(15)
    assert settings.policy.lead_days == 10
    assert settings.policy.overrides == ("feedback_due", "lead_days")
    assert settings.options["rules"] == {"feedback_due": "15天", "lead_days": 10}


def test_a_timezone_option_is_used(tmp_path):
    project = _site(
        tmp_path, "plugins:\n  - openday:\n      policy: hedong-2021\n      timezone: Asia/Urumqi\n"
    )
    assert load_settings(project).timezone == ZoneInfo("Asia/Urumqi")


def test_a_missing_mkdocs_yml_is_a_config_problem(tmp_path):
    assert _error(tmp_path) == "mkdocs.yml:1:1: E-CONFIG 找不到 mkdocs.yml，请在站点根目录运行"


def test_a_site_without_the_plugin_is_told_so(tmp_path):
    assert _error(_site(tmp_path, "site_name: x\nplugins:\n  - search\n")) == (
        "mkdocs.yml:1:1: E-CONFIG mkdocs.yml 的 plugins 中没有 openday 插件"
    )


def test_a_bad_override_is_located_at_its_key(tmp_path):
    project = _site(
        tmp_path,
        "site_name: x\nplugins:\n  - openday:\n      policy: hedong-2021\n      rules:\n"
        "        capacity_max_per_site: 25\n        public_share_min: 三分之一\n",
    )
    assert _error(project) == (
        "mkdocs.yml:7:9: E-CONFIG 规则 public_share_min 应为比例，如 1/3，实际为“三分之一”"
    )


def test_an_unknown_preset_is_located_at_the_policy_key(tmp_path):
    project = _site(tmp_path, "plugins:\n  - openday:\n      policy: hedong\n")
    assert _error(project).startswith("mkdocs.yml:3:7: E-CONFIG 未知的政策预设“hedong”，可选：")


def test_a_plugin_without_options_is_asked_for_a_policy(tmp_path):
    problem = _error(_site(tmp_path, "plugins:\n  - openday\n"))
    assert problem.startswith("mkdocs.yml:2:5: E-CONFIG ")
    # Not 未知的政策预设“None”: the site named no preset, and Python's None is no Chinese.
    assert "None" not in problem


def test_unparsable_yaml_is_located(tmp_path):
    assert _error(_site(tmp_path, "plugins:\n  - openday:\n      policy: [x\n")).startswith(
        "mkdocs.yml:4:1: E-CONFIG mkdocs.yml 无法解析"
    )


def test_mkdocs_yml_that_is_not_utf8_is_a_config_problem(tmp_path):
    assert _error(_site(tmp_path, b"site_name: \xff\n")).startswith("mkdocs.yml:1:1: E-CONFIG ")


def test_settings_from_options_refuses_an_unknown_timezone():
    with pytest.raises(PolicyError) as caught:
        settings_from_options({"policy": "hedong-2021", "timezone": "Mars/Olympus"})
    assert (caught.value.key, str(caught.value)) == (
        "timezone",
        "未知的时区“Mars/Olympus”，如 Asia/Shanghai",
    )


def test_today_comes_from_openday_today(monkeypatch):
    monkeypatch.setenv("OPENDAY_TODAY", "2022-10-13")
    assert read_today() == date(2022, 10, 13)


def test_today_is_the_system_date_without_openday_today(monkeypatch):
    monkeypatch.delenv("OPENDAY_TODAY", raising=False)
    assert read_today() == date.today()


def test_a_malformed_openday_today_is_a_config_problem(monkeypatch):
    monkeypatch.setenv("OPENDAY_TODAY", "2022/10/13")
    with pytest.raises(ConfigError) as caught:
        read_today()
    assert str(caught.value.problem) == (
        "OPENDAY_TODAY:1:1: E-CONFIG 环境变量 OPENDAY_TODAY 应为 YYYY-MM-DD，实际为“2022/10/13”"
    )
