"""The open-data API (/api/v1) on the Asker example and the small Oslo municipality."""

import csv
import io
import math
import shutil
import warnings

import pytest

from sdgplan.config import Settings
from sdgplan.domain.cells import restore_formula
from sdgplan.exporters.assessment import assessment_records
from sdgplan.i18n import use_language
from sdgplan.loading import load_example, load_indicators, load_observations, load_plan
from sdgplan.plan_data import assess, load_plan_data
from sdgplan.store import indicator_repo
from sdgplan.store.db import make_engine, session_scope, upgrade
from sdgplan.web import jsonstat
from sdgplan.web.app import create_app
from tests.reports.municipality import load_files, write_files
from tests.reports.oslo import oslo_database

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about httpx
    from fastapi.testclient import TestClient

ASKER = "3203"
FUND = "okonomi-disposisjonsfond"


@pytest.fixture(scope="module")
def asker_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'asker.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine) as session:
        load_example(session, "asker")
    engine.dispose()
    return url


def client_for(url):
    return TestClient(create_app(Settings(db=url)))


@pytest.fixture(scope="module")
def asker(asker_url):
    return client_for(asker_url)


@pytest.fixture(scope="module")
def oslo(tmp_path_factory):
    return client_for(oslo_database(tmp_path_factory.mktemp("oslo")))


@pytest.fixture(scope="module")
def both(asker_url, tmp_path_factory):
    """Asker and Oslo in one database."""
    folder = tmp_path_factory.mktemp("both")
    path = folder / "both.db"
    shutil.copy(asker_url.removeprefix("sqlite:///"), path)
    engine = make_engine(f"sqlite:///{path}")
    files = write_files(folder / "files")
    with session_scope(engine) as session:
        load_plan(session, files["plan"])
        load_indicators(session, files["indicators"])
        load_observations(session, files["observations"], municipality="0301")
    engine.dispose()
    return client_for(f"sqlite:///{path}")


def ok(client, path, **params):
    response = client.get(f"/api/v1{path}", params=params)
    assert response.status_code == 200, response.text
    return response


def all_observations(client, **params):
    return ok(client, "/observations", limit=10000, **params).json()["items"]


def test_municipalities(asker, both):
    assert ok(asker, "/municipalities").json() == [
        {"code": ASKER, "name": "Asker", "kind": "municipality", "country": "NO"}
    ]
    assert [m["code"] for m in ok(both, "/municipalities").json()] == ["0301", ASKER]


def test_plans(asker, oslo):
    (plan,) = ok(asker, "/plans").json()
    assert plan["title"] == "Kommuneplanens samfunnsdel 2020-2032"
    assert {(v["kind"], v["current"]) for v in plan["versions"]} == {
        ("adopted", True),
        ("proposal", False),
    }
    (plan,) = ok(oslo, "/plans").json()
    assert plan["versions"] == [{"kind": "adopted", "date": "2020-06-01", "current": True}]


def test_focus_areas_goals_and_strategies(asker, asker_url):
    areas = ok(asker, "/focus-areas").json()
    engine = make_engine(asker_url)
    with session_scope(engine) as session:
        data = load_plan_data(session)
    assert [a["key"] for a in areas] == [a.key for a in data.version.focus_areas]
    economy = ok(asker, "/focus-areas/okonomi").json()
    assert economy == areas[0]
    assert economy["name"] == "Økonomi"
    assert economy["main_goal"]["key"] == "okonomi.0"
    assert [g["key"] for g in economy["goals"]] == ["okonomi.1", "okonomi.2"]

    goals = ok(asker, "/goals", focus_area="okonomi").json()
    assert [g["key"] for g in goals] == ["okonomi.0", "okonomi.1", "okonomi.2"]
    every = ok(asker, "/goals").json()
    assert len(every) == sum(1 for _ in data.version.goals())
    goal = ok(asker, "/goals/okonomi.1").json()
    assert goal == goals[1]
    assert goal["level"] == "goal" and goal["focus_area"] == "okonomi"
    assert FUND in goal["indicators"]

    strategies = ok(asker, "/strategies", goal="okonomi.1").json()
    assert strategies == goal["strategies"]
    assert {s["goal"] for s in strategies} == {"okonomi.1"}
    assert strategies[0]["key"] == "okonomi.1.1"
    assert len(ok(asker, "/strategies").json()) == sum(
        len(g.strategies) for a in data.version.focus_areas for g in a.goals
    )
    engine.dispose()


