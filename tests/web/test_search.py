"""The search: Norwegian word forms, every word required, ranked hits with the matching words
marked, the form without a query, long and hostile queries, one municipality's data only,
and the index renewed when the data change."""

import re
from html import unescape

import pytest

from sdgplan.loading import load_narrative
from sdgplan.plan_data import load_plan_data
from sdgplan.search import MAX_QUERY, Document, SearchIndex, clean_query, fold
from sdgplan.store import narrative_repo
from sdgplan.store.db import make_engine, session_scope
from sdgplan.web.page_views import latest_narrative
from sdgplan.web.search_index import narrative_text
from tests.reports.test_hostile_report import PAYLOAD
from tests.web.test_pages import add_asker, add_hostile_oslo, asker_database, client_for

SKOLE = re.compile(r"\bskole(?:n|r|ne)?\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def asker_url(tmp_path_factory):
    return asker_database(tmp_path_factory.mktemp("asker"))


@pytest.fixture(scope="module")
def asker(asker_url):
    return client_for(asker_url)


@pytest.fixture(scope="module")
def plan(asker_url):
    """Asker's plan data and focus-area texts, read from the database as the site reads them."""
    engine = make_engine(asker_url)
    with session_scope(engine) as session:
        data = load_plan_data(session)
        narratives = narrative_repo.load_narratives(session, data.number)
    engine.dispose()
    return data, narratives


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    folder = tmp_path_factory.mktemp("both")
    url = f"sqlite:///{folder / 'both.db'}"
    add_hostile_oslo(url, folder)
    return client_for(add_asker(url))


def hits(html: str) -> list[tuple[str, str, str]]:
    """(kind, link, title) of each hit, the title without its marks."""
    found = re.findall(
        r'<li>\s*<p class="kicker">([^<·]*).*?<h3 lang="nb"><a href="([^"]+)">(.*?)</a></h3>',
        html,
        re.DOTALL,
    )
    return [(kind.strip(), href, unescape(re.sub("</?mark>", "", t))) for kind, href, t in found]


def marks(html: str) -> list[str]:
    return [unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", html)]


def search(client, query: str, prefix: str = "/nb") -> str:
    response = client.get(f"{prefix}/search", params={"q": query})
    assert response.status_code == 200
    return response.text


# the index on its own


def test_word_forms_case_and_accents():
    index = SearchIndex(
        [
            Document("goal", "a", "Skolene skal være gode"),
            Document("goal", "b", "En ny skole"),
            Document("goal", "c", "Kafé og Göteborg"),
            Document("goal", "d", "Tromsø og grunnskolen"),
        ]
    )
    assert [h.document.key for h in index.search("SKOLEN").hits] == ["a", "b", "d"]
    assert [h.document.key for h in index.search("KAFE göteborg").hits] == ["c"]
    assert [h.document.key for h in index.search("kafé gøteborg").hits] == ["c"]  # ö is ø
    assert [h.document.key for h in index.search("tromso").hits] == []  # ø stays a letter
    assert fold("Café") == "cafe" and fold("TROMSØ") == "tromsø" and fold("Åsane") == "åsane"


def test_every_word_must_match_and_title_hits_rank_first():
    index = SearchIndex(
        [
            Document("focus_area", "tekst", "Økonomi", "Skolen får mer penger til skolebygg."),
            Document("goal", "mål", "Gode skoler", "Penger til alle"),
            Document("goal", "annet", "Gode veier", "Penger"),
        ]
    )
    assert [h.document.key for h in index.search("skole penger").hits] == ["mål", "tekst"]
    assert [h.document.key for h in index.search("og skole").hits] == ["mål", "tekst"]
    assert index.search("skole fly").total == 0
    assert index.search("").total == 0 and index.search("!!!").total == 0


def test_snippet_marks_the_words_around_the_first_hit():
    filler = "ord " * 100
    index = SearchIndex([Document("focus_area", "x", "Tittel", f"{filler}Skolen <b> er {filler}")])
    hit = index.search("skole").hits[0]
    text = "".join(s.text for s in hit.snippet)
    assert text.startswith("… ord") and text.endswith("ord …")
    assert [s.text for s in hit.snippet if s.marked] == ["Skolen"]
    assert "<b>" in text  # as written; the template escapes it
    assert len(text) < 200
    assert hit.title == (hit.title[0],) and not hit.title[0].marked


def test_long_queries_are_cut_at_a_word():
    query, trimmed = clean_query("skole  " * 100)
    assert trimmed and len(query) <= MAX_QUERY and query.endswith("skole")
    assert clean_query("  skole \n helse ") == ("skole helse", False)


# the page


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("query", [None, "", "   "])
def test_without_a_query_the_page_is_the_form(asker, lang, query):
    response = asker.get(f"/{lang}/search", params={} if query is None else {"q": query})
    assert response.status_code == 200
    html = response.text
    assert f'<form class="search-form" role="search" method="get" action="/{lang}/search">' in html
    assert '<label for="search-query">' in html and 'id="search-query" name="q"' in html
    assert "search-results" not in html and "treff" not in html and "No results" not in html


def test_skolen_finds_the_goals_and_indicators_that_say_skole(asker, plan):
    data, _narratives = plan
    expected = {
        f"/nb/goals/{goal.key}"
        for area, goal in data.version.goals()
        if SKOLE.search(goal.text) or any(SKOLE.search(s.text) for s in goal.strategies)
    }
    expected |= {
        f"/nb/indicators/{i.key}"
        for i in data.indicators.indicators
        if SKOLE.search(" ".join(filter(None, [i.name, i.notes, i.source])))
    }
    assert any("/indicators/" in link for link in expected)
    assert any("/goals/" in link for link in expected)
    html = search(asker, "skolen")
    found = hits(html)
    total = int(re.search(r"(\d+) treff for «skolen»", html).group(1))
    assert total == len(found) and total < 50  # all shown
    assert expected <= {link.split("#")[0] for _kind, link, _title in found}
    strategies = [link for kind, link, _title in found if kind == "Strategi"]
    assert strategies and all("#strategy-" in link for link in strategies)
    page, fragment = strategies[0].split("#")
    assert f'id="{fragment}"' in asker.get(page).text
    assert all("skol" in fold(word) for word in marks(html))
    assert {"skole", "skolen", "skoler"} <= {fold(word) for word in marks(html)}
    assert {kind for kind, _link, _title in found} >= {"Indikator", "Delmål", "Strategi"}


def test_hits_in_titles_come_before_hits_in_texts_only(asker):
    html = search(asker, "skole")
    results = html.split('class="search-results"')[1].split("</ol>")[0]
    items = re.findall(r"<li>.*?</li>", results, re.DOTALL)
    in_title = ["<mark>" in re.search(r"<h3.*?</h3>", item, re.DOTALL).group() for item in items]
    assert True in in_title and False in in_title
    assert in_title == sorted(in_title, reverse=True)


def test_a_word_only_in_a_narrative_finds_its_focus_area(asker, plan):
    data, narratives = plan
    area = next(a for a in data.version.focus_areas if a.key == "okonomi")
    text = narrative_text(latest_narrative(narratives, area).markdown)
    elsewhere = " ".join(
        [item.text for item in data.version.items()]
        + [" ".join(filter(None, [i.name, i.notes, i.source])) for i in data.indicators.indicators]
        + [
            narrative_text(n.markdown)
            for a in data.version.focus_areas
            if a is not area and (n := latest_narrative(narratives, a))
        ]
    ).lower()
    word = next(w for w in re.findall(r"[^\W\d_]{9,}", text) if w.lower()[:6] not in elsewhere)
    for lang, kind in [("nb", "Satsingsområde"), ("en", "Focus area")]:
        html = search(asker, word, f"/{lang}")
        assert hits(html) == [(kind, f"/{lang}/focus-areas/okonomi", area.name)]
        assert word in marks(html)
        assert '<p class="snippet" lang="nb">' in html


def test_all_words_must_be_found_in_one_item(asker):
    def found(query):
        return set(hits(search(asker, query)))

    skole, digital = found("skole"), found("digitale")
    both = found("skole digitale")
    assert both and both <= skole & digital
    assert len(both) < len(skole) and len(both) < len(digital)
    # a goal whose strategies hold one word each is no hit for both
    assert found("skole digitale") == found("digitale skolen")


def test_the_count_and_no_hits_in_both_languages(asker):
    assert "1 treff for «" in search(asker, "disposisjonsfond handlingsregler")
    english = search(asker, "disposisjonsfond handlingsregler", "/en")
    assert "1 result for 'disposisjonsfond handlingsregler'" in english
    assert 'lang="nb"' in english.split('class="search-results"')[1]
    none = search(asker, "zqxvy skole")
    assert "Ingen treff for «zqxvy skole»" in none and "Prøv færre ord" in none
    assert "No results for 'zqxvy skole'" in search(asker, "zqxvy skole", "/en")


def test_a_long_query_is_shortened_with_a_notice(asker):
    html = search(asker, "skole " * 300)
    assert "Søket var lengre enn 200 tegn og er forkortet." in html
    value = re.search(r'name="q" value="([^"]*)"', html).group(1)
    assert 0 < len(value) <= MAX_QUERY
    assert "treff for" in html
    assert asker.get("/en/search", params={"q": "x" * 5000}).status_code == 200


def test_a_hostile_query_and_hostile_data_come_back_escaped(both):
    html = search(both, PAYLOAD, "/nb/0301")
    assert hits(html)  # Oslo's every text holds the payload
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{7*7}}" in html
    assert set(marks(html)) >= {"script", "alert", "img", "onerror"}
    for mark in re.findall(r"<mark>(.*?)</mark>", html):
        assert "<" not in mark and ">" not in mark
    value = re.search(r'name="q" value="([^"]*)"', html).group(1)
    assert unescape(value) == " ".join(PAYLOAD.split())


def test_each_municipality_searches_its_own_data(both):
    oslo = hits(search(both, "delmål", "/nb/0301"))
    assert oslo and all(link.startswith("/nb/0301/goals/") for _kind, link, _title in oslo)
    assert hits(search(both, "skole", "/nb/0301")) == []
    asker = hits(search(both, "skole", "/nb/3203"))
    assert asker and all(link.startswith("/nb/3203/") for _kind, link, _title in asker)
    assert hits(search(both, "onerror", "/nb/3203")) == []
    assert both.get("/nb/search", params={"q": "skole"}).status_code == 404


def test_the_index_follows_new_data(tmp_path):
    url = asker_database(tmp_path)
    client = client_for(url)
    assert hits(search(client, "zqxvyord")) == []
    file = tmp_path / "okonomi.md"
    file.write_text(
        "---\nsection: Økonomi\nkind: focus_area\nperiod: 2024-2027\n---\nEt zqxvyord.\n",
        encoding="utf-8",
    )
    engine = make_engine(url)
    with session_scope(engine) as session:
        assert not load_narrative(session, file, municipality="3203")[1]
    engine.dispose()
    assert hits(search(client, "zqxvyord")) == [
        ("Satsingsområde", "/nb/focus-areas/okonomi", "Økonomi")
    ]
