"""The built site in a real headless Chromium (Debian's package, driven by Playwright).

The site is built with ``site_url`` set to the local server so that Material's instant
navigation is active, then served on 127.0.0.1. Every request to any other host is blocked and
recorded; every console error is recorded.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from fieldguide.load.catalog import load_catalog
from fieldguide.load.yamlsource import load_yaml_file
from fieldguide.render.diagrams import escape_label, normalise

from .conftest import ROOT
from .support.browser import (
    AXE,
    TRANSITIONS_DONE,
    Site,
    Watch,
    diagram_count,
    instant_navigate,
    load_deferred_diagrams,
    sweep_pages,
    wait_for_diagrams,
    wake_instant_navigation,
    watched_page,
)
from .support.server import serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

pytestmark = pytest.mark.browser

LAZY_SAMPLE = ["cases/video-recommendation/", "concepts/offline-metrics/", "reference/components/"]


def test_every_diagram_is_prerendered_for_the_deployed_site(
    site: Site, deployed_site: Site
) -> None:
    """`make build` ships every diagram as inline SVG (the pre-render fails on any diagram that
    does not render), and no page keeps Mermaid source or loads Mermaid."""
    with_diagrams = [p for p in site.pages() if diagram_count(site, p)]
    for entry in load_catalog(ROOT).published().cases:  # every case, with its 4+ diagrams
        assert diagram_count(site, f"cases/{entry.slug}/") >= 4, entry.slug
    assert set(LAZY_SAMPLE) <= set(with_diagrams)
    for path in deployed_site.pages():
        html = (deployed_site.folder / path / "index.html").read_text(encoding="utf-8")
        assert 'class="mermaid"' not in html, path
        assert "mermaid-loader" not in html, path
        expected = diagram_count(site, path) if path in with_diagrams else 0
        assert len(re.findall(r'class="fg-diagram(?: fg-diagram--wide)?"', html)) == expected, path
        drawn = re.findall(r'<svg id="fg-mermaid-\d+"[^>]*>', html)
        for name in re.findall(r'data-fg-svg="([^"]+)"', html):  # deferred: a file each
            svg = (deployed_site.folder / "assets" / "diagrams" / name).read_text()
            assert svg.startswith("<svg") and svg.endswith("</svg>"), (path, name)
            drawn += re.findall(r'<svg id="fg-mermaid-\d+"[^>]*>', svg)
        assert len(drawn) == expected, path
        unnamed = [root for root in drawn if "aria-labelledby=" not in root]
        assert unnamed == [], (path, unnamed)  # every drawing has its <title> as its name
    assert not (deployed_site.folder / "assets" / "vendor" / "mermaid").exists()


DEFERRED_CASE = "cases/video-recommendation/"
NODE_FILL = """(svg) => {
  const shape = svg.querySelector(".node rect, .node polygon, .node path");
  return getComputedStyle(shape).fill;
}"""


def test_far_diagrams_load_as_the_reader_nears_them(
    site: Site, deployed_site: Site, page: Page, watch: Watch
) -> None:
    """On the published site a diagram far down its page is a box of its shape showing its
    title; its SVG is fetched only when the reader scrolls near it (or prints), drawn in the
    same space, each file once, in the page's palette."""
    page.goto(deployed_site.url(DEFERRED_CASE))
    page.wait_for_load_state("networkidle")
    fetched = lambda: [u for u in watch.requests if "/assets/diagrams/" in u]  # noqa: E731
    boxes = page.locator(".fg-diagram__deferred")
    deferred = boxes.count()
    assert deferred >= 3 and fetched() == []  # nothing fetched on arrival
    first = boxes.first
    title = first.text_content() or ""  # the text, even before it is rendered
    assert title.startswith("Diagram: ") and len(title) > len("Diagram: ") + 3
    shape = first.bounding_box()
    first.scroll_into_view_if_needed()
    page.wait_for_function(
        "n => document.querySelectorAll('.fg-diagram__deferred').length < n", arg=deferred
    )
    svg = page.locator("svg[id^=fg-mermaid-]").first
    drawn = svg.bounding_box()
    assert shape and drawn and abs(drawn["height"] - shape["height"]) < 2  # nothing moved
    assert svg.locator("title").first.text_content() == title.removeprefix("Diagram: ")
    assert svg.evaluate(NODE_FILL) not in ("rgb(0, 0, 0)", "none", "")  # the theme applies
    load_deferred_diagrams(page)
    assert page.locator("svg[id^=fg-mermaid-]").count() == diagram_count(site, DEFERRED_CASE)
    assert len(fetched()) == len(set(fetched())) == deferred  # each file once
    # Dark palette: the loaded drawings follow it like the inline ones.
    light = svg.evaluate(NODE_FILL)
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    assert svg.evaluate(NODE_FILL) != light
    assert watch.errors == []


