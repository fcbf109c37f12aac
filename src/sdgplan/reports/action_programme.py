"""The action programme document (issue 14 item 7): what it shows of one programme period and
version, gathered from the planning cycle's services. Every part but the programme itself may
be missing (a municipality with only a programme gets only its parts); amounts are shown in
mill. kr, formatted the Norwegian way (`-12,5`). Rendered by `action_programme_render`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.orm import Session

from sdgplan import programme as programmes
from sdgplan.climate import climate_budget
from sdgplan.domain.calendar import CalendarEvent, EventKind
from sdgplan.domain.climate import STATUS_LABELS, Basis, BudgetYear
from sdgplan.domain.display import format_number
from sdgplan.domain.plan import Municipality, PlanVersion
from sdgplan.domain.programme import (
    MILLION,
    Amounts,
    Measure,
    MeasureKind,
    Period,
    Programme,
    ProgrammeVersion,
)
from sdgplan.domain.references import ReferenceKind
from sdgplan.domain.sdg import SdgGoal
from sdgplan.errors import NotFound
from sdgplan.i18n import N_, _, current_language, use_language
from sdgplan.loading import resolve_municipality
from sdgplan.political_calendar import calendar_events
from sdgplan.reference import load_sdg_catalogue
from sdgplan.reports.charts import Chart
from sdgplan.reports.climate_chart import climate_chart
from sdgplan.reports.climate_table import (
    percent,
    reference_emissions,
    target_text,
    year_cells,
)
from sdgplan.reports.model import anchor
from sdgplan.reports.programme_chart import service_area_shares_chart
from sdgplan.reports.settings import ReportSettings
from sdgplan.store import plan_repo

KIND = "action-programme"
KIND_LABELS = {
    MeasureKind.NEW: N_("Nytt tiltak"),
    MeasureKind.DEMOGRAPHY: N_("Demografijustering"),
    MeasureKind.RESTRUCTURING: N_("Omstilling og effektivisering"),
    MeasureKind.PRICE_WAGE: N_("Pris- og lønnsvekst"),
}


def millions(amount: Decimal) -> str:
    """NOK in mill. kr with the decimals it needs: `-40`, `22,5`, `0,02`."""
    value = amount / MILLION
    decimals = next((d for d in (0, 1) if value == round(value, d)), 2)
    return format_number(float(value), decimals)


@dataclass(frozen=True)
class GoalLink:
    """A goal or strategy of the plan as the document refers to it: its number (`2.3`)."""

    path: str
    text: str
    anchor: str | None  # None: a key the stored plan does not have


@dataclass(frozen=True)
class FocusAreaGoals:
    name: str
    path: str
    sdg_goals: tuple[SdgGoal, ...]
    main_goal: GoalLink | None
    goals: tuple[GoalLink, ...]


@dataclass(frozen=True)
class AmountRow:
    """A row of amounts, one cell per year of the period (and its total if asked)."""

    label: str
    cells: tuple[str, ...]
    kind: str = ""
    goals: tuple[GoalLink, ...] = ()


@dataclass(frozen=True)
class ServiceAreaPart:
    name: str
    anchor: str
    frame: AmountRow
    measures: tuple[AmountRow, ...]
    staff: str | None


@dataclass(frozen=True)
class InvestmentPart:
    row: AmountRow
    service_area: str | None
    financing: tuple[AmountRow, ...]


@dataclass(frozen=True)
class RuleCell:
    value: str
    kept: bool | None


@dataclass(frozen=True)
class RuleRow:
    name: str
    threshold: str
    cells: tuple[RuleCell, ...]


@dataclass(frozen=True)
class ClimatePart:
    chart: Chart | None
    target: str | None
    rows: tuple[tuple[str, ...], ...]  # year, emissions, ceiling, projection, gap, change
    measures: tuple[tuple[str, ...], ...]  # name, effect, years, owner, status
    illustrative: bool


@dataclass
class ActionProgramme:
    """The document's model: every list may be empty and its section is then left out."""

    municipality: Municipality
    programme: Programme
    version: ProgrammeVersion
    goals: list[FocusAreaGoals] = field(default_factory=list)
    service_areas: list[ServiceAreaPart] = field(default_factory=list)
    frames_total: AmountRow | None = None
    common_measures: list[AmountRow] = field(default_factory=list)  # for the whole municipality
    shares_chart: Chart | None = None
    staff_years: list[int] = field(default_factory=list)
    staff: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    investments: list[InvestmentPart] = field(default_factory=list)
    investments_total: AmountRow | None = None
    focus_area_money: list[AmountRow] = field(default_factory=list)
    sdg_money: list[AmountRow] = field(default_factory=list)
    unlinked_money: AmountRow | None = None
    rules: list[RuleRow] = field(default_factory=list)
    restructuring: AmountRow | None = None  # this version's restructuring per year
    earlier_restructuring: list[tuple[str, str]] = field(default_factory=list)
    earlier_restructuring_total: str = ""
    climate: ClimatePart | None = None
    calendar_year: int = 0
    calendar: list[CalendarEvent] = field(default_factory=list)
    settings: ReportSettings = field(default_factory=ReportSettings)
    generated: dt.date = field(default_factory=dt.date.today)

    @property
    def period(self) -> Period:
        return self.programme.period

    @property
    def years(self) -> range:
        return self.programme.period.years

    @property
    def title(self) -> str:
        return self.settings.title or self.programme.title

    def charts(self) -> list[Chart]:
        climate = self.climate.chart if self.climate else None
        return [c for c in (self.shares_chart, climate) if c is not None]


