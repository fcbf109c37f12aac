"""`programme:PERIOD`: a stored action programme (`2024-2027`), edited as a whole, mostly to
add or change a version: a party's amendment set, the supplementary recommendation, the
adopted change set (docs/planning-cycle.md#editing-on-the-web).

The state is the programme as plain data (`exporters.programme.programme_data`, amounts in
kroner, years as text keys, as JSON keeps them). It is checked by the reader of a programme
file (`importers.programme_yaml.read_programme`), written as one, so a problem reads the
same, after its place in the state (`versions[5].changes[0].add.amounts.2030: ...`): among
them a change set that does not balance every year (kommuneloven § 14-4), with its deficit
per year. Goal keys are checked against the stored plan (`programme.goal_places`).

Publishing replaces the stored programme and logs it as `sdgplan programme import` does
(entity `programme`, key the period, old and new the whole programme), which the history
replays. The programme belongs to no focus area: unscoped editors only.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import yaml
from sqlalchemy.orm import Session

from sdgplan.domain.plan import Municipality
from sdgplan.domain.programme import Amounts, Period, Programme, imbalance
from sdgplan.editing.kinds.common import refuse

# the plan kind's helpers for a state written as YAML: nesting, and problems by their place
from sdgplan.editing.kinds.yaml_state import deeper_than, refuse_errors
from sdgplan.errors import InvalidData, NotFound
from sdgplan.exporters.programme import programme_data
from sdgplan.i18n import _
from sdgplan.importers.programme_yaml import read_programme
from sdgplan.importers.yaml_nodes import MAX_DEPTH
from sdgplan.programme import goal_places
from sdgplan.store import change_log, programme_repo
from sdgplan.store.change_log import Change

ENTITY = "programme"


def state_of(programme: Programme) -> dict[str, Any]:
    """The programme as the state and the change log keep it (JSON: years as text)."""
    state: dict[str, Any] = json.loads(json.dumps(programme_data(programme)))
    return state


def _unknown(key: str) -> NotFound:
    return NotFound(_("Ukjent objekt: {subject}").format(subject=repr(f"{ENTITY}:{key}"[:200])))


def _stored(session: Session, owner: Municipality, key: str) -> Programme | None:
    try:
        Period.parse(key)
    except ValueError:
        raise _unknown(key) from None
    return programme_repo.find_programme(session, owner.number, key)


class ProgrammeKind:
    def title(self, session: Session, owner: Municipality, key: str) -> str:
        self.load(session, owner, key)
        return _("Handlingsprogram {period}").format(period=key)

    def load(self, session: Session, owner: Municipality, key: str) -> Any:
        programme = _stored(session, owner, key)
        if programme is None:  # a new programme comes from a file (sdgplan programme import)
            raise NotFound(
                _("Fant ikke handlingsprogrammet {period} for {municipality}").format(
                    period=key, municipality=owner.number
                )
            )
        return state_of(programme)

    def check(self, session: Session, owner: Municipality, key: str, state: Any) -> Any:
        return state_of(read_state(session, owner, key, state))

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
        programme = read_state(session, owner, key, state)
        old = programme_repo.find_programme(session, owner.number, key)
        if old == programme:
            return
        programme_repo.save_programme(session, programme, who=who)
        change_log.record(
            session,
            who=who,
            municipality=owner.number,
            action="update",
            entity=ENTITY,
            key=key,
            old=programme_data(old) if old else None,
            new=programme_data(programme),
            source=source,
            subject=f"{ENTITY}:{key}",
            reason=reason,
        )

    def focus_areas(self, session: Session, owner: Municipality, key: str) -> frozenset[str] | None:
        return None  # money for every focus area: not for an editor scoped to some

    def replay(self, changes: Sequence[Change]) -> Any:
        state = None
        for change in changes:
            if change.entity == ENTITY:
                state = change.new
        return state


def read_state(
    session: Session, owner: Municipality, key: str, state: Any, *, balanced: bool = True
) -> Programme:
    """The programme `state` holds, read as a programme file; InvalidData naming each
    problem. With `balanced` False, a change set out of balance is let through (to show its
    deficit per year, `gaps`)."""
    where = f"{ENTITY}:{key}"
    _stored(session, owner, key)
    if not isinstance(state, dict):
        refuse(where, [_("forventet et handlingsprogram som et objekt med «versions»")])
    refuse(where, _state_problems(owner, key, state))
    text = yaml.safe_dump(state, allow_unicode=True, sort_keys=False, width=1_000_000)
    places = goal_places(session, owner.number)
    parsed = read_programme(
        text, source=where, municipality=owner.number, known_goals=set(places) if places else None
    )
    issues = parsed.issues
    if not balanced and parsed.data is not None:
        issues = [e for e in issues if not _is_balance(parsed.data, e.message)]
    refuse_errors(where, text, issues)
    assert parsed.data is not None
    return parsed.data


def _state_problems(owner: Municipality, key: str, state: dict[str, Any]) -> list[str]:
    problems = []
    if str(state.get("period")) != key:
        problems.append(
            _("period: «{value}» er ikke dette programmets periode ({period})").format(
                value=str(state.get("period"))[:60], period=key
            )
        )
    if state.get("municipality") not in (None, owner.number):
        problems.append(
            _("municipality: «{value}» er ikke {number}").format(
                value=str(state.get("municipality"))[:60], number=owner.number
            )
        )
    if deeper_than(state, MAX_DEPTH):
        problems.append(_("Mer enn {depth} nivåer dypt").format(depth=MAX_DEPTH))
    return problems


def _is_balance(programme: Programme, message: str) -> bool:
    return any(
        message.startswith(v.label) and imbalance(programme, v) for v in programme.versions[1:]
    )


def gaps(session: Session, owner: Municipality, key: str, state: Any, version: str) -> Amounts:
    """The years in which version `version` of `state` does not balance, with its deficit
    (negative: the measures cost more than the financing gives); empty when it balances or
    the state has other problems."""
    try:
        programme = read_state(session, owner, key, state, balanced=False)
        return imbalance(programme, programme.version(version))
    except (InvalidData, KeyError):
        return {}


KIND = ProgrammeKind()
