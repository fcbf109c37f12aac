"""A key figure against the plain mean of the country group (issue 13), from the other
municipalities' figures stored with its own: the indicator page's "Sammenligning" and the
report's comparison under each key-figure table.

Shown only when the latest single year with municipality figures has the own figure and at
least one other municipality's. Numbers are formatted as a Norwegian reader expects them,
in both languages, as the page's table of values.
"""

from __future__ import annotations

from dataclasses import dataclass

from sdgplan.domain.display import format_number, format_value
from sdgplan.domain.groups import (
    GroupMethod,
    Rank,
    describe_method,
    distance,
    group_value,
    rank,
)
from sdgplan.domain.indicators import Area, AreaKind, Indicator, Observation, ObservationStatus
from sdgplan.i18n import _
from sdgplan.reference.comparison_groups import country_group


@dataclass(frozen=True)
class ComparisonSection:
    """Formatted texts for the page's table; `rank` is "–" when the indicator has no
    direction, and `position` (1 is the best of `count`) is then None."""

    year: int
    own: str
    group: str
    method: str
    distance: str
    rank: str
    count: int  # municipalities with a figure that year
    position: int | None = None


def comparison_section(
    indicator: Indicator,
    observations: list[Observation],
    areas: dict[str, Area],
    municipality: str,
) -> ComparisonSection | None:
    """The section for `indicator`, or None without the own figure and another
    municipality's for the latest year."""
    by_year = _municipality_figures(indicator.key, observations, areas, municipality)
    years = [year for year, values in by_year.items() if municipality in values]
    if not years:
        return None
    year = max(years)
    values = by_year[year]
    if len(values) < 2:
        return None
    own = values[municipality]
    group = group_value(values, country_group(), method=GroupMethod.MEAN)
    if group.value is None:
        return None
    decimals = _decimals(observations, indicator.key, year)
    gap = distance(own, group.value)
    found = (
        rank(values, municipality, direction=indicator.direction)
        if indicator.direction is not None
        else None
    )
    # a share's distance is in percentage points, as the report's "Endring"; no share of it
    points = indicator.unit == "%"
    gap_unit = "%-poeng" if points else indicator.unit
    gap_text = _signed(format_value(gap.absolute, decimals, gap_unit), gap.absolute)
    if gap.relative is not None and not points:
        share = 100 * gap.relative
        gap_text += f" ({_signed(format_value(share, 1, '%'), share)})"
    return ComparisonSection(
        year=year,
        own=format_value(own, decimals, indicator.unit),
        group=format_value(group.value, decimals, indicator.unit),
        method=describe_method(group),
        distance=gap_text,
        rank=_rank_text(indicator, found),
        count=len(values),
        position=found.position if found else None,
    )


def _municipality_figures(
    key: str, observations: list[Observation], areas: dict[str, Area], municipality: str
) -> dict[int, dict[str, float]]:
    """year -> municipality number -> measured figure, whole municipalities and single
    years only (the own area counts as a municipality if it is not stored as an area)."""
    figures: dict[int, dict[str, float]] = {}
    for obs in observations:
        kind = areas[obs.area].kind if obs.area in areas else None
        if obs.area == municipality and kind is None:
            kind = AreaKind.MUNICIPALITY
        if (
            obs.indicator != key
            or obs.breakdown
            or obs.status is not ObservationStatus.MEASURED
            or obs.value is None
            or kind is not AreaKind.MUNICIPALITY
            or not (len(obs.period) == 4 and obs.period.isdigit())
        ):
            continue
        figures.setdefault(int(obs.period), {})[obs.area] = obs.value
    return figures


def _decimals(observations: list[Observation], key: str, year: int) -> int:
    """As many decimals as the year's figures were given with (at most 2)."""
    found = [
        o.decimals or 0
        for o in observations
        if o.indicator == key and o.period == str(year) and o.value is not None
    ]
    return min(max(found, default=0), 2)


def _signed(text: str, value: float) -> str:
    return f"+{text}" if value > 0 else text


def _rank_text(indicator: Indicator, found: Rank | None) -> str:
    if indicator.direction is None:
        return _("– (indikatoren har ingen retning)")
    if found is None:
        return "–"
    text = _("{position} av {of} kommuner med tall").format(position=found.position, of=found.of)
    if found.percentile is not None:
        text += " " + _("(persentil {percentile})").format(
            percentile=format_number(found.percentile, 1)
        )
    return text
