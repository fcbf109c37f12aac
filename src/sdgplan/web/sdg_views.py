"""What the SDG overview page (`/{lang}/sdgs`) and the method parts of an SDG page show
(issue 15, item 5), from `sdgplan.reports.sdg_overview`: plain values, no SQL of their own
beyond `load_sdg_method`'s few queries per page."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from sdgplan.domain.plan import Goal
from sdgplan.reports.sdg_overview import (
    BenefitLine,
    SdgDetail,
    SdgSummary,
    load_sdg_method,
    sdg_detail,
    sdg_summaries,
)
from sdgplan.web.page_views import SdgCitation, Site


@dataclass(frozen=True)
class SdgOverviewPage:
    summaries: list[SdgSummary]

    @property
    def referred(self) -> int:
        return sum(1 for s in self.summaries if s.referred)

    @property
    def indicators(self) -> int:
        return sum(s.indicators for s in self.summaries)


def overview_view(site: Site) -> SdgOverviewPage:
    return SdgOverviewPage(sdg_summaries(site.data.version, site.assessment, lang=site.lang))


@dataclass(frozen=True)
class SdgMethodView:
    """The method tool's part of an SDG page: the detail, the plan goals (by key) its
    level-1 row became, and its benefits by the plan goals whose indicators measure them."""

    detail: SdgDetail
    became: list[Goal]
    benefits_by_goal: dict[str, list[BenefitLine]] = field(default_factory=dict)

    def benefits_of(self, citations: list[SdgCitation]) -> list[BenefitLine]:
        """The benefits measured by indicators of the goals citing a target (itself or
        through its strategies), each once."""
        found: dict[int, BenefitLine] = {}
        for citation in citations:
            for line in self.benefits_by_goal.get(citation.goal.key or "", []):
                found.setdefault(id(line), line)
        return list(found.values())


def sdg_method_view(session: Session, site: Site, number: int) -> SdgMethodView:
    method = load_sdg_method(session, site.data.number)
    rollup = next(
        (
            r
            for r in site.assessment.rollups
            if r.level == "sdg" and r.name.split(" ")[0] == str(number)
        ),
        None,
    )
    detail = sdg_detail(
        number,
        method,
        rollup=rollup,
        indicators=site.data.indicators.indicators,
        observations=site.data.observations,
        area=site.data.number,
        year=site.assessment.year,
        lang=site.lang,
    )
    goals = {
        key: goal
        for _area, goal in site.data.version.goals()
        for key in (goal.key, *(s.key for s in goal.strategies))
        if key
    }
    became = list({id(g): g for k in detail.plan_keys if (g := goals.get(k))}.values())
    measured_goals = {
        i.key: [ref.key for ref in i.goals if ref.key] for i in site.data.indicators.indicators
    }
    by_goal: dict[str, list[BenefitLine]] = {}
    for line in detail.benefits:
        for key in measured_goals.get(line.verdict.benefit.indicator or "", []):
            by_goal.setdefault(key, []).append(line)
    return SdgMethodView(detail, became, by_goal)
