"""What the planning cycle's public pages show (issue 14; `pages_cycle.py`): the political
calendar of a year, the climate budget, and an action programme period with its versions.
Texts and numbers are made here, formatted the Norwegian way; the templates only lay them out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from sdgplan import programme as programmes
from sdgplan.climate import BudgetView
from sdgplan.domain.calendar import (
    ActivityTable,
    CalendarEvent,
    EventKind,
    ProducedVersion,
)
from sdgplan.domain.climate import BASIS_LABELS, STATUS_LABELS, Basis, BudgetYear, Sector
from sdgplan.domain.display import format_number
from sdgplan.domain.programme import (
    Amounts,
    ChangeAction,
    Programme,
    ProgrammeVersion,
    VersionKind,
)
from sdgplan.i18n import _, current_language
from sdgplan.political_calendar import calendar_events
from sdgplan.reference import load_sdg_catalogue
from sdgplan.reports.action_programme import KIND_LABELS, millions
from sdgplan.reports.charts import Chart
from sdgplan.reports.climate_chart import climate_chart
from sdgplan.reports.climate_table import percent, reference_emissions, target_text, year_cells
from sdgplan.store import programme_repo

# The programme versions a milestone of the calendar produces.
PRODUCED_KINDS = {
    ProducedVersion.PROPOSAL: VersionKind.PROPOSAL,
    ProducedVersion.AMENDMENTS: VersionKind.AMENDMENT,
    ProducedVersion.SUPPLEMENTARY: VersionKind.SUPPLEMENTARY,
    ProducedVersion.ADOPTED: VersionKind.ADOPTED,
}


def version_anchor(key: str) -> str:
    """The id of a version's row on the programme page (keys may hold any character)."""
    return "version-" + re.sub(r"[^A-Za-z0-9_.-]", "-", key)


@dataclass(frozen=True)
class Row:
    """A table row: its header cell and one cell per column."""

    label: str
    cells: tuple[str, ...]


# -- the political calendar -------------------------------------------------------------------


@dataclass(frozen=True)
class Produced:
    """The programme version a milestone produces: its text, and where it is on the site
    (`programme/2024-2027#version-vedtatt`, relative to the site's base) when it is stored."""

    text: str
    link: str | None
    date: dt.date | None = None


@dataclass(frozen=True)
class EventRow:
    event: CalendarEvent
    kind: str
    time: str
    produced: Produced | None


@dataclass(frozen=True)
class ActivityView:
    """The political activity table: per body, meetings and cases of each year."""

    years: tuple[int, ...]
    rows: list[Row]
    total: Row


@dataclass(frozen=True)
class CalendarPage:
    year: int
    years: list[int]
    events: list[EventRow]
    activity: ActivityView | None
    subscribe: bool  # there is a template or meetings to export

    @property
    def illustrative(self) -> bool:
        return any(row.event.illustrative for row in self.events)


def calendar_page(
    session: Session,
    municipality: str,
    *,
    year: int,
    years: list[int],
    activity: ActivityTable | None,
    subscribe: bool,
) -> CalendarPage:
    found: dict[str, Programme | None] = {}

    def programme_of(period: str) -> Programme | None:
        if period not in found:
            found[period] = programme_repo.find_programme(session, municipality, period)
        return found[period]

    rows = [
        EventRow(event, _kind(event), _time(event), _produced(event, programme_of))
        for event in calendar_events(session, municipality, year)
    ]
    return CalendarPage(year, years, rows, _activity(activity) if activity else None, subscribe)


def _activity(table: ActivityTable) -> ActivityView:
    def cells(body: str, year: int) -> tuple[str, str]:
        found = table.cell(body, year)
        if found is None:
            return "", ""
        if found.ended:
            return _("Avsluttet"), ""
        return _count(found.meetings), _count(found.cases)

    rows = [
        Row(body, tuple(c for year in table.years for c in cells(body, year)))
        for body in table.bodies
    ]
    totals = tuple(_count(n) for year in table.years for n in table.totals(year))
    return ActivityView(table.years, rows, Row(_("Sum"), totals))


def _count(value: int | None) -> str:
    return format_number(value, 0) if value is not None else ""


def _kind(event: CalendarEvent) -> str:
    return _("Milepæl") if event.kind is EventKind.MILESTONE else _("Møte")


