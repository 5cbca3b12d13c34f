"""Accessibility checks with axe-core inside a Playwright page.

Every rule tagged WCAG 2.0/2.1 level A or AA runs; no rule is disabled and no
result is filtered out.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from tests.support import NODE_MODULES, require_file

AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"

WCAG_TAGS: tuple[str, ...] = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

_SNIPPET_LIMIT = 240

# resultTypes only trims the node lists of passes and incomplete results,
# which are not returned here; violations are reported in full either way.
_RUN_AXE = """
async (tags) => {
    const results = await axe.run(document, {
        runOnly: {type: "tag", values: tags},
        resultTypes: ["violations"],
    });
    return results.violations;
}
"""


# Chromium runs code evaluated by Playwright in a page whose context has
# JavaScript disabled, but never its microtasks or timers, so axe.run's
# promise would stay pending forever. Two evaluations tell the cases apart:
# a microtask queued by the first has run before the second unless scripts
# are disabled.
_PROBE_QUEUE = """
() => {
    window.__harnessMicrotaskRan = false;
    queueMicrotask(() => { window.__harnessMicrotaskRan = true; });
}
"""
_PROBE_READ = """
() => {
    const ran = window.__harnessMicrotaskRan;
    delete window.__harnessMicrotaskRan;
    return ran;
}
"""


def _page_runs_scripts(page: Page) -> bool:
    page.evaluate(_PROBE_QUEUE)
    return bool(page.evaluate(_PROBE_READ))


def run_axe(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on ``page``'s current document and return its violations.

    axe is injected with ``page.evaluate`` (once per document) rather than a
    ``<script>`` element, so the DOM under test is left untouched. Each
    violation is axe's own result object: ``id``, ``impact``, ``help``,
    ``helpUrl``, ``tags`` and ``nodes`` (each with ``target`` selectors and
    its ``html``).

    axe cannot run in a page opened with JavaScript disabled (its promises
    never settle there); such a page raises ``RuntimeError`` at once instead
    of hanging.
    """
    if not _page_runs_scripts(page):
        raise RuntimeError(
            "axe cannot run in a page whose context has JavaScript disabled; "
            "open the page in a context with JavaScript enabled"
        )
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(require_file(AXE_SCRIPT).read_text(encoding="utf-8"))
    violations: list[dict[str, Any]] = page.evaluate(_RUN_AXE, list(WCAG_TAGS))
    return violations


def _selector(target: list[Any]) -> str:
    """axe targets nest a list per iframe or shadow root crossed."""
    parts = [" ".join(part) if isinstance(part, list) else str(part) for part in target]
    return " >>> ".join(parts)


def _snippet(html: str) -> str:
    flat = " ".join(html.split())
    return flat if len(flat) <= _SNIPPET_LIMIT else flat[: _SNIPPET_LIMIT - 1] + "…"


def format_violations(violations: list[dict[str, Any]]) -> str:
    """Render violations as readable lines for an assertion message.

    One header line per rule (``id [impact] help <helpUrl>``), then one
    indented line per offending element: its target selector and its HTML,
    whitespace-collapsed and cut at 240 characters. Empty input gives ``""``.
    """
    lines: list[str] = []
    for violation in violations:
        lines.append(
            f"{violation['id']} [{violation.get('impact') or 'no impact'}] "
            f"{violation.get('help', '')} <{violation.get('helpUrl', '')}>"
        )
        for node in violation.get("nodes", []):
            selector = _selector(node.get("target", []))
            lines.append(f"    {selector}: {_snippet(node.get('html', ''))}")
    return "\n".join(lines)
