"""Where a municipality stands among others on one indicator (issue 13, `sdgplan compare`).

The figures of other municipalities are the measured figures of the municipality's
indicator whose area is a municipality, for the same year, without a breakdown: its own
stored observations and, for an indicator bound to a shared series, the series' figures of
every municipality (`indicator_repo.load_measured_values`). The group's value is weighted
by another indicator (`weights`, a population) for the same year, or a plain mean; the rank
and percentile are among all municipalities with the figure; the savings potential needs
the own volume (`volume`) for the year.

`compare_all` gives the same for every indicator and every municipality with a figure at
once (a county or a national office follows them all): one sort per indicator for the
ranks, and each group's value computed once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

import numpy as np
from sqlalchemy.orm import Session

from sdgplan.assessment.batch import measure_progress_batch
from sdgplan.assessment.progress import ProgressStatus
from sdgplan.domain.groups import (
    ComparisonGroup,
    Distance,
    GroupMethod,
    GroupValue,
    Rank,
    distance,
    group_value,
    groups_containing,
    rank,
    savings_potential,
)
from sdgplan.domain.indicators import (
    Area,
    AreaKind,
    Direction,
    Indicator,
)
from sdgplan.domain.plan import Municipality
from sdgplan.errors import ConfigError, NotFound
from sdgplan.i18n import _
from sdgplan.loading import resolve_municipality
from sdgplan.reference.comparison_groups import (
    country_group,
    country_without_oslo_group,
    county_group,
    peer_group,
)
from sdgplan.reference.municipalities import load_municipalities
from sdgplan.store import indicator_repo

FIXED_GROUPS = ("kostra", "county", "country", "country-without-oslo", "peers")


@dataclass(frozen=True)
class Comparison:
    """One indicator of `municipality` in `year` against `group`.

    `own` is None when the municipality has no figure that year (then so are `distance`,
    `rank` and `savings`); `weighted_unavailable` says a weighted mean was asked for but
    no weights were there, so the plain mean was used.
    """

    municipality: Municipality
    indicator: Indicator
    year: int
    own: float | None
    decimals: int
    group: GroupValue
    weighted_unavailable: bool
    distance: Distance | None
    rank: Rank | None
    weights: str | None = None
    volume_key: str | None = None
    volume: float | None = None
    savings: Decimal | None = None


def choose_group(
    choice: str,
    municipality: str,
    *,
    kostra_groups: Sequence[ComparisonGroup] = (),
    peers: Sequence[str] = (),
) -> ComparisonGroup:
    """The group `choice` names: `kostra` (the municipality's group in `kostra_groups`),
    `county`, `country`, `country-without-oslo`, `peers`, or a KOSTRA group by its code or
    name."""
    if choice == "peers":
        if not peers:
            raise ConfigError(_("En egen sammenligningsgruppe trenger kommunenumre"))
        return peer_group("peers", _("sammenligningsgruppen"), peers)
    if choice == "county":
        return county_group(municipality)
    if choice == "country":
        return country_group()
    if choice == "country-without-oslo":
        return country_without_oslo_group()
    if not kostra_groups:
        raise ConfigError(
            _("KOSTRA-grupper trenger en fil fra Klass"),
            hint=_("Lagre SSBs klassifikasjon 112 som JSON, se docs/sources.md."),
        )
    if choice == "kostra":
        found = groups_containing(kostra_groups, municipality)
        if not found:
            raise NotFound(
                _("Kommune {number} er ikke med i noen KOSTRA-gruppe i filen").format(
                    number=municipality
                )
            )
        return found[0]
    wanted = choice.casefold()
    for group in kostra_groups:
        if wanted in (group.key.removeprefix("kostra:").casefold(), group.name.casefold()):
            return group
    names = ", ".join(g.name for g in kostra_groups)
    raise NotFound(
        _("Ukjent gruppe «{choice}»; velg en av: {names}").format(
            choice=choice, names=", ".join(FIXED_GROUPS[:-1]) + ", " + names
        )
    )


def compare(
    session: Session,
    *,
    indicator: str,
    group: ComparisonGroup | str,
    municipality: str | None = None,
    year: int | None = None,
    method: GroupMethod | None = None,
    weights: str | None = None,
    volume: str | None = None,
    kostra_groups: Sequence[ComparisonGroup] = (),
    peers: Sequence[str] = (),
) -> Comparison:
    """Compare `indicator` of the municipality with `group` (a group, or a choice for
    `choose_group`). `method` defaults to weighted when `weights` (an indicator key) is
    given, else the plain mean. `year` defaults to the latest with the own figure, else to
    the latest with any municipality's figure."""
    owner = resolve_municipality(session, municipality)
    stored = indicator_repo.load_indicator_set(session, owner.number)
    indicators = {i.key: i for i in stored.indicators}
    for key in (indicator, weights, volume):
        if key is not None and key not in indicators:
            raise NotFound(
                _("Ukjent indikator «{key}» for {name}").format(key=key, name=owner.name),
                hint=_("Se indikatorene med: sdgplan show indicators"),
            )
    chosen = (
        group
        if isinstance(group, ComparisonGroup)
        else choose_group(group, owner.number, kostra_groups=kostra_groups, peers=peers)
    )
    measured = indicator_repo.load_measured_values(session, owner.number)
    figures = _measured_figures(measured, _kinds(stored.areas))
    series = figures.get(indicator, {})
    chosen_year = year if year is not None else _default_year(series, owner.number)
    if chosen_year is None:
        raise NotFound(
            _("Ingen kommuner har tall for «{key}»").format(key=indicator),
            hint=_("Importer tall med: sdgplan import observations FIL"),
        )
    values = series.get(chosen_year, {})
    if not values:
        years = ", ".join(str(y) for y in sorted(y for y, v in series.items() if v))
        raise NotFound(
            _("Ingen kommuner har tall for «{key}» i {year}").format(
                key=indicator, year=chosen_year
            ),
            hint=_("År med tall: {years}").format(years=years) if years else None,
        )
    weight_values = figures.get(weights, {}).get(chosen_year, {}) if weights else {}
    wanted = _method(method, indicators[indicator], weights)
    unavailable = wanted is GroupMethod.WEIGHTED and not weight_values
    used = GroupMethod.MEAN if unavailable else wanted
    value = group_value(
        values, chosen, method=used, weights=weight_values if used is GroupMethod.WEIGHTED else None
    )
    own = values.get(owner.number)
    direction = indicators[indicator].direction
    own_volume = figures.get(volume, {}).get(chosen_year, {}).get(owner.number) if volume else None
    savings = None
    if own is not None and value.value is not None and own_volume is not None:
        savings = savings_potential(own, value.value, own_volume)
    return Comparison(
        municipality=owner,
        indicator=indicators[indicator],
        year=chosen_year,
        own=own,
        decimals=_decimals(measured, indicator, chosen_year),
        group=value,
        weighted_unavailable=unavailable,
        distance=distance(own, value.value)
        if own is not None and value.value is not None
        else None,
        rank=rank(values, owner.number, direction=direction) if direction else None,
        weights=weights if used is GroupMethod.WEIGHTED else None,
        volume_key=volume,
        volume=own_volume,
        savings=savings,
    )


@dataclass(frozen=True)
class Standing:
    """One municipality on one indicator in `year`, from `compare_all`.

    `group` is None when the municipality belongs to no group of the choice (no KOSTRA group
    in the file, say); `rank` is None when the indicator has no direction, and so is
    `progress`: the Open SDG progress of the municipality's own series of the indicator up
    to `year` (`assessment.measure_progress_batch`, without the owner's target).
    """

    indicator: str
    municipality: str
    year: int
    value: float
    group: GroupValue | None
    distance: Distance | None
    rank: Rank | None
    progress: ProgressStatus | None = None


Measured = tuple[str, str, str, float, int | None]  # key, area, period, value, decimals
OnIndicator = Callable[[int, int, str], None]  # indicators done, of how many, the last key


def compare_all(
    session: Session,
    municipality: str | None = None,
    *,
    group: str,
    year: int | None = None,
    method: GroupMethod | None = None,
    weights: str | None = None,
    kostra_groups: Sequence[ComparisonGroup] = (),
    peers: Sequence[str] = (),
    progress: OnIndicator | None = None,
) -> list[Standing]:
    """Every municipality with a figure, on every indicator of `municipality`'s data, each
    against its own group of the choice `group` (`county`: its county; `kostra`: its KOSTRA
    group; `country`, `country-without-oslo`, `peers` or a named KOSTRA group: the same for
    all). The year of each indicator is `year`, else chosen as `compare` chooses it for
    `municipality`; indicators without figures that year are left out. `method` and
    `weights` as in `compare`; `progress` is called after each indicator.

    Gives `compare`'s rank, group value and distance (not the savings potential) for each
    municipality, in one pass per indicator: the ranks from one sort, each group's value
    once.
    """
    owner = resolve_municipality(session, municipality)
    stored = indicator_repo.load_indicator_set(session, owner.number)
    if weights is not None and weights not in {i.key for i in stored.indicators}:
        raise NotFound(
            _("Ukjent indikator «{key}» for {name}").format(key=weights, name=owner.name),
            hint=_("Se indikatorene med: sdgplan show indicators"),
        )
    group_of = _group_chooser(group, owner.number, kostra_groups=kostra_groups, peers=peers)
    measured = indicator_repo.load_measured_values(session, owner.number)
    figures = _measured_figures(measured, _kinds(stored.areas))
    standings: list[Standing] = []
    for done, indicator in enumerate(stored.indicators, start=1):
        series = figures.get(indicator.key, {})
        chosen_year = year if year is not None else _default_year(series, owner.number)
        values = series.get(chosen_year, {}) if chosen_year is not None else {}
        if chosen_year is not None and values:
            weight_values = figures.get(weights, {}).get(chosen_year, {}) if weights else {}
            wanted = _method(method, indicator, weights)
            used = (
                GroupMethod.MEAN if wanted is GroupMethod.WEIGHTED and not weight_values else wanted
            )
            found = _standings(
                indicator,
                chosen_year,
                values,
                group_of,
                method=used,
                weights=weight_values if used is GroupMethod.WEIGHTED else None,
            )
            standings += _with_progress(found, indicator, series, chosen_year)
        if progress is not None:
            progress(done, len(stored.indicators), indicator.key)
    return standings


def _standings(
    indicator: Indicator,
    year: int,
    values: dict[str, float],
    group_of: Callable[[str], ComparisonGroup | None],
    *,
    method: GroupMethod,
    weights: dict[str, float] | None,
) -> list[Standing]:
    """The standings of one indicator-year: ranks from one sort, group values once each."""
    ranks = _ranks(values, indicator.direction) if indicator.direction else {}
    group_values: dict[str, GroupValue] = {}
    result = []
    for number, own in values.items():
        chosen = group_of(number)
        value = None
        if chosen is not None:
            value = group_values.get(chosen.key)
            if value is None:
                value = group_value(values, chosen, method=method, weights=weights)
                group_values[chosen.key] = value
        gap = distance(own, value.value) if value is not None and value.value is not None else None
        result.append(Standing(indicator.key, number, year, own, value, gap, ranks.get(number)))
    return result


def _with_progress(
    standings: list[Standing],
    indicator: Indicator,
    series: dict[int, dict[str, float]],
    year: int,
) -> list[Standing]:
    """`standings` with each municipality's progress, all assessed at once."""
    if indicator.direction is None or not standings:
        return standings
    years = sorted(y for y in series if y <= year)
    numbers = [s.municipality for s in standings]
    values = np.array(
        [[series[y].get(n, np.nan) for n in numbers] for y in years], dtype=np.float64
    )
    options = indicator.progress
    statuses = measure_progress_batch(
        values,
        years,
        direction=indicator.direction.value,
        base_year=options.base_year,
        limit=np.nan if options.limit is None else options.limit,
    ).statuses()
    return [replace(s, progress=p) for s, p in zip(standings, statuses, strict=True)]


def _ranks(values: dict[str, float], direction: Direction) -> dict[str, Rank]:
    """`rank` for every municipality with a finite figure, from one sort: the better ones
    are those above in the sorted order, the worse ones those below (ties in neither)."""
    numbers = list(values)
    figures = np.fromiter(values.values(), dtype=np.float64, count=len(numbers))
    finite = np.isfinite(figures)
    oriented = (1 if direction is Direction.HIGHER else -1) * figures[finite]
    ordered = np.sort(oriented)
    worse = np.searchsorted(ordered, oriented, side="left")
    better = len(ordered) - np.searchsorted(ordered, oriented, side="right")
    others = len(ordered) - 1
    kept = [n for n, ok in zip(numbers, finite.tolist(), strict=True) if ok]
    return {
        number: Rank(position=b + 1, of=others + 1, percentile=100 * w / others if others else None)
        for number, b, w in zip(kept, better.tolist(), worse.tolist(), strict=True)
    }


def _group_chooser(
    choice: str,
    owner: str,
    *,
    kostra_groups: Sequence[ComparisonGroup],
    peers: Sequence[str],
) -> Callable[[str], ComparisonGroup | None]:
    """Each municipality's group of `choice`: its own county or KOSTRA group, or the one
    group the choice names for all (with `choose_group`'s messages for a wrong choice)."""
    if choice not in ("county", "kostra"):
        fixed = choose_group(choice, owner, kostra_groups=kostra_groups, peers=peers)
        return lambda number: fixed
    if choice == "kostra" and not kostra_groups:
        choose_group(choice, owner)  # raises: KOSTRA groups need a file
    chosen: dict[str, ComparisonGroup | None] = {}

    def group_of(number: str) -> ComparisonGroup | None:
        if number not in chosen:
            try:
                chosen[number] = choose_group(choice, number, kostra_groups=kostra_groups)
            except NotFound:  # in no KOSTRA group, or not a number of the register
                chosen[number] = None
        return chosen[number]

    return group_of


Figures = dict[str, dict[int, dict[str, float]]]  # indicator -> year -> municipality -> value


def _kinds(areas: Sequence[Area]) -> dict[str, AreaKind]:
    """Kinds of the areas by code; a code the municipality does not show (another's figure in
    a shared national series) is a municipality when the register knows its number."""
    kinds = {number: AreaKind.MUNICIPALITY for number in load_municipalities()}
    kinds.update((a.code, a.kind) for a in areas)
    return kinds


def _method(method: GroupMethod | None, indicator: Indicator, weights: str | None) -> GroupMethod:
    """The method asked for, else the indicator's own (`group_method`), else weighted when
    there are weights and a plain mean when not."""
    if method is not None:
        return method
    if indicator.group_method is not None:
        return GroupMethod(indicator.group_method)
    return GroupMethod.WEIGHTED if weights else GroupMethod.MEAN


def _measured_figures(values: list[Measured], kinds: dict[str, AreaKind]) -> Figures:
    """The measured figures of whole municipalities for single years, from the store's
    `load_measured_values`."""
    figures: Figures = {}
    for key, area, period, value, _decimals in values:
        if kinds.get(area) is AreaKind.MUNICIPALITY and len(period) == 4 and period.isdigit():
            figures.setdefault(key, {}).setdefault(int(period), {})[area] = value
    return figures


def _default_year(series: dict[int, dict[str, float]], own: str) -> int | None:
    with_own = [y for y, values in series.items() if own in values]
    with_any = [y for y, values in series.items() if values]
    return max(with_own or with_any, default=None)


def _decimals(values: list[Measured], indicator: str, year: int) -> int:
    """As many decimals as the year's figures were given with (at most 2)."""
    period = str(year)
    found = [d or 0 for key, _, p, _, d in values if key == indicator and p == period]
    return min(max(found, default=0), 2)
