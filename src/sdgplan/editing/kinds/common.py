"""What the kinds share: the focus areas of goals, and problems as InvalidData."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from sdgplan.domain.issues import Issue, Severity
from sdgplan.errors import InvalidData, NotFound
from sdgplan.i18n import _
from sdgplan.store import plan_repo


def goal_focus_areas(session: Session, municipality: str) -> dict[str, str]:
    """Goal key -> focus-area key, in the stored plan (the adopted version if any)."""
    try:
        _plan, version = plan_repo.load_plan_version(session, municipality=municipality)
    except NotFound:
        return {}
    found: dict[str, str] = {}
    for area in version.focus_areas:
        goals = [area.main_goal, *area.goals] if area.main_goal else area.goals
        for goal in goals:
            if goal.key:
                found[goal.key] = area.key
    return found


def focus_areas_of_goals(
    session: Session, municipality: str, goal_keys: Iterable[str]
) -> frozenset[str] | None:
    """The focus areas of the goals; None when no goal is in the plan."""
    areas = goal_focus_areas(session, municipality)
    found = frozenset(areas[key] for key in goal_keys if key in areas)
    return found or None


def refuse(where: str, problems: list[str]) -> None:
    """InvalidData listing `problems` about `where`, if there are any."""
    if problems:
        raise InvalidData(
            _("{where}: ingenting er lagret").format(where=where),
            issues=[Issue(Severity.ERROR, where, problem) for problem in problems],
        )
