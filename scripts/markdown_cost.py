#!/usr/bin/env python3
"""Benchmark: how long the note policy and Python-Markdown take on hostile and ordinary notes.

The bounds in ``fieldguide.load.markdown_policy`` sit far below where Python-Markdown turns slow;
this script shows both sides. Run: ``.venv/bin/python scripts/markdown_cost.py``.
"""

from __future__ import annotations

import time

import markdown

from fieldguide.load.markdown_policy import check_markdown

CASES = {
    "ordinary note (2,000 lines)": "A [link](x.md) and *emphasis*.\n\n" * 1_000,
    "200 KB of [": "[" * 200_000,
    "2,000 [": "[" * 2_000,
    "4,000 [": "[" * 4_000,
    "8,000 [": "[" * 8_000,
    "5,000 *": "*" * 5_000,
    "500 nested >": ">" * 500 + " x",
    "500 nested [ ]": "[" * 500 + "]" * 500,
    "1,000 nested [ ]": "[" * 1_000 + "]" * 1_000,
    "2,000 nested [ ]": "[" * 2_000 + "]" * 2_000,
    "40 x '[' on 200 lines": "\n".join(["[" * 40 + "x"] * 200),
}
PARSE_LIMIT = 20_000  # characters: beyond that a parse of the worst inputs would take minutes


def main() -> None:
    print(f"{'input':<30} {'policy s':>9} {'verdict':>9} {'markdown s':>11}")
    for name, text in CASES.items():
        start = time.perf_counter()
        findings = check_markdown(text)
        policy = time.perf_counter() - start
        parse = "skipped"
        if len(text) <= PARSE_LIMIT:
            start = time.perf_counter()
            markdown.markdown(text)
            parse = f"{time.perf_counter() - start:.2f}"
        verdict = "rejected" if findings else "accepted"
        print(f"{name:<30} {policy:>9.3f} {verdict:>9} {parse:>11}")


if __name__ == "__main__":
    main()
