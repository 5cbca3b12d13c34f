"""Headless Chromium through Playwright, and a static HTTP server for built sites.

Playwright's own browser download is unreachable on the project's machines, so
the browser is always Debian's ``/usr/bin/chromium`` (installed by
``tests/support/install-system.sh``).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright

from tests.support import require_file

CHROMIUM: Path = Path("/usr/bin/chromium")

CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}


@contextmanager
def launch_chromium() -> Iterator[Browser]:
    """Launch headless Debian Chromium under Playwright's sync API; close it on exit.

    Each launch gets a fresh, empty user-data directory: Playwright creates a
    temporary profile per ``launch()`` and deletes it on close (it refuses a
    ``--user-data-dir`` argument, which only ``launch_persistent_context``
    takes, and that cannot open further contexts).
    """
    executable = require_file(CHROMIUM)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=list(CHROMIUM_ARGS),
        )
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def new_page(browser: Browser, *, javascript: bool = True) -> Iterator[Page]:
    """Open a page in its own new browser context; close the context on exit.

    With ``javascript=False`` the context is created with
    ``java_script_enabled=False``, so the page's own scripts never run — the
    view a visitor without JavaScript gets. ``page.evaluate`` still runs
    synchronous code there, but promises and timers never settle, so axe
    (asynchronous) cannot run in such a page.
    """
    context = browser.new_context(java_script_enabled=javascript)
    try:
        yield context.new_page()
    finally:
        context.close()


@contextmanager
def page_without_javascript(browser: Browser) -> Iterator[Page]:
    """Open a page whose own scripts never run; see :func:`new_page`."""
    with new_page(browser, javascript=False) as page:
        yield page


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **CONTENT_TYPES}

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that drops a connection it no longer needs is not a
        # failure; anything else still gets its traceback printed.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve ``root`` over HTTP on 127.0.0.1 at a free port; yield the base URL.

    The base URL ends with ``/`` (``http://127.0.0.1:PORT/``). Requests are
    handled on threads, nothing is logged, and ``CONTENT_TYPES`` fixes the
    media types the site's files must be served with (``.ics`` as
    ``text/calendar; charset=utf-8``). On exit the server stops accepting,
    its socket is closed and its thread joined.
    """
    root = Path(root).resolve()
    if not root.is_dir():
        raise NotADirectoryError(root)
    handler = partial(_QuietHandler, directory=str(root))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=f"serve {root}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
