"""Importing the climate budget's files: Miljødirektoratet's CSV layout, measures and the
budget YAML; bad input names the file, the line and the value, and nothing is saved."""

import pytest
from sqlalchemy import func, select

import sdgplan.cli.climate  # noqa: F401  (registers `sdgplan climate`)
from sdgplan.climate import climate_budget, import_climate_file
from sdgplan.domain.climate import Basis, Emission, MeasureStatus, Sector
from sdgplan.errors import InvalidData
from sdgplan.importers.climate_csv import read_emissions, read_measures
from sdgplan.importers.climate_yaml import read_budget
from sdgplan.store.change_log import load_log
from sdgplan.store.db import make_engine, session_scope, upgrade
from sdgplan.store.tables_climate import ClimateEmissionRow
from tests.test_cli import problems, run

AGENCY = """\
Kommunenummer;Kommune;År;Sektor;Kilde;Utslipp (tonn CO₂-ekvivalenter)
3203;Asker;2021;Veitrafikk;Personbiler;60 100,5
3203;Asker;2021;Veitrafikk;Tunge kjøretøy;20 000
3203;Asker;2021;Avfall og avløp;Avløp;9 000
3203;Asker;2021;Skog og arealbruk;Skog;-12 000
0301;Oslo;2021;Veitrafikk;Personbiler;400 000
"""


def test_the_agency_layout_sums_sources_into_sectors():
    parsed = read_emissions(AGENCY, source="u.csv", municipality="3203")
    assert parsed.data == [
        Emission(2021, Sector.ROAD_TRAFFIC, 80_100.5),
        Emission(2021, Sector.WASTE_SEWAGE, 9_000),
        Emission(2021, Sector.LAND_USE, -12_000),
    ]
    assert [i.message for i in parsed.issues] == [
        "1 rader for andre kommuner enn 3203 er hoppet over"
    ]


def test_comma_separated_with_english_names_and_a_basis():
    text = "year,sector,tonnes,basis\n2009,unspecified,319614,derived\n"
    parsed = read_emissions(text, source="u.csv")
    assert parsed.data == [Emission(2009, Sector.UNSPECIFIED, 319_614, Basis.DERIVED)]


@pytest.mark.parametrize(
    ("row", "line", "message"),
    [
        ("2021;Veitrafikk;;12x", 3, "Ugyldig utslipp: «12x» er ikke et tall"),
        ("2021;Romfart;;12", 3, "Ukjent sektor «Romfart»"),
        ("20x1;Veitrafikk;;12", 3, "Ugyldig år «20x1»"),
        ("2021;Jordbruk;;-4", 3, "Negativt utslipp «-4» i Jordbruk"),
        ("2021;Jordbruk;;", 3, "Mangler verdi i kolonnen «Utslipp (tonn CO2-ekvivalenter)»"),
        ("2021;Veitrafikk;;5", 3, "2021, Veitrafikk står også på linje 2"),
        ("2021;Uspesifisert;;5", 3, "2021 har både en uspesifisert total og tall per sektor"),
    ],
)
def test_bad_emission_rows_name_the_line_and_the_value(row, line, message):
    text = f"År;Sektor;Kilde;Utslipp (tonn CO2-ekvivalenter)\n2021;Veitrafikk;;10\n{row}\n"
    parsed = read_emissions(text, source="u.csv")
    errors = [(i.line, i.message) for i in parsed.issues]
    assert any(at == line and text.startswith(message) for at, text in errors), errors
    assert not parsed.ok


def test_a_file_without_the_columns_names_what_is_missing():
    parsed = read_emissions("År;Sektor\n2021;Jordbruk\n", source="u.csv")
    assert [(i.line, i.message) for i in parsed.issues] == [
        (1, "Mangler kolonnen «utslipp (tonn co2-ekvivalenter)»; fant År, Sektor")
    ]


