"""`goal_verdict:GOALKEY@YEAR`: the goal owner's own verdict on a goal for a year, with the
reason, shown beside the computed attainment (`editing/verdicts.py`).

The state is `{"verdict": "mixed", "reason": "..."}`, the verdict an `Attainment` value
(`good`, `mixed`, `poor`, `not_assessed`) and the reason required; or None: the owner has no
verdict of their own (publishing None deletes it, so a revert to before the first verdict
works).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from sdgplan.assessment.rollup import Attainment
from sdgplan.domain.plan import Goal, Municipality
from sdgplan.editing.kinds.common import focus_areas_of_goals, refuse
from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.importers.base import invalid_choice, missing
from sdgplan.store import change_log, plan_repo, verdict_repo
from sdgplan.store.change_log import Change
from sdgplan.store.verdict_repo import GoalVerdict

ENTITY = "goal_verdict"
FIELDS = ("verdict", "reason")
MAX_REASON = 5000
TITLE_TEXT = 80  # characters of the goal's text in the title


def verdict_key(goal_key: str, year: int) -> str:
    return f"{goal_key}@{year}"


def split_key(key: str) -> tuple[str, int]:
    """`okonomi.1@2023` -> (`okonomi.1`, 2023); NotFound for anything else."""
    goal_key, _sep, year = key.rpartition("@")
    if not goal_key or not (len(year) == 4 and year.isascii() and year.isdigit()) or year[0] == "0":
        raise NotFound(_("Ukjent målvurdering: {key}").format(key=repr(key[:200])))
    return goal_key, int(year)


def _goal(session: Session, owner: Municipality, goal_key: str) -> Goal:
    """The goal (a main goal or a sub-goal) of the stored plan; NotFound if it has none."""
    try:
        _plan, version = plan_repo.load_plan_version(session, municipality=owner.number)
    except NotFound:
        version = None
    for _area, goal in version.goals() if version else ():
        if goal.key == goal_key:
            return goal
    raise NotFound(_("Ukjent mål: {key}").format(key=repr(goal_key[:200])))


class GoalVerdictKind:
    def title(self, session: Session, owner: Municipality, key: str) -> str:
        goal_key, year = split_key(key)
        text = _goal(session, owner, goal_key).text
        short = text if len(text) <= TITLE_TEXT else text[: TITLE_TEXT - 1] + "…"
        return _("Egen vurdering av «{goal}» ({year})").format(goal=short, year=year)

    def load(self, session: Session, owner: Municipality, key: str) -> Any:
        goal_key, year = split_key(key)
        _goal(session, owner, goal_key)
        stored = verdict_repo.load_verdict(session, owner.number, goal_key, year)
        return None if stored is None else {"verdict": stored.verdict, "reason": stored.reason}

    def check(self, session: Session, owner: Municipality, key: str, state: Any) -> Any:
        goal_key, _year = split_key(key)
        _goal(session, owner, goal_key)
        if state is None:
            return None
        where = f"{ENTITY}:{key}"
        if not isinstance(state, dict):
            refuse(where, [_("forventet et objekt med «verdict» og «reason»")])
        problems = [
            _("Ukjent felt «{field}»; tillatt: {allowed}").format(
                field=str(field)[:60], allowed=", ".join(FIELDS)
            )
            for field in state
            if field not in FIELDS
        ]
        verdict = state.get("verdict")
        if not isinstance(verdict, str) or verdict not in {a.value for a in Attainment}:
            problems.append(invalid_choice("verdict", str(verdict)[:60], Attainment))
        reason = state.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            problems.append(missing("reason"))
        elif len(reason) > MAX_REASON:
            problems.append(
                _("{field}: tekst på høyst {limit} tegn").format(field="reason", limit=MAX_REASON)
            )
        refuse(where, problems)
        return {"verdict": verdict, "reason": reason.strip()}

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
        goal_key, year = split_key(key)
        old = self.load(session, owner, key)
        if old == state:
            return
        if state is None:
            verdict_repo.delete_verdict(session, owner.number, goal_key, year)
        else:
            verdict_repo.save_verdict(
                session,
                owner.number,
                GoalVerdict(goal_key, year, state["verdict"], state["reason"]),
            )
        change_log.record(
            session,
            who=who,
            municipality=owner.number,
            action="add" if old is None else "delete" if state is None else "update",
            entity=ENTITY,
            key=verdict_key(goal_key, year),
            old=old,
            new=state,
            source=source,
            reason=reason,
        )

    def focus_areas(self, session: Session, owner: Municipality, key: str) -> frozenset[str] | None:
        goal_key, _year = split_key(key)
        return focus_areas_of_goals(session, owner.number, [goal_key])

    def replay(self, changes: Sequence[Change]) -> Any:
        state = None
        for change in changes:
            if change.entity == ENTITY:
                state = change.new
        return state


KIND = GoalVerdictKind()
