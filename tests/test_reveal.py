"""Try first, then reveal: answers start hidden, and one switch per page shows or hides them all."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from fieldguide.load.catalog import load_catalog
from fieldguide.render.pages import generated_pages

from .conftest import ROOT
from .support.browser import (
    OPEN_SHADOW_ROOTS,
    Site,
    Watch,
    axe_violations,
    diagram_count,
    instant_navigate,
    wait_for_diagrams,
)

SCRIPT = "assets/javascripts/tools/reveal.js"
ANSWER = re.compile(r"^\s*\?\?\?(\+?) (question|\w+ fg-answer)\b", re.MULTILINE)


def front_matter(text: str) -> str:
    assert text.startswith("---\n")
    return text[4 : text.index("\n---\n", 4)]


def test_every_chapter_with_answers_declares_the_switch() -> None:
    with_answers = []
    for path in sorted((ROOT / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        found = ANSWER.findall(text)
        if not found:
            continue
        with_answers.append(path.relative_to(ROOT / "docs").as_posix())
        assert f"  - {SCRIPT}" in front_matter(text), f"{path}: add {SCRIPT} to `scripts:`"
        assert all(opened == "" for opened, _ in found), f"{path}: answers start closed (???)"
    assert "concepts/funnel.md" in with_answers


def test_case_pages_hide_their_answers_and_declare_the_switch() -> None:
    catalog = load_catalog(ROOT).published()
    for generated in generated_pages(catalog):
        if not generated.path.startswith("cases/") or generated.path == "cases/index.md":
            continue
        assert f"  - {SCRIPT}" in front_matter(generated.content), generated.path
        found = ANSWER.findall(generated.content)
        entry = next(e for e in catalog.cases if generated.path == f"cases/{e.slug}.md")
        assert len(found) == len(entry.case.interview.follow_ups), generated.path
        assert all(opened == "" for opened, _ in found)
        assert "data-reveal" in generated.content


# --- in the browser ---------------------------------------------------------------------------

CASE = "cases/video-recommendation/"
CHAPTER = "concepts/funnel/"
OPEN_COUNT = "(s) => [...document.querySelectorAll(s)].filter(d => d.open).length"


def answers(path: str) -> str:
    return "article details.fg-answer" if path.startswith("cases/") else "article details.question"


@pytest.mark.browser
@pytest.mark.parametrize("path", [CASE, CHAPTER])
def test_one_switch_shows_and_hides_every_answer(
    site: Site, page: Page, watch: Watch, path: str
) -> None:
    page.goto(site.url(path))
    selector = answers(path)
    toggle = page.locator(".fg-reveal__toggle")
    toggle.wait_for()
    # Labels are read as text (to_have_text): a block far down the page is laid out only near
    # the screen (content-visibility), and the innerText of one not laid out yet is empty.
    total = page.locator(selector).count()
    assert total >= 3
    assert toggle.count() == 1
    assert page.evaluate(OPEN_COUNT, selector) == 0  # every answer starts hidden
    expect(toggle).to_have_text(f"Show all {total} answers")
    # The switch comes before the first answer, in document order.
    before = page.evaluate(
        """(s) => !!(document.querySelector('.fg-reveal__toggle').compareDocumentPosition(
                 document.querySelector(s)) & Node.DOCUMENT_POSITION_FOLLOWING)""",
        selector,
    )
    assert before
    toggle.focus()
    page.keyboard.press("Enter")
    assert page.evaluate(OPEN_COUNT, selector) == total
    expect(toggle).to_have_text(f"Hide all {total} answers")
    expect(page.locator(selector).first.locator("p").first).to_be_visible()
    page.keyboard.press("Space")
    assert page.evaluate(OPEN_COUNT, selector) == 0
    expect(toggle).to_have_text(f"Show all {total} answers")
    for i in range(total):  # opening every answer by hand turns the switch into "Hide"
        page.locator(selector).nth(i).locator("summary").click()
    expect(toggle).to_have_text(f"Hide all {total} answers")
    assert watch.errors == []


@pytest.mark.browser
def test_print_shows_every_answer(site: Site, page: Page) -> None:
    page.goto(site.url(CASE))
    page.locator(".fg-reveal__toggle").wait_for()
    selector = answers(CASE)
    total = page.locator(selector).count()
    page.emulate_media(media="print")  # the stylesheet alone, as with scripts off
    assert page.locator(selector).last.locator("p").first.is_visible()
    assert not page.locator(".fg-reveal__toggle").is_visible()
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # what a browser fires
    assert page.evaluate(OPEN_COUNT, selector) == total
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert page.evaluate(OPEN_COUNT, selector) == 0  # back as the reader left them


@pytest.mark.browser
def test_instant_navigation_sets_up_each_page_once(site: Site, page: Page) -> None:
    page.goto(site.url(CASE))
    page.locator(".fg-reveal__toggle").wait_for()
    page.evaluate("window.__fgMarker = 'instant'")
    instant_navigate(page, lambda: page.click('a.md-tabs__link[href$="/concepts/"]'), "/concepts/")
    assert page.locator(".fg-reveal__toggle").count() == 0  # a page without answers
    instant_navigate(page, lambda: page.click(f'article a[href$="/{CHAPTER}"]'), f"/{CHAPTER}")
    page.locator(".fg-reveal__toggle").wait_for()
    assert page.evaluate("window.__fgMarker") == "instant"
    assert page.locator(".fg-reveal__toggle").count() == 1
    instant_navigate(page, page.go_back, "/concepts/")
    instant_navigate(page, page.go_back, f"/{CASE}")
    page.locator(".fg-reveal__toggle").wait_for()
    assert page.locator(".fg-reveal__toggle").count() == 1


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_with_answers_pass_axe_open_and_closed(
    site: Site, browser: Browser, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    context.add_init_script(OPEN_SHADOW_ROOTS)
    tab = context.new_page()
    found = {}
    for path in (CASE, CHAPTER):
        tab.goto(site.url(path))
        tab.locator(".fg-reveal__toggle").wait_for()
        wait_for_diagrams(tab, diagram_count(site, path))
        found[path] = axe_violations(tab)
        tab.click(".fg-reveal__toggle")
        found[path + " open"] = axe_violations(tab)
    context.close()
    assert all(v == [] for v in found.values()), found
