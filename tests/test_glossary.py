"""The glossary file: terms that would share an anchor or a flashcard are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldguide.load.glossary import GLOSSARY_FILE, load_glossary
from fieldguide.load.problems import ProblemsFound
from fieldguide.study.flashcards import glossary_cards

from .conftest import ROOT, line_of

TERMS = """terms:
- term: A/B test
  definition: A randomized experiment.
- term: pass@k
  definition: At least one of k samples passes.
- term: pass^k
  definition: All k trials succeed.
- term: a-b TEST
  definition: The same words as the first term, spelled differently.
"""


def write(root: Path, text: str) -> None:
    (root / "data").mkdir(parents=True)
    (root / GLOSSARY_FILE).write_text(text, encoding="utf-8")


def test_a_term_that_reads_as_an_earlier_one_is_refused_at_its_line(tmp_path: Path) -> None:
    write(tmp_path, TERMS)
    with pytest.raises(ProblemsFound) as info:
        load_glossary(tmp_path)
    [problem] = info.value.problems
    assert (problem.file, problem.line, problem.field) == (
        GLOSSARY_FILE,
        line_of(TERMS, "a-b TEST"),
        "terms[3].term",
    )
    assert "'A/B test' (terms[0])" in problem.message


def test_a_symbol_read_as_a_word_keeps_its_own_anchor_and_card(tmp_path: Path) -> None:
    write(tmp_path, TERMS.split("- term: a-b TEST")[0])
    glossary = load_glossary(tmp_path)
    assert glossary is not None
    anchors = {t.term: t.anchor for t in glossary.terms}
    assert anchors == {
        "A/B test": "term-a-b-test",
        "pass@k": "term-pass-at-k",
        "pass^k": "term-pass-k",
    }
    assert len({c.id for c in glossary_cards(glossary)}) == 3


def test_the_guide_glossary_has_one_anchor_and_one_card_per_term() -> None:
    glossary = load_glossary(ROOT)
    assert glossary is not None
    assert len({t.anchor for t in glossary.terms}) == len(glossary.terms)
    assert len({c.id for c in glossary_cards(glossary)}) == len(glossary.terms)
