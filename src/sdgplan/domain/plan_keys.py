"""Stable keys for focus areas, goals and strategies, kept across plan versions and imports.

A key names an item wherever it is referred to (indicators, narrative, URLs): `okonomi` for a
focus area, `okonomi.0` for its main goal, `okonomi.1` for a sub-goal, `okonomi.1.2` for a
strategy. Keys given in a plan file are kept. Items without one are matched to the version
stored before: by text, then by position and text similarity; what matches nothing gets a
new key, never one an earlier item had.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import TypeVar

from sdgplan.domain.plan import FocusArea, Goal, PlanVersion, Strategy
from sdgplan.i18n import _

ITEM_KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,59}(?:\.[a-z0-9-]{1,20}){0,2}")
SIMILAR_AT_SAME_PLACE = 0.5
SIMILAR_ANYWHERE = 0.6
_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})

Item = TypeVar("Item", FocusArea, Goal, Strategy)


@dataclass
class KeyReport:
    """What happened to each item: kept (same text), reworded, new, or gone (not in the new
    version). Entries are `(key, text)`; reworded ones `(key, old text, new text)`."""

    kept: list[tuple[str, str]] = field(default_factory=list)
    reworded: list[tuple[str, str, str]] = field(default_factory=list)
    new: list[tuple[str, str]] = field(default_factory=list)
    gone: list[tuple[str, str]] = field(default_factory=list)


def key_problem(key: str) -> str | None:
    """Why `key` cannot be a plan item's key, or None if it can."""
    if ITEM_KEY.fullmatch(key):
        return None
    return _(
        "Ugyldig id «{key}»: bruk a-z, 0-9, - og opptil to punktum, f.eks. okonomi, okonomi.1, "
        "okonomi.1.2"
    ).format(key=key[:60])


def assign_keys(version: PlanVersion, previous: PlanVersion | None = None) -> KeyReport:
    """Give every item of `version` a key, reusing the keys of `previous`; report the matches."""
    report = KeyReport()
    old_areas = previous.focus_areas if previous else []
    pairs = _match(version.focus_areas, old_areas, _area_name)
    taken = {a.key for a in [*version.focus_areas, *old_areas] if a.key}
    for area in version.focus_areas:
        old = pairs.get(id(area))
        area.key = area.key or (old.key if old else fresh_slug(area.name, taken))
        taken.add(area.key)
        _note(report, area.key, old.name if old else None, area.name)
    old_by_key = {a.key: a for a in old_areas}
    for area in version.focus_areas:
        _assign_goals(area, old_by_key.get(area.key), report)
    matched = {a.key for a in version.focus_areas}
    for old_area in old_areas:
        if old_area.key not in matched:
            report.gone.append((old_area.key, old_area.name))
            report.gone += [(g.key, g.text) for g in _goals(old_area)]
    return report


def _assign_goals(area: FocusArea, old_area: FocusArea | None, report: KeyReport) -> None:
    old_main = old_area.main_goal if old_area else None
    if area.main_goal is not None:
        main = area.main_goal
        main.key = main.key or (old_main.key if old_main else f"{area.key}.0")
        _note(report, main.key, old_main.text if old_main else None, main.text)
    elif old_main is not None:
        report.gone.append((old_main.key, old_main.text))
    old_goals = old_area.goals if old_area else []
    pairs = _match(area.goals, old_goals, _text)
    _give_keys(area.goals, pairs, prefix=area.key, taken=_keys(area.goals, old_goals))
    for goal in area.goals:
        old = pairs.get(id(goal))
        _note(report, goal.key, old.text if old else None, goal.text)
        old_strategies = old.strategies if old else []
        strategy_pairs = _match(goal.strategies, old_strategies, _text)
        taken = _keys(goal.strategies, old_strategies)
        _give_keys(goal.strategies, strategy_pairs, prefix=goal.key, taken=taken)
        for strategy in goal.strategies:
            previous = strategy_pairs.get(id(strategy))
            _note(report, strategy.key, previous.text if previous else None, strategy.text)
        _report_gone(report, old_strategies, goal.strategies)
    _report_gone(report, old_goals, area.goals, with_strategies=True)


