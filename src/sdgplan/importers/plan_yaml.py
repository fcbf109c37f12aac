"""The canonical plan file (YAML), as written by `sdgplan export plan --format yaml`.

Every scalar is read as text (YAML's BaseLoader), so `17.10` stays `17.10` and `NO` stays
`NO`. Unknown keys are errors: a misspelt `stratgies:` must not drop strategies silently.
"""

from __future__ import annotations

import datetime as dt

from yaml.nodes import MappingNode, Node, ScalarNode

from sdgplan.domain.periods import parse_date
from sdgplan.domain.plan import (
    FocusArea,
    Goal,
    Municipality,
    Plan,
    PlanVersion,
    Strategy,
    VersionKind,
    too_long,
)
from sdgplan.domain.plan_keys import key_problem
from sdgplan.domain.references import Reference
from sdgplan.domain.sdg import SdgCatalogue
from sdgplan.errors import NotFound
from sdgplan.exporters.plan import FORMAT_NAME, FORMAT_VERSION
from sdgplan.i18n import _
from sdgplan.importers.base import ImportResult, IssueLog, PlanOptions, missing
from sdgplan.importers.yaml_nodes import NodeReader, compose_text, is_null
from sdgplan.reference import find_municipality

_TOP_KEYS = {"format", "format_version", "municipality", "plan", "version", "date", "focus_areas"}


def looks_like_plan_yaml(text: str) -> bool:
    return f"format: {FORMAT_NAME}" in text or "focus_areas:" in text


class YamlPlanImporter:
    def read(
        self, text: str, *, source: str, options: PlanOptions, catalogue: SdgCatalogue
    ) -> ImportResult:
        log = IssueLog(source)
        root = compose_text(text, log)
        if root is None and log.issues:
            return ImportResult(None, log.issues)
        reader = _Reader(log, catalogue)
        plan = reader.plan(root, options) if root is not None else None
        if plan is None and not log.issues:
            log.error(_("Filen er tom"))
        return ImportResult(plan, log.issues)


