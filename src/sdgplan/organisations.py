"""Organisations beyond the bundled register: add, list and remove them (issue 10, point 7).

An organisation added here (a Swedish municipality `SE-0180`, a county `NO-32`) is found by
its code or name wherever a municipality number works (`store.org_repo.find_organisation`).
Each function works in the caller's transaction and writes the change log there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from sdgplan.domain.plan import NORWAY, Municipality, OrgKind
from sdgplan.errors import ConfigError, Conflict, NotFound
from sdgplan.i18n import _, ngettext
from sdgplan.reference.municipalities import (
    load_municipalities,
    municipalities_named,
    municipality_numbered,
)
from sdgplan.store import change_log, org_repo
from sdgplan.store.tables import CODE_LENGTH

CODE = re.compile(rf"[A-Za-z0-9_-]{{1,{CODE_LENGTH}}}")
COUNTRY = re.compile(r"[A-Z]{2}")  # ISO 3166-1 alpha-2: NO, SE, DK
NAME_LENGTH = 200


@dataclass(frozen=True)
class StoredOrganisation:
    """An organisation in the database, whether it was added, and what data it has."""

    organisation: Municipality
    added: bool
    data: dict[str, int]


def check_code(code: str) -> str | None:
    """Why `code` cannot be an added organisation's code, or None if it can."""
    if not CODE.fullmatch(code):
        return _("Ugyldig kode «{code}»: bruk 1-{limit} bokstaver (a-z), sifre, - eller _").format(
            code=code[:40], limit=CODE_LENGTH
        )
    if code.isdigit():
        known = municipality_numbered(code)
        if known is not None:
            return _(
                "Koden {code} er kommunenummeret til {name} i det innebygde registeret"
            ).format(code=code, name=known.name)
        return _(
            "Koden {code} har bare sifre, som et kommunenummer; gi den bokstaver, f.eks. SE-0180"
        ).format(code=code)
    named = municipalities_named(code)
    if named:
        return _("Koden {code} er navnet på en kommune i det innebygde registeret: {name}").format(
            code=code, name=", ".join(f"{m.number} {m.name}" for m in named)
        )
    return None


def add_organisation(
    session: Session,
    *,
    code: str,
    name: str,
    kind: OrgKind = OrgKind.MUNICIPALITY,
    country: str = NORWAY,
    who: str,
) -> Municipality:
    """Register an organisation that is not in the bundled register; logged as done by `who`.

    Raises ConfigError for a bad code, name or country, Conflict for a code already taken.
    """
    code, name, country = code.strip(), " ".join(name.split()), country.strip().upper()
    problems = [
        problem
        for problem in (check_code(code), _name_problem(name), _country_problem(country))
        if problem
    ]
    if problems:
        raise ConfigError("; ".join(problems))
    taken = org_repo.added_with_code(session, code)
    if taken is not None:
        raise Conflict(
            _("Koden {code} er allerede tatt: {name}").format(code=taken.number, name=taken.name)
        )
    org = Municipality(code, name, kind=kind, country=country)
    org_repo.add_organisation(session, org)
    change_log.record(
        session,
        who=who,
        municipality=code,
        action="add",
        entity="organisation",
        key=code,
        new=_record(org),
        source="sdgplan org add",
    )
    return org


def _name_problem(name: str) -> str | None:
    if not name:
        return _("Navnet mangler")
    if len(name) > NAME_LENGTH:
        return _("Navnet har {count} tegn, høyst {limit}").format(
            count=len(name), limit=NAME_LENGTH
        )
    return None


def _country_problem(country: str) -> str | None:
    if COUNTRY.fullmatch(country):
        return None
    return _("Ugyldig land «{country}»: bruk en landkode med to bokstaver, f.eks. NO, SE").format(
        country=country[:20]
    )


def _record(org: Municipality) -> dict[str, str]:
    return {"name": org.name, "kind": org.kind.value, "country": org.country}


def list_organisations(session: Session) -> list[StoredOrganisation]:
    """Every organisation in the database by code: those added, and the register's
    municipalities that have data."""
    register = load_municipalities()
    return [
        StoredOrganisation(
            org, org.number not in register, org_repo.data_counts(session, org.number)
        )
        for org in org_repo.stored_organisations(session)
    ]


def remove_organisation(session: Session, *, code: str, who: str) -> Municipality:
    """Remove an added organisation that has no data; logged as done by `who`.

    Raises NotFound for a code that was not added, Conflict (saying what) while it has data.
    """
    org = org_repo.added_with_code(session, code)
    if org is None:
        known = municipality_numbered(code) if code.strip().isdigit() else None
        if known is not None:
            raise NotFound(
                _(
                    "{code} {name} er en kommune i det innebygde registeret, ikke en "
                    "organisasjon som er lagt til"
                ).format(code=known.number, name=known.name),
                hint=_("Slett kommunens data med sdgplan delete municipality"),
            )
        raise NotFound(
            _("Ingen organisasjon er lagt til med koden {code}").format(code=repr(code)),
            hint=_("Se sdgplan org list"),
        )
    data = org_repo.data_counts(session, org.number)
    if data:
        raise Conflict(
            _("{code} {name} har data: {data}; ingenting er fjernet").format(
                code=org.number, name=org.name, data=describe_data(data)
            ),
            hint=_("Slett dataene først: sdgplan delete municipality {code}").format(
                code=org.number
            ),
        )
    org_repo.remove_organisation(session, org.number)
    change_log.record(
        session,
        who=who,
        municipality=org.number,
        action="delete",
        entity="organisation",
        key=org.number,
        old=_record(org),
        source="sdgplan org remove",
    )
    return org


def describe_data(data: dict[str, int]) -> str:
    """`1 plan, 2 indikatorer, 8 tall` in the current language."""
    return ", ".join(_count(kind, count) for kind, count in data.items())


def _count(kind: str, count: int) -> str:
    words = {
        "plans": ngettext("{count} plan", "{count} planer", count),
        "indicators": ngettext("{count} indikator", "{count} indikatorer", count),
        "observations": ngettext("{count} tall", "{count} tall", count),
        "report_tables": ngettext("{count} rapporttabell", "{count} rapporttabeller", count),
        "goal_statuses": ngettext("{count} målstatus", "{count} målstatuser", count),
        "thematic_plans": ngettext("{count} temaplan", "{count} temaplaner", count),
        "narratives": ngettext("{count} tekst", "{count} tekster", count),
        "source_queries": ngettext("{count} lagret spørring", "{count} lagrede spørringer", count),
        "programmes": ngettext("{count} handlingsprogram", "{count} handlingsprogrammer", count),
        "climate_emissions": ngettext("{count} utslippstall", "{count} utslippstall", count),
        "calendar_meetings": ngettext("{count} møte", "{count} møter", count),
        "consultations": ngettext("{count} høring", "{count} høringer", count),
        "benefit_plans": ngettext("{count} gevinstplan", "{count} gevinstplaner", count),
        "method_cycles": ngettext("{count} metodetabell", "{count} metodetabeller", count),
    }
    return words[kind].format(count=count)
