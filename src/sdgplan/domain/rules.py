"""Assessment rules kept with an indicator: thresholds, Asker's three bands, targets.

See docs/assessment.md for how each is applied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sdgplan.domain.numbers import parse_number
from sdgplan.i18n import _

# `1 000`, `1,5`, `10`; never followed directly by a letter, digit or separator (`1e308`)
_NUMBER = r"(-?(?:[0-9]{1,3}(?:[ \u00a0][0-9]{3})+|[0-9]+)(?:[.,][0-9]+)?)(?![\w.,])"
_UNIT = r"\s*((?:[^\d\s].*?)?)\s*$"  # a unit never starts with a digit
_ONE_SIDED = re.compile(rf"^\s*(>=|<=|>|<|≥|≤)\s*{_NUMBER}{_UNIT}")
_RANGE = re.compile(rf"^\s*{_NUMBER}\s*[-–]\s*{_NUMBER}{_UNIT}")


def _number(text: str) -> float:
    return parse_number(text)


def _plain(value: float) -> str:
    """`10`, `1.30`: two decimals unless whole or more precise, as rule texts are written."""
    if float(value).is_integer() or round(value, 2) != value:
        return f"{value:g}"
    return f"{value:.2f}"


def _unit(text: str) -> str | None:
    return re.sub(r"\s*/\s*", "/", text) or None


@dataclass(frozen=True)
class ValueRange:
    """An interval, both ends included: `1,30-1,69 %`."""

    lower: float
    upper: float
    unit: str | None = None

    @classmethod
    def parse(cls, text: str) -> ValueRange:
        match = _RANGE.match(text)
        if not match or _number(match.group(1)) > _number(match.group(2)):
            raise ValueError(
                _("«{text}» er ikke et intervall (skriv f.eks. «1,30-1,69 %»)").format(text=text)
            )
        return cls(_number(match.group(1)), _number(match.group(2)), _unit(match.group(3)))

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int | float) and self.lower <= value <= self.upper

    def __str__(self) -> str:
        text = f"{_plain(self.lower)}-{_plain(self.upper)}"
        return f"{text} {self.unit}" if self.unit else text


@dataclass(frozen=True)
class Threshold:
    """A limit: one-sided ("> 10 %": operator >, >=, <, <=) or a band ("10-20 %": between)."""

    operator: str
    value: float
    unit: str | None = None
    upper: float | None = None

    @classmethod
    def parse(cls, text: str) -> Threshold:
        """`> 10 %`, `< 5%`, `> 140 kr/ m2` (spaces as a PDF export leaves them), `10-20 %`.

        >>> Threshold.parse("> 140 kr/ m2")
        Threshold(operator='>', value=140.0, unit='kr/m2', upper=None)
        """
        match = _ONE_SIDED.match(text)
        if match:
            operator, number, unit = match.groups()
            operator = {"≥": ">=", "≤": "<="}.get(operator, operator)
            return cls(operator, _number(number), _unit(unit))
        try:
            band = ValueRange.parse(text)
        except ValueError:
            raise ValueError(
                _("«{text}» er ikke en terskel (skriv f.eks. «> 10 %» eller «10-20 %»)").format(
                    text=text
                )
            ) from None
        return cls("between", band.lower, band.unit, band.upper)

    def is_met(self, value: float) -> bool:
        if self.operator == "between":
            assert self.upper is not None
            return self.value <= value <= self.upper
        return {
            ">": value > self.value,
            ">=": value >= self.value,
            "<": value < self.value,
            "<=": value <= self.value,
        }[self.operator]

    def __str__(self) -> str:
        if self.operator == "between":
            text = f"{self.value:g}-{self.upper:g}"
        else:
            text = f"{self.operator} {self.value:g}"
        return f"{text} {self.unit}" if self.unit else text


@dataclass(frozen=True)
class Bands:
    """Asker's three-band model from its action programmes: a desired result, the lowest
    acceptable result, and everything else not acceptable; each band one or more ranges."""

    desired: tuple[ValueRange, ...]
    acceptable: tuple[ValueRange, ...] = ()

    def classify(self, value: float) -> str:
        if any(value in r for r in self.desired):
            return "desired"
        if any(value in r for r in self.acceptable):
            return "acceptable"
        return "not_acceptable"


@dataclass(frozen=True)
class Target:
    """A quantified target: `value` by `year`, or a relative `change` (in %) from `base_year`.

    A relative target needs the base year's value: from an observation, or derived from a
    stated result `reached_change` (in %) in `reached_year` ("-44 % by 2021").
    """

    year: int
    value: float | None = None
    change: float | None = None
    base_year: int | None = None
    reached_change: float | None = None
    reached_year: int | None = None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.change is None):
            raise ValueError(_("et mål trenger enten en verdi eller en endring, ikke begge"))
        if self.change is not None and self.base_year is None:
            raise ValueError(_("et mål gitt som en endring trenger et basisår (base_year)"))
        if (self.reached_change is None) != (self.reached_year is None):
            raise ValueError(_("«reached» trenger både en endring og et år"))

    def resolve(self, series: dict[int, float]) -> tuple[float, float | None] | None:
        """The target value and the base-year value it is relative to, or None if unknown."""
        if self.value is not None:
            return self.value, None
        assert self.change is not None and self.base_year is not None
        base = series.get(self.base_year)
        if base is None and self.reached_year in series and self.reached_change is not None:
            base = series[self.reached_year] / (1 + self.reached_change / 100)
        if base is None:
            return None
        return base * (1 + self.change / 100), base


@dataclass(frozen=True)
class ProgressOptions:
    """Options of the Open SDG progress method (see docs/assessment.md)."""

    base_year: int = 2015
    limit: float | None = None
