"""The SDG view of the whole (issue 15, item 5; docs/method-tool.md, "The SDG view"): for
each of the 17 goals what the plan, the key figures and the method tool say about it.

Shared by the report and the web pages: `sdg_summaries` counts per goal (the overview
chart), `load_sdg_method` reads a municipality's method table, materiality and benefit plans
once, and `sdg_detail` picks one goal's part of them. Nothing here is HTML.

Which cycle: the method table's last stored cycle (by key), and the materiality of the same
cycle if it is scored, else the last scored cycle. A benefit belongs to an SDG when its
indicator is among the indicators of the SDG's roll-up (`assessment.rollup`: the indicators
of goals that refer to the SDG or one of its targets, as the SDG pages count them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from sdgplan.assessment.coverage import sdg_coverage
from sdgplan.assessment.rollup import Assessment, RollUp
from sdgplan.assessment.verdicts import Outcome
from sdgplan.benefits import BenefitVerdict, assess_benefit
from sdgplan.domain.benefits import BenefitPlan
from sdgplan.domain.display import format_number
from sdgplan.domain.indicators import Indicator, Observation
from sdgplan.domain.materiality import Aggregated, aggregate, code_order
from sdgplan.domain.method import MethodRow, MethodTable
from sdgplan.domain.plan import GoalLevel, PlanVersion
from sdgplan.domain.sdg import SDG_COLOURS, SdgGoal, SdgTarget
from sdgplan.reference import load_sdg_catalogue
from sdgplan.store import benefit_repo, materiality_repo, method_repo

OUTCOMES = tuple(Outcome)  # the order counts are written in: on track, watch, off, not assessed


@dataclass(frozen=True)
class SdgSummary:
    """One goal of the overview chart: its number, short name and official colour, how many
    plan goals and strategies refer to it (itself or a target), and its indicators' verdicts."""

    number: int
    name: str
    colour: str
    goal: SdgGoal
    goals: int
    strategies: int
    indicators: int
    outcomes: dict[str, int]  # Outcome value -> count
    rollup: RollUp | None

    @property
    def referred(self) -> bool:
        return bool(self.goals or self.strategies)


def sdg_summaries(
    version: PlanVersion, assessment: Assessment, *, lang: str = "nb"
) -> list[SdgSummary]:
    """All 17 goals in order, counted from the plan version and its assessment."""
    catalogue = load_sdg_catalogue()
    rollups = {r.name.split(" ")[0]: r for r in assessment.rollups if r.level == "sdg"}
    verdicts = {v.indicator.key: v for v in assessment.indicators}
    found = []
    for coverage in sdg_coverage(version, catalogue).goals:
        items = {i.path: i for i in coverage.direct}
        items |= {i.path: i for t in coverage.targets for i in t.items}
        strategies = sum(1 for i in items.values() if i.level is GoalLevel.STRATEGY)
        goal = coverage.goal
        rollup = rollups.get(str(goal.number))
        linked = [verdicts[k] for k in rollup.indicators if k in verdicts] if rollup else []
        found.append(
            SdgSummary(
                goal.number,
                _in(lang, goal.short_en, goal.short_nb),
                SDG_COLOURS[goal.number],
                goal,
                len(items) - strategies,
                strategies,
                len(linked),
                {o.value: sum(1 for v in linked if v.outcome is o) for o in OUTCOMES},
                rollup,
            )
        )
    return found


@dataclass(frozen=True)
class SdgMethod:
    """A municipality's method data for the SDG view, read once: the method table of the
    last cycle (None: none stored), the combined materiality scores, the benefit plans."""

    table: MethodTable | None = None
    materiality: tuple[Aggregated, ...] = ()
    materiality_cycle: str = ""
    materiality_illustrative: bool = False
    benefit_plans: tuple[BenefitPlan, ...] = ()

    @property
    def empty(self) -> bool:
        return self.table is None and not self.materiality and not self.benefit_plans


def load_sdg_method(session: Session, municipality: str) -> SdgMethod:
    """The method table, materiality and benefit plans of `municipality` (a few queries,
    whatever the number of goals and targets)."""
    cycles = method_repo.list_cycles(session, municipality)
    table = method_repo.find_method(session, municipality, cycles[-1].key) if cycles else None
    scored = materiality_repo.cycle_keys(session, municipality, scored=True)
    key = table.cycle.key if table is not None and table.cycle.key in scored else None
    key = key or (scored[-1] if scored else None)
    materiality = materiality_repo.load_materiality(session, municipality, key) if key else None
    combined = aggregate(materiality.scores, materiality.method) if materiality else []
    return SdgMethod(
        table,
        tuple(combined),
        materiality.cycle if materiality else "",
        bool(materiality and materiality.illustrative),
        tuple(benefit_repo.load_benefit_plans(session, municipality)),
    )


@dataclass(frozen=True)
class TargetDetail:
    """A target of the goal with what the method tool says about it: listed in the level-1
    significance, its level-2 and level-3 rows, its materiality."""

    code: str
    title: str
    significant: bool = False
    level_2: tuple[MethodRow, ...] = ()
    level_3: tuple[MethodRow, ...] = ()
    materiality: Aggregated | None = None
    target: SdgTarget | None = None  # None: a slide form kept as written (`11.3a`)

    def title_in(self, lang: str) -> str:
        return _in(lang, self.target.title_en, self.target.title_nb) if self.target else ""


