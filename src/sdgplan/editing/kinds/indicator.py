"""`indicator:KEY`: a stored indicator's definition: name, unit, direction, threshold, scale,
goals, source, notes, bands, target and the options of the progress method. (The model has
no comparison areas of its own: they are the areas of the observations.)

The state is the `Indicator`'s fields as JSON in the domain's names, each field present
(None, or [] for goals, where unset); goals by key:

    {"name": "Sykefravær", "unit": "%", "direction": "lower",
     "threshold": {"operator": "<", "value": 6.0, "unit": "%", "upper": None},
     "scale": None, "goals": ["okonomi.1"], "source": "SSB", "notes": None,
     "bands": {"desired": [{"lower": 1.3, "upper": 1.69, "unit": "%"}], "acceptable": []},
     "target": {"year": 2030, "value": 5.0, "change": None, "base_year": None,
                "reached_change": None, "reached_year": None},
     "progress": {"base_year": 2015, "limit": None}}

`check` also takes a threshold, scale or range as text (`> 10 %`, `1-5`, `1,30-1,69 %`) and
numbers as text (`12,5`). It reads the state as an indicator file's record, with the checks
every indicator file gets (`importers/indicators/checks.py`), so a bad value gets a file's
message after the field's name (`target.year: «20x0» er ikke et årstall ...`). Goals must be
goals of the stored plan (the adopted version if any) in one focus area, as in a file.

Publishing logs one change (entity `indicator`) whose old and new are the whole states.
`sdgplan import indicators` logs only the name, unit, direction, threshold (as text), goals,
source and notes: replaying such an entry takes those fields from it and keeps the scale,
bands, target and progress options of the state before it (empty if there is none). So a
revert to a web entry restores the whole definition; a revert to an import's entry restores
the fields it logged, while the scale, bands, target and progress options come from the
last web entry before it, or are left empty, not necessarily as the file had them. (A
threshold logged with more than six digits, `1.23457e+06`, cannot be read back: such a
revert is refused naming it.)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, replace
from decimal import Decimal
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from sdgplan.domain.indicators import Indicator
from sdgplan.domain.plan import Municipality, PlanVersion
from sdgplan.editing.kinds.common import focus_areas_of_goals, refuse
from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.importers.indicators.checks import Definitions, Value
from sdgplan.store import change_log, indicator_repo, plan_repo
from sdgplan.store.change_log import Change

ENTITY = "indicator"
TEXTS = ("name", "unit", "direction", "source", "notes")
FIELDS = (*TEXTS[:3], "threshold", "scale", "goals", *TEXTS[3:], "bands", "target", "progress")
PARTS = {  # the fields that are objects -> their fields
    "threshold": ("operator", "value", "unit", "upper"),
    "scale": ("minimum", "maximum"),
    "target": ("year", "value", "change", "base_year", "reached_change", "reached_year"),
    "progress": ("base_year", "limit"),
    "bands": ("desired", "acceptable"),
}
RANGE = ("lower", "upper", "unit")
MAX_TEXT = 10_000
# the flat names of the file's checks -> the state's
LABELS = {
    **{f"target_{name}": f"target.{name}" for name in PARTS["target"]},
    **{f"progress_{name}": f"progress.{name}" for name in PARTS["progress"]},
    **{f"bands_{name}": f"bands.{name}" for name in PARTS["bands"]},
    "focus_area": "goals",
    "goal": "goals",
}
EMPTY: dict[str, Any] = {**dict.fromkeys(FIELDS), "goals": []}


def indicator_state(indicator: Indicator) -> dict[str, Any]:
    """The state of an indicator (see the module's doc)."""
    bands = indicator.bands
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction.value if indicator.direction else None,
        "threshold": asdict(indicator.threshold) if indicator.threshold else None,
        "scale": asdict(indicator.scale) if indicator.scale else None,
        "goals": [goal.key for goal in indicator.goals],
        "source": indicator.source,
        "notes": indicator.notes,
        "bands": {
            "desired": [asdict(r) for r in bands.desired],
            "acceptable": [asdict(r) for r in bands.acceptable],
        }
        if bands
        else None,
        "target": asdict(indicator.target) if indicator.target else None,
        "progress": asdict(indicator.progress),
    }


def _stored(session: Session, owner: Municipality, key: str) -> Indicator:
    for indicator in indicator_repo.load_indicator_set(session, owner.number).indicators:
        if indicator.key == key:
            return indicator
    raise NotFound(_("Ukjent indikator: {key}").format(key=repr(key[:200])))


