"""`sdgplan fetch` (issue 13): observations from SSB's recorded answers, replayed by a local
server, on the Asker example and the small Oslo: first fill, revision, dry run, 429, malformed
answers, hand-entered values and the provenance line."""

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import sdgplan.cli.fetch  # noqa: F401  (registers `sdgplan fetch`)
from sdgplan.errors import ConfigError, FormatError
from sdgplan.fetching import fetch_observations, parse_provenance, provenance_line
from sdgplan.loading import load_indicators, load_observations
from sdgplan.store import change_log, indicator_repo
from sdgplan.store.db import make_engine, session_scope
from tests.replay import Answer, replaying
from tests.reports.oslo import oslo_database
from tests.test_cli import run
from tests.web.test_pages import asker_database

SAMPLE_PATH = Path(__file__).parent / "data" / "ssb" / "ssb_07459_befolkning_kommuner_2022.json"
SAMPLE = SAMPLE_PATH.read_text(encoding="utf-8")
DAY = "<dagens dato>"


def undated(text: str) -> str:
    """The text with the date of today, or of yesterday for a run across midnight, put as DAY."""
    today = dt.date.today()
    for day in (today, today - dt.timedelta(days=1)):
        text = text.replace(day.isoformat(), DAY)
    return text


# SSB's 2022 numbers of the areas the Asker example stores: Asker, Oslo, Bærum, Drammen, Lier
ASKER_REGIONS = {
    "3203": "K-3025",
    "0301": "K-0301",
    "3201": "K-3024",
    "3301": "K-3005",
    "3312": "K-3049",
}

QUERY = """\
format: sdgplan-ssb-query
format_version: 1
table: "07459"
municipality: "{number}"
variables:
  Tid: ["2022"]
contents:
  - code: Personer1
    indicator: befolkning
    unit: personer
"""

INDICATOR = """\
format: sdgplan-indicators
format_version: 1
municipality: '{number}'
years: {years}
indicators:
- key: befolkning
  name: Befolkning
  unit: personer
"""


def recorded(region: str, text: str = SAMPLE) -> float:
    """The value of `region` in a JSON-stat answer, read without our reader."""
    data = json.loads(text)
    return data["value"][data["dimension"]["Region"]["category"]["index"][region]]


def revised(changes: dict[str, float], updated: str = "2022-06-15T06:00:00Z") -> str:
    data = json.loads(SAMPLE)
    for region, value in changes.items():
        data["value"][data["dimension"]["Region"]["category"]["index"][region]] = value
    data["updated"] = updated
    return json.dumps(data)


def with_indicator(url: str, folder: Path, number: str, years: str) -> str:
    path = folder / "befolkning.yaml"
    path.write_text(INDICATOR.format(number=number, years=years), encoding="utf-8")
    engine = make_engine(url)
    with session_scope(engine) as session:
        assert not load_indicators(session, path)[1]
    engine.dispose()
    return url


@pytest.fixture
def asker(tmp_path):
    return with_indicator(asker_database(tmp_path), tmp_path, "3203", "2009-2032")


@pytest.fixture
def oslo(tmp_path):
    return with_indicator(oslo_database(tmp_path), tmp_path, "0301", "2015-2025")


def query_file(folder: Path, number: str, name: str = "07459.yaml") -> Path:
    path = folder / name
    path.write_text(QUERY.format(number=number), encoding="utf-8")
    return path


def people(url: str, number: str) -> dict[str, tuple[float | None, str]]:
    """The stored `befolkning` observations by area/period: (value, status)."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        found = {
            f"{o.area}/{o.period}": (o.value, o.status.value)
            for o in indicator_repo.load_observations(session, number)
            if o.indicator == "befolkning"
        }
    engine.dispose()
    return found


def state(url: str, number: str):
    """Every observation and the size of the change log: what 'nothing changed' compares."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        observations = indicator_repo.load_observations(session, number)
        size = len(change_log.load_log(session, limit=None))
    engine.dispose()
    return observations, size


def fetch_log(url: str, number: str) -> list[change_log.Change]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        found = [
            c
            for c in change_log.load_log(session, number, limit=None, entity="observation")
            if c.action == "fetch"
        ]
    engine.dispose()
    return found


def fetch(url, server, *args, ok=True):
    return run(CliRunner(), "fetch", *args, "--base-url", server.url, "--db", url, ok=ok)


