"""The progress page: build-time data, and in the browser coverage, export, reset and import."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from fieldguide.load.catalog import Catalog
from fieldguide.render.checklists import case_lists
from fieldguide.study.flashcards import build_cards
from fieldguide.study.progress import CARDS_KEY, CHECKLIST_PREFIX, PRACTISED_KEY, progress_data

from .conftest import ROOT

JS = ROOT / "docs" / "assets" / "javascripts"


def test_storage_keys_match_the_scripts_that_write_them() -> None:
    assert f'"{CHECKLIST_PREFIX}"' in (JS / "checklist.js").read_text(encoding="utf-8")
    assert f'"{CARDS_KEY}"' in (JS / "tools" / "flashcards.js").read_text(encoding="utf-8")
    assert PRACTISED_KEY == "fieldguide:practised"


def test_progress_data_lists_every_case_item_and_card(catalog: Catalog) -> None:
    cards = build_cards(catalog)
    data = progress_data(catalog, cards)
    assert [s["id"] for s in data["steps"]] == [s.id for s in catalog.framework.steps]  # type: ignore[index]
    cases = data["cases"]
    assert isinstance(cases, list)
    assert [c["slug"] for c in cases] == [e.slug for e in catalog.cases]
    for entry, found in zip(catalog.cases, cases, strict=True):
        lists = case_lists(catalog.framework, entry.case)
        assert found["checklist"] == {s.step_id: len(s.items) for s in lists}  # counts, not keys
        # progress.js counts a step's ticks by key prefix: every key must carry its step's
        assert all(i.key.startswith(f"{s.step_id}.") for s in lists for i in s.items)
        assert found["deck"] == f"case-{entry.slug}"  # the deck key flashcards.js stores
        assert found["cards"] == sum(c.deck == entry.slug for c in cards)  # a count, not ids
    glossary = sum(c.kind == "glossary" for c in cards)
    # the keys flashcards.js stores for glossary cards: its eight parts, and the single file the
    # glossary was before (entries keep naming it until the flashcards page moves them)
    parts = [f"glossary-{n}" for n in range(1, 9)]
    assert data["glossary"] == {"decks": [*parts, "glossary"], "cards": glossary}


# --- in the browser ----------------------------------------------------------------------------

from playwright.sync_api import Browser, Page  # noqa: E402

from .support.browser import Site, Watch, axe_violations  # noqa: E402

CASE = "video-recommendation"


def _cell(tab: Page, step: str) -> str:
    return tab.locator(f'tr[data-case="{CASE}"] td[data-step="{step}"]').inner_text()


@pytest.mark.browser
def test_ticks_practice_and_reviews_show_up(site: Site, page: Page, watch: Watch) -> None:
    page.goto(site.url(f"cases/{CASE}/"))
    boxes = page.locator(".fg-checklist input[data-item^='data.']")
    for i in range(2):
        page.click(f'label[for="{boxes.nth(i).get_attribute("id")}"]')
    page.evaluate(
        "([key, slug]) => localStorage.setItem(key, "
        "JSON.stringify({[slug]: '2026-11-30T18:00:00Z'}))",
        [PRACTISED_KEY, CASE],
    )
    page.goto(site.url("study/progress/"))
    page.locator(f'tr[data-case="{CASE}"]').wait_for()
    assert _cell(page, "data").startswith("2 / ")
    assert _cell(page, "clarify").startswith("0 / ")
    assert page.locator(f'tr[data-case="{CASE}"] td[data-practised]').inner_text() == "2026-11-30"
    assert page.locator('td[data-step-total="data"]').inner_text().startswith("2 / ")
    deck = page.evaluate(
        "(slug) => window.fieldguideProgress.cases.find(c => c.slug === slug).deck", CASE
    )
    page.evaluate(
        "([key, deck]) => localStorage.setItem(key, JSON.stringify({version: 1, cards: {"
        "a: {box: 1, due: 0, deck: deck, kind: 'metric'},"
        "b: {box: 2, due: 0, deck: 'glossary', kind: 'glossary'},"  # before the split
        "c: {box: 2, due: 8e12, deck: 'glossary-3', kind: 'glossary'}}}))",
        [CARDS_KEY, deck],
    )
    page.reload()
    cards = page.locator(f'tr[data-case="{CASE}"] td[data-cards]').inner_text()
    assert cards.startswith("1 / ")
    summary = page.locator(".fg-progress__summary").inner_text()
    assert "3 reviewed (2 of " in summary and "2 of them due again now" in summary
    assert watch.errors == []


@pytest.mark.browser
def test_a_tick_of_an_item_the_case_no_longer_has_is_dropped(site: Site, page: Page) -> None:
    """Ticks are counted by step prefix; the case page forgets ticks of items it no longer has
    (an edited or removed checklist item), so the count is exact once the case page is seen."""
    key = CHECKLIST_PREFIX + CASE
    page.goto(site.url("study/progress/"))
    real = page.evaluate(
        "(slug) => window.fieldguideProgress.cases.find(c => c.slug === slug).checklist.data",
        CASE,
    )
    stale = {"data.case-0000000000": True, "data.gone": True}
    page.evaluate("([k, v]) => localStorage.setItem(k, JSON.stringify(v))", [key, stale])
    page.reload()
    assert _cell(page, "data") == f"2 / {real}"  # counted until the case page is opened
    page.goto(site.url(f"cases/{CASE}/"))
    page.locator(".fg-checklist__progress").wait_for()
    box = page.locator(".fg-checklist input[data-item^='data.']").first
    item = box.get_attribute("data-item")
    page.click(f'label[for="{box.get_attribute("id")}"]')
    assert page.evaluate("(k) => JSON.parse(localStorage.getItem(k))", key) == {item: True}
    page.goto(site.url("study/progress/"))
    assert _cell(page, "data") == f"1 / {real}"


@pytest.mark.browser
def test_export_reset_import_restores_progress(
    site: Site, page: Page, watch: Watch, tmp_path: Path
) -> None:
    page.goto(site.url(f"cases/{CASE}/"))
    box = page.locator(".fg-checklist input[data-item^='model.']").first
    box_id, item = box.get_attribute("id"), box.get_attribute("data-item")
    page.click(f'label[for="{box_id}"]')
    page.goto(site.url("study/progress/"))
    assert _cell(page, "model").startswith("1 / ")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "fieldguide-progress" and data["version"] == 1
    assert data["data"][CHECKLIST_PREFIX + CASE] == {item: True}
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Reset all progress").click()
    assert _cell(page, "model").startswith("1 / ")  # cancelled: nothing changed
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset all progress").click()
    assert _cell(page, "model").startswith("0 / ")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('fieldguide:'))") == []
    page.get_by_label("Import progress from a file").set_input_files(exported)
    page.wait_for_function(
        "document.querySelector('.fg-progress__message').textContent.startsWith('Imported')"
    )
    assert _cell(page, "model").startswith("1 / ")
    page.goto(site.url(f"cases/{CASE}/"))
    assert page.locator(f'[id="{box_id}"]').is_checked()
    assert watch.errors == []


BAD_FILES = [
    ("notjson.json", b"{not json", "not valid JSON"),
    ("other.json", b'{"format": "something-else", "version": 1, "data": {}}', 'field "format"'),
    (
        "keys.json",
        b'{"format": "fieldguide-progress", "version": 1, "data": {"evil": 1}}',
        'data["evil"]: keys must start with "fieldguide:"',
    ),
    (
        "box.json",
        b'{"format": "fieldguide-progress", "version": 1, '
        b'"data": {"fieldguide:cards": {"version": 1, "cards": {"abc": {"box": 9, "due": 0}}}}}',
        'data["fieldguide:cards"].cards["abc"].box',
    ),
    (
        "deck.json",
        b'{"format": "fieldguide-progress", "version": 1, "data": {"fieldguide:cards": '
        b'{"version": 1, "cards": {"abc": {"box": 1, "due": 0, "deck": 7}}}}}',
        'data["fieldguide:cards"].cards["abc"].deck',
    ),
]


@pytest.mark.browser
@pytest.mark.parametrize(("name", "content", "expected"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_malformed_import_shows_an_error_and_changes_nothing(
    site: Site, page: Page, name: str, content: bytes, expected: str
) -> None:
    page.goto(site.url("study/progress/"))
    page.evaluate("localStorage.setItem('fieldguide:practised', JSON.stringify({x: '2026-01-01'}))")
    page.get_by_label("Import progress from a file").set_input_files(
        {"name": name, "mimeType": "application/json", "buffer": content}
    )
    alert = page.get_by_role("alert")
    alert.filter(has_text="Could not import").wait_for()
    text = alert.inner_text()
    assert name in text and expected in text and "unchanged" in text
    assert page.evaluate("localStorage.getItem('fieldguide:practised')") == '{"x":"2026-01-01"}'


@pytest.mark.browser
def test_reviews_stored_without_their_deck_show_once_the_deck_loads(
    site: Site, page: Page, watch: Watch, catalog: Catalog
) -> None:
    """A state saved before reviews recorded their deck (ids only) counts in the total at once,
    and under its case once the flashcards page has loaded the deck holding it: with "All cards"
    the decks load in order until the due card is found; with a case's filter, that case's deck."""
    case_cards = [c for c in build_cards(catalog) if c.deck == CASE]
    old, other = case_cards[1].id, case_cards[2].id
    total = len(case_cards)
    state = {"version": 1, "cards": {old: {"box": 1, "due": 0, "reviews": 1, "last": 0}}}
    page.goto(site.url("study/progress/"))
    page.evaluate("([k, v]) => localStorage.setItem(k, JSON.stringify(v))", [CARDS_KEY, state])
    page.reload()
    row = page.locator(f'tr[data-case="{CASE}"] td[data-cards]')
    assert row.inner_text() == f"0 / {total}"  # its deck is not known yet
    assert "Flashcards: 1 reviewed" in page.locator(".fg-progress__summary").inner_text()

    page.goto(site.url("study/flashcards/"))  # "All cards": the old entry is due first
    page.locator(f'.fg-cards__card[data-card="{old}"]').wait_for()
    everything = page.evaluate("window.fieldguideCards.filters[0].count")
    assert page.locator("[data-fg-flashcards]").get_attribute("data-due") == str(everything)
    requested = [u.rsplit("/", 1)[1] for u in watch.requests if "/tools/cards/" in u]
    assert requested[0] == "glossary-1.js" and requested[-1] == f"case-{CASE}.js"
    stored = page.evaluate(f"JSON.parse(localStorage.getItem('{CARDS_KEY}')).cards")
    assert stored[old]["deck"] == f"case-{CASE}" and stored[old]["kind"] == case_cards[1].kind
    page.goto(site.url("study/progress/"))
    assert row.inner_text() == f"1 / {total}"

    # The same with a case's filter, in a new page: only that case's deck loads.
    state["cards"] = {other: {"box": 2, "due": 0}}
    page.evaluate(
        "([k, v, slug]) => { localStorage.setItem(k, JSON.stringify(v));"
        "localStorage.setItem('fieldguide:cards-filter', 'case:' + slug); }",
        [CARDS_KEY, state, CASE],
    )
    page.goto(site.url("study/flashcards/"))
    page.locator(f'.fg-cards__card[data-card="{other}"]').wait_for()  # due: shown first
    assert page.locator(".fg-cards__meta").inner_text().endswith("box 2")
    page.goto(site.url("study/progress/"))
    assert row.inner_text() == f"1 / {total}"
    assert watch.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_progress_page_passes_axe(site: Site, browser: Browser, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    page = context.new_page()
    page.goto(site.url("study/progress/"))
    page.get_by_label("Import progress from a file").set_input_files(
        {"name": "bad.json", "mimeType": "application/json", "buffer": b"[]"}
    )
    page.get_by_role("alert").filter(has_text="Could not import").wait_for()  # error shown too
    assert axe_violations(page) == []
    context.close()
