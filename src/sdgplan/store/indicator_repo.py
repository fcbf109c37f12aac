"""Save and load indicators, observations, report tables and thematic plans.

Saving merges: an indicator, area, table or observation with the same key is updated,
others are kept, so data can come from several files. The caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.util import identity_key

from sdgplan.domain.indicators import (
    Area,
    AreaKind,
    Direction,
    GoalRef,
    Indicator,
    IndicatorSet,
    Observation,
    ObservationBatch,
    ObservationContext,
    ObservationStatus,
    ReportTable,
    Scale,
    ThematicPlan,
    ThematicPlanStatus,
)
from sdgplan.domain.plan import Municipality, PlanVersion
from sdgplan.domain.rules import Bands, ProgressOptions, Target, Threshold, ValueRange
from sdgplan.i18n import _
from sdgplan.store.plan_repo import ensure_municipality
from sdgplan.store.tables import (
    AreaRow,
    GoalStatusRow,
    IndicatorGoalRow,
    IndicatorRow,
    MunicipalityRow,
    ObservationRow,
    ReportTableIndicatorRow,
    ReportTableRow,
    ThematicPlanRow,
)


def save_indicator_set(session: Session, municipality: Municipality, data: IndicatorSet) -> None:
    row = ensure_municipality(session, municipality)
    if data.years is not None:
        row.first_year, row.last_year = data.years
    save_areas(session, data.areas)
    save_indicators(session, municipality.number, data.indicators)
    _save_goal_statuses(session, municipality.number, data.goals_under_development)
    _save_tables(session, municipality.number, data.tables)
    session.flush()


def save_areas(session: Session, areas: list[Area]) -> None:
    for area in areas:
        row = session.scalars(select(AreaRow).where(AreaRow.code == area.code)).one_or_none()
        if row is None:
            session.add(AreaRow(code=area.code, name=area.name, kind=area.kind.value))
        else:
            row.name, row.kind = area.name, area.kind.value
    session.flush()


def save_indicators(session: Session, municipality: str, indicators: list[Indicator]) -> None:
    existing = _indicator_rows(session, municipality)
    position = max((r.position for r in existing.values()), default=0)
    for indicator in indicators:
        row = existing.get(indicator.key)
        if row is None:
            position += 1
            row = IndicatorRow(
                municipality_number=municipality,
                key=indicator.key,
                position=position,
                name=indicator.name,
            )
            session.add(row)
        row.name, row.unit, row.source, row.notes = (
            indicator.name,
            indicator.unit,
            indicator.source,
            indicator.notes,
        )
        row.direction = indicator.direction.value if indicator.direction else None
        threshold = indicator.threshold
        row.threshold_operator = threshold.operator if threshold else None
        row.threshold_value = threshold.value if threshold else None
        row.threshold_unit = threshold.unit if threshold else None
        row.threshold_upper = threshold.upper if threshold else None
        row.bands = _bands_json(indicator.bands)
        row.target = asdict(indicator.target) if indicator.target else None
        row.progress_base_year = indicator.progress.base_year
        row.progress_limit = indicator.progress.limit
        row.scale_min = indicator.scale.minimum if indicator.scale else None
        row.scale_max = indicator.scale.maximum if indicator.scale else None
        row.goals = [
            IndicatorGoalRow(position=i, goal_key=_key(g), focus_area=g.focus_area, goal=g.goal)
            for i, g in enumerate(indicator.goals)
        ]
    session.flush()


def _key(goal: GoalRef) -> str | None:
    """The plan key of a reference, or None for one made by names only."""
    return goal.key if goal.resolved else None


def _save_goal_statuses(session: Session, municipality: str, goals: list[GoalRef]) -> None:
    stored = {
        _ref(r)
        for r in session.scalars(
            select(GoalStatusRow).where(GoalStatusRow.municipality_number == municipality)
        )
    }
    for goal in goals:
        if goal not in stored:
            session.add(
                GoalStatusRow(
                    municipality_number=municipality,
                    goal_key=_key(goal),
                    focus_area=goal.focus_area,
                    goal=goal.goal,
                    status=ObservationStatus.UNDER_DEVELOPMENT.value,
                )
            )


def _ref(row: IndicatorGoalRow | GoalStatusRow) -> GoalRef:
    return GoalRef(row.focus_area, row.goal, row.goal_key or "")


def goal_references(session: Session, municipality: str) -> dict[str, list[str]]:
    """Goal key -> what refers to it: indicator keys, and `(nøkkeltall under utvikling)`."""
    references: dict[str, list[str]] = {}
    rows = session.execute(
        select(IndicatorGoalRow.goal_key, IndicatorRow.key)
        .join(IndicatorRow)
        .where(IndicatorRow.municipality_number == municipality)
        .order_by(IndicatorRow.position)
    )
    for goal_key, indicator in rows:
        if goal_key:
            references.setdefault(goal_key, []).append(indicator)
    statuses = session.scalars(
        select(GoalStatusRow.goal_key).where(GoalStatusRow.municipality_number == municipality)
    )
    for goal_key in statuses:
        if goal_key:
            references.setdefault(goal_key, []).append(_("(nøkkeltall under utvikling)"))
    return references


def orphaned_references(
    session: Session, municipality: str, version: PlanVersion | None
) -> dict[str, list[str]]:
    """The goal keys that indicators or goal statuses refer to but `version` (None: no plan)
    lacks, with what refers to each."""
    keys = {goal.key for _area, goal in version.goals()} if version else set()
    return {
        key: users
        for key, users in goal_references(session, municipality).items()
        if key not in keys
    }


def refresh_goal_names(session: Session, municipality: str, version: PlanVersion) -> None:
    """Give references by key the focus-area names and goal texts of `version`."""
    names = {goal.key: (area.name, goal.text) for area, goal in version.goals() if goal.key}
    rows = [
        *session.scalars(
            select(IndicatorGoalRow)
            .join(IndicatorRow)
            .where(IndicatorRow.municipality_number == municipality)
        ),
        *session.scalars(
            select(GoalStatusRow).where(GoalStatusRow.municipality_number == municipality)
        ),
    ]
    for row in rows:
        if row.goal_key in names:
            row.focus_area, row.goal = names[row.goal_key]


def _save_tables(session: Session, municipality: str, tables: list[ReportTable]) -> None:
    indicators = _indicator_rows(session, municipality)
    existing = {
        r.key: r
        for r in session.scalars(
            select(ReportTableRow).where(ReportTableRow.municipality_number == municipality)
        )
    }
    position = max((r.position for r in existing.values()), default=0)
    for table in tables:
        row = existing.get(table.key)
        if row is None:
            position += 1
            row = ReportTableRow(municipality_number=municipality, key=table.key, position=position)
            session.add(row)
        row.title, row.section, row.rows = table.title, table.section, table.rows
        row.columns = ",".join(table.columns)
        row.source, row.header, row.labels, row.note = (
            table.source,
            table.header,
            dict(table.labels),
            table.note,
        )
        row.indicators = [
            ReportTableIndicatorRow(position=i, indicator=indicators[key])
            for i, key in enumerate(table.indicators)
        ]


def _indicator_rows(session: Session, municipality: str) -> dict[str, IndicatorRow]:
    rows = session.scalars(
        select(IndicatorRow).where(IndicatorRow.municipality_number == municipality)
    )
    return {r.key: r for r in rows}


def observation_context(session: Session, municipality: str) -> ObservationContext:
    """The stored indicators, areas and years that an observations file may refer to."""
    data = load_indicator_set(session, municipality)
    areas = {r.code: _area(r) for r in session.scalars(select(AreaRow))}
    return ObservationContext({i.key: i for i in data.indicators}, areas, data.years)


def save_observations(
    session: Session, municipality: Municipality, batch: ObservationBatch
) -> None:
    """Insert the batch's new observations and update the changed ones, each kind in one
    bulk statement (executemany) rather than an ORM object per row."""
    ensure_municipality(session, municipality)
    save_areas(session, list(batch.new_areas.values()))
    save_indicators(session, municipality.number, list(batch.new_indicators.values()))
    indicators = {k: r.id for k, r in _indicator_rows(session, municipality.number).items()}
    areas = dict(session.execute(select(AreaRow.code, AreaRow.id)).tuples().all())
    existing = _stored_observations(session, municipality.number)
    new: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for obs in batch.observations:
        key = (indicators[obs.indicator], areas[obs.area], obs.period, obs.breakdown)
        values = (obs.value, obs.decimals, obs.status.value, obs.display, obs.note)
        stored = existing.get(key)
        if stored is None:
            new.append(dict(zip(_KEY_COLUMNS + _VALUE_COLUMNS, key + values, strict=True)))
        elif stored[1:] != values:
            changed.append({"id": stored[0], **dict(zip(_VALUE_COLUMNS, values, strict=True))})
    if new:
        session.execute(insert(ObservationRow).execution_options(render_nulls=True), new)
    if changed:
        session.execute(update(ObservationRow), changed)
        _expire_observations(session, [c["id"] for c in changed])
    session.flush()


_KEY_COLUMNS = ("indicator_id", "area_id", "period", "breakdown")
_VALUE_COLUMNS = ("value", "decimals", "status", "display", "note")


def _stored_observations(
    session: Session, municipality: str
) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """The municipality's stored observations: (id, *values) by their key columns."""
    columns = [getattr(ObservationRow, c) for c in _KEY_COLUMNS + _VALUE_COLUMNS]
    rows = session.execute(
        select(ObservationRow.id, *columns)
        .join(IndicatorRow, ObservationRow.indicator_id == IndicatorRow.id)
        .where(IndicatorRow.municipality_number == municipality)
    )
    return {tuple(r[1:5]): (r[0], *r[5:]) for r in rows}


