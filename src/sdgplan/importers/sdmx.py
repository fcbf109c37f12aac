"""Reading an SDMX-ML 2.1 data message (generic or structure-specific) with sdmx1.

Each series becomes observations of the indicator keyed `sdg-G-T-I`, taken from an
`INDICATOR` component (`1.1.1`, `1-1-1` or `sdg-1-1-1`) or else from the file name
(`1-1-1--structure-specific.xml`, as sdg-build names them). `REF_AREA` is the area,
`TIME_PERIOD` the period, `OBS_VALUE` the value; every other dimension whose value is not a
total (`_T`, `_Z`) is a part of the breakdown, `SERIES=SI_POV_DAY1;SEX=F`. See docs/sources.md.
The reader never touches the database.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sdgplan.domain.indicators import Indicator, Observation, ObservationStatus
from sdgplan.domain.numbers import decimals_of, parse_number
from sdgplan.domain.periods import period_years
from sdgplan.domain.sdg import SdgCatalogue
from sdgplan.i18n import _
from sdgplan.importers.base import IssueLog, Parsed
from sdgplan.importers.open_sdg import PART_SEPARATOR, breakdown_text, indicator_key

MAX_BYTES = 50_000_000
INDICATOR, REF_AREA, TIME_PERIOD, BREAKDOWN = "INDICATOR", "REF_AREA", "TIME_PERIOD", "BREAKDOWN"
OBS_STATUS, UNIT_MEASURE, UNIT_MULT, COMMENT_OBS = (
    "OBS_STATUS",
    "UNIT_MEASURE",
    "UNIT_MULT",
    "COMMENT_OBS",
)
FREQ, REPORTING_TYPE = "FREQ", "REPORTING_TYPE"
TOTALS = frozenset({"_T", "_Z"})
NATIONAL = "N"  # REPORTING_TYPE of figures reported by the country itself, not the UN
MISSING_STATUSES = frozenset({"M", "O", "L"})  # SDMX CL_OBS_STATUS: missing values
PERCENT_CODE, PERCENT = "PT", "%"
# Attributes of the SDG data structure (IAEG-SDGs:SDG 1.x). Read without the structure,
# sdmx1 takes a structure-specific series' attributes for dimensions: these are left out.
SDG_ATTRIBUTES = frozenset(
    {
        OBS_STATUS,
        UNIT_MEASURE,
        UNIT_MULT,
        COMMENT_OBS,
        "NATURE",
        "BASE_PER",
        "TIME_DETAIL",
        "TIME_COVERAGE",
        "SOURCE_DETAIL",
        "COMMENT_TS",
        "UPPER_BOUND",
        "LOWER_BOUND",
        "GEO_INFO_URL",
        "GEO_INFO_TYPE",
        "CUST_BREAKDOWN_LB",
        "DATA_LAST_UPDATE",
    }
)
INDICATOR_CODE = re.compile(r"(?:sdg-)?([0-9]{1,2})[.-]([0-9a-z]{1,2})[.-]([0-9a-z]{1,2})")
FILE_CODE = re.compile(r"(?<![0-9a-z])([0-9]{1,2}-[0-9a-z]{1,2}-[0-9a-z]{1,2})(?![0-9a-z])")


@dataclass
class SdmxData:
    """The indicators and observations of a message, in message order."""

    indicators: list[Indicator] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)


def read_sdmx_file(
    path: Path,
    *,
    own_area: str,
    areas: Collection[str],
    catalogue: SdgCatalogue,
    own_codes: Collection[str] = (),
) -> Parsed[SdmxData]:
    """Every series of the message at `path`. `areas` are the codes `REF_AREA` may name;
    `own_area` and the codes in `own_codes` stand for the municipality's own area."""
    log = IssueLog(str(path))
    message = _read_message(path, log)
    if message is None:
        return Parsed(None, log.issues)
    reader = _Reader(
        log,
        file_code=_file_code(path.name),
        areas={**{a: a for a in areas}, **{c: own_area for c in (*own_codes, own_area)}},
    )
    for dataset in message.data:
        for obs in dataset.obs:
            reader.add(obs)
    if not reader.observations and not log.issues:
        log.error(_("Meldingen har ingen observasjoner"))
    data = SdmxData(
        indicators=[
            Indicator(key, _name(key, catalogue), reader.unit_of(key)) for key in reader.keys
        ],
        observations=reader.observations,
    )
    return Parsed(data, log.issues)


