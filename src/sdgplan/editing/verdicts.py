"""The goal owners' own verdicts beside the computed ones, for the pages and the report:
per goal of an assessed plan, the computed attainment, the owner's verdict for the
assessment's year and whether the two disagree."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from sdgplan.assessment.rollup import Assessment, Attainment, RollUp
from sdgplan.plan_data import PlanData
from sdgplan.store import verdict_repo

GOAL_LEVELS = ("main_goal", "goal")


@dataclass(frozen=True)
class GoalVerdicts:
    """One goal: the computed roll-up and the owner's verdict (None: they gave none)."""

    focus_area: str
    goal_key: str
    goal: str
    computed: RollUp
    own: Attainment | None
    reason: str | None

    @property
    def disagrees(self) -> bool:
        """The owner judges the goal otherwise than the key figures do (where those give a
        verdict: an owner's verdict on a goal without one fills the gap instead)."""
        return (
            self.own is not None
            and self.computed.attainment is not Attainment.NOT_ASSESSED
            and self.own is not self.computed.attainment
        )

    @property
    def fills_gap(self) -> bool:
        """The owner's verdict is the only one: the key figures give none."""
        return self.own is not None and self.computed.attainment is Attainment.NOT_ASSESSED


def compare_verdicts(
    session: Session, data: PlanData, assessment: Assessment
) -> list[GoalVerdicts]:
    """Every main goal and sub-goal of `data`'s plan version that `assessment` (of `data`,
    `plan_data.assess`) rolled up, in plan order, with the owner's verdict of its year."""
    own = {
        v.goal_key: v
        for v in verdict_repo.load_verdicts(session, data.number, year=assessment.year)
    }
    rollups = {(r.focus_area, r.name): r for r in assessment.rollups if r.level in GOAL_LEVELS}
    found = []
    for area, goal in data.version.goals():
        rollup = rollups.get((area.name, goal.text))
        if rollup is None or not goal.key:
            continue
        verdict = own.get(goal.key)
        found.append(
            GoalVerdicts(
                focus_area=area.name,
                goal_key=goal.key,
                goal=goal.text,
                computed=rollup,
                own=Attainment(verdict.verdict) if verdict else None,
                reason=verdict.reason if verdict else None,
            )
        )
    return found
