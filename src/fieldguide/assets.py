"""Front-end files served by the site itself: Mermaid's ESM build from node_modules (no CDN)."""

from __future__ import annotations

from pathlib import Path

MERMAID_DIST = Path("node_modules/mermaid/dist")
MERMAID_DEST = "assets/vendor/mermaid"


class MissingAssets(FileNotFoundError):
    """Mermaid is not installed; say how to install it."""


def vendored_files(root: Path) -> list[tuple[Path, str]]:
    """(source file, site path) for the Mermaid ESM entry and its lazily loaded chunks."""
    dist = root / MERMAID_DIST
    entry = dist / "mermaid.esm.min.mjs"
    if not entry.is_file():
        raise MissingAssets(
            f"{entry} not found. Install the pinned front-end packages with `make setup` "
            "(or `npm ci`)."
        )
    files = [(entry, f"{MERMAID_DEST}/mermaid.esm.min.mjs")]
    chunks = dist / "chunks" / "mermaid.esm.min"
    for chunk in sorted(chunks.glob("*.mjs")):
        files.append((chunk, f"{MERMAID_DEST}/chunks/mermaid.esm.min/{chunk.name}"))
    return files
