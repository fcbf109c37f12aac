"""Indicator definitions (YAML): areas, indicators with their goals, tables, goal statuses.

Goals are named by focus area and either their number in the stored plan version (1, 2 ...;
0 is the main goal) or their text, and stored by text (`GoalRef`).
"""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, ScalarNode

from sdgplan.domain.indicators import (
    Area,
    AreaKind,
    Direction,
    GoalRef,
    Indicator,
    IndicatorSet,
    ReportTable,
    Scale,
    area_code_problem,
    key_problem,
)
from sdgplan.domain.numbers import parse_number
from sdgplan.domain.periods import parse_year, period_years
from sdgplan.domain.plan import FocusArea, Goal, PlanVersion
from sdgplan.domain.rules import Bands, ProgressOptions, Target, Threshold, ValueRange
from sdgplan.importers.base import IssueLog, Parsed
from sdgplan.importers.yaml_nodes import NodeReader, compose_text, is_null

FORMAT_NAME = "sdgplan-indicators"
FORMAT_VERSION = 1
TABLE_DIMENSIONS = ("area", "period", "indicator", "breakdown")

_TOP = {
    "format",
    "format_version",
    "municipality",
    "years",
    "areas",
    "goals_under_development",
    "indicators",
    "tables",
}
_INDICATOR = {
    "key",
    "name",
    "unit",
    "direction",
    "threshold",
    "scale",
    "source",
    "notes",
    "focus_area",
    "goal",
    "bands",
    "target",
    "progress",
}
_TABLE = {
    "key",
    "title",
    "section",
    "source",
    "header",
    "rows",
    "columns",
    "indicators",
    "labels",
    "note",
}


def read_indicators(text: str, *, source: str, plan: PlanVersion | None) -> Parsed[IndicatorSet]:
    """Read an indicator file; goal numbers are resolved against `plan`."""
    log = IssueLog(source)
    root = compose_text(text, log)
    if root is None:
        if not log.issues:
            log.error("Filen er tom / the file is empty")
        return Parsed(None, log.issues)
    data = _Reader(log, plan).indicator_set(root)
    return Parsed(data, log.issues)


def _percent(text: str) -> float:
    """`-67 %` -> -67.0."""
    return parse_number(text.strip().removesuffix("%"))


