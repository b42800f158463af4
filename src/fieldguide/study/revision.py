"""The revision pages as generated pages: question bank, technique matrix and cheat sheets.

Called by the MkDocs hook and by ``fieldguide write-pages``; raises
:class:`~fieldguide.load.problems.ProblemsFound` (file, line, field) when the data files under
``data/`` are wrong.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from jinja2 import Environment

from fieldguide.load.catalog import Catalog
from fieldguide.render.pages import GeneratedPage, environment
from fieldguide.study.cheat_sheets import sheet_pages
from fieldguide.study.question_bank import BANK_FILE, entries, load_bank, render_bank
from fieldguide.study.question_bank import PAGE as BANK_PAGE
from fieldguide.study.techniques import (
    MATRIX_PAGE_SIZE,
    TECHNIQUES_FILE,
    TechniqueList,
    load_techniques,
    matrix,
    matrix_pages,
)

MATRIX_PAGE = "study/techniques.md"


def matrix_page_path(number: int) -> str:
    """Page ``number`` of the matrix. Page 1 keeps the matrix's URL (and its anchors, which other
    pages link to); the others sit in the same folder, so every page's relative links match."""
    return MATRIX_PAGE if number == 1 else f"study/techniques-page-{number}.md"


def technique_matrix_pages(
    catalog: Catalog,
    techniques: TechniqueList,
    env: Environment | None = None,
    size: int = MATRIX_PAGE_SIZE,
) -> list[GeneratedPage]:
    """The matrix pages: one up to ``size`` cases; else page 1 in the navigation, the others
    reached by its Previous/Next links (so "not in nav", which the strict build accepts)."""
    env = env or environment()
    tables = matrix(catalog, techniques)
    used = {cell.technique for table in tables for _, cells in table.rows for cell in cells if cell}
    # a group no case uses at all, as opposed to none of one page's cases
    unused = {table.group.id for table in tables if not table.rows}
    untagged = [t for t in techniques.all() if t.id not in used]
    template = env.get_template("study/techniques.md.j2")
    return [
        GeneratedPage(
            matrix_page_path(page.number),
            template.render(
                tables=page.tables,
                page=page,
                size=size,
                unused=unused,
                untagged=untagged,
                name=lambda number: posixpath.basename(matrix_page_path(number)),
            ),
            TECHNIQUES_FILE,
            in_nav=page.number == 1,
        )
        for page in matrix_pages(catalog, tables, size)
    ]


def render_matrix(
    catalog: Catalog,
    techniques: TechniqueList,
    env: Environment | None = None,
    size: int = MATRIX_PAGE_SIZE,
) -> str:
    """The Markdown of the matrix's first page (the whole matrix up to ``size`` cases)."""
    return technique_matrix_pages(catalog, techniques, env, size)[0].content


def revision_pages(
    catalog: Catalog,
    root: Path,
    env: Environment | None = None,
    matrix_page_size: int = MATRIX_PAGE_SIZE,
) -> list[GeneratedPage]:
    """The question bank, the technique matrix (its pages), every cheat sheet and their index."""
    env = env or environment()
    techniques = load_techniques(root)  # the bank is checked against it, so it comes first
    bank = load_bank(root, catalog, techniques)
    return [
        GeneratedPage(
            BANK_PAGE,
            render_bank(entries(root, catalog, techniques, bank), techniques, env),
            BANK_FILE,
        ),
        *technique_matrix_pages(catalog, techniques, env, matrix_page_size),
        *sheet_pages(catalog, env),
    ]
