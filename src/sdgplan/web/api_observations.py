"""Observations as open data: a JSON page, the whole selection as CSV or JSON-stat, and the
assessment of a year. The rows are those of the export (`exporters.observations`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from sdgplan.domain.indicators import IndicatorSet, ObservationStatus
from sdgplan.domain.periods import period_years
from sdgplan.errors import ConfigError, NotFound
from sdgplan.exporters.assessment import assessment_records
from sdgplan.exporters.observations import dump_csv, observation_rows
from sdgplan.i18n import _, current_language
from sdgplan.plan_data import assess, load_key_figures
from sdgplan.web import jsonstat
from sdgplan.web.api import DbSession, MunicipalityCode, chosen_municipality, plan_data_for
from sdgplan.web.api_cache import revision_cache
from sdgplan.web.api_models import (
    AssessmentOut,
    AssessmentRecordOut,
    ObservationOut,
    ObservationPage,
)
from sdgplan.web.deps import request_revision

MAX_LIMIT = 10_000
TOTAL = "_total"  # the JSON-stat category of observations without a breakdown


def _listed(description: str) -> Any:
    return Query(description=f"{description}; repeat the parameter or give a comma list")


@dataclass(frozen=True)
class Filters:
    indicator: tuple[str, ...]
    area: tuple[str, ...]
    period: tuple[str, ...]
    status: tuple[str, ...]


def observation_filters(
    indicator: Annotated[list[str] | None, _listed("Indicator keys")] = None,
    area: Annotated[list[str] | None, _listed("Area codes (`3203`, `NO`, a district key)")] = None,
    period: Annotated[list[str] | None, _listed("Periods (`2022`, `2018-2019`)")] = None,
    status: Annotated[
        list[str] | None, _listed("Statuses: measured, not_measured, pending, under_development")
    ] = None,
) -> Filters:
    filters = Filters(_split(indicator), _split(area), _split(period), _split(status))
    for value in filters.period:
        try:
            period_years(value)
        except ValueError as e:
            raise ConfigError(_("Parameteren period: {reason}").format(reason=e)) from None
    words = [s.value for s in ObservationStatus]
    for value in filters.status:
        if value not in words:
            raise ConfigError(
                _("Parameteren status: ukjent status «{value}»; velg blant {words}").format(
                    value=value, words=", ".join(words)
                )
            )
    return filters


def _split(values: list[str] | None) -> tuple[str, ...]:
    parts = (part.strip() for value in values or [] for part in value.split(","))
    return tuple(dict.fromkeys(p for p in parts if p))


ObservationFilters = Annotated[Filters, Depends(observation_filters)]


@dataclass(frozen=True)
class KeyRows:
    """A municipality's observations as export rows in the API's order, with the indicator
    keys and area codes it has: loaded once per revision of the data (read-only)."""

    number: str
    name: str
    indicators: IndicatorSet
    keys: frozenset[str]
    codes: frozenset[str]
    rows: list[dict[str, Any]]


@dataclass
class Selection:
    number: str
    name: str
    rows: list[dict[str, Any]]


def key_rows(request: Request, session: Session, municipality: str | None) -> KeyRows:
    chosen = chosen_municipality(session, municipality)
    return revision_cache(request.app).loaded(
        request_revision(request, session),
        ("rows", chosen.number),
        lambda: _load_rows(session, chosen.number, chosen.name),
    )


def _load_rows(session: Session, number: str, name: str) -> KeyRows:
    figures = load_key_figures(session, municipality=number)
    keys = [i.key for i in figures.indicators.indicators]
    order = {key: i for i, key in enumerate(keys)}
    rows = observation_rows(number, figures.indicators, figures.observations)
    rows.sort(key=lambda r: (order[r["indicator_id"]], r["area"], r["period"], r["breakdown"]))
    codes = frozenset(a.code for a in figures.indicators.areas)
    return KeyRows(number, name, figures.indicators, frozenset(keys), codes, rows)


def select(
    request: Request, session: Session, municipality: str | None, filters: Filters
) -> Selection:
    """The observations of the municipality that the filters select; NotFound for an
    unknown indicator or area."""
    found = key_rows(request, session, municipality)
    for key in filters.indicator:
        if key not in found.keys:
            raise NotFound(_("Ukjent indikator «{key}»").format(key=key))
    for code in filters.area:
        if code not in found.codes:
            raise NotFound(_("Ukjent område «{code}»").format(code=code))
    rows = [
        row
        for row in found.rows
        if (not filters.indicator or row["indicator_id"] in filters.indicator)
        and (not filters.area or row["area"] in filters.area)
        and (not filters.period or row["period"] in filters.period)
        and (not filters.status or row["status"] in filters.status)
    ]
    return Selection(found.number, found.name, rows)


def observation_page(
    request: Request, rows: list[dict[str, Any]], limit: int, offset: int
) -> ObservationPage:
    """A page of `rows`; `next` is the request's URL with the following offset."""
    following = offset + limit
    return ObservationPage(
        total=len(rows),
        limit=limit,
        offset=offset,
        next=str(request.url.include_query_params(offset=following))
        if following < len(rows)
        else None,
        items=[ObservationOut(**row) for row in rows[offset:following]],
    )


