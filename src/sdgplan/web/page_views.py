"""What each public page shows, gathered from the use cases in `sdgplan.plan_data` and the
report helpers: plain values for the templates, no SQL and no HTML."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from sdgplan.assessment.coverage import sdg_coverage
from sdgplan.assessment.rollup import Assessment, RollUp
from sdgplan.assessment.verdicts import IndicatorVerdict
from sdgplan.domain.indicators import Area, AreaKind, Indicator, Observation, ReportTable
from sdgplan.domain.narrative import Narrative
from sdgplan.domain.periods import period_sort_key, period_years
from sdgplan.domain.plan import FocusArea, Goal, Municipality, PlanItem, Strategy
from sdgplan.domain.references import ReferenceKind
from sdgplan.domain.sdg import SDG_COLOURS
from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.plan_data import PlanData, find_focus_area
from sdgplan.reference import load_sdg_catalogue
from sdgplan.reports.charts import Chart, key_figure_chart
from sdgplan.reports.goalposts import Goalposts, goalposts, yearly_values
from sdgplan.reports.key_figures import KeyFigureTable, key_figure_tables
from sdgplan.reports.markdown import render_narrative
from sdgplan.reports.model import SdgRow, sdg_overview
from sdgplan.reports.tables import Grid, table_grid
from sdgplan.store import narrative_repo
from sdgplan.web.comparison_section import ComparisonSection, comparison_section
from sdgplan.web.maps import MapView, indicator_map

YEARS_SHOWN = 4  # in a focus area's key-figure table; the indicator page has every year


@dataclass
class Site:
    """The municipality a page is about, and the prefix of its links (`/nb/` or `/nb/0301/`)."""

    data: PlanData
    assessment: Assessment
    base: str
    code: str | None = None  # in the path when the database holds several municipalities

    @property
    def lang(self) -> str:
        return self.base.split("/")[1]

    @property
    def municipality(self) -> Municipality:
        return self.data.plan.municipality

    @property
    def focus_areas(self) -> list[FocusArea]:
        return self.data.version.focus_areas

    def rollup(self, level: str, name: str, focus_area: str = "") -> RollUp | None:
        return next(
            (
                r
                for r in self.assessment.rollups
                if r.level == level
                and r.name == name
                and (not focus_area or r.focus_area == focus_area)
            ),
            None,
        )

    def verdict(self, key: str) -> IndicatorVerdict | None:
        return next((v for v in self.assessment.indicators if v.indicator.key == key), None)


@dataclass
class SdgTile:
    number: int
    title: str
    colour: str
    goals: int
    indicators: int


def sdg_tiles(site: Site, lang: str) -> list[SdgTile]:
    rows: list[SdgRow] = sdg_overview(site.data.version, site.assessment)
    return [
        SdgTile(
            row.goal.number,
            row.goal.short_en if lang == "en" else row.goal.short_nb,
            SDG_COLOURS[row.goal.number],
            len(row.local_goals),
            len(row.indicators),
        )
        for row in rows
    ]


@dataclass
class GoalView:
    goal: Goal
    is_main: bool
    rollup: RollUp | None


@dataclass
class FocusAreaView:
    area: FocusArea
    rollup: RollUp | None
    goals: list[GoalView]
    table: KeyFigureTable
    verdicts: dict[str, IndicatorVerdict]
    posts: dict[str, Goalposts]
    narrative: Markup | None
    narrative_period: str = ""


def focus_area_view(session: Session, site: Site, key: str) -> FocusAreaView:
    area = next((a for a in site.focus_areas if a.key == key), None)
    if area is None:
        find_focus_area(site.data.version, key)  # raises NotFound naming the focus areas
        raise NotFound(_("Ukjent satsingsområde «{wanted}»").format(wanted=key))
    goals = [GoalView(area.main_goal, True, None)] if area.main_goal else []
    goals += [GoalView(g, False, None) for g in area.goals]
    for view in goals:
        view.rollup = site.rollup(
            "main_goal" if view.is_main else "goal", view.goal.text, area.name
        )
    data = site.data
    tables = key_figure_tables(data.version, data.indicators, data.observations, area=data.number)
    table = tables[site.focus_areas.index(area)]
    table.periods = table.periods[-YEARS_SHOWN:]
    verdicts = {
        v.indicator.key: v
        for v in site.assessment.indicators
        if any(g.focus_area == area.name for g in v.indicator.goals)
    }
    posts = {
        row.indicator.key: goalposts(
            row.indicator, yearly_values(row.indicator, data.observations, area=data.number)
        )
        for row in table.rows
    }
    narrative = latest_narrative(narrative_repo.load_narratives(session, data.number), area)
    return FocusAreaView(
        area,
        site.rollup("focus_area", area.name),
        goals,
        table,
        verdicts,
        posts,
        _narrative_html(narrative) if narrative else None,
        narrative.period if narrative else "",
    )


def latest_narrative(narratives: list[Narrative], area: FocusArea) -> Narrative | None:
    """The focus area's text of the latest period, or its text for any period."""
    own = [n for n in narratives if n.section in (area.name, area.key)]

    def end(narrative: Narrative) -> int:
        try:
            return period_years(narrative.period)[-1] if narrative.period else 0
        except ValueError:
            return 0

    return max(own, key=end, default=None)


