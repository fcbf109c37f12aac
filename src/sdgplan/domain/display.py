"""Figures as a Norwegian reader expects them: `15,1 %`, `186 211`, `-0,7 %`, `Ikke målt`."""

from __future__ import annotations

from functools import cache

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

from sdgplan.domain.indicators import Observation, ObservationStatus

STATUS_WORDS = {
    ObservationStatus.NOT_MEASURED: "Ikke målt",
    ObservationStatus.PENDING: "Tall kommer",
    ObservationStatus.UNDER_DEVELOPMENT: "Nøkkeltall under utvikling",
}
STATUS_WORDS_EN = {
    ObservationStatus.NOT_MEASURED: "Not measured",
    ObservationStatus.PENDING: "Figures pending",
    ObservationStatus.UNDER_DEVELOPMENT: "Key figures under development",
}


@cache
def number_pattern(grouped: bool, decimals: int) -> NumberPattern:
    """A parsed Babel number pattern (parsing it for every number dominates the time)."""
    return parse_pattern(("#,##0" if grouped else "0") + ("." + "0" * decimals if decimals else ""))


@cache
def _locale(name: str) -> Locale:
    return Locale.parse(name)


def format_number(value: float, decimals: int = 0, *, locale: str = "nb_NO") -> str:
    """`186211` -> `186 211`, `-0.7` -> `-0,7`. Four-digit numbers are not grouped (`1748`),
    as in Norwegian reports; groups are separated by a plain space."""
    value = round(value, decimals)
    text: str = number_pattern(abs(value) >= 10_000, decimals).apply(value, _locale(locale))
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2212", "-")


def format_value(value: float, decimals: int, unit: str | None) -> str:
    number = format_number(value, decimals)
    return f"{number} {unit}" if unit else number


def display_observation(observation: Observation, unit: str | None) -> str:
    """What a reader sees for an observation: the printed text, the value, or a status word."""
    if observation.display is not None:
        return observation.display
    if observation.status is not ObservationStatus.MEASURED or observation.value is None:
        return STATUS_WORDS.get(observation.status, "")
    return format_value(observation.value, observation.decimals or 0, unit)
