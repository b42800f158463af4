"""Human formatting of numbers with units (values worked out by hand)."""

from __future__ import annotations

import pytest

from fieldguide.numbers.units import UNITS, format_value, significant


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (11_574.07, "qps", "11.6k QPS"),
        (1.94e12, "bytes", "1.94 TB"),
        (1.9e12, "bytes", "1.9 TB"),
        (999_950, "count", "1M"),
        (300_000_000, "users", "300M users"),
        (14.4e9, "events", "14.4B events"),
        (26.04e6, "per_second", "26M /s"),
        (0.125, "fraction", "12.5%"),
        (5e8, "bytes_per_second", "500 MB/s"),
        (12, "bytes", "12 B"),
        (7_200, "seconds", "2 h"),
        (45, "milliseconds", "45 ms"),
        (0.0005, "seconds", "500 µs"),
        (2.5e6, "usd", "$2.5M"),
        (3e15, "flops", "3 PFLOP"),
        (2.5, "ratio", "2.5×"),
        (128, "dimensions", "128 dims"),
        (0, "count", "0"),
        (-1500, "count", "-1,500"),
        (4096, "dimensions", "4,096 dims"),
        (86_400, "count", "86,400"),
        (150_000, "count", "150k"),
        # halves round up on the decimal value the reader sees, not on the binary float
        (5_475_000, "usd", "$5.48M"),
        (5_465_000, "usd", "$5.47M"),
        (2.675, "ratio", "2.68×"),
        (0.01245, "fraction", "1.25%"),
        (1_005, "seconds", "16.8 min"),
        (9.995, "ratio", "10×"),
        (-2.675e9, "usd", "-$2.68B"),
        # money below a thousand is written to the cent; a magnitude letter or sub-cent stays
        (1.5, "usd", "$1.50"),
        (76.8, "usd", "$76.80"),
        (-0.5, "usd", "-$0.50"),
        (0.015, "usd", "$0.015"),
        (3, "usd", "$3"),
        # one day, one year: singular; symbols (h, min, s) never change
        (86_400, "seconds", "1 day"),
        (172_800, "seconds", "2 days"),
        (86_400 * 365, "seconds", "1 year"),
        (3_600, "seconds", "1 h"),
        (60, "seconds", "1 min"),
        (86_400_000, "milliseconds", "1 day"),
    ],
)
def test_format_value(value: float, unit: str, shown: str) -> None:
    assert format_value(value, unit) == shown


def test_every_unit_formats() -> None:
    for unit in UNITS:
        assert format_value(1234.5, unit)


def test_significant_digits() -> None:
    assert significant(0.012345) == "0.0123"
    assert significant(123456) == "123,000"
    assert significant(5.475) == "5.48"  # the float is 5.47499999..., the reader sees 5.475
    assert significant(0.1 + 0.2) == "0.3"
    assert significant(99.95) == "100"
    assert significant(1.0) == "1"


def test_no_plural_after_one() -> None:
    for unit in ("seconds", "milliseconds"):
        for value in (1, 3_600, 86_400, 86_400 * 365, 1e-3, 1e-6):
            scaled = value * (1000 if unit == "milliseconds" else 1)
            assert not format_value(scaled, unit).startswith("1 days")
            assert not format_value(scaled, unit).startswith("1 years")
