"""Compute a case's named estimates from its stated inputs, for display with formula and units."""

from __future__ import annotations

from dataclasses import dataclass

from fieldguide.load.schema import Scale, ScaleInput
from fieldguide.numbers.estimates import FUNCTIONS, FormulaError, evaluate, parse_formula, pretty
from fieldguide.numbers.units import format_value


@dataclass(frozen=True)
class Operand:
    """A name used by a formula with its value, as the reader sees it."""

    name: str
    shown: str


@dataclass(frozen=True)
class Computed:
    """An estimate with its result."""

    name: str
    label: str
    formula: str
    operands: tuple[Operand, ...]
    value: float
    unit: str
    shown: str
    note: str | None


@dataclass(frozen=True)
class ScaleError:
    """An estimate that could not be computed: where (index, field) and why."""

    loc: tuple[str | int, ...]
    message: str


def stated(item: ScaleInput) -> float:
    """An input's value once loaded: one given as `from` an example has been resolved."""
    if item.value is None:
        raise ValueError(f"input {item.name!r}: from {item.from_!r} was not resolved")
    return item.value


def compute(scale: Scale) -> tuple[list[Computed], list[ScaleError]]:
    """Evaluate estimates in order; each may use the inputs and the estimates before it."""
    values: dict[str, float] = {}
    shown: dict[str, str] = {}
    errors: list[ScaleError] = []
    results: list[Computed] = []
    later = {e.name for e in scale.estimates}
    failed: set[str] = set()  # estimates with a problem of their own
    for i, item in enumerate(scale.inputs):
        if item.name in FUNCTIONS:
            errors.append(
                ScaleError(
                    ("inputs", i, "name"), f"{item.name!r} is a function name; choose another"
                )
            )
        if item.name in values:
            errors.append(ScaleError(("inputs", i, "name"), f"duplicate name {item.name!r}"))
        if item.value is None:  # `from` a worked example: the loader gives it its value first
            errors.append(ScaleError(("inputs", i, "from"), f"{item.from_!r} was not resolved"))
            continue
        values[item.name] = item.value
        shown[item.name] = format_value(item.value, item.unit)
    for i, est in enumerate(scale.estimates):
        later.discard(est.name)
        loc = ("estimates", i)
        if est.name in values or est.name in FUNCTIONS:
            errors.append(
                ScaleError((*loc, "name"), f"duplicate name {est.name!r}; names must be unique")
            )
            continue
        try:
            formula = parse_formula(est.formula)
            unknown = [n for n in formula.names if n not in values]
            if unknown and all(n in failed for n in unknown):
                failed.add(est.name)  # a consequence of an earlier problem: not reported again
                continue
            unknown = [n for n in unknown if n not in failed]
            if unknown:
                hint = [f"{n} (defined later; move it up)" if n in later else n for n in unknown]
                declared = ", ".join(values) or "none"
                raise FormulaError(
                    f"uses undeclared name(s) {', '.join(hint)}; declared: {declared}"
                )
            value = evaluate(formula, values)
        except FormulaError as exc:
            errors.append(ScaleError((*loc, "formula"), str(exc)))
            failed.add(est.name)
            continue
        values[est.name] = value
        shown[est.name] = format_value(value, est.unit)
        results.append(
            Computed(
                name=est.name,
                label=est.label,
                formula=pretty(formula),
                operands=tuple(Operand(n, shown[n]) for n in formula.names),
                value=value,
                unit=est.unit,
                shown=shown[est.name],
                note=est.note,
            )
        )
    return results, errors