class _Reader(NodeReader):
    def __init__(self, log: IssueLog, catalogue: SdgCatalogue) -> None:
        super().__init__(log)
        self.catalogue = catalogue
        self.keys: dict[str, Node] = {}

    def plan(self, root: Node, options: PlanOptions) -> Plan | None:
        top = self.mapping(root, _TOP_KEYS, _("planen"))
        if top is None:
            return None
        areas_node = top.get("focus_areas")
        if areas_node is None:
            self.error(root, missing("focus_areas"))
            return None
        self.check_format(top, FORMAT_NAME, FORMAT_VERSION)
        municipality = self.municipality(top.get("municipality"), options)
        kind = self.version(top.get("version"), options)
        date = self.date(top.get("date"), options)
        title = options.title or self.text(top.get("plan"), required=False) or "Plan"
        if problem := too_long(title, _("Plannavnet")):
            self.error(top.get("plan"), problem)
        area_nodes = self.sequence(areas_node)
        areas = [self.focus_area(n) for n in area_nodes]
        self.check_unique_names(
            [(n, a.name) for n, a in zip(area_nodes, areas, strict=True) if a],
            _("Satsingsområdet «{name}» står to ganger (også linje {line})"),
        )
        if municipality is None or kind is None:
            return None
        return Plan(municipality, title, [PlanVersion(kind, date, [a for a in areas if a])])

    def focus_area(self, node: Node) -> FocusArea | None:
        fields = self.mapping(node, {"id", "name", "main_goal", "goals"}, _("satsingsområdet"))
        if fields is None:
            return None
        area = FocusArea(
            name=self.text(fields.get("name"), required=True, at=node, key="name"),
            key=self.item_key(fields.get("id")),
        )
        main = fields.get("main_goal")
        if main is not None and not is_null(main):
            area.main_goal = self.goal(main, allow_strategies=False)
        goal_nodes = self.sequence(fields.get("goals"))
        area.goals = [self.goal(n, allow_strategies=True) for n in goal_nodes]
        named = [(main, area.main_goal.text)] if main is not None and area.main_goal else []
        self.check_unique_names(
            named + [(n, g.text) for n, g in zip(goal_nodes, area.goals, strict=True)],
            _("Målet «{name}» i «{area}» står to ganger (også linje {line})"),
            area=area.name,
        )
        return area

    def check_unique_names(
        self, named: list[tuple[Node, str]], message: str, *, area: str = ""
    ) -> None:
        """Names are keys (indicators link to goals by them): each may occur once.

        `message` is translated, with the placeholders `name`, `line` (and `area`)."""
        first: dict[str, Node] = {}
        for node, name in named:
            if not name:
                continue
            if name.casefold() in first:
                line = first[name.casefold()].start_mark.line + 1
                self.error(node, message.format(name=name[:60], line=line, area=area))
            first.setdefault(name.casefold(), node)

    def item_key(self, node: Node | None) -> str:
        """An `id:`, checked for its form and for being used once in the file."""
        key = self.text(node, required=False)
        if key and (problem := key_problem(key)):
            self.error(node, problem)
            return ""
        if key in self.keys:
            line = self.keys[key].start_mark.line + 1
            self.error(
                node, _("id «{key}» står to ganger (også linje {line})").format(key=key, line=line)
            )
            return ""
        if key and node is not None:
            self.keys[key] = node
        return key

    def goal(self, node: Node, *, allow_strategies: bool) -> Goal:
        keys = {"id", "text", "refs", "strategies"} if allow_strategies else {"id", "text", "refs"}
        fields = self.mapping(node, keys, _("målet")) or {}
        goal = Goal(
            text=self.text(fields.get("text"), required=True, at=node),
            refs=self.refs(fields.get("refs"), at=node),
            key=self.item_key(fields.get("id")),
        )
        for item in self.sequence(fields.get("strategies")):
            strategy_fields = self.mapping(item, {"id", "text", "refs"}, _("strategien")) or {}
            goal.strategies.append(
                Strategy(
                    text=self.text(strategy_fields.get("text"), required=True, at=item),
                    refs=self.refs(strategy_fields.get("refs"), at=item),
                    key=self.item_key(strategy_fields.get("id")),
                )
            )
        return goal

    def refs(self, node: Node | None, *, at: Node) -> tuple[Reference, ...]:
        if node is None or is_null(node):
            self.error(at, _("Mangler referanser «refs» (AK, 11, 11.3)"))
            return ()
        line = node.start_mark.line + 1
        if isinstance(node, ScalarNode):
            words = node.value.upper().replace(",", " ").split()
            if any(word in ("FN-T", "FN", "SDG") for word in words):
                return self.log.references(node.value, self.catalogue, line=line)
            codes = node.value.replace(",", " ").split()
        else:
            codes = [self.text(n, required=True) for n in self.sequence(node)]
        if not codes:
            self.error(at, _("Tom referanseliste «refs»; skriv AK, 11 eller 11.3"))
            return ()
        return self.log.reference_codes(codes, self.catalogue, line=line)

    def municipality(self, node: Node | None, options: PlanOptions) -> Municipality | None:
        number = None
        if isinstance(node, MappingNode):
            fields = self.mapping(node, {"number", "name"}, _("kommunen")) or {}
            number = self.text(fields.get("number"), required=True, at=node, key="number")
        elif node is not None:
            number = self.text(node, required=False)
        if options.municipality is not None:
            given = options.municipality
            if number and not (
                given.answers_to(number) or number.casefold() == given.name.casefold()
            ):
                self.error(
                    node,
                    _("Filen gjelder kommune {number}, ikke {given}").format(
                        number=number, given=options.municipality.number
                    ),
                )
            return options.municipality
        if not number:
            self.log.error(_("Mangler kommune «municipality»; oppgi kommunenummeret"))
            return None
        try:
            return find_municipality(number)
        except NotFound as e:
            self.error(node, e.message)
            return None

    def version(self, node: Node | None, options: PlanOptions) -> VersionKind | None:
        if options.version is not None:
            return options.version
        value = self.text(node, required=False) or VersionKind.ADOPTED.value
        try:
            return VersionKind(value)
        except ValueError:
            allowed = ", ".join(k.value for k in VersionKind)
            self.error(
                node,
                _("Ukjent versjon «{value}»; bruk {allowed}").format(value=value, allowed=allowed),
            )
            return None

    def date(self, node: Node | None, options: PlanOptions) -> dt.date | None:
        if options.date is not None:
            return options.date
        value = self.text(node, required=False)
        if not value:
            return None
        try:
            return parse_date(value)
        except ValueError:
            self.error(node, _("Ugyldig dato «{value}»; skriv ÅÅÅÅ-MM-DD").format(value=value))
            return None
