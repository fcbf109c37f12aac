"""The reporting round (issue 12, item 7): an admin opens a round for a year's report (or
the four-year report) with a deadline and the objects it expects, each with its owner; the
board shows what is filled, pending, missing or late; an approver signs it off, which freezes
the data as a snapshot (`snapshots.py`) the report can be rebuilt from exactly.

The board and to-do lists are in `board.py`, reminders in `reminders.py`, sign-off in
`signoff.py`, the report from a snapshot in `snapshot_report.py`. The caller owns the
transaction; every write is logged (entity `round`, key the round's id).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from sdgplan.domain.narrative import period_text
from sdgplan.domain.users import User
from sdgplan.editing import snapshots
from sdgplan.editing.kinds.common import goal_focus_areas
from sdgplan.editing.kinds.narrative import label
from sdgplan.editing.permissions import Action, may, require
from sdgplan.editing.subjects import Subject, kind_of
from sdgplan.errors import ConfigError, Conflict, NotFound
from sdgplan.i18n import _
from sdgplan.reports.periods import council_term
from sdgplan.store import change_log, indicator_repo, org_repo, plan_repo, user_repo
from sdgplan.store.tables import RoundItemRow, RoundRow

ANNUAL, FOUR_YEAR = "annual", "four-year"
KINDS = (ANNUAL, FOUR_YEAR)
OPEN, SIGNED_OFF = "open", "signed_off"
ENTITY = "round"
FIRST_YEAR, LAST_YEAR = 1990, 2200


@dataclass(frozen=True)
class RoundItem:
    position: int
    subject: str  # `observations:KEY`, `narrative:LABEL`
    focus_area: str | None  # its key
    owner: str | None  # a user name


@dataclass(frozen=True)
class Round:
    id: int
    municipality: str
    kind: str
    year: int
    deadline: dt.date
    status: str
    opened_by: str
    opened_at: dt.datetime
    signed_off_by: str | None
    signed_off_at: dt.datetime | None
    items: tuple[RoundItem, ...]
    versions: tuple[int, ...]  # of its snapshots, oldest first

    @property
    def period(self) -> str:
        return round_period(self.kind, self.year)


def round_period(kind: str, year: int) -> str:
    """The period the round's texts are written for: `2023`, or the council term
    `2020-2023` of a four-year report with figures up to `year`."""
    return str(year) if kind == ANNUAL else period_text(*council_term(year))


def open_round(
    session: Session,
    user: User | None,
    municipality: str,
    *,
    kind: str,
    year: int,
    deadline: dt.date,
    owners: Mapping[str, str] | None = None,
    items: Sequence[Subject] | None = None,
) -> Round:
    """Open a round. `owners` maps a focus-area key or an indicator key to a user name (an
    indicator's own owner wins over its focus area's); `items` default to every indicator
    of the plan's goals and a text per focus area for the round's period."""
    number = org_repo.find_organisation(session, municipality).number
    admin = require(user, Action.MANAGE, number)
    if kind not in KINDS:
        raise ConfigError(_("Ukjent rapporttype: {kind}").format(kind=repr(kind)))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ConfigError(_("Ugyldig år: {year}").format(year=year))
    _refuse_second_round(session, number, kind, year)
    expected = (
        default_items(session, number, kind, year)
        if items is None
        else _placed(session, number, items)
    )
    named = _owners(session, number, owners or {}, expected)
    row = RoundRow(
        municipality_number=number,
        kind=kind,
        year=year,
        deadline=deadline,
        status=OPEN,
        opened_by=admin.name,
        opened_at=dt.datetime.now(dt.UTC),
    )
    row.items = [
        RoundItemRow(
            position=position,
            subject=str(subject),
            focus_area_key=area,
            owner=_owner_of(named, subject, area),
        )
        for position, (subject, area) in enumerate(expected)
    ]
    session.add(row)
    session.flush()
    opened = round_of(row, ())
    log_step(session, admin, opened, "open", new=_summary(opened))
    return opened


def default_items(
    session: Session, municipality: str, kind: str, year: int
) -> list[tuple[Subject, str | None]]:
    """Per focus area of the plan: its text for the period, then its indicators (those
    measuring one of its goals; an indicator of several focus areas counts in the first)."""
    _plan, version = plan_repo.load_plan_version(session, municipality=municipality)
    goal_areas = goal_focus_areas(session, municipality)
    indicators = indicator_repo.load_indicator_set(session, municipality).indicators
    first_area = {
        indicator.key: areas[0]
        for indicator in indicators
        if (areas := [goal_areas[g.key] for g in indicator.goals if g.key in goal_areas])
    }
    period = round_period(kind, year)
    found: list[tuple[Subject, str | None]] = []
    for area in version.focus_areas:
        found.append((Subject("narrative", label(area.name, period)), area.key))
        found += [
            (Subject("observations", i.key), area.key)
            for i in indicators
            if first_area.get(i.key) == area.key
        ]
    return found


def _placed(
    session: Session, municipality: str, subjects: Sequence[Subject]
) -> list[tuple[Subject, str | None]]:
    """The given objects with the first of their focus areas in the plan's order."""
    owner = org_repo.find_organisation(session, municipality)
    try:
        _plan, version = plan_repo.load_plan_version(session, municipality=municipality)
        order = [area.key for area in version.focus_areas]
    except NotFound:
        order = []
    placed: list[tuple[Subject, str | None]] = []
    for subject in dict.fromkeys(subjects):
        areas = kind_of(subject).focus_areas(session, owner, subject.key) or frozenset()
        placed.append((subject, next((key for key in order if key in areas), None)))
    return placed


