"""Notes are untrusted: each attack is stopped by the note policy AND by the HTML sanitizer alone.

Layer 1 (``markdown_policy``) rejects the note at validation with its file and line, before any
Markdown parser sees it. Layer 2 (``sanitize``) cleans the HTML of generated pages. Each test
plants one vector and proves that each layer, on its own, keeps it off the page.
"""

from __future__ import annotations

import importlib.util
import re

import markdown
import pytest
from mkdocs.config import load_config
from pymdownx.snippets import SnippetMissingError

from fieldguide.load import markdown_policy
from fieldguide.load.catalog import load_catalog
from fieldguide.load.markdown_policy import MAX_UNMATCHED_BRACKETS, check_markdown
from fieldguide.load.problems import Problem, ProblemsFound
from fieldguide.load.snippets import base_paths, check_includes
from fieldguide.render.sanitize import clean_html

from .conftest import ROOT, Project

# (name, note line, what must never reach the HTML)
VECTORS = [
    ("script tag", "<script>alert(1)</script>", re.compile(r"<script", re.I)),
    ("img onerror", "<img src=x onerror=alert(1)>", re.compile(r"onerror", re.I)),
    ("javascript link", "[x](javascript:alert(1))", re.compile(r"href=\"javascript", re.I)),
    (
        "entity-obfuscated link",
        "[x](java&#115;cript:alert(1))",
        re.compile(r"href=\"java(&#115;|s)cript", re.I),
    ),
    ("data link", "[x](data:text/html;base64,PHNjcmlwdD4=)", re.compile(r"href=\"data:", re.I)),
    (
        "attribute list",
        'A paragraph.\n{ onmouseover="alert(1)" }',
        re.compile(r"onmouseover", re.I),
    ),
    ("iframe", '<iframe src="https://evil.test"></iframe>', re.compile(r"<iframe", re.I)),
    ("svg onload", "<svg onload=alert(1)></svg>", re.compile(r"onload", re.I)),
    (
        "image from another host",
        "![tracker](https://evil.test/pixel.png)",
        re.compile(r"src=\"https://evil", re.I),
    ),
]


def site_markdown() -> markdown.Markdown:
    config = load_config(str(ROOT / "mkdocs.yml"))
    mdx = dict(config["mdx_configs"])
    mdx["pymdownx.snippets"] = {**mdx["pymdownx.snippets"], "base_path": base_paths(ROOT)}
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=mdx)


