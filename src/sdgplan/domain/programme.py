"""The action programme with budget (handlingsprogram, kommuneloven § 14-4) for a period of
years: service areas and their frames, measures, investments, staff, the figures the
financial rules need, and its versions: the proposal, the director's supplementary
recommendation, each party's amendment set, and the adopted programme.

Amounts are NOK as exact decimals, per year. A measure's amount is a change to its service
area's operating frame: positive spends more, negative saves (restructuring is negative).
Every version but the proposal is a change set on another version (its `base`): measures
added, removed or with changed amounts, and financing lines that pay for them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from sdgplan.domain.display import format_number
from sdgplan.i18n import _

Amounts = dict[int, Decimal]  # year -> NOK

MAX_AMOUNT = Decimal("1e15")
MAX_YEARS = 10
_PERIOD = re.compile(r"^(\d{4})-(\d{4})$")
_AMOUNT = re.compile(r"^[+-]?[0-9]+(?:\.[0-9]+)?$")
MILLION = Decimal(1_000_000)
# What the figures of a file are written in (`unit:`): amounts are stored in NOK.
UNITS = {"kr": Decimal(1), "1000 kr": Decimal(1000), "mill. kr": MILLION}


class MeasureKind(StrEnum):
    NEW = "new"  # nytt tiltak
    DEMOGRAPHY = "demography"  # demografijustering
    RESTRUCTURING = "restructuring"  # omstilling og effektivisering
    PRICE_WAGE = "price-wage"  # pris- og lønnsvekst


class VersionKind(StrEnum):
    PROPOSAL = "proposal"  # kommunedirektørens forslag
    SUPPLEMENTARY = "supplementary"  # tilleggsinnstilling
    AMENDMENT = "amendment"  # a party's amendment set (endringsforslag)
    ADOPTED = "adopted"  # vedtatt


class ChangeAction(StrEnum):
    ADD = "add"
    REMOVE = "remove"
    CHANGE = "change"


@dataclass(frozen=True)
class Period:
    first: int
    last: int

    @classmethod
    def parse(cls, text: str) -> Period:
        """`2024-2027`; ValueError naming the text otherwise."""
        match = _PERIOD.match(text.strip())
        if match:
            first, last = int(match[1]), int(match[2])
            if first <= last < first + MAX_YEARS:
                return cls(first, last)
        raise ValueError(
            _("«{text}» er ikke en periode (skriv f.eks. 2024-2027, høyst {years} år)").format(
                text=text, years=MAX_YEARS
            )
        )

    @property
    def years(self) -> range:
        return range(self.first, self.last + 1)

    def __str__(self) -> str:
        return f"{self.first}-{self.last}"


def parse_amount(text: str, unit: Decimal = Decimal(1)) -> Decimal:
    """`12500000`, `-12 500 000`, `12,5` (with `unit` a million: 12.5 mill. kr) in NOK."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not _AMOUNT.match(cleaned):
        raise ValueError(_("«{text}» er ikke et beløp").format(text=text))
    try:
        amount = Decimal(cleaned) * unit
    except InvalidOperation:  # pragma: no cover - the pattern lets only numbers through
        raise ValueError(_("«{text}» er ikke et beløp").format(text=text)) from None
    if abs(amount) >= MAX_AMOUNT:
        raise ValueError(_("«{text}» er for stort").format(text=text))
    return amount.quantize(Decimal(1)) if amount == amount.to_integral() else amount.normalize()


def amount_text(amount: Decimal) -> str:
    """The exact text of an amount, never in exponent form: `12500000`, `0.5`."""
    return format(amount, "f")


def format_millions(amount: Decimal) -> str:
    """`-12500000` -> `-12,5 mill. kr`; below a million in kroner: `-15 000 kr`."""
    if abs(amount) < MILLION:
        return _("{amount} kr").format(amount=format_number(float(amount), 0))
    millions = (amount / MILLION).quantize(Decimal("0.01"))
    decimals = 0 if millions == millions.to_integral() else 1 if millions * 10 % 1 == 0 else 2
    return _("{amount} mill. kr").format(amount=format_number(float(millions), decimals))


