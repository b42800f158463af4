"""The technique matrix: which case uses which technique, and where on its page.

The curated list lives in ``data/techniques.yaml``: each technique names the case tag slugs
(``tags.techniques``) that count as it and the primer page (or chapter section) that explains
it. A matrix cell links
to the step section of the case page whose notes mention the technique most (by its tag slugs
and extra phrases), or to the case page itself when no note does.

A matrix of more than ``MATRIX_PAGE_SIZE`` cases is cut into pages of that many cases, each with
every group's table (issue 13): one page holding every case would grow with the corpus.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from fieldguide.load.catalog import CaseEntry, Catalog
from fieldguide.load.problems import Problem, ProblemsFound, field_path
from fieldguide.load.schema import Line, Slug, Strict
from fieldguide.load.validation import load_validated
from fieldguide.load.yamlsource import LoadedYaml
from fieldguide.study.primers import PRIMER_PATTERN, primer_problem

TECHNIQUES_FILE = "data/techniques.yaml"
# Cases per page of the matrix. The real guide has 19, so it stays one page. Each case adds
# ~0.075 KB of gzip HTML to the page (scripts/benchmark.py: 36 KB for 319 cases, over the 150 KB
# first visit at 1,019): 100 cases keep a page near 20 KB, far inside the budgets.
MATRIX_PAGE_SIZE = 100


class Technique(Strict):
    """One column of the matrix."""

    id: Slug = Field(description="Unique id, used by data/question-bank.yaml.")
    name: Line = Field(description="Display name.")
    tags: list[Slug] = Field(min_length=1, description="Case tag slugs that count as it.")
    primer: str | None = Field(
        default=None,
        pattern=PRIMER_PATTERN,
        description="Page under docs/ that explains it, or its section: `concepts/funnel.md`, "
        "`framework/model.md#multi-task-learning`.",
    )
    terms: list[Line] = Field(
        default_factory=list, description="Extra phrases to find it in a case's notes."
    )


class Group(Strict):
    """A small table of related techniques (keeps the matrix narrow on phones)."""

    id: Slug
    name: Line
    techniques: list[Technique] = Field(min_length=1)


class TechniqueList(Strict):
    groups: list[Group] = Field(min_length=1)

    def all(self) -> list[Technique]:
        return [t for g in self.groups for t in g.techniques]

    def by_id(self) -> dict[str, Technique]:
        return {t.id: t for t in self.all()}


@dataclass(frozen=True)
class Cell:
    """Where one case uses one technique: the page and the anchor (None: the page's top)."""

    slug: str
    title: str
    technique: str
    anchor: str | None
    step_title: str | None


def load_techniques(root: Path) -> TechniqueList:
    """The curated technique list, checked: unique ids and tags, existing primer pages.

    A project without the file (a fresh fork, the test projects) has no curated techniques; a
    file that exists must be valid."""
    if not (root / TECHNIQUES_FILE).exists():
        return TechniqueList.model_construct(groups=[])
    techniques, loaded = load_validated(root / TECHNIQUES_FILE, TECHNIQUES_FILE, TechniqueList)
    problems = _check(techniques, loaded, root)
    if problems:
        raise ProblemsFound(problems)
    return techniques


def _check(techniques: TechniqueList, loaded: LoadedYaml, root: Path) -> list[Problem]:
    problems: list[Problem] = []
    ids: dict[str, str] = {}
    tags: dict[str, str] = {}

    def report(loc: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(TECHNIQUES_FILE, loaded.line_for(loc), field_path(loc), message))

    for g, group in enumerate(techniques.groups):
        for t, technique in enumerate(group.techniques):
            loc: tuple[str | int, ...] = ("groups", g, "techniques", t)
            if technique.id in ids:
                report(
                    (*loc, "id"), f"duplicate id {technique.id!r} (first in {ids[technique.id]})"
                )
            ids.setdefault(technique.id, group.id)
            for k, tag in enumerate(technique.tags):
                if tag in tags:
                    report(
                        (*loc, "tags", k),
                        f"tag {tag!r} already counts as {tags[tag]!r}; a tag belongs to one "
                        "technique",
                    )
                tags.setdefault(tag, technique.id)
            if technique.primer is not None:
                message = primer_problem(root, technique.primer)
                if message:
                    report((*loc, "primer"), message)
    return problems


def case_techniques(entry: CaseEntry, techniques: TechniqueList) -> list[Technique]:
    """The curated techniques a case's tags count as, in list order."""
    tags = set(entry.case.tags.techniques)
    return [t for t in techniques.all() if tags & set(t.tags)]


def _pattern(phrase: str, *, whole: bool) -> str:
    """A phrase as a regular expression: hyphens and spaces interchangeable, case ignored. An
    all-capitals acronym matches case-sensitively; ``whole`` phrases (and acronyms) match whole
    words, others at a word start (``calibrat`` finds calibrated and calibration)."""
    words = [re.escape(w) for w in re.split(r"[\s-]+", phrase.strip()) if w]
    body = r"[\s-]+".join(words)
    acronym = phrase.isupper() and " " not in phrase
    end = r"(?![A-Za-z0-9])" if whole or acronym else ""
    return f"{body}{end}" if acronym else f"(?i:{body}{end})"


@functools.cache
def _technique_pattern(tags: tuple[str, ...], terms: tuple[str, ...]) -> re.Pattern[str]:
    """All of a technique's phrases in one pattern (one scan of the text, not one per phrase)."""
    phrases = [_pattern(tag, whole=True) for tag in tags]
    phrases += [_pattern(term, whole=False) for term in terms]
    return re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(phrases) + ")")


