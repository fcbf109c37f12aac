"""What a draft changes, field by field, in words a reader of the pending list or of a
conflict page can compare: `2023: 12,5 -> 13,0`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sdgplan.domain.display import STATUS_WORDS
from sdgplan.domain.indicators import ObservationStatus
from sdgplan.web.edit_grid import value_text

LONGEST = 160


@dataclass(frozen=True)
class Difference:
    field: str
    before: str
    after: str


def differences(old: Any, new: Any) -> list[Difference]:
    """The fields that differ; a whole value when the states are not both objects. Lists of
    objects with a `key` (a programme's versions, their changes) are compared item by item:
    `versions[frp].changes[skole].amounts`."""
    if isinstance(old, dict) and isinstance(new, dict):
        return _fields(old, new, "")
    if old == new:
        return []
    return [Difference("", describe(old), describe(new))]


def _fields(old: dict[str, Any], new: dict[str, Any], prefix: str) -> list[Difference]:
    found: list[Difference] = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        name = f"{prefix}{key}"
        if _keyed(before) and _keyed(after):
            found += _items(before or [], after or [], name)
        else:
            found.append(Difference(name, describe(before), describe(after)))
    return found


def _items(old: list[dict[str, Any]], new: list[dict[str, Any]], name: str) -> list[Difference]:
    before, after = {i["key"]: i for i in old}, {i["key"]: i for i in new}
    found: list[Difference] = []
    for key in [*before, *(k for k in after if k not in before)]:
        was, now = before.get(key), after.get(key)
        if was == now:
            continue
        place = f"{name}[{key}]"
        if was is None or now is None:
            found.append(Difference(place, describe(was), describe(now)))
        else:
            found += _fields(was, now, place + ".")
    return found


def _keyed(value: Any) -> bool:
    """None, or a list of objects each with a distinct text `key`."""
    if value is None:
        return True
    if not isinstance(value, list):
        return False
    keys = [i.get("key") if isinstance(i, dict) else None for i in value]
    return all(isinstance(k, str) for k in keys) and len(set(keys)) == len(keys)


def describe(value: Any) -> str:
    """A short text of one value: a figure with its status word and note, or the text."""
    if value is None:
        return "–"
    if isinstance(value, dict) and "status" in value and "value" in value:
        status = ObservationStatus(value["status"])
        text = value_text(value) or STATUS_WORDS.get(status, "")
        if status is not ObservationStatus.MEASURED and value.get("value") is not None:
            text += f" ({STATUS_WORDS.get(status, '')})"
        if value.get("note"):
            text += f" – {value['note']}"
        return _short(text)
    if isinstance(value, str):
        return _short(value)
    return _short(json.dumps(value, ensure_ascii=False))


def _short(text: str) -> str:
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"
