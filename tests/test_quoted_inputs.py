"""A case's scale input may quote a worked example's value (`from: example-id.name`) instead of
stating it, so a number several pages share is written once: the case computes with the value the
example holds today, and a reference that cannot be read is reported at its line and field."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from fieldguide.load.catalog import load_catalog
from fieldguide.load.problems import Problem, ProblemsFound
from fieldguide.render.pages import render_case

from .conftest import Project, line_of

STATED = "      - name: peak_factor\n        value: 2\n"
QUOTED = "      - name: peak_factor\n        from: {ref}\n"


def shared(project: Project, peak: float, unit: str = "ratio") -> Path:
    """A primer's worked example holding the peak factor the case quotes."""
    folder = project.root / "data" / "examples"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "shared.yaml"
    path.write_text(
        "examples:\n  - id: shared-peaks\n    title: Peak traffic\n    estimates:\n"
        f"      inputs:\n        - {{name: peak_factor, value: {peak}, unit: {unit}, label: P}}\n"
        "      estimates:\n"
        "        - {name: doubled, label: D, formula: peak_factor * 2, unit: ratio}\n",
        encoding="utf-8",
    )
    return path


def quoting(ref: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert STATED in text
        return text.replace(STATED, QUOTED.format(ref=ref))

    return edit


def replacing(replacement: str) -> Callable[[str], str]:
    return lambda text: text.replace(STATED, replacement)


def problems_of(project: Project) -> list[Problem]:
    with pytest.raises(ProblemsFound) as info:
        load_catalog(project.root)
    return info.value.problems


@pytest.mark.parametrize("peak", [3, 5.5])
def test_a_quoted_input_computes_with_the_examples_value(project: Project, peak: float) -> None:
    shared(project, peak)
    project.add_case(edit=quoting("shared-peaks.peak_factor"))
    entry = load_catalog(project.root).cases[0]
    inputs = {i.name: i.value or 0.0 for i in entry.case.clarify.scale.inputs}
    assert inputs["peak_factor"] == peak
    qps = next(e for e in entry.estimates if e.name == "peak_qps")
    assert qps.value == pytest.approx(
        inputs["daily_users"] * inputs["requests_per_user"] / 86400 * peak
    )
    table = next(
        line
        for line in render_case(entry, load_catalog(project.root)).splitlines()
        if "`peak_factor`" in line and line.startswith("|")
    )
    assert "from `shared-peaks.peak_factor`" in table, table


def test_a_quoted_estimate_of_the_example_is_usable_too(project: Project) -> None:
    shared(project, 3)
    project.add_case(edit=quoting("shared-peaks.doubled"))
    entry = load_catalog(project.root).cases[0]
    assert {i.name: i.value for i in entry.case.clarify.scale.inputs}["peak_factor"] == 6


@pytest.mark.parametrize(
    ("ref", "unit", "message"),
    [
        ("shared-peak.peak_factor", "ratio", "unknown example 'shared-peak'; did you mean"),
        ("shared-peaks.peak", "ratio", "has no value 'peak'"),
        ("shared-peaks.peak_factor", "count", "expected unit 'count'"),
    ],
)
def test_an_unreadable_reference_is_reported_at_its_line(
    project: Project, ref: str, unit: str, message: str
) -> None:
    shared(project, 3, unit=unit)
    folder = project.add_case(edit=quoting(ref))
    assert_reported_at_the_reference(project, folder, ref, message)


def assert_reported_at_the_reference(
    project: Project, folder: Path, ref: str, message: str
) -> None:
    """The catalog reports one problem: at the `from: ref` line of ``folder``'s case file."""
    text = (folder / "case.yaml").read_text(encoding="utf-8")
    found = problems_of(project)
    assert len(found) == 1, found
    (problem,) = found
    assert problem.file == project.case_file(folder.name)
    assert problem.line == line_of(text, f"from: {ref}")
    assert problem.field == "clarify.scale.inputs[2].from"
    assert message in problem.message, problem.message


def test_value_and_from_together_or_neither_are_refused(project: Project) -> None:
    shared(project, 3)
    for replacement in (
        "      - name: peak_factor\n        value: 2\n        from: shared-peaks.peak_factor\n",
        "      - name: peak_factor\n",
    ):
        case = project.root / "cases" / "mini-case"
        if case.exists():
            shutil.rmtree(case)
        project.add_case(edit=replacing(replacement))
        found = problems_of(project)
        assert any(
            p.field == "clarify.scale.inputs[2]" and "value or from" in p.message for p in found
        ), found


def test_a_reference_into_broken_examples_waits_for_them(project: Project) -> None:
    path = shared(project, 3)
    path.write_text(
        path.read_text(encoding="utf-8").replace("unit: ratio, label: P", "unit: nope, label: P")
    )
    project.add_case(edit=quoting("shared-peaks.peak_factor"))
    found = problems_of(project)
    waiting = [p for p in found if p.field == "clarify.scale.inputs[2].from"]
    assert len(waiting) == 1 and "worked examples" in waiting[0].message, found
    assert any(p.file.startswith("data/examples/") for p in found), found


def test_editors_see_the_same_rule_in_the_exported_schema() -> None:
    """The JSON Schema editors use (schema/case.schema.json) refuses an input with neither
    `value` nor `from`, or both, as the loader does."""
    import json

    import jsonschema

    from fieldguide.cli.jsonschema_export import SCHEMA_FILE

    from .conftest import ROOT

    schema = json.loads((ROOT / SCHEMA_FILE).read_text(encoding="utf-8"))
    check = jsonschema.Draft202012Validator(
        {"$ref": "#/$defs/ScaleInput", "$defs": schema["$defs"]}
    )
    base = {"name": "peak_factor", "unit": "ratio", "label": "Peak"}
    assert check.is_valid({**base, "value": 2})
    assert check.is_valid({**base, "from": "shared-peaks.peak_factor"})
    assert check.is_valid({**base, "from": "case:eta-prediction.peak_factor"})
    assert not check.is_valid({**base, "from": "case:Not A Slug.peak_factor"})
    assert not check.is_valid(base)
    assert not check.is_valid({**base, "value": 2, "from": "shared-peaks.peak_factor"})


def test_a_quoted_input_keeps_the_numbers_its_label_quotes(project: Project) -> None:
    """Texts of a case file quote computed numbers ({{ name }}); a quoted input's label does too,
    and taking the example's value must not bring back the unfilled text."""
    shared(project, 3)

    def edit(text: str) -> str:
        old = '        label: "TODO: peak-to-average ratio"'
        assert old in text
        return quoting("shared-peaks.peak_factor")(text).replace(
            old, '        label: "Peak over average for {{ daily_users }} daily users"'
        )

    project.add_case(edit=edit)
    catalog = load_catalog(project.root)
    entry = catalog.cases[0]
    label = next(i.label for i in entry.case.clarify.scale.inputs if i.name == "peak_factor")
    assert "{{" not in label and "daily users" in label, label
    assert {i.name: i.value for i in entry.case.clarify.scale.inputs}["peak_factor"] == 3


# --- quoting another case's stated input: `from: case:slug.name` ------------------------------


def second_case(project: Project, ref: str, *, extra: Callable[[str], str] | None = None) -> Path:
    """The fixture case again as `second-case`, its peak factor quoted from ``ref``."""

    def edit(text: str) -> str:
        assert "slug: mini-case" in text and "title: " in text
        text = quoting(ref)(text).replace("slug: mini-case", "slug: second-case")
        text = text.replace('title: "', 'title: "Second ', 1)
        return extra(text) if extra is not None else text

    return project.add_case("second-case", edit=edit)


@pytest.mark.parametrize("peak", [3, 7.5])
def test_a_case_quotes_another_cases_stated_input(project: Project, peak: float) -> None:
    project.add_case(edit=replacing(f"      - name: peak_factor\n        value: {peak}\n"))
    second_case(project, "case:mini-case.peak_factor")
    catalog = load_catalog(project.root)
    entry = catalog.by_slug("second-case")
    assert {i.name: i.value for i in entry.case.clarify.scale.inputs}["peak_factor"] == peak
    source = catalog.by_slug("mini-case")
    assert [e.value for e in entry.estimates] == [e.value for e in source.estimates]
    table = next(
        line
        for line in render_case(entry, catalog).splitlines()
        if "`peak_factor`" in line and line.startswith("|")
    )
    assert "from `case:mini-case.peak_factor`" in table, table


@pytest.mark.parametrize(
    ("ref", "unit", "message"),
    [
        ("case:mini-cases.peak_factor", "ratio", "existing case; found 'mini-cases' (did you"),
        ("case:mini-case.peak", "ratio", "an input that mini-case states with a value"),
        ("case:mini-case.peak_factor", "count", "expected unit 'ratio'"),
        ("case:second-case.daily_users", "ratio", "this case's own"),
    ],
)
def test_an_unreadable_case_reference_is_reported_at_its_line(
    project: Project, ref: str, unit: str, message: str
) -> None:
    project.add_case()

    def with_unit(text: str) -> str:
        quoted = QUOTED.format(ref=ref)
        assert quoted + "        unit: ratio\n" in text
        return text.replace(quoted + "        unit: ratio\n", quoted + f"        unit: {unit}\n")

    folder = second_case(project, ref, extra=with_unit)
    assert_reported_at_the_reference(project, folder, ref, message)


def test_an_input_another_case_quotes_itself_cannot_be_quoted(project: Project) -> None:
    shared(project, 3)
    project.add_case(edit=quoting("shared-peaks.peak_factor"))
    second_case(project, "case:mini-case.peak_factor")
    found = problems_of(project)
    assert [p.field for p in found] == ["clarify.scale.inputs[2].from"], found
    assert "quote its source" in found[0].message


def test_a_worked_example_cannot_quote_a_case(project: Project) -> None:
    path = shared(project, 3)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "{name: peak_factor, value: 3, unit: ratio, label: P}",
            "{name: peak_factor, from: 'case:mini-case.peak_factor', unit: ratio, label: P}",
        ),
        encoding="utf-8",
    )
    project.add_case()
    found = problems_of(project)
    assert any(
        p.file == "data/examples/shared.yaml"
        and p.field.endswith("inputs[0].from")
        and "only a case's scale can quote another case" in p.message
        for p in found
    ), found


def test_a_case_quoting_an_unreadable_case_waits_for_it(project: Project) -> None:
    """The quoted case's own file is broken: the quoting case says it waits for that file, not
    that no such case exists."""
    project.add_case(edit=lambda text: text + "\nbroken: [unclosed\n")
    folder = second_case(project, "case:mini-case.peak_factor")
    found = problems_of(project)
    waiting = [p for p in found if p.file == project.case_file(folder.name)]
    assert len(waiting) == 1, found
    assert "cannot be read until cases/mini-case/case.yaml loads" in waiting[0].message
    assert any(p.file == project.case_file() for p in found), found
