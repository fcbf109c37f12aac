"""Comparison groups from the bundled register (2024): the counties, the country, the country
without Oslo, and peer sets a user names. KOSTRA groups come from a Klass file
(`importers/klass.py`)."""

from __future__ import annotations

from collections.abc import Iterable

from sdgplan.domain.groups import ComparisonGroup, GroupKind
from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.reference.municipalities import load_municipalities, municipality_numbered

OSLO = "0301"
# The counties of 2024 by number; a municipality's county is its number's first two digits.
COUNTY_NAMES = {
    "03": "Oslo",
    "11": "Rogaland",
    "15": "Møre og Romsdal",
    "18": "Nordland",
    "31": "Østfold",
    "32": "Akershus",
    "33": "Buskerud",
    "34": "Innlandet",
    "39": "Vestfold",
    "40": "Telemark",
    "42": "Agder",
    "46": "Vestland",
    "50": "Trøndelag",
    "55": "Troms",
    "56": "Finnmark",
}


def country_group() -> ComparisonGroup:
    return ComparisonGroup("country", "Norge", GroupKind.COUNTRY, tuple(load_municipalities()))


def country_without_oslo_group() -> ComparisonGroup:
    members = tuple(n for n in load_municipalities() if n != OSLO)
    return ComparisonGroup(
        "country_without_oslo", "Norge utenom Oslo", GroupKind.COUNTRY_WITHOUT_OSLO, members
    )


def county_group(municipality: str) -> ComparisonGroup:
    """The county of `municipality` (a current or former number) with all its municipalities."""
    found = municipality_numbered(municipality)
    if found is None:
        raise NotFound(_("Ukjent kommunenummer: {number}").format(number=repr(municipality)))
    county = found.number[:2]
    members = tuple(n for n in load_municipalities() if n[:2] == county)
    return ComparisonGroup(f"county:{county}", COUNTY_NAMES[county], GroupKind.COUNTY, members)


def peer_group(key: str, name: str, numbers: Iterable[str]) -> ComparisonGroup:
    """A user's own set of municipalities; former numbers become current ones, and an
    unknown number is refused."""
    members: dict[str, None] = {}
    for number in numbers:
        found = municipality_numbered(number)
        if found is None:
            raise NotFound(_("Ukjent kommunenummer: {number}").format(number=repr(number)))
        members[found.number] = None
    return ComparisonGroup(key, name, GroupKind.PEERS, tuple(members))
