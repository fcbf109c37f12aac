"""Save and load indicators, observations, report tables and thematic plans.

Saving merges: an indicator, area, table or observation with the same key is updated,
others are kept, so data can come from several files. The caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

from sqlalchemy import Select, delete, func, select, update
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
    SeriesRef,
    ThematicPlan,
    ThematicPlanStatus,
)
from sdgplan.domain.plan import Municipality, PlanVersion
from sdgplan.domain.rules import Bands, ProgressOptions, Target, Threshold, ValueRange
from sdgplan.i18n import _
from sdgplan.store import bulk, source_repo
from sdgplan.store.plan_repo import ensure_municipality
from sdgplan.store.tables import (
    AreaRow,
    GoalStatusRow,
    IndicatorGoalRow,
    IndicatorRow,
    MunicipalityAreaRow,
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
    save_areas(session, municipality.number, data.areas)
    save_indicators(session, municipality.number, data.indicators)
    _save_goal_statuses(session, municipality.number, data.goals_under_development)
    _save_tables(session, municipality.number, data.tables)
    session.flush()


def save_areas(session: Session, municipality: str, areas: list[Area]) -> None:
    """Register the areas a municipality shows, under its names for them.

    A national code (a municipality, county, the country) is one area shared by every
    municipality, named by the first to register it; a local area (a district) is the
    municipality's own. Either way the municipality's name for it is kept with it.
    """
    for area in areas:
        owner = None if area.kind.national else municipality
        row = session.scalars(
            select(AreaRow).where(AreaRow.code == area.code, _owned_by(owner))
        ).one_or_none()
        if row is None:
            row = AreaRow(
                municipality_number=owner, code=area.code, name=area.name, kind=area.kind.value
            )
            session.add(row)
            session.flush()
        elif owner is not None:
            row.name, row.kind = area.name, area.kind.value
        shown = session.get(MunicipalityAreaRow, (municipality, row.id))
        if shown is None:
            session.add(
                MunicipalityAreaRow(
                    municipality_number=municipality, area_id=row.id, name=area.name
                )
            )
        else:
            shown.name = area.name
    session.flush()


def _owned_by(owner: str | None) -> Any:
    if owner is None:
        return AreaRow.municipality_number.is_(None)
    return AreaRow.municipality_number == owner


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
        row.series_owner = indicator.series.owner if indicator.series else None
        row.series_key = indicator.series.key if indicator.series else None
        row.group_method = indicator.group_method
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
    names = _area_names(session, municipality)
    rows = session.scalars(select(AreaRow).where(_registered_for(municipality)))
    areas = {r.code: _area(r, names) for r in sorted(rows, key=_own_last)}
    return ObservationContext({i.key: i for i in data.indicators}, areas, data.years)


def _registered_for(municipality: str) -> Any:
    """The areas a municipality's observations may name: national codes and its own."""
    return AreaRow.municipality_number.is_(None) | (AreaRow.municipality_number == municipality)


def _own_last(row: AreaRow) -> bool:
    """Sort key: a local area comes after the national code it shadows."""
    return row.municipality_number is not None


def _area_names(session: Session, municipality: str) -> dict[int, str]:
    """The municipality's own names of the areas it shows, by area id."""
    rows = session.execute(
        select(MunicipalityAreaRow.area_id, MunicipalityAreaRow.name).where(
            MunicipalityAreaRow.municipality_number == municipality
        )
    )
    return dict(rows.tuples().all())


def save_observations(
    session: Session, municipality: Municipality, batch: ObservationBatch
) -> list[tuple[Observation, tuple[Any, ...] | None]]:
    """Insert the batch's new observations and update the changed ones in bulk (`store.bulk`:
    COPY or executemany; one UPDATE by id) rather than an ORM object per row.

    Returns the new and changed observations, each with its stored `(value, decimals,
    status, display, note)` or None, in batch order: what the change log records.
    """
    ensure_municipality(session, municipality)
    save_areas(session, municipality.number, list(batch.new_areas.values()))
    save_indicators(session, municipality.number, list(batch.new_indicators.values()))
    indicators = {k: r.id for k, r in _indicator_rows(session, municipality.number).items()}
    areas = area_ids(session, municipality.number)
    existing = _stored_observations(session, municipality.number)
    changes: list[tuple[Observation, tuple[Any, ...] | None]] = []
    changed: list[dict[str, Any]] = []

    def new_rows() -> Iterator[tuple[Any, ...]]:  # streamed into the bulk insert
        for obs in batch.observations:
            key = (indicators[obs.indicator], areas[obs.area], obs.period, obs.breakdown)
            values = (obs.value, obs.decimals, obs.status.value, obs.display, obs.note)
            stored = existing.get(key)
            if stored is None:
                changes.append((obs, None))
                yield key + values
            elif stored[1:] != values:
                changes.append((obs, stored[1:]))
                changed.append({"id": stored[0], **dict(zip(_VALUE_COLUMNS, values, strict=True))})

    bulk.insert_rows(session, ObservationRow, _KEY_COLUMNS + _VALUE_COLUMNS, new_rows())
    if changed:
        session.execute(update(ObservationRow), changed)
        _expire_observations(session, [c["id"] for c in changed])
    session.flush()
    return changes


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
    names = _area_names(session, municipality)
    used_areas = session.scalars(
        select(AreaRow)
        .where(
            AreaRow.id.in_(_used_area_ids(municipality))
            | AreaRow.id.in_(list(names))
            | _own_national_area(municipality)
        )
        .order_by(AreaRow.code)
    )
    return IndicatorSet(
        indicators=[_indicator(r) for r in indicator_rows],
        tables=[_table(r) for r in table_rows],
        areas=[_area(r, names) for r in used_areas],
        goals_under_development=[_ref(r) for r in statuses],
        years=years,
    )


