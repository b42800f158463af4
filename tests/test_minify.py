"""Our own scripts and stylesheets reach readers minified, and pages without the templates'
indentation, with the same meaning.

src/fieldguide/render/minify.py (rjsmin, rcssmin) through hooks/guide.py: a build writes
docs/assets/javascripts/**.js and docs/assets/stylesheets/*.css without comments and spare
whitespace; `mkdocs serve` serves them as written (tests/test_serve.py). Chromium, not the
minifier, is the judge of meaning here: it parses each stylesheet, source and built, to the same
rules, and compiles each built script; and it renders a page's text the same with the
indentation ``tidy_html`` drops put back.
"""

from __future__ import annotations

import random
import re
from typing import TYPE_CHECKING

import pytest

from fieldguide.render.minify import minifiable, minified, tidy_html

from .conftest import ROOT
from .support.browser import Site

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page, Route

OURS = sorted(
    p.relative_to(ROOT / "docs").as_posix()
    for folder in ("javascripts", "stylesheets")
    for p in (ROOT / "docs" / "assets" / folder).rglob("*")
    if p.suffix in {".js", ".css"}
)


def test_only_our_own_unminified_assets_are_minified() -> None:
    assert len(OURS) >= 10 and all(minifiable(path) for path in OURS)
    for other in [
        "assets/javascripts/bundle.a5f9d56c.min.js",  # Material's, minified already
        "assets/stylesheets/main.57a0d79d.min.css",
        "assets/vendor/mermaid/mermaid.esm.min.mjs",
        "assets/vendor/iframe-worker/shim.js",
        "assets/images/favicon.png",
        "cases/index.md",
    ]:
        assert not minifiable(other), other


def test_the_minifiers_keep_what_whitespace_means() -> None:
    script = 'var a = `x   /* kept */  y`; // gone\nvar r = /a   b/g; /* gone */ var s = "q   r";'
    assert minified("assets/javascripts/x.js", script) == (
        'var a=`x   /* kept */  y`;var r=/a   b/g;var s="q   r";'
    )
    style = "a { width: calc(100% - 2px); } /* gone */ b:where(.x > .y) { margin: 0 auto }"
    assert minified("assets/stylesheets/x.css", style) == (
        "a{width:calc(100% - 2px)}b:where(.x>.y){margin:0 auto}"
    )


def test_the_build_ships_every_own_asset_minified(built: Site) -> None:
    for path in OURS:
        source = (ROOT / "docs" / path).read_text(encoding="utf-8")
        shipped = (built.folder / path).read_text(encoding="utf-8")
        assert shipped == minified(path, source), path
        assert len(shipped) < 0.9 * len(source), path  # the comments are gone


CSS_RULES = """(text) => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(text);
  const walk = (rules) => [...rules].map(r => r.cssRules && r.cssRules.length
    ? [r.cssText.split("{")[0], walk(r.cssRules)] : r.cssText);
  return JSON.stringify(walk(sheet.cssRules));
}"""
COMPILES = (
    """(text) => { try { new Function(text); return ""; } catch (e) { return String(e); } }"""
)


@pytest.mark.browser
def test_chromium_reads_the_minified_files_as_their_sources(built: Site, page: Page) -> None:
    page.set_content("<!doctype html><title>minify</title>")
    for path in OURS:
        source = (ROOT / "docs" / path).read_text(encoding="utf-8")
        shipped = (built.folder / path).read_text(encoding="utf-8")
        if path.endswith(".css"):
            rules = page.evaluate(CSS_RULES, shipped)
            assert rules.count("{") > 100 and rules == page.evaluate(CSS_RULES, source), path
            # the comparison sees a lost semicolon (two declarations become one invalid one)
            assert page.evaluate(CSS_RULES, shipped.replace(";", "", 1)) != rules
        else:
            assert page.evaluate(COMPILES, shipped) == "", path
            assert page.evaluate(COMPILES, shipped + "}") != ""  # and it can fail


KEPT = (
    "<pre>  keep\n    this</pre><code> a\n  b</code><kbd>\n  K</kbd>"
    "<textarea>\n  t</textarea><script>\n  var a;</script><style>\n  p {}</style>"
)


