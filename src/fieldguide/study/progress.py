"""What the progress page needs from the build: the steps, each case's checklist item keys and,
per deck, its key and number of cards (no card ids: the data does not grow with the cards). The
reader's own progress stays in their browser (localStorage); each flashcard review there names
its deck key (``docs/assets/javascripts/tools/flashcards.js``)."""

from __future__ import annotations

from fieldguide.load.catalog import Catalog
from fieldguide.render.checklists import case_lists
from fieldguide.study.flashcards import MOVED, Card, case_deck_key, deck_key, glossary_deck_keys

# The storage key of a case's checklist ticks is this prefix plus the case slug; it is defined
# by docs/assets/javascripts/checklist.js (a test checks that both agree).
CHECKLIST_PREFIX = "fieldguide:checklist:"
PRACTISED_KEY = "fieldguide:practised"
CARDS_KEY = "fieldguide:cards"
STORAGE_PREFIX = "fieldguide:"


def progress_data(catalog: Catalog, cards: list[Card]) -> dict[str, object]:
    """Steps, cases (checklist keys per step, deck key and card count) and the glossary's deck."""
    counts: dict[str, int] = {}
    for card in cards:
        counts[deck_key(card)] = counts.get(deck_key(card), 0) + 1
    cases = []
    for entry in catalog.cases:
        cases.append(
            {
                "slug": entry.slug,
                "title": entry.case.title,
                "url": f"cases/{entry.slug}/",
                "checklist": {  # item counts: progress.js counts ticks by step prefix
                    lst.step_id: len(lst.items) for lst in case_lists(catalog.framework, entry.case)
                },
                "deck": case_deck_key(entry.slug),
                "cards": counts.get(case_deck_key(entry.slug), 0),
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
        # the glossary's deck files, and the one file it was before (entries the flashcards page
        # has not yet moved still name it)
        "glossary": {
            "decks": [*glossary_deck_keys(), *MOVED],
            "cards": sum(counts.get(key, 0) for key in glossary_deck_keys()),
        },
    }
