"""What the browser tests share: Chromium (Debian's package), watched pages, axe, diagram waits.

The fixtures that use these live in ``tests/conftest.py`` and are session-scoped, so the whole
suite builds the site once, pre-renders one copy of it, and starts one browser.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from fieldguide.sitecheck.page_scripts import OPEN_SHADOW_ROOTS, RENDER_ALL

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DIAGRAMS_RENDERED = """
(expected) => {
  const hosts = [...document.querySelectorAll("div.mermaid")];
  return hosts.length === expected
    && hosts.every(h => h.shadowRoot && h.shadowRoot.querySelector("svg"));
}
"""
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Started without waiting for it (a page's axe result is read later, so that several tabs can
# run axe at once); only violations get a selector for every node, which is what is reported.
AXE_START = """() => { window.__fgAxe = axe.run(document, {
    runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    resultTypes: ["violations"],
  }).then(result => result.violations.map(v =>
    `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`)); }"""
AXE_RESULT = "() => window.__fgAxe"


@dataclass
class Watch:
    """What a page did that it should not: outside requests, console errors, page errors."""

    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@dataclass
class Site:
    base: str
    folder: Path
    build_env: dict[str, str] = field(default_factory=dict)  # what `mkdocs build` was given

    def url(self, path: str) -> str:
        return self.base + path

    def pages(self) -> list[str]:
        found = sorted(
            p.relative_to(self.folder).as_posix() for p in self.folder.rglob("index.html")
        )
        return [p.removesuffix("index.html") for p in found if not p.startswith("assets/")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


TRANSITIONS_DONE = """() => document.getAnimations().every(a =>
  a.playState !== "running" || a.effect.getComputedTiming().endTime === Infinity)"""


def axe_violations(page: Page) -> list[str]:
    """axe's WCAG 2.0/2.1 A and AA and 2.2 AA violations on the page as it is now, every block
    rendered as a reader who scrolled to the end has them, one line per rule (the audit's set,
    scripts/audit.py)."""
    start_axe(page)
    violations: list[str] = page.evaluate(AXE_RESULT)
    return violations


def start_axe(page: Page) -> None:
    """Start axe on the page once it is ready for it, without waiting for its result
    (``AXE_RESULT`` reads it).

    Waits for the network to settle first: Material and ``scrollable.js`` make scrolling code
    blocks and tables focusable once they are laid out, and axe run before that reports them.
    Then renders the blocks still far from the screen (``render_whole_page``: axe reads an
    unrendered block's colours as unknown and its tables as not yet scrollable). Then waits for
    finite CSS transitions and animations to end (a hover colour or Material's back-to-top
    button mid-way is reported as low contrast).
    """
    page.wait_for_load_state("networkidle")
    render_whole_page(page)
    page.wait_for_function(TRANSITIONS_DONE)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    page.evaluate(AXE_START)


@cache
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def sweep_pages(
    browser: Browser,
    site: Site,
    paths: Sequence[str],
    watch: Watch,
    scheme: str = "light",
    tabs: int = 3,
) -> dict[str, list[str]]:
    """Load every page in ``paths`` in watched tabs (``watched_page``: console and page errors
    go to ``watch``, a request to another host fails the sweep), draw its deferred diagrams and
    return axe's violations by page (``axe_violations``'s rules and waits).

    ``tabs`` pages are worked on side by side: all are requested at once, then each is readied
    and its axe started, and the results are read last, so one tab's wait for network quiet and
    another's axe run overlap (on two cores, three tabs took about a fifth less time than one)."""
    found: dict[str, list[str]] = {}
    with ExitStack() as stack:
        pages = [stack.enter_context(watched_page(browser, watch, scheme)) for _ in range(tabs)]
        for start in range(0, len(paths), tabs):
            batch = list(zip(pages, paths[start : start + tabs], strict=False))
            for page, path in batch:
                page.goto(site.url(path), wait_until="commit")
            for page, _ in batch:
                page.wait_for_load_state("load")
                load_deferred_diagrams(page)
                start_axe(page)
            for page, path in batch:
                if violations := page.evaluate(AXE_RESULT):
                    found[path] = violations
    return found