def _owners(
    session: Session,
    municipality: str,
    owners: Mapping[str, str],
    expected: list[tuple[Subject, str | None]],
) -> dict[str, str]:
    """Focus-area or indicator key -> the stored user's name; each key and user checked."""
    keys = {area for _subject, area in expected if area} | {
        subject.key for subject, _area in expected if subject.kind == "observations"
    }
    unknown = sorted(set(owners) - keys)
    if unknown:
        raise ConfigError(
            _("Ukjent satsingsområde eller indikator i runden: {keys}").format(
                keys=", ".join(unknown)
            )
        )
    named: dict[str, str] = {}
    for key, name in owners.items():
        found = user_repo.find_user(session, name.strip())
        if found is None:
            raise NotFound(_("Ukjent bruker: {name}").format(name=repr(name[:100])))
        if found.municipality not in (None, municipality):
            raise ConfigError(
                _("{name} hører til en annen kommune ({number})").format(
                    name=found.name, number=found.municipality
                )
            )
        named[key] = found.name
    return named


def _owner_of(named: dict[str, str], subject: Subject, area: str | None) -> str | None:
    """An indicator's own owner, else its focus area's."""
    own = named.get(subject.key) if subject.kind == "observations" else None
    return own or (named.get(area) if area else None)


def _refuse_second_round(session: Session, municipality: str, kind: str, year: int) -> None:
    existing = session.scalar(
        select(RoundRow.id).where(
            RoundRow.municipality_number == municipality,
            RoundRow.kind == kind,
            RoundRow.year == year,
        )
    )
    if existing is not None:
        raise Conflict(
            _("Det finnes allerede en runde for {report} {year}: runde {id}").format(
                report=kind_name(kind), year=year, id=existing
            )
        )


def kind_name(kind: str) -> str:
    return _("årsrapporten") if kind == ANNUAL else _("fireårsrapporten")


def list_rounds(
    session: Session, user: User | None, municipality: str | None = None
) -> list[Round]:
    """The rounds the user may see (of one municipality if given), newest first."""
    query = select(RoundRow).options(selectinload(RoundRow.items))
    if municipality is not None:
        number = org_repo.find_organisation(session, municipality).number
        require(user, Action.READ_DRAFTS, number)
        query = query.where(RoundRow.municipality_number == number)
    rows = session.scalars(query.order_by(RoundRow.year.desc(), RoundRow.id.desc())).all()
    return [
        round_of(row, snapshots.versions(session, row.id))
        for row in rows
        if may(user, Action.READ_DRAFTS, row.municipality_number)
    ]


def get_round(session: Session, user: User | None, round_id: int) -> Round:
    """The round, if the user may see it; NotFound if there is none."""
    row = round_row(session, round_id)
    require(user, Action.READ_DRAFTS, row.municipality_number)
    return round_of(row, snapshots.versions(session, row.id))


def round_row(session: Session, round_id: int) -> RoundRow:
    row = session.get(RoundRow, round_id)
    if row is None:
        raise NotFound(_("Ukjent runde: {id}").format(id=round_id))
    return row


def round_of(row: RoundRow, versions: Sequence[int]) -> Round:
    return Round(
        id=row.id,
        municipality=row.municipality_number,
        kind=row.kind,
        year=row.year,
        deadline=row.deadline,
        status=row.status,
        opened_by=row.opened_by,
        opened_at=row.opened_at,
        signed_off_by=row.signed_off_by,
        signed_off_at=row.signed_off_at,
        items=tuple(
            RoundItem(item.position, item.subject, item.focus_area_key, item.owner)
            for item in row.items
        ),
        versions=tuple(versions),
    )


def _summary(current: Round) -> dict[str, object]:
    return {
        "kind": current.kind,
        "year": current.year,
        "deadline": current.deadline.isoformat(),
        "status": current.status,
        "items": [{"subject": i.subject, "owner": i.owner} for i in current.items],
    }


def log_step(
    session: Session,
    user: User,
    current: Round,
    action: str,
    *,
    old: object = None,
    new: object = None,
) -> None:
    change_log.record(
        session,
        who=user.name,
        municipality=current.municipality,
        action=action,
        entity=ENTITY,
        key=str(current.id),
        old=old,
        new=new,
    )
