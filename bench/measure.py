"""Run one command and report its wall time and peak memory as one line of JSON.

    python bench/measure.py COMMAND [ARG ...]

A fresh process per measurement, so that ``getrusage(RUSAGE_CHILDREN)``
describes that one command alone: ``maxrss`` is the peak resident set of the
largest process of its tree (the command or any child it waited for, such as
a worker of a process pool). Because workers forked from one parent share
most of their pages, the whole tree's memory is also sampled five times a
second as the sum of each process's proportional set size (PSS, from
``/proc/<pid>/smaps_rollup``, Linux only), which counts every shared page
once: ``tree_pss``.
"""

from __future__ import annotations

import contextlib
import json
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

INTERVAL = 0.2


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            with contextlib.suppress(OSError):
                todo.extend(int(c) for c in (task / "children").read_text().split())
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> int:
    command = sys.argv[1:]
    peak = [0]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        while not done.wait(INTERVAL):
            peak[0] = max(peak[0], sum(_pss_kb(pid) for pid in _tree(process.pid)))

    sampler = threading.Thread(target=sample, daemon=True)
    if Path("/proc/self/smaps_rollup").exists():
        sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - start
    done.set()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "wall": wall,
                "rc": process.returncode,
                "maxrss_kb": usage.ru_maxrss,
                "tree_pss_kb": peak[0],
                "cpu": usage.ru_utime + usage.ru_stime,
                "stderr": stderr.decode("utf-8", "replace")[-3000:],
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
