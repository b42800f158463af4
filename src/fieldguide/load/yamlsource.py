"""Safe loading of contributed YAML, keeping the line of every value.

Case files come from pull requests, so they are untrusted: only plain YAML data is accepted.
Tags, anchors and aliases, duplicate keys, several documents, oversized files and deep nesting
are reported as problems instead of being loaded (no billion-laughs expansion, no Python objects,
no recursion blow-up). PyYAML's C parser does the parsing; this module reads its event stream
once, refusing those constructs and building the data and the line map as it goes. Plain scalars
get the types PyYAML's safe loader would resolve, narrowed to what contributors mean: decimal
numbers, true/false and null; other YAML 1.1 readings (yes/no, dates, 0x1F, 1:20) stay text or
are reported.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from fieldguide.load.problems import Problem, ProblemsFound, field_path

try:  # the C parser is 20x faster; fall back gracefully where libyaml is missing
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

MAX_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_EVENTS = 200_000

Loc = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_STR = f"{_TAG}str"
_BOOL = f"{_TAG}bool"
_NULL = f"{_TAG}null"
_INT = f"{_TAG}int"
_FLOAT = f"{_TAG}float"
# SafeLoader's YAML 1.1 implicit resolvers: first character of a plain scalar -> (tag, pattern).
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = SafeLoader.yaml_implicit_resolvers
_TRUE_FALSE = {"true", "false"}
# Decimal numbers only: YAML 1.1 also reads 0x1F, 017, 0b101 and 190:20:30 (base 60) as integers,
# which surprises anyone who meant a version, a time or an id.
_DECIMAL_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_DECIMAL_FLOAT = re.compile(r"^[-+]?([0-9][0-9_]*)?\.?[0-9_]*([eE][-+]?[0-9]+)?$")
MAX_DIGITS = 40
# Bidirectional controls reorder text on screen (U+202E "right-to-left override"...), so what a
# reviewer reads differs from what is stored: refused everywhere in contributed text.
_QUOTE = re.compile(r'(?<!\\)"')
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass
class LoadedYaml:
    """Plain data (dicts, lists, scalars) plus the 1-based line of every field path."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_for(self, loc: Loc) -> int:
        """Line of the deepest known field on the way to ``loc`` (1 if none is known)."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return 1


def load_yaml_file(path: Path, display: str) -> LoadedYaml:
    """Read and safely load ``path``; ``display`` is the name used in problem reports."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProblemsFound([Problem(display, 0, "", f"cannot read file: {exc.strerror}")]) from exc
    return load_yaml_text(raw, display)


def load_yaml_text(raw: bytes | str, display: str) -> LoadedYaml:
    """Safely load YAML text; raise :class:`ProblemsFound` on anything but plain data."""
    size = len(raw.encode("utf-8") if isinstance(raw, str) else raw)
    if size > MAX_BYTES:
        raise ProblemsFound(
            [Problem(display, 0, "", f"expected a file under {MAX_BYTES:,} bytes, found {size:,}")]
        )
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProblemsFound([not_utf8(raw, exc, display)]) from exc
    else:
        text = raw
    return _Reader(text, display).load()


def not_utf8(raw: bytes, exc: UnicodeDecodeError, display: str) -> Problem:
    """The problem for a file that is not UTF-8: line and byte of the first bad byte."""
    line = raw.count(b"\n", 0, exc.start) + 1
    byte = raw[exc.start : exc.start + 1].hex()
    return Problem(
        display,
        line,
        "",
        f"expected UTF-8 text; found the byte 0x{byte} (save the file as UTF-8)",
    )


