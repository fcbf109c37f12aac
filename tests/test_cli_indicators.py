"""Key figures through the CLI: example, import, show and export, on both databases."""

import json

from sdgplan.examples import example_path
from tests.test_cli import run

HEADER = "indicator_id,area,period,breakdown,value,status,display,note\n"


def load_asker(runner, db_url):
    result = run(runner, "example", "asker", "--db", db_url)
    assert result.stdout.startswith(
        "Eksempelet «asker» er lastet / example 'asker' loaded: 2 planversjoner / plan "
        "versions, 175 indikatorer / indicators, 799 observasjoner / observations, 17 "
        "temaplaner / thematic plans"
    )


def test_export_round_trips_through_an_empty_database(runner, db_url, tmp_path):
    load_asker(runner, db_url)
    load_asker(runner, db_url)  # twice: nothing is duplicated
    first = run(runner, "export", "observations", "--db", db_url).stdout
    lines = first.splitlines()
    assert len(lines) == 1 + 799
    assert lines[0] == (
        "municipality,focus_area,goal,indicator_id,indicator,unit,area,"
        "area_name,area_kind,period,breakdown,value,status,display,note"
    )
    assert lines[1] == (
        "3203,Økonomi,Asker kommune har en god økonomisk bærekraft.,okonomi-disposisjonsfond,"
        "Disposisjonsfond som andel av brutto driftsinntekter (> 10 %),%,3203,Asker,"
        'municipality,2019,,15.1,measured,"15,1 %",'
    )
    assert (
        "okonomi-vedlikehold-formalsbygg,Vedlikehold per m2 i formålsbygg (> 140 kr/m2),kr/m2,3203,"
        "Asker,municipality,2019,,,not_measured,Ikke målt," in first
    )
    exported = tmp_path / "observations.csv"
    exported.write_text(first, encoding="utf-8")
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    result = run(runner, "import", "observations", exported, "--db", empty)
    assert "799 observasjoner / observations" in result.stdout
    assert run(runner, "export", "observations", "--db", empty).stdout == first
    as_json = json.loads(
        run(runner, "export", "observations", "--format", "json", "--db", empty).stdout
    )
    assert as_json[0]["value"] == 15.1 and as_json[0]["display"] == "15,1 %"
    assert len(as_json) == 799


def import_bad(runner, db_url, tmp_path, body):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + body, encoding="utf-8")
    result = run(runner, "import", "observations", bad, "--db", db_url, ok=False)
    return bad, result.stderr


def test_malformed_observations_change_nothing(runner, db_url, tmp_path):
    load_asker(runner, db_url)
    before = run(runner, "export", "observations", "--db", db_url).stdout
    bad, stderr = import_bad(
        runner,
        db_url,
        tmp_path,
        (
            "okonomi-disposisjonsfond,3203,2023,,99.0,,,\n"  # valid, but must not be saved
            "ingen-slik,3203,2022,,1,,,\n"
            "okonomi-disposisjonsfond,3203,2021,,15%,,,\n"
            "okonomi-disposisjonsfond,3203,2035,,1,,,\n"
            "okonomi-disposisjonsfond,3203,2020,,15,1,,\n"
            "okonomi-disposisjonsfond,Atlantis,2020,,1,,,\n"
        ),
    )
    assert stderr == (
        f"FEIL/ERROR: {bad}, linje/line 3, kolonne/column 1: Ukjent indikator «ingen-slik» / "
        "unknown indicator 'ingen-slik'\n"
        f"FEIL/ERROR: {bad}, linje/line 4, kolonne/column 5: «15%» er ikke et tall / '15%' is "
        "not a number\n"
        f"FEIL/ERROR: {bad}, linje/line 5, kolonne/column 3: Perioden 2035 er utenfor planens "
        "år / period 2035 is outside the plan's years 2009-2032\n"
        f"FEIL/ERROR: {bad}, linje/line 6, kolonne/column 6: Ukjent status «1» / unknown "
        "status; bruk / use measured, not_measured, pending\n"
        f"FEIL/ERROR: {bad}, linje/line 7, kolonne/column 2: Ukjent område «Atlantis» / unknown "
        "area 'Atlantis': bruk et kommunenummer eller et område fra indikatorfilen / use a "
        "municipality number or an area from the indicator file\n"
        f"Feil / Error: {bad}: ingenting er lagret / nothing was saved\n"
    )
    assert run(runner, "export", "observations", "--db", db_url).stdout == before