def _narrative_html(narrative: Narrative) -> Markup:
    # a table placeholder (`{{tabell: key}}`) is left out: the report places those tables
    return Markup("").join(html for html, _key in render_narrative(narrative.markdown))


@dataclass
class SdgReference:
    code: str
    title: str


@dataclass
class GoalPage:
    area: FocusArea
    goal: Goal
    is_main: bool
    rollup: RollUp | None
    indicators: list[tuple[Indicator, IndicatorVerdict | None]]
    references: list[SdgReference]
    local: bool


def goal_view(site: Site, key: str, lang: str) -> GoalPage:
    for area in site.focus_areas:
        for goal in ([area.main_goal] if area.main_goal else []) + area.goals:
            if goal.key == key:
                return _goal_page(site, area, goal, lang)
    raise NotFound(_("Ukjent mål «{key}»").format(key=key))


def _goal_page(site: Site, area: FocusArea, goal: Goal, lang: str) -> GoalPage:
    is_main = goal is area.main_goal
    catalogue = load_sdg_catalogue()
    references = []
    for ref in goal.refs:
        if ref.kind is ReferenceKind.TARGET and ref.code in catalogue.targets:
            target = catalogue.targets[ref.code]
            references.append(
                SdgReference(ref.code, target.title_en if lang == "en" else target.title_nb)
            )
        elif ref.kind is ReferenceKind.GOAL and ref.sdg_goal in catalogue.goals:
            sdg = catalogue.goals[ref.sdg_goal]
            references.append(
                SdgReference(ref.code, sdg.title_en if lang == "en" else sdg.title_nb)
            )
    indicators = [
        (i, site.verdict(i.key))
        for i in site.data.indicators.indicators
        if any(g.key == goal.key for g in i.goals)
    ]
    return GoalPage(
        area,
        goal,
        is_main,
        site.rollup("main_goal" if is_main else "goal", goal.text, area.name),
        indicators,
        references,
        any(r.kind is ReferenceKind.LOCAL for r in goal.refs),
    )


@dataclass
class IndicatorPage:
    indicator: Indicator
    verdict: IndicatorVerdict | None
    posts: Goalposts
    grid: Grid
    chart: Chart | None
    goals: list[tuple[FocusArea, Goal]]
    previous: Indicator | None = None
    following: Indicator | None = None
    years: list[str] = field(default_factory=list)
    map: MapView | None = None
    embed_path: str = ""  # the embeddable version: `/nb/embed/indicators/KEY`
    embed_snippet: str = ""  # the HTML to copy onto another site
    provenance: str | None = None  # "Kilde: SSB tabell 07459, hentet 2026-06-16" if fetched
    comparison: ComparisonSection | None = None  # against the country's mean, if stored


def indicator_view(
    site: Site,
    key: str,
    labels: dict[str, str],
    *,
    session: Session | None = None,
    origin: str = "",
) -> IndicatorPage:
    """The indicator page; with `session`, its map when the municipality has boundaries.
    `origin` (`https://example.org`) makes the embed snippet's address absolute."""
    indicators = site.data.indicators.indicators
    index = next((n for n, i in enumerate(indicators) if i.key == key), None)
    if index is None:
        raise NotFound(_("Ukjent indikator «{key}»").format(key=key))
    indicator = indicators[index]
    data = site.data
    own = sorted(
        (o for o in data.observations if o.indicator == key),
        key=lambda o: period_sort_key(o.period),
    )
    periods = list(dict.fromkeys(o.period for o in own if o.area == data.number))
    chart = key_figure_chart(
        indicator, data.observations, area=data.number, labels=labels, periods=periods
    )
    page = IndicatorPage(
        indicator,
        site.verdict(key),
        goalposts(indicator, yearly_values(indicator, data.observations, area=data.number)),
        _grid(site, indicator, own),
        chart,
        [
            (area, goal)
            for area in site.focus_areas
            for goal in ([area.main_goal] if area.main_goal else []) + area.goals
            if any(g.key == goal.key for g in indicator.goals)
        ],
        indicators[index - 1] if index > 0 else None,
        indicators[index + 1] if index + 1 < len(indicators) else None,
        periods,
        comparison=comparison_section(
            indicator, own, {a.code: a for a in data.indicators.areas}, data.number
        ),
    )
    if session is not None:
        areas = {a.code: a for a in data.indicators.areas}
        page.map = indicator_map(
            session,
            municipality=Area(data.number, site.municipality.name, _own_kind(areas, data.number)),
            indicator=indicator,
            observations=own,
            areas=areas,
            labels=labels,
        )
        from sdgplan.fetching import provenance_line

        page.provenance = provenance_line(session, data.number, key)
    page.embed_path = f"{site.base}embed/indicators/{quote(key)}"
    page.embed_snippet = (
        f'<iframe src="{escape(origin + page.embed_path)}" title="{escape(indicator.name)}" '
        'width="100%" height="640" loading="lazy"></iframe>'
    )
    return page