def _expire_observations(session: Session, ids: list[int]) -> None:
    """Let observation objects already in the session reload what the bulk update wrote."""
    for row_id in ids:
        row = session.identity_map.get(identity_key(ObservationRow, row_id))
        if row is not None:
            session.expire(row)


def save_thematic_plans(
    session: Session, municipality: Municipality, plans: list[ThematicPlan]
) -> None:
    """Replace the municipality's list of thematic plans."""
    ensure_municipality(session, municipality)
    session.execute(
        delete(ThematicPlanRow).where(ThematicPlanRow.municipality_number == municipality.number)
    )
    for position, plan in enumerate(plans, start=1):
        session.add(
            ThematicPlanRow(
                municipality_number=municipality.number,
                position=position,
                name=plan.name,
                status=plan.status.value,
                adopted=plan.adopted,
                planned=plan.planned,
            )
        )
    session.flush()


def load_indicator_set(session: Session, municipality: str) -> IndicatorSet:
    municipality_row = session.get(MunicipalityRow, municipality)
    years = None
    if municipality_row and municipality_row.first_year and municipality_row.last_year:
        years = (municipality_row.first_year, municipality_row.last_year)
    indicator_rows = session.scalars(
        select(IndicatorRow)
        .where(IndicatorRow.municipality_number == municipality)
        .order_by(IndicatorRow.position)
        .options(selectinload(IndicatorRow.goals))
    ).all()
    table_rows = session.scalars(
        select(ReportTableRow)
        .where(ReportTableRow.municipality_number == municipality)
        .order_by(ReportTableRow.position)
        .options(
            selectinload(ReportTableRow.indicators).selectinload(ReportTableIndicatorRow.indicator)
        )
    ).all()
    statuses = session.scalars(
        select(GoalStatusRow)
        .where(GoalStatusRow.municipality_number == municipality)
        .order_by(GoalStatusRow.id)
    )
    used_areas = session.scalars(
        select(AreaRow)
        .where(
            AreaRow.id.in_(
                select(ObservationRow.area_id)
                .join(IndicatorRow)
                .where(IndicatorRow.municipality_number == municipality)
            )
        )
        .order_by(AreaRow.code)
    )
    return IndicatorSet(
        indicators=[_indicator(r) for r in indicator_rows],
        tables=[_table(r) for r in table_rows],
        areas=[_area(r) for r in used_areas],
        goals_under_development=[_ref(r) for r in statuses],
        years=years,
    )


