"""Checks across fields that a schema alone cannot express (references between parts of a case)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from fieldguide.load.publishing import located_texts
from fieldguide.load.schema import Interview, Serving
from fieldguide.load.typed_arithmetic import HINT as TYPED_HINT
from fieldguide.load.typed_arithmetic import typed_in_text

Finding = tuple[tuple[str | int, ...], str]


def check_serving(serving: Serving) -> Iterator[Finding]:
    """Graphs whose edges join declared components; a latency budget that fits its SLA."""
    yield from _graphs(serving)
    yield from _latency(serving)


def check_interview(interview: Interview) -> Iterator[Finding]:
    """A pacing plan that fills the interview."""
    yield from _pacing(interview)


def check_lists(slug: str, related: list[str], tags: list[str]) -> Iterator[Finding]:
    """No value listed twice; no case related to itself."""
    yield from _duplicates(slug, related, tags)


# [text](target): Markdown link syntax, which the text of a case file cannot use (below)
MARKDOWN_LINK = re.compile(r"\[[^\]\n]+\]\([^()\s]+\)")


def check_texts(data: Any, *, links: bool = True, arithmetic: bool = True) -> Iterator[Finding]:
    """Every text of the case file that holds Markdown link syntax (``links``) or arithmetic
    typed with its result (``arithmetic``; :mod:`fieldguide.load.typed_arithmetic`). Case-file
    text is rendered as plain text (escaped, so that contributed text cannot inject markup), so
    a link there would show its brackets and address on the page; links belong in the notes."""
    for loc, text in located_texts(data):
        found = MARKDOWN_LINK.search(text) if links else None
        if found:
            yield (
                loc,
                f"found the Markdown link {found.group()!r}; text in case.yaml is shown as "
                "written, brackets and address included, so write the name without the link "
                "and put links in a note",
            )
        typed = typed_in_text(text) if arithmetic else None
        if typed is not None:
            yield loc, f"found the typed arithmetic {typed!r}; {TYPED_HINT}"


def _graphs(serving: Serving) -> Iterator[Finding]:
    seen_graphs: set[str] = set()
    for g, graph in enumerate(serving.graphs):
        loc = ("serving", "graphs", g)
        if graph.id in seen_graphs:
            yield (*loc, "id"), f"duplicate graph id {graph.id!r}"
        seen_graphs.add(graph.id)
        ids: set[str] = set()
        for c, component in enumerate(graph.components):
            if component.id in ids:
                yield (*loc, "components", c, "id"), f"duplicate component id {component.id!r}"
            ids.add(component.id)
        declared = ", ".join(sorted(ids))
        for e, edge in enumerate(graph.edges):
            for key, end in (("from", edge.source), ("to", edge.target)):
                if end not in ids:
                    yield (
                        (*loc, "edges", e, key),
                        (f"expected a declared component id (one of: {declared}); found {end!r}"),
                    )
        used = {edge.source for edge in graph.edges} | {edge.target for edge in graph.edges}
        for c, component in enumerate(graph.components):
            if component.id not in used:
                yield (
                    (*loc, "components", c, "id"),
                    (f"component {component.id!r} has no edge; connect it or remove it"),
                )


def _latency(serving: Serving) -> Iterator[Finding]:
    latency = serving.latency
    total = sum(part.ms for part in latency.parts)
    if total > latency.sla_ms:
        yield (
            ("serving", "latency", "parts"),
            (
                f"expected stages to add up to at most the SLA of {latency.sla_ms:g} ms; "
                f"found {total:g} ms"
            ),
        )


def _pacing(interview: Interview) -> Iterator[Finding]:
    total = sum(slot.minutes for slot in interview.pacing)
    if total != interview.duration_minutes:
        yield (
            ("interview", "pacing"),
            (
                f"expected minutes to add up to duration_minutes ({interview.duration_minutes}); "
                f"found {total}"
            ),
        )


def _duplicates(slug: str, related: list[str], tags: list[str]) -> Iterator[Finding]:
    for key, values in (("related", related), ("tags", tags)):
        for value, count in Counter(values).items():
            if count > 1:
                yield (key,), f"{value!r} is listed {count} times"
    if slug in related:
        yield ("related",), "a case cannot be related to itself"
