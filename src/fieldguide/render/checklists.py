"""A case's checklist: the framework's items for each step, then the case's own items."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from fieldguide.load.framework import Framework
from fieldguide.load.schema import Case


@dataclass(frozen=True)
class Item:
    """A checkbox: ``key`` is stable across builds and identifies the tick in localStorage."""

    key: str
    text: str
    from_case: bool


@dataclass(frozen=True)
class StepList:
    """The items of one framework step."""

    step_id: str
    number: int
    title: str
    items: list[Item]


def framework_lists(framework: Framework) -> list[StepList]:
    """The checklist every case starts from (also shown in the step chapters)."""
    return [
        StepList(
            step.id,
            n,
            step.title,
            [Item(f"{step.id}.{i.id}", i.text, False) for i in step.checklist],
        )
        for n, step in enumerate(framework.steps, start=1)
    ]


def case_lists(framework: Framework, case: Case) -> list[StepList]:
    """Framework items merged with the case's own; case items are keyed by a hash of their text."""
    merged = []
    for base in framework_lists(framework):
        extra = getattr(case, base.step_id).checklist
        own = [
            Item(f"{base.step_id}.case-{hashlib.sha256(t.encode()).hexdigest()[:10]}", t, True)
            for t in extra
        ]
        merged.append(StepList(base.step_id, base.number, base.title, [*base.items, *own]))
    return merged
