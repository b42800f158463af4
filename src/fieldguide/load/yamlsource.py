"""Safe loading of contributed YAML, keeping the line of every value.

Case files come from pull requests, so they are untrusted: only plain YAML data is accepted.
Tags, anchors and aliases, duplicate keys, several documents, oversized files and deep nesting
are reported as problems instead of being loaded (no billion-laughs expansion, no Python objects,
no recursion blow-up). PyYAML's C parser does the parsing; this module only walks its nodes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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
_PLAIN_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null")}
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
    _check_events(text, display)
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise ProblemsFound([_yaml_error(exc, display, text)]) from exc
    finally:
        loader.dispose()
    if node is None:
        return LoadedYaml(data=None)
    walker = _Walker(display)
    data = walker.value(node, ())
    if walker.problems:
        raise ProblemsFound(walker.problems)
    return LoadedYaml(data=data, lines=walker.lines)


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
    message = f"invalid YAML: {reason}" + (f" ({context})" if context else "")
    return Problem(display, line, "", message)


def _unclosed_quote(lines: list[str]) -> int:
    """Line (1-based) of the first value whose double quotes do not close on their line, or 0.

    Contributors write one-line strings; a multi-line quoted text is almost always a quote left
    open, and PyYAML only notices it many lines later.
    """
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("#") or '"' not in stripped:
            continue
        if stripped.startswith("'") or ": '" in stripped:
            continue  # single-quoted text may hold double quotes
        if len(_QUOTE.findall(line)) % 2 == 0:
            continue
        if len(_QUOTE.findall(line.split(" #", 1)[0])) % 2 == 0:
            continue  # the odd quote is inside a comment
        return number
    return 0


def _check_events(text: str, display: str) -> None:
    """Reject hostile constructs from the event stream, before anything is built."""
    problems: list[Problem] = []
    depth = 0
    documents = 0
    try:
        for count, event in enumerate(yaml.parse(text, Loader=SafeLoader)):
            line = event.start_mark.line + 1 if event.start_mark else 0
            if count > MAX_EVENTS:
                problems.append(
                    Problem(display, line, "", f"expected at most {MAX_EVENTS:,} YAML nodes")
                )
                break
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    problems.append(
                        Problem(display, line, "", "expected one YAML document, found another")
                    )
                    break
            if isinstance(event, yaml.AliasEvent):
                problems.append(
                    Problem(display, line, "", f"aliases are not allowed, found *{event.anchor}")
                )
                continue
            anchor = getattr(event, "anchor", None)
            if anchor:
                problems.append(
                    Problem(display, line, "", f"anchors are not allowed, found &{anchor}")
                )
            tag = getattr(event, "tag", None)
            implicit = getattr(event, "implicit", True)
            explicit = not any(implicit) if isinstance(implicit, tuple) else not implicit
            if tag is not None and tag != "!" and explicit:
                problems.append(Problem(display, line, "", f"tags are not allowed, found {tag}"))
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    problems.append(
                        Problem(
                            display, line, "", f"expected nesting of at most {MAX_DEPTH} levels"
                        )
                    )
                    break
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as exc:
        problems.append(_yaml_error(exc, display, text))
    if problems:
        raise ProblemsFound(problems)


class _Walker:
    """Turns a composed node tree into plain data, recording lines and problems."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []
        self._scalar_loader = SafeLoader("")

    def problem(self, node: yaml.Node, loc: Loc, message: str) -> None:
        self.problems.append(
            Problem(self.display, node.start_mark.line + 1, field_path(loc), message)
        )

    def value(self, node: yaml.Node, loc: Loc) -> Any:
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self.scalar(node, loc)

    def mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != f"{_TAG}str":
                shown = getattr(key_node, "value", "?")
                self.problem(key_node, loc, f"expected a text key, found {shown!r}")
                continue
            key = str(key_node.value)
            if key in out:
                self.problem(key_node, (*loc, key), "duplicate key (each key may appear once)")
                continue
            self.lines[(*loc, key)] = key_node.start_mark.line + 1
            out[key] = self.value(value_node, (*loc, key))
        return out

    def scalar(self, node: yaml.Node, loc: Loc) -> Any:
        text = str(node.value)
        bidi = BIDI_CONTROLS.search(text)
        if bidi:
            self.problem(
                node,
                loc,
                f"found the invisible bidirectional control U+{ord(bidi.group()):04X}, which "
                "makes text display differently from how it is stored; remove it",
            )
            return None
        if node.tag == _STR:
            return text  # most values: no constructor needed
        if node.tag == f"{_TAG}bool" and text.lower() not in _TRUE_FALSE:
            return text  # YAML 1.1 would turn yes/no/on/off into booleans; keep the words
        if node.tag not in _PLAIN_TAGS:
            return text  # timestamps, binary, merge keys...: kept as the text that was written
        if node.tag in (f"{_TAG}int", f"{_TAG}float") and not self._decimal(node, loc, text):
            return None
        try:
            return self._scalar_loader.construct_object(node)
        except (ValueError, yaml.YAMLError) as exc:
            self.problem(node, loc, f"cannot read value {text[:40]!r}: {exc}")
            return None

    def _decimal(self, node: yaml.Node, loc: Loc, text: str) -> bool:
        """Accept plain decimal numbers only; report hex, octal, binary, base 60 and huge ones."""
        if text.lower() in {".inf", "-.inf", "+.inf", ".nan"}:
            self.problem(node, loc, f"expected a finite number; found {text!r}")
            return False
        pattern = _DECIMAL_INT if node.tag == f"{_TAG}int" else _DECIMAL_FLOAT
        if not pattern.match(text):
            self.problem(
                node,
                loc,
                f"expected a decimal number such as 1_000_000 or 2.5e9; found {text!r}, which "
                "YAML 1.1 reads as hexadecimal, octal, binary or base 60. Quote it if it is text",
            )
            return False
        digits = sum(c.isdigit() for c in text.split("e")[0].split("E")[0])
        if digits > MAX_DIGITS:
            self.problem(
                node,
                loc,
                f"expected a number of at most {MAX_DIGITS} digits (use 1.5e30 notation); "
                f"found {digits:,} digits",
            )
            return False
        return True
