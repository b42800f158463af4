"""Hostile and malformed YAML is reported with file and line, never loaded or executed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fieldguide.load import yamlsource
from fieldguide.load.problems import Problem, ProblemsFound
from fieldguide.load.yamlsource import MAX_BYTES, MAX_DEPTH, load_yaml_file, load_yaml_text


def problems_of(text: str | bytes) -> list[Problem]:
    with pytest.raises(ProblemsFound) as info:
        load_yaml_text(text, "case.yaml")
    assert all(p.file == "case.yaml" for p in info.value.problems)
    return info.value.problems


def test_plain_data_loads_with_lines() -> None:
    loaded = load_yaml_text("a: 1\nb:\n  - x\n  - y\nc: {d: 2.5}\n", "case.yaml")
    assert loaded.data == {"a": 1, "b": ["x", "y"], "c": {"d": 2.5}}
    assert loaded.lines[("b", 1)] == 4
    assert loaded.line_for(("c", "d", "missing")) == 5


def test_yaml11_booleans_stay_words_but_true_false_are_booleans() -> None:
    loaded = load_yaml_text("a: no\nb: On\nc: true\nd: False\n", "case.yaml")
    assert loaded.data == {"a": "no", "b": "On", "c": True, "d": False}


def test_dates_are_kept_as_written() -> None:
    assert load_yaml_text("when: 2019-01-01\n", "case.yaml").data == {"when": "2019-01-01"}


def test_billion_laughs_is_refused_at_the_first_anchor() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    found = problems_of("\n".join(lines))
    assert found[0].line == 1 and "anchors are not allowed" in found[0].message
    assert any(p.line == 2 and "aliases are not allowed" in p.message for p in found)


def test_self_referencing_alias_is_refused() -> None:
    found = problems_of("a: &loop\n  b: *loop\n")
    assert {p.line for p in found} == {1, 2}


@pytest.mark.parametrize(
    "payload",
    [
        "x: !!python/object/apply:os.system ['echo pwned']",
        "x: !!python/name:os.system",
        "x: !custom thing",
        "x: !!binary aGVsbG8=",
    ],
)
def test_tags_are_refused_not_executed(payload: str, tmp_path: Path) -> None:
    found = problems_of("title: ok\n" + payload + "\n")
    assert found[0].line == 2
    assert "tags are not allowed" in found[0].message


def test_duplicate_keys_are_reported_with_the_second_line() -> None:
    found = problems_of("title: a\nsummary: b\ntitle: c\n")
    assert [(p.line, p.field) for p in found] == [(3, "title")]
    assert "duplicate key" in found[0].message


def test_deep_nesting_is_refused_before_building() -> None:
    depth = 10_000
    found = problems_of("[" * depth + "]" * depth)
    assert f"at most {MAX_DEPTH} levels" in found[0].message


def test_oversized_file_is_refused_without_parsing() -> None:
    found = problems_of(b"a: " + b"x" * (MAX_BYTES + 1))
    assert found[0].line == 0 and "under" in found[0].message


def test_several_documents_are_refused() -> None:
    found = problems_of("a: 1\n---\nb: 2\n")
    assert found[0].line == 2 and "one YAML document" in found[0].message


def test_invalid_utf8_is_reported() -> None:
    found = problems_of(b"title: caf\xe9\n")
    assert "UTF-8" in found[0].message


def test_syntax_error_names_the_line() -> None:
    found = problems_of("title: ok\nlist: [1, 2\nother: 3\n")
    assert found[0].line >= 2 and found[0].message.startswith("invalid YAML")


def test_huge_integer_is_a_problem_not_a_crash() -> None:
    found = problems_of("a: 1\nb: " + "9" * 5000 + "\n")
    assert found[0].line == 2 and found[0].field == "b"


def test_non_text_keys_are_refused() -> None:
    found = problems_of("1: one\n? [a, b]\n: two\n? {a: b}\n: three\n")
    assert [(p.line, p.message) for p in found] == [
        (1, "expected a text key, found '1'"),
        (2, "expected a text key, found a list"),
        (4, "expected a text key, found a mapping"),
    ]


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x7f", "\ufffe"])
def test_an_unprintable_character_names_its_line(character: str) -> None:
    found = problems_of(f"title: café\nsummary: a{character}b\n")  # after a non-ASCII line
    assert [(p.line, p.field) for p in found] == [(2, "")]
    assert f"U+{ord(character):04X}" in found[0].message and "<unicode" not in found[0].message


def test_missing_file_is_a_problem(tmp_path: Path) -> None:
    with pytest.raises(ProblemsFound) as info:
        load_yaml_file(tmp_path / "nope.yaml", "cases/x/case.yaml")
    assert info.value.problems[0].file == "cases/x/case.yaml"


def test_plain_scalars_get_only_decimal_boolean_and_null_types() -> None:
    text = (
        "a: 1_000\nb: -0\nc: 1.5e+3\nd: .5\ne: 1e5\nf: '1'\ng: \"true\"\nh: ~\ni: Null\nj:\n"
        "k: TRUE\nl: yes\nm: <<\nn: =\no: 2001-12-14t21:59:43.10-05:00\n"
    )
    assert load_yaml_text(text, "case.yaml").data == {
        "a": 1000,
        "b": 0,
        "c": 1500.0,
        "d": 0.5,
        "e": "1e5",  # YAML 1.1 reads an exponent without a dot as text
        "f": "1",
        "g": "true",
        "h": None,
        "i": None,
        "j": None,
        "k": True,
        "l": "yes",
        "m": "<<",
        "n": "=",
        "o": "2001-12-14t21:59:43.10-05:00",
    }
    types = {k: type(v) for k, v in load_yaml_text("a: 1\nb: 1.0\n", "case.yaml").data.items()}
    assert types == {"a": int, "b": float}


@pytest.mark.parametrize("written", [".inf", "-.Inf", ".NaN", "1.0e+999", "-2.0e+400"])
def test_infinite_numbers_are_refused(written: str) -> None:
    found = problems_of(f"a:\n  b: {written}\n")
    assert [(p.line, p.field) for p in found] == [(2, "a.b")]
    assert "finite number" in found[0].message


def test_suggested_number_forms_load_as_numbers() -> None:
    """The problem messages suggest 2.5e+9 and 1.5e+30: both must load as numbers (YAML 1.1
    reads 2.5e9, without the exponent's sign, as text)."""
    found = problems_of("a: 0x1F\nb: " + "9" * 50 + "\n")
    suggested = re.findall(r"\d\.\de[-+]\d+", " ".join(p.message for p in found))
    assert sorted(suggested) == ["1.5e+30", "2.5e+9"]
    data = load_yaml_text("\n".join(f"k{i}: {s}" for i, s in enumerate(suggested)), "x").data
    assert all(isinstance(value, float) for value in data.values())


def test_non_specific_tag_is_not_refused() -> None:
    assert load_yaml_text("a: ! x\nb: ! [1]\n", "case.yaml").data == {"a": "x", "b": [1]}


@pytest.mark.parametrize("key", ["yes", "null", "1.5", "2019-01-01", "<<", "0x1F"])
def test_keys_that_yaml_reads_as_other_types_are_refused(key: str) -> None:
    found = problems_of(f"title: ok\n{key}: v\n")
    assert [(p.line, p.field) for p in found] == [(2, "")]
    assert f"expected a text key, found {key!r}" == found[0].message


def test_quoted_keys_are_text() -> None:
    assert load_yaml_text("'1': one\n\"yes\": two\n", "case.yaml").data == {
        "1": "one",
        "yes": "two",
    }


def test_value_of_a_refused_key_is_not_loaded_but_still_checked() -> None:
    found = problems_of("a: 1\na: 0x1F\n1: [0b1]\n")  # no number problems: those values are skipped
    assert [(p.line, p.field) for p in found] == [(2, "a"), (3, "")]
    found = problems_of("a: 1\na: &x 2\n? [k]\n: !!str v\n")  # anchors and tags still refused
    assert {(p.line, p.message.split(",")[0]) for p in found} == {
        (2, "anchors are not allowed"),
        (4, "tags are not allowed"),
    }


def test_escaped_bidirectional_control_is_refused() -> None:
    found = problems_of('title: "Invoice \\u202Egnp.exe"\n')
    assert [(p.line, p.field) for p in found] == [(1, "title")]
    assert "U+202E" in found[0].message


def test_nesting_limit_is_exact() -> None:
    assert load_yaml_text("[" * MAX_DEPTH + "]" * MAX_DEPTH, "case.yaml").data is not None
    depth = MAX_DEPTH + 1
    found = problems_of("[\n" * depth + "]" * depth)
    assert [(p.line, p.message) for p in found] == [
        (depth, f"expected nesting of at most {MAX_DEPTH} levels")
    ]


def test_event_limit_is_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsource, "MAX_EVENTS", 10)
    # events 0 to 10 are allowed: stream, document and list starts and ends, and 5 items
    assert load_yaml_text("- 1\n" * 5, "case.yaml").data == [1] * 5
    assert "at most 10 YAML nodes" in problems_of("- 1\n" * 6)[0].message
    found = problems_of("- 1\n" * 20)  # event 11 is the 9th item: reading stops there
    assert [(p.line, p.message) for p in found] == [(9, "expected at most 10 YAML nodes")]


def test_empty_documents_load_as_nothing() -> None:
    assert load_yaml_text("# only a comment\n", "case.yaml").data is None
    assert load_yaml_text("---\n", "case.yaml").data is None


def test_syntax_error_after_the_document_is_reported() -> None:
    found = problems_of("a: 1\n...\n]\n")
    assert found[0].line == 3 and found[0].message.startswith("invalid YAML")


@pytest.mark.parametrize(
    "quoted",
    ['a: "closed # with a hash inside"\n', 'a: "spans\n  two lines"\n', "a: 'single \" quote'\n"],
)
def test_a_quote_that_closes_is_not_blamed_for_a_later_slip(quoted: str) -> None:
    found = problems_of(quoted + "b: said: this\n")
    slip = quoted.count("\n") + 1
    assert [(p.line, '": " inside unquoted text' in p.message) for p in found] == [(slip, True)]


def test_a_quote_left_open_is_reported_where_it_opens() -> None:
    found = problems_of('a: ok\nb: "left open\nc: more\nd: [1, 2\n')
    assert [p.line for p in found] == [2] and "never closes" in found[0].message