def _time(event: CalendarEvent) -> str:
    if event.start_time is None:
        return ""
    start = event.start_time.strftime("%H:%M")
    return f"{start}–{event.end_time:%H:%M}" if event.end_time else start


def _produced(
    event: CalendarEvent, programme_of: Callable[[str], Programme | None]
) -> Produced | None:
    if event.produces is None:
        return None
    period = event.programme_period or ""
    text = f"{event.produces.label} {period}".strip()
    programme = programme_of(period) if period else None
    if programme is None:
        return Produced(text, None)
    kind = PRODUCED_KINDS[event.produces]
    version = next((v for v in programme.versions if v.kind is kind), None)
    if version is None or kind is VersionKind.AMENDMENT:
        return Produced(text, f"programme/{period}#versions", version.date if version else None)
    return Produced(text, f"programme/{period}#{version_anchor(version.key)}", version.date)


# -- the climate budget -----------------------------------------------------------------------


@dataclass(frozen=True)
class ClimatePage:
    chart: Chart | None
    target: str | None
    summary: str
    years: list[Row]  # emissions, ceiling, projection, gap, change from the reference year
    sectors: list[str]
    by_sector: list[Row]  # the chart's bars: tonnes per sector and year
    measures: list[Row]  # effect, years, owner, status, sector, illustrative
    illustrative: bool


def climate_page(view: BudgetView, municipality: str) -> ClimatePage:
    budget = view.budget
    reference = reference_emissions(view)
    goal = target_text(view)
    sectors = [s for s in Sector if any(e.sector is s for e in budget.emissions)]
    by_sector = [
        Row(
            str(year),
            tuple(
                _tonnes(sum(e.tonnes for e in budget.emissions if e.year == year and e.sector is s))
                if any(e.year == year and e.sector is s for e in budget.emissions)
                else ""
                for s in sectors
            ),
        )
        for year in sorted({e.year for e in budget.emissions})
    ]
    measures = [
        Row(
            m.name,
            (
                _tonnes(m.effect),
                f"{m.start_year}–{m.end_year}" if m.end_year else f"{m.start_year}–",
                m.owner or "",
                _(STATUS_LABELS[m.status]),
                _(m.sector.label) if m.sector else "",
                _(BASIS_LABELS[Basis.ILLUSTRATIVE]) if m.illustrative else "",
            ),
        )
        for m in budget.measures
    ]
    return ClimatePage(
        chart=climate_chart(budget, view.years, municipality=municipality),
        target=goal,
        summary=_climate_summary(view),
        years=[_year_row(r, reference) for r in view.years],
        sectors=[_(s.label) for s in sectors],
        by_sector=by_sector,
        measures=measures,
        illustrative=any(e.basis is Basis.ILLUSTRATIVE for e in budget.emissions)
        or any(m.illustrative for m in budget.measures),
    )


def _tonnes(value: float | None) -> str:
    return format_number(value, 0) if value is not None else ""


def _year_row(row: BudgetYear, reference: float | None) -> Row:
    return Row(str(row.year), year_cells(row, reference))


def _climate_summary(view: BudgetView) -> str:
    """The chart in words: the latest emissions, and the target year's ceiling, projection
    and gap."""
    parts = []
    measured = [r for r in view.years if r.emissions is not None]
    if measured:
        latest = measured[-1]
        parts.append(
            _("Utslippene var {tonnes} tonn CO₂-ekvivalenter i {year}.").format(
                tonnes=_tonnes(latest.emissions), year=latest.year
            )
        )
    last = view.years[-1] if view.years else None
    if last is not None and last.ceiling is not None and last.projection is not None:
        gap = last.gap or 0
        parts.append(
            _(
                "Taket for {year} er {ceiling} tonn; med tiltakene blir utslippene {projection} "
                "tonn, {gap} tonn {side} taket."
            ).format(
                year=last.year,
                ceiling=_tonnes(last.ceiling),
                projection=_tonnes(last.projection),
                gap=_tonnes(abs(gap)),
                side=_("over") if gap > 0 else _("under"),
            )
        )
    return " ".join(parts)


# -- the action programme ---------------------------------------------------------------------


