"""Benefit realisation (gevinstrealisering, issue 15): a plan of target areas, each with
benefits measured by one of the municipality's indicators from a baseline year
("0-punktsmåling 2019"), and the realised benefit: the change from the baseline year's value
to a later one, against the value expected.

The rules, in one place (docs/method-tool.md, "Benefit realisation"):
- The baseline is the indicator's measured value in the plan's baseline year, for the
  municipality's own area and no breakdown. "Ikke målt" or no value there: the benefit is
  not measured (never a zero, never another year instead).
- The current value is the latest measured value after the baseline year, up to the year
  asked for; none: the benefit is not followed up yet.
- The change is current minus baseline, in the indicator's unit (percentage points for `%`);
  whether it is better or worse follows the indicator's direction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from sdgplan.i18n import N_


@dataclass(frozen=True)
class Benefit:
    """One benefit: what is to be gained, the indicator (by key) that measures it, and the
    value the indicator is expected to reach by `expected_year` (the plan's target year if
    None)."""

    key: str
    text: str
    indicator: str | None = None
    expected: Decimal | None = None
    expected_year: int | None = None


@dataclass(frozen=True)
class BenefitArea:
    """A target area (målområde) of the plan, such as service production."""

    key: str
    name: str
    benefits: tuple[Benefit, ...] = ()


@dataclass(frozen=True)
class BenefitPlan:
    """A benefit-realisation plan measured from `baseline_year`; `illustrative` when its
    benefits or expected values are examples rather than decided figures."""

    key: str
    title: str
    baseline_year: int
    target_year: int | None = None
    illustrative: bool = False
    areas: tuple[BenefitArea, ...] = ()

    @property
    def benefits(self) -> tuple[Benefit, ...]:
        return tuple(b for area in self.areas for b in area.benefits)

    def expected_year(self, benefit: Benefit) -> int | None:
        """The year the benefit's expected value is for."""
        return benefit.expected_year or self.target_year


class ChangeStatus(StrEnum):
    MEASURED = "measured"  # a baseline and a later value
    NOT_MEASURED = "not_measured"  # no measured value in the baseline year
    NOT_FOLLOWED_UP = "not_followed_up"  # no measured value after the baseline year
    NO_INDICATOR = "no_indicator"  # no indicator, or one the store no longer has


CHANGE_STATUS_LABELS = {
    ChangeStatus.MEASURED: N_("Målt"),
    ChangeStatus.NOT_MEASURED: N_("Ikke målt"),
    ChangeStatus.NOT_FOLLOWED_UP: N_("Ikke fulgt opp"),
    ChangeStatus.NO_INDICATOR: N_("Ingen indikator"),
}


@dataclass(frozen=True)
class Measurement:
    year: int
    value: float
    decimals: int = 0


@dataclass(frozen=True)
class BenefitChange:
    """The realised benefit: baseline and current value and the change between them."""

    status: ChangeStatus
    baseline: Measurement | None = None
    current: Measurement | None = None

    @property
    def change(self) -> float | None:
        if self.baseline is None or self.current is None:
            return None
        # rounded to the figures' precision, so 15.1 -> 14.8 is -0.3, not -0.2999...
        return round(self.current.value - self.baseline.value, self.decimals)

    @property
    def decimals(self) -> int:
        """The decimals the change is written with: as many as the more precise figure."""
        given = [m.decimals for m in (self.baseline, self.current) if m is not None]
        return max(given, default=0)

    def improved(self, direction: str | None) -> bool | None:
        """Whether the change is for the better (`direction` "higher" or "lower"); None
        without a direction or a change, or when unchanged."""
        change = self.change
        if direction is None or not change:
            return None
        return (change > 0) == (direction == "higher")


def measure_change(
    series: Mapping[int, Measurement | None], *, baseline_year: int, year: int
) -> BenefitChange:
    """The change from `baseline_year` to the latest measured year after it up to `year`.

    `series` maps years to measured values, or to None where the year has a row that is not
    a measurement ("Ikke målt", "Tall kommer").

    >>> s = {2019: Measurement(2019, 50.0), 2022: Measurement(2022, 58.0)}
    >>> measure_change(s, baseline_year=2019, year=2022).change
    8.0
    """
    baseline = series.get(baseline_year)
    if baseline is None:
        return BenefitChange(ChangeStatus.NOT_MEASURED)
    later = [y for y, m in series.items() if m is not None and baseline_year < y <= year]
    if not later:
        return BenefitChange(ChangeStatus.NOT_FOLLOWED_UP, baseline)
    return BenefitChange(ChangeStatus.MEASURED, baseline, series[max(later)])
