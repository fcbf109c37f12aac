"""The indicator page's map: the Asker example's illustrative shapes coloured by the latest
figures of two or more areas of one kind, the same figures in a table beside it, points on
top; no map without boundaries (Oslo) or without such figures; downloads by path."""

import json
import re
from html import unescape
from importlib import resources

import jsonschema
import pytest

from sdgplan.domain.boundaries import label_point
from sdgplan.domain.display import display_observation
from sdgplan.domain.indicators import Area, AreaKind, Indicator, Observation, ObservationStatus
from sdgplan.loading import load_example
from sdgplan.reports.maps import d3_winding
from sdgplan.store import boundary_repo, indicator_repo
from sdgplan.store.db import make_engine, session_scope
from sdgplan.web.maps import mapped_values
from tests.reports.oslo import oslo_database
from tests.reports.test_hostile_report import PAYLOAD
from tests.test_boundaries_import import feature, geojson, point, polygon
from tests.web.test_pages import add_hostile_oslo, asker_database, client_for

MAPPED = "okonomi-forvaltning"  # former municipalities in 2017 and 2021
SPEC = re.compile(
    r'<script type="application/json" class="vega-spec" data-target="map-[^"]+">([^<]*)</script>'
)


@pytest.fixture(scope="module")
def asker_url(tmp_path_factory):
    return asker_database(tmp_path_factory.mktemp("asker"))


@pytest.fixture(scope="module")
def asker(asker_url):
    return client_for(asker_url)


def map_section(html: str) -> str:
    start = html.index('<section class="map-section"')
    return html[start : html.index("</section>", start)]


def table_rows(section: str, css: str) -> list[tuple[str, str]]:
    table = section[section.index(f'class="values {css}"') :]
    table = table[: table.index("</table>")]
    return [
        (unescape(name), unescape(value))
        for name, value in re.findall(
            r'<tr><th scope="row" lang="nb">([^<]*)</th><td[^>]*>([^<]*)</td></tr>', table
        )
    ]


def map_spec(html: str) -> dict:
    return json.loads(SPEC.search(html)[1])["spec"]


def test_the_map_shows_the_latest_figures_of_areas_with_shapes(asker, asker_url):
    html = asker.get(f"/nb/indicators/{MAPPED}").text
    section = map_section(html)
    assert '<h2 id="map">Kart 2021</h2>' in section
    engine = make_engine(asker_url)
    with session_scope(engine) as session:
        observations = indicator_repo.load_observations(session, "3203")
        indicator = next(
            i
            for i in indicator_repo.load_indicator_set(session, "3203").indicators
            if i.key == MAPPED
        )
        areas = {a.code: a.name for a in indicator_repo.load_indicator_set(session, "3203").areas}
        boundaries = boundary_repo.load_boundaries(session, "3203")
    engine.dispose()
    former = {"0220", "0627", "0628"}
    expected = {
        (areas[o.area], display_observation(o, indicator.unit))
        for o in observations
        if o.indicator == MAPPED and o.period == "2021" and o.area in former
    }
    assert expected == {("Gamle Asker", "78 %"), ("Røyken", "65 %"), ("Hurum", "66 %")}
    rows = table_rows(section, "map-values")
    assert set(rows) == expected and len(rows) == 3
    assert rows[0] == ("Gamle Asker", "78 %")  # highest first
    assert table_rows(section, "map-points") == [(p.name, p.layer) for p in boundaries.points]
    assert "høyest i Gamle Asker (78 %), lavest i Røyken (65 %)" in section
    assert 'aria-label="Kart: ' in section and '<caption id="map-values">' in section


