"""One test per kind of validation problem: each names the file, the line and the field."""

from __future__ import annotations

import re

import pytest

from fieldguide.load.catalog import load_catalog
from fieldguide.load.problems import Problem, ProblemsFound

from .conftest import Project, line_of


def problems(project: Project) -> list[Problem]:
    with pytest.raises(ProblemsFound) as info:
        load_catalog(project.root)
    return info.value.problems


def only(found: list[Problem]) -> Problem:
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


def test_fixture_case_is_valid(project: Project) -> None:
    project.add_case()
    catalog = load_catalog(project.root)
    assert [c.slug for c in catalog.cases] == ["mini-case"]


def test_unknown_key_suggests_the_right_spelling(project: Project) -> None:
    folder = project.add_case(edit=lambda t: t.replace("  functional:", "  functionnal:"))
    text = (folder / "case.yaml").read_text()
    found = problems(project)
    p = only([p for p in found if p.message.startswith("unknown key")])
    assert (p.file, p.line, p.field) == (
        project.case_file(),
        line_of(text, "functionnal:"),
        "clarify.functionnal",
    )
    # the right spelling is now missing, and that is reported in the same run
    assert any(
        q.field == "clarify.functional" and q.message == "required field is missing" for q in found
    )
    assert (
        "unknown key 'functionnal'" in p.message and "functional" in p.message.split("expected")[1]
    )


def test_missing_field_points_at_its_parent(project: Project) -> None:
    folder = project.add_case(edit=lambda t: t.replace('  task_type: "TODO"\n', ""))
    text = (folder / "case.yaml").read_text()
    found = problems(project)
    p = only(found)
    assert (p.file, p.field) == (project.case_file(), "frame.task_type")
    assert p.line == line_of(text, "frame:")  # the line of the mapping that lacks the key
    assert p.message == "required field is missing"


def test_wrong_type_says_expected_and_found(project: Project) -> None:
    folder = project.add_case(
        edit=lambda t: t.replace("  duration_minutes: 45", "  duration_minutes: forty")
    )
    text = (folder / "case.yaml").read_text()
    p = only(problems(project))
    assert (p.line, p.field) == (line_of(text, "duration_minutes"), "interview.duration_minutes")
    assert "expected a valid integer" in p.message and "'forty'" in p.message


def test_unknown_enum_value_lists_the_choices(project: Project) -> None:
    folder = project.add_case(edit=lambda t: t.replace("type: model_registry", "type: registry"))
    text = (folder / "case.yaml").read_text()
    p = only(problems(project))
    assert p.line == line_of(text, "type: registry")
    assert p.field == "serving.graphs[1].components[2].type"
    assert "'model_registry'" in p.message and "'registry'" in p.message


def test_unknown_unit_lists_the_units(project: Project) -> None:
    folder = project.add_case(edit=lambda t: t.replace("unit: qps", "unit: rps"))
    text = (folder / "case.yaml").read_text()
    p = only(problems(project))
    assert (p.line, p.field) == (line_of(text, "unit: rps"), "clarify.scale.estimates[0].unit")
    assert "qps" in p.message and "'rps'" in p.message


def test_edge_to_undeclared_component(project: Project) -> None:
    folder = project.add_case(
        edit=lambda t: t.replace("{from: api, to: ranker", "{from: api, to: rankr")
    )
    text = (folder / "case.yaml").read_text()
    p = only([p for p in problems(project) if "declared component" in p.message])
    assert (p.line, p.field) == (line_of(text, "to: rankr"), "serving.graphs[0].edges[1].to")
    assert "declared component id" in p.message and "'rankr'" in p.message
    assert "ranker" in p.message


