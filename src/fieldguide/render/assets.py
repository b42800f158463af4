"""Front-end files served by the site itself, from node_modules (no CDN at runtime).

Online, Mermaid's ESM build is imported on demand. An offline build (pages opened from the file
system, where module scripts cannot load) also ships Mermaid's classic single-file build and the
iframe-worker shim that lets Material's search run without a server.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from pathlib import Path

MERMAID_DIST = Path("node_modules/mermaid/dist")
MERMAID_DEST = "assets/vendor/mermaid"
IFRAME_WORKER_SHIM = Path("node_modules/iframe-worker/shim/index.js")
IFRAME_WORKER_DEST = "assets/vendor/iframe-worker/shim.js"


class MissingAssets(FileNotFoundError):
    """A front-end package is not installed; say how to install it."""


def _require(path: Path) -> Path:
    if not path.is_file():
        raise MissingAssets(
            f"{path} not found. Install the pinned front-end packages with `make setup` "
            "(or `npm ci`)."
        )
    return path


def vendored_files(root: Path, offline: bool = False) -> list[tuple[Path, str]]:
    """(source file, site path) of every vendored file the build must copy."""
    dist = root / MERMAID_DIST
    files = [(_require(dist / "mermaid.esm.min.mjs"), f"{MERMAID_DEST}/mermaid.esm.min.mjs")]
    for chunk in sorted((dist / "chunks" / "mermaid.esm.min").glob("*.mjs")):
        files.append((chunk, f"{MERMAID_DEST}/chunks/mermaid.esm.min/{chunk.name}"))
    if offline:
        files.append((_require(dist / "mermaid.min.js"), f"{MERMAID_DEST}/mermaid.min.js"))
        files.append((_require(root / IFRAME_WORKER_SHIM), IFRAME_WORKER_DEST))
    return files


TOOL_SCRIPTS = "assets/javascripts/tools/"


PAGE_SCRIPT_KEYS = ("scripts", "preload")


def page_script_problems(
    scripts: object, page: str, site_files: AbstractSet[str], key: str = "scripts"
) -> list[str]:
    """What is wrong with a page's ``scripts:`` front matter (the per-page tool scripts) or its
    ``preload:`` (scripts a tool loads as it starts, fetched with the page).

    Each entry must be a docs-relative path under ``assets/javascripts/tools/`` that the site
    ships; ``overrides/main.html`` places the script tags inside the content container so that
    instant navigation re-runs them, and the preload links in the head.
    """
    if not isinstance(scripts, list):
        return [f"{page}: '{key}' must be a list of paths, found {type(scripts).__name__}"]
    problems = []
    for src in scripts:
        if not isinstance(src, str) or not src.startswith(TOOL_SCRIPTS):
            problems.append(f"{page}: {key}: {src!r} must be a path under {TOOL_SCRIPTS}")
        elif src not in site_files:
            problems.append(f"{page}: {key}: {src!r} does not exist in docs/{TOOL_SCRIPTS}")
    return problems
