"""The open-data API (`/api/v1`): municipalities, plans, goals, indicators, observations
and assessments as JSON, observations also as CSV and JSON-stat. Documented in docs/api.md
and by the OpenAPI document at `/api/v1/openapi.json`.

Everything is read through the use cases of `sdgplan.plan_data`; links use stable keys.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.orm import Session

from sdgplan.domain.indicators import Indicator
from sdgplan.domain.plan import FocusArea, Goal, GoalLevel, Municipality, PlanVersion, VersionKind
from sdgplan.errors import ChoiceNeeded, ConfigError, NotFound
from sdgplan.i18n import _
from sdgplan.plan_data import PlanData, find_focus_area, load_indicators
from sdgplan.store import org_repo, plan_repo
from sdgplan.web.api_cache import CachedRoute
from sdgplan.web.api_models import (
    ErrorOut,
    FocusAreaOut,
    GoalLinkOut,
    GoalOut,
    IndicatorOut,
    MunicipalityOut,
    PlanOut,
    StrategyOut,
    VersionOut,
)
from sdgplan.web.deps import db_session, request_revision
from sdgplan.web.sites import site_cache

DbSession = Annotated[Session, Depends(db_session)]
MunicipalityCode = Annotated[
    str | None,
    Query(
        max_length=100,
        description="Municipality number or organisation code (`3203`); required only when "
        "the database holds several",
    ),
]


def language(
    lang: Annotated[
        Literal["nb", "en"], Query(description="Language of messages and reasons")
    ] = "nb",
) -> str:
    """Documents and checks `lang`; the route class (`CachedRoute`) speaks it."""
    return lang


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "model": ErrorOut,
        "description": "A choice of municipality is needed, or a value is malformed",
    },
    404: {"model": ErrorOut, "description": "Unknown key, municipality, indicator or area"},
}


def api_router() -> APIRouter:
    from sdgplan.web.api_download import download_routes
    from sdgplan.web.api_observations import observation_routes

    router = APIRouter(route_class=CachedRoute, dependencies=[Depends(language)], responses=ERRORS)
    _plan_routes(router)
    _indicator_routes(router)
    observation_routes(router)
    download_routes(router)
    return router


def chosen_municipality(session: Session, code: str | None) -> Municipality:
    """The municipality asked for (which must have data), or the only one stored."""
    stored = org_repo.stored_organisations(session)
    if code:
        found = org_repo.find_organisation(session, code)
        if all(o.number != found.number for o in stored):
            raise NotFound(
                _("Databasen har ingen data for {name} ({code})").format(
                    name=found.name, code=found.number
                )
            )
        return found
    if len(stored) == 1:
        return stored[0]
    if not stored:
        raise NotFound(_("Databasen har ingen kommuner"))
    raise ConfigError(
        _("Databasen har flere kommuner: oppgi parameteren municipality, en av {codes}").format(
            codes=", ".join(o.number for o in stored)
        )
    )


def _plan_routes(router: APIRouter) -> None:
    @router.get("/municipalities", response_model=list[MunicipalityOut], summary="Municipalities")
    def municipalities(session: DbSession) -> list[MunicipalityOut]:
        """The municipalities and organisations in the database."""
        return [
            MunicipalityOut(code=o.number, name=o.name, kind=o.kind.value, country=o.country)
            for o in org_repo.stored_organisations(session)
        ]

    @router.get("/plans", response_model=list[PlanOut], summary="Plans")
    def plans(session: DbSession, municipality: MunicipalityCode = None) -> list[PlanOut]:
        """The municipality's plans and their stored versions."""
        number = chosen_municipality(session, municipality).number
        summaries = [p for p in plan_repo.list_plans(session) if p.municipality == number]
        titles = list(dict.fromkeys(p.title for p in summaries))
        current = _current_version(session, number) if summaries else None
        return [
            PlanOut(
                municipality=number,
                title=title,
                versions=[
                    VersionOut(
                        kind=p.version.value, date=p.date, current=current == (title, p.version)
                    )
                    for p in summaries
                    if p.title == title
                ],
            )
            for title in titles
        ]

    @router.get("/focus-areas", response_model=list[FocusAreaOut], summary="Focus areas")
    def focus_areas(
        request: Request, session: DbSession, municipality: MunicipalityCode = None
    ) -> list[FocusAreaOut]:
        """The focus areas of the plan (the adopted version if stored), with their goals and
        strategies."""
        data = plan_data_for(request, session, municipality)
        return [_focus_area(data, area) for area in data.version.focus_areas]

    @router.get("/focus-areas/{key}", response_model=FocusAreaOut, summary="A focus area")
    def focus_area(
        key: str, request: Request, session: DbSession, municipality: MunicipalityCode = None
    ) -> FocusAreaOut:
        """One focus area by its key."""
        data = plan_data_for(request, session, municipality)
        return _focus_area(data, find_focus_area(data.version, key))

    @router.get("/goals", response_model=list[GoalOut], summary="Goals")
    def goals(
        request: Request,
        session: DbSession,
        municipality: MunicipalityCode = None,
        focus_area: Annotated[str | None, Query(description="Focus area key")] = None,
    ) -> list[GoalOut]:
        """Main goals and sub-goals in plan order, optionally of one focus area."""
        data = plan_data_for(request, session, municipality)
        areas = data.version.focus_areas
        if focus_area is not None:
            areas = [_area_by_key(data.version, focus_area)]
        return [_goal(data, area, goal) for area in areas for goal in _goals_of(area)]

    @router.get("/goals/{key}", response_model=GoalOut, summary="A goal")
    def goal(
        key: str, request: Request, session: DbSession, municipality: MunicipalityCode = None
    ) -> GoalOut:
        """One main goal or sub-goal by its key (`okonomi.1`)."""
        data = plan_data_for(request, session, municipality)
        area, found = _goal_by_key(data.version, key)
        return _goal(data, area, found)

    @router.get("/strategies", response_model=list[StrategyOut], summary="Strategies")
    def strategies(
        request: Request,
        session: DbSession,
        municipality: MunicipalityCode = None,
        goal: Annotated[str | None, Query(description="Sub-goal key")] = None,
    ) -> list[StrategyOut]:
        """Strategies in plan order, optionally of one sub-goal."""
        data = plan_data_for(request, session, municipality)
        if goal is not None:
            return _strategies(*_goal_by_key(data.version, goal))
        return [
            s for area in data.version.focus_areas for g in area.goals for s in _strategies(area, g)
        ]


