"""YAML nodes built from spreadsheet cells, so a workbook reader can reuse a YAML reader's
checks and messages: each node remembers its sheet and cell, and the issues the YAML reader
gives by line and column of the text the nodes make are named by sheet and cell instead
(`Tiltak!H5`), with the column's name as written in the sheet.

The nodes are written as YAML in flow style (`{key: value}`), where every node starts at a
place of its own, and read back; the two trees are walked side by side to match each
node's line and column to its cell.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sdgplan.domain.issues import Issue

N = TypeVar("N", bound=Node)
Position = tuple[int, int]  # line, column (from 1)
_QUOTED = re.compile(r"«([^»]*)»")


@dataclass(frozen=True)
class CellPlace:
    """Where a node came from: a sheet, a row (`5`) or a cell (`H5`); `names` gives each YAML
    key of its row the column's name as written and its cell, to name them in messages."""

    sheet: str
    cell: str = ""
    names: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    def issue(self, issue: Issue, source: str) -> Issue:
        message, cell = issue.message, self.cell
        quoted = _QUOTED.search(message)
        if quoted and quoted[1] in self.names:
            name, at = self.names[quoted[1]]
            message = message[: quoted.start(1)] + name + message[quoted.end(1) :]
            if at and not cell[:1].isalpha():  # a row or the sheet: point at the cell
                cell = at
        where = f"{source}, {self.sheet}!{cell}" if cell else f"{source}, {self.sheet}"
        return Issue(issue.severity, where, message)


class CellNodes:
    """Builds nodes and keeps where each came from."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.places: dict[int, CellPlace] = {}
        self.nodes: list[Node] = []  # keeps every node alive, so its id stays its own

    def scalar(self, text: str, place: CellPlace) -> ScalarNode:
        return self.placed(ScalarNode("tag:yaml.org,2002:str", text), place)

    def mapping(self, pairs: dict[str, Node], place: CellPlace) -> MappingNode:
        return self.node_mapping({self.scalar(k, place): v for k, v in pairs.items()}, place)

    def node_mapping(self, pairs: dict[Node, Node], place: CellPlace) -> MappingNode:
        node = MappingNode("tag:yaml.org,2002:map", list(pairs.items()), flow_style=True)
        return self.placed(node, place)

    def sequence(self, items: list[Node], place: CellPlace) -> SequenceNode:
        return self.placed(SequenceNode("tag:yaml.org,2002:seq", items, flow_style=True), place)

    def placed(self, node: N, place: CellPlace) -> N:
        self.places[id(node)] = place
        self.nodes.append(node)
        return node

    def text(self, root: Node) -> tuple[str, dict[Position, CellPlace]]:
        """The YAML text of `root`, and the place of each node by its position in it."""
        text = yaml.serialize(root, Dumper=yaml.SafeDumper, allow_unicode=True, width=1_000_000)
        read_back = yaml.compose(text, Loader=yaml.BaseLoader)
        at: dict[Position, CellPlace] = {}
        pairs: list[tuple[Node, Node]] = [(root, read_back)] if read_back else []
        while pairs:
            built, read = pairs.pop()
            if id(built) in self.places:
                mark = read.start_mark
                at.setdefault((mark.line + 1, mark.column + 1), self.places[id(built)])
            if isinstance(built, MappingNode):
                for (key, value), (read_key, read_value) in zip(
                    built.value, read.value, strict=True
                ):
                    pairs += [(key, read_key), (value, read_value)]
            elif isinstance(built, SequenceNode):
                pairs += list(zip(built.value, read.value, strict=True))
        return text, at

    def cell_issues(self, issues: list[Issue], places: Mapping[Position, CellPlace]) -> list[Issue]:
        """`issues` of the YAML text named by sheet and cell (else by the file alone), each
        once."""
        found: dict[Issue, None] = {}  # one cell's problem once, also when read twice
        for issue in issues:
            place = places.get((issue.line or 0, issue.column or 0))
            named = place.issue(issue, self.source) if place else None
            found[named or Issue(issue.severity, self.source, issue.message)] = None
        return list(found)
