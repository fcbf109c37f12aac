"""`plan:TITLE`: a new proposal for a stored plan (the plan's title is the key).

The state is the plan version as the YAML plan file holds it (`exporters.plan.plan_to_dict`:
focus areas with `id`, `name`, `main_goal` and `goals`, each goal with `id`, `text`, `refs`
and `strategies`). Its published state is the stored proposal; a plan without one starts
from a copy of its adopted version.

Publishing stores the draft as the plan's proposal (`VersionKind.PROPOSAL`), replacing the
stored proposal, never the adopted version: a draft marked `adopted` is refused. Adopting a
plan stays the approver's step on the command line (`sdgplan import plan FILE --version
adopted`, e.g. with the proposal exported by `sdgplan export plan --version proposal`).

`check` reads the state with the YAML plan importer, as a file, so a problem reads the same,
after the place in the state (`focus_areas[0].goals[1].refs: ...`). Items without an `id` get
their keys as an import gives them (`loading.save_plan`: matched to the stored proposal, else
the adopted version), so the checked state has every `id`. While the plan has no adopted
version, the proposal is the version indicators are read against: goals that indicators refer
to must stay (by their `id`).

Publishing logs the plan's items as an import does (entity `plan_item`) and one change
(entity `plan`, key the title) whose old and new are the whole states, which the history
replays.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml
from sqlalchemy.orm import Session

from sdgplan import loading
from sdgplan.domain.plan import Municipality, Plan, PlanVersion, VersionKind
from sdgplan.domain.plan_keys import assign_keys
from sdgplan.editing.kinds.common import refuse
from sdgplan.editing.kinds.yaml_state import deeper_than, refuse_errors
from sdgplan.errors import NotFound
from sdgplan.exporters.plan import plan_to_dict
from sdgplan.i18n import _
from sdgplan.importers.base import PlanOptions
from sdgplan.importers.plan_yaml import YamlPlanImporter
from sdgplan.importers.yaml_nodes import MAX_DEPTH
from sdgplan.reference import load_sdg_catalogue
from sdgplan.store import change_log, indicator_repo, plan_repo
from sdgplan.store.change_log import Change

ENTITY = "plan"
PROPOSAL, ADOPTED = VersionKind.PROPOSAL, VersionKind.ADOPTED


def _stored(
    session: Session, owner: Municipality, title: str, kind: VersionKind
) -> PlanVersion | None:
    return plan_repo.stored_version(session, owner.number, title, kind)


def _proposal(session: Session, owner: Municipality, title: str) -> Any:
    """The stored proposal's state, or None."""
    version = _stored(session, owner, title, PROPOSAL)
    return None if version is None else plan_to_dict(Plan(owner, title, [version]), version)


class PlanKind:
    def title(self, session: Session, owner: Municipality, key: str) -> str:
        self.load(session, owner, key)
        return _("Planforslag: {title}").format(title=key)

    def load(self, session: Session, owner: Municipality, key: str) -> Any:
        proposal = _proposal(session, owner, key)
        if proposal is not None:
            return proposal
        adopted = _stored(session, owner, key, ADOPTED)
        if adopted is None:
            raise NotFound(_("Ukjent plan: {title}").format(title=repr(key[:200])))
        version = PlanVersion(PROPOSAL, None, adopted.focus_areas)
        return plan_to_dict(Plan(owner, key, [version]), version)

    def check(self, session: Session, owner: Municipality, key: str, state: Any) -> Any:
        plan = _read(session, owner, key, state)
        return plan_to_dict(plan, plan.versions[0])

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
        plan = _read(session, owner, key, state)
        old, new = _proposal(session, owner, key), plan_to_dict(plan, plan.versions[0])
        if old == new:
            return
        loading.save_plan(session, plan, who=who, source=source)
        change_log.record(
            session,
            who=who,
            municipality=owner.number,
            action="add" if old is None else "update",
            entity=ENTITY,
            key=key,
            old=old,
            new=new,
            source=source,
            subject=f"{ENTITY}:{key}",
            reason=reason,
        )

    def focus_areas(self, session: Session, owner: Municipality, key: str) -> frozenset[str] | None:
        return None  # the whole plan: not for an editor scoped to some focus areas

    def replay(self, changes: Sequence[Change]) -> Any:
        state = None
        for change in changes:
            if change.entity == ENTITY:
                state = change.new
        return state


def _read(session: Session, owner: Municipality, key: str, state: Any) -> Plan:
    """The proposal `state` holds, read as a YAML plan file and keyed; InvalidData naming
    each problem."""
    where = f"{ENTITY}:{key}"
    previous = _stored(session, owner, key, PROPOSAL) or _stored(session, owner, key, ADOPTED)
    if previous is None:
        raise NotFound(_("Ukjent plan: {title}").format(title=repr(key[:200])))
    if not isinstance(state, dict):
        refuse(where, [_("forventet en plan som et objekt med «focus_areas»")])
    refuse(where, _draft_problems(key, state))
    text = yaml.safe_dump(
        {**_without_blanks(state), "plan": key, "version": PROPOSAL.value},
        allow_unicode=True,
        sort_keys=False,
        width=1_000_000,
    )
    options = PlanOptions(municipality=owner, version=PROPOSAL, title=key)
    result = YamlPlanImporter().read(
        text, source=where, options=options, catalogue=load_sdg_catalogue()
    )
    refuse_errors(where, text, result.issues)
    assert result.plan is not None
    version = result.plan.versions[0]
    assign_keys(version, previous)
    if not plan_repo.has_version(session, owner.number, key, ADOPTED):
        _refuse_orphans(session, owner, where, version)
    return result.plan


def _draft_problems(key: str, state: dict[str, Any]) -> list[str]:
    problems = []
    version = state.get("version")
    if version not in (None, PROPOSAL.value):
        problems.append(
            _(
                "version: «{value}»: et utkast blir planforslaget (proposal); en plan vedtas "
                "med sdgplan import plan"
            ).format(value=str(version)[:60])
        )
    title = state.get("plan")
    if title not in (None, key):
        problems.append(
            _("plan: «{value}» er ikke denne planen («{title}»)").format(
                value=str(title)[:200], title=key
            )
        )
    if deeper_than(state, MAX_DEPTH):
        problems.append(_("Mer enn {depth} nivåer dypt").format(depth=MAX_DEPTH))
    return problems


def _refuse_orphans(
    session: Session, owner: Municipality, where: str, version: PlanVersion
) -> None:
    """Refuse a proposal that lacks goals indicators refer to, while it is the plan they are
    read against (as `loading.save_plan` does)."""
    missing = indicator_repo.orphaned_references(session, owner.number, version)
    listed = "; ".join(f"{key}: {', '.join(users)}" for key, users in sorted(missing.items()))
    if missing:
        refuse(
            where,
            [
                _(
                    "Planen mangler mål som indikatorer viser til: {listed}; ingenting er lagret"
                ).format(listed=listed)
            ],
        )


def _without_blanks(value: Any) -> Any:
    """`value` with texts left empty as None: missing, as in a file (where `''` is not)."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, dict):
        return {key: _without_blanks(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_blanks(item) for item in value]
    return value


KIND = PlanKind()
