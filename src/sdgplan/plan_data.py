"""Use cases on a municipality's stored plan data: load it, narrow it to a focus area,
assess it. The CLI (and later the web) only parse their arguments and show the result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from sdgplan.assessment import assess_plan
from sdgplan.assessment.rollup import Assessment
from sdgplan.assessment.verdicts import latest_year
from sdgplan.domain.indicators import IndicatorSet, Observation
from sdgplan.domain.plan import FocusArea, Plan, PlanVersion
from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.reference import load_sdg_catalogue
from sdgplan.store import indicator_repo, plan_repo


@dataclass
class PlanData:
    """A plan version (the adopted one if stored), its indicators and their observations."""

    plan: Plan
    version: PlanVersion
    indicators: IndicatorSet
    observations: list[Observation]

    @property
    def number(self) -> str:
        return self.plan.municipality.number

    def default_year(self) -> int:
        """The latest year with key figures for the municipality, else this year."""
        found = latest_year(self.indicators, self.observations, area=self.number)
        return found or dt.date.today().year

    def only(self, focus_area: FocusArea) -> None:
        """Keep only `focus_area` and the indicators that measure its goals."""
        self.version.focus_areas = [a for a in self.version.focus_areas if a is focus_area]
        self.indicators.indicators = [
            i
            for i in self.indicators.indicators
            if any(g.focus_area == focus_area.name for g in i.goals)
        ]


def load_plan_data(session: Session, *, municipality: str | None = None) -> PlanData:
    plan, version = plan_repo.load_plan_version(session, municipality=municipality)
    number = plan.municipality.number
    return PlanData(
        plan,
        version,
        indicator_repo.load_indicator_set(session, number),
        indicator_repo.load_observations(session, number),
    )


def find_focus_area(version: PlanVersion, wanted: str) -> FocusArea:
    """The focus area named `wanted` (any case) or with that key; NotFound lists them."""
    for area in version.focus_areas:
        if wanted.casefold() in (area.name.casefold(), area.key):
            return area
    names = ", ".join(f"{a.name} ({a.key})" if a.key else a.name for a in version.focus_areas)
    raise NotFound(
        _("Ukjent satsingsområde «{wanted}»; velg en av: {names}").format(
            wanted=wanted, names=names
        )
    )


def assess(data: PlanData, *, year: int | None = None) -> Assessment:
    """The assessment of `data` for `year` (default: the latest year with key figures)."""
    return assess_plan(
        data.version,
        data.indicators,
        data.observations,
        area=data.number,
        year=year or data.default_year(),
        catalogue=load_sdg_catalogue(),
    )


@dataclass
class KeyFigures:
    """A municipality's indicators and observations, with its plan's focus areas if a plan
    is stored (exports need no plan)."""

    number: str
    indicators: IndicatorSet
    observations: list[Observation]
    focus_areas: list[str]


def load_key_figures(session: Session, *, municipality: str | None = None) -> KeyFigures:
    """The key figures of `municipality`, or of the only one stored."""
    from sdgplan.loading import resolve_municipality

    number = resolve_municipality(session, municipality).number
    try:
        version = plan_repo.load_plan_version(session, municipality=number)[1]
        focus_areas = [area.name for area in version.focus_areas]
    except NotFound:
        focus_areas = []
    return KeyFigures(
        number,
        indicator_repo.load_indicator_set(session, number),
        indicator_repo.load_observations(session, number),
        focus_areas,
    )


def load_indicators(session: Session, *, municipality: str | None = None) -> IndicatorSet:
    """The indicator definitions of `municipality` (or of the only one stored), without
    their observations."""
    from sdgplan.loading import resolve_municipality

    number = resolve_municipality(session, municipality).number
    return indicator_repo.load_indicator_set(session, number)
