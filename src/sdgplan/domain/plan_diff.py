"""What changed between two versions of a plan: items added, removed, reworded, moved, and
changed references, matched by their stable keys (issue 10, point 2).

Focus areas, main goals, sub-goals and strategies are matched by key (see `plan_keys`);
items without a key (a plan that was never saved) fall back to matching by exact text.
An item has moved when its parent (focus area or sub-goal) or its level changed, or when its
order relative to its remaining siblings changed: a new number caused only by an insertion
or removal above it is not a move.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Any

from sdgplan.domain.plan import PlanVersion, VersionKind

FOCUS_AREA = "focus_area"  # the level of a focus area; goals use `GoalLevel` values
_TOKENS = re.compile(r"\w+|[^\w\s]|\s+")


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    REWORDED = "reworded"
    MOVED = "moved"
    REFS_CHANGED = "refs_changed"


class SegmentOp(StrEnum):
    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"


@dataclass(frozen=True)
class Segment:
    """A run of text in a word-level diff: kept, deleted (old only) or inserted (new only)."""

    op: SegmentOp
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"op": self.op.value, "text": self.text}


@dataclass(frozen=True)
class Side:
    """An item as it is in one version: its number in the plan, text and reference codes."""

    path: str
    text: str
    refs: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "text": self.text, "refs": list(self.refs)}


@dataclass(frozen=True)
class ItemChange:
    """One focus area, goal or strategy that changed; `old` is None when added, `new` None
    when removed. `focus_area` is the item's focus area in the new version (old if removed)."""

    key: str
    level: str
    focus_area_key: str
    focus_area: str
    kinds: tuple[ChangeKind, ...]
    old: Side | None
    new: Side | None
    words: tuple[Segment, ...] = ()
    refs_added: tuple[str, ...] = ()
    refs_removed: tuple[str, ...] = ()
    from_focus_area: str = ""  # the focus area it was in, when moved from another one

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "level": self.level,
            "focus_area_key": self.focus_area_key,
            "focus_area": self.focus_area,
            "changes": [kind.value for kind in self.kinds],
            "old": self.old.to_dict() if self.old else None,
            "new": self.new.to_dict() if self.new else None,
            "words": [segment.to_dict() for segment in self.words],
            "refs_added": list(self.refs_added),
            "refs_removed": list(self.refs_removed),
            "from_focus_area": self.from_focus_area or None,
        }


@dataclass(frozen=True)
class PlanDiff:
    """The changes from `old` to `new`, in the new plan's order (removed items before the
    item they preceded); `unchanged` counts the items matched with no change."""

    old_version: VersionKind
    new_version: VersionKind
    changes: tuple[ItemChange, ...]
    unchanged: int
    old_date: dt.date | None = None
    new_date: dt.date | None = None

    def counts(self) -> dict[str, int]:
        counts = {kind.value: 0 for kind in ChangeKind}
        for change in self.changes:
            for kind in change.kinds:
                counts[kind.value] += 1
        return {**counts, "unchanged": self.unchanged}

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": _version_dict(self.old_version, self.old_date),
            "to": _version_dict(self.new_version, self.new_date),
            "counts": self.counts(),
            "changes": [change.to_dict() for change in self.changes],
        }


def _version_dict(kind: VersionKind, date: dt.date | None) -> dict[str, str | None]:
    return {"version": kind.value, "date": date.isoformat() if date else None}


@dataclass
class _Node:
    """A focus area or goal of one version, flattened, with its parent's index."""

    key: str
    level: str
    area: int  # index of its focus area node (itself for a focus area)
    parent: int | None
    path: str
    text: str
    refs: tuple[str, ...]
    children: list[int] = field(default_factory=list)


