"""Time ``openday check`` and ``mkdocs build`` on the records a hostile pull request sends.

    python bench/hostile.py [N] [--runs 3]

Writes a synthetic site of N events (``synth.write_site``) and, one at a time, adds
one attack record beside them: a copy of a published notice whose ``content`` (or
``theme``) is the attack. Each command runs as staff and CI run it, in a fresh process;
the median of ``--runs`` is printed next to the same commands on the site without the
attack, measured in the same run. A build refused by the checker counts as a build:
what matters is that it ends, and how soon.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from synth import TODAY, write_site  # noqa: E402

MIB = 1024 * 1024

#: (name, field, text): the attacks of the record files, as reported.
ATTACKS = [
    ("content: '<a:' × 60,000", "content", "<a:" * 60_000),
    ("content: '![' × 20,000", "content", "![" * 20_000),
    ("content: '<a:' up to 1 MiB", "content", ("<a:" * MIB)[: MIB - 4096]),
    ("content: '  - ' × 4,000 (nesting)", "content", "  - " * 4_000),
    ("theme: 600,000 characters on one line", "theme", ("走进<a:![" * 100_000)[:600_000]),
]


def _time(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True)
    return time.perf_counter() - started, done.returncode


def _median(command: list[str], cwd: Path, env: dict[str, str], runs: int) -> tuple[float, int]:
    times, code = [], 0
    for _ in range(runs):
        took, code = _time(command, cwd, env)
        times.append(took)
    return statistics.median(times), code


def _attack_file(folder: Path, field: str, text: str) -> Path:
    """A copy of the first published notice of the site, with ``field`` set to ``text``."""
    for path in sorted((folder / "events").rglob("*.yml")):
        if path.name == "agencies.yml":
            continue
        data = yaml.safe_load(path.read_text("utf-8"))
        if "published" in data and "report" not in data and not data.get("status"):
            data[field] = text
            copy = path.with_name(path.name.replace(".yml", "-x.yml"))
            copy.write_text(yaml.safe_dump(data, allow_unicode=True, width=1 << 30), "utf-8")
            return copy
    raise SystemExit("the synthetic site has no plain published notice")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "OPENDAY_TODAY": TODAY.isoformat(), "NO_MKDOCS_2_WARNING": "1"}
    check = [sys.executable, "-m", "openday.adapters.cli", "check"]
    build = [sys.executable, "-m", "mkdocs", "build", "-q"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_site(folder, args.n)
        print(f"N = {args.n} 个活动文件，每项 {args.runs} 次取中位数（秒）")
        _time(check, folder, env), _time(build, folder, env)  # warm the file cache first
        base_check, _ = _median(check, folder, env, args.runs)
        base_build, _ = _median(build, folder, env, args.runs)
        print(f"  {'无攻击记录':<40} check {base_check:6.2f}   build {base_build:6.2f}")
        for name, field, text in ATTACKS:
            attack = _attack_file(folder, field, text)
            try:
                took_check, code_check = _median(check, folder, env, args.runs)
                took_build, code_build = _median(build, folder, env, args.runs)
            finally:
                attack.unlink()
            print(
                f"  {name:<40} check {took_check:6.2f} (退出码 {code_check})"
                f"   build {took_build:6.2f} (退出码 {code_build})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
