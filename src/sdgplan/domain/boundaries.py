"""Map shapes a municipality supplies: area boundaries by area code, and named points.

Coordinates are GeoJSON's, as given: WGS84 longitude and latitude (RFC 7946, section 4).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

AREA_GEOMETRIES = ("Polygon", "MultiPolygon")
POINT_GEOMETRY = "Point"


@dataclass(frozen=True)
class AreaShape:
    """The boundary of an area (a municipality, former municipality or district)."""

    code: str
    geometry: dict[str, Any]  # a GeoJSON Polygon or MultiPolygon


@dataclass(frozen=True)
class MapPoint:
    """A named place drawn on top of the areas: a centre, a citizen square."""

    name: str
    longitude: float
    latitude: float
    layer: str = ""  # what kind of place, e.g. "Innbyggertorg"


@dataclass
class Boundaries:
    shapes: list[AreaShape] = field(default_factory=list)
    points: list[MapPoint] = field(default_factory=list)


def outer_rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    """The outer ring of each polygon of a Polygon or MultiPolygon."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]


def ring_area(ring: list[list[float]]) -> float:
    """The ring's area in square degrees with its sign (the shoelace formula)."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False)) / 2


def label_point(geometry: dict[str, Any]) -> tuple[float, float]:
    """Where to write an area's label: the centroid of its largest polygon's outer ring."""
    ring = max(outer_rings(geometry), key=lambda r: abs(ring_area(r)))
    area = ring_area(ring)
    if area == 0:
        return (
            sum(p[0] for p in ring) / len(ring),
            sum(p[1] for p in ring) / len(ring),
        )
    x = y = 0.0
    for a, b in zip(ring, ring[1:], strict=False):
        cross = a[0] * b[1] - b[0] * a[1]
        x += (a[0] + b[0]) * cross
        y += (a[1] + b[1]) * cross
    return x / (6 * area), y / (6 * area)