def diff_plan(old: PlanVersion, new: PlanVersion) -> PlanDiff:
    """The changes from `old` to `new`, items matched by key (by exact text without one).

    >>> from sdgplan.domain.plan import FocusArea
    >>> a = PlanVersion(VersionKind.PROPOSAL, focus_areas=[FocusArea("Helse", key="helse")])
    >>> b = PlanVersion(VersionKind.ADOPTED, focus_areas=[FocusArea("God helse", key="helse")])
    >>> diff_plan(a, b).counts()["reworded"]
    1
    """
    old_nodes, new_nodes = _flatten(old), _flatten(new)
    pairs = _pair(old_nodes, new_nodes)
    moved = _moved(old_nodes, new_nodes, pairs)
    changes: list[tuple[tuple[int, int, int], ItemChange]] = []
    unchanged = 0
    for n in range(len(new_nodes)):
        change = _change(old_nodes, new_nodes, pairs.get(n), n, moved=n in moved, pairs=pairs)
        if change is None:
            unchanged += 1
        else:
            changes.append(((n, 0, 0), change))
    changes += _removed(old_nodes, new_nodes, pairs)
    ordered = tuple(change for _, change in sorted(changes, key=lambda pair: pair[0]))
    return PlanDiff(old.kind, new.kind, ordered, unchanged, old.date, new.date)


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """Word-level diff of two texts: words, punctuation and spaces are the tokens.

    >>> [(s.op.value, s.text) for s in word_diff("har god økonomi.", "har en god økonomi.")]
    [('equal', 'har '), ('insert', 'en '), ('equal', 'god økonomi.')]
    """
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    blocks: list[list[str]] = []  # [text] kept, or [old, new] changed
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            blocks.append(["".join(a[i1:i2])])
        elif blocks and len(blocks[-1]) == 2:
            blocks[-1] = [blocks[-1][0] + "".join(a[i1:i2]), blocks[-1][1] + "".join(b[j1:j2])]
        else:
            blocks.append(["".join(a[i1:i2]), "".join(b[j1:j2])])
    return tuple(_segments(_slide_spaces(_join_replacements(blocks))))


def _join_replacements(blocks: list[list[str]]) -> list[list[str]]:
    """`[-a-]{+c+} [-b-]{+d+}` reads better as `[-a b-]{+c d+}`: a space kept between two
    replacements joins them."""
    joined: list[list[str]] = []
    for block in blocks:
        if (
            len(block) == 2
            and len(joined) >= 2
            and len(joined[-1]) == 1
            and not joined[-1][0].strip()
            and len(joined[-2]) == 2
            and all(joined[-2] + block)
        ):
            space = joined.pop()[0]
            previous = joined.pop()
            block = [previous[0] + space + block[0], previous[1] + space + block[1]]
        joined.append(block)
    return joined


def _slide_spaces(blocks: list[list[str]]) -> list[list[str]]:
    """`har{+ en+} god` reads better as `har {+en +}god`: a pure insertion or deletion that
    starts with the space the kept text after it starts with slides one character right."""
    for i, block in enumerate(blocks[:-1]):
        after = blocks[i + 1]
        text = "".join(block)
        if len(block) != 2 or all(block) or not text[:1].isspace():
            continue
        if len(after) != 1 or after[0][:1] != text[0] or i == 0 or len(blocks[i - 1]) != 1:
            continue
        blocks[i - 1] = [blocks[i - 1][0] + text[0]]
        moved = text[1:] + text[0]
        blocks[i] = [moved, ""] if block[0] else ["", moved]
        blocks[i + 1] = [after[0][1:]]
    return blocks


def _segments(blocks: list[list[str]]) -> Iterator[Segment]:
    for block in blocks:
        if len(block) == 1:
            if block[0]:
                yield Segment(SegmentOp.EQUAL, block[0])
            continue
        if block[0]:
            yield Segment(SegmentOp.DELETE, block[0])
        if block[1]:
            yield Segment(SegmentOp.INSERT, block[1])


def _flatten(version: PlanVersion) -> list[_Node]:
    nodes: list[_Node] = []

    def add(node: _Node) -> int:
        nodes.append(node)
        if node.parent is not None:
            nodes[node.parent].children.append(len(nodes) - 1)
        return len(nodes) - 1

    for a, area in enumerate(version.focus_areas, start=1):
        at = add(_Node(area.key, FOCUS_AREA, len(nodes), None, f"{a}", area.name, ()))
        goals = [(area.main_goal, f"{a}")] if area.main_goal else []
        goals += [(goal, f"{a}.{g}") for g, goal in enumerate(area.goals, start=1)]
        for goal, path in goals:
            level = "main_goal" if goal is area.main_goal else "goal"
            g = add(_Node(goal.key, level, at, at, path, goal.text, _codes(goal.refs)))
            for s, strategy in enumerate(goal.strategies, start=1):
                refs = _codes(strategy.refs)
                add(_Node(strategy.key, "strategy", at, g, f"{path}.{s}", strategy.text, refs))
    return nodes


def _codes(refs: tuple[Any, ...]) -> tuple[str, ...]:
    return tuple(str(ref) for ref in refs)


