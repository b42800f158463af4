"""A case's own worked examples: defined in cases/<slug>/examples.yaml, placed in its notes."""

from __future__ import annotations

import pytest

from fieldguide.load.catalog import load_catalog
from fieldguide.load.problems import ProblemsFound
from fieldguide.render.pages import render_case

from .conftest import Project

EXAMPLES = """examples:
  - id: mini-threshold
    title: Precision of the trigger at one threshold
    classification:
      labels: [1, 0, 1, 1, 0, 0]
      scores: [0.9, 0.8, 0.7, 0.4, 0.3, 0.2]
      threshold: 0.5
      metrics: [precision, recall]
"""


def test_a_note_places_the_case_example_with_computed_values(project: Project) -> None:
    folder = project.add_case()
    (folder / "examples.yaml").write_text(EXAMPLES)
    note = folder / "notes" / "evaluation.md"
    note.write_text("Before.\n\n<!-- fieldguide:example id=mini-threshold -->\n\nAfter.\n")
    catalog = load_catalog(project.root)
    assert catalog.examples["mini-threshold"].source == "cases/mini-case/examples.yaml"
    page = render_case(catalog.cases[0], catalog)
    body = page[page.index("Before.") : page.index("After.")]
    assert "Precision of the trigger at one threshold" in body
    # at 0.5 the model flags 0.9, 0.8 and 0.7: two of them are positives, of three positives
    assert body.count("0\\.667") == 2  # precision and recall, both 2/3
    assert "fieldguide:example" not in page


def test_unknown_example_in_a_note_names_the_line(project: Project) -> None:
    folder = project.add_case()
    note = folder / "notes" / "model.md"
    note.write_text("One.\n\n<!-- fieldguide:example id=no-such-example -->\n")
    with pytest.raises(ProblemsFound) as info:
        load_catalog(project.root)
    found = [p for p in info.value.problems if p.file.endswith("notes/model.md")]
    assert [(p.line, "'no-such-example'" in p.message) for p in found] == [(3, True)]


def test_a_note_quotes_a_computed_value_of_an_example(project: Project) -> None:
    folder = project.add_case()
    (folder / "examples.yaml").write_text(EXAMPLES)
    note = folder / "notes" / "evaluation.md"
    note.write_text("At 0.5 the trigger's precision is {{ ex:mini-threshold.precision }}.\n")
    catalog = load_catalog(project.root)
    page = render_case(catalog.cases[0], catalog)
    assert "precision is 0\\.667." in page and "{{ ex:" not in page
    note.write_text("One.\nTwo {{ ex:mini-threshold.nothing }}.\n")
    with pytest.raises(ProblemsFound) as info:
        load_catalog(project.root)
    found = [p for p in info.value.problems if p.file.endswith("notes/evaluation.md")]
    assert [(p.line, "has no value 'nothing'" in p.message) for p in found] == [(2, True)]


def test_case_file_texts_quote_computed_numbers(project: Project) -> None:
    from fieldguide.load.catalog import shown_numbers

    folder = project.add_case(
        edit=lambda t: t.replace('task_type: "TODO"', 'task_type: "Peak is {{ peak_qps }}."')
    )
    entry = load_catalog(project.root).cases[0]
    peak = shown_numbers(entry.case, entry.estimates)["peak_qps"]
    assert entry.case.frame.task_type == f"Peak is {peak}."
    text = (folder / "case.yaml").read_text().replace("{{ peak_qps }}", "{{ nothing }}")
    (folder / "case.yaml").write_text(text)
    with pytest.raises(ProblemsFound) as info:
        load_catalog(project.root)
    found = [p for p in info.value.problems if "nothing" in p.message]
    assert [(p.field, p.line) for p in found] == [
        ("frame.task_type", next(n for n, t in enumerate(text.splitlines(), 1) if "task_type" in t))
    ]
