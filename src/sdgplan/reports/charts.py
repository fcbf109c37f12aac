"""Charts as Vega-Lite specifications: key figures over time with their threshold and
target, and comparisons between areas. Each is shown next to its data table, with the same
years, a title and axis titles; the HTML draws them interactively, the PDF gets static SVG
(vl-convert). Numbers are formatted as in Norway (`NB_NO_LOCALE`) in both.

The specifications are written as plain Vega-Lite JSON: building them with Altair cost more
than the rest of the HTML report (its import and schema-wrapped objects, about 1.5 s of CPU
for 25 charts); tests/reports/test_chart_specs.py validates every chart against the
Vega-Lite schema instead."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from sdgplan.domain.indicators import Indicator, Observation
from sdgplan.domain.periods import is_year
from sdgplan.reports.disk_cache import cache_folder, digest, prune, read_cached, write_cached
from sdgplan.reports.goalposts import goalposts, yearly_values
from sdgplan.reports.tables import Grid
from sdgplan.reports.vega_bundle import vega_embed_script

__all__ = ["Chart", "chart_svg", "comparison_chart", "key_figure_chart", "vega_embed_script"]

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
FONT = "Noto Sans"
SVG_CACHE_SIZE = 2000  # about 60 MB
WIDTH, HEIGHT = 420, 180
COLOURS = ["#1f5f8b", "#e08a2e", "#5a9e4b", "#8c5fa8", "#b0413e"]
# d3-format locale nb-NO: decimal comma, a no-break space between thousands
NB_NO_LOCALE: dict[str, Any] = {
    "decimal": ",",
    "thousands": "\u00a0",
    "grouping": [3],
    "currency": ["", "\u00a0kr"],
}
CONFIG: dict[str, Any] = {
    "font": FONT,
    "view": {"continuousWidth": 300, "continuousHeight": 300, "stroke": None},
    "axis": {"labelFontSize": 11, "titleFontSize": 11, "gridColor": "#e6e6e6"},
    "title": {"fontSize": 13, "anchor": "start"},
    "legend": {"orient": "bottom", "title": None},
}


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    spec: dict[str, Any]


def _spec(body: dict[str, Any]) -> dict[str, Any]:
    """A top-level specification: the schema, the shared look, `body`, the size."""
    return {"$schema": VEGA_LITE_SCHEMA, "config": CONFIG, **body, "width": WIDTH, "height": HEIGHT}


def _field(name: str, kind: str, **extra: Any) -> dict[str, Any]:
    return {"field": name, "type": kind, **extra}


def number_format(values: list[float]) -> str:
    """The d3 format of a chart's numbers: four-digit numbers are not grouped (`1748`) but
    larger ones are (`186 211`), as in the tables; trailing zeros are left out."""
    return ",~f" if any(abs(v) >= 10_000 for v in values) else "~f"


def axis_title(indicator: Indicator, fallback: str) -> str:
    """The unit for the value axis: the indicator's unit, else a short unit at the end of
    its name ("…, tonn CO₂e"), else `fallback`."""
    if indicator.unit:
        return indicator.unit
    tail = re.search(r",\s*([^,]{1,20})$", indicator.name)
    return tail[1] if tail else fallback


def key_figure_chart(
    indicator: Indicator,
    observations: list[Observation],
    *,
    area: str,
    labels: dict[str, str],
    periods: list[str],
) -> Chart | None:
    """The values in `periods` (the years of the key-figure table) with the threshold,
    target and desired band; None for fewer than two values.

    The value axis starts at zero, so a small change looks small.
    """
    series = yearly_values(indicator, observations, area=area)
    years = [p for p in periods if is_year(p)]
    shown = {y: series[int(y)] for y in years if int(y) in series}
    points = [{"year": y, "value": value} for y, value in shown.items()]
    if len(points) < 2:
        return None
    title = re.sub(r"\s*\([^)]*\)\s*$", "", indicator.name)
    y_title = axis_title(indicator, labels["value"])
    posts = goalposts(indicator, series)
    fmt = number_format([*shown.values(), posts.target_value or 0])
    x = _field(
        "year", "ordinal", title=labels["year"], scale={"domain": years}, axis={"labelAngle": 0}
    )
    y = _field("value", "quantitative", title=y_title, scale={"zero": True}, axis={"format": fmt})
    data = {"values": points}
    layers: list[dict[str, Any]] = [
        {
            "data": data,
            "mark": {"type": "line", "color": COLOURS[0], "point": {"size": 50}},
            "encoding": {
                "x": x,
                "y": y,
                "tooltip": [
                    _field("year", "ordinal", title=labels["year"]),
                    _field("value", "quantitative", title=y_title, format=fmt),
                ],
            },
        },
        {
            "data": data,
            "mark": {"type": "text", "dy": -10, "fontSize": 10, "color": "#1d2327"},
            "encoding": {"x": x, "y": y, "text": _field("value", "quantitative", format=fmt)},
        },
    ]
    notes: list[str] = []
    threshold = indicator.threshold
    if threshold is not None:
        values = [threshold.value] + ([threshold.upper] if threshold.operator == "between" else [])
        layers += _level_lines(
            values, f"{labels['threshold']} {posts.threshold}", COLOURS[4], [6, 4], "left"
        )
        notes.append(labels["rule_note"])
    if posts.target_value is not None:
        text = f"{labels['target']} {posts.target_year}: {posts.target}"
        layers += _level_lines([posts.target_value], text, COLOURS[2], [2, 3], "right")
        notes.append(labels["target_note"])
    if indicator.bands is not None:
        desired = indicator.bands.desired[0]
        band = {
            "data": {"values": [{"low": desired.lower, "high": desired.upper}]},
            "mark": {"type": "rect", "opacity": 0.15, "color": COLOURS[2]},
            "encoding": {"y": _field("low", "quantitative"), "y2": {"field": "high"}},
        }
        layers.insert(0, band)
        notes.append(labels["band_note"])
    spec = _spec({"layer": layers, "title": {"text": title, "subtitle": "; ".join(notes)}})
    return Chart(indicator.key, title, spec)


def _level_lines(
    values: list[float | None],
    text: str,
    colour: str,
    dash: list[int],
    align: Literal["left", "right"],
) -> list[dict[str, Any]]:
    """Horizontal lines at `values`, the first labelled `text` at the left or right edge."""
    rows = [{"value": v, "label": text if i == 0 else ""} for i, v in enumerate(values)]
    data = {"values": [r for r in rows if r["value"] is not None]}
    y = _field("value", "quantitative")
    return [
        {
            "data": data,
            "mark": {"type": "rule", "color": colour, "strokeDash": dash},
            "encoding": {"y": y},
        },
        {
            "data": data,
            "mark": {
                "type": "text",
                "align": align,
                "dx": 4 if align == "left" else -4,
                "dy": -6,
                "color": colour,
                "fontSize": 10,
            },
            "encoding": {
                "y": y,
                "text": _field("label", "nominal"),
                "x": {"value": 0 if align == "left" else WIDTH},
            },
        },
    ]


def comparison_chart(
    grid: Grid, *, labels: dict[str, str], indicators: dict[str, Indicator]
) -> Chart | None:
    """Grouped bars for a table of areas by period (peer or former municipalities)."""
    table = grid.table
    if table.rows != "area" or table.columns != ("period",) or len(table.indicators) != 1:
        return None
    values = [o for o in grid.values if o.value is not None]
    if len(values) < 2 or len(grid.header_rows) != 1:
        return None
    row_labels = [label for label, _ in grid.rows]
    area_label = dict(
        zip(list(dict.fromkeys(o.area for o in grid.values)), row_labels, strict=False)
    )
    points = [
        {
            "area": area_label.get(o.area, o.area),
            "period": table.labels.get(o.period, o.period),
            "value": o.value,
        }
        for o in values
    ]
    indicator = indicators.get(table.indicators[0])
    y_title = axis_title(indicator, labels["value"]) if indicator else labels["value"]
    fmt = number_format([o.value for o in values if o.value is not None])
    encoding = {
        "x": _field("area", "nominal", title=None, sort=row_labels, axis={"labelAngle": 0}),
        "xOffset": _field("period", "nominal"),
        "y": _field("value", "quantitative", title=y_title, axis={"format": fmt}),
        "color": _field("period", "nominal", scale={"range": COLOURS}),
        "tooltip": [
            _field("area", "nominal"),
            _field("period", "nominal"),
            _field("value", "quantitative", title=y_title, format=fmt),
        ],
    }
    spec = _spec(
        {
            "data": {"values": points},
            "mark": {"type": "bar"},
            "encoding": encoding,
            "title": _sentence(table.title),
        }
    )
    return Chart(table.key, table.title, spec)


def _sentence(title: str) -> str:
    return title[:1] + title[1:].lower() if title.isupper() else title


def chart_svg(chart: Chart) -> str:
    """The chart as static SVG, numbers in the nb-NO format. vl-convert takes about a second
    to start and a tenth of a second a chart, so each SVG is cached on disk by the hash of
    its specification (the newest `SVG_CACHE_SIZE` are kept)."""
    import vl_convert  # here: only the PDF needs it

    version = getattr(vl_convert, "__version__", "unknown")
    key = json.dumps(chart.spec, sort_keys=True, ensure_ascii=False)
    folder = cache_folder() / f"svg-vl-convert-{version}"
    path = folder / f"{digest(key)}.svg"
    cached = read_cached(path)
    if cached is not None:
        return cached
    svg: str = vl_convert.vegalite_to_svg(chart.spec, format_locale=NB_NO_LOCALE)
    write_cached(path, svg)
    prune(folder, SVG_CACHE_SIZE)
    return svg


def chart_html(chart: Chart, *, lang: str = "nb") -> str:
    """A standalone HTML page that draws `chart` (the Vega code inlined, no network)."""
    from html import escape

    from sdgplan.reports.vega_bundle import vega_embed_script

    spec = (
        json.dumps(chart.spec, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    options = json.dumps({"renderer": "svg", "actions": False, "formatLocale": NB_NO_LOCALE})
    script = vega_embed_script()
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(chart.title)}</title>\n<script>{script}</script>\n</head>\n<body>\n"
        f'<div id="chart"></div>\n<script type="application/json" id="spec">{spec}</script>\n'
        "<script>vegaEmbed(document.getElementById('chart'), "
        f"JSON.parse(document.getElementById('spec').textContent), {options});</script>\n"
        "</body>\n</html>\n"
    )
