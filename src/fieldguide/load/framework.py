"""The seven-step framework as data (``framework/steps.yaml``): goal, time budget, checklist."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from fieldguide.load.problems import Problem, ProblemsFound
from fieldguide.load.schema import Case, Identifier, Line, Slug, Strict, Text
from fieldguide.load.validation import load_validated

STEP_IDS: tuple[str, ...] = (
    "clarify",
    "frame",
    "data",
    "model",
    "evaluation",
    "serving",
    "monitoring",
)


class ChecklistItem(Strict):
    """One item every case's checklist starts with."""

    id: Slug
    text: Line


class Step(Strict):
    """A framework step."""

    id: Identifier
    title: Line
    goal: Text
    minutes: int = Field(ge=1, le=60, description="Typical time budget in a 45-minute interview.")
    checklist: list[ChecklistItem] = Field(min_length=1)


class Framework(Strict):
    """The whole framework: the steps in interview order."""

    steps: list[Step] = Field(min_length=len(STEP_IDS), max_length=len(STEP_IDS))

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)


def load_framework(path: Path, display: str) -> Framework:
    """Load and check the framework file; its step ids must match the case schema's steps."""
    framework, loaded = load_validated(path, display, Framework)
    found = tuple(s.id for s in framework.steps)
    if found != STEP_IDS:
        raise ProblemsFound(
            [
                Problem(
                    display,
                    loaded.line_for(("steps",)),
                    "steps",
                    f"expected steps {', '.join(STEP_IDS)} in that order; found {', '.join(found)}",
                )
            ]
        )
    return framework


def case_step_fields() -> tuple[str, ...]:
    """The step sections of the case schema, in declaration order (must equal STEP_IDS)."""
    return tuple(name for name in Case.model_fields if name in STEP_IDS)