@dataclass(frozen=True)
class VersionPart:
    """A version after the proposal and what it changes against the proposal, per year."""

    version: ProgrammeVersion
    base: ProgrammeVersion | None
    anchor: str  # of its changes; its row in the table of versions is `version_anchor(key)`
    changes: list[Row]
    cost: Row
    financing: list[Row]
    focus_areas: list[Row]


@dataclass(frozen=True)
class ProgrammePage:
    programme: Programme
    periods: list[str]
    shown: ProgrammeVersion  # the adopted version, else the proposal
    versions: list[VersionPart]
    frames: list[Row]
    focus_areas: list[Row]
    sdgs: list[Row]
    unlinked: Row | None
    rules: list[tuple[str, str, tuple[tuple[str, bool | None], ...]]]

    @property
    def years(self) -> range:
        return self.programme.period.years

    @property
    def proposal_anchor(self) -> str:
        return version_anchor(self.programme.versions[0].key)

    def row_anchor(self, version: ProgrammeVersion) -> str:
        return version_anchor(version.key)

    @property
    def document(self) -> str:
        period = self.programme.period
        return f"action-programme-{period.first}-{period.last}"


def programme_page(session: Session, programme: Programme, periods: list[str]) -> ProgrammePage:
    proposal = programme.versions[0]
    shown = programmes.choose_version(programme, None)
    period = programme.period
    money = programmes.allocation(session, programme, shown.key)
    catalogue = load_sdg_catalogue().goals
    english = current_language() == "en"
    names = {a.key: a.name for a in programme.service_areas}
    return ProgrammePage(
        programme=programme,
        periods=periods,
        shown=shown,
        versions=[_version_part(session, programme, v, proposal) for v in programme.versions[1:]],
        frames=[
            _row(names[key], amounts, period.years)
            for key, amounts in programme.frames(shown.key).items()
        ],
        focus_areas=[_row(name, a, period.years) for name, a in money.focus_areas.items()],
        sdgs=[
            _row(
                f"{number} {(g.short_en if english else g.short_nb) if g else ''}".strip(),
                a,
                period.years,
            )
            for number, a in sorted(money.sdgs.items())
            for g in [catalogue.get(number)]
        ],
        unlinked=_row(_("Uten kjent mål"), money.unlinked, period.years)
        if any(money.unlinked.values())
        else None,
        rules=_rules(session, programme),
    )


def _row(label: str, amounts: Amounts, years: range) -> Row:
    return Row(label, tuple(millions(amounts[y]) if y in amounts else "" for y in years))


def _version_part(
    session: Session, programme: Programme, version: ProgrammeVersion, proposal: ProgrammeVersion
) -> VersionPart:
    compared = programmes.compare(session, programme, version.key, proposal.key)
    years = programme.period.years
    actions = {
        ChangeAction.ADD: _("Nytt"),
        ChangeAction.REMOVE: _("Fjernet"),
        ChangeAction.CHANGE: _("Endret"),
    }
    base = programme.version(version.base) if version.base else None
    return VersionPart(
        version=version,
        base=base,
        anchor="changes-" + version_anchor(version.key).removeprefix("version-"),
        changes=[
            _row(
                f"{actions[d.action]}: {d.measure.text} ({_(KIND_LABELS[d.measure.kind])})",
                d.amounts,
                years,
            )
            for d in compared.measures
        ],
        cost=_row(_("Sum endringer"), compared.cost, years),
        financing=[_row(f.text, f.amounts, years) for f in version.financing]
        if version.base == proposal.key
        else [],
        focus_areas=[
            _row(name, amounts, years) for name, amounts in compared.allocation.focus_areas.items()
        ],
    )


def _rules(
    session: Session, programme: Programme
) -> list[tuple[str, str, tuple[tuple[str, bool | None], ...]]]:
    """Each financial rule: its name, its threshold and per year the value and whether it
    is kept (None: no figures or no threshold)."""
    found = programmes.financial_rules(session, programme)
    rows = []
    for indicator in dict.fromkeys(r.indicator for r in found):
        years = {r.year: r for r in found if r.indicator == indicator}
        first = next(iter(years.values()))
        cells = tuple(
            (percent(float(r.value)), r.kept)
            if (r := years.get(y)) is not None and r.value is not None
            else ("", None)
            for y in programme.period.years
        )
        limit = str(first.threshold) if first.threshold else ""
        rows.append((first.name, "" if limit in first.name else limit, cells))
    return rows
