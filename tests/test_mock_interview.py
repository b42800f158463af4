"""The mock interview: phase budgets, the page data, and the timer in a real browser.

Browser tests control the page's clock (Playwright ``page.clock``), so nothing waits for real
minutes to pass.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, Page

from fieldguide.load.catalog import Catalog, load_catalog
from fieldguide.render.pages import environment
from fieldguide.render.sanitize import clean_html
from fieldguide.study.mock_interview import (
    CASE_FOLDER,
    DATA_SCRIPT,
    PAGE_PATH,
    SESSIONS,
    case_details,
    case_file,
    case_script,
    page_data,
    render_mock_interview,
    session_budgets,
)
from fieldguide.study.site import data_script, study_site

from .conftest import ROOT, Project
from .support.browser import Site, Watch, axe_violations, instant_navigate
from .test_pages import site_markdown

FRAMEWORK_MINUTES = [6, 5, 8, 9, 6, 7, 4]

# --- budgets -------------------------------------------------------------------------------


def test_the_framework_budgets_fill_45_minutes() -> None:
    steps = yaml.safe_load((ROOT / "framework" / "steps.yaml").read_text())["steps"]
    assert sum(step["minutes"] for step in steps) == 45
    assert SESSIONS == (45, 60)


def test_a_60_minute_interview_keeps_the_framework_budgets() -> None:
    framework = load_catalog(ROOT).framework
    budgets = session_budgets(framework)
    assert budgets["60"] == [step.minutes for step in framework.steps] == FRAMEWORK_MINUTES


def test_a_45_minute_interview_takes_a_minute_from_each_middle_step() -> None:
    # docs/framework/index.md: about 40 minutes of design time; clarify and monitoring stay whole
    budgets = session_budgets(load_catalog(ROOT).framework)
    assert budgets["45"] == [6, 4, 7, 8, 5, 6, 4]
    assert {total: sum(b) for total, b in budgets.items()} == {"45": 40, "60": 45}


def test_budgets_with_no_minute_to_spare_are_refused() -> None:
    framework = load_catalog(ROOT).framework
    tight = framework.model_copy(
        update={"steps": [s.model_copy(update={"minutes": 1}) for s in framework.steps]}
    )
    with pytest.raises(ValueError, match="no minute to take"):
        session_budgets(tight)


# --- the generated page ----------------------------------------------------------------------


def _mock_page(catalog_root: Path = ROOT) -> str:
    catalog = load_catalog(catalog_root).published()
    return next(p.content for p in study_site(catalog, ROOT).pages if p.path == PAGE_PATH)


def _data_script(catalog: Catalog) -> dict[str, object]:
    """The page's data, as the browser gets it: the generated mock-interview-data.js."""
    script = data_script("fieldguideMock", page_data(catalog))
    payload = script.split("window.fieldguideMock = ", 1)[1].split(";\ndocument", 1)[0]
    return dict(json.loads(payload))


def _case_script(script: object, slug: str) -> dict[str, Any]:
    """The data of a case's own script (``window.fieldguideMockCases[slug] = ...``)."""
    assert isinstance(script, str)
    head = (
        f"(window.fieldguideMockCases = window.fieldguideMockCases || {{}})[{json.dumps(slug)}] = "
    )
    assert head in script, script[:200]
    return dict(json.loads(script.split(head, 1)[1].split(";\n", 1)[0]))


