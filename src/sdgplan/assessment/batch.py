"""The Open SDG progress measure for many series at once: a whole country's key figures.

Gives exactly the statuses and scores of `measure_progress` for every series, edge cases
included (no values, no value from the base year, one year only, base and latest value of
opposite sign, a target that needs no change, a target already reached, a natural limit).
It computes the same floating-point operations in the same order, so the numbers agree to
the bit. Reasons are not built here: `measure_progress` remains the path for one series
and its explanation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sdgplan.assessment.progress import (
    LIMIT_EXPONENT,
    THRESHOLDS_WITH_TARGET,
    THRESHOLDS_WITHOUT_TARGET,
    ZERO_REPLACEMENT,
    Direction,
    ProgressStatus,
)

STATUS_ORDER: tuple[ProgressStatus, ...] = tuple(ProgressStatus)  # what `codes` index
_ACHIEVED, _SUBSTANTIAL, _MODERATE, _LIMITED, _DETERIORATION, _UNAVAILABLE = range(6)

Floats = NDArray[np.float64]


@dataclass(frozen=True)
class ProgressArrays:
    """One entry per series: `codes` index `STATUS_ORDER`; `scores` and `values` (growth or
    ratio to the required growth) are NaN where `measure_progress` gives None."""

    codes: NDArray[np.int8]
    scores: Floats
    values: Floats

    def statuses(self) -> list[ProgressStatus]:
        return [STATUS_ORDER[code] for code in self.codes.tolist()]


def measure_progress_batch(
    values: ArrayLike,
    years: ArrayLike,
    *,
    direction: Direction | ArrayLike,
    base_year: int | ArrayLike = 2015,
    target: ArrayLike | None = None,
    target_year: int | ArrayLike = 2030,
    limit: ArrayLike | None = None,
) -> ProgressArrays:
    """Progress of every column of `values` (years x series, NaN where there is no number)
    by the Open SDG method, as `measure_progress` gives it for each series alone.

    `direction` is "higher"/"lower" or +1/-1, for all or per series; `target` and `limit`
    are NaN for a series without; `base_year` and `target_year` are one year or one per
    series.

    >>> result = measure_progress_batch([[100, 50], [110, 40]], [2015, 2020], direction=1)
    >>> [status.value for status in result.statuses()]
    ['substantial_progress', 'deterioration']
    """
    table = np.asarray(values, dtype=np.float64)
    year_axis = np.asarray(years, dtype=np.int64)
    if table.ndim != 2 or table.shape[0] != year_axis.shape[0]:
        raise ValueError("values must be years x series, one row per year")
    order = np.argsort(year_axis, kind="stable")
    table, year_axis = table[order], year_axis[order]
    n = table.shape[1]
    signs = _directions(direction, n)
    first_year = np.broadcast_to(np.asarray(base_year, dtype=np.int64), n)
    goal = _optional(target, n)
    goal_year = np.broadcast_to(np.asarray(target_year, dtype=np.int64), n)

    present = ~np.isnan(table)
    from_base = present & (year_axis[:, None] >= first_year[None, :])
    usable = from_base.any(axis=0)  # a value in or after the base year (so one at all)
    columns = np.arange(n)
    current_row = table.shape[0] - 1 - np.argmax(present[::-1], axis=0)
    base_row = np.argmax(from_base, axis=0)
    current = table[current_row, columns]
    base = table[base_row, columns]
    span = year_axis[current_row] - year_axis[base_row]

    with_target = ~np.isnan(goal)
    goal = np.where(goal == 0, ZERO_REPLACEMENT, goal)
    achieved = (
        usable
        & with_target
        & (((signs == -1) & (current <= goal)) | ((signs == 1) & (current >= goal)))
    )
    orientation = np.where(base < 0, -1, 1) * signs
    value, valid = _progress_values(
        base, current, span, goal, with_target, goal_year - year_axis[base_row], orientation
    )
    valid &= usable
    value = np.where(valid, value, np.nan)
    high, med, low, coefficient = _thresholds(base, with_target, _optional(limit, n))

    codes = np.select(
        [achieved, ~valid, value >= high, value >= med, value >= low],
        [_ACHIEVED, _UNAVAILABLE, _SUBSTANTIAL, _MODERATE, _LIMITED],
        _DETERIORATION,
    ).astype(np.int8)
    scores = np.where(
        achieved,
        5.0,
        np.where(valid, _scores(value, with_target, high, med, low, coefficient), np.nan),
    )
    return ProgressArrays(codes, scores, value)


def _directions(direction: Direction | ArrayLike, n: int) -> NDArray[np.int64]:
    given = np.asarray(direction)
    if given.dtype.kind in "UO":
        if not np.isin(given, ("higher", "lower")).all():
            raise ValueError("direction must be 'higher' or 'lower'")
        given = np.where(given == "higher", 1, -1)
    signs = np.broadcast_to(given.astype(np.int64), n)
    if not np.isin(signs, (1, -1)).all():
        raise ValueError("direction must be +1 or -1")
    return signs


def _optional(given: ArrayLike | None, n: int) -> Floats:
    if given is None:
        return np.full(n, np.nan)
    return np.broadcast_to(np.asarray(given, dtype=np.float64), n).copy()


def _progress_values(
    base: Floats,
    current: Floats,
    span: NDArray[np.int64],
    goal: Floats,
    with_target: NDArray[np.bool_],
    goal_span: NDArray[np.int64],
    orientation: NDArray[np.int64],
) -> tuple[Floats, NDArray[np.bool_]]:
    """`_progress_value` of progress.py for all series: the oriented growth or ratio, and
    where it is defined."""
    start = np.where(base == 0, ZERO_REPLACEMENT, base)
    valid = ~(((start > 0) & (current < 0)) | ((start < 0) & (current > 0))) & (span >= 1)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        observed, observed_ok = _cagr(current, start, span)
        required, required_ok = _cagr(goal, start, goal_span)
        growth = orientation * observed
        ratio = growth / np.abs(required)
    valid &= observed_ok & (~with_target | (required_ok & (required != 0)))
    return np.where(with_target, ratio, growth), valid


def _cagr(end: Floats, start: Floats, years: NDArray[np.int64]) -> tuple[Floats, NDArray[np.bool_]]:
    """growth.cagr for arrays: the rate, and where it is defined (not where cagr gives None)."""
    change = end / start
    defined = (years != 0) & (start != 0) & ~(change < 0)
    exponent = 1 / np.where(years == 0, 1, years)
    return np.power(np.where(defined, change, 1.0), exponent) - 1, defined


def _thresholds(
    base: Floats, with_target: NDArray[np.bool_], limit: Floats
) -> tuple[Floats, Floats, Floats, Floats]:
    """High, medium and low thresholds and the limit coefficient of each series."""
    base_abs, limit_abs = np.abs(base), np.abs(limit)
    with np.errstate(divide="ignore", invalid="ignore"):
        near = 1 - (base_abs / limit_abs) ** LIMIT_EXPONENT
        beyond = 1 - ((2 * limit_abs - base_abs) / limit_abs) ** LIMIT_EXPONENT
    coefficient = np.where(
        np.isnan(limit) | with_target | (base_abs >= 2 * limit_abs),
        1.0,
        np.where(base_abs <= limit_abs, near, beyond),
    )
    plain, fixed = THRESHOLDS_WITHOUT_TARGET, THRESHOLDS_WITH_TARGET
    high, med, low = (
        np.where(with_target, fixed[k], plain[k] * coefficient) for k in ("high", "med", "low")
    )
    return high, med, low, coefficient


def _scores(
    value: Floats,
    with_target: NDArray[np.bool_],
    high: Floats,
    med: Floats,
    low: Floats,
    coefficient: Floats,
) -> Floats:
    """`_score` of progress.py for all series (the caller masks undefined values)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        targeted = np.where(
            value >= med,
            np.minimum(7.1429 * value - 4.2857, 5.0),
            np.maximum(4.1667 * value - 2.5, -5.0),
        )
        scaled = np.select(
            [value < low, coefficient == 0, value >= high, value >= med],
            [
                np.maximum(125 * value - 2.5, -5.0),
                np.full_like(value, 5.0),
                np.minimum(500 * value / coefficient - 5, 5.0),
                250 * value / coefficient - 1.25,
            ],
            500 * value / coefficient - 2.5,
        )
    return np.where(with_target, targeted, scaled)
