"""Corrections: replace a series, delete data, each with a dry run, and log every change.

Each function works in the caller's session and transaction, so a change and its change-log
entries are saved together or not at all. With `dry_run=True` it only says what would go.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from sdgplan.domain.indicators import Observation, ObservationBatch
from sdgplan.domain.plan import PlanVersion, VersionKind
from sdgplan.errors import Conflict, NotFound
from sdgplan.exporters.plan import plan_to_dict
from sdgplan.i18n import _
from sdgplan.reference import load_municipalities
from sdgplan.store import (
    benefit_repo,
    calendar_repo,
    change_log,
    climate_repo,
    consultation_repo,
    edit_repo,
    indicator_repo,
    method_repo,
    narrative_repo,
    org_repo,
    plan_repo,
    programme_repo,
)

SHOWN = 20  # items listed by a dry run or a delete; the counts cover all


@dataclass(frozen=True)
class Item:
    """One thing that goes: what it is, its key and its stored value (for the log)."""

    entity: str
    key: str
    old: Any


@dataclass
class Removal:
    """What a delete removes (or would remove, in a dry run)."""

    municipality: str
    items: list[Item] = field(default_factory=list)
    dry_run: bool = False

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.items:
            counts[item.entity] = counts.get(item.entity, 0) + 1
        return counts


def observation_key(obs: Observation) -> str:
    """`indicator/area/period`, with `/breakdown` when there is one."""
    key = f"{obs.indicator}/{obs.area}/{obs.period}"
    return f"{key}/{obs.breakdown}" if obs.breakdown else key


def observation_value(obs: Observation) -> dict[str, Any]:
    """What the log keeps of an observation: its value and status, and texts if any."""
    value: dict[str, Any] = {"value": obs.value, "status": obs.status.value}
    for name in ("decimals", "display", "note"):
        if getattr(obs, name) is not None:
            value[name] = getattr(obs, name)
    return value


def _identity(obs: Observation) -> tuple[str, str, str, str]:
    return obs.indicator, obs.area, obs.period, obs.breakdown


def log_observation_import(
    session: Session,
    *,
    municipality: str,
    batch: ObservationBatch,
    stored: list[Observation],
    who: str,
    source: str | None,
    action: str = "import",
) -> int:
    """Log each observation of `batch` that is new or differs from `stored` (in one INSERT);
    returns how many."""
    before = {_identity(o): observation_value(o) for o in stored}
    entries = []
    for obs in batch.observations:
        old, new = before.get(_identity(obs)), observation_value(obs)
        if old != new:
            entries.append(
                {"entity": "observation", "key": observation_key(obs), "old": old, "new": new}
            )
    change_log.record_many(
        session, entries, who=who, municipality=municipality, action=action, source=source
    )
    return len(entries)


def replace_series(
    session: Session,
    *,
    municipality: str,
    batch: ObservationBatch,
    stored: list[Observation],
    who: str,
    source: str | None,
) -> Removal:
    """Delete (and log) the stored observations of the batch's indicators that it lacks."""
    indicators = {o.indicator for o in batch.observations}
    kept = {_identity(o) for o in batch.observations}
    gone = [o for o in stored if o.indicator in indicators and _identity(o) not in kept]
    removal = _observation_removal(municipality, gone, dry_run=False)
    indicator_repo.delete_observations(session, municipality, gone)
    _log(session, removal, who=who, action="replace", source=source)
    return removal


def delete_observations(
    session: Session,
    *,
    municipality: str,
    indicator: str,
    area: str | None = None,
    period: str | None = None,
    breakdown: str | None = None,
    who: str,
    dry_run: bool = False,
) -> Removal:
    """Delete the indicator's observations that match every filter given."""
    stored = _stored_series(session, municipality, indicator)
    chosen = [
        o
        for o in stored
        if (area is None or o.area == area)
        and (period is None or o.period == period)
        and (breakdown is None or o.breakdown == breakdown)
    ]
    removal = _observation_removal(municipality, chosen, dry_run=dry_run)
    if not dry_run:
        indicator_repo.delete_observations(session, municipality, chosen)
        _log(session, removal, who=who, source="sdgplan delete observations")
    return removal


def delete_indicator(
    session: Session, *, municipality: str, key: str, who: str, dry_run: bool = False
) -> Removal:
    """Delete an indicator with its observations."""
    stored = _stored_series(session, municipality, key)
    indicator = next(
        i
        for i in indicator_repo.load_indicator_set(session, municipality).indicators
        if i.key == key
    )
    removal = _observation_removal(municipality, stored, dry_run=dry_run)
    removal.items.insert(
        0, Item("indicator", key, {"name": indicator.name, "unit": indicator.unit})
    )
    if not dry_run:
        indicator_repo.delete_indicator(session, municipality, key)
        _log(session, removal, who=who, source="sdgplan delete indicator")
    return removal


def delete_narrative(
    session: Session, *, municipality: str, section: str, who: str, dry_run: bool = False
) -> Removal:
    """Delete the text of one report section."""
    stored = narrative_repo.load_narratives(session, municipality)
    texts = [n for n in stored if n.section == section]
    if not texts:
        sections = ", ".join(dict.fromkeys(n.section for n in stored))
        raise NotFound(
            _("Fant ingen tekst for seksjonen «{section}»").format(section=section),
            hint=_("Lagrede: {sections}").format(sections=sections or _("ingen")),
        )
    items = [
        Item("narrative", n.label, {"kind": n.kind.value, "markdown": n.markdown}) for n in texts
    ]
    removal = Removal(municipality, items, dry_run=dry_run)
    if not dry_run:
        narrative_repo.delete_narrative(session, municipality, section)
        _log(session, removal, who=who, source="sdgplan delete narrative")
    return removal


