"""The SDG method tool's public pages (issue 15): the method table's levels with the printable
document, the materiality matrix with the plan check, and the benefit plans, for Asker; a
municipality without these data gets 404s; hostile texts of all three are escaped."""

import json
import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from sdgplan.benefits import import_benefit_file
from sdgplan.config import Settings
from sdgplan.materiality import import_materiality_file
from sdgplan.method_tool import import_method
from sdgplan.store.db import make_engine, session_scope
from sdgplan.web import pages
from sdgplan.web.app import create_app
from sdgplan.web.pages_method import method_pages
from tests.reports.oslo import oslo_database
from tests.web.test_pages import asker_database

MODULE = "sdgplan.web.pages_method"
PAGES = ("method", "method/2020-2032.html", "materiality", "benefits")
HOSTILE = "<script>alert('x')</script> & \"mål\""
QUOTED = json.dumps(HOSTILE)  # JSON strings are YAML


def app_for(url: str) -> TestClient:
    """The application with the method pages, whether or not `pages.PAGE_MODULES` has them
    yet (until it does, they are added while the app is made)."""
    kept = pages.PAGE_MODULES
    if MODULE not in kept:
        pages.PAGE_MODULES = (*kept, MODULE)
    try:
        return TestClient(create_app(Settings(db=url)))
    finally:
        pages.PAGE_MODULES = kept


@pytest.fixture(scope="module")
def asker_url(tmp_path_factory):
    return asker_database(tmp_path_factory.mktemp("method-pages"))


@pytest.fixture(scope="module")
def client(asker_url):
    return app_for(asker_url)


def text_of(html: str) -> str:
    """The page's main content as text, with runs of white space as one space and none
    before a colon (the end of a tag)."""
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main))).replace(" :", ":")


