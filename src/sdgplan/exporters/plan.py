"""Write a plan version as YAML (the editable plan file), JSON (open data) or CSV.

The JSON shape is documented in docs/formats.md; the YAML file has the same keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from sdgplan.domain.plan import FocusArea, Goal, Plan, PlanVersion, Strategy
from sdgplan.domain.references import Reference
from sdgplan.exporters.writers import csv_text, json_text

FORMAT_NAME = "sdgplan-plan"
FORMAT_VERSION = 1


def plan_to_dict(plan: Plan, version: PlanVersion) -> dict[str, Any]:
    """The plan version as plain data, in the documented open format."""
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "municipality": {"number": plan.municipality.number, "name": plan.municipality.name},
        "plan": plan.title,
        "version": version.kind.value,
        "date": version.date.isoformat() if version.date else None,
        "focus_areas": [
            {
                **_key(area),
                "name": area.name,
                "main_goal": _item(area.main_goal) if area.main_goal else None,
                "goals": [
                    {**_item(goal), "strategies": [_item(s) for s in goal.strategies]}
                    for goal in area.goals
                ],
            }
            for area in version.focus_areas
        ],
    }


def _item(item: Goal | Strategy) -> dict[str, Any]:
    return {**_key(item), "text": item.text, "refs": _codes(item.refs)}


def _key(item: FocusArea | Goal | Strategy) -> dict[str, str]:
    """`{"id": key}`, or nothing for a plan whose keys are not assigned yet (not stored)."""
    return {"id": item.key} if item.key else {}


def _codes(refs: tuple[Reference, ...]) -> list[str]:
    return [r.code for r in refs]


class _CodeList(list[str]):
    """A reference list, written inline: `refs: [AK, '11.3']`."""


class _PlanDumper(yaml.SafeDumper):
    pass


_PlanDumper.add_representer(
    _CodeList,
    lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True),
)

YAML_HEADER = (
    "# sdgplan plan file (format sdgplan-plan 1). Edit freely; check with:\n"
    "#   sdgplan import plan THIS_FILE\n"
    "# refs: AK = local goal; 11 = SDG goal 11; 11.3 = SDG target 11.3\n"
)


def dump_yaml(plan: Plan, version: PlanVersion) -> str:
    data = plan_to_dict(plan, version)
    for area in data["focus_areas"]:
        items = [area["main_goal"], *area["goals"]] if area["main_goal"] else area["goals"]
        items += [s for goal in area["goals"] for s in goal["strategies"]]
        for item in items:
            item["refs"] = _CodeList(item["refs"])
    body = yaml.dump(
        data,
        Dumper=_PlanDumper,
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
        default_flow_style=False,
    )
    return YAML_HEADER + body


def dump_json(plan: Plan, version: PlanVersion) -> str:
    return json_text(plan_to_dict(plan, version), indent=2)


CSV_COLUMNS = ["key", "focus_area", "level", "path", "text", "refs"]


def dump_csv(plan: Plan, version: PlanVersion) -> str:
    """One row per main goal, sub-goal and strategy; refs space-separated."""
    return csv_text(
        CSV_COLUMNS,
        (
            [
                item.key,
                item.focus_area,
                item.level.value,
                item.path,
                item.text,
                " ".join(_codes(item.refs)),
            ]
            for item in version.items()
        ),
    )


PLAN_EXPORTERS: dict[str, Callable[[Plan, PlanVersion], str]] = {
    "yaml": dump_yaml,
    "json": dump_json,
    "csv": dump_csv,
}