def test_a_published_case_page_prints_every_diagram(
    site: Site, deployed_site: Site, page: Page, watch: Watch
) -> None:
    """Printing right after opening the page (no diagram scrolled to) still prints every
    drawing: the loader reads the missing ones when the browser announces the print."""
    page.goto(deployed_site.url(DEFERRED_CASE))
    page.wait_for_load_state("networkidle")
    assert page.locator(".fg-diagram__deferred").count() >= 3
    page.evaluate("""addEventListener("afterprint", () => window.__fgLeft =
      document.querySelectorAll(".fg-diagram__deferred").length)""")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert page.evaluate("window.__fgLeft") == 0  # none was missing when the copy was printed
    assert page.locator("svg[id^=fg-mermaid-]").count() == diagram_count(site, DEFERRED_CASE)
    assert watch.errors == []


def test_a_diagram_that_does_not_load_says_so_and_tries_again(
    deployed_site: Site, page: Page
) -> None:
    failing = [True]

    def diagrams(route: Route) -> None:
        if failing[0]:
            route.fulfill(status=503, body="down")
        else:
            route.continue_()

    page.route("**/assets/diagrams/*.svg", diagrams)
    page.goto(deployed_site.url(DEFERRED_CASE))
    box = page.locator(".fg-diagram__deferred").first
    box.scroll_into_view_if_needed()
    message = box.locator(".fg-diagram__failed")
    message.wait_for()
    assert "This diagram did not load (HTTP 503)" in message.inner_text()
    failing[0] = False
    before = page.locator("svg[id^=fg-mermaid-]").count()
    failed = page.locator(".fg-diagram__failed").count()  # others near it failed too
    message.get_by_role("button", name="Try again").click()
    page.wait_for_function(
        "n => document.querySelectorAll('svg[id^=fg-mermaid-]').length > n", arg=before
    )
    assert page.locator(".fg-diagram__failed").count() == failed - 1


def test_far_diagrams_load_after_instant_navigation(
    site: Site, deployed_site: Site, browser: Browser, watch: Watch
) -> None:
    """The published pages, served at the address they were built for so that Material's
    instant navigation is on: after an instant page change the loader runs again."""

    def from_deployed(route: Route) -> None:
        path = deployed_site.folder / route.request.url.removeprefix(site.base).split("?")[0]
        path = path / "index.html" if path.is_dir() else path
        if path.is_file():
            route.fulfill(path=path)
        else:
            route.fulfill(status=404)

    with watched_page(browser, watch) as page:
        page.route(site.base + "**", from_deployed)
        page.goto(site.url("cases/"))
        page.wait_for_load_state("networkidle")
        wake_instant_navigation(page)  # the sitemap is in: clicks navigate instantly
        page.evaluate("window.__fgMarker = 'still here'")
        link = f'article a[href$="/{DEFERRED_CASE}"]'
        instant_navigate(page, lambda: page.click(link), "/" + DEFERRED_CASE)
        deferred = page.locator(".fg-diagram__deferred")
        waiting = deferred.count()
        assert waiting >= 3
        deferred.last.scroll_into_view_if_needed()
        page.wait_for_function(
            "n => document.querySelectorAll('.fg-diagram__deferred').length < n", arg=waiting
        )
        assert page.evaluate("window.__fgMarker") == "still here"  # no full reload
    assert watch.errors == []


def test_diagrams_render_lazily_as_under_serve(site: Site, page: Page, watch: Watch) -> None:
    for path in LAZY_SAMPLE:
        page.goto(site.url(path))
        wait_for_diagrams(page, diagram_count(site, path))
    assert watch.errors == []


def test_every_page_loads_clean_and_passes_axe(deployed_site: Site, browser: Browser) -> None:
    """Every page of the site as deployed, in the light palette: it loads with no console or page
    error and no request to another host (``watched_page`` records both), every diagram it
    defers is drawn, and axe-core (pinned in package.json) finds no WCAG 2.0/2.1 A/AA or 2.2 AA
    violation with every block rendered."""
    watch = Watch()
    paths = deployed_site.pages()
    found = sweep_pages(browser, deployed_site, paths, watch)
    loaded = {url.removeprefix(deployed_site.base) for url in watch.requests}
    assert set(paths) <= loaded  # every page was asked for
    assert watch.errors == []
    assert found == {}


