"""An action programme as YAML (`sdgplan-programme`, docs/planning-cycle.md): service areas
with frames, staff and shares, measures, investments, the financial figures, and versions
(the proposal, then change sets: the supplementary recommendation, party amendments, the
adopted programme). Every change set must balance every year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from yaml.nodes import Node, ScalarNode

from sdgplan.domain.programme import (
    RULE_FIGURES,
    UNITS,
    Amounts,
    Change,
    ChangeAction,
    Economy,
    Financing,
    Investment,
    Measure,
    MeasureKind,
    Period,
    Programme,
    ProgrammeVersion,
    ServiceArea,
    VersionKind,
    apply_changes,
    imbalance,
    imbalance_message,
    parse_amount,
)
from sdgplan.i18n import _
from sdgplan.importers.base import IssueLog, Parsed
from sdgplan.importers.programme_csv import read_measures
from sdgplan.importers.yaml_nodes import NodeReader, compose_text, is_null

FORMAT_NAME = "sdgplan-programme"
FORMAT_VERSION = 1
KEY_LENGTH = 100
T = TypeVar("T")
Include = Callable[[str], tuple[str, str]]  # a file's name -> its text and source

_TOP = {
    "format",
    "format_version",
    "municipality",
    "period",
    "title",
    "illustrative",
    "unit",
    "rules",
    "economy",
    "service_areas",
    "investments",
    "versions",
}
_AREA = {"key", "name", "frames", "staff", "shares"}
_MEASURE = {"key", "text", "kind", "service_area", "goals", "amounts"}
_INVESTMENT = {"key", "name", "service_area", "amounts", "financing"}
_VERSION = {"key", "kind", "party", "base", "date", "measures", "changes", "financing"}
_CHANGE = {"add", "remove", "change", "amounts"}
_FINANCING = {"key", "text", "amounts"}
_ECONOMY = {"operating_income", "net_operating_result", "reserve_fund", "net_debt"}


def read_programme(
    text: str,
    *,
    source: str,
    municipality: str,
    known_goals: Collection[str] | None = None,
    include: Include | None = None,
) -> Parsed[Programme]:
    """Read a programme file; goal keys are checked against `known_goals` (the stored plan's
    goals and strategies) when given. Every problem is an issue with its line.

    `include(name)` gives the text and source of a file the programme names (the proposal's
    `measures: FILE.csv`); without it such a file is an error."""
    log = IssueLog(source)
    root = compose_text(text, log)
    if root is None:
        if not log.issues:
            log.error(_("Filen er tom"))
        return Parsed(None, log.issues)
    programme = _Reader(log, known_goals, include).programme(root, municipality)
    return Parsed(programme, log.issues)


@dataclass
class _Reader:
    log: IssueLog
    known_goals: Collection[str] | None
    include: Include | None
    nodes: NodeReader = field(init=False)
    period: Period = Period(0, 0)
    unit: Decimal = Decimal(1)
    areas: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.nodes = NodeReader(self.log)

    def programme(self, root: Node, municipality: str) -> Programme | None:
        top = self.nodes.mapping(root, _TOP, _("handlingsprogrammet"))
        if top is None:
            return None
        self.nodes.check_format(top, FORMAT_NAME, FORMAT_VERSION)
        if not self.nodes.text(top.get("period"), required=False):
            self.nodes.error(top.get("period") or root, _("Mangler «period» (f.eks. 2024-2027)"))
            return None
        period = self.nodes.parsed(top.get("period"), Period.parse)
        if period is None:
            return None
        self.period = period
        unit = self.nodes.text(top.get("unit"), required=False) or "kr"
        if unit not in UNITS:
            allowed = ", ".join(UNITS)
            self.nodes.error(
                top["unit"],
                _("Ukjent «unit»: «{unit}»; bruk {allowed}").format(unit=unit, allowed=allowed),
            )
        self.unit = UNITS.get(unit, Decimal(1))
        areas = tuple(self._each(top.get("service_areas"), self.service_area))
        self.areas = {a.key for a in areas}
        self._unique([a.key for a in areas], top.get("service_areas"))
        investments = tuple(self._each(top.get("investments"), self.investment))
        versions = self.versions(top.get("versions"), root)
        programme = Programme(
            municipality=municipality,
            period=period,
            title=self.nodes.text(top.get("title"), required=False)
            or _("Handlingsprogram {period}").format(period=period),
            service_areas=areas,
            versions=tuple(versions),
            investments=investments,
            economy=self.economy(top.get("economy")),
            rules=self.rules(top.get("rules")),
            illustrative=self._flag(top.get("illustrative")),
        )
        self._check_balance(programme, top.get("versions"))
        return programme

    def service_area(self, node: Node) -> ServiceArea | None:
        m = self.nodes.mapping(node, _AREA, _("tjenesteområde"))
        if m is None:
            return None
        return ServiceArea(
            key=self._key(m.get("key"), node),
            name=self.nodes.text(m.get("name"), required=True, at=node, key="name"),
            frames=self.amounts(m.get("frames")),
            staff=self.figures(m.get("staff")),
            shares=self.figures(m.get("shares")),
        )

    def measure(self, node: Node) -> Measure | None:
        m = self.nodes.mapping(node, _MEASURE, _("tiltak"))
        if m is None:
            return None
        area = self.nodes.text(m.get("service_area"), required=False) or None
        if area is not None and area not in self.areas:
            self.nodes.error(m["service_area"], self._unknown("service_area", area, self.areas))
        goals = [self.nodes.text(g, required=True) for g in self.nodes.sequence(m.get("goals"))]
        for goal, goal_node in zip(goals, self.nodes.sequence(m.get("goals")), strict=True):
            if self.known_goals is not None and goal not in self.known_goals:
                self.nodes.error(
                    goal_node,
                    _("Ukjent mål eller strategi «{goal}»: ikke i den lagrede planen").format(
                        goal=goal
                    ),
                )
        kind = self.nodes.choice(m.get("kind"), MeasureKind, at=node, key="kind")
        return Measure(
            key=self._key(m.get("key"), node),
            text=self.nodes.text(m.get("text"), required=True, at=node, key="text"),
            kind=kind or MeasureKind.NEW,
            amounts=self.amounts(m.get("amounts"), required=True, at=node),
            service_area=area,
            goals=tuple(goals),
        )

    def investment(self, node: Node) -> Investment | None:
        m = self.nodes.mapping(node, _INVESTMENT, _("investering"))
        if m is None:
            return None
        area = self.nodes.text(m.get("service_area"), required=False) or None
        if area is not None and area not in self.areas:
            self.nodes.error(m["service_area"], self._unknown("service_area", area, self.areas))
        sources = self.nodes.mapping(m["financing"], None, "financing") if "financing" in m else {}
        return Investment(
            key=self._key(m.get("key"), node),
            name=self.nodes.text(m.get("name"), required=True, at=node, key="name"),
            amounts=self.amounts(m.get("amounts"), required=True, at=node),
            service_area=area,
            financing={s: self.amounts(n) for s, n in (sources or {}).items()},
        )

    def versions(self, node: Node | None, root: Node) -> list[ProgrammeVersion]:
        nodes = self.nodes.sequence(node)
        if not nodes:
            self.nodes.error(node or root, _("Mangler «versions»: minst forslaget"))
            return []
        versions: list[ProgrammeVersion] = []
        measures: dict[str, list[Measure]] = {}
        for index, item in enumerate(nodes):
            version = self.version(item, first=index == 0, measures=measures)
            if version is None:
                continue
            if version.key in measures:
                self.nodes.error(
                    item, _("Versjonen «{key}» står to ganger").format(key=version.key)
                )
                continue
            base = measures.get(version.base or "", [])
            measures[version.key] = (
                list(version.measures) if index == 0 else apply_changes(base, version.changes)
            )
            versions.append(version)
        return versions

    def version(
        self, node: Node, *, first: bool, measures: dict[str, list[Measure]]
    ) -> ProgrammeVersion | None:
        m = self.nodes.mapping(node, _VERSION, _("versjon"))
        if m is None:
            return None
        key = self._key(m.get("key"), node)
        kind = self.nodes.choice(m.get("kind"), VersionKind, at=node, key="kind")
        party = self.nodes.text(
            m.get("party"), required=kind is VersionKind.AMENDMENT, at=node, key="party"
        )
        base = self.nodes.text(m.get("base"), required=False) or None
        if first:
            if base is not None or "changes" in m:
                self.nodes.error(node, _("Den første versjonen er hele forslaget: uten «base»"))
            own = self._measures(m.get("measures"))
            self._unique([x.key for x in own], m.get("measures"))
            return ProgrammeVersion(
                key,
                kind or VersionKind.PROPOSAL,
                party or None,
                None,
                tuple(own),
                date=self._date(m.get("date")),
            )
        if "measures" in m:
            self.nodes.error(m["measures"], _("Bare den første versjonen har «measures»"))
        base = base or next(iter(measures), None)
        if base not in measures:
            self.nodes.error(m.get("base") or node, self._unknown("base", base or "", measures))
            return None
        changes = self.changes(m.get("changes"), measures[base])
        financing = self._each(m.get("financing"), self.financing)
        return ProgrammeVersion(
            key,
            kind or VersionKind.AMENDMENT,
            party or None,
            base,
            changes=tuple(changes),
            financing=tuple(financing),
            date=self._date(m.get("date")),
        )

    def _measures(self, node: Node | None) -> list[Measure]:
        """The proposal's measures, listed or in a CSV file named here."""
        if not isinstance(node, ScalarNode) or is_null(node):
            return self._each(node, self.measure)
        name = node.value.strip()
        if self.include is None or not name.endswith(".csv") or "/" in name or "\\" in name:
            self.nodes.error(
                node, _("«measures» er en liste eller navnet på en CSV-fil ved siden av")
            )
            return []
        text, source = self.include(name)
        parsed = read_measures(
            text,
            source=source,
            period=self.period,
            unit=self.unit,
            areas=self.areas,
            known_goals=self.known_goals,
        )
        self.log.issues += parsed.issues
        return parsed.data or []

    def changes(self, node: Node | None, base: list[Measure]) -> list[Change]:
        current = {x.key for x in base}
        found: list[Change] = []
        for item in self.nodes.sequence(node):
            m = self.nodes.mapping(item, _CHANGE, _("endring"))
            if m is None:
                continue
            actions = [a for a in ChangeAction if a.value in m]
            if len(actions) != 1:
                self.nodes.error(item, _("En endring har én av «add», «remove» eller «change»"))
                continue
            action = actions[0]
            if action is ChangeAction.ADD:
                measure = self.measure(m["add"])
                if measure is None:
                    continue
                if measure.key in current:
                    self.nodes.error(
                        m["add"], _("Tiltaket «{key}» finnes allerede").format(key=measure.key)
                    )
                current.add(measure.key)
                found.append(Change(action, measure.key, measure=measure))
                continue
            key = self._key(m[action.value], item)
            if key not in current:
                self.nodes.error(m[action.value], self._unknown(action.value, key, current))
                continue
            if action is ChangeAction.REMOVE:
                current.discard(key)
                found.append(Change(action, key))
            else:
                found.append(Change(action, key, amounts=self.amounts(m.get("amounts"), at=item)))
        return found

    def financing(self, node: Node) -> Financing | None:
        m = self.nodes.mapping(node, _FINANCING, _("inndekning"))
        if m is None:
            return None
        return Financing(
            key=self._key(m.get("key"), node),
            text=self.nodes.text(m.get("text"), required=True, at=node, key="text"),
            amounts=self.amounts(m.get("amounts"), required=True, at=node),
        )

    def economy(self, node: Node | None) -> dict[int, Economy]:
        years = self.nodes.mapping(node, None, "economy") if node is not None else None
        result: dict[int, Economy] = {}
        for year_text, figures_node in (years or {}).items():
            year = self._year(year_text, figures_node, within_period=True)
            figures = self.nodes.mapping(figures_node, _ECONOMY, "economy")
            if year is None or figures is None:
                continue
            values = {f: self._amount(figures.get(f), figures_node, f) for f in sorted(_ECONOMY)}
            result[year] = Economy(**values)
        return result

    def rules(self, node: Node | None) -> dict[str, str]:
        rules = self.nodes.mapping(node, set(RULE_FIGURES), "rules") if node is not None else None
        return {k: self.nodes.text(v, required=True) for k, v in (rules or {}).items()}

    def amounts(
        self, node: Node | None, *, required: bool = False, at: Node | None = None
    ) -> Amounts:
        """Money per year, in the file's unit, for years of the period."""
        return self._per_year(
            node, lambda t: parse_amount(t, self.unit), required=required, at=at, in_period=True
        )

    def figures(self, node: Node | None) -> dict[int, Decimal]:
        """Staff or shares per year (any year: the past too); not money, so no unit."""
        return self._per_year(node, parse_amount, required=False, at=None, in_period=False)

    def _per_year(
        self,
        node: Node | None,
        parse: Callable[[str], Decimal],
        *,
        required: bool,
        at: Node | None,
        in_period: bool,
    ) -> dict[int, Decimal]:
        if node is None:
            if required:
                self.nodes.error(at, _("Mangler «amounts» (beløp per år)"))
            return {}
        years = self.nodes.mapping(node, None, _("beløp per år"))
        result: dict[int, Decimal] = {}
        for year_text, value in (years or {}).items():
            year = self._year(year_text, value, within_period=in_period)
            amount = self.nodes.parsed(value, parse)
            if year is not None and amount is not None:
                result[year] = amount
        return result

    def _amount(self, node: Node | None, at: Node, key: str) -> Decimal:
        amount = self.nodes.parsed(node, lambda t: parse_amount(t, self.unit))
        if amount is None:
            self.nodes.error(node or at, _("Mangler «{key}»").format(key=key))
        return amount or Decimal(0)

    def _year(self, text: str, at: Node, *, within_period: bool) -> int | None:
        if not text.isdigit() or len(text) != 4:
            message = _("«{text}» er ikke et år").format(text=text)
            if text.isdigit():  # `{2026: 22,5}` reads as 2026: 22 and 5: (null)
                message += " " + _("(et desimalkomma inne i {…} må stå i anførselstegn: '22,5')")
            self.nodes.error(at, message)
            return None
        year = int(text)
        if within_period and year not in self.period.years:
            self.nodes.error(
                at,
                _("Året {year} er utenfor perioden {period}").format(year=year, period=self.period),
            )
            return None
        return year

    def _key(self, node: Node | None, at: Node) -> str:
        key = self.nodes.text(node, required=True, at=at, key="key")
        if len(key) > KEY_LENGTH:
            self.nodes.error(node, _("Nøkkelen er over {limit} tegn").format(limit=KEY_LENGTH))
        return key

    def _date(self, node: Node | None) -> dt.date | None:
        return self.nodes.parsed(node, _parse_date)

    def _flag(self, node: Node | None) -> bool:
        value = self.nodes.text(node, required=False).lower()
        if value not in ("", "true", "false", "yes", "no"):
            self.nodes.error(node, _("Skriv true eller false"))
        return value in ("true", "yes")

    def _each(self, node: Node | None, read: Callable[[Node], T | None]) -> list[T]:
        return [x for x in (read(item) for item in self.nodes.sequence(node)) if x is not None]

    def _unique(self, keys: list[str], at: Node | None) -> None:
        for key in sorted({k for k in keys if keys.count(k) > 1}):
            self.nodes.error(at, _("Nøkkelen «{key}» står to ganger").format(key=key))

    def _unknown(self, what: str, value: str, known: Collection[str]) -> str:
        return _("Ukjent «{what}»: «{value}»; kjente: {known}").format(
            what=what, value=value, known=", ".join(sorted(known)) or _("ingen")
        )

    def _check_balance(self, programme: Programme, node: Node | None) -> None:
        if self.log.issues:  # the sums mean nothing before the file reads cleanly
            return
        items = dict(
            zip([v.key for v in programme.versions], self.nodes.sequence(node), strict=False)
        )
        for version in programme.versions[1:]:
            gaps = imbalance(programme, version)
            if gaps:
                self.nodes.error(items.get(version.key), imbalance_message(version, gaps))


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("«{text}» er ikke en dato (ÅÅÅÅ-MM-DD)").format(text=text)) from None
