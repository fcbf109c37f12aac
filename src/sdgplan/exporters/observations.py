"""Every observation as one row: the open-data export, documented in docs/formats.md.

The CSV can be imported again (`sdgplan import observations`), also into an empty database:
its descriptive columns define the indicators and areas it uses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sdgplan.domain.display import display_observation
from sdgplan.domain.indicators import GOAL_SEPARATOR, Area, IndicatorSet, Observation
from sdgplan.exporters.writers import csv_text, json_text

COLUMNS = [
    "municipality",
    "focus_area",
    "goal",
    "indicator_id",
    "indicator",
    "unit",
    "area",
    "area_name",
    "area_kind",
    "period",
    "breakdown",
    "value",
    "status",
    "display",
    "note",
]


def observation_rows(
    municipality: str, data: IndicatorSet, observations: list[Observation]
) -> list[dict[str, Any]]:
    indicators = {i.key: i for i in data.indicators}
    areas: dict[str, Area] = {a.code: a for a in data.areas}
    rows = []
    for obs in observations:
        indicator = indicators[obs.indicator]
        area = areas[obs.area]
        rows.append(
            {
                "municipality": municipality,
                "focus_area": GOAL_SEPARATOR.join(g.focus_area for g in indicator.goals),
                "goal": GOAL_SEPARATOR.join(g.goal for g in indicator.goals),
                "indicator_id": indicator.key,
                "indicator": indicator.name,
                "unit": indicator.unit or "",
                "area": area.code,
                "area_name": area.name,
                "area_kind": area.kind.value,
                "period": obs.period,
                "breakdown": obs.breakdown,
                "value": None if obs.value is None else round(obs.value, obs.decimals or 0),
                "decimals": obs.decimals or 0,
                "status": obs.status.value,
                "display": display_observation(obs, indicator.unit),
                "note": obs.note or "",
            }
        )
    return rows


def dump_csv(rows: list[dict[str, Any]]) -> str:
    return csv_text(
        COLUMNS, ([_value_text(row) if c == "value" else row[c] for c in COLUMNS] for row in rows)
    )


def _value_text(row: dict[str, Any]) -> str:
    return "" if row["value"] is None else f"{row['value']:.{row['decimals']}f}"


def dump_json(rows: list[dict[str, Any]]) -> str:
    return json_text([{c: row[c] for c in COLUMNS} for row in rows], indent=1)


OBSERVATION_EXPORTERS: dict[str, Callable[[list[dict[str, Any]]], str]] = {
    "csv": dump_csv,
    "json": dump_json,
}
