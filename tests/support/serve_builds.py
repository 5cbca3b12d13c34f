"""Build a project the way ``mkdocs serve`` does, once per line read, in one process.

    python tests/support/serve_builds.py serve PROJECT SITE_DIR SITE_URL   # then "build\\n"…
    python tests/support/serve_builds.py build PROJECT SITE_DIR SITE_URL   # one plain build

``serve`` follows ``mkdocs/commands/serve.py`` (MkDocs 1.6): ``on_startup(command="serve")``
once, then for every line on standard input the configuration is loaded again and the
site built into the same ``SITE_DIR`` (which MkDocs empties first); plugin instances live
on between builds, as under ``mkdocs serve``. After each build one JSON line reports
the seconds it took and any error. ``build`` is a plain ``mkdocs build`` with the same
``SITE_URL``, as the reference to compare with. Neither starts a web server.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config


def main() -> int:
    mode, project, site_dir, site_url = sys.argv[1:5]
    os.chdir(project)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)

    def get_config():
        config = load_config(config_file=str(Path(project, "mkdocs.yml")), site_dir=site_dir)
        config.site_url = site_url
        return config

    config = get_config()
    config.plugins.on_startup(command=mode, dirty=False)
    if mode == "build":
        build(config)
        return 0
    for line in sys.stdin:
        if line.strip() != "build":
            continue
        started = time.perf_counter()
        try:
            build(config or get_config(), serve_url=site_url, dirty=False)
            error = None
        except Exception as exc:  # what `mkdocs serve` would log, reported to the test
            error = f"{type(exc).__name__}: {exc}"
        config = None
        print(json.dumps({"seconds": time.perf_counter() - started, "error": error}), flush=True)
    get_config().plugins.on_shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
