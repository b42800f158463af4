"""The search index and the search worker are downloaded only when the reader shows intent to
search, and the sitemap only when the reader does anything at all.

docs/assets/javascripts/lazy-loads.js holds back Material's request for
search/search_index.json and the start of its search worker until the search field is used, a
search shortcut is pressed or the URL asks for search (?q=, ?h=). These tests load pages in
Debian's Chromium (the fixtures of test_browser.py: the real site built for a local server, other
hosts blocked) and check that no page load requests the index or the worker, and that search
still finds a word that only one case's notes use. The sitemap, which instant navigation needs,
waits for the reader's first movement, touch, key or scroll.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from fieldguide.sitecheck.weight import SEARCH_WORKER

from .conftest import ROOT
from .support.browser import (
    SITEMAP_LOADED,
    Site,
    Watch,
    instant_navigate,
    wake_instant_navigation,
)

pytestmark = pytest.mark.browser
INDEX = "/search/search_index.json"
READY = "!/Initializing/i.test(document.querySelector('.md-search-result__meta').textContent)"


def _words(markdown: str) -> list[str]:
    prose = re.sub(r"```.*?```|<!--.*?-->|\{\{.*?\}\}", " ", markdown, flags=re.S)
    return re.findall(r"(?<![\w.-])[A-Za-z]{10,}(?![\w-])", prose)


def notes_only_term() -> tuple[str, str]:
    """(slug, word): a word of one case's notes found in no other file of the guide.

    Its first eight letters appear nowhere else either, so the search's stemming cannot match it
    on another page and the case is the only result.
    """
    cases = sorted(p for p in (ROOT / "cases").iterdir() if (p / "case.yaml").is_file())
    texts = {
        p: p.read_text(encoding="utf-8").lower()
        for folder in (ROOT / "cases", ROOT / "docs", ROOT / "data", ROOT / "framework")
        for p in folder.rglob("*")
        if p.suffix in {".md", ".yaml", ".yml"}
    }
    for case in cases:
        notes = sorted((case / "notes").glob("*.md"))
        for word in _words(" ".join(p.read_text(encoding="utf-8") for p in notes)):
            stem = word.lower()[:8]
            holders = {p for p, text in texts.items() if stem in text}
            if holders and all(p.is_relative_to(case / "notes") for p in holders):
                return case.name, word
    raise AssertionError("no case has a word of its notes found nowhere else")


def index_requests(watch: Watch) -> list[str]:
    return [url for url in watch.requests if url.split("?")[0].endswith(INDEX)]


def worker_requests(watch: Watch) -> list[str]:
    """Requests for Material's search worker script (its other workers do not match)."""
    return [url for url in watch.requests if SEARCH_WORKER.search(url.split("?")[0])]


def wait_for_result(page: Page, slug: str) -> None:
    page.wait_for_function(READY, timeout=90_000)  # the worker has built its index
    link = page.locator(f'.md-search-result__item a[href*="cases/{slug}/"]').first
    link.wait_for(timeout=30_000)


def test_a_page_load_requests_no_index_and_typing_searches(
    site: Site, page: Page, watch: Watch
) -> None:
    slug, term = notes_only_term()
    page.goto(site.url(""))
    page.wait_for_load_state("networkidle")
    assert index_requests(watch) == [] and worker_requests(watch) == []
    page.goto(site.url("framework/clarify/"))  # a full page load, not only the first one
    page.wait_for_load_state("networkidle")
    assert index_requests(watch) == [] and worker_requests(watch) == []
    page.click(".md-search__input")
    page.locator(".md-search__input").press_sequentially(term, delay=30)
    wait_for_result(page, slug)
    assert len(index_requests(watch)) == 1 and len(worker_requests(watch)) == 1
    assert watch.errors == []


def test_instant_navigation_then_the_search_shortcut(site: Site, page: Page, watch: Watch) -> None:
    slug, term = notes_only_term()
    page.goto(site.url(""))
    wake_instant_navigation(page)
    page.evaluate("window.__fgMarker = 'still here'")
    instant_navigate(page, lambda: page.click('nav.md-tabs a[href$="framework/"]'), "/framework/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__fgMarker") == "still here"  # instant navigation, no reload
    assert index_requests(watch) == []  # other requests (pages, sitemap) went through
    assert worker_requests(watch) == []
    page.keyboard.press("/")  # Material's shortcut to the search field
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type(term, delay=30)
    wait_for_result(page, slug)
    assert len(index_requests(watch)) == 1 and len(worker_requests(watch)) == 1
    assert watch.errors == []


def test_a_shared_search_link_opens_with_results(site: Site, page: Page, watch: Watch) -> None:
    slug, term = notes_only_term()
    page.goto(site.url(f"framework/?q={term}"))
    wait_for_result(page, slug)
    assert page.input_value(".md-search__input") == term


def test_a_highlight_link_loads_the_index_and_marks_the_term(
    site: Site, page: Page, watch: Watch
) -> None:
    slug, term = notes_only_term()
    page.goto(site.url(f"cases/{slug}/?h={term}"))
    mark = page.locator("article mark").first
    mark.wait_for(timeout=30_000)
    # as text: it may be far down, in a block not laid out yet (content-visibility)
    expect(mark).to_contain_text(term, ignore_case=True)
    assert len(index_requests(watch)) == 1


def sitemap_requests(watch: Watch) -> list[str]:
    return [url for url in watch.requests if url.split("?")[0].endswith("/sitemap.xml")]


WAKE = {
    "mouse": lambda page: page.mouse.move(5, 5),
    "wheel": lambda page: page.mouse.wheel(0, 300),
    "key": lambda page: page.keyboard.press("Tab"),
    "touch": lambda page: page.dispatch_event("body", "touchstart"),
}


@pytest.mark.parametrize("signal", sorted(WAKE))
def test_the_sitemap_waits_for_the_reader_then_links_navigate_instantly(
    site: Site, page: Page, watch: Watch, signal: str
) -> None:
    """A page load does not fetch the sitemap (it grows with every page of the guide); the
    reader's first sign of life does, once, and then a click is an instant navigation."""
    page.goto(site.url("framework/"))
    page.wait_for_load_state("networkidle")
    assert sitemap_requests(watch) == []  # a reader who does nothing never pays for it
    page.evaluate("window.__fgMarker = 'still here'")
    WAKE[signal](page)
    page.wait_for_selector(SITEMAP_LOADED, state="attached")
    instant_navigate(page, lambda: page.click('nav.md-tabs a[href$="cases/"]'), "/cases/")
    assert page.evaluate("window.__fgMarker") == "still here"  # no reload: instant navigation
    page.mouse.move(50, 50)
    assert len(sitemap_requests(watch)) == 1  # once per visit
    assert index_requests(watch) == []  # search still waits for intent to search
    assert watch.errors == []
