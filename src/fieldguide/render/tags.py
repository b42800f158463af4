"""Which tags the tags index lists in full and which get a page of their own (issue 13).

Material's tags plugin lists a page under each of its tags wherever a ``<!-- material/tags -->``
listing appears, and links every tag shown at the top of a page to the listing that holds it.
One listing of every tag on ``/tags/`` repeats each case once per tag, so that page grows with
every case added. Instead:

- a tag on at most ``limit`` cases stays in the listing on ``/tags/``, with its cases, as
  before (with 19 cases no tag reaches the default limit, so the page is unchanged);
- a tag on more cases gets a page of its own (``tags/<tag>/``, one listing filtered to that
  tag), and ``/tags/`` names it with its count and a link.

So ``/tags/`` holds at most ``limit`` entries per tag: it grows with the number of distinct tags,
not with the number of cases. Each tag page grows only with the cases carrying its tag.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from fieldguide.load.catalog import CaseEntry

# Ten links under one heading can still be read at a glance; past that, a page of its own.
# The 19 real cases use a tag at most 9 times, so today's tags index keeps every case listed.
TAG_INDEX_LIMIT = 10


@dataclass(frozen=True)
class TagSplit:
    """The tags of the cases, split by how many cases carry each (both sorted by name)."""

    listed: list[tuple[str, int]]  # (tag, cases): listed with their cases on /tags/
    own_page: list[tuple[str, int]]  # (tag, cases): a page each, linked from /tags/


def case_tags(entry: CaseEntry) -> list[str]:
    """The tags a case page carries: its domains, then its techniques, each once."""
    return list(dict.fromkeys([*entry.case.tags.domains, *entry.case.tags.techniques]))


def tag_counts(cases: Sequence[CaseEntry]) -> Counter[str]:
    """How many cases carry each tag."""
    return Counter(tag for entry in cases for tag in case_tags(entry))


def split_tags(cases: Sequence[CaseEntry], limit: int = TAG_INDEX_LIMIT) -> TagSplit:
    """Tags on at most ``limit`` cases stay on the index; the others get their own page."""
    if limit < 1:
        raise ValueError(f"the tag index limit must be at least 1, found {limit}")
    counts = sorted(tag_counts(cases).items())
    return TagSplit(
        listed=[(tag, n) for tag, n in counts if n <= limit],
        own_page=[(tag, n) for tag, n in counts if n > limit],
    )


def tag_page_path(tag: str) -> str:
    """Docs-relative path of a tag's own page.

    A folder per tag (``tags/<tag>/index.md``, URL ``tags/<tag>/``) rather than ``tags/<tag>.md``:
    no tag name, not even ``index``, can then land on the URL of the index ``tags.md``."""
    return f"tags/{tag}/index.md"
