#!/usr/bin/env python3
"""Benchmark: how long the note policy and Python-Markdown take on hostile and ordinary notes.

The bounds in ``fieldguide.load.markdown_policy`` sit far below where Python-Markdown turns slow;
this script shows both sides: inputs within the bounds (accepted, parsed fast) and past them
(rejected; the parser would take seconds to minutes on most of them). Each input names the
bound it goes past, if any; the test suite checks that the policy rejects exactly those
(tests/test_untrusted_notes.py); the timings are only printed here.
Run: ``.venv/bin/python scripts/markdown_cost.py``.
"""

from __future__ import annotations

import time
from typing import NamedTuple

import markdown

from fieldguide.load.markdown_policy import check_markdown


class Input(NamedTuple):
    name: str
    text: str
    past: str | None  # the policy bound this input goes past (None: within every bound)


INPUTS = [
    Input("ordinary note (2,000 lines)", "A [link](x.md) and *emphasis*.\n\n" * 1_000, None),
    Input("200 KB of [", "[" * 200_000, "MAX_LINE_CHARS"),
    Input("2,000 [", "[" * 2_000, "MAX_BRACKETS_PER_PARAGRAPH"),
    Input("4,000 [", "[" * 4_000, "MAX_BRACKETS_PER_PARAGRAPH"),
    Input("8,000 [", "[" * 8_000, "MAX_LINE_CHARS"),
    Input("60 [ and a word", "[" * 60 + " x", "MAX_UNMATCHED_BRACKETS"),
    Input("5,000 *", "*" * 5_000, "MAX_EMPHASIS_RUN"),
    Input("500 nested >", ">" * 500 + " x", "MAX_NESTING"),
    Input("500 nested [ ]", "[" * 500 + "]" * 500, None),
    Input("1,000 nested [ ]", "[" * 1_000 + "]" * 1_000, "MAX_BRACKETS_PER_PARAGRAPH"),
    Input("2,000 nested [ ]", "[" * 2_000 + "]" * 2_000, "MAX_BRACKETS_PER_PARAGRAPH"),
    Input("40 x '[' on 200 lines", "\n".join(["[" * 40 + "x"] * 200), "MAX_BRACKETS_PER_PARAGRAPH"),
]
# Rejected inputs longer than this are not parsed: the worst would take minutes.
PARSE_LIMIT = 20_000


def main() -> None:
    print(f"{'input':<30} {'policy s':>9} {'verdict':>9} {'markdown s':>11}  bound passed")
    for name, text, past in INPUTS:
        start = time.perf_counter()
        findings = check_markdown(text)
        policy = time.perf_counter() - start
        parse = "skipped"
        if not findings or len(text) <= PARSE_LIMIT:
            start = time.perf_counter()
            markdown.markdown(text)
            parse = f"{time.perf_counter() - start:.2f}"
        verdict = "rejected" if findings else "accepted"
        print(f"{name:<30} {policy:>9.3f} {verdict:>9} {parse:>11}  {past or '-'}")


if __name__ == "__main__":
    main()