def load_observations(session: Session, municipality: str) -> list[Observation]:
    """Every observation of the municipality, by indicator order, area, period, breakdown."""
    rows = session.execute(
        select(ObservationRow, IndicatorRow.key, AreaRow.code)
        .join(IndicatorRow, ObservationRow.indicator_id == IndicatorRow.id)
        .join(AreaRow, ObservationRow.area_id == AreaRow.id)
        .where(IndicatorRow.municipality_number == municipality)
        .order_by(IndicatorRow.position, ObservationRow.id)
    )
    return [
        Observation(
            indicator=key,
            area=code,
            period=r.period,
            value=r.value,
            status=ObservationStatus(r.status),
            breakdown=r.breakdown,
            decimals=r.decimals,
            display=r.display,
            note=r.note,
        )
        for r, key, code in rows
    ]


def load_thematic_plans(session: Session, municipality: str) -> list[ThematicPlan]:
    rows = session.scalars(
        select(ThematicPlanRow)
        .where(ThematicPlanRow.municipality_number == municipality)
        .order_by(ThematicPlanRow.position)
    )
    return [ThematicPlan(r.name, ThematicPlanStatus(r.status), r.adopted, r.planned) for r in rows]


def count_observations(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ObservationRow)) or 0


def _indicator(row: IndicatorRow) -> Indicator:
    threshold = None
    if row.threshold_operator is not None and row.threshold_value is not None:
        threshold = Threshold(
            row.threshold_operator, row.threshold_value, row.threshold_unit, row.threshold_upper
        )
    scale = (
        Scale(row.scale_min, row.scale_max)
        if row.scale_min is not None and row.scale_max is not None
        else None
    )
    return Indicator(
        key=row.key,
        name=row.name,
        unit=row.unit,
        direction=Direction(row.direction) if row.direction else None,
        threshold=threshold,
        scale=scale,
        source=row.source,
        notes=row.notes,
        goals=tuple(_ref(g) for g in row.goals),
        bands=_bands_from_json(row.bands),
        target=Target(**row.target) if row.target else None,
        progress=ProgressOptions(
            base_year=row.progress_base_year or ProgressOptions.base_year,
            limit=row.progress_limit,
        ),
    )


