"""A plan proposal as a form and back: focus areas, each with its main goal and sub-goals,
each sub-goal with its strategies (the state of `plan:TITLE`, editing/kinds/plan.py), as
inputs named by their place in the form (`fa.0.g.1.s.2.refs`); references as typed text
(`11.7, 13.2`, as a YAML plan file takes them). An item can be removed (a box) and added
(an empty one, by a submit button: no script)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sdgplan.i18n import N_, _
from sdgplan.web.edit_forms import blank_to_none

MAX_ITEMS = 2000  # focus areas, goals and strategies in one form
_INDEX = re.compile(r"^fa\.(\d{1,4})(?:\.g\.(\d{1,4})(?:\.s\.(\d{1,4}))?)?\.")
_PROBLEM = re.compile(
    r"^focus_areas\[(\d+)\](?:\.(main_goal)|\.goals\[(\d+)\](?:\.strategies\[(\d+)\])?)?"
    r"(?:\.(\w+))?: (.*)$",
    re.S,
)
FIELD_NAMES = {
    "name": N_("navn"),
    "text": N_("tekst"),
    "refs": N_("referanser"),
    "id": N_("nøkkel"),
}


@dataclass
class Item:
    """A goal or strategy (or a main goal) as typed."""

    prefix: str  # its inputs' names start with it: `fa.0.g.1`
    id: str = ""
    text: str = ""
    refs: str = ""
    remove: bool = False
    strategies: list[Item] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        """A new item left empty, with its strategies (it is left out)."""
        typed = self.id or self.text.strip() or self.refs.strip()
        return not typed and all(strategy.blank for strategy in self.strategies)


@dataclass
class Area:
    prefix: str
    id: str = ""
    name: str = ""
    remove: bool = False
    main: Item = field(default_factory=lambda: Item(""))
    goals: list[Item] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        return (
            not (self.id or self.name.strip())
            and self.main.blank
            and all(goal.blank for goal in self.goals)
        )


def _refs_text(refs: Any) -> str:
    return ", ".join(refs) if isinstance(refs, list) else str(refs or "")


def _item(prefix: str, data: Mapping[str, Any] | None) -> Item:
    data = data or {}
    return Item(prefix, data.get("id") or "", data.get("text") or "", _refs_text(data.get("refs")))


def areas_from_state(state: Mapping[str, Any]) -> list[Area]:
    areas = []
    for a, data in enumerate(state.get("focus_areas") or []):
        area = Area(f"fa.{a}", data.get("id") or "", data.get("name") or "")
        area.main = _item(f"fa.{a}.main", data.get("main_goal"))
        for g, goal_data in enumerate(data.get("goals") or []):
            goal = _item(f"fa.{a}.g.{g}", goal_data)
            goal.strategies = [
                _item(f"fa.{a}.g.{g}.s.{s}", item)
                for s, item in enumerate(goal_data.get("strategies") or [])
            ]
            area.goals.append(goal)
        areas.append(area)
    return areas


def areas_from_form(form: Mapping[str, Any]) -> list[Area]:
    """The focus areas as typed, in the order of their numbers."""
    found: set[tuple[int, ...]] = set()
    for name in form:
        match = _INDEX.match(name)
        if match:
            found.add(tuple(int(n) for n in match.groups() if n is not None))
    if len(found) > MAX_ITEMS:
        found = set(sorted(found)[:MAX_ITEMS])

    def text(name: str) -> str:
        return str(form.get(name) or "")

    def item(prefix: str) -> Item:
        return Item(
            prefix,
            text(prefix + ".id"),
            text(prefix + ".text"),
            text(prefix + ".refs"),
            bool(form.get(prefix + ".remove")),
        )

    areas = []
    for (a,) in sorted(k for k in found if len(k) == 1):
        prefix = f"fa.{a}"
        area = Area(prefix, text(prefix + ".id"), text(prefix + ".name"))
        area.remove = bool(form.get(prefix + ".remove"))
        area.main = item(prefix + ".main")
        for _a, g in sorted(k for k in found if len(k) == 2 and k[0] == a):
            goal = item(f"{prefix}.g.{g}")
            goal.strategies = [
                item(f"{prefix}.g.{g}.s.{s}")
                for _a2, _g2, s in sorted(k for k in found if len(k) == 3 and k[:2] == (a, g))
            ]
            area.goals.append(goal)
        areas.append(area)
    return areas


def add_empty(areas: list[Area], where: str) -> str | None:
    """Add an empty item at `where` (`fa`: a focus area; `fa.0`: a sub-goal of it;
    `fa.0.g.1`: a strategy of that goal); the new item's prefix, or None for an unknown
    place."""
    if where == "fa":
        prefix = f"fa.{_next(a.prefix for a in areas)}"
        areas.append(Area(prefix, main=Item(prefix + ".main")))
        return prefix
    for area in areas:
        if where == area.prefix:
            prefix = f"{area.prefix}.g.{_next(g.prefix for g in area.goals)}"
            area.goals.append(Item(prefix))
            return prefix
        for goal in area.goals:
            if where == goal.prefix:
                prefix = f"{goal.prefix}.s.{_next(s.prefix for s in goal.strategies)}"
                goal.strategies.append(Item(prefix))
                return prefix
    return None


def _next(prefixes: Any) -> int:
    return max((int(p.rsplit(".", 1)[1]) for p in prefixes), default=-1) + 1


@dataclass
class Places:
    """Where each item of the state came from: the item's label and its form prefix, by its
    place in the state (`(0, 'g', 1)`)."""

    items: dict[tuple[Any, ...], tuple[str, str]] = field(default_factory=dict)


def state_from_areas(base: Mapping[str, Any], areas: list[Area]) -> tuple[dict[str, Any], Places]:
    """The proposal the form asks for (removed items and new empty ones left out), with the
    rest of `base` (the title, the date) kept."""
    places = Places()
    focus_areas: list[dict[str, Any]] = []
    for number, area in enumerate(areas, start=1):
        if area.remove or area.blank:
            continue
        at = len(focus_areas)
        label = _("Satsingsområde {number}").format(number=number)
        places.items[(at,)] = (label, area.prefix)
        data: dict[str, Any] = {**_id(area.id), "name": blank_to_none(area.name)}
        main = area.main
        if main.remove or main.blank:
            data["main_goal"] = None
        else:
            data["main_goal"] = _item_state(main)
            places.items[(at, "main")] = (_("{area}, hovedmål").format(area=label), main.prefix)
        goals: list[dict[str, Any]] = []
        for g, goal in enumerate(area.goals, start=1):
            if goal.remove or goal.blank:
                continue
            goal_label = _("{area}, delmål {number}").format(area=label, number=g)
            places.items[(at, "g", len(goals))] = (goal_label, goal.prefix)
            strategies: list[dict[str, Any]] = []
            for s, strategy in enumerate(goal.strategies, start=1):
                if strategy.remove or strategy.blank:
                    continue
                places.items[(at, "g", len(goals), len(strategies))] = (
                    _("{goal}, strategi {number}").format(goal=goal_label, number=s),
                    strategy.prefix,
                )
                strategies.append(_item_state(strategy))
            goals.append({**_item_state(goal), "strategies": strategies})
        data["goals"] = goals
        focus_areas.append(data)
    kept = {k: v for k, v in base.items() if k != "focus_areas"}
    return {**kept, "focus_areas": focus_areas}, places


def _id(text: str) -> dict[str, str]:
    return {"id": text.strip()} if text.strip() else {}


def _item_state(item: Item) -> dict[str, Any]:
    return {**_id(item.id), "text": blank_to_none(item.text), "refs": blank_to_none(item.refs)}


def placed(problems: list[str], places: Places) -> tuple[list[str], set[str]]:
    """The problems with the form's words for where they are (`Satsingsområde 2, delmål 1,
    referanser: ...`), and the inputs they name."""
    shown, invalid = [], set()
    for problem in problems:
        match = _PROBLEM.match(problem)
        if match is None:
            shown.append(problem)
            continue
        area, main, goal, strategy, name, message = match.groups()
        key: tuple[Any, ...] = (int(area),)
        if main:
            key += ("main",)
        elif goal is not None:
            key += ("g", int(goal)) + ((int(strategy),) if strategy is not None else ())
        label, prefix = places.items.get(key, (None, None))
        if label is None or prefix is None:
            shown.append(problem)
            continue
        if name in FIELD_NAMES:
            invalid.add(f"{prefix}.{name}")
            label = f"{label}, {_(FIELD_NAMES[name])}"
        else:
            invalid |= {f"{prefix}.{n}" for n in ("name", "text", "refs")}
        shown.append(f"{label}: {message}")
    return shown, invalid
