"""`sdgplan import boundaries`: GeoJSON shapes by area code and named points, checked as a
whole (the file, the feature and the value in each message) and stored all or nothing."""

import json
import shutil

import pytest
from sqlalchemy import func, select

import sdgplan.cli.boundaries  # noqa: F401  registers `import boundaries` on its own
from sdgplan.cli.common import safe_url
from sdgplan.examples import example_path
from sdgplan.importers.boundaries import MAX_BYTES, read_boundaries
from sdgplan.loading import load_example
from sdgplan.store import boundary_repo, change_log
from sdgplan.store.db import make_engine, session_scope, upgrade
from sdgplan.store.tables import BoundaryRow, ChangeLogRow
from tests.test_cli import run

EXAMPLE = example_path("asker", "boundaries-illustrative.geojson")
SQUARE = [[[10.3, 59.7], [10.4, 59.7], [10.4, 59.8], [10.3, 59.8], [10.3, 59.7]]]


def feature(geometry, **properties):
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def polygon(coordinates=SQUARE):
    return {"type": "Polygon", "coordinates": coordinates}


def point(longitude=10.4, latitude=59.8):
    return {"type": "Point", "coordinates": [longitude, latitude]}


def geojson(path, *features, **extra):
    path.write_text(
        json.dumps({"type": "FeatureCollection", **extra, "features": list(features)}),
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def asker_file(tmp_path_factory):
    """The Asker example in a SQLite file, loaded once; each test gets a copy."""
    path = tmp_path_factory.mktemp("asker") / "asker.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with session_scope(engine) as session:
        load_example(session, "asker")
    engine.dispose()
    return path


@pytest.fixture
def asker_url(asker_file, tmp_path):
    copy = tmp_path / "asker.db"
    shutil.copyfile(asker_file, copy)
    return f"sqlite:///{copy}"


def stored(url):
    engine = make_engine(url)
    with session_scope(engine) as session:
        rows = session.execute(select(func.count()).select_from(BoundaryRow)).scalar_one()
        log = session.execute(
            select(func.count()).where(ChangeLogRow.entity == "boundaries")
        ).scalar_one()
    engine.dispose()
    return rows, log


def test_the_asker_example_loads_its_illustrative_shapes_and_points(engine):
    with session_scope(engine) as session:
        counts = load_example(session, "asker")
    assert counts["boundaries"] == 7
    with session_scope(engine) as session:
        found = boundary_repo.load_boundaries(session, "3203")
        entries = change_log.load_log(session, "3203", entity="boundaries")
    assert [s.code for s in found.shapes] == ["3203", "0220", "0627", "0628"]
    assert [p.name for p in found.points] == ["Asker sentrum", "Slemmestad", "Sætre"]
    assert {e.key for e in entries} == {"areas", "points"}
    assert entries[0].source == str(EXAMPLE)
    # the file says what it is
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "ILLUSTRATIVE" in text and "ikke de virkelige grensene" in text
    with session_scope(engine) as session:  # loading twice changes nothing, logs nothing
        load_example(session, "asker")
        assert len(change_log.load_log(session, "3203", entity="boundaries")) == 2


def test_import_stores_shapes_and_points_and_logs_who(runner, engine, db_url, tmp_path):
    with session_scope(engine) as session:
        load_example(session, "asker")
    asker_url = db_url
    path = geojson(
        tmp_path / "grenser.geojson",
        feature(polygon(), kommunenummer="0220"),
        feature(polygon(), kommunenummer="0627"),
        feature(point(), name="Torget", layer="Innbyggertorg"),
    )
    before = stored(asker_url)
    result = run(
        runner,
        "import",
        "boundaries",
        path,
        "--code-property",
        "kommunenummer",
        "--db",
        asker_url,
    )
    assert result.stdout == (
        f"Importert 2 områder, 1 punkt for Asker (3203) -> {safe_url(asker_url)}\n"
    )
    assert result.stderr == ""
    engine = make_engine(asker_url)
    with session_scope(engine) as session:
        found = boundary_repo.load_boundaries(session, "3203")
        entry = change_log.load_log(session, "3203", entity="boundaries", limit=1)[0]
    engine.dispose()
    assert [s.code for s in found.shapes] == ["0220", "0627"]
    assert found.shapes[0].geometry == polygon()  # the coordinates as given
    assert [(p.name, p.layer, p.longitude) for p in found.points] == [
        ("Torget", "Innbyggertorg", 10.4)
    ]
    assert entry.who == change_log.current_user() and entry.source == str(path)
    assert stored(asker_url) == (3, before[1] + 2)


def test_a_file_of_points_only_keeps_the_stored_shapes(runner, asker_url, tmp_path):
    path = geojson(tmp_path / "torg.geojson", feature(point(), name="Nytt torg"))
    run(runner, "import", "boundaries", path, "--db", asker_url)
    engine = make_engine(asker_url)
    with session_scope(engine) as session:
        found = boundary_repo.load_boundaries(session, "3203")
    engine.dispose()
    assert len(found.shapes) == 4 and [p.name for p in found.points] == ["Nytt torg"]


BAD_FEATURES = [
    (
        feature({"type": "LineString", "coordinates": [[10.3, 59.7], [10.4, 59.8]]}, code="0220"),
        "features[1]: geometritypen «LineString» støttes ikke; bruk Polygon eller MultiPolygon "
        "for områder og Point for punkter",
    ),
    (
        feature(None, code="0220"),
        "features[1]: geometritypen «null» støttes ikke; bruk Polygon eller MultiPolygon for "
        "områder og Point for punkter",
    ),
    (
        feature(polygon(), kommunenummer="0220", navn="Gamle Asker"),
        "features[1]: mangler områdekoden i properties.code; egenskapene er: kommunenummer, navn",
    ),
    (
        feature(polygon(), code=220),
        "features[1]: områdekoden 220 i properties.code er et tall; skriv den som tekst "
        "(«0301»), så innledende nuller blir med",
    ),
    (
        feature(polygon(), code="0627"),
        "features[1]: området «0627» har en form også i features[0]; slå dem sammen til én "
        "MultiPolygon",
    ),
    (
        feature(polygon([[[10.3, 59.7], [10.4, 59.7], [10.4, 59.8], [10.3, 59.8]]]), code="0220"),
        "features[1]: ringen er ikke lukket: første posisjon [10.3, 59.7], siste [10.3, 59.8]",
    ),
    (
        feature(polygon([[[10.3, 59.7], [10.4, "59.7"], [10.3, 59.7], [10.3, 59.7]]]), code="0220"),
        'features[1]: ugyldig posisjon «[10.4, "59.7"]»; skriv [lengdegrad, breddegrad]',
    ),
    (
        feature(
            polygon([[[580000, 6600000], [590000, 6600000], [590000, 6610000], [580000, 6600000]]]),
            code="0220",
        ),
        "features[1]: koordinatene [580000, 6600000] ligger utenfor lengde- og breddegrad; de "
        "ser projiserte ut (f.eks. UTM, EPSG:25833); konverter til WGS84 (EPSG:4326), f.eks. "
        "ogr2ogr -t_srs EPSG:4326 ut.geojson inn.geojson",
    ),
    (
        feature(point(), title="Torget"),
        "features[1]: mangler navnet på punktet i properties.name; egenskapene er: title",
    ),
    (
        feature(point(), name="Torget", layer=7),
        "features[1]: properties.layer må være tekst, ikke «7»",
    ),
    (
        {"type": "Polygon", "coordinates": SQUARE},
        "features[1]: ikke et GeoJSON Feature-objekt",
    ),
]


@pytest.mark.parametrize(("bad", "message"), BAD_FEATURES)
def test_a_bad_feature_names_file_feature_and_value_and_nothing_is_stored(
    runner, asker_url, tmp_path, bad, message
):
    path = geojson(tmp_path / "grenser.geojson", feature(polygon(), code="0627"), bad)
    before = stored(asker_url)
    result = run(runner, "import", "boundaries", path, "--db", asker_url, ok=False)
    assert f"FEIL: {path}: {message}\n" in result.stderr
    assert result.stderr.endswith(f"Feil: {path}: ingenting er lagret\n")
    assert stored(asker_url) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"type": "Feature", "geometry": null}',
            "ventet en GeoJSON FeatureCollection, fant «Feature»",
        ),
        ("[1, 2]", "ventet en GeoJSON FeatureCollection, fant «list»"),
        ('{"type": "FeatureCollection", "features": []}', "«features» er tom eller mangler"),
        ('{"type": "FeatureCollection",\n "features": [}', "linje 2, kolonne 15: ikke gyldig JSON"),
        (
            '{"type": "FeatureCollection", "features": [NaN]}',
            "ikke gyldig JSON: NaN er ikke et tall",
        ),
        (
            '{"type": "FeatureCollection", "crs": {"type": "name", "properties": '
            '{"name": "urn:ogc:def:crs:EPSG::25833"}}, "features": []}',
            "koordinatsystemet «urn:ogc:def:crs:EPSG::25833» støttes ikke; konverter til WGS84",
        ),
    ],
)
def test_a_file_that_is_no_feature_collection_is_refused(
    runner, asker_url, tmp_path, content, message
):
    path = tmp_path / "grenser.geojson"
    path.write_text(content, encoding="utf-8")
    result = run(runner, "import", "boundaries", path, "--db", asker_url, ok=False)
    assert f"FEIL: {path}" in result.stderr and message in result.stderr
    assert stored(asker_url)[0] == 7


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(runner, asker_url, tmp_path):
    path = tmp_path / "stor.geojson"
    path.write_bytes(b" " * (MAX_BYTES + 1))
    result = run(runner, "import", "boundaries", path, "--db", asker_url, ok=False)
    assert f"FEIL: {path}: filen er 10,0 MB; grensen er 10,0 MB: forenkle formene\n" in (
        result.stderr
    )


