"""SDMX-ML: import the sdg-build samples, export, re-import; refused files."""

from pathlib import Path

import pytest

import sdgplan.cli.sdmx  # noqa: F401  (registers import/export sdmx)
from sdgplan.importers.sdmx import read_sdmx_file
from sdgplan.reference import load_sdg_catalogue
from tests.reports.municipality import AREA as OSLO_DISTRICT
from tests.reports.oslo import oslo_database
from tests.test_cli import run
from tests.test_open_sdg import LOS_ANGELES, logged, stored
from tests.web.test_pages import asker_database

SAMPLES = Path(__file__).parent / "data" / "sdmx"
SPECIFIC = SAMPLES / "sdg-build_1-1-1_structure-specific.xml"
GENERIC = SAMPLES / "sdg-build_1-1-1_generic.xml"
DATABASES = {"asker": (asker_database, "3203"), "oslo": (oslo_database, "0301")}
SAMPLE_OBSERVATIONS = {
    (
        "sdg-1-1-1",
        number,
        year,
        "SERIES=SI_POV_DAY1" + (f";SEX={sex}" if sex else ""),
        value,
    )
    for number in ("own",)
    for sex, (year, value) in [
        ("", ("2020", 100.0)),
        ("", ("2021", 120.0)),
        ("M", ("2020", 50.0)),
        ("M", ("2021", 60.0)),
        ("F", ("2020", 70.0)),
        ("F", ("2021", 80.0)),
    ]
}


@pytest.fixture(params=list(DATABASES))
def database(request, tmp_path):
    make, number = DATABASES[request.param]
    return make(tmp_path), number


def read(path, **kwargs):
    return read_sdmx_file(
        path, own_area="own", areas=(), catalogue=load_sdg_catalogue(), own_codes=("826",)
    )


def facts(observations):
    return {(o.indicator, o.area, o.period, o.breakdown, o.value) for o in observations}


def test_both_samples_give_the_same_observations():
    specific, generic = read(SPECIFIC), read(GENERIC)
    assert specific.ok and generic.ok, specific.issues + generic.issues
    assert facts(specific.data.observations) == facts(generic.data.observations)
    assert facts(specific.data.observations) == SAMPLE_OBSERVATIONS
    assert [(i.key, i.unit) for i in specific.data.indicators] == [("sdg-1-1-1", "%")]
    assert [(i.key, i.unit) for i in generic.data.indicators] == [("sdg-1-1-1", "%")]


def test_samples_round_trip_through_a_fresh_database(runner, database, tmp_path):
    import sdmx

    url, number = database
    for sample in (SPECIFIC, GENERIC):
        result = run(
            runner,
            "import",
            "sdmx",
            sample,
            "--own-area",
            "826",
            "--municipality",
            number,
            "--db",
            url,
        )
        assert result.stdout == f"Importert 1 indikator, 6 observasjoner -> {url}\n"
    run(runner, "import", "open-sdg", LOS_ANGELES, "--municipality", number, "--db", url)
    indicators, observations = stored(url, number)
    expected = {(k, number if a == "own" else a, p, b, v) for k, a, p, b, v in SAMPLE_OBSERVATIONS}
    assert expected <= observations and len(observations) == 6 + 296

    out = tmp_path / "sdg.xml"
    run(runner, "export", "sdmx", "--out", out, "--municipality", number, "--db", url)
    message = sdmx.read_sdmx(out)
    assert len(message.data[0].obs) == len(observations)

    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    result = run(runner, "import", "sdmx", out, "--municipality", number, "--db", fresh)
    assert result.stdout == f"Importert 5 indikatorer, 302 observasjoner -> {fresh}\n"
    assert stored(fresh, number)[1] == observations
    assert {i for i in stored(fresh, number)[0] if i[0] == "sdg-1-1-1"} == {
        i for i in indicators if i[0] == "sdg-1-1-1"
    }


def test_the_import_is_logged(runner, database):
    url, number = database
    args = ("import", "sdmx", GENERIC, "--own-area", "826", "--db", url, "--municipality", number)
    run(runner, *args)
    imported = [c for c in logged(url, number, "indicator") if c.key == "sdg-1-1-1"]
    assert [(c.action, c.old, c.source) for c in imported] == [("import", None, str(GENERIC))]
    observations = [c for c in logged(url, number, "observation") if "sdg-1-1-1" in c.key]
    assert len(observations) == 6 and {c.action for c in observations} == {"import"}
    run(runner, *args)
    assert len([c for c in logged(url, number, "observation") if "sdg-1-1-1" in c.key]) == 6


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Year,Value\n2020,1\n", "Ikke en SDMX-ML-melding: Start tag expected"),
        (b"<?xml version='1.0'?><root><a/></root>", "Ikke en SDMX-ML-melding"),
        (b"", "Ikke en SDMX-ML-melding"),
    ],
)
def test_a_broken_file_is_refused_and_nothing_saved(runner, database, tmp_path, content, message):
    url, number = database
    before = stored(url, number), len(logged(url, number, None))
    path = tmp_path / "1-1-1.xml"
    path.write_bytes(content)
    result = run(runner, "import", "sdmx", path, "--municipality", number, "--db", url, ok=False)
    assert f"{path}: {message}" in result.stderr
    assert "ingenting er lagret" in result.stderr
    assert (stored(url, number), len(logged(url, number, None))) == before


def test_unknown_areas_and_indicators_are_refused(runner, tmp_path):
    url = oslo_database(tmp_path)
    before = stored(url, "0301"), len(logged(url, "0301", None))
    text = SPECIFIC.read_text(encoding="utf-8")
    nameless = tmp_path / "no-indicator.xml"
    nameless.write_text(text, encoding="utf-8")
    result = run(runner, "import", "sdmx", nameless, "--db", url, ok=False)
    assert "REF_AREA «826» er ikke et lagret område" in result.stderr
    assert "ukjent indikator" in result.stderr
    assert "SERIES=SI_POV_DAY1, REF_AREA=826, SEX=F" in result.stderr
    assert (stored(url, "0301"), len(logged(url, "0301", None))) == before

    district = tmp_path / "11-6-2.xml"
    district.write_text(text.replace('REF_AREA="826"', f'REF_AREA="{OSLO_DISTRICT}"'))
    run(runner, "import", "sdmx", district, "--db", url)
    assert ("sdg-11-6-2", OSLO_DISTRICT, "2021", "SERIES=SI_POV_DAY1;SEX=F", 80.0) in stored(
        url, "0301"
    )[1]
