"""The question bank: the curated data's checks, the page, and filtering in a real browser."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from fieldguide.load.catalog import Catalog, load_catalog
from fieldguide.load.problems import ProblemsFound
from fieldguide.study.question_bank import (
    BANK_FILE,
    PAGE,
    SCRIPT,
    entries,
    load_bank,
    render_bank,
)
from fieldguide.study.revision import revision_pages
from fieldguide.study.techniques import load_techniques

from .conftest import ROOT, line_of
from .support.browser import Site, Watch, axe_violations, instant_navigate

# The built site, browser and page fixtures of the browser tests (one build for this module).

BANK_URL = "study/question-bank/"


def project_with_bank(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "data", root / "data")
    for folder in ("concepts", "framework"):  # the pages data files point readers to
        shutil.copytree(ROOT / "docs" / folder, root / "docs" / folder)
    (root / BANK_FILE).write_text(text, encoding="utf-8")
    return root


def problems_for(tmp_path: Path, catalog: Catalog, text: str) -> list[tuple[int, str, str]]:
    root = project_with_bank(tmp_path, text)
    with pytest.raises(ProblemsFound) as caught:
        load_bank(root, catalog, load_techniques(root))
    assert all(p.file == BANK_FILE for p in caught.value.problems)
    return [(p.line, p.field, p.message) for p in caught.value.problems]


def test_the_curated_bank_loads_with_dozens_of_distinct_prompts(catalog: Catalog) -> None:
    bank = load_bank(ROOT, catalog, load_techniques(ROOT))
    assert 35 <= len(bank.prompts) <= 120  # about two per case, beside each case's own prompts
    assert {p.level.value for p in bank.prompts} == {"mid", "senior", "staff"}
    assert len({p.prompt for p in bank.prompts}) == len(bank.prompts)


def test_an_unknown_case_slug_is_reported_with_file_line_and_field(
    tmp_path: Path, catalog: Catalog
) -> None:
    text = (ROOT / BANK_FILE).read_text(encoding="utf-8")
    edited = text.replace(
        "cases: [video-recommendation, news-feed]", "cases: [video-recommendation, newsfeed]", 1
    )
    [(line, field, message)] = problems_for(tmp_path, catalog, edited)
    assert line == line_of(edited, "newsfeed]")
    assert field == "prompts[0].cases[1]"
    assert "found 'newsfeed'" in message and "news-feed" in message


def test_a_missing_primer_page_is_reported(tmp_path: Path, catalog: Catalog) -> None:
    text = (ROOT / BANK_FILE).read_text(encoding="utf-8")
    edited = text.replace(
        "primers: [concepts/responsible-ml.md, concepts/monitoring.md]",
        "primers: [concepts/responsible-ml.md, concepts/monitor.md]",
        1,
    )
    [(line, field, message)] = problems_for(tmp_path, catalog, edited)
    assert line == line_of(edited, "concepts/monitor.md")
    assert field == "prompts[1].primers[1]"
    assert "concepts/monitor.md" in message


def test_an_unknown_technique_and_a_bad_level_are_reported(
    tmp_path: Path, catalog: Catalog
) -> None:
    text = (ROOT / BANK_FILE).read_text(encoding="utf-8")
    edited = text.replace("techniques: [two-tower, ann, multi-task]", "techniques: [towers]", 1)
    [(line, field, message)] = problems_for(tmp_path, catalog, edited)
    assert (line, field) == (line_of(edited, "techniques: [towers]"), "prompts[0].techniques[0]")
    assert "found 'towers'" in message
    edited = text.replace("level: mid", "level: junior", 1)
    [(line, field, message)] = problems_for(tmp_path / "level", catalog, edited)
    assert (line, field) == (line_of(edited, "level: junior"), "prompts[2].level")


def test_every_case_prompt_and_every_curated_prompt_is_on_the_page(catalog: Catalog) -> None:
    techniques = load_techniques(ROOT)
    bank = load_bank(ROOT, catalog, techniques)
    found = entries(ROOT, catalog, techniques, bank)
    assert len(found) == len(bank.prompts) + sum(len(e.case.prompts) for e in catalog.cases)
    markdown = render_bank(found, techniques)
    assert markdown.count('<li class="fg-bank__item"') == len(found)
    assert f"  - {SCRIPT}\n" in markdown  # the tool script is declared in the front matter
    for entry in found:
        assert entry.domains and entry.levels
        assert set(entry.domains) <= {d for c in entry.cases for d in c.case.tags.domains}
    fake = next(e for e in found if "fake accounts" in e.text)
    assert [c.slug for c in fake.cases] == ["fake-accounts", "people-you-may-know"]
    assert [p.path for p in fake.primers] == [
        "concepts/responsible-ml.md",
        "concepts/monitoring.md",
    ]


def test_case_prompts_list_whole_primers_before_chapter_sections(catalog: Catalog) -> None:
    techniques = load_techniques(ROOT)
    found = entries(ROOT, catalog, techniques, load_bank(ROOT, catalog, techniques))
    from_cases = [[("#" in p.path) for p in e.primers] for e in found if not e.curated]
    assert any(True in kinds and False in kinds for kinds in from_cases)
    assert all(kinds == sorted(kinds) for kinds in from_cases)


def test_prompt_text_is_escaped(catalog: Catalog) -> None:
    techniques = load_techniques(ROOT)
    [entry, *_] = entries(ROOT, catalog, techniques, load_bank(ROOT, catalog, techniques))
    hostile = entry.__class__(
        '<script>alert(1)</script> [x](javascript:alert(1)) " onclick="x',
        True,
        entry.cases,
        entry.primers,
        entry.levels,
        entry.domains,
        entry.techniques,
    )
    markdown = render_bank([hostile], techniques)
    assert "<script>" not in markdown and "](javascript" not in markdown
    assert "&lt;script&gt;" in markdown


def test_the_bank_page_is_generated(catalog: Catalog) -> None:
    pages = {p.path: p for p in revision_pages(catalog, ROOT)}
    assert pages[PAGE].source == BANK_FILE


# --- in the browser -----------------------------------------------------------------------------


def visible_items(tab: Page) -> int:
    return int(tab.locator(".fg-bank__item:visible").count())


@pytest.mark.browser
def test_without_javascript_every_prompt_is_listed(site: Site) -> None:
    html = (site.folder / BANK_URL / "index.html").read_text(encoding="utf-8")
    items = len(re.findall(r'<li class="fg-bank__item"', html))
    catalog = load_catalog(ROOT).published()
    expected = len(load_bank(ROOT, catalog, load_techniques(ROOT)).prompts) + sum(
        len(e.case.prompts) for e in catalog.cases
    )
    assert items == expected
    assert "tools/question-bank.js" in html


@pytest.mark.browser
def test_filtering_by_domain_and_level_narrows_the_list(
    site: Site, page: Page, watch: Watch
) -> None:
    page.goto(site.url(BANK_URL))
    count = page.locator(".fg-bank__count")
    total = page.locator(".fg-bank__item").count()
    assert visible_items(page) == total
    assert count.inner_text() == f"Showing all {total} prompts."

    page.get_by_label("Domain", exact=True).select_option("fraud-detection")
    by_domain = visible_items(page)
    assert 0 < by_domain < total
    for item in page.locator(".fg-bank__item:visible").all():
        assert "fraud-detection" in str(item.get_attribute("data-domains")).split()
    assert count.inner_text() == f"Showing {by_domain} of {total} prompts."

    page.get_by_label("Level", exact=True).select_option("staff")
    both = visible_items(page)
    assert 0 < both < by_domain
    for item in page.locator(".fg-bank__item:visible").all():
        assert "staff" in str(item.get_attribute("data-levels")).split()
        assert "fraud-detection" in str(item.get_attribute("data-domains")).split()

    page.get_by_label("Technique", exact=True).select_option(label="Calibration")
    for item in page.locator(".fg-bank__item:visible").all():
        assert "calibration" in str(item.get_attribute("data-techniques")).split()

    page.get_by_role("button", name="Show all").click()
    page.wait_for_function("document.querySelectorAll('.fg-bank__item[hidden]').length === 0")
    assert visible_items(page) == total
    assert watch.errors == []


@pytest.mark.browser
def test_filters_work_by_keyboard_and_survive_instant_navigation(
    site: Site, page: Page, watch: Watch
) -> None:
    page.goto(site.url(BANK_URL))
    total = page.locator(".fg-bank__item").count()
    page.get_by_label("Level", exact=True).focus()
    page.keyboard.press("ArrowDown")  # first real option: mid
    page.wait_for_function(
        f"document.querySelectorAll('.fg-bank__item:not([hidden])').length < {total}"
    )
    # Away and back with instant navigation: the script initialises the page again, once.
    techniques = page.locator(".md-sidebar--primary a[href$='techniques/']").first
    instant_navigate(page, techniques.click, "/study/techniques/")
    instant_navigate(page, page.go_back, "/study/question-bank/")
    page.wait_for_selector(".fg-bank__filters")
    assert page.locator(".fg-bank__filters").count() == 1
    assert page.locator("#fg-bank-levels").count() == 1
    assert watch.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_bank_passes_axe(site: Site, browser: Browser, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    page = context.new_page()
    page.goto(site.url(BANK_URL))
    page.wait_for_selector(".fg-bank__filters")
    page.get_by_label("Domain", exact=True).select_option("search")
    violations = axe_violations(page)
    context.close()
    assert violations == []
