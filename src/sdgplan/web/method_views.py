"""What the method tool's pages show (issue 15, `pages_method.py`): the method table's three
levels, the materiality scoring with its plan check, and the benefit plans, each row ready
for a template: texts in the page's language, numbers written the Norwegian way, and plan
goals and strategies as links to their goal pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from sdgplan.assessment.rollup import RollUp
from sdgplan.assessment.wording import number
from sdgplan.benefits import BenefitAssessment, BenefitVerdict
from sdgplan.domain.materiality import Aggregated, Aggregation, Materiality, check_plan
from sdgplan.domain.materiality import aggregate as aggregate_scores
from sdgplan.domain.materiality import prioritised as prioritised_scores
from sdgplan.domain.method import LEVEL_FIELDS, LEVELS, MethodCycle, MethodRow, MethodTable
from sdgplan.domain.plan import PlanItem, PlanVersion
from sdgplan.domain.sdg import SdgCatalogue
from sdgplan.i18n import _, ngettext
from sdgplan.reports.charts import Chart


@dataclass(frozen=True)
class PlanLink:
    """A plan goal or strategy a row names: its text and the goal page (None: a key the
    plan the site shows does not have; the key is shown instead)."""

    key: str
    text: str
    href: str | None = None


def plan_links(version: PlanVersion, base: str) -> dict[str, PlanLink]:
    """Every goal and strategy of `version` by key: a goal links to its page, a strategy to
    its place on its goal's page."""
    found: dict[str, PlanLink] = {}
    for _area, goal in version.goals():
        if not goal.key:
            continue
        page = f"{base}goals/{quote(goal.key, safe='')}"
        found[goal.key] = PlanLink(goal.key, goal.text, page)
        for strategy in goal.strategies:
            if strategy.key:
                anchor = f"{page}#strategy-{quote(strategy.key, safe='')}"
                found[strategy.key] = PlanLink(strategy.key, strategy.text, anchor)
    return found


def _links(keys: Iterable[str], known: dict[str, PlanLink]) -> list[PlanLink]:
    return [known.get(key, PlanLink(key, key)) for key in keys]


@dataclass(frozen=True)
class Sdg:
    """A goal or target as a row shows it: the goal's number and short name beside its
    colour (`sdg-{goal}` in site.css), and the target's code and title."""

    goal: int
    label: str  # "11 Bærekraftige byer og samfunn"
    code: str | None = None  # a target
    title: str = ""  # the target's title


def sdg_of(code: str, catalogue: SdgCatalogue, *, english: bool) -> Sdg:
    """The goal (`11`) or target (`11.7`) `code` names."""
    goal = int(code.split(".")[0])
    found = catalogue.goals.get(goal)
    name = (found.short_en if english else found.short_nb) if found else ""
    label = f"{goal} {name}".strip()
    if "." not in code:
        return Sdg(goal, label)
    target = catalogue.targets.get(code)
    title = (target.title_en if english else target.title_nb) if target else ""
    return Sdg(goal, label, code, title)


@dataclass(frozen=True)
class MethodRowView:
    sdg: Sdg
    texts: tuple[str, ...]  # the level's texts in column order
    targets: tuple[Sdg, ...]  # level 1: the targets that matter
    plan: list[PlanLink]


@dataclass(frozen=True)
class MethodPage:
    table: MethodTable
    cycles: list[MethodCycle]
    levels: dict[int, list[MethodRowView]]
    document: str  # the printable document's path without its suffix


def method_page(
    table: MethodTable,
    cycles: list[MethodCycle],
    *,
    version: PlanVersion,
    base: str,
    catalogue: SdgCatalogue,
) -> MethodPage:
    english = base.startswith("/en/")
    known = plan_links(version, base)

    def row_view(row: MethodRow) -> MethodRowView:
        return MethodRowView(
            sdg_of(row.target or str(row.sdg_goal), catalogue, english=english),
            tuple(row.text(name) for name in LEVEL_FIELDS[row.level]),
            tuple(sdg_of(t, catalogue, english=english) for t in row.targets if _readable(t)),
            _links(row.plan_keys, known),
        )

    levels = {level: [row_view(r) for r in table.level(level)] for level in LEVELS}
    document = f"{base}method/{quote(table.cycle.key, safe='')}"
    return MethodPage(table, cycles, levels, document)


def _readable(code: str) -> bool:
    """A target code as stored: the catalogue's, or a slide form kept as written (`11.3a`)."""
    head = code.split(".")[0]
    return head.isascii() and head.isdigit()


@dataclass(frozen=True)
class ScoreView:
    sdg: Sdg
    importance: str
    influence: str
    scorers: int
    prioritised: bool
    low: bool


@dataclass(frozen=True)
class GapView:
    """A prioritised code no goal or strategy refers to, and the items that refer to its
    SDG as a whole."""

    score: ScoreView
    via_goal: list[PlanLink]


@dataclass(frozen=True)
class LowView:
    """A code scored low, and the goals and strategies that refer to it."""

    score: ScoreView
    items: list[PlanLink]


