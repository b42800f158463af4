"""Load every case: read safely, validate against the schema, check references, compute numbers.

All problems of a run are collected and raised together in one :class:`ProblemsFound`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from fieldguide.load.checks import check_interview, check_lists, check_serving, check_texts
from fieldguide.load.depth import BAR, measure
from fieldguide.load.framework import Framework, load_framework
from fieldguide.load.glossary import Glossary, load_glossary
from fieldguide.load.problems import Problem, ProblemsFound, display_path, field_path
from fieldguide.load.publishing import (
    may_be_unfinished,
    texts,
    unfinished_fields,
    unfinished_lines,
)
from fieldguide.load.schema import CASE_REFERENCE, Case, Interview, Scale, Serving
from fieldguide.load.typed_arithmetic import typed_in_text
from fieldguide.load.validation import problems_from_validation_error
from fieldguide.load.yamlsource import LoadedYaml, load_yaml_file
from fieldguide.numbers.examples import (
    INLINE_NUMBER,
    WorkedExample,
    load_examples,
    quote_inputs,
    quoted_value,
)
from fieldguide.numbers.scale import Computed, ScaleError, compute, stated
from fieldguide.numbers.units import format_value
from fieldguide.render.notes import NUMBER, Note, load_notes

CASES_DIR = "cases"
FRAMEWORK_FILE = "framework/steps.yaml"
CASE_FILE = "case.yaml"
NOTES_DIR = "notes"
ALLOWED_LOOSE_FILES = {"README.md"}
MAX_PLACEHOLDERS_SHOWN = 5  # per file: a fresh scaffold has a hundred


@dataclass(frozen=True)
class CaseEntry:
    """A validated case with its notes and computed estimates."""

    case: Case
    notes: dict[str, Note]
    estimates: list[Computed]
    source: str  # path of case.yaml relative to the project, e.g. cases/<slug>/case.yaml
    folder: str  # e.g. cases/<slug>
    # the line of each `related` item, for the problems only the whole catalog shows (the rest
    # of the file's line map is dropped: it doubled what the build cache stores)
    related_lines: tuple[int, ...] = field(repr=False, compare=False)

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

    @property
    def drafts(self) -> list[CaseEntry]:
        return [c for c in self.cases if c.case.draft]

    def published(self) -> Catalog:
        """The catalog without draft cases: what the deployed site shows."""
        return replace(self, cases=[c for c in self.cases if not c.case.draft])


def load_catalog(root: Path, only: list[Path] | None = None, *, bar: bool = True) -> Catalog:
    """Load the framework and every case folder under ``root/cases`` (or only the given ones).

    ``bar=False`` skips the depth bar (the depth report shows it in full instead).
    Every stage runs on whatever could be loaded, so one run reports every problem: a broken
    YAML file does not hide a bad note, and a broken case does not hide another one.
    """
    problems: list[Problem] = []
    framework: Framework | None = None
    try:
        framework = load_framework(root / FRAMEWORK_FILE, FRAMEWORK_FILE)
    except ProblemsFound as exc:
        problems.extend(exc.problems)
    examples: dict[str, WorkedExample] = {}
    loaded_examples: dict[str, WorkedExample] | None = None  # None: broken files, skip checks
    try:
        examples = loaded_examples = load_examples(root)
    except ProblemsFound as exc:
        problems.extend(exc.problems)
    entries: list[CaseEntry] = []
    cases_dir = root / CASES_DIR
    folders = only if only is not None else case_folders(cases_dir, problems, root)
    known = {f.name for f in folders}  # a case with problems of its own still counts as known
    # Every case file is read first, so that a case can quote an input another case states
    # (`from: case:slug.name`); load_case then uses the file as read here.
    files = {folder: _read_case_file(folder, root) for folder in folders}
    stated: Stated = {  # None: a file that could not be read (its problems are its own)
        folder.name: stated_inputs(read.data) if isinstance(read, LoadedYaml) else None
        for folder, read in files.items()
    }
    for folder in folders:
        try:
            entries.append(
                load_case(
                    folder,
                    root,
                    known=known,
                    examples=loaded_examples,
                    bar=bar,
                    read=files[folder],
                    cases=stated,
                )
            )
        except ProblemsFound as exc:
            problems.extend(exc.problems)
    problems.extend(_cross_case(entries))
    glossary: Glossary | None = None
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


# case slug -> input name -> (value, unit); None for a case whose file could not be read
Stated = dict[str, dict[str, tuple[float, str]] | None]


def _read_case_file(folder: Path, root: Path) -> LoadedYaml | ProblemsFound:
    """The case file of ``folder`` as read, or what is wrong with it."""
    source = f"{display_path(folder, root)}/{CASE_FILE}"
    if not (folder / CASE_FILE).is_file():
        return ProblemsFound([Problem(source, 0, "", "required case file is missing")])
    try:
        return load_yaml_file(folder / CASE_FILE, source)
    except ProblemsFound as exc:
        return exc


def stated_inputs(data: Any) -> dict[str, tuple[float, str]]:
    """The scale inputs a case file gives with a value: name -> (value, unit). Read from the
    file's data before it is checked: an input that is not well formed is left out here and
    reported with its own case."""
    scale = data.get("clarify", {}).get("scale", {}) if isinstance(data, dict) else {}
    inputs = scale.get("inputs") if isinstance(scale, dict) else None
    found: dict[str, tuple[float, str]] = {}
    for item in inputs if isinstance(inputs, list) else []:
        if not isinstance(item, dict) or "from" in item:
            continue
        name, value, unit = item.get("name"), item.get("value"), item.get("unit")
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        if isinstance(name, str) and isinstance(unit, str):
            found[name] = (float(value), unit)
    return found


def load_case(
    folder: Path,
    root: Path,
    *,
    known: set[str] | None = None,
    examples: dict[str, WorkedExample] | None = None,
    bar: bool = True,
    read: LoadedYaml | ProblemsFound | None = None,
    cases: Stated | None = None,
) -> CaseEntry:
    """Load one case folder; raise every problem found in it (all stages, in one run).
    ``read``: its case file as the catalog read it; ``cases``: the inputs every case states
    (what ``from: case:slug.name`` may quote)."""
    display_folder = display_path(folder, root)
    source = f"{display_folder}/{CASE_FILE}"
    notes, problems = load_notes(folder / NOTES_DIR, f"{display_folder}/{NOTES_DIR}")
    if read is None:
        read = _read_case_file(folder, root)
    if isinstance(read, ProblemsFound):
        raise ProblemsFound([*problems, *read.problems])
    loaded = read

    def report(loc: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(source, loaded.line_for(loc), field_path(loc), message))

    data = loaded.data
    case: Case | None = None
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        problems.extend(problems_from_validation_error(exc, loaded, source, Case))
    raw = data if isinstance(data, dict) else {}
    # Every text of the file, one per line: a quick look for {{ }} and placeholders spares most
    # files a walk of their whole tree.
    all_text = "\n".join(texts(raw))
    slug = raw.get("slug")
    if isinstance(slug, str) and slug != folder.name:
        report(
            ("slug",),
            f"expected the slug to equal the folder name {folder.name!r}; found {slug!r}",
        )
    # Sections that validated on their own are checked even when another section failed.
    sections = _valid_sections(case, raw)
    serving, interview = sections.get("serving"), sections.get("interview")
    if isinstance(serving, Serving):
        for loc, message in check_serving(serving):
            report(loc, message)
    if isinstance(interview, Interview):
        for loc, message in check_interview(interview):
            report(loc, message)
    links, arithmetic = "](" in all_text, typed_in_text(all_text) is not None
    if links or arithmetic:
        for loc, message in check_texts(raw, links=links, arithmetic=arithmetic):
            report(loc, message)
    related = raw.get("related")
    if known is not None and isinstance(related, list):
        for i, other in enumerate(related):
            if isinstance(other, str) and other not in known:
                names = ", ".join(sorted(known - {folder.name})) or "none yet"
                report(
                    ("related", i),
                    f"expected the slug of an existing case (known: {names}); found {other!r}",
                )
    if case is not None:
        tags = [*case.tags.domains, *case.tags.techniques]
        for loc, message in check_lists(case.slug, case.related, tags):
            report(loc, message)
    estimates: list[Computed] = []
    errors: list[ScaleError] = []
    scale = sections.get("scale")
    if isinstance(scale, Scale):
        scale = _quoted_scale(scale, examples, report, cases, folder.name)
    if isinstance(scale, Scale):
        estimates, errors = compute(scale)
        for error in errors:
            report(("clarify", "scale", *error.loc), error.message)
    _check_numbers(notes, _declared_names(raw), f"{display_folder}/{NOTES_DIR}", problems)
    if case is not None and isinstance(scale, Scale) and not errors and "{{" in all_text:
        # Texts of the case file quote computed numbers like notes do: {{ name }}, {{ ex:id.name }}
        shown = shown_numbers(_with_scale(case, scale), estimates)
        quoted = _quote_numbers(raw, shown, examples or {}, report)
        if quoted != raw:
            case = Case.model_validate(quoted)
    if examples is not None:
        _check_examples(notes, examples, f"{display_folder}/{NOTES_DIR}", problems)
    draft = bool(raw.get("draft") is True)
    if not draft:
        _check_finished(raw, all_text, notes, f"{display_folder}/{NOTES_DIR}", report, problems)
    if bar and case is not None and not draft and not problems:
        depth = measure(case, notes, estimates, enough_words=BAR.page_words)
        for short in depth.shortfalls(BAR):
            problems.append(
                Problem(
                    source,
                    0,
                    "",
                    f"below the bar: {short}; finish it, or mark the case "
                    "`draft: true` (make depth shows the whole report)",
                )
            )
    if problems or case is None:
        raise ProblemsFound(problems)
    if isinstance(scale, Scale):
        case = _with_scale(case, scale)
    related_lines = tuple(loaded.line_for(("related", i)) for i in range(len(case.related)))
    return CaseEntry(case, notes, estimates, source, display_folder, related_lines)


def _with_scale(case: Case, scale: Scale) -> Case:
    """``case`` whose inputs quoted ``from`` a worked example carry the value ``scale`` (the
    resolved copy of its scale) gives them; only values are taken, so texts the case has since
    filled in ({{ name }} in a label) stay as they are."""
    own = case.clarify.scale
    if scale is own:
        return case
    inputs = [
        mine if mine.value is not None else mine.model_copy(update={"value": theirs.value})
        for mine, theirs in zip(own.inputs, scale.inputs, strict=True)
    ]
    resolved = own.model_copy(update={"inputs": inputs})
    return case.model_copy(update={"clarify": case.clarify.model_copy(update={"scale": resolved})})


def _quoted_scale(
    scale: Scale,
    examples: dict[str, WorkedExample] | None,
    report: Callable[[tuple[str | int, ...], str], None],
    cases: Stated | None = None,
    own: str = "",
) -> Scale | None:
    """``scale`` with each input given ``from`` a worked example, or another case's stated
    input, set to that value (the same object when none is); None after reporting what could
    not be resolved."""
    quoting = [j for j, item in enumerate(scale.inputs) if item.from_ is not None]
    if not quoting:
        return scale
    inputs, failed = list(scale.inputs), False
    for j in quoting:
        reference = inputs[j].from_
        if reference is None or not reference.startswith(CASE_REFERENCE):
            continue
        value = _case_input(reference, inputs[j].unit, cases, own)
        if isinstance(value, str):
            report(("clarify", "scale", "inputs", j, "from"), value)
            failed = True
        else:
            inputs[j] = inputs[j].model_copy(update={"value": value})
    scale = scale.model_copy(update={"inputs": inputs})
    if examples is None:  # the worked examples have problems of their own, reported with them
        for j in quoting:
            if not str(inputs[j].from_).startswith(CASE_REFERENCE):
                report(
                    ("clarify", "scale", "inputs", j, "from"),
                    "cannot be read until the worked examples load without problems (see above)",
                )
                failed = True
        return None if failed else scale
    quoted = quote_inputs(examples, scale, examples.keys(), cases_resolved=True)
    if isinstance(quoted, list):
        for j, message in quoted:
            report(("clarify", "scale", "inputs", j, "from"), message)
        return None
    return None if failed else quoted


def _case_input(reference: str, unit: str, cases: Stated | None, own: str) -> float | str:
    """The value ``case:slug.name`` names, or the problem to report."""
    slug, name = reference.removeprefix(CASE_REFERENCE).split(".", 1)
    if cases is None:
        return "cannot quote another case here: the whole catalog is not being loaded"
    if slug == own:
        return f"expected another case's input; {name!r} is this case's own (use its name)"
    if slug not in cases:
        close = difflib.get_close_matches(slug, list(cases), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"expected the slug of an existing case; found {slug!r}{hint}"
    inputs = cases[slug]
    if inputs is None:
        return f"cannot be read until cases/{slug}/{CASE_FILE} loads without problems (see them)"
    found = inputs.get(name)
    if found is None:
        return (
            f"expected an input that {slug} states with a value; found {name!r} "
            "(an input it quotes itself cannot be quoted: quote its source)"
        )
    value, their_unit = found
    if their_unit != unit:
        return f"expected unit {their_unit!r}, the unit of {reference}; found {unit!r}"
    return value


_SECTIONS: dict[str, tuple[tuple[str, ...], type[BaseModel]]] = {
    "serving": (("serving",), Serving),
    "interview": (("interview",), Interview),
    "scale": (("clarify", "scale"), Scale),
}


def _valid_sections(case: Case | None, raw: dict[str, Any]) -> dict[str, BaseModel]:
    """The sections to cross-check: from the case when it is valid, else each one that is."""
    if case is not None:
        return {"serving": case.serving, "interview": case.interview, "scale": case.clarify.scale}
    found: dict[str, BaseModel] = {}
    for name, (path, model) in _SECTIONS.items():
        value: Any = raw
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        try:
            found[name] = model.model_validate(value)
        except ValidationError:
            continue  # its own problems are already reported by the whole-case validation
    return found


def _declared_names(raw: dict[str, Any]) -> list[str] | None:
    """Names a note may quote, read from the raw file (None when the scale is unreadable)."""
    scale = raw.get("clarify", {}).get("scale") if isinstance(raw.get("clarify"), dict) else None
    if not isinstance(scale, dict):
        return None
    names = []
    for key in ("inputs", "estimates"):
        items = scale.get(key)
        if not isinstance(items, list):
            return None
        names += [
            i["name"] for i in items if isinstance(i, dict) and isinstance(i.get("name"), str)
        ]
    return names


def _check_numbers(
    notes: dict[str, Note], declared: list[str] | None, display: str, problems: list[Problem]
) -> None:
    if declared is None:
        return  # the scale itself is broken; its problems say so, a list of unknowns would not
    for step, note in notes.items():
        for line, name in note.numbers:
            if name not in declared:
                problems.append(
                    Problem(
                        f"{display}/{step}.md",
                        line,
                        "",
                        f"unknown number {{{{ {name} }}}}{_did_you_mean(name, declared)}; "
                        f"expected a scale input or estimate of this case: {', '.join(declared)}",
                    )
                )


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    """`` (did you mean {{ peak_qps }}?)`` for a name close to a known one (a typo), else ``""``."""
    close = difflib.get_close_matches(name, list(known), n=2, cutoff=0.75)
    return " (did you mean " + " or ".join(f"{{{{ {c} }}}}" for c in close) + "?)" if close else ""


def _check_examples(
    notes: dict[str, Note],
    known: dict[str, WorkedExample],
    display: str,
    problems: list[Problem],
) -> None:
    for step, note in notes.items():
        for line, example, name in note.quoted:
            found = quoted_value(known, example, name)
            if isinstance(found, str):
                problems.append(Problem(f"{display}/{step}.md", line, "", found))
        for line, example in note.examples:
            if example not in known:
                problems.append(
                    Problem(
                        f"{display}/{step}.md",
                        line,
                        "",
                        f"unknown example {example!r}; define it in the case's examples.yaml "
                        "or in data/examples/",
                    )
                )


def _check_finished(
    raw: dict[str, Any],
    all_text: str,
    notes: dict[str, Note],
    display: str,
    report: Callable[[tuple[str | int, ...], str], None],
    problems: list[Problem],
) -> None:
    found = list(unfinished_fields(raw)) if may_be_unfinished(all_text) else []
    for loc, message in found[:MAX_PLACEHOLDERS_SHOWN]:
        report(loc, message)
    if len(found) > MAX_PLACEHOLDERS_SHOWN:
        report((), f"and {len(found) - MAX_PLACEHOLDERS_SHOWN} more placeholders in this file")
    for step, note in notes.items():
        lines = list(unfinished_lines(note.markdown))
        for line, message in lines[:MAX_PLACEHOLDERS_SHOWN]:
            problems.append(Problem(f"{display}/{step}.md", line, "", message))
        if len(lines) > MAX_PLACEHOLDERS_SHOWN:
            more = len(lines) - MAX_PLACEHOLDERS_SHOWN
            problems.append(
                Problem(f"{display}/{step}.md", 0, "", f"and {more} more placeholders in this note")
            )


def _quote_numbers(
    value: Any,
    shown: dict[str, str],
    examples: dict[str, WorkedExample],
    report: Callable[[tuple[str | int, ...], str], None],
    loc: tuple[str | int, ...] = (),
) -> Any:
    """``value`` with every ``{{ name }}`` and ``{{ ex:id.name }}`` in its texts replaced by the
    number's human text; unknown names are reported at their field."""
    if isinstance(value, dict):
        return {k: _quote_numbers(v, shown, examples, report, (*loc, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_quote_numbers(v, shown, examples, report, (*loc, i)) for i, v in enumerate(value)]
    if not isinstance(value, str) or "{{" not in value:
        return value

    def number(match: re.Match[str]) -> str:
        name = match.group("name")
        if name in shown:
            return shown[name]
        hint = _did_you_mean(name, shown)
        report(loc, f"unknown number {{{{ {name} }}}}{hint}; expected a scale input or estimate")
        return match.group(0)

    def example(match: re.Match[str]) -> str:
        found = quoted_value(examples, match.group("id"), match.group("name"))
        if isinstance(found, str):
            report(loc, found)
            return match.group(0)
        return found.shown

    return INLINE_NUMBER.sub(example, NUMBER.sub(number, value))


def shown_numbers(case: Case, estimates: list[Computed]) -> dict[str, str]:
    """Human text of every scale input and estimate, by name (for ``{{ name }}`` in notes)."""
    shown = {i.name: format_value(stated(i), i.unit) for i in case.clarify.scale.inputs}
    shown.update({e.name: e.shown for e in estimates})
    return shown


def _cross_case(entries: list[CaseEntry]) -> list[Problem]:
    """Related cases link both ways; a published case may not link a draft (the published site
    leaves drafts out)."""
    problems: list[Problem] = []
    drafts = {e.slug for e in entries if e.case.draft}
    related = {e.slug: set(e.case.related) for e in entries}
    for entry in entries:
        if entry.case.draft:
            continue
        for i, slug in enumerate(entry.case.related):
            if slug in related and entry.slug not in related[slug]:
                problems.append(
                    Problem(
                        entry.source,
                        entry.related_lines[i],
                        f"related[{i}]",
                        f"related cases link both ways: add {entry.slug!r} to the `related` "
                        f"list of {slug!r}",
                    )
                )
            if slug in drafts:
                problems.append(
                    Problem(
                        entry.source,
                        entry.related_lines[i],
                        f"related[{i}]",
                        f"{slug!r} is a draft, which the published site leaves out; "
                        "link it once it is finished",
                    )
                )
    return problems
