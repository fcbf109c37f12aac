"""Key indicators (nøkkeltall), their observations, and the report's other tables."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum

from sdgplan.domain.rules import Bands, ProgressOptions, Target, Threshold
from sdgplan.i18n import _


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class ObservationStatus(StrEnum):
    MEASURED = "measured"
    NOT_MEASURED = "not_measured"  # "Ikke målt"
    PENDING = "pending"  # "Tall kommer"
    UNDER_DEVELOPMENT = "under_development"  # "Nøkkeltall under utvikling" (goals only)


class AreaKind(StrEnum):
    MUNICIPALITY = "municipality"
    FORMER_MUNICIPALITY = "former_municipality"
    DISTRICT = "district"
    COUNTY = "county"
    COUNTRY = "country"
    OTHER = "other"  # the area of an organisation added to the database that is neither

    @property
    def national(self) -> bool:
        """Whether codes of this kind are national, shared by every municipality (a district
        or another local area belongs to the municipality that declares it)."""
        return self in _NATIONAL_KINDS


_NATIONAL_KINDS = frozenset(
    {AreaKind.MUNICIPALITY, AreaKind.FORMER_MUNICIPALITY, AreaKind.COUNTY, AreaKind.COUNTRY}
)


@dataclass(frozen=True)
class SeriesRef:
    """Another organisation's indicator whose figures an indicator shows: a national series
    stored once and shared by every municipality (`OWNER/KEY`, e.g. `NO-SSB/barnehage`)."""

    owner: str
    key: str

    @classmethod
    def parse(cls, text: str) -> SeriesRef:
        owner, slash, key = text.strip().partition("/")
        if not slash or not owner.strip() or not key.strip():
            raise ValueError(
                _("forventet EIER/NØKKEL, f.eks. NO-SSB/barnehage, fikk {text}").format(
                    text=repr(text[:100])
                )
            )
        return cls(owner.strip(), key.strip())

    def __str__(self) -> str:
        return f"{self.owner}/{self.key}"


@dataclass(frozen=True)
class Scale:
    """A survey scale such as 1-5 where 5 is best."""

    minimum: int
    maximum: int

    @classmethod
    def parse(cls, text: str) -> Scale:
        match = re.fullmatch(r"\s*([0-9]{1,6})\s*[-–]\s*([0-9]{1,6})\s*", text)
        if not match or int(match.group(1)) >= int(match.group(2)):
            raise ValueError(_("«{text}» er ikke en skala (skriv f.eks. «1-5»)").format(text=text))
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.minimum}-{self.maximum}"


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    kind: AreaKind


GOAL_SEPARATOR = " | "  # between several goals in one CSV cell
KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,199}")  # indicator and table keys, used in URLs
AREA_CODE_LENGTH = 50


def key_problem(key: str) -> str | None:
    """Why `key` cannot be an indicator or table key, or None if it can."""
    if KEY.fullmatch(key):
        return None
    return _("Ugyldig nøkkel «{key}»: bruk a-z, 0-9 og -, høyst 200 tegn").format(key=key[:60])


def area_code_problem(code: str) -> str | None:
    if len(code) <= AREA_CODE_LENGTH:
        return None
    return _("Områdekoden «{code}…» er for lang: høyst {limit} tegn").format(
        code=code[:20], limit=AREA_CODE_LENGTH
    )


@dataclass(frozen=True)
class GoalRef:
    """A goal of the plan by its stable key (`okonomi.1`); equal when the keys are.

    `focus_area` and `goal` are the names as of the plan version the reference was resolved
    against, for display. A reference made without a key (a file that names no plan) is
    identified by those names instead.
    """

    focus_area: str = field(compare=False)
    goal: str = field(compare=False)
    key: str = ""

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", f"~{self.focus_area}\n{self.goal}")

    @property
    def resolved(self) -> bool:
        """True when the reference carries a plan key (not only names)."""
        return not self.key.startswith("~")


@dataclass
class Indicator:
    """A key indicator or a series of one of the report's tables.

    `unit` is what the values are printed with ("%", "kr/m2"); None when the name carries
    the unit and the values are printed bare.
    """

    key: str
    name: str
    unit: str | None = None
    direction: Direction | None = None
    threshold: Threshold | None = None
    scale: Scale | None = None
    source: str | None = None
    notes: str | None = None
    goals: tuple[GoalRef, ...] = ()
    bands: Bands | None = None
    target: Target | None = None
    progress: ProgressOptions = field(default_factory=lambda: ProgressOptions())
    series: SeriesRef | None = None
    group_method: str | None = None  # a `domain.groups.GroupMethod`: how a group's value is made


@dataclass
class Observation:
    """One value of an indicator for an area, a period and an optional breakdown.

    `period` is a year ("2022"), a range ("2018-2019"), a month ("2023-01") or a date
    ("2023-01-31"). `decimals` keeps the precision as printed ("18,0"); `display` holds the
    printed text where it differs from the standard rendering.
    """

    indicator: str
    area: str
    period: str
    value: float | None
    status: ObservationStatus = ObservationStatus.MEASURED
    breakdown: str = ""
    decimals: int | None = None
    display: str | None = None
    note: str | None = None


@dataclass
class ReportTable:
    """A table of the report other than the key figures: its layout, title and source line."""

    key: str
    title: str
    section: str
    indicators: tuple[str, ...]
    rows: str = "area"
    columns: tuple[str, ...] = ("period",)
    source: str | None = None
    header: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    note: str | None = None


class ThematicPlanStatus(StrEnum):
    ADOPTED = "adopted"
    PLANNED = "planned"


@dataclass
class ThematicPlan:
    """A thematic plan (temaplan): adopted on a date, or planned for a time."""

    name: str
    status: ThematicPlanStatus
    adopted: dt.date | None = None
    planned: str | None = None


@dataclass
class IndicatorSet:
    """What an indicator file defines: areas, indicators, tables and goal statuses."""

    indicators: list[Indicator] = field(default_factory=list)
    tables: list[ReportTable] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    goals_under_development: list[GoalRef] = field(default_factory=list)
    years: tuple[int, int] | None = None


@dataclass
class ObservationContext:
    """What the observations may refer to: stored indicators, areas and the plan's years."""

    indicators: dict[str, Indicator]
    areas: dict[str, Area]
    years: tuple[int, int] | None = None


@dataclass
class ObservationBatch:
    observations: list[Observation] = field(default_factory=list)
    new_indicators: dict[str, Indicator] = field(default_factory=dict)
    new_areas: dict[str, Area] = field(default_factory=dict)
