"""Where a municipality stands among others on one indicator (issue 13, `sdgplan compare`).

The figures of other municipalities are the municipality's own stored observations whose
area is a municipality (kind `municipality`), for the same indicator and year, without a
breakdown. The group's value is weighted by another indicator (`weights`, a population)
for the same year, or a plain mean; the rank and percentile are among all municipalities
with the figure; the savings potential needs the own volume (`volume`) for the year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

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
from sdgplan.domain.indicators import AreaKind, Indicator, Observation, ObservationStatus
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
    observations = indicator_repo.load_observations(session, owner.number)
    kinds = {a.code: a.kind for a in stored.areas}
    figures = _figures(observations, kinds)
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
    wanted = method or (GroupMethod.WEIGHTED if weights else GroupMethod.MEAN)
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
        decimals=_decimals(observations, indicator, chosen_year),
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


Figures = dict[str, dict[int, dict[str, float]]]  # indicator -> year -> municipality -> value


def _figures(observations: list[Observation], kinds: dict[str, AreaKind]) -> Figures:
    """The measured figures of whole municipalities for single years."""
    figures: Figures = {}
    for obs in observations:
        if (
            obs.breakdown
            or obs.status is not ObservationStatus.MEASURED
            or obs.value is None
            or kinds.get(obs.area) is not AreaKind.MUNICIPALITY
            or not (len(obs.period) == 4 and obs.period.isdigit())
        ):
            continue
        figures.setdefault(obs.indicator, {}).setdefault(int(obs.period), {})[obs.area] = obs.value
    return figures


def _default_year(series: dict[int, dict[str, float]], own: str) -> int | None:
    with_own = [y for y, values in series.items() if own in values]
    with_any = [y for y, values in series.items() if values]
    return max(with_own or with_any, default=None)


def _decimals(observations: list[Observation], indicator: str, year: int) -> int:
    """As many decimals as the year's figures were given with (at most 2)."""
    found = [
        o.decimals or 0
        for o in observations
        if o.indicator == indicator and o.period == str(year) and o.value is not None
    ]
    return min(max(found, default=0), 2)
