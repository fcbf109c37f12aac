"""Roll-up of indicator verdicts to goals, focus areas and SDG goals, and data coverage.

The rule (docs/assessment.md): each indicator counts as on track (+1), to watch (0) or off
track (-1); a group's score is the mean over its assessed indicators; 0,5 or more is good
attainment, -0,5 or less is poor, anything between is mixed. Every verdict carries its counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from sdgplan.assessment.reasons import Count, Number, Param, Reason, part, render_reason
from sdgplan.assessment.verdicts import OUTCOME_SCORE, IndicatorVerdict, Outcome, assess_indicator
from sdgplan.domain.indicators import GoalRef, IndicatorSet, Observation, ObservationStatus
from sdgplan.domain.plan import PlanVersion
from sdgplan.domain.references import Reference, ReferenceKind
from sdgplan.domain.sdg import SdgCatalogue
from sdgplan.i18n import N_

GOOD, POOR = 0.5, -0.5


class Attainment(StrEnum):
    GOOD = "good"
    MIXED = "mixed"
    POOR = "poor"
    NOT_ASSESSED = "not_assessed"


ATTAINMENT_LABELS = {
    Attainment.GOOD: N_("God måloppnåelse"),
    Attainment.MIXED: N_("Delvis måloppnåelse"),
    Attainment.POOR: N_("Svak måloppnåelse"),
    Attainment.NOT_ASSESSED: N_("Ikke vurdert"),
}
UNDER_DEVELOPMENT = N_("nøkkeltall under utvikling")


@dataclass(frozen=True)
class RollUp:
    level: str  # "goal", "main_goal", "focus_area" or "sdg"
    name: str
    focus_area: str
    attainment: Attainment
    score: float | None
    counts: dict[str, int]
    indicators: tuple[str, ...]
    reason: Reason
    under_development: bool = False  # a goal whose key figures are not decided yet

    @property
    def reason_text(self) -> str:
        """The reason in the current language."""
        return render_reason(self.reason)


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
            rollups.append(
                _roll_up(level, goal.text, focus_area.name, under, developing=ref in developing)
            )
        rollups.append(_roll_up("focus_area", focus_area.name, focus_area.name, area_verdicts))
    sdg_refs = _sdg_references(version, goal_refs)
    for number, sdg in catalogue.goals.items():
        linked = [
            v
            for v in verdicts
            if any(r.sdg_goal == number for g in v.indicator.goals for r in sdg_refs.get(g, ()))
        ]
        if linked or any(r.sdg_goal == number for refs in goal_refs.values() for r in refs):
            rollups.append(_roll_up("sdg", f"{number} {sdg.short_nb}", "", linked))
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
    *,
    developing: bool = False,
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
    return RollUp(
        level,
        name,
        focus_area,
        attainment,
        score,
        counts,
        tuple(v.indicator.key for v in verdicts),
        _reason(attainment, score, counts, len(verdicts), developing=developing),
        developing,
    )


def _reason(
    attainment: Attainment,
    score: float | None,
    counts: dict[str, int],
    total: int,
    *,
    developing: bool,
) -> Reason:
    """`Svak måloppnåelse: 1 i rute, 0 følges med, 3 utenfor, 0 ikke vurdert av 4 indikatorer
    (snitt -0,50)`, and `nøkkeltall under utvikling` where that is so."""
    params: dict[str, Param] = {
        "attainment": part(ATTAINMENT_LABELS[attainment]),
        **counts,
        "indicators": Count(total, "indicator"),
    }
    if score is None:
        message = N_(
            "{attainment}: {on_track} i rute, {watch} følges med, {off_track} utenfor, "
            "{not_assessed} ikke vurdert av {indicators}"
        )
        clause = part(message, **params)
    else:
        message = N_(
            "{attainment}: {on_track} i rute, {watch} følges med, {off_track} utenfor, "
            "{not_assessed} ikke vurdert av {indicators} (snitt {mean})"
        )
        clause = part(message, **params, mean=Number(score, 2))
    return ((clause, part(UNDER_DEVELOPMENT)) if developing else (clause,),)


def goal_without_indicators(developing: bool) -> Reason:
    """Why a goal is listed under coverage: no key figure, or key figures not decided yet."""
    if developing:
        return ((part(N_("Nøkkeltall under utvikling")),),)
    return ((part(N_("Målet har ingen indikator")),),)


def without_recent_values(year: int) -> Reason:
    return (
        (part(N_("Ingen målt verdi i {previous} eller {year}"), previous=year - 1, year=year),),
    )


def target_without_indicators(target: str) -> Reason:
    return ((part(N_("FN-delmål {target} er referert, men måles ikke"), target=target),),)


def indicator_with_unknown_goal() -> Reason:
    return ((part(N_("Indikatoren viser til et mål som ikke finnes i planen")),),)


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
