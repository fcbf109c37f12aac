"""The open-data API (/api/v1) on the Asker example and the small Oslo municipality."""

import csv
import io
import math
import shutil
import time
import warnings
import zipfile

import pytest

from sdgplan.config import Settings
from sdgplan.domain.cells import restore_formula
from sdgplan.exporters.assessment import assessment_records
from sdgplan.i18n import use_language
from sdgplan.importers.indicators.xlsx import SHEETS
from sdgplan.loading import load_example, load_indicators, load_observations, load_plan
from sdgplan.plan_data import assess, load_plan_data
from sdgplan.store import indicator_repo
from sdgplan.store.db import make_engine, session_scope, upgrade
from sdgplan.web import jsonstat
from sdgplan.web.api_memory import RevisionCache
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
    "/api/v1/indicators/{key}/observations.csv",
    "/api/v1/indicators/{key}/observations.json",
    "/api/v1/municipalities/{code}/indicators/{key}/observations.csv",
    "/api/v1/municipalities/{code}/indicators/{key}/observations.json",
    "/api/v1/data.zip",
    "/api/v1/municipalities/{code}/data.zip",
}


def test_openapi_lists_every_route(asker):
    doc = asker.get("/api/v1/openapi.json").json()
    api_paths = {
        p for p in doc["paths"] if p.startswith("/api/v1") and not p.startswith("/api/v1/edit/")
    }
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
    for path in api_paths:  # the errors are documented with their shape
        answers = doc["paths"][path]["get"]["responses"]
        assert {"200", "400", "404", "422"} <= set(answers), path
        error = answers["404"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/ErrorOut"}


BAD_VALUES = ["", "x" * 300, "-1", "%00", "2022-13", "ÆØÅ"]


def test_no_server_error_for_bad_parameters(oslo):
    doc = oslo.get("/api/v1/openapi.json").json()
    read_paths = (p for p in doc["paths"] if p.startswith("/api/v1") and "/edit/" not in p)
    for path in sorted(read_paths):
        names = [p["name"] for p in doc["paths"][path]["get"]["parameters"] if p["in"] == "query"]
        for bad in BAD_VALUES:
            url = path.replace("{key}", bad or "-").replace("{code}", bad or "-")
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


def test_an_indicators_downloads_at_plain_paths(asker):
    csv_answer = ok(asker, f"/indicators/{FUND}/observations.csv")
    assert csv_answer.text == ok(asker, "/observations.csv", indicator=FUND).text
    assert csv_answer.headers["content-disposition"] == (
        f'attachment; filename="observations-3203-{FUND}.csv"'
    )
    page = ok(asker, f"/indicators/{FUND}/observations.json").json()
    items = all_observations(asker, indicator=FUND)
    assert page["items"] == items and len(items) > 3
    assert (page["total"], page["limit"], page["offset"], page["next"]) == (
        len(items),
        len(items),
        0,
        None,
    )
    rows = list(csv.DictReader(io.StringIO(csv_answer.text)))
    assert [float(r["value"]) if r["value"] else None for r in rows] == [i["value"] for i in items]


def test_downloads_of_one_of_several_municipalities(both):
    path = "/municipalities/0301/indicators/andel/observations"
    csv_text = ok(both, f"{path}.csv").text
    assert csv_text == ok(both, "/observations.csv", indicator="andel", municipality="0301").text
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert [(r["area"], r["period"], r["value"]) for r in rows][:3] == [
        ("0301", "2020", "8.5"),
        ("0301", "2021", "11.0"),
        ("0301", "2022", ""),
    ]
    page = ok(both, f"{path}.json").json()
    assert page["items"] == all_observations(both, indicator="andel", municipality="0301")
    asker_fund = ok(both, f"/municipalities/{ASKER}/indicators/{FUND}/observations.json").json()
    assert {i["municipality"] for i in asker_fund["items"]} == {ASKER}
    for plain in ("/indicators/andel/observations.csv", "/data.zip"):
        response = both.get(f"/api/v1{plain}")
        assert response.status_code == 400
        assert "municipality" in response.json()["detail"]
        assert "0301, 3203" in response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/municipalities/3203/indicators/nope/observations.csv", "Ukjent indikator «nope»"),
        ("/municipalities/9999/indicators/andel/observations.csv", "Ukjent kommunenummer"),
        ("/municipalities/0301/indicators/nope/observations.json", "Ukjent indikator «nope»"),
        ("/municipalities/9999/data.zip", "Ukjent kommunenummer"),
        ("/municipalities/3201/data.zip", "ingen data for Bærum"),
    ],
)
def test_downloads_of_unknown_keys_are_404(both, path, text):
    response = both.get(f"/api/v1{path}")
    assert response.status_code == 404
    assert text in response.json()["detail"]


@pytest.mark.parametrize("suffix", ["csv", "json"])
def test_a_download_of_an_unknown_indicator_is_404(asker, suffix):
    response = asker.get(f"/api/v1/indicators/nope/observations.{suffix}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Ukjent indikator «nope»"}


