"""Problems found in contributed files, reported all together with file, line and field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file: where it is, what was expected, what was found."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class ProblemsFound(Exception):
    """Raised when a run found problems; carries every one of them."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(format_report(self.problems))


def at_source_lines(problems: Iterable[Problem], source: str, body: str) -> list[Problem]:
    """Problems found in ``body``, the Markdown of a page after its front matter (which MkDocs
    removes before the hooks see it), with the line numbers of ``source``, the whole file."""
    offset = source[: len(source) - len(body)].count("\n") if source.endswith(body) else 0
    return [replace(p, line=p.line + offset) if p.line else p for p in problems]


def format_report(problems: list[Problem]) -> str:
    """Human report: one problem per line, then a count."""
    lines = [str(p) for p in problems]
    count = len(problems)
    lines.append(f"{count} problem{'s' if count != 1 else ''} found.")
    return "\n".join(lines)


def display_path(path: Path, root: Path | None) -> str:
    """Path as a contributor sees it: relative to the project when possible."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def field_path(loc: Iterable[str | int]) -> str:
    """Turn ('serving', 'graphs', 0, 'edges') into 'serving.graphs[0].edges'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
