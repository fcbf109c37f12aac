"""The observations grid of the editing pages: areas down, periods across, each cell a value
(Norwegian or English decimals), a status word and a note; and reading it back from the form
into the state of `observations:KEY` (editing/kinds/observations.py)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sdgplan.domain.display import format_number
from sdgplan.domain.indicators import Area, ObservationStatus
from sdgplan.domain.numbers import parse_number
from sdgplan.editing.kinds.observations import cell_key
from sdgplan.i18n import N_, _

STATUS_CHOICES = {
    ObservationStatus.MEASURED.value: N_("Målt"),
    ObservationStatus.NOT_MEASURED.value: N_("Ikke målt"),
    ObservationStatus.PENDING.value: N_("Tall kommer"),
}
_DECIMALS = re.compile(r"[.,]([0-9]+)\s*$")


@dataclass(frozen=True)
class Cell:
    key: str
    period: str
    value: str  # as shown in the input
    status: str
    note: str
    changed: bool  # differs from the published figure


@dataclass(frozen=True)
class Row:
    area: str
    name: str
    breakdown: str
    cells: list[Cell]


def value_text(value: Mapping[str, Any] | None) -> str:
    if not value or value.get("value") is None:
        return ""
    return format_number(float(value["value"]), int(value.get("decimals") or 0))


def grid(
    state: Mapping[str, Any],
    published: Mapping[str, Any],
    areas: Mapping[str, Area],
    own: str,
    years: tuple[int, int] | None,
    submitted: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[list[str], list[Row]]:
    """The periods (columns) and rows of the grid; `submitted` keeps what the editor typed
    when the form comes back with problems."""
    split = [(key, *_parts(key)) for key in state]
    periods = {period for _key, _area, period, _breakdown in split}
    if years:
        periods |= {str(year) for year in range(years[0], years[1] + 1)}
    rows = {(area, breakdown) for _key, area, _period, breakdown in split} | {(own, "")}
    ordered = sorted(
        rows, key=lambda r: (r[0] != own, areas[r[0]].name if r[0] in areas else r[0], r[1])
    )
    columns = sorted(periods)
    return columns, [
        Row(
            area,
            areas[area].name if area in areas else area,
            breakdown,
            [_cell(cell_key(area, p, breakdown), p, state, published, submitted) for p in columns],
        )
        for area, breakdown in ordered
    ]


def _cell(
    key: str,
    period: str,
    state: Mapping[str, Any],
    published: Mapping[str, Any],
    submitted: Mapping[str, Mapping[str, str]] | None,
) -> Cell:
    value = state.get(key)
    if submitted is not None and key in submitted:
        typed = submitted[key]
        return Cell(key, period, typed["value"], typed["status"], typed["note"], False)
    return Cell(
        key=key,
        period=period,
        value=value_text(value),
        status=(value or {}).get("status", ObservationStatus.MEASURED.value),
        note=(value or {}).get("note") or "",
        changed=value != published.get(key),
    )


def _parts(key: str) -> tuple[str, str, str]:
    area, _sep, rest = key.partition("/")
    period, _sep, breakdown = rest.partition("/")
    return area, period, breakdown


def read_grid(
    form: Mapping[str, str], current: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Mapping[str, str]], list[str]]:
    """The state the form asks for, what was typed per cell, and the problems (each naming
    the cell and the value). Cells left empty are absent; a printed text stays while its
    figure does not change."""
    state: dict[str, Any] = {}
    typed: dict[str, Mapping[str, str]] = {}
    problems: list[str] = []
    for name in form:
        if not name.startswith("v:"):
            continue
        key = name[2:]
        text = form[name].strip()
        status = form.get("s:" + key, ObservationStatus.MEASURED.value)
        note = form.get("n:" + key, "").strip()
        typed[key] = {"value": text, "status": status, "note": note}
        if status not in STATUS_CHOICES:
            problems.append(
                _("{cell}: ukjent status {status}").format(cell=key, status=repr(status[:30]))
            )
            continue
        if not text and status == ObservationStatus.MEASURED.value:
            if note:
                problems.append(_("{cell}: en merknad, men ikke noe tall").format(cell=key))
            continue
        cell: dict[str, Any] = {"value": None, "status": status}
        if text:
            try:
                cell["value"] = parse_number(text)
            except ValueError as error:
                problems.append(f"{key}: {error}")
                continue
            found = _DECIMALS.search(text)
            if found:
                cell["decimals"] = len(found.group(1))
        if note:
            cell["note"] = note
        old = current.get(key) or {}
        same_figure = all(old.get(k) == cell.get(k) for k in ("value", "status")) and (
            old.get("decimals") or 0
        ) == (cell.get("decimals") or 0)
        if old.get("display") and same_figure:
            cell["display"] = old["display"]
        state[key] = cell
    return state, typed, problems
