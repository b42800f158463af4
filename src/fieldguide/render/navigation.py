"""The cases grouped by their ``section``: one list for the navigation and the cases index.

A group of at most ``limit`` cases lists each case in the navigation. A larger group lists only
its overview page (``cases/groups/<section>/``): every page carries the navigation of the open
page's group, so listing every case would make each case page grow with the corpus (issue 13).
The overview itself is paged (``GROUP_PAGE_SIZE`` cases a page), so that no page grows either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fieldguide.load.catalog import CaseEntry
from fieldguide.load.schema import SECTION_TITLES, CaseSection


@dataclass(frozen=True)
class CaseGroup:
    """The cases of one section, in catalog order, under the section's heading."""

    section: CaseSection
    title: str
    cases: list[CaseEntry]


GROUP_TITLES = frozenset(SECTION_TITLES.values())


def case_groups(cases: Sequence[CaseEntry]) -> list[CaseGroup]:
    """Non-empty groups in the order the schema lists the sections."""
    groups = [
        CaseGroup(section, title, [e for e in cases if e.case.section == section])
        for section, title in SECTION_TITLES.items()
    ]
    return [group for group in groups if group.cases]


# A sidebar of 30 titles still fits about two screens and is read at a glance; the real guide's
# largest group has 7 cases, so nothing changes for it. Past 30 the index (and search) serve the
# reader better than a long list, and each listed case adds ~0.24 KB of HTML (before gzip) to
# every page of its group (measured with scripts/benchmark.py: 299 -> 370 KB for 300 copies).
NAV_GROUP_LIMIT = 30
# Cases per overview page of a large group: a table of 50 rows (title, summary, tags), estimated
# at under 20 KB of gzip HTML with real summaries, well inside the 60 KB budget of an "other" page.
GROUP_PAGE_SIZE = 50


@dataclass(frozen=True)
class GroupPage:
    """One page of the overview of a large group: its cases and its place among the pages."""

    path: str
    number: int  # 1-based
    count: int  # pages in the overview
    cases: list[CaseEntry]


def listed_in_nav(group: CaseGroup, limit: int = NAV_GROUP_LIMIT) -> bool:
    """Whether the navigation lists each case of ``group`` (else only its overview page)."""
    if limit < 1:
        raise ValueError(f"the navigation group limit must be at least 1, found {limit}")
    return len(group.cases) <= limit


def group_page_path(group: CaseGroup) -> str:
    """Docs-relative path of the overview page of a group too large to list in the navigation.

    Under ``cases/groups/`` so that it can never take the URL of a case page (``cases/<slug>/``,
    a case slug may equal a section name); named ``index.md`` so that, with Material's
    ``navigation.indexes``, the group's title in the navigation links to it."""
    return group_page_number_path(group, 1)


def group_page_number_path(group: CaseGroup, number: int) -> str:
    """Page ``number`` of a group's overview; all in one folder, so that relative links from
    every page of the overview are the same."""
    name = "index" if number == 1 else f"page-{number}"
    return f"cases/groups/{group.section.value}/{name}.md"


def group_pages(group: CaseGroup, size: int = GROUP_PAGE_SIZE) -> list[GroupPage]:
    """The overview of ``group`` cut into pages of at most ``size`` cases, in catalog order."""
    chunks = [group.cases[i : i + size] for i in range(0, len(group.cases), size)] or [[]]
    return [
        GroupPage(group_page_number_path(group, n), n, len(chunks), chunk)
        for n, chunk in enumerate(chunks, start=1)
    ]
