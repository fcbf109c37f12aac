"""An indicator's definition as a form and back: every field of the state of `indicator:KEY`
(editing/kinds/indicator.py) as a flat input named by its place in the state (`target.year`,
`bands.desired.0.lower`); numbers are left as typed (`12,5`), the service reads them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData

from sdgplan.domain.plan import PlanVersion
from sdgplan.editing.kinds.indicator import PARTS, RANGE, TEXTS
from sdgplan.i18n import N_, _
from sdgplan.web.edit_forms import blank_to_none, number_text

BAND_KINDS = ("desired", "acceptable")
SPARE_RANGES = 1  # empty ranges offered under each band, to add one without script
DIRECTIONS = {
    "": N_("Ikke angitt"),
    "higher": N_("Høyere er bedre"),
    "lower": N_("Lavere er bedre"),
}
OPERATORS = {
    "": N_("Ingen terskel"),
    ">": N_("over (>)"),
    ">=": N_("minst (>=)"),
    "<": N_("under (<)"),
    "<=": N_("høyst (<=)"),
    "between": N_("mellom (fra-til)"),
}
OBJECTS = ("threshold", "scale", "target", "progress")  # fields with parts, bands aside


@dataclass(frozen=True)
class GoalChoice:
    key: str
    label: str


@dataclass(frozen=True)
class GoalGroup:
    focus_area: str
    goals: list[GoalChoice]


def goal_groups(version: PlanVersion | None) -> list[GoalGroup]:
    """The goals an indicator may measure, by focus area: the main goal, then the sub-goals."""
    groups = []
    for area in version.focus_areas if version else []:
        choices = []
        if area.main_goal is not None and area.main_goal.key:
            label = _("Hovedmål: {text}").format(text=area.main_goal.text)
            choices.append(GoalChoice(area.main_goal.key, label))
        for number, goal in enumerate(area.goals, start=1):
            if goal.key:
                label = _("Delmål {number}: {text}").format(number=number, text=goal.text)
                choices.append(GoalChoice(goal.key, label))
        groups.append(GoalGroup(area.name, choices))
    return groups


def typed_from_state(state: Mapping[str, Any]) -> dict[str, Any]:
    """The form's values for `state`, with spare empty ranges."""
    typed: dict[str, Any] = {field: state.get(field) or "" for field in TEXTS}
    for field in OBJECTS:
        parts = state.get(field) or {}
        for part in PARTS[field]:
            typed[f"{field}.{part}"] = number_text(parts.get(part))
    typed["goals"] = list(state.get("goals") or [])
    bands = state.get("bands") or {}
    for kind in BAND_KINDS:
        ranges = [
            {part: number_text(item.get(part)) for part in RANGE} for item in bands.get(kind) or []
        ]
        typed[f"bands.{kind}"] = ranges + [dict.fromkeys(RANGE, "")] * SPARE_RANGES
    return typed


def typed_from_form(form: FormData) -> dict[str, Any]:
    """What was typed, as `typed_from_state` gives it (with a spare range if all are full)."""
    typed: dict[str, Any] = {field: str(form.get(field) or "") for field in TEXTS}
    for field in OBJECTS:
        for part in PARTS[field]:
            typed[f"{field}.{part}"] = str(form.get(f"{field}.{part}") or "")
    typed["goals"] = [str(key) for key in form.getlist("goals")]
    for kind in BAND_KINDS:
        ranges = []
        for number in range(_count(form, f"bands.{kind}.")):
            at = f"bands.{kind}.{number}."
            ranges.append({part: str(form.get(at + part) or "") for part in RANGE})
        if not ranges or any(ranges[-1].values()):
            ranges.append(dict.fromkeys(RANGE, ""))
        typed[f"bands.{kind}"] = ranges
    return typed


def state_from_typed(typed: Mapping[str, Any]) -> dict[str, Any]:
    """The state the form asks for: what was left empty is None (an empty range is left out)."""
    state: dict[str, Any] = {field: blank_to_none(typed[field]) for field in TEXTS}
    for field in OBJECTS:
        parts = {part: blank_to_none(typed[f"{field}.{part}"]) for part in PARTS[field]}
        state[field] = parts if any(value is not None for value in parts.values()) else None
    state["goals"] = list(typed["goals"])
    bands = {
        kind: [
            {part: blank_to_none(item[part]) for part in RANGE}
            for item in typed[f"bands.{kind}"]
            if any(blank_to_none(value) for value in item.values())
        ]
        for kind in BAND_KINDS
    }
    state["bands"] = bands if any(bands.values()) else None
    return state


def input_names(typed: Mapping[str, Any]) -> list[str]:
    """The names of the form's inputs (for marking the ones a problem names)."""
    names = [name for name in typed if not name.startswith("bands.") and name != "goals"]
    for kind in BAND_KINDS:
        for number, _item in enumerate(typed[f"bands.{kind}"]):
            names += [f"bands.{kind}.{number}.{part}" for part in RANGE]
    return names


def _count(form: FormData, prefix: str) -> int:
    """How many numbered rows under `prefix` the form has (`bands.desired.3.lower`: 4)."""
    numbers = [
        int(number)
        for name in form
        if name.startswith(prefix)
        and (number := name[len(prefix) :].partition(".")[0]).isdigit()
        and len(number) < 4
    ]
    return max(numbers, default=-1) + 1
