"""Benchmark ``openday check`` on N synthetic event files.

    python bench/check.py 10000 [--runs 5]

Prints the median wall time of the whole command (a fresh process, as staff
and CI run it) and, measured in the same run on the same files, the floor:
reading every file and parsing it with libyaml alone. The ratio says what the
checking itself costs on top of parsing.
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


def _time(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _parse_only(folder: Path) -> None:
    for path in sorted((folder / "events").rglob("*.yml")):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=10000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "OPENDAY_TODAY": TODAY.isoformat()}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_site(folder, args.n)
        command = [sys.executable, "-m", "openday.adapters.cli", "check", "--project", str(folder)]
        first = subprocess.run(command, env=env, capture_output=True, text=True)
        summary = first.stdout.strip().splitlines()[-1] if first.stdout.strip() else first.stderr
        check_times, parse_times = [], []
        for _ in range(args.runs):
            check_times.append(_time(lambda: subprocess.run(command, env=env, capture_output=True)))
            parse_times.append(_time(lambda: _parse_only(folder)))
    check, parse = statistics.median(check_times), statistics.median(parse_times)
    print(f"N = {args.n} 个活动文件，{args.runs} 次取中位数")
    print(f"  openday check（整条命令）: {check:.2f} s   [{summary}]")
    print(f"  参照：仅读取并以 libyaml 解析: {parse:.2f} s")
    print(f"  比值 check / 参照: {check / parse:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
