"""The 17 SDG pages (`/{lang}/sdgs/{number}`): the targets with the local goals and
strategies citing each, checked against `sdg_coverage`, 404 for other numbers, the home
page's tiles linking to them, and axe-core's WCAG 2.1 A/AA rules in a real browser."""

import re
from html import unescape

import pytest

from sdgplan.assessment.coverage import sdg_coverage
from sdgplan.plan_data import load_plan_data
from sdgplan.reference import load_sdg_catalogue
from sdgplan.store.db import make_engine, session_scope
from tests.browser import AT_DESKTOP_AND_320PX, axe_violations_at, pages_overflowing
from tests.reports.test_hostile_report import PAYLOAD
from tests.web.test_pages import add_asker, add_hostile_oslo, asker_database, client_for


@pytest.fixture(scope="module")
def asker_url(tmp_path_factory):
    return asker_database(tmp_path_factory.mktemp("asker-sdg"))


@pytest.fixture(scope="module")
def client(asker_url):
    return client_for(asker_url)


@pytest.fixture(scope="module")
def climate(asker_url):
    """SDG 13's coverage in Asker's plan."""
    engine = make_engine(asker_url)
    with session_scope(engine) as session:
        version = load_plan_data(session).version
    engine.dispose()
    return next(g for g in sdg_coverage(version, load_sdg_catalogue()).goals if g.goal.number == 13)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_sdg_13_lists_the_cited_targets_with_links_to_the_citing_goals(client, climate, lang):
    response = client.get(f"/{lang}/sdgs/13")
    assert response.status_code == 200
    html = unescape(response.text)
    assert f'<html lang="{lang}">' in html
    name = climate.goal.short_en if lang == "en" else climate.goal.short_nb
    assert name in html
    assert "sdg-banner sdg-13" in html  # the colour band, with number and name as text
    cited = climate.referenced_targets
    assert cited
    for coverage in cited:
        target = coverage.target
        title = target.title_en if lang == "en" else target.title_nb
        assert f'<span class="code">{target.code}</span> {title}' in html
        section = html.split(f'<span class="code">{target.code}</span>')[1].split("<h3>")[0]
        goal_keys = {
            i.key.rsplit(".", 1)[0] if i.level.value == "strategy" else i.key
            for i in coverage.items
        }
        for key in goal_keys:
            assert f'href="/{lang}/goals/{key}"' in section
    for item in climate.direct:
        assert f'href="/{lang}/goals/{item.key}"' in html
    assert re.search(rf'href="/{lang}/indicators/[^"]+"', html)


def test_sdg_page_names_strategies_and_uncited_targets(client):
    html = unescape(client.get("/nb/sdgs/13").text)
    assert "Strategi: " in html
    assert "Ingen mål eller strategier i planen viser til dette delmålet." in html
    en = unescape(client.get("/en/sdgs/13").text)
    assert "No goal or strategy of the plan refers to this target." in en
    assert "<title>SDG 13: Climate action – Asker</title>" in en


@pytest.mark.parametrize("number", ["0", "18", "x", "013", "13.1"])
def test_other_numbers_are_not_found(client, number):
    response = client.get(f"/nb/sdgs/{number}")
    assert response.status_code == 404


def test_every_sdg_page_answers(client):
    for number in range(1, 18):
        assert client.get(f"/en/sdgs/{number}").status_code == 200


def test_home_tiles_link_to_the_sdg_pages(client):
    html = client.get("/nb/").text
    assert 'href="/nb/sdgs/13"' in html
    assert len(set(re.findall(r'href="/nb/sdgs/(\d+)"', html))) == 17


@AT_DESKTOP_AND_320PX
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_sdg_page_passes_axe(browser, asker_site_url, lang, viewport):
    url = f"{asker_site_url}/{lang}/sdgs/13"
    assert axe_violations_at(browser, [url], viewport=viewport) == {}
    assert pages_overflowing(browser, [url], viewport=viewport) == []


def test_with_several_municipalities_the_path_carries_the_number(tmp_path):
    url = f"sqlite:///{tmp_path / 'both.db'}"
    add_hostile_oslo(url, tmp_path)
    client = client_for(add_asker(url))
    assert client.get("/nb/sdgs/13").status_code == 404
    response = client.get("/en/3203/sdgs/13")
    assert response.status_code == 200
    assert 'href="/en/3203/goals/handling-mot-klimaendringene.0"' in response.text
    oslo = client.get("/nb/0301/sdgs/11")
    assert oslo.status_code == 200
    assert PAYLOAD not in oslo.text
    assert client.get("/nb/0301/").text.count('href="/nb/0301/sdgs/') == 17
