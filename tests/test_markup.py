"""Escaping of contributed text: whatever a case file says, the page shows exactly that text.

The oracle is Python-Markdown itself with the site's extensions and settings (mkdocs.yml), not
the escaping code: the escaped text must come out of the renderer as the literal text, in a
paragraph and in a table cell, with no tag, link, emphasis or entity of its own."""

from __future__ import annotations

import html
import re

from hypothesis import example, given
from hypothesis import strategies as st

from fieldguide.render.markup import md_text

from .test_pages import site_markdown

CONVERTER = site_markdown()

# printable text: letters, digits, marks, punctuation, symbols (any script) and plain spaces
TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")) | st.just(" ")
)
PUNCTUATION_AND_HTML = st.text(st.sampled_from(list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ a1")))
TAG = re.compile(r"<[^>]*>")


def rendered(source: str) -> str:
    return CONVERTER.reset().convert(source)


def shown_text(fragment: str) -> str:
    """The text a reader sees in an HTML fragment that must hold no markup of its own."""
    assert "<" not in fragment, fragment  # the escaped text made no tag
    return html.unescape(fragment)


@given(st.one_of(TEXT, PUNCTUATION_AND_HTML))
@example("**bold** _it_ `code` [link](http://x) <b>x</b> &amp; :smile: 1. # h")
@example("\\*not bold\\* \\\\ \\&lt;")
@example("&#39;&quot;&lt;&gt;&amp;")
@example("a | b || c")
@example("*[HTML]: Hyper [^1] {: .x } ==m== ^^i^^ ~~d~~")
def test_any_text_renders_as_itself(text: str) -> None:
    expected = " ".join(text.split())
    paragraph = rendered(str(md_text(text)))
    if not expected:
        assert paragraph == ""
        return
    assert paragraph.startswith("<p>") and paragraph.endswith("</p>"), paragraph
    assert shown_text(paragraph[3:-4]) == expected

    table = rendered(f"| Head |\n| --- |\n| {md_text(text)} |")
    cell = re.search(r"<td>(.*)</td>", table, re.DOTALL)
    assert cell is not None, table
    assert shown_text(cell.group(1)) == expected
    assert len(TAG.findall(table)) == len(TAG.findall(rendered("| Head |\n| --- |\n| x |")))


def test_a_hyphen_inside_a_word_stays_bare_so_glossary_terms_match() -> None:
    """'PR-AUC' must reach the tooltip matcher whole; a loose hyphen is still escaped."""
    escaped = str(md_text("PR-AUC, not AUC - and -x or x-"))
    assert "PR-AUC" in escaped
    assert escaped.count("\\-") == 3  # the spaced one, the leading one, the trailing one
    assert shown_text(rendered(escaped)[3:-4]) == "PR-AUC, not AUC - and -x or x-"
    assert "<li>" not in rendered(str(md_text("- a-b")))  # a leading hyphen makes no list
