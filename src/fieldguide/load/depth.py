"""The depth report: is each case above the bar the guide promises its readers?

The bar is the one in CONTRIBUTING ("The bar"); a case that is not marked ``draft: true`` must
reach it, or validation (and so the build and the tests) fails.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fieldguide.load.framework import STEP_IDS
from fieldguide.load.schema import Case
from fieldguide.numbers.scale import Computed
from fieldguide.render.notes import Note

# Fields whose values are identifiers, formulas or addresses rather than prose.
_NOT_PROSE = {"slug", "id", "from", "to", "formula", "url", "unit", "direction", "type", "name"}
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")


@dataclass(frozen=True)
class Bar:
    """Minimums every published case must reach."""

    words_per_step: int = 500
    page_words: int = 8000
    diagrams: int = 4
    estimates: int = 5
    follow_ups: int = 8
    pitfalls: int = 5
    references: int = 4
    offline_metrics: int = 3
    online_metrics: int = 3


BAR = Bar()


@dataclass(frozen=True)
class Depth:
    """What one case contains."""

    slug: str
    words: dict[str, int]  # words of notes per step (and overview)
    data_words: int  # words of prose in case.yaml shown on the page (see measure's enough_words)
    diagrams: int
    estimates: int
    storage_estimates: int
    cost_estimates: int
    follow_ups: int
    pitfalls: int
    references: int
    offline_metrics: int
    online_metrics: int

    @property
    def total_words(self) -> int:
        return sum(self.words.values()) + self.data_words

    def shortfalls(self, bar: Bar = BAR) -> list[str]:
        """Human sentences for every minimum that is not met (empty when the case passes)."""
        short = [
            f"{step}: {count} words of notes, expected at least {bar.words_per_step}"
            for step, count in self.words.items()
            if step in STEP_IDS and count < bar.words_per_step
        ]
        checks = [
            ("words on the page (notes and case file)", self.total_words, bar.page_words),
            ("diagrams", self.diagrams, bar.diagrams),
            ("computed estimates", self.estimates, bar.estimates),
            ("estimates of memory or storage (unit bytes)", self.storage_estimates, 1),
            ("estimates of cost (unit usd)", self.cost_estimates, 1),
            ("offline metrics", self.offline_metrics, bar.offline_metrics),
            ("online metrics", self.online_metrics, bar.online_metrics),
            ("follow-up questions", self.follow_ups, bar.follow_ups),
            ("pitfalls", self.pitfalls, bar.pitfalls),
            ("references", self.references, bar.references),
        ]
        short += [
            f"{name}: {have}, expected at least {need}"
            for name, have, need in checks
            if have < need
        ]
        return short


def measure(
    case: Case,
    notes: Mapping[str, Note],
    estimates: list[Computed],
    *,
    enough_words: int | None = None,
) -> Depth:
    """Count what a case holds, from its validated data, notes and computed estimates.

    With ``enough_words``, the words of the case file are counted only until the page holds that
    many: enough to tell whether it reaches the bar. A page that falls short has every word
    counted, so :meth:`Depth.shortfalls` for that bar reads the same as with a full count.
    """
    words = {step: notes[step].words() if step in notes else 0 for step in STEP_IDS}
    if "overview" in notes:
        words["overview"] = notes["overview"].words()
    data = _prose(case.model_dump(by_alias=True))
    if enough_words is None:
        data_words = len(_WORD.findall("\n".join(data)))
    else:
        data_words, missing = 0, enough_words - sum(words.values())
        for text in data:
            if data_words >= missing:
                break
            data_words += len(_WORD.findall(text))
    return Depth(
        slug=case.slug,
        words=words,
        data_words=data_words,
        diagrams=len(case.serving.graphs),
        estimates=len(estimates),
        storage_estimates=sum(e.unit == "bytes" for e in estimates),
        cost_estimates=sum(e.unit == "usd" for e in estimates),
        follow_ups=len(case.interview.follow_ups),
        pitfalls=len(case.interview.pitfalls),
        references=len(case.references),
        offline_metrics=len(case.evaluation.offline),
        online_metrics=len(case.evaluation.online),
    )


def _prose(data: Any) -> list[str]:
    """Every text of the dumped case that is prose (not an identifier, formula or address)."""
    texts: list[str] = []

    def collect(value: Any, key: str) -> None:
        if isinstance(value, str):
            if key not in _NOT_PROSE:
                texts.append(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                collect(v, k)
        elif isinstance(value, list):
            for v in value:
                collect(v, key)

    collect(data, "")
    return texts


def format_report(depths: list[Depth], bar: Bar = BAR) -> str:
    """A table per case, then the shortfalls."""
    lines = []
    for d in depths:
        lines.append(f"{d.slug}")
        for step, count in d.words.items():
            lines.append(f"  words  {step:<11} {count:>6}")
        lines.append(f"  words  {'case file':<11} {d.data_words:>6}")
        lines.append(f"  words  {'page total':<11} {d.total_words:>6}")
        lines.append(
            f"  diagrams {d.diagrams}  estimates {d.estimates} (storage {d.storage_estimates}, "
            f"cost {d.cost_estimates})  metrics {d.offline_metrics} offline / "
            f"{d.online_metrics} online"
        )
        lines.append(
            f"  follow-ups {d.follow_ups}  pitfalls {d.pitfalls}  references {d.references}"
        )
        short = d.shortfalls(bar)
        lines.append("  BELOW THE BAR:" if short else "  OK: above the bar")
        lines.extend(f"    - {s}" for s in short)
    return "\n".join(lines)