def test_mermaid_loads_only_where_there_is_a_diagram(site: Site, page: Page, watch: Watch) -> None:
    without = [p for p in site.pages() if diagram_count(site, p) == 0]
    assert "cases/" in without
    page.goto(site.url("cases/"))
    page.wait_for_load_state("networkidle")
    assert not any("mermaid.esm" in url for url in watch.requests)
    page.goto(site.url("cases/video-recommendation/"))
    wait_for_diagrams(page, diagram_count(site, "cases/video-recommendation/"))
    assert any(url.endswith("/assets/vendor/mermaid/mermaid.esm.min.mjs") for url in watch.requests)


def test_instant_navigation_to_a_diagram_page_renders_it(site: Site, page: Page) -> None:
    page.goto(site.url("cases/"))
    page.wait_for_load_state("networkidle")
    wake_instant_navigation(page)  # the sitemap is in: clicks navigate instantly
    assert diagram_count(site, "cases/") == 0
    page.evaluate("window.__fgMarker = 'still here'")
    link = 'article a[href$="/cases/video-recommendation/"]'
    instant_navigate(page, lambda: page.click(link), "/cases/video-recommendation/")
    wait_for_diagrams(page, diagram_count(site, "cases/video-recommendation/"))
    assert page.evaluate("window.__fgMarker") == "still here"  # no full reload: instant navigation


def test_dark_toggle_recolours_diagrams(site: Site, page: Page) -> None:
    page.goto(site.url("reference/components/"))
    wait_for_diagrams(page, 1)
    fill = """() => {
      const shape = document.querySelector("div.mermaid").shadowRoot
        .querySelector(".fg-service rect, .fg-service path, .fg-service polygon");
      return getComputedStyle(shape).fill;
    }"""
    light = page.evaluate(fill)
    for _ in range(3):  # the toggle cycles: system preference, light, dark
        if page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate":
            break
        page.click("form[data-md-component=palette] label:not([hidden])")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    dark = page.evaluate(fill)
    assert light != dark
    assert page.evaluate(
        "document.querySelector('div.mermaid').shadowRoot.querySelector('svg') !== null"
    )


def yaml_only_term() -> str:
    """A word that appears in the exemplar's case.yaml and nowhere in its notes or docs/."""
    case_dir = ROOT / "cases" / "video-recommendation"
    data = load_yaml_file(case_dir / "case.yaml", "case.yaml").data
    words: list[str] = []

    def collect(value: object) -> None:
        if isinstance(value, str):
            words.extend(re.findall(r"[A-Za-z]{9,}", value))
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(data)
    elsewhere = " ".join(
        p.read_text().lower()
        for p in [*case_dir.glob("notes/*.md"), *(ROOT / "docs").rglob("*.md")]
    )
    for word in words:
        if word.lower() not in elsewhere:
            return word
    raise AssertionError("no word of case.yaml is unique to it")


def test_search_finds_the_exemplar_by_a_yaml_only_term(site: Site, page: Page) -> None:
    term = yaml_only_term()
    page.goto(site.url(""))
    page.click(".md-search__input")
    page.wait_for_function(
        "!/Initializing/i.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=20_000,
    )  # the search worker has built its index
    page.locator(".md-search__input").press_sequentially(term, delay=30)  # as a reader types
    result = page.locator('.md-search-result__item a[href*="cases/video-recommendation/"]').first
    result.wait_for(timeout=15_000)
    page.wait_for_function(
        "(t) => document.querySelector('.md-search-result__list')"
        ".innerHTML.toLowerCase().includes(t)",
        arg=term.lower(),
    )  # the result shows the matched term (highlighted)


