"""The checks every indicator-definition reader shares: records in, an `IndicatorSet` out.

A reader (YAML, Excel) turns its file into `Record`s: one area, goal, indicator or table as
written, with the place of each value; `Definitions` checks them the same way for every
format, so an error reads alike whichever file it came from. Records use the flat names of
the workbook's columns (`target_year`); a YAML record maps them to its nested keys.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Protocol, TypeVar

from sdgplan.domain.groups import GroupMethod
from sdgplan.domain.indicators import (
    Area,
    AreaKind,
    Direction,
    GoalRef,
    Indicator,
    IndicatorSet,
    ReportTable,
    Scale,
    SeriesRef,
    area_code_problem,
    key_problem,
)
from sdgplan.domain.numbers import parse_number
from sdgplan.domain.periods import parse_year, period_years
from sdgplan.domain.plan import FocusArea, Goal, PlanVersion
from sdgplan.domain.rules import Bands, ProgressOptions, Target, Threshold, ValueRange
from sdgplan.i18n import _
from sdgplan.importers.base import invalid_choice
from sdgplan.importers.base import missing as missing_key

FORMAT_NAME = "sdgplan-indicators"
FORMAT_VERSION = 1
TABLE_DIMENSIONS = ("area", "period", "indicator", "breakdown")
TARGET = (
    "target_value",
    "target_change",
    "target_year",
    "target_base_year",
    "target_reached_change",
    "target_reached_year",
)
# The YAML file's nested keys by the flat name the checks and the workbook use:
# `target_reached_year` is target.reached.year.
NESTED: dict[str, tuple[str, ...]] = {
    "bands_desired": ("bands", "desired"),
    "bands_acceptable": ("bands", "acceptable"),
    "target_value": ("target", "value"),
    "target_change": ("target", "change"),
    "target_year": ("target", "year"),
    "target_base_year": ("target", "base_year"),
    "target_reached_change": ("target", "reached", "change"),
    "target_reached_year": ("target", "reached", "year"),
    "progress_base_year": ("progress", "base_year"),
    "progress_limit": ("progress", "limit"),
}
E = TypeVar("E", bound=Enum)
P = TypeVar("P")


@dataclass(frozen=True)
class Value:
    """A value as written (stripped, never empty) and how to report a problem with it."""

    text: str
    error: Callable[[str], None]


class Record(Protocol):
    """One area, goal, indicator or table as written in a file."""

    def value(self, key: str) -> Value | None:
        """The value of `key`; None when it is not given or empty."""
        ...

    def values(self, key: str) -> list[Value]:
        """The values of a list such as `goal` or `indicators`; empty when not given."""
        ...

    def error(self, message: str, *, key: str | None = None) -> None:
        """Report a problem with `key` (where it is, or would be), or with the record."""
        ...

    def label(self, key: str) -> str:
        """`key` as the file writes it: `year` in a YAML `target`, `target_year` in Excel."""
        ...


@dataclass(frozen=True)
class Parts:
    """The records of one file, by what they define; the tables' labels by table key."""

    years: Value | None
    areas: Sequence[Record]
    goals_under_development: Sequence[Record]
    indicators: Sequence[Record]
    tables: Sequence[Record]
    labels: Mapping[str, dict[str, str]]


def missing(record: Record, key: str) -> None:
    record.error(missing_key(record.label(key)), key=key)


def text(record: Record, key: str, *, required: bool = False) -> str:
    value = record.value(key)
    if value is None:
        if required:
            missing(record, key)
        return ""
    return value.text


def parsed(value: Value | None, parse: Callable[[str], P]) -> P | None:
    """`parse(text)`, logging its ValueError at the value; None for no value."""
    if value is None:
        return None
    try:
        return parse(value.text)
    except ValueError as e:
        value.error(str(e))
        return None


def choice(record: Record, key: str, enum: type[E], *, required: bool) -> E | None:
    """A value of `enum`, e.g. a direction or an area kind."""
    value = record.value(key)
    if value is None:
        if required:
            missing(record, key)
        return None
    try:
        return enum(value.text)
    except ValueError:
        value.error(invalid_choice(record.label(key), value.text, enum))
        return None


