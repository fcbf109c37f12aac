"""`sdgplan compare`: group values, rank, distance and savings potential computed by hand, on
the small Oslo with other municipalities' figures and on the Asker example."""

import json
from importlib import resources
from pathlib import Path

import pytest
import yaml

import sdgplan.cli.compare  # noqa: F401  (registers compare)
from sdgplan.loading import load_indicators, load_observations
from sdgplan.store.db import make_engine, session_scope
from tests.reports.oslo import oslo_database
from tests.test_cli import run
from tests.web.test_pages import asker_database

KOSTRA = Path(str(resources.files("sdgplan.examples").joinpath("asker", "kostra_groups.json")))

# Figures of 2021 besides Oslo's own `andel` 11.0 (higher is better):
#   andel:     0301 11.0, 3201 9.0, 4601 13.0, 5001 7.0, 3203 10.0
#   folketall: 0301 700, 3201 100, 4601 100, 5001 100 (3203 none)
#   kostnad (kr per pupil, lower is better): 0301 125000, 3201 118000, 4601 119000
#   elever: 0301 420
OTHERS = """indicator_id,area,period,value
andel,3201,2021,9.0
andel,4601,2021,13.0
andel,5001,2021,7.0
andel,3203,2021,10.0
folketall,0301,2021,700
folketall,3201,2021,100
folketall,4601,2021,100
folketall,5001,2021,100
kostnad,0301,2021,125000
kostnad,3201,2021,118000
kostnad,4601,2021,119000
elever,0301,2021,420
"""
EXTRA_INDICATORS = {
    "format": "sdgplan-indicators",
    "format_version": "1",
    "municipality": "0301",
    "indicators": [
        {"key": "folketall", "name": "Folketall"},
        {"key": "kostnad", "name": "Kostnad per elev", "unit": "kr", "direction": "lower"},
        {"key": "elever", "name": "Elever"},
    ],
}
PEERS = "0301,3201,4601,5001"


@pytest.fixture
def oslo(tmp_path):
    url = oslo_database(tmp_path)
    indicators = tmp_path / "extra.yaml"
    indicators.write_text(yaml.safe_dump(EXTRA_INDICATORS), encoding="utf-8")
    observations = tmp_path / "others.csv"
    observations.write_text(OTHERS, encoding="utf-8")
    engine = make_engine(url)
    with session_scope(engine) as session:
        assert not load_indicators(session, indicators)[1]
        assert not load_observations(session, observations)[1]
    engine.dispose()
    return url


def compare_json(runner, url, *args):
    return json.loads(run(runner, "compare", *args, "--format", "json", "--db", url).stdout)


def test_plain_and_weighted_means_rank_and_distance(runner, oslo):
    plain = compare_json(runner, oslo, "--indicator", "andel", "--peers", PEERS)
    # plain mean of the four peers: (11 + 9 + 13 + 7) / 4 = 40 / 4 = 10.0
    assert plain["year"] == 2021 and plain["own_value"] == 11.0
    assert plain["group"]["value"] == pytest.approx(10.0)
    assert plain["group"]["method"] == "mean"
    assert (
        plain["group"]["method_text"] == "uvektet snitt av 4 av 4 kommuner i sammenligningsgruppen"
    )
    # 11 - 10 = +1.0, 1 / 10 = 10 %
    assert plain["distance"] == {"absolute": pytest.approx(1.0), "relative": pytest.approx(0.1)}
    # among all five with a 2021 figure, higher first: 13 (4601), 11 (0301), 10, 9, 7:
    # 2nd of 5, better than 3 of the 4 others = 75 %
    assert plain["rank"] == {"position": 2, "of": 5, "percentile": pytest.approx(75.0)}
    assert plain["savings_potential"] is None

    weighted = compare_json(
        runner, oslo, "--indicator", "andel", "--peers", PEERS, "--weights", "folketall"
    )
    # (11*700 + 9*100 + 13*100 + 7*100) / (700 + 100 + 100 + 100) = 10 600 / 1000 = 10.6
    assert weighted["group"]["value"] == pytest.approx(10.6)
    assert weighted["group"]["method"] == "weighted"
    assert weighted["group"]["weights"] == "folketall"
    # 11 - 10.6 = 0.4; 0.4 / 10.6 = 3.77 %
    assert weighted["distance"]["absolute"] == pytest.approx(0.4)
    assert weighted["distance"]["relative"] == pytest.approx(0.4 / 10.6)
    # --method mean overrides the default that --weights sets
    mean = compare_json(
        runner,
        oslo,
        *("--indicator", "andel", "--peers", PEERS, "--weights", "folketall"),
        *("--method", "mean"),
    )
    assert mean["group"]["value"] == pytest.approx(10.0)


