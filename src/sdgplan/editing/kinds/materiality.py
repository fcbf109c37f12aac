"""`materiality:CYCLE`: a plan cycle's materiality scoring (issue 15, item 2), edited as a
whole: the scale, how the scorers are combined, the priority threshold, the illustrative flag
and every scorer's scores (docs/method-tool.md#editing-on-the-web).

The state is the scoring as a materiality file holds it (`state_of`), without the title,
which belongs to the cycle (the method table's) and is not changed here: `cycle`,
`illustrative`, `scale` (`min`, `max`), `aggregation`, `threshold` (None: the scale's
midpoint) and `scores`, each with `code`, `scorer`, `importance` and `influence`, and a `key`
(`11.7, Verksted`) by which the pending list shows a draft's changes score by score (made by
the check; a key given is ignored). Numbers may come as typed text (`4,5`); the checked state
has numbers, and the scores in SDG order, as they are stored. It is checked by the reader of
a materiality file (`importers.materiality_yaml.read_materiality`), written as one, so a
problem reads the same, after its place in the state (`scores[3]: Viktighet 7 for 11.7
(Verksted) er utenfor skalaen 1-5`). A scoring has one score at least, and a scorer scores a
code once.

Publishing saves the scoring as `sdgplan materiality import` does
(`materiality_repo.save_materiality`: entity `materiality`, key the cycle, old and new the
stored record), which the history replays, file imports included. Only a cycle with stored
scores can be edited (a new scoring comes from a file). The scoring belongs to no focus area:
unscoped editors only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml
from sqlalchemy.orm import Session

from sdgplan.domain.materiality import Materiality, code_order, cycle_key, score_code
from sdgplan.domain.plan import Municipality
from sdgplan.editing.kinds.common import refuse
from sdgplan.editing.kinds.yaml_state import deeper_than, refuse_errors
from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.importers.materiality_yaml import FORMAT, VERSION, read_materiality
from sdgplan.importers.yaml_nodes import MAX_DEPTH
from sdgplan.reference import load_sdg_catalogue
from sdgplan.store import materiality_repo
from sdgplan.store.change_log import Change

ENTITY = "materiality"


def state_of(materiality: Materiality) -> dict[str, Any]:
    """The scoring as the state keeps it (whole numbers without a fraction: `3`, `4.5`)."""
    method = materiality.method
    return _state(
        materiality.cycle,
        illustrative=materiality.illustrative,
        scale=(method.scale.minimum, method.scale.maximum),
        aggregation=method.aggregation.value,
        threshold=method.threshold,
        scores=[(s.code, s.scorer, s.importance, s.influence) for s in materiality.scores],
    )


def state_of_record(cycle: str, record: dict[str, Any]) -> dict[str, Any]:
    """The state of a change log entry's old or new (`materiality_repo`'s record)."""
    low, high = record["scale"]
    return _state(
        cycle,
        illustrative=bool(record.get("illustrative")),
        scale=(low, high),
        aggregation=record["aggregation"],
        threshold=record.get("threshold"),
        scores=[tuple(score) for score in record["scores"]],
    )


def _state(
    cycle: str,
    *,
    illustrative: bool,
    scale: tuple[float, float],
    aggregation: str,
    threshold: float | None,
    scores: Sequence[Sequence[Any]],
) -> dict[str, Any]:
    return {
        "cycle": cycle,
        "illustrative": illustrative,
        "scale": {"min": _plain(scale[0]), "max": _plain(scale[1])},
        "aggregation": aggregation,
        "threshold": None if threshold is None else _plain(threshold),
        "scores": [
            {
                "key": f"{code}, {scorer}",
                "code": code,
                "scorer": scorer,
                "importance": _plain(importance),
                "influence": _plain(influence),
            }
            for code, scorer, importance, influence in scores
        ],
    }


def _plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _stored(session: Session, owner: Municipality, key: str) -> Materiality:
    try:
        cycle_key(key)
    except ValueError:
        raise NotFound(
            _("Ukjent objekt: {subject}").format(subject=repr(f"{ENTITY}:{key}"[:200]))
        ) from None
    stored = materiality_repo.load_materiality(session, owner.number, key)
    if stored is None or not stored.scores:
        raise NotFound(
            _("{municipality} har ingen vesentlighetsvurdering for planperioden «{cycle}»").format(
                municipality=owner.name, cycle=key
            ),
            hint=_("Importer en: sdgplan materiality import FIL (--cycle NØKKEL for CSV)"),
        )
    return stored


class MaterialityKind:
    def title(self, session: Session, owner: Municipality, key: str) -> str:
        _stored(session, owner, key)
        return _("Vesentlighetsvurdering {cycle}").format(cycle=key)

    def load(self, session: Session, owner: Municipality, key: str) -> Any:
        return state_of(_stored(session, owner, key))

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
        materiality = read_state(session, owner, key, state)
        # logs as a file import does (when anything changed), so the history replays both
        materiality_repo.save_materiality(
            session, owner.number, materiality, who=who, source=source, reason=reason
        )

    def focus_areas(self, session: Session, owner: Municipality, key: str) -> frozenset[str] | None:
        return None  # scores of every SDG: not for an editor scoped to some focus areas

    def replay(self, changes: Sequence[Change]) -> Any:
        state = None
        for change in changes:
            if change.entity == ENTITY:
                state = state_of_record(change.key, change.new) if change.new else None
        return state


def read_state(session: Session, owner: Municipality, key: str, state: Any) -> Materiality:
    """The scoring `state` holds, read as a materiality file; InvalidData naming each
    problem by its place in the state."""
    where = f"{ENTITY}:{key}"
    stored = _stored(session, owner, key)
    if not isinstance(state, dict):
        refuse(where, [_("forventet en vesentlighetsvurdering som et objekt med «scores»")])
    refuse(where, _state_problems(owner, key, state))
    text = yaml.safe_dump(
        _file_of(state, key), allow_unicode=True, sort_keys=False, width=1_000_000
    )
    parsed = read_materiality(text, source=where, catalogue=load_sdg_catalogue())
    refuse_errors(where, text, parsed.issues)
    if parsed.data is None:
        refuse(where, [_("Kunne ikke lese vurderingen")])
    assert parsed.data is not None
    read = parsed.data
    scores = sorted(read.scores or [], key=lambda score: code_order(score.code))
    return Materiality(key, stored.title, read.method, tuple(scores), read.illustrative)


def _file_of(state: dict[str, Any], key: str) -> dict[str, Any]:
    """`state` as a materiality file: nothing for what is left empty (a file leaves it out),
    and the scores without their `key`."""
    written = {name: value for name, value in state.items() if value not in (None, "")}
    if isinstance(written.get("scores"), list):
        written["scores"] = [
            {k: v for k, v in score.items() if k != "key"} if isinstance(score, dict) else score
            for score in written["scores"]
        ]
    return {"format": FORMAT, "format_version": VERSION, **written, "cycle": key}


def _state_problems(owner: Municipality, key: str, state: dict[str, Any]) -> list[str]:
    problems = []
    if str(state.get("cycle", key)) != key:
        problems.append(
            _("cycle: «{value}» er ikke denne planperioden ({cycle})").format(
                value=str(state.get("cycle"))[:60], cycle=key
            )
        )
    if state.get("municipality") not in (None, owner.number):
        problems.append(
            _("municipality: «{value}» er ikke {number}").format(
                value=str(state.get("municipality"))[:60], number=owner.number
            )
        )
    if "title" in state:
        problems.append(_("title: planperiodens tittel endres ikke her"))
    if deeper_than(state, MAX_DEPTH):
        return [*problems, _("Mer enn {depth} nivåer dypt").format(depth=MAX_DEPTH)]
    scores = state.get("scores")
    if not isinstance(scores, list) or not scores:
        problems.append(_("scores: minst én vurdering trengs"))
    else:
        problems += _scored_twice(scores)
    return problems


def _scored_twice(scores: list[Any]) -> list[str]:
    """A problem for each score of a code its scorer scored more than once."""
    places: dict[tuple[str, str], list[int]] = {}
    for index, score in enumerate(scores):
        if not isinstance(score, dict):
            continue
        scorer = " ".join(str(score.get("scorer") or "").split())
        try:
            code = score_code(str(score.get("code") or ""))
        except ValueError:
            continue
        if scorer:
            places.setdefault((code, scorer), []).append(index)
    found = [
        (index, code, scorer)
        for (code, scorer), indexes in places.items()
        if len(indexes) > 1
        for index in indexes
    ]
    return [
        _("scores[{index}]: {scorer} har vurdert {code} mer enn én gang").format(
            index=index, scorer=scorer, code=code
        )
        for index, code, scorer in sorted(found)
    ]


KIND = MaterialityKind()