def read_zip(response):
    assert response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def readme_columns(text):
    """{file: [columns]} from the README's `## file` sections and their tables."""
    found, current = {}, None
    for line in text.splitlines():
        if line.startswith("## "):
            current = found.setdefault(line[3:].strip(), [])
        elif current is not None and line.startswith("| `"):
            current.append(line.split("`")[1])
    return found


ZIP_FILES = [
    "README.md",
    "focus-areas.csv",
    "plan.csv",
    "indicators.csv",
    "areas.csv",
    "observations.csv",
    "assessment.csv",
]


def test_the_zip_holds_every_file_its_readme_describes(asker):
    response = ok(asker, "/data.zip")
    assert response.headers["content-disposition"] == 'attachment; filename="sdgplan-3203.zip"'
    files = read_zip(response)
    assert list(files) == ZIP_FILES
    readme = files["README.md"]
    assert readme.startswith("# Åpne data for Asker (3203)")
    assert "Planen: Kommuneplanens samfunnsdel 2020-2032, vedtatt." in readme
    described = readme_columns(readme)
    assert list(described) == ZIP_FILES[1:]
    for name, columns in described.items():
        header = next(csv.reader(io.StringIO(files[name])))
        assert header == columns, name
    assert described["indicators.csv"] == list(SHEETS["indicators"])
    assert "Vurderingen av 2022" in readme


def test_the_zips_figures_are_the_apis(asker):
    files = read_zip(ok(asker, "/data.zip"))
    assert files["observations.csv"] == ok(asker, "/observations.csv").text
    rows = list(csv.DictReader(io.StringIO(files["observations.csv"])))
    items = all_observations(asker)
    assert [(r["indicator_id"], r["area"], r["period"]) for r in rows] == [
        (i["indicator_id"], i["area"], i["period"]) for i in items
    ]
    assert [float(r["value"]) if r["value"] else None for r in rows] == [i["value"] for i in items]
    indicators = list(csv.DictReader(io.StringIO(files["indicators.csv"])))
    assert [i["key"] for i in indicators] == [i["key"] for i in ok(asker, "/indicators").json()]
    fund = next(i for i in indicators if i["key"] == FUND)
    assert (fund["threshold"], fund["goal"], fund["unit"]) == ("> 10 %", "okonomi.1", "%")
    plan = list(csv.DictReader(io.StringIO(files["plan.csv"])))
    goal = ok(asker, "/goals/okonomi.1").json()
    row = next(r for r in plan if r["key"] == "okonomi.1")
    assert (row["text"], row["refs"].split()) == (goal["text"], goal["refs"])
    assert sum(r["level"] == "strategy" for r in plan) == len(ok(asker, "/strategies").json())
    focus = list(csv.DictReader(io.StringIO(files["focus-areas.csv"])))
    assert [(f["key"], f["name"]) for f in focus] == [
        (a["key"], a["name"]) for a in ok(asker, "/focus-areas").json()
    ]
    records = ok(asker, "/assessments").json()["records"]
    assessed = list(csv.DictReader(io.StringIO(files["assessment.csv"])))
    assert [r["reason"] for r in assessed] == [r["reason"] for r in records]
    areas = list(csv.DictReader(io.StringIO(files["areas.csv"])))
    assert {a["code"] for a in areas} == {i["area"] for i in items}


def test_the_zip_in_english(asker):
    files = read_zip(ok(asker, "/data.zip", lang="en"))
    readme = files["README.md"]
    assert readme.startswith("# Open data for Asker (3203)")
    assert "| column | content |" in readme and "Åpne data" not in readme
    assert "The assessment of 2022" in readme
    norwegian = read_zip(ok(asker, "/data.zip"))
    assert files["observations.csv"] == norwegian["observations.csv"]
    assert files["assessment.csv"] != norwegian["assessment.csv"]  # reasons in English


def test_the_zip_of_one_of_several(both):
    files = read_zip(ok(both, "/municipalities/0301/data.zip"))
    assert list(files) == ZIP_FILES
    assert files["README.md"].startswith("# Åpne data for Oslo (0301)")
    rows = list(csv.DictReader(io.StringIO(files["observations.csv"])))
    assert {r["municipality"] for r in rows} == {"0301"}
    assert files["observations.csv"] == ok(both, "/observations.csv", municipality="0301").text
    focus = list(csv.DictReader(io.StringIO(files["focus-areas.csv"])))
    assert [f["key"] for f in focus] == ["fokus-1", "fokus-2"]
    for name, columns in readme_columns(files["README.md"]).items():
        assert next(csv.reader(io.StringIO(files[name]))) == columns


def test_the_zip_is_the_same_bytes_for_the_same_data(asker_url):
    first = client_for(asker_url).get("/api/v1/data.zip").content
    assert client_for(asker_url).get("/api/v1/data.zip").content == first


