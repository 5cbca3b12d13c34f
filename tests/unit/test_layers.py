"""The layers of ARCHITECTURE.md, held by the import-linter contracts in pyproject.toml."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = "Each layer imports only the layers below it"
ENGINE = "Nothing outside the adapters imports MkDocs or Material"
STANDALONE = "openday build and its steps run without any engine"


def lint_imports(generator: Path) -> subprocess.CompletedProcess[str]:
    """Run the project's contracts over the package found in ``generator``."""
    code = (
        "import sys\n"
        "from importlinter.cli import lint_imports_command\n"
        "sys.exit(lint_imports_command.main(['--config', sys.argv[1], '--no-cache'],"
        " standalone_mode=False))\n"
    )
    path = os.pathsep.join(p for p in (str(generator), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "PYTHONPATH": path}
    return subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "pyproject.toml")],
        cwd=generator,
        env=env,
        capture_output=True,
        text=True,
    )


def test_each_layer_imports_only_the_layers_below_it_and_only_adapters_meet_mkdocs():
    run = lint_imports(ROOT / "generator")
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{LAYERS} KEPT" in run.stdout
    assert f"{ENGINE} KEPT" in run.stdout
    assert f"{STANDALONE} KEPT" in run.stdout


def test_an_upward_import_and_an_engine_import_below_the_adapters_break_the_contracts(tmp_path):
    generator = tmp_path / "generator"
    shutil.copytree(ROOT / "generator" / "openday", generator / "openday")
    model = generator / "openday" / "domain" / "model.py"
    model.write_text(model.read_text("utf-8") + "\nfrom ..site import pages  # noqa\n", "utf-8")
    pages = generator / "openday" / "site" / "pages.py"
    pages.write_text(pages.read_text("utf-8") + "\nimport mkdocs  # noqa\n", "utf-8")
    steps = generator / "openday" / "adapters" / "steps.py"
    steps.write_text(steps.read_text("utf-8") + "\nfrom . import plugin  # noqa\n", "utf-8")

    run = lint_imports(generator)

    assert run.returncode != 0
    assert f"{LAYERS} BROKEN" in run.stdout
    assert "openday.domain.model -> openday.site.pages" in run.stdout
    assert f"{ENGINE} BROKEN" in run.stdout
    assert "openday.site.pages -> mkdocs" in run.stdout
    assert f"{STANDALONE} BROKEN" in run.stdout
    assert "openday.adapters.steps -> openday.adapters.plugin" in run.stdout
