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
from sdgplan.assessment.reasons import (
    Number,
    OneOf,
    Percent,
    Quantity,
    Reason,
    ReasonPart,
    Rule,
    part,
    render_reason,
)
from sdgplan.assessment.trend import TREND_LABELS, Trend, TrendStatus, plain_trend
from sdgplan.domain.display import format_value
from sdgplan.domain.indicators import Indicator, IndicatorSet, Observation, ObservationStatus
from sdgplan.domain.periods import is_year
from sdgplan.i18n import N_


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
OUTCOME_LABELS = {
    Outcome.ON_TRACK: N_("I rute"),
    Outcome.WATCH: N_("Følg med"),
    Outcome.OFF_TRACK: N_("Utenfor"),
    Outcome.NOT_ASSESSED: N_("Ikke vurdert"),
}
BAND_LABELS = {
    "desired": N_("ønsket resultat"),
    "acceptable": N_("laveste akseptable resultat"),
    "not_acceptable": N_("ikke akseptabelt"),
}
# why the latest measured year is judged instead of the assessed one
MISSING_LABELS = {
    ObservationStatus.NOT_MEASURED: N_("ikke målt"),
    ObservationStatus.PENDING: N_("tall kommer"),
    ObservationStatus.UNDER_DEVELOPMENT: N_("nøkkeltall under utvikling"),
}
NO_VALUE = N_("ingen verdi")


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
    reason: Reason
    decimals: int = 0  # of the value judged, as it was given

    @property
    def reason_text(self) -> str:
        """The reason in the current language."""
        return render_reason(self.reason)

    @property
    def value_text(self) -> str:
        """The value judged with its unit in the current language (`display` is Norwegian)."""
        if self.value is None:
            return ""
        return Quantity(self.value, self.decimals, self.indicator.unit).text()


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
    clauses: list[ReasonPart] = []
    name = _short_name(indicator.name)
    if period is None:
        clauses.append(
            part(N_("{name}: ingen målte verdier til og med {year}"), name=name, year=year)
        )
        display = ""
    else:
        decimals = by_year[period].decimals or 0
        display = format_value(value, decimals, indicator.unit) if value is not None else ""
        measured = Quantity(value, decimals, indicator.unit) if value is not None else ""
        if period == year:
            clauses.append(
                part(N_("{name} {value} i {period}"), name=name, value=measured, period=period)
            )
        else:
            status = by_year[year].status if year in by_year else None
            clauses.append(
                part(
                    N_("{name} {value} i {period} ({missing} for {year}; siste måling brukes)"),
                    name=name,
                    value=measured,
                    period=period,
                    missing=part(MISSING_LABELS.get(status, NO_VALUE) if status else NO_VALUE),
                    year=year,
                )
            )

    threshold_status = RuleStatus.NO_RULE
    if indicator.threshold is not None:
        threshold_status = RuleStatus.NO_DATA
        if value is not None:
            met = indicator.threshold.is_met(value)
            threshold_status = RuleStatus.MET if met else RuleStatus.NOT_MET
            message = N_("oppfyller kravet {rule}") if met else N_("oppfyller ikke kravet {rule}")
            clauses.append(part(message, rule=Rule(str(indicator.threshold))))
    band_status = None
    if indicator.bands is not None and value is not None:
        band_status = indicator.bands.classify(value)
        desired = OneOf(tuple(Rule(str(r)) for r in indicator.bands.desired))
        clauses.append(
            part(
                N_("{band} (ønsket {ranges})"), band=part(BAND_LABELS[band_status]), ranges=desired
            )
        )

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
    if trend.status is not TrendStatus.NOT_AVAILABLE and trend.from_year is not None:
        clauses.append(
            part(
                N_("trend {trend} fra {year}"),
                trend=part(TREND_LABELS[trend.status]),
                year=trend.from_year,
            )
        )
    outcome = _outcome(threshold_status, band_status, progress, trend)
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
        (tuple(clauses), *progress.reason),
        by_year[period].decimals or 0 if period is not None else 0,
    )


@dataclass(frozen=True)
class _Target:
    value: float | None
    year: int
    preface: Reason


def _target(indicator: Indicator, series: dict[int, float]) -> _Target:
    """The indicator's target as a value, with a sentence on how it was derived."""
    target = indicator.target
    if target is None:
        return _Target(None, 2030, ())
    resolved = target.resolve(series)
    if resolved is None:
        message = N_(
            "Målet {change} fra {base_year} kan ikke regnes om til et nivå: ingen verdi for "
            "{base_year}; fremgang måles uten mål"
        )
        change = Percent(target.change or 0)
        return _Target(
            None, target.year, ((part(message, change=change, base_year=target.base_year),),)
        )
    value, base = resolved
    if target.change is None or base is None:
        return _Target(value, target.year, ())
    params = {
        "change": Percent(target.change),
        "base_year": target.base_year,
        "year": target.year,
        "level": Number(base),
    }
    if target.reached_change is None:
        message = N_("Mål: {change} fra {base_year} til {year} (nivå {base_year} om lag {level})")
        return _Target(value, target.year, ((part(message, **params),),))
    message = N_(
        "Mål: {change} fra {base_year} til {year}; {reached} nådd i {reached_year} "
        "(nivå {base_year} om lag {level})"
    )
    reached = {"reached": Percent(target.reached_change), "reached_year": target.reached_year}
    return _Target(value, target.year, ((part(message, **params, **reached),),))


def _progress(
    indicator: Indicator, series: dict[int, float], direction: Direction | None, target: _Target
) -> Progress:
    if direction is None:
        return Progress(
            ProgressStatus.NOT_AVAILABLE,
            None,
            None,
            why_not=part(N_("indikatoren har ingen retning")),
        )
    progress = measure_progress(
        series,
        direction=direction,
        base_year=indicator.progress.base_year,
        target=target.value,
        target_year=target.year,
        limit=indicator.progress.limit,
    )
    return replace(progress, preface=target.preface) if target.preface else progress


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
