"""Edges of the note policy: which line a finding names, first and last lines, code fences.

The policy looks for each rule only where the text holds the characters the rule needs (bidi
controls and snippet markers are first looked for in the whole text, brackets and links only on
lines that have them); these tests pin what that must not change.
"""

from __future__ import annotations

import pytest

from fieldguide.load.markdown_policy import (
    MAX_BACKTICK_RUN,
    MAX_EMPHASIS_RUN,
    MAX_NESTING,
    MAX_UNMATCHED_BRACKETS,
    check_markdown,
    lines_with_code,
)
from fieldguide.load.publishing import unfinished_lines
from fieldguide.render.notes import Note


def lines_of(text: str) -> list[int]:
    return [line for line, _ in check_markdown(text)]


@pytest.mark.parametrize(
    ("bad", "needle"),
    [
        ("<b>bold</b>", "raw HTML"),
        ("{: .red }", "attribute lists"),
        ("[x](javascript:alert(1))", "javascript: links"),
        ("[ref]: data:text/html,x", "data: links"),
        ("![pixel](https://evil.test/p.png)", "images from another host"),
        ("*" * (MAX_EMPHASIS_RUN + 1), "'*'"),
        ("_" * (MAX_EMPHASIS_RUN + 1), "'_'"),
        ("x " + "`" * (MAX_BACKTICK_RUN + 1), "'`'"),
        ("> " * (MAX_NESTING + 1) + "deep", "levels of quotes"),
        (" " * 4 * MAX_NESTING + "- deep item", "levels of quotes"),
        ('--8<-- "secret.md"', "snippet includes"),
        ('-8<- "secret.md"', "snippet includes"),
        ("Invoice \u202egnp.exe", "U+202E"),
    ],
)
def test_a_finding_names_the_first_middle_and_last_line(bad: str, needle: str) -> None:
    for text, line in (
        (f"{bad}\nplain text\n", 1),
        (f"Intro.\n\n{bad}\n\nMore.\n", 3),
        (f"Intro.\n\nplain\n{bad}", 4),  # the last line, without a final newline
    ):
        found = check_markdown(text)
        assert [n for n, message in found if needle in message] == [line], (text, found)


@pytest.mark.parametrize("fence", ["```", "~~~", "   ```python", "````"])
def test_code_fences_hide_markup_but_not_invisible_characters_or_snippets(fence: str) -> None:
    close = fence.strip().rstrip("python")
    text = (
        f"Intro.\n\n{fence}\n<script>x</script> {{: .c }} [x](javascript:1) "
        f'{"*" * 50}\n\u202e\n--8<-- "a.md"\n{close}\n\n<b>after</b>\n'
    )
    found = check_markdown(text)
    assert [(n, m.split(";")[0][:24]) for n, m in found] == [
        (5, "found the invisible bidi"),
        (6, "snippet includes (--8<--"),
        (9, "raw HTML is not allowed "),
    ]
    assert [code for _, _, code in lines_with_code(text)] == [
        False, False, True, True, True, True, True, False, False,
    ]  # fmt: skip


def test_a_code_span_hides_markup_on_its_line_only() -> None:
    assert check_markdown("Use `<b>` and `{: .c }` here.\n") == []
    assert lines_of("Use `<b>` here.\n<b>real</b>\n") == [2]


def test_line_numbers_follow_every_line_break() -> None:
    # \r\n, \r and the Unicode line separator each end a line, as Python's splitlines says
    text = "a\r\nb\rc\u2028<b>x</b>\n"
    assert lines_of(text) == [4]


def test_brackets_are_counted_per_paragraph_and_closed_on_later_lines() -> None:
    opened = "\n".join(["[a"] * (MAX_UNMATCHED_BRACKETS + 1))
    assert lines_of(opened) == [1]  # the paragraph's first open bracket
    # a line holding only closing brackets balances the ones opened above it
    assert check_markdown(opened + "\n" + "]" * (MAX_UNMATCHED_BRACKETS + 1)) == []
    # a blank line ends the paragraph: brackets do not carry over
    half = "\n".join(["[a"] * MAX_UNMATCHED_BRACKETS)
    assert check_markdown(half + "\n\n" + half) == []
    assert lines_of("Intro.\n\n" + half + "\n[b\n\nOutro.") == [3]


def test_a_marker_line_passes_but_html_after_a_marker_does_not() -> None:
    assert check_markdown("Intro.\n\n<!-- show: features -->\n") == []
    assert lines_of("Intro.\n\n<!-- show: features --> <b>x</b>\n") == [3]


def test_ordinary_unicode_text_passes() -> None:
    assert check_markdown("Naïve — “quoted” text, café.\n\n- item\n    - nested\n") == []


def test_placeholders_in_notes_name_their_line_in_any_case() -> None:
    text = "Fine.\nStill fine.\ntodo: later\nsee Example.COM\nFİXME and fıxme\nTBD"
    assert [line for line, _ in unfinished_lines(text)] == [3, 4, 5, 6]
    assert list(unfinished_lines("Nothing to do here; a todolist is a word.\n")) == []
    # re's IGNORECASE lets a dotted or dotless I stand for the i of FIXME
    for text in ("Fine.\nFİXME", "Fine.\nfıxme"):
        assert [line for line, _ in unfinished_lines(text)] == [2], text


def test_note_words_skip_block_markers_and_count_numbers_once() -> None:
    note = Note(markdown="One two.\n<!-- show: features -->\n{{ peak_qps }} and {{ ex:a-b.c }}\n")
    assert note.words() == 5  # One, two, N, and, N
    note.markdown = "Changed to three words."
    assert note.words() == 4  # the count follows the text it was made from
