"""Key figures through the CLI: example, import, show and export, on both databases."""

import json

from sdgplan.examples import example_path
from tests.test_cli import problems, run

HEADER = "indicator_id,area,period,breakdown,value,status,display,note\n"


def load_asker(runner, db_url):
    result = run(runner, "example", "asker", "--db", db_url)
    assert result.stdout.startswith(
        "Eksempelet «asker» er lastet: 2 planversjoner, 175 indikatorer, 799 observasjoner, "
        "17 temaplaner, 18 tekster, 7 kartflater og punkter -> "
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
    assert result.stdout == f"Importert 799 observasjoner -> {empty}\n"
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
    assert problems(stderr) == [
        (3, 1, "Ukjent indikator «ingen-slik»"),
        (4, 5, "«15%» er ikke et tall"),
        (5, 3, "Perioden 2035 er utenfor planens år 2009-2032"),
        (6, 6, "Ukjent status «1»; bruk measured, not_measured, pending"),
        (
            7,
            2,
            "Ukjent område «Atlantis»: bruk et kommunenummer eller et område fra indikatorfilen",
        ),
    ]
    assert stderr.endswith(f"\nFeil: {bad}: ingenting er lagret\n")
    assert run(runner, "export", "observations", "--db", db_url).stdout == before


def test_decimal_comma_gets_a_hint(runner, db_url, tmp_path):
    load_asker(runner, db_url)
    _, stderr = import_bad(
        runner, db_url, tmp_path, 'okonomi-disposisjonsfond,3203,2023,,"15,1",,,\n'
    )
    assert problems(stderr) == [(2, 5, "«15,1» er ikke et tall (bruk punktum)")]


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
    assert result.stderr.startswith(
        "Feil: Ukjent satsingsområde «Kultur»; velg en av: Økonomi (okonomi), Medarbeidere "
        "(medarbeidere), "
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
    focus_areas = (
        "Økonomi (okonomi), Medarbeidere (medarbeidere), Samarbeid for å nå målene "
        "(samarbeid-for-a-na-malene), Bærekraftige byer og samfunn "
        "(baerekraftige-byer-og-samfunn), Handling mot klimaendringene "
        "(handling-mot-klimaendringene), God helse (god-helse), God utdanning (god-utdanning), "
        "Innovasjon, digitalisering og næringsutvikling (innovasjon-digitalisering-og)"
    )
    result = run(runner, "import", "indicators", bad, "--db", db_url, ok=False)
    assert problems(result.stderr) == [
        (5, 14, "«omtrent 10» er ikke en terskel (skriv f.eks. «> 10 %» eller «10-20 %»)"),
        (6, 15, f"Ukjent satsingsområde «Kultur»; planen har: {focus_areas}"),
        (
            11,
            9,
            "Ukjent mål i «Økonomi»: «7»; gyldige: 0 (okonomi.0), 1 (okonomi.1), 2 (okonomi.2) "
            "(0 = hovedmål), eller målets tekst",
        ),
    ]
    assert result.stderr.endswith(f"\nFeil: {bad}: ingenting er lagret\n")
    english = run(runner, "--lang", "en", "import", "indicators", bad, "--db", db_url, ok=False)
    assert problems(english.stderr) == [
        (5, 14, "'omtrent 10' is not a threshold (write e.g. '> 10 %' or '10-20 %')"),
        (6, 15, f"Unknown focus area 'Kultur'; the plan has: {focus_areas}"),
        (
            11,
            9,
            "Unknown goal in 'Økonomi': '7'; valid: 0 (okonomi.0), 1 (okonomi.1), "
            "2 (okonomi.2) (0 = main goal), or the goal's text",
        ),
    ]
    assert english.stderr.endswith(f"\nError: {bad}: nothing was saved\n")


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
    result = run(runner, "import", "indicators", path, "--db", db)
    assert result.stdout == f"Importert 1 indikator, 0 tabeller, 0 områder -> {db}\n"
    data = tmp_path / "obs.csv"
    data.write_text(HEADER + "befolkning,0301,2022,,699827,,,\n", encoding="utf-8")
    run(runner, "import", "observations", data, "--db", db)
    exported = run(runner, "export", "observations", "--db", db).stdout
    assert exported.splitlines()[1] == (
        ",,,befolkning,Befolkning,,0301,Oslo,municipality,2022,,699827,measured,699 827,"
    ).replace(",,,", "0301,,,", 1)
