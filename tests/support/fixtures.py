"""Pytest fixtures for browser-level tests.

Load them with ``pytest_plugins = ["tests.support.fixtures"]`` (in the root
``conftest.py`` or in a test module).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.support.browser import launch_chromium, new_page, serve_directory


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session, closed at its end."""
    with launch_chromium() as launched:
        yield launched


@pytest.fixture(scope="session")
def serve_dir() -> Iterator[Callable[[Path], str]]:
    """Factory ``serve_dir(path) -> base_url`` serving a directory on 127.0.0.1.

    The base URL ends with ``/``. Serving the same directory twice returns
    the same URL; every server is stopped when the session ends.
    """
    with ExitStack() as servers:
        urls: dict[Path, str] = {}

        def serve(path: Path) -> str:
            root = Path(path).resolve()
            if root not in urls:
                urls[root] = servers.enter_context(serve_directory(root))
            return urls[root]

        yield serve


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh browser context (no cookies or storage from other tests)."""
    with new_page(browser) as opened:
        yield opened