def test_the_map_spec_draws_those_areas_the_outline_and_the_points(asker, validator):
    spec = map_spec(asker.get(f"/en/indicators/{MAPPED}").text)
    assert not list(validator.iter_errors(spec))
    areas, outline, labels, points, names = spec["layer"]
    features = areas["data"]["values"]["features"]
    assert [(f["properties"]["name"], f["properties"]["value"]) for f in features] == [
        ("Gamle Asker", 78.0),
        ("Hurum", 66.0),
        ("Røyken", 65.0),
    ]
    assert areas["mark"]["type"] == outline["mark"]["type"] == "geoshape"
    assert outline["mark"]["filled"] is False  # the whole municipality, around its parts
    assert [r["label"] for r in labels["data"]["values"]] == [
        "Gamle Asker\n78 %",
        "Hurum\n66 %",
        "Røyken\n65 %",
    ]
    assert [p["name"] for p in points["data"]["values"]] == ["Asker sentrum", "Slemmestad", "Sætre"]
    assert names["encoding"]["text"]["field"] == "name"
    assert spec["projection"] == {"type": "mercator"}
    assert "url" not in json.dumps(spec)  # everything inline: no tiles, nothing fetched


def test_english_page_has_the_map_heading_and_table_in_english(asker):
    section = map_section(asker.get(f"/en/indicators/{MAPPED}").text)
    assert '<h2 id="map">Map 2021</h2>' in section
    assert '<th scope="col">Area</th>' in section and "Places on the map" in section


@pytest.mark.parametrize(
    "key",
    [
        "okonomi-disposisjonsfond",  # the municipality alone
        "medarbeidere-turnover",  # peer municipalities without shapes
        "utdanning-barnehage-kapasitet",  # districts without shapes
    ],
)
def test_no_map_without_two_areas_with_shapes(asker, key):
    html = asker.get(f"/nb/indicators/{key}").text
    assert 'class="map-section"' not in html and 'id="map-' not in html


def test_oslo_without_boundaries_has_no_map_section(tmp_path):
    client = client_for(oslo_database(tmp_path))
    html = client.get("/nb/indicators/andel").text
    assert "Bydel" in html  # the district's figures are in the table
    assert 'class="map-section"' not in html and 'id="map' not in html


def test_areas_of_different_kinds_are_not_mapped_together(tmp_path, runner):
    """Oslo's own figures and its district's: one of each kind, so no map."""
    from tests.test_cli import run

    url = oslo_database(tmp_path)
    path = geojson(
        tmp_path / "oslo.geojson",
        feature(polygon(), code="0301"),
        feature(
            polygon([[[10.3, 59.7], [10.35, 59.7], [10.35, 59.75], [10.3, 59.7]]]), code="bydel-1"
        ),
    )
    import sdgplan.cli.boundaries  # noqa: F401

    run(runner, "import", "boundaries", path, "--db", url)
    html = client_for(url).get("/nb/indicators/andel").text
    assert 'class="map-section"' not in html


def test_hostile_point_names_are_escaped_in_the_table_and_the_spec(tmp_path, runner):
    from tests.test_cli import run

    url = asker_database(tmp_path)
    path = geojson(
        tmp_path / "torg.geojson",
        feature(point(), name=f"Torg {PAYLOAD}", layer=f"Lag {PAYLOAD}"),
    )
    import sdgplan.cli.boundaries  # noqa: F401

    run(runner, "import", "boundaries", path, "--db", url)
    html = client_for(url).get(f"/nb/indicators/{MAPPED}").text
    section = map_section(html)
    assert PAYLOAD not in html
    assert table_rows(section, "map-points") == [(f"Torg {PAYLOAD}", f"Lag {PAYLOAD}")]
    body = SPEC.search(section)[1]
    assert "<" not in body  # JSON.parse gives back the text; nothing can end the element
    points = map_spec(section)["layer"][3]["data"]["values"]
    assert [(p["name"], p["layer"]) for p in points] == [(f"Torg {PAYLOAD}", f"Lag {PAYLOAD}")]


