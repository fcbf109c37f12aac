"""Which SDG goals and targets a plan refers to, from which goals and strategies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sdgplan.domain.plan import PlanItem, PlanVersion
from sdgplan.domain.references import ReferenceKind
from sdgplan.domain.sdg import SdgCatalogue, SdgGoal, SdgTarget


@dataclass
class TargetCoverage:
    target: SdgTarget
    items: list[PlanItem] = field(default_factory=list)


@dataclass
class GoalCoverage:
    """One SDG goal: plan items that cite the goal itself, and those that cite each target."""

    goal: SdgGoal
    direct: list[PlanItem] = field(default_factory=list)
    targets: list[TargetCoverage] = field(default_factory=list)

    @property
    def referenced_targets(self) -> list[TargetCoverage]:
        return [t for t in self.targets if t.items]

    @property
    def referenced(self) -> bool:
        return bool(self.direct or self.referenced_targets)


@dataclass
class Coverage:
    goals: list[GoalCoverage]
    without_sdg: list[PlanItem]


def sdg_coverage(version: PlanVersion, catalogue: SdgCatalogue) -> Coverage:
    """Per SDG goal (all 17, in order), the plan items citing it or its targets."""
    goals = {
        number: GoalCoverage(
            goal, targets=[TargetCoverage(t) for t in catalogue.targets_of(number)]
        )
        for number, goal in catalogue.goals.items()
    }
    targets = {t.target.code: t for g in goals.values() for t in g.targets}
    without_sdg = []
    for item in version.items():
        sdg_refs = [r for r in item.refs if r.kind is not ReferenceKind.LOCAL]
        if not sdg_refs:
            without_sdg.append(item)
        for ref in sdg_refs:
            if ref.kind is ReferenceKind.GOAL:
                goals[int(ref.code)].direct.append(item)
            else:
                targets[ref.code].items.append(item)
    return Coverage(goals=list(goals.values()), without_sdg=without_sdg)


def coverage_to_dict(coverage: Coverage) -> dict[str, Any]:
    return {
        "goals": [
            {
                "goal": g.goal.number,
                "title_nb": g.goal.short_nb,
                "title_en": g.goal.short_en,
                "targets_total": len(g.targets),
                "targets_referenced": len(g.referenced_targets),
                "referenced_by": [_item(i) for i in g.direct],
                "targets": [
                    {"target": t.target.code, "referenced_by": [_item(i) for i in t.items]}
                    for t in g.referenced_targets
                ],
            }
            for g in coverage.goals
        ],
        "without_sdg_reference": [_item(i) for i in coverage.without_sdg],
    }


def _item(item: PlanItem) -> dict[str, str]:
    return {
        "path": item.path,
        "level": item.level.value,
        "focus_area": item.focus_area,
        "text": item.text,
    }