@dataclass(frozen=True)
class BenefitLine:
    plan: BenefitPlan
    area: str
    verdict: BenefitVerdict


@dataclass
class SdgDetail:
    """One goal's part of the method data; empty parts are left out by the templates."""

    number: int
    significance: str = ""
    materiality_illustrative: bool = False
    goal_materiality: Aggregated | None = None  # the goal itself scored
    targets: list[TargetDetail] = field(default_factory=list)
    benefits: list[BenefitLine] = field(default_factory=list)
    plan_keys: tuple[str, ...] = ()  # plan goals and strategies the level-1 row became

    @property
    def by_code(self) -> dict[str, TargetDetail]:
        return {t.code: t for t in self.targets}

    @property
    def prioritised(self) -> list[TargetDetail]:
        return [t for t in self.targets if t.materiality and t.materiality.prioritised]

    @property
    def has_method(self) -> bool:
        return bool(self.significance or self.targets or self.goal_materiality)

    @property
    def empty(self) -> bool:
        return not (self.has_method or self.benefits)


def sdg_detail(
    number: int,
    method: SdgMethod,
    *,
    rollup: RollUp | None,
    indicators: list[Indicator],
    observations: list[Observation],
    area: str,
    year: int,
    lang: str = "nb",
) -> SdgDetail:
    """Goal `number`'s significance, targets with method rows and materiality, and the
    benefits measured by indicators of its roll-up, judged in `year` on `area`'s figures."""
    catalogue = load_sdg_catalogue()
    detail = SdgDetail(number)
    table = method.table
    listed: tuple[str, ...] = ()
    rows: list[MethodRow] = []
    if table is not None:
        rows = [r for r in table.rows if r.sdg_goal == number]
        first = next((r for r in rows if r.level == 1), None)
        if first is not None:
            detail.significance = first.text("significance")
            listed = first.targets
            detail.plan_keys = first.plan_keys
    scores = {a.code: a for a in method.materiality if a.sdg_goal == number}
    detail.goal_materiality = scores.pop(str(number), None)
    detail.materiality_illustrative = method.materiality_illustrative and bool(
        scores or detail.goal_materiality
    )
    codes = {*listed, *scores, *(r.target for r in rows if r.level > 1 and r.target)}
    for code in sorted(codes, key=_order):
        target = catalogue.targets.get(code)
        detail.targets.append(
            TargetDetail(
                code,
                _in(lang, target.title_en, target.title_nb) if target else "",
                code in listed,
                tuple(r for r in rows if r.level == 2 and r.target == code),
                tuple(r for r in rows if r.level == 3 and r.target == code),
                scores.get(code),
                target,
            )
        )
    detail.benefits = _benefits(method, rollup, indicators, observations, area=area, year=year)
    return detail


def _benefits(
    method: SdgMethod,
    rollup: RollUp | None,
    indicators: list[Indicator],
    observations: list[Observation],
    *,
    area: str,
    year: int,
) -> list[BenefitLine]:
    keys = set(rollup.indicators) if rollup else set()
    if not keys or not method.benefit_plans:
        return []
    by_key = {i.key: i for i in indicators}
    own = [o for o in observations if o.area == area and not o.breakdown and o.indicator in keys]
    found = []
    for plan in method.benefit_plans:
        for benefit_area in plan.areas:
            for benefit in benefit_area.benefits:
                if benefit.indicator not in keys:
                    continue
                figures = [o for o in own if o.indicator == benefit.indicator]
                judged = assess_benefit(
                    plan, benefit, by_key.get(benefit.indicator), figures, year=year
                )
                found.append(BenefitLine(plan, benefit_area.name, judged))
    return found


def _order(code: str) -> tuple[int, int, str]:
    try:
        return code_order(code)
    except ValueError:  # a slide form kept as written (`11.3a`): after the goal's targets
        return int(code.split(".")[0]), 2000, code


def _in(lang: str, english: str, norwegian: str) -> str:
    return (english or norwegian) if lang == "en" else (norwegian or english)


def score_text(value: float, lang: str) -> str:
    """A materiality score as written: `4`, `4,5`, `3,67` (`4.5` in English)."""
    decimals = 0 if value == int(value) else (1 if round(value, 1) == value else 2)
    return format_number(value, decimals, locale="en_GB" if lang == "en" else "nb_NO")


@dataclass
class SdgView:
    """The report's SDG view: the overview of all 17 goals and, for each goal the plan
    refers to (or the method table gives a significance), its detail."""

    summaries: list[SdgSummary] = field(default_factory=list)
    details: dict[int, SdgDetail] = field(default_factory=dict)

    @property
    def shown(self) -> list[tuple[SdgSummary, SdgDetail]]:
        return [(s, self.details[s.number]) for s in self.summaries if s.number in self.details]


def sdg_view(
    session: Session,
    *,
    municipality: str,
    version: PlanVersion,
    assessment: Assessment,
    indicators: list[Indicator],
    observations: list[Observation],
) -> SdgView:
    """The SDG view of a report on `assessment` (judged in its year, on `observations`)."""
    method = load_sdg_method(session, municipality)
    summaries = sdg_summaries(version, assessment)
    details = {}
    for summary in summaries:
        detail = sdg_detail(
            summary.number,
            method,
            rollup=summary.rollup,
            indicators=indicators,
            observations=observations,
            area=municipality,
            year=assessment.year,
        )
        if summary.referred or detail.significance:
            details[summary.number] = detail
    return SdgView(summaries, details)