def test_duplicate_component_id(project: Project) -> None:
    folder = project.add_case(edit=lambda t: t.replace("{id: ranker,", "{id: api,"))
    text = (folder / "case.yaml").read_text()
    found = problems(project)
    dup = [p for p in found if "duplicate component id" in p.message]
    assert len(dup) == 1
    assert (dup[0].line, dup[0].field) == (
        line_of(text, "{id: api,", 2),
        "serving.graphs[0].components[2].id",
    )


def test_estimate_with_undeclared_input(project: Project) -> None:
    folder = project.add_case(edit=lambda t: t.replace("* peak_factor", "* peak_ratio"))
    text = (folder / "case.yaml").read_text()
    p = only(problems(project))
    assert (p.line, p.field) == (line_of(text, "peak_ratio"), "clarify.scale.estimates[0].formula")
    assert "undeclared name(s) peak_ratio" in p.message and "peak_factor" in p.message


def test_estimate_used_before_it_is_defined(project: Project) -> None:
    def edit(text: str) -> str:
        return text.replace(
            '        formula: "daily_users * requests_per_user / 86400 * peak_factor"',
            '        formula: "later_one * 2"',
        ).replace(
            "        unit: qps\n",
            "        unit: qps\n"
            "      - name: later_one\n"
            '        label: "x"\n'
            '        formula: "peak_factor"\n'
            "        unit: ratio\n",
            1,
        )

    folder = project.add_case(edit=edit)
    text = (folder / "case.yaml").read_text()
    p = only(problems(project))
    assert (p.line, p.field) == (
        line_of(text, "later_one * 2"),
        "clarify.scale.estimates[0].formula",
    )
    assert "defined later" in p.message


def test_unsafe_formula_is_rejected_with_its_line(project: Project) -> None:
    folder = project.add_case(
        edit=lambda t: t.replace(
            '"daily_users * requests_per_user / 86400 * peak_factor"',
            "\"__import__('os').system('true')\"",
        )
    )
    text = (folder / "case.yaml").read_text()
    p = only(problems(project))
    assert (p.line, p.field) == (line_of(text, "__import__"), "clarify.scale.estimates[0].formula")
    assert "only these functions may be called" in p.message


def test_latency_budget_over_the_sla(project: Project) -> None:
    folder = project.add_case(edit=lambda t: t.replace("sla_ms: 200", "sla_ms: 40"))
    text = (folder / "case.yaml").read_text()
    p = only(problems(project))
    assert (p.line, p.field) == (line_of(text, "parts:"), "serving.latency.parts")
    assert "40 ms" in p.message and "50 ms" in p.message


def test_pacing_must_fill_the_interview(project: Project) -> None:
    folder = project.add_case(edit=lambda t: t.replace("{minutes: 4, focus", "{minutes: 9, focus"))
    text = (folder / "case.yaml").read_text()
    p = only(problems(project))
    assert (p.line, p.field) == (line_of(text, "pacing:"), "interview.pacing")
    assert "found 50" in p.message


def test_slug_must_equal_the_folder_name(project: Project) -> None:
    """Two cases cannot share a slug: each must equal its folder's name, reported on that file."""
    project.add_case("first")
    project.add_case("mini-case")
    p = only(problems(project))
    assert (p.file, p.field) == ("cases/first/case.yaml", "slug")
    assert p.line == line_of((project.root / p.file).read_text(), "slug:")
    assert "'first'" in p.message and "found 'mini-case'" in p.message


def test_related_case_must_exist(project: Project) -> None:
    folder = project.add_case(edit=lambda t: t.replace("related: []", "related: [ghost-case]"))
    text = (folder / "case.yaml").read_text()
    p = only(problems(project))
    assert (p.line, p.field) == (line_of(text, "related:"), "related[0]")
    assert "'ghost-case'" in p.message


def test_note_with_a_level_two_heading(project: Project) -> None:
    folder = project.add_case()
    note = folder / "notes" / "data.md"
    note.write_text("Intro.\n\n## Too big\n\nText.\n")
    p = only(problems(project))
    assert (p.file, p.line) == ("cases/mini-case/notes/data.md", 3)
    assert "level 3" in p.message