def plan_data_for(request: Request, session: Session, municipality: str | None) -> PlanData:
    """The municipality's plan data, loaded once per revision of the data and shared with the
    pages (read-only)."""
    number = chosen_municipality(session, municipality).number
    data, _assessment = site_cache(request).plan(
        session, request_revision(request, session), number
    )
    return data


def _current_version(session: Session, number: str) -> tuple[str, VersionKind] | None:
    try:
        plan, version = plan_repo.load_plan_version(session, municipality=number)
    except ChoiceNeeded:  # several plans: the plan routes ask which
        return None
    return plan.title, version.kind


def _goals_of(area: FocusArea) -> list[Goal]:
    return [g for g in [area.main_goal, *area.goals] if g is not None]


def _area_by_key(version: PlanVersion, key: str) -> FocusArea:
    for area in version.focus_areas:
        if area.key == key:
            return area
    raise NotFound(
        _("Ukjent satsingsområde «{key}»; velg en av: {keys}").format(
            key=key, keys=", ".join(a.key for a in version.focus_areas)
        )
    )


def _goal_by_key(version: PlanVersion, key: str) -> tuple[FocusArea, Goal]:
    for area, goal in version.goals():
        if goal.key == key:
            return area, goal
    raise NotFound(_("Ukjent mål «{key}»").format(key=key))


