"""Our own scripts and stylesheets, minified for readers.

The files under ``docs/assets/javascripts`` and ``docs/assets/stylesheets`` are written for
contributors: a third to a half of each is comments. Every reader downloads the shared ones on
their first visit, so the built site gets them without comments and spare whitespace (rjsmin and
rcssmin, which change nothing else: strings, regular expressions, template literals and
``calc()`` keep their spaces). Names stay the same, so nothing that links them changes.
``mkdocs serve`` keeps the sources as written (hooks/guide.py), for debugging in the browser.

Material's files and the vendored ones (``assets/vendor``) are minified already and left alone;
so is anything named ``*.min.js`` or ``*.min.css``.

Pages get :func:`tidy_html`: the indentation Material's templates leave around every line of
text (a case page's navigation alone is 41 KB raw, more than deflate's 32 KB window, so each case
added to it cost about 0.8 KB of gzip) is dropped where it cannot show.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath

import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]

OWN_ASSETS = ("assets/javascripts/", "assets/stylesheets/")
MINIFIERS: dict[str, Callable[[str], str]] = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}


def minifiable(src_uri: str) -> bool:
    """Whether a docs file is one of our scripts or stylesheets, not minified yet."""
    path = PurePosixPath(src_uri)
    return (
        src_uri.startswith(OWN_ASSETS)
        and path.suffix in MINIFIERS
        and not path.name.endswith((".min.js", ".min.css"))
    )


def minified(src_uri: str, text: str) -> str:
    """The text of ``src_uri`` (a :func:`minifiable` file) without comments and spare space."""
    return MINIFIERS[PurePosixPath(src_uri).suffix](text)


# Elements whose text keeps its spaces: <pre>, <textarea> by default, and <code> and <kbd>, which
# Material styles `white-space: pre-wrap`; <script> and <style> are not text.
_KEEPS_SPACE = re.compile(r"(?is)<(pre|code|kbd|textarea|script|style)\b.*?</\1\s*>")
_TEXT = re.compile(r"(?:(?<=>)|\A)[^<]+")  # a text node: after the end of a tag, up to the next
_AROUND_NEWLINE = re.compile(r"[ \t]*\n[ \t]*")
_BREAK_IN_TAG = re.compile(r"<[^<>]*\n")  # a tag (or a bare "<") with a line break inside


def tidy_html(html: str) -> str:
    """``html`` without the spaces and tabs that touch a line break in its text, outside the
    elements that keep their spaces. Nothing visible changes: in normal text (``white-space``
    normal, nowrap or pre-line) a line break and the spaces around it render as one space, or
    under pre-line as one break, which stays; every line break stays, and attribute values and
    the inside of tags are not touched."""
    pieces, start = [], 0
    for kept in _KEEPS_SPACE.finditer(html):
        pieces += [_tidy_text(html[start : kept.start()]), kept.group(0)]
        start = kept.end()
    pieces.append(_tidy_text(html[start:]))
    return "".join(pieces)


def _tidy_text(part: str) -> str:
    """``part`` (HTML with no element that keeps its spaces) tidied as :func:`tidy_html` says."""
    if "\n" not in part:
        return part
    if _BREAK_IN_TAG.search(part):  # rare: find the text nodes (a regex call per node)
        return _TEXT.sub(lambda m: _AROUND_NEWLINE.sub("\n", m.group(0)), part)
    # Every line break is in text, and so are the spaces and tabs next to it: strip each line
    # (a third of the time of a call per text node; a build tidies every page).
    lines = part.split("\n")
    inner = [line.strip(" \t") for line in lines[1:-1]]
    return "\n".join([lines[0].rstrip(" \t"), *inner, lines[-1].lstrip(" \t")])
