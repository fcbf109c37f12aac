"""The climate budget chart (issue 14) as a Vega-Lite specification: the direct emissions by
sector as stacked bars, the ceiling as a line, the projection with measures as a dashed line,
and the gap between them shaded. Numbers are formatted as in Norway, as in reports/charts.py;
tests/climate/test_climate_chart.py validates the specification against the schema."""

from __future__ import annotations

import json
from typing import Any

from sdgplan.domain.climate import BASIS_LABELS, Basis, BudgetYear, ClimateBudget, Sector
from sdgplan.i18n import _
from sdgplan.reports.charts import (
    COLOURS,
    VEGA_LITE_SCHEMA,
    Chart,
    number_format,
)
from sdgplan.reports.charts import (
    CONFIG as CHART_CONFIG,
)

WIDTH, HEIGHT = 560, 260
SECTOR_COLOURS = {
    Sector.INDUSTRY: "#5b4e8c",
    Sector.ENERGY_SUPPLY: "#b0413e",
    Sector.HEATING: "#e08a2e",
    Sector.ROAD_TRAFFIC: "#1f5f8b",
    Sector.SHIPPING: "#4aa3c8",
    Sector.AVIATION: "#8fb8d8",
    Sector.OTHER_MOBILE: "#7f7f7f",
    Sector.AGRICULTURE: "#5a9e4b",
    Sector.WASTE_SEWAGE: "#a6762d",
    Sector.LAND_USE: "#2f6f3e",
    Sector.UNSPECIFIED: "#9aa7b1",
}
CEILING_COLOUR, PROJECTION_COLOUR, GAP_COLOUR = "#1d2327", COLOURS[4], COLOURS[4]
BASIS_OPACITY = {Basis.REPORTED: 1.0, Basis.DERIVED: 0.75, Basis.ILLUSTRATIVE: 0.4}


def climate_labels() -> dict[str, str]:
    """The chart's texts in the current language."""
    return {
        "title": _("Klimabudsjett: direkte klimagassutslipp"),
        "year": _("År"),
        "tonnes": _("Tonn CO₂-ekvivalenter"),
        "ceiling": _("Utslippstak"),
        "projection": _("Framskriving med tiltak"),
        "gap": _("Gap til taket"),
        "sector": _("Sektor"),
        "basis": _("Grunnlag"),
        **{basis: _(label) for basis, label in BASIS_LABELS.items()},
    }


def climate_chart(
    budget: ClimateBudget,
    years: list[BudgetYear],
    *,
    municipality: str,
    labels: dict[str, str] | None = None,
) -> Chart | None:
    """The chart of a budget and its rows (`domain.climate.budget_years`); None when it has
    nothing to draw."""
    if not years:
        return None
    text = labels or climate_labels()
    axis_years = [str(row.year) for row in years]
    sectors = [
        s for s in Sector if any(e.sector is s and e.sector.direct for e in budget.emissions)
    ]
    bars = [
        {
            "year": str(e.year),
            "sector": _(e.sector.label),
            "tonnes": e.tonnes,
            "basis": text[e.basis],
        }
        for e in budget.emissions
        if e.sector.direct
    ]
    ceiling = [{"year": str(r.year), "tonnes": r.ceiling} for r in years if r.ceiling is not None]
    projection = [
        {"year": str(r.year), "tonnes": r.projection} for r in years if r.projection is not None
    ]
    gaps = [
        {
            "year": str(r.year),
            "ceiling": r.ceiling,
            "level": r.projection,
            "gap": r.gap,
        }
        for r in years
        if r.projection is not None and r.ceiling is not None and r.gap is not None and r.gap > 0
    ]
    values = [
        value
        for r in years
        for value in (r.emissions, r.ceiling, r.projection)
        if value is not None
    ]
    fmt = number_format(values)
    series = [_(s.label) for s in sectors] + [text["ceiling"], text["projection"], text["gap"]]
    colours = [SECTOR_COLOURS[s] for s in sectors] + [
        CEILING_COLOUR,
        PROJECTION_COLOUR,
        GAP_COLOUR,
    ]
    colour_scale = {"domain": series, "range": colours}
    x = {
        "field": "year",
        "type": "ordinal",
        "title": text["year"],
        "scale": {"domain": axis_years, "paddingInner": 0.2, "paddingOuter": 0.1},
        "axis": {"labelAngle": -45 if len(axis_years) > 12 else 0},
    }
    y_axis = {"format": fmt}
    layers: list[dict[str, Any]] = []
    if gaps:
        layers.append(_gap_layer(gaps, x, fmt, text))
    if bars:
        layers.append(_bar_layer(bars, x, y_axis, fmt, text))
    if ceiling:
        layers.append(_line_layer(ceiling, x, y_axis, fmt, text, "ceiling", None))
    if projection:
        layers.append(_line_layer(projection, x, y_axis, fmt, text, "projection", [6, 4]))
    if not layers:
        return None
    colour = {
        "field": "series",
        "type": "nominal",
        "scale": colour_scale,
        "legend": {"title": None, "orient": "bottom", "columns": 4, "labelLimit": 260},
    }
    for layer in layers:
        layer["encoding"]["color"] = colour
    spec = {
        "$schema": VEGA_LITE_SCHEMA,
        "config": CHART_CONFIG,
        "title": {"text": text["title"], "subtitle": _subtitle(budget, text, municipality)},
        "layer": layers,
        "resolve": {"scale": {"color": "shared"}},
        "width": WIDTH,
        "height": HEIGHT,
    }
    return Chart("climate-budget", text["title"], spec)


