"""The SDG view of the whole (issue 15, item 5) on the web: the overview page `/{lang}/sdgs`
with its chart of the 17 goals and its table, and the method tool's parts of an SDG page
(significance, materiality per target, benefits); Asker has method data, Oslo none."""

import re
from html import unescape

import pytest

from sdgplan.assessment.coverage import sdg_coverage
from sdgplan.domain.plan import GoalLevel
from sdgplan.plan_data import assess, load_plan_data
from sdgplan.reference import load_sdg_catalogue
from sdgplan.store import benefit_repo
from sdgplan.store.db import make_engine, session_scope
from tests.reports.oslo import oslo_database
from tests.web.test_pages import asker_database, client_for

OUTCOME_WORDS = {
    "nb": {"on_track": "i rute", "watch": "følg med", "off_track": "utenfor"},
    "en": {"on_track": "on track", "watch": "watch", "off_track": "off track"},
}


@pytest.fixture(scope="module")
def asker_url(tmp_path_factory):
    return asker_database(tmp_path_factory.mktemp("asker-overview"))


@pytest.fixture(scope="module")
def client(asker_url):
    return client_for(asker_url)


@pytest.fixture(scope="module")
def oslo(tmp_path_factory):
    return client_for(oslo_database(tmp_path_factory.mktemp("oslo-overview")))


def expected_counts(url):
    """Per SDG number: (goals, strategies, indicators, outcome counts), computed from the plan's
    references and the assessment's SDG roll-ups."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        data = load_plan_data(session)
        assessment = assess(data)
    engine.dispose()
    rollups = {int(r.name.split(" ")[0]): r for r in assessment.rollups if r.level == "sdg"}
    found = {}
    for coverage in sdg_coverage(data.version, load_sdg_catalogue()).goals:
        items = {i.path: i for i in coverage.direct}
        items |= {i.path: i for t in coverage.targets for i in t.items}
        strategies = sum(1 for i in items.values() if i.level is GoalLevel.STRATEGY)
        rollup = rollups.get(coverage.goal.number)
        indicators = len(rollup.indicators) if rollup else 0
        counts = dict(rollup.counts) if rollup else {}
        found[coverage.goal.number] = (len(items) - strategies, strategies, indicators, counts)
    return found


def tiles(html):
    """The overview chart's tiles as text, by SDG number."""
    chart = html[html.index('<ul class="sdg-tiles sdg-overview">') :]
    chart = chart[: chart.index("</ul>")]
    found = {}
    for number, body in re.findall(r'<li class="sdg-tile sdg-(\d+)">(.*?)</li>', chart, re.S):
        found[int(number)] = " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())
    return found


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_overview_chart_names_every_goal_with_its_counts_and_verdicts(client, asker_url, lang):
    response = client.get(f"/{lang}/sdgs")
    assert response.status_code == 200
    html = response.text
    found = tiles(html)
    assert sorted(found) == list(range(1, 18))
    catalogue = load_sdg_catalogue()
    counts = expected_counts(asker_url)
    goal_word, strategy_word = ("goal", "strateg") if lang == "en" else ("mål", "strategi")
    for number, text in found.items():
        goal = catalogue.goals[number]
        name = goal.short_en if lang == "en" else goal.short_nb
        assert text.startswith(f"{number} {name}"), text
        goals, strategies, indicators, outcomes = counts[number]
        if not goals and not strategies:
            none = "The plan does not refer to it" if lang == "en" else "Planen viser ikke til"
            assert none in text
            continue
        assert f"{goals} {goal_word}" in text and f"{strategies} {strategy_word}" in text
        assert re.search(rf"\b{indicators} indikator|\b{indicators} indicator", text), text
        for value, word in OUTCOME_WORDS[lang].items():
            if outcomes.get(value):
                assert f"{outcomes[value]} {word}" in text, (text, value)
    # written as a symbol too, never only in colour
    assert '<span class="symbol" aria-hidden="true">✔</span>' in html
    assert 'class="sdg-tile sdg-11"' in html  # the official colour, beside the written name


def test_overview_pins_asker_sdg_11(client):
    text = tiles(client.get("/nb/sdgs").text)[11]
    assert text.startswith("11 Bærekraftige byer og lokalsamfunn")
    assert "5 mål · 9 strategier · 19 indikatorer" in text
    assert "5 i rute" in text and "8 utenfor" in text


