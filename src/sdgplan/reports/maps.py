"""Maps as Vega-Lite specifications: areas coloured by an indicator's value (geoshape), the
municipality's outline, and named points on top. Every shape is inline in the
specification: no tile server, nothing fetched.

Vega draws with d3-geo, which takes a polygon's exterior ring to run clockwise (the
opposite of RFC 7946, section 3.1.6); an anticlockwise ring would cover the whole globe. The
rings are put in d3's order for drawing; the stored coordinates stay as given."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sdgplan.domain.boundaries import MapPoint, label_point, ring_area
from sdgplan.reports.charts import CONFIG, VEGA_LITE_SCHEMA, Chart, number_format

MAP_WIDTH, MAP_HEIGHT = 420, 400
# light to mid blue: the dark labels stay readable on every fill
RAMP = ["#e3eef8", "#4f8cc0"]
OUTLINE = "#1d2327"
POINT_COLOUR = "#b0413e"


@dataclass(frozen=True)
class MapArea:
    """An area on the map with its value and the value as the table shows it."""

    code: str
    name: str
    value: float
    text: str
    geometry: dict[str, Any]


def map_chart(
    key: str,
    title: str,
    areas: list[MapArea],
    *,
    legend: str,
    area_title: str,
    outline: dict[str, Any] | None = None,
    points: list[MapPoint] | None = None,
) -> Chart:
    """The areas coloured by value and labelled with name and value, `outline` (the whole
    municipality) drawn as a line, and `points` with their names on top. `title` is for the
    page's text alternative; the map itself has none (the page's heading says it)."""
    features = [
        {
            "type": "Feature",
            "properties": {"name": a.name, "value": a.value, "text": a.text},
            "geometry": d3_winding(a.geometry),
        }
        for a in areas
    ]
    fmt = number_format([a.value for a in areas])
    layers: list[dict[str, Any]] = [
        {
            "data": {
                "values": {"type": "FeatureCollection", "features": features},
                "format": {"type": "json", "property": "features"},
            },
            "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 1.5},
            "encoding": {
                "color": {
                    "field": "properties.value",
                    "type": "quantitative",
                    "scale": {"range": RAMP},
                    "legend": {"title": legend, "format": fmt, "orient": "bottom"},
                },
                "tooltip": [
                    {"field": "properties.name", "type": "nominal", "title": area_title},
                    {"field": "properties.text", "type": "nominal", "title": legend},
                ],
            },
        }
    ]
    if outline is not None:
        layers.append(
            {
                "data": {"values": {"type": "Feature", "geometry": d3_winding(outline)}},
                "mark": {"type": "geoshape", "filled": False, "stroke": OUTLINE, "aria": False},
            }
        )
    layers.append(_labels(areas))
    if points:
        layers += _points(points)
    spec = {
        "$schema": VEGA_LITE_SCHEMA,
        "config": CONFIG,
        "projection": {"type": "mercator"},
        "layer": layers,
        "width": MAP_WIDTH,
        "height": MAP_HEIGHT,
    }
    return Chart(f"map-{key}", title, spec)


def _labels(areas: list[MapArea]) -> dict[str, Any]:
    rows = []
    for area in areas:
        longitude, latitude = label_point(area.geometry)
        rows.append({"lon": longitude, "lat": latitude, "label": f"{area.name}\n{area.text}"})
    return {
        "data": {"values": rows},
        "mark": {"type": "text", "lineBreak": "\n", "fontSize": 11, "fontWeight": "bold"},
        "encoding": {
            "longitude": {"field": "lon", "type": "quantitative"},
            "latitude": {"field": "lat", "type": "quantitative"},
            "text": {"field": "label", "type": "nominal"},
            "color": {"value": OUTLINE},
        },
    }


def _points(points: list[MapPoint]) -> list[dict[str, Any]]:
    data = {
        "values": [
            {"lon": p.longitude, "lat": p.latitude, "name": p.name, "layer": p.layer}
            for p in points
        ]
    }
    position = {
        "longitude": {"field": "lon", "type": "quantitative"},
        "latitude": {"field": "lat", "type": "quantitative"},
    }
    return [
        {
            "data": data,
            "mark": {
                "type": "point",
                "shape": "diamond",
                "filled": True,
                "size": 70,
                "color": POINT_COLOUR,
                "stroke": "#ffffff",
                "strokeWidth": 1,
                "opacity": 1,
            },
            "encoding": {
                **position,
                "tooltip": [
                    {"field": "name", "type": "nominal"},
                    {"field": "layer", "type": "nominal"},
                ],
            },
        },
        {
            "data": data,
            "mark": {"type": "text", "align": "left", "dx": 7, "fontSize": 10, "color": OUTLINE},
            "encoding": {**position, "text": {"field": "name", "type": "nominal"}},
        },
    ]


def d3_winding(geometry: dict[str, Any]) -> dict[str, Any]:
    """The Polygon or MultiPolygon with exterior rings clockwise and holes anticlockwise."""
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": _polygon(geometry["coordinates"])}
    return {
        "type": "MultiPolygon",
        "coordinates": [_polygon(polygon) for polygon in geometry["coordinates"]],
    }


def _polygon(rings: list[list[list[float]]]) -> list[list[list[float]]]:
    # a positive shoelace area (x = longitude, y = latitude) is anticlockwise
    return [
        ring[::-1] if (ring_area(ring) > 0) == (n == 0) else ring for n, ring in enumerate(rings)
    ]