class _Elements(HTMLParser):
    """Every tag and attribute name of a document, as a browser would parse it."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


def test_the_page_is_generated_and_in_the_study_nav() -> None:
    text = _mock_page()
    assert f"scripts:\n  - {DATA_SCRIPT}\n  - assets/javascripts/tools/mock-interview.js" in text
    nav = (ROOT / "mkdocs.yml").read_text()
    study = nav[nav.index("  - Study:") :]
    assert PAGE_PATH in study.split("\n  - ", 1)[0]


def test_serving_with_broken_cases_keeps_a_nav_target() -> None:
    stand_ins = {p.path: p for p in study_site(None, ROOT).pages}
    assert "scripts:" not in stand_ins[PAGE_PATH].content
    assert all("scripts:" not in p.content for p in stand_ins.values())


def test_the_page_data_survives_markdown_and_the_sanitizer() -> None:
    catalog = load_catalog(ROOT).published()
    files = {f.path: f.content for f in study_site(catalog, ROOT).files}
    script = files[DATA_SCRIPT]
    assert isinstance(script, str)
    assert script == data_script("fieldguideMock", page_data(catalog))
    data = _data_script(catalog)
    assert data == json.loads(json.dumps(page_data(catalog)))
    assert data["sessions"] == {"45": [6, 4, 7, 8, 5, 6, 4], "60": FRAMEWORK_MINUTES}
    slugs = [c["slug"] for c in data["cases"]]  # type: ignore[index]
    assert slugs == [e.slug for e in catalog.cases]
    first = data["cases"][0]  # type: ignore[index]
    assert set(first) == {"slug", "title", "file"}  # the index: no prompts, no probes
    details = _case_script(files[case_script(first["slug"])], first["slug"])
    assert set(details["probes"]) == {s.id for s in catalog.framework.steps}
    assert all(p["items"] for p in details["probes"].values())


def test_every_case_file_is_generated_and_named_by_the_index() -> None:
    catalog = load_catalog(ROOT).published()
    files = {f.path: f.content for f in study_site(catalog, ROOT).files}
    index = _data_script(catalog)
    listed = [c["file"] for c in index["cases"]]  # type: ignore[attr-defined]
    folder = "assets/javascripts/tools/"
    on_disk = [p.removeprefix(folder) for p in files if p.startswith(f"{folder}{CASE_FOLDER}/")]
    assert sorted(listed) == sorted(on_disk) and len(listed) == len(catalog.cases)
    for entry, summary in zip(catalog.cases, index["cases"], strict=True):  # type: ignore[call-overload]
        assert summary["file"] == case_file(entry.slug)
        details = _case_script(files[case_script(entry.slug)], entry.slug)
        assert details["prompts"] == list(entry.case.prompts)
        assert details == json.loads(json.dumps(case_details(entry)))
        assert details["followUps"] == [f.question for f in entry.case.interview.follow_ups]
    page = _mock_page()
    assert f"{CASE_FOLDER}/" not in page.split("---", 2)[1]  # the page links the index only


def test_hostile_case_text_stays_inert_data(project: Project) -> None:
    # the first prompt is shown on the page and sent to the script (a title can no longer hold
    # these characters: the schema refuses them)
    hostile = 'x" onmouseover="alert(1)" <script>alert(2)</script> {{ & }}'
    project.add_case(
        edit=lambda text: text.replace('  - "TODO: Design ..."', f"  - {json.dumps(hostile)}")
    )
    catalog = load_catalog(project.root)
    text = render_mock_interview(catalog, environment())
    assert "onmouseover" in text  # the hostile prompt is on the page, escaped
    parser = _Elements()
    parser.feed(clean_html(site_markdown().convert(text)))
    assert "script" not in parser.tags
    assert not any(name.startswith("on") for name in parser.attributes)
    details = json.loads(json.dumps(case_details(catalog.cases[0])))
    assert details["prompts"][0] == hostile


# --- in the browser ---------------------------------------------------------------------------

PATH = "study/mock-interview/"
START = "2026-12-01T10:00:00Z"
PAUSED_AT = "2026-12-01T10:01:00Z"


def open_mock(page: Page, site: Site) -> None:
    """Open the page with a fake clock that only moves when the test moves it."""
    page.clock.install(time=START)
    page.goto(site.url(PATH))
    page.wait_for_selector(".fg-mock[data-mock-ready] #fg-mock-case")
    page.clock.pause_at(PAUSED_AT)


def current_step(page: Page) -> str:
    return page.locator(".fg-mock__step").inner_text()


def checklist(page: Page) -> list[str]:
    return page.locator(".fg-mock__checklist li").all_inner_texts()


def start(page: Page, slug: str, session: str = "45") -> None:
    page.select_option("#fg-mock-case", slug)
    page.check(f"#fg-mock-session-{session}")
    page.click("[data-action=start]")
    page.wait_for_selector(".fg-mock__step")


@pytest.mark.browser
def test_the_timer_walks_through_the_steps(site: Site, page: Page, watch: Watch) -> None:
    framework = load_catalog(ROOT).framework
    open_mock(page, site)
    start(page, "video-recommendation")
    assert "video" in page.locator(".fg-mock__view ul").first.inner_text().lower()  # the prompt
    assert current_step(page) == f"Step 1 of 7: {framework.steps[0].title}"
    assert checklist(page) == [i.text for i in framework.steps[0].checklist]
    assert page.get_attribute(".fg-mock__live", "aria-live") == "polite"
    assert "Step 1 of 7" in page.inner_text(".fg-mock__live")
    page.clock.run_for("05:59")
    assert current_step(page).startswith("Step 1 of 7")
    assert page.inner_text(".fg-mock__clock").startswith("00:01 left")
    page.clock.run_for("00:02")
    assert current_step(page) == f"Step 2 of 7: {framework.steps[1].title}"
    assert checklist(page) == [i.text for i in framework.steps[1].checklist]
    assert "Step 2 of 7" in page.inner_text(".fg-mock__live")
    page.clock.run_for("13:00")  # 45-minute interview: 6 + 4 + 7 = 17, step 4 runs to 25:00
    assert current_step(page).startswith("Step 4 of 7")
    assert page.get_attribute(".fg-mock__phases li:nth-child(4)", "aria-current") == "step"
    page.clock.run_for("26:05")  # past its 40 minutes of design time: the end
    assert current_step(page) == "Interview over"
    assert page.locator(".fg-mock__answer li[data-step]").count() == 1
    practised = page.evaluate("JSON.parse(localStorage.getItem('fieldguide:practised'))")
    assert list(practised) == ["video-recommendation"]
    assert watch.errors == []


def mock_scripts(watch: Watch) -> list[str]:
    """The mock interview data scripts the page requested, as paths under the tools folder."""
    tools = "/assets/javascripts/tools/"
    return [
        u.split(tools, 1)[1]
        for u in watch.requests
        if tools in u and (u.endswith("mock-interview-data.js") or f"{tools}{CASE_FOLDER}/" in u)
    ]


@pytest.mark.browser
def test_a_first_visit_loads_the_index_and_a_case_when_it_starts(
    site: Site, page: Page, watch: Watch
) -> None:
    """Issue 13: the page loads the index only; a case's file loads when its interview starts,
    once per window; a reload of a running interview loads it again to show it."""
    open_mock(page, site)
    page.wait_for_load_state("networkidle")
    assert mock_scripts(watch) == ["mock-interview-data.js"]
    start(page, "news-feed")
    assert mock_scripts(watch) == ["mock-interview-data.js", f"{CASE_FOLDER}/news-feed.js"]
    case = load_catalog(ROOT).by_slug("news-feed").case
    # the prompts come with the case's file, not the index
    shown = page.locator("#fg-mock-prompt + ul li").all_inner_texts()
    assert shown == [f"“{p}”" for p in case.prompts]
    page.click("[data-action=interviewer]")
    assert case.clarify.questions[0].question in page.inner_text(".fg-mock__interviewer")
    page.click("[data-action=reset]")
    start(page, "news-feed")  # loaded already: not requested again
    assert mock_scripts(watch).count(f"{CASE_FOLDER}/news-feed.js") == 1
    page.reload()  # an interview in progress: the page loads its case to show it
    page.wait_for_selector(".fg-mock__step")
    assert current_step(page).startswith("Step 1 of 7")
    assert page.locator(".fg-mock__checklist li").count() > 0
    assert watch.errors == []


@pytest.mark.browser
def test_a_case_file_that_fails_to_load_is_named(site: Site, page: Page) -> None:
    blocked = f"**/tools/{CASE_FOLDER}/news-feed.js"
    page.route(blocked, lambda route: route.abort())
    open_mock(page, site)
    page.select_option("#fg-mock-case", "news-feed")
    page.click("[data-action=start]")
    error = page.locator(".fg-mock__error")
    error.wait_for()
    assert f"{CASE_FOLDER}/news-feed.js" in error.inner_text()
    assert "Could not load" in page.inner_text(".fg-mock__live")
    assert page.evaluate("localStorage.getItem('fieldguide:mock')") is None  # not started
    page.unroute(blocked)
    page.click("[data-action=start]")  # and it can be tried again
    page.wait_for_selector(".fg-mock__step")
    assert current_step(page).startswith("Step 1 of 7")


@pytest.mark.browser
def test_the_60_minute_interview_uses_the_framework_budgets(site: Site, page: Page) -> None:
    open_mock(page, site)
    start(page, "news-feed", session="60")
    assert (
        page.locator(".fg-mock__phases li")
        .all_inner_texts()[1]
        .endswith(f"{FRAMEWORK_MINUTES[1]} min")
    )
    page.clock.run_for("05:59")
    assert current_step(page).startswith("Step 1 of 7")
    page.clock.run_for("00:02")
    assert current_step(page).startswith("Step 2 of 7")
    assert page.inner_text(".fg-mock__clock").endswith("of 45:00")


@pytest.mark.browser
def test_pause_stops_the_clock_and_reload_resumes(site: Site, page: Page) -> None:
    open_mock(page, site)
    start(page, "video-recommendation")
    page.clock.run_for("02:00")
    page.keyboard.press("Tab")  # keyboard: focus moves from the prompt heading to the controls
    page.focus("[data-action=pause]")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.dataset.action") == "resume"  # focus kept
    assert "Paused" in page.inner_text(".fg-mock__live")
    paused = page.inner_text(".fg-mock__clock")
    assert paused.startswith("04:00 left")
    page.clock.run_for("10:00")
    assert page.inner_text(".fg-mock__clock") == paused
    page.reload()
    page.wait_for_selector(".fg-mock__clock")
    assert page.inner_text(".fg-mock__clock") == paused  # still paused after a reload
    page.click("[data-action=resume]")
    page.clock.run_for("01:00")
    assert page.inner_text(".fg-mock__clock").startswith("03:00 left")
    page.reload()  # running: the time that passed during the reload counts
    page.wait_for_selector(".fg-mock__clock")
    page.clock.run_for("03:01")
    assert current_step(page).startswith("Step 2 of 7")


@pytest.mark.browser
def test_instant_navigation_away_and_back_keeps_the_interview(site: Site, page: Page) -> None:
    open_mock(page, site)
    start(page, "video-recommendation")
    page.clock.run_for("01:00")
    page.evaluate("window.__fgMarker = 'instant'")
    instant_navigate(
        page, lambda: page.click('a.md-tabs__link[href$="/framework/"]'), "/framework/"
    )
    page.clock.run_for("05:30")  # the step changes while the reader is elsewhere
    instant_navigate(page, lambda: page.click(f'a.md-tabs__link[href$="/{PATH}"]'), f"/{PATH}")
    page.wait_for_selector(".fg-mock__step")
    assert page.evaluate("window.__fgMarker") == "instant"  # no full reload
    assert current_step(page).startswith("Step 2 of 7")
    assert page.inner_text(".fg-mock__clock").startswith("03:30 left")  # step 2: 4 minutes
    page.clock.run_for("04:31")
    assert current_step(page).startswith("Step 3 of 7")  # and it keeps ticking


@pytest.mark.browser
def test_a_case_pages_link_opens_the_setup_on_that_case(site: Site, page: Page) -> None:
    slugs = [e.slug for e in load_catalog(ROOT).published().cases]
    page.goto(site.url(f"cases/{slugs[1]}/"))  # not the first case: the setup's default
    link = page.locator(".admonition.tip a[href*='mock-interview']")
    assert (link.get_attribute("href") or "").endswith(f"/?case={slugs[1]}")
    link.click()
    page.wait_for_selector(".fg-mock[data-mock-ready] #fg-mock-case")
    assert page.input_value("#fg-mock-case") == slugs[1]
    page.goto(site.url(f"{PATH}?case={slugs[-1]}"))
    page.wait_for_selector(".fg-mock[data-mock-ready] #fg-mock-case")
    assert page.input_value("#fg-mock-case") == slugs[-1]  # not the first unpractised one
    page.goto(site.url(f"{PATH}?case=no-such-case"))
    page.wait_for_selector(".fg-mock[data-mock-ready] #fg-mock-case")
    assert page.input_value("#fg-mock-case") == slugs[0]  # an unknown slug is ignored


@pytest.mark.browser
def test_surprise_me_never_picks_a_practised_case(site: Site, page: Page) -> None:
    slugs = [e.slug for e in load_catalog(ROOT).published().cases]
    open_mock(page, site)
    left = slugs[len(slugs) // 2]
    practised = {slug: "2026-11-30T09:00:00.000Z" for slug in slugs if slug != left}
    page.evaluate(
        "(p) => localStorage.setItem('fieldguide:practised', JSON.stringify(p))", practised
    )
    page.reload()
    page.wait_for_selector("#fg-mock-case")
    for _ in range(25):
        page.click("[data-action=surprise]")
        assert page.input_value("#fg-mock-case") == left
    assert "(practiced 2026-11-30)" in page.locator("#fg-mock-case option").first.inner_text()
    two = {slug: "2026-11-30T09:00:00.000Z" for slug in slugs[2:]}
    page.evaluate("(p) => localStorage.setItem('fieldguide:practised', JSON.stringify(p))", two)
    page.reload()
    page.wait_for_selector("#fg-mock-case")
    picked = set()
    for _ in range(40):
        page.click("[data-action=surprise]")
        picked.add(page.input_value("#fg-mock-case"))
    assert picked == set(slugs[:2])


@pytest.mark.browser
def test_reveal_and_interviewer_view(site: Site, page: Page) -> None:
    catalog = load_catalog(ROOT).published()
    case = catalog.by_slug("video-recommendation").case
    open_mock(page, site)
    start(page, "video-recommendation")
    toggle = page.locator("[data-action=interviewer]")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.focus()
    page.keyboard.press("Enter")
    assert page.get_attribute("[data-action=interviewer]", "aria-pressed") == "true"
    interviewer = page.locator(".fg-mock__interviewer")
    assert case.clarify.questions[0].question in interviewer.inner_text()
    assert case.clarify.questions[0].assumption in interviewer.inner_text()
    assert case.interview.levels.staff[0] in interviewer.inner_text()
    page.click("[data-action=next]")
    assert case.frame.alternatives[0].why_not in interviewer.inner_text()
    page.click("[data-action=reveal]")
    answer = page.locator(".fg-mock__answer > li")
    assert answer.count() == 1
    href = answer.first.locator("a").get_attribute("href")
    assert href is not None and href.endswith("/cases/video-recommendation/#clarify")
    page.click("[data-action=reveal-next]")
    assert answer.count() == 2
    page.click("[data-action=reveal-all]")
    assert answer.count() == 7
    assert page.locator("[data-action=reveal-next]").count() == 0
    page.click("[data-action=end]")
    assert current_step(page) == "Interview over"
    page.click("[data-action=reset]")
    page.wait_for_selector("#fg-mock-case")
    assert page.evaluate("localStorage.getItem('fieldguide:mock')") is None


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_running_interview_passes_axe(site: Site, browser: Browser, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    tab = context.new_page()
    tab.goto(site.url(PATH))
    tab.wait_for_selector("#fg-mock-case")
    found = {"setup": axe_violations(tab)}
    start(tab, "video-recommendation")
    tab.click("[data-action=interviewer]")
    tab.click("[data-action=reveal]")
    tab.hover("[data-action=interviewer]")  # a hovered, focused button keeps its contrast
    found["running"] = axe_violations(tab)
    context.close()
    assert found == {"setup": [], "running": []}