def _bands_json(bands: Bands | None) -> dict[str, list[list[float | str | None]]] | None:
    if bands is None:
        return None
    return {
        name: [[r.lower, r.upper, r.unit] for r in ranges]
        for name, ranges in (("desired", bands.desired), ("acceptable", bands.acceptable))
    }


def _bands_from_json(data: dict[str, Any] | None) -> Bands | None:
    if not data:
        return None
    return Bands(
        desired=tuple(ValueRange(lo, hi, unit) for lo, hi, unit in data.get("desired", [])),
        acceptable=tuple(ValueRange(lo, hi, unit) for lo, hi, unit in data.get("acceptable", [])),
    )


def _table(row: ReportTableRow) -> ReportTable:
    return ReportTable(
        key=row.key,
        title=row.title,
        section=row.section,
        indicators=tuple(i.indicator.key for i in row.indicators),
        rows=row.rows,
        columns=tuple(row.columns.split(",")),
        source=row.source,
        header=row.header,
        labels=dict(row.labels or {}),
        note=row.note,
    )


def _area(row: AreaRow) -> Area:
    return Area(row.code, row.name, AreaKind(row.kind))


def delete_observations(
    session: Session, municipality: str, observations: list[Observation]
) -> int:
    """Delete the stored observations with the keys of `observations`; returns how many went."""
    indicators = {k: r.id for k, r in _indicator_rows(session, municipality).items()}
    areas = {r.code: r.id for r in session.scalars(select(AreaRow))}
    deleted = 0
    for obs in observations:
        if obs.indicator not in indicators or obs.area not in areas:
            continue
        result = session.execute(
            delete(ObservationRow).where(
                ObservationRow.indicator_id == indicators[obs.indicator],
                ObservationRow.area_id == areas[obs.area],
                ObservationRow.period == obs.period,
                ObservationRow.breakdown == obs.breakdown,
            )
        )
        deleted += result.rowcount  # type: ignore[attr-defined]
    session.flush()
    return deleted


def delete_indicator(session: Session, municipality: str, key: str) -> bool:
    """Delete an indicator with its observations, goal links and places in report tables."""
    row = _indicator_rows(session, municipality).get(key)
    if row is None:
        return False
    session.execute(delete(ObservationRow).where(ObservationRow.indicator_id == row.id))
    session.execute(
        delete(ReportTableIndicatorRow).where(ReportTableIndicatorRow.indicator_id == row.id)
    )
    session.delete(row)
    session.flush()
    return True


def delete_municipality_data(session: Session, municipality: str) -> None:
    """Delete the municipality's indicators, observations, tables, goal statuses and thematic
    plans; areas are shared by every municipality and stay."""
    for key in list(_indicator_rows(session, municipality)):
        delete_indicator(session, municipality, key)
    for table in (ReportTableRow, GoalStatusRow, ThematicPlanRow):
        rows = session.scalars(select(table).where(table.municipality_number == municipality))
        for row in rows.all():
            session.delete(row)
    session.flush()


def count_municipality_data(session: Session, municipality: str) -> dict[str, int]:
    """How many report tables, goal statuses and thematic plans the municipality has."""
    counts = {}
    for name, table in (
        ("report_table", ReportTableRow),
        ("goal_status", GoalStatusRow),
        ("thematic_plan", ThematicPlanRow),
    ):
        query = select(func.count()).where(table.municipality_number == municipality)
        counts[name] = session.scalar(query) or 0
    return counts
