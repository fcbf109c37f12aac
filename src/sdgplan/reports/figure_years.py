"""Which years have key figures: `--year` is checked against the data before a report is made."""

from __future__ import annotations

from dataclasses import dataclass, field

from sdgplan.domain.indicators import IndicatorSet, Observation, ObservationStatus
from sdgplan.domain.periods import is_year
from sdgplan.errors import ConfigError
from sdgplan.i18n import _
from sdgplan.reports.periods import year_ranges

# a year is partial when fewer than this share of the key figures measured in some year
# have a value in it (Asker: 56 of the 87 in 2022; 43 in 2019, a partial year)
PARTIAL_SHARE = 0.5


@dataclass
class FigureYears:
    """The years of a municipality's key figures (indicators linked to a goal)."""

    observed: set[int] = field(default_factory=set)  # any row: a value, "Tall kommer" ...
    measured: dict[int, set[str]] = field(default_factory=dict)  # year -> indicators


def figure_years(data: IndicatorSet, observations: list[Observation], *, area: str) -> FigureYears:
    """The years with key-figure rows for `area`, and per year the key figures with a
    measured value (no breakdown; "Ikke målt" and "Tall kommer" are not values)."""
    key_figures = {i.key for i in data.indicators if i.goals}
    result = FigureYears()
    for o in observations:
        if o.indicator not in key_figures or o.area != area or not is_year(o.period):
            continue
        result.observed.add(int(o.period))
        if not o.breakdown and o.status is ObservationStatus.MEASURED and o.value is not None:
            result.measured.setdefault(int(o.period), set()).add(o.indicator)
    return result


def check_year(years: FigureYears, year: int) -> list[str]:
    """Warnings for a report with key figures up to `year`.

    A year without any key-figure row is a `ConfigError` naming the years that have them;
    a year where fewer than half of the key figures ever measured have a value (the rest
    "Tall kommer", "Ikke målt" or missing) is a warning.
    """
    if year not in years.observed:
        hint = (
            _("År med nøkkeltall: {years}.").format(years=year_ranges(list(years.observed)))
            if years.observed
            else _("Dataene har ingen nøkkeltall; importer observasjoner.")
        )
        raise ConfigError(_("Ingen nøkkeltall for {year}").format(year=year), hint=hint)
    ever = set().union(*years.measured.values())
    count = len(years.measured.get(year, ()))
    if count < PARTIAL_SHARE * len(ever):
        return [
            _(
                "Bare {count} av {total} nøkkeltall har tall for {year}; rapporten viser siste "
                "måling der den kan"
            ).format(count=count, total=len(ever), year=year)
        ]
    return []
