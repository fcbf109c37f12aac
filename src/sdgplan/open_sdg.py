"""Open SDG data repositories in and out: import saves all or nothing and logs each change;
export gives the files of the indicators keyed `sdg-G-T-I`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from sqlalchemy.orm import Session

from sdgplan import corrections
from sdgplan.domain.indicators import (
    Indicator,
    Observation,
    ObservationBatch,
    ObservationContext,
)
from sdgplan.domain.issues import Issue, has_errors
from sdgplan.domain.plan import Municipality
from sdgplan.errors import InvalidData
from sdgplan.exporters.open_sdg import open_sdg_files
from sdgplan.i18n import _
from sdgplan.importers.open_sdg import OpenSdgData, read_open_sdg
from sdgplan.loading import own_area, resolve_municipality
from sdgplan.plan_data import load_key_figures
from sdgplan.reference import load_sdg_catalogue
from sdgplan.store import change_log, indicator_repo


def load_open_sdg(
    session: Session, folder: Path, *, municipality: str | None = None, who: str = "unknown"
) -> tuple[OpenSdgData, list[Issue]]:
    """Read the repository at `folder` and save its indicators and observations for
    `municipality` (number, code or name; else the only one stored).

    Raises InvalidData, before writing, with every problem of every file. A stored indicator
    with the same key keeps its goals, thresholds and other settings; its name and unit are
    the repository's. Each new or changed indicator and observation is logged as done by `who`.
    """
    owner = resolve_municipality(session, municipality)
    context = indicator_repo.observation_context(session, owner.number)
    own = own_area(owner)
    parsed = read_open_sdg(
        folder,
        own_area=own.code,
        areas={*context.areas, own.code},
        catalogue=load_sdg_catalogue(),
    )
    if parsed.data is None or has_errors(parsed.issues):
        raise InvalidData(
            _("{path}: ingenting er lagret").format(path=folder), issues=parsed.issues
        )
    data = parsed.data
    save_exchanged(
        session,
        owner,
        context,
        data.indicators,
        data.observations,
        merge=lambda old, new: replace(old, name=new.name, unit=new.unit),
        who=who,
        source=str(folder),
    )
    return data, parsed.issues


def save_exchanged(
    session: Session,
    owner: Municipality,
    context: ObservationContext,
    indicators: Sequence[Indicator],
    observations: list[Observation],
    *,
    merge: Callable[[Indicator, Indicator], Indicator],
    who: str,
    source: str,
) -> None:
    """Save an exchange file's indicators and observations (Open SDG, SDMX): a stored
    indicator becomes `merge(stored, read)`, a new one is added; each new or changed
    indicator and observation is logged as done by `who`. `context` is what the file was
    read against (`indicator_repo.observation_context`)."""
    own = own_area(owner)
    batch = ObservationBatch(observations=observations)
    if own.code not in context.areas:
        batch.new_areas[own.code] = own
    for indicator in indicators:
        old = context.indicators.get(indicator.key)
        new = merge(old, indicator) if old else indicator
        if old != new:
            change_log.record(
                session,
                who=who,
                municipality=owner.number,
                action="import",
                entity="indicator",
                key=new.key,
                old=_indicator_record(old) if old else None,
                new=_indicator_record(new),
                source=source,
            )
        batch.new_indicators[new.key] = new
    corrections.log_observation_import(
        session,
        municipality=owner.number,
        batch=batch,
        stored=indicator_repo.load_observations(session, owner.number),
        who=who,
        source=source,
    )
    indicator_repo.save_observations(session, owner, batch)


def export_open_sdg(session: Session, *, municipality: str | None = None) -> dict[str, str]:
    """The repository's files (path → text) for `municipality`'s indicators keyed
    `sdg-G-T-I`; empty when it has none."""
    figures = load_key_figures(session, municipality=municipality)
    return open_sdg_files(figures.number, figures.indicators, figures.observations)


def _indicator_record(indicator: Indicator) -> dict[str, object]:
    return {"name": indicator.name, "unit": indicator.unit}
