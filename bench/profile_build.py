"""Profile one ``mkdocs build`` of an N-event synthetic site with cProfile.

    python bench/profile_build.py 10000 [--top 15] [--parallel] [--save FILE]

Prints the entries with the largest cumulative time. By default the build is
made to see one CPU (``os.cpu_count`` returns 1), so that pages the plugin
would render in worker processes are rendered, and profiled, in the one
process; ``--parallel`` profiles the build as it runs, where the workers'
time shows only as the parent waiting. ``--save`` keeps the raw profile for
``python -m pstats`` or snakeviz.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synth import TODAY, write_site  # noqa: E402

CHILD = """
import cProfile, os, sys
out, serial = sys.argv[1], sys.argv[2] == "1"
if serial:
    os.cpu_count = lambda: 1
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "-q"]
profile = cProfile.Profile()
try:
    profile.runcall(cli, standalone_mode=False)
finally:
    profile.dump_stats(out)
"""


def _wrapper(func: tuple[str, int, str]) -> bool:
    path = func[0].replace("\\", "/")
    return "/click/" in path or path.endswith("mkdocs/__main__.py") or func[0] == "~"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=10000)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--parallel", action="store_true")
    parser.add_argument("--save", type=Path)
    args = parser.parse_args()
    env = {**os.environ, "OPENDAY_TODAY": TODAY.isoformat(), "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory(prefix="openday-profile-") as tmp:
        project = Path(tmp, "project")
        write_site(project, args.n)
        out = args.save.resolve() if args.save else Path(tmp, "build.prof")
        serial = "0" if args.parallel else "1"
        subprocess.run([sys.executable, "-c", CHILD, str(out), serial], cwd=project, env=env,
                       check=True)  # fmt: skip
        import pstats

        stats = pstats.Stats(str(out))
        mode = "as it runs (workers not seen)" if args.parallel else "on one CPU"
        print(f"cProfile of mkdocs build, N = {args.n}, {mode}: {stats.total_tt:.1f} s profiled")
        print("  (the click and mkdocs command-line wrappers around the build are left out)")
        print(f"  {'ncalls':>12} {'tottime':>9} {'cumtime':>9}  function")
        stats.sort_stats("cumulative")
        shown = [f for f in stats.fcn_list if not _wrapper(f)][: args.top]
        for func in shown:
            calls, primitive, tottime, cumtime, _ = stats.stats[func]
            ncalls = f"{calls}/{primitive}" if calls != primitive else str(calls)
            name = pstats.func_std_string(func).replace(sys.prefix, "<venv>")
            name = name.replace(str(project), "<project>")
            print(f"  {ncalls:>12} {tottime:>9.2f} {cumtime:>9.2f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