def _own_kind(areas: dict[str, Area], number: str) -> AreaKind:
    return areas[number].kind if number in areas else AreaKind.MUNICIPALITY


def _grid(site: Site, indicator: Indicator, observations: list[Observation]) -> Grid:
    """The indicator's values: periods as rows, the municipality and its other areas (and
    breakdowns) as columns."""
    number = site.data.number
    table = ReportTable(
        key=indicator.key,
        title=indicator.name,
        section="",
        indicators=(indicator.key,),
        rows="period",
        columns=("area",),
        header=_("Periode"),
        labels={number: site.municipality.name},
    )
    own_first = sorted(observations, key=lambda o: o.area != number)
    areas = {a.code: a for a in site.data.indicators.areas}
    grid = table_grid(table, {indicator.key: indicator}, areas, own_first)
    rows = dict(grid.rows)
    grid.rows = [(p, rows[p]) for p in dict.fromkeys(o.period for o in observations)]
    return grid


@dataclass
class SdgCitation:
    """A local goal that cites an SDG or a target, itself or through some of its strategies."""

    area: FocusArea
    goal: Goal
    is_main: bool
    cites: bool  # the goal itself, not only its strategies
    strategies: list[Strategy] = field(default_factory=list)


@dataclass
class SdgTargetView:
    code: str
    title: str
    citations: list[SdgCitation]


@dataclass
class SdgPage:
    number: int
    name: str
    title: str
    colour: str
    rollup: RollUp | None
    targets: list[SdgTargetView]
    direct: list[SdgCitation]
    indicators: list[IndicatorVerdict]

    @property
    def cited_targets(self) -> int:
        return sum(1 for t in self.targets if t.citations)


def sdg_page(site: Site, number: int, lang: str) -> SdgPage:
    """SDG `number`: its targets with the local goals and strategies citing each, the goals
    citing the SDG itself, and the indicators of its roll-up (as the home page counts them)."""
    catalogue = load_sdg_catalogue()
    if number not in catalogue.goals:
        raise NotFound(_("Fant ikke siden"))
    coverage = next(
        g for g in sdg_coverage(site.data.version, catalogue).goals if g.goal.number == number
    )
    row = next(
        r for r in sdg_overview(site.data.version, site.assessment) if r.goal.number == number
    )
    places = _plan_places(site.focus_areas)
    sdg = coverage.goal
    return SdgPage(
        number,
        _in_language(lang, sdg.short_en, sdg.short_nb),
        _in_language(lang, sdg.title_en, sdg.title_nb),
        SDG_COLOURS[number],
        row.rollup,
        [
            SdgTargetView(
                t.target.code,
                _in_language(lang, t.target.title_en, t.target.title_nb),
                _citations(t.items, places),
            )
            for t in coverage.targets
        ],
        _citations(coverage.direct, places),
        row.indicators,
    )


def _in_language(lang: str, english: str, norwegian: str) -> str:
    return (english or norwegian) if lang == "en" else (norwegian or english)


_Place = tuple[FocusArea, Goal, Strategy | None]


def _plan_places(areas: list[FocusArea]) -> dict[str, _Place]:
    """Each goal and strategy by its path in the plan (`PlanItem.path`: "2", "2.3", "2.3.1")."""
    places: dict[str, _Place] = {}
    for a, area in enumerate(areas, start=1):
        if area.main_goal is not None:
            places[f"{a}"] = (area, area.main_goal, None)
        for g, goal in enumerate(area.goals, start=1):
            places[f"{a}.{g}"] = (area, goal, None)
            for s, strategy in enumerate(goal.strategies, start=1):
                places[f"{a}.{g}.{s}"] = (area, goal, strategy)
    return places


def _citations(items: list[PlanItem], places: dict[str, _Place]) -> list[SdgCitation]:
    """The items as goals in plan order, each strategy under its goal."""
    found: dict[int, SdgCitation] = {}
    for item in items:
        area, goal, strategy = places[item.path]
        citation = found.setdefault(
            id(goal), SdgCitation(area, goal, goal is area.main_goal, cites=False)
        )
        if strategy is None:
            citation.cites = True
        else:
            citation.strategies.append(strategy)
    return list(found.values())
