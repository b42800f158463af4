"""The eight study tools in the offline edition, opened as files (file:// URLs, no server).

`make offline` builds the site with Material's offline plugin (pages become ``x.html`` instead of
``x/``) and pre-renders its diagrams. Material turns instant navigation off on file:// (its bundle
returns early there), so every page loads its own tool scripts: each test opens a page from the
folder, does one thing a reader would do and checks the effect, with no console or page error and
no request to any http(s) host (the ``page`` fixture blocks and records them; file: is local).

Reader progress lives in localStorage. Chromium gives every file:// page one origin ("file://"),
so what one page of the copy writes, every other page reads: checked below, across folders.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest
from playwright.sync_api import Page

from fieldguide.load.catalog import load_catalog
from fieldguide.numbers.what_if import case_numbers

from .conftest import ROOT
from .support.browser import Watch
from .test_what_if import NUMBER_TEXTS, dependents

pytestmark = pytest.mark.browser

CASE = "video-recommendation"
CHAPTER = "concepts/funnel.html"
LOCAL = ("file:", "data:", "blob:")


def open_file(page: Page, folder: Path, path: str) -> None:
    page.goto((folder / path).as_uri())
    assert page.evaluate("location.protocol") == "file:"


def target(url: str) -> tuple[Path, str]:
    """The file and fragment a file:// link points to."""
    parsed = urlparse(url)
    assert parsed.scheme == "file", url
    return Path(unquote(parsed.path)), unquote(parsed.fragment)


def assert_resolves(url: str, folder: Path) -> None:
    """``url`` names a file of the offline copy (not a folder), and its fragment an id there."""
    path, fragment = target(url)
    assert path.is_file(), f"{url}: no such file"
    assert path.resolve().is_relative_to(folder.resolve()), f"{url}: outside the copy"
    if fragment:
        text = path.read_text(encoding="utf-8")
        assert f'id="{fragment}"' in text, f"{url}: no element with that id"


def hrefs(page: Page, selector: str) -> list[str]:
    """The resolved ``href`` (absolute URL) of every link matched by ``selector``."""
    found: list[str] = page.eval_on_selector_all(selector, "links => links.map(a => a.href)")
    return found


def assert_clean(watch: Watch) -> None:
    assert watch.errors == []
    assert [u for u in watch.requests if not u.startswith(LOCAL)] == []


# --- the tools ----------------------------------------------------------------------------------


def test_mock_interview_runs_and_links_to_the_case_file(
    offline_site: Path, page: Page, watch: Watch
) -> None:
    page.clock.install(time="2026-12-01T10:00:00Z")
    open_file(page, offline_site, "study/mock-interview.html")
    page.wait_for_selector(".fg-mock[data-mock-ready] #fg-mock-case")
    page.clock.pause_at("2026-12-01T10:01:00Z")
    page.select_option("#fg-mock-case", CASE)
    page.check("#fg-mock-session-45")
    page.click("[data-action=start]")
    assert page.locator(".fg-mock__step").inner_text().startswith("Step 1 of 7")
    page.clock.run_for("06:01")
    assert page.locator(".fg-mock__step").inner_text().startswith("Step 2 of 7")
    page.click("[data-action=reveal]")
    links = hrefs(page, ".fg-mock__answer a")
    assert links and all(link.endswith(f"/cases/{CASE}.html#clarify") for link in links)
    for link in links:
        assert_resolves(link, offline_site)
    page.click("[data-action=end]")
    assert page.locator(".fg-mock__step").inner_text() == "Interview over"
    practised = page.evaluate("JSON.parse(localStorage.getItem('fieldguide:practised'))")
    assert list(practised) == [CASE]
    assert_clean(watch)


@pytest.mark.parametrize(
    ("path", "selector"),
    [(f"cases/{CASE}.html", "details.fg-answer"), (CHAPTER, "details.question")],
)
def test_reveal_switch_opens_every_answer(
    offline_site: Path, page: Page, watch: Watch, path: str, selector: str
) -> None:
    open_file(page, offline_site, path)
    toggle = page.locator(".fg-reveal__toggle")
    toggle.wait_for()
    answers = f"article {selector}"
    total = page.locator(answers).count()
    assert total >= 3
    opened = "(s) => [...document.querySelectorAll(s)].filter(d => d.open).length"
    assert page.evaluate(opened, answers) == 0
    toggle.focus()
    page.keyboard.press("Enter")
    assert page.evaluate(opened, answers) == total
    assert toggle.inner_text() == f"Hide all {total} answers"
    assert_clean(watch)