def _yaml_error(exc: yaml.YAMLError, display: str, text: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        # A character YAML does not allow. The reader stops at the first one and gives an offset
        # (in bytes from libyaml, in characters from PyYAML), not a line: find it in the text.
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        line = text.count("\n", 0, max(text.find(chr(code)), 0)) + 1
        return Problem(
            display,
            line,
            "",
            f"invalid YAML: found the unprintable character U+{code:04X}, which YAML does not "
            "allow; remove it",
        )
    problem_mark = getattr(exc, "problem_mark", None)
    mark = problem_mark or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 0
    reason = str(getattr(exc, "problem", None) or exc)
    context = str(getattr(exc, "context", None) or "")
    lines = text.splitlines()
    opened = _unclosed_quote(lines[:line] if line else lines)
    if opened:
        # PyYAML reports an unclosed quote where parsing finally fails; the quote opens here.
        return Problem(
            display, opened, "", "invalid YAML: a quoted text opens on this line and never closes"
        )
    if "cannot start any token" in reason and problem_mark is not None and line <= len(lines):
        found = lines[line - 1][problem_mark.column : problem_mark.column + 1]
        if found == "\t":
            return Problem(
                display, line, "", "invalid YAML: found a tab; indent with spaces, never tabs"
            )
        return Problem(
            display,
            line,
            "",
            f"invalid YAML: found {found!r}, which cannot start a value; quote the text",
        )
    if "mapping values are not allowed" in reason:
        return Problem(
            display,
            line,
            "",
            'invalid YAML: found ": " inside unquoted text, which YAML reads as a new key; '
            "put the text in double quotes or use other punctuation",
        )
    message = f"invalid YAML: {reason}" + (f" ({context})" if context else "")
    return Problem(display, line, "", message)


def _unclosed_quote(lines: list[str]) -> int:
    """Line (1-based) of a double-quoted text still open at the end of ``lines``, or 0.

    PyYAML notices a quote left open only many lines later, where parsing finally fails. A quoted
    text that spans lines and closes (the glossary has some) is followed to its end, so an error
    after it is not blamed on it.
    """
    opened = 0
    for number, line in enumerate(lines, start=1):
        if not opened:
            stripped = line.strip()
            if stripped.startswith("#") or '"' not in stripped:
                continue
            if stripped.startswith("'") or ": '" in stripped:
                continue  # single-quoted text may hold double quotes
            if len(_QUOTE.findall(line)) % 2 == 0:
                continue  # closed on its line
            if len(_QUOTE.findall(line.split(" #", 1)[0])) % 2 == 0:
                continue  # the odd quote is inside a comment
            opened = number
        elif len(_QUOTE.findall(line)) % 2:
            opened = 0  # closed on this line
    return opened


def _checked_events(parser: SafeLoader, display: str, refused: list[Problem]) -> Iterator[Event]:
    """The parser's events, after refusing hostile constructs into ``refused``.

    Stops early (the caller sees the events end) where going on would only repeat or amplify a
    refused construct: too many events, a second document, nesting too deep.
    """
    depth = 0
    documents = 0
    events = iter(parser.get_event, None)
    for event in islice(events, MAX_EVENTS + 1):
        if isinstance(event, ScalarEvent):
            if event.anchor or event.tag is not None:
                refused.extend(_refused_properties(display, event))
        elif isinstance(event, CollectionStartEvent):
            refused.extend(_refused_properties(display, event))
            depth += 1
            if depth > MAX_DEPTH:
                message = f"expected nesting of at most {MAX_DEPTH} levels"
                refused.append(_refusal(display, event, message))
                return
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
        elif isinstance(event, AliasEvent):
            message = f"aliases are not allowed, found *{event.anchor}"
            refused.append(_refusal(display, event, message))
        elif isinstance(event, DocumentStartEvent):
            documents += 1
            if documents > 1:
                message = "expected one YAML document, found another"
                refused.append(_refusal(display, event, message))
                return
        yield event
    message = f"expected at most {MAX_EVENTS:,} YAML nodes"
    refused.append(_refusal(display, next(events), message))


def _refused_properties(display: str, event: ScalarEvent | CollectionStartEvent) -> list[Problem]:
    """An anchor or an explicit tag on a node (the non-specific tag ``!`` is harmless)."""
    found = []
    if event.anchor:
        found.append(_refusal(display, event, f"anchors are not allowed, found &{event.anchor}"))
    tag = event.tag
    implicit = event.implicit
    explicit = not any(implicit) if isinstance(implicit, tuple) else not implicit
    if tag is not None and tag != "!" and explicit:
        found.append(_refusal(display, event, f"tags are not allowed, found {tag}"))
    return found


def _refusal(display: str, event: Event, message: str) -> Problem:
    return Problem(display, _line(event), "", message)


class _Reader:
    """Builds plain data and the line map from the checked events, in one pass.

    If anything was refused (hostile constructs, syntax errors), only that is reported and nothing
    built is returned. Problems in values (duplicate keys, non-text keys, hex numbers...) are
    reported otherwise. The value of a refused key is read past (still checked), not loaded.
    """

    def __init__(self, text: str, display: str) -> None:
        self.text = text
        self.display = display
        self.parser = SafeLoader(text)
        self.refused: list[Problem] = []
        self.events = _checked_events(self.parser, display, self.refused)
        self.problems: list[Problem] = []
        self.lines: dict[Loc, int] = {}

    def load(self) -> LoadedYaml:
        data = None
        events = self.events
        try:
            next(events)  # stream start
            if isinstance(next(events), DocumentStartEvent):
                event = next(events)
                self.lines[()] = _line(event)
                data = self.value(event, ())
                next(events)  # document end
                next(events)  # stream end, or a second document: refused
        except yaml.YAMLError as exc:
            self.refused.append(_yaml_error(exc, self.display, self.text))
        except StopIteration:
            pass  # stopped at a refused construct
        finally:
            self.parser.dispose()
        if self.refused:
            raise ProblemsFound(self.refused)
        if self.problems:
            raise ProblemsFound(self.problems)
        return LoadedYaml(data=data, lines=self.lines)

    def problem(self, event: Event, loc: Loc, message: str) -> None:
        self.problems.append(Problem(self.display, _line(event), field_path(loc), message))

    def value(self, event: Event, loc: Loc) -> Any:
        """Build the value that starts with ``event`` (already read; the caller records the line:
        the value's own, or its key's in a mapping)."""
        if isinstance(event, ScalarEvent):
            return self.scalar(event, loc)
        if isinstance(event, SequenceStartEvent):
            items: list[Any] = []
            while not isinstance(event := next(self.events), SequenceEndEvent):
                path = (*loc, len(items))
                self.lines[path] = _line(event)
                items.append(self.value(event, path))
            return items
        if isinstance(event, MappingStartEvent):
            return self.mapping(loc)
        return None  # an alias: already refused

    def mapping(self, loc: Loc) -> dict[str, Any]:
        out: dict[str, Any] = {}
        events = self.events
        while not isinstance(event := next(events), MappingEndEvent):
            if not isinstance(event, ScalarEvent) or _scalar_tag(event) != _STR:
                if isinstance(event, ScalarEvent):
                    shown = repr(event.value)
                else:  # a "? " complex key: read past it, say what it is
                    listed = isinstance(self.node(event), yaml.SequenceNode)
                    shown = "a list" if listed else "a mapping"
                self.problem(event, loc, f"expected a text key, found {shown}")
                self.node(next(events))
                continue
            key = event.value
            if key in out:
                self.problem(event, (*loc, key), "duplicate key (each key may appear once)")
                self.node(next(events))
                continue
            path = (*loc, key)
            self.lines[path] = _line(event)
            out[key] = self.value(next(events), path)
        return out

    def node(self, event: Event) -> yaml.Node:
        """Read past a node without loading it, as PyYAML's node (shown for a refused key)."""
        if isinstance(event, SequenceStartEvent):
            items: list[yaml.Node] = []
            while not isinstance(item := next(self.events), SequenceEndEvent):
                items.append(self.node(item))
            return yaml.SequenceNode(SafeLoader.DEFAULT_SEQUENCE_TAG, items)
        if isinstance(event, MappingStartEvent):
            pairs: list[tuple[yaml.Node, yaml.Node]] = []
            while not isinstance(key := next(self.events), MappingEndEvent):
                pairs.append((self.node(key), self.node(next(self.events))))
            return yaml.MappingNode(SafeLoader.DEFAULT_MAPPING_TAG, pairs)
        if isinstance(event, ScalarEvent):
            return yaml.ScalarNode(_scalar_tag(event), event.value)
        return yaml.ScalarNode(_STR, "")  # an alias: already refused

    def scalar(self, event: ScalarEvent, loc: Loc) -> Any:
        text = event.value
        bidi = None if text.isascii() else BIDI_CONTROLS.search(text)  # the controls are not ASCII
        if bidi:
            self.problem(
                event,
                loc,
                f"found the invisible bidirectional control U+{ord(bidi.group()):04X}, which "
                "makes text display differently from how it is stored; remove it",
            )
            return None
        tag = _scalar_tag(event)
        if tag == _STR:
            return text  # most values
        if tag == _BOOL:
            # YAML 1.1 would turn yes/no/on/off into booleans; keep the words
            lowered = text.lower()
            return lowered == "true" if lowered in _TRUE_FALSE else text
        if tag == _NULL:
            return None
        if tag in (_INT, _FLOAT):
            pattern, number = (_DECIMAL_INT, int) if tag == _INT else (_DECIMAL_FLOAT, float)
            if not self.decimal(event, loc, pattern):
                return None
            value = number(text.replace("_", ""))  # as PyYAML's constructors read decimal forms
            if isinstance(value, float) and not math.isfinite(value):  # 1e+999 overflows
                self.problem(event, loc, f"expected a finite number; found {text!r}")
                return None
            return value
        return text  # timestamps, merge keys...: kept as the text that was written

    def decimal(self, event: ScalarEvent, loc: Loc, pattern: re.Pattern[str]) -> bool:
        """Accept plain decimal numbers only; report hex, octal, binary, base 60 and huge ones."""
        text = event.value
        if text.lower() in {".inf", "-.inf", "+.inf", ".nan"}:
            self.problem(event, loc, f"expected a finite number; found {text!r}")
            return False
        if not pattern.match(text):
            self.problem(
                event,
                loc,
                f"expected a decimal number such as 1_000_000 or 2.5e+9; found {text!r}, which "
                "YAML 1.1 reads as hexadecimal, octal, binary or base 60. Quote it if it is text",
            )
            return False
        digits = sum(c.isdigit() for c in text.split("e")[0].split("E")[0])
        if digits > MAX_DIGITS:
            self.problem(
                event,
                loc,
                f"expected a number of at most {MAX_DIGITS} digits (use 1.5e+30 notation); "
                f"found {digits:,} digits",
            )
            return False
        return True


def _line(event: Event) -> int:
    return event.start_mark.line + 1 if event.start_mark else 0


def _scalar_tag(event: ScalarEvent) -> str:
    """The tag PyYAML's SafeLoader resolves for a scalar: for a plain scalar (or one tagged with
    the non-specific ``!``), the first YAML 1.1 pattern registered for its first character that
    matches (``yes`` is a bool, ``0x1F`` an int, ``2019-01-01`` a timestamp...); else text."""
    if event.tag is not None and event.tag != "!":
        return event.tag
    if event.implicit[0]:
        value = event.value
        for tag, pattern in _IMPLICIT.get(value[0] if value else "", ()):
            if pattern.match(value):
                return tag
    return _STR