def test_measures_csv():
    text = (
        "key,name,effect,start_year,end_year,owner,status,sector,illustrative\n"
        "bil,Elbiler,1 200,2024,,Samfunnstjenester,in_progress,Veitrafikk,true\n"
        "buss,Elbusser,300,2025,2023,,done,,kanskje\n"
    )
    parsed = read_measures(text, source="m.csv")
    assert [m.key for m in parsed.data] == ["bil"]
    first = parsed.data[0]
    assert (first.effect, first.sector, first.status, first.illustrative) == (
        1200,
        Sector.ROAD_TRAFFIC,
        MeasureStatus.IN_PROGRESS,
        True,
    )
    assert [(i.line, i.message) for i in parsed.issues] == [
        (3, "Sluttåret 2023 er før startåret 2025"),
        (
            3,
            "Ugyldig verdi «done»; bruk proposed, adopted, in_progress, completed, cancelled",
        ),
        (3, "Ugyldig verdi «kanskje»; bruk true eller false"),
    ]


def test_budget_yaml_errors_have_their_lines():
    text = (
        "format: sdgplan-climate-budget\n"
        "target:\n"
        "  reference_year: 2009\n"
        "  target_year: 2030\n"
        "  reduction_percent: 167\n"
        "  path:\n"
        "    - {year: 2020, ceiling: 100}\n"
        "    - {year: 2019, ceiling: 90}\n"
    )
    parsed = read_budget(text, source="b.yaml")
    assert [(i.line, i.message) for i in parsed.issues] == [
        (5, "Reduksjonen «167» må være mellom 0 og 100 %"),
        (8, "Året 2019 i «path» må komme etter 2020"),
    ]


@pytest.fixture
def db_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'climate.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def test_cli_import_error_names_file_line_and_value_and_saves_nothing(runner, tmp_path, db_url):
    path = tmp_path / "utslipp.csv"
    path.write_text(
        "År;Sektor;Utslipp\n2020;Veitrafikk;100\n2021;Veitrafikk;1O0\n", encoding="utf-8"
    )
    result = run(
        runner, "climate", "import", path, "--municipality", "3203", "--db", db_url, ok=False
    )
    assert f"FEIL: {path}, linje 3: Ugyldig utslipp: «1O0» er ikke et tall" in result.stderr
    assert problems(result.stderr) == [(3, None, "Ugyldig utslipp: «1O0» er ikke et tall")]
    assert f"Feil: {path}: ingenting er lagret" in result.stderr
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(ClimateEmissionRow)) == 0
    engine.dispose()


def test_an_import_replaces_the_years_in_the_file_and_is_logged(tmp_path, db_url):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("År,Sektor,Utslipp\n2020,Jordbruk,10\n2021,Jordbruk,11\n", encoding="utf-8")
    second.write_text("År,Sektor,Utslipp\n2021,Veitrafikk,5\n", encoding="utf-8")
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        import_climate_file(session, first, municipality="3203", who="kari")
    with session_scope(engine) as session:
        import_climate_file(session, second, municipality="3203", who="ola")
    with session_scope(engine) as session:
        view = climate_budget(session, municipality="3203")
        log = load_log(session, "3203", entity="climate_emissions")
    engine.dispose()
    assert view.budget.emissions == (
        Emission(2020, Sector.AGRICULTURE, 10),
        Emission(2021, Sector.ROAD_TRAFFIC, 5),
    )
    assert [(c.who, c.key, c.old, c.new) for c in log][0] == (
        "ola",
        "2021",
        {"agriculture": {"tonnes": 11.0, "basis": "reported", "note": None}},
        {"road_traffic": {"tonnes": 5.0, "basis": "reported", "note": None}},
    )
    assert sorted((c.who, c.key) for c in log) == [
        ("kari", "2020"),
        ("kari", "2021"),
        ("ola", "2021"),
    ]


def test_an_unknown_kind_of_csv_is_refused(tmp_path, db_url):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    engine = make_engine(db_url)
    with pytest.raises(InvalidData) as caught, session_scope(engine) as session:
        import_climate_file(session, path, municipality="3203")
    engine.dispose()
    assert caught.value.issues[0].message.startswith("Kjenner ikke igjen kolonnene a, b")
