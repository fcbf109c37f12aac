"""`thematic_plans:thematic_plans`: the municipality's list of thematic plans, edited as a
whole (publishing replaces the list, as an import does).

The state is a list of what the change log keeps of a plan (as `sdgplan import
thematic-plans` logs it): `{"name", "status", "adopted", "planned"}`, the status `adopted`
(with the date `adopted`, `YYYY-MM-DD`) or `planned` (with a time `planned`, free text). It
is checked by the reader of a thematic-plans file, written as one, so a problem reads the
same; each names the plan's place in the list (`[1].adopted`, from 0) and the value.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from sdgplan.domain.cells import neutralise_formula
from sdgplan.domain.indicators import ThematicPlan
from sdgplan.domain.issues import Severity
from sdgplan.domain.plan import Municipality
from sdgplan.editing.kinds.common import refuse
from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.importers.thematic_plans_csv import COLUMNS, read_thematic_plans
from sdgplan.store import change_log, indicator_repo
from sdgplan.store.change_log import Change

ENTITY = KEY = "thematic_plans"
MAX_PLANS = 500
MAX_TEXT = 2000


def plan_record(plan: ThematicPlan) -> dict[str, str | None]:
    """A plan as the state and the change log keep it."""
    return {
        "name": plan.name,
        "status": plan.status.value,
        "adopted": plan.adopted.isoformat() if plan.adopted else None,
        "planned": plan.planned,
    }


def _check_key(key: str) -> None:
    if key != KEY:
        raise NotFound(_("Ukjent objekt: {subject}").format(subject=repr(f"{ENTITY}:{key}"[:200])))


class ThematicPlansKind:
    def title(self, session: Session, owner: Municipality, key: str) -> str:
        _check_key(key)
        return _("Temaplaner")

    def load(self, session: Session, owner: Municipality, key: str) -> Any:
        _check_key(key)
        return [plan_record(p) for p in indicator_repo.load_thematic_plans(session, owner.number)]

    def check(self, session: Session, owner: Municipality, key: str, state: Any) -> Any:
        _check_key(key)
        return [plan_record(p) for p in _read(state or [])]

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
        plans = _read(state)
        old = indicator_repo.load_thematic_plans(session, owner.number)
        if old == plans:
            return
        change_log.record(
            session,
            who=who,
            municipality=owner.number,
            action="update",
            entity=ENTITY,
            key=KEY,
            old=[plan_record(p) for p in old] or None,
            new=[plan_record(p) for p in plans],
            source=source,
            reason=reason,
        )
        indicator_repo.save_thematic_plans(session, owner, plans)

    def focus_areas(self, session: Session, owner: Municipality, key: str) -> frozenset[str] | None:
        return None

    def replay(self, changes: Sequence[Change]) -> Any:
        state: list[dict[str, Any]] = []
        for change in changes:
            if change.entity == ENTITY:
                state = change.new or []
        return state


def _read(state: Any) -> list[ThematicPlan]:
    """The plans of `state`, read as a thematic-plans file; InvalidData naming each problem."""
    where = f"{ENTITY}:{KEY}"
    if not isinstance(state, list):
        refuse(where, [_("forventet en liste av temaplaner")])
    if len(state) > MAX_PLANS:
        refuse(where, [_("Høyst {limit} temaplaner").format(limit=MAX_PLANS)])
    problems = [f"[{i}]: {p}" for i, item in enumerate(state) if (p := _item_problem(item))]
    refuse(where, problems)
    rows = [_csv_row(COLUMNS)]
    items: dict[int, int] = {}  # the line a plan starts on -> its place in the list
    line = 2
    for i, item in enumerate(state):
        items[line] = i
        rows.append(_csv_row([neutralise_formula(item.get(c) or "") for c in COLUMNS]))
        line += len(io.StringIO(rows[-1], newline="").readlines())  # as the reader counts
    parsed = read_thematic_plans("".join(rows), source=where)
    refuse(
        where,
        [
            _placed(items, issue.line, issue.column, issue.message)
            for issue in parsed.issues
            if issue.severity is Severity.ERROR
        ],
    )
    assert parsed.data is not None
    return parsed.data


def _csv_row(cells: Sequence[object]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue()


def _item_problem(item: Any) -> str | None:
    if not isinstance(item, dict):
        return _("forventet et objekt med {fields}").format(fields=", ".join(COLUMNS))
    for field, value in item.items():
        if field not in COLUMNS:
            return _("Ukjent felt «{field}»; tillatt: {allowed}").format(
                field=str(field)[:60], allowed=", ".join(COLUMNS)
            )
        if value is not None and not isinstance(value, str):
            return _("{field}: forventet tekst, ikke {value}").format(
                field=field, value=repr(value)[:60]
            )
        if value and len(value) > MAX_TEXT:
            return _("{field}: tekst på høyst {limit} tegn").format(field=field, limit=MAX_TEXT)
    return None


def _placed(items: dict[int, int], line: int | None, column: int | None, message: str) -> str:
    """`[1].adopted: message`: where a problem of the written file is in the list."""
    if line not in items:
        return message
    place = f"[{items[line]}]" + (f".{COLUMNS[column - 1]}" if column else "")
    return f"{place}: {message}"


KIND = ThematicPlansKind()
