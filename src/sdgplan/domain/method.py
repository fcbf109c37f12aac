"""The SDG method tool as data (issue 15, docs/method-tool.md): a municipality's method table
for one plan cycle, in three levels, as in the slides «Overordnet metodeverktøy» (seed 002).

- level 1: a global goal (SDG) and what it means for the municipality, with the targets
  that matter;
- level 2: a target with the local opportunities and challenges of delivering on it;
- level 3: a target with goals, strategies and interests for service development and for
  community development.

A row names the plan goals and strategies it became (`plan_keys`, the stable keys of
`domain/plan_keys.py`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sdgplan.domain.sdg import SdgCatalogue, normalize_sdg_code
from sdgplan.i18n import _

LEVELS = (1, 2, 3)
# each level's text fields, in the order of the slides' columns
LEVEL_FIELDS: dict[int, tuple[str, ...]] = {
    1: ("significance",),
    2: ("opportunities", "challenges"),
    3: (
        "service_goal",
        "service_strategy",
        "service_interests",
        "community_goal",
        "community_strategy",
        "community_interests",
    ),
}
CYCLE_KEY = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")
# the slides' spelling of a letter target: `3.9a` for the target after 3.9 (3.a)
_SLIDE_TARGET = re.compile(r"^([0-9]{1,2})\.([0-9]{1,2})([a-z])$")


class Aggregation(StrEnum):
    """How the scores of several scorers of one target are combined."""

    MEAN = "mean"
    MEDIAN = "median"


@dataclass(frozen=True)
class MethodCycle:
    """The method work of one plan cycle (`2020-2032`) and how its materiality is scored."""

    key: str
    title: str
    illustrative: bool = False
    scale_min: float = 1.0
    scale_max: float = 5.0
    aggregation: Aggregation = Aggregation.MEAN
    priority_threshold: float | None = None

    def problems(self) -> list[str]:
        """What is wrong with the cycle, as messages."""
        found = [] if CYCLE_KEY.fullmatch(self.key) else [invalid_cycle_key(self.key)]
        return found + self.scale_problems()

    def scale_problems(self) -> list[str]:
        """What is wrong with the materiality settings, as messages."""
        found = []
        if not self.scale_min < self.scale_max:
            found.append(
                _("Skalaen må gå fra et lavere til et høyere tall (min {low}, maks {high})").format(
                    low=_plain(self.scale_min), high=_plain(self.scale_max)
                )
            )
        elif self.priority_threshold is not None and not (
            self.scale_min <= self.priority_threshold <= self.scale_max
        ):
            found.append(
                _("Prioritetsgrensen {value} er utenfor skalaen {low}-{high}").format(
                    value=_plain(self.priority_threshold),
                    low=_plain(self.scale_min),
                    high=_plain(self.scale_max),
                )
            )
        return found


@dataclass(frozen=True)
class MethodRow:
    """One row of a level. Level 1: `sdg_goal`, `targets` and the text `significance`;
    levels 2 and 3: `target` (its goal in `sdg_goal`) and the level's texts
    (`LEVEL_FIELDS`); empty texts are left out of `texts`."""

    level: int
    sdg_goal: int
    target: str | None = None
    texts: Mapping[str, str] = field(default_factory=dict)
    targets: tuple[str, ...] = ()
    plan_keys: tuple[str, ...] = ()

    def text(self, name: str) -> str:
        return self.texts.get(name, "")

    @property
    def code(self) -> str:
        """The row's SDG code: its target, else its goal."""
        return self.target or str(self.sdg_goal)


@dataclass(frozen=True)
class MethodTable:
    """A municipality's method table for one cycle: the rows of all three levels in order."""

    municipality: str
    cycle: MethodCycle
    rows: tuple[MethodRow, ...] = ()

    def level(self, level: int) -> list[MethodRow]:
        return [r for r in self.rows if r.level == level]

    def plan_keys(self) -> set[str]:
        return {key for row in self.rows for key in row.plan_keys}


@dataclass(frozen=True)
class TargetReading:
    """How a target code as written was read: `code` what is kept (the catalogue's code, or
    a slide form that cannot be mapped, as written; None: refused), `note` what the user
    is told (an error when `code` is None, else a warning)."""

    written: str
    code: str | None
    note: str | None = None


