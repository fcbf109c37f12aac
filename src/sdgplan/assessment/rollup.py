"""Roll-up of indicator verdicts to goals, focus areas and SDG goals, and data coverage.

The rule (docs/assessment.md): each indicator counts as on track (+1), to watch (0) or off
track (-1); a group's score is the mean over its assessed indicators; 0,5 or more is good
attainment, -0,5 or less is poor, anything between is mixed. Every verdict carries its counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from sdgplan.assessment.verdicts import OUTCOME_SCORE, IndicatorVerdict, Outcome, assess_indicator
from sdgplan.assessment.wording import number_en, number_nb
from sdgplan.domain.indicators import GoalRef, IndicatorSet, Observation, ObservationStatus
from sdgplan.domain.plan import PlanVersion
from sdgplan.domain.references import Reference, ReferenceKind
from sdgplan.domain.sdg import SdgCatalogue

GOOD, POOR = 0.5, -0.5


class Attainment(StrEnum):
    GOOD = "good"
    MIXED = "mixed"
    POOR = "poor"
    NOT_ASSESSED = "not_assessed"


ATTAINMENT_NB = {
    Attainment.GOOD: "god måloppnåelse",
    Attainment.MIXED: "delvis måloppnåelse",
    Attainment.POOR: "svak måloppnåelse",
    Attainment.NOT_ASSESSED: "ikke vurdert",
}
ATTAINMENT_EN = {
    Attainment.GOOD: "good attainment",
    Attainment.MIXED: "mixed attainment",
    Attainment.POOR: "poor attainment",
    Attainment.NOT_ASSESSED: "not assessed",
}


@dataclass(frozen=True)
class RollUp:
    level: str  # "goal", "main_goal", "focus_area" or "sdg"
    name: str
    focus_area: str
    attainment: Attainment
    score: float | None
    counts: dict[str, int]
    indicators: tuple[str, ...]
    reason: str
    reason_en: str


@dataclass
class Coverage:
    goals_without_indicators: list[tuple[str, str, bool]] = field(default_factory=list)
    indicators_without_recent_values: list[str] = field(default_factory=list)
    targets_without_indicators: list[str] = field(default_factory=list)
    # key figures whose goal is not in the plan version (reworded or removed goals)
    indicators_with_unknown_goals: list[str] = field(default_factory=list)


@dataclass
class Assessment:
    year: int
    indicators: list[IndicatorVerdict]
    rollups: list[RollUp]
    coverage: Coverage


def assess_plan(
    version: PlanVersion,
    data: IndicatorSet,
    observations: list[Observation],
    *,
    area: str,
    year: int,
    catalogue: SdgCatalogue,
) -> Assessment:
    """Verdicts for every key indicator of the plan in `year`, their roll-ups and coverage."""
    own = [o for o in observations if o.area == area and not o.breakdown]
    by_indicator: dict[str, list[Observation]] = {}
    for obs in own:
        by_indicator.setdefault(obs.indicator, []).append(obs)
    key_figures = [i for i in data.indicators if i.goals]
    verdicts = [assess_indicator(i, by_indicator.get(i.key, []), year=year) for i in key_figures]
    developing = set(data.goals_under_development)
    rollups: list[RollUp] = []
    goal_refs: dict[GoalRef, tuple[Reference, ...]] = {}
    for focus_area in version.focus_areas:
        area_verdicts: list[IndicatorVerdict] = []
        goals = [(focus_area.main_goal, "main_goal")] if focus_area.main_goal else []
        goals += [(g, "goal") for g in focus_area.goals]
        for goal, level in goals:
            ref = GoalRef(focus_area.name, goal.text, goal.key)
            goal_refs[ref] = goal.refs
            under = [v for v in verdicts if ref in v.indicator.goals]
            area_verdicts += [v for v in under if v not in area_verdicts]
            note = (
                ("nøkkeltall under utvikling", "key figures under development")
                if ref in developing
                else None
            )
            rollups.append(_roll_up(level, goal.text, focus_area.name, under, note))
        rollups.append(
            _roll_up("focus_area", focus_area.name, focus_area.name, area_verdicts, None)
        )
    sdg_refs = _sdg_references(version, goal_refs)
    for number, sdg in catalogue.goals.items():
        linked = [
            v
            for v in verdicts
            if any(r.sdg_goal == number for g in v.indicator.goals for r in sdg_refs.get(g, ()))
        ]
        if linked or any(r.sdg_goal == number for refs in goal_refs.values() for r in refs):
            rollups.append(_roll_up("sdg", f"{number} {sdg.short_nb}", "", linked, None))
    mains = {
        GoalRef(a.name, a.main_goal.text, a.main_goal.key)
        for a in version.focus_areas
        if a.main_goal
    }
    coverage = _coverage(verdicts, goal_refs, developing, by_indicator, year, mains)
    return Assessment(year, verdicts, rollups, coverage)


def _sdg_references(
    version: PlanVersion, goal_refs: dict[GoalRef, tuple[Reference, ...]]
) -> dict[GoalRef, tuple[Reference, ...]]:
    """A goal's own references plus those of its focus area's main goal, which sums up the
    focus area (Asker's climate sub-goals are local, AK, under the main goal FN-T 13)."""
    main = {a.name: a.main_goal.refs for a in version.focus_areas if a.main_goal}
    return {ref: refs + main.get(ref.focus_area, ()) for ref, refs in goal_refs.items()}


def _roll_up(
    level: str,
    name: str,
    focus_area: str,
    verdicts: list[IndicatorVerdict],
    note: tuple[str, str] | None,
) -> RollUp:
    counts = {o.value: sum(1 for v in verdicts if v.outcome is o) for o in Outcome}
    scored = [OUTCOME_SCORE[v.outcome] for v in verdicts if v.outcome in OUTCOME_SCORE]
    score = sum(scored) / len(scored) if scored else None
    if score is None:
        attainment = Attainment.NOT_ASSESSED
    elif score >= GOOD:
        attainment = Attainment.GOOD
    elif score <= POOR:
        attainment = Attainment.POOR
    else:
        attainment = Attainment.MIXED
    nb = (
        f"{counts['on_track']} i rute, {counts['watch']} følges med, {counts['off_track']} "
        f"utenfor, {counts['not_assessed']} ikke vurdert av {len(verdicts)} indikatorer"
    )
    en = (
        f"{counts['on_track']} on track, {counts['watch']} to watch, {counts['off_track']} off "
        f"track, {counts['not_assessed']} not assessed of {len(verdicts)} indicators"
    )
    if score is not None:
        nb += f" (snitt {number_nb(score, 2)})"
        en += f" (mean {number_en(score, 2)})"
    if note is not None:
        nb += f"; {note[0]}"
        en += f"; {note[1]}"
    return RollUp(
        level,
        name,
        focus_area,
        attainment,
        score,
        counts,
        tuple(v.indicator.key for v in verdicts),
        f"{ATTAINMENT_NB[attainment].capitalize()}: {nb}.",
        f"{ATTAINMENT_EN[attainment].capitalize()}: {en}.",
    )


def _coverage(
    verdicts: list[IndicatorVerdict],
    goal_refs: dict[GoalRef, tuple[Reference, ...]],
    developing: set[GoalRef],
    by_indicator: dict[str, list[Observation]],
    year: int,
    mains: set[GoalRef],
) -> Coverage:
    coverage = Coverage()
    measured: set[GoalRef] = {g for v in verdicts for g in v.indicator.goals}
    # a main goal is measured through its focus area's goals (as in the SDG roll-up)
    measured |= {main for main in mains if any(g.focus_area == main.focus_area for g in measured)}
    for ref in goal_refs:
        if ref not in measured:
            coverage.goals_without_indicators.append((ref.focus_area, ref.goal, ref in developing))
    recent = {str(year), str(year - 1)}
    for verdict in verdicts:
        rows = by_indicator.get(verdict.indicator.key, [])
        if not any(o.period in recent and o.status is ObservationStatus.MEASURED for o in rows):
            coverage.indicators_without_recent_values.append(verdict.indicator.key)
    targets: dict[str, bool] = {}
    for ref, refs in goal_refs.items():
        for r in refs:
            if r.kind is ReferenceKind.TARGET:
                targets[r.code] = targets.get(r.code, False) or ref in measured
    coverage.targets_without_indicators = sorted(
        (t for t, has in targets.items() if not has), key=_target_order
    )
    coverage.indicators_with_unknown_goals = [
        v.indicator.key for v in verdicts if any(g not in goal_refs for g in v.indicator.goals)
    ]
    return coverage


def _target_order(code: str) -> tuple[int, int, str]:
    goal, target = code.split(".")
    return int(goal), int(target) if target.isdigit() else 100, target