@functools.cache
def _first_words(tags: tuple[str, ...], terms: tuple[str, ...]) -> tuple[str, ...] | None:
    """The lower-cased first word of every phrase (a word no shorter one starts), or None when
    a phrase is not plain ASCII or has no word: then only the full scan finds its mentions."""
    words = []
    for phrase in (*tags, *terms):
        first = next((w for w in re.split(r"[\s-]+", phrase.strip()) if w), None)
        if first is None or not phrase.isascii():
            return None
        words.append(first.lower())
    kept: list[str] = []
    for word in sorted(words):  # a word sorts right after the words it starts with
        if not kept or not word.startswith(kept[-1]):
            kept.append(word)
    return tuple(kept)


# Tried on non-ASCII characters, matches those that the regular expression engine, ignoring case,
# takes for an ASCII one: the Kelvin sign for k, the long s for s, the dotted capital I for i.
_ASCII_IGNORING_CASE = re.compile(r"(?i:[\x00-\x7f])")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class NoteText:
    """A text prepared for counting mentions of many techniques.

    A technique's pattern ignores case, so the regular expression engine cannot skip ahead to a
    literal: a full scan tries the pattern at every position of the text. Instead, ``str.find``
    looks for each phrase's first word in a lower-cased copy of the text, and the pattern is
    tried only where one starts. Every match begins with its phrase's first word, so this finds
    the matches the full scan finds, in the same order, and counts them the same way. It needs
    each ASCII character the pattern can match to sit, lower-cased, at the same position of the
    copy: a text where lower-casing changes the length, or with a character that the engine
    equates with an ASCII one ignoring case, is counted by the full scan.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        lowered = text.lower()
        equated = any(_ASCII_IGNORING_CASE.match(c) for c in set(_NON_ASCII.findall(text)))
        self._lowered = lowered if len(lowered) == len(text) and not equated else None

    def mentions(self, technique: Technique) -> int:
        """How often the text mentions the technique (see :func:`mentions`)."""
        tags, terms = tuple(technique.tags), tuple(technique.terms)
        pattern = _technique_pattern(tags, terms)
        words = _first_words(tags, terms)
        if self._lowered is None or words is None:
            return sum(1 for _ in pattern.finditer(self.text))
        count, end = 0, 0
        for start in sorted({i for word in words for i in _find_all(self._lowered, word)}):
            if start >= end and (match := pattern.match(self.text, start)):
                count, end = count + 1, match.end()  # the next match starts after this one
        return count


def _find_all(text: str, word: str) -> list[int]:
    """Every position where ``word`` starts in ``text`` (overlapping ones too)."""
    found = []
    i = text.find(word)
    while i >= 0:
        found.append(i)
        i = text.find(word, i + 1)
    return found


def mentions(text: str, technique: Technique) -> int:
    """How often ``text`` mentions the technique: its tag slugs as whole words (hyphens or
    spaces), its extra phrases as word starts. Overlapping phrases count once."""
    return NoteText(text).mentions(technique)


def locate(
    entry: CaseEntry,
    technique: Technique,
    catalog: Catalog,
    notes: dict[str, NoteText] | None = None,
) -> Cell:
    """The step section of the case page that discusses the technique most (first on ties).
    ``notes``: the case's notes by step id, already prepared (made here when not given)."""
    if notes is None:
        notes = _note_texts(entry)
    best: tuple[int, str, str] | None = None
    for step in catalog.framework.steps:
        note = notes.get(step.id)
        count = note.mentions(technique) if note else 0
        if count and (best is None or count > best[0]):
            best = (count, step.id, step.title)
    anchor, title = (best[1], best[2]) if best else (None, None)
    return Cell(entry.slug, entry.case.title, technique.id, anchor, title)


