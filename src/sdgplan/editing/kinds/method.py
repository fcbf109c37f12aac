"""`method:CYCLE`: a municipality's SDG method table for one plan cycle (issue 15, item 1),
edited as a whole: the rows of levels 1-3 (docs/method-tool.md#editing-on-the-web).

The state is the table as plain data, as the YAML export writes it (`domain.method.table_data`:
`cycle`, `title` and the rows of `level_1`, `level_2` and `level_3`), without `materiality`:
the cycle's scale, aggregation and threshold are the materiality scoring's to change, and are
kept as a file without them keeps them. It is checked by the reader of a method file
(`importers.method_yaml.read_method`), written as one, so a problem reads the same, after its
place in the state (`level_2[0].target: ...`); plan keys are checked against the stored plan,
as the import does.

Publishing replaces the stored table with `method_repo.save_method`, which logs it as
`sdgplan method import` does (entity `method`, key the cycle, old and new the whole table),
with the editor's reason; imports and edits alike belong to the object's history.
A new table comes from a file; the table spans every focus area: unscoped editors only.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import yaml
from sqlalchemy.orm import Session

from sdgplan.domain.method import CYCLE_KEY, LEVELS, MethodTable, table_data
from sdgplan.domain.plan import Municipality
from sdgplan.editing.kinds.common import refuse
from sdgplan.editing.kinds.yaml_state import deeper_than, refuse_errors
from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.importers.method_yaml import FORMAT_NAME, FORMAT_VERSION, read_method
from sdgplan.importers.yaml_nodes import MAX_DEPTH
from sdgplan.method_tool import plan_keys
from sdgplan.reference import load_sdg_catalogue
from sdgplan.store import method_repo
from sdgplan.store.change_log import Change

ENTITY = method_repo.ENTITY
MATERIALITY = "materiality"  # the cycle's scale, aggregation and threshold: not edited here
_FORMAT = {"format": FORMAT_NAME, "format_version": FORMAT_VERSION}


def state_of(table: MethodTable) -> dict[str, Any]:
    """The table as the state keeps it (JSON; the change log also keeps `materiality`)."""
    return _without_materiality(json.loads(json.dumps(table_data(table))))


def _without_materiality(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key != MATERIALITY}


def stored_table(session: Session, owner: Municipality, key: str) -> MethodTable:
    """The stored table of cycle `key` with its rows; NotFound for a cycle without one (a
    cycle made by a materiality file alone has no rows)."""
    table = (
        method_repo.find_method(session, owner.number, key) if CYCLE_KEY.fullmatch(key) else None
    )
    if table is None or not table.rows:
        raise NotFound(
            _("Fant ikke metodetabellen {cycle} for {municipality}").format(
                cycle=key[:100], municipality=owner.number
            ),
            hint=_("En ny metodetabell kommer fra en fil: sdgplan method import FIL"),
        )
    return table


class MethodKind:
    def title(self, session: Session, owner: Municipality, key: str) -> str:
        stored_table(session, owner, key)
        return _("Metodetabell {cycle}").format(cycle=key)

    def load(self, session: Session, owner: Municipality, key: str) -> Any:
        return state_of(stored_table(session, owner, key))

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
        table = read_state(session, owner, key, state)
        method_repo.save_method(session, table, who=who, source=source, reason=reason)

    def focus_areas(self, session: Session, owner: Municipality, key: str) -> frozenset[str] | None:
        return None  # the SDGs of every focus area: not for an editor scoped to some

    def replay(self, changes: Sequence[Change]) -> Any:
        state = None
        for change in changes:
            if change.entity == ENTITY:
                state = _without_materiality(change.new) if change.new else None
        return state


def read_state(session: Session, owner: Municipality, key: str, state: Any) -> MethodTable:
    """The table `state` holds, read as a method file; InvalidData naming each problem."""
    where = f"{ENTITY}:{key}"
    stored = stored_table(session, owner, key)
    if not isinstance(state, dict):
        refuse(where, [_("forventet en metodetabell som et objekt med «level_1»")])
    refuse(where, _state_problems(owner, key, state))
    body = {k: v for k, v in state.items() if k not in _FORMAT}
    text = yaml.safe_dump({**_FORMAT, **body}, allow_unicode=True, sort_keys=False, width=1_000_000)
    parsed = read_method(
        text,
        source=where,
        municipality=owner.number,
        catalogue=load_sdg_catalogue(),
        known_keys=plan_keys(session, owner.number),
    )
    refuse_errors(where, text, parsed.issues)
    assert parsed.data is not None
    table = parsed.data.table
    kept = stored.cycle  # as an import without `materiality` keeps the cycle's settings
    return replace(
        table,
        cycle=replace(
            table.cycle,
            scale_min=kept.scale_min,
            scale_max=kept.scale_max,
            aggregation=kept.aggregation,
            priority_threshold=kept.priority_threshold,
        ),
    )


def _state_problems(owner: Municipality, key: str, state: dict[str, Any]) -> list[str]:
    problems = []
    if str(state.get("cycle")) != key:
        problems.append(
            _("cycle: «{value}» er ikke denne tabellens syklus ({cycle})").format(
                value=str(state.get("cycle"))[:100], cycle=key
            )
        )
    if state.get("municipality") not in (None, owner.number):
        problems.append(
            _("municipality: «{value}» er ikke {number}").format(
                value=str(state.get("municipality"))[:60], number=owner.number
            )
        )
    if MATERIALITY in state:
        problems.append(
            _(
                "materiality: skalaen, sammenstillingen og terskelen endres i "
                "vesentlighetsvurderingen, ikke i metodetabellen"
            )
        )
    if deeper_than(state, MAX_DEPTH):
        problems.append(_("Mer enn {depth} nivåer dypt").format(depth=MAX_DEPTH))
    elif not any(state.get(f"level_{level}") for level in LEVELS):
        problems.append(
            _("Tabellen må ha minst én rad; en ny tabell kommer fra en fil (sdgplan method import)")
        )
    return problems


KIND = MethodKind()
