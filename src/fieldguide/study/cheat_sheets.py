"""One-page cheat sheets, one per case, from the same data as the case page (no typed copy).

Each sheet shows the prompt, the framing, the headline computed numbers (formatted exactly as on
the case page), the features by entity, the model progression, the metrics, the main architecture
diagram (the first serving graph) and the pitfalls.
"""

from __future__ import annotations

from jinja2 import Environment

from fieldguide.load.catalog import CaseEntry, Catalog
from fieldguide.numbers.scale import Computed
from fieldguide.render.pages import GeneratedPage, environment

FOLDER = "cheat-sheets"
KEY_NUMBERS = 8  # a page has room for about eight headline numbers
INDEX = f"{FOLDER}/index.md"


def sheet_path(slug: str) -> str:
    return f"{FOLDER}/{slug}.md"


def key_estimates(entry: CaseEntry, limit: int = KEY_NUMBERS) -> list[Computed]:
    """The headline numbers: the last estimate of each unit (a chain of estimates ends in its
    result: peak QPS, GPUs with headroom, cost per day), in case order, at most ``limit``."""
    last = {e.unit: e for e in entry.estimates}
    return [e for e in entry.estimates if last[e.unit] is e][:limit]


def features_by_entity(entry: CaseEntry) -> list[tuple[str, list[str]]]:
    """Feature names grouped by entity, in the order the entities first appear."""
    groups: dict[str, list[str]] = {}
    for feature in entry.case.data.features:
        groups.setdefault(feature.entity.value, []).append(feature.name)
    return list(groups.items())


def render_sheet(entry: CaseEntry, env: Environment | None = None) -> str:
    """The Markdown of one case's cheat sheet."""
    env = env or environment()
    return env.get_template("study/cheat-sheet.md.j2").render(
        entry=entry,
        case=entry.case,
        features=features_by_entity(entry),
        numbers=key_estimates(entry),
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
