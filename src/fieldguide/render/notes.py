"""Long-form notes of a case: one Markdown file per step in ``cases/<slug>/notes/``.

A note quotes a computed number with ``{{ name }}`` (a scale input or estimate of the case), so
prose never types a number that could drift from its inputs. A note may place the step's blocks
(tables, diagrams) among its paragraphs with a marker line such as ``<!-- show: features -->``;
blocks it does not place are shown before the prose. Notes use headings of level 3 and deeper,
because the page owns levels 1 and 2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from fieldguide.load.framework import STEP_IDS
from fieldguide.load.markdown_policy import check_markdown, lines_with_code
from fieldguide.load.problems import Problem
from fieldguide.load.typed_arithmetic import typed_in_markdown
from fieldguide.load.yamlsource import not_utf8
from fieldguide.numbers.examples import INLINE_NUMBER

MAX_NOTE_BYTES = 300_000
OVERVIEW = "overview"

STEP_BLOCKS: dict[str, tuple[str, ...]] = {
    "clarify": ("questions", "requirements", "scale"),
    "frame": ("objectives", "alternatives"),
    "data": ("sources", "labels", "features", "risks"),
    "model": ("models", "loss", "training"),
    "evaluation": ("offline", "online", "experiment"),
    "serving": ("diagrams", "latency", "rollout"),
    "monitoring": ("signals", "alerts", "loops"),
}

NUMBER = re.compile(r"\{\{\s*(?P<name>[a-z][a-z0-9_]*)\s*\}\}")
MARKER = re.compile(r"^<!--\s*show:\s*(?P<name>[a-z-]+)\s*-->\s*$")
# A worked example (data/examples/*.yaml or the case's own examples.yaml), as in the chapters.
EXAMPLE = re.compile(r"^<!--\s*fieldguide:example\s+id=(?P<id>[a-z0-9-]+)\s*-->\s*$")
_LOOSE_MARKER = re.compile(r"<!--\s*show\b")
_HEADING = re.compile(r"^(#{1,2})\s")
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")


@dataclass
class Note:
    """The Markdown of one step, split into prose chunks and block placements."""

    markdown: str
    placed: list[str] = field(default_factory=list)
    numbers: list[tuple[int, str]] = field(default_factory=list)  # (line, name) of {{ name }}
    examples: list[tuple[int, str]] = field(default_factory=list)  # (line, id) of examples
    quoted: list[tuple[int, str, str]] = field(default_factory=list)  # {{ ex:id.name }}
    # (markdown, its words): the depth bar and the reading time both ask for the count
    _counted: tuple[str, int] | None = field(default=None, init=False, repr=False, compare=False)

    def words(self) -> int:
        """Words of prose: block markers are not counted, a ``{{ number }}`` counts as one."""
        if self._counted is None or self._counted[0] is not self.markdown:
            self._counted = (self.markdown, _count_words(self.markdown))
        return self._counted[1]

    def with_numbers(self, shown: dict[str, str], quoted: dict[tuple[str, str], str]) -> str:
        """The Markdown with every ``{{ name }}`` and ``{{ ex:id.name }}`` replaced by the
        number's human text."""
        text = NUMBER.sub(lambda m: shown[m.group("name")], self.markdown)
        return INLINE_NUMBER.sub(lambda m: quoted[(m.group("id"), m.group("name"))], text)


def _count_words(markdown: str) -> int:
    prose = NUMBER.sub(
        "N",
        "\n".join(
            line
            for line in markdown.splitlines()
            if "<!--" not in line or not MARKER.match(line.strip())
        ),
    )
    return len(_WORD.findall(INLINE_NUMBER.sub("N", prose)))


def load_notes(folder: Path, display: str) -> tuple[dict[str, Note], list[Problem]]:
    """Read every note; report missing, unknown and malformed files."""
    notes: dict[str, Note] = {}
    problems: list[Problem] = []
    expected = {*STEP_IDS, OVERVIEW}
    if not folder.is_dir():
        problems.append(
            Problem(
                display,
                0,
                "",
                f"expected a notes folder with {', '.join(f'{s}.md' for s in STEP_IDS)}",
            )
        )
        return notes, problems
    for path in sorted(folder.iterdir()):
        name = f"{display}/{path.name}"
        if path.suffix != ".md" or path.stem not in expected:
            allowed = ", ".join(f"{s}.md" for s in (*STEP_IDS, OVERVIEW))
            problems.append(Problem(name, 0, "", f"unexpected file; expected one of: {allowed}"))
            continue
        note, found = parse_note(path, name, path.stem)
        problems.extend(found)
        if note is not None:
            notes[path.stem] = note
    for step in STEP_IDS:
        if step not in notes and not any(p.file.endswith(f"/{step}.md") for p in problems):
            problems.append(Problem(f"{display}/{step}.md", 0, "", "required note is missing"))
    return notes, problems


def parse_note(path: Path, display: str, step: str) -> tuple[Note | None, list[Problem]]:
    """Check one note: size, encoding, heading levels and block markers."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 0, "", f"cannot read file: {exc.strerror}")]
    if len(raw) > MAX_NOTE_BYTES:
        return None, [Problem(display, 0, "", f"expected a note under {MAX_NOTE_BYTES:,} bytes")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [not_utf8(raw, exc, display)]
    # An unsafe note is reported with the rest; a case with any problem never reaches a page.
    lines = list(lines_with_code(text))
    problems = [
        Problem(display, line, "", message)
        for found in (check_markdown(text, lines), typed_in_markdown(text, lines))
        for line, message in found
    ]
    placed: list[str] = []
    numbers: list[tuple[int, str]] = []
    examples: list[tuple[int, str]] = []
    quoted: list[tuple[int, str, str]] = []
    allowed = STEP_BLOCKS.get(step, ())
    for number, line, code in lines:
        if code:
            continue
        if "{{" in line:
            numbers.extend((number, m.group("name")) for m in NUMBER.finditer(line))
            quoted.extend(
                (number, m.group("id"), m.group("name")) for m in INLINE_NUMBER.finditer(line)
            )
        if line.startswith("#") and _HEADING.match(line):
            problems.append(
                Problem(
                    display,
                    number,
                    "",
                    "expected a heading of level 3 or deeper (### ...); the page owns # and ##",
                )
            )
        if "<!--" not in line:
            continue  # not a marker, nor an attempt at one
        example = EXAMPLE.match(line.strip())
        if example:
            examples.append((number, example.group("id")))
            continue
        match = MARKER.match(line.strip())
        if match:
            name = match.group("name")
            if name not in allowed:
                choices = ", ".join(allowed) if allowed else "none (no blocks in this note)"
                problems.append(
                    Problem(
                        display, number, "", f"unknown block {name!r}; expected one of: {choices}"
                    )
                )
            elif name in placed:
                problems.append(Problem(display, number, "", f"block {name!r} is placed twice"))
            else:
                placed.append(name)
        elif _LOOSE_MARKER.search(line):
            problems.append(
                Problem(
                    display,
                    number,
                    "",
                    "a block marker must stand alone on its line as <!-- show: name -->",
                )
            )
    note = Note(markdown=text, placed=placed, numbers=numbers, examples=examples, quoted=quoted)
    return note, problems