def test_asker_first_fetch_fills_then_a_revision_changes_only_the_revised_values(asker, tmp_path):
    path = query_file(tmp_path, "3203")
    with replaying([Answer(body=SAMPLE)], strict=True) as server:
        first = fetch(asker, server, path)
    assert server.requests[0].query["valueCodes[Region]"] == ["3203,3025,0220,0627,0628"]
    expected = {f"{a}/2022": (recorded(r), "measured") for a, r in ASKER_REGIONS.items()}
    assert people(asker, "3203") == expected
    assert first.stdout.startswith("07459: 5 nye, 0 reviderte, 0 uendret, 354 tall for andre")
    assert "  ny befolkning/3203/2022: 96 088" in first.stdout
    assert len(fetch_log(asker, "3203")) == 5

    answer = revised({"K-3025": 96100, "K-0301": recorded("K-0301")})
    with replaying([Answer(body=answer)], strict=True) as server:
        second = fetch(asker, server, path)
    assert second.stdout.startswith("07459: 0 nye, 1 revidert, 4 uendret")
    assert "  revidert befolkning/3203/2022: 96 088 -> 96 100" in second.stdout
    assert people(asker, "3203") == {**expected, "3203/2022": (96100, "measured")}
    latest = fetch_log(asker, "3203")[0]  # newest first; only the revision is new
    assert len(fetch_log(asker, "3203")) == 6
    assert (latest.key, latest.old["value"], latest.new["value"]) == (
        "befolkning/3203/2022",
        96088,
        96100,
    )
    assert undated(latest.source) == (
        f"SSB 07459 (07459.yaml), hentet {DAY}, oppdatert 2022-06-15T06:00:00+00:00"
    )


def test_a_dry_run_shows_the_plan_and_changes_nothing(asker, tmp_path):
    path = query_file(tmp_path, "3203")
    before = state(asker, "3203")
    with replaying([Answer(body=SAMPLE)], strict=True) as server:
        result = fetch(asker, server, path, "--dry-run")
    assert "07459: 5 nye" in result.stdout and "Prøvekjøring: ingenting er endret" in result.stdout
    assert state(asker, "3203") == before


def test_oslo_gets_only_its_own_figure_and_keeps_a_hand_entered_one(oslo, tmp_path):
    path = query_file(tmp_path, "0301")
    with replaying([Answer(body=SAMPLE)], strict=True) as server:
        result = fetch(oslo, server, path)
    assert people(oslo, "0301") == {"0301/2022": (recorded("K-0301"), "measured")}
    assert "07459: 1 ny, 0 reviderte, 0 uendret, 358 tall" in result.stdout

    hand = tmp_path / "hand.csv"
    hand.write_text(
        "indicator_id,area,period,breakdown,value,status,display,note\n"
        "befolkning,0301,2022,,700000,,,telt selv\n",
        encoding="utf-8",
    )
    engine = make_engine(oslo)
    with session_scope(engine) as session:
        load_observations(session, hand, municipality="0301")
    engine.dispose()
    with replaying([Answer(body=SAMPLE)] * 2, strict=True) as server:
        kept = fetch(oslo, server, path)
        assert "0 nye, 0 reviderte, 0 uendret, 1 håndlagt (beholdt)" in kept.stdout
        assert people(oslo, "0301") == {"0301/2022": (700000, "measured")}
        replaced = fetch(oslo, server, path, "--overwrite")
    assert "1 håndlagt (overskrevet)" in replaced.stdout
    assert people(oslo, "0301") == {"0301/2022": (recorded("K-0301"), "measured")}
    latest = fetch_log(oslo, "0301")[0]
    assert latest.old["value"] == 700000 and latest.new["note"] == "telt selv"
    engine = make_engine(oslo)
    with session_scope(engine) as session:
        line = provenance_line(session, "0301", "befolkning")
        assert provenance_line(session, "0301", "andel") is None
    engine.dispose()
    assert undated(line) == f"Kilde: SSB tabell 07459, hentet {DAY}"


