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


def unfinished_fields(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """(field location, message) for every text of the case file that is still a placeholder."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from unfinished_fields(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from unfinished_fields(value, (*loc, i))
    elif isinstance(data, str):
        match = UNFINISHED.search(data)
        if match:
            yield loc, f"found the placeholder {match.group()!r}; {HINT}"


def unfinished_lines(markdown: str) -> Iterator[tuple[int, str]]:
    """(line, message) for every placeholder left in a note."""
    for number, line in enumerate(markdown.splitlines(), start=1):
        match = UNFINISHED.search(line)
        if match:
            yield number, f"found the placeholder {match.group()!r}; {HINT}"
