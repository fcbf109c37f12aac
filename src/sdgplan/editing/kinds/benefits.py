"""`benefits:KEY`: a stored benefit-realisation plan (issue 15), edited as a whole: its title,
baseline and target year, and its target areas with their benefits, each measured by one of
the municipality's indicators with an expected value (docs/method-tool.md).

The state is the plan as a `sdgplan-benefits` file holds it
(`importers.benefits_yaml.benefit_plan_data`), with expected values as decimal text (`"4.4"`,
exact, as the change log keeps them). It is checked by the file's reader, written as one, so
a problem reads the same, after its place in the state
(`areas[0].benefits[1].expected: «mye» er ikke et tall`); a benefit's indicator must be
stored for the municipality, as in an import.

Publishing replaces the stored plan through `benefit_repo.save_benefit_plan`, which logs it as
`sdgplan benefits import` does (entity `benefit_plan`, key the plan's key, old and new the
plan's record); `change_log.subject_of` files those entries, the web's and the file's, under
`benefits:KEY`, so the history replays both and an import raises the version a form was read
at. A new plan comes from a file. The plan belongs to no focus area: unscoped editors only.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import yaml
from sqlalchemy.orm import Session

from sdgplan.domain.benefits import Benefit, BenefitArea, BenefitPlan
from sdgplan.domain.issues import Issue
from sdgplan.domain.plan import Municipality
from sdgplan.editing.kinds.common import refuse
from sdgplan.editing.kinds.yaml_state import deeper_than, placed, refuse_errors
from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.importers.base import missing
from sdgplan.importers.benefits_yaml import (
    AREA_KEYS,
    BENEFIT_KEYS,
    TOP_KEYS,
    benefit_plan_data,
    read_benefit_plan,
)
from sdgplan.importers.yaml_nodes import MAX_DEPTH
from sdgplan.store import benefit_repo, indicator_repo
from sdgplan.store.change_log import Change

KIND_NAME = "benefits"
ENTITY = benefit_repo.ENTITY  # what the file import logs
FIELDS = sorted(TOP_KEYS | AREA_KEYS | BENEFIT_KEYS)


def state_of(plan: BenefitPlan, municipality: str) -> dict[str, Any]:
    """The plan as the state keeps it: the file's layout, expected values as text."""
    state = benefit_plan_data(plan, municipality=municipality)
    for area in state["areas"]:
        for benefit in area["benefits"]:
            if "expected" in benefit:
                benefit["expected"] = str(benefit["expected"])
    return state


def _stored(session: Session, owner: Municipality, key: str) -> BenefitPlan:
    plan = benefit_repo.load_benefit_plan(session, owner.number, key)
    if plan is None:  # a new plan comes from a file (sdgplan benefits import)
        raise NotFound(
            _("Fant ikke gevinstplanen «{key}» for {municipality}").format(
                key=key[:200], municipality=owner.number
            ),
            hint=_("En ny gevinstplan importeres fra en fil: sdgplan benefits import FIL"),
        )
    return plan


class BenefitsKind:
    def title(self, session: Session, owner: Municipality, key: str) -> str:
        return _("Gevinstplan: {title}").format(title=_stored(session, owner, key).title)

    def load(self, session: Session, owner: Municipality, key: str) -> Any:
        return state_of(_stored(session, owner, key), owner.number)

    def check(self, session: Session, owner: Municipality, key: str, state: Any) -> Any:
        return state_of(read_state(session, owner, key, state), owner.number)

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
        plan = read_state(session, owner, key, state)
        # logged by the repository as a file import is, with the reason
        benefit_repo.save_benefit_plan(
            session, owner.number, plan, who=who, source=source, reason=reason
        )

    def focus_areas(self, session: Session, owner: Municipality, key: str) -> frozenset[str] | None:
        return None  # target areas are not the plan's focus areas: unscoped editors only

    def replay(self, changes: Sequence[Change]) -> Any:
        state = None
        for change in changes:
            if change.entity == ENTITY:
                state = _from_record(change)
        return state


def _from_record(change: Change) -> dict[str, Any] | None:
    """The state an entry of the log left (None after a delete)."""
    record = change.new
    if record is None:
        return None
    plan = BenefitPlan(
        key=change.key,
        title=record["title"],
        baseline_year=record["baseline_year"],
        target_year=record.get("target_year"),
        illustrative=bool(record.get("illustrative")),
        areas=tuple(
            BenefitArea(
                area["key"],
                area["name"],
                tuple(
                    Benefit(
                        b["key"],
                        b["text"],
                        b.get("indicator"),
                        None if b.get("expected") is None else Decimal(b["expected"]),
                        b.get("expected_year"),
                    )
                    for b in area["benefits"]
                ),
            )
            for area in record["areas"]
        ),
    )
    return state_of(plan, change.municipality or "")


def read_state(session: Session, owner: Municipality, key: str, state: Any) -> BenefitPlan:
    """The plan `state` holds, read as a benefits file with the municipality's indicators;
    InvalidData naming each problem by its place."""
    where = f"{KIND_NAME}:{key}"
    _stored(session, owner, key)
    if not isinstance(state, dict):
        refuse(where, [_("forventet en gevinstplan som et objekt med «areas»")])
    refuse(where, _state_problems(owner, key, state))
    text = yaml.safe_dump(
        {**_for_file(state), "municipality": owner.number, "key": key},
        allow_unicode=True,
        sort_keys=False,
        width=1_000_000,
    )
    known = {i.key for i in indicator_repo.load_indicator_set(session, owner.number).indicators}
    parsed = read_benefit_plan(text, source=where, indicators=known)
    refuse_errors(where, text, parsed.issues, place=_placed)
    assert parsed.data is not None
    return parsed.data


def _state_problems(owner: Municipality, key: str, state: dict[str, Any]) -> list[str]:
    problems = []
    if state.get("key") not in (None, key):
        problems.append(
            _("key: «{value}» er ikke denne planens nøkkel ({key})").format(
                value=str(state.get("key"))[:60], key=key
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


def _for_file(value: Any, field: str = "") -> Any:
    """`value` as a file would hold it: texts trimmed, and fields left empty left out (so a
    required one is missing, and an expected value without an indicator is refused)."""
    if isinstance(value, dict):
        written = {key: _for_file(item, str(key)) for key, item in value.items()}
        return {key: item for key, item in written.items() if item is not None}
    if isinstance(value, list):
        return [_for_file(item) for item in value]
    if isinstance(value, str):
        if field == "expected":  # the reader's decimals take spaces, not narrow ones
            value = value.replace("\u202f", " ")
        return value.strip() or None
    return value


def _placed(issue: Issue, paths: dict[tuple[int, int], str]) -> str:
    """The issue after its place; a missing field named as the place itself
    (`areas[0].name: Mangler «name»`, not `areas[0]: ...`)."""
    text = placed(issue, paths)
    for field in FIELDS:
        lack = missing(field)
        if issue.message == lack:
            where = text[: -len(lack)].removesuffix(": ")
            return f"{where}.{field}: {lack}" if where else f"{field}: {lack}"
    return text


KIND = BenefitsKind()
