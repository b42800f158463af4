"""The question bank: interview prompts as interviewers phrase them, mapped to the cases and
primers that answer them.

Two sources: every case's own ``prompts`` and the curated list in ``data/question-bank.yaml``.
Domains come from the cases' ``tags.domains``; techniques are the curated techniques
(``data/techniques.yaml``) that the cases' ``tags.techniques`` count as, unless a curated prompt
names its own. The page lists every prompt (readable without JavaScript); the tool script
filters the list by domain, technique and level.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from jinja2 import Environment
from pydantic import Field

from fieldguide.load.catalog import CaseEntry, Catalog
from fieldguide.load.problems import Problem, ProblemsFound, field_path
from fieldguide.load.schema import Difficulty, Line, Slug, Strict
from fieldguide.load.validation import load_validated
from fieldguide.render.pages import environment
from fieldguide.study.primers import primer_problem, primer_title
from fieldguide.study.techniques import Technique, TechniqueList, case_techniques

BANK_FILE = "data/question-bank.yaml"
PAGE = "study/question-bank.md"
SCRIPT = "assets/javascripts/tools/question-bank.js"
PRIMERS_PER_CASE_PROMPT = 3
# A case's difficulty says at which levels its prompts are usually asked.
LEVELS_BY_DIFFICULTY = {
    Difficulty.foundation: ("mid",),
    Difficulty.intermediate: ("mid", "senior"),
    Difficulty.advanced: ("senior", "staff"),
}


class Level(StrEnum):
    """The level at which a prompt is usually asked."""

    mid = "mid"
    senior = "senior"
    staff = "staff"


class BankPrompt(Strict):
    """One curated prompt."""

    prompt: Line = Field(description="The question, as an interviewer says it.")
    cases: list[Slug] = Field(min_length=1, description="Slugs of the cases that answer it.")
    primers: list[str] = Field(
        default_factory=list,
        description="Pages under docs/ (or their sections: page.md#id) that explain what it needs.",
    )
    level: Level = Field(strict=False)
    techniques: list[Slug] = Field(
        default_factory=list, description="Ids from data/techniques.yaml (default: its cases')."
    )


class Bank(Strict):
    prompts: list[BankPrompt] = Field(min_length=1)


@dataclass(frozen=True)
class Primer:
    path: str  # docs-relative, e.g. concepts/funnel.md
    title: str


@dataclass(frozen=True)
class Entry:
    """One prompt of the page, with everything the filters and links need."""

    text: str
    curated: bool
    cases: list[CaseEntry]
    primers: list[Primer]
    levels: list[str]
    domains: list[str]
    techniques: list[Technique]


def load_bank(root: Path, catalog: Catalog, techniques: TechniqueList) -> Bank:
    """The curated prompts, checked: known case slugs, existing primer pages, known techniques.

    A project without the file has only its cases' own prompts; a file that exists must be
    valid."""
    if not (root / BANK_FILE).exists():
        return Bank.model_construct(prompts=[])
    bank, loaded = load_validated(root / BANK_FILE, BANK_FILE, Bank)
    known_cases = {c.slug for c in catalog.cases}
    known_techniques = techniques.by_id()
    problems: list[Problem] = []

    def report(loc: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(BANK_FILE, loaded.line_for(loc), field_path(loc), message))

    for i, item in enumerate(bank.prompts):
        for k, slug in enumerate(item.cases):
            if slug not in known_cases:
                names = ", ".join(sorted(known_cases)) or "none yet"
                report(
                    ("prompts", i, "cases", k),
                    f"expected the slug of a published case (known: {names}); found {slug!r}",
                )
        for k, primer in enumerate(item.primers):
            message = primer_problem(root, primer)
            if message:
                report(("prompts", i, "primers", k), message)
        for k, technique in enumerate(item.techniques):
            if technique not in known_techniques:
                report(
                    ("prompts", i, "techniques", k),
                    f"expected a technique id of data/techniques.yaml (one of: "
                    f"{', '.join(known_techniques)}); found {technique!r}",
                )
    if problems:
        raise ProblemsFound(problems)
    return bank


def entries(root: Path, catalog: Catalog, techniques: TechniqueList, bank: Bank) -> list[Entry]:
    """Curated prompts first (in file order), then every case's prompts (cases by title)."""
    by_id = techniques.by_id()
    titles: dict[str, str] = {}

    def primers(paths: list[str]) -> list[Primer]:
        for path in paths:
            if path not in titles:  # each page is read once
                titles[path] = primer_title(root, path)
        return [Primer(p, titles[p]) for p in paths]

    found = []
    for item in bank.prompts:
        cases = [catalog.by_slug(slug) for slug in item.cases]
        used = (
            [by_id[t] for t in item.techniques]
            if item.techniques
            else _union(case_techniques(c, techniques) for c in cases)
        )
        found.append(
            Entry(
                item.prompt,
                True,
                cases,
                primers(item.primers),
                [item.level.value],
                _union(c.case.tags.domains for c in cases),
                used,
            )
        )
    for entry in catalog.cases:
        used = case_techniques(entry, techniques)
        # whole primers before chapter sections (a section is one part of a longer read)
        linked = sorted(_union([t.primer] for t in used if t.primer), key=lambda p: "#" in p)
        paths = linked[:PRIMERS_PER_CASE_PROMPT]
        for prompt in entry.case.prompts:
            found.append(
                Entry(
                    prompt,
                    False,
                    [entry],
                    primers(paths),
                    list(LEVELS_BY_DIFFICULTY[entry.case.difficulty]),
                    list(entry.case.tags.domains),
                    used,
                )
            )
    return found


T = TypeVar("T")


def _union(groups: Iterable[Iterable[T]]) -> list[T]:
    """Items of every group, each once, in first-seen order."""
    out: list[T] = []
    for group in groups:
        for item in group:
            if item not in out:
                out.append(item)
    return out


def render_bank(
    found: list[Entry], techniques: TechniqueList, env: Environment | None = None
) -> str:
    """The Markdown of the question bank page."""
    env = env or environment()
    domains = sorted({d for e in found for d in e.domains})
    used = {t.id for e in found for t in e.techniques}
    names = {t.id: t.name for t in techniques.all() if t.id in used}
    return env.get_template("study/question-bank.md.j2").render(
        entries=found,
        script=SCRIPT,
        levels=[level.value for level in Level],
        domains=domains,
        technique_names=json.dumps(names, ensure_ascii=True),  # escaped by the attr filter
        curated=sum(1 for e in found if e.curated),
    )
