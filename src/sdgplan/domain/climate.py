"""The climate budget (klimabudsjett, issue 14): direct emissions by Miljødirektoratet's
sectors per year, a reduction target from a reference year, the yearly ceiling on the way to
it, measures with their estimated effects, and the projection with measures against the
ceiling.

The rules, exact and in one place (docs/planning-cycle.md, "Climate budget"):
- A year's total is the sum of its sectors except land use (skog og arealbruk), which the
  agency reports beside the direct emissions; the target is for the direct emissions.
- The ceiling: with no chosen path, a straight line from the reference year's total to
  (100 - reduction) % of it in the target year; with a chosen path, linear between its points.
  No ceiling outside the line or path.
- The projection with measures, for the latest year with emissions (L) and every later year Y
  up to the target year: total(L) minus the effects of the measures that count in Y (not
  cancelled, start year <= Y, and end year >= Y when it has one). An effect is a reduction,
  in tonnes CO2e per year, against the level of year L.
- The gap in a year: emissions (measured years) or the projection (later years) minus the
  ceiling; above zero, the budget is short of that many tonnes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from sdgplan.i18n import N_


class Sector(StrEnum):
    """Miljødirektoratet's sectors of the municipal emission statistics, plus `unspecified`
    for a total that is not split by sector."""

    INDUSTRY = "industry"
    ENERGY_SUPPLY = "energy_supply"
    HEATING = "heating"
    ROAD_TRAFFIC = "road_traffic"
    SHIPPING = "shipping"
    AVIATION = "aviation"
    OTHER_MOBILE = "other_mobile"
    AGRICULTURE = "agriculture"
    WASTE_SEWAGE = "waste_sewage"
    LAND_USE = "land_use"
    UNSPECIFIED = "unspecified"

    @property
    def label(self) -> str:
        """The agency's Norwegian name (to translate with `_()` where it is shown)."""
        return SECTOR_LABELS[self]

    @property
    def direct(self) -> bool:
        """Whether it counts in the direct emissions (every sector but land use)."""
        return self is not Sector.LAND_USE


SECTOR_LABELS = {
    Sector.INDUSTRY: N_("Industri, olje og gass"),
    Sector.ENERGY_SUPPLY: N_("Energiforsyning"),
    Sector.HEATING: N_("Oppvarming"),
    Sector.ROAD_TRAFFIC: N_("Veitrafikk"),
    Sector.SHIPPING: N_("Sjøfart"),
    Sector.AVIATION: N_("Luftfart"),
    Sector.OTHER_MOBILE: N_("Annen mobil forbrenning"),
    Sector.AGRICULTURE: N_("Jordbruk"),
    Sector.WASTE_SEWAGE: N_("Avfall og avløp"),
    Sector.LAND_USE: N_("Skog og arealbruk"),
    Sector.UNSPECIFIED: N_("Uspesifisert (bare totalen)"),
}


class Basis(StrEnum):
    """Where a figure comes from: the agency's statistics, computed from stated figures, or
    made up to illustrate (the bundled example marks its own)."""

    REPORTED = "reported"
    DERIVED = "derived"
    ILLUSTRATIVE = "illustrative"


BASIS_LABELS = {
    Basis.REPORTED: N_("rapportert"),
    Basis.DERIVED: N_("avledet"),
    Basis.ILLUSTRATIVE: N_("illustrativt"),
}


class MeasureStatus(StrEnum):
    PROPOSED = "proposed"
    ADOPTED = "adopted"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


STATUS_LABELS = {
    MeasureStatus.PROPOSED: N_("foreslått"),
    MeasureStatus.ADOPTED: N_("vedtatt"),
    MeasureStatus.IN_PROGRESS: N_("i gang"),
    MeasureStatus.COMPLETED: N_("gjennomført"),
    MeasureStatus.CANCELLED: N_("avlyst"),
}


@dataclass(frozen=True)
class Emission:
    """The emissions of one sector in one year, tonnes CO2e."""

    year: int
    sector: Sector
    tonnes: float
    basis: Basis = Basis.REPORTED
    note: str | None = None


@dataclass(frozen=True)
class PathPoint:
    year: int
    ceiling: float


@dataclass(frozen=True)
class ClimateTarget:
    """Reduce the direct emissions by `reduction_percent` from `reference_year` to
    `target_year`; `path`, if given, is the chosen ceiling instead of the straight line."""

    reference_year: int
    target_year: int
    reduction_percent: float
    path: tuple[PathPoint, ...] = ()
    source: str | None = None


