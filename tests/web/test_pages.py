"""The public pages over FastAPI's TestClient: every page type in both languages, links by
stable keys, data escaped, 404 pages, security headers; one municipality (Asker) without a
prefix, several (Asker and a hostile Oslo) with their number in the path."""

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from sdgplan.config import Settings
from sdgplan.loading import load_example
from sdgplan.store.db import make_engine, session_scope, upgrade
from sdgplan.web.app import create_app
from tests.reports.municipality import load_files, write_files
from tests.reports.test_hostile_report import PAYLOAD, hostile

ASKER_PAGES = [
    "/{lang}/",
    "/{lang}/focus-areas/okonomi",
    "/{lang}/goals/okonomi.1",
    "/{lang}/indicators/okonomi-disposisjonsfond",
]


def asker_database(folder) -> str:
    return add_asker(f"sqlite:///{folder / 'asker.db'}")


def add_asker(url: str) -> str:
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine) as session:
        load_example(session, "asker")
    engine.dispose()
    return url


def add_hostile_oslo(url: str, folder) -> None:
    """Oslo (0301) with every free text hostile, next to what `url` holds."""
    files = write_files(folder / "oslo-files", text=hostile)
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine) as session:
        load_files(session, files)
    engine.dispose()


def client_for(url: str) -> TestClient:
    return TestClient(create_app(Settings(db=url)))


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    return client_for(asker_database(tmp_path_factory.mktemp("asker")))


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    folder = tmp_path_factory.mktemp("both")
    url = f"sqlite:///{folder / 'both.db'}"
    add_hostile_oslo(url, folder)  # first: Oslo's files do not name their municipality
    return client_for(add_asker(url))


def links(html: str, pattern: str) -> list[str]:
    return re.findall(rf'href="({pattern})"', html)


def test_root_redirects_to_norwegian(asker):
    response = asker.get("/", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == "/nb/"


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("path", ASKER_PAGES)
def test_every_page_type_answers_in_its_language_with_a_switch(asker, path, lang):
    url = path.format(lang=lang)
    response = asker.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}">' in response.text
    other = "en" if lang == "nb" else "nb"
    switch = url.replace(f"/{lang}/", f"/{other}/", 1)
    assert f'class="language" href="{switch}" hreflang="{other}" lang="{other}"' in response.text
    assert 'href="#main"' in response.text and '<main id="main"' in response.text


def test_pages_link_by_stable_keys(asker):
    home = asker.get("/nb/").text
    assert "/nb/focus-areas/okonomi" in links(home, '/nb/focus-areas/[^"]+')
    area = asker.get("/nb/focus-areas/okonomi").text
    assert {"/nb/goals/okonomi.0", "/nb/goals/okonomi.1"} <= set(links(area, '/nb/goals/[^"]+'))
    assert "/nb/indicators/okonomi-disposisjonsfond" in links(area, '/nb/indicators/[^"]+')
    goal = asker.get("/en/goals/okonomi.1").text
    assert "/en/indicators/okonomi-netto-lanegjeld" in links(goal, '/en/indicators/[^"]+')


def test_home_shows_focus_areas_with_verdicts_and_the_17_sdgs(asker):
    html = asker.get("/nb/").text
    assert "Svak måloppnåelse" in html and "utenfor" in html
    assert html.count('<li class="sdg-tile') == 17
    assert "lokale mål" in html and "indikator" in html
    english = asker.get("/en/").text
    assert "Focus areas" in english and "local goal" in english
    assert 'lang="nb">Økonomi</a>' in english  # data stay Norwegian, marked as such


def test_focus_area_page_has_goals_verdicts_and_key_figures(asker):
    html = asker.get("/en/focus-areas/okonomi").text
    assert "Main goal" in html and "Key figures" in html
    assert "Poor attainment: 1 on track" in html  # the goal's roll-up reason, in English
    assert "14,8 %" in html  # numbers as a Norwegian reader expects them


def test_goal_page_has_indicators_strategies_and_targets(asker):
    html = asker.get("/nb/goals/okonomi.1").text
    assert "Strategier" in html and "klimabudsjett" in html
    assert "oppfyller kravet" in html
    english = asker.get("/en/goals/god-helse.0").text
    assert "Ensure healthy lives" in english  # the SDG's title in the request language