@dataclass(frozen=True)
class ServiceArea:
    """A service area (tjenesteområde): its operating frame per year in the proposal, its
    staff (årsverk) per year and its share of the accounts (percent) in past years."""

    key: str
    name: str
    frames: Amounts = field(default_factory=dict)
    staff: dict[int, Decimal] = field(default_factory=dict)
    shares: dict[int, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Measure:
    """A change to a service area's frame (None: the whole municipality, e.g. an efficiency
    requirement not yet shared out), linked to the plan's goals and strategies by key."""

    key: str
    text: str
    kind: MeasureKind
    amounts: Amounts
    service_area: str | None = None
    goals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Change:
    """One change of a change set: a measure added, removed, or given new amounts."""

    action: ChangeAction
    key: str
    measure: Measure | None = None  # the added measure
    amounts: Amounts = field(default_factory=dict)  # the new amounts of a changed one


@dataclass(frozen=True)
class Financing:
    """A line that pays for a change set's measures (a higher income estimate, use of the
    reserve fund): positive makes money available."""

    key: str
    text: str
    amounts: Amounts


@dataclass(frozen=True)
class Investment:
    """A project of the investment programme, and how it is financed (source -> amounts)."""

    key: str
    name: str
    amounts: Amounts
    service_area: str | None = None
    financing: dict[str, Amounts] = field(default_factory=dict)


@dataclass(frozen=True)
class Economy:
    """The totals of one year the financial rules need (NOK)."""

    operating_income: Decimal  # brutto driftsinntekter
    net_operating_result: Decimal  # netto driftsresultat
    reserve_fund: Decimal  # disposisjonsfond
    net_debt: Decimal  # netto lånegjeld


ECONOMY_FIELDS = ("operating_income", "net_operating_result", "reserve_fund", "net_debt")


@dataclass(frozen=True)
class ProgrammeVersion:
    """The proposal (its `measures`) or a change set on the version `base`."""

    key: str
    kind: VersionKind
    party: str | None = None
    base: str | None = None
    measures: tuple[Measure, ...] = ()
    changes: tuple[Change, ...] = ()
    financing: tuple[Financing, ...] = ()
    date: dt.date | None = None  # when it was put forward or adopted

    @property
    def label(self) -> str:
        if self.kind is VersionKind.AMENDMENT:
            return _("Endringsforslaget fra {party}").format(party=self.party or self.key)
        return {
            VersionKind.PROPOSAL: _("Forslaget"),
            VersionKind.SUPPLEMENTARY: _("Tilleggsinnstillingen"),
            VersionKind.ADOPTED: _("Vedtaket"),
        }[self.kind]


# The financial rules (handlingsregler) as shares of the operating income, in percent.
RULE_FIGURES = {
    "net_operating_result": lambda e: e.net_operating_result,
    "reserve_fund": lambda e: e.reserve_fund,
    "net_debt": lambda e: e.net_debt,
}


@dataclass(frozen=True)
class Programme:
    municipality: str
    period: Period
    title: str
    service_areas: tuple[ServiceArea, ...]
    versions: tuple[ProgrammeVersion, ...]
    investments: tuple[Investment, ...] = ()
    economy: dict[int, Economy] = field(default_factory=dict)
    rules: dict[str, str] = field(default_factory=dict)  # RULE_FIGURES key -> indicator key
    illustrative: bool = False  # figures made up for an example, not the municipality's

    def version(self, key: str) -> ProgrammeVersion:
        for version in self.versions:
            if version.key == key:
                return version
        raise KeyError(key)

    def measures(self, key: str) -> list[Measure]:
        """The measures of version `key`: the proposal's, with each change set applied."""
        version = self.version(key)
        if version.base is None:
            return list(version.measures)
        return apply_changes(self.measures(version.base), version.changes)

    def frames(self, key: str) -> dict[str, Amounts]:
        """Each service area's frame per year in version `key`: the proposal's frame with
        the version's changes to the proposal's measures."""
        proposal = self.measures(self.versions[0].key)
        change = _by_area(self.measures(key), self.period)
        base = _by_area(proposal, self.period)
        return {
            area.key: {
                year: area.frames.get(year, Decimal(0))
                + change.get(area.key, {}).get(year, Decimal(0))
                - base.get(area.key, {}).get(year, Decimal(0))
                for year in self.period.years
            }
            for area in self.service_areas
        }


def _by_area(measures: Iterable[Measure], period: Period) -> dict[str | None, Amounts]:
    totals: dict[str | None, Amounts] = {}
    for measure in measures:
        add_into(totals.setdefault(measure.service_area, {}), measure.amounts, period)
    return totals


def add_into(total: Amounts, amounts: Mapping[int, Decimal], period: Period, sign: int = 1) -> None:
    for year in period.years:
        total[year] = total.get(year, Decimal(0)) + sign * amounts.get(year, Decimal(0))


def apply_changes(measures: list[Measure], changes: Iterable[Change]) -> list[Measure]:
    """`measures` with `changes` applied (the changes were checked against them)."""
    result = {m.key: m for m in measures}
    for change in changes:
        if change.action is ChangeAction.ADD and change.measure is not None:
            result[change.key] = change.measure
        elif change.action is ChangeAction.REMOVE:
            result.pop(change.key, None)
        elif change.key in result:
            old = result[change.key]
            result[change.key] = Measure(
                old.key, old.text, old.kind, dict(change.amounts), old.service_area, old.goals
            )
    return list(result.values())


def cost_per_year(before: list[Measure], after: list[Measure], period: Period) -> Amounts:
    """What going from `before` to `after` costs per year (negative: saves)."""
    total: Amounts = {}
    for measure in after:
        add_into(total, measure.amounts, period)
    for measure in before:
        add_into(total, measure.amounts, period, sign=-1)
    return total


def imbalance(programme: Programme, version: ProgrammeVersion) -> Amounts:
    """The years in which a change set does not balance, with its deficit (negative: the
    measures cost more than the financing lines give; positive: a surplus left unused)."""
    if version.base is None:
        return {}
    cost = cost_per_year(
        programme.measures(version.base), programme.measures(version.key), programme.period
    )
    financed: Amounts = {}
    for line in version.financing:
        add_into(financed, line.amounts, programme.period)
    gaps = {year: financed.get(year, Decimal(0)) - cost[year] for year in programme.period.years}
    return {year: gap for year, gap in gaps.items() if gap != 0}


def imbalance_message(version: ProgrammeVersion, gaps: Mapping[int, Decimal]) -> str:
    years = "; ".join(f"{year}: {format_millions(gap)}" for year, gap in sorted(gaps.items()))
    return _("{version} er ikke i balanse: {years}").format(version=version.label, years=years)


def rule_ratio(rule: str, economy: Economy) -> Decimal | None:
    """A financial rule's figure as a percentage of the operating income (None without it)."""
    if not economy.operating_income:
        return None
    value: Decimal = RULE_FIGURES[rule](economy)
    return value / economy.operating_income * 100


def restructuring_first_year(programme: Programme, version_key: str) -> Decimal:
    """What the version's restructuring measures save in the period's first year (positive)."""
    return -sum(
        (
            m.amounts.get(programme.period.first, Decimal(0))
            for m in programme.measures(version_key)
            if m.kind is MeasureKind.RESTRUCTURING
        ),
        Decimal(0),
    )


@dataclass(frozen=True)
class GoalPlace:
    """Where a goal or strategy of the plan stands: its focus area and its SDG goals."""

    focus_area: str  # the focus area's name
    sdg_goals: tuple[int, ...]


@dataclass
class Allocation:
    """Money per focus area and per SDG goal, per year.

    A measure linked to several goals is shared equally between them, so the focus areas
    add up to the total (with `unlinked` for measures without a known goal). Under the SDGs
    a measure counts in full for every SDG goal its goals refer to: an SDG column shows what
    serves that goal, and the columns do not add up.
    """

    focus_areas: dict[str, Amounts] = field(default_factory=dict)
    sdgs: dict[int, Amounts] = field(default_factory=dict)
    unlinked: Amounts = field(default_factory=dict)


def allocate(
    measures: Iterable[Measure], places: Mapping[str, GoalPlace], period: Period
) -> Allocation:
    result = Allocation()
    for measure in measures:
        known = [places[g] for g in measure.goals if g in places]
        if not known:
            add_into(result.unlinked, measure.amounts, period)
            continue
        share = {y: a / len(known) for y, a in measure.amounts.items()}
        for place in known:
            add_into(result.focus_areas.setdefault(place.focus_area, {}), share, period)
        for sdg in sorted({s for place in known for s in place.sdg_goals}):
            add_into(result.sdgs.setdefault(sdg, {}), measure.amounts, period)
    return result


def subtract(after: Allocation, before: Allocation, period: Period) -> Allocation:
    """What changes from `before` to `after`, per focus area and SDG goal."""
    result = Allocation()
    for name in [
        *after.focus_areas,
        *(k for k in before.focus_areas if k not in after.focus_areas),
    ]:
        total = result.focus_areas.setdefault(name, {})
        add_into(total, after.focus_areas.get(name, {}), period)
        add_into(total, before.focus_areas.get(name, {}), period, sign=-1)
    for sdg in sorted({*after.sdgs, *before.sdgs}):
        total = result.sdgs.setdefault(sdg, {})
        add_into(total, after.sdgs.get(sdg, {}), period)
        add_into(total, before.sdgs.get(sdg, {}), period, sign=-1)
    add_into(result.unlinked, after.unlinked, period)
    add_into(result.unlinked, before.unlinked, period, sign=-1)
    result.focus_areas = {k: v for k, v in result.focus_areas.items() if any(v.values())}
    result.sdgs = {k: v for k, v in result.sdgs.items() if any(v.values())}
    return result


@dataclass(frozen=True)
class MeasureDifference:
    """How a measure differs between two versions: added, removed or changed, per year."""

    action: ChangeAction
    measure: Measure
    amounts: Amounts


def differences(
    after: list[Measure], before: list[Measure], period: Period
) -> list[MeasureDifference]:
    """The measures that differ from `before` to `after`, in `after`'s order then removed."""
    old = {m.key: m for m in before}
    found: list[MeasureDifference] = []
    for measure in after:
        if measure.key not in old:
            found.append(MeasureDifference(ChangeAction.ADD, measure, _years(measure, period)))
            continue
        delta: Amounts = {}
        add_into(delta, measure.amounts, period)
        add_into(delta, old[measure.key].amounts, period, sign=-1)
        if any(delta.values()):
            found.append(MeasureDifference(ChangeAction.CHANGE, measure, delta))
    new = {m.key for m in after}
    for measure in before:
        if measure.key not in new:
            delta = {}
            add_into(delta, measure.amounts, period, sign=-1)
            found.append(MeasureDifference(ChangeAction.REMOVE, measure, delta))
    return found


def _years(measure: Measure, period: Period) -> Amounts:
    total: Amounts = {}
    add_into(total, measure.amounts, period)
    return total
