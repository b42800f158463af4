"""One-page cheat sheets, one per case, from the same data as the case page (no typed copy).

Each sheet shows the prompt, the framing, the headline computed numbers (formatted exactly as on
the case page), the features by entity, the model progression, the metrics, the main architecture
diagram (the first serving graph) and the pitfalls.

A sheet is a summary, not the case: it must print on one A4 page (tests/test_print.py prints
every case). Where a case lists more than a page holds, the sheet keeps the first items in the
order the case gives them (authors list the primary item first): at most ``KEY_NUMBERS`` headline
numbers, ``METRICS_PER_KIND`` metrics of each kind and ``PITFALLS`` pitfalls. Every list on the
sheet says when it shows fewer items than the case has, and the case page shows them all. Every
feature is listed, by its short name (``short_name``: the detail after a colon, semicolon or
parenthesis is for the case page).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from jinja2 import Environment

from fieldguide.load.catalog import CaseEntry, Catalog
from fieldguide.load.schema import Pitfall
from fieldguide.numbers.scale import Computed
from fieldguide.render.pages import GeneratedPage, environment

FOLDER = "cheat-sheets"
KEY_NUMBERS = 6  # headline numbers that fit beside the features in one printed column
METRICS_PER_KIND = 2  # offline, online and guardrail metrics, each
PITFALLS = 4
INDEX = f"{FOLDER}/index.md"
DETAIL = re.compile(r"[:;]|\s\(")  # where a feature name's detail starts
T = TypeVar("T")


def sheet_path(slug: str) -> str:
    return f"{FOLDER}/{slug}.md"


def key_estimates(entry: CaseEntry, limit: int = KEY_NUMBERS) -> list[Computed]:
    """The headline numbers: the last estimate of each unit (a chain of estimates ends in its
    result: peak QPS, GPUs with headroom, cost per day), in case order, at most ``limit``."""
    last = {e.unit: e for e in entry.estimates}
    return [e for e in entry.estimates if last[e.unit] is e][:limit]


def short_name(name: str) -> str:
    """A feature's name without its detail: the text before the first colon, semicolon or
    parenthesis ("Card velocity: payments, declines and amount in the last 10 minutes" is
    "Card velocity"); the sheet joins names with semicolons."""
    return DETAIL.split(name, maxsplit=1)[0].strip() or name


def features_by_entity(entry: CaseEntry) -> list[tuple[str, list[str]]]:
    """Every feature's short name, grouped by entity, in the order the entities first appear
    (a short name two features share is shown once)."""
    groups: dict[str, list[str]] = {}
    for feature in entry.case.data.features:
        names = groups.setdefault(feature.entity.value, [])
        if short_name(feature.name) not in names:
            names.append(short_name(feature.name))
    return list(groups.items())


@dataclass(frozen=True)
class Chosen(Generic[T]):
    """The first items of a list the case gives, and how many the case has."""

    items: list[T]
    total: int

    @property
    def cut(self) -> bool:
        return len(self.items) < self.total


def first(items: Sequence[T], limit: int) -> Chosen[T]:
    """The first ``limit`` items, in case order."""
    return Chosen(list(items[:limit]), len(items))


def sheet_metrics(entry: CaseEntry, limit: int = METRICS_PER_KIND) -> list[tuple[str, Chosen[str]]]:
    """(kind, first metrics) for offline, online and guardrail metrics: the first ``limit`` of
    each, in case order (a case lists its primary metric first)."""
    evaluation = entry.case.evaluation
    kinds = [
        ("Offline", evaluation.offline),
        ("Online", evaluation.online),
        ("Guardrails", evaluation.guardrails),
    ]
    return [(kind, first([m.metric for m in metrics], limit)) for kind, metrics in kinds]


def sheet_pitfalls(entry: CaseEntry, limit: int = PITFALLS) -> Chosen[Pitfall]:
    """The first ``limit`` pitfalls, in case order."""
    return first(entry.case.interview.pitfalls, limit)


def render_sheet(entry: CaseEntry, env: Environment | None = None) -> str:
    """The Markdown of one case's cheat sheet."""
    env = env or environment()
    return env.get_template("study/cheat-sheet.md.j2").render(
        entry=entry,
        case=entry.case,
        features=features_by_entity(entry),
        numbers=key_estimates(entry),
        metrics=sheet_metrics(entry),
        pitfalls=sheet_pitfalls(entry),
        graph=entry.case.serving.graphs[0],
    )


def sheet_pages(catalog: Catalog, env: Environment | None = None) -> list[GeneratedPage]:
    """Every case's cheat sheet and their index."""
    env = env or environment()
    pages = [
        GeneratedPage(
            INDEX,
            env.get_template("study/cheat-sheets.md.j2").render(catalog=catalog),
            "src/fieldguide/templates/study/cheat-sheets.md.j2",
        )
    ]
    for entry in catalog.cases:
        pages.append(GeneratedPage(sheet_path(entry.slug), render_sheet(entry, env), entry.source))
    return pages