def delete_plan_version(
    session: Session,
    *,
    municipality: str,
    kind: VersionKind,
    title: str | None = None,
    who: str,
    dry_run: bool = False,
) -> Removal:
    """Delete one version of a plan; refused when indicators would lose the goals they
    refer to (the version they are read against would change and lack them)."""
    plan, version = plan_repo.load_plan_version(
        session, municipality=municipality, version=kind, title=title
    )
    adopted = plan_repo.stored_version(session, municipality, plan.title, VersionKind.ADOPTED)
    if kind is VersionKind.ADOPTED or adopted is None:  # the version indicators are read against
        remaining = None
        if kind is VersionKind.ADOPTED:
            remaining = plan_repo.stored_version(
                session, municipality, plan.title, VersionKind.PROPOSAL
            )
        _refuse_orphans(session, municipality, remaining)
    key = f"{plan.title}/{kind.value}"
    removal = Removal(
        municipality, [Item("plan_version", key, plan_to_dict(plan, version))], dry_run=dry_run
    )
    if not dry_run:
        plan_repo.delete_plan_version(session, municipality, plan.title, kind)
        _log(session, removal, who=who, source="sdgplan delete plan-version")
    return removal


def delete_municipality(
    session: Session, *, municipality: str, who: str, dry_run: bool = False
) -> Removal:
    """Delete everything stored for a municipality; the change log stays, and so does an
    added organisation (`sdgplan org remove` removes it)."""
    number = org_repo.find_organisation(session, municipality).number
    if number not in plan_repo.stored_municipalities(session):
        raise NotFound(_("Kommunen er ikke lagret: {number}").format(number=number))
    removal = Removal(number, dry_run=dry_run)
    for indicator in indicator_repo.load_indicator_set(session, number).indicators:
        removal.items.append(Item("indicator", indicator.key, {"name": indicator.name}))
    observations = indicator_repo.load_observations(session, number)
    removal.items += _observation_removal(number, observations, dry_run=dry_run).items
    for narrative in narrative_repo.load_narratives(session, number):
        old = {"kind": narrative.kind.value, "markdown": narrative.markdown}
        removal.items.append(Item("narrative", narrative.label, old))
    for summary in plan_repo.list_plans(session):
        if summary.municipality == number:
            plan, version = plan_repo.load_plan_version(
                session, municipality=number, version=summary.version, title=summary.title
            )
            key = f"{summary.title}/{summary.version.value}"
            removal.items.append(Item("plan_version", key, plan_to_dict(plan, version)))
    counts = indicator_repo.count_municipality_data(session, number)
    removal.items.append(Item("municipality", number, {**removal.counts(), **counts}))
    if not dry_run:
        indicator_repo.delete_municipality_data(session, number)
        climate_repo.delete_municipality_climate(session, number)
        programme_repo.delete_municipality_programmes(session, number)
        calendar_repo.delete_calendar(session, number)
        consultation_repo.delete_consultations(session, number)
        benefit_repo.delete_municipality_benefits(session, number)
        method_repo.delete_municipality_methods(session, number, who=who)
        for section in {n.section for n in narrative_repo.load_narratives(session, number)}:
            narrative_repo.delete_narrative(session, number, section)
        plan_repo.delete_municipality(session, number, keep=number not in load_municipalities())
        _log(session, removal, who=who, source="sdgplan delete municipality")
        edit_repo.delete_municipality_editing(session, number)  # after the log raised versions
    return removal


def _stored_series(session: Session, municipality: str, indicator: str) -> list[Observation]:
    known = {i.key for i in indicator_repo.load_indicator_set(session, municipality).indicators}
    if indicator not in known:
        raise NotFound(
            _("Ukjent indikator: «{indicator}» ({municipality})").format(
                indicator=indicator, municipality=municipality
            ),
            hint=_("Se sdgplan show indicators"),
        )
    return [
        o
        for o in indicator_repo.load_observations(session, municipality)
        if o.indicator == indicator
    ]


def _observation_removal(
    municipality: str, observations: list[Observation], *, dry_run: bool
) -> Removal:
    items = [Item("observation", observation_key(o), observation_value(o)) for o in observations]
    return Removal(municipality, items, dry_run=dry_run)


def _log(
    session: Session, removal: Removal, *, who: str, source: str | None, action: str = "delete"
) -> None:
    for item in removal.items:
        change_log.record(
            session,
            who=who,
            municipality=removal.municipality,
            action=action,
            entity=item.entity,
            key=item.key,
            old=item.old,
            new=None,
            source=source,
        )


def _refuse_orphans(session: Session, municipality: str, version: PlanVersion | None) -> None:
    missing = indicator_repo.orphaned_references(session, municipality, version)
    if missing:
        listed = "; ".join(f"{key}: {', '.join(users)}" for key, users in sorted(missing.items()))
        raise Conflict(
            _(
                "Indikatorer viser til mål som da ikke finnes: {listed}; ingenting er slettet"
            ).format(listed=listed),
            hint=_("Slett eller flytt indikatorene først: sdgplan delete indicator NØKKEL"),
        )
