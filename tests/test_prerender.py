"""Build-time pre-rendering of Mermaid diagrams to inline SVG (``fieldguide prerender``).

Unit tests rewrite small HTML fixtures with a fake renderer (no browser). The browser tests
build a small project (the real hook, theme, stylesheets and scripts; a generated page and
hand-written pages with flowcharts and an xychart), pre-render it in Debian's Chromium and check
the result in Chromium too: SVG with <title>/<desc>, colours that follow the palette, no Mermaid
request, no console error, a keyboard-operable full-size toggle, and byte-identical output.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from fieldguide.load.catalog import load_catalog
from fieldguide.render import prerender
from fieldguide.render.assets import vendored_files
from fieldguide.render.pages import generated_pages
from fieldguide.render.prerender import (
    DEFER_AFTER,
    PrerenderError,
    Rendered,
    compact_geometry,
    deferred_file,
    drop_bookkeeping,
    find_diagrams,
    material_theme_css,
    prerender_site,
    rewrite_page,
    share_styles,
    simplify_path,
    source_of,
    stylesheets,
)

from .conftest import ROOT, Project
from .support.build import mkdocs_build
from .support.server import serve

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WIDE = '<svg id="{id}" style="max-width: 1500px;" viewBox="0 0 1500 300"><title>t</title></svg>'
NARROW = '<svg id="{id}" style="max-width: 300px;" viewBox="0 0 300 100"></svg>'
PAGE = """<html><head><link rel="stylesheet" href="../assets/stylesheets/main.css">
<link rel="stylesheet" href="../assets/stylesheets/fieldguide.css"></head><body>
<a href="https://github.com/o/r/edit/main/docs/chapter.md" title="Edit this page"
 class="md-content__button md-icon" rel="edit">edit</a>
<p>Before</p>
<pre class="mermaid"><code>flowchart LR
  accTitle: Two boxes
  a["x &amp; y"] --&gt; b</code></pre>
<p>Between</p>
<pre class="mermaid"><code>xychart-beta
  line [1, 2]</code></pre>
