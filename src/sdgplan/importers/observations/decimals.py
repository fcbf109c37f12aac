"""Decimal comma or decimal point: decided once per file from its value column.

Excel saves "CSV" in a Norwegian locale with semicolons and decimal commas (`18,0`,
`105 473,5`); files written by programs use commas and decimal points. A file that mixes
the two, or whose every comma could also be a thousands separator (`1,234`), is an error
that says how to resolve it rather than a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sdgplan.domain.issues import Issue, Severity
from sdgplan.i18n import N_, _
from sdgplan.importers.observations.rows import Place


class Decimal(StrEnum):
    """How values write their decimals; the CLI's `--decimal`."""

    COMMA = "comma"
    POINT = "point"


_THOUSANDS_LIKE = re.compile(r"^[+-]?[0-9]{1,3},[0-9]{3}$")  # 1,234: 1.234 or 1234?
_NAMES = {Decimal.COMMA: N_("desimalkomma"), Decimal.POINT: N_("desimalpunktum")}


@dataclass(frozen=True)
class Choice:
    """The decision, or the issue that prevents one."""

    decimal: Decimal
    issue: Issue | None = None


def choose_decimal(values: Iterable[tuple[Place, str]], *, default: Decimal) -> Choice:
    """Decimal comma or point for `values` (texts of the value column, with their places).

    Values with neither (`18`, `105 473`) do not decide; without any that do, `default`.
    """
    first: dict[Decimal, tuple[Place, str]] = {}
    commas: list[tuple[Place, str]] = []
    for place, text in values:
        kind = _kind(text.strip())
        if kind is Decimal.COMMA:
            commas.append((place, text.strip()))
        if kind is None or kind in first:
            continue
        first[kind] = (place, text.strip())
        if len(first) == 2:
            return Choice(default, _mixed(first, second=kind))
    if not commas:
        return Choice(Decimal.POINT if first else default)
    if all(_THOUSANDS_LIKE.match(text) for _, text in commas):
        return Choice(Decimal.COMMA, _ambiguous(*commas[0]))
    return Choice(Decimal.COMMA)


def _ambiguous(place: Place, text: str) -> Issue:
    digits = text.replace(",", "")
    source, line, column = place.locate("value")
    message = _(
        "«{text}» kan være {text} med desimalkomma eller {digits} med tusenskille: er det "
        "desimaler, oppgi at desimaltegnet er komma; ellers skriv {digits}"
    ).format(text=text, decimal=text.replace(",", "."), digits=digits)
    return Issue(Severity.ERROR, source, message, line, column)


def _kind(text: str) -> Decimal | None:
    if not any(c.isdigit() for c in text):
        return None
    if "," in text and "." not in text:
        return Decimal.COMMA
    if "." in text and "," not in text:
        return Decimal.POINT
    return None


def _mixed(first: dict[Decimal, tuple[Place, str]], *, second: Decimal) -> Issue:
    earlier = Decimal.POINT if second is Decimal.COMMA else Decimal.COMMA
    earlier_place, earlier_text = first[earlier]
    place, text = first[second]
    source, line, column = place.locate("value")
    message = _(
        "Verdien «{text}» har {kind}, men {place} har {earlier} («{earlier_text}»): skriv alle "
        "verdier på samme måte"
    ).format(
        text=text,
        kind=_(_NAMES[second]),
        place=earlier_place.name(),
        earlier=_(_NAMES[earlier]),
        earlier_text=earlier_text,
    )
    return Issue(Severity.ERROR, source, message, line, column)