@dataclass(frozen=True)
class MaterialityPage:
    materiality: Materiality
    cycles: list[str]
    scores: list[ScoreView]  # every scored code, in SDG order
    prioritised: list[ScoreView]  # strongest first
    method: str  # the scale, aggregation and scorers in words
    rule: str  # when a code is prioritised, and when low
    gaps: list[GapView]
    lows: list[LowView]
    checked: bool  # a plan to check against
    chart: Chart | None


def materiality_page(
    materiality: Materiality,
    cycles: list[str],
    *,
    version: PlanVersion | None,
    base: str,
    catalogue: SdgCatalogue,
    municipality: str,
) -> MaterialityPage:
    """The scoring combined and prioritised, checked against `version` (the plan the site
    shows; None: no plan), and its matrix chart."""
    from sdgplan.reports.materiality_chart import materiality_chart

    english = base.startswith("/en/")
    combined = aggregate_scores(materiality.scores, materiality.method)
    chart = materiality_chart(materiality, combined, municipality=municipality, catalogue=catalogue)

    def score(a: Aggregated) -> ScoreView:
        return ScoreView(
            sdg_of(a.code, catalogue, english=english),
            number(a.importance, 1),
            number(a.influence, 1),
            a.scorers,
            a.prioritised,
            a.low,
        )

    gaps: list[GapView] = []
    lows: list[LowView] = []
    if version is not None:
        known = plan_links(version, base)
        check = check_plan(combined, version.items())
        gaps = [
            GapView(score(g.score), _links(_keys(g.via_goal), known)) for g in check.unreferenced
        ]
        lows = [
            LowView(score(low.score), _links(_keys(low.items), known))
            for low in check.low_referenced
        ]
    return MaterialityPage(
        materiality,
        cycles,
        [score(a) for a in combined],
        [score(a) for a in prioritised_scores(combined)],
        _method_text(materiality),
        _rule_text(materiality),
        gaps,
        lows,
        version is not None,
        chart,
    )


def _keys(items: Iterable[PlanItem]) -> list[str]:
    return [item.key for item in items if item.key]


def _method_text(materiality: Materiality) -> str:
    method = materiality.method
    scorers = materiality.scorers
    count = len(scorers)
    how = (
        ngettext("gjennomsnittet av {count} vurderer", "gjennomsnittet av {count} vurderere", count)
        if method.aggregation is Aggregation.MEAN
        else ngettext("medianen av {count} vurderer", "medianen av {count} vurderere", count)
    ).format(count=count)
    return _(
        "Hvert mål og delmål er vurdert på to akser, {importance} og {influence}, på en skala "
        "fra {low} til {high}. Vurderingene er slått sammen som {how}: {scorers}."
    ).format(
        importance=_("viktighet for interessentene"),
        influence=_("kommunens påvirkning"),
        low=_score(method.scale.minimum),
        high=_score(method.scale.maximum),
        how=how,
        scorers=", ".join(scorers),
    )


def _rule_text(materiality: Materiality) -> str:
    threshold = _score(materiality.method.priority_threshold)
    return _(
        "Prioritert: begge akser minst {threshold}. Lavt vurdert: begge akser under {threshold}."
    ).format(threshold=threshold)


def _score(value: float) -> str:
    """`3`, `2,5` (`2.5` in English): a point of the scale."""
    return number(value)


@dataclass(frozen=True)
class BenefitView:
    verdict: BenefitVerdict
    indicator: str  # the indicator's name ("" without one)
    indicator_href: str | None
    baseline: str
    current: str  # "4,2 (2022)"
    change: str
    expected: str


@dataclass(frozen=True)
class AreaView:
    key: str
    name: str
    benefits: list[BenefitView]
    rollup: RollUp


@dataclass(frozen=True)
class BenefitPlanView:
    assessment: BenefitAssessment
    areas: list[AreaView]


def benefit_plan_view(
    assessment: BenefitAssessment, *, indicators: dict[str, str], base: str
) -> BenefitPlanView:
    """`assessment` for the page; `indicators` are the names of the indicators the site has
    pages for, by key."""
    areas = []
    for result in assessment.areas:
        rows = [_benefit(v, indicators, base) for v in result.benefits]
        areas.append(AreaView(result.area.key, result.area.name, rows, result.rollup))
    return BenefitPlanView(assessment, areas)


def _benefit(verdict: BenefitVerdict, indicators: dict[str, str], base: str) -> BenefitView:
    key = verdict.benefit.indicator or ""
    change = verdict.change
    current = ""
    if change.current is not None:
        current = _("{value} ({year})").format(
            value=verdict.value_text(change.current), year=change.current.year
        )
    return BenefitView(
        verdict,
        indicators.get(key, key),
        f"{base}indicators/{quote(key, safe='')}" if key in indicators else None,
        verdict.value_text(change.baseline),
        current,
        verdict.change_text,
        verdict.expected_text,
    )