def test_codes_without_figures_are_a_warning_unless_no_code_is_known(runner, asker_url, tmp_path):
    path = geojson(
        tmp_path / "grenser.geojson",
        feature(polygon(), code="0627"),
        feature(polygon(), code="bydel-99"),
    )
    result = run(runner, "import", "boundaries", path, "--db", asker_url)
    assert result.stderr == (
        f"ADVARSEL: {path}: features[1]: området «bydel-99» har ingen tall hos kommunen; formen "
        "lagres, men vises ikke før det finnes tall for det\n"
    )
    assert stored(asker_url)[0] == 2 + 3  # the file's two shapes and the example's points

    wrong = geojson(
        tmp_path / "feil.geojson", feature(polygon(), code="x"), feature(polygon(), code="y")
    )
    result = run(runner, "import", "boundaries", wrong, "--db", asker_url, ok=False)
    assert (
        f"FEIL: {wrong}: ingen av områdekodene i properties.code (x, y) er et område i "
        "kommunens tall; velg egenskapen med --code-property, eller importer tallene først\n"
    ) in result.stderr


def test_a_bad_file_keeps_what_was_stored(runner, asker_url, tmp_path):
    good = geojson(
        tmp_path / "ok.geojson", feature(polygon(), code="0627"), feature(point(), name="A")
    )
    run(runner, "import", "boundaries", good, "--db", asker_url)
    before = stored(asker_url)
    bad = geojson(
        tmp_path / "bad.geojson", feature(polygon(), code="0220"), feature(point(), name="")
    )
    run(runner, "import", "boundaries", bad, "--db", asker_url, ok=False)
    assert stored(asker_url) == before