def test_checklist_ticks_survive_reload_and_instant_navigation(site: Site, page: Page) -> None:
    path = "cases/video-recommendation/"
    page.goto(site.url(path))
    boxes = page.locator(".fg-checklist input[type=checkbox]")
    assert boxes.count() > 20
    first = boxes.nth(0)
    label_for = first.get_attribute("id")
    # text_content: a block far down is not laid out until the reader nears it (content-visibility),
    # but its text is in the accessibility tree all along.
    assert (page.locator(f'label[for="{label_for}"]').text_content() or "").strip()
    page.click(f'label[for="{label_for}"]')
    assert first.is_checked()
    page.reload()
    page.wait_for_load_state("networkidle")
    wake_instant_navigation(page)  # the sitemap is in: clicks navigate instantly
    assert page.locator(f'[id="{label_for}"]').is_checked()
    page.evaluate("window.__fgMarker = 'instant'")
    for link, path in [
        ('a.md-tabs__link[href$="/framework/"]', "/framework/"),
        ('a.md-tabs__link[href$="/cases/"]', "/cases/"),
        ('article a[href$="/cases/video-recommendation/"]', "/cases/video-recommendation/"),
    ]:
        instant_navigate(page, lambda link=link: page.click(link), path)
    page.locator(f'[id="{label_for}"]').wait_for()
    assert page.evaluate("window.__fgMarker") == "instant"  # the page was not reloaded
    assert page.locator(f'[id="{label_for}"]').is_checked()
    assert "1 of" in (page.locator(".fg-checklist__progress").text_content() or "")


def test_checklist_boxes_are_finger_sized_on_a_touch_screen(site: Site, browser: Browser) -> None:
    """24 px boxes where the pointer is coarse (WCAG 2.5.8's size), the theme's small ones with a
    mouse."""
    sizes = {}
    for touch in (True, False):
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=touch, has_touch=touch
        )
        page = context.new_page()
        page.goto(site.url("cases/video-recommendation/"))
        box = page.locator(".fg-checklist input[type=checkbox]").first
        box.scroll_into_view_if_needed()
        assert page.evaluate("matchMedia('(pointer: coarse)').matches") is touch
        found = box.bounding_box()
        assert found is not None
        sizes[touch] = (found["width"], found["height"])
        context.close()
    assert min(sizes[True]) >= 24
    assert max(sizes[False]) < 24


def test_step_chapters_show_the_framework_checklist(site: Site, page: Page) -> None:
    framework = load_catalog(ROOT).framework
    for step in framework.steps:
        page.goto(site.url(f"framework/{step.id}/"))
        scope = f'.fg-checklist[data-checklist="framework-{step.id}"]'
        items = page.locator(f"{scope} label").all_inner_texts()
        assert items == [item.text for item in step.checklist]
        page.locator(f"{scope} input").first.check()
        page.reload()
        assert page.locator(f"{scope} input").first.is_checked()


NASTY_LABELS = [
    'say "end" now',
    "<b>not bold</b>",
    "a --> b",
    "#35; literal",
    "x]]; y",
    "100% `tick`",
    "é 中 🙂",
]


def test_escaped_labels_render_as_the_same_text(site: Site, page: Page) -> None:
    page.goto(site.url("reference/components/"))
    wait_for_diagrams(page, 1)
    nodes = "\n".join(f'  n{i}["{escape_label(label)}"]' for i, label in enumerate(NASTY_LABELS))
    source = f"flowchart LR\n{nodes}\n  n0 --> n1"
    texts = page.evaluate(
        """async (source) => {
             const {svg} = await window.mermaid.render("fgEscapeTest", source);
             const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
             return [...doc.querySelectorAll(".nodeLabel")].map(n => n.textContent);
           }""",
        source,
    )
    assert texts == [normalise(label) for label in NASTY_LABELS]


DARK_SAMPLE = [
    "",
    "cases/video-recommendation/",
    "framework/clarify/",
    "concepts/offline-metrics/",
    "glossary/",
    "contributing/",
    "reference/components/",
]


def test_a_sample_of_every_kind_of_page_passes_axe_in_the_dark_palette(
    deployed_site: Site, browser: Browser
) -> None:
    watch = Watch()
    assert sweep_pages(browser, deployed_site, DARK_SAMPLE, watch, scheme="dark") == {}
    assert watch.errors == []


def test_the_sweep_reports_console_errors_and_axe_violations(
    browser: Browser, tmp_path: Path
) -> None:
    """The sweep can fail: a planted page with an unnamed image and a script that logs an error
    is reported for both, and its clean neighbour for neither."""
    (tmp_path / "clean").mkdir()
    (tmp_path / "planted").mkdir()
    head = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
    (tmp_path / "clean" / "index.html").write_text(f"{head}<body><main><p>Fine.</p></main></body>")
    (tmp_path / "planted" / "index.html").write_text(
        f'{head}<body><main><img src="data:," width="9" height="9">'
        '<script>console.error("planted error")</script></main></body>'
    )
    watch = Watch()
    with serve(tmp_path) as base:
        found = sweep_pages(browser, Site(base, tmp_path), ["clean/", "planted/"], watch, tabs=2)
    assert list(found) == ["planted/"]
    assert any(line.startswith("image-alt: ") for line in found["planted/"])
    assert len(watch.errors) == 1 and "planted error" in watch.errors[0]
    assert watch.errors[0].startswith(base + "planted/")


