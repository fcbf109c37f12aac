"""Comparison groups and where a municipality stands in them (issue 13, KOSTRA analyses).

A group's value is SSB's population-weighted mean where the indicator is a rate of the
population, or a plain mean of the members' figures. Members without a figure (or without
a weight) are left out and counted, so the method can be printed with the number:
"befolkningsvektet snitt av 12 av 13 kommuner i KOSTRA-gruppe 13".

Ranks use competition ranking ("1224": tied values share the best position, the next one
skips), position 1 being the best by the indicator's direction. The percentile is the share
of the other municipalities that are strictly worse, in per cent (ties do not count).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from sdgplan.domain.indicators import Direction
from sdgplan.i18n import _


class GroupKind(StrEnum):
    KOSTRA = "kostra"
    COUNTY = "county"
    COUNTRY = "country"
    COUNTRY_WITHOUT_OSLO = "country_without_oslo"
    PEERS = "peers"


class GroupMethod(StrEnum):
    WEIGHTED = "weighted"  # population-weighted: the indicator is a rate of the population
    MEAN = "mean"  # plain mean of the members' figures


class NoValueReason(StrEnum):
    EMPTY_GROUP = "empty_group"
    NO_FIGURES = "no_figures"


@dataclass(frozen=True)
class ComparisonGroup:
    """`members` are municipality numbers ("3203"); `name` is shown as is ("Akershus")."""

    key: str
    name: str
    kind: GroupKind
    members: tuple[str, ...]


@dataclass(frozen=True)
class GroupValue:
    """`value` is None when no member could be used, and `reason` says why."""

    value: float | None
    method: GroupMethod
    group: ComparisonGroup
    members_used: tuple[str, ...]
    members_missing: tuple[str, ...]
    reason: NoValueReason | None = None


@dataclass(frozen=True)
class Rank:
    """`position` 1 is the best of `of`; `percentile` is None when there is no other."""

    position: int
    of: int
    percentile: float | None


@dataclass(frozen=True)
class Distance:
    """Own value minus the group's; `relative` is that share of the group's value (None at 0)."""

    absolute: float
    relative: float | None


def group_value(
    values: Mapping[str, float],
    group: ComparisonGroup,
    *,
    method: GroupMethod,
    weights: Mapping[str, float] | None = None,
) -> GroupValue:
    """The group's mean of `values` (municipality number -> figure), weighted by `weights`
    (number -> population) when `method` is weighted.

    >>> g = ComparisonGroup("p", "Tre", GroupKind.PEERS, ("a", "b", "c"))
    >>> group_value({"a": 10, "b": 20}, g, method=GroupMethod.MEAN).value
    15.0
    """
    if method is GroupMethod.WEIGHTED and weights is None:
        raise ValueError("a weighted group value needs weights")
    used: list[str] = []
    missing: list[str] = []
    for number in dict.fromkeys(group.members):
        usable = _finite(values.get(number)) and (
            method is GroupMethod.MEAN or _positive(weights, number)
        )
        (used if usable else missing).append(number)
    if not used:
        reason = NoValueReason.NO_FIGURES if group.members else NoValueReason.EMPTY_GROUP
        return GroupValue(None, method, group, (), tuple(missing), reason)
    if method is GroupMethod.WEIGHTED:
        assert weights is not None
        total = math.fsum(weights[n] for n in used)
        value = math.fsum(values[n] * weights[n] for n in used) / total
    else:
        value = math.fsum(values[n] for n in used) / len(used)
    return GroupValue(value, method, group, tuple(used), tuple(missing))


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def _positive(weights: Mapping[str, float] | None, number: str) -> bool:
    weight = weights.get(number) if weights is not None else None
    return weight is not None and math.isfinite(weight) and weight > 0


def rank(values: Mapping[str, float], municipality: str, *, direction: Direction) -> Rank | None:
    """Where `municipality` stands among all in `values` that have a finite figure, best
    first by `direction`; None when it has no figure.

    >>> r = rank({"a": 5, "b": 7, "c": 7, "d": 9}, "c", direction=Direction.LOWER)
    >>> r.position, r.of, round(r.percentile, 1)
    (2, 4, 33.3)
    """
    figures = {n: v for n, v in values.items() if _finite(v)}
    if municipality not in figures:
        return None
    own = figures[municipality]
    sign = 1 if direction is Direction.HIGHER else -1
    better = sum(1 for v in figures.values() if sign * v > sign * own)
    worse = sum(1 for v in figures.values() if sign * v < sign * own)
    others = len(figures) - 1
    percentile = 100 * worse / others if others else None
    return Rank(position=better + 1, of=len(figures), percentile=percentile)


def distance(own: float, group: float) -> Distance:
    """`own - group`, and that as a share of `group`.

    >>> distance(12.0, 10.0)
    Distance(absolute=2.0, relative=0.2)
    """
    absolute = own - group
    return Distance(absolute=absolute, relative=absolute / group if group else None)


Money = Decimal | int | float


def savings_potential(own_unit_cost: Money, group_unit_cost: Money, own_volume: Money) -> Decimal:
    """(own unit cost - group unit cost) x own volume, as KOSTRA analyses present it:
    positive is what the municipality would save at the group's unit cost, negative that it
    spends less than the group. Exact: a float is taken as the decimal it prints as.

    >>> savings_potential(Decimal("125000"), Decimal("118500.50"), 420)
    Decimal('2729790.00')
    """
    own, group, volume = (_decimal(x) for x in (own_unit_cost, group_unit_cost, own_volume))
    return (own - group) * volume


def _decimal(value: Money) -> Decimal:
    result = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not result.is_finite():
        raise ValueError(f"not a finite amount: {value!r}")
    return result


def groups_containing(
    groups: Iterable[ComparisonGroup], municipality: str
) -> list[ComparisonGroup]:
    """The groups that have `municipality` among their members (its KOSTRA group, say)."""
    return [g for g in groups if municipality in g.members]


def describe_method(value: GroupValue) -> str:
    """The method printed with the number, in the current language: "befolkningsvektet snitt
    av 12 av 13 kommuner i KOSTRA-gruppe 13"."""
    total = len(value.members_used) + len(value.members_missing)
    if value.value is None:
        if value.reason is NoValueReason.EMPTY_GROUP:
            return _("ingen verdi: {group} har ingen kommuner").format(group=_place(value.group))
        return _("ingen verdi: ingen av {total} kommuner i {group} har tall").format(
            total=total, group=_place(value.group)
        )
    if value.method is GroupMethod.WEIGHTED:
        text = _("befolkningsvektet snitt av {used} av {total} kommuner i {group}")
    else:
        text = _("uvektet snitt av {used} av {total} kommuner i {group}")
    return text.format(used=len(value.members_used), total=total, group=_place(value.group))


def _place(group: ComparisonGroup) -> str:
    if group.kind is GroupKind.COUNTRY:
        return _("hele landet")
    if group.kind is GroupKind.COUNTRY_WITHOUT_OSLO:
        return _("landet utenom Oslo")
    return group.name
