"""Norway's municipalities (2024 numbers) and the numbers they had before."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from sdgplan.domain.plan import Municipality
from sdgplan.errors import Conflict, NotFound
from sdgplan.i18n import N_, _
from sdgplan.reference.sdg import read_data_csv


@cache
def load_municipalities() -> dict[str, Municipality]:
    """All 357 municipalities valid from 2024-01-01, keyed by their 4-digit number."""
    result = {}
    for row in read_data_csv("kommuner_2024.csv"):
        former = row["kommunenummer_2020_2023"].split(";") + row["kommunenummer_before_2020"].split(
            ";"
        )
        result[row["kommunenummer"]] = Municipality(
            number=row["kommunenummer"],
            name=row["kommunenavn"],
            former_numbers=tuple(n for n in former if n),
        )
    return result


def find_municipality(number: str) -> Municipality:
    """The municipality with this number, current or former (Asker: 3203, 3025 or 0220), or
    with this name ("Asker"; "Herøy" names two, and the message lists them).

    Only the bundled register: `store.org_repo.find_organisation` also finds organisations
    added to the database.

    >>> find_municipality("3025").number, find_municipality("asker").number
    ('3203', '3203')
    """
    if not number.strip().isdigit():
        matches = municipalities_named(number)
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise several_named(number, matches)
        raise NotFound(_("Ukjent kommune: {name}").format(name=repr(number)), hint=_(_NUMBER_HINT))
    found = municipality_numbered(number)
    if found is None:
        raise NotFound(
            _("Ukjent kommunenummer: {number}").format(number=repr(number)), hint=_(_NUMBER_HINT)
        )
    return found


_NUMBER_HINT = N_("Bruk et firesifret kommunenummer, f.eks. 3203 (Asker).")


def municipality_numbered(number: str) -> Municipality | None:
    """The municipality whose current or former number `number` is (`301` is 0301), or None."""
    code = number.strip().zfill(4)
    municipalities = load_municipalities()
    if code in municipalities:
        return municipalities[code]
    return next((m for m in municipalities.values() if code in m.former_numbers), None)


def municipalities_named(name: str) -> list[Municipality]:
    """The municipalities called `name` (any case): by the full name ("Herøy (Nordland)"),
    else by the name before the county in brackets ("Herøy" gives two)."""
    return matching_names(name, load_municipalities().values())


def matching_names(name: str, candidates: Iterable[Municipality]) -> list[Municipality]:
    """Those of `candidates` called `name` (any case), in full or before " (county)"."""
    wanted = name.strip().casefold()
    candidates = list(candidates)
    exact = [m for m in candidates if m.name.casefold() == wanted]
    return exact or [m for m in candidates if m.name.casefold().split(" (")[0] == wanted]


def describe(municipality: Municipality) -> str:
    """`1818 Herøy (Nordland)`; an added organisation with its kind and country:
    `SE-0180 Stockholm (kommune, SE)`."""
    text = f"{municipality.number} {municipality.name}"
    if municipality.number in load_municipalities():
        return text
    return f"{text} ({municipality.kind.label}, {municipality.country})"


def several_named(name: str, matches: list[Municipality]) -> Conflict:
    """The error for a name that fits several, listing each with its code (and county)."""
    listed = ", ".join(describe(m) for m in matches)
    if all(m.number in load_municipalities() for m in matches):
        return Conflict(
            _("«{name}» passer flere kommuner: {listed}").format(name=name, listed=listed),
            hint=_("Bruk kommunenummeret."),
        )
    return Conflict(
        _("«{name}» passer flere: {listed}").format(name=name, listed=listed),
        hint=_("Bruk koden (kommunenummeret)."),
    )
