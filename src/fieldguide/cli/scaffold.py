"""``new-case <slug>``: write a case folder whose every section is present and marked TODO."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from fieldguide.load.catalog import CASE_FILE, CASES_DIR, NOTES_DIR
from fieldguide.load.framework import Framework
from fieldguide.load.schema import CaseSection
from fieldguide.render.notes import STEP_BLOCKS

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ScaffoldError(ValueError):
    """The slug is invalid or the case exists already."""


def scaffold_case(root: Path, slug: str, framework: Framework, title: str | None = None) -> Path:
    """Create ``cases/<slug>/`` with case.yaml and one note per step; return the folder."""
    if not SLUG.fullmatch(slug) or len(slug) > 80:
        raise ScaffoldError(f"expected a slug of lower-case words joined by '-', found {slug!r}")
    folder = root / CASES_DIR / slug
    if folder.exists():
        raise ScaffoldError(f"{CASES_DIR}/{slug} exists already")
    env = Environment(
        loader=PackageLoader("fieldguide", "templates/scaffold"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # noqa: S701 - writes YAML and Markdown, values are a checked slug
    )
    shown_title = title or slug.replace("-", " ").capitalize()
    if '"' in shown_title or "\\" in shown_title:
        raise ScaffoldError("the title may not contain quotes or backslashes")
    (folder / NOTES_DIR).mkdir(parents=True)
    case_text = env.get_template("case.yaml.j2").render(
        slug=slug, title=shown_title, sections=[section.value for section in CaseSection]
    )
    (folder / CASE_FILE).write_text(case_text, encoding="utf-8")
    note = env.get_template("note.md.j2")
    for step in framework.steps:
        text = note.render(step=step, blocks=STEP_BLOCKS[step.id])
        (folder / NOTES_DIR / f"{step.id}.md").write_text(text, encoding="utf-8")
    return folder
