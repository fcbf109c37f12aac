"""Who plans: the municipalities of the bundled register, and organisations added to the
database (`sdgplan org add`), found by code or name alike. Nothing here commits."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sdgplan.domain.plan import Municipality, OrgKind
from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.reference.municipalities import (
    load_municipalities,
    matching_names,
    municipalities_named,
    municipality_numbered,
    several_named,
)
from sdgplan.store.tables import (
    GoalStatusRow,
    IndicatorRow,
    MunicipalityRow,
    NarrativeRow,
    ObservationRow,
    PlanRow,
    ReportTableRow,
    SourceQueryRow,
    ThematicPlanRow,
)
from sdgplan.store.tables_calendar import CalendarMeetingRow
from sdgplan.store.tables_climate import ClimateEmissionRow
from sdgplan.store.tables_consultation import ConsultationRow
from sdgplan.store.tables_method import BenefitPlanRow, MethodCycleRow
from sdgplan.store.tables_programme import ProgrammeRow


def organisation(row: MunicipalityRow) -> Municipality:
    """The organisation of a stored row: from the register (with its former numbers) if it
    is there, else as added."""
    known = load_municipalities().get(row.number)
    return known or Municipality(row.number, row.name, kind=OrgKind(row.kind), country=row.country)


def stored_organisations(session: Session) -> list[Municipality]:
    """Every organisation in the database, by code: register municipalities with data and
    added organisations (with or without data)."""
    rows = session.scalars(select(MunicipalityRow).order_by(MunicipalityRow.number))
    return [organisation(row) for row in rows]


def added_organisations(session: Session) -> list[Municipality]:
    """The organisations added to the database, not in the bundled register."""
    register = load_municipalities()
    return [o for o in stored_organisations(session) if o.number not in register]


def added_with_code(session: Session, code: str) -> Municipality | None:
    """The added organisation with this code (any case), or None."""
    wanted = code.strip().casefold()
    return next((o for o in added_organisations(session) if o.number.casefold() == wanted), None)


def find_organisation(session: Session, wanted: str) -> Municipality:
    """The municipality or added organisation with this code or name.

    A number is looked up in the register (current or former numbers); a code among the
    added organisations; a name in both. A name that fits several raises Conflict listing
    each with its code; anything unknown raises NotFound saying what can be given.
    """
    text = wanted.strip()
    added = added_organisations(session)
    by_code = [o for o in added if o.number.casefold() == text.casefold()]
    if by_code:
        return by_code[0]
    if text.isdigit():
        found = municipality_numbered(text)
        if found is not None:
            return found
        raise NotFound(
            _("Ukjent kommunenummer: {number}").format(number=repr(wanted)), hint=_unknown_hint()
        )
    matches = [*municipalities_named(text), *matching_names(text, added)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise several_named(text, matches)
    raise NotFound(
        _("Ukjent kommune eller organisasjon: {wanted}").format(wanted=repr(wanted)),
        hint=_unknown_hint(),
    )


def _unknown_hint() -> str:
    return _(
        "Oppgi et kommunenummer (f.eks. 3203) eller et kommunenavn (Asker), eller koden eller "
        "navnet til en organisasjon som er lagt til (sdgplan org list). En organisasjon som "
        "ikke er en norsk kommune, legges til med sdgplan org add."
    )


def add_organisation(session: Session, org: Municipality) -> None:
    """Store an organisation that is not in the register; the caller checks it first."""
    session.add(
        MunicipalityRow(number=org.number, name=org.name, kind=org.kind.value, country=org.country)
    )
    session.flush()


def remove_organisation(session: Session, code: str) -> None:
    """Delete an added organisation's row; it must have no data left (`data_counts`)."""
    row = session.get(MunicipalityRow, code)
    if row is not None:
        session.delete(row)
        session.flush()


def data_counts(session: Session, code: str) -> dict[str, int]:
    """What the database holds for the organisation, by kind of row; only kinds it has."""
    queries = {
        "plans": select(func.count()).where(PlanRow.municipality_number == code),
        "indicators": select(func.count()).where(IndicatorRow.municipality_number == code),
        "observations": select(func.count())
        .select_from(ObservationRow)
        .join(IndicatorRow)
        .where(IndicatorRow.municipality_number == code),
        "report_tables": select(func.count()).where(ReportTableRow.municipality_number == code),
        "goal_statuses": select(func.count()).where(GoalStatusRow.municipality_number == code),
        "thematic_plans": select(func.count()).where(ThematicPlanRow.municipality_number == code),
        "narratives": select(func.count()).where(NarrativeRow.municipality_number == code),
        "source_queries": select(func.count()).where(SourceQueryRow.municipality_number == code),
        "programmes": select(func.count()).where(ProgrammeRow.municipality_number == code),
        "climate_emissions": select(func.count()).where(
            ClimateEmissionRow.municipality_number == code
        ),
        "calendar_meetings": select(func.count()).where(
            CalendarMeetingRow.municipality_number == code
        ),
        "consultations": select(func.count()).where(ConsultationRow.municipality_number == code),
        "benefit_plans": select(func.count()).where(BenefitPlanRow.municipality_number == code),
        "method_cycles": select(func.count()).where(MethodCycleRow.municipality_number == code),
    }
    counts = {name: int(session.execute(query).scalar_one()) for name, query in queries.items()}
    return {name: count for name, count in counts.items() if count}