def note_problems(project: Project, text: str, step: str = "data") -> list[Problem]:
    folder = project.add_case()
    (folder / "notes" / f"{step}.md").write_text(f"Intro.\n\n{text}\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as info:
        load_catalog(project.root)
    return [p for p in info.value.problems if p.file.endswith(f"notes/{step}.md")]


@pytest.mark.parametrize(("name", "line", "forbidden"), VECTORS, ids=[v[0] for v in VECTORS])
def test_policy_alone_rejects_the_note_with_file_and_line(
    project: Project, name: str, line: str, forbidden: re.Pattern[str]
) -> None:
    found = note_problems(project, line)
    assert found, f"{name} was accepted"
    assert all(p.file == "cases/mini-case/notes/data.md" for p in found)
    # the planted line's last line (after "Intro." and a blank line)
    assert found[0].line == 3 + line.count("\n")
    assert "not allowed" in found[0].message and "found" in found[0].message


@pytest.mark.parametrize(("name", "line", "forbidden"), VECTORS, ids=[v[0] for v in VECTORS])
def test_sanitizer_alone_removes_the_vector(
    name: str, line: str, forbidden: re.Pattern[str]
) -> None:
    raw = site_markdown().convert(f"Intro.\n\n{line}\n")
    assert forbidden.search(raw), f"the plant did not reach the unsanitized HTML: {raw}"
    assert not forbidden.search(clean_html(raw)), clean_html(raw)


@pytest.mark.parametrize("target", [".git/config", "../../.git/config", "mkdocs.yml"])
def test_snippet_of_a_repository_file_is_rejected_by_each_layer(
    project: Project, target: str
) -> None:
    line = f'--8<-- "{target}"'
    # Layer 1: a note may not include snippets at all.
    found = note_problems(project, line)
    assert found and "snippet" in found[0].message and found[0].line == 3
    # Layer 2: hand-written pages may include only docs/snippets/ and CONTRIBUTING.md.
    problems = check_includes(f"Text.\n{line}\n", "docs/page.md", ROOT)
    assert [(p.file, p.line) for p in problems] == [("docs/page.md", 2)]
    # Layer 3: the Markdown extension itself, as configured by the hook, cannot reach the file.
    with pytest.raises(SnippetMissingError):
        site_markdown().convert(line)


def test_allowed_snippet_still_works() -> None:
    assert check_includes('--8<-- "CONTRIBUTING.md"\n', "docs/contributing.md", ROOT) == []
    html = site_markdown().convert('--8<-- "CONTRIBUTING.md"')
    assert "Contributing" in html


def test_missing_snippet_is_a_problem_with_file_and_line() -> None:
    problems = check_includes('One.\n\n--8<-- "nowhere.md"\n', "docs/x.md", ROOT)
    assert [(p.file, p.line) for p in problems] == [("docs/x.md", 3)]
    assert "not found" in problems[0].message


HOSTILE_COST = [
    ("200 KB of [", "[" * 200_000),
    ("8,000 [", "[" * 8_000),
    ("unmatched [ in words", " ".join(["[a"] * (MAX_UNMATCHED_BRACKETS + 1))),
    ("emphasis run", "*" * 5_000),
    ("underscore run", "_" * 5_000),
    ("deep quotes", ">" * 500 + " deep"),
    ("deep lists", "\n".join(" " * (4 * i) + "- item" for i in range(40))),
    ("one huge line", "word " * 3_000),
]


@pytest.mark.parametrize(("name", "text"), HOSTILE_COST, ids=[h[0] for h in HOSTILE_COST])
def test_notes_that_would_slow_the_parser_are_rejected(name: str, text: str) -> None:
    assert check_markdown(text), f"{name} was accepted"


def test_ordinary_markdown_is_accepted() -> None:
    text = (
        "### A heading\n\nA [link](../framework/data.md#labels), an <https://example.net/x> "
        'autolink, `<code>` and a footnote[^1].\n\n!!! tip "Title"\n    Body with **bold**.\n\n'
        "| a | b |\n| --- | --- |\n| 1 | 2 |\n\n```python\nx = '<script>'\n```\n\n"
        "<!-- show: features -->\n\nNumbers {{ peak_qps }} stay.\n\n[^1]: Note.\n"
    )
    assert check_markdown(text) == []


def test_bidi_controls_are_rejected_in_notes_and_yaml(project: Project) -> None:
    found = note_problems(project, "Invoice \u202egnp.exe")
    assert found and "U+202E" in found[0].message
    other = Project(project.root.parent / "other")
    other.add_case(edit=lambda t: t.replace('title: "Mini case"', 'title: "Mini \u202ecase"'))
    with pytest.raises(ProblemsFound) as info:
        load_catalog(other.root)
    assert any(p.field == "title" and "U+202E" in p.message for p in info.value.problems)


def test_cost_benchmark_inputs_go_past_the_bounds_they_name() -> None:
    """The cost bounds are measured by scripts/markdown_cost.py, not by timed tests; each of its
    inputs names the bound it goes past (or none), and the policy must agree."""
    spec = importlib.util.spec_from_file_location(
        "markdown_cost", ROOT / "scripts" / "markdown_cost.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert any(i.past is None for i in script.INPUTS), "no input within the bounds"
    for item in script.INPUTS:
        messages = [message for _, message in check_markdown(item.text)]
        if item.past is None:
            assert messages == [], f"{item.name}: within every bound, yet rejected"
        else:
            bound = getattr(markdown_policy, item.past)
            assert any(f"{bound:,}" in m for m in messages), f"{item.name}: {messages}"


def test_unfinished_note_names_file_and_line(project: Project) -> None:
    folder = project.add_case(edit=lambda t: t.replace("draft: true\n", ""))
    text = (folder / "notes" / "clarify.md").read_text()
    (folder / "notes" / "clarify.md").write_text(text + "\nTODO: finish this.\n")
    with pytest.raises(ProblemsFound) as info:
        load_catalog(project.root)
    lines = [
        p.line for p in info.value.problems if p.file.endswith("clarify.md") and "TODO" in p.message
    ]
    assert len(text.splitlines()) + 2 in lines


def test_sanitizer_keeps_the_structure_pages_need() -> None:
    """The sanitizer keeps the structure our pages need (tables, admonitions, tabs)."""
    html = site_markdown().convert(
        '!!! tip "T"\n    x\n\n| a |\n| ---: |\n| 1 |\n\n=== "One"\n    a\n\n- [x] done\n'
    )
    clean = clean_html(html)
    for needle in ('class="admonition tip"', 'style="text-align:right', 'type="radio"', "<table>"):
        assert needle in clean.replace("text-align: right", "text-align:right"), needle
