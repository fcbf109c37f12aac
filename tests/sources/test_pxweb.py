"""SSB's PxWebApi client against a local server replaying recorded answers: never the internet."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from sdgplan.errors import ConfigError, FormatError, InvalidData, SourceError
from sdgplan.sources.http import Fetcher, RetryPolicy
from sdgplan.sources.pxweb import (
    Contents,
    Query,
    cell_count,
    fetch_table,
    read_cells,
    split_query,
    v0_body,
    v2_url,
)
from sdgplan.sources.queries import parse_query
from sdgplan.sources.regions import codes_to_ask, current_code
from tests.replay import Answer, replaying

DATA = Path(__file__).parent.parent / "data" / "ssb"
SAMPLE = (DATA / "ssb_07459_befolkning_kommuner_2022.json").read_text(encoding="utf-8")
SAMPLE_QUERY = json.loads((DATA / "ssb_07459_befolkning_kommuner_2022.query.json").read_text())
PEOPLE = Contents("Personer1", "befolkning", "personer")


def query(**variables):
    return Query(table="07459", variables=variables or {"Tid": ("2022",)}, contents=(PEOPLE,))


def fetcher(waits, lines, **policy):
    return Fetcher(
        timeout=2, policy=RetryPolicy(**policy), sleep=waits.append, progress=lines.append
    )


def test_v2_url_has_value_codes_expressions_and_json_stat2():
    url = v2_url(query(Region=("3203", "0220"), Tid=("top(5)",)), base_url="http://x")
    assert url == (
        "http://x/api/pxwebapi/v2/tables/07459/data?lang=no&outputFormat=json-stat2"
        "&valueCodes[Region]=3203,0220&valueCodes[Tid]=top(5)&valueCodes[ContentsCode]=Personer1"
    )


def test_split_by_cell_limit_and_by_url_length():
    big = query(Region=tuple(f"{n:04d}" for n in range(300)), Tid=("top(4)",))
    assert cell_count(big) == 1200
    parts = split_query(big, max_cells=500)
    assert [cell_count(p) for p in parts] == [300, 300, 300, 300]
    assert sum((p.variables["Region"] for p in parts), ()) == big.variables["Region"]
    by_url = split_query(big, max_url_length=1000)
    assert len(by_url) > 1 and all(len(v2_url(p)) <= 1000 for p in by_url)
    with pytest.raises(ConfigError, match="kan ikke deles"):
        split_query(query(Tid=("top(9)",)), max_cells=5)


def test_v0_body_matches_the_recorded_v0_query_shape():
    body = v0_body(query(Region=("K-3025", "K-0301"), Alder=("*",), Tid=("top(2)",)))
    assert body["response"] == SAMPLE_QUERY["queryObj"]["response"]
    assert body["query"][0] == {
        "code": "Region",
        "selection": {"filter": "item", "values": ["K-3025", "K-0301"]},
    }
    assert body["query"][1]["selection"] == {"filter": "all", "values": ["*"]}
    assert body["query"][2]["selection"] == {"filter": "top", "values": ["2"]}
    with pytest.raises(ConfigError, match="from\\(2015\\)"):
        v0_body(query(Tid=("from(2015)",)))


def test_v2_fetch_returns_the_sample_and_its_cells():
    waits, lines = [], []
    with replaying([Answer(body=SAMPLE)], strict=True) as server:
        with fetcher(waits, lines) as client:
            result = fetch_table(query(Region=("3025",)), fetcher=client, base_url=server.url)
    request = server.requests[0]
    assert request.method == "GET" and request.path == "/api/pxwebapi/v2/tables/07459/data"
    assert request.query["valueCodes[Region]"] == ["3025"]
    assert request.query["outputFormat"] == ["json-stat2"]
    assert result.parts[0].api == "v2" and result.parts[0].text == SAMPLE
    cells = read_cells(result)
    asker = next(c for c in cells if c.codes["Region"] == "K-3025")
    assert asker.value == 96088 and current_code("K-3025").describe() == "3203 (fra K-3025)"
    assert waits == [] and lines == []


def test_429_waits_retry_after_then_succeeds():
    waits, lines = [], []
    answers = [Answer(status=429, headers={"Retry-After": "10"}), Answer(body=SAMPLE)]
    with replaying(answers, strict=True) as server:
        with fetcher(waits, lines) as client:
            result = fetch_table(query(), fetcher=client, base_url=server.url)
    assert waits == [10.0] and len(server.requests) == 2
    assert lines == ["SSB 07459: venter 10 s (429, forsøk 2 av 3)"]
    assert result.parts[0].attempts == 2


def test_429_without_retry_after_uses_the_reset_header_or_one_window():
    waits, lines = [], []
    answers = [
        Answer(status=429, headers={"X-RateLimit-Reset": "7"}),
        Answer(status=429),
        Answer(body=SAMPLE),
    ]
    with replaying(answers, strict=True) as server:
        with fetcher(waits, lines) as client:
            fetch_table(query(), fetcher=client, base_url=server.url)
    assert waits == [7.0, 60.0]


def test_500_twice_then_200_backs_off_exponentially():
    waits, lines = [], []
    answers = [Answer(status=500), Answer(status=503), Answer(body=SAMPLE)]
    with replaying(answers, strict=True) as server:
        with fetcher(waits, lines, backoff=1.5) as client:
            result = fetch_table(query(), fetcher=client, base_url=server.url)
    assert waits == [1.5, 3.0] and result.parts[0].attempts == 3
    assert lines[1] == "SSB 07459: venter 3 s (HTTP 503, forsøk 3 av 3)"


def test_three_500s_give_a_clear_error():
    waits, lines = [], []
    with replaying([Answer(status=500)] * 3, strict=True) as server:
        with fetcher(waits, lines) as client, pytest.raises(SourceError) as error:
            fetch_table(query(), fetcher=client, base_url=server.url)
    assert error.value.message == "SSB 07459: tjenesten svarte HTTP 500 etter 3 forsøk"
    assert len(server.requests) == 3 and server.unanswered == 0 and len(waits) == 2


def test_a_timeout_is_retried_then_given_up():
    waits = []
    with replaying([Answer(delay=0.6)] * 2, strict=True) as server:
        client = Fetcher(timeout=0.2, policy=RetryPolicy(attempts=2), sleep=waits.append)
        with client, pytest.raises(SourceError) as error:
            fetch_table(query(), fetcher=client, base_url=server.url)
    assert error.value.message == "SSB 07459: fikk ikke svar innen 0,2 s, etter 2 forsøk"
    assert len(server.requests) == 2 and waits == [2.0]


def test_a_malformed_body_is_an_error_naming_the_table():
    with replaying([Answer(body='{"class": "dataset", "value": [1, 2')], strict=True) as server:
        with Fetcher(sleep=[].append) as client, pytest.raises(FormatError) as error:
            fetch_table(query(), fetcher=client, base_url=server.url)
    assert error.value.message.startswith("SSB 07459: svaret fra SSB er ikke gyldig JSON")


def test_a_refused_query_names_the_table_and_the_reason():
    answer = Answer(status=400, body='{"title": "Unknown variable Alder"}')
    with replaying([answer], strict=True) as server:
        with Fetcher(sleep=[].append) as client, pytest.raises(ConfigError) as error:
            fetch_table(query(Alder=("1",)), fetcher=client, base_url=server.url)
    assert "SSB 07459: SSB avviste spørringen (HTTP 400)" in error.value.message
    assert "Unknown variable Alder" in error.value.message and len(server.requests) == 1


def test_v2_404_falls_back_to_the_v0_post():
    lines = []
    answers = [Answer(status=404, body='{"title": "Not found"}'), Answer(body=SAMPLE)]
    wanted = query(Region=("K-3025",), Tid=("2022",))
    with replaying(answers, strict=True) as server:
        with Fetcher(sleep=[].append, progress=lines.append) as client:
            result = fetch_table(wanted, fetcher=client, base_url=server.url)
    post = server.requests[1]
    assert (post.method, post.path) == ("POST", "/api/v0/no/table/07459")
    assert json.loads(post.body) == {
        "query": [
            {"code": "Region", "selection": {"filter": "item", "values": ["K-3025"]}},
            {"code": "Tid", "selection": {"filter": "item", "values": ["2022"]}},
            {"code": "ContentsCode", "selection": {"filter": "item", "values": ["Personer1"]}},
        ],
        "response": {"format": "json-stat2"},
    }
    assert result.parts[0].api == "v0" and "eldre API-et (v0)" in lines[0]


def test_a_split_query_makes_two_requests_whose_answers_are_combined():
    regions = ("3201", "3203", "3025", "0220")
    lines = []
    with replaying([Answer(body=SAMPLE), Answer(body=SAMPLE)], strict=True) as server:
        with Fetcher(sleep=[].append, progress=lines.append) as client:
            result = fetch_table(
                query(Region=regions), fetcher=client, base_url=server.url, max_cells=2
            )
    assert [r.query["valueCodes[Region]"] for r in server.requests] == [
        ["3201,3203"],
        ["3025,0220"],
    ]
    assert len(result.parts) == 2 and len(read_cells(result)) == 2 * 359
    assert lines == ["SSB 07459: henter del 1 av 2", "SSB 07459: henter del 2 av 2"]


def test_region_codes_map_former_numbers_both_ways():
    assert codes_to_ask("Asker") == ("3203", "3025", "0220", "0627", "0628")
    assert current_code("0220").current == "3203" and current_code("0301").describe() == "0301"


SAVED = """\
format: sdgplan-ssb-query
format_version: 1
table: "07459"
municipality: "3203"
variables:
  Tid: top(5)
contents:
  - code: Personer1
    indicator: befolkning
    unit: personer
    scale: "1000"
"""


def test_a_saved_query_file_is_read():
    saved = parse_query(SAVED, source="asker/ssb/07459.yaml")
    assert saved.table == "07459" and saved.api == "v2"
    assert saved.variables == {"Tid": ("top(5)",), "Region": codes_to_ask("3203")}
    assert saved.contents == (Contents("Personer1", "befolkning", "personer", Decimal(1000)),)


def test_a_bad_query_file_lists_every_problem_with_its_line():
    bad = SAVED.replace('"07459"', "07/459").replace("top(5)", "[top(5), 2020]")
    bad = bad.replace('"1000"', "-3") + "colour: red\n"
    with pytest.raises(InvalidData) as error:
        parse_query(bad, source="q.yaml")
    found = {(i.line, i.message.split(" ")[0]) for i in error.value.issues}
    assert (3, "Ugyldig") in found  # the table
    assert (6, "Tid:") in found  # an expression among codes
    assert (11, "Ugyldig") in found  # the scale
    assert (12, "Ukjent") in found  # an unknown key
    assert all(i.source == "q.yaml" for i in error.value.issues)