def test_flashcards_review_by_keyboard_and_downloads_exist(
    offline_site: Path, page: Page, watch: Watch
) -> None:
    open_file(page, offline_site, "study/flashcards.html")
    page.locator(".fg-cards__card").wait_for()
    page.select_option("#fg-cards-filter", f"case:{CASE}")  # loads that case's deck file
    page.locator(".fg-cards__card[data-card]").wait_for()
    card = page.locator(".fg-cards__card").get_attribute("data-card")
    assert card
    page.locator(".fg-cards__front").focus()
    page.keyboard.press("Space")
    assert page.locator(".fg-cards__back").is_visible()
    source = hrefs(page, ".fg-cards__source a")
    assert len(source) == 1 and source[0].endswith(f"/cases/{CASE}.html")
    assert_resolves(source[0], offline_site)
    page.keyboard.press("3")
    state = page.evaluate("JSON.parse(localStorage.getItem('fieldguide:cards'))")
    assert state["cards"][card]["box"] == 1
    assert page.locator(".fg-cards__card").get_attribute("data-card") != card
    downloads = hrefs(page, "article a[href$='.apkg'], article a[href$='.csv']")
    assert {Path(target(u)[0]).suffix for u in downloads} == {".apkg", ".csv"}
    for url in downloads:
        assert_resolves(url, offline_site)
    apkg = next(target(u)[0] for u in downloads if u.endswith(".apkg"))
    assert apkg.read_bytes()[:2] == b"PK"  # a zip, as Anki expects
    page.select_option("#fg-cards-filter", "kind:glossary")  # a term links to its glossary entry
    page.get_by_role("button", name="Show answer").click()
    glossary = hrefs(page, ".fg-cards__source a")
    assert len(glossary) == 1 and "/glossary.html#" in glossary[0]
    assert_resolves(glossary[0], offline_site)
    assert_clean(watch)


def test_question_bank_filters_narrow_the_list(
    offline_site: Path, page: Page, watch: Watch
) -> None:
    open_file(page, offline_site, "study/question-bank.html")
    page.wait_for_selector(".fg-bank__filters")
    total = page.locator(".fg-bank__item").count()
    assert page.locator(".fg-bank__item:visible").count() == total
    page.get_by_label("Domain", exact=True).select_option("fraud-detection")
    shown = page.locator(".fg-bank__item:visible")
    assert 0 < shown.count() < total
    for item in shown.all():
        assert "fraud-detection" in str(item.get_attribute("data-domains")).split()
    assert page.locator(".fg-bank__count").inner_text() == (
        f"Showing {shown.count()} of {total} prompts."
    )
    links = hrefs(page, ".fg-bank__item a")
    assert len(links) > 50
    for url in links:
        assert_resolves(url, offline_site)
    assert_clean(watch)


def test_technique_matrix_links_resolve(offline_site: Path, page: Page, watch: Watch) -> None:
    open_file(page, offline_site, "study/techniques.html")
    links = hrefs(page, "article table a")
    assert len(links) > 50
    for url in links:
        assert_resolves(url, offline_site)
    cell = page.locator(f"article table a[href*='cases/{CASE}.html#']").first
    cell.click()
    page.wait_for_url(f"**/cases/{CASE}.html#*")
    fragment = target(page.url)[1]
    assert page.locator(f'[id="{fragment}"]').is_visible()
    assert_clean(watch)


def test_what_if_change_recomputes_a_dependent_number(
    offline_site: Path, page: Page, watch: Watch
) -> None:
    entry = load_catalog(ROOT).by_slug(CASE)
    data: dict[str, Any] = case_numbers(entry.case.clarify.scale, entry.estimates)
    name, affected = next(
        (i["name"], dependents(data, i["name"]))
        for i in data["inputs"]
        if dependents(data, i["name"])
    )
    index = [i["name"] for i in data["inputs"]].index(name)
    value = next(i["value"] for i in data["inputs"] if i["name"] == name)
    open_file(page, offline_site, f"cases/{CASE}.html")
    page.locator(".fg-whatif summary").click()
    page.locator(f"#fg-whatif-0-{index}").fill(repr(value * 2))
    after = page.evaluate(NUMBER_TEXTS)
    changed = {other for other, spans in after.items() if all(mark for _, mark in spans)}
    assert changed == affected | {name}
    assert "differ from the case" in page.locator(".fg-whatif [role=status]").inner_text()
    assert_clean(watch)


