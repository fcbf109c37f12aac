"""The action programme documents on the public web: `/reports` lists one per programme
period, `/reports/action-programme-{first}-{last}.html|pdf` serve it in the path's language,
kept per data revision; unknown periods are not found; hostile text is escaped."""

import re

import pytest

from sdgplan.programme import import_programme
from sdgplan.store import programme_repo
from sdgplan.store.db import make_engine, session_scope
from tests.reports.oslo import oslo_database
from tests.reports.test_action_programme import OSLO_PROGRAMME
from tests.web.test_pages import asker_database, client_for


@pytest.fixture(scope="module")
def asker_url(tmp_path_factory):
    return asker_database(tmp_path_factory.mktemp("asker"))


@pytest.fixture(scope="module")
def asker(asker_url):
    return client_for(asker_url)


@pytest.fixture(scope="module")
def oslo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("oslo")
    url = oslo_database(folder)
    path = folder / "programme.yaml"
    path.write_text(OSLO_PROGRAMME, encoding="utf-8")
    engine = make_engine(url)
    with session_scope(engine) as session:
        import_programme(session, path, municipality="0301", who="test")
    engine.dispose()
    return client_for(url)


def stored_periods(url, number):
    engine = make_engine(url)
    with session_scope(engine) as session:
        periods = programme_repo.periods(session, number)
    engine.dispose()
    return periods


def listed(html, base, suffix):
    return re.findall(
        rf'href="{re.escape(base)}reports/action-programme-(\d{{4}}-\d{{4}})\.{suffix}"', html
    )


def test_the_reports_page_lists_one_document_per_period(asker, asker_url):
    periods = stored_periods(asker_url, "3203")
    assert len(periods) == 5
    html = asker.get("/nb/reports").text
    assert listed(html, "/nb/", "html") == list(reversed(periods))  # newest first
    assert listed(html, "/nb/", "pdf") == list(reversed(periods))
    assert '<h2 id="action-programmes">Handlingsprogram</h2>' in html
    assert '<span class="report-name">Handlingsprogram 2024-2027</span></p>' in html
    # the key-figure reports are still there
    assert "reports/four-year-" in html and "reports/annual-" in html
    english = asker.get("/en/reports").text
    assert '<h2 id="action-programmes">Action programme</h2>' in english
    assert "Action programme 2024-2027" in english
    assert listed(english, "/en/", "pdf") == list(reversed(periods))


def test_the_document_is_served_as_html_and_kept(asker):
    url = "/nb/reports/action-programme-2024-2027.html"
    first = asker.get(url)
    assert first.status_code == 200
    assert first.headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in first.headers["content-security-policy"]
    assert 'filename="3203-action-programme-2024-2027.html"' in first.headers["content-disposition"]
    html = first.text
    assert html.startswith('<!DOCTYPE html>\n<html lang="nb">')
    assert '<h1 class="report-title">Handlingsprogram 2024-2027 med budsjett 2024</h1>' in html
    assert 'id="klimabudsjett"' in html and "<script" not in html
    again = asker.get(url)
    assert again.headers["etag"] == first.headers["etag"] and again.text == html
    older = asker.get("/nb/reports/action-programme-2021-2024.html")
    assert older.status_code == 200 and "Handlingsprogram 2021-2024" in older.text
    assert older.headers["etag"] != first.headers["etag"]
    english = asker.get("/en/reports/action-programme-2024-2027.html")
    assert english.text.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "The service areas" in english.text


def test_the_document_is_served_as_pdf(asker):
    reply = asker.get("/nb/reports/action-programme-2024-2027.pdf")
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "application/pdf"
    assert reply.content.startswith(b"%PDF-")
    assert asker.get("/nb/reports/action-programme-2024-2027.pdf").content == reply.content


@pytest.mark.parametrize(
    "name",
    [
        "action-programme-2030-2033.html",
        "action-programme-2024-2027.txt",
        "action-programme-2024.html",
        "action-programme-2024-2027-x.pdf",
    ],
)
def test_an_unknown_document_is_not_found(asker, name):
    reply = asker.get(f"/nb/reports/{name}")
    assert reply.status_code == 404
    assert f"Fant ingen rapport «{name}»" in reply.text


def test_a_municipality_with_only_a_programme_and_hostile_text(oslo):
    html = oslo.get("/nb/reports").text
    assert listed(html, "/nb/", "html") == ["2025-2026"]
    document = oslo.get("/nb/reports/action-programme-2025-2026.html")
    assert document.status_code == 200
    text = document.text
    assert "<script" not in text and "<img src=x" not in text
    assert "Lesesatsing &lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert 'id="klimabudsjett"' not in text and 'id="arshjul"' not in text
