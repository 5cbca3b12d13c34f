"""Profile one ``mkdocs build`` of an N-event synthetic site.

    python bench/profile_build.py 10000 [--top 15] [--parallel] [--save FILE]
    python bench/profile_build.py 10000 --tree [--top 30] [--save FILE]

Default: cProfile, with the entries of the largest cumulative time. The build
is made to see one CPU (``os.cpu_count`` returns 1), so that pages the plugin
would render in worker processes are rendered, and profiled, in the one
process; ``--parallel`` profiles the build as it runs, where the workers'
time shows only as the parent waiting. ``--save`` keeps the raw profile for
``python -m pstats`` or snakeviz.

``--tree``: the whole build as it runs on every core, sampled 200 times a
second by ``py-spy`` (``pip install -e '.[bench]'``) in the parent and in every
worker process it forks, with little overhead of its own. Prints, in seconds
of samples summed over all processes: each process; the build's steps (record
loading and checking, the catalog and file outputs, MkDocs' own pages, the
column's pages, file writes, Markdown, the sitemap); and the functions with
the most samples, with and without what they call. Samples are wall time of a
running process: on a loaded machine a process waiting for a core is counted
too, so compare shares, not seconds, between runs. ``--save`` keeps py-spy's
raw output (one ``stack count`` line per distinct stack, for flame graphs).
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
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
RATE = 200
#: The build's steps, by a function on the stack: first match from the leaf's side wins.
STEPS = (
    ("Markdown fields (openday.domain.markup.render)", "render (openday/domain/markup.py"),
    ("file writes (OutputTree.put)", "OutputTree.put (openday/site/tree.py"),
    ("calendars, feeds, search index, figures", "OpenDayPlugin.write_outputs"),
    ("column pages: templates (direct._render)", "_render (openday/site/direct.py"),
    ("records: read, parse, check", "check_project (openday/checking/check.py"),
    ("catalog and page views (on_files)", "OpenDayPlugin.on_files"),
    ("sitemap", "write_sitemap (openday/site/direct.py"),
    ("publishing the site folder", "Publication.finish"),
    ("MkDocs' own pages", "_build_page (mkdocs/commands/build.py"),
    ("MkDocs: config, theme files, nav", "build (mkdocs/commands/build.py"),
    ("start-up: imports, config", "<module> (mkdocs/__main__.py"),
)


def _wrapper(func: tuple[str, int, str]) -> bool:
    path = func[0].replace("\\", "/")
    return "/click/" in path or path.endswith("mkdocs/__main__.py") or func[0] == "~"


def _frame(text: str) -> str:
    """A py-spy frame ``name (file:line)`` without its line number."""
    return re.sub(r":\d+\)$", ")", text)


def tree_report(raw: Path, top: int) -> None:
    processes: collections.Counter[str] = collections.Counter()
    steps: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text("utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        samples = int(count)
        total += samples
        frames = stack.split(";")
        pids = [f for f in frames if f.startswith("process ")]
        processes["parent" if len(pids) < 2 else f"worker {pids[-1].split(':')[0][8:]}"] += samples
        frames = [_frame(f) for f in frames if not f.startswith("process ")]
        step = next(
            (label for label, key in STEPS if any(f.startswith(key) for f in frames)), "other"
        )
        steps[step] += samples
        for name in set(frames):
            inclusive[name] += samples
        if frames:
            own[frames[-1]] += samples
    seconds = total / RATE
    print(f"py-spy, whole process tree, {RATE} samples/s: {seconds:.1f} s of samples")
    print("\n  by process")
    for name, samples in processes.most_common():
        print(f"  {samples / RATE:8.1f} s {100 * samples / total:5.1f} %  {name}")
    print("\n  by step of the build")
    for name, samples in steps.most_common():
        print(f"  {samples / RATE:8.1f} s {100 * samples / total:5.1f} %  {name}")
    for title, counter in (("with what they call", inclusive), ("on their own", own)):
        print(f"\n  functions, {title}")
        for name, samples in counter.most_common(top):
            print(f"  {samples / RATE:8.1f} s {100 * samples / total:5.1f} %  {name[:110]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=10000)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--parallel", action="store_true")
    parser.add_argument("--tree", action="store_true", help="sample every process with py-spy")
    parser.add_argument("--save", type=Path)
    args = parser.parse_args()
    env = {**os.environ, "OPENDAY_TODAY": TODAY.isoformat(), "NO_MKDOCS_2_WARNING": "1"}
    spy = shutil.which("py-spy", path=os.pathsep.join([str(Path(sys.executable).parent),
                                                       os.environ.get("PATH", "")]))  # fmt: skip
    if args.tree and spy is None:
        sys.exit("py-spy not found: pip install -e '.[bench]'")
    with tempfile.TemporaryDirectory(prefix="openday-profile-") as tmp:
        project = Path(tmp, "project")
        write_site(project, args.n)
        if args.tree:
            out = args.save.resolve() if args.save else Path(tmp, "build.txt")
            command = [spy, "record", "--subprocesses", "--rate", str(RATE), "--format", "raw",
                       "--output", str(out), "--", sys.executable, "-m", "mkdocs", "build", "-q"]  # fmt: skip
            subprocess.run(command, cwd=project, env=env, check=True, capture_output=True)
            print(f"mkdocs build, N = {args.n}, load average {os.getloadavg()[0]:.2f}")
            tree_report(out, args.top)
            return 0
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
