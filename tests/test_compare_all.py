"""`compare_all` and `sdgplan compare --all`: every indicator and every municipality with a
figure, checked against hand-computed values on the small Oslo (figures in tests/test_compare.py)
and against `compare` for the owner, on Oslo and on the Asker example."""

import csv
import io
import json
import random

import pytest

import sdgplan.cli.compare  # noqa: F401  (registers compare)
from sdgplan.comparing import _ranks, compare, compare_all
from sdgplan.domain.groups import GroupMethod, rank
from sdgplan.domain.indicators import Direction
from sdgplan.importers.klass import read_kostra_groups
from sdgplan.store.db import make_engine, session_scope
from tests.test_cli import run
from tests.test_compare import KOSTRA, PEERS, oslo  # noqa: F401  (the fixture)
from tests.web.test_pages import asker_database


def standings(url, **options):
    engine = make_engine(url)
    with session_scope(engine) as session:
        result = compare_all(session, **options)
    engine.dispose()
    return {(s.indicator, s.municipality): s for s in result}


def test_every_municipality_against_the_peers_by_hand(oslo):  # noqa: F811
    found = standings(oslo, group="peers", peers=PEERS.split(","))
    andel = {number: s for (key, number), s in found.items() if key == "andel"}
    # 2021, higher is better: 13 (4601), 11 (0301), 10 (3203), 9 (3201), 7 (5001)
    assert sorted(andel) == ["0301", "3201", "3203", "4601", "5001"]
    assert {s.year for s in andel.values()} == {2021}
    placing = {n: (s.rank.position, s.rank.of, s.rank.percentile) for n, s in andel.items()}
    assert placing == {
        "4601": (1, 5, 100.0),
        "0301": (2, 5, 75.0),
        "3203": (3, 5, 50.0),
        "3201": (4, 5, 25.0),
        "5001": (5, 5, 0.0),
    }
    # one group for all: (11 + 9 + 13 + 7) / 4 = 10.0; 3203 is no peer
    assert [s.group.value for s in andel.values()] == [pytest.approx(10.0)] * 5
    assert andel["3203"].group.members_used == ("0301", "3201", "4601", "5001")
    # 13 - 10 = +3 (+30 %), 7 - 10 = -3, 10 - 10 = 0
    assert (andel["4601"].distance.absolute, andel["4601"].distance.relative) == (
        pytest.approx(3.0),
        pytest.approx(0.3),
    )
    assert andel["5001"].distance.absolute == pytest.approx(-3.0)
    assert andel["3203"].distance.absolute == pytest.approx(0.0)
    # lower is better: 118 000 (3201), 119 000 (4601), 125 000 (0301)
    cost = {n: s.rank for (key, n), s in found.items() if key == "kostnad"}
    assert {n: (r.position, r.percentile) for n, r in cost.items()} == {
        "3201": (1, 100.0),
        "4601": (2, 50.0),
        "0301": (3, 0.0),
    }
    # no direction, no rank
    assert found["folketall", "3201"].rank is None


def test_each_municipality_against_its_own_county_and_kostra_group(oslo):  # noqa: F811
    county = standings(oslo, group="county")
    # Oslo alone: 11; Akershus (32): 3201 9 and 3203 10 -> 9.5; Vestland: 13; Trøndelag: 7
    values = {n: s.group.value for (k, n), s in county.items() if k == "andel"}
    assert values == {
        "0301": 11.0,
        "3201": pytest.approx(9.5),
        "3203": pytest.approx(9.5),
        "4601": 13.0,
        "5001": 7.0,
    }
    assert county["andel", "3201"].group.group.name == "Akershus"
    # 9 - 9.5 = -0.5, -0.5 / 9.5
    assert county["andel", "3201"].distance.relative == pytest.approx(-0.5 / 9.5)
    kostra = standings(oslo, group="kostra", kostra_groups=read_kostra_groups(KOSTRA))
    # group B (1103, 4601, 5001, 5501): (13 + 7) / 2 = 10; Oslo is in no group
    assert kostra["andel", "4601"].group.value == pytest.approx(10.0)
    assert kostra["andel", "5001"].distance.absolute == pytest.approx(-3.0)
    assert kostra["andel", "0301"].group is None and kostra["andel", "0301"].distance is None
    assert kostra["andel", "0301"].rank.position == 2  # ranked among all the same


def test_weighted_country(oslo):  # noqa: F811
    found = standings(oslo, group="country", weights="folketall")
    andel = found["andel", "3203"]
    # (11*700 + 9*100 + 13*100 + 7*100) / 1000 = 10.6; 3203 has no weight and is left out
    assert andel.group.method is GroupMethod.WEIGHTED
    assert andel.group.value == pytest.approx(10.6)
    assert "3203" in andel.group.members_missing
    assert andel.distance.absolute == pytest.approx(10.0 - 10.6)