def _bar_layer(
    bars: list[dict[str, Any]],
    x: dict[str, Any],
    y_axis: dict[str, Any],
    fmt: str,
    text: dict[str, str],
) -> dict[str, Any]:
    opacity = {text[b]: BASIS_OPACITY[b] for b in Basis}
    return {
        "data": {"values": bars},
        "transform": [{"calculate": "datum.sector", "as": "series"}],
        "mark": {"type": "bar"},
        "encoding": {
            "x": x,
            "y": {
                "field": "tonnes",
                "type": "quantitative",
                "aggregate": "sum",
                "stack": "zero",
                "title": text["tonnes"],
                "axis": y_axis,
            },
            "opacity": {
                "field": "basis",
                "type": "nominal",
                "scale": {"domain": list(opacity), "range": list(opacity.values())},
                "legend": {"title": text["basis"], "orient": "bottom"},
            },
            "tooltip": [
                {"field": "year", "type": "ordinal", "title": text["year"]},
                {"field": "sector", "type": "nominal", "title": text["sector"]},
                {
                    "field": "tonnes",
                    "type": "quantitative",
                    "aggregate": "sum",
                    "title": text["tonnes"],
                    "format": fmt,
                },
                {"field": "basis", "type": "nominal", "title": text["basis"]},
            ],
        },
    }


def _line_layer(
    points: list[dict[str, Any]],
    x: dict[str, Any],
    y_axis: dict[str, Any],
    fmt: str,
    text: dict[str, str],
    name: str,
    dash: list[int] | None,
) -> dict[str, Any]:
    mark: dict[str, Any] = {"type": "line", "strokeWidth": 2, "point": {"size": 25}}
    if dash:
        mark["strokeDash"] = dash
    return {
        "data": {"values": points},
        "transform": [{"calculate": json.dumps(text[name]), "as": "series"}],
        "mark": mark,
        "encoding": {
            "x": x,
            "y": {"field": "tonnes", "type": "quantitative", "axis": y_axis},
            "tooltip": [
                {"field": "series", "type": "nominal", "title": " "},
                {"field": "year", "type": "ordinal", "title": text["year"]},
                {"field": "tonnes", "type": "quantitative", "title": text["tonnes"], "format": fmt},
            ],
        },
    }


def _gap_layer(
    gaps: list[dict[str, Any]], x: dict[str, Any], fmt: str, text: dict[str, str]
) -> dict[str, Any]:
    """The shaded band between the ceiling and a projection above it."""
    return {
        "data": {"values": gaps},
        "transform": [{"calculate": json.dumps(text["gap"]), "as": "series"}],
        "mark": {"type": "area", "opacity": 0.18},
        "encoding": {
            "x": x,
            "y": {"field": "ceiling", "type": "quantitative"},
            "y2": {"field": "level"},
            "tooltip": [
                {"field": "year", "type": "ordinal", "title": text["year"]},
                {"field": "gap", "type": "quantitative", "title": text["gap"], "format": fmt},
            ],
        },
    }


def _subtitle(budget: ClimateBudget, text: dict[str, str], municipality: str) -> str:
    target = budget.target
    if target is None:
        return municipality
    return _(
        "{municipality}: mål {percent} % fra {reference} til {year}; stiplet linje: "
        "framskriving med tiltak"
    ).format(
        municipality=municipality,
        percent=_percent(-target.reduction_percent),
        reference=target.reference_year,
        year=target.target_year,
    )


def _percent(value: float) -> str:
    from sdgplan.domain.display import format_number

    return format_number(value, 0 if float(value).is_integer() else 1)
