"""Save and load plans. The caller owns the transaction: nothing here commits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from sdgplan.domain.plan import (
    FocusArea,
    Goal,
    GoalLevel,
    Municipality,
    Plan,
    PlanVersion,
    Strategy,
    VersionKind,
)
from sdgplan.domain.references import Reference
from sdgplan.errors import ChoiceNeeded, NotFound
from sdgplan.i18n import _
from sdgplan.store import org_repo
from sdgplan.store.tables import (
    FocusAreaRow,
    GoalRefRow,
    GoalRow,
    MunicipalityRow,
    PlanRow,
    PlanVersionRow,
)


@dataclass(frozen=True)
class PlanSummary:
    municipality: str
    title: str
    version: VersionKind
    date: dt.date | None


def ensure_municipality(session: Session, municipality: Municipality) -> MunicipalityRow:
    row = session.get(MunicipalityRow, municipality.number)
    if row is None:
        row = MunicipalityRow(
            number=municipality.number,
            name=municipality.name,
            kind=municipality.kind.value,
            country=municipality.country,
        )
        session.add(row)
        session.flush()
    return row


def stored_municipalities(session: Session) -> list[str]:
    return list(session.scalars(select(MunicipalityRow.number).order_by(MunicipalityRow.number)))


def save_plan(session: Session, plan: Plan) -> None:
    """Store every version of `plan`, replacing stored versions of the same kind."""
    ensure_municipality(session, plan.municipality)
    plan_row = session.scalars(
        select(PlanRow).where(
            PlanRow.municipality_number == plan.municipality.number, PlanRow.title == plan.title
        )
    ).one_or_none()
    if plan_row is None:
        plan_row = PlanRow(municipality_number=plan.municipality.number, title=plan.title)
        session.add(plan_row)
    for version in plan.versions:
        for old in [v for v in plan_row.versions if v.kind == version.kind]:
            plan_row.versions.remove(old)
        session.flush()
        plan_row.versions.append(_version_row(version))
    session.flush()


def _version_row(version: PlanVersion) -> PlanVersionRow:
    row = PlanVersionRow(
        kind=version.kind.value, date=version.date, imported_at=dt.datetime.now(dt.UTC)
    )
    for a, area in enumerate(version.focus_areas, start=1):
        area_row = FocusAreaRow(position=a, key=area.key or None, name=area.name)
        position = 0
        if area.main_goal is not None:
            area_row.goals.append(_goal_row(GoalLevel.MAIN, 0, area.main_goal))
        for goal in area.goals:
            position += 1
            goal_row = _goal_row(GoalLevel.SUB, position, goal)
            area_row.goals.append(goal_row)
            for strategy in goal.strategies:
                position += 1
                strategy_row = _goal_row(GoalLevel.STRATEGY, position, strategy)
                strategy_row.parent = goal_row
                area_row.goals.append(strategy_row)
        row.focus_areas.append(area_row)
    return row


def _goal_row(level: GoalLevel, position: int, item: Goal | Strategy) -> GoalRow:
    return GoalRow(
        level=level.value,
        position=position,
        key=item.key or None,
        text=item.text,
        refs=[GoalRefRow(position=i, code=r.code) for i, r in enumerate(item.refs)],
    )


def has_version(session: Session, municipality: str, title: str, kind: VersionKind) -> bool:
    """Whether the plan has a stored version of that kind (without loading it)."""
    found = session.scalar(
        select(PlanVersionRow.id)
        .join(PlanRow)
        .where(
            PlanRow.municipality_number == municipality,
            PlanRow.title == title,
            PlanVersionRow.kind == kind.value,
        )
    )
    return found is not None


def stored_version(
    session: Session, municipality: str, title: str, kind: VersionKind
) -> PlanVersion | None:
    """The stored version of that kind of the plan, or None."""
    if not has_version(session, municipality, title, kind):
        return None
    return _load(session, PlanSummary(municipality, title, kind, None))[1]


def list_plans(session: Session) -> list[PlanSummary]:
    rows = session.execute(
        select(PlanRow.municipality_number, PlanRow.title, PlanVersionRow.kind, PlanVersionRow.date)
        .join(PlanVersionRow)
        .order_by(PlanRow.municipality_number, PlanRow.title, PlanVersionRow.kind)
    )
    return [PlanSummary(m, t, VersionKind(k), d) for m, t, k, d in rows]


def load_plan_version(
    session: Session,
    *,
    municipality: str | None = None,
    version: VersionKind | None = None,
    title: str | None = None,
) -> tuple[Plan, PlanVersion]:
    """Load one plan version, chosen by the given filters.

    With no version given, the adopted version wins over the proposal. Raises NotFound when
    nothing matches and ChoiceNeeded (a Conflict) when several plans or municipalities do.
    """
    number = org_repo.find_organisation(session, municipality).number if municipality else None
    candidates = [
        p
        for p in list_plans(session)
        if (number is None or p.municipality == number)
        and (version is None or p.version is version)
        and (title is None or p.title == title)
    ]
    if not candidates:
        raise NotFound(
            _("Fant ingen plan i databasen") + _filters_text(municipality, version, title),
            hint=_("Importer en plan: sdgplan import plan FIL"),
        )
    plans = {(p.municipality, p.title) for p in candidates}
    if len(plans) > 1:
        choices = "; ".join(f"{m} «{t}»" for m, t in sorted(plans))
        raise ChoiceNeeded(
            _("Flere planer passer: {choices}").format(choices=choices),
            hint=_("Velg kommune eller plan."),
            needs=("municipality", "plan"),
        )
    chosen = max(candidates, key=lambda p: p.version is VersionKind.ADOPTED)
    return _load(session, chosen)


def _filters_text(municipality: str | None, version: VersionKind | None, title: str | None) -> str:
    parts = [
        f"{name}={value}"
        for name, value in (
            (_("kommune"), municipality),
            (_("versjon"), version),
            (_("plan"), title),
        )
        if value
    ]
    return f" ({', '.join(parts)})" if parts else ""


def _load(session: Session, summary: PlanSummary) -> tuple[Plan, PlanVersion]:
    row = session.scalars(
        select(PlanVersionRow)
        .join(PlanRow)
        .where(
            PlanRow.municipality_number == summary.municipality,
            PlanRow.title == summary.title,
            PlanVersionRow.kind == summary.version.value,
        )
        .options(
            selectinload(PlanVersionRow.plan).selectinload(PlanRow.municipality),
            selectinload(PlanVersionRow.focus_areas)
            .selectinload(FocusAreaRow.goals)
            .selectinload(GoalRow.refs),
        )
    ).one()
    version = PlanVersion(
        kind=summary.version, date=row.date, focus_areas=[_focus_area(a) for a in row.focus_areas]
    )
    municipality = org_repo.organisation(row.plan.municipality)
    plan = Plan(municipality=municipality, title=row.plan.title, versions=[version])
    return plan, version


def _focus_area(row: FocusAreaRow) -> FocusArea:
    area = FocusArea(name=row.name, key=row.key or "")
    goals_by_id: dict[int, Goal] = {}
    for goal_row in row.goals:
        refs = tuple(Reference.from_code(r.code) for r in goal_row.refs)
        level = GoalLevel(goal_row.level)
        if level is GoalLevel.STRATEGY:
            assert goal_row.parent_id is not None
            strategy = Strategy(goal_row.text, refs, key=goal_row.key or "")
            goals_by_id[goal_row.parent_id].strategies.append(strategy)
            continue
        goal = Goal(goal_row.text, refs, key=goal_row.key or "")
        goals_by_id[goal_row.id] = goal
        if level is GoalLevel.MAIN:
            area.main_goal = goal
        else:
            area.goals.append(goal)
    return area


def delete_plan_version(session: Session, municipality: str, title: str, kind: VersionKind) -> bool:
    """Delete one stored version of a plan, and the plan when it has no version left."""
    plan_row = session.scalars(
        select(PlanRow).where(PlanRow.municipality_number == municipality, PlanRow.title == title)
    ).one_or_none()
    if plan_row is None:
        return False
    found = [v for v in plan_row.versions if v.kind == kind.value]
    for version in found:
        plan_row.versions.remove(version)
    if not plan_row.versions:
        session.delete(plan_row)
    session.flush()
    return bool(found)


def delete_municipality(session: Session, municipality: str, *, keep: bool = False) -> None:
    """Delete the municipality's plans and (unless `keep`) the municipality; its other data
    must go first."""
    for plan_row in session.scalars(
        select(PlanRow).where(PlanRow.municipality_number == municipality)
    ).all():
        session.delete(plan_row)
    row = session.get(MunicipalityRow, municipality)
    if row is not None and not keep:
        session.delete(row)
    session.flush()
