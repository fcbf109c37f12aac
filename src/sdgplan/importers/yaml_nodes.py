"""Reading YAML with line numbers: every scalar as text, every problem as an `Issue`."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sdgplan.i18n import _
from sdgplan.importers.base import (
    IssueLog,
    invalid_choice,
    missing,
    unknown_format,
    unsupported_version,
)

E = TypeVar("E", bound=Enum)
P = TypeVar("P")


MAX_CHARACTERS = 10_000_000
MAX_DEPTH = 40  # our formats nest at most six levels


class _LimitExceeded(yaml.YAMLError):
    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


class _LimitedLoader(yaml.BaseLoader):
    """BaseLoader that refuses aliases (`*name`, which can multiply a small file into a
    huge tree) and nesting deeper than `MAX_DEPTH`, instead of running out of stack."""

    depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, AliasEvent):
            raise _LimitExceeded(
                _("Aliaser (*navn) støttes ikke; skriv verdien ut"), event.start_mark
            )
        if self.depth >= MAX_DEPTH:
            raise _LimitExceeded(
                _("Mer enn {depth} nivåer dypt").format(depth=MAX_DEPTH), event.start_mark
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def compose_text(text: str, log: IssueLog) -> Node | None:
    """The YAML node tree of `text` (BaseLoader: all scalars are strings), or None.

    A syntax error, or a limit exceeded (size, depth, aliases), is logged with its line and
    column and gives None.
    """
    if len(text) > MAX_CHARACTERS:
        limit = f"{MAX_CHARACTERS:_}".replace("_", " ")
        log.error(_("Filen har mer enn {limit} tegn; del den opp").format(limit=limit))
        return None
    try:
        return yaml.compose(text, Loader=_LimitedLoader)
    except yaml.reader.ReaderError as e:
        before = text[: e.position]
        log.error(
            _("Tegnet U+{code:04X} er ikke tillatt i YAML; fjern det").format(code=e.character),
            line=before.count("\n") + 1,
            column=e.position - (before.rfind("\n") + 1) + 1,
        )
        return None
    except _LimitExceeded as e:
        mark = e.mark
        log.error(
            e.message,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        )
        return None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        log.error(
            _("Ugyldig YAML: {problem} (sjekk innrykk, kolon og klammer)").format(
                problem=getattr(e, "problem", e)
            ),
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        )
        return None


class NodeReader:
    """Typed access to YAML nodes that logs what is wrong, with the node's position."""

    def __init__(self, log: IssueLog) -> None:
        self.log = log

    def mapping(self, node: Node, keys: set[str] | None, what: str) -> dict[str, Node] | None:
        """The keys and value nodes of a mapping; keys outside `keys` (if given) are errors."""
        if not isinstance(node, MappingNode):
            self.error(node, _("Ventet en tabell med nøkler ({what})").format(what=what))
            return None
        result: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, _("En nøkkel må være tekst ({what})").format(what=what))
                continue
            key = key_node.value
            if keys is not None and key not in keys:
                self.error(
                    key_node,
                    _("Ukjent nøkkel «{key}» i {what}; tillatt: {allowed}").format(
                        key=key, what=what, allowed=", ".join(sorted(keys or ()))
                    ),
                )
            elif key in result:
                self.error(key_node, _("Nøkkelen «{key}» står to ganger").format(key=key))
            result[key] = value_node
        return result

    def sequence(self, node: Node | None) -> list[Node]:
        if node is None or is_null(node):
            return []
        if not isinstance(node, SequenceNode):
            self.error(node, _("Ventet en liste"))
            return []
        return list(node.value)

    def text(
        self, node: Node | None, *, required: bool, at: Node | None = None, key: str = "text"
    ) -> str:
        if node is None or is_null(node):
            if required:
                self.error(at or node, missing(key))
            return ""
        if not isinstance(node, ScalarNode):
            self.error(node, _("Ventet tekst"))
            return ""
        return str(node.value).strip()

    def check_format(self, top: dict[str, Node], name: str, version: int) -> None:
        """The optional `format` and `format_version` keys must name this format."""
        given = self.text(top.get("format"), required=False)
        if given and given != name:
            self.error(top["format"], unknown_format(given, name))
        given_version = self.text(top.get("format_version"), required=False)
        if given_version and given_version != str(version):
            self.error(top["format_version"], unsupported_version(given_version, version))

    def choice(
        self, node: Node | None, enum: type[E], *, at: Node, key: str, required: bool = True
    ) -> E | None:
        """A value of `enum`, e.g. a direction or an area kind."""
        value = self.text(node, required=required, at=at, key=key)
        if not value:
            return None
        try:
            return enum(value)
        except ValueError:
            self.error(node, invalid_choice(key, value, enum))
            return None

    def parsed(self, node: Node | None, parse: Callable[[str], P]) -> P | None:
        """`parse(text)` of a scalar, logging its ValueError; None for no value."""
        value = self.text(node, required=False)
        if not value:
            return None
        try:
            return parse(value)
        except ValueError as e:
            self.error(node, str(e))
            return None

    def first_time(self, node: Node, key: str, lines: dict[str, int], message: str) -> bool:
        """Whether `key` is new in `lines` (key -> the line it first stood on), noting the
        line of `node`; else logs `message` (with `{key}` and `{first}`) at `node`."""
        if key in lines:
            self.error(node, message.format(key=key, first=lines[key]))
            return False
        lines[key] = node.start_mark.line + 1
        return True

    def error(self, node: Node | None, message: str) -> None:
        mark = node.start_mark if node is not None else None
        self.log.error(
            message, line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None
        )


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.value in ("", "~", "null") and not node.style


def declared_municipality(text: str) -> tuple[str, int] | None:
    """The `municipality:` number (or `municipality: {number: ...}`) of a YAML file with its
    line, read without checking the rest; None if the file does not declare one plainly
    (its reader reports what is wrong, with the line)."""
    root = compose_text(text, IssueLog(""))
    if not isinstance(root, MappingNode):
        return None
    declared = value_of(root, "municipality")
    if isinstance(declared, MappingNode):
        declared = value_of(declared, "number")
    if not isinstance(declared, ScalarNode) or not declared.value:
        return None
    return declared.value, declared.start_mark.line + 1


def value_of(mapping: MappingNode, key: str) -> Node | None:
    """The value node of `key` in `mapping`, or None."""
    return next((v for k, v in mapping.value if isinstance(k, ScalarNode) and k.value == key), None)
