"""The published site's search: Pagefind over the sections of Material's index.

`make build` runs `fieldguide search-bundle site` (src/fieldguide/render/search_bundle.py): every
section of Material's search index becomes a Pagefind record, and the index becomes a stub that
names the bundle. lazy-loads.js then answers Material's search box with search-pagefind.js.
These tests check the bundle (every section indexed, contributed text escaped, the same bytes
from the same site, clear errors) and, in Chromium on the deployed copy (`deployed_site`), that
search finds what Material's own search finds on the `mkdocs build` copy (`site`), without
Material's worker and within the first-search budget of budgets.yaml.
"""

from __future__ import annotations

import filecmp
import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page

from fieldguide.render.search_bundle import (
    SEARCH_INDEX,
    Record,
    SearchBundleError,
    build_search_bundle,
    plain_text,
    record_page,
)
from fieldguide.sitecheck.weight import BUDGETS_FILE, SEARCH_WORKER, load_budgets, sent_size

from .conftest import ROOT
from .support.browser import Site, Watch
from .test_search_lazy import notes_only_term

READY = "!/Initializing/i.test(document.querySelector('.md-search-result__meta').textContent)"
HOSTILE = '<img src=x onerror="alert(1)"></p><script>alert(2)</script>&amp; "quoted"'


def fake_site(folder: Path, docs: list[dict[str, str]]) -> Path:
    (folder / "search").mkdir(parents=True)
    config = {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"]}
    index = {"config": config, "docs": docs}
    (folder / SEARCH_INDEX).write_text(json.dumps(index), encoding="utf-8")
    return folder


DOCS = [
    {"location": "", "title": "Home", "text": "<p>Welcome to the guide.</p>"},
    {"location": "cases/a/", "title": "Case A", "text": "<p>Alpha <code>x</code> overview.</p>"},
    {"location": "cases/a/#scale", "title": "Scale", "text": "<p>Zanzibar quokka tables.</p>"},
    # a page whose top is not in the index: titled by its first section
    {"location": "concepts/b/#one", "title": "One &amp; two", "text": "<p>Bravo.</p>"},
]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)


def test_plain_text_keeps_words_apart_and_decodes_entities() -> None:
    assert plain_text("<p>one</p><p>two &amp; <code>three</code></p>") == "one two & three"


def test_a_record_page_holds_contributed_text_as_text() -> None:
    page = record_page(Record('cases/x/#a"b', HOSTILE, HOSTILE))
    parser = _Tags()
    parser.feed(page)
    assert parser.tags == {"html", "head", "meta", "title", "body", "h1", "p", "span"}
    assert "<script" not in page and "<img" not in page


def test_a_bundle_indexes_every_section_and_leaves_a_stub(tmp_path: Path) -> None:
    site = fake_site(tmp_path / "site", DOCS)
    summary = build_search_bundle(site)
    assert (summary.records, summary.pages) == (4, 3)
    bundle = site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 4
    assert not list(bundle.glob("pagefind-*ui*")) and (bundle / "pagefind.js").is_file()
    stub = json.loads((site / SEARCH_INDEX).read_text(encoding="utf-8"))
    assert stub["config"]["pagefind"] == "pagefind/" and stub["config"]["lang"] == ["en"]
    pages = {doc["location"]: doc for doc in stub["docs"]}
    assert {loc: doc["title"] for loc, doc in pages.items()} == {
        "": "Home",
        "cases/a/": "Case A",
        "concepts/b/": "One &amp; two",
    }
    assert all(doc["text"] == "" for doc in stub["docs"])
    # each section's id is the fragment that holds it: the fragment leads back to the section
    for doc in stub["docs"]:
        for section in doc["sections"]:
            raw = gzip.decompress((bundle / "fragment" / f"{section}.pf_fragment").read_bytes())
            fragment = json.loads(raw.removeprefix(b"pagefind_dcd"))
            assert fragment["meta"]["loc"].split("#")[0] == "/" + doc["location"]
    assert sorted(len(doc["sections"]) for doc in stub["docs"]) == [1, 1, 2]
    with pytest.raises(SearchBundleError, match="already a stub"):
        build_search_bundle(site)