def test_indicators(asker):
    every = ok(asker, "/indicators").json()
    assert len(every) == 175
    fund = ok(asker, f"/indicators/{FUND}").json()
    assert fund in every
    assert fund["unit"] == "%" and fund["direction"] == "higher"
    assert fund["threshold"] == "> 10 %"
    assert fund["goals"][0]["key"] == "okonomi.1"

    by_goal = ok(asker, "/indicators", goal="okonomi.1").json()
    assert [i["key"] for i in by_goal] == ok(asker, "/goals/okonomi.1").json()["indicators"]
    by_area = ok(asker, "/indicators", focus_area="okonomi").json()
    assert {i["key"] for i in by_goal} <= {i["key"] for i in by_area}
    assert all(any(g["key"].startswith("okonomi.") for g in i["goals"]) for i in by_area)
    assert len(by_area) < len(every)


def test_observation_values_equal_the_store(asker, asker_url):
    engine = make_engine(asker_url)
    with session_scope(engine) as session:
        stored = indicator_repo.load_observations(session, ASKER)
    engine.dispose()
    expected = {o.period: o.value for o in stored if o.indicator == FUND and o.area == ASKER}
    items = all_observations(asker, indicator=FUND, area=ASKER)
    assert {i["period"]: i["value"] for i in items} == expected
    assert expected["2019"] == 15.1
    first = items[0]
    assert first["display"] == "15,1 %" and first["status"] == "measured"
    assert ok(asker, "/observations", limit=1).json()["total"] == len(stored)


def test_observation_filters(asker):
    second = "okonomi-netto-driftsresultat"
    repeated = asker.get(f"/api/v1/observations?indicator={FUND}&indicator={second}").json()
    listed = ok(asker, "/observations", indicator=f"{FUND}, {second}").json()
    assert repeated == listed
    assert {i["indicator_id"] for i in listed["items"]} == {FUND, second}
    pending = all_observations(asker, status="pending")
    assert pending and {i["status"] for i in pending} == {"pending"}
    assert all(i["value"] is None for i in pending)
    in_2021 = all_observations(asker, period="2021", area=ASKER)
    assert in_2021 and {(i["period"], i["area"]) for i in in_2021} == {("2021", ASKER)}
    two = all_observations(asker, status="pending,not_measured")
    assert len(two) == len(pending) + len(all_observations(asker, status="not_measured"))


def test_pages_join_to_the_whole_list(asker):
    whole = ok(asker, "/observations", limit=10000).json()
    assert whole["next"] is None and len(whole["items"]) == whole["total"]
    joined, url, pages = [], "/api/v1/observations?limit=300", 0
    while url:
        page = asker.get(url).json()
        assert page["total"] == whole["total"] and page["limit"] == 300
        joined += page["items"]
        url, pages = page["next"], pages + 1
    assert pages == math.ceil(whole["total"] / 300)
    assert joined == whole["items"]
    keys = [(i["indicator_id"], i["area"], i["period"], i["breakdown"]) for i in joined]
    assert len(set(keys)) == len(keys)
    late = ok(asker, "/observations", offset=whole["total"] + 5).json()
    assert late["items"] == [] and late["next"] is None


