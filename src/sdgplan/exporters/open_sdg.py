"""Indicators keyed `sdg-G-T-I` as an Open SDG data repository: `data/indicator_G-T-I.csv`
and `meta/G-T-I.yml`, the layout `importers.open_sdg` reads."""

from __future__ import annotations

from decimal import Decimal

import yaml

from sdgplan.domain.indicators import Indicator, IndicatorSet, Observation
from sdgplan.domain.periods import period_sort_key
from sdgplan.exporters.writers import csv_text
from sdgplan.importers.open_sdg import (
    GEOCODE,
    VALUE,
    YEAR,
    breakdown_cells,
    open_sdg_code,
)

BREAKDOWN = "Breakdown"  # the column of a breakdown not written `Name=value;...`


def open_sdg_files(
    own_area: str, data: IndicatorSet, observations: list[Observation]
) -> dict[str, str]:
    """The files (path in the repository → text, LF line ends) of every indicator keyed
    `sdg-G-T-I`, by path; observations of areas other than `own_area` carry a `GeoCode`."""
    by_indicator: dict[str, list[Observation]] = {}
    for obs in observations:
        by_indicator.setdefault(obs.indicator, []).append(obs)
    files = {}
    for indicator in data.indicators:
        code = open_sdg_code(indicator.key)
        if code is None:
            continue
        rows = by_indicator.get(indicator.key, [])
        files[f"data/indicator_{code}.csv"] = data_csv(rows, own_area)
        files[f"meta/{code}.yml"] = meta_yaml(indicator, code)
    return dict(sorted(files.items()))


def data_csv(observations: list[Observation], own_area: str) -> str:
    """`Year`, the breakdown's columns (sorted, `GeoCode` among them), `Value`; rows by year
    and then by their cells."""
    cells = [_cells(obs, own_area) for obs in observations]
    columns = sorted({name for row in cells for name in row})
    rows = sorted(
        (
            (period_sort_key(obs.period), tuple(row.get(c, "") for c in columns), obs)
            for obs, row in zip(observations, cells, strict=True)
        ),
        key=lambda item: (item[0], item[1]),
    )
    return csv_text(
        [YEAR, *columns, VALUE],
        ([obs.period, *parts, number_text(obs)] for _key, parts, obs in rows),
    )


def meta_yaml(indicator: Indicator, code: str) -> str:
    meta = {"indicator_number": code.replace("-", "."), "indicator_name": indicator.name}
    if indicator.unit:
        meta["computation_units"] = indicator.unit
    return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)


def number_text(obs: Observation) -> str:
    """The value as printed with its decimals; without them, as few digits as it needs."""
    if obs.value is None:
        return ""
    if obs.decimals is not None:
        return f"{obs.value:.{obs.decimals}f}"
    return format(Decimal(repr(obs.value)).normalize(), "f")


def _cells(obs: Observation, own_area: str) -> dict[str, str]:
    cells = breakdown_cells(obs.breakdown)
    if cells is None:
        cells = {BREAKDOWN: obs.breakdown}
    if obs.area != own_area:
        cells[GEOCODE] = obs.area
    return cells