def test_a_429_is_waited_out(oslo, tmp_path):
    path, waits, lines = query_file(tmp_path, "0301"), [], []
    answers = [Answer(status=429, headers={"Retry-After": "7"}), Answer(body=SAMPLE)]
    engine = make_engine(oslo)
    with replaying(answers, strict=True) as server, session_scope(engine) as session:
        report = fetch_observations(
            session,
            [path],
            base_url=server.url,
            sleep=waits.append,
            progress=lines.append,
            now=lambda: dt.datetime(2026, 6, 16, 8, tzinfo=dt.UTC),
        )
    engine.dispose()
    assert waits == [7.0] and lines == ["SSB 07459: venter 7 s (429, forsøk 2 av 3)"]
    assert len(report.tables[0].new) == 1
    assert people(oslo, "0301") == {"0301/2022": (recorded("K-0301"), "measured")}
    source = fetch_log(oslo, "0301")[0].source
    assert parse_provenance(source).fetched == "2026-06-16"


@pytest.mark.parametrize(
    "body, message",
    [
        ('{"class": "dataset", "value": [1, 2', "svaret fra SSB er ikke gyldig JSON"),
        (SAMPLE.replace('"size":[359,1,1]', '"size":[358,1,1]'), "SSB 07459"),
    ],
)
def test_a_malformed_body_changes_nothing_and_says_so(asker, tmp_path, body, message):
    """Two queries: the first answer is good, the second malformed; nothing is saved."""
    first, second = query_file(tmp_path, "3203"), query_file(tmp_path, "3203", "other.yaml")
    before = state(asker, "3203")
    with replaying([Answer(body=SAMPLE), Answer(body=body)], strict=True) as server:
        result = fetch(asker, server, first, second, ok=False)
    assert len(server.requests) == 2
    assert result.exit_code == 1 and "Feil: SSB 07459" in result.stderr
    assert message in result.stderr
    assert state(asker, "3203") == before


def test_quarters_are_refused_with_a_clear_message(oslo, tmp_path):
    data = json.loads(SAMPLE)
    data["dimension"]["Tid"]["category"] = {"index": {"2022K1": 0}, "label": {"2022K1": "2022K1"}}
    quarterly = json.dumps(data)
    before = state(oslo, "0301")
    engine = make_engine(oslo)
    with replaying([Answer(body=quarterly)], strict=True) as server, session_scope(engine) as s:
        with pytest.raises(ConfigError) as error:
            fetch_observations(s, [query_file(tmp_path, "0301")], base_url=server.url)
    engine.dispose()
    assert "perioden «2022K1» er ikke et år" in error.value.message
    assert state(oslo, "0301") == before


def test_indicator_option_and_unknown_indicators(oslo, tmp_path):
    path = query_file(tmp_path, "0301")
    with replaying([Answer(body=SAMPLE)], strict=True) as server:
        missing = fetch(oslo, server, path, "--indicator", "andel", ok=False)
        assert "Ingen av spørringene henter indikatoren «andel»" in missing.stderr
        fetch(oslo, server, path, "--indicator", "befolkning")
    assert len(server.requests) == 1
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text(QUERY.format(number="0301").replace("befolkning", "folk"), "utf-8")
    engine = make_engine(oslo)
    with session_scope(engine) as session, pytest.raises(ConfigError, match="ukjent indikator"):
        fetch_observations(session, [unknown], base_url="http://127.0.0.1:9")
    engine.dispose()


def test_format_errors_are_format_errors(oslo, tmp_path):
    engine = make_engine(oslo)
    answer = Answer(body='{"class": "dataset", "version": "2.0", "id": []}')
    with replaying([answer], strict=True) as server, session_scope(engine) as session:
        with pytest.raises(FormatError):
            fetch_observations(session, [query_file(tmp_path, "0301")], base_url=server.url)
    engine.dispose()


def test_the_indicator_page_says_where_and_when_the_figures_were_fetched(asker, tmp_path):
    from tests.web.test_pages import client_for

    assert "Kilde: SSB tabell 07459" not in client_for(asker).get("/nb/indicators/befolkning").text
    with replaying([Answer(body=SAMPLE)], strict=True) as server:
        fetch(asker, server, query_file(tmp_path, "3203"))
    page = client_for(asker).get("/nb/indicators/befolkning").text
    assert f"Kilde: SSB tabell 07459, hentet {DAY}" in undated(page)
    english = client_for(asker).get("/en/indicators/befolkning").text
    assert f"Source: Statistics Norway table 07459, fetched {DAY}" in undated(english)
