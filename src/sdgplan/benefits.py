"""Use cases of benefit realisation (issue 15): import a benefit plan, assess it on the
indicators and observations already stored, export it again.

A benefit is judged as a key figure is (`assessment.verdicts.assess_indicator`), with its
indicator's progress measured from the plan's baseline year and, where the benefit has an
expected value, that value as the target in place of the indicator's own rules; the reason
starts with the change from the baseline. A benefit without a baseline value is "Ikke målt",
never a zero. Areas are rolled up as focus areas are (`assessment.rollup`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.orm import Session

from sdgplan.assessment.reasons import Number, Quantity, Reason, ReasonPart, part, render_reason
from sdgplan.assessment.rollup import RollUp, _roll_up
from sdgplan.assessment.trend import TREND_LABELS, TrendStatus
from sdgplan.assessment.verdicts import (
    MISSING_LABELS,
    NO_VALUE,
    OUTCOME_LABELS,
    IndicatorVerdict,
    Outcome,
    assess_indicator,
    yearly_series,
)
from sdgplan.domain.benefits import (
    CHANGE_STATUS_LABELS,
    Benefit,
    BenefitArea,
    BenefitChange,
    BenefitPlan,
    ChangeStatus,
    Measurement,
    measure_change,
)
from sdgplan.domain.indicators import Indicator, Observation, ObservationStatus
from sdgplan.domain.issues import Issue, has_errors
from sdgplan.domain.plan import Municipality
from sdgplan.domain.rules import ProgressOptions, Target
from sdgplan.errors import InvalidData, NotFound
from sdgplan.i18n import N_, _
from sdgplan.importers.base import read_text
from sdgplan.importers.benefits_yaml import benefit_plan_yaml, read_benefit_plan
from sdgplan.importers.yaml_nodes import declared_municipality
from sdgplan.store import benefit_repo, indicator_repo, plan_repo

SINCE_BASELINE = N_("Endring fra nullpunktet {baseline_year} til {year}: {change}")
# The bundled example's files (examples/asker/README.md).
EXAMPLE_FILES = ("benefits-2019.yaml",)


@dataclass(frozen=True)
class BenefitImport:
    municipality: Municipality
    plan: BenefitPlan
    changed: bool
    issues: tuple[Issue, ...] = ()


def import_benefit_file(
    session: Session, path: Path, *, municipality: str | None = None, who: str = "unknown"
) -> BenefitImport:
    """Read `path` (`sdgplan-benefits` YAML) and store its plan in place of the stored plan
    with the same key. Every benefit's indicator must be stored for the municipality. Raises
    InvalidData, saving nothing, when the file has errors."""
    from sdgplan.loading import Declared, resolve_municipality  # loading imports this module

    text = read_text(path)
    found = declared_municipality(text)
    declared = Declared(found[0], path, found[1]) if found else None
    owner = resolve_municipality(session, municipality, declared)
    known = {i.key for i in indicator_repo.load_indicator_set(session, owner.number).indicators}
    parsed = read_benefit_plan(text, source=str(path), indicators=known)
    if parsed.data is None or has_errors(parsed.issues):
        raise InvalidData(_("{path}: ingenting er lagret").format(path=path), issues=parsed.issues)
    plan_repo.ensure_municipality(session, owner)
    changed = benefit_repo.save_benefit_plan(
        session, owner.number, parsed.data, who=who, source=str(path)
    )
    return BenefitImport(owner, parsed.data, changed, tuple(parsed.issues))


@dataclass(frozen=True)
class BenefitVerdict:
    """A benefit's realised change and its verdict: `verdict` is the key-figure assessment
    of its indicator (with the outcome "not assessed" when the change is not measured)."""

    benefit: Benefit
    change: BenefitChange
    expected_year: int | None
    verdict: IndicatorVerdict
    reason: Reason
    change_part: ReasonPart | None = None  # the change as the reason words it

    @property
    def outcome(self) -> Outcome:
        return self.verdict.outcome

    @property
    def label(self) -> str:
        """The verdict in the current language: "I rute", ..., or why it is not measured."""
        if self.change.status is ChangeStatus.MEASURED:
            return _(OUTCOME_LABELS[self.outcome])
        return _(CHANGE_STATUS_LABELS[self.change.status])

    @property
    def reason_text(self) -> str:
        return render_reason(self.reason)

    @property
    def change_text(self) -> str:
        """The change in the current language (`økning på 8 (bedring)`), or ""."""
        return self.change_part.text() if self.change_part is not None else ""

    def value_text(self, measured: Measurement | None) -> str:
        """A value with the indicator's unit in the current language, or ""."""
        if measured is None:
            return ""
        return Quantity(measured.value, measured.decimals, self.verdict.indicator.unit).text()

    @property
    def expected_text(self) -> str:
        """`4,4 i 2023`, or ""."""
        expected = self.benefit.expected
        if expected is None:
            return ""
        decimals = max(-expected.as_tuple().exponent, 0)  # type: ignore[operator]
        value = Quantity(float(expected), decimals, self.verdict.indicator.unit).text()
        if self.expected_year is None:
            return value
        return _("{value} i {year}").format(value=value, year=self.expected_year)