def test_downloads_link_to_the_indicators_observation_files(asker, tmp_path):
    html = asker.get("/nb/indicators/okonomi-disposisjonsfond").text
    assert 'href="/api/v1/indicators/okonomi-disposisjonsfond/observations.csv" download' in html
    assert 'href="/api/v1/indicators/okonomi-disposisjonsfond/observations.json"' in html
    assert "?" not in "".join(re.findall(r'href="(/api/[^"]*)"', html))
    folder = tmp_path / "both"
    folder.mkdir()
    url = f"sqlite:///{folder / 'both.db'}"
    add_hostile_oslo(url, folder)
    both = client_for(asker_database_at(url))
    html = both.get("/nb/3203/indicators/okonomi-disposisjonsfond").text
    prefix = "/api/v1/municipalities/3203/indicators/okonomi-disposisjonsfond/observations"
    assert f'href="{prefix}.csv" download' in html and f'href="{prefix}.json"' in html


def asker_database_at(url: str) -> str:
    engine = make_engine(url)
    with session_scope(engine) as session:
        load_example(session, "asker")
    engine.dispose()
    return url


def indicator(key="x"):
    return Indicator(key=key, name="X", unit="%")


AREAS = {
    "0301": Area("0301", "Oslo", AreaKind.MUNICIPALITY),
    "a": Area("a", "A", AreaKind.DISTRICT),
    "b": Area("b", "B", AreaKind.DISTRICT),
    "c": Area("c", "C", AreaKind.DISTRICT),
    "p": Area("p", "P", AreaKind.MUNICIPALITY),
}


def obs(area, period, value=1.0, **kwargs):
    return Observation("x", area, period, value, **kwargs)


def test_mapped_values_takes_the_latest_period_with_two_areas_of_one_kind():
    observations = [
        obs("a", "2020"),
        obs("b", "2020"),
        obs("c", "2020"),
        obs("a", "2022"),
        obs("0301", "2022"),  # two kinds: not a map
        obs("a", "2023"),
        obs("b", "2023", breakdown="jenter"),  # a breakdown is no total
        obs("a", "2024"),
        obs("b", "2024", None, status=ObservationStatus.PENDING),
        obs("b", "2025"),
        obs("c", "2025"),  # c has no shape
    ]
    found = mapped_values(indicator(), observations, AREAS, {"a", "b", "0301"})
    assert found is not None
    period, values = found
    assert period == "2020" and [o.area for o in values] == ["a", "b"]


def test_mapped_values_prefers_more_areas_then_the_finer_kind():
    observations = [obs("a", "2020"), obs("b", "2020"), obs("0301", "2020"), obs("p", "2020")]
    period, values = mapped_values(indicator(), observations, AREAS, set(AREAS))
    assert [o.area for o in values] == ["a", "b"]
    observations.append(obs("c", "2019"))
    assert mapped_values(indicator(), observations, AREAS, {"0301", "p"})[1][0].area == "0301"
    assert mapped_values(indicator(key="y"), observations, AREAS, set(AREAS)) is None


def test_rings_are_wound_for_d3_and_labels_sit_inside():
    anticlockwise = [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]  # RFC 7946's exterior
    hole = [[0.5, 0.5], [1, 0.5], [1, 1], [0.5, 0.5]]  # anticlockwise: d3's order for holes
    wound = d3_winding({"type": "Polygon", "coordinates": [anticlockwise, hole]})
    assert wound["coordinates"][0] == anticlockwise[::-1]  # exterior clockwise
    assert wound["coordinates"][1] == hole  # a hole anticlockwise
    multi = d3_winding({"type": "MultiPolygon", "coordinates": [[anticlockwise[::-1]]]})
    assert multi["coordinates"][0][0] == anticlockwise[::-1]
    assert label_point({"type": "Polygon", "coordinates": [anticlockwise]}) == (1.0, 1.0)
    assert label_point(
        {
            "type": "MultiPolygon",
            "coordinates": [[anticlockwise], [[[5, 5], [5.1, 5], [5, 5.1], [5, 5]]]],
        }
    ) == (1.0, 1.0)  # on the largest polygon


@pytest.fixture(scope="module")
def validator():
    schema_file = resources.files("altair").joinpath(
        "vegalite", "v6", "schema", "vega-lite-schema.json"
    )
    return jsonschema.Draft7Validator(json.loads(schema_file.read_text(encoding="utf-8")))