def _pair(old: list[_Node], new: list[_Node]) -> dict[int, int]:
    """New node index -> old node index: by key, then (either side without a key) by text."""
    by_key = {node.key: o for o, node in enumerate(old) if node.key}
    pairs = {n: by_key[node.key] for n, node in enumerate(new) if node.key in by_key}
    paired = set(pairs.values())
    by_text: dict[tuple[bool, str], deque[int]] = defaultdict(deque)
    for o, node in enumerate(old):
        if o not in paired:
            by_text[node.level == FOCUS_AREA, node.text].append(o)
    for n, node in enumerate(new):
        candidates = by_text.get((node.level == FOCUS_AREA, node.text))
        if n in pairs or not candidates:
            continue
        for o in list(candidates):
            if not node.key or not old[o].key:
                candidates.remove(o)
                pairs[n] = o
                break
    return pairs


def _moved(old: list[_Node], new: list[_Node], pairs: dict[int, int]) -> set[int]:
    """New indices of items whose parent or level changed or that changed order among the
    siblings they had in both versions (those outside the longest run kept in order)."""
    moved = {
        n
        for n, o in pairs.items()
        if new[n].level != old[o].level or _paired(pairs, new[n].parent) != old[o].parent
    }
    parents: list[int | None] = [None, *range(len(new))]
    for parent in parents:
        siblings = (
            [n for n, node in enumerate(new) if node.parent is None]
            if parent is None
            else new[parent].children
        )
        kept = [
            n for n in siblings if n in pairs and n not in moved and new[n].level != "main_goal"
        ]
        in_order = _increasing(pairs[n] for n in kept)
        moved.update(n for n, keep in zip(kept, in_order, strict=True) if not keep)
    return moved


def _paired(pairs: dict[int, int], n: int | None) -> int | None:
    return None if n is None else pairs.get(n, -1)


def _increasing(values: Iterator[int]) -> list[bool]:
    """Which values belong to one longest strictly increasing subsequence."""
    items = list(values)
    tails: list[int] = []  # tails[k]: index of the smallest last value of a run of k + 1
    tail_values: list[int] = []
    previous: list[int | None] = [None] * len(items)
    for i, value in enumerate(items):
        k = bisect_left(tail_values, value)
        previous[i] = tails[k - 1] if k else None
        if k == len(tails):
            tails.append(i)
            tail_values.append(value)
        else:
            tails[k], tail_values[k] = i, value
    keep = [False] * len(items)
    at = tails[-1] if tails else None
    while at is not None:
        keep[at] = True
        at = previous[at]
    return keep


def _change(
    old_nodes: list[_Node],
    new_nodes: list[_Node],
    o: int | None,
    n: int,
    *,
    moved: bool,
    pairs: dict[int, int],
) -> ItemChange | None:
    new = new_nodes[n]
    area = new_nodes[new.area]
    side = Side(new.path, new.text, new.refs)
    if o is None:
        return ItemChange(new.key, new.level, area.key, area.text, (ChangeKind.ADDED,), None, side)
    old = old_nodes[o]
    kinds = []
    if old.text != new.text:
        kinds.append(ChangeKind.REWORDED)
    if moved:
        kinds.append(ChangeKind.MOVED)
    added = tuple(code for code in new.refs if code not in old.refs)
    removed = tuple(code for code in old.refs if code not in new.refs)
    if added or removed:
        kinds.append(ChangeKind.REFS_CHANGED)
    if not kinds:
        return None
    words = word_diff(old.text, new.text) if old.text != new.text else ()
    return ItemChange(
        new.key or old.key,
        new.level,
        area.key,
        area.text,
        tuple(kinds),
        Side(old.path, old.text, old.refs),
        side,
        words,
        added,
        removed,
        old_nodes[old.area].text if moved and pairs.get(new.area) != old.area else "",
    )


def _removed(
    old: list[_Node], new: list[_Node], pairs: dict[int, int]
) -> list[tuple[tuple[int, int, int], ItemChange]]:
    """Old items with no match, each placed before the next old item still there."""
    new_index = {o: n for n, o in pairs.items()}
    result = []
    anchor = len(new)
    for o in range(len(old) - 1, -1, -1):
        node = old[o]
        if o in new_index:
            anchor = new_index[o]
            continue
        area = old[node.area]
        if node.area in new_index:  # the focus area is still there: group under its new name
            area = new[new_index[node.area]]
        side = Side(node.path, node.text, node.refs)
        change = ItemChange(
            node.key, node.level, area.key, area.text, (ChangeKind.REMOVED,), side, None
        )
        result.append(((anchor, -1, o), change))
    return result
