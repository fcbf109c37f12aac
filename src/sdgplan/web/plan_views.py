"""What the plan pages show: reporting status and progress, the plan and its stored versions,
the diff between proposal and adopted, thematic plans. Plain values for the templates, gathered
from `plan_data`, the store's repositories and the report helpers; no SQL and no HTML."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from babel.dates import format_date
from sqlalchemy.orm import Session

from sdgplan.assessment.rollup import RollUp
from sdgplan.assessment.verdicts import OUTCOME_SCORE, IndicatorVerdict, Outcome
from sdgplan.domain.display import format_number
from sdgplan.domain.indicators import Indicator, ThematicPlan, ThematicPlanStatus
from sdgplan.domain.plan import FocusArea, Plan, PlanVersion, VersionKind
from sdgplan.domain.plan_diff import FOCUS_AREA, ItemChange, PlanDiff, diff_plan
from sdgplan.domain.plan_keys import fresh_slug
from sdgplan.errors import NotFound
from sdgplan.i18n import N_, _
from sdgplan.plan_data import assess
from sdgplan.reports.figure_years import figure_years
from sdgplan.reports.model import sdg_overview
from sdgplan.reports.plan_diff import COUNT_LABELS, groups
from sdgplan.store import indicator_repo, plan_repo
from sdgplan.web.page_views import Site

DATE_LOCALES = {"nb": "nb_NO", "en": "en_GB"}


def long_date(value: dt.date, lang: str) -> str:
    """`8. september 2020` on Norwegian pages, `8 September 2020` on English ones."""
    return str(format_date(value, format="long", locale=DATE_LOCALES.get(lang, "nb_NO")))


# --- /status: reporting status and progress ---------------------------------------------


@dataclass(frozen=True)
class StatusRow:
    """The key figures of a focus area, an SDG or the whole plan, counted for one year."""

    label: str
    link: str  # the path after the site's base, "" for the total
    indicators: int
    with_value: int  # a measured value for the year (no breakdown)
    with_goalposts: int  # a threshold, bands or a target to judge against
    counts: dict[str, int]  # Outcome value -> indicators
    local_goals: int = 0  # SDG rows: goals of the plan that refer to the SDG

    @property
    def assessed(self) -> int:
        return self.indicators - self.counts.get(Outcome.NOT_ASSESSED.value, 0)

    @property
    def coverage(self) -> str:
        """The share with a value for the year, as Norwegians write it (`62,5 %`)."""
        if not self.indicators:
            return "–"
        return f"{format_number(100 * self.with_value / self.indicators, 1)} %"


@dataclass(frozen=True)
class AreaProgress:
    area: FocusArea
    rollup: RollUp | None
    verdicts: list[IndicatorVerdict]


@dataclass(frozen=True)
class VerdictChange:
    """An indicator whose verdict is not what it was the year before."""

    before: IndicatorVerdict
    after: IndicatorVerdict

    @property
    def indicator(self) -> Indicator:
        return self.after.indicator

    @property
    def direction(self) -> str:
        """better, worse, newly_assessed or no_longer_assessed."""
        old, new = OUTCOME_SCORE.get(self.before.outcome), OUTCOME_SCORE.get(self.after.outcome)
        if old is None:
            return "newly_assessed"
        if new is None:
            return "no_longer_assessed"
        return "better" if new > old else "worse"


DIRECTION_LABELS = {
    "better": N_("bedre"),
    "worse": N_("dårligere"),
    "newly_assessed": N_("nå vurdert"),
    "no_longer_assessed": N_("ikke lenger vurdert"),
}


@dataclass(frozen=True)
class StatusPage:
    year: int
    previous_year: int
    areas: list[StatusRow]
    total: StatusRow
    sdgs: list[StatusRow]
    progress: list[AreaProgress]
    changes: list[VerdictChange]

    @property
    def changes_by_direction(self) -> dict[str, int]:
        counts = dict.fromkeys(DIRECTION_LABELS, 0)
        for change in self.changes:
            counts[change.direction] += 1
        return counts


def status_view(site: Site) -> StatusPage:
    """Per focus area and per SDG: the key figures, how many have a value for the assessed
    year and something to be judged against, their verdicts; and which verdicts changed
    since the year before (the plan assessed again for that year)."""
    data, assessment = site.data, site.assessment
    year = assessment.year
    measured = figure_years(data.indicators, data.observations, area=data.number).measured
    with_value = measured.get(year, set())
    verdicts = {v.indicator.key: v for v in assessment.indicators}

    def row(label: str, link: str, keys: tuple[str, ...], local_goals: int = 0) -> StatusRow:
        found = [verdicts[k] for k in dict.fromkeys(keys) if k in verdicts]
        return StatusRow(
            label,
            link,
            len(found),
            sum(1 for v in found if v.indicator.key in with_value),
            sum(1 for v in found if _has_goalposts(v.indicator)),
            {o.value: sum(1 for v in found if v.outcome is o) for o in Outcome},
            local_goals,
        )

    areas, progress = [], []
    for area in site.focus_areas:
        rollup = site.rollup("focus_area", area.name)
        keys = rollup.indicators if rollup else ()
        areas.append(row(area.name, f"focus-areas/{area.key}", keys))
        progress.append(AreaProgress(area, rollup, [verdicts[k] for k in keys]))
    sdgs = [
        row(
            f"{r.goal.number} {r.goal.short_en if site.lang == 'en' else r.goal.short_nb}",
            f"sdgs/{r.goal.number}",
            tuple(v.indicator.key for v in r.indicators),
            len(r.local_goals),
        )
        for r in sdg_overview(data.version, assessment)
    ]
    before = {v.indicator.key: v for v in assess(data, year=year - 1).indicators}
    changes = [
        VerdictChange(before[v.indicator.key], v)
        for v in assessment.indicators
        if v.indicator.key in before and before[v.indicator.key].outcome is not v.outcome
    ]
    total = row(_("Alle satsingsområder"), "", tuple(verdicts))
    return StatusPage(year, year - 1, areas, total, sdgs, progress, changes)


def _has_goalposts(indicator: Indicator) -> bool:
    return any(x is not None for x in (indicator.threshold, indicator.bands, indicator.target))


# --- /plan and /plan/versions/{key} -----------------------------------------------------


@dataclass(frozen=True)
class VersionLink:
    """A stored version of one of the municipality's plans, with its key in the URL."""

    key: str
    title: str
    kind: VersionKind
    date: dt.date | None
    shown: bool  # the version the other pages show (the adopted one when stored)


