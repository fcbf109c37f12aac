"""Errors as the reader sees them: an unknown path is the HTML 404 page (JSON under /api/),
another method than GET or HEAD is 405 with `Allow`, HEAD answers like GET without a body,
and a bad query parameter is 422 with a sentence naming it and its value, in Norwegian or
in the language of `lang`; never a traceback."""

import warnings

import pytest
from fastapi.responses import HTMLResponse

from sdgplan.config import Settings
from sdgplan.web.app import create_app
from sdgplan.web.head import HeadAsGet
from tests.web.test_pages import asker_database

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about httpx
    from fastapi.testclient import TestClient

FUND = "okonomi-disposisjonsfond"


def app_for(url):
    app = create_app(Settings(db=url))
    assert any(m.cls is HeadAsGet for m in app.user_middleware)
    return app


@pytest.fixture(scope="module")
def asker_url(tmp_path_factory):
    return asker_database(tmp_path_factory.mktemp("errors"))


@pytest.fixture(scope="module")
def asker(asker_url):
    return TestClient(app_for(asker_url))


@pytest.mark.parametrize("path", ["/foo", "/foo.txt", "/favicon.ico", "/xx/yy"])
def test_unknown_paths_outside_the_languages_get_the_404_page(asker, path):
    response = asker.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="nb"' in response.text
    assert "<h1>Fant ikke siden</h1>" in response.text
    assert 'href="/nb/"' in response.text  # back to the home page
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v2/goals", "/api/v1/goals/x/y"])
def test_unknown_api_paths_get_json(asker, path):
    response = asker.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]


HEAD_PATHS = [
    "/nb/",
    "/en/goals/okonomi.1",
    "/nb/indicators/" + FUND,
    "/static/site.css",
    "/api/v1/goals",
    "/api/v1/observations?indicator=" + FUND,
    f"/api/v1/indicators/{FUND}/observations.csv",
    "/api/v1/data.zip",
    "/nb/goals/nope",
    "/api/v1/goals/nope",
]


@pytest.mark.parametrize("path", HEAD_PATHS)
@pytest.mark.parametrize("encoding", ["identity", "gzip"])
def test_head_answers_like_get_without_a_body(asker, path, encoding):
    headers = {"Accept-Encoding": encoding}
    get = asker.get(path, headers=headers)
    head = asker.head(path, headers=headers)
    assert head.status_code == get.status_code
    assert head.content == b""
    for name in ("content-type", "content-length", "content-encoding", "etag", "cache-control"):
        assert head.headers.get(name) == get.headers.get(name), name
    assert int(head.headers["content-length"]) > 0


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow(asker, method):
    api = asker.request(method, "/api/v1/goals")
    assert api.status_code == 405
    assert api.headers["allow"] == "GET, HEAD"
    assert api.json() == {"detail": f"{method} kan ikke brukes på /api/v1/goals; bruk GET, HEAD"}
    page = asker.request(method, "/nb/goals/okonomi.1")
    assert page.status_code == 405
    assert page.headers["allow"] == "GET, HEAD"
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1>Metoden er ikke tillatt</h1>" in page.text
    english = asker.request(method, "/en/")
    assert "<h1>Method not allowed</h1>" in english.text


@pytest.mark.parametrize(
    ("query", "norwegian", "english"),
    [
        (
            "/observations?limit=0",
            "Parameteren limit har en ugyldig verdi «0»: den må være minst 1",
            "Parameter limit has an invalid value «0»: it must be at least 1",
        ),
        (
            "/observations?limit=10001",
            "Parameteren limit har en ugyldig verdi «10001»: den kan være høyst 10000",
            "Parameter limit has an invalid value «10001»: it can be at most 10000",
        ),
        (
            "/observations?offset=many",
            "Parameteren offset har en ugyldig verdi «many»: et heltall er ventet",
            "Parameter offset has an invalid value «many»: a whole number is expected",
        ),
        (
            "/assessments?year=1800",
            "Parameteren year har en ugyldig verdi «1800»: den må være minst 1900",
            "Parameter year has an invalid value «1800»: it must be at least 1900",
        ),
        (
            "/plans?municipality=" + "x" * 101,
            "Parameteren municipality har en ugyldig verdi «" + "x" * 39 + "…»: den kan ha "
            "høyst 100 tegn",
            "Parameter municipality has an invalid value «" + "x" * 39 + "…»: it can have at "
            "most 100 characters",
        ),
    ],
)
def test_bad_parameters_are_named_with_their_value(asker, query, norwegian, english):
    for lang, message in (("nb", norwegian), ("en", english)):
        response = asker.get(f"/api/v1{query}&lang={lang}")
        assert response.status_code == 422
        (problem,) = response.json()["detail"]
        assert problem["msg"] == message
        assert problem["loc"][0] == "query" and problem["type"]
        assert "Traceback" not in response.text


def test_a_bad_language_is_told_in_norwegian(asker):
    response = asker.get("/api/v1/goals?lang=de")
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["query", "lang"]
    assert problem["msg"] == "Parameteren lang har en ugyldig verdi «de»: velg en av nb, en"
    assert problem["input"] == "de"


def test_every_api_error_is_json_with_detail(asker):
    for path, status in [
        ("/api/v1/goals/nope", 404),
        ("/api/v1/observations?status=done", 400),
        ("/api/v1/observations?limit=0", 422),
        ("/api/v1/municipalities/9999/data.zip", 404),
    ]:
        response = asker.get(path)
        assert response.status_code == status
        assert response.headers["content-type"] == "application/json"
        assert response.json()["detail"]
        assert "etag" not in response.headers


def test_a_bad_parameter_outside_the_api_is_told_on_a_page(asker_url):
    app = app_for(asker_url)

    def numbered(n: int) -> str:
        return str(n)

    app.add_api_route("/numbered", numbered, response_class=HTMLResponse)
    client = TestClient(app)
    assert client.get("/numbered?n=3").text == "3"
    response = client.get("/numbered?n=x")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>Ugyldig adresse</h1>" in response.text
    assert "Parameteren n har en ugyldig verdi «x»: et heltall er ventet" in response.text
