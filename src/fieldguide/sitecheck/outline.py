"""A page's outline: headings that repeat, sections left empty, levels skipped.

Screen readers offer a page's headings as its table of contents. A heading twice at one level
(a note that repeats the heading of a block the case page places after it), a heading with
nothing under it before the next heading of its level or above, or a jump from h2 to h4 breaks
that list. The build checks the article of every page as it is written (hooks/guide.py,
on_post_page) and names the source lines that hold the heading, so a contributor learns it from
the build rather than from a test run.

Regular expressions, not an HTML parser: this runs on every page of every build (an
``html.parser`` walk costs 0.75 s a build at 34 cases, these about 0.04 s); the tests hold it to a
parser-based reading of the same rules on every page of the real site.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.DOTALL | re.IGNORECASE)
_PERMALINK = re.compile(r"<a\b[^>]*\bclass=\"headerlink\"[^>]*>.*?</a>", re.DOTALL)
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
# Blocks that count as a section's content, as text does.
_CONTENT = re.compile(r"<(?:p|ul|ol|table|pre|div|details|dl|img|blockquote)\b", re.IGNORECASE)
_MARKDOWN_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+\{[^}]*\})?(?:\s+#+)?\s*$")
_ARTICLE = re.compile(r"<article\b[^>]*>(.*)</article>", re.DOTALL | re.IGNORECASE)


def article(page_html: str) -> str:
    """What a whole page's ``<article>`` holds (the page itself if it has none)."""
    match = _ARTICLE.search(page_html)
    return match.group(1) if match else page_html


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    has_content: bool  # text or a block before the next heading


def headings(page_html: str) -> list[Heading]:
    """The headings of an article's HTML, in order."""
    found = list(_HEADING.finditer(page_html))
    result = []
    for i, match in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(page_html)
        between = page_html[match.end() : end]
        text = html.unescape(_TAG.sub("", _PERMALINK.sub("", match.group(2)))).strip()
        has_content = bool(_CONTENT.search(between)) or bool(_TAG.sub("", between).strip())
        result.append(Heading(int(match.group(1)), text, has_content))
    return result


@dataclass(frozen=True)
class OutlineProblem:
    heading: Heading
    what: str  # "appears twice", "is empty", "skips a level after h2"

    def __str__(self) -> str:
        return f"h{self.heading.level} {self.heading.text!r} {self.what}"


def outline_problems(page_html: str) -> list[OutlineProblem]:
    """Each heading repeated at its level, left empty, or skipping a level, in page order."""
    marks = headings(page_html)
    problems = []
    seen: set[tuple[int, str]] = set()
    previous = 1
    for i, mark in enumerate(marks):
        if mark.level > previous + 1:
            problems.append(OutlineProblem(mark, f"skips a level after h{previous}"))
        previous = mark.level
        key = (mark.level, mark.text.casefold())
        if key in seen:
            problems.append(OutlineProblem(mark, "appears twice"))
        seen.add(key)
        following = marks[i + 1].level if i + 1 < len(marks) else 0
        if not mark.has_content and following <= mark.level:
            problems.append(OutlineProblem(mark, "is empty"))
    return problems


def heading_lines(text: str, heading: str) -> list[int]:
    """The 1-based lines of Markdown ``text`` whose ATX heading reads ``heading``."""
    wanted = heading.casefold()
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _MARKDOWN_HEADING.match(line)
        if match and match.group(2).strip().casefold() == wanted:
            lines.append(number)
    return lines


def where_written(problem: OutlineProblem, sources: dict[str, str]) -> str:
    """The problem, with the source lines that write its heading (``sources``: display name ->
    Markdown text)."""
    text = problem.heading.text
    places = [
        f"{name}:{n}" for name, source in sources.items() for n in heading_lines(source, text)
    ]
    if not places:
        return f"{problem} (a heading of a block the page places; no note writes it)"
    return f"{problem} (written at {', '.join(places)})"


def outline_report(page: str, problems: list[OutlineProblem], sources: dict[str, str]) -> str:
    """The build's error for a page with outline problems."""
    return (
        f"Page outline problems in {page} (headings must not repeat at one level, be left empty "
        "or skip a level):\n" + "\n".join(where_written(problem, sources) for problem in problems)
    )


def notes_sources(folder: Path, root: Path) -> dict[str, str]:
    """The Markdown notes of a case folder, by project-relative name (none if it has none)."""
    notes = folder / "notes"
    if not notes.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(notes.glob("*.md"))
    }