def test_offline_copy_works_from_the_file_system(offline_site: Path, browser: Browser) -> None:
    """`make offline`: diagrams, search and checklists work from file:// with no request out."""
    context = browser.new_context()
    outside: list[str] = []

    def route(route: Route) -> None:
        if route.request.url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    case = offline_site / "cases" / "video-recommendation.html"
    page.goto(case.as_uri())
    diagrams = page.locator(".fg-diagram svg")
    assert diagrams.count() >= 4
    assert all(diagrams.nth(i).is_visible() for i in range(diagrams.count()))
    page.click(".md-search__input")
    page.locator(".md-search__input").press_sequentially(yaml_only_term(), delay=30)
    page.locator('.md-search-result__item a[href*="video-recommendation.html"]').first.wait_for()
    page.keyboard.press("Escape")
    box = page.locator(".fg-checklist input[type=checkbox]").first
    box.check()
    page.reload()
    assert page.locator(".fg-checklist input[type=checkbox]").first.is_checked()
    context.close()
    assert outside == [] and errors == []


HOSTILE_NOTE = """Plain text.

<script>window.__pwned = 1; alert("script")</script>

<img src=x onerror="window.__pwned = 2; alert('img')">

[click](javascript:alert('link')) and [data](data:text/html,<script>alert(1)</script>)

A paragraph with an attribute list.
{ onmouseover="alert('attr')" id="hover-me" }

![pixel](https://evil.test/pixel.png)

<iframe src="https://evil.test/frame"></iframe>

<svg onload="alert('svg')"></svg>
"""


def test_a_page_built_from_a_hostile_note_runs_no_script(
    site: Site, page: Page, watch: Watch
) -> None:
    """Layer 2 on its own, in a real browser: the note is rendered with the site's Markdown (the
    policy that would have refused it is bypassed), sanitized, and put into a real built page."""
    from fieldguide.render.sanitize import clean_html

    from .test_untrusted_notes import site_markdown

    html = clean_html(site_markdown().convert(HOSTILE_NOTE))
    template = (site.folder / "cases" / "video-recommendation" / "index.html").read_text()
    start = template.index('<article class="md-content__inner md-typeset">')
    end = template.index("</article>", start)
    hostile = site.folder / "hostile-note" / "index.html"
    hostile.parent.mkdir(exist_ok=True)
    hostile.write_text(
        template[:start] + '<article class="md-content__inner md-typeset">' + html + template[end:]
    )
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(site.url("hostile-note/"))
        page.wait_for_load_state("networkidle")
        for link in page.locator("article a").all():
            if link.is_visible():
                link.click(modifiers=["Control"], no_wait_after=True)  # in background, if at all
        page.hover("article p >> nth=0")
        text = page.inner_text("article")
    finally:  # the built site is shared by the whole session: leave it as it was
        shutil.rmtree(hostile.parent)
    assert dialogs == [], dialogs
    assert page.evaluate("window.__pwned === undefined")
    assert "Plain text." in text
    assert not any("evil.test" in url for url in watch.requests), watch.requests


def test_far_blocks_render_near_the_screen_and_deep_links_still_land(
    deployed_site: Site, page: Page, watch: Watch
) -> None:
    """A long page lays out only what is near the screen (fieldguide.css, content-visibility),
    yet a link to a heading far down lands on that heading, from outside the page and from the
    table of contents, once the blocks above it have taken their real heights."""
    path = "cases/video-recommendation/"
    page.goto(deployed_site.url(path))
    page.wait_for_load_state("networkidle")
    # A cell of the last table sits inside a block that is not rendered on arrival.
    last = page.locator("article td").last
    skipped = "el => !el.checkVisibility({contentVisibilityAuto: true})"
    assert last.evaluate(skipped)
    assert not page.locator("article h1").evaluate(skipped)  # the top is rendered
    # Material makes the table of contents' links absolute.
    toc = page.locator('.md-sidebar--secondary a.md-nav__link[href*="#"]')
    link = toc.nth(toc.count() - 2)
    target = (link.get_attribute("href") or "#").rsplit("#", 1)[1]
    assert target and page.locator(f"article h2#{target}").count() == 1  # a section far down
    top = f"() => document.getElementById({target!r}).getBoundingClientRect().top"
    page.goto(deployed_site.url(path) + "#" + target)
    page.wait_for_timeout(1500)  # blocks above render, scroll anchoring keeps the heading
    assert -1 < page.evaluate(top) < 150  # at the top, to within a (fractional) pixel
    page.goto(deployed_site.url(path))
    page.wait_for_load_state("networkidle")
    link.click()
    page.wait_for_timeout(1500)
    assert -1 < page.evaluate(top) < 150  # at the top, to within a (fractional) pixel
    assert watch.errors == []