def test_the_same_site_gives_the_same_bundle(tmp_path: Path) -> None:
    first = build_search_bundle(fake_site(tmp_path / "a", DOCS))
    second = build_search_bundle(fake_site(tmp_path / "b", DOCS))
    assert first == second
    compared = filecmp.dircmp(tmp_path / "a", tmp_path / "b")
    stack, differing = [compared], []
    while stack:
        here = stack.pop()
        differing += here.diff_files + here.left_only + here.right_only
        stack += here.subdirs.values()
    assert differing == []


def test_an_index_without_sections_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SearchBundleError, match=r"search_index\.json; found none"):
        build_search_bundle(fake_site(tmp_path / "site", []))
    with pytest.raises(SearchBundleError, match="cannot read"):
        build_search_bundle(tmp_path / "nowhere")


# --- in Chromium: the deployed copy against Material's own search ----------------------------


def search(page: Page, site: Site, query: str) -> tuple[int, str]:
    """(pages listed, the list's HTML) for ``query`` typed into the search box."""
    page.goto(site.url("framework/"))
    page.wait_for_load_state("networkidle")
    page.click(".md-search__input")
    page.locator(".md-search__input").press_sequentially(query, delay=40)
    page.wait_for_function(READY, timeout=90_000)
    page.wait_for_selector(".md-search-result__item", timeout=30_000)
    page.wait_for_load_state("networkidle")
    meta = page.inner_text(".md-search-result__meta")  # "1 matching document", "26 matching..."
    count = re.search(r"\d+", meta.replace(",", ""))
    return (int(count.group()) if count else 0), page.inner_html(".md-search-result__list")


@pytest.mark.browser
def test_deployed_search_finds_a_notes_only_term_within_budget(
    deployed_site: Site, page: Page, watch: Watch
) -> None:
    slug, term = notes_only_term()
    page.goto(deployed_site.url("framework/clarify/"))
    page.wait_for_load_state("networkidle")
    assert not any("pagefind" in url or SEARCH_INDEX in url for url in watch.requests)
    before = len(watch.requests)
    page.click(".md-search__input")
    page.locator(".md-search__input").press_sequentially(term, delay=40)
    page.wait_for_function(READY, timeout=60_000)
    link = page.locator(f'.md-search-result__item a[href*="cases/{slug}/"]').first
    link.wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    assert term.lower() in page.inner_html(".md-search-result__list").lower()
    assert "<mark>" in page.inner_html(".md-search-result__list")
    fetched = [urlparse(url).path.lstrip("/") for url in watch.requests[before:]]
    assert any(path.endswith(".pf_fragment") for path in fetched), fetched
    assert not any(SEARCH_WORKER.search(path) for path in fetched), fetched
    sent = sum(sent_size(deployed_site.folder / path) for path in fetched)
    budget = load_budgets(ROOT / BUDGETS_FILE).first_search_gzip
    assert budget is not None, f"{BUDGETS_FILE}: first_search_gzip_kb is missing"
    assert sent <= budget, f"first search sent {sent:,} bytes; budget {budget:,}"
    assert watch.errors == [] and watch.outside == []


@pytest.mark.browser
@pytest.mark.parametrize("query", ["latency", "calibration", "interleaving"])
def test_deployed_search_lists_every_page_material_finds(
    site: Site, deployed_site: Site, page: Page, query: str
) -> None:
    material, _ = search(page, site, query)
    pagefind, listed = search(page, deployed_site, query)
    assert material > 0
    # one word: both stem it; Pagefind lists the pages of all its matches, not only those shown
    assert pagefind >= material, f"{query!r}: Material lists {material} pages, Pagefind {pagefind}"
    assert "<mark>" in listed
