"""`observations:KEY`: an indicator's figures, every area, period and breakdown.

The state maps `area/period` (with `/breakdown` where there is one) to what the change log
keeps of an observation (`corrections.observation_value`): value, status and, where set,
decimals, printed text and note.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from sdgplan import corrections
from sdgplan.domain.indicators import Indicator, Observation, ObservationBatch, ObservationStatus
from sdgplan.domain.periods import period_years
from sdgplan.domain.plan import Municipality
from sdgplan.editing.kinds.common import focus_areas_of_goals, refuse
from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.store import change_log, indicator_repo
from sdgplan.store.change_log import Change

MAX_TEXT = 2000
MAX_DECIMALS = 6


def cell_key(area: str, period: str, breakdown: str = "") -> str:
    return f"{area}/{period}/{breakdown}" if breakdown else f"{area}/{period}"


def _split(key: str) -> tuple[str, str, str]:
    area, _sep, rest = key.partition("/")
    period, _sep, breakdown = rest.partition("/")
    return area, period, breakdown


def _indicator(session: Session, owner: Municipality, key: str) -> Indicator:
    for indicator in indicator_repo.load_indicator_set(session, owner.number).indicators:
        if indicator.key == key:
            return indicator
    raise NotFound(_("Ukjent indikator: {key}").format(key=repr(key[:200])))


def _series(session: Session, owner: Municipality, key: str) -> list[Observation]:
    return [
        o for o in indicator_repo.load_observations(session, owner.number) if o.indicator == key
    ]


class ObservationsKind:
    def title(self, session: Session, owner: Municipality, key: str) -> str:
        return _("{name} (tall)").format(name=_indicator(session, owner, key).name)

    def load(self, session: Session, owner: Municipality, key: str) -> Any:
        _indicator(session, owner, key)
        return {
            cell_key(o.area, o.period, o.breakdown): corrections.observation_value(o)
            for o in sorted(_series(session, owner, key), key=lambda o: (o.area, o.period))
        }

    def check(self, session: Session, owner: Municipality, key: str, state: Any) -> Any:
        _indicator(session, owner, key)
        where = f"observations:{key}"
        if not isinstance(state, dict):
            refuse(where, [_("forventet et objekt med celler")])
        areas = indicator_repo.observation_context(session, owner.number).areas
        problems: list[str] = []
        checked: dict[str, dict[str, Any]] = {}
        for cell, value in state.items():
            problem = _cell_problem(cell, value, areas)
            if problem:
                problems.append(f"{cell}: {problem}")
            else:
                checked[cell] = _normalised(value)
        refuse(where, problems)
        return dict(sorted(checked.items()))

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
        stored = {cell_key(o.area, o.period, o.breakdown): o for o in _series(session, owner, key)}
        wanted = {cell: _observation(key, cell, value) for cell, value in state.items()}
        changed = [
            obs
            for cell, obs in wanted.items()
            if cell not in stored
            or corrections.observation_value(stored[cell]) != corrections.observation_value(obs)
        ]
        gone = [obs for cell, obs in stored.items() if cell not in wanted]
        for obs in changed:
            old = stored.get(cell_key(obs.area, obs.period, obs.breakdown))
            _log(session, owner, obs, old, obs, who=who, source=source, reason=reason)
        for obs in gone:
            _log(session, owner, obs, obs, None, who=who, source=source, reason=reason)
        indicator_repo.delete_observations(session, owner.number, gone)
        indicator_repo.save_observations(session, owner, ObservationBatch(observations=changed))

    def focus_areas(self, session: Session, owner: Municipality, key: str) -> frozenset[str] | None:
        goals = [g.key for g in _indicator(session, owner, key).goals if g.key]
        return focus_areas_of_goals(session, owner.number, goals)

    def replay(self, changes: Sequence[Change]) -> Any:
        state: dict[str, Any] = {}
        for change in changes:
            if change.entity != "observation":
                continue
            cell = change.key.split("/", 1)[1]
            if change.new is None:
                state.pop(cell, None)
            else:
                state[cell] = change.new
        return dict(sorted(state.items()))


def _log(
    session: Session,
    owner: Municipality,
    obs: Observation,
    old: Observation | None,
    new: Observation | None,
    *,
    who: str,
    source: str,
    reason: str | None,
) -> None:
    change_log.record(
        session,
        who=who,
        municipality=owner.number,
        action="update" if old and new else "add" if new else "delete",
        entity="observation",
        key=corrections.observation_key(obs),
        old=corrections.observation_value(old) if old else None,
        new=corrections.observation_value(new) if new else None,
        source=source,
        reason=reason,
    )


def _cell_problem(cell: Any, value: Any, areas: dict[str, Any]) -> str | None:
    if not isinstance(cell, str) or not isinstance(value, dict):
        return _("ugyldig celle")
    area, period, _breakdown = _split(cell)
    if area not in areas:
        return _("ukjent område {area}").format(area=repr(area[:50]))
    try:
        period_years(period)
    except ValueError:
        return _("ugyldig periode {period}").format(period=repr(period[:30]))
    number = value.get("value")
    if number is not None and (
        isinstance(number, bool)
        or not isinstance(number, int | float)
        or not math.isfinite(number)
        or abs(number) >= 1e15
    ):
        return _("ugyldig tall {value}").format(value=repr(str(number)[:30]))
    try:
        status = ObservationStatus(value.get("status", ObservationStatus.MEASURED.value))
    except ValueError:
        return _("ukjent status {status}").format(status=repr(str(value.get("status"))[:30]))
    if status is ObservationStatus.MEASURED and number is None:
        return _("målt, men uten tall")
    decimals = value.get("decimals")
    if decimals is not None and (
        isinstance(decimals, bool)
        or not isinstance(decimals, int)
        or not 0 <= decimals <= MAX_DECIMALS
    ):
        return _("ugyldig antall desimaler {value}").format(value=repr(decimals))
    for name in ("display", "note"):
        text = value.get(name)
        if text is not None and (not isinstance(text, str) or len(text) > MAX_TEXT):
            return _("{field}: tekst på høyst {limit} tegn").format(field=name, limit=MAX_TEXT)
    return None


def _normalised(value: dict[str, Any]) -> dict[str, Any]:
    return corrections.observation_value(_observation("", "x/2000", value))


def _observation(key: str, cell: str, value: dict[str, Any]) -> Observation:
    area, period, breakdown = _split(cell)
    number = value.get("value")
    return Observation(
        indicator=key,
        area=area,
        period=period,
        value=float(number) if number is not None else None,
        status=ObservationStatus(value.get("status", ObservationStatus.MEASURED.value)),
        breakdown=breakdown,
        decimals=value.get("decimals"),
        display=value.get("display") or None,
        note=value.get("note") or None,
    )


KIND = ObservationsKind()
