"""The revision pages as generated pages: question bank, technique matrix and cheat sheets.

Called by the MkDocs hook and by ``fieldguide write-pages``; raises
:class:`~fieldguide.load.problems.ProblemsFound` (file, line, field) when the data files under
``data/`` are wrong.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment

from fieldguide.load.catalog import Catalog
from fieldguide.render.pages import GeneratedPage, environment
from fieldguide.study.cheat_sheets import sheet_pages
from fieldguide.study.question_bank import BANK_FILE, entries, load_bank, render_bank
from fieldguide.study.question_bank import PAGE as BANK_PAGE
from fieldguide.study.techniques import (
    TECHNIQUES_FILE,
    TechniqueList,
    load_techniques,
    matrix,
)

MATRIX_PAGE = "study/techniques.md"


def render_matrix(
    catalog: Catalog, techniques: TechniqueList, env: Environment | None = None
) -> str:
    """The Markdown of the technique matrix page."""
    env = env or environment()
    tables = matrix(catalog, techniques)
    used = {cell.technique for table in tables for _, cells in table.rows for cell in cells if cell}
    return env.get_template("study/techniques.md.j2").render(
        tables=tables,
        untagged=[t for t in techniques.all() if t.id not in used],
    )


def revision_pages(
    catalog: Catalog, root: Path, env: Environment | None = None
) -> list[GeneratedPage]:
    """The question bank, the technique matrix, every cheat sheet and their index."""
    env = env or environment()
    techniques = load_techniques(root)  # the bank is checked against it, so it comes first
    bank = load_bank(root, catalog, techniques)
    return [
        GeneratedPage(
            BANK_PAGE,
            render_bank(entries(root, catalog, techniques, bank), techniques, env),
            BANK_FILE,
        ),
        GeneratedPage(MATRIX_PAGE, render_matrix(catalog, techniques, env), TECHNIQUES_FILE),
        *sheet_pages(catalog, env),
    ]
