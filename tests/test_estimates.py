"""The estimate evaluator: correct arithmetic, nothing but arithmetic, bounded work."""

from __future__ import annotations

import contextlib
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldguide.numbers.estimates import (
    MAX_EXPONENT,
    MAX_FORMULA_CHARS,
    FormulaError,
    evaluate,
    parse_formula,
    pretty,
)


def run(text: str, **values: float) -> float:
    return evaluate(parse_formula(text), values)


def test_arithmetic_follows_python_precedence() -> None:
    assert run("a * b / 86400 * c", a=3e8, b=6, c=2.5) == pytest.approx(3e8 * 6 / 86400 * 2.5)
    assert run("2 ** 3 ** 2") == 2**9
    assert run("-a ** 2", a=3) == -9
    assert run("(a + b) % 7 // 2", a=10, b=5) == ((10 + 5) % 7) // 2


def test_whitelisted_functions() -> None:
    assert run("ceil(a / b)", a=26e6, b=2e5) == 130
    assert run("max(a, b, 3) + min(a, b)", a=1, b=2) == 4
    assert (
        run("log2(1024) + log10(1000) + sqrt(16) + abs(-1) + round(2.4) + floor(2.9)")
        == 10 + 3 + 4 + 1 + 2 + 2
    )
    assert run("log(e_value)", e_value=math.e) == pytest.approx(1)
    assert run("exp(1) - exp(0)") == pytest.approx(math.e - 1)


def test_names_are_listed_in_order_of_first_use() -> None:
    assert parse_formula("c * a + b * a").names == ("c", "a", "b")


@pytest.mark.parametrize(
    ("formula", "reason"),
    [
        ("__import__('os').system('true')", "only these functions"),
        ("a.__class__", "attribute is not allowed"),
        ("open('x')", "only these functions"),
        ("(lambda: 1)()", "only these functions"),
        ("[1, 2][0]", "is not allowed"),
        ("a[0]", "subscript is not allowed"),
        ("'text'", "expected a number"),
        ("True + 1", "expected a number"),
        ("a if b else c", "ifexp is not allowed"),
        ("a < b", "compare is not allowed"),
        ("a and b", "boolop is not allowed"),
        ("a | b", "only \\+ - \\* / // % \\*\\* are allowed"),
        ("[x for x in a]", "is not allowed"),
        ("max(*a)", "plain arguments only"),
        ("round(a, ndigits=2)", "plain arguments only"),
        ("sqrt(1, 2)", "takes 1..1 arguments"),
        ("a = 1", "not a valid formula"),
        ("", "empty"),
    ],
)
def test_anything_but_arithmetic_is_rejected(formula: str, reason: str) -> None:
    with pytest.raises(FormulaError, match=reason):
        run(formula, a=1, b=2, c=3)


@pytest.mark.parametrize(
    "formula",
    [
        "9 ** 9 ** 9",
        "exp(1000)",
        "exp(80)",
        "2 ** 100",
        "10 ** 10 ** 10 ** 10",
        "a ** 65",
        "1e308 * 1e308",
        "(-8) ** 0.5",
        "1 / 0",
        "max",
    ],
)
def test_results_and_exponents_are_bounded(formula: str) -> None:
    with pytest.raises(FormulaError):
        run(formula, a=2)


def test_long_and_deep_formulas_are_rejected_quickly() -> None:
    with pytest.raises(FormulaError, match="at most"):
        parse_formula("1+" * MAX_FORMULA_CHARS + "1")
    with pytest.raises(FormulaError, match="terms"):
        parse_formula("+".join(["a"] * 199))  # short enough, but too many terms


@pytest.mark.parametrize(
    "formula", ["(" * 199 + "1" + ")" * 199, "-" * 399 + "1", "-(" * 133 + "1" + ")" * 133]
)
def test_deep_nesting_within_the_length_limit_finishes(formula: str) -> None:
    try:
        assert abs(run(formula)) == 1
    except FormulaError as exc:
        assert "nested" in str(exc) or "terms" in str(exc) or "valid" in str(exc)


def test_exponent_bound_is_inclusive() -> None:
    assert run(f"2 ** {MAX_EXPONENT}") == 2.0**MAX_EXPONENT


def test_undeclared_names_are_reported() -> None:
    with pytest.raises(FormulaError, match="undeclared name"):
        run("a * missing", a=1)


def test_pretty_uses_typographic_operators_and_keeps_needed_parentheses() -> None:
    assert pretty(parse_formula("(a + b) * c / 86400")) == "(a + b) × c ÷ 86,400"
    assert pretty(parse_formula("a - (b - c)")) == "a − (b − c)"


@given(st.text(max_size=80))
def test_arbitrary_text_never_crashes_the_parser(text: str) -> None:
    try:
        formula = parse_formula(text)
    except FormulaError:
        return
    with contextlib.suppress(FormulaError):
        evaluate(formula, dict.fromkeys(formula.names, 1.5))
