"""Which files a hand-written page may include with ``--8<--`` (pymdownx.snippets), checked first.

Snippets come only from ``docs/snippets/`` (plus CONTRIBUTING.md, which the site shows as a
page), never from the repository root: ``.git/config``, ``.venv`` and ``node_modules`` stay
unreachable. A missing or forbidden include is a problem with file and line, not a traceback.
Case notes may not include snippets at all (see :mod:`fieldguide.load.markdown_policy`).
"""

from __future__ import annotations

import re
from pathlib import Path

from fieldguide.load.problems import Problem

SNIPPETS_DIR = "docs/snippets"
ALLOWED_FILES = ("CONTRIBUTING.md",)

_SINGLE = re.compile(r"^\s*-{1,}8<-{1,}\s+(['\"])(?P<name>[^'\"]+)\1\s*$")
_BLOCK = re.compile(r"^\s*-{1,}8<-{1,}\s*$")
_RANGE = re.compile(r"(:-?\d*)+$")  # file.md:3:9 selects lines


def base_paths(root: Path) -> list[str]:
    """The ``base_path`` list for pymdownx.snippets."""
    return [str(root / SNIPPETS_DIR), *(str(root / f) for f in ALLOWED_FILES)]


def check_includes(markdown: str, display: str, root: Path) -> list[Problem]:
    """Every ``--8<--`` include of a page that does not name an allowed, existing file."""
    problems = []
    in_block = False
    for number, line in enumerate(markdown.splitlines(), start=1):
        if _BLOCK.match(line):
            in_block = not in_block
            continue
        match = _SINGLE.match(line)
        name = match.group("name") if match else (line.strip() if in_block else None)
        if not name or name.startswith(";"):
            continue
        message = _problem(_RANGE.sub("", name), root)
        if message:
            problems.append(Problem(display, number, "", message))
    return problems


def _problem(name: str, root: Path) -> str | None:
    allowed = f"files in {SNIPPETS_DIR}/ or {', '.join(ALLOWED_FILES)}"
    if name in ALLOWED_FILES:
        return None if (root / name).is_file() else f"snippet {name!r} not found"
    if any(part.startswith(".") for part in Path(name).parts) or Path(name).is_absolute():
        return f"snippet {name!r} is not allowed; snippets are {allowed}"
    folder = (root / SNIPPETS_DIR).resolve()
    target = (folder / name).resolve()
    if not target.is_relative_to(folder):
        return f"snippet {name!r} is outside {SNIPPETS_DIR}/; snippets are {allowed}"
    if not target.is_file():
        return f"snippet {name!r} not found in {SNIPPETS_DIR}/"
    return None
