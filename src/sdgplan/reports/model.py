"""What a report shows, gathered from the store: the view model the templates render."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markupsafe import Markup
from sqlalchemy.orm import Session

from sdgplan.assessment.rollup import Assessment, RollUp, assess_plan
from sdgplan.assessment.verdicts import IndicatorVerdict, latest_year
from sdgplan.domain.indicators import (
    Area,
    AreaKind,
    Indicator,
    IndicatorSet,
    Observation,
    ThematicPlan,
)
from sdgplan.domain.narrative import Narrative, SectionKind, choose_narratives, period_text
from sdgplan.domain.periods import period_years
from sdgplan.domain.plan import Plan, PlanVersion
from sdgplan.domain.references import ReferenceKind
from sdgplan.domain.sdg import SdgGoal
from sdgplan.i18n import _
from sdgplan.reference import load_sdg_catalogue
from sdgplan.reports.charts import Chart, comparison_chart, key_figure_chart
from sdgplan.reports.figure_years import check_year, figure_years
from sdgplan.reports.goalposts import Goalposts, goalposts, yearly_values
from sdgplan.reports.key_figures import (
    KeyFigureTable,
    add_comparisons,
    annual_view,
    key_figure_tables,
)
from sdgplan.reports.markdown import render_narrative
from sdgplan.reports.periods import council_term
from sdgplan.reports.provenance import fetched_provenance
from sdgplan.reports.sdg_overview import SdgView, sdg_view
from sdgplan.reports.settings import ReportSettings
from sdgplan.reports.tables import Grid, table_grid
from sdgplan.store import indicator_repo, narrative_repo, plan_repo

if TYPE_CHECKING:
    from sdgplan.fetching import Provenance

KINDS = ("four-year", "annual")  # also in sdgplan.cli.reports
YEARS_SHOWN = 4


@dataclass
class Figure:
    """A table of the report with its chart, if it has one."""

    grid: Grid
    chart: Chart | None = None
    provenance: list[Provenance] = field(default_factory=list)  # of its fetched indicators


@dataclass
class NarrativePart:
    """A piece of narrative and the table its text placed after it, if any."""

    html: Markup
    figure: Figure | None = None


@dataclass
class Section:
    name: str
    anchor: str
    kind: SectionKind
    narrative: list[NarrativePart] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)  # those not placed in the narrative


@dataclass
class FocusAreaSection(Section):
    sdg_goals: list[SdgGoal] = field(default_factory=list)
    main_goal: str | None = None
    goals: list[str] = field(default_factory=list)
    key_figures: KeyFigureTable | None = None
    verdicts: dict[str, IndicatorVerdict] = field(default_factory=dict)
    goal_rollups: list[RollUp] = field(default_factory=list)
    rollup: RollUp | None = None
    charts: list[Chart] = field(default_factory=list)
    goalposts: dict[str, Goalposts] = field(default_factory=dict)
    # the key figures' fetched indicators: (name, where their figures came from)
    provenance: list[tuple[str, Provenance]] = field(default_factory=list)


@dataclass
class SdgRow:
    goal: SdgGoal
    local_goals: list[tuple[str, str]]
    indicators: list[IndicatorVerdict]
    rollup: RollUp | None


@dataclass
class Report:
    kind: str
    year: int
    plan: Plan
    version: PlanVersion
    chapters: list[Section]  # before the focus areas
    focus_areas: list[FocusAreaSection]
    closing_chapters: list[Section]  # chapters placed after the focus areas
    services: list[Section]
    thematic_plans: list[ThematicPlan]
    sdg_overview: list[SdgRow]
    assessment: Assessment
    generated: dt.date
    settings: ReportSettings = field(default_factory=ReportSettings)
    period: tuple[int, int] = (0, 0)  # the years the report covers (first, last)
    warnings: list[str] = field(default_factory=list)  # for the user, not printed
    sdg_view: SdgView = field(default_factory=SdgView)  # the overview chart, a part per SDG

    @property
    def sections(self) -> list[Section]:
        return [*self.chapters, *self.focus_areas, *self.closing_chapters, *self.services]

    def charts(self) -> list[Chart]:
        """Every chart in the report: focus areas' key figures, and the other tables'."""
        found: list[Chart] = [c for area in self.focus_areas for c in area.charts]
        for section in self.sections:
            figures = [*section.figures, *(p.figure for p in section.narrative if p.figure)]
            found += [figure.chart for figure in figures if figure.chart is not None]
        return found


def build_report(
    session: Session,
    *,
    municipality: str | None = None,
    kind: str = "four-year",
    year: int | None = None,
    labels: dict[str, str],
    settings: ReportSettings | None = None,
) -> Report:
    """Gather a report from the store; `labels` are the chart texts in the report language.

    `year` (default: the latest with key figures) must have key figures (else `ConfigError`
    naming the years that have); a year with few is a warning in `Report.warnings`.
    """
    settings = settings or ReportSettings()
    plan, version = plan_repo.load_plan_version(session, municipality=municipality)
    number = plan.municipality.number
    data = indicator_repo.load_indicator_set(session, number)
    observations = _report_observations(
        data, indicator_repo.load_observations(session, number), own=number
    )
    stored_narratives = narrative_repo.load_narratives(session, number)
    years = figure_years(data, observations, area=number)
    # a plan without key figures yet still gets a report (of this year), unless a year is asked
    check = year is not None or bool(years.observed)
    if year is None:
        year = latest_year(data, observations, area=number) or dt.date.today().year
    warnings = check_year(years, year) if check else []
    shown = [o for o in observations if _shown(o, year)]
    period = settings.period or (council_term(year) if kind == "four-year" else (year, year))
    narratives = _narratives_for(stored_narratives, period, labels)
    assessment = assess_plan(
        version, data, shown, area=number, year=year, catalogue=load_sdg_catalogue()
    )
    tables = key_figure_tables(version, data, shown, area=number)
    for table in tables:
        if kind == "annual":
            annual_view(table, shown, area=number, year=year)
        else:
            table.periods = table.periods[-YEARS_SHOWN:]
    add_comparisons(tables, shown, {a.code: a for a in data.areas}, area=number)
    # the report is written the year after its last key figures, with that year's tables
    fetched = fetched_provenance(session, number)
    figures = _figures(
        data,
        [o for o in observations if _shown(o, year + 1)],
        labels,
        fetched,
        own=number,
        warnings=warnings,
    )
    report = Report(
        kind=kind,
        year=year,
        plan=plan,
        version=version,
        chapters=[],
        focus_areas=[],
        closing_chapters=[],
        services=[],
        thematic_plans=indicator_repo.load_thematic_plans(session, number),
        sdg_overview=[],
        assessment=assessment,
        generated=dt.date.today(),
        settings=settings,
        period=period,
        warnings=warnings,
    )
    # a focus area's text names it by name or by key (`section: okonomi`)
    focus_area_names = {a.name for a in version.focus_areas} | {a.key for a in version.focus_areas}
    after_focus_areas = False
    for narrative in narratives.values():
        if narrative.section in focus_area_names:
            after_focus_areas = True
        elif narrative.kind is SectionKind.SERVICE_AREA:
            report.services.append(_section(narrative, figures, warnings))
        elif after_focus_areas:
            report.closing_chapters.append(_section(narrative, figures, warnings))
        else:
            report.chapters.append(_section(narrative, figures, warnings))
    indicators = {i.key: i for i in data.indicators}
    for area, table in zip(version.focus_areas, tables, strict=True):
        report.focus_areas.append(
            _focus_area(
                area.name,
                version,
                table,
                assessment,
                narratives.get(area.name) or narratives.get(area.key),
                figures,
                indicators,
                shown,
                number,
                labels,
                warnings,
                fetched,
            )
        )
    report.sdg_overview = sdg_overview(version, assessment)
    report.sdg_view = sdg_view(
        session,
        municipality=number,
        version=version,
        assessment=assessment,
        indicators=data.indicators,
        observations=shown,
    )
    return report


def _narratives_for(
    stored: list[Narrative], period: tuple[int, int], labels: dict[str, str]
) -> dict[str, Narrative]:
    """Each section's text for the report's period; a section written only for other
    periods gets a line saying it has no text for this one."""
    kinds = {n.section: n.kind for n in stored}
    wanted = period_text(*period)
    missing = "*" + labels["no_text"] % {"period": wanted} + "*\n"
    return {
        section: narrative or Narrative(section, kinds[section], missing, wanted)
        for section, narrative in choose_narratives(stored, *period).items()
    }


def _report_observations(
    data: IndicatorSet, observations: list[Observation], *, own: str
) -> list[Observation]:
    """The observations the report may show: those of the municipality itself and of
    areas that are not municipalities, and other municipalities' figures only for the
    indicators of its tables (`table_grid` chooses among them). The rest (national series
    stored for comparisons) is neither assessed nor laid out."""
    in_tables = {key for table in data.tables for key in table.indicators}
    others = {a.code for a in data.areas if a.kind is AreaKind.MUNICIPALITY and a.code != own}
    return [o for o in observations if o.area not in others or o.indicator in in_tables]


def _shown(observation: Observation, year: int) -> bool:
    try:
        return period_years(observation.period)[0] <= year
    except ValueError:
        return False


def _figures(
    data: IndicatorSet,
    observations: list[Observation],
    labels: dict[str, str],
    fetched: dict[str, Provenance],
    *,
    own: str,
    warnings: list[str],
) -> dict[str, list[Figure]]:
    """The report's other tables by section, each with its comparison chart if it has one
    and where its fetched figures came from; a table that leaves out other municipalities'
    figures is a warning."""
    indicators = {i.key: i for i in data.indicators}
    areas: dict[str, Area] = {a.code: a for a in data.areas}
    by_indicator: dict[str, list[Observation]] = {}
    for observation in observations:
        by_indicator.setdefault(observation.indicator, []).append(observation)
    result: dict[str, list[Figure]] = {}
    for table in data.tables:
        rows = [o for key in dict.fromkeys(table.indicators) for o in by_indicator.get(key, [])]
        grid = table_grid(table, indicators, areas, rows, own=own)
        if grid.hidden:
            warnings.append(
                _(
                    "Tabellen «{table}» viser ikke tallene for {count} andre kommuner; nevn "
                    "kommunene den skal vise under labels"
                ).format(table=table.key, count=grid.hidden)
            )
        if grid.rows:
            chart = comparison_chart(grid, labels=labels, indicators=indicators)
            sources = [fetched[key] for key in table.indicators if key in fetched]
            result.setdefault(table.section, []).append(
                Figure(grid, chart, list(dict.fromkeys(sources)))
            )
    return result


def anchor(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower().translate(str.maketrans("æøå", "eoa"))).strip(
        "-"
    )


def _section(
    narrative: Narrative, figures: dict[str, list[Figure]], warnings: list[str]
) -> Section:
    # a chapter's own headings follow its h1; a service area's its h2
    shift = 1 if narrative.kind is SectionKind.SERVICE_AREA else 0
    parts, rest = _place_tables(
        narrative, figures.get(narrative.section, []), warnings, shift_headings=shift
    )
    return Section(narrative.section, anchor(narrative.section), narrative.kind, parts, rest)


def _place_tables(
    narrative: Narrative, figures: list[Figure], warnings: list[str], *, shift_headings: int = 1
) -> tuple[list[NarrativePart], list[Figure]]:
    """The narrative with each `{{tabell: key}}` replaced by that table of the section, and
    the section's tables it did not place (printed after the narrative). An unknown key is
    a warning and stays as text."""
    by_key = {figure.grid.table.key: figure for figure in figures}
    parts: list[NarrativePart] = []
    for html, key in render_narrative(narrative.markdown, shift_headings=shift_headings):
        figure = by_key.pop(key, None) if key else None
        if key and figure is None:
            warnings.append(
                _("{section}: ingen tabell «{key}» i denne delen").format(
                    section=narrative.section, key=key
                )
            )
            html = Markup("{}<p>{{{{tabell: {}}}}}</p>\n").format(html, key)
        parts.append(NarrativePart(html, figure))
    placed = {id(part.figure) for part in parts}
    return parts, [figure for figure in figures if id(figure) not in placed]


def _focus_area(
    name: str,
    version: PlanVersion,
    table: KeyFigureTable,
    assessment: Assessment,
    narrative: Narrative | None,
    figures: dict[str, list[Figure]],
    indicators: dict[str, Indicator],
    observations: list[Observation],
    area: str,
    labels: dict[str, str],
    warnings: list[str],
    fetched: dict[str, Provenance],
) -> FocusAreaSection:
    focus_area = next(a for a in version.focus_areas if a.name == name)
    catalogue = load_sdg_catalogue()
    numbers = sorted(
        {
            r.sdg_goal
            for g in [focus_area.main_goal, *focus_area.goals]
            if g
            for r in g.refs
            if r.kind is not ReferenceKind.LOCAL and r.sdg_goal
        }
    )
    verdicts = {
        v.indicator.key: v
        for v in assessment.indicators
        if any(g.focus_area == name for g in v.indicator.goals)
    }
    charts = [
        c
        for key in verdicts
        if (indicators[key].threshold or indicators[key].bands or indicators[key].target)
        and (
            c := key_figure_chart(
                indicators[key], observations, area=area, labels=labels, periods=table.periods
            )
        )
    ]
    posts = {
        row.indicator.key: goalposts(
            row.indicator, yearly_values(row.indicator, observations, area=area)
        )
        for row in table.rows
    }
    parts, rest = (
        _place_tables(narrative, figures.get(name, []), warnings)
        if narrative
        else ([], figures.get(name, []))
    )
    return FocusAreaSection(
        name=name,
        anchor=anchor(name),
        kind=SectionKind.FOCUS_AREA,
        narrative=parts,
        figures=rest,
        sdg_goals=[catalogue.goals[n] for n in numbers],
        main_goal=focus_area.main_goal.text if focus_area.main_goal else None,
        goals=[g.text for g in focus_area.goals],
        key_figures=table,
        verdicts=verdicts,
        goal_rollups=[
            r
            for r in assessment.rollups
            if r.level in ("goal", "main_goal") and r.focus_area == name
        ],
        rollup=next(
            (r for r in assessment.rollups if r.level == "focus_area" and r.name == name), None
        ),
        charts=charts,
        goalposts=posts,
        provenance=list(
            {
                row.indicator.key: (row.indicator.name, fetched[row.indicator.key])
                for row in table.rows
                if row.indicator.key in fetched
            }.values()
        ),
    )


def sdg_overview(version: PlanVersion, assessment: Assessment) -> list[SdgRow]:
    catalogue = load_sdg_catalogue()
    rollups = {r.name.split(" ")[0]: r for r in assessment.rollups if r.level == "sdg"}
    verdicts = {v.indicator.key: v for v in assessment.indicators}
    rows = []
    for number, goal in catalogue.goals.items():
        local = [
            (a.name, g.text)
            for a in version.focus_areas
            for g in ([a.main_goal] if a.main_goal else []) + a.goals
            if any(r.sdg_goal == number for r in g.refs)
        ]
        rollup = rollups.get(str(number))
        linked = [verdicts[k] for k in rollup.indicators] if rollup else []
        rows.append(SdgRow(goal, local, linked, rollup))
    return rows