def test_a_change_to_the_data_is_answered_at_once(tmp_path):
    url = oslo_database(tmp_path)
    client = client_for(url)
    path = "/api/v1/observations?indicator=andel&area=0301"
    before = client.get(path)
    assert [i["period"] for i in before.json()["items"]] == ["2020", "2021", "2022"]
    again = client.get(path)
    assert again.json() == before.json()
    assert again.headers["etag"] == before.headers["etag"]
    assert len(client.app.state.api_cache) >= 1
    zipped = read_zip(client.get("/api/v1/data.zip"))["observations.csv"]
    assert "2023" not in zipped

    more = tmp_path / "more.csv"
    more.write_text(
        "indicator_id,area,period,breakdown,value,status,display,note\nandel,0301,2023,,12.5,,,\n",
        encoding="utf-8",
    )
    engine = make_engine(url)
    with session_scope(engine) as session:
        load_observations(session, more)
    engine.dispose()

    after = client.get(path)
    assert [(i["period"], i["value"]) for i in after.json()["items"]][-1] == ("2023", 12.5)
    assert after.headers["etag"] != before.headers["etag"]
    assert ",2023,,12.5," in read_zip(client.get("/api/v1/data.zip"))["observations.csv"]
    assert ",2023,,12.5," in client.get("/api/v1/indicators/andel/observations.csv").text


def test_answers_are_kept_per_host(asker):
    path = "/api/v1/observations?limit=1"
    here = asker.get(path).json()["next"]
    there = asker.get(f"http://example.org{path}").json()["next"]
    assert here.startswith("http://testserver/") and there.startswith("http://example.org/")


def test_gzip_and_identity_have_their_own_tags(asker):
    path = "/api/v1/observations"
    zipped = asker.get(path, headers={"Accept-Encoding": "gzip"})
    plain = asker.get(path, headers={"Accept-Encoding": "identity"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers
    assert zipped.content == plain.content  # httpx unpacks the gzip
    assert int(zipped.headers["content-length"]) < len(plain.content) / 3
    assert zipped.headers["etag"] == plain.headers["etag"][:-1] + '-gzip"'
    for answer in (zipped, plain):  # GZipMiddleware may name it a second time
        assert {v.strip() for v in answer.headers["vary"].split(",")} == {"Accept-Encoding"}
    for encoding, tag, status in [
        ("gzip", zipped.headers["etag"], 304),
        ("identity", plain.headers["etag"], 304),
        ("gzip", plain.headers["etag"], 200),  # the other representation's tag
        ("identity", zipped.headers["etag"], 200),
        ("gzip;q=0", plain.headers["etag"], 304),
    ]:
        response = asker.get(path, headers={"Accept-Encoding": encoding, "If-None-Match": tag})
        assert response.status_code == status, (encoding, tag)
        assert response.headers["etag"] in (zipped.headers["etag"], plain.headers["etag"])
    small = asker.get("/api/v1/municipalities", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers  # under 1000 bytes: as it is
    zip_answer = asker.get("/api/v1/data.zip", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in zip_answer.headers  # a zip is packed already


def test_the_cache_is_bounded_and_starts_afresh_for_a_new_revision():
    cache = RevisionCache(max_answers=3, max_bytes=100, max_answer_bytes=60)
    for key in "abcd":
        cache.keep_answer((1, 1), key, key.upper(), 10)
    assert len(cache) == 3 and cache.answer((1, 1), "a") is None
    assert cache.answer((1, 1), "b") == "B"  # now the most recently used
    cache.keep_answer((1, 1), "e", "E", 10)
    assert cache.answer((1, 1), "c") is None and cache.answer((1, 1), "b") == "B"
    cache.keep_answer((1, 1), "huge", "H", 61)
    assert cache.answer((1, 1), "huge") is None
    cache.keep_answer((1, 1), "big", "G", 60)  # b, e and big: 80 bytes
    assert len(cache) == 3 and cache.answer((1, 1), "b") == "B"
    cache.keep_answer((1, 1), "bigger", "R", 60)  # e goes (count), then big (bytes)
    assert len(cache) == 2 and cache.answer((1, 1), "big") is None
    assert cache.answer((1, 1), "b") == "B" and cache.answer((1, 1), "bigger") == "R"
    assert cache.loaded((1, 1), "rows", lambda: [1]) == [1]
    assert cache.loaded((1, 1), "rows", lambda: [2]) == [1]
    assert cache.answer((2, 2), "bigger") is None and len(cache) == 0
    assert cache.loaded((2, 2), "rows", lambda: [2]) == [2]
    cache.keep_answer((1, 1), "late", "L", 1)  # made from an older revision: not kept
    assert cache.answer((2, 2), "late") is None


def test_answers_from_memory_are_fast(asker_url):
    client = client_for(asker_url)
    path = f"/api/v1/observations?indicator={FUND}"
    start = time.perf_counter()
    first = client.get(path)
    cold = time.perf_counter() - start
    timings = []
    for _ in range(20):
        start = time.perf_counter()
        assert client.get(path).content == first.content
        timings.append(time.perf_counter() - start)
    assert sorted(timings)[10] < cold
