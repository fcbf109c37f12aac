"""The map of an indicator page: the latest period in which two or more areas of one kind
with a stored shape have a value, drawn with their shapes, the municipality's outline and
its points, and the same figures as a table."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from sdgplan.domain.boundaries import MapPoint
from sdgplan.domain.display import display_observation
from sdgplan.domain.indicators import Area, AreaKind, Indicator, Observation, ObservationStatus
from sdgplan.domain.periods import period_sort_key
from sdgplan.i18n import _
from sdgplan.reports.charts import Chart, axis_title
from sdgplan.reports.maps import MapArea, map_chart
from sdgplan.store import boundary_repo

MIN_AREAS = 2
# areas of one kind do not overlap; the finer kind wins a tie
LEVELS = (
    AreaKind.DISTRICT,
    AreaKind.FORMER_MUNICIPALITY,
    AreaKind.MUNICIPALITY,
    AreaKind.COUNTY,
    AreaKind.OTHER,
)


@dataclass(frozen=True)
class MapRow:
    name: str
    value: str  # as the table shows it: `78 %`


@dataclass(frozen=True)
class MapView:
    period: str
    chart: Chart
    rows: list[MapRow]
    points: list[MapPoint]
    summary: str  # the map in words, its text alternative


def indicator_map(
    session: Session,
    *,
    municipality: Area,
    indicator: Indicator,
    observations: list[Observation],
    areas: dict[str, Area],
    labels: dict[str, str],
) -> MapView | None:
    """The indicator's map, or None when the municipality has no shapes for two or more of
    its areas with values in one period."""
    codes = boundary_repo.shape_codes(session, municipality.code)
    if not codes:
        return None
    known = {**areas, municipality.code: municipality}
    chosen = mapped_values(indicator, observations, known, codes)
    if chosen is None:
        return None
    period, values = chosen
    wanted = {o.area for o in values} | {municipality.code}
    boundaries = boundary_repo.load_boundaries(session, municipality.code, codes=wanted)
    shapes = {s.code: s.geometry for s in boundaries.shapes}
    mapped = sorted(
        (
            MapArea(
                o.area,
                known[o.area].name,
                o.value or 0.0,
                display_observation(o, indicator.unit),
                shapes[o.area],
            )
            for o in values
        ),
        key=lambda a: (-a.value, a.name),
    )
    legend = axis_title(indicator, labels["value"])
    outline = (
        shapes.get(municipality.code) if municipality.code not in {a.code for a in mapped} else None
    )
    title = f"{indicator.name}, {period}"
    chart = map_chart(
        indicator.key,
        title,
        mapped,
        legend=legend,
        area_title=_("Område"),
        outline=outline,
        points=boundaries.points,
    )
    return MapView(
        period,
        chart,
        [MapRow(a.name, a.text) for a in mapped],
        boundaries.points,
        _summary(mapped, period),
    )


def mapped_values(
    indicator: Indicator,
    observations: list[Observation],
    areas: dict[str, Area],
    shape_codes: set[str],
) -> tuple[str, list[Observation]] | None:
    """The latest period with values for `MIN_AREAS` or more areas of one kind that have a
    shape, and those values (totals only, not breakdowns)."""
    grouped: dict[str, dict[AreaKind, list[Observation]]] = defaultdict(lambda: defaultdict(list))
    for o in observations:
        if (
            o.indicator == indicator.key
            and not o.breakdown
            and o.status is ObservationStatus.MEASURED
            and o.value is not None
            and o.area in shape_codes
            and o.area in areas
        ):
            grouped[o.period][areas[o.area].kind].append(o)
    for period in sorted(grouped, key=period_sort_key, reverse=True):
        kinds = grouped[period]
        best = max(
            (kind for kind in LEVELS if len(kinds.get(kind, [])) >= MIN_AREAS),
            key=lambda kind: (len(kinds[kind]), -LEVELS.index(kind)),
            default=None,
        )
        if best is not None:
            return period, kinds[best]
    return None


def _summary(areas: list[MapArea], period: str) -> str:
    highest, lowest = areas[0], areas[-1]
    return _(
        "Kart, {period}: høyest i {high} ({high_value}), lavest i {low} ({low_value})."
    ).format(
        period=period,
        high=highest.name,
        high_value=highest.text,
        low=lowest.name,
        low_value=lowest.text,
    )
