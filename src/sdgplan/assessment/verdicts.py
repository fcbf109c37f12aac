"""Verdicts for each key indicator in a year: rule status, progress, trends and a reason."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

from sdgplan.assessment.eurostat import (
    LONG_TERM,
    SHORT_TERM,
    EurostatCategory,
    EurostatTrend,
    eurostat_trend,
)
from sdgplan.assessment.progress import (
    Direction,
    Progress,
    ProgressStatus,
    measure_progress,
)
from sdgplan.assessment.trend import TREND_EN, TREND_NB, Trend, TrendStatus, plain_trend
from sdgplan.assessment.wording import number_en, number_nb
from sdgplan.domain.display import STATUS_WORDS, STATUS_WORDS_EN, format_value
from sdgplan.domain.indicators import Indicator, IndicatorSet, Observation, ObservationStatus
from sdgplan.domain.periods import is_year


class RuleStatus(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NO_RULE = "no_rule"
    NO_DATA = "no_data"


class Outcome(StrEnum):
    """What an indicator adds to a roll-up."""

    ON_TRACK = "on_track"
    WATCH = "watch"
    OFF_TRACK = "off_track"
    NOT_ASSESSED = "not_assessed"


OUTCOME_SCORE = {Outcome.ON_TRACK: 1, Outcome.WATCH: 0, Outcome.OFF_TRACK: -1}
BAND_NB = {
    "desired": "ønsket resultat",
    "acceptable": "laveste akseptable resultat",
    "not_acceptable": "ikke akseptabelt",
}
BAND_EN = {
    "desired": "desired result",
    "acceptable": "lowest acceptable result",
    "not_acceptable": "not acceptable",
}


@dataclass(frozen=True)
class IndicatorVerdict:
    indicator: Indicator
    year: int
    period: int | None  # the year whose value was judged: `year`, or the latest measured
    value: float | None
    display: str
    threshold_status: RuleStatus
    band_status: str | None
    progress: Progress
    trend: Trend
    eurostat_short: EurostatTrend
    eurostat_long: EurostatTrend
    outcome: Outcome
    reason: str
    reason_en: str


def yearly_series(observations: list[Observation]) -> dict[int, Observation]:
    """Observations for single years, by year (ranges and dates are not yearly values)."""
    return {int(o.period): o for o in observations if is_year(o.period)}


def latest_year(data: IndicatorSet, observations: list[Observation], *, area: str) -> int | None:
    """The latest single year with a key figure for `area`: the default year to assess."""
    key_figures = {i.key for i in data.indicators if i.goals}
    years = [
        int(o.period)
        for o in observations
        if o.indicator in key_figures and o.area == area and is_year(o.period)
    ]
    return max(years, default=None)


def assess_indicator(
    indicator: Indicator, observations: list[Observation], *, year: int
) -> IndicatorVerdict:
    """Judge one indicator in `year` from its observations (one area, no breakdown).

    "Ikke målt" and "Tall kommer" are not zeros: the latest measured year up to `year` is
    used instead, and the reason says so.
    """
    by_year = {y: o for y, o in yearly_series(observations).items() if y <= year}
    values = {
        y: o.value
        for y, o in by_year.items()
        if o.status is ObservationStatus.MEASURED and o.value is not None
    }
    period = max(values) if values else None
    value = values[period] if period is not None else None
    direction: Direction | None = None
    if indicator.direction is not None:
        direction = "higher" if indicator.direction.value == "higher" else "lower"
    nb: list[str] = []
    en: list[str] = []
    name = _short_name(indicator.name)
    if period is None:
        nb.append(f"{name}: ingen målte verdier til og med {year}")
        en.append(f"{name}: no measured values up to {year}")
        display = ""
    else:
        display = (
            format_value(value, by_year[period].decimals or 0, indicator.unit)
            if value is not None
            else ""
        )
        nb.append(f"{name} {display} i {period}")
        en.append(
            f"{name} {_display_en(value, by_year[period].decimals, indicator.unit)} in {period}"
        )
        if period != year:
            status = by_year[year].status if year in by_year else None
            word_nb = STATUS_WORDS.get(status, "ingen verdi") if status else "ingen verdi"
            word_en = STATUS_WORDS_EN.get(status, "no value") if status else "no value"
            nb[-1] += f" ({word_nb.lower()} for {year}; siste måling brukes)"
            en[-1] += f" ({word_en.lower()} for {year}; the latest measurement is used)"

    threshold_status = RuleStatus.NO_RULE
    if indicator.threshold is not None:
        threshold_status = RuleStatus.NO_DATA
        if value is not None:
            met = indicator.threshold.is_met(value)
            threshold_status = RuleStatus.MET if met else RuleStatus.NOT_MET
            nb.append(
                ("oppfyller" if met else "oppfyller ikke")
                + f" kravet {_rule_nb(str(indicator.threshold))}"
            )
            en.append(
                ("meets" if met else "does not meet") + f" the requirement {indicator.threshold}"
            )
    band_status = None
    if indicator.bands is not None and value is not None:
        band_status = indicator.bands.classify(value)
        nb.append(f"{BAND_NB[band_status]} (ønsket {_ranges_nb(indicator.bands.desired)})")
        en.append(f"{BAND_EN[band_status]} (desired {_ranges_en(indicator.bands.desired)})")

    series = dict(values)
    target = _target(indicator, series)
    progress = _progress(indicator, series, direction, target)
    trend = plain_trend(series, direction=direction)
    if direction is None:
        short = long = EurostatTrend(EurostatCategory.NOT_AVAILABLE)
    else:
        short, long = (
            eurostat_trend(
                series, direction=direction, span=span, target=target.value, target_year=target.year
            )
            for span in (SHORT_TERM, LONG_TERM)
        )
    if trend.status is not TrendStatus.NOT_AVAILABLE:
        nb.append(f"trend {TREND_NB[trend.status]} fra {trend.from_year}")
        en.append(f"trend {TREND_EN[trend.status]} since {trend.from_year}")
    outcome = _outcome(threshold_status, band_status, progress, trend)
    reason = "; ".join(nb) + ". " + progress.reason
    reason_en = "; ".join(en) + ". " + progress.reason_en
    return IndicatorVerdict(
        indicator,
        year,
        period,
        value,
        display,
        threshold_status,
        band_status,
        progress,
        trend,
        short,
        long,
        outcome,
        reason,
        reason_en,
    )


@dataclass(frozen=True)
class _Target:
    value: float | None
    year: int
    preface: tuple[str, str]


def _target(indicator: Indicator, series: dict[int, float]) -> _Target:
    """The indicator's target as a value, with a sentence on how it was derived."""
    target = indicator.target
    if target is None:
        return _Target(None, 2030, ("", ""))
    resolved = target.resolve(series)
    if resolved is None:
        return _Target(
            None,
            target.year,
            (
                f"Målet {_signed(target.change or 0)} % fra {target.base_year} kan ikke regnes om "
                f"til et nivå: ingen verdi for {target.base_year}; fremgang måles uten mål. ",
                f"The target {_signed(target.change or 0)} % from {target.base_year} cannot be "
                f"turned into a level: no value for {target.base_year}; progress is measured "
                "without it. ",
            ),
        )
    value, base = resolved
    if target.change is None or base is None:
        return _Target(value, target.year, ("", ""))
    nb = f"Mål: {_signed(target.change)} % fra {target.base_year} til {target.year}"
    en = f"Target: {_signed(target.change)} % from {target.base_year} to {target.year}"
    if target.reached_change is not None:
        nb += f"; {_signed(target.reached_change)} % nådd i {target.reached_year}"
        en += f"; {_signed(target.reached_change)} % reached by {target.reached_year}"
    nb += f" (nivå {target.base_year} om lag {number_nb(base)}). "
    en += f" ({target.base_year} level about {number_en(base)}). "
    return _Target(value, target.year, (nb, en))


