"""What-if numbers: the data behind a case page's "What if?" panel.

A case page shows every scale input and estimate computed at build time. The panel lets the reader
change an input and see every estimate that depends on it recompute in the page. The browser does
that with ``docs/assets/javascripts/tools/what-if-calculator.js`` (loaded by ``what-if.js`` when
the reader opens the panel), a re-implementation of the evaluator in
:mod:`fieldguide.numbers.estimates` and of the formatting in :mod:`fieldguide.numbers.units`;
``tests/test_what_if.py`` runs both over every estimate of every case (and over scaled inputs)
and requires the same values and the same text.

This module exports, per case, what the script needs: each input (name, label, value, unit, the
range the reader may enter), each estimate (name, label, formula as written and as shown, unit,
value) and the number style of every unit used. :func:`recompute` is the
Python side of a what-if: the case's estimates with some inputs replaced.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from fieldguide.load.schema import Scale, ScaleInput
from fieldguide.numbers.estimates import MAX_MAGNITUDE
from fieldguide.numbers.scale import Computed, compute, stated
from fieldguide.numbers.units import UNITS

SCRIPT = "assets/javascripts/tools/what-if.js"
DEFAULT_RANGE = (0.0, MAX_MAGNITUDE)  # what the script assumes when an input names no range


def input_range(item: ScaleInput) -> tuple[float, float]:
    """What a reader may enter for an input: never below zero when the stated value is not
    negative, a share stays within 0..1, and nothing beyond the schema's magnitude limit."""
    value = stated(item)
    low = 0.0 if value >= 0 else -MAX_MAGNITUDE
    high = 1.0 if UNITS[item.unit].style == "percent" and 0 <= value <= 1 else MAX_MAGNITUDE
    return low, high


def case_numbers(scale: Scale, estimates: list[Computed]) -> dict[str, Any]:
    """The panel's data for one case: inputs, estimates in evaluation order, unit styles.

    Only what the script cannot derive: it formats every value itself (the parity tests hold it
    to :func:`~fieldguide.numbers.units.format_value`) and finds each formula's names by parsing
    it. An input's range is left out when it is the usual one (``DEFAULT_RANGE``)."""
    by_name = {e.name: e for e in scale.estimates}
    units = sorted({i.unit for i in scale.inputs} | {e.unit for e in estimates})
    inputs = []
    for item in scale.inputs:
        entry: dict[str, Any] = {
            "name": item.name,
            "label": item.label,
            "value": stated(item),
            "unit": item.unit,
        }
        low, high = input_range(item)
        if low != DEFAULT_RANGE[0]:
            entry["min"] = low
        if high != DEFAULT_RANGE[1]:
            entry["max"] = high
        inputs.append(entry)
    return {
        "inputs": inputs,
        "estimates": [
            {
                "name": est.name,
                "label": est.label,
                # as parse_formula states it (stripped); compute() has already parsed it
                "formula": by_name[est.name].formula.strip(),
                "shownFormula": est.formula,
                "unit": est.unit,
                "value": est.value,
            }
            for est in estimates
        ],
        "units": {
            name: {"style": UNITS[name].style, "suffix": UNITS[name].suffix} for name in units
        },
    }


def case_numbers_json(scale: Scale, estimates: list[Computed]) -> str:
    """:func:`case_numbers` as compact ASCII JSON (for a ``data-`` attribute of the page)."""
    return json.dumps(case_numbers(scale, estimates), ensure_ascii=True, separators=(",", ":"))


def recompute(scale: Scale, values: Mapping[str, float]) -> dict[str, float | None]:
    """Every estimate with the inputs named in ``values`` replaced: its value, or ``None`` when
    it cannot be computed (division by zero, out of range, or it uses one that failed)."""
    unknown = set(values) - {i.name for i in scale.inputs}
    if unknown:
        raise KeyError(f"not an input: {', '.join(sorted(unknown))}")
    inputs = [
        i.model_copy(update={"value": values[i.name]}) if i.name in values else i
        for i in scale.inputs
    ]
    results, _ = compute(scale.model_copy(update={"inputs": inputs}))
    found = {r.name: r.value for r in results}
    return {e.name: found.get(e.name) for e in scale.estimates}
