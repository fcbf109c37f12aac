"""Compound annual growth, the building block of the Open SDG and Eurostat methods."""

from __future__ import annotations

from collections.abc import Mapping


def cagr(current: float, base: float, current_year: int, base_year: int) -> float | None:
    """Compound annual growth rate from `base` to `current`; None where it is undefined
    (no years between, or values of opposite sign)."""
    years = current_year - base_year
    if years == 0 or base == 0 or current / base < 0:
        return None
    return float((current / base) ** (1 / years) - 1)


def measured_series(values: Mapping[int, float | None]) -> dict[int, float]:
    """The years that have a number, in order (None and NaN dropped)."""
    return {
        int(year): float(value)
        for year, value in sorted(values.items())
        if value is not None and value == value  # NaN != NaN
    }
