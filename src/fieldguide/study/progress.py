"""What the progress page needs from the build: the steps, each case's checklist item keys and
each deck's card ids. The reader's own progress stays in their browser (localStorage)."""

from __future__ import annotations

from fieldguide.load.catalog import Catalog
from fieldguide.render.checklists import case_lists
from fieldguide.study.flashcards import GLOSSARY, Card

# The storage key of a case's checklist ticks is this prefix plus the case slug; it is defined
# by docs/assets/javascripts/checklist.js (a test checks that both agree).
CHECKLIST_PREFIX = "fieldguide:checklist:"
PRACTISED_KEY = "fieldguide:practised"
CARDS_KEY = "fieldguide:cards"
STORAGE_PREFIX = "fieldguide:"


def progress_data(catalog: Catalog, cards: list[Card]) -> dict[str, object]:
    """Steps, cases (checklist keys per step, card ids) and the glossary's card ids."""
    by_deck: dict[str, list[str]] = {}
    for card in cards:
        by_deck.setdefault(card.deck, []).append(card.id)
    cases = []
    for entry in catalog.cases:
        cases.append(
            {
                "slug": entry.slug,
                "title": entry.case.title,
                "url": f"cases/{entry.slug}/",
                "checklist": {
                    lst.step_id: [item.key for item in lst.items]
                    for lst in case_lists(catalog.framework, entry.case)
                },
                "cards": by_deck.get(entry.slug, []),
            }
        )
    return {
        "version": 1,
        "keys": {
            "prefix": STORAGE_PREFIX,
            "checklist": CHECKLIST_PREFIX,
            "practised": PRACTISED_KEY,
            "cards": CARDS_KEY,
        },
        "steps": [{"id": s.id, "title": s.title} for s in catalog.framework.steps],
        "cases": cases,
        "glossary": by_deck.get(GLOSSARY, []),
    }
