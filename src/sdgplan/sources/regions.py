"""Municipality numbers that changed (Asker: 0220 until 2019, 3025 in 2020-2023, 3203 since
2024): which codes to ask an agency for, and which current municipality a code belongs to.
Uses the bundled register (`reference/municipalities.py`)."""

from __future__ import annotations

from dataclasses import dataclass

from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.reference.municipalities import find_municipality, municipality_numbered

# SSB's aggregated region codes carry a prefix: "K-3025" is municipality 3025 (table 07459).
PREFIXES = ("K-",)


@dataclass(frozen=True)
class RegionCode:
    """A figure's region code as the agency sent it, and today's municipality number."""

    code: str
    current: str

    @property
    def changed(self) -> bool:
        return plain_number(self.code) != self.current

    def describe(self) -> str:
        """`3203` or, for a figure published under a former number, `3203 (fra 0220)`."""
        if not self.changed:
            return self.current
        return _("{current} (fra {code})").format(current=self.current, code=self.code)


def codes_to_ask(municipality: str) -> tuple[str, ...]:
    """The current number of `municipality` (number, former number or name) and its former
    numbers: what to ask for to get its whole history.

    >>> codes_to_ask("0220")
    ('3203', '3025', '0220', '0627', '0628')
    """
    found = find_municipality(municipality)
    return (found.number, *found.former_numbers)


def current_code(code: str) -> RegionCode:
    """The current municipality of a code the agency sent (`0220`, `K-3025`, `3203`)."""
    found = municipality_numbered(plain_number(code)) if plain_number(code).isdigit() else None
    if found is None:
        raise NotFound(_("Ukjent kommunenummer fra kilden: {code}").format(code=repr(code)))
    return RegionCode(code=code, current=found.number)


def plain_number(code: str) -> str:
    code = code.strip()
    for prefix in PREFIXES:
        code = code.removeprefix(prefix)
    return code
