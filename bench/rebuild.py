"""Time what ``mkdocs serve`` does after an event file is edited, as one line of JSON.

    python bench/rebuild.py PROJECT SITE_DIR [EDITS]

Runs in the project folder, in one process, the way ``mkdocs serve`` (MkDocs
1.6, ``mkdocs/commands/serve.py``) does it: load the configuration and call
``on_startup(command="serve")`` once, build, then on every change load the
configuration again and build again into the same folder. MkDocs keeps plugin
instances across those reloads, so a plugin that keeps its work between
builds profits here as it would under ``serve``.

After the first build, ``EDITS`` (default 5) published notices, spread over
the site, each get a new theme, one at a time, each followed by a rebuild; the
report gives every rebuild's time, their median, and whether each new theme is
on its page afterwards. Then one new event file is added (a copy of a notice
under a new name and 索引号), which changes the counts in the column's sidebar
and so every column page, and the site is rebuilt once more. Every file is
restored at the end. The live-reload server itself and the browser's reload
are not part of the figures.
"""

from __future__ import annotations

import json
import logging
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

MARK = "改动测试"
SERVE_URL = "http://127.0.0.1:8000/"


def main() -> int:
    project = Path(sys.argv[1]).resolve()
    os.chdir(project)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    site_dir = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="openday-serve-")
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 5

    def get_config():
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site_dir)
        config.site_url = SERVE_URL
        return config

    def rebuild() -> float:
        os.sync()
        start = time.perf_counter()
        build(get_config(), serve_url=SERVE_URL, dirty=False)
        return time.perf_counter() - start

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    os.sync()
    start = time.perf_counter()
    build(config, serve_url=SERVE_URL, dirty=False)
    first = time.perf_counter() - start

    notices = [p for p in sorted(project.glob("events/*/*.yml")) if "\npublished:" in p.read_text()]
    chosen = [notices[(2 * i + 1) * len(notices) // (2 * edits)] for i in range(edits)]
    originals = {path: path.read_text("utf-8") for path in chosen}
    times, shown = [], []
    added = None
    try:
        for number, path in enumerate(chosen):
            mark = f"{MARK}{number}"
            path.write_text(originals[path].replace("\ntheme: ", f"\ntheme: {mark}", 1), "utf-8")
            times.append(rebuild())
            page = Path(site_dir, "openday", path.parent.name, path.stem, "index.html")
            shown.append(page.exists() and mark in page.read_text("utf-8"))
        source = chosen[0]
        added = source.with_name(source.stem[:11] + "bench-added.yml")
        text = re.sub(r"\nindex_no: [^\n]*", "", originals[source])
        added.write_text(text.replace("\ntheme: ", f"\ntheme: {MARK}新增", 1), "utf-8")
        add = rebuild()
        page = Path(site_dir, "openday", added.parent.name, added.stem, "index.html")
        add_shown = page.exists()
    finally:
        for path, text in originals.items():
            path.write_text(text, "utf-8")
        if added is not None:
            added.unlink(missing_ok=True)
        config.plugins.on_shutdown()
    print(
        json.dumps(
            {
                "first": first,
                "rebuilds": times,
                "rebuild": statistics.median(times),
                "shown": all(shown),
                "edited": [str(path.relative_to(project)) for path in chosen],
                "add": add,
                "add_shown": add_shown,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
