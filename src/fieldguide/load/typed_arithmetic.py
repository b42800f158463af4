"""Arithmetic typed together with its result ("1.5 / 1.0% = $1.50"), which the guide computes.

A result typed in prose goes stale without a sound when one of its inputs is edited, and nothing
checks the sum. The guide states such results through code instead: a worked example
(``data/examples/`` or a case's ``examples.yaml``, quoted as ``{{ ex:<id>.<name> }}``) or a
case's scale (``{{ name }}``). Code (fenced blocks, code spans) is shown as written and is not
looked at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fieldguide.load.markdown_policy import Line, lines_with_code, without_code_spans

# A number as prose writes one: an optional currency sign, digits with thousands separators and
# decimals, then an optional percent sign or magnitude letter (12k, 3.5M, 2B, 1T).
_NUMBER = r"[$€£]?\d[\d,]*(?:\.\d+)?(?:\s?%|[kKMBT](?![A-Za-z]))?"
# An operator between two numbers: times, divide, plus, the minus sign, or a hyphen with spaces
# on both sides (a bare hyphen is a range or a compound: 3-5 days, GPT-4).
_OPERATOR = r"\s*(?:[×x*/÷+−]|\s-\s)\s*"
# Two or more numbers joined by operators, then "=" or "≈" and a typed number.
TYPED = re.compile(
    rf"(?<![\w.$€£]){_NUMBER}(?:{_OPERATOR}{_NUMBER})+\s*(?:=|≈)\s*~?{_NUMBER}(?!\w|\.\d)"
)

HINT = (
    "compute the result instead: write its inputs and formula in a worked example (the case's "
    "examples.yaml or data/examples/) and quote it as {{ ex:<id>.<name> }}, or quote the case's "
    "scale as {{ name }}, so that the result cannot drift from its inputs"
)


def typed_in_text(text: str) -> str | None:
    """The first arithmetic typed with its result in one text (code spans skipped), or None."""
    if "=" not in text and "≈" not in text:
        return None  # most text has neither
    found = TYPED.search(without_code_spans(text))
    return found.group() if found else None


def typed_in_markdown(markdown: str, lines: list[Line] | None = None) -> Iterator[tuple[int, str]]:
    """(line, message) for each line of prose that types arithmetic with its result.

    ``lines`` is ``list(lines_with_code(markdown))`` when the caller has it already."""
    for number, line, code in lines_with_code(markdown) if lines is None else lines:
        found = None if code else typed_in_text(line)
        if found is not None:
            yield number, f"found the typed arithmetic {found!r}; {HINT}"
