"""A Swedish organisation's KPI series from Kolada, saved as observations of one of its
indicators, all or nothing and logged (docs/sources.md, "Kolada (Sweden)")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from sdgplan import corrections
from sdgplan.domain.indicators import Observation, ObservationBatch, ObservationStatus
from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.loading import own_area
from sdgplan.sources.http import Fetcher
from sdgplan.sources.kolada import KOLADA_URL, KpiValue, fetch_kpi, kolada_id
from sdgplan.store import indicator_repo, org_repo


def import_kpi(
    session: Session,
    fetcher: Fetcher,
    kpi: str,
    indicator_key: str,
    organisation: str,
    years: Sequence[int],
    who: str,
    *,
    base_url: str = KOLADA_URL,
    today: dt.date | None = None,
) -> ObservationBatch:
    """Fetch `kpi` for `organisation` (its code or name, e.g. SE-0180) and `years` and save
    it as observations of its indicator `indicator_key`, each change logged with the source
    "Kolada {kpi}, hentet {date}". The total is the organisation's own figure, women and men
    are breakdowns (`sources.kolada.GENDER_BREAKDOWNS`); a missing figure is "not measured".

    Nothing is written unless everything is fetched and read: NotFound for an unknown
    organisation or indicator, ConfigError for one that has no Kolada id, and the errors of
    `fetch_kpi`.
    """
    owner = org_repo.find_organisation(session, organisation)
    municipality = kolada_id(owner)
    context = indicator_repo.observation_context(session, owner.number)
    if indicator_key not in context.indicators:
        raise NotFound(
            _("{code} {name} har ingen indikator med nøkkelen {key}").format(
                code=owner.number, name=owner.name, key=repr(indicator_key)
            ),
            hint=_("Importer indikatorene først: sdgplan import indicators"),
        )
    values = fetch_kpi(fetcher, kpi, [municipality], years, base_url=base_url)
    area = own_area(owner)
    batch = ObservationBatch(
        observations=[_observation(indicator_key, area.code, v) for v in values]
    )
    if area.code not in context.areas:
        batch.new_areas[area.code] = area
    source = f"Kolada {kpi}, hentet {(today or dt.date.today()).isoformat()}"
    corrections.log_observation_import(
        session,
        municipality=owner.number,
        batch=batch,
        stored=indicator_repo.load_observations(session, owner.number),
        who=who,
        source=source,
    )
    indicator_repo.save_observations(session, owner, batch)
    return batch


def _observation(indicator: str, area: str, value: KpiValue) -> Observation:
    return Observation(
        indicator=indicator,
        area=area,
        period=value.period,
        value=value.value,
        status=ObservationStatus.MEASURED
        if value.value is not None
        else ObservationStatus.NOT_MEASURED,
        breakdown=value.breakdown,
    )
