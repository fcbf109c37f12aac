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
    """The fields that differ; a whole value when the states are not both objects."""
    if isinstance(old, dict) and isinstance(new, dict):
        keys = sorted(set(old) | set(new))
        return [
            Difference(key, describe(old.get(key)), describe(new.get(key)))
            for key in keys
            if old.get(key) != new.get(key)
        ]
    if old == new:
        return []
    return [Difference("", describe(old), describe(new))]


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
