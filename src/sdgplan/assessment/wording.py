"""Numbers inside reasons, as a reader of the current language expects them.

Norwegian: `15,1 %`, `186 211` (four digits ungrouped: `1748`), `-0,7` with a hyphen;
English: `15.1%`, `186,211`, `-0.7`.
"""

from __future__ import annotations

from sdgplan.domain.display import _locale, format_number, number_pattern
from sdgplan.i18n import current_language


def _decimals(value: float) -> int:
    size = abs(value)
    return 0 if size >= 100 else 1 if size >= 10 else 2 if size < 1 else 1


def number(value: float, decimals: int | None = None) -> str:
    """With `decimals` given, exactly that many; else as many as the size needs (`-0,7`)."""
    places = _decimals(value) if decimals is None else decimals
    if current_language() == "en":
        text: str = number_pattern(True, places).apply(round(value, places), _locale("en_GB"))
        point = "."
    else:
        text = format_number(value, places)
        point = ","
    if decimals is None and point in text:
        text = text.rstrip("0").rstrip(point)
    return text


def with_unit(text: str, unit: str | None) -> str:
    """A number and its unit: `15,1 %` in Norwegian, `15.1%` in English, `132 kr/m2`."""
    if not unit:
        return text
    if unit == "%" and current_language() == "en":
        return f"{text}%"
    return f"{text} {unit}"


def signed(text: str, value: float) -> str:
    """`+1,5` for a rise; a fall keeps its own sign."""
    return f"+{text}" if value > 0 else text
