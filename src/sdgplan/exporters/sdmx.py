"""The indicators keyed `sdg-G-T-I` as an SDMX-ML 2.1 structure-specific data message,
written with sdmx1: the reverse of `sdgplan.importers.sdmx`.

One series per indicator, area and breakdown. The series carries `INDICATOR` (`1.1.1`),
`REF_AREA`, `SERIES` (`_Z` unless the breakdown names one), `REPORTING_TYPE` `N`, `FREQ` and
one dimension per breakdown name (`_T` where a series has no such part); a breakdown not
written `Name=value;…` with SDMX names goes whole into `BREAKDOWN`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from sdgplan.domain.indicators import Indicator, Observation, ObservationStatus
from sdgplan.importers.open_sdg import breakdown_cells, open_sdg_code
from sdgplan.importers.sdmx import (
    BREAKDOWN,
    COMMENT_OBS,
    FREQ,
    INDICATOR,
    NATIONAL,
    OBS_STATUS,
    PERCENT,
    PERCENT_CODE,
    REF_AREA,
    REPORTING_TYPE,
    SDG_ATTRIBUTES,
    TIME_PERIOD,
    UNIT_MEASURE,
)

SERIES, OBS_VALUE = "SERIES", "OBS_VALUE"
TOTAL, NOT_APPLICABLE = "_T", "_Z"
FIXED = (FREQ, REPORTING_TYPE, SERIES, REF_AREA)
RESERVED = frozenset({*FIXED, INDICATOR, TIME_PERIOD, BREAKDOWN, OBS_VALUE, *SDG_ATTRIBUTES})
SDMX_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,49}")
FREQUENCIES = {4: "A", 7: "M", 10: "D"}  # by the length of the period: 2020, 2020-01, …
AGENCY, DSD_ID, DSD_VERSION = "IAEG-SDGs", "SDG", "1.8"


def sdmx_message(
    indicators: Iterable[Indicator], observations: Iterable[Observation]
) -> bytes | None:
    """The message for the indicators keyed `sdg-G-T-I` and their observations with a value
    or `not_measured`; None when there are none."""
    import sdmx
    from sdmx import message
    from sdmx.model import common
    from sdmx.model import v21 as model

    by_key = {i.key: i for i in indicators if open_sdg_code(i.key)}
    rows = [
        o
        for o in observations
        if o.indicator in by_key
        and (o.value is not None or o.status is ObservationStatus.NOT_MEASURED)
    ]
    if not rows:
        return None
    parts = {id(o): _breakdown_parts(o.breakdown) for o in rows}
    extra = sorted({name for p in parts.values() for name in p} - {SERIES, BREAKDOWN})
    if any(BREAKDOWN in p for p in parts.values()):
        extra.append(BREAKDOWN)
    names = [*FIXED, *extra]

    dsd = model.DataStructureDefinition(
        id=DSD_ID, maintainer=common.Agency(id=AGENCY), version=DSD_VERSION
    )
    for order, name in enumerate(names):
        dsd.dimensions.append(common.Dimension(id=name, order=order))
    time = common.TimeDimension(id=TIME_PERIOD, order=len(names))
    dsd.dimensions.append(time)
    measure = model.PrimaryMeasure(id=OBS_VALUE)
    dsd.measures.append(measure)
    series_level = model.DimensionRelationship(dimensions=list(dsd.dimensions.components[:-1]))
    obs_level = model.PrimaryMeasureRelationship()
    attribute = {
        INDICATOR: common.DataAttribute(id=INDICATOR, related_to=series_level),
        UNIT_MEASURE: common.DataAttribute(id=UNIT_MEASURE, related_to=series_level),
        OBS_STATUS: common.DataAttribute(id=OBS_STATUS, related_to=obs_level),
        COMMENT_OBS: common.DataAttribute(id=COMMENT_OBS, related_to=obs_level),
    }
    for a in attribute.values():
        dsd.attributes.append(a)

    def value(name: str, text: str) -> Any:
        return model.AttributeValue(value=text, value_for=attribute[name])

    series: dict[tuple[str, ...], list[Observation]] = {}
    for o in sorted(rows, key=lambda o: (o.indicator, o.area, o.breakdown, o.period)):
        cells = parts[id(o)]
        key = (
            o.indicator,
            FREQUENCIES.get(len(o.period), "A"),
            cells.get(REPORTING_TYPE, NATIONAL),
            cells.get(SERIES, NOT_APPLICABLE),
            o.area,
            *(cells.get(name, TOTAL) for name in extra),
        )
        series.setdefault(key, []).append(o)

    dataset = model.StructureSpecificDataSet(structured_by=dsd)
    for key, members in series.items():
        indicator = by_key[key[0]]
        series_key = dsd.make_key(model.SeriesKey, dict(zip(names, key[1:], strict=True)))
        series_key.attrib[INDICATOR] = value(INDICATOR, _number(indicator.key))
        if indicator.unit:
            unit = PERCENT_CODE if indicator.unit == PERCENT else indicator.unit
            series_key.attrib[UNIT_MEASURE] = value(UNIT_MEASURE, unit)
        dataset.add_obs([_observation(o, model, measure, value) for o in members], series_key)

    header = message.Header(
        id="SDGPLAN" + dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S"),
        prepared=dt.datetime.now(dt.UTC).replace(microsecond=0),
        sender=common.Agency(id="SDGPLAN"),
    )
    msg = message.DataMessage(header=header, data=[dataset], observation_dimension=time)
    return bytes(sdmx.to_xml(msg, pretty_print=True, xml_declaration=True, encoding="UTF-8"))


def _observation(o: Observation, model: Any, measure: Any, value: Any) -> Any:
    attached = {OBS_STATUS: value(OBS_STATUS, "A" if o.value is not None else "M")}
    if o.note:
        attached[COMMENT_OBS] = value(COMMENT_OBS, o.note)
    return model.Observation(
        dimension=model.Key(**{TIME_PERIOD: o.period}),
        value=_value_text(o) if o.value is not None else "NaN",
        value_for=measure,
        attached_attribute=attached,
    )


def _value_text(o: Observation) -> str:
    assert o.value is not None
    if o.decimals is not None:
        return f"{o.value:.{o.decimals}f}"
    return format(Decimal(repr(o.value)).normalize(), "f")


def _breakdown_parts(text: str) -> Mapping[str, str]:
    """The breakdown's parts as dimensions, or the whole text as `BREAKDOWN`."""
    cells = breakdown_cells(text)
    if cells is None or any(
        not SDMX_ID.fullmatch(name) or name.upper() in RESERVED - {SERIES, REPORTING_TYPE}
        for name in cells
    ):
        return {BREAKDOWN: text}
    return cells


def _number(key: str) -> str:
    """`1.1.1` for `sdg-1-1-1`."""
    return (open_sdg_code(key) or "").replace("-", ".")