def test_heading_inside_a_code_fence_is_fine(project: Project) -> None:
    folder = project.add_case()
    (folder / "notes" / "data.md").write_text("```\n## not a heading\n```\n")
    assert load_catalog(project.root).cases


def test_unknown_block_marker(project: Project) -> None:
    folder = project.add_case()
    (folder / "notes" / "model.md").write_text("Text.\n\n<!-- show: featurez -->\n")
    p = only(problems(project))
    assert (p.file, p.line) == ("cases/mini-case/notes/model.md", 3)
    assert "unknown block 'featurez'" in p.message and "models" in p.message


def test_unknown_number_in_a_note(project: Project) -> None:
    folder = project.add_case()
    (folder / "notes" / "frame.md").write_text("One.\nTwo has {{ peak_qpz }}.\n")
    p = only(problems(project))
    assert (p.file, p.line) == ("cases/mini-case/notes/frame.md", 2)
    assert p.message.startswith("unknown number {{ peak_qpz }} (did you mean {{ peak_qps }}?);")
    assert "daily_users" in p.message  # and every name the case has


def test_unknown_number_in_a_case_text_is_reported_at_its_field(project: Project) -> None:
    bad = "{{ daly_users }} and {{ nothing_like_it }}"
    folder = project.add_case(edit=lambda t: t.replace('title: "', f'title: "{bad} ', 1))
    text = (folder / "case.yaml").read_text()
    found = sorted(problems(project), key=lambda p: p.message)
    assert [(p.line, p.field) for p in found] == [(line_of(text, bad), "title")] * 2
    assert found[0].message.startswith("unknown number {{ daly_users }} (did you mean")
    assert "{{ daily_users }}?)" in found[0].message
    assert found[1].message.startswith("unknown number {{ nothing_like_it }}; expected")


@pytest.mark.parametrize(
    ("written", "reported"),
    [
        # case-file text is escaped when rendered: a link would show as raw brackets and address
        (
            "[the primer](../concepts/serving.md#latency)",
            "'[the primer](../concepts/serving.md#latency)'",
        ),
        # a sum typed with its result goes stale when an input changes
        ("300M x 12 = 3.6B requests a day", "'300M x 12 = 3.6B'"),
    ],
)
def test_refused_case_text_is_reported_at_its_field(
    project: Project, written: str, reported: str
) -> None:
    folder = project.add_case(edit=lambda t: t.replace('title: "', f'title: "{written}; ', 1))
    text = (folder / "case.yaml").read_text()
    p = only(problems(project))
    where = ("cases/mini-case/case.yaml", line_of(text, written), "title")
    assert (p.file, p.line, p.field) == where
    assert reported in p.message


def test_typed_arithmetic_in_a_note_is_refused_at_its_line(project: Project) -> None:
    folder = project.add_case()
    note = "Intro.\n\nA wins and pays 1.5 / 1.0% = $1.50 per click.\n\n`2 * 3 = 6` is code.\n"
    (folder / "notes" / "frame.md").write_text(note)
    p = only(problems(project))
    assert (p.file, p.line) == ("cases/mini-case/notes/frame.md", 3)
    assert "'1.5 / 1.0% = $1.50'" in p.message and "{{ ex:<id>.<name> }}" in p.message


def test_brackets_and_parentheses_that_are_no_link_pass(project: Project) -> None:
    plain = "f(x) [1] (two) and [a] (b)"
    project.add_case(edit=lambda t: t.replace('title: "', f'title: "{plain} ', 1))
    assert load_catalog(project.root).cases[0].case.title.startswith(plain)


def test_missing_note_and_unexpected_file(project: Project) -> None:
    folder = project.add_case()
    (folder / "notes" / "serving.md").unlink()
    (folder / "notes" / "extra.txt").write_text("x")
    found = problems(project)
    assert {(p.file, p.line) for p in found} == {
        ("cases/mini-case/notes/serving.md", 0),
        ("cases/mini-case/notes/extra.txt", 0),
    }


