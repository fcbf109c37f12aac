"""The Open SDG progress measure as plain NumPy over a whole array of series at once.

Written from sdg-build's documented behaviour, independently of sdgplan's per-series code:
the benchmark times sdgplan against it, and the tests use it as a second implementation.
"""

from __future__ import annotations

import numpy as np

STATUSES = np.array(
    [
        "target_achieved",
        "substantial_progress",
        "moderate_progress",
        "limited_progress",
        "deterioration",
        "not_available",
    ]
)


def progress_arrays(
    values: np.ndarray,
    years: np.ndarray,
    *,
    direction: np.ndarray,
    base_year: int = 2015,
    target: np.ndarray | None = None,
    target_year: int = 2030,
    limit: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Status names, scores and progress values for `values` (series x years, NaN = none).

    `direction` is +1 (higher is better) or -1 per series; `target` and `limit` are NaN
    where a series has none.
    """
    n = values.shape[0]
    target = np.full(n, np.nan) if target is None else target.astype(float)
    limit = np.full(n, np.nan) if limit is None else limit.astype(float)
    present = ~np.isnan(values)
    has_data = present.any(axis=1)
    rows = np.arange(n)
    current_index = values.shape[1] - 1 - np.argmax(present[:, ::-1], axis=1)
    base_mask = present & (years >= base_year)
    has_base = base_mask.any(axis=1)
    base_index = np.argmax(base_mask, axis=1)
    current = values[rows, current_index]
    base = values[rows, base_index]
    current_year = years[current_index].astype(float)
    base_year_used = years[base_index].astype(float)

    with_target = ~np.isnan(target)
    target = np.where(target == 0, 0.001, target)
    achieved = with_target & (
        ((direction == -1) & (current <= target)) | ((direction == 1) & (current >= target))
    )
    sign = np.where(base < 0, -1.0, 1.0)

    # thresholds: without a target scaled by the limit coefficient, with a target fixed
    base_abs, limit_abs = np.abs(base), np.abs(limit)
    with np.errstate(divide="ignore", invalid="ignore"):
        coefficient = np.where(
            np.isnan(limit) | (base_abs >= 2 * limit_abs),
            1.0,
            np.where(
                base_abs <= limit_abs,
                1 - (base_abs / limit_abs) ** 4.44,
                1 - ((2 * limit_abs - base_abs) / limit_abs) ** 4.44,
            ),
        )
    high = np.where(with_target, 0.95, 0.015 * coefficient)
    med = np.where(with_target, 0.6, 0.005 * coefficient)
    low = np.where(with_target, 0.0, 0.0 * coefficient)

    b = np.where(base == 0, 0.001, base)
    span = current_year - base_year_used
    valid = (
        has_data & has_base & ~((b > 0) & (current < 0)) & ~((b < 0) & (current > 0)) & (span >= 1)
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = (current / b) ** (1 / span) - 1
        required = (target / b) ** (1 / (target_year - base_year_used)) - 1
        value = np.where(
            with_target, sign * direction * observed / np.abs(required), sign * direction * observed
        )
    valid &= ~(with_target & ~(np.abs(required) > 0))
    value = np.where(valid, value, np.nan)

    status = np.full(n, 5)
    status = np.where(valid & (value < low), 4, status)
    status = np.where(valid & (value >= low), 3, status)
    status = np.where(valid & (value >= med), 2, status)
    status = np.where(valid & (value >= high), 1, status)
    status = np.where(achieved, 0, status)

    with np.errstate(divide="ignore", invalid="ignore"):
        score_target = np.where(
            value >= med,
            np.minimum(7.1429 * value - 4.2857, 5),
            np.maximum(4.1667 * value - 2.5, -5),
        )
        score_plain = np.where(
            value < low,
            np.maximum(125 * value - 2.5, -5),
            np.where(
                coefficient == 0,
                5.0,
                np.where(
                    value >= high,
                    np.minimum(500 * value / coefficient - 5, 5),
                    np.where(
                        value >= med,
                        250 * value / coefficient - 1.25,
                        500 * value / coefficient - 2.5,
                    ),
                ),
            ),
        )
    score = np.where(with_target, score_target, score_plain)
    score = np.where(valid, score, np.nan)
    score = np.where(achieved, 5.0, score)
    return STATUSES[status], score, value