def agree_with_compare(url, municipality, **options):
    """compare_all's line for the owner equals compare() for every indicator it covers."""
    engine = make_engine(url)
    checked = 0
    with session_scope(engine) as session:
        found = compare_all(session, municipality, **options)
        for standing in (s for s in found if s.municipality == municipality):
            one = compare(
                session, indicator=standing.indicator, municipality=municipality, **options
            )
            assert (one.year, one.own) == (standing.year, standing.value)
            assert one.group == standing.group, standing.indicator
            assert one.distance == standing.distance and one.rank == standing.rank
            checked += 1
    engine.dispose()
    return checked


def test_agrees_with_compare_on_oslo(oslo):  # noqa: F811
    for options in (
        {"group": "country"},
        {"group": "county"},
        {"group": "peers", "peers": PEERS.split(",")},
        {"group": "country", "weights": "folketall"},
        {"group": "country-without-oslo", "year": 2021},
    ):
        assert agree_with_compare(oslo, "0301", **options) >= 3, options


def test_agrees_with_compare_on_asker(tmp_path):
    url = asker_database(tmp_path)
    kostra = read_kostra_groups(KOSTRA)
    assert agree_with_compare(url, "3203", group="kostra", kostra_groups=kostra) >= 50
    found = standings(url, group="kostra", kostra_groups=kostra)
    teachers = found["utdanning-barnehagelaerere", "3301"]
    # as in test_compare: group A's 2022 figures 3201 36.8, 3203 39.1, 3301 42.2
    assert teachers.year == 2022 and teachers.value == 42.2
    assert teachers.group.value == pytest.approx(118.1 / 3)
    assert (teachers.rank.position, teachers.rank.of, teachers.rank.percentile) == (1, 3, 100.0)


def test_ranks_from_one_sort_equal_rank_with_ties():
    generator = random.Random(13)
    for _ in range(200):
        values = {
            f"{n:04d}": float(generator.randint(0, 6)) for n in range(generator.randint(1, 9))
        }
        for direction in Direction:
            fast = _ranks(values, direction)
            assert fast == {n: rank(values, n, direction=direction) for n in values}


def test_cli_all_as_csv_and_json(runner, oslo, tmp_path):  # noqa: F811
    result = run(runner, "compare", "--all", "--peers", PEERS, "--db", oslo)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    line = next(r for r in rows if (r["indicator"], r["municipality"]) == ("andel", "4601"))
    assert line == {
        **line,
        "municipality_name": "Bergen",
        "year": "2021",
        "value": "13.0",
        "group": "peers",
        "group_method": "mean",
        "group_value": "10.0",
        "group_members_used": "4",
        "group_members": "4",
        "distance": "3.0",
        "position": "1",
        "of": "5",
        "percentile": "100.0",
    }
    assert "Sammenlignet" in result.stderr and "indikatorer" in result.stderr
    out = tmp_path / "alle.json"
    run(runner, "compare", "--all", "--format", "json", "--out", out, "--db", oslo)
    records = json.loads(out.read_text(encoding="utf-8"))
    assert len(records) == len(rows)
    andel = next(
        r for r in records if (r["indicator"], r["municipality"]) == ("3203", "andel")[::-1]
    )
    assert andel["group"] == "country" and andel["group_value"] == pytest.approx(10.0)


def test_cli_all_refuses_what_it_cannot_do(runner, oslo):  # noqa: F811
    volume = run(runner, "compare", "--all", "--volume", "elever", "--db", oslo, ok=False)
    assert "Ugyldig verdi for --volume: kan ikke brukes med --all" in volume.stderr
    text = run(runner, "compare", "--all", "--format", "text", "--db", oslo, ok=False)
    assert "Ugyldig verdi for --format: --all skriver csv eller json" in text.stderr
    nothing = run(runner, "compare", "--db", oslo, ok=False)
    assert "Ugyldig verdi for --indicator: oppgi en indikator, eller --all for alle" in (
        nothing.stderr
    )


def test_each_municipality_gets_the_progress_of_its_own_series(tmp_path):
    """The batch assessment in `compare --all` gives each municipality's own series the
    status `measure_progress` gives it alone (Asker's stored peers)."""
    from sdgplan.assessment.progress import measure_progress
    from sdgplan.store import indicator_repo

    url = asker_database(tmp_path)
    found = standings(url, group="country")
    engine = make_engine(url)
    with session_scope(engine) as session:
        data = indicator_repo.load_indicator_set(session, "3203")
        observations = indicator_repo.load_observations(session, "3203", every_area=True)
    engine.dispose()
    checked = 0
    for indicator in data.indicators:
        if indicator.direction is None:
            continue
        for (key, number), standing in found.items():
            if key != indicator.key:
                continue
            series = {
                int(o.period): o.value
                for o in observations
                if o.indicator == key
                and o.area == number
                and not o.breakdown
                and o.value is not None
                and o.status.value == "measured"
                and o.period.isdigit()
                and int(o.period) <= standing.year
            }
            alone = measure_progress(
                series,
                direction=indicator.direction,
                base_year=indicator.progress.base_year,
                limit=indicator.progress.limit,
            )
            assert standing.progress == alone.status, (key, number)
            checked += 1
    assert checked >= 50