def test_csv_figures_equal_the_json(asker):
    response = ok(asker, "/observations.csv", area=ASKER)
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == (
        'attachment; filename="observations-3203.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.text)))
    items = all_observations(asker, area=ASKER)
    assert len(rows) == len(items) > 100
    for row, item in zip(rows, items, strict=True):
        assert row["indicator_id"] == item["indicator_id"]
        assert (row["period"], row["breakdown"], row["status"]) == (
            item["period"],
            item["breakdown"],
            item["status"],
        )
        assert (float(row["value"]) if row["value"] else None) == item["value"]
        assert restore_formula(row["display"]) == item["display"]  # '-0,7 % in the CSV


def test_csv_neutralises_formulas(tmp_path):
    def hostile(name):
        return f'=HYPERLINK("http://x";"{name}")'

    files = write_files(tmp_path / "files", text=hostile)
    url = f"sqlite:///{tmp_path / 'hostile.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine) as session:
        load_files(session, files)
    engine.dispose()
    client = client_for(url)
    rows = list(csv.DictReader(io.StringIO(ok(client, "/observations.csv").text)))
    assert rows and rows[0]["indicator"] == "'" + hostile("Andel")
    assert not any(cell.startswith("=") for row in rows for cell in row.values())
    assert all_observations(client)[0]["indicator"] == hostile("Andel")


def read_jsonstat(doc):
    """The cells of a JSON-stat 2.0 dataset as {coordinates: (value, status)}, checking its
    shape on the way."""
    assert doc["version"] == "2.0" and doc["class"] == "dataset"
    ids, sizes = doc["id"], doc["size"]
    assert len(ids) == len(sizes) == len(doc["dimension"])
    categories = []
    for dim_id, size in zip(ids, sizes, strict=True):
        category = doc["dimension"][dim_id]["category"]
        index = category["index"]
        assert sorted(index.values()) == list(range(size))
        assert set(category["label"]) == set(index)
        categories.append(sorted(index, key=index.get))
    total = math.prod(sizes)
    values = doc["value"]
    if isinstance(values, list):
        assert len(values) == total
        values = {str(i): v for i, v in enumerate(values)}
    assert all(0 <= int(i) < total for i in values)
    statuses = doc.get("status", {})
    cells = {}
    for position in sorted({*values, *statuses}, key=int):
        rest, coordinates = int(position), []
        for size, names in zip(reversed(sizes), reversed(categories), strict=True):
            coordinates.append(names[rest % size])
            rest //= size
        cells[tuple(reversed(coordinates))] = (values.get(position), statuses.get(position))
    return cells


def test_jsonstat_round_trip(asker):
    doc = ok(asker, "/observations.jsonstat", indicator=FUND).json()
    assert doc["id"] == ["indicator", "area", "period"]
    assert isinstance(doc["value"], list)  # dense: sizes multiply to the value count
    assert doc["role"] == {"metric": ["indicator"], "geo": ["area"], "time": ["period"]}
    unit = doc["dimension"]["indicator"]["category"]["unit"][FUND]
    assert unit == {"label": "%", "decimals": 1}
    cells = read_jsonstat(doc)
    items = all_observations(asker, indicator=FUND)
    assert {(i["indicator_id"], i["area"], i["period"]): i["value"] for i in items} == {
        k: v for k, (v, _status) in cells.items() if v is not None or _status
    }

    whole = ok(asker, "/observations.jsonstat").json()
    assert whole["id"] == ["indicator", "area", "period", "breakdown"]
    cells = read_jsonstat(whole)
    items = all_observations(asker)
    assert len(cells) == len(items)
    for item in items:
        coordinates = (item["indicator_id"], item["area"], item["period"], item["breakdown"])
        if not item["breakdown"]:
            coordinates = (*coordinates[:3], "_total")
        value, status = cells[coordinates]
        assert value == item["value"]
        assert status == (None if item["status"] == "measured" else item["status"])
        if item["value"] is None:
            assert status in ("pending", "not_measured")


def test_jsonstat_of_oslo_has_breakdown_and_status(oslo):
    doc = ok(oslo, "/observations.jsonstat").json()
    assert doc["size"] == [2, 2, 3, 2]
    cells = read_jsonstat(doc)
    assert cells[("andel", "0301", "2022", "_total")] == (None, "pending")
    assert cells[("antall", "0301", "2022", "Fordeling")] == (6, None)
    missing = ("antall", "bydel-1", "2020", "_total")
    assert cells[missing] == (None, None)  # null, never 0
    labels = doc["dimension"]["breakdown"]["category"]["label"]
    assert labels["_total"] == "I alt"


def test_assessments_in_both_languages(asker, asker_url):
    nb = ok(asker, "/assessments", year=2022).json()
    en = ok(asker, "/assessments", year=2022, lang="en").json()
    assert (nb["year"], nb["language"], en["language"]) == (2022, "nb", "en")
    engine = make_engine(asker_url)
    with session_scope(engine) as session, use_language("en"):
        expected = assessment_records(assess(load_plan_data(session), year=2022))
    engine.dispose()
    assert len(en["records"]) == len(expected)
    assert [r["reason"] for r in en["records"]] == [r["reason"] for r in expected]
    assert [r["reason_parts"] for r in nb["records"]] == [r["reason_parts"] for r in expected]
    assert [r["reason"] for r in nb["records"]] != [r["reason"] for r in en["records"]]
    fund = next(r for r in nb["records"] if r["indicator"] == FUND)
    assert fund["level"] == "indicator" and fund["outcome"]
    assert {r["level"] for r in nb["records"]} >= {"indicator", "goal", "focus_area"}
    assert ok(asker, "/assessments").json()["year"] == 2022  # the latest year with figures


def test_etag_and_304(asker):
    first = ok(asker, "/goals/okonomi.1")
    tag = first.headers["etag"]
    assert tag.startswith('"') and len(tag) == 66
    assert first.headers["cache-control"] == "public, max-age=300"
    again = asker.get("/api/v1/goals/okonomi.1", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == tag
    weak = asker.get("/api/v1/goals/okonomi.1", headers={"If-None-Match": f'"x", W/{tag}'})
    assert weak.status_code == 304
    other = asker.get("/api/v1/goals/okonomi.2", headers={"If-None-Match": tag})
    assert other.status_code == 200 and other.headers["etag"] != tag
    for path in ("/municipalities", "/observations.csv", "/observations.jsonstat"):
        response = ok(asker, path)
        assert response.headers["etag"] and response.headers["cache-control"]
    assert ok(asker, "/goals/okonomi.1", lang="en").headers["etag"] == tag


@pytest.mark.parametrize(
    ("path", "status", "text"),
    [
        ("/focus-areas/nope", 404, "Ukjent satsingsområde «nope»"),
        ("/goals/nope", 404, "Ukjent mål «nope»"),
        ("/goals?focus_area=nope", 404, "Ukjent satsingsområde «nope»"),
        ("/strategies?goal=nope", 404, "Ukjent mål «nope»"),
        ("/indicators/nope", 404, "Ukjent indikator «nope»"),
        ("/indicators?goal=nope", 404, "Ukjent mål «nope»"),
        ("/observations?indicator=nope", 404, "Ukjent indikator «nope»"),
        ("/observations.csv?area=nope", 404, "Ukjent område «nope»"),
        ("/observations?status=done", 400, "Parameteren status"),
        ("/observations.jsonstat?period=2022-13", 400, "Parameteren period"),
        ("/plans?municipality=9999", 404, "Ukjent kommunenummer"),
        ("/plans?municipality=3201", 404, "ingen data for Bærum"),
    ],
)
def test_errors_are_json_with_a_message(asker, path, status, text):
    response = asker.get(f"/api/v1{path}")
    assert response.status_code == status
    assert text in response.json()["detail"]
    assert "etag" not in response.headers


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("limit=0", "limit"),
        ("limit=10001", "limit"),
        ("offset=-1", "offset"),
        ("limit=many", "limit"),
        ("lang=de", "lang"),
    ],
)
def test_bad_parameters_are_422_naming_them(asker, query, parameter):
    response = asker.get(f"/api/v1/observations?{query}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", parameter]