def area_ids(session: Session, municipality: str) -> dict[str, int]:
    """The ids of the areas the municipality's observations may name, by code."""
    rows = session.execute(
        select(AreaRow.code, AreaRow.id)
        .where(_registered_for(municipality))
        .order_by(AreaRow.municipality_number.is_not(None))
    )
    return dict(rows.tuples().all())


def _used_area_ids(municipality: str) -> Any:
    """The areas of the municipality's own stored observations (a subquery)."""
    return (
        select(ObservationRow.area_id)
        .join(IndicatorRow)
        .where(IndicatorRow.municipality_number == municipality)
    )


def load_observations(
    session: Session, municipality: str, *, every_area: bool = False
) -> list[Observation]:
    """Every observation of the municipality, by indicator order, area, period, breakdown.

    An indicator bound to a shared series (`Indicator.series`) also has the series' figures
    for the areas the municipality shows (its own figure for the same area, period and
    breakdown wins); `every_area` takes the series' figures of every area, such as all
    other municipalities, for comparisons among them.
    """
    rows = session.execute(
        select(IndicatorRow.key, AreaRow.code, *_OBSERVATION_COLUMNS)
        .join(IndicatorRow, ObservationRow.indicator_id == IndicatorRow.id)
        .join(AreaRow, ObservationRow.area_id == AreaRow.id)
        .where(IndicatorRow.municipality_number == municipality)
        .order_by(IndicatorRow.position, ObservationRow.id)
    )
    own = [_observation(*r) for r in rows.tuples()]
    bound = _bound_indicators(session, municipality)
    if not bound:
        return own
    return _with_series(session, municipality, own, bound, every_area=every_area)


def _with_series(
    session: Session,
    municipality: str,
    own: list[Observation],
    bound: Any,
    *,
    every_area: bool,
) -> list[Observation]:
    """`own` with the bound series' figures added after each indicator's own."""
    taken = {(o.indicator, o.area, o.period, o.breakdown) for o in own}
    by_indicator: dict[str, list[Observation]] = {}
    for o in own:
        by_indicator.setdefault(o.indicator, []).append(o)
    series_ids = _series_ids(session, bound)
    query = (
        select(ObservationRow.indicator_id, AreaRow.code, *_OBSERVATION_COLUMNS)
        .join(AreaRow, ObservationRow.area_id == AreaRow.id)
        .where(ObservationRow.indicator_id.in_(list(series_ids)))
        .order_by(ObservationRow.id)
    )
    if not every_area:
        # by id, so that the index on (indicator_id, area_id) finds them at national size
        query = query.where(ObservationRow.area_id.in_(_shown_area_ids(session, municipality)))
    for (
        series_id,
        code,
        period,
        value,
        status,
        breakdown,
        decimals,
        display,
        note,
    ) in session.execute(query).tuples():
        for key in series_ids[series_id]:
            if (key, code, period, breakdown) not in taken:
                by_indicator.setdefault(key, []).append(
                    _observation(
                        key, code, period, value, status, breakdown, decimals, display, note
                    )
                )
    keys = session.scalars(
        select(IndicatorRow.key)
        .where(IndicatorRow.municipality_number == municipality)
        .order_by(IndicatorRow.position)
    )
    order = {k: i for i, k in enumerate(keys)}
    return [o for k in sorted(by_indicator, key=order.__getitem__) for o in by_indicator[k]]