def _note_texts(entry: CaseEntry) -> dict[str, NoteText]:
    return {step: NoteText(note.markdown) for step, note in entry.notes.items()}


@dataclass(frozen=True)
class GroupTable:
    """One table of the matrix: the group's techniques as columns, the cases using any as rows."""

    group: Group
    rows: list[tuple[CaseEntry, list[Cell | None]]]


def matrix(catalog: Catalog, techniques: TechniqueList) -> list[GroupTable]:
    """Every group's table; a case appears in a group's table when it uses one of its techniques."""
    used = {
        entry.slug: {t.id for t in case_techniques(entry, techniques)} for entry in catalog.cases
    }
    notes: dict[str, dict[str, NoteText]] = {}  # each case's notes, prepared once
    tables = []
    for group in techniques.groups:
        rows = []
        for entry in catalog.cases:
            if not any(t.id in used[entry.slug] for t in group.techniques):
                continue
            if entry.slug not in notes:
                notes[entry.slug] = _note_texts(entry)
            cells = [
                locate(entry, t, catalog, notes[entry.slug]) if t.id in used[entry.slug] else None
                for t in group.techniques
            ]
            rows.append((entry, cells))
        tables.append(GroupTable(group, rows))
    return tables


@dataclass(frozen=True)
class MatrixPage:
    """One page of the matrix: every group's table, with the rows of this page's cases only."""

    number: int  # 1-based
    count: int  # pages in the matrix
    tables: list[GroupTable]


def matrix_pages(
    catalog: Catalog, tables: list[GroupTable], size: int = MATRIX_PAGE_SIZE
) -> list[MatrixPage]:
    """The matrix cut into pages of at most ``size`` of the cases it shows, in catalog order.

    Cut by case rather than by row, so that a case keeps all its rows on one page; every page
    has every group (its heading is the anchor other pages link to). At most ``size`` cases:
    one page, the matrix as it is."""
    if size < 1:
        raise ValueError(f"the matrix page size must be at least 1, found {size}")
    shown = {entry.slug for table in tables for entry, _ in table.rows}
    slugs = [entry.slug for entry in catalog.cases if entry.slug in shown]
    chunks = [set(slugs[i : i + size]) for i in range(0, len(slugs), size)] or [set()]
    return [
        MatrixPage(
            number,
            len(chunks),
            [
                GroupTable(table.group, [row for row in table.rows if row[0].slug in chunk])
                for table in tables
            ],
        )
        for number, chunk in enumerate(chunks, start=1)
    ]
