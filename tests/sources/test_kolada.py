"""Kolada's API v3 client and the KPI import, against a local server replaying answers written
here in Kolada v3's documented shape (`values`, `count`, `next_url`): never the internet."""

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from sdgplan.domain.indicators import Observation, ObservationStatus
from sdgplan.domain.plan import Municipality
from sdgplan.errors import ConfigError, FormatError, NotFound
from sdgplan.exporters.open_sdg import data_csv
from sdgplan.i18n import use_language
from sdgplan.kolada_import import import_kpi
from sdgplan.loading import load_example, load_indicators
from sdgplan.organisations import add_organisation
from sdgplan.sources.http import Fetcher, RetryPolicy
from sdgplan.sources.kolada import KpiValue, data_url, fetch_kpi, kolada_id, organisation_code
from sdgplan.store import change_log, indicator_repo
from sdgplan.store.db import session_scope
from tests.replay import Answer, replaying

KPI = "N00945"
PATH = f"/v3/data/kpi/{KPI}/municipality/0180/year/2021,2022,2023"


def record(period, *values, municipality="0180", kpi=KPI):
    return {"kpi": kpi, "municipality": municipality, "period": period, "values": list(values)}


def value(gender, number, status=""):
    return {"count": 1, "gender": gender, "status": status, "value": number}


def page(*records, next_url=None):
    return json.dumps({"count": len(records), "values": list(records), "next_url": next_url})


def first_page(server_url):
    return page(
        record(2021, value("T", 52.5), value("K", 54.25), value("M", 50.5)),
        record(2022, value("T", 53.0), value("K", 55.0), value("M", 51.0)),
        next_url=f"{server_url}{PATH}?page=2&per_page=2",
    )


SECOND_PAGE = page(record(2023, value("T", None, "Bortfall"), value("K", 56.0), value("M", 52.0)))


def fetcher(waits, lines, **policy):
    return Fetcher(
        timeout=2, policy=RetryPolicy(**policy), sleep=waits.append, progress=lines.append
    )


def fetch(server, **options):
    waits, lines = [], []
    with fetcher(waits, lines) as client:
        found = fetch_kpi(client, KPI, ["0180"], [2021, 2022, 2023], base_url=server.url, **options)
    return found, waits, lines


def test_two_pages_linked_by_next_url_give_every_gender_and_the_missing_value():
    with replaying([], strict=True) as server:
        server.answers[:] = [Answer(body=first_page(server.url)), Answer(body=SECOND_PAGE)]
        found, waits, lines = fetch(server)
    assert [r.path for r in server.requests] == [PATH, PATH]
    assert server.requests[1].query == {"page": ["2"], "per_page": ["2"]}
    assert len(found) == 9 and waits == []
    assert lines == ["Kolada N00945: henter side 2"]
    assert found[0] == KpiValue(KPI, "0180", "2021", "T", 52.5, count=1)
    assert [(v.period, v.breakdown, v.value) for v in found if v.period == "2023"] == [
        ("2023", "", None),
        ("2023", "Sex=Female", 56.0),
        ("2023", "Sex=Male", 52.0),
    ]
    assert found[6].status == "Bortfall"


def test_a_429_is_waited_out_then_the_page_is_read():
    answers = [Answer(status=429, headers={"Retry-After": "3"}), Answer(body=SECOND_PAGE)]
    with replaying(answers, strict=True) as server:
        found, waits, lines = fetch(server)
    assert waits == [3.0] and len(server.requests) == 2
    assert lines == ["Kolada N00945: venter 3 s (429, forsøk 2 av 3)"]
    assert [v.gender for v in found] == ["T", "K", "M"]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("<html>Fel</html>", "Kolada N00945, side 1: svaret er ikke gyldig JSON"),
        ('{"count": 1}', "Kolada N00945, side 1: svaret har ingen liste «values»"),
        ('{"values": [1, 2, NaN]}', "svaret er ikke gyldig JSON"),
        (page(record(2021, value("X", 1.0))), "verdi 1 har kjønnet 'X'; bare T, K og M er kjent"),
        (page(record(2021, value("T", "12,5"))), "verdi 1 har verdien '12,5', som ikke er et tall"),
        (page(record(2021), {**record(2022), "values": 3}), "verdi 2 har ingen liste «values»"),
        (page(record(1999, value("T", 1.0))), "verdi 1 har året '1999', som vi ikke ba om"),
        (page(record(2021, value("T", 1.0), municipality="0181")), "kommunen '0181'"),
        (page(record(2021, value("T", 1.0), kpi="N00001")), "gjelder nøkkeltallet 'N00001'"),
        (page(record(2021, value("T", 1.0), value("T", 2.0))), "0180 2021 T står to ganger"),
        (page(record(2021), next_url="http://example.org/v3/x"), "peker til en annen tjener"),
    ],
)
def test_a_malformed_page_is_refused_naming_the_kpi_and_page(body, problem):
    with replaying([Answer(body=body)]) as server:
        with pytest.raises(FormatError) as refused:
            fetch(server)
    assert problem in refused.value.message
    assert refused.value.message.startswith("Kolada N00945, side 1: ")