def _read_message(path: Path, log: IssueLog) -> Any:
    """The sdmx1 DataMessage at `path`, or None with the reason logged."""
    try:
        content = path.read_bytes()
    except OSError as e:
        log.error(_("Kan ikke lese filen: {reason}").format(reason=e.strerror))
        return None
    if len(content) > MAX_BYTES:
        log.error(_("Filen er for stor: over {limit} MB").format(limit=MAX_BYTES // 1_000_000))
        return None
    if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
        log.error(_("Filen har en DOCTYPE; SDMX-ML-meldinger har ingen"))
        return None
    import sdmx
    from sdmx.message import DataMessage

    sdmx_log = logging.getLogger("sdmx")
    level = sdmx_log.level
    sdmx_log.setLevel(logging.ERROR)  # "got no structure=… argument": expected here
    try:
        message = sdmx.read_sdmx(io.BytesIO(content), format="XML")
    except Exception as e:  # noqa: BLE001  (lxml, sdmx1: any reason the file is unusable)
        reason = str(e).strip() or type(e).__name__
        log.error(_("Ikke en SDMX-ML-melding: {reason}").format(reason=reason[:200]))
        return None
    finally:
        sdmx_log.setLevel(level)
    if not isinstance(message, DataMessage):
        log.error(
            _(
                "Ikke en SDMX-datamelding (GenericData eller StructureSpecificData), men {kind}"
            ).format(kind=type(message).__name__)
        )
        return None
    return message


def _file_code(name: str) -> str | None:
    match = FILE_CODE.search(name.lower())
    return match.group(1) if match else None


class _Reader:
    """Turns sdmx1 observations into sdgplan's, logging each problem with the series key."""

    def __init__(self, log: IssueLog, *, file_code: str | None, areas: Mapping[str, str]) -> None:
        self.log, self.file_code, self.areas = log, file_code, areas
        self.observations: list[Observation] = []
        self.keys: list[str] = []
        self.units: dict[str, set[str | None]] = {}
        self.seen: set[tuple[str, str, str, str]] = set()

    def add(self, obs: Any) -> None:
        components = _values(obs.key.values)
        attributes = {**_attributes(obs.series_key), **_attributes(obs)}
        for name in SDG_ATTRIBUTES & components.keys():
            attributes.setdefault(name, components.pop(name))
        where = _key_text(components)
        key = self._indicator(components.pop(INDICATOR, None) or attributes.get(INDICATOR), where)
        area = self._area(components.pop(REF_AREA, None), where)
        period = self._period(components.pop(TIME_PERIOD, None), where)
        breakdown = self._breakdown(components, where)
        value = self._value(obs.value, attributes, where)
        if None in (key, area, period, breakdown, value):
            return
        assert key and area and period and breakdown is not None and value
        identity = (key, area, period, breakdown)
        if identity in self.seen:
            self.log.error(_("{key}: samme observasjon to ganger").format(key=where))
            return
        self.seen.add(identity)
        if key not in self.units:
            self.keys.append(key)
        unit = attributes.get(UNIT_MEASURE)
        self.units.setdefault(key, set()).add(PERCENT if unit == PERCENT_CODE else unit)
        number, decimals = value
        status = (
            ObservationStatus.MEASURED if number is not None else ObservationStatus.NOT_MEASURED
        )
        note = attributes.get(COMMENT_OBS) or None
        self.observations.append(
            Observation(key, area, period, number, status, breakdown, decimals=decimals, note=note)
        )

    def unit_of(self, key: str) -> str | None:
        units = self.units.get(key, set())
        return next(iter(units)) if len(units) == 1 else None

    def _indicator(self, code: str | None, where: str) -> str | None:
        if code:
            match = INDICATOR_CODE.fullmatch(code.strip().lower())
            if match:
                return indicator_key("-".join(match.groups()))
            self.log.error(
                _("{key}: INDICATOR «{code}» er ikke et SDG-indikatornummer (f.eks. 1.1.1)").format(
                    key=where, code=code[:60]
                )
            )
            return None
        if self.file_code:
            return indicator_key(self.file_code)
        self.log.error(
            _(
                "{key}: ukjent indikator: meldingen har ingen INDICATOR, og filnavnet har "
                "ikke indikatornummeret (f.eks. 1-1-1.xml)"
            ).format(key=where)
        )
        return None

    def _area(self, code: str | None, where: str) -> str | None:
        if not code:
            self.log.error(_("{key}: mangler REF_AREA").format(key=where))
            return None
        area = self.areas.get(code)
        if area is None:
            self.log.error(
                _("{key}: REF_AREA «{code}» er ikke et lagret område").format(
                    key=where, code=code[:60]
                )
            )
        return area

    def _period(self, text: str | None, where: str) -> str | None:
        if not text:
            self.log.error(_("{key}: mangler TIME_PERIOD").format(key=where))
            return None
        try:
            period_years(text)
        except ValueError as e:
            self.log.error(f"{where}, TIME_PERIOD: {e}")
            return None
        return text

    def _breakdown(self, components: dict[str, str], where: str) -> str | None:
        components.pop(FREQ, None)  # the period says it
        if components.get(REPORTING_TYPE) == NATIONAL:
            del components[REPORTING_TYPE]
        raw = components.pop(BREAKDOWN, None)
        raw = None if raw in TOTALS else raw
        parts = {name: value for name, value in components.items() if value not in TOTALS}
        bad = [value for value in parts.values() if PART_SEPARATOR in value]
        if bad:
            self.log.error(
                _("{key}: «{text}»: semikolon (;) er ikke tillatt").format(key=where, text=bad[0])
            )
            return None
        if raw and parts:
            self.log.error(_("{key}: BREAKDOWN sammen med andre inndelinger").format(key=where))
            return None
        return raw or breakdown_text(parts)

    def _value(
        self, raw: object, attributes: dict[str, str], where: str
    ) -> tuple[float | None, int | None] | None:
        text = "" if raw is None else str(raw).strip()
        if not text or text.lower() == "nan" or attributes.get(OBS_STATUS) in MISSING_STATUSES:
            return None, None
        try:
            number, decimals = parse_number(text, decimal_comma=False), decimals_of(text)
        except ValueError as e:
            self.log.error(_("{key}: OBS_VALUE: {reason}").format(key=where, reason=e))
            return None
        multiplier = attributes.get(UNIT_MULT, "0")
        if multiplier != "0":
            if not re.fullmatch(r"-?[0-9]{1,2}", multiplier):
                self.log.error(
                    _("{key}: UNIT_MULT «{value}» er ikke et heltall").format(
                        key=where, value=multiplier[:20]
                    )
                )
                return None
            power = int(multiplier)
            number = float(Decimal(text).scaleb(power))
            decimals = max(0, decimals - power)
        return number, decimals


def _values(values: Mapping[str, Any]) -> dict[str, str]:
    return {name: str(kv.value) for name, kv in values.items()}


def _attributes(holder: Any) -> dict[str, str]:
    if holder is None:
        return {}
    attached = getattr(holder, "attached_attribute", None)
    if attached is None:
        attached = getattr(holder, "attrib", {})
    return {name: str(av.value) for name, av in attached.items()}


def _key_text(components: Mapping[str, str]) -> str:
    """`SERIES=SI_POV_DAY1, REF_AREA=826, …, TIME_PERIOD=2020`: where a problem is."""
    return ", ".join(f"{name}={value}" for name, value in components.items())


def _name(key: str, catalogue: SdgCatalogue) -> str:
    code = key.removeprefix("sdg-").replace("-", ".")
    indicator = catalogue.indicators.get(code)
    return indicator.title_nb if indicator and indicator.title_nb else code