def build_action_programme(
    session: Session,
    *,
    municipality: str | None = None,
    period: str | None = None,
    version: str | None = None,
    lang: str = "nb",
    settings: ReportSettings | None = None,
) -> ActionProgramme:
    """The document of the programme of `period` (default: the latest) in `version` (default:
    the adopted one, else the proposal), its texts in `lang`. NotFound (naming the stored
    periods) when `period` has no programme."""
    owner = resolve_municipality(session, municipality)
    chosen = programmes.choose_programme(session, owner.number, period)
    shown = programmes.choose_version(chosen, version)
    with use_language(lang):
        document = ActionProgramme(owner, chosen, shown, settings=settings or ReportSettings())
        _add_programme(session, document)
        _add_climate(session, document)
        year = chosen.period.first
        document.calendar_year = year
        document.calendar = [
            e for e in calendar_events(session, owner.number, year) if e.kind is EventKind.MILESTONE
        ]
    return document


def _add_programme(session: Session, document: ActionProgramme) -> None:
    programme, key = document.programme, document.version.key
    links = _goal_links(session, programme.municipality, document)
    measures = programme.measures(key)
    frames = programme.frames(key)
    row = _Rows(programme.period, links)
    for area in programme.service_areas:
        staff = "; ".join(
            _("{count} årsverk i {year}").format(count=format_number(float(a), 0), year=y)
            for y, a in sorted(area.staff.items())
        )
        document.service_areas.append(
            ServiceAreaPart(
                area.name,
                "tjeneste-" + anchor(area.key),
                row(_("Driftsramme"), frames.get(area.key, {})),
                tuple(row.measure(m) for m in measures if m.service_area == area.key),
                staff or None,
            )
        )
    total: Amounts = {
        y: sum((f.get(y, Decimal(0)) for f in frames.values()), Decimal(0)) for y in document.years
    }
    document.frames_total = row(_("Sum driftsrammer"), total)
    known = {a.key for a in programme.service_areas}
    document.common_measures = [row.measure(m) for m in measures if m.service_area not in known]
    document.shares_chart = service_area_shares_chart(programme)
    _add_staff(document)
    _add_investments(document, row)
    _add_money(session, document, row)
    document.rules = _rules(session, programme)
    saved = [m for m in measures if m.kind is MeasureKind.RESTRUCTURING]
    if saved:
        document.restructuring = row(_("Omstilling og effektivisering"), _sum(saved, programme))
    earlier = [
        r
        for r in programmes.restructuring(session, programme.municipality)
        if Period.parse(r.period).first < programme.period.first
    ]
    document.earlier_restructuring = [
        (_("Handlingsprogram {period}").format(period=r.period), millions(r.amount))
        for r in earlier
    ]
    document.earlier_restructuring_total = millions(sum((r.amount for r in earlier), Decimal(0)))


class _Rows:
    """Makes the rows of one period, with goal keys turned into the plan's numbers."""

    def __init__(self, period: Period, links: dict[str, GoalLink]) -> None:
        self.period, self.links = period, links

    def __call__(self, label: str, amounts: Amounts, *, kind: str = "") -> AmountRow:
        cells = tuple(millions(amounts.get(y, Decimal(0))) for y in self.period.years)
        return AmountRow(label, cells, kind)

    def measure(self, measure: Measure) -> AmountRow:
        goals = tuple(self.links.get(g) or GoalLink(g, g, None) for g in measure.goals)
        row = self(measure.text, measure.amounts, kind=_(KIND_LABELS[measure.kind]))
        return AmountRow(row.label, row.cells, row.kind, goals)


def _sum(measures: list[Measure], programme: Programme) -> Amounts:
    return {
        y: sum((m.amounts.get(y, Decimal(0)) for m in measures), Decimal(0))
        for y in programme.period.years
    }