def test_savings_potential_of_a_unit_cost(runner, oslo):
    record = compare_json(
        runner, oslo, "--indicator", "kostnad", "--peers", "3201,4601", "--volume", "elever"
    )
    # group: (118 000 + 119 000) / 2 = 118 500 kr; own 125 000 kr, 420 pupils:
    # (125 000 - 118 500) x 420 = 6 500 x 420 = 2 730 000 kr
    assert record["group"]["value"] == pytest.approx(118_500)
    assert record["savings_potential"] == 2_730_000
    assert record["volume"] == {"indicator": "elever", "value": 420.0}
    # lower is better: 118 000, 119 000, 125 000 -> Oslo last, better than none
    assert record["rank"] == {"position": 3, "of": 3, "percentile": 0.0}
    text = run(
        runner,
        *("compare", "--indicator", "kostnad", "--peers", "3201,4601", "--volume", "elever"),
        *("--db", oslo),
    ).stdout
    assert "Innsparingspotensial  2 730 000 (volum 420)" in text
    assert "Egen verdi            125 000 kr" in text
    assert "Gruppens verdi        118 500 kr (uvektet snitt av 2 av 2 kommuner" in text


def test_text_in_norwegian_and_english(runner, oslo):
    args = ("compare", "--indicator", "andel", "--peers", PEERS, "--weights", "folketall")
    text = run(runner, *args, "--db", oslo).stdout
    assert text == (
        "SAMMENLIGNING 2021: Andel\n"
        "Oslo (0301) og sammenligningsgruppen\n"
        "\n"
        "Egen verdi           11,0 enhet\n"
        "Gruppens verdi       10,6 enhet (befolkningsvektet snitt av 4 av 4 kommuner i "
        "sammenligningsgruppen)\n"
        "Avstand til gruppen  +0,4 enhet (+3,8 %)\n"
        "Plassering           2 av 5 kommuner med tall (persentil 75,0)\n"
    )
    english = run(runner, "--lang", "en", *args, "--db", oslo).stdout
    assert english == (
        "COMPARISON 2021: Andel\n"
        "Oslo (0301) and the comparison group\n"
        "\n"
        "Own value              11.0 enhet\n"
        "Group value            10.6 enhet (population-weighted mean of 4 of 4 "
        "municipalities in the comparison group)\n"
        "Distance to the group  +0.4 enhet (+3.8%)\n"
        "Position               2 of 5 municipalities with figures (percentile 75.0)\n"
    )


def test_weighted_without_weights_says_so(runner, oslo):
    args = ("compare", "--indicator", "andel", "--peers", PEERS, "--method", "weighted")
    text = run(runner, *args, "--db", oslo).stdout
    assert "10,0 enhet (uvektet snitt av 4 av 4" in text
    assert "Merk: befolkningsvektet snitt mangler vekter (--weights) for 2021" in text
    record = compare_json(runner, oslo, *args[1:])
    assert record["group"]["weighted_unavailable"] is True
    assert record["group"]["method"] == "mean"


def test_county_and_kostra_groups(runner, oslo):
    # Oslo is its own county: the mean of one
    county = compare_json(runner, oslo, "--indicator", "andel", "--group", "county")
    assert county["group"]["value"] == 11.0 and county["group"]["name"] == "Oslo"
    # the example's group B: 1103, 4601, 5001, 5501; figures for 4601 (13) and 5001 (7):
    # (13 + 7) / 2 = 10.0, Oslo not a member
    kostra = compare_json(
        runner, oslo, "--indicator", "andel", "--kostra-file", KOSTRA, "--group", "B"
    )
    assert kostra["group"]["value"] == pytest.approx(10.0)
    assert kostra["group"]["members_missing"] == ["1103", "5501"]
    # Oslo is in none of the example's groups
    missing = run(
        runner,
        *("compare", "--indicator", "andel", "--kostra-file", KOSTRA, "--db", oslo),
        ok=False,
    )
    assert "Kommune 0301 er ikke med i noen KOSTRA-gruppe i filen" in missing.stderr
    country = compare_json(runner, oslo, "--indicator", "andel")
    assert country["group"]["kind"] == "country"
    assert country["group"]["method_text"] == "uvektet snitt av 5 av 357 kommuner i hele landet"


def test_a_group_without_figures_is_a_message(runner, oslo):
    args = ("compare", "--indicator", "andel", "--peers", "1103,5501", "--db", oslo)
    text = run(runner, *args).stdout
    assert (
        "Gruppens verdi       – (ingen verdi: ingen av 2 kommuner i sammenligningsgruppen "
        "har tall)" in text
    )
    assert "Avstand til gruppen  –\n" in text
    record = compare_json(runner, oslo, *args[1:-2])
    assert record["group"]["value"] is None and record["distance"] is None