def test_english_messages(runner, asker_url, tmp_path):
    path = geojson(tmp_path / "grenser.geojson", feature(point(), name="A", layer=["x"]))
    result = run(runner, "--lang", "en", "import", "boundaries", path, "--db", asker_url, ok=False)
    assert f"ERROR: {path}: features[0]: properties.layer must be text, not '['x']'\n" in (
        result.stderr
    )
    assert result.stderr.endswith(f"Error: {path}: nothing was saved\n")


def test_read_boundaries_without_known_areas_checks_only_the_file(tmp_path):
    path = geojson(
        tmp_path / "g.geojson",
        feature({"type": "MultiPolygon", "coordinates": [SQUARE, SQUARE]}, code="a"),
        feature(point(10.5, 59.9), name=" Torget ", layer=" Senter "),
        name="illustrative",  # a foreign member is allowed
    )
    parsed = read_boundaries(path)
    assert parsed.ok and parsed.issues == []
    assert parsed.data.shapes[0].geometry["type"] == "MultiPolygon"
    assert (parsed.data.points[0].name, parsed.data.points[0].layer) == ("Torget", "Senter")


def test_import_boundaries_has_help_with_an_example(runner):
    result = run(runner, "import", "boundaries", "--help")
    assert "Eksempel:" in result.stdout and "--code-property" in result.stdout
    assert "Example:" in run(runner, "--lang", "en", "import", "boundaries", "--help").stdout