<script src="../assets/javascripts/mermaid-loader.js"></script>
<script src="../assets/javascripts/checklist.js"></script>
</body></html>"""


class FakeRenderer:
    """Renders every diagram to ``svg`` (with its id), or fails those containing ``fail``."""

    def __init__(self, svg: str = NARROW, fail: str | None = None) -> None:
        self.svg, self.fail = svg, fail
        self.calls: list[list[tuple[str, str]]] = []

    def __call__(self, diagrams: Sequence[tuple[str, str]]) -> list[Rendered]:
        self.calls.append(list(diagrams))
        return [
            Rendered(error="Parse error on line 2")
            if self.fail and self.fail in text
            else Rendered(svg=self.svg.format(id=render_id))
            for render_id, text in diagrams
        ]


def small_site(folder: Path) -> Path:
    """A built-site-shaped folder: two pages, the loader and vendored Mermaid files."""
    (folder / "chapter").mkdir(parents=True)
    (folder / "chapter" / "index.html").write_text(PAGE, encoding="utf-8")
    (folder / "index.html").write_text(
        '<p>No diagram</p><script src="assets/javascripts/mermaid-loader.js"></script>\n',
        encoding="utf-8",
    )
    scripts = folder / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    for name in ("mermaid-loader.js", "mermaid-components.js", "checklist.js"):
        (scripts / name).write_text("/* js */", encoding="utf-8")
    vendor = folder / "assets" / "vendor" / "mermaid" / "chunks"
    vendor.mkdir(parents=True)
    (vendor / "chunk.mjs").write_text("", encoding="utf-8")
    return folder


# --- unit tests: HTML rewriting ------------------------------------------------------------------
def test_find_diagrams_unescapes_the_source_and_numbers_them() -> None:
    diagrams = find_diagrams("chapter/index.html", PAGE)
    assert [d.number for d in diagrams] == [1, 2]
    assert diagrams[0].source == 'flowchart LR\n  accTitle: Two boxes\n  a["x & y"] --> b'
    assert diagrams[0].render_id == "fg-mermaid-1"
    assert PAGE[diagrams[1].start : diagrams[1].end].startswith('<pre class="mermaid">')
    assert diagrams[0].name() == "diagram 1 ('Two boxes')"
    assert diagrams[1].name() == "diagram 2 ('xychart-beta')"


def test_rewrite_replaces_each_diagram_and_drops_the_loader() -> None:
    diagrams = find_diagrams("chapter/index.html", PAGE)
    out = rewrite_page(PAGE, diagrams, ["<svg id=a></svg>", "<svg id=b></svg>"])
    assert 'class="mermaid"' not in out
    assert "mermaid-loader.js" not in out
    assert "checklist.js" in out
    assert re.search(r"<p>Before</p>\n<div class=\"fg-diagram\"><svg id=a></svg></div>\n", out)
    assert '<div class="fg-diagram"><svg id=b></svg></div>' in out
    assert out.index("id=a") < out.index("Between") < out.index("id=b")


def test_a_wide_diagram_gets_a_labelled_full_size_toggle() -> None:
    diagrams = find_diagrams("chapter/index.html", PAGE)
    out = rewrite_page(PAGE, diagrams, [WIDE.format(id="fg-mermaid-1"), NARROW.format(id="n")])
    assert out.count('type="checkbox"') == 1
    assert '<input type="checkbox" class="fg-diagram__full" id="fg-mermaid-1-full">' in out
    assert '<label for="fg-mermaid-1-full">Show at full size</label>' in out
    assert 'style="--fg-diagram-width: 1500px"' in out
    assert 'role="region" tabindex="0" aria-label="Diagram 1' in out


def test_mermaid_bookkeeping_is_dropped_and_referenced_ids_kept() -> None:
    svg = (
        '<svg id="fg-mermaid-2" aria-labelledby="chart-title-fg-mermaid-2"><title'
        ' id="chart-title-fg-mermaid-2">T</title><marker id="fg-mermaid-2_arrow"></marker>'
        '<path id="fg-mermaid-2-L_a_b_0" class="edge thick edge thick link" style=";"'
        ' data-edge="true" data-et="edge" data-id="L_a_b_0" data-look="classic"'
        ' marker-end="url(#fg-mermaid-2_arrow)"></path>'
        '<g class="node" id="fg-mermaid-2-flowchart-a-0" style=""><rect></rect></g>'
        '<g id="fg-mermaid-2-linked"></g></svg>'
    )
    page = '<a href="#fg-mermaid-2-linked">the box</a>'
    [out] = drop_bookkeeping([svg], page)
    assert out == (
        '<svg id="fg-mermaid-2" aria-labelledby="chart-title-fg-mermaid-2"><title'
        ' id="chart-title-fg-mermaid-2">T</title><marker id="fg-mermaid-2_arrow"></marker>'
        '<path class="edge thick link" data-look="classic"'
        ' marker-end="url(#fg-mermaid-2_arrow)"></path>'
        '<g class="node"><rect></rect></g>'
        '<g id="fg-mermaid-2-linked"></g></svg>'
    )


def test_geometry_is_rounded_and_edge_point_copies_dropped() -> None:
    svg = (
        '<svg id="a"><path d="M1.23456 -0.04999 L3 4e-7 C10.96 2, 3.5 7" data-points="W3sieCI6MX1d"'
        ' transform="translate(1.26, 2.0)"></path><text x="1.23456">3.14159</text></svg>'
    )
    assert compact_geometry(svg) == (
        '<svg id="a"><path d="M1.2 0 L3 0 C11 2, 3.5 7" transform="translate(1.3, 2.0)"></path>'
        '<text x="1.23456">3.14159</text></svg>'
    )


def test_label_paragraphs_are_unwrapped_for_valid_html() -> None:
    svg = (
        '<svg><foreignObject><div><span class="nodeLabel"><p>Ranker<br>p99 &lt; 50 ms</p>'
        '</span></div></foreignObject><path d="M0 0"/></svg>'
    )
    out = prerender.valid_labels(svg)
    assert "<p>" not in out and "</p>" not in out
    assert '<span class="nodeLabel">Ranker<br>p99 &lt; 50 ms</span>' in out
    assert '<path d="M0 0"/>' in out


def test_rough_paths_are_written_plainly() -> None:
    # rough.js: each side is a curve with control points on the line, stroked twice
    side = "M0 0 C3.3 0, 6.7 0, 10 0 C10 0, 10 0, 10 0"
    assert simplify_path(f"{side} {side.replace('3.3', '4.1')}") == "M0 0L10 0"
    bend = "M0 0 C0 5, 5 10, 10 10"  # a real curve stays a curve
    assert simplify_path(bend) == "M0 0C0 5 5 10 10 10"
    assert simplify_path("M0 0 L5 5 L5 5") == "M0 0L5 5L5 5"
    for other in ("M0 0 a5 5 0 0 1 5 5", "M0 0 Z", "M0 0 C1 1", "m12 7c1 2 3 4 5 6"):
        assert simplify_path(other) == other  # anything else is left alone


def test_each_mermaid_stylesheet_is_kept_once_per_page() -> None:
    def svg(svg_id: str, rules: str) -> str:
        css = rules.replace("ID", "#" + svg_id)
        return f'<svg id="{svg_id}"><title>t</title><style>{css}</style><g class="x"></g></svg>'

    flow = "ID{font-size:16px}ID .node rect{fill:red}"
    chart = "ID .plot{fill:none}"
    out = share_styles([svg("fg-1", flow), svg("fg-2", chart), svg("fg-10", flow)])
    assert out[0] == (
        '<svg id="fg-1"><title>t</title><style>:is(#fg-1,#fg-10){font-size:16px}'
        ':is(#fg-1,#fg-10) .node rect{fill:red}</style><g class="x"></g></svg>'
    )
    assert out[1] == svg("fg-2", chart)  # alone of its kind: unchanged
    assert out[2] == '<svg id="fg-10"><title>t</title><g class="x"></g></svg>'
    own = "ID .node rect{fill:red}ID-arrow{fill:blue}"  # rules naming other ids stay apart
    assert share_styles([svg("fg-1", own), svg("fg-10", own)]) == [
        svg("fg-1", own),
        svg("fg-10", own),
    ]


def test_edit_link_and_stylesheets_are_read_from_the_page() -> None:
    assert source_of(PAGE) == "docs/chapter.md"
    assert source_of("<p>no edit link</p>") is None
    assert stylesheets("chapter/index.html", PAGE) == [
        "assets/stylesheets/main.css",
        "assets/stylesheets/fieldguide.css",
    ]


def test_material_theme_css_is_found_through_the_themeCSS_property() -> None:
    bundle = 'var a=1,Xq=".node rect{fill:var(--md-mermaid-node-bg-color)}\\n";f({themeCSS:Xq})'
    assert material_theme_css(bundle) == ".node rect{fill:var(--md-mermaid-node-bg-color)}\n"
    with pytest.raises(PrerenderError, match=r"bundle\.js: Mermaid theme CSS not found"):
        material_theme_css("mermaid.initialize({})", "bundle.js")


def test_material_theme_css_is_found_in_the_installed_material() -> None:
    import material

    bundles = list((Path(material.__file__).parent / "templates/assets/javascripts").glob("b*.js"))
    css = material_theme_css(next(b for b in bundles if b.name.endswith(".min.js")).read_text())
    assert "var(--md-mermaid-node-bg-color)" in css


def long_page(filler: int) -> str:
    """An article with a diagram at its top and another ``filler`` characters further down."""
    return (
        '<html><body><nav>menu</nav><article class="md-content__inner"><h1>Case</h1>\n'
        '<pre class="mermaid"><code>flowchart LR\n  a --&gt; b</code></pre>\n'
        f"<p>{'words ' * (filler // 6)}</p>\n"
        '<pre class="mermaid"><code>flowchart TD\n  c --&gt; d</code></pre>\n'
        "<p>After</p></article>"
        '<script src="../../assets/javascripts/mermaid-loader.js"></script></body></html>'
    )


def flow_svg(svg_id: str, title: str) -> str:
    return (
        f'<svg id="{svg_id}" width="100%" style="max-width: 400px;" viewBox="0 0 400 250">'
        f"<title>{title}</title><style>#{svg_id} .node{{fill:red}}</style><g></g></svg>"
    )


def test_a_diagram_far_down_the_page_is_deferred_to_a_file() -> None:
    page = long_page(DEFER_AFTER + 600)
    diagrams = find_diagrams("cases/x/index.html", page)
    svgs = [flow_svg("fg-mermaid-1", "Top"), flow_svg("fg-mermaid-2", "Serving &amp; cache")]
    files: dict[str, str] = {}
    out = rewrite_page(page, diagrams, svgs, files, "cases/x/index.html")
    assert out.count("<svg") == 1 and 'id="fg-mermaid-1"' in out  # the top one stays inline
    [(name, svg)] = files.items()
    assert 'id="fg-mermaid-2"' in svg and "<style>#fg-mermaid-2 .node" in svg  # self-contained
    assert name == deferred_file(svg) and re.fullmatch(r"[0-9a-f]{16}\.svg", name)
    box = re.search(r'<div class="fg-diagram__deferred"[^>]*>(.*?)</div>', out)
    assert box is not None
    assert f'data-fg-svg="{name}"' in box.group(0)
    assert 'style="aspect-ratio: 400.0 / 250.0; max-width: 400.0px"' in box.group(0)
    assert box.group(1) == '<span class="fg-diagram__pending">Diagram: Serving &amp; cache</span>'
    # One loader tag, relative to the page, inside the article (instant navigation reruns it).
    tag = '<script src="../../assets/javascripts/diagram-loader.js" defer></script>'
    assert out.count("diagram-loader.js") == 1
    assert out.index(box.group(0)) < out.index(tag) < out.index("</article>")
    assert "mermaid-loader.js" not in out
    # The same page without `files` (the offline edition), or with the diagram higher up:
    # everything inline, no loader.
    for inline in (
        rewrite_page(page, diagrams, svgs),
        rewrite_page(
            long_page(DEFER_AFTER - 600),
            find_diagrams("p", long_page(DEFER_AFTER - 600)),
            svgs,
            files := {},
            "cases/x/index.html",
        ),
    ):
        assert inline.count("<svg") == 2 and "fg-diagram__deferred" not in inline
        assert "diagram-loader.js" not in inline
    assert files == {}


def test_a_deferred_chart_is_named_by_its_title_and_escaped() -> None:
    page = long_page(DEFER_AFTER + 600).replace(
        "flowchart TD\n  c --&gt; d", 'xychart-beta\n  title "Recall &lt; 0.9 &amp; more"'
    )
    diagrams = find_diagrams("p/index.html", page)
    svg = '<svg id="fg-mermaid-2" viewBox="0 0 700 500"><text>chart</text></svg>'
    out = rewrite_page(page, diagrams, [flow_svg("fg-mermaid-1", "Top"), svg], {}, "p/index.html")
    assert "Diagram: Recall &lt; 0.9 &amp; more</span>" in out


def test_prerender_site_writes_deferred_diagrams_except_offline(tmp_path: Path) -> None:
    page = long_page(DEFER_AFTER * 2)
    for defer, expected in ((True, 1), (False, 0)):
        site = small_site(tmp_path / f"site-{defer}")
        (site / "chapter" / "index.html").write_text(page, encoding="utf-8")
        (site / "assets" / "javascripts" / "diagram-loader.js").write_text("/* js */")
        summary = prerender_site(site, renderer=FakeRenderer(), defer=defer)
        written = sorted((site / "assets" / "diagrams").glob("*.svg"))
        assert (len(written), summary.deferred) == (expected, expected)
        html = (site / "chapter" / "index.html").read_text()
        assert all(f'data-fg-svg="{f.name}"' in html for f in written)
        assert all(f.name == deferred_file(f.read_text()) for f in written)
        assert html.count("<svg") == 2 - expected
        # The loader ships only when a page uses it.
        assert (site / "assets" / "javascripts" / "diagram-loader.js").exists() == defer
        said = "(1 loaded near the viewport from assets/diagrams/)"
        assert (said in str(summary)) == defer, summary


def test_prerender_site_rewrites_every_page_and_removes_mermaid(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site")
    render = FakeRenderer()
    summary = prerender_site(site, renderer=render)
    assert (summary.diagrams, summary.pages) == (2, 1)
    assert "Pre-rendered 2 diagram(s) on 1 page(s)" in str(summary)
    sources = [d.source for d in find_diagrams("chapter/index.html", PAGE)]
    assert render.calls == [[("fg-mermaid-1", sources[0]), ("fg-mermaid-2", sources[1])]]
    for page in ("index.html", "chapter/index.html"):
        html = (site / page).read_text()
        assert "mermaid-loader" not in html and 'class="mermaid"' not in html
    assert not (site / "assets" / "vendor" / "mermaid").exists()
    assert not (site / "assets" / "javascripts" / "mermaid-loader.js").exists()
    assert not (site / "assets" / "javascripts" / "mermaid-components.js").exists()
    assert (site / "assets" / "javascripts" / "checklist.js").exists()
    again = FakeRenderer()
    assert prerender_site(site, renderer=again).diagrams == 0  # idempotent: nothing left to do
    assert again.calls == []


def test_a_broken_diagram_fails_naming_page_source_and_diagram(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site")
    before = (site / "chapter" / "index.html").read_text()
    with pytest.raises(PrerenderError) as failure:
        prerender_site(site, renderer=FakeRenderer(fail="xychart"))
    message = str(failure.value)
    assert (
        "chapter/index.html (from docs/chapter.md): diagram 2 ('xychart-beta'): "
        "Parse error on line 2"
    ) in message
    assert "1 diagram(s) failed; the site was left unchanged." in message
    assert (site / "chapter" / "index.html").read_text() == before
    assert (site / "assets" / "vendor" / "mermaid").exists()


def test_a_missing_site_or_mermaid_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PrerenderError, match="no such folder"):
        prerender_site(tmp_path / "nowhere")
    site = small_site(tmp_path / "site")
    with pytest.raises(PrerenderError, match=r"mermaid\.esm\.min\.mjs not found.*make setup"):
        prerender_site(site, mermaid_dist=tmp_path)


# --- browser tests on a real pre-rendered build --------------------------------------------------
FLOWCHART = """\
```mermaid
flowchart LR
  accTitle: A wide serving path
  accDescr: A request passes eight services in a row before the answer returns.
{nodes}
{edges}
```
"""
CHART = """\
```mermaid
xychart-beta
  accTitle: Precision at each threshold
  accDescr: Precision falls from one to a half as the threshold drops.
  title "Precision by threshold"
  x-axis [a, b, c, d]
  y-axis "Precision" 0 --> 1
  line [1, 0.8, 0.6, 0.5]
```
"""


def fixture_project(root: Path) -> Path:
    """A small Material project with the real theme settings, stylesheets and scripts: two
    generated pages of the fixture case (its case page with hostile labels, the component
    legend), a hand-written page with a wide flowchart and one with an xychart, and the
    vendored Mermaid files the hook would add. Links are not checked here (test_build does)."""
    project = Project(root)
    project.add_case()
    catalog = load_catalog(root)
    docs = root / "docs"
    for generated in generated_pages(catalog):
        if generated.path in ("cases/mini-case.md", "reference/components.md"):
            (docs / generated.path).parent.mkdir(parents=True, exist_ok=True)
            (docs / generated.path).write_text(generated.content, encoding="utf-8")
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    for source, dest in vendored_files(ROOT):
        (docs / dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, docs / dest)
    shutil.copytree(ROOT / "overrides", root / "overrides")
    nodes = "\n".join(f'  n{i}["Service number {i}"]:::fg-service' for i in range(8))
    edges = "\n".join(f"  n{i} --> n{i + 1}" for i in range(7))
    (docs / "index.md").write_text(
        "# Home\n\nA wide diagram.\n\n" + FLOWCHART.format(nodes=nodes, edges=edges),
        encoding="utf-8",
    )
    (docs / "chart.md").write_text("# Chart\n\n" + CHART, encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    theme = config[config.index("theme:") : config.index("# --- plugins")]
    fences = config[config.index("  - pymdownx.superfences:") : config.index("  - pymdownx.tabbed")]
    (root / "mkdocs.yml").write_text(
        "site_name: Prerender fixture\n"
        "edit_uri: https://github.com/o/r/edit/main/docs/\n" + theme + "plugins: [search]\n"
        "validation: {links: {not_found: info, anchors: info, unrecognized_links: info}}\n"
        "markdown_extensions:\n  - abbr\n  - admonition\n  - attr_list\n  - md_in_html\n"
        "  - pymdownx.details\n  - tables\n  - toc\n"
        + fences
        + "nav:\n  - Home: index.md\n  - Chart: chart.md\n  - cases/mini-case.md\n"
        "  - reference/components.md\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project after ``mkdocs build --strict`` (not pre-rendered)."""
    root = fixture_project(tmp_path_factory.mktemp("prerender") / "project")
    result = mkdocs_build(root, root / "built")
    assert result.returncode == 0, result.stderr
    html = (root / "built" / "index.html").read_text()
    assert 'class="mermaid"' in html and "mermaid-loader.js" in html  # the input is as expected
    return root / "built"


