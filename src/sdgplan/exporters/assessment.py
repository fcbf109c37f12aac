"""An assessment as records: one per indicator verdict, roll-up and coverage finding.

The JSON form is a list of these records; the CSV form has one row each. The reason is
written in the current language; `reason_parts` holds it as data (message ids and
parameters, assessment/reasons.py). Documented in docs/assessment.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sdgplan.domain.indicators import GOAL_SEPARATOR
from sdgplan.exporters.writers import csv_text, json_text

if TYPE_CHECKING:
    from sdgplan.assessment.reasons import Reason
    from sdgplan.assessment.rollup import Assessment

COLUMNS = [
    "level",
    "indicator",
    "name",
    "goal",
    "focus_area",
    "period",
    "value",
    "display",
    "threshold_status",
    "band_status",
    "progress_status",
    "score",
    "progress_value",
    "trend",
    "eurostat_short_term",
    "eurostat_long_term",
    "outcome",
    "attainment",
    "counts",
    "reason",
    "reason_parts",
]
JSON_TEXT_COLUMNS = ("counts", "reason_parts")  # written as JSON text in CSV


def assessment_records(assessment: Assessment) -> list[dict[str, Any]]:
    from sdgplan.assessment import rollup  # here: the CLI imports this module for `--help`

    records: list[dict[str, Any]] = []
    for v in assessment.indicators:
        records.append(
            {
                "level": "indicator",
                "indicator": v.indicator.key,
                "name": v.indicator.name,
                "goal": GOAL_SEPARATOR.join(g.goal for g in v.indicator.goals),
                "focus_area": GOAL_SEPARATOR.join(
                    dict.fromkeys(g.focus_area for g in v.indicator.goals)
                ),
                "period": v.period,
                "value": v.value,
                "display": v.display,
                "threshold_status": v.threshold_status.value,
                "band_status": v.band_status,
                "progress_status": v.progress.status.value,
                "score": _rounded(v.progress.score),
                "progress_value": _rounded(v.progress.value, 4),
                "trend": v.trend.status.value,
                "eurostat_short_term": v.eurostat_short.category.value,
                "eurostat_long_term": v.eurostat_long.category.value,
                "outcome": v.outcome.value,
                "attainment": None,
                "counts": None,
                **_reason(v.reason),
            }
        )
    for r in assessment.rollups:
        records.append(
            {
                **dict.fromkeys(COLUMNS),
                "level": r.level,
                "name": r.name,
                "goal": r.name if r.level in ("goal", "main_goal") else None,
                "focus_area": r.focus_area or None,
                "period": assessment.year,
                "score": _rounded(r.score),
                "attainment": r.attainment.value,
                "counts": r.counts,
                **_reason(r.reason),
            }
        )
    coverage = assessment.coverage
    for focus_area, goal, developing in coverage.goals_without_indicators:
        records.append(
            {
                **dict.fromkeys(COLUMNS),
                "level": "coverage",
                "name": "goal_without_indicators",
                "goal": goal,
                "focus_area": focus_area,
                **_reason(rollup.goal_without_indicators(developing)),
            }
        )
    for key in coverage.indicators_without_recent_values:
        records.append(
            {
                **dict.fromkeys(COLUMNS),
                "level": "coverage",
                "name": "indicator_without_recent_values",
                "indicator": key,
                **_reason(rollup.without_recent_values(assessment.year)),
            }
        )
    for target in coverage.targets_without_indicators:
        records.append(
            {
                **dict.fromkeys(COLUMNS),
                "level": "coverage",
                "name": "target_without_indicators",
                "indicator": None,
                "goal": target,
                **_reason(rollup.target_without_indicators(target)),
            }
        )
    for key in coverage.indicators_with_unknown_goals:
        records.append(
            {
                **dict.fromkeys(COLUMNS),
                "level": "coverage",
                "name": "indicator_with_unknown_goal",
                "indicator": key,
                **_reason(rollup.indicator_with_unknown_goal()),
            }
        )
    return records


def _reason(reason: Reason) -> dict[str, Any]:
    from sdgplan.assessment.reasons import reason_data, render_reason

    return {"reason": render_reason(reason), "reason_parts": reason_data(reason)}


def _rounded(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


def dump_json(records: list[dict[str, Any]]) -> str:
    return json_text(records, indent=1)


def dump_csv(records: list[dict[str, Any]]) -> str:
    return csv_text(
        COLUMNS,
        (
            [
                ""
                if record.get(c) is None
                else json.dumps(record[c], ensure_ascii=False)
                if c in JSON_TEXT_COLUMNS
                else record[c]
                for c in COLUMNS
            ]
            for record in records
        ),
    )


ASSESSMENT_EXPORTERS: dict[str, Callable[[list[dict[str, Any]]], str]] = {
    "json": dump_json,
    "csv": dump_csv,
}