def _match(
    new: Sequence[Item], old: Sequence[Item], text: Callable[[Item], str]
) -> dict[int, Item]:
    """Pairs `id(new item) -> old item`: by key, by text, by place and likeness, by likeness."""
    pairs: dict[int, Item] = {}
    free = list(old)

    def pair(item: Item, candidate: Item) -> None:
        pairs[id(item)] = candidate
        free.remove(candidate)

    by_key = {o.key: o for o in old if o.key}
    for item in new:
        if item.key and item.key in by_key and by_key[item.key] in free:
            pair(item, by_key[item.key])
    for item in _unpaired(new, pairs):
        same = [o for o in free if text(o).casefold() == text(item).casefold()]
        if same:
            pair(item, same[0])
    for index, item in enumerate(new):
        if id(item) in pairs or index >= len(old) or old[index] not in free:
            continue
        if _likeness(text(item), text(old[index])) >= SIMILAR_AT_SAME_PLACE:
            pair(item, old[index])
    for item in _unpaired(new, pairs):
        scored = [(_likeness(text(item), text(o)), n) for n, o in enumerate(free)]
        best = max(scored, default=(0.0, -1))
        if best[0] >= SIMILAR_ANYWHERE:
            pair(item, free[best[1]])
    return pairs


def _unpaired(items: Sequence[Item], pairs: dict[int, Item]) -> Iterator[Item]:
    return (item for item in items if id(item) not in pairs and not item.key)


def _give_keys(
    items: Sequence[Goal] | Sequence[Strategy],
    pairs: dict[int, Goal] | dict[int, Strategy],
    *,
    prefix: str,
    taken: set[str],
) -> None:
    """Keys from the matched old items; new ones numbered after every number used before."""
    numbers = [
        int(k.rsplit(".", 1)[1]) for k in taken if re.fullmatch(rf"{re.escape(prefix)}\.\d+", k)
    ]
    next_number = max(numbers, default=0) + 1
    for item in items:
        if item.key:
            continue
        old = pairs.get(id(item))
        if old is not None:
            item.key = old.key
        else:
            item.key = f"{prefix}.{next_number}"
            next_number += 1


def _keys(
    new: Sequence[Goal] | Sequence[Strategy], old: Sequence[Goal] | Sequence[Strategy]
) -> set[str]:
    return {i.key for i in [*new, *old] if i.key}


def _note(report: KeyReport, key: str, old_text: str | None, text: str) -> None:
    if old_text is None:
        report.new.append((key, text))
    elif old_text == text:
        report.kept.append((key, text))
    else:
        report.reworded.append((key, old_text, text))


def _report_gone(
    report: KeyReport,
    old: Sequence[Goal] | Sequence[Strategy],
    new: Sequence[Goal] | Sequence[Strategy],
    *,
    with_strategies: bool = False,
) -> None:
    kept = {i.key for i in new}
    for item in old:
        if item.key not in kept:
            report.gone.append((item.key, item.text))
            if with_strategies and isinstance(item, Goal):
                report.gone += [(s.key, s.text) for s in item.strategies]


def _goals(area: FocusArea) -> Iterator[Goal | Strategy]:
    for goal in [area.main_goal, *area.goals]:
        if goal is not None:
            yield goal
            yield from goal.strategies


def fresh_slug(name: str, taken: set[str]) -> str:
    """`Økonomi` -> `okonomi`; `-2`, `-3` ... when taken."""
    text = unicodedata.normalize("NFKD", name.translate(_LETTERS).lower())
    words = re.findall(r"[a-z0-9]+", text.encode("ascii", "ignore").decode("ascii"))
    slug = ""
    for word in words:
        if slug and len(slug) + 1 + len(word) > 40:
            break
        slug = f"{slug}-{word}" if slug else word[:40]
    slug = slug or "omrade"
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def _likeness(a: str, b: str) -> float:
    return SequenceMatcher(None, a.casefold(), b.casefold(), autojunk=False).ratio()


def _area_name(area: FocusArea) -> str:
    return area.name


def _text(item: Goal | Strategy) -> str:
    return item.text