def percent(text: str) -> float:
    """`-67 %` -> -67.0."""
    return parse_number(text.strip().removesuffix("%"))


def years(value: Value | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        return period_years(value.text)
    except ValueError as e:
        value.error(_("Ugyldig «years»: {reason}").format(reason=e))
        return None


class Definitions:
    """Checks records against the plan version goals are looked up in (None: no plan)."""

    def __init__(self, plan: PlanVersion | None) -> None:
        self.plan = plan

    def indicator_set(self, parts: Parts) -> IndicatorSet:
        result = IndicatorSet(years=years(parts.years))
        result.areas = self.unique(parts.areas, "code", self.area)
        result.goals_under_development = [
            ref
            for record in parts.goals_under_development
            for ref in self.goal_refs(record, required=True)
        ]
        result.indicators = self.unique(parts.indicators, "key", self.indicator)
        known = {i.key for i in result.indicators}
        result.tables = self.unique(
            parts.tables, "key", lambda record: self.table(record, known, parts.labels)
        )
        return result

    def unique(
        self, records: Sequence[Record], key: str, read: Callable[[Record], P | None]
    ) -> list[P]:
        """What `read` makes of each record; a `key` used twice is an error at the second."""
        seen: set[str] = set()
        result = []
        for record in records:
            made = read(record)
            value = record.value(key)
            if value is not None and value.text in seen:
                value.error(_("Nøkkelen «{key}» er brukt to ganger").format(key=value.text))
            elif made is not None:
                result.append(made)
            if value is not None:
                seen.add(value.text)
        return result

    def area(self, record: Record) -> Area | None:
        code = text(record, "code", required=True)
        name = text(record, "name", required=True)
        kind = choice(record, "kind", AreaKind, required=True)
        if problem := area_code_problem(code):
            record.error(problem, key="code")
            return None
        return Area(code, name, kind) if code and name and kind else None

    def indicator(self, record: Record) -> Indicator | None:
        key = text(record, "key", required=True)
        if key and (problem := key_problem(key)):
            record.error(problem, key="key")
        indicator = Indicator(
            key=key,
            name=text(record, "name", required=True),
            unit=text(record, "unit") or None,
            direction=choice(record, "direction", Direction, required=False),
            threshold=parsed(record.value("threshold"), Threshold.parse),
            scale=parsed(record.value("scale"), Scale.parse),
            source=text(record, "source") or None,
            notes=text(record, "notes") or None,
            goals=self.goal_refs(record),
            bands=self.bands(record),
            target=self.target(record),
            progress=self.progress(record),
            series=parsed(record.value("series"), SeriesRef.parse),
            group_method=method.value
            if (method := choice(record, "group_method", GroupMethod, required=False))
            else None,
        )
        return indicator if key else None

    def bands(self, record: Record) -> Bands | None:
        desired = self.ranges(record, "bands_desired")
        acceptable = self.ranges(record, "bands_acceptable")
        given = record.values("bands_desired") or record.values("bands_acceptable")
        if not given:
            return None
        if not desired:
            if not record.values("bands_desired"):
                missing(record, "bands_desired")
            return None
        return Bands(desired, acceptable)

    def ranges(self, record: Record, key: str) -> tuple[ValueRange, ...]:
        return tuple(r for v in record.values(key) if (r := parsed(v, ValueRange.parse)))

    def target(self, record: Record) -> Target | None:
        if all(record.value(key) is None for key in TARGET):
            return None
        year = parsed(record.value("target_year"), parse_year)
        if record.value("target_year") is None:
            missing(record, "target_year")
        if year is None:
            return None
        try:
            return Target(
                year=year,
                value=parsed(record.value("target_value"), parse_number),
                change=parsed(record.value("target_change"), percent),
                base_year=parsed(record.value("target_base_year"), parse_year),
                reached_change=parsed(record.value("target_reached_change"), percent),
                reached_year=parsed(record.value("target_reached_year"), parse_year),
            )
        except ValueError as e:
            record.error(_("Ugyldig mål: {reason}").format(reason=e), key="target")
            return None

    def progress(self, record: Record) -> ProgressOptions:
        base_year = parsed(record.value("progress_base_year"), parse_year)
        return ProgressOptions(
            base_year=base_year or ProgressOptions.base_year,
            limit=parsed(record.value("progress_limit"), parse_number),
        )

    def goal_refs(self, record: Record, *, required: bool = False) -> tuple[GoalRef, ...]:
        """The goals `focus_area` and `goal` name; none when neither is given (unless
        `required`)."""
        area_name = record.value("focus_area")
        goals = record.values("goal")
        if area_name is None:
            if goals or required:
                missing(record, "focus_area")
            return ()
        if not goals:
            missing(record, "goal")
            return ()
        if self.plan is None:
            record.error(_("Ingen plan å koble målet til; importer planen først"), key="focus_area")
            return ()
        area = self.focus_area(area_name)
        if area is None:
            return ()
        refs = []
        for value in goals:
            goal = self.plan_goal(area, value)
            if goal is not None:
                refs.append(GoalRef(area.name, goal.text, goal.key))
        return tuple(dict.fromkeys(refs))

    def focus_area(self, value: Value) -> FocusArea | None:
        assert self.plan is not None
        areas = self.plan.focus_areas
        area = next((a for a in areas if value.text in (a.name, a.key)), None)
        if area is None:
            names = ", ".join(f"{a.name} ({a.key})" if a.key else a.name for a in areas)
            value.error(
                _("Ukjent satsingsområde «{name}»; planen har: {names}").format(
                    name=value.text, names=names
                )
            )
        return area

    def plan_goal(self, area: FocusArea, value: Value) -> Goal | None:
        """The goal of `area` named by number (0 = main goal), key or text."""
        numbered = [area.main_goal, *area.goals]
        written = value.text
        if written.isascii() and written.isdigit():
            number = int(written)
            if number < len(numbered) and numbered[number] is not None:
                return numbered[number]
        else:
            for goal in numbered:
                if goal is not None and written in (goal.key, goal.text):
                    return goal
        valid = [
            f"{n} ({goal.key})" if goal.key else str(n)
            for n, goal in enumerate(numbered)
            if goal is not None
        ]
        value.error(
            _(
                "Ukjent mål i «{area}»: «{goal}»; gyldige: {valid} (0 = hovedmål), eller "
                "målets tekst"
            ).format(area=area.name, goal=written[:60], valid=", ".join(valid))
        )
        return None

    def table(
        self, record: Record, known: set[str], labels: Mapping[str, dict[str, str]]
    ) -> ReportTable | None:
        listed = record.values("indicators")
        for value in listed:
            if value.text not in known:
                value.error(_("Ukjent indikator «{key}» i tabellen").format(key=value.text))
        if not listed:
            record.error(
                _("Tabellen har ingen indikatorer («{key}»)").format(
                    key=record.label("indicators")
                ),
                key="indicators",
            )
        columns = tuple(v.text for v in record.values("columns")) or ("period",)
        rows = text(record, "rows") or "area"
        for dimension in (rows, *columns):
            if dimension not in TABLE_DIMENSIONS:
                record.error(
                    _("Ukjent dimensjon «{dimension}»; bruk {allowed}").format(
                        dimension=dimension, allowed=", ".join(TABLE_DIMENSIONS)
                    ),
                    key="rows" if dimension == rows else "columns",
                )
        key = text(record, "key", required=True)
        if key and (problem := key_problem(key)):
            record.error(problem, key="key")
        table = ReportTable(
            key=key,
            title=text(record, "title", required=True),
            section=text(record, "section", required=True),
            indicators=tuple(v.text for v in listed),
            rows=rows,
            columns=columns,
            source=text(record, "source") or None,
            header=text(record, "header") or None,
            labels=dict(labels.get(key, {})),
            note=text(record, "note") or None,
        )
        return table if key else None