@pytest.mark.parametrize("width", [412, 1280])
def test_blocks_not_yet_rendered_give_no_false_contrast_or_target_findings(
    deployed_site: Site, browser: Browser, width: int
) -> None:
    """axe run on a page as it loads, as Lighthouse runs it, with the blocks far down not yet
    rendered: their text must not be measured as if it spilled out of their placeholders onto
    the blocks below and the footer (fieldguide.css: `overflow: hidden`). Geometry rules only;
    every rule runs on every page with every block rendered in
    test_every_page_loads_clean_and_passes_axe."""
    context = browser.new_context(viewport={"width": width, "height": 850}, has_touch=width < 500)
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    page = context.new_page()
    page.goto(deployed_site.url("cases/video-recommendation/"))
    page.wait_for_load_state("networkidle")
    page.wait_for_function(TRANSITIONS_DONE)
    skipped = "el => !el.checkVisibility({contentVisibilityAuto: true})"
    assert page.locator("article td").last.evaluate(skipped)  # the case this test is about
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, {runOnly: ["color-contrast", "target-size"]}))
             .violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`)"""
    )
    # The clipping must not take scrolling from what scrolls: a wide table far down the page
    # still scrolls sideways on a phone once the reader gets there.
    scrolled = []
    if width < 500:
        wraps = page.locator(".md-content__inner > .md-typeset__scrollwrap")
        for i in reversed(range(wraps.count() // 2, wraps.count())):  # the far half
            wraps.nth(i).scroll_into_view_if_needed()
            page.wait_for_timeout(100)
            if wraps.nth(i).evaluate("e => e.scrollWidth > e.clientWidth + 20"):
                box = wraps.nth(i).bounding_box()
                assert box is not None
                # a point of the table on screen (a tall one may start above the viewport)
                page.mouse.move(box["x"] + box["width"] / 2, max(box["y"], 0) + 40)
                page.mouse.wheel(20, 0)  # as a reader scrolls it (a script could scroll hidden)
                page.wait_for_timeout(200)
                scrolled.append(wraps.nth(i).evaluate("e => e.scrollLeft"))
    context.close()
    assert found == []
    assert width >= 500 or (scrolled and min(scrolled) > 0), scrolled


def test_scrollable_tables_have_distinct_names(site: Site, browser: Browser) -> None:
    """Every scrollable table is a keyboard-reachable region with its own name (landmarks that
    share a name cannot be told apart)."""
    context = browser.new_context(viewport={"width": 420, "height": 900})
    page = context.new_page()
    page.goto(site.url("cases/video-recommendation/"))
    page.wait_for_load_state("networkidle")
    # A table far down the page is laid out, and so marked, when the reader reaches it.
    wraps = page.locator(".md-typeset__scrollwrap")
    for i in range(wraps.count()):
        wraps.nth(i).scroll_into_view_if_needed()
    page.wait_for_timeout(200)  # resize observers run before the next frame
    names = page.eval_on_selector_all(
        ".md-typeset__scrollwrap[role=region]", "els => els.map(e => e.getAttribute('aria-label'))"
    )
    context.close()
    assert len(names) > 3
    assert len(set(names)) == len(names), names
    assert all(name and name.startswith("Table ") for name in names)


def test_the_search_dialog_has_a_name(site: Site, page: Page) -> None:
    """The search overlay is a dialog; an unnamed dialog is announced as just "dialog"."""
    for path in ("", "cases/video-recommendation/"):
        page.goto(site.url(path))
        page.wait_for_selector('.md-search[role="dialog"][aria-label]', state="attached")
        assert page.get_attribute('.md-search[role="dialog"]', "aria-label") == "Search the guide"
