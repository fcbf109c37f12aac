"""A JSON-stat 2.0 dataset (https://json-stat.org/full/) from cells of a cube.

Values are listed in row-major order (the last dimension varies fastest). A missing cell is
null, never zero; a cell's status (a word such as `pending`) goes to `status`, keyed by its
position. A sparse cube (few cells filled) writes `value` and `status` as objects keyed by
position, as the format allows, instead of a mostly-null array.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

DENSE_FACTOR = 4  # dense when the cube has at most this many cells per value (or is small)
SMALL_CUBE = 1000


@dataclass(frozen=True)
class Dimension:
    """One dimension: its categories as id → label, in order. `role` is `time`, `geo` or
    `metric`; `units` (metric only) gives each category's `label` and `decimals`."""

    id: str
    label: str
    categories: dict[str, str]
    role: str | None = None
    units: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Cell:
    coordinates: tuple[str, ...]  # a category id per dimension, in the dimensions' order
    value: float | None
    status: str | None = None


def dataset(
    label: str,
    dimensions: Sequence[Dimension],
    cells: Iterable[Cell],
    *,
    extension: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The dataset as a JSON-ready dict; ValueError for a cell outside the dimensions or two
    cells at one position."""
    sizes = [len(d.categories) for d in dimensions]
    positions = [{cat: i for i, cat in enumerate(d.categories)} for d in dimensions]
    values: dict[int, float | None] = {}
    statuses: dict[int, str] = {}
    for cell in cells:
        index = _flat_index(cell.coordinates, positions, sizes)
        if index in values:
            raise ValueError(f"two cells at {cell.coordinates}")
        values[index] = cell.value
        if cell.status:
            statuses[index] = cell.status
    size = math.prod(sizes)
    dense = size <= max(SMALL_CUBE, DENSE_FACTOR * len(values))
    result: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": label,
        "id": [d.id for d in dimensions],
        "size": sizes,
        "dimension": {d.id: _dimension(d) for d in dimensions},
        "value": [values.get(i) for i in range(size)]
        if dense
        else {str(i): v for i, v in sorted(values.items())},
    }
    roles: dict[str, list[str]] = {}
    for d in dimensions:
        if d.role:
            roles.setdefault(d.role, []).append(d.id)
    if roles:
        result["role"] = roles
    if statuses:
        result["status"] = {str(i): s for i, s in sorted(statuses.items())}
    if extension:
        result["extension"] = extension
    return result


def _flat_index(
    coordinates: tuple[str, ...], positions: list[dict[str, int]], sizes: list[int]
) -> int:
    if len(coordinates) != len(sizes):
        raise ValueError(f"{coordinates} does not name a category of every dimension")
    index = 0
    for category, found, size in zip(coordinates, positions, sizes, strict=True):
        if category not in found:
            raise ValueError(f"unknown category {category!r}")
        index = index * size + found[category]
    return index


def _dimension(dimension: Dimension) -> dict[str, Any]:
    category: dict[str, Any] = {
        "index": {cat: i for i, cat in enumerate(dimension.categories)},
        "label": dict(dimension.categories),
    }
    if dimension.units:
        category["unit"] = dimension.units
    return {"label": dimension.label, "category": category}
