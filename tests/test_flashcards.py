"""Flashcards: cards from the catalog, stable ids, the Anki package, CSV, JSON, the review page."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import zipfile
from dataclasses import asdict, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fieldguide.load.catalog import CaseEntry, Catalog, load_catalog
from fieldguide.study.cards_pages import (
    CARDS_SCRIPT,
    PROGRESS_SCRIPT,
    TOOLS,
    cards_files,
    cards_pages,
    deck_file,
    deck_script,
)
from fieldguide.study.flashcards import (
    CSV_COLUMNS,
    FOLLOW_UP,
    FORMULA,
    GLOSSARY,
    GLOSSARY_PARTS,
    METRIC,
    MOVED,
    Card,
    apkg_bytes,
    build_cards,
    card_id,
    cards_data,
    cards_index,
    csv_text,
    deck_key,
    decks,
    glossary_deck_keys,
    json_text,
    normalise,
)
from fieldguide.study.progress import progress_data

from .conftest import ROOT


@pytest.fixture(scope="module")
def cards(catalog: Catalog) -> list[Card]:
    return build_cards(catalog)


def test_one_card_per_item_of_the_data(catalog: Catalog, cards: list[Card]) -> None:
    assert catalog.glossary is not None
    expected = {
        GLOSSARY: len(catalog.glossary.terms),
        FOLLOW_UP: sum(len(e.case.interview.follow_ups) for e in catalog.cases),
        METRIC: sum(
            len(e.case.evaluation.offline)
            + len(e.case.evaluation.online)
            + len(e.case.evaluation.guardrails)
            for e in catalog.cases
        ),
        FORMULA: sum(len(e.case.clarify.scale.estimates) for e in catalog.cases),
    }
    found = {kind: sum(1 for c in cards if c.kind == kind) for kind in expected}
    assert found == expected
    assert len({c.id for c in cards}) == len(cards) == sum(expected.values())


def test_cards_carry_the_data_text(catalog: Catalog, cards: list[Card]) -> None:
    entry = catalog.by_slug("video-recommendation")
    follow_up = entry.case.interview.follow_ups[0]
    card = next(
        c for c in cards if c.id == card_id(FOLLOW_UP, entry.slug, normalise(follow_up.question))
    )
    assert card.front.endswith(follow_up.question) and card.back == follow_up.answer
    estimate = entry.estimates[1]
    formula = next(c for c in cards if c.id == card_id(FORMULA, entry.slug, estimate.name))
    assert estimate.label in formula.front
    assert f"{estimate.name} = {estimate.formula}" in formula.back
    assert f"Result: {estimate.name} = {estimate.shown}" in formula.back
    for operand in estimate.operands:  # every named input with its value
        assert f"{operand.name} = {operand.shown}" in formula.back
    metric = entry.case.evaluation.guardrails[0]
    card = next(
        c for c in cards if c.kind == METRIC and c.deck == entry.slug and metric.metric in c.front
    )
    assert "guardrail" in card.front and card.back == metric.why


def _reordered(entry: CaseEntry) -> CaseEntry:
    """The same case with every list the cards come from in reverse order."""
    case = entry.case
    interview = case.interview.model_copy(update={"follow_ups": case.interview.follow_ups[::-1]})
    evaluation = case.evaluation.model_copy(
        update={
            "offline": case.evaluation.offline[::-1],
            "online": case.evaluation.online[::-1],
            "guardrails": case.evaluation.guardrails[::-1],
        }
    )
    case = case.model_copy(update={"interview": interview, "evaluation": evaluation})
    return replace(entry, case=case, estimates=entry.estimates[::-1])


def test_ids_are_stable_across_builds_and_reordering(catalog: Catalog, cards: list[Card]) -> None:
    assert [c.id for c in build_cards(catalog)] == [c.id for c in cards]
    assert catalog.glossary is not None
    glossary = catalog.glossary.model_copy(update={"terms": catalog.glossary.terms[::-1]})
    shuffled = replace(
        catalog, cases=[_reordered(e) for e in catalog.cases[::-1]], glossary=glossary
    )
    again = {c.id: c for c in build_cards(shuffled)}
    assert again == {c.id: c for c in cards}  # same ids, each with the same card


def test_ids_ignore_case_spacing_and_punctuation_but_not_words() -> None:
    assert normalise("  What is  P99 latency?") == normalise("what is p99 latency")
    assert card_id(FOLLOW_UP, "a", normalise("Why?  Now.")) == card_id(FOLLOW_UP, "a", "why now")
    assert card_id(FOLLOW_UP, "a", "why now") != card_id(FOLLOW_UP, "b", "why now")
    assert card_id(FOLLOW_UP, "a", "why now") != card_id(METRIC, "a", "why now")
    assert card_id(FOLLOW_UP, "a", "why now") != card_id(FOLLOW_UP, "a", "why later")


def test_csv_round_trips_through_the_csv_module(cards: list[Card]) -> None:
    text = csv_text(cards)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert rows == [{k: str(v) for k, v in asdict(c).items()} for c in cards]
    assert any("\n" in c.back for c in cards) and any('"' in c.front + c.back for c in cards)


def test_json_holds_every_card_and_the_filters(cards: list[Card]) -> None:
    data = json.loads(json_text(cards_data(cards)))
    assert [c["id"] for c in data["cards"]] == [c.id for c in cards]
    assert data["cards"] == [asdict(c) for c in cards]  # every field, as the dataclass holds it
    values = [f["value"] for f in data["filters"]]
    assert values[:2] == ["all", f"kind:{GLOSSARY}"] and "case:video-recommendation" in values


def _open_apkg(data: bytes, tmp_path: Path) -> list[tuple[str, str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"]
        assert json.loads(archive.read("media")) == {}
        path = tmp_path / "collection.anki2"
        path.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        notes = connection.execute("SELECT guid, flds, tags FROM notes ORDER BY id").fetchall()
        card_count = connection.execute("SELECT count(*) FROM cards").fetchone()[0]
    finally:
        connection.close()
    assert card_count == len(notes)
    return notes


def test_apkg_is_an_anki_collection_with_stable_guids(
    cards: list[Card], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    first = apkg_bytes(cards)
    assert apkg_bytes(cards) == first  # byte-reproducible for one epoch
    notes = _open_apkg(first, tmp_path)
    assert len(notes) == len(cards)
    assert [n[0] for n in notes] == [c.id for c in cards]
    later = _open_apkg(apkg_bytes(cards[::-1], epoch=1764547200 + 86400), tmp_path)
    assert sorted(n[0] for n in later) == sorted(c.id for c in cards)
    fields = dict((n[0], n[1]) for n in notes)
    follow_up = next(c for c in cards if c.kind == FOLLOW_UP)
    assert fields[follow_up.id].split("\x1f")[2] == follow_up.deck_title


def test_anki_fields_escape_text(tmp_path: Path) -> None:
    nasty = Card("x1", GLOSSARY, GLOSSARY, "Glossary", "<script>x()</script>", "a & b\n\nc", "")
    (note,) = _open_apkg(apkg_bytes([nasty], epoch=1764547200), tmp_path)
    front, back = note[1].split("\x1f")[:2]
    assert front == "&lt;script&gt;x()&lt;/script&gt;"
    assert back == "a &amp; b<br><br>c"


def _payload(script: str, variable: str) -> object:
    """The data a generated script assigns (``window.<variable> = ...`` or a part of it)."""
    match = re.search(
        rf"window\.{variable}(?: = window\.{variable} \|\| \{{\}}\)\[[^\]]+\])? = ", script
    )
    assert match, f"{variable} not set in {script[:120]!r}"
    return json.loads(script[match.end() :].split(";\n", 1)[0])


def test_pages_and_files_for_the_site(catalog: Catalog) -> None:
    pages = {p.path: p.content for p in cards_pages(catalog)}
    page = pages["study/flashcards.md"]
    assert (
        f"  - {CARDS_SCRIPT}\n" in page and "  - assets/javascripts/tools/flashcards.js\n" in page
    )
    # the page links the index, and preloads the deck a first visit starts with (the first)
    first = "assets/javascripts/tools/cards/glossary-1.js"
    assert re.findall(r"\S*tools/cards/\S*", page) == [first]
    assert (ROOT / "docs" / "assets" / "javascripts" / "tools" / "flashcards.js").is_file()
    files = {f.path: f.content for f in cards_files(catalog)}
    assert isinstance(files["flashcards/field-guide.apkg"], bytes)
    script = files[CARDS_SCRIPT]
    assert isinstance(script, str) and script.startswith("/*")
    index = _payload(script, "fieldguideCards")
    assert isinstance(index, dict)
    assert index["filters"] == cards_data(build_cards(catalog))["filters"]
    assert "cards" not in index  # no card text in the index


def test_every_deck_file_is_generated_and_named_by_the_index(
    catalog: Catalog, cards: list[Card]
) -> None:
    files = {f.path: f.content for f in cards_files(catalog)}
    index = _payload(str(files[CARDS_SCRIPT]), "fieldguideCards")
    assert isinstance(index, dict)
    listed = [deck["file"] for deck in index["decks"]]
    on_disk = sorted(p.removeprefix(f"{TOOLS}/") for p in files if p.startswith(f"{TOOLS}/cards/"))
    assert sorted(listed) == on_disk  # every deck file is in the index, and nothing else
    parts = [f"cards/glossary-{n}.js" for n in range(1, GLOSSARY_PARTS + 1)]
    assert listed == parts + [f"cards/case-{e.slug}.js" for e in catalog.cases]
    position = {c.id: n for n, c in enumerate(cards)}
    held: list[dict[str, object]] = []
    for deck in index["decks"]:
        text = files[deck_script(deck["key"])]
        assert isinstance(text, str) and deck_file(deck["key"]) == deck["file"]
        part = _payload(text, "fieldguideCardDecks")
        assert isinstance(part, dict)
        kinds: dict[str, int] = {}
        for c in part["cards"]:
            kinds[c["kind"]] = kinds.get(c["kind"], 0) + 1
        assert deck["counts"] == kinds  # the index counts each deck's cards of each kind
        assert {c["deck"] for c in part["cards"]} == {deck["deck"]}
        order = [position[c["id"]] for c in part["cards"]]
        assert order == sorted(order), deck["key"]  # each deck in card order (alphabetical...)
        held.extend(part["cards"])
    # the decks together: every card, once
    assert sorted(held, key=lambda c: position[str(c["id"])]) == [asdict(c) for c in cards]
    assert all(
        f"window.fieldguideCardDecks || {{}})[{json.dumps(d['key'])}]"
        in str(files[deck_script(d["key"])])
        for d in index["decks"]
    )


def test_a_glossary_card_keeps_its_deck_file_when_terms_come_and_go(cards: list[Card]) -> None:
    """The review state names each card's deck file: a card that moved to another file would
    count as removed. So the glossary's part is a function of the card's id alone, and the parts
    stay balanced."""
    glossary = [c for c in cards if c.kind == GLOSSARY]
    changed = [c for n, c in enumerate(glossary) if n % 3] + [
        replace(glossary[0], id=card_id(GLOSSARY, GLOSSARY, f"new term {n}"), front=f"T{n}")
        for n in range(60)
    ]
    before = {c.id: key for key, members in decks(glossary).items() for c in members}
    after = {c.id: key for key, members in decks(changed).items() for c in members}
    assert all(after[i] == before[i] for i in after.keys() & before.keys())
    assert set(before.values()) == set(glossary_deck_keys())
    assert len(glossary_deck_keys()) == GLOSSARY_PARTS
    sizes = [len(members) for members in decks(glossary).values()]
    assert max(sizes) <= 2 * len(glossary) / GLOSSARY_PARTS, sizes  # no part holds a quarter


def test_the_index_says_where_the_glossary_deck_went(catalog: Catalog, cards: list[Card]) -> None:
    """flashcards.js moves a stored entry of the old single glossary file ("glossary") to the
    file the index's "moved" names for the first character of its id: that must be the file the
    build put the card in, for every card and every character an id can start with."""
    index = cards_index(cards, deck_file)
    moved = index["moved"]
    assert isinstance(moved, dict) and set(moved) == {GLOSSARY} and moved == MOVED
    files = {str(deck["key"]) for deck in index["decks"]}  # type: ignore[attr-defined]
    assert (
        set(moved[GLOSSARY]) == set("0123456789abcdef") and set(moved[GLOSSARY].values()) <= files
    )
    glossary = [c for c in cards if c.kind == GLOSSARY]
    assert glossary and all(moved[GLOSSARY][c.id[0]] == deck_key(c) for c in glossary)
    assert GLOSSARY not in files  # the old file is gone, so entries naming it must move


def test_no_card_id_in_the_index_or_the_progress_data(catalog: Catalog, cards: list[Card]) -> None:
    """Issue 13: the two scripts every visit of the pages loads name decks and counts, never a
    card, so they do not grow with the cards (ids are hashes and barely compress)."""
    files = {f.path: str(f.content) for f in cards_files(catalog)}
    for path in (CARDS_SCRIPT, PROGRESS_SCRIPT):
        assert [c.id for c in cards if c.id in files[path]] == [], path
    glossary = "".join(files[deck_script(key)] for key in glossary_deck_keys())
    assert sum(c.id in glossary for c in cards) == sum(
        c.kind == GLOSSARY for c in cards
    )  # the deck files do hold the ids


def test_index_and_progress_data_do_not_grow_with_the_cards(
    catalog: Catalog, cards: list[Card]
) -> None:
    """Ten times the cards in every deck: the same index and progress data but for the counts."""
    many = [replace(c, id=f"{c.id}{n}") for c in cards for n in range(10)]
    for build in (
        lambda cs: cards_index(cs, deck_file),
        lambda cs: progress_data(catalog, cs),
    ):
        small, large = json.dumps(build(cards)), json.dumps(build(many))
        numbers = re.compile(r"\d+")
        assert numbers.sub("0", small) == numbers.sub("0", large)  # only counts differ
        assert len(large) - len(small) <= len(numbers.findall(small))  # one digit more each


# --- in the browser ----------------------------------------------------------------------------

from playwright.sync_api import Browser, Page  # noqa: E402

from .support.browser import Site, Watch, axe_violations, instant_navigate  # noqa: E402

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
STATE = "() => JSON.parse(localStorage.getItem('fieldguide:cards') || 'null')"


def _due(tab: Page) -> int:
    return int(tab.locator("[data-fg-flashcards]").get_attribute("data-due") or "-1")


def choose(tab: Page, value: str) -> None:
    """Pick a deck and wait for its first card (its deck file may have to load first)."""
    tab.select_option("#fg-cards-filter", value)
    tab.locator(".fg-cards__card[data-card]").wait_for()


def data_scripts(watch: Watch) -> list[str]:
    """The flashcards data scripts the page requested, as paths under the tools folder."""
    tools = "/assets/javascripts/tools/"
    return [
        u.split(tools, 1)[1]
        for u in watch.requests
        if tools in u and (u.endswith("flashcards-data.js") or f"{tools}cards/" in u)
    ]


@pytest.mark.browser
def test_reviewing_a_card_schedules_it(site: Site, page: Page, watch: Watch) -> None:
    page.clock.set_fixed_time(NOW)
    page.goto(site.url("study/flashcards/"))
    page.locator(".fg-cards__card").wait_for()
    page.select_option("#fg-cards-filter", "kind:glossary")
    due = _due(page)
    assert due > 100
    assert f"{due} cards due now ({due} new)" in page.locator(".fg-cards__status").inner_text()
    card = page.locator(".fg-cards__card").get_attribute("data-card")
    assert page.locator(".fg-cards__back").is_hidden()
    page.locator(".fg-cards__front").focus()
    page.keyboard.press("Space")
    assert page.locator(".fg-cards__back").is_visible()
    page.keyboard.press("3")  # good: box 1, due in a day
    state = page.evaluate(STATE)
    assert state["cards"][card]["box"] == 1
    assert state["cards"][card]["due"] == int((NOW + timedelta(days=1)).timestamp() * 1000)
    assert _due(page) == due - 1
    assert page.locator(".fg-cards__card").get_attribute("data-card") != card
    page.keyboard.press("Space")
    page.keyboard.press("1")  # again: back in ten minutes
    page.reload()
    page.locator(".fg-cards__card").wait_for()
    assert page.locator("#fg-cards-filter").input_value() == "kind:glossary"  # remembered
    assert _due(page) == due - 2
    page.clock.set_fixed_time(NOW + timedelta(minutes=11))
    page.reload()
    page.locator(".fg-cards__card").wait_for()
    assert _due(page) == due - 1  # the card graded "again" is due again
    page.clock.set_fixed_time(NOW + timedelta(days=1, minutes=1))
    page.reload()
    page.locator(".fg-cards__card").wait_for()
    assert _due(page) == due  # and the one graded "good" a day later
    assert watch.errors == []


def _due_under(tab: Page, value: str) -> tuple[int, str]:
    """The cards due under a filter (counted before any deck loads) and the status line."""
    tab.select_option("#fg-cards-filter", value)
    return _due(tab), tab.locator(".fg-cards__status").inner_text()


@pytest.mark.browser
def test_due_counts_per_filter_after_reviews_in_two_decks(
    site: Site, page: Page, watch: Watch, cards: list[Card]
) -> None:
    """Counts come from the index's per-deck counts and the state's deck and kind per review."""
    page.clock.set_fixed_time(NOW)
    page.goto(site.url("study/flashcards/"))
    page.locator(".fg-cards__card[data-card]").wait_for()
    total = {f["value"]: f["count"] for f in page.evaluate("window.fieldguideCards.filters")}
    choose(page, "kind:glossary")
    term = page.locator(".fg-cards__card").get_attribute("data-card")
    page.get_by_role("button", name="Show answer").click()
    page.get_by_role("button", name="3 Good").click()  # due in a day
    choose(page, "case:news-feed")
    question = page.locator(".fg-cards__card").get_attribute("data-card")
    page.get_by_role("button", name="Show answer").click()
    page.get_by_role("button", name="1 Again").click()  # due in ten minutes
    state = page.evaluate(STATE)["cards"]
    reviewed = next(c for c in cards if c.id == term)
    assert (state[term]["deck"], state[term]["kind"]) == (deck_key(reviewed), GLOSSARY)
    assert state[question]["deck"] == "case-news-feed"
    kind = f"kind:{state[question]['kind']}"
    other = next(k for k in ("kind:metric", "kind:formula") if k != kind)
    expected_now = {
        "all": total["all"] - 2,
        "kind:glossary": total["kind:glossary"] - 1,
        "case:news-feed": total["case:news-feed"] - 1,
        kind: total[kind] - 1,
        other: total[other],
        "case:video-recommendation": total["case:video-recommendation"],
    }
    for value, due in expected_now.items():
        assert _due_under(page, value)[0] == due, value
    page.clock.set_fixed_time(NOW + timedelta(minutes=11))  # the "again" card is due again
    page.reload()
    page.locator(".fg-cards__card[data-card]").wait_for()
    later = dict(
        expected_now, **{"all": total["all"] - 1, "case:news-feed": total["case:news-feed"]}
    )
    later[kind] = total[kind]
    for value, due in later.items():
        count, status = _due_under(page, value)
        assert count == due, value
    count, status = _due_under(page, "case:news-feed")
    new = total["case:news-feed"] - 1
    assert status.startswith(f"{count} cards due now ({new} new), 0 scheduled later")
    page.locator(f'.fg-cards__card[data-card="{question}"]').wait_for()  # the due card first
    count, status = _due_under(page, "kind:glossary")
    assert "1 scheduled later" in status
    assert watch.errors == []


@pytest.mark.browser
def test_deck_filter_and_grade_buttons(site: Site, page: Page, watch: Watch) -> None:
    page.goto(site.url("study/flashcards/"))
    page.locator(".fg-cards__card").wait_for()
    choose(page, "case:video-recommendation")
    assert page.locator(".fg-cards__meta").inner_text().startswith("Video recommendation")
    page.get_by_role("button", name="Show answer").click()
    link = page.locator(".fg-cards__source a")
    assert link.get_attribute("href") == site.url("cases/video-recommendation/")
    page.get_by_role("button", name="4 Easy").click()
    state = page.evaluate(STATE)
    assert [entry["box"] for entry in state["cards"].values()] == [2]
    assert page.locator("a[href$='flashcards/field-guide.apkg']").count() == 1
    assert watch.errors == []


@pytest.mark.browser
def test_a_first_visit_loads_the_index_and_one_deck(site: Site, page: Page, watch: Watch) -> None:
    """Issue 13: the page loads the index; "All cards" (the default) starts with the glossary's
    new cards, so only the glossary deck loads; a case deck loads when it is chosen."""
    page.goto(site.url("study/flashcards/"))
    page.locator(".fg-cards__card[data-card]").wait_for()
    assert page.locator("#fg-cards-filter").input_value() == "all"
    # the glossary deck is also the card's kind: named once, then the card's state
    assert page.locator(".fg-cards__meta").inner_text().split(" · ") == ["Glossary", "new"]
    # the deck a first visit starts with is preloaded with the page, before the tool runs
    assert data_scripts(watch) == ["cards/glossary-1.js", "flashcards-data.js"]
    title = load_catalog(ROOT).by_slug("news-feed").case.title
    choose(page, "case:news-feed")
    assert page.locator(".fg-cards__meta").inner_text().startswith(title)
    page.get_by_role("button", name="Show answer").click()
    page.get_by_role("button", name="3 Good").click()
    assert page.locator(".fg-cards__meta").inner_text().startswith(title)
    choose(page, "kind:glossary")  # loaded already: not requested again
    assert data_scripts(watch) == [
        "cards/glossary-1.js",
        "flashcards-data.js",
        "cards/case-news-feed.js",
    ]
    assert len(page.evaluate(STATE)["cards"]) == 1
    assert watch.errors == []


@pytest.mark.browser
def test_reviews_stored_before_the_glossary_was_split_are_kept(
    site: Site, page: Page, watch: Watch, cards: list[Card]
) -> None:
    """Entries naming the old single glossary file ("glossary") move to the part that now holds
    their card when the page opens: still counted, due when they were, never shown as new."""
    glossary = [c for c in cards if c.kind == GLOSSARY]
    first = decks(glossary)["glossary-1"]
    due, later = first[0], next(c for c in glossary if deck_key(c) != "glossary-1")
    day = int(NOW.timestamp() * 1000) + 24 * 3600 * 1000
    page.clock.set_fixed_time(NOW)
    page.goto(site.url("study/flashcards/"))
    page.evaluate(
        "([due, later, day]) => { localStorage.setItem('fieldguide:cards-filter', 'kind:glossary');"
        "localStorage.setItem('fieldguide:cards', JSON.stringify({version: 1, cards: {"
        "[due]: {box: 1, due: 0, reviews: 1, last: 0, deck: 'glossary', kind: 'glossary'},"
        "[later]: {box: 3, due: day, reviews: 3, last: 0, deck: 'glossary', kind: 'glossary'}"
        "}})); }",
        [due.id, later.id, day],
    )
    page.reload()
    page.locator(f'.fg-cards__card[data-card="{due.id}"]').wait_for()  # the due card, not a new one
    assert page.locator(".fg-cards__meta").inner_text().split(" · ") == ["Glossary", "box 1"]
    status = page.locator(".fg-cards__status").inner_text()
    assert status.startswith(f"{len(glossary) - 1} cards due now ({len(glossary) - 2} new), 1 ")
    state = page.evaluate(STATE)["cards"]
    assert {i: state[i]["deck"] for i in (due.id, later.id)} == {
        due.id: "glossary-1",
        later.id: deck_key(later),
    }
    assert state[later.id]["due"] == day and state[due.id]["box"] == 1
    assert watch.errors == []


@pytest.mark.browser
def test_a_deck_that_fails_to_load_is_named(site: Site, page: Page, watch: Watch) -> None:
    page.route("**/tools/cards/case-news-feed.js", lambda route: route.abort())
    page.goto(site.url("study/flashcards/"))
    page.locator(".fg-cards__card[data-card]").wait_for()
    page.select_option("#fg-cards-filter", "case:news-feed")
    empty = page.locator(".fg-cards__empty")
    empty.filter(has_text="Could not load").wait_for()
    title = load_catalog(ROOT).by_slug("news-feed").case.title
    assert title in empty.inner_text() and "cards/case-news-feed.js" in empty.inner_text()
    assert page.locator(".fg-cards__card").is_hidden()
    page.unroute("**/tools/cards/case-news-feed.js")
    page.select_option("#fg-cards-filter", "kind:glossary")
    choose(page, "case:news-feed")  # choosing the deck again tries again
    assert page.locator(".fg-cards__meta").inner_text().startswith(title)


@pytest.mark.browser
def test_instant_navigation_mounts_the_review_once(site: Site, page: Page, watch: Watch) -> None:
    page.goto(site.url("study/progress/"))
    page.evaluate("window.__fgMarker = 'instant'")
    link = page.locator("article a[href$='/flashcards/']")  # the link in the page's text
    instant_navigate(page, link.click, "/study/flashcards/")
    page.locator(".fg-cards__card").wait_for()
    assert page.evaluate("window.__fgMarker") == "instant"
    assert page.locator(".fg-cards__card").count() == 1
    page.locator(".fg-cards__front").focus()
    page.keyboard.press("Space")
    page.keyboard.press("3")
    assert len(page.evaluate(STATE)["cards"]) == 1  # one handler, one review
    assert watch.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_flashcards_page_passes_axe(site: Site, browser: Browser, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    page = context.new_page()
    page.goto(site.url("study/flashcards/"))
    page.locator(".fg-cards__card").wait_for()
    page.get_by_role("button", name="Show answer").click()  # the answer and grade buttons too
    assert axe_violations(page) == []
    context.close()
