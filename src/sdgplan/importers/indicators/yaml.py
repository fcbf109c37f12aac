"""Indicator definitions as YAML (`sdgplan-indicators`): areas, indicators with their goals,
tables, goal statuses.

The reader checks the YAML's shape (mappings, lists, unknown keys) and hands each area,
goal, indicator and table as a `checks.Record` to the checks all formats share.
"""

from __future__ import annotations

from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sdgplan.domain.indicators import IndicatorSet
from sdgplan.domain.plan import PlanVersion
from sdgplan.i18n import _
from sdgplan.importers.base import IssueLog, Parsed, missing, read_text
from sdgplan.importers.indicators.checks import (
    FORMAT_NAME,
    FORMAT_VERSION,
    NESTED,
    Definitions,
    Parts,
    Value,
)
from sdgplan.importers.yaml_nodes import NodeReader, compose_text, declared_municipality, is_null

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
    "series",
    "group_method",
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
_MAPPINGS = {
    ("bands",): {"desired", "acceptable"},
    ("target",): {"value", "change", "year", "base_year", "reached"},
    ("target", "reached"): {"change", "year"},
    ("progress",): {"base_year", "limit"},
}


def read_indicators(text: str, *, source: str, plan: PlanVersion | None) -> Parsed[IndicatorSet]:
    """Read an indicator file; goal numbers are resolved against `plan`."""
    log = IssueLog(source)
    root = compose_text(text, log)
    if root is None:
        if not log.issues:
            log.error(_("Filen er tom"))
        return Parsed(None, log.issues)
    reader = _Reader(log)
    parts = reader.parts(root)
    if parts is None:
        return Parsed(None, log.issues)
    return Parsed(Definitions(plan).indicator_set(parts), log.issues)


class YamlIndicators:
    """An indicator file in YAML, read as text (see `read_text`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.text = read_text(path)

    def declared(self) -> tuple[str, int | None] | None:
        """The `municipality:` of the file (a number or `{number: ...}`) and its line.

        Anything else gives None: the reader reports what is wrong, with its line.
        """
        return declared_municipality(self.text)

    def read(self, *, plan: PlanVersion | None) -> Parsed[IndicatorSet]:
        return read_indicators(self.text, source=str(self.path), plan=plan)


class _Record:
    """A YAML mapping as a `checks.Record`: values by flat name, with their nodes."""

    def __init__(self, reader: _Reader, node: Node, fields: dict[str, Node]) -> None:
        self.reader = reader
        self.node = node
        self.nodes: dict[str, Node] = dict(fields)
        self.places: dict[str, Node] = {}  # where a nested key would be: its mapping
        self.scalars: dict[str, Value | None] = {}
        self.lists: dict[str, list[Value]] = {}
        self.failed: set[str] = set()
        for path, keys in _MAPPINGS.items():
            mapping = self._nested(path)
            if mapping is None or is_null(mapping):
                continue
            nested = reader.mapping(mapping, keys, path[-1]) or {}
            for flat, full in NESTED.items():
                if full[:-1] == path:
                    self.places[flat] = mapping
                    if full[-1] in nested:
                        self.nodes[flat] = nested[full[-1]]
            if path == ("target",) and "reached" in nested:
                self.nodes["target_reached"] = nested["reached"]

    def _nested(self, path: tuple[str, ...]) -> Node | None:
        if len(path) == 1:
            return self.nodes.get(path[0])
        return self.nodes.get("_".join(path))

    def value(self, key: str) -> Value | None:
        if key not in self.scalars:  # read once, so a problem is reported once
            node = self.nodes.get(key)
            if node is not None and not isinstance(node, ScalarNode):
                self.failed.add(key)
            self.scalars[key] = self.reader.scalar(node)
        return self.scalars[key]

    def values(self, key: str) -> list[Value]:
        node = self.nodes.get(key)
        if isinstance(node, ScalarNode):
            return [v] if (v := self.value(key)) else []
        if key not in self.lists:
            if node is not None and not isinstance(node, SequenceNode):
                self.failed.add(key)
            items = self.reader.sequence(node)
            for item in items:
                if is_null(item):
                    self.reader.error(item, missing(self.label(key)))
            self.lists[key] = [v for item in items if (v := self.reader.scalar(item))]
        return self.lists[key]

    def error(self, message: str, *, key: str | None = None) -> None:
        if key in self.failed:
            return  # already reported: not text, or not a list
        node = self.nodes.get(key) if key else None
        if node is None and key:
            node = self.places.get(key)
        self.reader.error(node or self.node, message)

    def label(self, key: str) -> str:
        return NESTED.get(key, (key,))[-1]


class _Reader(NodeReader):
    def parts(self, root: Node) -> Parts | None:
        top = self.mapping(root, _TOP, _("indikatorfilen"))
        if top is None:
            return None
        self.check_format(top, FORMAT_NAME, FORMAT_VERSION)
        self.municipality(top.get("municipality"))
        tables = self.records(top.get("tables"), _TABLE, _("tabellen"))
        return Parts(
            years=self.scalar(top.get("years")),
            areas=self.records(top.get("areas"), {"code", "name", "kind"}, _("området")),
            goals_under_development=self.records(
                top.get("goals_under_development"), {"focus_area", "goal"}, _("målet")
            ),
            indicators=self.records(top.get("indicators"), _INDICATOR, _("indikatoren")),
            tables=tables,
            labels={
                key.text: self.labels(record.nodes.get("labels"))
                for record in tables
                if (key := record.value("key"))
            },
        )

    def scalar(self, node: Node | None) -> Value | None:
        """The text of a scalar as a `Value`; None for no value (or not a scalar, logged)."""
        text = self.text(node, required=False)
        if node is None or not text:
            return None
        return Value(text, lambda message: self.error(node, message))

    def records(self, node: Node | None, keys: set[str], what: str) -> list[_Record]:
        result = []
        for item in self.sequence(node):
            fields = self.mapping(item, keys, what)
            if fields is not None:
                result.append(_Record(self, item, fields))
        return result

    def labels(self, node: Node | None) -> dict[str, str]:
        if node is None or is_null(node):
            return {}
        return {
            key: self.text(value, required=True, at=value, key=key)
            for key, value in (self.mapping(node, None, "labels") or {}).items()
        }

    def municipality(self, node: Node | None) -> None:
        """`municipality: 3203` or `{number: 3203, name: Asker}`; the loader resolves it."""
        if node is None or isinstance(node, ScalarNode):
            return
        if not isinstance(node, MappingNode):
            self.error(node, _("Ventet ett kommunenummer, f.eks. 3203"))
            return
        fields = self.mapping(node, {"number", "name"}, _("kommunen"))
        if fields is not None:
            self.text(fields.get("number"), required=True, at=node, key="number")
            self.text(fields.get("name"), required=False)
