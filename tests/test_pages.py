"""Page rendering: golden output for the fixture case, and contributed text stays inert text."""

from __future__ import annotations

import difflib
import re
import tempfile
from pathlib import Path
from typing import Any

import markdown
import pytest
from mkdocs.config import load_config

from fieldguide.load.catalog import load_catalog
from fieldguide.render.pages import (
    bytecode_cache,
    environment,
    generated_pages,
    render_case,
    render_reference,
)
from fieldguide.render.schema_reference import reference_sections

from .conftest import ROOT, Project

GOLDEN = Path(__file__).parent / "golden"


def site_markdown(**settings: dict[str, Any]) -> markdown.Markdown:
    """A Markdown converter with exactly the site's extensions and settings; ``settings``
    adds to an extension's (``abbr={"glossary": ...}``, as the hook does)."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    mdx = dict(config["mdx_configs"])
    for name, extra in settings.items():
        mdx[name] = {**mdx.get(name, {}), **extra}
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=mdx)


def check_golden(name: str, actual: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path} missing: run `pytest tests/test_pages.py --update-golden`"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), "golden", "actual"
            )
        )
        pytest.fail(
            f"{name} differs from its golden file (rerun with --update-golden if intended):\n{diff}"
        )


@pytest.fixture
def mini(project: Project) -> tuple[Project, str]:
    project.add_case()
    catalog = load_catalog(project.root)
    return project, render_case(catalog.cases[0], catalog)


def test_compiled_templates_are_cached_and_give_the_same_pages(
    mini: tuple[Project, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second build loads the templates from Jinja2's bytecode cache, and renders the same
    page as a first build that compiled them and as an environment with no cache at all."""
    project, _ = mini
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # a cache of this test's own
    catalog = load_catalog(project.root)
    entry = catalog.cases[0]
    first = environment.__wrapped__()  # a fresh environment, as in a new build process
    assert first.bytecode_cache is not None
    page = render_case(entry, catalog, first)
    cached = list(tmp_path.glob("_jinja2-cache-*/*.cache"))
    assert cached, "the compiled templates were not kept"
    second = environment.__wrapped__()
    compiled: list[str] = []
    monkeypatch.setattr(second, "compile", lambda *a, **k: compiled.append("x"))
    assert render_case(entry, catalog, second) == page
    assert compiled == [], "a cached template was compiled again"
    uncached = environment.__wrapped__()
    uncached.bytecode_cache = None
    assert render_case(entry, catalog, uncached) == page


def test_an_unusable_temporary_directory_only_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    monkeypatch.setattr(tempfile, "tempdir", str(not_a_folder))
    assert bytecode_cache() is None


def test_case_page_matches_golden(mini: tuple[Project, str], update_golden: bool) -> None:
    check_golden("mini-case.md", mini[1], update_golden)


def test_case_page_html_matches_golden(mini: tuple[Project, str], update_golden: bool) -> None:
    check_golden(
        "mini-case.html", site_markdown().convert(mini[1].split("---\n", 2)[2]), update_golden
    )


def test_hostile_text_is_shown_as_text(mini: tuple[Project, str]) -> None:
    html = site_markdown().convert(mini[1].split("---\n", 2)[2])
    assert "<script" not in html and "<img" not in html and "<em>label" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "*not bold*" in html  # asterisks shown, not turned into emphasis
    assert "[not a link](javascript:alert(1))" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "!!! warning" in html  # not turned into an admonition
    assert (
        "watch_history | last 50 &lt;ids&gt;" in html
    )  # a pipe inside a table cell stays in its cell
    # the one admonition is the draft banner of the template, none comes from the hostile text
    assert html.count('class="admonition warning"') == 1
    assert '<p class="admonition-title">Draft</p>' in html


def test_front_matter_is_escaped_for_html_templates(mini: tuple[Project, str]) -> None:
    front = mini[1].split("---\n", 2)[1]
    assert "<script>" not in front and "&lt;script&gt;" in front


def test_checklist_has_a_label_for_every_box(mini: tuple[Project, str]) -> None:
    html = site_markdown().convert(mini[1].split("---\n", 2)[2])
    boxes = re.findall(r'<input type="checkbox" id="([^"]+)"', html)
    labels = re.findall(r'<label for="(fg-check-[^"]+)"', html)
    assert boxes and boxes == labels
    assert len(set(boxes)) == len(boxes)


def test_numbers_in_notes_are_replaced(mini: tuple[Project, str]) -> None:
    assert "{{" not in mini[1]
    # each number carries the what-if hook (tests/test_what_if.py)
    assert (
        'Peak traffic is <span class="fg-num" data-number="peak_qps">231 QPS</span> from '
        '<span class="fg-num" data-number="daily_users">1M users</span>.'
    ) in mini[1]


def test_reference_page_lists_every_schema_key() -> None:
    text = render_reference()
    for section in reference_sections():
        assert f"## {section.name} " in text
        for field in section.fields:
            assert f"| `{field.key}` |" in text


def test_generated_pages_have_edit_sources(project: Project) -> None:
    project.add_case()
    pages = {p.path: p for p in generated_pages(load_catalog(project.root))}
    assert pages["cases/mini-case.md"].source == "cases/mini-case/case.yaml"
    assert set(pages) == {
        "cases/index.md",
        "cases/mini-case.md",
        "reference/components.md",
        "reference/case-file.md",
    }
    for page in pages.values():
        assert (ROOT / page.source).exists() or page.source.startswith("cases/mini-case")


def test_no_generated_table_has_an_empty_header_cell(mini: tuple[Project, str]) -> None:
    """Screen readers announce header cells; an empty one reads as nothing (axe, Lighthouse)."""
    from fieldguide.render.pages import render_reference

    for page in (mini[1], render_reference()):
        for line, below in zip(page.splitlines(), page.splitlines()[1:], strict=False):
            if line.startswith("|") and "-" in below and set(below.replace(" ", "")) <= set("|-:"):
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                assert all(cells), f"empty header cell in: {line}"
