"""What a key figure is measured against, as the reader sees it: the threshold ("> 10 %")
and the target (value and year), shown in the key-figure table and drawn on the chart."""

from __future__ import annotations

from dataclasses import dataclass

from sdgplan.domain.display import format_number
from sdgplan.domain.indicators import Indicator, Observation, ObservationStatus
from sdgplan.domain.periods import is_year


@dataclass(frozen=True)
class Goalposts:
    threshold: str | None = None  # "> 10 %", "10-20 %"
    target_year: int | None = None
    target_value: float | None = None
    target: str | None = None  # "50 %"

    def __bool__(self) -> bool:
        return self.threshold is not None or self.target is not None


def yearly_values(
    indicator: Indicator, observations: list[Observation], *, area: str
) -> dict[int, float]:
    """The measured values of `indicator` for `area` by year, without breakdowns."""
    return {
        int(o.period): o.value
        for o in observations
        if o.indicator == indicator.key
        and o.area == area
        and not o.breakdown
        and is_year(o.period)
        and o.value is not None
        and o.status is ObservationStatus.MEASURED
    }


def goalposts(indicator: Indicator, series: dict[int, float]) -> Goalposts:
    """The threshold and the target of `indicator`; a relative target ("-67 % from 2009")
    becomes a level when the base year's value is known (`Target.resolve`)."""
    threshold = str(indicator.threshold).replace(".", ",") if indicator.threshold else None
    target = indicator.target
    resolved = target.resolve(series) if target is not None else None
    if target is None or resolved is None:
        return Goalposts(threshold, target.year if target else None)
    value = resolved[0]
    text = plain_number(value) + (f" {indicator.unit}" if indicator.unit else "")
    return Goalposts(threshold, target.year, value, text)


def plain_number(value: float) -> str:
    """`50.0` -> `50`, `12.34` -> `12,3`, `31020.3` -> `31 020`: as many decimals as a
    reader needs for a limit or a target."""
    decimals = 0 if abs(value) >= 100 or float(value).is_integer() else 1
    return format_number(value, decimals)
