"""Downloads at plain paths, without a query string, so a static copy of the site can save
them as files: an indicator's observations as CSV or JSON, and a zip of all of a
municipality's data with a README of the columns. Each comes in two forms: without a
municipality (the database holds one) and under `/municipalities/{code}/`."""

from __future__ import annotations

import io
import zipfile
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from sqlalchemy.orm import Session

from sdgplan.domain.plan import VersionKind
from sdgplan.errors import NotFound
from sdgplan.exporters import assessment as assessment_export
from sdgplan.exporters import plan as plan_export
from sdgplan.exporters.indicators import flat_row, indicators_to_dict
from sdgplan.exporters.observations import dump_csv
from sdgplan.exporters.writers import csv_text
from sdgplan.importers.indicators.xlsx import SHEETS
from sdgplan.plan_data import PlanData, assess
from sdgplan.web.api import DbSession, plan_data_for
from sdgplan.web.api_models import ObservationPage
from sdgplan.web.api_observations import (
    Filters,
    attachment,
    csv_download,
    key_rows,
    observation_page,
    select,
)
from sdgplan.web.api_readme import FILES, PlanFacts, readme

Code = Annotated[str, Path(description="Municipality number or organisation code (`3203`)")]
Key = Annotated[str, Path(description="Indicator key (`okonomi-disposisjonsfond`)")]
CSV_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "CSV with a header"}
}
ZIP_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/zip": {}}, "description": "A zip of CSV files"}
}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # every entry's date: the same data give the same bytes
ONE = "only municipality"
OF_SEVERAL = "one of several municipalities"


def download_routes(router: APIRouter) -> None:
    @router.get(
        "/indicators/{key}/observations.csv",
        summary=f"CSV of an indicator ({ONE})",
        response_class=Response,
        responses=CSV_ANSWER,
    )
    def indicator_csv(request: Request, session: DbSession, key: Key) -> Response:
        """The indicator's observations as `/observations.csv?indicator=KEY` gives them."""
        return _indicator_csv(request, session, None, key)

    @router.get(
        "/municipalities/{code}/indicators/{key}/observations.csv",
        summary=f"CSV of an indicator ({OF_SEVERAL})",
        response_class=Response,
        responses=CSV_ANSWER,
    )
    def municipality_indicator_csv(
        request: Request, session: DbSession, code: Code, key: Key
    ) -> Response:
        """The indicator's observations as `/observations.csv?indicator=KEY&municipality=CODE`
        gives them."""
        return _indicator_csv(request, session, code, key)

    @router.get(
        "/indicators/{key}/observations.json",
        response_model=ObservationPage,
        summary=f"JSON of an indicator ({ONE})",
    )
    def indicator_json(
        request: Request, response: Response, session: DbSession, key: Key
    ) -> ObservationPage:
        """The indicator's observations as `/observations?indicator=KEY` gives them, all on
        one page."""
        return _indicator_json(request, response, session, None, key)

    @router.get(
        "/municipalities/{code}/indicators/{key}/observations.json",
        response_model=ObservationPage,
        summary=f"JSON of an indicator ({OF_SEVERAL})",
    )
    def municipality_indicator_json(
        request: Request, response: Response, session: DbSession, code: Code, key: Key
    ) -> ObservationPage:
        """The indicator's observations as `/observations?indicator=KEY&municipality=CODE`
        gives them, all on one page."""
        return _indicator_json(request, response, session, code, key)

    @router.get(
        "/data.zip",
        summary=f"All data as a zip ({ONE})",
        response_class=Response,
        responses=ZIP_ANSWER,
    )
    def data_zip(request: Request, session: DbSession) -> Response:
        """Plan, indicators, areas, observations and assessment as CSV files, with a
        README.md describing each file and column (in the language of `lang`)."""
        return _data_zip(request, session, None)

    @router.get(
        "/municipalities/{code}/data.zip",
        summary=f"All data as a zip ({OF_SEVERAL})",
        response_class=Response,
        responses=ZIP_ANSWER,
    )
    def municipality_data_zip(request: Request, session: DbSession, code: Code) -> Response:
        """Plan, indicators, areas, observations and assessment of the municipality as CSV
        files, with a README.md describing each file and column."""
        return _data_zip(request, session, code)


def _indicator_csv(request: Request, session: Session, code: str | None, key: str) -> Response:
    selection = select(request, session, code, _only(key))
    return csv_download(selection, f"observations-{selection.number}-{key}.csv")


def _indicator_json(
    request: Request, response: Response, session: Session, code: str | None, key: str
) -> ObservationPage:
    selection = select(request, session, code, _only(key))
    response.headers.update(attachment(f"observations-{selection.number}-{key}.json"))
    return observation_page(request, selection.rows, max(len(selection.rows), 1), 0)


def _only(key: str) -> Filters:
    return Filters(indicator=(key,), area=(), period=(), status=())


def _data_zip(request: Request, session: Session, code: str | None) -> Response:
    found = key_rows(request, session, code)
    files: dict[str, str] = {}
    facts = None
    try:
        data: PlanData | None = plan_data_for(request, session, found.number)
    except NotFound:  # key figures without a plan
        data = None
    if data is not None:
        assessment = assess(data)
        version = data.version
        facts = PlanFacts(
            title=data.plan.title,
            adopted=version.kind == VersionKind.ADOPTED,
            date=version.date.isoformat() if version.date else None,
            year=assessment.year,
        )
        files["focus-areas.csv"] = csv_text(
            list(FILES["focus-areas.csv"][1]), ([a.key, a.name] for a in version.focus_areas)
        )
        files["plan.csv"] = plan_export.dump_csv(data.plan, version)
    plain = indicators_to_dict(found.indicators, municipality=found.number)
    files["indicators.csv"] = _sheet("indicators", [flat_row(i) for i in plain["indicators"]])
    files["areas.csv"] = _sheet("areas", plain["areas"])
    files["observations.csv"] = dump_csv(found.rows)
    if data is not None:
        records = assessment_export.assessment_records(assessment)
        files["assessment.csv"] = assessment_export.dump_csv(records)
    names = [name for name in FILES if name in files]
    text = readme(found.name, found.number, names, facts)
    return Response(
        _zipped({"README.md": text, **{name: files[name] for name in names}}),
        media_type="application/zip",
        headers=attachment(f"sdgplan-{found.number}.zip"),
    )


def _sheet(name: str, rows: list[dict[str, Any]]) -> str:
    """Rows as CSV in the columns of the indicator workbook's sheet `name`."""
    columns = SHEETS[name]
    return csv_text(columns, ([row.get(c) for c in columns] for row in rows))


def _zipped(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            entry = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, text.encode("utf-8"))
    return out.getvalue()