def test_bad_year_is_422(asker):
    for year in ("1800", "abc"):
        response = asker.get(f"/api/v1/assessments?year={year}")
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", "year"]


def test_messages_in_english(asker):
    response = asker.get("/api/v1/goals/nope?lang=en")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Unknown goal") and "nope" in response.text
    response = asker.get("/api/v1/observations?status=done&lang=en")
    assert response.json()["detail"].startswith("Parameter status: unknown status «done»")
    doc = ok(asker, "/observations.jsonstat", indicator=FUND, lang="en").json()
    assert doc["label"] == "Key figures for Asker"


def test_several_municipalities_need_a_choice(both):
    response = both.get("/api/v1/plans")
    assert response.status_code == 400
    assert "municipality" in response.json()["detail"]
    assert "0301, 3203" in response.json()["detail"]
    assert both.get("/api/v1/observations").status_code == 400
    (oslo_plan,) = ok(both, "/plans", municipality="0301").json()
    assert oslo_plan["municipality"] == "0301"
    assert ok(both, "/plans", municipality="Asker").json()[0]["municipality"] == ASKER
    assert [a["key"] for a in ok(both, "/focus-areas", municipality="0301").json()] == [
        "fokus-1",
        "fokus-2",
    ]
    items = all_observations(both, municipality="0301", indicator="andel", area="0301")
    assert [(i["period"], i["value"]) for i in items] == [
        ("2020", 8.5),
        ("2021", 11.0),
        ("2022", None),
    ]
    assert {i["municipality"] for i in all_observations(both, municipality=ASKER)} == {ASKER}


