"""Key indicators (nøkkeltall) and their observations."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class ObservationStatus(StrEnum):
    MEASURED = "measured"
    NOT_MEASURED = "not_measured"  # "Ikke målt"
    PENDING = "pending"  # "Tall kommer"
    UNDER_DEVELOPMENT = "under_development"  # "Nøkkeltall under utvikling"


class AreaKind(StrEnum):
    MUNICIPALITY = "municipality"
    FORMER_MUNICIPALITY = "former_municipality"
    DISTRICT = "district"
    COUNTY = "county"
    COUNTRY = "country"


@dataclass(frozen=True)
class Threshold:
    """A one-sided limit such as "> 10 %": `operator` is one of >, >=, <, <=."""

    operator: str
    value: float
    unit: str | None = None


@dataclass(frozen=True)
class Scale:
    """A survey scale such as 1-5 where 5 is best."""

    minimum: int
    maximum: int


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    kind: AreaKind


@dataclass
class Indicator:
    """A key indicator; `goals` holds plan paths ("2.3") of the goals it measures."""

    key: str
    name: str
    unit: str | None = None
    direction: Direction | None = None
    threshold: Threshold | None = None
    scale: Scale | None = None
    source: str | None = None
    notes: str | None = None
    goals: tuple[str, ...] = ()


@dataclass
class Observation:
    """One value of an indicator for an area and period ("2022", "2018-2019", "2022-06-15")."""

    indicator: str
    period: str
    area: str
    value: float | None
    status: ObservationStatus = ObservationStatus.MEASURED
    note: str | None = field(default=None)
