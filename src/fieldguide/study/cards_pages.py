"""The flashcards review page, the progress page and the files they use, for the hook to add.

Data for the browser is written as small scripts (``window.fieldguide... = {...}``) rather than
fetched JSON, so the pages also work from the file system (``make offline``), where ``fetch`` of
a local file is refused. The same cards are also offered as JSON, CSV and an Anki package.
"""

from __future__ import annotations

from fieldguide.load.catalog import Catalog
from fieldguide.render.pages import GeneratedPage, environment
from fieldguide.study.flashcards import (
    APKG_PATH,
    CSV_PATH,
    JSON_PATH,
    KINDS,
    apkg_bytes,
    build_cards,
    cards_data,
    csv_text,
    json_text,
)
from fieldguide.study.progress import progress_data
from fieldguide.study.site import GeneratedFile, data_script

FLASHCARDS_PAGE = "study/flashcards.md"
PROGRESS_PAGE = "study/progress.md"
TOOLS = "assets/javascripts/tools"
CARDS_SCRIPT = f"{TOOLS}/flashcards-data.js"
PROGRESS_SCRIPT = f"{TOOLS}/progress-data.js"


def cards_pages(catalog: Catalog) -> list[GeneratedPage]:
    """The flashcards review page and the progress page."""
    source = "src/fieldguide/study/cards_pages.py"
    env = environment()
    cards = build_cards(catalog)
    counts = {label: sum(1 for c in cards if c.kind == kind) for kind, label in KINDS.items()}
    flashcards = env.get_template("study/flashcards.md.j2").render(
        scripts=[CARDS_SCRIPT, f"{TOOLS}/flashcards.js"],
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


def cards_files(catalog: Catalog) -> list[GeneratedFile]:
    """The Anki package, CSV and JSON of the cards, and the data scripts of the two pages."""
    cards = build_cards(catalog)
    data = cards_data(cards)
    return [
        GeneratedFile(APKG_PATH, apkg_bytes(cards)),
        GeneratedFile(CSV_PATH, csv_text(cards)),
        GeneratedFile(JSON_PATH, json_text(data)),
        GeneratedFile(CARDS_SCRIPT, data_script("fieldguideCards", data)),
        GeneratedFile(
            PROGRESS_SCRIPT, data_script("fieldguideProgress", progress_data(catalog, cards))
        ),
    ]
