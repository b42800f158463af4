"""Flashcards generated from the catalog, and writers for Anki (.apkg), CSV and JSON.

Four kinds of card, each from data the site already shows (no second copy of any text):

``glossary``   a term of ``data/glossary.yaml`` -> its expansion and definition;
``follow-up``  a case's interview follow-up question -> its model answer;
``metric``     "which metric when": a metric of a case's evaluation (offline, online or
               guardrail) -> why that case uses it (the ``why`` the case file gives);
``formula``    "how do you estimate X?" -> the formula, its named inputs and the computed result.

Every card has a stable id, derived from what the card *is* (kind, deck and an explicit id or a
normalised question), never from its position: reordering a case file or the glossary keeps the
ids, so re-importing the Anki deck updates notes instead of duplicating them, and review state kept
in the browser stays attached to the right card. The id is the Anki note GUID too.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import itertools
import json
import os
import re
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, fields
from operator import attrgetter
from pathlib import Path

import genanki  # type: ignore[import-untyped]

from fieldguide.load.catalog import CaseEntry, Catalog
from fieldguide.load.glossary import Glossary

GLOSSARY = "glossary"
FOLLOW_UP = "follow-up"
METRIC = "metric"
FORMULA = "formula"
KINDS: dict[str, str] = {
    GLOSSARY: "Glossary",
    FOLLOW_UP: "Follow-up questions",
    METRIC: "Which metric when",
    FORMULA: "Estimate formulas",
}
METRIC_SECTIONS = {
    "offline": "offline metric",
    "online": "online metric",
    "guardrails": "guardrail",
}

# Fixed Anki ids: changing either makes Anki treat the deck or the note type as new.
MODEL_ID = 1_607_392_319
DECK_ID = 2_059_400_110
DECK_NAME = "ML System Design Field Guide"
MODEL_NAME = "ML System Design Field Guide card"
DEFAULT_EPOCH = 1_767_225_600  # 2026-01-01T00:00:00Z, when SOURCE_DATE_EPOCH is not set
ZIP_EPOCH_MIN = 315_532_800  # 1980-01-01: the earliest time a zip entry can hold

SITE_FOLDER = "flashcards"
APKG_PATH = f"{SITE_FOLDER}/field-guide.apkg"
CSV_PATH = f"{SITE_FOLDER}/field-guide.csv"
JSON_PATH = f"{SITE_FOLDER}/field-guide.json"
CSV_COLUMNS = ("id", "kind", "deck", "deck_title", "front", "back", "url")


@dataclass(frozen=True)
class Card:
    """One flashcard. ``front`` and ``back`` are plain text (paragraphs split by a blank line)."""

    id: str
    kind: str
    deck: str  # "glossary" or the case slug
    deck_title: str
    front: str
    back: str
    url: str  # site-relative page the card comes from, e.g. cases/<slug>/


NOT_WORD = re.compile(r"[^\w]+")


def normalise(text: str) -> str:
    """Text reduced to what identifies it: lower case words, no punctuation or spacing noise."""
    return " ".join(NOT_WORD.sub(" ", text.casefold()).split())


def card_id(kind: str, deck: str, key: str) -> str:
    """The stable id (and Anki GUID) of a card: a hash of its identity, not of its position."""
    identity = f"{kind}\x1f{deck}\x1f{key}"
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:20]


def glossary_cards(glossary: Glossary | None) -> list[Card]:
    if glossary is None:
        return []
    cards = []
    for term in glossary.sorted_terms():
        back = f"{term.expansion}\n\n{term.definition}" if term.expansion else term.definition
        cards.append(
            Card(
                card_id(GLOSSARY, GLOSSARY, normalise(term.spoken)),
                GLOSSARY,
                GLOSSARY,
                "Glossary",
                term.term,
                back,
                f"glossary/#{term.anchor}",
            )
        )
    return cards


def case_cards(entry: CaseEntry) -> list[Card]:
    """The follow-up, metric and formula cards of one case."""
    case = entry.case
    slug, title, url = entry.slug, case.title, f"cases/{entry.slug}/"
    cards = [
        Card(
            card_id(FOLLOW_UP, slug, normalise(item.question)),
            FOLLOW_UP,
            slug,
            title,
            f"{title}: {item.question}",
            item.answer,
            url,
        )
        for item in case.interview.follow_ups
    ]
    for section, label in METRIC_SECTIONS.items():
        for metric in getattr(case.evaluation, section):
            cards.append(
                Card(
                    card_id(METRIC, slug, f"{section} {normalise(metric.metric)}"),
                    METRIC,
                    slug,
                    title,
                    f"{title}: why use “{metric.metric}” as {label}?",
                    metric.why,
                    url,
                )
            )
    labels = {i.name: i.label for i in case.clarify.scale.inputs}
    labels.update({e.name: e.label for e in case.clarify.scale.estimates})
    for estimate in entry.estimates:
        where = "\n".join(f"{op.name} = {op.shown}: {labels[op.name]}" for op in estimate.operands)
        parts = [f"{estimate.name} = {estimate.formula}"]
        if where:
            parts.append(f"where\n{where}")
        parts.append(f"Result: {estimate.name} = {estimate.shown}")
        if estimate.note:
            parts.append(estimate.note)
        cards.append(
            Card(
                card_id(FORMULA, slug, estimate.name),  # the estimate's name is its explicit id
                FORMULA,
                slug,
                title,
                f"{title}: how do you estimate “{estimate.label}”?",
                "\n\n".join(parts),
                url,
            )
        )
    return cards


def build_cards(catalog: Catalog) -> list[Card]:
    """Every card of the site: the glossary first, then each case in the catalog's order."""
    cards = glossary_cards(catalog.glossary)
    for entry in catalog.cases:
        cards.extend(case_cards(entry))
    seen: dict[str, Card] = {}
    for card in cards:
        if card.id in seen:  # two identical questions in one deck: one card, not two
            continue
        seen[card.id] = card
    return list(seen.values())