def _plan(session: Session, owner: Municipality) -> PlanVersion | None:
    try:
        return plan_repo.load_plan_version(session, municipality=owner.number)[1]
    except NotFound:
        return None


class IndicatorKind:
    def title(self, session: Session, owner: Municipality, key: str) -> str:
        return _("{name} (definisjon)").format(name=_stored(session, owner, key).name)

    def load(self, session: Session, owner: Municipality, key: str) -> Any:
        return indicator_state(_stored(session, owner, key))

    def check(self, session: Session, owner: Municipality, key: str, state: Any) -> Any:
        return indicator_state(_read(session, owner, key, state))

    def apply(
        self,
        session: Session,
        owner: Municipality,
        key: str,
        state: Any,
        *,
        who: str,
        source: str,
        reason: str | None,
    ) -> None:
        stored = _stored(session, owner, key)
        # the series binding and group method come from the indicator file, not the form
        indicator = replace(
            _read(session, owner, key, state),
            series=stored.series,
            group_method=stored.group_method,
        )
        old, new = indicator_state(stored), indicator_state(indicator)
        if old == new:
            return
        change_log.record(
            session,
            who=who,
            municipality=owner.number,
            action="update",
            entity=ENTITY,
            key=key,
            old=old,
            new=new,
            source=source,
            reason=reason,
        )
        indicator_repo.save_indicators(session, owner.number, [indicator])

    def focus_areas(self, session: Session, owner: Municipality, key: str) -> frozenset[str] | None:
        goals = [g.key for g in _stored(session, owner, key).goals if g.resolved]
        return focus_areas_of_goals(session, owner.number, goals)

    def focus_areas_of_state(
        self, session: Session, owner: Municipality, state: Any
    ) -> frozenset[str] | None:
        """The focus areas of the goals a (checked) state links the indicator to."""
        return focus_areas_of_goals(session, owner.number, state.get("goals") or [])

    def replay(self, changes: Sequence[Change]) -> Any:
        """The last state; an entry of the CLI's (fewer fields) changes only its fields."""
        state: dict[str, Any] | None = None
        for change in changes:
            if change.entity != ENTITY:
                continue
            if change.new is None:
                state = None
            else:
                logged = {k: v for k, v in change.new.items() if k in FIELDS}
                state = {**(state or EMPTY), **logged}
        return state


def _read(session: Session, owner: Municipality, key: str, state: Any) -> Indicator:
    """The indicator `state` defines, checked as an indicator file's; InvalidData naming
    each problem."""
    _stored(session, owner, key)
    where = f"{ENTITY}:{key}"
    if not isinstance(state, dict):
        refuse(where, [_("forventet et objekt med {fields}").format(fields=", ".join(FIELDS))])
    plan = _plan(session, owner)
    record = _StateRecord()
    flat = record.flatten(state, plan)
    refuse(where, record.problems)
    record.flat = {"key": key, **flat}
    indicator = Definitions(plan).indicator(record)
    refuse(where, record.problems)
    assert indicator is not None
    return indicator


