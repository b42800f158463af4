"""The flashcards review page, the progress page and the files they use, for the hook to add.

Data for the browser is written as small scripts (``window.fieldguide... = {...}``) rather than
fetched JSON, so the pages also work from the file system (``make offline``), where ``fetch`` of
a local file is refused. The review page loads a small index (``CARDS_SCRIPT``: filters, and per
deck its file and card count of each kind, no card ids); each deck's cards are a script of their
own (``deck_script``: the glossary's parts, then one per case), which the page loads when it
first shows one of that deck's cards (issue 13: a first visit under 150 KB). The same cards are
also offered whole as JSON, CSV and an Anki package (downloads, not part of a visit).
"""

from __future__ import annotations

from fieldguide.load.catalog import Catalog
from fieldguide.render.pages import GeneratedPage, environment
from fieldguide.study.flashcards import (
    APKG_PATH,
    CSV_PATH,
    JSON_PATH,
    KINDS,
    Card,
    apkg_bytes,
    build_cards,
    cards_data,
    cards_index,
    csv_text,
    deck_data,
    decks,
    json_text,
)
from fieldguide.study.progress import progress_data
from fieldguide.study.site import GeneratedFile, data_part_script, data_script

FLASHCARDS_PAGE = "study/flashcards.md"
PROGRESS_PAGE = "study/progress.md"
TOOLS = "assets/javascripts/tools"
CARDS_SCRIPT = f"{TOOLS}/flashcards-data.js"
PROGRESS_SCRIPT = f"{TOOLS}/progress-data.js"
DECK_FOLDER = "cards"  # one script per deck, under TOOLS: window.fieldguideCardDecks[key]


def deck_file(key: str) -> str:
    """A deck's data script, relative to the page's script (``flashcards.js``)."""
    return f"{DECK_FOLDER}/{key}.js"


def deck_script(key: str) -> str:
    """A deck's data script, as a site path."""
    return f"{TOOLS}/{deck_file(key)}"


def cards_pages(catalog: Catalog, cards: list[Card] | None = None) -> list[GeneratedPage]:
    """The flashcards review page and the progress page (``cards``: the catalog's cards, when
    already built)."""
    source = "src/fieldguide/study/cards_pages.py"
    env = environment()
    cards = build_cards(catalog) if cards is None else cards
    counts = {label: sum(1 for c in cards if c.kind == kind) for kind, label in KINDS.items()}
    flashcards = env.get_template("study/flashcards.md.j2").render(
        scripts=[CARDS_SCRIPT, f"{TOOLS}/flashcards.js"],
        # a first visit has no review state: the page starts with the new cards of the first deck
        first_deck=next((deck_script(key) for key in decks(cards)), None),
        total=len(cards),
        counts=counts,
        cases=len(catalog.cases),
        apkg="../" + APKG_PATH,
        csv="../" + CSV_PATH,
        json="../" + JSON_PATH,
        progress="progress.md",
    )
    progress = env.get_template("study/progress.md.j2").render(
        scripts=[PROGRESS_SCRIPT, f"{TOOLS}/progress.js"],
        flashcards="flashcards.md",
        steps=catalog.framework.steps,
    )
    return [
        GeneratedPage(FLASHCARDS_PAGE, flashcards, source),
        GeneratedPage(PROGRESS_PAGE, progress, source),
    ]


def cards_files(catalog: Catalog, cards: list[Card] | None = None) -> list[GeneratedFile]:
    """The Anki package, CSV and JSON of the cards, and the data scripts of the two pages: the
    review page's index and one script per deck (``cards``: the catalog's cards, when already
    built)."""
    cards = build_cards(catalog) if cards is None else cards
    return [
        GeneratedFile(APKG_PATH, apkg_bytes(cards)),
        GeneratedFile(CSV_PATH, csv_text(cards)),
        GeneratedFile(JSON_PATH, json_text(cards_data(cards))),
        GeneratedFile(CARDS_SCRIPT, data_script("fieldguideCards", cards_index(cards, deck_file))),
        *(
            GeneratedFile(
                deck_script(key), data_part_script("fieldguideCardDecks", key, deck_data(members))
            )
            for key, members in decks(cards).items()
        ),
        GeneratedFile(
            PROGRESS_SCRIPT, data_script("fieldguideProgress", progress_data(catalog, cards))
        ),
    ]
