"""Norway's municipalities (2024 numbers) and the numbers they had before."""

from __future__ import annotations

from functools import cache

from sdgplan.domain.plan import Municipality
from sdgplan.errors import Conflict, NotFound
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

    >>> find_municipality("3025").number, find_municipality("asker").number
    ('3203', '3203')
    """
    if not number.strip().isdigit():
        return _by_name(number)
    code = number.strip().zfill(4)
    municipalities = load_municipalities()
    if code in municipalities:
        return municipalities[code]
    for municipality in municipalities.values():
        if code in municipality.former_numbers:
            return municipality
    raise NotFound(
        f"Ukjent kommunenummer / unknown municipality number: {number!r}",
        hint="Bruk et firesifret kommunenummer / use a four-digit number, e.g. 3203 (Asker).",
    )


def _by_name(name: str) -> Municipality:
    wanted = name.strip().casefold()
    municipalities = load_municipalities().values()
    exact = [m for m in municipalities if m.name.casefold() == wanted]
    matches = exact or [m for m in municipalities if m.name.casefold().split(" (")[0] == wanted]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = ", ".join(f"{m.number} {m.name}" for m in matches)
        raise Conflict(
            f"«{name}» passer flere kommuner / matches several municipalities: {listed}",
            hint="Bruk kommunenummeret / use the municipality number.",
        )
    raise NotFound(
        f"Ukjent kommune / unknown municipality: {name!r}",
        hint="Bruk et firesifret kommunenummer / use a four-digit number, e.g. 3203 (Asker).",
    )
