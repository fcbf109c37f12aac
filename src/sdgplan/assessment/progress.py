"""The Open SDG progress measure (sdg-build 2.4, after Statistics Canada and Eurostat).

Formulas, defaults and edge cases follow sdg-build's documented behaviour; see
docs/assessment.md for the formulas and sources.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Literal

from sdgplan.assessment.growth import cagr, measured_series
from sdgplan.assessment.reasons import (
    Number,
    Param,
    Percent,
    Reason,
    ReasonPart,
    part,
    render_reason,
)
from sdgplan.i18n import N_

Direction = Literal["higher", "lower"]

# Thresholds of the method: growth without a target (1), ratio of growth with one (2).
THRESHOLDS_WITHOUT_TARGET = {"high": 0.015, "med": 0.005, "low": 0.0}
THRESHOLDS_WITH_TARGET = {"high": 0.95, "med": 0.6, "low": 0.0}
ZERO_REPLACEMENT = 0.001  # a zero base value or target becomes this (sdg-build)
LIMIT_EXPONENT = 4.44


class ProgressStatus(StrEnum):
    TARGET_ACHIEVED = "target_achieved"
    SUBSTANTIAL_PROGRESS = "substantial_progress"
    MODERATE_PROGRESS = "moderate_progress"
    LIMITED_PROGRESS = "limited_progress"
    DETERIORATION = "deterioration"
    NOT_AVAILABLE = "not_available"


PROGRESS_LABELS = {
    ProgressStatus.TARGET_ACHIEVED: N_("målet er nådd"),
    ProgressStatus.SUBSTANTIAL_PROGRESS: N_("betydelig fremgang"),
    ProgressStatus.MODERATE_PROGRESS: N_("moderat fremgang"),
    ProgressStatus.LIMITED_PROGRESS: N_("begrenset fremgang"),
    ProgressStatus.DETERIORATION: N_("tilbakegang"),
    ProgressStatus.NOT_AVAILABLE: N_("kan ikke beregnes"),
}
# The explanation: from the base to the latest value, the yearly growth, the target and the
# growth it needs (the last three optional parts), the ratio and the status.
PATH = N_("Fra {base} i {base_year} til {current} i {current_year}{growth}{target}")
PATH_STATUS = N_(
    "Fra {base} i {base_year} til {current} i {current_year}{growth}{target}: {status}"
)
PATH_RATIO_STATUS = N_(
    "Fra {base} i {base_year} til {current} i {current_year}{growth}{target} "
    "(forholdstall {ratio}): {status}"
)


@dataclass(frozen=True)
class Progress:
    """The result for one series: status, score (-5..+5), the growth rate (no target) or the
    ratio of actual to required growth (target), and why (`reason`, see assessment/reasons.py).

    The reason is built when first read, so that mass assessments pay only for figures.
    """

    status: ProgressStatus
    score: float | None
    value: float | None
    base_year: int | None = None
    base_value: float | None = None
    current_year: int | None = None
    current_value: float | None = None
    target: float | None = None
    target_year: int | None = None
    why_not: ReasonPart | None = None
    preface: Reason = ()  # sentences put before the explanation

    @cached_property
    def reason(self) -> Reason:
        if (
            self.base_year is None
            or self.base_value is None
            or self.current_year is None
            or self.current_value is None
        ):
            why = self.why_not or part(N_("ingen verdier"))
            return (*self.preface, (part(N_("Kan ikke beregnes: {why}"), why=why),))
        context = _Context(
            self.base_year,
            self.base_value,
            self.current_year,
            self.current_value,
            self.target,
            self.target_year or 2030,
        )
        return self.preface + context.explain(self.value, self.status, self.why_not)

    @property
    def reason_text(self) -> str:
        """The reason in the current language."""
        return render_reason(self.reason)


def measure_progress(
    values: Mapping[int, float | None],
    *,
    direction: Direction,
    base_year: int = 2015,
    target: float | None = None,
    target_year: int = 2030,
    limit: float | None = None,
) -> Progress:
    """Progress of one yearly series by the Open SDG method.

    Without a target, the compound annual growth rate from the base year to the latest year
    is compared with 1,5 % / 0,5 % / 0 (scaled down near a natural `limit`); with a target,
    the ratio of that growth to the growth needed to reach the target by `target_year` is
    compared with 0,95 / 0,60 / 0.

    >>> measure_progress({2015: 100, 2020: 110}, direction="higher").status.value
    'substantial_progress'
    """
    series = measured_series(values)
    sign_direction = 1 if direction == "higher" else -1
    if not series:
        return _unavailable(part(N_("ingen målte verdier")))
    current_year = max(series)
    current = series[current_year]
    if base_year not in series:
        later = [y for y in series if y > base_year]
        if not later:
            return _unavailable(part(N_("ingen verdier fra basisåret {year}"), year=base_year))
        base_year = min(later)
    base = series[base_year]
    sign = -1 if base < 0 else 1
    if target == 0:
        target = ZERO_REPLACEMENT
    achieved = target is not None and (
        (sign_direction == -1 and current <= target) or (sign_direction == 1 and current >= target)
    )
    thresholds, coefficient = _thresholds(base, target, limit, sign_direction)
    context = _Context(base_year, base, current_year, current, target, target_year)
    value, why_not = _progress_value(context, sign * sign_direction)
    if achieved:
        status = ProgressStatus.TARGET_ACHIEVED
    elif value is None:
        status = ProgressStatus.NOT_AVAILABLE
    elif value >= thresholds["high"]:
        status = ProgressStatus.SUBSTANTIAL_PROGRESS
    elif value >= thresholds["med"]:
        status = ProgressStatus.MODERATE_PROGRESS
    elif value >= thresholds["low"]:
        status = ProgressStatus.LIMITED_PROGRESS
    else:
        status = ProgressStatus.DETERIORATION
    score = 5.0 if achieved else _score(value, target is not None, thresholds, coefficient)
    return Progress(
        status, score, value, base_year, base, current_year, current, target, target_year, why_not
    )


@dataclass(frozen=True)
class _Context:
    base_year: int
    base: float
    current_year: int
    current: float
    target: float | None
    target_year: int

    def explain(
        self, value: float | None, status: ProgressStatus, why_not: ReasonPart | None
    ) -> Reason:
        growth = cagr(self.current, self.base, self.current_year, self.base_year)
        target = None
        if self.target is not None:
            needed = cagr(self.target, self.base, self.target_year, self.base_year)
            target = part(
                N_("; målet er {target} i {year}{needed}"),
                target=Number(self.target),
                year=self.target_year,
                needed=part(N_(", som krever {rate} per år"), rate=_rate(needed))
                if needed is not None and status is not ProgressStatus.TARGET_ACHIEVED
                else None,
            )
        path: dict[str, Param] = {
            "base": Number(self.base),
            "base_year": self.base_year,
            "current": Number(self.current),
            "current_year": self.current_year,
            "growth": None if growth is None else part(N_(": {rate} per år"), rate=_rate(growth)),
            "target": target,
        }
        if why_not is not None and status is ProgressStatus.NOT_AVAILABLE:
            return (
                (part(PATH, **path),),
                (part(N_("Kan ikke beregnes: {why}"), why=why_not),),
            )
        label = part(PROGRESS_LABELS[status])
        if (
            self.target is not None
            and value is not None
            and status is not ProgressStatus.TARGET_ACHIEVED
        ):
            return ((part(PATH_RATIO_STATUS, **path, ratio=Number(value, 2), status=label),),)
        return ((part(PATH_STATUS, **path, status=label),),)


def _rate(growth: float) -> Percent:
    """A yearly growth rate (0.019) as a signed percentage with one decimal (`+1,9 %`)."""
    return Percent(growth * 100, 1)


def _progress_value(c: _Context, orientation: int) -> tuple[float | None, ReasonPart | None]:
    """The growth (no target) or the ratio of growth to required growth, oriented so that
    positive is good; or None with the reason."""
    base = ZERO_REPLACEMENT if c.base == 0 else c.base
    if (base > 0 > c.current) or (base < 0 < c.current):
        return None, part(N_("basisverdi og siste verdi har motsatt fortegn"))
    if c.current_year - c.base_year < 1:
        return None, part(N_("trenger minst to år med verdier"))
    observed = cagr(c.current, base, c.current_year, c.base_year)
    if observed is None:
        return None, part(N_("vekst kan ikke beregnes"))
    if c.target is None:
        return orientation * observed, None
    required = cagr(c.target, base, c.target_year, c.base_year)
    if not required:
        return None, part(N_("målet krever ingen endring fra basisåret"))
    return orientation * observed / abs(required), None


def _thresholds(
    base: float, target: float | None, limit: float | None, orientation: int
) -> tuple[dict[str, float], float]:
    """The thresholds of the method; without a target, scaled down near a natural limit."""
    if target is not None:
        return dict(THRESHOLDS_WITH_TARGET), 1.0
    thresholds = dict(THRESHOLDS_WITHOUT_TARGET)
    coefficient = 1.0
    if limit is not None:
        base_abs, limit_abs = abs(base), abs(limit)
        if base_abs >= 2 * limit_abs:
            coefficient = 1.0
        elif base_abs <= limit_abs:
            coefficient = 1 - (base_abs / limit_abs) ** LIMIT_EXPONENT
        else:
            coefficient = 1 - ((2 * limit_abs - base_abs) / limit_abs) ** LIMIT_EXPONENT
        thresholds = {k: v * coefficient for k, v in thresholds.items()}
    return thresholds, coefficient


def _score(
    value: float | None, with_target: bool, thresholds: dict[str, float], coefficient: float
) -> float | None:
    """The score -5..+5 of sdg-build, piecewise linear in the progress value."""
    if value is None:
        return None
    if with_target:
        if value >= thresholds["med"]:
            return min(7.1429 * value - 4.2857, 5.0)
        return max(4.1667 * value - 2.5, -5.0)
    if value < thresholds["low"]:
        return max(125 * value - 2.5, -5.0)
    if coefficient == 0:
        return 5.0
    if value >= thresholds["high"]:
        return min(500 * value / coefficient - 5, 5.0)
    if value >= thresholds["med"]:
        return 250 * value / coefficient - 1.25
    return 500 * value / coefficient - 2.5


def _unavailable(why: ReasonPart) -> Progress:
    return Progress(ProgressStatus.NOT_AVAILABLE, None, None, why_not=why)