@pytest.fixture(scope="module")
def site(built: Path) -> Path:
    """The same site pre-rendered in Chromium."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium package", pytrace=False)
    folder = built.parent / "site"
    shutil.copytree(built, folder)
    summary = prerender_site(folder, ROOT / prerender.MERMAID_DIST)
    assert summary.diagrams >= 3 and summary.pages >= 3, summary
    return folder


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture
def page(base: str, browser: Any) -> Iterator[tuple[object, list[str], list[str]]]:
    """A page of the session's browser (one sync Playwright per thread: see tests/conftest.py)."""
    requests: list[str] = []
    errors: list[str] = []
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 900})

    def route(route: object) -> None:
        request = route.request  # type: ignore[attr-defined]
        if urlparse(request.url).hostname == "127.0.0.1":
            route.continue_()  # type: ignore[attr-defined]
        else:
            errors.append(f"outside request: {request.url}")
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", route)
    tab = context.new_page()
    tab.on("request", lambda r: requests.append(r.url))
    tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab, requests, errors
    context.close()


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.browser
def test_built_site_ships_no_mermaid(site: Path) -> None:
    for path in html_pages(site):
        html = path.read_text()
        assert 'class="mermaid"' not in html, path
        assert "mermaid-loader" not in html and "mermaid-components" not in html, path
    assert not (site / "assets" / "vendor" / "mermaid").exists()
    assert not list(site.rglob("mermaid*.js")) and not list(site.rglob("*.mjs"))
    legend = (site / "reference" / "components" / "index.html").read_text()
    assert legend.count('<svg id="fg-mermaid-') >= 1  # the generated page is pre-rendered too


