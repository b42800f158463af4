"""What contributed Markdown (case notes) may contain, checked before any Markdown parser sees it.

Notes come from pull requests, so they are untrusted like the YAML. They may use Markdown,
admonitions, details, tabs, tables, footnotes, code and Mermaid fences. They may not emit HTML,
attribute lists, script URLs or snippet includes, and their structure is bounded so that
Python-Markdown (super-linear on some inputs) stays fast. The rendered HTML of generated pages is
sanitized again (:mod:`fieldguide.render.sanitize`): either layer alone stops every vector tested.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator

from fieldguide.load.yamlsource import BIDI_CONTROLS

# Bounds, far above anything a real note needs and far below where the parser slows down
# (scripts/markdown_cost.py measures where that is).
MAX_LINE_CHARS = 5_000
MAX_UNMATCHED_BRACKETS = 50  # per paragraph: `[` without its `]`
MAX_BRACKETS_PER_PARAGRAPH = 500
MAX_EMPHASIS_RUN = 40  # consecutive `*` or `_`
MAX_NESTING = 12  # blockquote `>` markers or list levels at the start of a line
MAX_BACKTICK_RUN = 12

ALLOWED_SCHEMES = ("http", "https", "mailto")

# A raw HTML tag or declaration: `<` followed by a letter, `/`, `!` or `?`.
_TAG = re.compile(r"<\s*[/!?]?\s*[A-Za-z]")
# The HTML-like lines a note may hold: a block marker such as `<!-- show: features -->` and a
# worked example `<!-- fieldguide:example id=... -->`.
_MARKER = re.compile(r"^\s*<!--\s*(show:\s*[a-z-]+|fieldguide:example\s+id=[a-z0-9-]+)\s*-->\s*$")
# An autolink <https://...> is Markdown, not HTML.
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+|mailto:[^\s<>]+)>")
# attr_list: `{ #id .class key=value }` or `{: ...}`; `{{ name }}` numbers are not attribute lists.
_ATTR_LIST = re.compile(
    r"(?<!\{)\{:?[ \t]*(?:[#.][^\s{}]+|[A-Za-z_:][-\w:.]*[ \t]*=)[^{}]*\}(?!\})"
)
_SNIPPET = re.compile(r"-{1,}8<-{1,}")
# Link targets: inline `](target)`, reference definitions `[id]: target`, autolinks.
_INLINE_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")
_REFERENCE_TARGET = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S*)")
_IMAGE_TARGET = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]*)")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_NESTING = re.compile(r"^(?:\s*>)+|^(\s*)(?:[-*+]|\d+[.)])\s")
_PREFIX = re.compile(r"^[\s>]*")
_BRACKET = re.compile(r"[\[\]]")
# A run of more than ``limit`` of these characters (emphasis, code) slows the parser down.
_RUNS = (("*", MAX_EMPHASIS_RUN), ("_", MAX_EMPHASIS_RUN), ("`", MAX_BACKTICK_RUN))

Finding = tuple[int, str]  # (line, message)


Line = tuple[int, str, bool]  # (line number, line, whether it is code)


def check_markdown(text: str, lines: list[Line] | None = None) -> list[Finding]:
    """Every policy violation in a note, as (line, message); an empty list means it is safe.

    ``lines`` is ``list(lines_with_code(text))`` when the caller has it already.
    """
    return list(_findings(text, lines_with_code(text) if lines is None else lines))


def without_code_spans(line: str) -> str:
    """The line with each inline code span blanked to spaces (same length, so columns hold):
    code is shown as written, so nothing in it is looked at."""
    return _CODE_SPAN.sub(lambda m: " " * len(m.group()), line) if "`" in line else line


def lines_with_code(text: str) -> Iterator[Line]:
    """(line number, line, whether it is code: a fence line or inside a fenced block)."""
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = _FENCE.match(line) if "```" in line or "~~~" in line else None
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker
            elif marker.startswith(fence):
                fence = None
            yield number, line, True
        else:
            yield number, line, fence is not None


def _findings(text: str, lines: Iterable[Line]) -> Iterator[Finding]:
    brackets: list[int] = []  # lines of `[` still open in the current paragraph
    paragraph_brackets = 0
    # Rules that apply to code too are looked for per line only when the text may break them.
    bidi_anywhere = not text.isascii() and BIDI_CONTROLS.search(text) is not None
    snippet_anywhere = "8<" in text
    for number, line, code in lines:
        if len(line) > MAX_LINE_CHARS:
            yield (
                number,
                f"expected lines of at most {MAX_LINE_CHARS:,} characters; found {len(line):,}",
            )
            continue
        bidi = BIDI_CONTROLS.search(line) if bidi_anywhere else None
        if bidi:
            yield (
                number,
                f"found the invisible bidirectional control U+{ord(bidi.group()):04X}; remove it",
            )
        if snippet_anywhere and _SNIPPET.search(line):
            yield (
                number,
                "snippet includes (--8<--) are not allowed in notes; write the text here, or "
                "quote a computed number with {{ name }}",
            )
        if code:
            continue  # code is shown as text: nothing in it is interpreted
        if not line.strip():
            yield from _unmatched(brackets)
            brackets, paragraph_brackets = [], 0
            continue
        prose = without_code_spans(line)
        yield from _line_findings(number, line, prose)
        if "[" in prose or "]" in prose:
            for char in _BRACKET.findall(prose):
                if char == "[":
                    brackets.append(number)
                    paragraph_brackets += 1
                elif brackets:
                    brackets.pop()
        if paragraph_brackets > MAX_BRACKETS_PER_PARAGRAPH:
            yield number, f"expected at most {MAX_BRACKETS_PER_PARAGRAPH:,} brackets in a paragraph"
            brackets, paragraph_brackets = [], 0
    yield from _unmatched(brackets)


def _unmatched(brackets: list[int]) -> Iterator[Finding]:
    if len(brackets) > MAX_UNMATCHED_BRACKETS:
        yield (
            brackets[0],
            f"expected at most {MAX_UNMATCHED_BRACKETS} unmatched '[' in a paragraph; found "
            f"{len(brackets):,} (long runs of brackets make the Markdown parser very slow)",
        )


def _line_findings(number: int, line: str, prose: str) -> Iterator[Finding]:
    """The rules of one line of prose; each rule is tried only when the line holds the
    character its pattern needs (most lines of a note need none)."""
    if "<" in prose and not _MARKER.match(line):
        for match in _TAG.finditer(_AUTOLINK.sub("", prose)):
            shown = prose[match.start() : match.start() + 30].split(">")[0] + ">"
            yield (
                number,
                f"raw HTML is not allowed in notes; found {shown!r}. Use Markdown instead "
                "(admonitions, tables, emphasis, links); the only HTML-like line allowed is a "
                "block marker such as <!-- show: features -->",
            )
            break
    attr = _ATTR_LIST.search(prose) if "{" in prose else None
    if attr:
        yield (
            number,
            f"attribute lists are not allowed in notes; found {attr.group()!r}. Remove it: "
            "notes cannot set ids, classes or HTML attributes",
        )
    if "]" in prose or "<" in prose:  # links: `](target)`, `[id]: target`, `<target>`
        yield from _link_findings(number, prose)
    for char, limit in _RUNS:
        if char * (limit + 1) in prose:
            yield number, f"expected runs of at most {limit} '{char}'; found a longer run"
    if line[:1].isspace() or line[:1] == ">":  # otherwise nested one level at most
        nesting = _depth(line)
        if nesting > MAX_NESTING:
            yield (
                number,
                f"expected at most {MAX_NESTING} levels of quotes or lists; found {nesting}",
            )


def _link_findings(number: int, prose: str) -> Iterator[Finding]:
    targets = [m.group(1) for m in _INLINE_TARGET.finditer(prose)]
    targets += [m.group(1) for m in _REFERENCE_TARGET.finditer(prose)]
    targets += [m.group(1) for m in _AUTOLINK.finditer(prose)]
    for target in targets:
        scheme = _scheme(target)
        if scheme is not None and scheme not in ALLOWED_SCHEMES:
            yield (
                number,
                f"{scheme}: links are not allowed in notes; found one. Use http, https or "
                "mailto, or a relative link to a page of the guide",
            )
    for target in (m.group(1) for m in _IMAGE_TARGET.finditer(prose)):
        if _scheme(target) is not None or target.startswith("//"):
            yield (
                number,
                "images from another host are not allowed in notes (the site never loads "
                "anything from another host); found one",
            )


def _scheme(target: str) -> str | None:
    """The URL scheme a browser would see, after entities and hidden characters are removed."""
    cleaned = _CONTROL.sub("", html.unescape(target))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def _depth(line: str) -> int:
    quotes = len(_PREFIX.match(line).group().replace(" ", "").replace("\t", ""))  # type: ignore[union-attr]
    indent = len(line) - len(line.lstrip(" "))
    return max(quotes, indent // 4 + 1 if _NESTING.match(line) else 0)
