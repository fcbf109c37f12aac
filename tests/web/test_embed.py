"""The embeddable indicator page: chart, table, source and a link back, without the site's
header; any site may frame it (and only it); the indicator page offers the snippet to copy,
escaped; hostile texts stay text."""

import re
from html import unescape

import pytest

from tests.reports.test_hostile_report import PAYLOAD
from tests.web.test_pages import add_asker, add_hostile_oslo, asker_database, client_for

KEY = "okonomi-disposisjonsfond"


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    return client_for(asker_database(tmp_path_factory.mktemp("asker")))


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    folder = tmp_path_factory.mktemp("both")
    url = f"sqlite:///{folder / 'both.db'}"
    add_hostile_oslo(url, folder)
    return client_for(add_asker(url))


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_embed_page_has_chart_table_source_and_a_link_back(asker, lang):
    response = asker.get(f"/{lang}/embed/indicators/{KEY}")
    assert response.status_code == 200
    html = response.text
    assert f'<html lang="{lang}">' in html
    assert 'class="vega-spec" data-target="chart-okonomi-disposisjonsfond"' in html
    assert '<th scope="row">2019</th><td class="number">15,1 %</td>' in html
    assert re.search(r'<dt>(Enhet|Unit)</dt><dd lang="nb">%</dd>', html)
    assert f'<a href="/{lang}/indicators/{KEY}" target="_top">' in html
    assert '<script src="/static/charts.js" defer>' in html
    # no site header, menu, language switch or footer
    assert "site-header" not in html and "<nav" not in html and "site-footer" not in html


def test_only_the_embed_page_may_be_framed_by_any_site(asker):
    embed = asker.get(f"/nb/embed/indicators/{KEY}").headers["content-security-policy"]
    assert embed.endswith("frame-ancestors *") and "frame-ancestors 'self'" not in embed
    assert "script-src 'self'" in embed and "default-src 'self'" in embed
    page = asker.get(f"/nb/indicators/{KEY}").headers["content-security-policy"]
    assert "frame-ancestors 'self'" in page


def test_embed_of_an_unknown_indicator_is_not_found(asker):
    response = asker.get("/en/embed/indicators/finnes-ikke")
    assert response.status_code == 404
    assert "Unknown indicator" in unescape(response.text)


def test_indicator_page_offers_the_snippet_and_links_the_embed_page(asker):
    html = asker.get(f"/en/indicators/{KEY}").text
    assert f'<a href="/en/embed/indicators/{KEY}">' in html
    assert '<label for="embed-snippet">' in html
    textarea = re.search(r'<textarea id="embed-snippet"[^>]*readonly[^>]*>([^<]*)</textarea>', html)
    snippet = unescape(textarea[1])
    assert snippet.startswith(f'<iframe src="http://testserver/en/embed/indicators/{KEY}" title="')
    assert snippet.endswith("></iframe>")


def test_hostile_oslo_is_escaped_on_its_embed_page_and_in_its_snippet(both):
    response = both.get("/nb/0301/embed/indicators/andel")
    assert response.status_code == 200
    html = response.text
    assert PAYLOAD not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert unescape(re.search(r'<h1 lang="nb">([^<]*)</h1>', html)[1]) == f"Andel {PAYLOAD}"
    assert '<a href="/nb/0301/indicators/andel" target="_top">' in html
    facts = dict(re.findall(r'<dt>([^<]*)</dt><dd lang="nb">([^<]*)</dd>', html))
    assert unescape(facts["Kilde"]) == f"Kilde {PAYLOAD}"  # the source, as text
    for tag in re.findall(r"<script[^>]*>", html):
        assert 'type="application/json"' in tag or "src=" in tag, tag

    page = both.get("/nb/0301/indicators/andel").text
    assert PAYLOAD not in page
    snippet = unescape(re.search(r'<textarea id="embed-snippet"[^>]*>([^<]*)</textarea>', page)[1])
    # the copied HTML escapes the name once more, for the page it is pasted into
    assert 'title="Andel &lt;script&gt;alert(1)&lt;/script&gt; &#34;&gt;&lt;img' in snippet
    assert "<script>" not in snippet
    assert "/nb/0301/embed/indicators/andel" in snippet