def csv_download(selection: Selection, name: str) -> Response:
    """The selection as a CSV file named `name`."""
    return Response(
        dump_csv(selection.rows), media_type="text/csv; charset=utf-8", headers=attachment(name)
    )


def attachment(name: str) -> dict[str, str]:
    """The header that makes a browser save the answer as `name` (made safe for it)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
    return {"Content-Disposition": f'attachment; filename="{safe}"'}


def observation_routes(router: APIRouter) -> None:
    @router.get("/observations", response_model=ObservationPage, summary="Observations")
    def observations(
        request: Request,
        session: DbSession,
        filters: ObservationFilters,
        municipality: MunicipalityCode = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size")] = 1000,
        offset: Annotated[int, Query(ge=0, le=10**9, description="Items to skip")] = 0,
    ) -> ObservationPage:
        """Observations in a stable order (indicator as in the plan, area, period,
        breakdown), a page at a time; `next` links the following page."""
        rows = select(request, session, municipality, filters).rows
        return observation_page(request, rows, limit, offset)

    @router.get(
        "/observations.csv",
        response_class=Response,
        summary="Observations as CSV",
        responses={200: {"content": {"text/csv": {}}, "description": "CSV with a header"}},
    )
    def observations_csv(
        request: Request,
        session: DbSession,
        filters: ObservationFilters,
        municipality: MunicipalityCode = None,
    ) -> Response:
        """Every observation the filters select, in the columns of `sdgplan export
        observations` (docs/formats.md); text a spreadsheet would run as a formula is
        neutralised."""
        selection = select(request, session, municipality, filters)
        return csv_download(selection, f"observations-{selection.number}.csv")

    @router.get(
        "/observations.jsonstat",
        response_class=JSONResponse,
        summary="Observations as JSON-stat 2.0",
        responses={200: {"description": "A JSON-stat 2.0 dataset"}},
    )
    def observations_jsonstat(
        request: Request,
        session: DbSession,
        filters: ObservationFilters,
        municipality: MunicipalityCode = None,
    ) -> JSONResponse:
        """Every observation the filters select as a JSON-stat 2.0 dataset with the
        dimensions indicator, area and period (and breakdown when the selection has one)."""
        selection = select(request, session, municipality, filters)
        return JSONResponse(observations_dataset(selection))

    @router.get("/assessments", response_model=AssessmentOut, summary="Assessment of a year")
    def assessments(
        request: Request,
        session: DbSession,
        municipality: MunicipalityCode = None,
        year: Annotated[
            int | None,
            Query(ge=1900, le=2200, description="Year (default: the latest with key figures)"),
        ] = None,
    ) -> AssessmentOut:
        """Each indicator's verdict, the roll-ups to goals, focus areas and SDGs, and the
        coverage findings, with reasons in the language of `lang`."""
        data = plan_data_for(request, session, municipality)
        assessment = assess(data, year=year)
        return AssessmentOut(
            municipality=data.number,
            year=assessment.year,
            language=current_language(),
            records=[AssessmentRecordOut(**r) for r in assessment_records(assessment)],
        )


def observations_dataset(selection: Selection) -> dict[str, Any]:
    rows = selection.rows
    indicators: dict[str, str] = {}
    units: dict[str, dict[str, Any]] = {}
    areas: dict[str, str] = {}
    for row in rows:
        indicators.setdefault(row["indicator_id"], row["indicator"])
        unit = units.setdefault(row["indicator_id"], {"label": row["unit"], "decimals": 0})
        unit["decimals"] = max(unit["decimals"], row["decimals"])
        areas.setdefault(row["area"], row["area_name"])
    periods = sorted({row["period"] for row in rows})
    dimensions = [
        jsonstat.Dimension("indicator", _("Indikator"), indicators, "metric", units),
        jsonstat.Dimension("area", _("Område"), areas, "geo"),
        jsonstat.Dimension("period", _("Periode"), {p: p for p in periods}, "time"),
    ]
    breakdowns = sorted({row["breakdown"] for row in rows})
    if any(breakdowns):
        labels = {b or TOTAL: b or _("I alt") for b in breakdowns}
        dimensions.append(jsonstat.Dimension("breakdown", _("Fordeling"), labels))
    cells = [
        jsonstat.Cell(
            (row["indicator_id"], row["area"], row["period"], row["breakdown"] or TOTAL)[
                : len(dimensions)
            ],
            row["value"],
            None if row["status"] == ObservationStatus.MEASURED else row["status"],
        )
        for row in rows
    ]
    label = _("Nøkkeltall for {name}").format(name=selection.name)
    return jsonstat.dataset(label, dimensions, cells)