@dataclass(frozen=True)
class AreaResult:
    area: BenefitArea
    benefits: tuple[BenefitVerdict, ...]
    rollup: RollUp


@dataclass(frozen=True)
class BenefitAssessment:
    plan: BenefitPlan
    year: int
    areas: tuple[AreaResult, ...]


def assess_benefit_plan(
    plan: BenefitPlan,
    indicators: list[Indicator],
    observations: list[Observation],
    *,
    area: str,
    year: int | None = None,
) -> BenefitAssessment:
    """Every benefit of `plan` judged in `year` (default: the latest year with a measured
    value of one of its indicators) on the observations of `area` (the municipality's own,
    without breakdowns, as key figures are), and each target area rolled up."""
    by_key = {i.key: i for i in indicators}
    own: dict[str, list[Observation]] = {}
    for o in observations:
        if o.area == area and not o.breakdown:
            own.setdefault(o.indicator, []).append(o)
    year = year or _latest_year(plan, own)
    results = []
    for benefit_area in plan.areas:
        verdicts = tuple(
            assess_benefit(
                plan, b, by_key.get(b.indicator or ""), own.get(b.indicator or "", []), year=year
            )
            for b in benefit_area.benefits
        )
        rollup = _roll_up(
            "benefit_area", benefit_area.name, plan.title, [v.verdict for v in verdicts]
        )
        results.append(AreaResult(benefit_area, verdicts, rollup))
    return BenefitAssessment(plan, year, tuple(results))


def _latest_year(plan: BenefitPlan, own: dict[str, list[Observation]]) -> int:
    years = [
        y
        for b in plan.benefits
        for y, o in yearly_series(own.get(b.indicator or "", [])).items()
        if o.status is ObservationStatus.MEASURED and o.value is not None
    ]
    return max(years, default=dt.date.today().year)


def assess_benefit(
    plan: BenefitPlan,
    benefit: Benefit,
    indicator: Indicator | None,
    observations: list[Observation],
    *,
    year: int,
) -> BenefitVerdict:
    """One benefit in `year` from its indicator's observations (one area, no breakdown)."""
    expected_year = plan.expected_year(benefit)
    if indicator is None:
        stand_in = Indicator(benefit.indicator or benefit.key, benefit.text)
        verdict = assess_indicator(stand_in, [], year=year)
        why = (
            part(N_("Indikatoren «{key}» finnes ikke"), key=benefit.indicator)
            if benefit.indicator
            else part(N_("Gevinsten har ingen indikator"))
        )
        change = BenefitChange(ChangeStatus.NO_INDICATOR)
        return BenefitVerdict(benefit, change, expected_year, verdict, ((why,),))
    by_year = yearly_series(observations)
    series = {y: _measurement(o) for y, o in by_year.items()}
    change = measure_change(series, baseline_year=plan.baseline_year, year=year)
    judged = _as_benefit(indicator, plan, benefit, expected_year)
    verdict = assess_indicator(judged, observations, year=year)
    if change.current is not None:
        what = _change_part(change, indicator)
        since = part(
            SINCE_BASELINE, baseline_year=plan.baseline_year, year=change.current.year, change=what
        )
        reason = ((since,), *verdict.reason)
        return BenefitVerdict(benefit, change, expected_year, verdict, reason, what)
    verdict = replace(verdict, outcome=Outcome.NOT_ASSESSED)
    name = indicator.name
    baseline = change.baseline
    if baseline is None:
        status = by_year[plan.baseline_year].status if plan.baseline_year in by_year else None
        missing = MISSING_LABELS.get(status, NO_VALUE) if status else NO_VALUE
        why = part(
            N_("{name} har ingen målt verdi i nullpunktsåret {year} ({missing})"),
            name=name,
            year=plan.baseline_year,
            missing=part(missing),
        )
    else:
        why = part(
            N_(
                "{name} {value} i nullpunktsåret {baseline_year}; ingen måling etter det til "
                "og med {year}"
            ),
            name=name,
            value=Quantity(baseline.value, baseline.decimals, indicator.unit),
            baseline_year=baseline.year,
            year=year,
        )
    return BenefitVerdict(benefit, change, expected_year, verdict, ((why,),))


