"""Eurostat's assessment of trends in its EU SDG monitoring report: short-term (5 years)
and long-term (15 years), with and without a quantified target. See docs/assessment.md."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from sdgplan.assessment.growth import cagr, measured_series
from sdgplan.assessment.progress import Direction

SHORT_TERM = 5
LONG_TERM = 15
MINIMUM_YEARS = 3  # Eurostat assesses a trend only over at least three years
SIGNIFICANT_GROWTH = 0.01  # without a target: 1 % a year
RATIO_SIGNIFICANT, RATIO_MODERATE = 0.95, 0.60  # with a target: share of the needed growth


class EurostatCategory(StrEnum):
    SIGNIFICANT_PROGRESS = "significant_progress"
    MODERATE_PROGRESS = "moderate_progress"
    INSUFFICIENT_PROGRESS = "insufficient_progress"  # with a target only
    MODERATE_MOVEMENT_AWAY = "moderate_movement_away"  # without a target only
    SIGNIFICANT_MOVEMENT_AWAY = "significant_movement_away"  # without a target only
    MOVEMENT_AWAY = "movement_away"  # with a target only
    NOT_AVAILABLE = "not_available"


@dataclass(frozen=True)
class EurostatTrend:
    category: EurostatCategory
    growth: float | None = None  # compound annual growth, oriented: positive is good
    ratio: float | None = None  # with a target: growth / needed growth
    base_year: int | None = None
    latest_year: int | None = None


def eurostat_trend(
    values: Mapping[int, float | None],
    *,
    direction: Direction,
    span: int = SHORT_TERM,
    target: float | None = None,
    target_year: int = 2030,
) -> EurostatTrend:
    """The trend over the last `span` years up to the latest value.

    The base is the value `span` years before the latest, or the first later one, provided
    that leaves at least three years.
    """
    series = measured_series(values)
    if not series:
        return EurostatTrend(EurostatCategory.NOT_AVAILABLE)
    latest_year = max(series)
    candidates = [y for y in series if latest_year - span <= y <= latest_year - MINIMUM_YEARS]
    if not candidates:
        return EurostatTrend(EurostatCategory.NOT_AVAILABLE, latest_year=latest_year)
    base_year = min(candidates)
    orientation = 1 if direction == "higher" else -1
    growth = cagr(series[latest_year], series[base_year], latest_year, base_year)
    if growth is None:
        return EurostatTrend(EurostatCategory.NOT_AVAILABLE, None, None, base_year, latest_year)
    oriented = orientation * growth
    if target is None:
        if oriented >= SIGNIFICANT_GROWTH:
            category = EurostatCategory.SIGNIFICANT_PROGRESS
        elif oriented > 0:
            category = EurostatCategory.MODERATE_PROGRESS
        elif oriented > -SIGNIFICANT_GROWTH:
            category = EurostatCategory.MODERATE_MOVEMENT_AWAY
        else:
            category = EurostatCategory.SIGNIFICANT_MOVEMENT_AWAY
        return EurostatTrend(category, oriented, None, base_year, latest_year)
    needed = cagr(target, series[base_year], target_year, base_year)
    if not needed:
        return EurostatTrend(EurostatCategory.NOT_AVAILABLE, oriented, None, base_year, latest_year)
    ratio = oriented / abs(needed)
    if ratio >= RATIO_SIGNIFICANT:
        category = EurostatCategory.SIGNIFICANT_PROGRESS
    elif ratio >= RATIO_MODERATE:
        category = EurostatCategory.MODERATE_PROGRESS
    elif ratio >= 0:
        category = EurostatCategory.INSUFFICIENT_PROGRESS
    else:
        category = EurostatCategory.MOVEMENT_AWAY
    return EurostatTrend(category, oriented, ratio, base_year, latest_year)
