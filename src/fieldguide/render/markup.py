"""Escaping of contributed text for the Markdown and HTML that pages are made of.

Case YAML is untrusted, so every string from it is shown as literal text: HTML-significant
characters become entities and every other ASCII punctuation mark is backslash-escaped (the site
enables ``pymdownx.escapeall``, so any escaped character is literal). No contributed string can
open a tag, a link, emphasis, a table cell or a code span.
"""

from __future__ import annotations

import functools
import re

from markupsafe import Markup, escape

_HTML = {"<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;"}
_PUNCT = set("!#$%()*+,-./:;=?@[\\]^_`{|}~")
_BLANK_LINES = re.compile(r"\n\s*\n")
_SPACES = re.compile(r"\s+")


# Unicode categories Cc (controls), Cs (surrogates) and Co (private use), which become spaces.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]"
)
# Every other ASCII punctuation mark escaped, then every HTML-significant character an entity.
# A hyphen between two word characters stays bare: it cannot start a list, a rule or a table
# row there, and an escaped one hides compound terms ("PR-AUC") from the glossary's tooltips.
_PUNCT_ESCAPES = {c: "\\" + c for c in sorted(_PUNCT - {"\\", "-"})}
_LOOSE_HYPHEN = re.compile(r"(?<!\w)-|-(?!\w)")
_ENTITIES = sorted(_HTML.items(), key=lambda item: item[0] != "&")  # "&" first: not re-escaped


def _plain(text: str) -> str:
    if text.isprintable() and "  " not in text:
        # the common case: no control, private-use or surrogate character, and no whitespace
        # but single spaces (str.isprintable is false for all of them), so only strip is left
        return text.strip()
    return _SPACES.sub(" ", _UNPRINTABLE.sub(" ", text)).strip()


def md_text(value: object) -> Markup:
    """One line of literal text for Markdown (inline context, table cells included)."""
    if isinstance(value, Markup):
        return value
    return _md_line(str(value))


@functools.lru_cache(maxsize=1 << 16)
def _md_line(text: str) -> Markup:
    # A pure function of the string (so the cache can never go stale): pages repeat many
    # values (units, step names, shared phrases), and escaping is most of the cost of a page.
    return Markup(_escape_md(_plain(text)))


def _escape_md(text: str) -> str:
    """Backslash before each ASCII punctuation mark (a hyphen only where it could start a list,
    rule or table row: not between two word characters, as in PR-AUC), entities for
    HTML-significant characters.

    One ``str.replace`` per character the text holds: twice as fast as ``str.translate`` with
    a table on this guide's text (0.05 s a build, issue 13). The backslash goes
    first (so the escapes added next are not doubled) and the entities last (so their ``&``,
    ``#`` and ``;`` are not escaped)."""
    found = set(text)
    if "\\" in found:
        text = text.replace("\\", "\\\\")
    for mark in found.intersection(_PUNCT_ESCAPES):
        text = text.replace(mark, _PUNCT_ESCAPES[mark])
    if "-" in found:
        text = _LOOSE_HYPHEN.sub(r"\\-", text)
    for mark, entity in _ENTITIES:
        if mark in found:
            text = text.replace(mark, entity)
    return text


def md_paragraphs(value: object) -> Markup:
    """Literal text that may hold several paragraphs (split on blank lines)."""
    paragraphs = [p for p in _BLANK_LINES.split(str(value).strip()) if p.strip()]
    return Markup("\n\n".join(md_text(p) for p in paragraphs))


def html_text(value: object) -> Markup:
    """Literal text inside raw HTML (where Markdown escapes are not processed)."""
    return _html_line(str(value))


@functools.lru_cache(maxsize=1 << 16)
def _html_line(text: str) -> Markup:
    return Markup(escape(_plain(text)))  # pure, like _md_line


def code_span(text: str) -> Markup:
    """Inline code for generated text known to hold no backtick, pipe or newline."""
    if "`" in text or "|" in text or "\n" in text:
        raise ValueError(f"not safe for a code span: {text!r}")
    return Markup(f"`{text}`")


def link_url(url: str) -> str:
    """A URL safe inside Markdown ``[text](url)``: parentheses and spaces percent-encoded."""
    return (
        url.replace(" ", "%20")
        .replace("(", "%28")
        .replace(")", "%29")
        .replace("<", "%3C")
        .replace(">", "%3E")
    )
