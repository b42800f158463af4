"""Load every case: read safely, validate against the schema, check references, compute numbers.

All problems of a run are collected and raised together in one :class:`ProblemsFound`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .checks import check_case
from .examples import WorkedExample, load_examples
from .framework import Framework, load_framework
from .glossary import Glossary, load_glossary
from .notes import Note, load_notes
from .problems import Problem, ProblemsFound, display_path, field_path
from .scale import Computed, compute
from .schema import Case
from .units import format_value
from .validation import problems_from_validation_error
from .yamlsource import LoadedYaml, load_yaml_file

CASES_DIR = "cases"
FRAMEWORK_FILE = "framework/steps.yaml"
CASE_FILE = "case.yaml"
NOTES_DIR = "notes"
ALLOWED_LOOSE_FILES = {"README.md"}


@dataclass(frozen=True)
class CaseEntry:
    """A validated case with its notes and computed estimates."""

    case: Case
    notes: dict[str, Note]
    estimates: list[Computed]
    source: str  # path of case.yaml relative to the project, e.g. cases/<slug>/case.yaml
    folder: str  # e.g. cases/<slug>
    lines: LoadedYaml = field(repr=False, compare=False)  # field lines, for cross-case problems

    @property
    def slug(self) -> str:
        return self.case.slug


@dataclass(frozen=True)
class Catalog:
    """Everything the site is generated from."""

    framework: Framework
    cases: list[CaseEntry]
    examples: dict[str, WorkedExample] = field(default_factory=dict)
    glossary: Glossary | None = None

    def by_slug(self, slug: str) -> CaseEntry:
        return next(c for c in self.cases if c.slug == slug)


def load_catalog(root: Path, only: list[Path] | None = None) -> Catalog:
    """Load the framework and every case folder under ``root/cases`` (or only the given ones)."""
    problems: list[Problem] = []
    framework: Framework | None = None
    try:
        framework = load_framework(root / FRAMEWORK_FILE, FRAMEWORK_FILE)
    except ProblemsFound as exc:
        problems.extend(exc.problems)
    entries: list[CaseEntry] = []
    cases_dir = root / CASES_DIR
    folders = only if only is not None else case_folders(cases_dir, problems, root)
    for folder in folders:
        try:
            entries.append(load_case(folder, root))
        except ProblemsFound as exc:
            problems.extend(exc.problems)
    problems.extend(_cross_case(entries, root))
    examples: dict[str, WorkedExample] = {}
    glossary: Glossary | None = None
    try:
        examples = load_examples(root)
    except ProblemsFound as exc:
        problems.extend(exc.problems)
    try:
        glossary = load_glossary(root)
    except ProblemsFound as exc:
        problems.extend(exc.problems)
    if problems or framework is None:
        raise ProblemsFound(problems)
    entries.sort(key=lambda e: e.case.title.lower())
    return Catalog(framework=framework, cases=entries, examples=examples, glossary=glossary)


def case_folders(cases_dir: Path, problems: list[Problem], root: Path) -> list[Path]:
    """Case folders in ``cases/``; stray files are reported."""
    if not cases_dir.is_dir():
        problems.append(Problem(display_path(cases_dir, root), 0, "", "expected a cases/ folder"))
        return []
    folders = []
    for path in sorted(cases_dir.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            folders.append(path)
        elif path.name not in ALLOWED_LOOSE_FILES:
            problems.append(
                Problem(display_path(path, root), 0, "", "unexpected file; each case is a folder")
            )
    return folders


def load_case(folder: Path, root: Path) -> CaseEntry:
    """Load one case folder; raise every problem found in it."""
    display_folder = display_path(folder, root)
    source = f"{display_folder}/{CASE_FILE}"
    problems: list[Problem] = []
    notes, note_problems = load_notes(folder / NOTES_DIR, f"{display_folder}/{NOTES_DIR}")
    problems.extend(note_problems)
    case_path = folder / CASE_FILE
    if not case_path.is_file():
        problems.append(Problem(source, 0, "", "required case file is missing"))
        raise ProblemsFound(problems)
    try:
        loaded = load_yaml_file(case_path, source)
    except ProblemsFound as exc:
        raise ProblemsFound([*problems, *exc.problems]) from exc
    try:
        case = Case.model_validate(loaded.data)
    except ValidationError as exc:
        problems.extend(problems_from_validation_error(exc, loaded, source, Case))
        raise ProblemsFound(problems) from exc
    for loc, message in check_case(case):
        problems.append(Problem(source, loaded.line_for(loc), field_path(loc), message))
    estimates, errors = compute(case.clarify.scale)
    for error in errors:
        loc = ("clarify", "scale", *error.loc)
        problems.append(Problem(source, loaded.line_for(loc), field_path(loc), error.message))
    scale = case.clarify.scale
    declared = [i.name for i in scale.inputs] + [e.name for e in scale.estimates]
    for step, note in notes.items():
        for line, name in note.numbers:
            if name not in declared:
                problems.append(
                    Problem(
                        f"{display_folder}/{NOTES_DIR}/{step}.md",
                        line,
                        "",
                        f"unknown number {{{{ {name} }}}}; expected a scale input or estimate "
                        f"of this case: {', '.join(declared)}",
                    )
                )
    if problems:
        raise ProblemsFound(problems)
    return CaseEntry(case, notes, estimates, source, display_folder, loaded)


def shown_numbers(case: Case, estimates: list[Computed]) -> dict[str, str]:
    """Human text of every scale input and estimate, by name (for ``{{ name }}`` in notes)."""
    shown = {i.name: format_value(i.value, i.unit) for i in case.clarify.scale.inputs}
    shown.update({e.name: e.shown for e in estimates})
    return shown


def _cross_case(entries: list[CaseEntry], root: Path) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[str, CaseEntry] = {}
    for entry in entries:
        lines = entry.lines
        if entry.slug in first:
            problems.append(
                Problem(
                    entry.source,
                    lines.line_for(("slug",)),
                    "slug",
                    f"duplicate slug {entry.slug!r}; already used by {first[entry.slug].source}",
                )
            )
        else:
            first[entry.slug] = entry
    slugs = set(first)
    for entry in entries:
        lines = entry.lines
        for i, slug in enumerate(entry.case.related):
            if slug not in slugs:
                known = ", ".join(sorted(slugs - {entry.slug})) or "none yet"
                problems.append(
                    Problem(
                        entry.source,
                        lines.line_for(("related", i)),
                        f"related[{i}]",
                        f"expected the slug of an existing case (known: {known}); found {slug!r}",
                    )
                )
    return problems