def _measurement(o: Observation) -> Measurement | None:
    if o.status is not ObservationStatus.MEASURED or o.value is None:
        return None
    return Measurement(int(o.period), o.value, o.decimals or 0)


def _as_benefit(
    indicator: Indicator, plan: BenefitPlan, benefit: Benefit, expected_year: int | None
) -> Indicator:
    """The indicator as the benefit judges it: progress from the baseline year, and the
    expected value (if any) as the target instead of the indicator's own rules."""
    progress = ProgressOptions(base_year=plan.baseline_year, limit=indicator.progress.limit)
    if benefit.expected is None or expected_year is None:
        return replace(indicator, progress=progress)
    target = Target(year=expected_year, value=float(benefit.expected))
    return replace(indicator, threshold=None, bands=None, target=target, progress=progress)


def _change_part(change: BenefitChange, indicator: Indicator) -> ReasonPart:
    """`økning på 8 (bedring)`, `nedgang på 0,3 prosentpoeng (forverring)`, `uendret`."""
    amount = change.change or 0.0
    size: Number | Quantity = (
        Number(abs(amount), change.decimals)
        if indicator.unit == "%"
        else Quantity(abs(amount), change.decimals, indicator.unit)
    )
    if not amount:
        what = part(N_("uendret"))
    elif indicator.unit == "%":
        message = (
            N_("økning på {amount} prosentpoeng")
            if amount > 0
            else N_("nedgang på {amount} prosentpoeng")
        )
        what = part(message, amount=size)
    else:
        message = N_("økning på {amount}") if amount > 0 else N_("nedgang på {amount}")
        what = part(message, amount=size)
    direction = indicator.direction.value if indicator.direction else None
    improved = change.improved(direction)
    if improved is not None:
        label = TREND_LABELS[TrendStatus.IMPROVING if improved else TrendStatus.WORSENING]
        what = part(N_("{change} ({judgement})"), change=what, judgement=part(label))
    return what


def benefit_assessments(
    session: Session,
    *,
    municipality: str | None = None,
    plan: str | None = None,
    year: int | None = None,
) -> tuple[Municipality, list[BenefitAssessment]]:
    """The municipality's stored plans (or the one keyed `plan`) assessed on its stored
    indicators and observations (shared series included)."""
    owner, plans = _plans(session, municipality, plan)
    indicators = indicator_repo.load_indicator_set(session, owner.number).indicators
    observations = indicator_repo.load_observations(session, owner.number)
    return owner, [
        assess_benefit_plan(p, indicators, observations, area=owner.number, year=year)
        for p in plans
    ]


def export_benefit_plan(
    session: Session, *, municipality: str | None = None, plan: str | None = None
) -> str:
    """One stored plan as `sdgplan-benefits` YAML; `plan` is needed when there are several."""
    owner, plans = _plans(session, municipality, plan)
    if len(plans) > 1:
        raise NotFound(
            _("{municipality} har flere gevinstplaner").format(municipality=owner.name),
            hint=_("Velg en med --plan: {keys}").format(keys=", ".join(p.key for p in plans)),
        )
    return benefit_plan_yaml(plans[0], municipality=owner.number)


def _plans(
    session: Session, municipality: str | None, key: str | None
) -> tuple[Municipality, list[BenefitPlan]]:
    from sdgplan.loading import resolve_municipality

    owner = resolve_municipality(session, municipality)
    plans = benefit_repo.load_benefit_plans(session, owner.number)
    if not plans:
        raise NotFound(
            _("{municipality} har ingen gevinstplan").format(municipality=owner.name),
            hint=_("Importer en: sdgplan benefits import FIL"),
        )
    if key is None:
        return owner, plans
    chosen = [p for p in plans if p.key == key]
    if not chosen:
        raise NotFound(
            _("Ukjent gevinstplan «{key}»").format(key=key),
            hint=_("Lagrede planer: {keys}").format(keys=", ".join(p.key for p in plans)),
        )
    return owner, chosen


def load_benefits_example(
    session: Session, folder_path: Path, municipality: str, who: str
) -> dict[str, int]:
    """Load an example's benefit plans (`EXAMPLE_FILES` found in `folder_path`); counts."""
    count = 0
    for name in EXAMPLE_FILES:
        path = folder_path / name
        if path.exists():
            import_benefit_file(session, path, municipality=municipality, who=who)
            count += 1
    return {"benefit_plans": count}
