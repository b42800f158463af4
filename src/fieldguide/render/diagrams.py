"""Architecture graphs as Mermaid flowcharts, with every label escaped so any text renders as text.

Node ids are generated (``n0``, ``n1``...), never taken from the case, so no contributed string can
reach Mermaid's syntax. Labels keep ASCII letters, digits and spaces; every other character becomes
a Mermaid entity code (``#60;`` for ``<``), which Mermaid turns into an HTML character reference.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from fieldguide.load.schema import ACCESSIBLE_UNSAFE, DIAGRAM_TEXT_MAX, ComponentType, Graph
from fieldguide.render.components import LOOKS

_UNSAFE = re.compile(r"[^A-Za-z0-9 ]")
_ENTITY = re.compile(r"#(\d+);")
_ACC_UNSAFE = ACCESSIBLE_UNSAFE  # the schema refuses these in titles and descriptions
_SPACES = re.compile(r"\s+")
MAX_LABEL = DIAGRAM_TEXT_MAX  # the schema refuses longer text, so nothing is ever cut


def normalise(text: str) -> str:
    """What a label will show: control and unpaired surrogate characters dropped, spaces folded."""
    if text.isprintable() and "  " not in text:
        # the common case: nothing to drop or fold (str.isprintable is false for Cc, Cs, Co and
        # Cn characters and for every kind of whitespace but the space)
        return text.strip()[:MAX_LABEL]
    kept = "".join(
        " " if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") else char for char in text
    )
    return _SPACES.sub(" ", kept).strip()[:MAX_LABEL]


def escape_label(text: str) -> str:
    """Mermaid-safe label text: letters, digits and spaces stay; everything else is ``#code;``."""
    shown = normalise(text) or "(blank)"
    return _UNSAFE.sub(lambda m: f"#{ord(m.group())};", shown)


def unescape_label(label: str) -> str:
    """Inverse of :func:`escape_label` (used by tests and the text equivalent)."""
    return _ENTITY.sub(lambda m: chr(int(m.group(1))), label)


def accessible_text(text: str) -> str:
    """Single-line text for ``accTitle``/``accDescr``: Mermaid reads it raw, so keep it plain."""
    return _SPACES.sub(" ", _ACC_UNSAFE.sub(" ", normalise(text))).strip()[:MAX_LABEL] or "Diagram"


@dataclass(frozen=True)
class TextEquivalent:
    """The diagram as sentences, for screen readers and for readers who prefer text."""

    components: list[tuple[str, str]]  # (label, type meaning name)
    edges: list[tuple[str, str, str | None]]  # (from label, to label, edge label)


def flowchart(graph: Graph) -> str:
    """Mermaid source for one graph."""
    ids = {component.id: f"n{i}" for i, component in enumerate(graph.components)}
    lines = [
        f"flowchart {graph.direction}",
        f"  accTitle: {accessible_text(graph.title)}",
        f"  accDescr: {accessible_text(graph.description)}",
    ]
    for component in graph.components:
        look = LOOKS[component.type]
        lines.append(
            f"  {ids[component.id]}{look.opener}{escape_label(component.label)}{look.closer}"
            f":::{look.css_class}"
        )
    for edge in graph.edges:
        arrow = f'-->|"{escape_label(edge.label)}"|' if edge.label else "-->"
        lines.append(f"  {ids[edge.source]} {arrow} {ids[edge.target]}")
    return "\n".join(lines)


def text_equivalent(graph: Graph) -> TextEquivalent:
    """The same graph as lists of components and connections."""
    labels = {component.id: component.label for component in graph.components}
    return TextEquivalent(
        components=[(c.label, c.type.value.replace("_", " ")) for c in graph.components],
        edges=[(labels[e.source], labels[e.target], e.label) for e in graph.edges],
    )


def legend_flowchart() -> str:
    """One node of every component type, for the legend page."""
    lines = [
        "flowchart LR",
        "  accTitle: Component legend",
        "  accDescr: One example of each component type with its shape",
    ]
    kinds = list(ComponentType)
    for i, kind in enumerate(kinds):
        look = LOOKS[kind]
        label = escape_label(kind.value.replace("_", " "))
        lines.append(f"  n{i}{look.opener}{label}{look.closer}:::{look.css_class}")
    per_row = 4  # invisible links (~~~) lay the examples out in rows instead of one column
    for start in range(0, len(kinds), per_row):
        row = range(start, min(start + per_row, len(kinds)))
        lines.append("  " + " ~~~ ".join(f"n{i}" for i in row))
    return "\n".join(lines)
