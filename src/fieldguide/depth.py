"""The depth report: is each case above the bar the guide promises its readers?"""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import CaseEntry
from .framework import STEP_IDS


@dataclass(frozen=True)
class Bar:
    """Minimums every published case must reach."""

    words_per_step: int = 500
    total_words: int = 6000
    diagrams: int = 2
    estimates: int = 5
    follow_ups: int = 8
    references: int = 4


BAR = Bar()


@dataclass(frozen=True)
class Depth:
    """What one case contains."""

    slug: str
    words: dict[str, int]
    diagrams: int
    estimates: int
    follow_ups: int
    references: int

    @property
    def total_words(self) -> int:
        return sum(self.words.values())

    def shortfalls(self, bar: Bar = BAR) -> list[str]:
        """Human sentences for every minimum that is not met (empty when the case passes)."""
        short = [
            f"{step}: {count} words of notes, expected at least {bar.words_per_step}"
            for step, count in self.words.items()
            if step in STEP_IDS and count < bar.words_per_step
        ]
        checks = [
            ("words in all notes", self.total_words, bar.total_words),
            ("diagrams", self.diagrams, bar.diagrams),
            ("computed estimates", self.estimates, bar.estimates),
            ("follow-up questions", self.follow_ups, bar.follow_ups),
            ("references", self.references, bar.references),
        ]
        short += [
            f"{name}: {have}, expected at least {need}"
            for name, have, need in checks
            if have < need
        ]
        return short


def measure(entry: CaseEntry) -> Depth:
    case = entry.case
    words = {step: entry.notes[step].words() if step in entry.notes else 0 for step in STEP_IDS}
    if "overview" in entry.notes:
        words["overview"] = entry.notes["overview"].words()
    return Depth(
        slug=case.slug,
        words=words,
        diagrams=len(case.serving.graphs),
        estimates=len(entry.estimates),
        follow_ups=len(case.interview.follow_ups),
        references=len(case.references),
    )


def format_report(depths: list[Depth], bar: Bar = BAR) -> str:
    """A table per case, then the shortfalls."""
    lines = []
    for d in depths:
        lines.append(f"{d.slug}")
        for step, count in d.words.items():
            lines.append(f"  words  {step:<11} {count:>6}")
        lines.append(f"  words  {'total':<11} {d.total_words:>6}")
        lines.append(
            f"  diagrams {d.diagrams}  estimates {d.estimates}  "
            f"follow-ups {d.follow_ups}  references {d.references}"
        )
        short = d.shortfalls(bar)
        lines.append("  BELOW THE BAR:" if short else "  OK: above the bar")
        lines.extend(f"    - {s}" for s in short)
    return "\n".join(lines)