def test_indicator_page_has_table_chart_data_and_downloads(asker):
    html = asker.get("/nb/indicators/okonomi-disposisjonsfond").text
    assert '<th scope="row">2019</th><td class="number">15,1 %</td>' in html
    assert 'class="vega-spec"' in html and '<script src="/static/charts.js" defer>' in html
    assert 'href="/api/v1/indicators/okonomi-disposisjonsfond/observations.csv"' in html
    assert 'href="/api/v1/indicators/okonomi-disposisjonsfond/observations.json"' in html
    assert 'rel="next" href="/nb/indicators/okonomi-netto-driftsresultat"' in html
    assert "Krav" in html and "&gt; 10 %" in html
    english = asker.get("/en/indicators/okonomi-netto-driftsresultat").text
    assert 'rel="prev" href="/en/indicators/okonomi-disposisjonsfond"' in english
    assert "does not meet the requirement" in english


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/nb/indicators/finnes-ikke", "Ukjent indikator «finnes-ikke»"),
        ("/en/indicators/finnes-ikke", "Unknown indicator 'finnes-ikke'"),
        ("/nb/goals/okonomi.99", "Ukjent mål «okonomi.99»"),
        ("/en/goals/okonomi.99", "Unknown goal 'okonomi.99'"),
        ("/nb/focus-areas/finnes-ikke", "Ukjent satsingsområde «finnes-ikke»"),
        ("/en/no/such/page", "Page not found"),
    ],
)
def test_unknown_keys_get_a_404_page_in_the_request_language(asker, path, message):
    response = asker.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert f'<html lang="{path[1:3]}">' in response.text
    assert message in unescape(response.text)
    assert response.headers["content-security-policy"].startswith("default-src 'self'")


def test_unknown_language_is_not_found(asker):
    assert asker.get("/de/").status_code == 404


@pytest.mark.parametrize("path", ["/nb/", "/en/focus-areas/okonomi", "/nb/nope/x/y"])
def test_security_headers_on_pages(asker, path):
    headers = asker.get(path).headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_static_files(asker):
    vega = asker.get("/static/vega.js")
    assert vega.status_code == 200 and "window.vegaEmbed" in vega.text
    assert "max-age=31536000" in vega.headers["cache-control"]
    assert vega.headers["content-type"].startswith("text/javascript")
    script = asker.get("/static/charts.js")
    assert "vegaEmbed" in script.text and "max-age" in script.headers["cache-control"]
    assert asker.get("/static/site.css").headers["content-type"].startswith("text/css")
    assert asker.get("/static/nothing.css").status_code == 404
    assert asker.get("/static/app.py").status_code == 404


def test_pages_carry_no_inline_script(asker):
    for path in ASKER_PAGES:
        html = asker.get(path.format(lang="nb")).text
        for tag in re.findall(r"<script[^>]*>", html):
            assert 'type="application/json"' in tag or "src=" in tag, tag


def test_several_municipalities_are_listed_and_prefixed(both):
    home = both.get("/nb/").text
    assert 'href="/nb/0301/"' in home and 'href="/nb/3203/"' in home
    asker_home = both.get("/en/3203/").text
    assert 'href="/en/3203/focus-areas/okonomi"' in asker_home
    assert both.get("/nb/3203/goals/okonomi.1").status_code == 200
    indicator = both.get("/nb/3203/indicators/okonomi-disposisjonsfond").text
    csv_link = "/api/v1/municipalities/3203/indicators/okonomi-disposisjonsfond/observations.csv"
    assert f'href="{csv_link}"' in indicator
    assert both.get(csv_link).status_code == 200
    # without the number the page is ambiguous: not found, with a pointer to the list
    assert both.get("/nb/focus-areas/okonomi").status_code == 404
    assert both.get("/nb/9999/").status_code == 404


def test_hostile_texts_are_escaped_on_every_page(both):
    home = both.get("/nb/0301/").text
    pages = [home]
    area_links = links(home, '/nb/0301/focus-areas/[^"]+')
    assert area_links
    for area in area_links:
        pages.append(both.get(area).text)
    goal_links = sorted({g for page in pages for g in links(page, '/nb/0301/goals/[^"]+')})
    indicator_links = ["/nb/0301/indicators/andel", "/nb/0301/indicators/antall"]
    for path in goal_links + indicator_links:
        response = both.get(path)
        assert response.status_code == 200, path
        pages.append(response.text)
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html
    assert all(escaped in html for html in pages)
    assert any("Delmål 1.1 " + escaped in html for html in pages)
    assert all("{{7*7}}" in html for html in pages)  # no template runs data
    # the chart's JSON in <script>: no "<" at all, so nothing can end the element
    andel = pages[-2]
    spec = re.search(r'class="vega-spec"[^>]*>(.*?)</script>', andel, re.S)
    assert spec is not None and "<" not in spec[1] and "\\u003cscript\\u003e" in spec[1]


def test_hostile_payload_in_path_is_escaped(both):
    response = both.get("/nb/0301/indicators/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert response.status_code == 404
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert PAYLOAD  # the payload the texts above carry
