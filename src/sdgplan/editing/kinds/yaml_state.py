"""A state checked by writing it as YAML and reading it with a file importer: where each
node of the written text belongs in the state, so a problem names its place, and a guard
against states nested too deep to write. Shared by the kinds whose state is a file's
content (plan, programme, method, materiality, benefits)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from sdgplan.domain.issues import Issue, Severity
from sdgplan.editing.kinds.common import refuse
from sdgplan.importers.yaml_nodes import MAX_CHARACTERS

Place = Callable[[Issue, dict[tuple[int, int], str]], str]


def deeper_than(value: Any, limit: int) -> bool:
    """Whether `value` nests lists and objects more than `limit` levels deep."""
    todo = [(value, 1)]
    while todo:
        item, depth = todo.pop()
        if depth > limit:
            return True
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        )
        todo += [(child, depth + 1) for child in children]
    return False


def yaml_paths(text: str) -> dict[tuple[int, int], str]:
    """Where each node of the written YAML starts (line, column, from 1) -> its place in the
    state: `focus_areas[0].goals[1].refs`."""
    found: dict[tuple[int, int], str] = {}

    def walk(node: Node, path: str) -> None:
        found.setdefault((node.start_mark.line + 1, node.start_mark.column + 1), path)
        if isinstance(node, MappingNode):
            for key, value in node.value:
                walk(value, f"{path}.{key.value}" if path else str(key.value))
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, f"{path}[{i}]")

    root = yaml.compose(text, Loader=yaml.BaseLoader)
    if root is not None:
        walk(root, "")
    return found


def placed(issue: Issue, paths: dict[tuple[int, int], str]) -> str:
    """The issue's message led by its place in the state (`versions[2].changes[0]: ...`)."""
    path = paths.get((issue.line or 0, issue.column or 0))
    if path is None:
        path = next((p for (line, _c), p in paths.items() if line == issue.line), None)
    return f"{path}: {issue.message}" if path else issue.message


def refuse_errors(
    where: str, text: str, issues: Iterable[Issue], *, place: Place | None = None
) -> None:
    """InvalidData naming each error among the `issues` the reader found in `text` (the state
    written as YAML), each led by its place in the state (`place`, by default `placed`)."""
    errors = [issue for issue in issues if issue.severity is Severity.ERROR]
    if errors:
        paths = yaml_paths(text) if len(text) <= MAX_CHARACTERS else {}
        refuse(where, [(place or placed)(issue, paths) for issue in errors])