@pytest.mark.browser
def test_prerendering_is_reproducible_and_follows_a_linked_mermaid(built: Path, site: Path) -> None:
    """The same input renders to the same bytes, also when Mermaid is reached through a link
    (a worktree or a benchmark copy sharing one node_modules)."""
    again = built.parent / "again"
    shutil.copytree(built, again)
    linked = built.parent / "linked-mermaid"
    linked.symlink_to(ROOT / prerender.MERMAID_DIST, target_is_directory=True)
    prerender_site(again, linked)
    for path in html_pages(site):
        assert path.read_bytes() == (again / path.relative_to(site)).read_bytes(), path


@pytest.mark.browser
def test_diagrams_show_without_javascript_and_follow_the_palette(page: tuple, base: str) -> None:
    tab, requests, errors = page
    for path in ("", "chart/", "reference/components/"):
        tab.goto(base + path)
        tab.wait_for_load_state("networkidle")
        svg = tab.locator(".fg-diagram svg").first
        assert svg.is_visible()
        box = svg.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 10
    tab.goto(base)
    svg = tab.locator(".fg-diagram svg").first
    labelled = svg.get_attribute("aria-labelledby")
    assert tab.locator(f"#{labelled}").text_content() == "A wide serving path"
    described = svg.get_attribute("aria-describedby")
    assert "eight services" in (tab.locator(f"#{described}").text_content() or "")
    assert tab.locator(".fg-diagram svg .nodeLabel").first.text_content() == "Service number 0"

    colours = """() => {
      const node = document.querySelector(".fg-diagram .fg-service rect");
      const label = document.querySelector(".fg-diagram .nodeLabel");
      return [getComputedStyle(node).fill, getComputedStyle(label).color];
    }"""
    chart = (
        """() => getComputedStyle(document.querySelector(".fg-diagram .chart-title text")).fill"""
    )
    light = tab.evaluate(colours)
    tab.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    dark = tab.evaluate(colours)
    assert light[0] != dark[0] and light[1] != dark[1], (light, dark)
    tab.goto(base + "chart/")
    tab.evaluate("document.body.setAttribute('data-md-color-scheme', 'default')")
    light_chart = tab.evaluate(chart)
    tab.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    assert tab.evaluate(chart) != light_chart
    # A generated page: its inline diagrams share one stylesheet, those far down the page are
    # deferred with their own (loaded here as before printing); all must be themed.
    tab.goto(base + "cases/mini-case/")
    tab.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    tab.wait_for_function("() => !document.querySelector('.fg-diagram__deferred')")
    fills = tab.evaluate(
        """() => [...document.querySelectorAll(".fg-diagram svg")].map(svg => getComputedStyle(
             svg.querySelector(".node rect, .node path, .node polygon")).fill)"""
    )
    assert len(fills) >= 2 and "rgb(236, 236, 255)" not in fills, fills  # not Mermaid's default
    assert not [url for url in requests if "mermaid" in url], requests
    assert errors == []


