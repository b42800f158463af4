"""Human formatting of numbers with units (values worked out by hand)."""

from __future__ import annotations

import pytest

from fieldguide.units import UNITS, format_value, significant


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
