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
from sdgplan.assessment.wording import number_en, number_nb, percent_en, percent_nb

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


LABELS_NB = {
    ProgressStatus.TARGET_ACHIEVED: "målet er nådd",
    ProgressStatus.SUBSTANTIAL_PROGRESS: "betydelig fremgang",
    ProgressStatus.MODERATE_PROGRESS: "moderat fremgang",
    ProgressStatus.LIMITED_PROGRESS: "begrenset fremgang",
    ProgressStatus.DETERIORATION: "tilbakegang",
    ProgressStatus.NOT_AVAILABLE: "kan ikke beregnes",
}
LABELS_EN = {s: s.value.replace("_", " ") for s in ProgressStatus}
LABELS_EN[ProgressStatus.NOT_AVAILABLE] = "not available"


@dataclass(frozen=True)
class Progress:
    """The result for one series: status, score (-5..+5), the growth rate (no target) or the
    ratio of actual to required growth (target), and why, in Norwegian and English.

    The reasons are written when first read, so that mass assessments pay only for figures.
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
    why_not: tuple[str, str] | None = None
    preface: tuple[str, str] = ("", "")  # sentences put before the explanation

    @cached_property
    def _reasons(self) -> tuple[str, str]:
        if (
            self.base_year is None
            or self.base_value is None
            or self.current_year is None
            or self.current_value is None
        ):
            nb, en = self.why_not or ("ingen verdier", "no values")
            return (
                f"{self.preface[0]}Kan ikke beregnes: {nb}.",
                f"{self.preface[1]}Not available: {en}.",
            )
        context = _Context(
            self.base_year,
            self.base_value,
            self.current_year,
            self.current_value,
            self.target,
            self.target_year or 2030,
        )
        nb, en = context.explain(self.value, self.status, self.why_not)
        return self.preface[0] + nb, self.preface[1] + en

    @property
    def reason(self) -> str:
        return self._reasons[0]

    @property
    def reason_en(self) -> str:
        return self._reasons[1]


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
        return _unavailable("ingen målte verdier", "no measured values")
    current_year = max(series)
    current = series[current_year]
    if base_year not in series:
        later = [y for y in series if y > base_year]
        if not later:
            return _unavailable(
                f"ingen verdier fra basisåret {base_year}",
                f"no values from the base year {base_year}",
            )
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
        self, value: float | None, status: ProgressStatus, why_not: tuple[str, str] | None
    ) -> tuple[str, str]:
        nb = (
            f"Fra {number_nb(self.base)} i {self.base_year} til {number_nb(self.current)} i "
            f"{self.current_year}"
        )
        en = (
            f"From {number_en(self.base)} in {self.base_year} to {number_en(self.current)} in "
            f"{self.current_year}"
        )
        growth = cagr(self.current, self.base, self.current_year, self.base_year)
        if growth is not None:
            nb += f": {percent_nb(growth)} per år"
            en += f": {percent_en(growth)} a year"
        if self.target is not None:
            nb += f"; målet er {number_nb(self.target)} i {self.target_year}"
            en += f"; the target is {number_en(self.target)} by {self.target_year}"
            needed = cagr(self.target, self.base, self.target_year, self.base_year)
            if needed is not None and status is not ProgressStatus.TARGET_ACHIEVED:
                nb += f", som krever {percent_nb(needed)} per år"
                en += f", which needs {percent_en(needed)} a year"
        if why_not is not None and status is ProgressStatus.NOT_AVAILABLE:
            return f"{nb}. Kan ikke beregnes: {why_not[0]}.", f"{en}. Not available: {why_not[1]}."
        if (
            self.target is not None
            and value is not None
            and status is not ProgressStatus.TARGET_ACHIEVED
        ):
            nb += f" (forholdstall {number_nb(value, 2)})"
            en += f" (ratio {number_en(value, 2)})"
        return f"{nb}: {LABELS_NB[status]}.", f"{en}: {LABELS_EN[status]}."


def _progress_value(c: _Context, orientation: int) -> tuple[float | None, tuple[str, str] | None]:
    """The growth (no target) or the ratio of growth to required growth, oriented so that
    positive is good; or None with the reason."""
    base = ZERO_REPLACEMENT if c.base == 0 else c.base
    if (base > 0 > c.current) or (base < 0 < c.current):
        return None, (
            "basisverdi og siste verdi har motsatt fortegn",
            "the base and latest values have opposite signs",
        )
    if c.current_year - c.base_year < 1:
        return None, ("trenger minst to år med verdier", "needs values for at least two years")
    observed = cagr(c.current, base, c.current_year, c.base_year)
    if observed is None:
        return None, ("vekst kan ikke beregnes", "growth is undefined")
    if c.target is None:
        return orientation * observed, None
    required = cagr(c.target, base, c.target_year, c.base_year)
    if not required:
        return None, (
            "målet krever ingen endring fra basisåret",
            "the target needs no change from the base year",
        )
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


def _unavailable(nb: str, en: str) -> Progress:
    return Progress(ProgressStatus.NOT_AVAILABLE, None, None, why_not=(nb, en))
