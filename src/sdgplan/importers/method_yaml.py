"""The method table as YAML (`sdgplan-method`, docs/method-tool.md): one plan cycle's three
levels, read all or nothing, every problem with its line.

```yaml
format: sdgplan-method
format_version: 1
municipality: '3203'
cycle: 2020-2032
title: Metodeverktøy for kommuneplanens samfunnsdel 2020-2032
illustrative: false
materiality: {scale_min: 1, scale_max: 5, aggregation: mean, priority_threshold: 3.5}
level_1:
  - {goal: 3, significance: ..., targets: [3.3, 3.5, 3.9a], plan_keys: [god-helse.0]}
level_2:
  - {target: 11.2, opportunities: ..., challenges: ..., plan_keys: [...]}
level_3:
  - {target: 11.2, service_goal: ..., service_strategy: ..., service_interests: ...,
     community_goal: ..., community_strategy: ..., community_interests: ..., plan_keys: [...]}
```

`targets` and `plan_keys` are lists, or text with the items separated by commas or spaces
(as the slides write them: `3.3, 3.5, 3.9a`). The slides' letter targets (`3.9a`) are read
as the catalogue's (`3.a`) where that is unambiguous (`domain.method.read_target`).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from yaml.nodes import Node, ScalarNode, SequenceNode

from sdgplan.domain.method import (
    CYCLE_KEY,
    LEVEL_FIELDS,
    LEVELS,
    Aggregation,
    MethodCycle,
    MethodRow,
    MethodTable,
    invalid_cycle_key,
    read_target,
)
from sdgplan.domain.numbers import parse_number
from sdgplan.domain.sdg import SdgCatalogue
from sdgplan.i18n import _
from sdgplan.importers.base import IssueLog, Parsed, missing
from sdgplan.importers.yaml_nodes import NodeReader, compose_text, is_null

FORMAT_NAME = "sdgplan-method"
FORMAT_VERSION = 1
TOP_KEYS = {
    "format",
    "format_version",
    "municipality",
    "cycle",
    "title",
    "illustrative",
    "materiality",
    "level_1",
    "level_2",
    "level_3",
}
MATERIALITY_KEYS = {"scale_min", "scale_max", "aggregation", "priority_threshold"}
ROW_KEYS = {
    1: {"goal", "targets", "plan_keys", *LEVEL_FIELDS[1]},
    2: {"target", "plan_keys", *LEVEL_FIELDS[2]},
    3: {"target", "plan_keys", *LEVEL_FIELDS[3]},
}
MAX_TEXT = 20_000  # characters in one text; a slide cell holds a few sentences
_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class MethodFile:
    """A method file's table, and whether it declares the materiality settings (if not,
    the stored cycle's are kept)."""

    table: MethodTable
    materiality_declared: bool


def read_method(
    text: str,
    *,
    source: str,
    municipality: str,
    catalogue: SdgCatalogue,
    known_keys: Collection[str] | None,
) -> Parsed[MethodFile]:
    """Read a method file; `known_keys` are the stored plan's goal and strategy keys (None:
    no plan is stored, so any plan key is an error)."""
    log = IssueLog(source)
    root = compose_text(text, log)
    if root is None:
        if not log.issues:
            log.error(_("Filen er tom"))
        return Parsed(None, log.issues)
    found = _Reader(log, catalogue, known_keys).method(root, municipality)
    return Parsed(found, log.issues)