def test_tidy_html_drops_only_the_spaces_that_touch_a_line_break_in_text() -> None:
    html = '<p>\n    Some  text\n\t<a href="x" title="a\n   b">link</a>  \n\n  end  </p>\n  '
    assert tidy_html(html + KEPT) == (
        '<p>\nSome  text\n<a href="x" title="a\n   b">link</a>\n\nend  </p>\n' + KEPT
    )


def test_tidy_html_strips_line_ends_without_touching_spaces_away_from_a_break() -> None:
    # No line break inside a tag: every line of text is stripped at its ends, but the first
    # line's start and the last line's end do not touch a break and keep their spaces.
    assert tidy_html("  a  \n  <b> c </b>  \n\t d  ") == "  a\n<b> c </b>\nd  "
    assert tidy_html("<p>x</p>  <p>y</p>") == "<p>x</p>  <p>y</p>"  # no break: untouched


def _each_text_node(html: str, change: Callable[[str], str]) -> str:
    """``html`` with ``change`` applied to each text node outside the elements that keep their
    spaces (found independently of ``tidy_html``, one regex call per node)."""
    kept = re.compile(r"(?is)<(pre|code|kbd|textarea|script|style)\b.*?</\1\s*>")
    text = re.compile(r"(?:(?<=>)|\A)[^<]+")
    pieces, start = [], 0
    for match in [*kept.finditer(html), None]:
        end = match.start() if match else len(html)
        pieces.append(text.sub(lambda m: change(m.group(0)), html[start:end]))
        pieces.append(match.group(0) if match else "")
        start = match.end() if match else end
    return "".join(pieces)


def _by_text_node(html: str) -> str:
    """What ``tidy_html`` means, said plainly: in each text node outside the elements that
    keep their spaces, spaces and tabs around a line break go."""
    return _each_text_node(html, lambda node: re.sub(r"[ \t]*\n[ \t]*", "\n", node))


def test_tidy_html_means_the_same_on_any_mix_of_tags_text_and_breaks() -> None:
    rng = random.Random(13)  # noqa: S311 - test data, not secrets
    parts = ["<p>", "</p>", "<a\n  href='x'>", '<i title="a \n b">', "<code> c\n  d</code>"]
    parts += [" ", "\t", "\n", "  \n  ", "word", "<", ">", "<pre>\n  p</pre>", "<br>"]
    for _ in range(3000):
        html = "".join(rng.choice(parts) for _ in range(rng.randint(0, 12)))
        assert tidy_html(html) == _by_text_node(html), repr(html)


def _indented(html: str) -> str:
    """``html`` with spaces and tabs put around every line break of its text (what
    ``tidy_html`` removes), outside the elements that keep their spaces."""
    return _each_text_node(html, lambda node: node.replace("\n", " \t\n  "))


EVERY_BLOCK = "article * { content-visibility: visible !important }"


def _answer_with(body: str) -> Callable[[Route], None]:
    return lambda route: route.fulfill(body=body, content_type="text/html")


@pytest.mark.browser
def test_chromium_renders_a_tidied_page_as_the_indented_one(site: Site, page: Page) -> None:
    url = f"{site.base}cases/video-recommendation/"
    tidied = (site.folder / "cases" / "video-recommendation" / "index.html").read_text("utf-8")
    indented = _indented(tidied)
    assert len(indented) > len(tidied) + 10_000 and tidy_html(indented) == tidied
    texts = []
    for html in (tidied, indented):
        page.route(url, _answer_with(html))
        page.goto(url)
        page.add_style_tag(content=EVERY_BLOCK)  # lay out the blocks far down the page too
        texts.append(page.locator("article").inner_text())
        page.unroute(url)
    assert len(texts[0]) > 20_000 and texts[0] == texts[1]
    # and it sees a change that shows: the space between two words of the article removed
    at = re.compile(r">[^<]*?[a-z]( )[a-z]").search(tidied, tidied.index("<article"))
    assert at is not None
    broken = tidied[: at.start(1)] + tidied[at.end(1) :]
    page.route(url, _answer_with(broken))
    page.goto(url)
    page.add_style_tag(content=EVERY_BLOCK)
    assert page.locator("article").inner_text() != texts[0]