# --- writers -----------------------------------------------------------------------------------


def build_epoch() -> int:
    """The pinned build time (``SOURCE_DATE_EPOCH``, set by the hook from the commit)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(value) if value.isdigit() else DEFAULT_EPOCH


PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _html(text: str) -> str:
    """Plain text as Anki field HTML: escaped, paragraphs and line breaks kept."""
    if "\n" not in text:  # one line (most card fronts): nothing to split or break
        return html.escape(text.strip(), quote=False)
    paragraphs = [p.strip() for p in PARAGRAPH_BREAK.split(text.strip()) if p.strip()]
    return "<br><br>".join(html.escape(p, quote=False).replace("\n", "<br>") for p in paragraphs)


MODEL = genanki.Model(
    MODEL_ID,
    MODEL_NAME,
    fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Deck"}, {"name": "Kind"}],
    templates=[
        {
            "name": "Card 1",
            "qfmt": '<div class="fg-deck">{{Deck}} · {{Kind}}</div>\n<div>{{Front}}</div>',
            "afmt": '{{FrontSide}}\n<hr id="answer">\n<div>{{Back}}</div>',
        }
    ],
    css=(
        ".card { font-family: system-ui, sans-serif; font-size: 18px; text-align: left; "
        "line-height: 1.45; }\n.fg-deck { font-size: 13px; opacity: 0.7; margin-bottom: 0.6em; }"
    ),
    sort_field_index=0,
)


def _tags(card: Card) -> list[str]:
    deck = "glossary" if card.kind == GLOSSARY else f"case::{card.deck}"
    return [f"fieldguide::{deck}", f"fieldguide::{card.kind}"]


def apkg_bytes(cards: list[Card], epoch: int | None = None) -> bytes:
    """The Anki package: byte-identical for the same cards and epoch (no clock, no temp names)."""
    epoch = build_epoch() if epoch is None else epoch
    deck = genanki.Deck(
        DECK_ID,
        DECK_NAME,
        description="Generated from the ML System Design Field Guide. Re-import to update.",
    )
    for card in cards:
        deck.add_note(
            genanki.Note(
                model=MODEL,
                fields=[
                    _html(card.front),
                    _html(card.back),
                    html.escape(card.deck_title),
                    KINDS[card.kind],
                ],
                guid=card.id,
                tags=_tags(card),
            )
        )
    package = genanki.Package(deck)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(path)
        try:
            # A throwaway file read back at once: no rollback journal on disk and no fsync
            # (a third less CPU, issue 13). Neither changes the bytes of the database file.
            connection.execute("PRAGMA journal_mode=MEMORY")
            connection.execute("PRAGMA synchronous=OFF")
            package.write_to_db(connection.cursor(), epoch, itertools.count(epoch * 1000))
            connection.commit()
        finally:
            connection.close()
        database = path.read_bytes()
    stamp = time.gmtime(max(epoch, ZIP_EPOCH_MIN))[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in (("collection.anki2", database), ("media", b"{}")):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()


def csv_text(cards: list[Card]) -> str:
    """The cards as CSV: UTF-8, a header row, every field quoted where it needs to be."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(map(attrgetter(*CSV_COLUMNS), cards))
    return out.getvalue()


