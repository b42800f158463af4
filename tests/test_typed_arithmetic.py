"""Arithmetic typed with its result is found in prose, and only there."""

from __future__ import annotations

import pytest

from fieldguide.load.typed_arithmetic import typed_in_markdown, typed_in_text


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("pays 1.5 / 1.0% = $1.50 per click", "1.5 / 1.0% = $1.50"),
        ("6+5+8+9+6+7+4 = 45 minutes", "6+5+8+9+6+7+4 = 45"),
        ("1,000 × 12k ≈ 12M rows", "1,000 × 12k ≈ 12M"),
        ("10 - 2 = 8", "10 - 2 = 8"),
        ("2.5/3 = 0.83 of it", "2.5/3 = 0.83"),
        ("300M x 12 = 3.6B", "300M x 12 = 3.6B"),
        ("about 4 − 1 = ~3 left", "4 − 1 = ~3"),
    ],
)
def test_typed_results_are_found(text: str, found: str) -> None:
    assert typed_in_text(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "p99 = 200 ms",  # a value, not a sum
        "k = 10 neighbours",
        "cost = 2 x 3 dollars",  # the result is not typed
        "GPT-4 = the model",
        "3-5 = a range",  # a hyphen without spaces is a range
        "x2 = 4",
        "`1 / 2 = 0.5` in code",
        "{{ a }} / {{ b }} = {{ c }}",  # computed numbers
        "1/2 of 3 = nothing",
        "v1.2 + 3 = 4",  # a version is no number
    ],
)
def test_prose_without_a_typed_result_passes(text: str) -> None:
    assert typed_in_text(text) is None


def test_fenced_code_is_not_looked_at_and_lines_are_counted() -> None:
    markdown = "Text.\n\n```\n2 * 3 = 6\n```\n\nAnd 2 * 3 = 6.\n"
    assert [line for line, _ in typed_in_markdown(markdown)] == [7]