class _StateRecord:
    """A state as a record of the file checks (`checks.Record`): the file's flat names,
    values as text; problems named by the state's fields."""

    def __init__(self) -> None:
        self.flat: dict[str, str | list[str]] = {}
        self.problems: list[str] = []

    def value(self, key: str) -> Value | None:
        text = self.flat.get(key)
        if not isinstance(text, str) or not text.strip():
            return None
        return Value(text.strip(), partial(self.problem, self.label(key)))

    def values(self, key: str) -> list[Value]:
        found = self.flat.get(key) or []
        texts = [found] if isinstance(found, str) else found
        at = self.label(key)
        return [
            Value(text.strip(), partial(self.problem, f"{at}[{i}]"))
            for i, text in enumerate(texts)
            if text.strip()
        ]

    def error(self, message: str, *, key: str | None = None) -> None:
        self.problem(self.label(key) if key else None, message)

    def label(self, key: str) -> str:
        return LABELS.get(key, key)

    def problem(self, field: str | None, message: str) -> None:
        self.problems.append(f"{field}: {message}" if field else message)

    # -- the state as the file's flat values --------------------------------------------

    def flatten(self, state: dict[str, Any], plan: PlanVersion | None) -> dict[str, Any]:
        flat: dict[str, Any] = {}
        for field in state:
            if field not in FIELDS:
                self.unknown(str(field), FIELDS)
        for field in TEXTS:
            flat[field] = self.text(field, state.get(field))
        flat["threshold"] = self.threshold(state.get("threshold"))
        flat["scale"] = self.joined("scale", state.get("scale"), "{minimum}-{maximum}")
        for name, value in (self.part("target", state.get("target")) or {}).items():
            flat[f"target_{name}"] = self.number("target." + name, value)
        for name, value in (self.part("progress", state.get("progress")) or {}).items():
            flat[f"progress_{name}"] = self.number("progress." + name, value)
        for name, ranges in (self.part("bands", state.get("bands")) or {}).items():
            flat[f"bands_{name}"] = self.ranges(f"bands.{name}", ranges)
        flat |= self.goals(state.get("goals"), plan)
        return flat

    def unknown(self, field: str, allowed: Sequence[str]) -> None:
        self.problem(
            None,
            _("Ukjent felt «{field}»; tillatt: {allowed}").format(
                field=field[:60], allowed=", ".join(allowed)
            ),
        )

    def text(self, field: str, value: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem(
                None,
                _("{field}: forventet tekst, ikke {value}").format(
                    field=field, value=repr(value)[:60]
                ),
            )
            return None
        if len(value) > MAX_TEXT:
            self.problem(
                None, _("{field}: tekst på høyst {limit} tegn").format(field=field, limit=MAX_TEXT)
            )
            return None
        return value

    def number(self, field: str, value: Any) -> str | None:
        """A number (or its text) as a file writes it: `0.00001`, never `1e-05`."""
        if isinstance(value, float) and math.isfinite(value):
            return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
        if isinstance(value, bool):
            return str(value).lower()  # not a number: the checks say so, naming it
        if isinstance(value, int):
            return str(value)
        return self.text(field, value)

    def part(self, field: str, value: Any) -> dict[str, Any] | None:
        """An object field's parts, or None (not given, or not an object: a problem)."""
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(
                field, _("forventet et objekt med {fields}").format(fields=", ".join(PARTS[field]))
            )
            return None
        for name in value:
            if name not in PARTS[field]:
                self.unknown(f"{field}.{name}", PARTS[field])
        return {name: value.get(name) for name in PARTS[field]}

    def threshold(self, value: Any) -> str | None:
        """`> 10 %`, `10-20 %`: the text `Threshold.parse` reads."""
        if not isinstance(value, dict) or _blank(value):
            return self.text("threshold", None if isinstance(value, dict) else value)
        parts = self.part("threshold", value) or {}
        operator = self.text("threshold.operator", parts["operator"]) or ""
        number = self.number("threshold.value", parts["value"]) or ""
        if operator == "between":
            text = f"{number}-{self.number('threshold.upper', parts['upper']) or ''}"
        else:
            text = f"{operator} {number}"
        unit = self.text("threshold.unit", parts["unit"])
        return f"{text} {unit}" if unit else text

    def joined(self, field: str, value: Any, form: str) -> str | None:
        """A scale or a range given as text, or as its parts joined by `form`."""
        if not isinstance(value, dict) or _blank(value):
            return self.text(field, None if isinstance(value, dict) else value)
        allowed = PARTS.get(field, RANGE)
        for name in value:
            if name not in allowed:
                self.unknown(f"{field}.{name}", allowed)
        numbers = {
            name: self.number(f"{field}.{name}", value.get(name)) or ""
            for name in allowed
            if name != "unit"
        }
        text = form.format(**numbers)
        unit = self.text(f"{field}.unit", value.get("unit")) if "unit" in allowed else None
        return f"{text} {unit}" if unit else text

    def ranges(self, field: str, value: Any) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list):
            value = [value]
        return [
            self.joined(f"{field}[{i}]", item, "{lower}-{upper}") or ""
            for i, item in enumerate(value)
        ]

    def goals(self, value: Any, plan: PlanVersion | None) -> dict[str, Any]:
        """`focus_area` and `goal` as a file writes them: the focus area of the first known
        goal (the checks name the goals that are not in it)."""
        if value is None or value == []:
            return {}
        if not isinstance(value, list) or not all(isinstance(key, str) for key in value):
            self.problem("goals", _("forventet en liste av målnøkler"))
            return {}
        areas = {goal.key: area for area, goal in plan.goals()} if plan else {}
        known = [areas[key] for key in value if key in areas]
        if plan is not None and not known:
            for i, key in enumerate(value):
                self.problem(f"goals[{i}]", _("Ukjent mål: {key}").format(key=repr(key[:200])))
            return {}
        area = known[0].key if known else value[0]
        return {"focus_area": area, "goal": value}


def _blank(parts: dict[str, Any]) -> bool:
    """An object with nothing filled in: a threshold, scale or range left empty."""
    return all(value is None or value == "" for value in parts.values())


KIND = IndicatorKind()