def _progress(
    indicator: Indicator, series: dict[int, float], direction: Direction | None, target: _Target
) -> Progress:
    if direction is None:
        return Progress(
            ProgressStatus.NOT_AVAILABLE,
            None,
            None,
            why_not=("indikatoren har ingen retning", "the indicator has no direction"),
        )
    progress = measure_progress(
        series,
        direction=direction,
        base_year=indicator.progress.base_year,
        target=target.value,
        target_year=target.year,
        limit=indicator.progress.limit,
    )
    return replace(progress, preface=target.preface) if any(target.preface) else progress


def _outcome(threshold: RuleStatus, band: str | None, progress: Progress, trend: Trend) -> Outcome:
    """Rules first, then progress, then the plain trend (docs/assessment.md, roll-up)."""
    if band is not None:
        return {"desired": Outcome.ON_TRACK, "acceptable": Outcome.WATCH}.get(
            band, Outcome.OFF_TRACK
        )
    if threshold in (RuleStatus.MET, RuleStatus.NOT_MET):
        return Outcome.ON_TRACK if threshold is RuleStatus.MET else Outcome.OFF_TRACK
    if progress.status is not ProgressStatus.NOT_AVAILABLE:
        return {
            ProgressStatus.TARGET_ACHIEVED: Outcome.ON_TRACK,
            ProgressStatus.SUBSTANTIAL_PROGRESS: Outcome.ON_TRACK,
            ProgressStatus.MODERATE_PROGRESS: Outcome.ON_TRACK,
            ProgressStatus.LIMITED_PROGRESS: Outcome.WATCH,
        }.get(progress.status, Outcome.OFF_TRACK)
    if trend.status is not TrendStatus.NOT_AVAILABLE:
        return {TrendStatus.IMPROVING: Outcome.ON_TRACK, TrendStatus.STABLE: Outcome.WATCH}.get(
            trend.status, Outcome.OFF_TRACK
        )
    return Outcome.NOT_ASSESSED


def _short_name(name: str) -> str:
    """The name without a trailing rule in parentheses: "Netto driftsresultat ... (> 3 %)"."""
    return re.sub(r"\s*\((?:[<>≤≥][^)]*|[^)]*er tilfredsstillende)\)\s*$", "", name)


def _rule_nb(text: str) -> str:
    return text.replace(".", ",")


def _ranges_nb(ranges: tuple[object, ...]) -> str:
    return " eller ".join(_rule_nb(str(r)) for r in ranges)


def _ranges_en(ranges: tuple[object, ...]) -> str:
    return " or ".join(str(r) for r in ranges)


def _signed(value: float) -> str:
    return f"{value:+g}".replace("+", "+" if value > 0 else "")


def _display_en(value: float | None, decimals: int | None, unit: str | None) -> str:
    if value is None:
        return ""
    number = number_en(value, decimals or 0)
    return f"{number} {unit}" if unit else number