class _Reader(NodeReader):
    def __init__(self, log: IssueLog, plan: PlanVersion | None) -> None:
        super().__init__(log)
        self.plan = plan

    def indicator_set(self, root: Node) -> IndicatorSet | None:
        top = self.mapping(root, _TOP, "indicator file")
        if top is None:
            return None
        self.check_format(top, FORMAT_NAME, FORMAT_VERSION)
        self.municipality(top.get("municipality"))
        result = IndicatorSet(years=self.years(top.get("years")))
        result.areas = [a for n in self.sequence(top.get("areas")) if (a := self.area(n))]
        self.check_unique([a.code for a in result.areas], top.get("areas"), "area")
        result.goals_under_development = [
            ref
            for n in self.sequence(top.get("goals_under_development"))
            for ref in self.goal_refs(n, self.mapping(n, {"focus_area", "goal"}, "goal") or {})
        ]
        result.indicators = [
            i for n in self.sequence(top.get("indicators")) if (i := self.indicator(n))
        ]
        self.check_unique([i.key for i in result.indicators], top.get("indicators"), "indicator")
        known = {i.key for i in result.indicators}
        result.tables = [t for n in self.sequence(top.get("tables")) if (t := self.table(n, known))]
        self.check_unique([t.key for t in result.tables], top.get("tables"), "table")
        return result

    def municipality(self, node: Node | None) -> None:
        """`municipality: 3203` or `{number: 3203, name: Asker}`; the loader resolves it."""
        if node is None or isinstance(node, ScalarNode):
            return
        if not isinstance(node, MappingNode):
            self.error(node, "Ventet ett kommunenummer / expected one municipality number: 3203")
            return
        fields = self.mapping(node, {"number", "name"}, "municipality")
        if fields is not None:
            self.text(fields.get("number"), required=True, at=node, key="number")
            self.text(fields.get("name"), required=False)

    def years(self, node: Node | None) -> tuple[int, int] | None:
        text = self.text(node, required=False)
        if not text:
            return None
        try:
            first, last = period_years(text)
        except ValueError as e:
            self.error(node, f"Ugyldig «years» / invalid 'years': {e}")
            return None
        return first, last

    def area(self, node: Node) -> Area | None:
        fields = self.mapping(node, {"code", "name", "kind"}, "area")
        if fields is None:
            return None
        code = self.text(fields.get("code"), required=True, at=node, key="code")
        name = self.text(fields.get("name"), required=True, at=node, key="name")
        kind = self.choice(fields.get("kind"), AreaKind, at=node, key="kind")
        if problem := area_code_problem(code):
            self.error(fields.get("code"), problem)
            return None
        return Area(code, name, kind) if code and name and kind else None

    def indicator(self, node: Node) -> Indicator | None:
        fields = self.mapping(node, _INDICATOR, "indicator")
        if fields is None:
            return None
        key = self.text(fields.get("key"), required=True, at=node, key="key")
        if key and (problem := key_problem(key)):
            self.error(fields["key"], problem)
        indicator = Indicator(
            key=key,
            name=self.text(fields.get("name"), required=True, at=node, key="name"),
            unit=self.text(fields.get("unit"), required=False) or None,
            direction=self.choice(
                fields.get("direction"), Direction, at=node, key="direction", required=False
            ),
            threshold=self.parsed(fields.get("threshold"), Threshold.parse),
            scale=self.parsed(fields.get("scale"), Scale.parse),
            source=self.text(fields.get("source"), required=False) or None,
            notes=self.text(fields.get("notes"), required=False) or None,
            goals=self.goal_refs(node, fields) if {"goal", "focus_area"} & set(fields) else (),
            bands=self.bands(fields.get("bands")),
            target=self.target(fields.get("target")),
            progress=self.progress(fields.get("progress")),
        )
        return indicator if key else None

    def bands(self, node: Node | None) -> Bands | None:
        if node is None or is_null(node):
            return None
        fields = self.mapping(node, {"desired", "acceptable"}, "bands") or {}
        desired = self.ranges(fields.get("desired"))
        if not desired:
            self.error(node, "Mangler / missing 'desired' (e.g. '1,30-1,69 %')")
            return None
        return Bands(desired, self.ranges(fields.get("acceptable")))

    def ranges(self, node: Node | None) -> tuple[ValueRange, ...]:
        nodes = [node] if isinstance(node, ScalarNode) else self.sequence(node)
        return tuple(r for n in nodes if (r := self.parsed(n, ValueRange.parse)))

    def target(self, node: Node | None) -> Target | None:
        if node is None or is_null(node):
            return None
        fields = (
            self.mapping(node, {"value", "change", "year", "base_year", "reached"}, "target") or {}
        )
        reached = fields.get("reached")
        reached_fields = (
            self.mapping(reached, {"change", "year"}, "reached") or {}
            if reached is not None
            else {}
        )
        year = self.parsed(fields.get("year"), parse_year)
        if fields.get("year") is None:
            self.error(node, "Mangler / missing 'year'")
        if year is None:
            return None
        try:
            return Target(
                year=year,
                value=self.parsed(fields.get("value"), parse_number),
                change=self.parsed(fields.get("change"), _percent),
                base_year=self.parsed(fields.get("base_year"), parse_year),
                reached_change=self.parsed(reached_fields.get("change"), _percent),
                reached_year=self.parsed(reached_fields.get("year"), parse_year),
            )
        except ValueError as e:
            self.error(node, f"Ugyldig mål / invalid target: {e}")
            return None

    def progress(self, node: Node | None) -> ProgressOptions:
        if node is None or is_null(node):
            return ProgressOptions()
        fields = self.mapping(node, {"base_year", "limit"}, "progress") or {}
        return ProgressOptions(
            base_year=self.parsed(fields.get("base_year"), parse_year) or ProgressOptions.base_year,
            limit=self.parsed(fields.get("limit"), parse_number),
        )

    def goal_refs(self, node: Node, fields: dict[str, Node]) -> tuple[GoalRef, ...]:
        area_name = self.text(fields.get("focus_area"), required=True, at=node, key="focus_area")
        goal_node = fields.get("goal")
        goals = (
            self.sequence(goal_node)
            if goal_node is not None and not isinstance(goal_node, ScalarNode)
            else [goal_node]
        )
        if not area_name or not goals or goals == [None]:
            if area_name:
                self.error(node, "Mangler / missing 'goal'")
            return ()
        if self.plan is None:
            self.error(
                node,
                "Ingen plan å koble målet til / no plan to link the goal to; "
                "importer planen først / import the plan first",
            )
            return ()
        area = next((a for a in self.plan.focus_areas if area_name in (a.name, a.key)), None)
        if area is None:
            names = ", ".join(
                f"{a.name} ({a.key})" if a.key else a.name for a in self.plan.focus_areas
            )
            self.error(
                fields["focus_area"],
                f"Ukjent satsingsområde «{area_name}» / unknown "
                f"focus area; planen har / the plan has: {names}",
            )
            return ()
        refs = []
        for goal_node in goals:
            assert goal_node is not None
            goal = self.plan_goal(area, self.text(goal_node, required=True), goal_node)
            if goal is not None:
                refs.append(GoalRef(area.name, goal.text, goal.key))
        return tuple(dict.fromkeys(refs))

    def plan_goal(self, area: FocusArea, value: str, node: Node) -> Goal | None:
        """The goal of `area` named by number (0 = main goal), key or text."""
        numbered = [area.main_goal, *area.goals]
        if value.isascii() and value.isdigit():
            number = int(value)
            if number < len(numbered) and numbered[number] is not None:
                return numbered[number]
        else:
            for goal in numbered:
                if goal is not None and value in (goal.key, goal.text):
                    return goal
        valid = [
            f"{n} ({goal.key})" if goal.key else str(n)
            for n, goal in enumerate(numbered)
            if goal is not None
        ]
        self.error(
            node,
            f"Ukjent mål i «{area.name}» / unknown goal: «{value[:60]}»; gyldige / valid: "
            f"{', '.join(valid)} (0 = hovedmål / main goal), eller målets tekst / or its text",
        )
        return None

    def table(self, node: Node, known: set[str]) -> ReportTable | None:
        fields = self.mapping(node, _TABLE, "table")
        if fields is None:
            return None
        indicators = tuple(
            self.text(n, required=True) for n in self.sequence(fields.get("indicators"))
        )
        for n, key in zip(self.sequence(fields.get("indicators")), indicators, strict=True):
            if key not in known:
                self.error(n, f"Ukjent indikator «{key}» / unknown indicator in table")
        if not indicators:
            self.error(node, "Tabellen har ingen indikatorer / the table lists no 'indicators'")
        columns_node = fields.get("columns")
        columns = (
            tuple(self.text(n, required=True) for n in self.sequence(columns_node))
            if columns_node is not None and not isinstance(columns_node, ScalarNode)
            else (self.text(columns_node, required=False) or "period",)
        )
        rows = self.text(fields.get("rows"), required=False) or "area"
        for dimension in (rows, *columns):
            if dimension not in TABLE_DIMENSIONS:
                self.error(
                    node,
                    f"Ukjent dimensjon «{dimension}» / unknown dimension; bruk / "
                    f"use {', '.join(TABLE_DIMENSIONS)}",
                )
        labels_node = fields.get("labels")
        labels = {}
        if labels_node is not None and not is_null(labels_node):
            labels = {
                k: self.text(v, required=True)
                for k, v in (self.mapping(labels_node, None, "labels") or {}).items()
            }
        key = self.text(fields.get("key"), required=True, at=node, key="key")
        if key and (problem := key_problem(key)):
            self.error(fields["key"], problem)
        return ReportTable(
            key=key,
            title=self.text(fields.get("title"), required=True, at=node, key="title"),
            section=self.text(fields.get("section"), required=True, at=node, key="section"),
            indicators=indicators,
            rows=rows,
            columns=columns,
            source=self.text(fields.get("source"), required=False) or None,
            header=self.text(fields.get("header"), required=False) or None,
            labels=labels,
            note=self.text(fields.get("note"), required=False) or None,
        )

    def check_unique(self, keys: list[str], node: Node | None, what: str) -> None:
        seen = set()
        for key in keys:
            if key in seen:
                self.error(node, f"Nøkkelen «{key}» er brukt to ganger / duplicate {what} key")
            seen.add(key)
