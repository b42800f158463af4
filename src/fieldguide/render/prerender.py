"""Pre-render every Mermaid diagram of a built site to inline SVG (``fieldguide prerender``).

``make build`` runs this on the folder MkDocs wrote, so the deployed site draws its diagrams
without JavaScript: each ``<pre class="mermaid">`` becomes the SVG that Material would have drawn
in the browser, rendered with the pinned Mermaid (its ESM build, from node_modules) in one
headless Chromium session (Playwright, imported only here). The render page loads the site's own
stylesheets, Material's Mermaid theme CSS (read from Material's bundle) and the guide's component
styles (``assets/javascripts/mermaid-components.js``, shared with the browser loader), so the SVG
is measured with the page's fonts and its colours are CSS variables: it follows light and dark.

A diagram far enough down its page (``DEFER_AFTER`` characters into the article: below a
phone's first screen) is not inlined on the published site: its SVG goes to
``assets/diagrams/<hash>.svg`` and the page keeps a placeholder of the same shape, filled by
``assets/javascripts/diagram-loader.js`` when the reader scrolls near it (issue 13: a case page's
first visit under 150 KB). The offline edition (``defer=False``, ``--inline``) inlines every
diagram, since a page opened from file:// cannot fetch.

After rendering, no page references the Mermaid loader and the vendored Mermaid files are
removed. A diagram that does not render fails the whole run with its page and diagram named.
Same site in, same bytes out: render ids are numbered per page and nothing depends on time.
``make serve`` does not use this module: it keeps rendering lazily in the browser.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import html
import json
import os
import posixpath
import re
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
MERMAID_DIST = Path("node_modules/mermaid/dist")  # the pinned Mermaid (package-lock.json)
MERMAID_ENTRY = "mermaid.esm.min.mjs"  # the ESM build loads only the chunks a diagram needs
COMPONENTS_JS = "assets/javascripts/mermaid-components.js"
LOADER_JS = "assets/javascripts/mermaid-loader.js"
VENDOR_DIR = "assets/vendor/mermaid"
DIAGRAMS_DIR = "assets/diagrams"  # deferred diagrams, one SVG file each
DIAGRAM_LOADER_JS = "assets/javascripts/diagram-loader.js"
# Characters of a page's article (HTML) before a diagram for it to be deferred. A phone's first
# screen shows well under 4,000; cheat sheets, meant for printing, have theirs within 8,000.
DEFER_AFTER = 12_000
WIDE_PX = 720.0  # wider than this (natural size; about the text column): a "full size" toggle
ID_PREFIX = "fg-mermaid-"  # + number on the page; differs from Material's runtime __mermaid_N

PRE = re.compile(r'<pre class="mermaid"[^>]*>\s*<code[^>]*>(.*?)</code>\s*</pre>', re.S)
LOADER_TAG = re.compile(r'<script\b[^>]*\bsrc="[^"]*mermaid-loader\.js"[^>]*>\s*</script>\n?')
STYLESHEET = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*>')
HREF = re.compile(r'\bhref="([^"]+)"')
EDIT_LINK = re.compile(r'<a href="[^"]*/edit/[^/"]+/([^"]+)"[^>]*\brel="edit"')
ACC_TITLE = re.compile(r"^\s*accTitle\s*:\s*(.+?)\s*$", re.M)
MAX_WIDTH = re.compile(r'<svg\b[^>]*?\bstyle="[^"]*?max-width:\s*([\d.]+)px')
VIEWBOX = re.compile(r'<svg\b[^>]*?\bviewBox="[-\d.e]+ [-\d.e]+ ([\d.e]+) ([\d.e]+)"')
SVG_TITLE = re.compile(r"<title\b[^>]*>([^<]+)</title>")
ARTICLE = re.compile(r"<article\b")
CHART_TITLE = re.compile(r'^\s*title\s+"([^"]+)"', re.M)
THEME_PROPERTY = re.compile(r"themeCSS:([A-Za-z_$][\w$]*)")
SVG_ID = re.compile(r'<svg\b[^>]*?\bid="([^"]+)"')
SVG_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
GEOMETRY = re.compile(r'\b(d|points|transform)="([^"]*)"')
LONG_NUMBER = re.compile(r"-?\d+\.\d{2,}(?:e[-+]?\d+)?|-?\d+(?:\.\d+)?e[-+]?\d+")
EDGE_POINTS = re.compile(r' data-points="[^"]*"')  # Mermaid's copy of each edge's points
BOOKKEEPING = re.compile(r' (?:data-(?:edge|et|id)="[^"]*"|style="[;\s]*")')
ELEMENT_ID = re.compile(r'(<(?!svg\b)[a-zA-Z][\w:-]*\b[^>]*?) id="([^"]+)"')
ID_REFERENCE = re.compile(r"#([\w-]+)")  # url(#...), href="#...", CSS selectors
ID_LIST_REFERENCE = re.compile(r'\b(?:aria-[a-z]+|for|headers)="([^"]+)"')  # ids, space-separated
REPEATED_CLASSES = re.compile(r'\bclass="([^"]*)"')


class PrerenderError(Exception):
    """Diagrams that did not render, or a site that cannot be pre-rendered; says where."""


@dataclass(frozen=True)
class Diagram:
    """One ``<pre class="mermaid">`` of a built page."""

    page: str  # site-relative path of the HTML file
    number: int  # 1-based position on the page
    source: str  # the Mermaid text, unescaped
    start: int  # span of the <pre> element in the page's HTML
    end: int

    @property
    def render_id(self) -> str:
        return f"{ID_PREFIX}{self.number}"

    def name(self) -> str:
        """How an error names the diagram: its number and accessible title or first line."""
        title = ACC_TITLE.search(self.source)
        first = next((line.strip() for line in self.source.splitlines() if line.strip()), "")
        return f"diagram {self.number} ({(title.group(1) if title else first)!r})"


@dataclass(frozen=True)
class Rendered:
    """What the browser returned for one diagram: an SVG, or an error message."""

    svg: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class Summary:
    diagrams: int
    pages: int
    seconds: float
    deferred: int = 0  # SVG files written for diagrams below the first screen

    def __str__(self) -> str:
        later = f" ({self.deferred} loaded near the viewport from {DIAGRAMS_DIR}/)"
        return (
            f"Pre-rendered {self.diagrams} diagram(s) on {self.pages} page(s) to SVG"
            f"{later if self.deferred else ''} in {self.seconds:.1f} s."
        )


# A renderer takes (render id, Mermaid text) pairs and returns one result for each, in order.
Renderer = Callable[[Sequence[tuple[str, str]]], list[Rendered]]


# --- HTML rewriting (no browser) ---------------------------------------------------------------
def find_diagrams(page: str, text: str) -> list[Diagram]:
    """Every Mermaid block of one page, in order."""
    return [
        Diagram(page, number, html.unescape(re.sub(r"<[^>]*>", "", m.group(1))), *m.span())
        for number, m in enumerate(PRE.finditer(text), start=1)
    ]


def natural_width(svg: str) -> float | None:
    """The width Mermaid drew the diagram at, before it is scaled to the column."""
    match = MAX_WIDTH.search(svg) or VIEWBOX.search(svg)
    return float(match.group(1)) if match else None


def placeholder(diagram: Diagram, svg: str, file: str) -> str:
    """What stands for a deferred diagram until diagram-loader.js swaps in ``file``: a box of
    the SVG's shape (so nothing moves when it arrives) that shows the diagram's title, which is
    also what prints if the diagram was never scrolled to."""
    box = VIEWBOX.search(svg)
    title = SVG_TITLE.search(svg)  # accTitle; its text is escaped already
    chart = CHART_TITLE.search(diagram.source)  # an xychart's own title (it has no <title>)
    label = (
        title.group(1).strip()
        if title
        else html.escape(chart.group(1), quote=False)
        if chart
        else f"Diagram {diagram.number}"
    )
    shape = ""
    if box and float(box.group(1)) > 0 and float(box.group(2)) > 0:
        width, height = float(box.group(1)), float(box.group(2))
        shape = f' style="aspect-ratio: {width:.1f} / {height:.1f}; max-width: {width:.1f}px"'
    return (
        f'<div class="fg-diagram__deferred" data-fg-svg="{file}"{shape}>'
        f'<span class="fg-diagram__pending">Diagram: {label}</span></div>'
    )


def deferred_file(svg: str) -> str:
    """The file name of a deferred SVG: a hash of its bytes, so a new drawing gets a new name
    (no stale cache) and a build always names it the same."""
    return hashlib.sha256(svg.encode("utf-8")).hexdigest()[:16] + ".svg"


def figure(diagram: Diagram, svg: str, content: str | None = None) -> str:
    """The markup that replaces a ``<pre class="mermaid">``: the SVG (or ``content``, the
    placeholder of a deferred one), with a full-size toggle (a checkbox and its label; CSS in
    fieldguide.css does the rest) when it is wide."""
    width = natural_width(svg)
    body = svg if content is None else content
    if width is None or width <= WIDE_PX:
        return f'<div class="fg-diagram">{body}</div>'
    toggle = f"{diagram.render_id}-full"
    return (
        f'<div class="fg-diagram fg-diagram--wide" style="--fg-diagram-width: {width:g}px">'
        f'<input type="checkbox" class="fg-diagram__full" id="{toggle}">'
        f'<label for="{toggle}">Show at full size</label>'
        f'<div class="fg-diagram__canvas" role="region" tabindex="0" '
        f'aria-label="Diagram {diagram.number} (scrolls sideways at full size)">{body}</div></div>'
    )


def _round(match: re.Match[str]) -> str:
    text = f"{float(match.group(0)):.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


PATH_TOKEN = re.compile(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?")
STRAIGHT_PX = 0.15  # control points this close to the chord: the curve is a straight line


def _on_chord(p0: tuple[float, float], p1: tuple[float, float], c: tuple[float, float]) -> bool:
    dx, dy = p1[0] - p0[0], p1[1] - p0[1]
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return abs(c[0] - p0[0]) <= STRAIGHT_PX and abs(c[1] - p0[1]) <= STRAIGHT_PX
    t = ((c[0] - p0[0]) * dx + (c[1] - p0[1]) * dy) / length2
    if not -0.01 <= t <= 1.01:
        return False
    distance2 = (c[0] - p0[0] - t * dx) ** 2 + (c[1] - p0[1] - t * dy) ** 2
    return distance2 <= STRAIGHT_PX * STRAIGHT_PX


def simplify_path(d: str) -> str:
    """Path data from rough.js (Mermaid draws some shapes with it even in the classic look)
    written plainly: cubic curves whose control points lie on their chord become lines,
    zero-length curves go, and a sub-path that repeats an earlier one (rough.js strokes every
    line twice) is dropped. Paths with commands other than absolute M, L, C are left alone."""
    tokens = PATH_TOKEN.findall(d)
    if not tokens or any(t.isalpha() and t not in "MLC" for t in tokens):
        return d
    subpaths: list[list[str]] = []
    current = (0.0, 0.0)
    index, command = 0, ""
    try:
        while index < len(tokens):
            if tokens[index].isalpha():
                command = tokens[index]
                index += 1
            size = 6 if command == "C" else 2
            args = tokens[index : index + size]
            if len(args) < size or any(a.isalpha() for a in args):
                return d
            index += size
            end = (float(args[-2]), float(args[-1]))
            if command == "M":
                subpaths.append([f"M{args[0]} {args[1]}"])
            elif not subpaths:
                return d
            elif command == "L" or all(
                _on_chord(current, end, (float(args[i]), float(args[i + 1]))) for i in (0, 2)
            ):
                if end != current or command == "L":
                    subpaths[-1].append(f"L{args[-2]} {args[-1]}")
            else:
                subpaths[-1].append("C" + " ".join(args))
            current = end
    except ValueError:
        return d
    seen: set[str] = set()
    kept = []
    for sub in subpaths:
        text = "".join(sub)
        if text not in seen:
            seen.add(text)
            kept.append(text)
    return "".join(kept)


LABEL_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)


def valid_labels(svg: str) -> str:
    """Mermaid wraps each HTML label's text in ``<p>`` inside a ``<span>``, which HTML does not
    allow (the W3C checker flags it on every diagram): keep the text, drop the paragraph."""
    return LABEL_PARAGRAPH.sub(r"\1", svg)


def compact_geometry(svg: str) -> str:
    """Coordinates in path data and transforms rounded to 1/10 px (Mermaid writes 15 digits;
    shapes drawn with rough.js carry thousands of them) and Mermaid's base64 copy of each edge's
    points (``data-points``, unused once drawn) dropped; rough.js paths simplified (see
    ``simplify_path``), so pages stay light."""
    svg = EDGE_POINTS.sub("", svg)

    def compact(match: re.Match[str]) -> str:
        value = LONG_NUMBER.sub(_round, match.group(2))
        return f'{match.group(1)}="{simplify_path(value) if match.group(1) == "d" else value}"'

    return GEOMETRY.sub(compact, svg)


def drop_bookkeeping(svgs: Sequence[str], page: str = "") -> list[str]:
    """The SVGs of one page without what Mermaid writes for its own use once drawn: the
    ``data-edge``, ``data-et`` and ``data-id`` attributes of every node and edge, empty ``style``
    attributes, repeated class names ("edge-thickness-normal edge-pattern-solid" twice on every
    edge) and the ids of elements that nothing on the page refers to (``url(#...)``, ``href``,
    a CSS selector, ``aria-labelledby``...) in the SVGs or in the rest of the page (``page``).
    About 2.5 KB gzip and thousands of attributes on a case page; the root ``<svg>`` keeps its
    id (its stylesheet is scoped to it)."""
    referenced = set()
    for text in (*svgs, page):
        referenced.update(ID_REFERENCE.findall(text))
        for names in ID_LIST_REFERENCE.findall(text):
            referenced.update(names.split())

    def unique_classes(match: re.Match[str]) -> str:
        return 'class="' + " ".join(dict.fromkeys(match.group(1).split())) + '"'

    def referenced_id(match: re.Match[str]) -> str:
        return match.group(0) if match.group(2) in referenced else match.group(1)

    return [
        ELEMENT_ID.sub(
            referenced_id, REPEATED_CLASSES.sub(unique_classes, BOOKKEEPING.sub("", svg))
        )
        for svg in svgs
    ]


def share_styles(svgs: Sequence[str]) -> list[str]:
    """One copy of each Mermaid stylesheet per page instead of one per diagram.

    Mermaid scopes its CSS (about 16 KB) to the diagram's id; on one page the diagrams of one
    kind carry the same rules. The first such SVG keeps them, scoped to all their ids with
    ``:is(#a, #b)`` (same specificity as ``#a``), and the others drop their copy. A <style> in
    inline SVG applies to the whole page."""
    groups: dict[str, list[int]] = {}
    for index, svg in enumerate(svgs):
        svg_id, style = SVG_ID.search(svg), SVG_STYLE.search(svg)
        if svg_id and style:
            scoped = re.sub(rf"#{re.escape(svg_id.group(1))}(?![\w-])", "\0", style.group(1))
            groups.setdefault(scoped, []).append(index)
    out = list(svgs)
    for scoped, members in groups.items():
        if len(members) < 2:
            continue
        ids = [m.group(1) for i in members if (m := SVG_ID.search(svgs[i]))]
        css = scoped.replace("\0", ":is(" + ",".join(f"#{i}" for i in ids) + ")")
        for position, index in enumerate(members):
            keep = f"<style>{css}</style>" if position == 0 else ""
            style = SVG_STYLE.search(out[index])
            if style:
                out[index] = out[index][: style.start()] + keep + out[index][style.end() :]
    return out


def deferred_diagrams(text: str, diagrams: Sequence[Diagram]) -> set[int]:
    """The numbers of the diagrams that sit more than DEFER_AFTER characters into the page's
    article (none on a page without one)."""
    article = ARTICLE.search(text)
    if article is None:
        return set()
    return {d.number for d in diagrams if d.start - article.start() > DEFER_AFTER}


def rewrite_page(
    text: str,
    diagrams: Sequence[Diagram],
    svgs: Sequence[str],
    files: dict[str, str] | None = None,
    page: str = "",
) -> str:
    """The page with each diagram replaced by its SVG and the Mermaid loader tag removed.

    With ``files`` (the deployed site), diagrams below the first screen are deferred: each SVG
    is added to ``files`` (file name -> SVG) and the page gets its placeholder and one
    diagram-loader.js tag inside the article, as a relative URL from ``page`` (its site path),
    so Material's instant navigation runs it again. A deferred SVG keeps its own stylesheet; the
    inline ones share theirs (``share_styles``)."""
    svgs = [valid_labels(compact_geometry(svg)) for svg in svgs]
    svgs = drop_bookkeeping(svgs, text)
    later = deferred_diagrams(text, diagrams) if files is not None else set()
    inline = [i for i, d in enumerate(diagrams) if d.number not in later]
    for i, shared in zip(inline, share_styles([svgs[i] for i in inline]), strict=True):
        svgs[i] = shared
    parts, last = [], 0
    for diagram, svg in zip(diagrams, svgs, strict=True):
        parts.append(text[last : diagram.start])
        if files is not None and diagram.number in later:
            name = deferred_file(svg)
            files[name] = svg
            parts.append(figure(diagram, svg, placeholder(diagram, svg, name)))
            if diagram.number == max(later):
                src = posixpath.relpath(DIAGRAM_LOADER_JS, posixpath.dirname(page) or ".")
                parts.append(f'<script src="{src}" defer></script>')
        else:
            parts.append(figure(diagram, svg))
        last = diagram.end
    parts.append(text[last:])
    return LOADER_TAG.sub("", "".join(parts))


def source_of(text: str) -> str | None:
    """The file behind a page, from its edit link (the case file or the Markdown chapter)."""
    match = EDIT_LINK.search(text)
    return html.unescape(match.group(1)) if match else None


def stylesheets(page: str, text: str) -> list[str]:
    """Site-relative paths of the stylesheets a page links, in order."""
    folder = PurePosixPath(page).parent
    found = []
    for tag in STYLESHEET.findall(text):
        href = HREF.search(tag)
        if href and "://" not in href.group(1):
            found.append(_normalise(folder / href.group(1).split("?")[0]))
    return found


def _normalise(path: PurePosixPath) -> str:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return "/".join(parts)


def material_theme_css(bundle: str, name: str = "Material's bundle") -> str:
    """Material's Mermaid theme CSS, found through the ``themeCSS:`` property of its bundle
    (the minified variable name changes between releases)."""
    prop = THEME_PROPERTY.search(bundle)
    if prop:
        literal = re.search(
            rf'(?<![\w$]){re.escape(prop.group(1))}\s*=\s*("(?:[^"\\]|\\.)*")', bundle
        )
        if literal:
            try:
                value = json.loads(literal.group(1))
            except ValueError:
                value = None
            if isinstance(value, str):
                return value
    raise PrerenderError(f"{name}: Mermaid theme CSS not found (no `themeCSS:` string)")


# --- the browser ---------------------------------------------------------------------------------
RENDER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">{links}</head>
<body dir="ltr" data-md-color-scheme="default" data-md-color-primary="indigo"
 data-md-color-accent="deep-orange"><div class="md-container"><main class="md-main">
<div class="md-main__inner md-grid"><div class="md-content"><article class="md-content__inner
 md-typeset"><div class="fg-diagram" id="fg-render-here"></div></article></div></div></main>
</div></body></html>"""
ORIGIN = "http://prerender.fieldguide.invalid/"  # served by Playwright's router, never the network
MERMAID_PATH = "__mermaid__/"
IMPORT = "async (entry) => { window.mermaid = (await import(entry)).default; }"
INITIALISE = """([themeCSS, componentCSS]) => {
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: "strict",
    handDrawnSeed: 1,  // some shapes are drawn with rough.js: a fixed seed, reproducible paths
    themeCSS: themeCSS + componentCSS,
    sequence: {actorFontSize: "16px", messageFontSize: "16px", noteFontSize: "16px"},
  });
}"""
RENDER = """async ([id, text]) => {
  const here = document.getElementById("fg-render-here");
  try {
    const {svg} = await mermaid.render(id, text, here);
    return {svg};
  } catch (error) {
    return {error: String(error && error.message || error)};
  } finally {
    here.replaceChildren();
    document.querySelectorAll("body > [id^='d" + id + "'], body > #" + id).forEach(e => e.remove());
  }
}"""


def browser_renderer(site: Path, mermaid_dist: Path, css: Sequence[str]) -> Renderer:
    """Render in Debian's Chromium: one page, the site's stylesheets, the pinned Mermaid."""

    def render(diagrams: Sequence[tuple[str, str]]) -> list[Rendered]:
        # Playwright's sync API refuses to start in a thread that already runs an event loop
        # (another sync Playwright session, e.g. a test's browser): give it a thread of its own.
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as worker:
            return worker.submit(render_here, diagrams).result()

    def render_here(diagrams: Sequence[tuple[str, str]]) -> list[Rendered]:
        from playwright.sync_api import Route, sync_playwright

        bundle = _one(site, "assets/javascripts/bundle.*.min.js")
        theme = material_theme_css(bundle.read_text(encoding="utf-8"), _rel(site, bundle))
        components = site / COMPONENTS_JS
        if not components.is_file():
            raise PrerenderError(f"{components} not found (the shared diagram styles)")
        links = "".join(f'<link rel="stylesheet" href="{html.escape(href)}">' for href in css)

        def serve(route: Route) -> None:
            url = route.request.url
            if url == ORIGIN:
                route.fulfill(body=RENDER_PAGE.format(links=links), content_type="text/html")
                return
            path = url.removeprefix(ORIGIN).split("?")[0]
            # resolved both sides: node_modules may be a link (a worktree sharing one install)
            folder = (mermaid_dist if path.startswith(MERMAID_PATH) else site).resolve()
            target = (folder / path.removeprefix(MERMAID_PATH)).resolve()
            if url.startswith(ORIGIN) and target.is_file() and target.is_relative_to(folder):
                kind = "text/javascript" if target.suffix in (".js", ".mjs") else None
                route.fulfill(path=target, content_type=kind)
            else:  # nothing leaves the machine
                route.abort()

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.route("**/*", serve)
                page.goto(ORIGIN)
                page.evaluate(IMPORT, f"/{MERMAID_PATH}{MERMAID_ENTRY}")
                page.add_script_tag(path=components)
                component_css = page.evaluate("() => window.fieldguideMermaidCSS")
                page.evaluate(INITIALISE, [theme, component_css])
                page.evaluate("async () => { await document.fonts.ready; }")
                results: list[Rendered] = []
                for render_id, text in diagrams:
                    out: dict[str, Any] = page.evaluate(RENDER, [render_id, text])
                    results.append(Rendered(svg=out.get("svg"), error=out.get("error")))
                return results
            finally:
                browser.close()

    return render


def _one(site: Path, pattern: str) -> Path:
    found = sorted(site.glob(pattern))
    if len(found) != 1:
        raise PrerenderError(f"{site}: expected one {pattern}, found {len(found)}")
    return found[0]


def _rel(site: Path, path: Path) -> str:
    return path.relative_to(site).as_posix()


# --- the whole site ------------------------------------------------------------------------------
def prerender_site(
    site: Path,
    mermaid_dist: Path = MERMAID_DIST,
    renderer: Renderer | None = None,
    defer: bool = True,
) -> Summary:
    """Replace every Mermaid block under ``site`` by inline SVG and drop the Mermaid scripts.
    With ``defer`` (the published site), diagrams below the first screen become files under
    DIAGRAMS_DIR that load as the reader nears them; without (the offline edition), all inline.

    Raises PrerenderError, naming every page and diagram that failed, and then leaves the
    site as it was (pages are only written once every diagram rendered).
    """
    started = time.monotonic()
    site = site.resolve()
    if not site.is_dir():
        raise PrerenderError(f"{site}: no such folder (build the site first)")
    pages = {
        _rel(site, path): path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))
    }
    found = {page: find_diagrams(page, text) for page, text in pages.items()}
    diagrams = [d for page in found.values() for d in page]
    svgs: dict[tuple[str, int], str] = {}
    if diagrams:
        if renderer is None:
            if not (mermaid_dist / MERMAID_ENTRY).is_file():
                raise PrerenderError(
                    f"{mermaid_dist / MERMAID_ENTRY} not found. Install the pinned Mermaid "
                    "with `make setup` (or `npm ci`)."
                )
            first = next(page for page, ds in found.items() if ds)
            renderer = browser_renderer(site, mermaid_dist, stylesheets(first, pages[first]))
        results = renderer([(d.render_id, d.source) for d in diagrams])
        problems = []
        for diagram, result in zip(diagrams, results, strict=True):
            if result.svg is None:
                source = source_of(pages[diagram.page])
                where = diagram.page + (f" (from {source})" if source else "")
                problems.append(f"{where}: {diagram.name()}: {result.error or 'no SVG'}")
            else:
                svgs[(diagram.page, diagram.number)] = result.svg
        if problems:
            raise PrerenderError(
                "Diagrams that do not render:\n" + "\n".join(problems) + f"\n{len(problems)} "
                "diagram(s) failed; the site was left unchanged."
            )
    files: dict[str, str] | None = {} if defer else None
    for page, text in pages.items():
        page_svgs = [svgs[(page, d.number)] for d in found[page]]
        new = rewrite_page(text, found[page], page_svgs, files, page)
        if new != text:
            (site / page).write_text(new, encoding="utf-8")
    shutil.rmtree(site / DIAGRAMS_DIR, ignore_errors=True)
    for name, svg in sorted((files or {}).items()):
        (site / DIAGRAMS_DIR).mkdir(parents=True, exist_ok=True)
        (site / DIAGRAMS_DIR / name).write_text(svg, encoding="utf-8")
    if not files:
        (site / DIAGRAM_LOADER_JS).unlink(missing_ok=True)
    shutil.rmtree(site / VENDOR_DIR, ignore_errors=True)
    for script in (LOADER_JS, COMPONENTS_JS):
        (site / script).unlink(missing_ok=True)
    with_diagrams = sum(1 for ds in found.values() if ds)
    return Summary(len(diagrams), with_diagrams, time.monotonic() - started, len(files or {}))