def version_links(session: Session, site: Site) -> list[VersionLink]:
    """The municipality's stored plan versions, keyed `{kind}-{slug of the title}`
    (`adopted-kommuneplanens-samfunnsdel-2020-2032`); a title whose slug another title of the
    same kind already has gets `-2`, `-3` in title order. Proposal before adopted."""
    summaries = sorted(
        (p for p in plan_repo.list_plans(session) if p.municipality == site.data.number),
        key=lambda p: (p.title, p.version is VersionKind.ADOPTED),
    )
    taken: dict[VersionKind, set[str]] = {kind: set() for kind in VersionKind}
    links = []
    for summary in summaries:
        slug = fresh_slug(summary.title, taken[summary.version])
        taken[summary.version].add(slug)
        shown = summary.title == site.data.plan.title and summary.version is site.data.version.kind
        links.append(
            VersionLink(
                f"{summary.version.value}-{slug}",
                summary.title,
                summary.version,
                summary.date,
                shown,
            )
        )
    return links


@dataclass(frozen=True)
class PlanPage:
    plan: Plan
    version: PlanVersion
    current: VersionLink | None
    versions: list[VersionLink]
    linked: set[str]  # keys of focus areas and goals with a page: those the site shows
    dates: dict[str, str] = field(default_factory=dict)  # version key -> date as written

    @property
    def counts(self) -> dict[str, int]:
        return {str(level): n for level, n in self.version.counts().items()}


def plan_view(session: Session, site: Site, key: str | None = None) -> PlanPage:
    """The version `key` (default: the one the site shows) with its hierarchy."""
    versions = version_links(session, site)
    if key is None:
        current = next((v for v in versions if v.shown), None)
        plan, version = site.data.plan, site.data.version
    else:
        current = next((v for v in versions if v.key == key), None)
        if current is None:
            raise NotFound(_("Ukjent planversjon «{key}»").format(key=key))
        plan, version = _load(session, site, current)
    return PlanPage(
        plan,
        version,
        current,
        versions,
        {a.key for a in site.focus_areas} | {g.key for _a, g in site.data.version.goals()},
        {v.key: long_date(v.date, site.lang) for v in versions if v.date},
    )


def _load(session: Session, site: Site, link: VersionLink) -> tuple[Plan, PlanVersion]:
    if link.shown:
        return site.data.plan, site.data.version
    return plan_repo.load_plan_version(
        session, municipality=site.data.number, version=link.kind, title=link.title
    )


# --- /plan/diff ---------------------------------------------------------------------------

LEVEL_LABELS = {
    FOCUS_AREA: N_("Satsingsområde"),
    "main_goal": N_("Hovedmål"),
    "goal": N_("Delmål"),
    "strategy": N_("Strategi"),
}


@dataclass(frozen=True)
class DiffPage:
    plan: Plan
    versions: list[VersionLink]  # of the plan the site shows
    diff: PlanDiff | None  # None when the plan lacks the proposal or the adopted version
    groups: list[tuple[str, list[ItemChange]]]
    counts: list[tuple[str, int]]  # (label in the current language, number)
    dates: dict[str, str] = field(default_factory=dict)


def diff_view(session: Session, site: Site) -> DiffPage:
    """What changed from the proposal to the adopted version of the plan the site shows."""
    plan = site.data.plan
    versions = [v for v in version_links(session, site) if v.title == plan.title]
    by_kind = {v.kind: v for v in versions}
    dates = {v.key: long_date(v.date, site.lang) for v in versions if v.date}
    if len(by_kind) < 2:
        return DiffPage(plan, versions, None, [], [], dates)
    old = _load(session, site, by_kind[VersionKind.PROPOSAL])[1]
    new = _load(session, site, by_kind[VersionKind.ADOPTED])[1]
    diff = diff_plan(old, new)
    counts = [(_(COUNT_LABELS[name]), n) for name, n in diff.counts().items()]
    return DiffPage(plan, versions, diff, groups(diff), counts, dates)


# --- /thematic-plans ----------------------------------------------------------------------


@dataclass(frozen=True)
class ThematicPlanView:
    plan: ThematicPlan
    adopted: str  # the date as written in the page's language, "" when planned

    @property
    def is_adopted(self) -> bool:
        return self.plan.status is ThematicPlanStatus.ADOPTED


def thematic_plans_view(session: Session, site: Site) -> list[ThematicPlanView]:
    return [
        ThematicPlanView(plan, long_date(plan.adopted, site.lang) if plan.adopted else "")
        for plan in indicator_repo.load_thematic_plans(session, site.data.number)
    ]
