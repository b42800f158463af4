"""Units that estimates may carry, and how values are written for humans (11.6k QPS, 1.9 TB)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Style = Literal["si", "bytes", "duration_s", "duration_ms", "percent", "usd", "plain"]


@dataclass(frozen=True)
class Unit:
    """How to write a value: number style plus the suffix shown after it."""

    style: Style
    suffix: str
    description: str


UNITS: dict[str, Unit] = {
    "count": Unit("si", "", "a plain count"),
    "users": Unit("si", " users", "people"),
    "items": Unit("si", " items", "catalog entries (videos, ads, documents...)"),
    "requests": Unit("si", " requests", "requests"),
    "events": Unit("si", " events", "logged events"),
    "examples": Unit("si", " examples", "training examples"),
    "parameters": Unit("si", " params", "model parameters"),
    "dimensions": Unit("plain", " dims", "vector dimensions"),
    "per_user_per_day": Unit("plain", " /user/day", "a rate per user per day"),
    "per_day": Unit("si", " /day", "a rate per day"),
    "per_request": Unit("si", " /request", "an amount per request"),
    "qps": Unit("si", " QPS", "queries (requests) per second"),
    "per_second": Unit("si", " /s", "a rate per second (scores, events, rows)"),
    "bytes": Unit("bytes", "", "bytes, written with decimal prefixes (1 GB = 10^9 B)"),
    "bytes_per_second": Unit("bytes", "/s", "bytes per second"),
    "flops": Unit("si", "FLOP", "floating-point operations"),
    "flops_per_second": Unit("si", "FLOP/s", "floating-point operations per second"),
    "seconds": Unit("duration_s", "", "a duration given in seconds"),
    "milliseconds": Unit("duration_ms", "", "a duration given in milliseconds"),
    "fraction": Unit("percent", "", "a share between 0 and 1, written as a percentage"),
    "ratio": Unit("plain", "×", "a multiplier"),
    "usd": Unit("usd", "", "US dollars"),
    "machines": Unit("plain", " machines", "servers or hosts"),
    "gpus": Unit("plain", " GPUs", "accelerators"),
}

# An amount with one decimal and no magnitude letter, which money writes with two: 1.5, 76.8.
_ONE_DECIMAL = re.compile(r"[\d,]+\.\d")
_SI = [(1e15, "P"), (1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]
_SI_FLOP = [(1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
_BYTES = [(1e18, "EB"), (1e15, "PB"), (1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")]


def _decimal(value: float) -> Decimal:
    """The decimal number a reader sees in ``value``: 5.475 stays 5.475, not 5.47499999..."""
    return Decimal(repr(float(value)))


def significant(value: float | Decimal, digits: int = 3) -> str:
    """Round to ``digits`` significant digits, halves away from zero, and drop trailing zeros.

    11.57 -> '11.6', 5.475 -> '5.48'. Rounding is done on the shortest decimal form of the float
    (its repr), so a value that prints as 5.475 rounds up, as a reader rounding by hand would.
    """
    exact = value if isinstance(value, Decimal) else _decimal(value)
    if exact == 0 or not exact.is_finite():
        return "0" if exact == 0 else str(float(exact))
    magnitude = exact.adjusted()  # position of the leading digit: 11.57 -> 1
    quantum = Decimal(1).scaleb(magnitude - digits + 1)
    rounded = exact.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded.adjusted() > magnitude:  # 9.995 -> 10.0: one digit fewer after the point
        rounded = rounded.quantize(quantum.scaleb(1), rounding=ROUND_HALF_UP)
    exponent = rounded.as_tuple().exponent
    assert isinstance(exponent, int)  # finite, checked above
    decimals = max(-exponent, 0)
    text = f"{rounded:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _scaled(value: float, table: list[tuple[float, str]], joiner: str = "") -> str:
    exact = _decimal(value)
    # compare after rounding so 999,950 becomes "1M", not "1,000k"
    rounded = abs(Decimal(significant(abs(exact)).replace(",", "")))
    for factor, prefix in table:
        if rounded >= Decimal(int(factor)):
            return f"{significant(exact / Decimal(int(factor)))}{joiner}{prefix}"
    return significant(exact)


# (seconds in the unit, singular name, plural name); symbols (h, min, s) do not change
_DURATIONS = [
    (86400 * 365, "year", "years"),
    (86400, "day", "days"),
    (3600, "h", "h"),
    (60, "min", "min"),
    (1, "s", "s"),
]


def _duration(seconds: float) -> str:
    for size, one, many in _DURATIONS:
        if abs(seconds) >= size:
            text = significant(_decimal(seconds) / size)
            return f"{text} {one if text in ('1', '-1') else many}"
    if abs(seconds) >= 1e-3:
        return f"{significant(_decimal(seconds) * 1000)} ms"
    return f"{significant(_decimal(seconds) * 1_000_000)} µs"


EXACT_BELOW = 100_000


def _exact(value: float) -> str | None:
    """Whole numbers below 100,000 are written exactly (4,096 stays 4,096, not 4.1k)."""
    if value == int(value) and abs(value) < EXACT_BELOW:
        return f"{int(value):,}"
    return None


def format_value(value: float, unit: str) -> str:
    """Human text for ``value`` in ``unit``: 11600 qps -> '11.6k QPS', 1.9e12 bytes -> '1.9 TB'."""
    spec = UNITS[unit]
    exact = _exact(value) if spec.style in ("si", "plain") else None
    if exact is not None:
        space = " " if unit.startswith("flops") else ""
        return f"{exact}{space}{spec.suffix}"
    if spec.style == "si":
        table = _SI_FLOP if unit.startswith("flops") else _SI
        joiner = " " if unit.startswith("flops") else ""
        text = _scaled(value, table, joiner)
        if unit.startswith("flops") and text[-1].isdigit():
            text += " "
        return f"{text}{spec.suffix}"
    if spec.style == "bytes":
        text = _scaled(value, _BYTES, " ")
        if text[-1].isdigit():
            text += " B"
        return f"{text}{spec.suffix}"
    if spec.style == "duration_s":
        return _duration(value)
    if spec.style == "duration_ms":
        return _duration(float(_decimal(value) / 1000))
    if spec.style == "percent":
        return f"{significant(_decimal(value) * 100)}%"
    if spec.style == "usd":
        text = _scaled(abs(value), _SI)
        if _ONE_DECIMAL.fullmatch(text):
            text += "0"  # money is written to the cent: $1.50, not $1.5
        return f"-${text}" if value < 0 else f"${text}"
    return f"{significant(value)}{spec.suffix}"
