"""Signing a round off: its data frozen as a snapshot, version 1, then 2, 3... when it is
signed off again after corrections. The report of every version can be rebuilt exactly
(`snapshot_report.py`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from sdgplan.domain.users import User
from sdgplan.editing import snapshots
from sdgplan.editing.board import Status, board
from sdgplan.editing.permissions import Action, require
from sdgplan.editing.rounds import SIGNED_OFF, log_step, round_of, round_row
from sdgplan.errors import Conflict
from sdgplan.i18n import _
from sdgplan.reports.figure_years import check_year, figure_years
from sdgplan.store import indicator_repo


def unfinished(
    session: Session, user: User | None, round_id: int, *, today: dt.date | None = None
) -> list[str]:
    """The subjects of the round's items that are not filled."""
    items = board(session, user, round_id, today=today).items
    return [item.subject for item in items if item.status is not Status.FILLED]


def sign_off(
    session: Session,
    user: User | None,
    round_id: int,
    *,
    incomplete: bool = False,
    today: dt.date | None = None,
) -> snapshots.SnapshotInfo:
    """Freeze the municipality's data as the round's next snapshot. Refused while items are
    not filled (unless `incomplete`: signed off as it is, the unfilled ones logged), and when
    nothing changed since the last snapshot."""
    row = round_row(session, round_id)
    approver = require(user, Action.SIGN_OFF, row.municipality_number)
    missing = unfinished(session, approver, round_id, today=today)
    if missing and not incomplete:
        raise Conflict(
            _("{count} av {total} punkter i runden er ikke fylt ut").format(
                count=len(missing), total=len(row.items)
            )
        )
    _check_year(session, row.municipality_number, row.year)
    data = snapshots.take_snapshot(session, row.municipality_number, kind=row.kind, year=row.year)
    latest = snapshots.latest(session, round_id)
    if latest is not None and latest.data["tables"] == data["tables"]:
        raise Conflict(
            _("Ingenting er endret siden øyeblikksbildet versjon {version}").format(
                version=latest.version
            )
        )
    stored = snapshots.save_snapshot(
        session,
        round_id,
        version=(latest.version if latest else 0) + 1,
        data=data,
        who=approver.name,
    )
    old = {"status": row.status, "version": latest.version if latest else None}
    row.status, row.signed_off_by, row.signed_off_at = SIGNED_OFF, approver.name, stored.created_at
    log_step(
        session,
        approver,
        round_of(row, ()),
        "sign_off",
        old=old,
        new={"status": row.status, "version": stored.version, "unfinished": missing},
    )
    return stored


def _check_year(session: Session, municipality: str, year: int) -> None:
    """ConfigError, as `sdgplan report` gives, when the year has no key figures at all: its
    report could not be made from the snapshot."""
    data = indicator_repo.load_indicator_set(session, municipality)
    observations = indicator_repo.load_observations(session, municipality)
    check_year(figure_years(data, observations, area=municipality), year)
