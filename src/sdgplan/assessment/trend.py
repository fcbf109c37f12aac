"""A plain trend for short series: the latest value against the one before it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from sdgplan.assessment.growth import measured_series
from sdgplan.assessment.progress import Direction
from sdgplan.i18n import N_

TOLERANCE = 0.01  # a change within 1 % of the earlier value counts as stable


class TrendStatus(StrEnum):
    IMPROVING = "improving"
    STABLE = "stable"
    WORSENING = "worsening"
    NOT_AVAILABLE = "not_available"


TREND_LABELS = {
    TrendStatus.IMPROVING: N_("bedring"),
    TrendStatus.STABLE: N_("stabil"),
    TrendStatus.WORSENING: N_("forverring"),
    TrendStatus.NOT_AVAILABLE: N_("ingen trend"),
}


@dataclass(frozen=True)
class Trend:
    status: TrendStatus
    change: float | None = None  # relative change, oriented: positive is better
    from_year: int | None = None
    to_year: int | None = None


def plain_trend(
    values: Mapping[int, float | None], *, direction: Direction | None, tolerance: float = TOLERANCE
) -> Trend:
    """Improving, stable or worsening from the previous measured value to the latest.

    The change is relative to the earlier value (absolute when that is zero); within
    `tolerance` it is stable. Without a direction there is no trend to judge.
    """
    series = measured_series(values)
    if len(series) < 2 or direction is None:
        return Trend(TrendStatus.NOT_AVAILABLE)
    *_, from_year, to_year = series
    before, latest = series[from_year], series[to_year]
    change = (latest - before) / abs(before) if before else latest - before
    change *= 1 if direction == "higher" else -1
    if abs(change) <= tolerance:
        status = TrendStatus.STABLE
    else:
        status = TrendStatus.IMPROVING if change > 0 else TrendStatus.WORSENING
    return Trend(status, change, from_year, to_year)
