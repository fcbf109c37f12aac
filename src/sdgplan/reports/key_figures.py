"""The key-figure tables (nøkkeltall) of a plan: per focus area, goal by goal, years as columns."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from sdgplan.domain.display import STATUS_WORDS, display_observation, format_value
from sdgplan.domain.indicators import (
    Area,
    GoalRef,
    Indicator,
    IndicatorSet,
    Observation,
    ObservationStatus,
)
from sdgplan.domain.periods import period_sort_key
from sdgplan.domain.plan import PlanVersion
from sdgplan.i18n import LANGUAGES, use_language
from sdgplan.reports.comparison import ComparisonSection, comparison_section

UNDER_DEVELOPMENT = STATUS_WORDS[ObservationStatus.UNDER_DEVELOPMENT]


@dataclass
class KeyFigureRow:
    indicator: Indicator
    cells: dict[str, str]  # period -> what the reader sees
    change: str = ""  # annual report: from the year before, `+1,2` (unit as the values')


@dataclass
class KeyFigureGroup:
    """The rows under one goal; a goal under development has none."""

    goal: str
    is_main_goal: bool
    under_development: bool
    rows: list[KeyFigureRow] = field(default_factory=list)


@dataclass(frozen=True)
class KeyFigureComparison:
    """A key figure against the other municipalities' mean; its texts in every language,
    since the report is gathered in the run's language and rendered in its own."""

    indicator: Indicator
    texts: dict[str, ComparisonSection]


@dataclass
class KeyFigureTable:
    focus_area: str
    main_goal: str | None
    periods: list[str]
    groups: list[KeyFigureGroup]
    shows_change: bool = False
    # under the table: its key figures that other municipalities have figures for
    comparisons: list[KeyFigureComparison] = field(default_factory=list)

    @property
    def rows(self) -> list[KeyFigureRow]:
        return [row for group in self.groups for row in group.rows]


def key_figure_tables(
    version: PlanVersion, data: IndicatorSet, observations: list[Observation], *, area: str
) -> list[KeyFigureTable]:
    """One table per focus area, for the observations of `area` without a breakdown."""
    by_indicator: dict[str, dict[str, Observation]] = {}
    for obs in observations:
        if obs.area == area and not obs.breakdown:
            by_indicator.setdefault(obs.indicator, {})[obs.period] = obs
    developing = set(data.goals_under_development)
    tables = []
    for focus_area in version.focus_areas:
        goals = ([(focus_area.main_goal, True)] if focus_area.main_goal else []) + [
            (g, False) for g in focus_area.goals
        ]
        groups = []
        for goal, is_main in goals:
            text = goal.text
            ref = GoalRef(focus_area.name, text, goal.key)
            group = KeyFigureGroup(text, is_main, ref in developing)
            for indicator in data.indicators:
                if ref in indicator.goals:
                    values = by_indicator.get(indicator.key, {})
                    cells = {p: display_observation(o, indicator.unit) for p, o in values.items()}
                    group.rows.append(KeyFigureRow(indicator, cells))
            if group.rows or group.under_development:
                groups.append(group)
        periods = sorted({p for g in groups for r in g.rows for p in r.cells}, key=period_sort_key)
        main = focus_area.main_goal.text if focus_area.main_goal else None
        tables.append(KeyFigureTable(focus_area.name, main, periods, groups))
    return tables


def add_comparisons(
    tables: list[KeyFigureTable],
    observations: list[Observation],
    areas: dict[str, Area],
    *,
    area: str,
) -> None:
    """Compare each table's key figures with the mean of the municipalities that have a
    figure for the key figure's latest year of `area` (issue 13); most have none."""
    by_indicator: dict[str, list[Observation]] = {}
    for obs in observations:
        by_indicator.setdefault(obs.indicator, []).append(obs)
    for table in tables:
        indicators = {row.indicator.key: row.indicator for row in table.rows}
        for key, indicator in indicators.items():
            texts: dict[str, ComparisonSection] = {}
            for lang in LANGUAGES:
                with use_language(lang):
                    found = comparison_section(indicator, by_indicator.get(key, []), areas, area)
                if found is None:
                    break
                texts[lang] = found
            if texts:
                table.comparisons.append(KeyFigureComparison(indicator, texts))


def annual_view(
    table: KeyFigureTable, observations: list[Observation], *, area: str, year: int
) -> None:
    """Limit `table` to `year` and the year before, with the change between them."""
    wanted = (str(year - 1), str(year))
    values = {
        (o.indicator, o.period): o
        for o in observations
        if o.area == area and not o.breakdown and o.period in wanted
    }
    table.periods = [p for p in wanted if any(p in r.cells for g in table.groups for r in g.rows)]
    table.shows_change = True
    for row in (r for g in table.groups for r in g.rows):
        before, now = (values.get((row.indicator.key, p)) for p in wanted)
        row.change = _change(before, now, row.indicator.unit)


def _change(before: Observation | None, now: Observation | None, unit: str | None) -> str:
    if before is None or now is None or before.value is None or now.value is None:
        return ""
    decimals = max(before.decimals or 0, now.decimals or 0)
    difference = round(now.value - before.value, decimals)
    sign = "+" if difference > 0 else ""
    unit = "%-poeng" if unit == "%" else unit
    return f"{sign}{format_value(difference, decimals, unit)}"


def render_key_figures_text(tables: list[KeyFigureTable], *, width: int = 100) -> str:
    """The tables for a terminal: indicator names wrapped, values right-aligned."""
    lines: list[str] = []
    for table in tables:
        column = max([len(c) for r in table.rows for c in r.cells.values()] + [4]) + 2
        name_width = max(30, width - column * len(table.periods))
        lines += [table.focus_area.upper(), ""]
        if table.main_goal:
            lines += textwrap.wrap(f"Hovedmål: {table.main_goal}", width=width)
        lines += [
            "",
            "Nøkkeltall".ljust(name_width) + "".join(p.rjust(column) for p in table.periods),
        ]
        for group in table.groups:
            lines += textwrap.wrap(group.goal, width=width, initial_indent="", subsequent_indent="")
            if group.under_development and not group.rows:
                lines.append("  " + UNDER_DEVELOPMENT)
            for row in group.rows:
                name = textwrap.wrap(row.indicator.name, width=name_width - 2) or [""]
                values = "".join(row.cells.get(p, "").rjust(column) for p in table.periods)
                lines.append(("  " + name[0]).ljust(name_width) + values)
                lines += ["  " + part for part in name[1:]]
        lines.append("")
    return "\n".join(lines)
