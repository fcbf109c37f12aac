"""Numbers inside sentences of the assessment, in Norwegian and in English."""

from __future__ import annotations

from sdgplan.domain.display import _locale, format_number, number_pattern


def _decimals(value: float) -> int:
    size = abs(value)
    return 0 if size >= 100 else 1 if size >= 10 else 2 if size < 1 else 1


def number_nb(value: float, decimals: int | None = None) -> str:
    """With `decimals` given, exactly that many; else as many as the size needs (`-0,7`)."""
    if decimals is not None:
        return format_number(value, decimals)
    return _trim(format_number(value, _decimals(value)), ",")


def number_en(value: float, decimals: int | None = None) -> str:
    places = _decimals(value) if decimals is None else decimals
    text = number_pattern(True, places).apply(round(value, places), _locale("en_GB"))
    return text if decimals is not None else _trim(text, ".")


def _trim(text: str, point: str) -> str:
    return text.rstrip("0").rstrip(point) if point in text else text


def percent_nb(rate: float) -> str:
    """A rate (0.015) as `1,5 %`, with a sign when it is a change."""
    return f"{'+' if rate > 0 else ''}{format_number(rate * 100, 1)} %"


def percent_en(rate: float) -> str:
    return f"{'+' if rate > 0 else ''}{number_en(rate * 100, 1)} %"
