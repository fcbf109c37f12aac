"""Numbers typed by people, read exactly: decimal text to a finite float within range."""

from __future__ import annotations

import re
from decimal import Decimal

from sdgplan.i18n import _

MAX_MAGNITUDE = Decimal("1e15")  # no municipal figure comes near; larger means a typo
_PLAIN = re.compile(r"^[+-]?[0-9]+(?:\.[0-9]+)?$")
_SPACES = str.maketrans("", "", " \u00a0\u202f")


def parse_number(text: str, *, decimal_comma: bool = True) -> float:
    """`105 473`, `1,5` or `1.5` (with `decimal_comma`), or only `-1.5` without it.

    Raises ValueError naming the text for anything else: exponents, `inf`, `nan`, thousands
    separators that are not spaces, values of 10^15 or more.
    """
    return float(parse_decimal(text, decimal_comma=decimal_comma))


def parse_decimal(text: str, *, decimal_comma: bool = True) -> Decimal:
    """As `parse_number`, as an exact decimal: `1 000,5` is Decimal("1000.5")."""
    cleaned = text.translate(_SPACES) if decimal_comma else text
    if decimal_comma:
        cleaned = cleaned.replace(",", ".")
    if not _PLAIN.match(cleaned):
        raise ValueError(_("«{text}» er ikke et tall").format(text=text))
    number = Decimal(cleaned)
    _finite(number, text)
    return number


def decimals_of(text: str) -> int:
    """How many decimals `text` is written with: `15.10` has 2."""
    fraction = text.replace(",", ".").partition(".")[2]
    return len(fraction)


def _finite(number: Decimal, text: str) -> float:
    if abs(number) >= MAX_MAGNITUDE:
        raise ValueError(
            _("«{text}» er for stort: tall må være mindre enn 10^15").format(text=_clip(text))
        )
    return float(number)


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
