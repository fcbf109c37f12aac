"""Saving and loading action programmes (store/tables_programme.py). The caller owns the
transaction and writes the change log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from sdgplan.domain.programme import (
    ECONOMY_FIELDS,
    Amounts,
    Change,
    ChangeAction,
    Economy,
    Financing,
    Investment,
    Measure,
    MeasureKind,
    Period,
    Programme,
    ProgrammeVersion,
    ServiceArea,
    VersionKind,
    amount_text,
)
from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.store.tables_programme import (
    ProgrammeInvestmentRow,
    ProgrammeLineRow,
    ProgrammeRow,
    ProgrammeServiceAreaRow,
    ProgrammeVersionRow,
)


def periods(session: Session, municipality: str) -> list[str]:
    """The periods of the municipality's stored programmes, oldest first."""
    return list(
        session.scalars(
            select(ProgrammeRow.period)
            .where(ProgrammeRow.municipality_number == municipality)
            .order_by(ProgrammeRow.period)
        )
    )


def _row(session: Session, municipality: str, period: str) -> ProgrammeRow | None:
    return session.scalars(
        select(ProgrammeRow)
        .where(ProgrammeRow.municipality_number == municipality, ProgrammeRow.period == period)
        .options(
            selectinload(ProgrammeRow.service_areas),
            selectinload(ProgrammeRow.investments),
            selectinload(ProgrammeRow.versions).selectinload(ProgrammeVersionRow.lines),
        )
    ).one_or_none()


def find_programme(session: Session, municipality: str, period: str) -> Programme | None:
    row = _row(session, municipality, period)
    return _programme(row) if row else None


def load_programme(session: Session, municipality: str, period: str) -> Programme:
    """The stored programme; NotFound naming the periods there are."""
    found = find_programme(session, municipality, period)
    if found is None:
        stored = ", ".join(periods(session, municipality)) or _("ingen")
        raise NotFound(
            _("Fant ikke handlingsprogrammet {period} for {municipality}").format(
                period=period, municipality=municipality
            ),
            hint=_("Lagrede perioder: {periods}").format(periods=stored),
        )
    return found


def save_programme(session: Session, programme: Programme, *, who: str) -> None:
    """Store the programme, replacing a stored one of the same period."""
    delete_programme(session, programme.municipality, str(programme.period))
    row = ProgrammeRow(
        municipality_number=programme.municipality,
        period=str(programme.period),
        title=programme.title,
        illustrative=programme.illustrative,
        economy={
            str(year): {f: amount_text(getattr(e, f)) for f in ECONOMY_FIELDS}
            for year, e in programme.economy.items()
        },
        rules=dict(programme.rules),
        imported_at=dt.datetime.now(dt.UTC),
        imported_by=who,
    )
    row.service_areas = [
        ProgrammeServiceAreaRow(
            position=i,
            key=a.key,
            name=a.name,
            frames=_json(a.frames),
            staff=_json(a.staff),
            shares=_json(a.shares),
        )
        for i, a in enumerate(programme.service_areas)
    ]
    row.investments = [
        ProgrammeInvestmentRow(
            position=i,
            key=p.key,
            name=p.name,
            service_area=p.service_area,
            amounts=_json(p.amounts),
            financing={source: _json(a) for source, a in p.financing.items()},
        )
        for i, p in enumerate(programme.investments)
    ]
    row.versions = [_version_row(i, v) for i, v in enumerate(programme.versions)]
    session.add(row)
    session.flush()


def delete_programme(session: Session, municipality: str, period: str) -> bool:
    row = _row(session, municipality, period)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def delete_municipality_programmes(session: Session, municipality: str) -> int:
    """Delete every programme of the municipality (before the municipality itself); returns
    how many there were."""
    stored = periods(session, municipality)
    for period in stored:
        delete_programme(session, municipality, period)
    return len(stored)


def _version_row(position: int, version: ProgrammeVersion) -> ProgrammeVersionRow:
    lines = [_measure_line("measure", m) for m in version.measures]
    for change in version.changes:
        if change.measure is not None:
            lines.append(_measure_line(change.action.value, change.measure))
        else:
            amounts = _json(change.amounts) if change.action is ChangeAction.CHANGE else None
            lines.append(
                ProgrammeLineRow(action=change.action.value, key=change.key, amounts=amounts)
            )
    lines += [
        ProgrammeLineRow(action="financing", key=f.key, text=f.text, amounts=_json(f.amounts))
        for f in version.financing
    ]
    for i, line in enumerate(lines):
        line.position = i
    return ProgrammeVersionRow(
        position=position,
        key=version.key,
        kind=version.kind.value,
        party=version.party,
        base=version.base,
        date=version.date,
        lines=lines,
    )


def _measure_line(action: str, m: Measure) -> ProgrammeLineRow:
    return ProgrammeLineRow(
        action=action,
        key=m.key,
        kind=m.kind.value,
        service_area=m.service_area,
        text=m.text,
        goals=list(m.goals),
        amounts=_json(m.amounts),
    )


def _json(amounts: Mapping[int, Decimal]) -> dict[str, str]:
    return {str(year): amount_text(a) for year, a in sorted(amounts.items())}


def _amounts(data: Mapping[str, str] | None) -> Amounts:
    return {int(year): Decimal(text) for year, text in (data or {}).items()}


def _programme(row: ProgrammeRow) -> Programme:
    return Programme(
        municipality=row.municipality_number,
        period=Period.parse(row.period),
        title=row.title,
        illustrative=row.illustrative,
        service_areas=tuple(
            ServiceArea(a.key, a.name, _amounts(a.frames), _amounts(a.staff), _amounts(a.shares))
            for a in row.service_areas
        ),
        investments=tuple(
            Investment(
                p.key,
                p.name,
                _amounts(p.amounts),
                p.service_area,
                {source: _amounts(a) for source, a in p.financing.items()},
            )
            for p in row.investments
        ),
        economy={
            int(year): Economy(**{f: Decimal(figures[f]) for f in ECONOMY_FIELDS})
            for year, figures in row.economy.items()
        },
        rules=dict(row.rules),
        versions=tuple(_version(v) for v in row.versions),
    )


def _version(row: ProgrammeVersionRow) -> ProgrammeVersion:
    measures: list[Measure] = []
    changes: list[Change] = []
    financing: list[Financing] = []
    for line in row.lines:
        if line.action == "financing":
            financing.append(Financing(line.key, line.text or "", _amounts(line.amounts)))
        elif line.action == "measure":
            measures.append(_measure(line))
        elif line.action == ChangeAction.ADD:
            changes.append(Change(ChangeAction.ADD, line.key, measure=_measure(line)))
        else:
            changes.append(
                Change(ChangeAction(line.action), line.key, amounts=_amounts(line.amounts))
            )
    return ProgrammeVersion(
        key=row.key,
        kind=VersionKind(row.kind),
        party=row.party,
        base=row.base,
        measures=tuple(measures),
        changes=tuple(changes),
        financing=tuple(financing),
        date=row.date,
    )


def _measure(line: ProgrammeLineRow) -> Measure:
    return Measure(
        key=line.key,
        text=line.text or "",
        kind=MeasureKind(line.kind or MeasureKind.NEW),
        amounts=_amounts(line.amounts),
        service_area=line.service_area,
        goals=tuple(line.goals or ()),
    )
