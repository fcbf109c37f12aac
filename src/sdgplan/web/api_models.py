"""The open-data API's answers as pydantic models: they document the JSON in OpenAPI."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field


class ErrorOut(BaseModel):
    detail: str = Field(description="What is wrong, in the language of `lang`")


class MunicipalityOut(BaseModel):
    code: str = Field(description="Municipality number (`3203`) or the organisation's code")
    name: str = Field(description="Name")
    kind: str = Field(description="`municipality`, `county` or `other`")
    country: str = Field(description="ISO 3166 country code, e.g. `NO`")


class VersionOut(BaseModel):
    kind: str = Field(description="`proposal` or `adopted`")
    date: dt.date | None = Field(description="The version's date, if known")
    current: bool = Field(
        description="True for the version the plan routes show (the adopted one if stored)"
    )


class PlanOut(BaseModel):
    municipality: str = Field(description="Municipality code")
    title: str = Field(description="The plan's title")
    versions: list[VersionOut] = Field(description="The stored versions")


class StrategyOut(BaseModel):
    key: str = Field(description="Stable key, e.g. `okonomi.1.2`")
    text: str = Field(description="The strategy's text (Norwegian)")
    refs: list[str] = Field(description="SDG goals and targets (`11`, `11.3`) or `AK` (local)")
    goal: str = Field(description="Key of the sub-goal it belongs to")
    focus_area: str = Field(description="Key of its focus area")


class GoalOut(BaseModel):
    key: str = Field(description="Stable key: `okonomi.0` for a main goal, `okonomi.1` ...")
    level: str = Field(description="`main_goal` or `goal` (sub-goal)")
    text: str = Field(description="The goal's text (Norwegian)")
    refs: list[str] = Field(description="SDG goals and targets (`11`, `11.3`) or `AK` (local)")
    focus_area: str = Field(description="Key of its focus area")
    under_development: bool = Field(description="True while its key figures are being decided")
    indicators: list[str] = Field(description="Keys of the indicators that measure it")
    strategies: list[StrategyOut] = Field(description="Its strategies (sub-goals only)")


class FocusAreaOut(BaseModel):
    key: str = Field(description="Stable key, e.g. `okonomi`")
    name: str = Field(description="Name (Norwegian)")
    main_goal: GoalOut | None = Field(description="The main goal, if the plan has one")
    goals: list[GoalOut] = Field(description="The sub-goals, in plan order")


class GoalLinkOut(BaseModel):
    key: str = Field(description="Key of the goal; empty when the plan names no key for it")
    focus_area: str = Field(description="Name of the goal's focus area")
    goal: str = Field(description="Text of the goal, as of the plan version it was linked to")


class IndicatorOut(BaseModel):
    key: str = Field(description="Stable key, e.g. `okonomi-disposisjonsfond`")
    name: str = Field(description="Name (Norwegian)")
    unit: str | None = Field(description="Unit values are printed with (`%`), if any")
    direction: str | None = Field(description="`higher` or `lower` is better, if decided")
    threshold: str | None = Field(description="Threshold, e.g. `> 10 %`")
    scale: str | None = Field(description="Survey scale, e.g. `1-5`")
    source: str | None = Field(description="Source of the figures")
    notes: str | None = Field(description="Notes")
    goals: list[GoalLinkOut] = Field(description="The plan goals it measures")


class ObservationOut(BaseModel):
    municipality: str = Field(description="Municipality code")
    focus_area: str = Field(description="Focus area names of the indicator's goals, ` | `-joined")
    goal: str = Field(description="Goal texts of the indicator's goals, ` | `-joined")
    indicator_id: str = Field(description="Indicator key")
    indicator: str = Field(description="Indicator name")
    unit: str = Field(description="Unit, empty if none")
    area: str = Field(description="Area code (municipality number, district key, `NO`)")
    area_name: str = Field(description="Area name")
    area_kind: str = Field(description="`municipality`, `district`, `county`, `country` ...")
    period: str = Field(description="Year (`2022`), range (`2018-2019`), month or date")
    breakdown: str = Field(description="Breakdown (e.g. an age group); empty for the total")
    value: float | None = Field(description="The value, rounded to `decimals`; null if none")
    decimals: int = Field(description="Decimals the value is given with")
    status: str = Field(description="`measured`, `not_measured`, `pending`, `under_development`")
    display: str = Field(description="The value as printed in Norwegian (`15,1 %`, `Ikke målt`)")
    note: str = Field(description="Note, empty if none")


class ObservationPage(BaseModel):
    total: int = Field(description="Number of observations matching the filters")
    limit: int = Field(description="Page size asked for")
    offset: int = Field(description="Position of the first item of this page")
    next: str | None = Field(description="URL of the next page; null on the last page")
    items: list[ObservationOut] = Field(description="The observations of this page")


class AssessmentRecordOut(BaseModel):
    level: str = Field(
        description="`indicator`, a roll-up level (`goal`, `main_goal`, `focus_area`, `sdg`) "
        "or `coverage`"
    )
    indicator: str | None = Field(description="Indicator key (indicator and coverage records)")
    name: str | None = Field(description="Indicator name, roll-up name or coverage finding")
    goal: str | None = Field(description="Goal (text) or SDG target")
    focus_area: str | None = Field(description="Focus area name")
    period: str | int | None = Field(description="Period of the value assessed, or the year")
    value: float | None = Field(description="The value assessed")
    display: str | None = Field(description="The value as printed")
    threshold_status: str | None = Field(description="Threshold met or not")
    band_status: str | None = Field(description="Band of the value (Asker's three bands)")
    progress_status: str | None = Field(description="Progress towards the target")
    score: float | None = Field(description="Progress score")
    progress_value: float | None = Field(description="Progress measure")
    trend: str | None = Field(description="Trend of the series")
    eurostat_short_term: str | None = Field(description="Eurostat category, short term")
    eurostat_long_term: str | None = Field(description="Eurostat category, long term")
    outcome: str | None = Field(description="The indicator's verdict")
    attainment: str | None = Field(description="A roll-up's attainment")
    counts: dict[str, int] | None = Field(description="A roll-up's verdicts counted")
    reason: str = Field(description="Why, in the language asked for (`lang`)")
    reason_parts: list[list[dict[str, Any]]] = Field(
        description="The reason as data: sentences of clauses `{message, params}`"
    )


class AssessmentOut(BaseModel):
    municipality: str = Field(description="Municipality code")
    year: int = Field(description="The year assessed")
    language: str = Field(description="Language of the reasons")
    records: list[AssessmentRecordOut] = Field(description="Verdicts, roll-ups, coverage")
