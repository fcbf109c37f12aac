"""Open SDG data repositories: import the samples, export, re-import; refused files."""

import csv
import io
import shutil
from pathlib import Path

import pytest

import sdgplan.cli.open_sdg  # noqa: F401  (registers import/export open-sdg)
from sdgplan.reference import load_sdg_catalogue
from sdgplan.store import change_log, indicator_repo
from sdgplan.store.db import make_engine, session_scope
from tests.reports.municipality import AREA as OSLO_DISTRICT
from tests.reports.oslo import oslo_database
from tests.test_cli import problems, run
from tests.web.test_pages import asker_database

SAMPLES = Path(__file__).parent / "data" / "open_sdg"
STARTER, LOS_ANGELES = SAMPLES / "open-sdg-data-starter", SAMPLES / "cityoflosangeles"
NAME_11_6_2 = (
    "Annual mean levels of fine particulate matter (e.g. PM2.5 and PM10) in cities "
    "(population weighted)"
)
DATABASES = {"asker": (asker_database, "3203"), "oslo": (oslo_database, "0301")}


def stored(url, number):
    """The indicators keyed sdg-* as (key, name, unit) and their observations as
    (indicator, area, period, breakdown, value)."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        indicators = {
            (i.key, i.name, i.unit)
            for i in indicator_repo.load_indicator_set(session, number).indicators
            if i.key.startswith("sdg-")
        }
        observations = {
            (o.indicator, o.area, o.period, o.breakdown, o.value)
            for o in indicator_repo.load_observations(session, number)
            if o.indicator.startswith("sdg-")
        }
    engine.dispose()
    return indicators, observations


def logged(url, number, entity):
    engine = make_engine(url)
    with session_scope(engine) as session:
        changes = change_log.load_log(session, number, limit=None, entity=entity)
    engine.dispose()
    return changes


def data_rows(path):
    """The rows of a data file as sets of (column, value), empty cells left out."""
    text = path.read_text(encoding="utf-8")
    return sorted(
        sorted((k, v) for k, v in row.items() if v)
        for row in csv.DictReader(io.StringIO(text, newline=""))
    )


@pytest.fixture(params=list(DATABASES))
def database(request, tmp_path):
    make, number = DATABASES[request.param]
    return make(tmp_path), number


def test_samples_round_trip_through_a_fresh_database(runner, database, tmp_path):
    url, number = database
    result = run(runner, "import", "open-sdg", LOS_ANGELES, "--municipality", number, "--db", url)
    assert result.stdout == f"Importert 4 indikatorer, 296 observasjoner -> {url}\n"
    result = run(runner, "import", "open-sdg", STARTER, "--municipality", number, "--db", url)
    assert result.stdout == f"Importert 1 indikator, 6 observasjoner -> {url}\n"
    indicators, observations = stored(url, number)
    assert len(indicators) == 5 and len(observations) == 302
    assert (
        "sdg-1-2-1",
        "Proportion of population living below the national poverty line, by sex and age",
        "Percentage",  # several Units: meta's computation_units
    ) in indicators
    name_7_2_1 = "Renewable energy share in the total final energy consumption"
    assert ("sdg-7-2-1", name_7_2_1, "Percentage of Total Power Supply") in indicators
    assert ("sdg-11-6-2", NAME_11_6_2, "Annual Average Concentration in µg/m^3") in indicators
    assert ("sdg-1-1-1", load_sdg_catalogue().indicators["1.1.1"].title_nb, None) in indicators
    assert (
        "sdg-1-2-1",
        number,
        "2012",
        "Age=Under 18 years;Units=Percent by Age",
        34.0,
    ) in observations
    assert ("sdg-1-2-1", number, "2012", "Units=Percent by Age", 23.3) in observations
    assert ("sdg-1-1-1", number, "2015", "", 2.0) in observations
    assert ("sdg-1-1-1", number, "2016", "Group=B", 3.0) in observations
    assert (
        "sdg-13-2-2",
        number,
        "2017",
        "Sector=Agriculture, Forestery, and Other Land Use;"
        "Units=total emissions by sector (metric tons of CO2eq)",
        168388.0,
    ) in observations

    out = tmp_path / "exported"
    run(runner, "export", "open-sdg", "--out", out, "--municipality", number, "--db", url)
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [
        "data/indicator_1-1-1.csv",
        "data/indicator_1-2-1.csv",
        "data/indicator_11-6-2.csv",
        "data/indicator_13-2-2.csv",
        "data/indicator_7-2-1.csv",
        "meta/1-1-1.yml",
        "meta/1-2-1.yml",
        "meta/11-6-2.yml",
        "meta/13-2-2.yml",
        "meta/7-2-1.yml",
    ]
    for sample in (STARTER, LOS_ANGELES):
        for original in (sample / "data").iterdir():
            assert data_rows(out / "data" / original.name) == data_rows(original), original.name
    exported = (out / "data" / "indicator_1-2-1.csv").read_bytes()
    assert exported.startswith(
        b"Year,Age,Education Attainment,Employment Status,Gender,Race,Units,Value\n"
        b"2012,,,,,,Percent by Age,23.3\n"
    )
    assert b"\r" not in exported

    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    result = run(runner, "import", "open-sdg", out, "--municipality", number, "--db", fresh)
    assert result.stdout == f"Importert 5 indikatorer, 302 observasjoner -> {fresh}\n"
    assert stored(fresh, number) == (indicators, observations)
    again = tmp_path / "again"
    run(runner, "export", "open-sdg", "--out", again, "--db", fresh)
    for path in out.rglob("*.*"):
        assert (again / path.relative_to(out)).read_bytes() == path.read_bytes(), path


def test_the_import_is_logged_once(runner, database):
    url, number = database
    run(runner, "import", "open-sdg", LOS_ANGELES, "--municipality", number, "--db", url)
    indicators = logged(url, number, "indicator")
    imported = [c for c in indicators if c.key.startswith("sdg-")]
    assert {c.key for c in imported} == {"sdg-1-2-1", "sdg-7-2-1", "sdg-11-6-2", "sdg-13-2-2"}
    assert all(c.action == "import" and c.old is None for c in imported)
    assert imported[0].source == str(LOS_ANGELES)
    observations = [c for c in logged(url, number, "observation") if "sdg-" in c.key]
    assert len(observations) == 296
    run(runner, "import", "open-sdg", LOS_ANGELES, "--municipality", number, "--db", url)
    assert len(logged(url, number, "indicator")) == len(indicators)
    assert len([c for c in logged(url, number, "observation") if "sdg-" in c.key]) == 296


def bad_repository(folder):
    shutil.copytree(STARTER, folder)
    (folder / "data" / "indicator_1-1-1.csv").write_text(
        "Year,Group,Value\n2015,A,1\n2015,B,tre\n,,2\n2016,A,1e3\n2015,A,4\n", encoding="utf-8"
    )
    (folder / "data" / "indicator_2.1.1.csv").write_text("Year,Value\n2015,1\n", encoding="utf-8")
    return folder


def test_a_bad_repository_is_refused_and_nothing_saved(runner, database, tmp_path):
    url, number = database
    before = stored(url, number), len(logged(url, number, None))
    folder = bad_repository(tmp_path / "bad")
    result = run(
        runner, "import", "open-sdg", folder, "--municipality", number, "--db", url, ok=False
    )
    assert problems(result.stderr) == [
        (3, None, "Verdien (Value): «tre» er ikke et tall"),
        (4, None, "Mangler år (Year)"),
        (5, None, "Verdien (Value): «1e3» er ikke et tall"),
        (6, None, "Samme år og inndeling som linje 2"),
    ]
    assert f"{folder / 'data' / 'indicator_1-1-1.csv'}, linje 3" in result.stderr
    assert str(folder / "data" / "indicator_2.1.1.csv") in result.stderr
    assert "indicator_M-D-I.csv" in result.stderr
    assert (stored(url, number), len(logged(url, number, None))) == before


def test_geocode_names_a_stored_area(runner, tmp_path):
    url = oslo_database(tmp_path)
    folder = tmp_path / "repo"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "indicator_11-6-2.csv").write_text(
        f"Year,GeoCode,Units,Value\n2020,{OSLO_DISTRICT},µg/m3,12.30\n2020,,µg/m3,11\n"
        "2021,9999,µg/m3,10\n",
        encoding="utf-8",
    )
    result = run(runner, "import", "open-sdg", folder, "--db", url, ok=False)
    assert problems(result.stderr) == [(4, None, "GeoCode «9999» er ikke et lagret område")]
    path = folder / "data" / "indicator_11-6-2.csv"
    path.write_text(path.read_text(encoding="utf-8").rsplit("2021", 1)[0], encoding="utf-8")
    run(runner, "import", "open-sdg", folder, "--db", url)
    indicators, observations = stored(url, "0301")
    assert {unit for key, _name, unit in indicators if key == "sdg-11-6-2"} == {"µg/m3"}
    assert observations == {
        ("sdg-11-6-2", OSLO_DISTRICT, "2020", "Units=µg/m3", 12.3),
        ("sdg-11-6-2", "0301", "2020", "Units=µg/m3", 11.0),
    }
    out = tmp_path / "out"
    run(runner, "export", "open-sdg", "--out", out, "--db", url)
    assert (out / "data" / "indicator_11-6-2.csv").read_text(encoding="utf-8") == (
        f"Year,GeoCode,Units,Value\n2020,,µg/m3,11\n2020,{OSLO_DISTRICT},µg/m3,12.30\n"
    )