def read_target(written: str, goal: int | None, catalogue: SdgCatalogue) -> TargetReading:
    """A target code as the catalogue spells it, or why not.

    The catalogue's codes are read in any spelling `normalize_sdg_code` takes (`3.a`,
    `3.A`). The slides write the letter targets after the last numbered one (`3.9a` for
    3.a, `9.5c` for 9.c, `11.7a` for 11.a): such a code is mapped when its number is the
    goal's last numbered target, so that the reading is unambiguous; otherwise (`11.3a`)
    it is kept as written, with a note. `goal`, if given, is the goal it must belong to.
    """
    text = written.strip()
    slide = _SLIDE_TARGET.match(text.lower())
    if slide:
        return _slide_target(text, slide, goal, catalogue)
    try:
        code = normalize_sdg_code(text)
    except ValueError as e:
        return TargetReading(text, None, str(e))
    if code.count(".") != 1 or code not in catalogue.targets:
        return TargetReading(text, None, unknown_target(text))
    if goal is not None and catalogue.targets[code].goal != goal:
        return TargetReading(text, None, other_goal(code, goal))
    return TargetReading(text, code)


def _slide_target(
    text: str, slide: re.Match[str], row_goal: int | None, catalogue: SdgCatalogue
) -> TargetReading:
    goal, number, letter = int(slide[1]), int(slide[2]), slide[3]
    if goal not in catalogue.goals:
        return TargetReading(text, None, unknown_target(text))
    if row_goal is not None and goal != row_goal:
        return TargetReading(text, None, other_goal(text, row_goal))
    numbered = [
        int(t.code.split(".")[1])
        for t in catalogue.targets_of(goal)
        if t.code.split(".")[1].isdigit()
    ]
    code = f"{goal}.{letter}"
    if numbered and number == max(numbered) and code in catalogue.targets:
        note = _("«{written}» er lest som delmål {code} (bokstavdelmålet etter {after})").format(
            written=text, code=code, after=f"{goal}.{number}"
        )
        return TargetReading(text, code, note)
    return TargetReading(
        text,
        text,
        _(
            "«{written}» er ikke entydig: ingen bokstavdelmål følger {after}; beholdt som skrevet"
        ).format(written=text, after=f"{goal}.{number}"),
    )


def unknown_target(code: str) -> str:
    return _("«{code}» er ikke et delmål i FNs liste").format(code=code)


def other_goal(code: str, goal: int) -> str:
    return _("Delmålet {code} hører ikke til bærekraftsmål {goal}").format(code=code, goal=goal)


def invalid_cycle_key(key: str) -> str:
    return _(
        "Ugyldig syklus «{key}»: små bokstaver a-z, sifre, punktum, - og _, høyst 100 tegn "
        "(f.eks. 2020-2032)"
    ).format(key=key)


def goal_label(goal: int, catalogue: SdgCatalogue, *, english: bool = False) -> str:
    """`3 God helse og livskvalitet`: the goal's number and short name."""
    found = catalogue.goals.get(goal)
    if found is None:
        return str(goal)
    return f"{goal} {found.short_en if english else found.short_nb}"


def table_data(table: MethodTable) -> dict[str, Any]:
    """The table as plain data (JSON and YAML): the cycle's settings and each level's rows
    with only the fields they have; what the change log keeps and the YAML file holds."""
    cycle = table.cycle
    data: dict[str, Any] = {
        "municipality": table.municipality,
        "cycle": cycle.key,
        "title": cycle.title,
    }
    if cycle.illustrative:
        data["illustrative"] = True
    materiality: dict[str, Any] = {
        "scale_min": _plain(cycle.scale_min),
        "scale_max": _plain(cycle.scale_max),
        "aggregation": cycle.aggregation.value,
    }
    if cycle.priority_threshold is not None:
        materiality["priority_threshold"] = _plain(cycle.priority_threshold)
    data["materiality"] = materiality
    for level in LEVELS:
        rows = [_row_data(r) for r in table.level(level)]
        if rows:
            data[f"level_{level}"] = rows
    return data


def _row_data(row: MethodRow) -> dict[str, Any]:
    data: dict[str, Any] = {"goal": row.sdg_goal} if row.level == 1 else {"target": row.target}
    data |= {name: row.texts[name] for name in LEVEL_FIELDS[row.level] if row.texts.get(name)}
    if row.level == 1:
        data["targets"] = list(row.targets)
    if row.plan_keys:
        data["plan_keys"] = list(row.plan_keys)
    return data


def _plain(value: float) -> int | float:
    """`5.0` as 5: a scale is usually whole numbers."""
    return int(value) if value == int(value) else value