@dataclass(frozen=True)
class ClimateMeasure:
    """A measure of the budget: its estimated effect, tonnes CO2e less per year from
    `start_year` (to `end_year`, if it ends)."""

    key: str
    name: str
    effect: float
    start_year: int
    status: MeasureStatus = MeasureStatus.ADOPTED
    owner: str | None = None
    sector: Sector | None = None
    end_year: int | None = None
    illustrative: bool = False
    note: str | None = None

    def counts_in(self, year: int) -> bool:
        """Whether its effect counts in the projection for `year`."""
        if self.status is MeasureStatus.CANCELLED or year < self.start_year:
            return False
        return self.end_year is None or year <= self.end_year


@dataclass(frozen=True)
class ClimateBudget:
    """A municipality's climate budget: what is stored of it (any part may be empty)."""

    target: ClimateTarget | None = None
    emissions: tuple[Emission, ...] = ()
    measures: tuple[ClimateMeasure, ...] = ()


@dataclass(frozen=True)
class BudgetYear:
    """One row of the budget: measured emissions (None for later years), the ceiling, the
    projection with measures (None before the latest measured year) and the gap."""

    year: int
    emissions: float | None
    ceiling: float | None
    projection: float | None
    gap: float | None
    basis: Basis | None = None  # the least certain basis of the year's figures


def yearly_totals(emissions: Iterable[Emission]) -> dict[int, float]:
    """The direct emissions per year (every sector but land use), in year order."""
    totals: dict[int, Fraction] = {}
    for emission in emissions:
        if emission.sector.direct:
            totals[emission.year] = totals.get(emission.year, Fraction(0)) + Fraction(
                emission.tonnes
            )
    return {year: float(totals[year]) for year in sorted(totals)}


def straight_path(target: ClimateTarget, reference_total: float) -> tuple[PathPoint, PathPoint]:
    """The two ends of the straight line: the reference total and the target level."""
    level = Fraction(reference_total) * (100 - Fraction(target.reduction_percent)) / 100
    return (
        PathPoint(target.reference_year, reference_total),
        PathPoint(target.target_year, float(level)),
    )


def ceiling(target: ClimateTarget, year: int, *, reference_total: float | None) -> float | None:
    """The ceiling for `year`: on the chosen path, else on the straight line (which needs the
    reference year's total); None outside it."""
    points = target.path or (
        straight_path(target, reference_total) if reference_total is not None else ()
    )
    if not points or not points[0].year <= year <= points[-1].year:
        return None
    for before, after in zip(points, points[1:], strict=False):
        if before.year <= year <= after.year:
            share = Fraction(year - before.year, after.year - before.year)
            low, high = Fraction(before.ceiling), Fraction(after.ceiling)
            return float(low + (high - low) * share)
    return points[0].ceiling  # a path of one point


def projection(
    measures: Iterable[ClimateMeasure], *, latest_year: int, latest_total: float, until: int
) -> dict[int, float]:
    """The projected direct emissions with measures, from `latest_year` to `until`."""
    counted = list(measures)
    return {
        year: float(
            Fraction(latest_total)
            - sum((Fraction(m.effect) for m in counted if m.counts_in(year)), Fraction(0))
        )
        for year in range(latest_year, until + 1)
    }


def budget_years(budget: ClimateBudget) -> list[BudgetYear]:
    """The budget year by year: from the first year with emissions (or the reference year)
    to the target year (or the last year with emissions)."""
    totals = yearly_totals(budget.emissions)
    target = budget.target
    years = set(totals)
    if target is not None:
        years |= {target.reference_year, target.target_year}
        years |= {p.year for p in target.path}
    if not years:
        return []
    last = max(years)
    projected: dict[int, float] = {}
    if totals:
        latest = max(totals)
        projected = projection(
            budget.measures, latest_year=latest, latest_total=totals[latest], until=last
        )
    reference = totals.get(target.reference_year) if target else None
    bases = _least_certain_basis(budget.emissions)
    rows = []
    for year in range(min(years), last + 1):
        measured = totals.get(year)
        limit = ceiling(target, year, reference_total=reference) if target else None
        planned = projected.get(year)
        level = measured if measured is not None else planned
        gap = None if level is None or limit is None else float(Fraction(level) - Fraction(limit))
        rows.append(BudgetYear(year, measured, limit, planned, gap, bases.get(year)))
    return rows


_CERTAINTY = (Basis.REPORTED, Basis.DERIVED, Basis.ILLUSTRATIVE)


def _least_certain_basis(emissions: Iterable[Emission]) -> dict[int, Basis]:
    found: dict[int, Basis] = {}
    for emission in emissions:
        known = found.get(emission.year, Basis.REPORTED)
        found[emission.year] = max(known, emission.basis, key=_CERTAINTY.index)
    return found
