"""Test-support harness: browser, static server, axe, vnu and calendar parsers.

The Node-side tools live in ``tests/support/node_modules`` and are installed
by ``tests/support/install-system.sh`` (``npm ci`` against the pinned
``package-lock.json``).
"""

from pathlib import Path

SUPPORT_DIR: Path = Path(__file__).resolve().parent
NODE_MODULES: Path = SUPPORT_DIR / "node_modules"


def require_file(path: Path) -> Path:
    """Return ``path`` if it exists, else raise with the command that provides it."""
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing; run `bash tests/support/install-system.sh` first"
        )
    return path