def _measured_by(data: PlanData) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for indicator in data.indicators.indicators:
        for ref in indicator.goals:
            found.setdefault(ref.key, []).append(indicator.key)
    return found


def _focus_area(data: PlanData, area: FocusArea) -> FocusAreaOut:
    main = _goal(data, area, area.main_goal) if area.main_goal else None
    return FocusAreaOut(
        key=area.key,
        name=area.name,
        main_goal=main,
        goals=[_goal(data, area, g) for g in area.goals],
    )


def _goal(data: PlanData, area: FocusArea, goal: Goal) -> GoalOut:
    developing = {ref.key for ref in data.indicators.goals_under_development}
    return GoalOut(
        key=goal.key,
        level=(GoalLevel.MAIN if goal is area.main_goal else GoalLevel.SUB).value,
        text=goal.text,
        refs=[r.code for r in goal.refs],
        focus_area=area.key,
        under_development=goal.key in developing,
        indicators=_measured_by(data).get(goal.key, []),
        strategies=_strategies(area, goal),
    )


def _strategies(area: FocusArea, goal: Goal) -> list[StrategyOut]:
    return [
        StrategyOut(
            key=s.key,
            text=s.text,
            refs=[r.code for r in s.refs],
            goal=goal.key,
            focus_area=area.key,
        )
        for s in goal.strategies
    ]


def _indicator_routes(router: APIRouter) -> None:
    @router.get("/indicators", response_model=list[IndicatorOut], summary="Indicators")
    def indicators(
        session: DbSession,
        municipality: MunicipalityCode = None,
        focus_area: Annotated[str | None, Query(description="Focus area key")] = None,
        goal: Annotated[str | None, Query(description="Goal key (`okonomi.1`)")] = None,
    ) -> list[IndicatorOut]:
        """The key indicators, optionally those measuring a focus area's goals or one goal."""
        number = chosen_municipality(session, municipality).number
        found = load_indicators(session, municipality=number).indicators
        _check_plan_keys(session, number, focus_area, goal)
        return [
            _indicator_out(i)
            for i in found
            if (focus_area is None or any(r.key.split(".")[0] == focus_area for r in i.goals))
            and (goal is None or any(r.key == goal for r in i.goals))
        ]

    @router.get("/indicators/{key}", response_model=IndicatorOut, summary="An indicator")
    def indicator(
        key: str, session: DbSession, municipality: MunicipalityCode = None
    ) -> IndicatorOut:
        """One indicator by its key."""
        number = chosen_municipality(session, municipality).number
        for found in load_indicators(session, municipality=number).indicators:
            if found.key == key:
                return _indicator_out(found)
        raise NotFound(_("Ukjent indikator «{key}»").format(key=key))


def _check_plan_keys(
    session: Session, number: str, focus_area: str | None, goal: str | None
) -> None:
    """NotFound for a focus area or goal key the stored plan does not have (none is checked
    when no plan is stored)."""
    if focus_area is None and goal is None:
        return
    try:
        version = plan_repo.load_plan_version(session, municipality=number)[1]
    except NotFound:
        return
    if focus_area is not None:
        _area_by_key(version, focus_area)
    if goal is not None:
        _goal_by_key(version, goal)


def _indicator_out(indicator: Indicator) -> IndicatorOut:
    return IndicatorOut(
        key=indicator.key,
        name=indicator.name,
        unit=indicator.unit,
        direction=indicator.direction.value if indicator.direction else None,
        threshold=str(indicator.threshold) if indicator.threshold else None,
        scale=str(indicator.scale) if indicator.scale else None,
        source=indicator.source,
        notes=indicator.notes,
        goals=[
            GoalLinkOut(key=r.key if r.resolved else "", focus_area=r.focus_area, goal=r.goal)
            for r in indicator.goals
        ],
    )
