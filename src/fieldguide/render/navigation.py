"""The cases grouped by their ``section``: one list for the navigation and the cases index."""

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