@pytest.mark.browser
def test_full_size_toggle_works_by_keyboard(page: tuple, base: str) -> None:
    tab, _, errors = page
    tab.goto(base)
    toggle = tab.locator(".fg-diagram__full").first
    canvas = tab.locator(".fg-diagram__canvas").first
    svg = canvas.locator("svg")
    scaled = svg.bounding_box()["width"]
    natural = float(svg.get_attribute("viewBox").split()[2])
    assert scaled < natural - 100  # the wide diagram is scaled to the column
    for _ in range(80):  # reach the checkbox with the Tab key, as a keyboard user would
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.classList.contains('fg-diagram__full')"):
            break
    else:
        raise AssertionError("the full-size checkbox is not reachable with Tab")
    tab.keyboard.press("Space")
    assert toggle.is_checked()
    assert abs(svg.bounding_box()["width"] - natural) < 2
    assert canvas.evaluate("c => c.scrollWidth > c.clientWidth")
    tab.keyboard.press("Tab")  # the region scrolls with the arrow keys
    assert tab.evaluate("document.activeElement.classList.contains('fg-diagram__canvas')")
    tab.keyboard.press("ArrowRight")
    tab.wait_for_function("() => document.querySelector('.fg-diagram__canvas').scrollLeft > 0")
    tab.keyboard.press("Shift+Tab")
    tab.keyboard.press("Space")
    assert not toggle.is_checked()
    assert abs(svg.bounding_box()["width"] - scaled) < 2
    assert errors == []


@pytest.mark.browser
def test_a_planted_broken_diagram_fails_the_prerender(built: Path) -> None:
    broken = built.parent / "broken"
    shutil.copytree(built, broken)
    page = broken / "chart" / "index.html"
    html = page.read_text()
    planted = html.replace(
        "<h1", '<pre class="mermaid"><code>flowchart LR\n  a["x --&gt; b</code></pre>\n<h1', 1
    )
    page.write_text(planted)
    with pytest.raises(PrerenderError) as failure:
        prerender_site(broken, ROOT / prerender.MERMAID_DIST)
    message = str(failure.value)
    assert "chart/index.html (from docs/chart.md): diagram 1 ('flowchart LR'):" in message
    assert "diagram 2" not in message  # the chart after it rendered
    assert page.read_text() == planted  # nothing written
