"""References to the page that explains something: a page under docs/, or one of its sections.

The technique matrix and the question bank point readers to "the primer": a concept primer
(``concepts/funnel.md``) or, where a chapter already explains the idea and a primer would only
repeat it, the chapter's section (``framework/model.md#multi-task-learning``). A reference is
checked when the data file loads: the page must exist and, with an anchor, hold a heading with
that id, so a renamed heading fails the build at the data file's line instead of leaving a link
that lands at the top of a long chapter.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from markdown.extensions.toc import slugify  # type: ignore[import-untyped]  # no stubs

DOCS_DIR = "docs"
PRIMER_PATTERN = r"^[a-z0-9][a-z0-9_/-]*\.md(#[a-z0-9][a-z0-9_-]*)?$"
EXAMPLE = "concepts/funnel.md or framework/model.md#multi-task-learning"

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_ATTR_ID = re.compile(r"[ \t]*\{[^{}]*#([\w-]+)[^{}]*\}$")  # `## Title { #id }`
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
# code ticks, emphasis (`_` only at a word's edge: snake_case stays), links (their text kept)
_INLINE = re.compile(r"[`*]|(?<!\w)_+|_+(?!\w)|\[([^\]]*)\]\([^)]*\)")


def headings(text: str) -> dict[str, tuple[int, str]]:
    """The ids of a Markdown page's headings (outside fenced code), each with its heading's level
    and text, in page order.

    Ids are made as Python-Markdown's ``toc`` extension makes them with its default ``slugify``
    (the site's configuration): an explicit ``{ #id }`` wins, a repeated id gets ``_1``, ``_2``.
    """
    found: dict[str, tuple[int, str]] = {}
    fence: str | None = None
    for line in text.splitlines():
        marker = _FENCE.match(line)
        if marker:
            if fence is None:
                fence = marker.group(1)
            elif marker.group(1).startswith(fence):
                fence = None
            continue
        match = None if fence else _HEADING.match(line)
        if match is None:
            continue
        title = match.group(2)
        explicit = _ATTR_ID.search(title)
        if explicit:
            title = title[: explicit.start()]
        title = _INLINE.sub(lambda m: m.group(1) or "", title).strip()
        anchor = explicit.group(1) if explicit else slugify(title, "-")
        unique, n = anchor, 0
        while unique in found:
            n += 1
            unique = f"{anchor}_{n}"
        found[unique] = (len(match.group(1)), title)
    return found


def page_headings(path: Path) -> dict[str, tuple[int, str]]:
    """:func:`headings` of a page file, read and parsed once while the file is unchanged (several
    techniques and prompts point into the same chapter)."""
    stat = path.stat()
    return _cached_headings(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _cached_headings(path: Path, mtime_ns: int, size: int) -> dict[str, tuple[int, str]]:
    return headings(path.read_text(encoding="utf-8"))


def primer_problem(root: Path, primer: str) -> str | None:
    """Why a primer reference is wrong, or None when its page (and section) exists."""
    if not re.match(PRIMER_PATTERN, primer):
        return f"expected a page path under {DOCS_DIR}/ such as {EXAMPLE}; found {primer!r}"
    page, _, anchor = primer.partition("#")
    path = root / DOCS_DIR / page
    if not path.is_file():
        return f"expected a page under {DOCS_DIR}/, such as {EXAMPLE}; found {primer!r}"
    if anchor:
        found = page_headings(path)
        if anchor not in found:
            return (
                f"expected a heading of {DOCS_DIR}/{page} with the id {anchor!r}; found none "
                f"(its sections: {', '.join(found) or 'none'})"
            )
    return None


def primer_title(root: Path, primer: str) -> str:
    """The page's H1 (its file name when it has none); for a section, "H1: section heading"."""
    page, _, anchor = primer.partition("#")
    found = page_headings(root / DOCS_DIR / page)
    title = next((text for level, text in found.values() if level == 1), page)
    return f"{title}: {found[anchor][1]}" if anchor in found else title
