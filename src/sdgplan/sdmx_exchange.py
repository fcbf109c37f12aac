"""SDMX-ML in and out: import saves all or nothing and logs each change; export gives the
message for the indicators keyed `sdg-G-T-I`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy.orm import Session

from sdgplan.domain.issues import Issue, has_errors
from sdgplan.errors import InvalidData
from sdgplan.exporters.sdmx import sdmx_message
from sdgplan.i18n import _
from sdgplan.importers.sdmx import SdmxData, read_sdmx_file
from sdgplan.loading import own_area, resolve_municipality
from sdgplan.open_sdg import save_exchanged
from sdgplan.plan_data import load_key_figures
from sdgplan.reference import load_sdg_catalogue
from sdgplan.store import indicator_repo


def load_sdmx(
    session: Session,
    path: Path,
    *,
    municipality: str | None = None,
    own_codes: tuple[str, ...] = (),
    who: str = "unknown",
) -> tuple[SdmxData, list[Issue]]:
    """Read the SDMX-ML data message at `path` and save its indicators and observations for
    `municipality` (number, code or name; else the only one stored). A `REF_AREA` in
    `own_codes` stands for the municipality itself.

    Raises InvalidData, before writing, with every problem. A stored indicator keeps its
    name, goals and settings; its unit is the message's when the message gives one. Each new
    or changed indicator and observation is logged as done by `who`.
    """
    owner = resolve_municipality(session, municipality)
    context = indicator_repo.observation_context(session, owner.number)
    own = own_area(owner)
    parsed = read_sdmx_file(
        path,
        own_area=own.code,
        areas={*context.areas, own.code},
        catalogue=load_sdg_catalogue(),
        own_codes=own_codes,
    )
    if parsed.data is None or has_errors(parsed.issues):
        raise InvalidData(_("{path}: ingenting er lagret").format(path=path), issues=parsed.issues)
    data = parsed.data
    save_exchanged(
        session,
        owner,
        context,
        data.indicators,
        data.observations,
        merge=lambda old, new: replace(old, unit=new.unit or old.unit),
        who=who,
        source=str(path),
    )
    return data, parsed.issues


def export_sdmx(session: Session, *, municipality: str | None = None) -> bytes | None:
    """The SDMX-ML message for `municipality`'s indicators keyed `sdg-G-T-I`; None when it
    has none with figures."""
    figures = load_key_figures(session, municipality=municipality)
    return sdmx_message(figures.indicators.indicators, figures.observations)
