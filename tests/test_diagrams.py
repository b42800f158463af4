"""Mermaid generation: any label renders as text, never as Mermaid syntax or HTML."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from fieldguide.load.schema import ACCESSIBLE_UNSAFE, ComponentType, Graph
from fieldguide.render.components import LOOKS
from fieldguide.render.diagrams import (
    accessible_text,
    escape_label,
    flowchart,
    legend_flowchart,
    normalise,
    unescape_label,
)

SAFE_LABEL = re.compile(r"[A-Za-z0-9 ]*(?:#\d+;[A-Za-z0-9 ]*)*")
NASTY = [
    '"',
    "end",
    "-->",
    "<b>x</b>",
    "]]",
    "#35;",
    "`md`",
    "%%",
    "a|b",
    "\\",
    "é 中 🙂",
    "style x fill:red;",
]


@given(st.text())
@example("end")
@example('A["x"] --> B')
@example("<script>alert(1)</script>")
@example("#lt;")
@example("a\nb\r\nc\x00d")
def test_escaped_label_is_inert_and_round_trips(text: str) -> None:
    escaped = escape_label(text)
    assert SAFE_LABEL.fullmatch(escaped), escaped
    expected = normalise(text) or "(blank)"
    assert unescape_label(escaped) == expected


@given(st.text())
def test_accessible_text_is_one_plain_line(text: str) -> None:
    shown = accessible_text(text)
    # one non-empty line, no entity opener, nothing Mermaid would alter (`;` and `:` are fine)
    assert "\n" not in shown and "#" not in shown and shown
    assert not ACCESSIBLE_UNSAFE.search(shown), shown


def graph(labels: list[str], edge_label: str | None) -> Graph:
    components = [
        {"id": f"c{i}", "label": label or "x", "type": kind.value}
        for i, (label, kind) in enumerate(zip(labels, ComponentType, strict=False))
    ]
    edges = [{"from": "c0", "to": f"c{i}", "label": edge_label} for i in range(1, len(components))]
    return Graph.model_validate(
        {"id": "g", "title": "T", "description": "D", "components": components, "edges": edges}
    )


@given(
    st.lists(st.text(min_size=1, max_size=40), min_size=2, max_size=12),
    st.none() | st.text(min_size=1),
)
def test_flowchart_lines_keep_their_shape_for_any_labels(
    labels: list[str], edge_label: str | None
) -> None:
    source = flowchart(graph(labels, edge_label))
    lines = source.splitlines()
    assert lines[0] == "flowchart LR"
    assert lines[1].startswith("  accTitle: ") and lines[2].startswith("  accDescr: ")
    node_lines = lines[3 : 3 + len(labels)]
    for i, line in enumerate(node_lines):
        kind = list(ComponentType)[i]
        look = LOOKS[kind]
        prefix = f"  n{i}{look.opener}"
        suffix = f"{look.closer}:::{look.css_class}"
        assert line.startswith(prefix) and line.endswith(suffix), line
        assert SAFE_LABEL.fullmatch(line[len(prefix) : -len(suffix)])
    for line in lines[3 + len(labels) :]:
        assert re.fullmatch(r'  n0 (-->|-->\|"[A-Za-z0-9 #;]*"\|) n\d+', line), line


def test_node_ids_never_come_from_the_case() -> None:
    source = flowchart(graph(NASTY[:12], "end"))
    assert "c0" not in source and "c1" not in source
    assert "end" not in source.split("\n", 3)[3].replace('"end"', "")  # only inside a quoted label


def test_legend_has_one_node_per_component_type() -> None:
    source = legend_flowchart()
    for kind in ComponentType:
        assert f":::{LOOKS[kind].css_class}" in source
    assert len(LOOKS) == len(ComponentType)