def test_the_second_page_is_named_and_a_loop_or_too_many_pages_stop():
    with replaying([]) as server:
        bad = page(record(2023, value("T", [1])))
        server.answers[:] = [Answer(body=first_page(server.url)), Answer(body=bad)]
        with pytest.raises(FormatError, match="^Kolada N00945, side 2: verdi 1 har verdien"):
            fetch(server)
    with replaying([]) as server:  # the last answer is repeated: next_url points to itself
        server.answers[:] = [Answer(body=page(record(2021), next_url=f"{server.url}{PATH}"))]
        with pytest.raises(FormatError, match="side 2: sidene går i ring"):
            fetch(server)
        with pytest.raises(FormatError, match="side 2: flere enn 1 sider"):
            fetch(server, max_pages=1)


def test_a_refused_query_and_bad_arguments_are_config_errors():
    with replaying([Answer(status=400, body='{"detail": "Invalid year"}')]) as server:
        with pytest.raises(ConfigError, match=r"HTTP 400\): \{\"detail\": \"Invalid year\"\}"):
            fetch(server)
    with pytest.raises(ConfigError, match="Ugyldig nøkkeltall i Kolada: 'N0/945'"):
        data_url("N0/945", ["0180"], [2021])
    with pytest.raises(ConfigError, match="ugyldig kommune-id '01 80'"):
        data_url(KPI, ["01 80"], [2021])
    with pytest.raises(ConfigError, match="ingen år valgt"):
        data_url(KPI, ["0180"], [])


def test_organisation_codes_and_kolada_ids():
    assert organisation_code("0180") == "SE-0180"
    assert kolada_id(Municipality("SE-0180", "Stockholm", country="SE")) == "0180"
    for org in (Municipality("3203", "Asker"), Municipality("DK-101", "København", country="DK")):
        with pytest.raises(ConfigError, match="har ingen kode i Kolada"):
            kolada_id(org)


def stockholm(engine, folder: Path) -> None:
    """`sdgplan org add --code SE-0180 --name Stockholm --country SE` and one indicator."""
    indicators = {
        "format": "sdgplan-indicators",
        "format_version": "1",
        "municipality": "SE-0180",
        "years": "2015-2030",
        "indicators": [{"key": "behorighet", "name": "Behöriga till gymnasiet", "unit": "%"}],
    }
    path = folder / "indicators.yaml"
    path.write_text(yaml.safe_dump(indicators, allow_unicode=True), encoding="utf-8")
    with session_scope(engine) as session:
        add_organisation(session, code="SE-0180", name="Stockholm", country="SE", who="test")
        load_indicators(session, path, who="test")


def run_import(engine, server, *, who="anna"):
    waits, lines = [], []
    with fetcher(waits, lines) as client, session_scope(engine) as session:
        return import_kpi(
            session,
            client,
            KPI,
            "behorighet",
            "SE-0180",
            [2021, 2022, 2023],
            who,
            base_url=server.url,
            today=dt.date(2025, 5, 2),
        )