@dataclass
class _Reader(NodeReader):
    log: IssueLog
    catalogue: SdgCatalogue
    known_keys: Collection[str] | None
    seen: set[tuple[int, str]] = field(default_factory=set)  # (level, code)

    def method(self, root: Node, municipality: str) -> MethodFile | None:
        top = self.mapping(root, TOP_KEYS, _("metodetabellen"))
        if top is None:
            return None
        self.check_format(top, FORMAT_NAME, FORMAT_VERSION)
        key = self.text(top.get("cycle"), required=True, at=root, key="cycle")
        title = self.text(top.get("title"), required=False) or _("Metodeverktøy {cycle}").format(
            cycle=key
        )
        illustrative = bool(self.parsed(top.get("illustrative"), _boolean))
        cycle = MethodCycle(key, title, illustrative)
        declared = "materiality" in top
        if declared:
            cycle = self.materiality(top["materiality"], cycle)
        if key and not CYCLE_KEY.fullmatch(key):
            self.error(top["cycle"], invalid_cycle_key(key))
        for problem in cycle.scale_problems():
            self.error(top.get("materiality"), problem)
        rows: list[MethodRow] = []
        for level in LEVELS:
            for item in self.sequence(top.get(f"level_{level}")):
                row = self.row(item, level)
                if row is not None:
                    rows.append(row)
        if not rows and not self.log.issues:
            self.error(root, _("Filen har ingen rader (level_1, level_2 eller level_3)"))
        return MethodFile(MethodTable(municipality, cycle, tuple(rows)), declared)

    def materiality(self, node: Node, cycle: MethodCycle) -> MethodCycle:
        found = self.mapping(node, MATERIALITY_KEYS, "materiality") or {}
        low = self.parsed(found.get("scale_min"), _number)
        high = self.parsed(found.get("scale_max"), _number)
        aggregation = self.choice(
            found.get("aggregation"), Aggregation, at=node, key="aggregation", required=False
        )
        return MethodCycle(
            cycle.key,
            cycle.title,
            cycle.illustrative,
            scale_min=cycle.scale_min if low is None else low,
            scale_max=cycle.scale_max if high is None else high,
            aggregation=aggregation or Aggregation.MEAN,
            priority_threshold=self.parsed(found.get("priority_threshold"), _number),
        )

    def row(self, node: Node, level: int) -> MethodRow | None:
        found = self.mapping(node, ROW_KEYS[level], f"level_{level}")
        if found is None:
            return None
        texts = {name: self.long_text(found.get(name)) for name in LEVEL_FIELDS[level]}
        texts = {name: text for name, text in texts.items() if text}
        plan_keys = self.plan_keys(found.get("plan_keys"))
        if level == 1:
            goal = self.goal(found.get("goal"), node)
            targets = self.targets(found.get("targets"), goal)
            if not texts:
                self.error(node, missing("significance"))
            if goal is None or not self.first(node, level, str(goal)):
                return None
            return MethodRow(1, goal, None, texts, targets=targets, plan_keys=plan_keys)
        target_node = found.get("target")
        written = self.text(target_node, required=True, at=node, key="target")
        reading = read_target(written, None, self.catalogue) if written else None
        if reading is not None and reading.note:
            self.note(target_node, reading.note, error=reading.code is None)
        if not texts:
            self.error(node, _("Raden har ingen tekst"))
        if reading is None or reading.code is None or not self.first(node, level, reading.code):
            return None
        goal = int(reading.code.split(".")[0])
        return MethodRow(level, goal, reading.code, texts, plan_keys=plan_keys)

    def first(self, node: Node, level: int, code: str) -> bool:
        """True for the first row of `code` in a level; a second one is an error."""
        if (level, code) in self.seen:
            self.error(
                node, _("{code} står to ganger i nivå {level}").format(code=code, level=level)
            )
            return False
        self.seen.add((level, code))
        return True

    def goal(self, node: Node | None, at: Node) -> int | None:
        text = self.text(node, required=True, at=at, key="goal")
        if not text:
            return None
        number = text.split()[0]  # `3 GOD HELSE`, as the slides write it
        if not number.isdigit() or int(number) not in self.catalogue.goals:
            self.error(node, _("«{goal}» er ikke et bærekraftsmål (1-17)").format(goal=text))
            return None
        return int(number)

    def targets(self, node: Node | None, goal: int | None) -> tuple[str, ...]:
        codes: list[str] = []
        for item, written in self.items(node):
            reading = read_target(written, goal, self.catalogue)
            if reading.note:
                self.note(item, reading.note, error=reading.code is None)
            if reading.code is None:
                continue
            if reading.code in codes:
                self.error(item, _("{code} står to ganger").format(code=reading.code))
                continue
            codes.append(reading.code)
        return tuple(codes)

    def plan_keys(self, node: Node | None) -> tuple[str, ...]:
        keys: list[str] = []
        for item, key in self.items(node):
            if self.known_keys is None:
                self.error(
                    item,
                    _("Ingen plan er lagret: planens nøkkel «{key}» kan ikke kontrolleres").format(
                        key=key
                    ),
                )
            elif key not in self.known_keys:
                self.error(
                    item,
                    _("Planen har ikke noe mål eller strategi med nøkkelen «{key}»").format(
                        key=key
                    ),
                )
            elif key not in keys:
                keys.append(key)
        return tuple(keys)

    def items(self, node: Node | None) -> list[tuple[Node, str]]:
        """A list's scalars, or a text's parts separated by commas or spaces."""
        if node is None or is_null(node):
            return []
        if isinstance(node, ScalarNode):
            return [(node, part) for part in _SEPARATORS.split(node.value) if part]
        if not isinstance(node, SequenceNode):
            self.error(node, _("Ventet en liste"))
            return []
        found = []
        for item in node.value:
            text = self.text(item, required=False)
            if text:
                found.append((item, text))
        return found

    def long_text(self, node: Node | None) -> str:
        text = self.text(node, required=False)
        if len(text) > MAX_TEXT:
            self.error(node, _("Teksten er lengre enn {limit} tegn").format(limit=MAX_TEXT))
            return ""
        return text

    def note(self, node: Node | None, message: str, *, error: bool) -> None:
        if error:
            self.error(node, message)
            return
        mark = node.start_mark if node is not None else None
        self.log.warning(
            message, line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None
        )


def _number(text: str) -> float:
    return parse_number(text, decimal_comma=True)


def _boolean(text: str) -> bool:
    if text.lower() in ("true", "yes"):
        return True
    if text.lower() in ("false", "no"):
        return False
    raise ValueError(
        _("Ugyldig «illustrative» «{value}»; skriv true eller false").format(value=text)
    )
