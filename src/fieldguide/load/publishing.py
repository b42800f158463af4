"""What keeps a case off the published site: TODO markers, placeholder addresses, the depth bar.

A case marked ``draft: true`` is exempt (it is shown by ``make serve`` with a banner and left out
of the deployed site); every other case must be finished, or validation fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fieldguide.load.yamlsource import Loc

UNFINISHED = re.compile(r"\b(TODO|TBD|FIXME)\b|\bexample\.(org|com|net)\b", re.IGNORECASE)
HINT = "finish it, or mark the case `draft: true` while it is work in progress"
# Lower-case pieces of every placeholder: a quick test that spares most texts the slower
# case-insensitive search. FIXME is found by its "xme" because, for IGNORECASE, a dotted or
# dotless I (U+0130, U+0131) stands for its "i", and lower() does not turn them into "i".
_PIECES = ("todo", "tbd", "xme", "example.")


def may_be_unfinished(text: str) -> bool:
    """False when ``text`` certainly holds no placeholder (then no line or part of it does)."""
    lower = text.lower()
    return any(piece in lower for piece in _PIECES)


def texts(data: Any) -> list[str]:
    """Every text (string value) of loaded YAML data, in document order."""
    found: list[str] = []

    def collect(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(data)
    return found


def located_texts(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """(field location, text) for every text of loaded YAML data, in document order."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from located_texts(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from located_texts(value, (*loc, i))
    elif isinstance(data, str):
        yield loc, data


def unfinished_fields(data: Any) -> Iterator[tuple[Loc, str]]:
    """(field location, message) for every text of the case file that is still a placeholder."""
    for loc, text in located_texts(data):
        match = UNFINISHED.search(text)
        if match:
            yield loc, f"found the placeholder {match.group()!r}; {HINT}"


def unfinished_lines(markdown: str) -> Iterator[tuple[int, str]]:
    """(line, message) for every placeholder left in a note."""
    if not may_be_unfinished(markdown):
        return
    for number, line in enumerate(markdown.splitlines(), start=1):
        match = UNFINISHED.search(line)
        if match:
            yield number, f"found the placeholder {match.group()!r}; {HINT}"
