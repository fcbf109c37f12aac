"""A municipality's plan: focus areas, each with a main goal, sub-goals and strategies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from sdgplan.domain.references import Reference
from sdgplan.i18n import N_, _

IDENTIFYING_TEXT_LENGTH = 1000  # texts that identify a row: indexes hold about 2 700 bytes


def too_long(text: str, name: str) -> str | None:
    """Why `text` cannot identify a plan, section or breakdown; `name` says what it is, in
    the current language (`_("Plannavnet")`)."""
    if len(text) <= IDENTIFYING_TEXT_LENGTH:
        return None
    return _("{name} har {count} tegn, høyst {limit}").format(
        name=name, count=len(text), limit=IDENTIFYING_TEXT_LENGTH
    )


class OrgKind(StrEnum):
    """What an organisation that plans is: a municipality, a county or something else."""

    MUNICIPALITY = "municipality"
    COUNTY = "county"
    OTHER = "other"

    @property
    def label(self) -> str:
        """`kommune`, `fylkeskommune`, `annen` in the current language."""
        return _(_KIND_LABELS[self])


_KIND_LABELS = {
    OrgKind.MUNICIPALITY: N_("kommune"),
    OrgKind.COUNTY: N_("fylkeskommune"),
    OrgKind.OTHER: N_("annen"),
}
NORWAY = "NO"


@dataclass(frozen=True)
class Municipality:
    """The organisation a plan belongs to: a Norwegian municipality by its current number,
    with the numbers it had before, or an organisation added to the database (`sdgplan org
    add`) by its code, e.g. a Swedish municipality (`SE-0180`) or a county (`NO-32`)."""

    number: str
    name: str
    former_numbers: tuple[str, ...] = ()
    kind: OrgKind = OrgKind.MUNICIPALITY
    country: str = NORWAY

    def answers_to(self, code: str) -> bool:
        """Whether a file naming `code` means this organisation: its code, a former number,
        or a number without its leading zeros (`301` for 0301)."""
        code = code.strip()
        codes = (self.number, *self.former_numbers)
        return code in codes or (code.isdigit() and code.zfill(4) in codes)


class VersionKind(StrEnum):
    PROPOSAL = "proposal"
    ADOPTED = "adopted"


class GoalLevel(StrEnum):
    MAIN = "main_goal"
    SUB = "goal"
    STRATEGY = "strategy"


@dataclass
class Strategy:
    text: str
    refs: tuple[Reference, ...]
    key: str = ""  # stable across versions and imports: `okonomi.1.2`; "" until assigned


@dataclass
class Goal:
    """A main goal or a sub-goal; only sub-goals have strategies."""

    text: str
    refs: tuple[Reference, ...]
    strategies: list[Strategy] = field(default_factory=list)
    key: str = ""  # `okonomi.0` for the main goal, `okonomi.1` for a sub-goal


@dataclass
class FocusArea:
    """A focus area (satsingsområde) with its main goal (hovedmål) and sub-goals (delmål)."""

    name: str
    main_goal: Goal | None = None
    goals: list[Goal] = field(default_factory=list)
    key: str = ""  # `okonomi`


@dataclass(frozen=True)
class PlanItem:
    """One goal or strategy with its place in the plan, for listings and coverage."""

    level: GoalLevel
    focus_area: str
    path: str  # "2", "2.3" (sub-goal 3 of focus area 2), "2.3.1" (its first strategy)
    text: str
    refs: tuple[Reference, ...]
    key: str = ""


@dataclass
class PlanVersion:
    """One version of a plan: the proposal or the adopted plan, as of a date."""

    kind: VersionKind
    date: dt.date | None = None
    focus_areas: list[FocusArea] = field(default_factory=list)

    def goals(self) -> Iterator[tuple[FocusArea, Goal]]:
        """Every main goal and sub-goal (the goals indicators measure), with its focus area."""
        for area in self.focus_areas:
            for goal in [area.main_goal, *area.goals]:
                if goal is not None:
                    yield area, goal

    def items(self) -> Iterator[PlanItem]:
        """Every main goal, sub-goal and strategy in plan order."""
        for a, area in enumerate(self.focus_areas, start=1):
            if (main := area.main_goal) is not None:
                yield PlanItem(GoalLevel.MAIN, area.name, f"{a}", main.text, main.refs, main.key)
            for g, goal in enumerate(area.goals, start=1):
                path = f"{a}.{g}"
                yield PlanItem(GoalLevel.SUB, area.name, path, goal.text, goal.refs, goal.key)
                for s, strategy in enumerate(goal.strategies, start=1):
                    yield PlanItem(
                        GoalLevel.STRATEGY,
                        area.name,
                        f"{path}.{s}",
                        strategy.text,
                        strategy.refs,
                        strategy.key,
                    )

    def counts(self) -> dict[GoalLevel | str, int]:
        """Number of focus areas, main goals, sub-goals and strategies."""
        counts: dict[GoalLevel | str, int] = {"focus_areas": len(self.focus_areas)}
        for level in GoalLevel:
            counts[level] = 0
        for item in self.items():
            counts[item.level] += 1
        return counts


@dataclass
class Plan:
    """A plan of one municipality (e.g. the community part of the master plan) and its versions."""

    municipality: Municipality
    title: str
    versions: list[PlanVersion] = field(default_factory=list)

    def version(self, kind: VersionKind) -> PlanVersion:
        for version in self.versions:
            if version.kind is kind:
                return version
        raise KeyError(kind)