def test_stockholm_imports_its_kpi_series_end_to_end(engine, tmp_path):
    stockholm(engine, tmp_path)
    with replaying([], strict=True) as server:
        server.answers[:] = [Answer(body=first_page(server.url)), Answer(body=SECOND_PAGE)]
        batch = run_import(engine, server)
    assert len(batch.observations) == 9
    with session_scope(engine) as session:
        stored = indicator_repo.load_observations(session, "SE-0180")
        log = change_log.load_log(session, "SE-0180", entity="observation")
    by_key = {(o.period, o.breakdown): o for o in stored}
    assert len(by_key) == 9
    assert by_key["2021", ""] == Observation("behorighet", "SE-0180", "2021", 52.5)
    assert by_key["2022", "Sex=Female"].value == 55.0 and by_key["2022", "Sex=Male"].value == 51.0
    assert by_key["2023", ""].value is None
    assert by_key["2023", ""].status == ObservationStatus.NOT_MEASURED
    assert len(log) == 9
    assert {c.source for c in log} == {"Kolada N00945, hentet 2025-05-02"}
    assert {c.who for c in log} == {"anna"}
    logged = {c.key: c.new for c in log}
    assert logged["behorighet/SE-0180/2021/Sex=Female"] == {"value": 54.25, "status": "measured"}
    assert logged["behorighet/SE-0180/2023"] == {"value": None, "status": "not_measured"}
    lines = data_csv(stored, "SE-0180").splitlines()  # the genders as Open SDG's Sex column
    assert lines[0] == "Year,Sex,Value" and "2021,Female,54.25" in lines


def test_importing_again_logs_only_what_changed(engine, tmp_path):
    stockholm(engine, tmp_path)
    with replaying([], strict=True) as server:
        server.answers[:] = [Answer(body=first_page(server.url)), Answer(body=SECOND_PAGE)]
        run_import(engine, server)
    revised = page(record(2023, value("T", 54.0), value("K", 56.0), value("M", 52.0)))
    with replaying([Answer(body=revised)], strict=True) as server:
        run_import(engine, server, who="bo")
    with session_scope(engine) as session:
        log = change_log.load_log(session, "SE-0180", entity="observation")
        stored = indicator_repo.load_observations(session, "SE-0180")
    assert [(c.who, c.key, c.old["value"], c.new["value"]) for c in log if c.who == "bo"] == [
        ("bo", "behorighet/SE-0180/2023", None, 54.0)
    ]
    assert len(stored) == 9


def test_a_bad_second_page_saves_nothing(engine, tmp_path):
    stockholm(engine, tmp_path)
    with replaying([]) as server:
        server.answers[:] = [Answer(body=first_page(server.url)), Answer(body="{}")]
        with pytest.raises(FormatError, match="side 2"):
            run_import(engine, server)
    with session_scope(engine) as session:
        assert indicator_repo.load_observations(session, "SE-0180") == []
        assert change_log.load_log(session, "SE-0180", entity="observation") == []


def test_an_unknown_indicator_and_a_norwegian_municipality_are_refused(engine, tmp_path):
    stockholm(engine, tmp_path)
    with session_scope(engine) as session:
        load_example(session, "asker", who="test")
    with replaying([Answer(body=SECOND_PAGE)], strict=True) as server:
        waits, lines = [], []
        with fetcher(waits, lines) as client, session_scope(engine) as session:
            with pytest.raises(NotFound, match="Stockholm har ingen indikator med nøkkelen 'x'"):
                import_kpi(session, client, KPI, "x", "Stockholm", [2023], "t", base_url=server.url)
            with pytest.raises(ConfigError, match="3203 Asker har ingen kode i Kolada"):
                import_kpi(
                    session, client, KPI, "okonomi-disposisjonsfond", "Asker", [2023], "t",
                    base_url=server.url,
                )  # fmt: skip
        assert server.requests == []  # refused before asking Kolada


def test_messages_in_english():
    with use_language("en"), replaying([Answer(body='{"count": 0}')]) as server:
        with pytest.raises(FormatError) as refused:
            fetch(server)
        with pytest.raises(ConfigError) as no_id:
            kolada_id(Municipality("3203", "Asker"))
    assert refused.value.message == "Kolada N00945, page 1: the answer has no list “values”"
    assert no_id.value.message == "3203 Asker has no code in Kolada"
