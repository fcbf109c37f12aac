"""`sdgplan fetch-kolada` end to end through the command line, against a local server
replaying Kolada's answers (tests/sources/test_kolada.py has the recorded pages)."""

import time

import pytest
from click.testing import CliRunner

import sdgplan.cli.kolada  # noqa: F401  (registers fetch-kolada until cli/__init__ imports it)
from sdgplan.loading import load_example
from sdgplan.store import change_log, indicator_repo
from sdgplan.store.db import session_scope
from tests.replay import Answer, replaying
from tests.sources.test_kolada import KPI, SECOND_PAGE, first_page, page, record, stockholm, value
from tests.test_cli import run
from tests.test_fetch import DAY, undated

YEARS = "/v3/data/kpi/N00945/municipality/0180/year/2021,2022,2023"


def fetch_kolada(db_url, server, *options, ok=True, lang="nb"):
    args = ["--lang", lang, "fetch-kolada", "--kpi", KPI, "--indicator", "behorighet"]
    args += ["--municipality", "SE-0180", "--years", "2021-2023", *options]
    return run(CliRunner(), *args, "--base-url", server.url, "--db", db_url, ok=ok)


def stored(engine):
    with session_scope(engine) as session:
        observations = indicator_repo.load_observations(session, "SE-0180")
        log = change_log.load_log(session, "SE-0180", entity="observation")
    return {(o.period, o.breakdown): o.value for o in observations}, log


def test_stockholm_gets_its_figures_and_a_summary(engine, db_url, tmp_path):
    stockholm(engine, tmp_path)
    with replaying([], strict=True) as server:
        server.answers[:] = [Answer(body=first_page(server.url)), Answer(body=SECOND_PAGE)]
        result = fetch_kolada(db_url, server)
    assert [r.path for r in server.requests] == [YEARS, YEARS]
    assert result.stdout == "Kolada N00945: 9 tall lagret, 9 nye eller endrede\n"
    assert "Kolada N00945: henter side 2" in result.stderr
    values, log = stored(engine)
    assert len(values) == 9 and values["2021", "Sex=Female"] == 54.25
    assert values["2023", ""] is None
    assert len(log) == 9 and {undated(c.source) for c in log} == {f"Kolada {KPI}, hentet {DAY}"}

    revised = page(record(2023, value("T", 54.0), value("K", 56.0), value("M", 52.0)))
    with replaying([Answer(body=revised)], strict=True) as server:
        result = fetch_kolada(db_url, server, "--years", "2023")
    assert server.requests[0].path == "/v3/data/kpi/N00945/municipality/0180/year/2023"
    assert result.stdout == "Kolada N00945: 3 tall lagret, 1 ny eller endret\n"
    values, log = stored(engine)
    assert values["2023", ""] == 54.0 and len(log) == 10


def test_three_500s_exit_1_and_store_nothing(engine, db_url, tmp_path, monkeypatch):
    stockholm(engine, tmp_path)
    waits: list[float] = []
    monkeypatch.setattr(time, "sleep", waits.append)
    with replaying([Answer(status=500, body="Internal Server Error")]) as server:
        result = fetch_kolada(db_url, server, ok=False)
    assert result.exit_code == 1 and len(server.requests) == 3 and waits == [2.0, 4.0]
    assert "Kolada N00945: venter 2 s (HTTP 500, forsøk 2 av 3)" in result.stderr
    assert "Feil: Kolada N00945: tjenesten svarte HTTP 500 etter 3 forsøk" in result.stderr
    assert result.stdout == ""
    assert stored(engine) == ({}, [])


@pytest.mark.parametrize("years", ["2024-2015", "tjue", "2015-24"])
def test_bad_years_are_a_usage_error_before_asking_kolada(engine, db_url, tmp_path, years):
    stockholm(engine, tmp_path)
    with replaying([Answer(body=SECOND_PAGE)]) as server:
        result = fetch_kolada(db_url, server, "--years", years, ok=False)
    assert result.exit_code == 2 and server.requests == []
    assert "Ugyldig verdi for --years" in result.stderr and "er ikke en periode" in result.stderr


def test_asker_has_no_kolada_code(engine, db_url):
    with session_scope(engine) as session:
        load_example(session, "asker", who="test")
    args = ["--kpi", KPI, "--indicator", "okonomi-disposisjonsfond", "--years", "2023"]
    with replaying([Answer(body=SECOND_PAGE)]) as server:
        result = run(
            CliRunner(), "fetch-kolada", *args, "--municipality", "Asker",
            "--base-url", server.url, "--db", db_url, ok=False,
        )  # fmt: skip
    assert server.requests == []
    assert "Feil: 3203 Asker har ingen kode i Kolada" in result.stderr


def test_the_summary_in_english(engine, db_url, tmp_path):
    stockholm(engine, tmp_path)
    with replaying([Answer(body=SECOND_PAGE)], strict=True) as server:
        result = fetch_kolada(db_url, server, "--years", "2023", lang="en")
    assert result.stdout == "Kolada N00945: 3 figures stored, 3 new or changed\n"
