"""What a signed-in user finds to edit: the municipalities of the account, and per
municipality the indicators by focus area, the texts, and what waits for approval."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from sdgplan.domain.plan import Municipality
from sdgplan.domain.users import User
from sdgplan.editing.kinds.common import goal_focus_areas
from sdgplan.editing.permissions import Action, may, require
from sdgplan.errors import NotFound
from sdgplan.store import edit_repo, indicator_repo, narrative_repo, org_repo, plan_repo


@dataclass(frozen=True)
class Item:
    subject: str
    key: str
    name: str
    editable: bool
    pending: bool
    section: str = ""  # a text's section


@dataclass
class Area:
    key: str
    name: str
    indicators: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class Objects:
    owner: Municipality
    areas: list[Area]
    texts: list[Item]
    pending: int
    may_publish: bool
    may_edit: bool
    may_edit_unscoped: bool
    year: int | None


def municipalities_of(session: Session, user: User) -> list[Municipality]:
    """The municipalities with a plan the user may read the drafts of."""
    numbers = sorted({p.municipality for p in plan_repo.list_plans(session)})
    found = [org_repo.find_organisation(session, number) for number in numbers]
    return [m for m in found if may(user, Action.READ_DRAFTS, m.number)]


def municipality_objects(session: Session, user: User, code: str) -> Objects:
    owner = org_repo.find_organisation(session, code)
    require(user, Action.READ_DRAFTS, owner.number)
    try:
        _plan, version = plan_repo.load_plan_version(session, municipality=owner.number)
    except NotFound:
        version = None
    open_subjects = {d.subject for d in edit_repo.open_drafts(session, owner.number)}
    areas = {a.key: Area(a.key, a.name) for a in (version.focus_areas if version else [])}
    goals = goal_focus_areas(session, owner.number)
    indicators = indicator_repo.load_indicator_set(session, owner.number)
    for indicator in indicators.indicators:
        keys = {goals[g.key] for g in indicator.goals if g.key in goals}
        subject = f"observations:{indicator.key}"
        item = Item(
            subject,
            indicator.key,
            indicator.name,
            may(user, Action.EDIT, owner.number, keys or None),
            subject in open_subjects,
        )
        for key in sorted(keys, key=list(areas).index) or [""]:
            areas.setdefault(key, Area(key, "–")).indicators.append(item)
    texts = []
    for narrative in narrative_repo.load_narratives(session, owner.number):
        subject = f"narrative:{narrative.label}"
        area = next((a.key for a in areas.values() if narrative.section in (a.key, a.name)), None)
        texts.append(
            Item(
                subject,
                narrative.period,
                narrative.label,
                may(user, Action.EDIT, owner.number, {area} if area else None),
                subject in open_subjects,
                narrative.section,
            )
        )
    return Objects(
        owner=owner,
        areas=[a for a in areas.values() if a.indicators],
        texts=texts,
        pending=len(open_subjects),
        may_publish=may(user, Action.PUBLISH, owner.number),
        may_edit=may(user, Action.EDIT, owner.number, set(areas)),
        may_edit_unscoped=may(user, Action.EDIT, owner.number),
        year=indicators.years[1] if indicators.years else None,
    )
