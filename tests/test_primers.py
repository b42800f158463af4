"""Primer references (study/primers.py): a page under docs/, or one of its sections by heading id.

The heading ids are checked against Python-Markdown's own ``toc`` extension on every page of the
guide, so a reference the build accepts is an anchor the built page has."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from fieldguide.study.primers import headings, primer_problem, primer_title

from .conftest import ROOT

# what the site's toc needs to see the same headings: attribute lists ({ #id }), fenced code,
# and admonitions (whose indented headings neither side counts as the page's own)
EXTENSIONS = ["toc", "attr_list", "fenced_code", "tables", "admonition", "footnotes"]
ID = re.compile(r"<h([1-6])[^>]*\bid=\"([^\"]+)\"")


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "docs").rglob("*.md")),
    ids=lambda p: p.relative_to(ROOT / "docs").as_posix(),
)
def test_heading_ids_are_those_the_toc_extension_gives(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    html = markdown.markdown(text, extensions=EXTENSIONS)
    made = {anchor for _, anchor in ID.findall(html)}
    found = headings(text)
    assert found or "\n# " not in text  # a page with a title has headings
    assert set(found) <= made, sorted(set(found) - made)


def test_explicit_ids_repeats_and_code_fences() -> None:
    text = (
        "# Page title\n\n## A section { #custom }\n\n## Same\n\n## Same\n\n"
        "```python\n# not a heading\n```\n\n### `Code` and [a link](x.md) *inside*\n\n"
        "### snake_case and _emphasis_\n"
    )
    found = headings(text)
    assert list(found) == [
        *("page-title", "custom", "same", "same_1", "code-and-a-link-inside"),
        "snake_case-and-emphasis",
    ]
    html = markdown.markdown(text, extensions=EXTENSIONS)
    assert [a for _, a in ID.findall(html)] == list(found)
    assert found["custom"] == (2, "A section")


def test_titles_and_problems_of_a_section_reference(tmp_path: Path) -> None:
    page = tmp_path / "docs" / "framework" / "x.md"
    page.parent.mkdir(parents=True)
    page.write_text("# Page title\n\n## A section { #custom }\n\nText.\n", encoding="utf-8")
    assert primer_title(tmp_path, "framework/x.md") == "Page title"
    assert primer_title(tmp_path, "framework/x.md#custom") == "Page title: A section"
    assert primer_problem(tmp_path, "framework/x.md#custom") is None
    missing = primer_problem(tmp_path, "framework/x.md#a-section")
    assert missing and "'a-section'" in missing and "custom" in missing
    assert "framework/y.md" in (primer_problem(tmp_path, "framework/y.md") or "")
    for bad in ("../x.md", "framework/x.md#", "framework/x.md#Custom", "/etc/passwd#x"):
        assert "expected a page path" in (primer_problem(tmp_path, bad) or ""), bad
