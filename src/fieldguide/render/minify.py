"""Our own scripts and stylesheets, minified for readers.

The files under ``docs/assets/javascripts`` and ``docs/assets/stylesheets`` are written for
contributors: a third to a half of each is comments. Every reader downloads the shared ones on
their first visit, so the built site gets them without comments and spare whitespace (rjsmin and
rcssmin, which change nothing else: strings, regular expressions, template literals and
``calc()`` keep their spaces). Names stay the same, so nothing that links them changes.
``mkdocs serve`` keeps the sources as written (hooks/guide.py), for debugging in the browser.

Material's files and the vendored ones (``assets/vendor``) are minified already and left alone;
so is anything named ``*.min.js`` or ``*.min.css``.
"""

from __future__ import annotations

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