def table(html: str, caption: str) -> list[list[str]]:
    """The rows of the table with `caption` as lists of cell texts."""
    start = html.index(caption)
    body = html[start : html.index("</table>", start)]
    return [
        [re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", c))).strip() for c in cells]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
        for cells in [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
    ]


def section(html: str, heading_id: str, end: str = "<h2") -> str:
    """The HTML from the heading with `heading_id` to the next `end` (a heading of level 2)."""
    start = html.index(f'id="{heading_id}"')
    stop = html.find(end, start)
    return html[start : stop if stop != -1 else None]


def test_the_method_page_shows_level_1_with_each_sdg_beside_its_colour(client):
    page = client.get("/nb/method")
    assert page.status_code == 200
    html = page.text
    rows = table(html, "Globale mål, hva de betyr for kommunen, og delmålene som gjelder")
    assert rows[0] == [
        "Globalt mål",
        "Kommunal betydning",
        "Globale delmål",
        "Mål og strategier i planen",
    ]
    by_goal = {row[0]: row for row in rows[1:]}
    assert [r[0].split()[0] for r in rows[1:]] == ["3", "4", "9", "11", "13"]
    sdg_11 = by_goal["11 Bærekraftige byer og lokalsamfunn"]
    assert sdg_11[1].startswith("Målet handler om å sikre allmenn tilgang til grunnleggende behov")
    assert sdg_11[2] == "11.1, 11.2, 11.3, 11.4, 11.6, 11.7, 11.a"  # 11.7a read as 11.a
    # the colour is a class beside the number and name, never alone; the header is scoped
    assert re.search(
        r'<th scope="row" class="sdg-banner sdg-11"><a href="/nb/sdgs/11">11 Bærekraftige', html
    )
    assert 'role="region" aria-labelledby="level-1-caption"' in html
    assert 'href="/nb/goals/baerekraftige-byer-og-samfunn.0"' in html
    assert client.get("/nb/goals/baerekraftige-byer-og-samfunn.0").status_code == 200
    text = text_of(html)
    assert "Ingen rader på nivå 2." in text and "Ingen rader på nivå 3." in text
    assert "illustrerende" not in text  # seed 002's table; only the scoring is illustrative
    assert 'href="/nb/method/2020-2032.pdf"' in html
    assert 'href="/nb/method/2020-2032.html"' in html


def test_the_method_page_in_english_and_by_cycle(client):
    english = client.get("/en/method?cycle=2020-2032")
    assert english.status_code == 200
    rows = table(english.text, "Global goals, what they mean for the municipality")
    assert rows[0][0] == "Global goal"
    assert rows[4][0] == "11 Sustainable cities and communities"
    assert 'href="/en/goals/baerekraftige-byer-og-samfunn.0"' in english.text
    missing = client.get("/nb/method?cycle=2016-2028")
    assert missing.status_code == 404
    assert "Fant ikke planperioden «2016-2028»" in missing.text


def test_the_method_document_is_served_as_html_and_pdf(client):
    html = client.get("/nb/method/2020-2032.html")
    assert html.status_code == 200
    assert html.headers["content-type"] == "text/html; charset=utf-8"
    assert html.headers["content-disposition"] == 'inline; filename="3203-method-2020-2032.html"'
    assert "style-src 'self' 'unsafe-inline'" in html.headers["content-security-policy"]
    assert "Målet handler om å sikre allmenn tilgang" in html.text
    tag = html.headers["etag"]
    again = client.get("/nb/method/2020-2032.html")
    assert again.headers["etag"] == tag and again.content == html.content
    pdf = client.get("/en/method/2020-2032.pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == 'inline; filename="3203-method-2020-2032.pdf"'
    assert pdf.content.startswith(b"%PDF-")
    for name in ("2016-2028.pdf", "2020-2032.docx", "2020-2032"):
        assert client.get(f"/nb/method/{name}").status_code == 404


def test_the_materiality_page_states_the_method_and_lists_the_prioritised(client):
    page = client.get("/nb/materiality")
    assert page.status_code == 200
    html = page.text
    text = text_of(html)
    assert "Illustrative tall:" in text
    assert "på en skala fra 1 til 5" in text
    assert "slått sammen som gjennomsnittet av 3 vurderere" in text
    assert "Prioritert: begge akser minst 3. Lavt vurdert: begge akser under 3." in text
    rows = table(html, "Prioriterte mål og delmål, sterkest først")
    assert rows[0] == [
        "Mål eller delmål",
        "Viktighet for interessentene",
        "Kommunens påvirkning",
        "Vurderere",
    ]
    by_code = {row[0].split()[0]: row for row in rows[1:]}
    assert by_code["11.7"][1:] == ["4,7", "4,7", "3"]
    assert "Mål 11 Bærekraftige byer og lokalsamfunn" in by_code["11.7"][0]
    sums = [float(r[1].replace(",", ".")) + float(r[2].replace(",", ".")) for r in rows[1:]]
    assert sums == sorted(sums, reverse=True)  # strongest first
    assert f"Prioriterte ({len(rows) - 1})" in text
    every = table(html, "Alle vurderte mål og delmål i FNs rekkefølge")
    marked = {row[0].split()[0] for row in every[1:] if row[4] == "Prioritert"}
    assert marked == set(by_code)
    assert next(r for r in every if r[0].startswith("7.2 "))[4] == "Lavt vurdert"


def test_the_materiality_page_checks_the_plan(client):
    html = client.get("/nb/materiality").text
    gaps = section(html, "plan-check")
    gap_part = gaps[gaps.index('id="gaps"') : gaps.index('id="lows"')]
    items = [text_of(f"<main>{li}</main>") for li in re.findall(r"<li>(.*?)</li>", gap_part, re.S)]
    assert [i.split()[0] for i in items] == ["13.2", "1.2", "4.5"]
    assert "viktighet 4,7, påvirkning 4,3. Bare mål 13 som helhet:" in items[0]
    assert 'href="/nb/goals/handling-mot-klimaendringene.0"' in gap_part
    low_part = gaps[gaps.index('id="lows"') :]
    assert "Planen viser til lavt vurderte (3)" in text_of(f"<main>{low_part}</main>")
    strategy = re.search(r'href="(/nb/goals/[^"#]+)#strategy-([^"]+)"', low_part)
    assert strategy is not None
    goal_page = client.get(strategy[1])
    assert goal_page.status_code == 200 and f'id="strategy-{strategy[2]}"' in goal_page.text


def test_the_materiality_chart_is_a_static_picture_with_a_phone_variant(client):
    html = client.get("/nb/materiality").text
    figure = re.search(r'<figure class="chart matrix">(.*?)</figure>', html, re.S)
    assert figure is not None
    assert (
        '<source media="(max-width: 600px)" srcset="/nb/materiality/2020-2032-phone.svg">'
        in (figure[1])
    )
    image = re.search(r'<img src="([^"]+)" alt="([^"]+)">', figure[1])
    assert image is not None and image[1] == "/nb/materiality/2020-2032.svg"
    assert image[2].startswith("Diagram: Vesentlighetsmatrise: kommunens påvirkning")
    assert "Diagrammet viser tallene i tabellen «Alle vurderte» under." in figure[1]
    assert "<script" not in html  # nothing to run: the page is whole without JavaScript

    widths = {}
    for name in ("2020-2032", "2020-2032-phone"):
        answer = client.get(f"/nb/materiality/{name}.svg")
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "image/svg+xml"
        assert answer.headers["content-security-policy"].startswith("default-src 'none'")
        svg = answer.text
        assert re.search(r">[^<]*\b11\.7\b[^<]*</text>", svg)  # the codes are text
        assert ">Kommunens påvirkning<" in svg
        found = re.match(r'<svg [^>]*width="(\d+)"', svg)
        assert found is not None
        widths[name] = int(found[1])
    assert widths["2020-2032"] <= 600 and widths["2020-2032-phone"] <= 300  # fits 320 px
    assert ">Municipal influence<" in client.get("/en/materiality/2020-2032.svg").text
    for wrong in ("2016-2028.svg", "2020-2032.png", "-phone.svg", "2020-2032-phone.pdf"):
        assert client.get(f"/nb/materiality/{wrong}").status_code == 404
    assert client.get("/nb/materiality?cycle=2016-2028").status_code == 404


def test_the_benefits_page_rolls_up_each_area_with_reasons(client):
    page = client.get("/nb/benefits")
    assert page.status_code == 200
    html = page.text
    areas = table(html, "Målområder samlet")
    assert areas[0] == ["Målområde", "Samlet vurdering", "Gevinster"]
    by_area = {row[0]: row for row in areas[1:]}
    assert by_area["Samfunnsutvikling"][1:] == [
        "✔ God måloppnåelse",
        "2 i rute, 0 følg med, 0 utenfor, 0 ikke vurdert",
    ]
    assert by_area["Arbeidsgiverutvikling"][1] == "– Ikke vurdert"
    text = text_of(html)
    assert "Illustrative tall:" in text
    area = section(html, "area-1-samfunnsutvikling", "</section>")
    area_text = text_of(f"<main>{area}</main>")
    assert "Samlet: ✔ God måloppnåelse: 2 i rute" in area_text
    assert (
        "Vurdering ✔ I rute: Endring fra nullpunktet 2019 til 2022: økning på 15 prosentpoeng "
        "(bedring)."
    ) in area_text
    assert "Nullpunkt 2019 63 % Siste verdi 78 % (2022)" in area_text
    assert "Forventet 75 % i 2023" in area_text
    link = "/nb/indicators/byer-nye-boliger-leilighet-rekkehus"
    assert f'href="{link}"' in area
    assert client.get(link).status_code == 200
    employer = text_of(
        f"<main>{section(html, 'area-1-arbeidsgiverutvikling', '</section>')}</main>"
    )
    assert "– Ikke målt:" in employer and "ingen målt verdi i nullpunktsåret 2019" in employer


def test_the_benefits_page_in_english(client):
    text = text_of(client.get("/en/benefits").text)
    assert "Change from the 2019 baseline to 2022: increase of 15 percentage points" in text
    assert "Good attainment" in text


def test_the_home_page_check_names_the_pages_with_data(asker_url, tmp_path):
    engine = make_engine(asker_url)
    with session_scope(engine) as session:
        assert method_pages(session, "3203") == method_pages(session, "3203").__class__(
            method=True, materiality=True, benefits=True
        )
    engine.dispose()
    oslo = make_engine(oslo_database(tmp_path))
    with session_scope(oslo) as session:
        found = method_pages(session, "0301")
        assert not found and (found.method, found.materiality, found.benefits) == (
            False,
            False,
            False,
        )
    oslo.dispose()


def test_a_municipality_without_these_data_gets_404s(tmp_path):
    client = app_for(oslo_database(tmp_path))
    assert client.get("/nb/").status_code == 200
    for page in PAGES:
        response = client.get(f"/nb/{page}")
        assert response.status_code == 404, page
        assert "Fant ikke siden" in response.text


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Oslo with a method table, a materiality scoring and a benefit plan whose every free
    text is hostile."""
    folder = tmp_path_factory.mktemp("hostile-method")
    url = oslo_database(folder)
    method = folder / "method.yaml"
    method.write_text(
        "format: sdgplan-method\nformat_version: 1\nmunicipality: '0301'\ncycle: 2020-2032\n"
        f"title: {QUOTED}\nlevel_1:\n  - goal: 11\n    significance: {QUOTED}\n"
        "    targets: 11.7\nlevel_2:\n"
        f"  - {{target: 11.7, opportunities: {QUOTED}, challenges: {QUOTED}}}\n",
        encoding="utf-8",
    )
    materiality = folder / "materiality.yaml"
    materiality.write_text(
        "format: sdgplan-materiality\nformat_version: 1\nmunicipality: '0301'\n"
        f"cycle: 2020-2032\ntitle: {QUOTED}\nscale: {{min: 1, max: 5}}\naggregation: median\n"
        "scores:\n"
        f"  - {{code: '11.7', scorer: {QUOTED}, importance: 5, influence: 4}}\n"
        f"  - {{code: '7.2', scorer: {QUOTED}, importance: 1, influence: 2}}\n",
        encoding="utf-8",
    )
    benefits = folder / "benefits.yaml"
    benefits.write_text(
        "format: sdgplan-benefits\nformat_version: 1\nmunicipality: '0301'\nkey: gevinster\n"
        f"title: {QUOTED}\nbaseline_year: 2020\ntarget_year: 2023\nareas:\n"
        f"- key: omrade\n  name: {QUOTED}\n  benefits:\n"
        f"  - key: andel\n    text: {QUOTED}\n    indicator: andel\n    expected: 12\n",
        encoding="utf-8",
    )
    engine = make_engine(url)
    with session_scope(engine) as session:
        import_method(session, method, municipality="0301", who="test")
        import_materiality_file(session, materiality, municipality="0301", who="test")
        import_benefit_file(session, benefits, municipality="0301", who="test")
    engine.dispose()
    return app_for(url)


@pytest.mark.parametrize("page", PAGES)
def test_hostile_texts_are_escaped(hostile, page):
    response = hostile.get(f"/nb/{page}")
    assert response.status_code == 200
    assert HOSTILE not in response.text
    assert "<script>alert" not in response.text
    if page != "method/2020-2032.html":  # the document escapes quotes its own way
        assert (
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;mål&#34;" in response.text
        )


def test_hostile_texts_in_the_chart_are_escaped(hostile):
    html = hostile.get("/nb/materiality").text
    source = re.search(r'<img src="(/nb/materiality/[^"]+\.svg)"', html)
    assert source is not None
    svg = hostile.get(source[1]).text
    assert "<script" not in svg
    assert "&lt;script&gt;alert(" in svg  # the title, as text


def test_the_oslo_benefit_is_judged_from_its_baseline(hostile):
    text = text_of(hostile.get("/nb/benefits").text)
    assert "Endring fra nullpunktet 2020 til 2021: økning på 2,5" in text


def test_the_materiality_page_in_english_writes_numbers_the_english_way(client):
    text = text_of(client.get("/en/materiality").text)
    assert "on a scale from 1 to 5" in text and "the mean of 3 scorers" in text
    assert "13.2 Integrate climate change measures" in text
    assert "importance 4.7, influence 4.3. Only goal 13 as a whole:" in text


def test_level_2_rows_show_the_target_with_its_goal(hostile):
    html = hostile.get("/nb/method").text
    rows = table(html, "Lokale forutsetninger per globalt delmål")
    assert rows[0] == ["Globalt delmål", "Muligheter", "Utfordringer", "Mål og strategier i planen"]
    assert rows[1][0].startswith("11.7 ") and rows[1][0].endswith(
        "Mål 11 Bærekraftige byer og lokalsamfunn"
    )
    assert rows[1][1] == rows[1][2] == HOSTILE
    assert '<th scope="row" class="sdg-banner sdg-11"><span class="code">11.7</span>' in html