def load_measured_values(
    session: Session, municipality: str
) -> list[tuple[str, str, str, float, int | None]]:
    """(indicator key, area code, period, value, decimals) of every measured figure of a whole area
    (no breakdown) of the municipality's indicators, and of the series they show for every
    area: what comparisons among all municipalities need, without building observations.
    A series' figure comes before the municipality's own for the same cell, so that a dict
    filled in order keeps the own one."""
    measured = (
        (ObservationRow.status == ObservationStatus.MEASURED.value)
        & (ObservationRow.breakdown == "")
        & ObservationRow.value.is_not(None)
    )
    columns = (AreaRow.code, ObservationRow.period, ObservationRow.value, ObservationRow.decimals)
    bound = _bound_indicators(session, municipality)
    series_ids = _series_ids(session, bound) if bound else {}
    found: list[tuple[str, str, str, float, int | None]] = []
    if series_ids:
        rows = session.execute(
            select(ObservationRow.indicator_id, *columns)
            .join(AreaRow, ObservationRow.area_id == AreaRow.id)
            .where(ObservationRow.indicator_id.in_(list(series_ids)), measured)
        ).tuples()
        found += [
            (key, code, period, value, decimals)
            for id_, code, period, value, decimals in rows
            if value is not None
            for key in series_ids[id_]
        ]
    own = session.execute(
        select(IndicatorRow.key, *columns)
        .join(IndicatorRow, ObservationRow.indicator_id == IndicatorRow.id)
        .join(AreaRow, ObservationRow.area_id == AreaRow.id)
        .where(IndicatorRow.municipality_number == municipality, measured)
    ).tuples()
    found += [(k, code, period, value, d) for k, code, period, value, d in own if value is not None]
    return found


def _series_ids(session: Session, bound: Any) -> dict[int, list[str]]:
    """The stored series the bound indicators name: their ids -> the indicators' keys."""
    wanted: dict[tuple[str, str], list[str]] = {}
    for key, owner, series in bound:
        wanted.setdefault((owner, series), []).append(key)
    owners = {owner for owner, _ in wanted}
    rows = session.execute(
        select(IndicatorRow.id, IndicatorRow.municipality_number, IndicatorRow.key).where(
            IndicatorRow.municipality_number.in_(owners)
        )
    ).tuples()
    return {id_: wanted[(owner, key)] for id_, owner, key in rows if (owner, key) in wanted}


def _bound_indicators(session: Session, municipality: str) -> Any:
    """(key, series owner, series key) of the municipality's indicators bound to a series."""
    return session.execute(
        select(IndicatorRow.key, IndicatorRow.series_owner, IndicatorRow.series_key)
        .where(
            IndicatorRow.municipality_number == municipality,
            IndicatorRow.series_owner.is_not(None),
        )
        .order_by(IndicatorRow.position)
    ).all()


def shown_areas(municipality: str) -> Select[tuple[int]]:
    """The ids of the areas the municipality shows (a query): its own, those it declares and
    those of its own observations. A bound series is read for these areas."""
    declared = select(MunicipalityAreaRow.area_id).where(
        MunicipalityAreaRow.municipality_number == municipality
    )
    return select(AreaRow.id).where(
        AreaRow.id.in_(declared)
        | AreaRow.id.in_(_used_area_ids(municipality))
        | _own_national_area(municipality)
    )


def _own_national_area(municipality: str) -> Any:
    """The condition that an area is the municipality's own national code."""
    return (AreaRow.code == municipality) & AreaRow.municipality_number.is_(None)


def _shown_area_ids(session: Session, municipality: str) -> list[int]:
    return list(session.scalars(shown_areas(municipality)))


_OBSERVATION_COLUMNS = (
    ObservationRow.period,
    ObservationRow.value,
    ObservationRow.status,
    ObservationRow.breakdown,
    ObservationRow.decimals,
    ObservationRow.display,
    ObservationRow.note,
)


def _observation(
    key: str,
    code: str,
    period: str,
    value: float | None,
    status: str,
    breakdown: str,
    decimals: int | None,
    display: str | None,
    note: str | None,
) -> Observation:
    return Observation(
        key, code, period, value, _STATUSES[status], breakdown, decimals, display, note
    )


_STATUSES = {s.value: s for s in ObservationStatus}


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
        series=SeriesRef(row.series_owner, row.series_key)
        if row.series_owner and row.series_key
        else None,
        group_method=row.group_method,
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


def _area(row: AreaRow, names: dict[int, str]) -> Area:
    """The area under the municipality's own name for it (`names`), else the register's."""
    return Area(row.code, names.get(row.id, row.name), AreaKind(row.kind))


def delete_observations(
    session: Session, municipality: str, observations: list[Observation]
) -> int:
    """Delete the stored observations with the keys of `observations`; returns how many went."""
    indicators = {k: r.id for k, r in _indicator_rows(session, municipality).items()}
    areas = area_ids(session, municipality)
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
    """Delete the municipality's indicators, observations, tables, goal statuses, thematic
    plans, its names of areas, its own (local) areas and its saved source queries; national
    areas stay."""
    source_repo.delete_municipality_queries(session, municipality)
    for key in list(_indicator_rows(session, municipality)):
        delete_indicator(session, municipality, key)
    for table in (ReportTableRow, GoalStatusRow, ThematicPlanRow, MunicipalityAreaRow):
        rows = session.scalars(select(table).where(table.municipality_number == municipality))
        for row in rows.all():
            session.delete(row)
    session.flush()
    session.execute(delete(AreaRow).where(AreaRow.municipality_number == municipality))
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