def _goal_links(
    session: Session, municipality: str, document: ActionProgramme
) -> dict[str, GoalLink]:
    """The plan's goals and strategies by key; fills the document's goals section."""
    try:
        _plan, version = plan_repo.load_plan_version(session, municipality=municipality)
    except NotFound:
        return {}
    links = {
        item.key: GoalLink(item.path, item.text, "mal-" + item.path.replace(".", "-"))
        for item in version.items()
        if item.key
    }
    document.goals = _focus_areas(version, links)
    return links


def _focus_areas(version: PlanVersion, links: dict[str, GoalLink]) -> list[FocusAreaGoals]:
    catalogue = load_sdg_catalogue()
    found = []
    for number, area in enumerate(version.focus_areas, start=1):
        goals = [g for g in [area.main_goal, *area.goals] if g is not None]
        sdgs = sorted(
            {
                r.sdg_goal
                for g in goals
                for r in g.refs
                if r.kind is not ReferenceKind.LOCAL and r.sdg_goal
            }
        )
        main = links.get(area.main_goal.key) if area.main_goal else None
        found.append(
            FocusAreaGoals(
                area.name,
                str(number),
                tuple(catalogue.goals[n] for n in sdgs if n in catalogue.goals),
                main,
                tuple(links[g.key] for g in area.goals if g.key in links),
            )
        )
    return found


def _add_staff(document: ActionProgramme) -> None:
    areas = document.programme.service_areas
    years = sorted({y for a in areas for y in a.staff})
    document.staff_years = years
    document.staff = [
        (a.name, tuple(format_number(float(a.staff[y]), 0) if y in a.staff else "" for y in years))
        for a in areas
        if a.staff
    ]


def _add_investments(document: ActionProgramme, row: _Rows) -> None:
    programme = document.programme
    names = {a.key: a.name for a in programme.service_areas}
    total: Amounts = {}
    for project in programme.investments:
        for year in document.years:
            total[year] = total.get(year, Decimal(0)) + project.amounts.get(year, Decimal(0))
        document.investments.append(
            InvestmentPart(
                row(project.name, project.amounts),
                names.get(project.service_area or "", project.service_area),
                tuple(row(source, amounts) for source, amounts in project.financing.items()),
            )
        )
    if programme.investments:
        document.investments_total = row(_("Sum investeringer"), total)


def _add_money(session: Session, document: ActionProgramme, row: _Rows) -> None:
    money = programmes.allocation(session, document.programme, document.version.key)
    if not money.focus_areas and not money.sdgs:
        return  # no measure is linked to a known goal: the table would only repeat the sum
    document.focus_area_money = [row(name, a) for name, a in money.focus_areas.items()]
    catalogue = load_sdg_catalogue().goals
    document.sdg_money = [
        row(f"{n} {_sdg_name(catalogue.get(n))}".strip(), a) for n, a in sorted(money.sdgs.items())
    ]
    if any(money.unlinked.values()):
        document.unlinked_money = row(_("Uten kjent mål"), money.unlinked)


def _sdg_name(goal: SdgGoal | None) -> str:
    if goal is None:
        return ""
    return goal.short_en if current_language() == "en" else goal.short_nb


def _rules(session: Session, programme: Programme) -> list[RuleRow]:
    found = programmes.financial_rules(session, programme)
    rows = []
    for indicator in dict.fromkeys(r.indicator for r in found):
        years = {r.year: r for r in found if r.indicator == indicator}
        first = next(iter(years.values()))
        limit = str(first.threshold) if first.threshold else ""
        cells = tuple(
            RuleCell(percent(float(r.value)), r.kept)
            if (r := years.get(y)) is not None and r.value is not None
            else RuleCell("", None)
            for y in programme.period.years
        )
        rows.append(RuleRow(first.name, "" if limit in first.name else limit, cells))
    return rows


def _add_climate(session: Session, document: ActionProgramme) -> None:
    view = climate_budget(session, municipality=document.municipality.number)
    if not view.years:
        return
    budget = view.budget
    reference = reference_emissions(view)
    goal = target_text(view)
    document.climate = ClimatePart(
        chart=climate_chart(budget, view.years, municipality=document.municipality.name),
        target=goal,
        rows=tuple(_climate_row(r, reference) for r in view.years),
        measures=tuple(
            (
                m.name,
                format_number(m.effect, 0),
                f"{m.start_year}-{m.end_year}" if m.end_year else f"{m.start_year}-",
                m.owner or "",
                _(STATUS_LABELS[m.status]),
            )
            for m in budget.measures
        ),
        illustrative=any(e.basis is Basis.ILLUSTRATIVE for e in budget.emissions)
        or any(m.illustrative for m in budget.measures),
    )


def _climate_row(row: BudgetYear, reference: float | None) -> tuple[str, ...]:
    return (str(row.year), *year_cells(row, reference))