EXPECTED_ROUTES = {
    "/api/v1/municipalities",
    "/api/v1/plans",
    "/api/v1/focus-areas",
    "/api/v1/focus-areas/{key}",
    "/api/v1/goals",
    "/api/v1/goals/{key}",
    "/api/v1/strategies",
    "/api/v1/indicators",
    "/api/v1/indicators/{key}",
    "/api/v1/observations",
    "/api/v1/observations.csv",
    "/api/v1/observations.jsonstat",
    "/api/v1/assessments",
}


def test_openapi_lists_every_route(asker):
    doc = asker.get("/api/v1/openapi.json").json()
    api_paths = {p for p in doc["paths"] if p.startswith("/api/v1")}
    assert api_paths == EXPECTED_ROUTES
    for path in api_paths:
        assert "get" in doc["paths"][path]
    params = {p["name"] for p in doc["paths"]["/api/v1/observations"]["get"]["parameters"]}
    assert params == {
        "indicator",
        "area",
        "period",
        "status",
        "municipality",
        "limit",
        "offset",
        "lang",
    }
    fields = doc["components"]["schemas"]["ObservationOut"]["properties"]
    assert fields["value"]["description"]


BAD_VALUES = ["", "x" * 300, "-1", "%00", "2022-13", "ÆØÅ"]


def test_no_server_error_for_bad_parameters(oslo):
    doc = oslo.get("/api/v1/openapi.json").json()
    for path in sorted(p for p in doc["paths"] if p.startswith("/api/v1")):
        names = [p["name"] for p in doc["paths"][path]["get"]["parameters"] if p["in"] == "query"]
        for bad in BAD_VALUES:
            url = path.replace("{key}", bad or "-")
            for name in names:
                response = oslo.get(url, params={name: bad})
                assert response.status_code < 500, (url, name, bad, response.text)


def test_jsonstat_refuses_cells_outside_or_twice():
    dims = [jsonstat.Dimension("a", "A", {"x": "X"}), jsonstat.Dimension("b", "B", {"1": "1"})]
    assert jsonstat.dataset("d", dims, [jsonstat.Cell(("x", "1"), 0.0)])["value"] == [0.0]
    with pytest.raises(ValueError):
        jsonstat.dataset("d", dims, [jsonstat.Cell(("x", "2"), 1.0)])
    with pytest.raises(ValueError):
        jsonstat.dataset("d", dims, [jsonstat.Cell(("x", "1"), 1.0)] * 2)