def test_decimal_comma_gets_a_hint(runner, db_url, tmp_path):
    load_asker(runner, db_url)
    _, stderr = import_bad(
        runner, db_url, tmp_path, 'okonomi-disposisjonsfond,3203,2023,,"15,1",,,\n'
    )
    assert (
        "«15,1» er ikke et tall / '15,1' is not a number (bruk punktum / use a decimal "
        "point)" in stderr
    )


def test_new_observation_is_saved(runner, db_url, tmp_path):
    load_asker(runner, db_url)
    good = tmp_path / "new.csv"
    good.write_text(HEADER + "okonomi-disposisjonsfond,3203,2023,,12.0,,,\n", encoding="utf-8")
    run(runner, "import", "observations", good, "--db", db_url)
    exported = run(runner, "export", "observations", "--db", db_url).stdout
    assert ",okonomi-disposisjonsfond," in exported and ',2023,,12.0,measured,"12,0 %",' in exported


def test_show_indicators(runner, db_url):
    load_asker(runner, db_url)
    text = run(runner, "show", "indicators", "--focus-area", "økonomi", "--db", db_url).stdout
    assert text.startswith("ØKONOMI\n")
    assert "-0,7 %" in text and "Ikke målt" in text and "132 kr/m2" in text
    assert "Nøkkeltall under utvikling" in text
    assert "MEDARBEIDERE" not in text
    result = run(runner, "show", "indicators", "--focus-area", "Kultur", "--db", db_url, ok=False)
    assert (
        "unknown focus area «Kultur»; velg / choose: Økonomi (okonomi), Medarbeidere "
        "(medarbeidere)" in result.stderr
    )


def test_indicator_file_errors(runner, db_url, tmp_path):
    load_asker(runner, db_url)
    bad = tmp_path / "indicators.yaml"
    bad.write_text(
        "municipality: '3203'\n"
        "indicators:\n"
        "- key: ny\n"
        "  name: Ny indikator\n"
        "  threshold: omtrent 10\n"
        "  focus_area: Kultur\n"
        "  goal: 1\n"
        "- key: ny-2\n"
        "  name: Enda en\n"
        "  focus_area: Økonomi\n"
        "  goal: 7\n",
        encoding="utf-8",
    )
    result = run(runner, "import", "indicators", bad, "--db", db_url, ok=False)
    assert result.stderr.splitlines() == [
        f"FEIL/ERROR: {bad}, linje/line 5, kolonne/column 14: not a threshold: 'omtrent 10' "
        "(write e.g. '> 10 %' or '10-20 %')",
        f"FEIL/ERROR: {bad}, linje/line 6, kolonne/column 15: Ukjent satsingsområde «Kultur» / "
        "unknown focus area; planen har / the plan has: Økonomi (okonomi), Medarbeidere "
        "(medarbeidere), Samarbeid for å nå målene (samarbeid-for-a-na-malene), Bærekraftige "
        "byer og samfunn (baerekraftige-byer-og-samfunn), Handling mot klimaendringene "
        "(handling-mot-klimaendringene), God helse (god-helse), God utdanning (god-utdanning), "
        "Innovasjon, digitalisering og næringsutvikling (innovasjon-digitalisering-og)",
        f"FEIL/ERROR: {bad}, linje/line 11, kolonne/column 9: Ukjent mål i «Økonomi» / unknown "
        "goal: «7»; gyldige / valid: 0 (okonomi.0), 1 (okonomi.1), 2 (okonomi.2) (0 = hovedmål "
        "/ main goal), eller målets tekst / or its text",
        f"Feil / Error: {bad}: ingenting er lagret / nothing was saved",
    ]


def test_example_files_are_in_the_package():
    for name in ("plan-adopted.yaml", "indicators.yaml", "observations.csv", "thematic-plans.csv"):
        assert example_path("asker", name).is_file()


def test_indicators_without_goals_need_no_plan(runner, tmp_path):
    db = f"sqlite:///{tmp_path / 'fresh.db'}"
    path = tmp_path / "indicators.yaml"
    path.write_text(
        "municipality: {number: '0301', name: Oslo}\nindicators:\n"
        "- key: befolkning\n  name: Befolkning\n",
        encoding="utf-8",
    )
    assert (
        "1 indikatorer / indicators" in run(runner, "import", "indicators", path, "--db", db).stdout
    )
    data = tmp_path / "obs.csv"
    data.write_text(HEADER + "befolkning,0301,2022,,699827,,,\n", encoding="utf-8")
    run(runner, "import", "observations", data, "--db", db)
    exported = run(runner, "export", "observations", "--db", db).stdout
    assert exported.splitlines()[1] == (
        ",,,befolkning,Befolkning,,0301,Oslo,municipality,2022,,699827,measured,699 827,"
    ).replace(",,,", "0301,,,", 1)