def test_overview_has_a_table_equivalent_with_17_rows(client):
    html = client.get("/nb/sdgs").text
    table = html[html.index('<table class="values sdg-table">') : html.index("</table>")]
    rows = re.findall(r'<th scope="row"><a href="/nb/sdgs/(\d+)">', table)
    assert rows == [str(n) for n in range(1, 18)]
    assert "<caption" in table


def test_home_links_the_overview_and_sdg_redirects(client):
    assert 'href="/nb/sdgs"' in client.get("/nb/").text
    response = client.get("/nb/sdg", follow_redirects=False)
    assert response.status_code == 301 and response.headers["location"] == "/nb/sdgs"
    assert 'href="/en/sdgs"' in client.get("/en/sdgs/11").text  # the breadcrumb


def test_sdg_11_shows_significance_materiality_and_benefits(client):
    html = unescape(client.get("/nb/sdgs/11").text)
    assert '<h2 id="significance">Kommunal betydning</h2>' in html
    assert "allmenn tilgang til grunnleggende behov som trygg bolig" in html  # method level 1
    assert "Delmål som betyr mest for kommunen:" in html
    section = html.split('<h2 id="materiality">')[1].split("</section>")[0]
    assert "Vurderingen er illustrativ" in section
    assert '<a href="#target-11-7">' in section  # a prioritised target, linked to its place
    target = html.split('<li id="target-11-7">')[1].split("</li>")[0]
    assert "Vesentlighet: viktighet 4,67, påvirkning 4,67 (3 vurderinger): <strong>prioritert" in (
        target
    )
    benefits = html.split('<h2 id="benefits">Gevinster</h2>')[1].split("</section>")[0]
    assert "Flere nye boliger bygges tett, som leiligheter og rekkehus" in benefits
    assert "I rute" in benefits and "Endring fra nullpunktet 2019" in benefits
    assert 'href="/nb/goals/baerekraftige-byer-og-samfunn.0"' in html.split("Ble til i planen:")[1]


def test_each_target_lists_the_benefits_its_goals_measure(client, asker_url):
    engine = make_engine(asker_url)
    with session_scope(engine) as session:
        indicators = load_plan_data(session).indicators.indicators
        plans = benefit_repo.load_benefit_plans(session, "3203")
    engine.dispose()
    goals_of = {i.key: {ref.key for ref in i.goals} for i in indicators}
    benefits = [b for plan in plans for area in plan.areas for b in area.benefits]
    shown = 0
    for number in (3, 4, 9, 11, 16):
        html = unescape(client.get(f"/nb/sdgs/{number}").text)
        for target in html.split('<li id="target-')[1:]:
            target = target.split('<ul class="target-benefits">')
            citing = set(re.findall(r'href="/nb/goals/([^"#]+)"', target[0]))
            expected = sorted(b.text for b in benefits if goals_of.get(b.indicator, set()) & citing)
            listed = target[1].split("</ul>")[0] if len(target) > 1 else ""
            assert sorted(re.findall(r'<li><span lang="nb">([^<]+)</span>:', listed)) == expected
            shown += len(expected)
    assert shown >= 5  # Asker's example measures benefits by goals citing these targets


def test_sdg_11_in_english(client):
    html = unescape(client.get("/en/sdgs/11").text)
    assert "Municipal significance" in html and "Materiality" in html
    assert "importance 4.67, influence 4.67" in html
    assert "Benefits" in html


def test_an_sdg_without_method_data_has_no_method_sections(client):
    html = client.get("/nb/sdgs/2").text
    for absent in ('id="significance"', 'id="materiality"', 'id="benefits"'):
        assert absent not in html
    # SDG 1: no significance row, but target 1.2 is scored and prioritised (the plan does
    # not refer to SDG 1, so the page shows the gap)
    first = client.get("/nb/sdgs/1").text
    assert 'id="significance"' not in first and 'id="materiality"' in first
    assert '<a href="#target-1-2">1.2</a>' in first


def test_a_municipality_without_method_data(oslo):
    overview = oslo.get("/nb/sdgs")
    assert overview.status_code == 200
    assert sorted(tiles(overview.text)) == list(range(1, 18))
    for number in range(1, 18):
        html = oslo.get(f"/nb/sdgs/{number}").text
        assert "Bærekraftsmålets delmål" in html
        for absent in ('id="significance"', 'id="materiality"', 'id="benefits"', "Vesentlighet"):
            assert absent not in html, (number, absent)
