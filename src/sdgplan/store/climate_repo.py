"""Saving and loading climate budgets (issue 14). The caller owns the transaction and the
change log (sdgplan.climate)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sdgplan.domain.climate import (
    Basis,
    ClimateBudget,
    ClimateMeasure,
    ClimateTarget,
    Emission,
    MeasureStatus,
    PathPoint,
    Sector,
)
from sdgplan.store.tables_climate import ClimateEmissionRow, ClimateMeasureRow, ClimateTargetRow


def load_budget(session: Session, municipality: str) -> ClimateBudget:
    """The stored target, emissions (by year and sector) and measures (in their order)."""
    return ClimateBudget(
        target=load_target(session, municipality),
        emissions=tuple(load_emissions(session, municipality)),
        measures=tuple(load_measures(session, municipality)),
    )


def load_target(session: Session, municipality: str) -> ClimateTarget | None:
    row = session.get(ClimateTargetRow, municipality)
    if row is None:
        return None
    path = tuple(PathPoint(int(year), float(tonnes)) for year, tonnes in row.path or [])
    return ClimateTarget(
        reference_year=row.reference_year,
        target_year=row.target_year,
        reduction_percent=row.reduction_percent,
        path=path,
        source=row.source,
    )


def save_target(session: Session, municipality: str, target: ClimateTarget) -> None:
    row = session.get(ClimateTargetRow, municipality) or ClimateTargetRow(
        municipality_number=municipality
    )
    row.reference_year = target.reference_year
    row.target_year = target.target_year
    row.reduction_percent = target.reduction_percent
    row.path = [[p.year, p.ceiling] for p in target.path] or None
    row.source = target.source
    session.add(row)
    session.flush()


def load_emissions(session: Session, municipality: str) -> list[Emission]:
    order = list(Sector)
    rows = session.scalars(
        select(ClimateEmissionRow).where(ClimateEmissionRow.municipality_number == municipality)
    )
    found = [
        Emission(r.year, Sector(r.sector), r.tonnes, Basis(r.basis), r.note) for r in rows.all()
    ]
    return sorted(found, key=lambda e: (e.year, order.index(e.sector)))


def replace_years(session: Session, municipality: str, emissions: Iterable[Emission]) -> None:
    """Store `emissions`, replacing every stored figure of the years they cover."""
    given = list(emissions)
    years = sorted({e.year for e in given})
    session.execute(
        delete(ClimateEmissionRow).where(
            ClimateEmissionRow.municipality_number == municipality,
            ClimateEmissionRow.year.in_(years),
        )
    )
    session.add_all(
        ClimateEmissionRow(
            municipality_number=municipality,
            year=e.year,
            sector=e.sector.value,
            tonnes=e.tonnes,
            basis=e.basis.value,
            note=e.note,
        )
        for e in given
    )
    session.flush()


def load_measures(session: Session, municipality: str) -> list[ClimateMeasure]:
    rows = session.scalars(
        select(ClimateMeasureRow)
        .where(ClimateMeasureRow.municipality_number == municipality)
        .order_by(ClimateMeasureRow.position)
    )
    return [
        ClimateMeasure(
            key=r.key,
            name=r.name,
            effect=r.effect,
            start_year=r.start_year,
            status=MeasureStatus(r.status),
            owner=r.owner,
            sector=Sector(r.sector) if r.sector else None,
            end_year=r.end_year,
            illustrative=r.illustrative,
            note=r.note,
        )
        for r in rows.all()
    ]


def replace_measures(
    session: Session, municipality: str, measures: Iterable[ClimateMeasure]
) -> None:
    """Store `measures` as the budget's whole list, in their order."""
    session.execute(
        delete(ClimateMeasureRow).where(ClimateMeasureRow.municipality_number == municipality)
    )
    session.flush()
    session.add_all(
        ClimateMeasureRow(
            municipality_number=municipality,
            key=m.key,
            position=position,
            name=m.name,
            sector=m.sector.value if m.sector else None,
            effect=m.effect,
            start_year=m.start_year,
            end_year=m.end_year,
            owner=m.owner,
            status=m.status.value,
            illustrative=m.illustrative,
            note=m.note,
        )
        for position, m in enumerate(measures)
    )
    session.flush()


def delete_municipality_climate(session: Session, municipality: str) -> None:
    """Delete the municipality's climate budget (with its data: `sdgplan delete municipality`)."""
    for table in (ClimateEmissionRow, ClimateMeasureRow, ClimateTargetRow):
        session.execute(delete(table).where(table.municipality_number == municipality))
    session.flush()
