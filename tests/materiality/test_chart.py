"""The materiality matrix: valid Vega-Lite, every code written beside its point in a box that
overlaps no other label or point (at full width and on a phone), the official SDG colours,
the priority quadrant, and the labels where the SVG draws them."""

import itertools
import json
import re
from importlib import resources

import jsonschema
import pytest

from sdgplan.domain.materiality import Materiality, Method, Score, aggregate
from sdgplan.reference import load_sdg_catalogue
from sdgplan.reports.charts import chart_svg
from sdgplan.reports.materiality_chart import (
    POINT_RADIUS,
    SDG_COLOURS,
    frame_for,
    materiality_chart,
    overlap,
    place_labels,
)
from tests.materiality.test_asker_and_oslo import view_of

CATALOGUE = load_sdg_catalogue()


@pytest.fixture(scope="module")
def validator():
    schema_file = resources.files("altair").joinpath(
        "vegalite", "v6", "schema", "vega-lite-schema.json"
    )
    return jsonschema.Draft7Validator(json.loads(schema_file.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def asker(asker_url):
    return view_of(asker_url, municipality="3203")


def chart_of(view, width):
    return materiality_chart(
        view.materiality,
        view.aggregated,
        municipality=view.municipality.name,
        catalogue=CATALOGUE,
        width=width,
    )


def layer(spec, mark, index=-1):
    return [x for x in spec["layer"] if x["mark"]["type"] == mark][index]


@pytest.mark.parametrize("width", [560, 320])
def test_asker_labels_never_overlap_and_every_code_is_written(asker, validator, width):
    spec = chart_of(asker, width).spec
    assert list(validator.iter_errors(spec)) == []
    labels = layer(spec, "text")["data"]["values"]
    written = sorted(code for row in labels for code in row["label"].split(", "))
    assert written == sorted(a.code for a in asker.aggregated)
    assert not any("Uten etikett" in line for line in spec["title"]["subtitle"])
    boxes = [row["box"] for row in labels]
    for first, second in itertools.combinations(boxes, 2):
        assert not overlap(first, second), (first, second)
    frame = frame_for(asker.materiality, width)
    points = [(frame.x(a.influence), frame.y(a.importance)) for a in asker.aggregated]
    for box, (x, y) in itertools.product(boxes, points):
        dot = (x - POINT_RADIUS, y - POINT_RADIUS, x + POINT_RADIUS, y + POINT_RADIUS)
        assert not overlap(box, dot)
        assert 0 <= box[0] and box[2] <= frame.size and 0 <= box[1] and box[3] <= frame.size


def test_points_are_coloured_by_sdg_with_the_official_colours(asker):
    spec = chart_of(asker, 560).spec
    colour = layer(spec, "point")["encoding"]["color"]["scale"]
    assert colour["domain"][:2] == ["1 Ingen fattigdom", "3 God helse og livskvalitet"]
    assert colour["range"][:2] == [SDG_COLOURS[1], SDG_COLOURS[3]] == ["#E5243B", "#4C9F38"]
    quadrant = layer(spec, "rect")["data"]["values"][0]
    assert (quadrant["x"], quadrant["y"]) == (3.0, 3.0)
    assert layer(spec, "text", 0)["data"]["values"] == [{"text": "Prioritert"}]
    assert spec["title"]["subtitle"][-1] == "Illustrative tall"


def test_the_svg_draws_each_label_inside_its_box(asker):
    """The boxes are computed for the plot's pixels: the SVG must put the text there."""
    chart = chart_of(asker, 560)
    svg = chart_svg(chart)
    rows = layer(chart.spec, "text")["data"]["values"]
    drawn = dict(
        (text, (float(x), float(y)))
        for x, y, text in re.findall(
            r'<text[^>]*transform="translate\(([-\d.]+),([-\d.]+)\)"[^>]*>([^<]+)</text>', svg
        )
    )
    origin = drawn["4.1"][0] - sum(rows[0]["box"][::2]) / 2  # the plot's left edge in the SVG
    top = drawn["4.1"][1] - sum(rows[0]["box"][1::2]) / 2
    for row in rows:
        x, y = drawn[row["label"]]
        left, upper, right, lower = row["box"]
        assert left <= x - origin <= right and upper <= y - top <= lower + 4, row


def test_crowded_points_still_get_separate_labels():
    codes = [f"11.{n}" for n in range(1, 8)] + [f"4.{n}" for n in range(1, 8)]
    scores = [Score(c, "a", 4 + (n % 4) / 10, 4 - (n // 4) / 10) for n, c in enumerate(codes)]
    materiality = Materiality("c", "T", Method(), tuple(scores))
    frame = frame_for(materiality, 320)
    points = [
        (a.code, frame.x(a.influence), frame.y(a.importance)) for a in aggregate(scores, Method())
    ]
    placed, unplaced = place_labels(points, size=frame.size)
    assert unplaced == []
    for first, second in itertools.combinations(placed, 2):
        assert not overlap(first.box, second.box)
    assert any(label.leader for label in placed)  # some sit away from their point, with a line


def test_nothing_scored_draws_nothing():
    materiality = Materiality("c", "T", Method(), ())
    assert materiality_chart(materiality, [], municipality="X", catalogue=CATALOGUE) is None