def filters(cards: list[Card]) -> list[dict[str, object]]:
    """The deck filters of the review page: all, each kind, each case (in catalog order)."""
    found = [{"value": "all", "label": "All cards", "count": len(cards)}]
    for kind, label in KINDS.items():
        count = sum(1 for c in cards if c.kind == kind)
        if count:
            found.append({"value": f"kind:{kind}", "label": label, "count": count})
    decks: dict[str, tuple[str, int]] = {}
    for card in cards:
        if card.kind != GLOSSARY:
            title, count = decks.get(card.deck, (card.deck_title, 0))
            decks[card.deck] = (title, count + 1)
    for slug, (title, count) in decks.items():
        found.append({"value": f"case:{slug}", "label": f"Case: {title}", "count": count})
    return found


CARD_FIELDS = tuple(f.name for f in fields(Card))


def _plain(card: Card) -> dict[str, str]:
    """A card as a dict (its fields are all text: no deep copy needed, unlike ``asdict``)."""
    return {name: getattr(card, name) for name in CARD_FIELDS}


def cards_data(cards: list[Card]) -> dict[str, object]:
    """What the review page and the JSON download hold."""
    return {
        "version": 1,
        "kinds": KINDS,
        "filters": filters(cards),
        "cards": [_plain(card) for card in cards],
    }


# --- for the review page: a small index and one data script per deck ---------------------------


# The glossary is split into deck files by the first character of each card's id (a hash): a
# card's file depends on nothing but its id, so adding or removing a term never moves another
# term's card (the review state names each card's file; a moved card would look removed). The
# flashcards page opens on the first part and preloads it: an eighth of the glossary, where the
# whole deck (25 KB gzip at 177 terms, 0.14 KB a term) would take the page over its budget near
# 45 cases (issue 13). Eight parts stay under 20 KB each up to about a thousand terms.
GLOSSARY_PARTS = 8
HEX_DIGITS = "0123456789abcdef"
GLOSSARY_PART: dict[str, str] = {
    digit: f"{GLOSSARY}-{n * GLOSSARY_PARTS // len(HEX_DIGITS) + 1}"
    for n, digit in enumerate(HEX_DIGITS)
}
# Deck files that no longer exist, and where each of their cards went (by the first character of
# its id): flashcards.js moves the reader's stored entries accordingly (the whole glossary was one
# file, ``glossary``, until 2026-12-05).
MOVED: dict[str, dict[str, str]] = {GLOSSARY: GLOSSARY_PART}


def deck_key(card: Card) -> str:
    """The deck file that holds a card: ``glossary-<n>`` (by the first character of its id), or
    ``case-<slug>`` for a case's cards."""
    if card.kind == GLOSSARY:
        return GLOSSARY_PART.get(card.id[:1], GLOSSARY_PART[HEX_DIGITS[0]])
    return case_deck_key(card.deck)


def glossary_deck_keys() -> list[str]:
    """The glossary's deck files, in order."""
    return list(dict.fromkeys(GLOSSARY_PART.values()))


def case_deck_key(slug: str) -> str:
    """The deck file key of a case's cards (the review state names it in each entry)."""
    return f"case-{slug}"


def decks(cards: list[Card]) -> dict[str, list[Card]]:
    """The cards of each deck file, each in card order: the glossary's parts in order, then the
    cases in catalog order (a part with no card has no file)."""
    found: dict[str, list[Card]] = {key: [] for key in glossary_deck_keys()}
    for card in cards:
        found.setdefault(deck_key(card), []).append(card)
    return {key: members for key, members in found.items() if members}


def cards_index(cards: list[Card], file_of: Callable[[str], str]) -> dict[str, object]:
    """What the review page loads first: the filters and, for each deck file (``file_of(key)``),
    its key, case slug, title and how many cards of each kind it holds. No card ids: the index
    stays the same size however many cards the decks hold (issue 13). The page counts what is due
    from the reader's review state (each entry names its deck and kind) and these counts, and
    loads a deck's file only when it shows one of its cards."""
    index = []
    for key, members in decks(cards).items():
        counts: dict[str, int] = {}
        for card in members:
            counts[card.kind] = counts.get(card.kind, 0) + 1
        index.append(
            {
                "key": key,
                "deck": members[0].deck,
                "title": members[0].deck_title,
                "file": file_of(key),
                "counts": counts,
            }
        )
    return {
        "version": 1,
        "kinds": KINDS,
        "filters": filters(cards),
        "decks": index,
        "moved": MOVED,
    }


def deck_data(members: list[Card]) -> dict[str, object]:
    """One deck file's data: its cards, every field."""
    return {"cards": [_plain(card) for card in members]}


def json_text(data: dict[str, object]) -> str:
    """The JSON download: ``cards_data`` of the cards, indented."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