def test_cheat_sheet_opens_and_links_back(offline_site: Path, page: Page, watch: Watch) -> None:
    open_file(page, offline_site, "cheat-sheets/index.html")
    for url in hrefs(page, "article a"):
        if url.startswith("file:"):
            assert_resolves(url, offline_site)
    page.locator(f"article a[href$='{CASE}.html']").first.click()
    page.wait_for_url(f"**/cheat-sheets/{CASE}.html")
    assert page.locator("h1").inner_text().startswith("Cheat sheet: ")
    diagrams = page.locator("article svg[id]")
    assert diagrams.count() >= 1 and diagrams.first.is_visible()  # pre-rendered, inline
    page.locator(f"article a[href$='cases/{CASE}.html']").first.click()
    page.wait_for_url(f"**/cases/{CASE}.html")
    assert page.get_by_role("link", name="one-page cheat sheet").count() >= 1
    assert_clean(watch)


# --- progress across pages ----------------------------------------------------------------------


def cell(page: Page, column: str) -> str:
    return page.locator(f'tr[data-case="{CASE}"] td[{column}]').inner_text()


def test_progress_from_other_pages_export_reset_import(
    offline_site: Path, page: Page, watch: Watch, tmp_path: Path
) -> None:
    """A tick on a case page and a flashcard review, written by pages in other folders, show on
    the progress page: all file:// pages of the copy share one localStorage (origin "file://")."""
    open_file(page, offline_site, f"cases/{CASE}.html")
    origin = page.evaluate("location.origin")
    box = page.locator(".fg-checklist input[data-item^='data.']").first
    box_id = box.get_attribute("id")
    page.click(f'label[for="{box_id}"]')
    open_file(page, offline_site, "study/flashcards.html")
    page.locator(".fg-cards__card").wait_for()
    page.select_option("#fg-cards-filter", f"case:{CASE}")
    page.locator(".fg-cards__card[data-card]").wait_for()
    page.locator(".fg-cards__front").focus()
    page.keyboard.press("Space")
    page.keyboard.press("3")
    open_file(page, offline_site, "study/progress.html")
    assert page.evaluate("location.origin") == origin == "file://"
    assert "offline copy" in page.locator("article").inner_text()  # how to carry progress over
    page.locator(f'tr[data-case="{CASE}"]').wait_for()
    assert cell(page, 'data-step="data"').startswith("1 / ")
    assert cell(page, "data-cards").startswith("1 / ")
    case_link = hrefs(page, f'tr[data-case="{CASE}"] a')
    assert case_link and case_link[0].endswith(f"/cases/{CASE}.html")
    assert_resolves(case_link[0], offline_site)

    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset all progress").click()
    assert cell(page, 'data-step="data"').startswith("0 / ")
    assert cell(page, "data-cards").startswith("0 / ")
    page.get_by_label("Import progress from a file").set_input_files(exported)
    page.wait_for_function(
        "document.querySelector('.fg-progress__message').textContent.startsWith('Imported')"
    )
    assert cell(page, 'data-step="data"').startswith("1 / ")
    open_file(page, offline_site, f"cases/{CASE}.html")  # the import reaches the case page
    assert page.locator(f'[id="{box_id}"]').is_checked()
    assert_clean(watch)


def test_without_instant_navigation_a_link_loads_the_next_tool(
    offline_site: Path, page: Page, watch: Watch
) -> None:
    """On file:// Material leaves links alone: a click is a full page load that runs the next
    page's tool scripts (once)."""
    open_file(page, offline_site, "study/progress.html")
    page.evaluate("window.__fgMarker = 'before'")
    page.locator("article a[href$='flashcards.html']").first.click()
    page.wait_for_url("**/study/flashcards.html")
    page.locator(".fg-cards__card").wait_for()
    assert page.evaluate("window.__fgMarker") is None  # a full load, not instant navigation
    assert page.locator(".fg-cards__card").count() == 1
    assert_clean(watch)


def test_every_link_of_the_copy_opens_a_file(offline_site: Path) -> None:
    """On file:// a link to a folder shows a file list, not its index.html: every relative link
    of every page names a file that exists (the 404 page is only used by a server)."""
    wrong: list[str] = []
    for page_file in sorted(offline_site.rglob("*.html")):
        if page_file.name == "404.html":
            continue
        text = page_file.read_text(encoding="utf-8")
        for href in set(re.findall(r'(?:href|src)="([^"#?]+)', text)):
            if re.match(r"^[a-z][a-z0-9+.-]*:", href):
                continue  # http(s) links are for the reader to follow, never loaded by a page
            if href.startswith("/") or not (page_file.parent / href).is_file():
                wrong.append(f"{page_file.relative_to(offline_site)}: {href}")
    assert wrong == []


def test_the_logo_opens_the_home_page(offline_site: Path, page: Page, watch: Watch) -> None:
    open_file(page, offline_site, "study/progress.html")
    page.locator(".md-header__button.md-logo").click()
    page.wait_for_url("**/index.html")
    assert target(page.url)[0] == offline_site / "index.html"
    assert page.locator("article h1").count() == 1
    assert_clean(watch)
