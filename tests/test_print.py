"""Cheat sheets (one generated page per case) and printing: a case page prints as its content
only, with its diagrams and every collapsed answer shown. Also axe on the study pages of this
helper that the question bank tests do not cover (technique matrix, cheat sheets)."""

from __future__ import annotations

import html
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from fieldguide.load.catalog import Catalog, load_catalog
from fieldguide.render.markup import md_text
from fieldguide.render.pages import render_case
from fieldguide.study.cheat_sheets import (
    INDEX,
    KEY_NUMBERS,
    METRICS_PER_KIND,
    PITFALLS,
    key_estimates,
    render_sheet,
    sheet_metrics,
    sheet_pages,
    sheet_path,
    sheet_pitfalls,
    short_name,
)

from .conftest import ROOT

# The built site, browser and page fixtures of the browser tests (one build for this module).
from .support.browser import (
    OPEN_SHADOW_ROOTS,
    Site,
    Watch,
    axe_violations,
    diagram_count,
    wait_for_diagrams,
)

CASE_URL = "cases/video-recommendation/"
SHEET_URL = "cheat-sheets/video-recommendation/"
CHROME = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"]


def plain(cell: str) -> str:
    """Escaped Markdown text as the reader sees it: escapes and bold markers removed."""
    text = re.sub(r"\\(.)", r"\1", cell.strip())
    return html.unescape(text.removeprefix("**").removesuffix("**"))


def key_numbers(sheet: str) -> list[tuple[str, str]]:
    """(label, result) of every item of the sheet's key numbers, as the reader sees them."""
    section = sheet.split("## Key numbers", 1)[1].split("\n## ", 1)[0]
    items = [line[2:] for line in section.splitlines() if line.startswith("- ")]
    return [(plain(label), plain(result)) for label, result in (i.rsplit(": **", 1) for i in items)]


def test_every_case_has_a_cheat_sheet_linked_from_its_page(catalog: Catalog) -> None:
    pages = {p.path: p for p in sheet_pages(catalog)}
    assert set(pages) == {INDEX, *(sheet_path(e.slug) for e in catalog.cases)}
    for entry in catalog.cases:
        assert pages[sheet_path(entry.slug)].source == entry.source
        assert f"({entry.slug}.md)" in pages[INDEX].content
        assert f"](../cheat-sheets/{entry.slug}.md)" in render_case(entry, catalog)


def test_key_numbers_equal_the_computed_estimates_as_shown_on_the_case_page(
    catalog: Catalog,
) -> None:
    for entry in catalog.cases:
        sheet = render_sheet(entry)
        chosen = key_estimates(entry)
        assert 1 <= len(chosen) <= KEY_NUMBERS
        assert all(e in entry.estimates for e in chosen)  # the computed objects themselves
        assert key_numbers(sheet) == [(e.label, e.shown) for e in chosen], entry.slug
        case_page = render_case(entry, catalog)
        for estimate in chosen:  # the same text as the case page's result column
            shown = re.escape(str(md_text(estimate.shown)))
            assert re.search(rf"\*\*(<span [^>]*>)?{shown}(</span>)?\*\*", case_page), estimate


def test_a_cheat_sheet_has_every_part_from_the_case_data(catalog: Catalog) -> None:
    entry = catalog.by_slug("video-recommendation")
    sheet = render_sheet(entry)
    for heading in ("Framing", "Key numbers", "Features", "Model", "Metrics", "Architecture"):
        assert f"\n## {heading}" in sheet
    assert "\n## Pitfalls" in sheet
    assert sheet.count("``` mermaid") == 1
    assert str(md_text(entry.case.prompts[0])) in sheet
    assert str(md_text(entry.case.model.baseline.name)) in sheet
    pitfalls = entry.case.interview.pitfalls
    for pitfall in pitfalls[:PITFALLS]:
        assert str(md_text(pitfall.mistake)) in sheet
    for pitfall in pitfalls[PITFALLS:]:
        assert str(md_text(pitfall.mistake)) not in sheet
    assert f"The first {PITFALLS} of the case's {len(pitfalls)} pitfalls" in sheet
    for feature in entry.case.data.features:  # every feature, by its short name
        assert str(md_text(short_name(feature.name))) in sheet


def test_a_sheet_keeps_the_first_metrics_and_pitfalls_in_case_order(catalog: Catalog) -> None:
    for entry in catalog.cases:
        evaluation = entry.case.evaluation
        metrics = dict(sheet_metrics(entry))
        for kind, listed in [
            ("Offline", evaluation.offline),
            ("Online", evaluation.online),
            ("Guardrails", evaluation.guardrails),
        ]:
            assert metrics[kind].items == [m.metric for m in listed][:METRICS_PER_KIND]
            assert metrics[kind].total == len(listed)
            assert metrics[kind].cut == (len(listed) > METRICS_PER_KIND)
        chosen = sheet_pitfalls(entry)
        assert chosen.items == entry.case.interview.pitfalls[:PITFALLS], entry.slug
        sheet = render_sheet(entry)
        if metrics["Offline"].cut:
            shown = f"**Offline ({METRICS_PER_KIND} of {len(evaluation.offline)}):**"
            assert shown in sheet, entry.slug


def test_a_feature_short_name_drops_the_detail() -> None:
    assert short_name("Card velocity: payments and declines (1 hour)") == "Card velocity"
    assert short_name("Merchant dispute rates (90 days, matured)") == "Merchant dispute rates"
    assert short_name("Days since last session; active days") == "Days since last session"
    assert short_name("Post age") == "Post age"
    assert short_name("(odd) name") == "(odd) name"  # nothing before the detail: keep it all


