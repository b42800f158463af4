"""Our own scripts and stylesheets reach readers minified, with the same meaning.

src/fieldguide/render/minify.py (rjsmin, rcssmin) through hooks/guide.py: a build writes
docs/assets/javascripts/**.js and docs/assets/stylesheets/*.css without comments and spare
whitespace; `mkdocs serve` serves them as written (tests/test_serve.py). Chromium, not the
minifier, is the judge of meaning here: it parses each stylesheet, source and built, to the same
rules, and compiles each built script.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from fieldguide.render.minify import minifiable, minified

from .conftest import ROOT
from .support.browser import Site

if TYPE_CHECKING:
    from playwright.sync_api import Page

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
