"""Whatever staff type, the checker answers with located problems and never raises.

A valid record (``tests/fixtures/records/complete-valid``) is mutated at random: keys
deleted, values replaced by random text, numbers, lists, mappings or null, control
characters inserted, lines duplicated, the file truncated, random bytes written.
``check_project`` must return, and every problem it returns must be printable as one
``path:line:col: CODE 说明`` line.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openday.checking.check import CheckResult, check_project
from openday.domain.policy import PRESETS
from openday.sources.yamlsource import Plain, load

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CASE = FIXTURES / "records" / "complete-valid"
RELATIVE = "events/hd-scjgj/2021-09-23-open-day.yml"
BASE = (CASE / RELATIVE).read_bytes()
CODE = re.compile(r"[EW]-[A-Z-]+")
CJK = re.compile(r"[\u4e00-\u9fff]")
ZONE = ZoneInfo("Asia/Shanghai")

FAST = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


class _Dumper(yaml.SafeDumper):
    """Writes loaded records back: plain text stays plain, so `capacity: 20` stays a number."""


def _plain(dumper: yaml.SafeDumper, value: Plain) -> yaml.Node:
    tag = dumper.resolve(yaml.ScalarNode, str(value), (True, False))
    return dumper.represent_scalar(tag, str(value))


_Dumper.add_representer(Plain, _plain)


def _dump(data: Any) -> bytes:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False).encode()


BASE_DATA = load(RELATIVE, BASE).data


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(CASE, root, dirs_exist_ok=True)
    return root


def _check(project: Path, raw: bytes, policy: str, today: date) -> CheckResult:
    (project / RELATIVE).write_bytes(raw)
    return check_project(project, PRESETS[policy], ZONE, today)


def _assert_located(result: CheckResult) -> None:
    for problem in result.problems:
        assert isinstance(problem.path, str) and problem.path.startswith("events/"), problem
        assert isinstance(problem.line, int) and problem.line >= 1, problem
        assert isinstance(problem.col, int) and problem.col >= 1, problem
        assert CODE.fullmatch(problem.code), problem
        assert problem.message.strip() and CJK.search(problem.message), problem
        assert "\n" not in problem.message and "\r" not in problem.message, (
            f"a message over several lines breaks the one-line format: {problem}"
        )


# ---------------------------------------------------------------- strategies

policies = st.sampled_from(sorted(PRESETS))
todays = st.sampled_from([date(2021, 9, 1), date(2021, 12, 31), date(2026, 12, 31)])
date_like = st.from_regex(
    r"\A[0-9]{4}-[0-9]{2}(-([0-9]{2}|上旬|中旬|下旬)( [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?([+-][0-9]{2}:[0-9]{2}|Z)?)?)?\Z"
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    date_like,
    st.sampled_from(
        ["", "~", "no", "10:30", "online", "forum", "adopted", "cancelled", "13912345678"]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.text(min_size=1, max_size=8) | st.sampled_from(["topic", "status", "url"]),
            inner,
            max_size=4,
        )
    ),
    max_leaves=8,
)


def _paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _paths(value, (*prefix, i))
    return found


PATHS = _paths(BASE_DATA)


def _copy(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _copy(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_copy(value) for value in data]
    return data


def _set(data: Any, path: tuple, value: Any, *, delete: bool = False) -> Any:
    data = _copy(data)
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return data


# ---------------------------------------------------------------- properties


@FAST
@given(
    paths=st.lists(st.sampled_from(PATHS), min_size=1, max_size=4, unique=True),
    policy=policies,
    today=todays,
)
def test_deleting_keys_only_reports_problems(project, paths, policy, today):
    data = BASE_DATA
    for path in sorted(paths, key=len, reverse=True):
        try:
            data = _set(data, path, None, delete=True)
        except (KeyError, IndexError, TypeError):
            continue
    _assert_located(_check(project, _dump(data), policy, today))


@FAST
@given(
    changes=st.lists(st.tuples(st.sampled_from(PATHS), values), min_size=1, max_size=3),
    policy=policies,
    today=todays,
)
def test_replacing_values_with_random_data_only_reports_problems(project, changes, policy, today):
    data = BASE_DATA
    for path, value in changes:
        try:
            data = _set(data, path, value)
        except (KeyError, IndexError, TypeError):
            continue
    _assert_located(_check(project, _dump(data), policy, today))


@FAST
@given(
    position=st.integers(min_value=0, max_value=len(BASE.decode())),
    character=st.sampled_from(
        [chr(c) for c in [*range(0, 32), 127, 0x85, 0x2028, 0x2029, 0xFEFF, 0xFFFE]]
    ),
    policy=policies,
)
def test_a_control_character_anywhere_only_reports_problems(project, position, character, policy):
    text = BASE.decode()
    raw = (text[:position] + character + text[position:]).encode("utf-8", "surrogatepass")
    _assert_located(_check(project, raw, policy, date(2021, 9, 1)))


@FAST
@given(
    lines=st.lists(
        st.integers(min_value=0, max_value=BASE.count(b"\n") - 1), min_size=1, max_size=3
    ),
    policy=policies,
)
def test_duplicated_lines_only_report_problems(project, lines, policy):
    rows = BASE.decode().splitlines(keepends=True)
    for line in sorted(lines, reverse=True):
        rows.insert(line, rows[line])
    _assert_located(_check(project, "".join(rows).encode(), policy, date(2021, 9, 1)))


@FAST
@given(length=st.integers(min_value=0, max_value=len(BASE)), policy=policies)
def test_a_truncated_file_only_reports_problems(project, length, policy):
    _assert_located(_check(project, BASE[:length], policy, date(2021, 9, 1)))


@FAST
@given(
    position=st.integers(min_value=0, max_value=len(BASE)),
    noise=st.binary(min_size=1, max_size=16),
    whole=st.binary(max_size=64),
    replace_all=st.booleans(),
)
def test_random_bytes_only_report_problems(project, position, noise, whole, replace_all):
    raw = whole if replace_all else BASE[:position] + noise + BASE[position:]
    _assert_located(_check(project, raw, "region-2021", date(2021, 9, 1)))


def test_the_unmutated_record_is_valid(project):
    result = _check(project, BASE, "hedong-2021", date(2021, 9, 1))
    assert result.problems == []
    assert _dump(BASE_DATA) != b""
    assert _check(project, _dump(BASE_DATA), "hedong-2021", date(2021, 9, 1)).problems == []