LEAVING = "document.querySelector('[data-md-component=container]').setAttribute('data-fg-left', '')"
ARRIVED = """(path) => location.pathname.endsWith(path)
  && document.querySelector('[data-md-component=container]:not([data-fg-left])') !== null"""


# Set by lazy-loads.js once Material has handled the sitemap (a selector: Playwright waits for
# it by watching the DOM, which works under a test's fake clock too).
SITEMAP_LOADED = "html[data-fg-sitemap=loaded]"


def wake_instant_navigation(page: Page) -> None:
    """Move the mouse, as a reader does before clicking, and wait until instant navigation has
    the sitemap it follows links with: lazy-loads.js holds it back until the reader's first
    movement, touch, key or scroll. Until it has arrived, a click is an ordinary page load."""
    page.mouse.move(3, 3)
    page.wait_for_selector(SITEMAP_LOADED, state="attached")


def instant_navigate(page: Page, go: Callable[[], object], path: str) -> None:
    """Do ``go`` (a click, ``page.go_back``) and wait until instant navigation has shown ``path``.

    Material pushes the new address before it fetches the page and swaps its content container,
    so waiting for the address alone can return while the old page is still on screen (and a
    second navigation then races the first). The old container is marked before leaving; the
    wait ends when the address matches and the container is a new, unmarked one.
    """
    wake_instant_navigation(page)  # a reader moves before clicking; until then, full loads
    page.evaluate(LEAVING)
    go()
    page.wait_for_function(ARRIVED, arg=path)


def launch(playwright: Playwright) -> Browser:
    """Debian's Chromium; a missing browser is an error, never a silent skip."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} not found: install Debian's chromium package (.ci/run)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@contextmanager
def watched_page(browser: Browser, watch: Watch, scheme: str = "light") -> Iterator[Page]:
    """A page whose requests to other hosts are blocked and recorded, and whose console and
    page errors are recorded; fails on leaving if anything left localhost."""
    from playwright.sync_api import ConsoleMessage, Request, Route

    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    context.add_init_script(OPEN_SHADOW_ROOTS)

    def route(route: Route) -> None:
        host = urlparse(route.request.url).hostname
        local = ("data:", "blob:", "file:")  # file: the offline copy (tests/test_offline_tools.py)
        if route.request.url.startswith(local) or host == "127.0.0.1":
            route.continue_()
        else:
            watch.outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watch.errors.append(f"{page.url}: {message.text}")

    def on_request(request: Request) -> None:
        watch.requests.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda error: watch.errors.append(f"{page.url}: {error}"))
    page.on("request", on_request)
    try:
        yield page
    finally:
        context.close()
    assert watch.outside == [], f"requests left localhost: {watch.outside}"


DEFERRED = ".fg-diagram__deferred"


def load_deferred_diagrams(page: Page) -> int:
    """Load every diagram the published page defers (diagram-loader.js fetches them all before
    printing), wait until each is drawn and return how many there were."""
    deferred = page.locator(DEFERRED).count()
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_function(f"() => !document.querySelector({DEFERRED!r})", timeout=30_000)
    return deferred


def render_whole_page(page: Page) -> None:
    """Render every block of the page at once, as a reader who scrolled to the end has them.

    A block far down the page is laid out only when it nears the screen (``content-visibility:
    auto`` in fieldguide.css); until then axe cannot see its colours and ``scrollable.js`` cannot
    tell whether its table scrolls. Two animation frames let the resize observers run."""
    page.evaluate(RENDER_ALL)


def diagram_count(site: Site, path: str) -> int:
    return (site.folder / path / "index.html").read_text().count('class="mermaid"')


def wait_for_diagrams(page: Page, expected: int) -> None:
    page.wait_for_function(DIAGRAMS_RENDERED, arg=expected, timeout=30_000)
    errors = page.evaluate(
        """() => [...document.querySelectorAll("div.mermaid")].filter(h =>
             h.shadowRoot.querySelector('[aria-roledescription="error"]') ||
             /Syntax error|Parse error/.test(h.shadowRoot.textContent)).length"""
    )
    assert errors == 0
