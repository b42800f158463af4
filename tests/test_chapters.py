"""The hand-written chapters and primers: depth, shared checklist data, computed numbers."""

from __future__ import annotations

import re

from fieldguide.load.framework import STEP_IDS, case_step_fields, load_framework
from fieldguide.load.wordcount import MIN_WORDS, format_report, measure_docs

from .conftest import ROOT

DOCS = ROOT / "docs"


def test_every_chapter_and_primer_is_deep_enough() -> None:
    pages = measure_docs(DOCS)
    required = [p for p in pages if p.required]
    assert len([p for p in required if p.path.startswith("docs/framework/")]) == len(STEP_IDS)
    assert len([p for p in required if p.path.startswith("docs/concepts/")]) >= 10
    below = [p for p in required if p.shortfalls()]
    assert not below, (
        f"below {MIN_WORDS} words or without a diagram/example:\n{format_report(below)}"
    )


def test_step_chapters_render_their_checklist_from_the_framework_data() -> None:
    framework = load_framework(ROOT / "framework" / "steps.yaml", "framework/steps.yaml")
    all_items = [item.text for step in framework.steps for item in step.checklist]
    for step in STEP_IDS:
        text = (DOCS / "framework" / f"{step}.md").read_text(encoding="utf-8")
        assert f"<!-- fieldguide:checklist step={step} -->" in text, (
            f"{step}.md lacks its checklist"
        )
        retyped = [item for item in all_items if item in text]
        assert not retyped, (
            f"{step}.md retypes checklist items instead of using the shortcode: {retyped}"
        )


def test_chapters_do_not_use_raw_html_scripts() -> None:
    for page in DOCS.rglob("*.md"):
        assert not re.search(r"<script|javascript:", page.read_text(encoding="utf-8"), re.I), page


def test_framework_steps_match_the_case_schema_and_fill_45_minutes() -> None:
    framework = load_framework(ROOT / "framework" / "steps.yaml", "framework/steps.yaml")
    assert case_step_fields() == STEP_IDS == tuple(step.id for step in framework.steps)
    assert sum(step.minutes for step in framework.steps) == 45


_DIAGRAM = re.compile(r"^``` ?mermaid\n.*?^```\n", re.S | re.M)


def _diagrams_without_words(text: str) -> list[int]:
    """Line numbers of diagrams not followed by an "In words:" (or "In text:") paragraph."""
    missing = []
    for match in _DIAGRAM.finditer(text):
        after = text[match.end() :].lstrip("\n")
        if not after.startswith(("In words:", "In text:")):
            missing.append(text.count("\n", 0, match.start()) + 1)
    return missing


def test_every_hand_written_diagram_has_a_text_equivalent_beside_it() -> None:
    """Screen readers do not announce a diagram's nodes: the prose after it says what it shows."""
    planted = "Intro.\n\n``` mermaid\nflowchart LR\n  a --> b\n```\n\nSomething else.\n"
    assert _diagrams_without_words(planted) == [3]
    assert _diagrams_without_words(planted.replace("Something", "In words: a feeds b. Else")) == []
    missing = {
        page.relative_to(DOCS).as_posix(): lines
        for page in sorted(DOCS.rglob("*.md"))
        if (lines := _diagrams_without_words(page.read_text(encoding="utf-8")))
    }
    assert not missing, f"diagrams without an 'In words:' paragraph after them: {missing}"


_YEAR_ITEM = re.compile(r"^\s*(?:19|20)\d{2}\. ", re.M)


def test_no_wrapped_line_starts_with_a_year_and_a_period() -> None:
    """A reference wrapped so a line starts "2005. " becomes a new list item and shifts every
    later reference number (it happened in the frame chapter)."""
    assert _YEAR_ITEM.search("1. Burges, C. et al.\n   2005. Learning to rank.\n")
    assert not _YEAR_ITEM.search("1. Burges, C. et al. 2005.\n   Learning to rank.\n")
    found = [
        f"{page.relative_to(DOCS).as_posix()}: {m.group().strip()}"
        for page in sorted(DOCS.rglob("*.md"))
        for m in _YEAR_ITEM.finditer(page.read_text(encoding="utf-8"))
    ]
    assert not found, found
