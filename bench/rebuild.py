"""Time what ``mkdocs serve`` does after one event file is edited, as one line of JSON.

    python bench/rebuild.py PROJECT SITE_DIR

Runs in the project folder, in one process, the way ``mkdocs serve`` (MkDocs
1.6, ``mkdocs/commands/serve.py``) does it: load the configuration and call
``on_startup(command="serve")`` once, build, then on a change load the
configuration again and build again. MkDocs keeps plugin instances across
those reloads, so a plugin that caches its work between builds profits here
as it would under ``serve``. Between the two builds one published notice gets
a new theme; the report says how long the rebuild took and whether the new
theme is on the page afterwards. The live-reload server itself and the
browser's reload are not part of the figure.
"""

from __future__ import annotations

import json
import logging
import os
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

    def get_config():
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site_dir)
        config.site_url = SERVE_URL
        return config

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    os.sync()
    start = time.perf_counter()
    build(config, serve_url=SERVE_URL, dirty=False)
    first = time.perf_counter() - start

    notices = [p for p in sorted(project.glob("events/*/*.yml")) if "\npublished:" in p.read_text()]
    edited = notices[len(notices) // 2]
    text = edited.read_text("utf-8")
    edited.write_text(text.replace("\ntheme: ", f"\ntheme: {MARK}", 1), "utf-8")
    os.sync()
    start = time.perf_counter()
    build(get_config(), serve_url=SERVE_URL, dirty=False)
    rebuild = time.perf_counter() - start
    page = Path(site_dir, "openday", edited.parent.name, edited.stem, "index.html")
    shown = page.exists() and MARK in page.read_text("utf-8")
    edited.write_text(text, "utf-8")
    config.plugins.on_shutdown()
    print(
        json.dumps(
            {
                "first": first,
                "rebuild": rebuild,
                "shown": shown,
                "edited": str(edited.relative_to(project)),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