def test_cheat_sheets_stay_out_of_the_navigation() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = config.split("\nnav:", 1)[1]
    assert "cheat-sheets/index.md" in nav
    assert re.search(r"cheat-sheets/(?!index)[a-z0-9-]+\.md", nav) is None


# --- in the browser -----------------------------------------------------------------------------


def shown(tab: Page, selector: str) -> bool:
    return bool(
        tab.evaluate(
            """(selector) => [...document.querySelectorAll(selector)].some(el => {
                 const box = el.getBoundingClientRect();
                 return el.checkVisibility() && box.width > 0 && box.height > 0;
               })""",
            selector,
        )
    )


@pytest.mark.browser
def test_a_case_page_prints_content_only_with_diagrams_and_answers(
    site: Site, page: Page, watch: Watch
) -> None:
    page.goto(site.url(CASE_URL))
    expected = diagram_count(site, CASE_URL)
    assert expected >= 2
    wait_for_diagrams(page, expected)
    # Collapsed content, except controls (buttons do not print; the checklist has its own).
    answer = "details:not([open]) > :not(summary, button, .md-button)"
    assert shown(page, answer) is False  # on screen, model answers start collapsed
    for selector in CHROME:
        assert shown(page, selector), selector  # the check can fail: they are there on screen

    page.emulate_media(media="print")
    for selector in [*CHROME, ".md-search", ".md-typeset button", ".md-content__button"]:
        assert not shown(page, selector), f"{selector} is printed"
    assert shown(page, answer)  # every collapsed answer is printed
    hidden_answers = page.evaluate(
        f"""() => [...document.querySelectorAll("{answer}")]
              .filter(el => !el.checkVisibility()).length"""
    )
    assert hidden_answers == 0
    diagrams = page.evaluate(
        """() => [...document.querySelectorAll("div.mermaid")].map(h => {
             const svg = h.shadowRoot && h.shadowRoot.querySelector("svg");
             const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
             return svg !== null && box.width > 0 && box.height > 0;
           })"""
    )
    assert diagrams == [True] * expected
    assert watch.errors == []


@pytest.mark.browser
def test_a_cheat_sheet_prints_with_its_diagram_and_numbers(
    site: Site, page: Page, watch: Watch
) -> None:
    page.goto(site.url(SHEET_URL))
    wait_for_diagrams(page, diagram_count(site, SHEET_URL))
    page.emulate_media(media="print")
    assert not shown(page, ".md-header") and not shown(page, ".md-sidebar--primary")
    assert shown(page, "div.mermaid")
    catalog = load_catalog(ROOT).published()
    text = page.locator("article").inner_text()
    for estimate in key_estimates(catalog.by_slug("video-recommendation")):
        assert estimate.shown in text
    assert watch.errors == []


PDF_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")  # a page object, not the /Pages tree
SLUGS = [entry.slug for entry in load_catalog(ROOT).published().cases]


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.browser
@pytest.mark.parametrize("slug", SLUGS)
def test_every_cheat_sheet_prints_on_one_a4_page(
    site: Site, page: Page, watch: Watch, catalog: Catalog, slug: str
) -> None:
    path = f"cheat-sheets/{slug}/"
    page.goto(site.url(path))
    wait_for_diagrams(page, diagram_count(site, path))
    pdf = page.pdf(format="A4")  # the sheet's own @page margins apply, as in a browser
    assert len(PDF_PAGE.findall(pdf)) == 1, f"{slug} prints on {len(PDF_PAGE.findall(pdf))} pages"
    # What was printed still holds the parts of a sheet (innerText leaves out hidden parts).
    page.emulate_media(media="print")
    printed = words(page.locator("article").inner_text())
    entry = catalog.by_slug(slug)
    assert words(entry.case.prompts[0]) in printed
    assert words(f"{key_estimates(entry)[0].label}: {key_estimates(entry)[0].shown}") in printed
    pitfall = sheet_pitfalls(entry).items[0]
    assert words(pitfall.mistake) in printed and words(pitfall.better) in printed
    assert shown(page, ".mermaid, .fg-diagram")
    assert watch.errors == []


@pytest.mark.browser
def test_the_case_page_links_its_cheat_sheet(site: Site, page: Page) -> None:
    page.goto(site.url(CASE_URL))
    page.get_by_role("link", name="one-page cheat sheet").click()
    page.wait_for_url(re.compile(re.escape(SHEET_URL) + "$"))
    expect(page.locator("h1")).to_have_text(re.compile(r"^Cheat sheet: Video recommendation"))


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_matrix_and_cheat_sheets_pass_axe(site: Site, browser: Browser, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()
    found = {}
    for path in ["study/techniques/", "cheat-sheets/", SHEET_URL]:
        page.goto(site.url(path))
        wait_for_diagrams(page, diagram_count(site, path))
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    context.close()
    assert found == {}


@pytest.mark.browser
def test_the_matrix_fits_a_phone_in_its_scrollable_wrapper(site: Site, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(site.url("study/techniques/"))
    widths = page.evaluate(
        """() => ({page: document.documentElement.scrollWidth,
                   view: document.documentElement.clientWidth,
                   wraps: document.querySelectorAll(".md-typeset__scrollwrap table").length,
                   tables: document.querySelectorAll("article table").length})"""
    )
    context.close()
    assert widths["page"] <= widths["view"]  # no sideways scrolling of the whole page
    assert widths["wraps"] == widths["tables"] > 0


def test_key_numbers_are_the_last_estimate_of_each_unit(catalog: Catalog) -> None:
    entry = catalog.by_slug("video-recommendation")
    chosen = key_estimates(entry, limit=100)
    assert len({e.unit for e in chosen}) == len(chosen)  # one per unit
    for estimate in chosen:
        later = entry.estimates[entry.estimates.index(estimate) + 1 :]
        assert all(e.unit != estimate.unit for e in later)
