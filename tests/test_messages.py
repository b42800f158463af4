"""Problem messages say where, what was expected and what was found, in the contributor's terms."""

from __future__ import annotations

import pytest

from fieldguide.load.catalog import load_catalog
from fieldguide.load.problems import Problem, ProblemsFound
from fieldguide.load.schema import DIAGRAM_TEXT_MAX
from fieldguide.render.diagrams import MAX_LABEL

from .conftest import Project, line_of


def problems(project: Project) -> list[Problem]:
    with pytest.raises(ProblemsFound) as info:
        load_catalog(project.root)
    return info.value.problems


def one(project: Project, needle: str) -> Problem:
    found = [p for p in problems(project) if needle in p.message]
    assert len(found) == 1, "\n".join(map(str, problems(project)))
    return found[0]


def test_bad_enum_value_says_what_was_found(project: Project) -> None:
    folder = project.add_case(
        edit=lambda t: t.replace("difficulty: intermediate", "difficulty: hard")
    )
    p = one(project, "found 'hard'")
    assert p.field == "difficulty" and "'foundation'" in p.message
    assert p.line == line_of((folder / "case.yaml").read_text(), "difficulty:")


def test_non_utf8_case_file_gives_the_line(project: Project) -> None:
    folder = project.add_case()
    path = folder / "case.yaml"
    lines = path.read_bytes().split(b"\n")
    lines[9] = lines[9] + b" caf\xe9"
    path.write_bytes(b"\n".join(lines))
    p = one(project, "UTF-8")
    assert (p.file, p.line) == ("cases/mini-case/case.yaml", 10) and "0xe9" in p.message


def test_non_utf8_note_gives_the_line(project: Project) -> None:
    folder = project.add_case()
    (folder / "notes" / "data.md").write_bytes(b"One.\n\nTwo \xff.\n")
    p = one(project, "UTF-8")
    assert (p.file, p.line) == ("cases/mini-case/notes/data.md", 3)


def test_tab_indentation_says_tab(project: Project) -> None:
    folder = project.add_case(edit=lambda t: t.replace("\n  domains:", "\n\tdomains:"))
    p = one(project, "tab")
    assert p.line == line_of((folder / "case.yaml").read_text(), "\tdomains:")
    assert "spaces" in p.message


def test_unclosed_quote_points_at_where_it_opens(project: Project) -> None:
    folder = project.add_case(edit=lambda t: t.replace('title: "Mini case"', 'title: "Mini case'))
    p = one(project, "never closes")
    assert p.line == line_of((folder / "case.yaml").read_text(), 'title: "Mini case')


def test_a_closed_multi_line_quote_is_not_blamed_for_a_later_error(project: Project) -> None:
    folder = project.add_case(
        edit=lambda t: t.replace('title: "Mini case"', 'title: "Mini # one\n  case"').replace(
            "difficulty: intermediate", "difficulty: intermediate: hard"
        )
    )
    p = one(project, "invalid YAML")
    assert p.line == line_of((folder / "case.yaml").read_text(), "difficulty:")
    assert '": " inside unquoted text' in p.message and "quotes" in p.message


@pytest.mark.parametrize(("text", "found"), [("", "an empty file"), ("- a\n- b\n", "a list")])
def test_empty_file_or_list_at_the_top(project: Project, text: str, found: str) -> None:
    project.add_case(edit=lambda t: text)
    p = one(project, "expected a mapping")
    assert found in p.message and "Case" not in p.message


def test_bad_tag_shows_an_example_not_a_regex(project: Project) -> None:
    project.add_case(edit=lambda t: t.replace("[todo-domain]", '["Feature Store"]'))
    p = one(project, "Feature Store")
    assert p.field == "tags.domains[0]" and "'feature-store'" in p.message
    assert "^" not in p.message and "[a-z" not in p.message


def test_huge_number_says_how_many_digits(project: Project) -> None:
    project.add_case(edit=lambda t: t.replace("sla_ms: 200", "sla_ms: " + "9" * 5000))
    p = one(project, "digits")
    assert p.field == "serving.latency.sla_ms" and "set_int_max_str_digits" not in p.message


@pytest.mark.parametrize("written", ["190:20:30", "0x1F", "017", "0b101"])
def test_base_60_hex_octal_numbers_are_rejected(project: Project, written: str) -> None:
    project.add_case(edit=lambda t: t.replace("sla_ms: 200", f"sla_ms: {written}"))
    p = one(project, "decimal number")
    assert p.field == "serving.latency.sla_ms" and repr(written) in p.message


def test_diagram_text_has_one_limit_for_schema_and_drawing(project: Project) -> None:
    assert MAX_LABEL == DIAGRAM_TEXT_MAX
    label = "x" * (DIAGRAM_TEXT_MAX + 1)
    project.add_case(edit=lambda t: t.replace('label: "App"', f'label: "{label}"'))
    p = one(project, f"at most {DIAGRAM_TEXT_MAX} characters")
    assert p.field == "serving.graphs[0].components[0].label"


def test_every_stage_reports_in_one_run(project: Project) -> None:
    """Mistakes planted at every stage, in two cases, all come back from a single run."""

    def plant(t: str) -> str:
        return (
            t.replace("difficulty: intermediate", "difficulty: hard")  # schema
            .replace("sla_ms: 200", "sla_ms: 10")  # cross-field: latency
            .replace("{minutes: 4,", "{minutes: 2,")  # cross-field: pacing
            .replace("- {from: api, to: ranker", "- {from: api, to: nowhere")  # edges
            .replace('formula: "daily_users', 'formula: "1 / 0 + daily_users')  # formula
            .replace("related: []", "related: [no-such-case, broken]")  # cross-case
        )

    folder = project.add_case(edit=plant)
    (folder / "notes" / "model.md").write_text("## Level two\n\n{{ nothing }}\n<b>x</b>\n")
    project.add_case("broken", edit=lambda t: t.replace("slug: mini-case", 'slug: "broken'))
    found = problems(project)
    report = "\n".join(map(str, found))
    expected = [
        ("cases/mini-case/case.yaml", "difficulty", "found 'hard'"),
        ("cases/mini-case/case.yaml", "serving.latency.parts", "SLA"),
        ("cases/mini-case/case.yaml", "interview.pacing", "duration_minutes"),
        ("cases/mini-case/case.yaml", "serving.graphs[0].edges[1].to", "'nowhere'"),
        ("cases/mini-case/case.yaml", "clarify.scale.estimates[0].formula", "zero"),
        ("cases/mini-case/case.yaml", "related[0]", "'no-such-case'"),
        ("cases/mini-case/notes/model.md", "", "level 3"),
        ("cases/mini-case/notes/model.md", "", "raw HTML"),
        ("cases/broken/case.yaml", "", "never closes"),
    ]
    for file, field, needle in expected:
        assert any(p.file == file and p.field == field and needle in p.message for p in found), (
            f"missing {file} {field} {needle!r} in:\n{report}"
        )
    # consequences are not reported: the broken case still counts as known to `related`,
    # and estimates that use the failed one are not listed as "undeclared".
    assert not any("'broken'" in p.message for p in found), report
    assert not any("undeclared" in p.message for p in found), report
    # grouped by file, sorted by line
    assert found == sorted(found)