def test_every_problem_of_a_run_is_reported_together(project: Project) -> None:
    project.add_case(
        "one", edit=lambda t: t.replace("slug: mini-case", "slug: one").replace("title:", "titel:")
    )
    project.add_case(
        "two",
        edit=lambda t: t.replace("slug: mini-case", "slug: two").replace(
            "sla_ms: 200", "sla_ms: 1"
        ),
    )
    found = problems(project)
    assert {p.file for p in found} == {"cases/one/case.yaml", "cases/two/case.yaml"}
    assert len(found) >= 3  # unknown titel, missing title, latency over SLA


def test_report_lines_read_file_line_field_message(project: Project) -> None:
    project.add_case(edit=lambda t: t.replace("sla_ms: 200", "sla_ms: 40"))
    with pytest.raises(ProblemsFound) as info:
        load_catalog(project.root)
    first = str(info.value).splitlines()[0]
    assert re.fullmatch(
        r"cases/mini-case/case\.yaml:\d+: serving\.latency\.parts: expected .+", first
    )
    assert str(info.value).splitlines()[-1] == "1 problem found."


def test_related_cases_link_both_ways(project: Project) -> None:
    from dataclasses import replace

    from fieldguide.load.catalog import _cross_case

    project.add_case(
        "first",
        edit=lambda t: t.replace("slug: mini-case", "slug: first").replace(
            "related: []", "related: [second]"
        ),
    )
    project.add_case("second", edit=lambda t: t.replace("slug: mini-case", "slug: second"))
    drafts = load_catalog(project.root).cases  # the fixture is a draft: it loads
    published = [replace(e, case=e.case.model_copy(update={"draft": False})) for e in drafts]
    found = _cross_case(published)
    assert [(p.file, p.field) for p in found] == [("cases/first/case.yaml", "related[0]")]
    text = (project.root / "cases/first/case.yaml").read_text()
    assert found[0].line == line_of(text, "related: [second]")
    assert "both ways" in found[0].message and "'second'" in found[0].message


def test_diagram_description_refuses_what_screen_readers_would_not_hear(project: Project) -> None:
    bad = 'description: "Requests return in < 200 ms; #1 path"'
    folder = project.add_case(
        edit=lambda t: t.replace(
            'description: "TODO: one sentence describing the request path"', bad
        )
    )
    text = (folder / "case.yaml").read_text()
    p = only([p for p in problems(project) if "read aloud" in p.message])
    assert (p.line, p.field) == (line_of(text, bad), "serving.graphs[0].description")
    assert "'#'" in p.message and "'<'" in p.message and "';'" not in p.message


@pytest.mark.parametrize(
    "title", ["A company's apps", "Search & ranking", 'The "best" feed', "A <b> case"]
)
def test_a_title_the_theme_would_escape_twice_is_refused(project: Project, title: str) -> None:
    """Material prints the page title raw in the footer's text and escapes it again in the
    links' aria-label, so an escaped character reached screen readers as an entity."""
    quoted = title.replace('"', '\\"')
    folder = project.add_case(edit=lambda t: t.replace('title: "Mini case"', f'title: "{quoted}"'))
    text = (folder / "case.yaml").read_text()
    p = only(problems(project))
    assert (p.line, p.field) == (line_of(text, "title: "), "title")
    assert "a case title cannot contain" in p.message and "screen readers" in p.message


def test_a_plain_title_with_other_punctuation_passes(project: Project) -> None:
    project.add_case(
        edit=lambda t: t.replace('title: "Mini case"', 'title: "Mini case: ETA, v2 (draft)"')
    )
    assert [c.case.title for c in load_catalog(project.root).cases] == [
        "Mini case: ETA, v2 (draft)"
    ]
