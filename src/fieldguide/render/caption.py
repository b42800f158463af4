"""A Python-Markdown extension that treats ``<caption>`` as a block-level HTML element.

Python-Markdown's list of block-level tags lacks ``caption``, so inside a raw HTML table parsed
with ``md_in_html`` (``<table markdown="1">``, used where table cells need Markdown links that
MkDocs checks and rewrites) a caption would be wrapped in ``<p>`` and thrown out of the table by
the browser. Enabled in mkdocs.yml as ``fieldguide.render.caption``.
"""

from __future__ import annotations

from markdown import Extension, Markdown  # type: ignore[import-untyped]  # no stubs

TAG = "caption"


class CaptionExtension(Extension):  # type: ignore[misc]  # Extension is untyped
    def extendMarkdown(self, md: Markdown) -> None:
        if TAG not in md.block_level_elements:
            md.block_level_elements.append(TAG)


def makeExtension(**kwargs: object) -> CaptionExtension:
    return CaptionExtension(**kwargs)
