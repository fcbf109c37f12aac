"""A round's completeness board and each owner's to-do list: per item whether it is filled,
waiting for an approver, missing or late, counted per focus area and per owner.

An indicator's item is filled when it has a figure (or "not measured") for a period ending
in the round's year, in any area; "figures to come" does not count. A text is filled when
the section has a text for exactly the round's period. Pending: not filled, with an open
draft. Late: neither, after the deadline (the deadline day itself is not late).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy.orm import Session

from sdgplan.domain.indicators import ObservationStatus
from sdgplan.domain.periods import period_years
from sdgplan.domain.users import User
from sdgplan.editing.kinds.narrative import split_label
from sdgplan.editing.rounds import Round, RoundItem, get_round
from sdgplan.editing.subjects import Subject, kind_of
from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.store import edit_repo, indicator_repo, narrative_repo, org_repo, plan_repo


class Status(StrEnum):
    FILLED = "filled"
    PENDING = "pending"  # an open draft waits for an approver
    MISSING = "missing"
    LATE = "late"  # missing after the deadline


@dataclass(frozen=True)
class BoardItem:
    item: RoundItem
    title: str
    status: Status

    @property
    def subject(self) -> str:
        return self.item.subject

    @property
    def owner(self) -> str | None:
        return self.item.owner

    @property
    def focus_area(self) -> str | None:
        return self.item.focus_area


@dataclass
class Counts:
    filled: int = 0
    pending: int = 0
    missing: int = 0
    late: int = 0

    @property
    def total(self) -> int:
        return self.filled + self.pending + self.missing + self.late

    def add(self, status: Status) -> None:
        setattr(self, status.value, getattr(self, status.value) + 1)


@dataclass(frozen=True)
class Board:
    round: Round
    today: dt.date
    items: list[BoardItem]
    focus_area_names: dict[str, str]  # key -> name, in the plan's order
    by_focus_area: dict[str | None, Counts] = field(default_factory=dict)  # None: of none
    by_owner: dict[str | None, Counts] = field(default_factory=dict)  # None: no owner
    total: Counts = field(default_factory=Counts)

    @property
    def complete(self) -> bool:
        return self.total.filled == self.total.total


def board(
    session: Session, user: User | None, round_id: int, *, today: dt.date | None = None
) -> Board:
    """Every item of the round with its status, and the counts."""
    current = get_round(session, user, round_id)
    today = today or dt.date.today()
    filled = _filled(session, current)
    drafted = {d.subject for d in edit_repo.open_drafts(session, current.municipality)}
    titles = _titles(session, current)
    result = Board(current, today, [], _focus_area_names(session, current.municipality))
    for item in current.items:
        status = _status(item.subject in filled, item.subject in drafted, today > current.deadline)
        result.items.append(BoardItem(item, titles[item.subject], status))
        for counts in (
            result.by_focus_area.setdefault(item.focus_area, Counts()),
            result.by_owner.setdefault(item.owner, Counts()),
            result.total,
        ):
            counts.add(status)
    return result


def todo(
    session: Session,
    user: User | None,
    round_id: int,
    *,
    owner: str | None = None,
    today: dt.date | None = None,
) -> list[BoardItem]:
    """The items of `owner` (default: the user's own), with their status."""
    items = board(session, user, round_id, today=today).items
    assert user is not None  # the board let them in
    wanted = (owner or user.name).casefold()
    return [i for i in items if i.owner is not None and i.owner.casefold() == wanted]


def _status(filled: bool, drafted: bool, past_deadline: bool) -> Status:
    if filled:
        return Status.FILLED
    if drafted:
        return Status.PENDING
    return Status.LATE if past_deadline else Status.MISSING


def _filled(session: Session, current: Round) -> set[str]:
    """The subjects of the round that have what it asks for, found in one pass per kind."""
    number = current.municipality
    measured = {
        o.indicator
        for o in indicator_repo.load_observations(session, number)
        if o.status is not ObservationStatus.PENDING and _ends_in(o.period, current.year)
    }
    texts = {
        (n.section, n.period)
        for n in narrative_repo.load_narratives(session, number)
        if n.markdown.strip()
    }
    owner = org_repo.find_organisation(session, number)
    found: set[str] = set()
    for item in current.items:
        subject = Subject.parse(item.subject)
        if subject.kind == "observations":
            has = subject.key in measured
        elif subject.kind == "narrative":
            has = split_label(subject.key) in texts
        else:  # a kind added later: filled when it has a published state
            has = kind_of(subject).load(session, owner, subject.key) is not None
        if has:
            found.add(item.subject)
    return found


def _ends_in(period: str, year: int) -> bool:
    try:
        return period_years(period)[1] == year
    except ValueError:
        return False


def _titles(session: Session, current: Round) -> dict[str, str]:
    names = {
        i.key: i.name
        for i in indicator_repo.load_indicator_set(session, current.municipality).indicators
    }
    owner = org_repo.find_organisation(session, current.municipality)
    titles: dict[str, str] = {}
    for item in current.items:
        subject = Subject.parse(item.subject)
        if subject.kind == "observations":  # one indicator set for all, not one each
            name = names.get(subject.key, subject.key)
            titles[item.subject] = _("{name} (tall)").format(name=name)
        else:
            titles[item.subject] = kind_of(subject).title(session, owner, subject.key)
    return titles


def _focus_area_names(session: Session, municipality: str) -> dict[str, str]:
    try:
        _plan, version = plan_repo.load_plan_version(session, municipality=municipality)
    except NotFound:
        return {}
    return {area.key: area.name for area in version.focus_areas}