def test_unknown_indicator_and_year_without_figures(runner, oslo):
    unknown = run(runner, "compare", "--indicator", "finnes-ikke", "--db", oslo, ok=False)
    assert "Feil: Ukjent indikator «finnes-ikke» for Oslo" in unknown.stderr
    assert "sdgplan show indicators" in unknown.stderr
    weights = run(
        runner, "compare", "--indicator", "andel", "--weights", "nei", "--db", oslo, ok=False
    )
    assert "Ukjent indikator «nei»" in weights.stderr
    year = run(runner, "compare", "--indicator", "andel", "--year", "2019", "--db", oslo, ok=False)
    assert "Feil: Ingen kommuner har tall for «andel» i 2019" in year.stderr
    assert "År med tall: 2020, 2021" in year.stderr
    english = run(
        runner,
        *("--lang", "en", "compare", "--indicator", "andel", "--year", "2019", "--db", oslo),
        ok=False,
    )
    assert "Error: No municipality has figures for «andel» in 2019" in english.stderr
    empty_peers = run(
        runner, "compare", "--indicator", "andel", "--group", "peers", "--db", oslo, ok=False
    )
    assert empty_peers.exit_code == 2 and "--peers" in empty_peers.stderr


def test_asker_against_its_kostra_group(runner, tmp_path):
    url = asker_database(tmp_path)
    args = ("--indicator", "utdanning-barnehagelaerere", "--kostra-file", KOSTRA)
    record = compare_json(runner, url, *args)
    # group A has figures for 3201 (36.8), 3203 (39.1), 3301 (42.2) in 2022:
    # (36.8 + 39.1 + 42.2) / 3 = 118.1 / 3 = 39.3667; own 39.1: -0.2667, -0.68 %
    assert record["year"] == 2022
    assert record["group"]["value"] == pytest.approx(118.1 / 3)
    assert record["group"]["name"] == "KOSTRA-gruppe A (illustrativ)"
    assert record["distance"]["absolute"] == pytest.approx(39.1 - 118.1 / 3)
    # higher is better: 42.2, 39.1, 36.8 -> 2nd of 3, better than 1 of 2 = 50 %
    assert record["rank"] == {"position": 2, "of": 3, "percentile": 50.0}
    text = run(runner, "compare", *args, "--db", url).stdout
    assert "Egen verdi           39,1 %" in text
    assert "Gruppens verdi       39,4 % (uvektet snitt av 3 av 9 kommuner i KOSTRA-gruppe A" in text
    assert "Avstand til gruppen  -0,3 % (-0,7 %)" in text


def load_files(url, folder, definitions, figures, municipality=None):
    indicators, observations = folder / "definitions.yaml", folder / "figures.csv"
    indicators.write_text(yaml.safe_dump(definitions), encoding="utf-8")
    observations.write_text(figures, encoding="utf-8")
    engine = make_engine(url)
    with session_scope(engine) as session:
        assert not load_indicators(session, indicators, municipality=municipality)[1]
        if figures:
            assert not load_observations(session, observations, municipality=municipality)[1]
    engine.dispose()


def test_the_indicators_group_method_is_the_default(runner, oslo, tmp_path):
    kostnad = {**EXTRA_INDICATORS["indicators"][1], "group_method": "mean"}
    load_files(oslo, tmp_path, {**EXTRA_INDICATORS, "indicators": [kostnad]}, "")
    args = ("--indicator", "kostnad", "--peers", "0301,3201,4601", "--weights", "folketall")
    result = compare_json(runner, oslo, *args)
    # the indicator says mean: (125 000 + 118 000 + 119 000) / 3, not the weighted 123 555.6
    assert result["group"]["method"] == "mean"
    assert result["group"]["value"] == pytest.approx(362000 / 3)
    weighted = compare_json(runner, oslo, *args, "--method", "weighted")
    # (125 000 * 700 + 118 000 * 100 + 119 000 * 100) / 900
    assert weighted["group"]["value"] == pytest.approx(111_200_000 / 900)


def test_a_shared_series_is_compared_among_every_municipality(runner, tmp_path):
    url = oslo_database(tmp_path)
    run(runner, "org", "add", "--code", "NO-SSB", "--name", "SSB", "--kind", "other", "--db", url)
    office = {
        "format": "sdgplan-indicators",
        "format_version": "1",
        "municipality": "NO-SSB",
        "indicators": [{"key": "andel", "name": "Andel", "unit": "%"}],
    }
    figures = "indicator_id,area,period,value\n" + "".join(
        f"andel,{area},2021,{value}\n"
        for area, value in (("0301", 11.0), ("3201", 9.0), ("4601", 13.0), ("5001", 7.0))
    )
    (tmp_path / "office").mkdir()
    load_files(url, tmp_path / "office", office, figures, municipality="NO-SSB")
    bound = {
        "format": "sdgplan-indicators",
        "format_version": "1",
        "municipality": "0301",
        "indicators": [
            {"key": "andel-ssb", "name": "Andel", "direction": "higher", "series": "NO-SSB/andel"}
        ],
    }
    load_files(url, tmp_path, bound, "")
    args = ("--indicator", "andel-ssb", "--group", "country", "--municipality", "0301")
    result = compare_json(runner, url, *args)
    # the series holds four municipalities once; Oslo's 11.0 is 2nd of 4 (13, 11, 9, 7)
    assert result["own_value"] == 11.0
    assert result["rank"] == {"position": 2, "of": 4, "percentile": pytest.approx(200 / 3)}
    assert result["group"]["value"] == pytest.approx(10.0)
