"""The reports on the web: `/reports` lists what the data can make (the years the report
service accepts), `/reports/{kind}-{year}.html|pdf` render it in the path's language, kept
per data revision; the home page links the latest; the app can leave reports out."""

import re
import time

import pytest
from fastapi.testclient import TestClient

from sdgplan.config import Settings
from sdgplan.errors import ConfigError
from sdgplan.reports.disk_cache import cache_folder
from sdgplan.reports.figure_years import figure_years
from sdgplan.reports.model import build_report
from sdgplan.reports.periods import council_term
from sdgplan.reports.render import chart_labels
from sdgplan.store import indicator_repo
from sdgplan.store.db import make_engine, session_scope
from sdgplan.web.app import create_app
from tests.web.test_pages import add_asker, add_hostile_oslo, asker_database, client_for


@pytest.fixture(scope="module")
def asker_url(tmp_path_factory):
    return asker_database(tmp_path_factory.mktemp("asker"))


@pytest.fixture(scope="module")
def asker(asker_url):
    return client_for(asker_url)


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    folder = tmp_path_factory.mktemp("both")
    url = f"sqlite:///{folder / 'both.db'}"
    add_hostile_oslo(url, folder)
    return client_for(add_asker(url))


def expected_reports(url: str, number: str) -> set[str]:
    """What the report service accepts: `--year` must have key figures (`figure_years`);
    a four-year report covers the council term of its year."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        data = indicator_repo.load_indicator_set(session, number)
        observations = indicator_repo.load_observations(session, number)
    engine.dispose()
    years = figure_years(data, observations, area=number).observed
    terms = {
        council_term(y): max(x for x in years if council_term(x) == council_term(y)) for y in years
    }
    return {f"annual-{y}" for y in years} | {f"four-year-{y}" for y in terms.values()}


def listed(html: str, base: str, suffix: str) -> list[str]:
    return re.findall(rf'href="{re.escape(base)}reports/([a-z-]+-\d{{4}})\.{suffix}"', html)


def test_list_has_every_report_the_data_can_make(asker, asker_url):
    html = asker.get("/nb/reports").text
    expected = expected_reports(asker_url, "3203")
    assert len(expected) >= 3
    assert set(listed(html, "/nb/", "html")) == expected
    assert listed(html, "/nb/", "html") == listed(html, "/nb/", "pdf")
    assert "<h1>Rapporter</h1>" in html
    annual = sorted(int(n.removeprefix("annual-")) for n in expected if n.startswith("annual"))
    assert f"Årsrapport {annual[-1]}" in html
    first, last = council_term(annual[-1])
    assert f"4-årsrapport {first}-{last}" in html
    english = asker.get("/en/reports").text
    assert f"Annual report {annual[-1]}" in english and "Four-year report" in english
    assert set(listed(english, "/en/", "pdf")) == expected


def test_a_year_the_service_refuses_is_not_found(asker, asker_url):
    years = [int(n.rsplit("-", 1)[1]) for n in expected_reports(asker_url, "3203")]
    missing = min(years) - 1
    engine = make_engine(asker_url)
    with session_scope(engine) as session, pytest.raises(ConfigError):
        build_report(session, kind="annual", year=missing, labels=chart_labels("nb"))
    engine.dispose()
    for name in (f"annual-{missing}.html", f"four-year-{missing}.pdf", "annual-x.html"):
        assert asker.get(f"/nb/reports/{name}").status_code == 404
    newest = f"annual-{max(years)}"
    assert asker.get(f"/nb/reports/{newest}.docx").status_code == 404
    assert asker.get(f"/nb/reports/{newest}").status_code == 404


def test_html_report_on_demand_then_kept(asker, asker_url):
    years = [int(n.rsplit("-", 1)[1]) for n in expected_reports(asker_url, "3203")]
    path = f"/en/reports/annual-{max(years)}.html"
    start = time.perf_counter()
    first = asker.get(path)
    made = time.perf_counter() - start
    start = time.perf_counter()
    second = asker.get(path)
    kept = time.perf_counter() - start
    print(f"\nHTML report: {made:.2f} s made, {kept:.3f} s kept")  # noqa: T201
    assert first.status_code == 200 and second.content == first.content
    assert first.headers["content-type"] == "text/html; charset=utf-8"
    html = first.text
    assert '<html lang="en">' in html and f"Annual report {max(years)}" in html
    assert "Asker" in html
    policy = first.headers["content-security-policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy and "default-src 'none'" in policy
    assert "script-src" not in policy and "<script" not in html  # static SVG charts
    assert "<svg" in html
    assert kept < 0.5
    # a new server process over the same data takes the file from the disk cache: it
    # writes nothing there
    folder = cache_folder() / "reports"
    before = {p: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert before
    again = client_for(asker_url).get(path)
    assert again.content == first.content
    assert {p: p.stat().st_mtime_ns for p in folder.iterdir()} == before


def test_pdf_report_of_a_hostile_municipality(both):
    html = both.get("/nb/0301/reports").text
    names = listed(html, "/nb/0301/", "pdf")
    assert names
    response = both.get(f"/nb/0301/reports/{names[0]}.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="0301-{names[0]}.pdf"' in response.headers["content-disposition"]
    report = both.get(f"/nb/0301/reports/{names[0]}.html").text
    assert "<script>alert" not in report and "&lt;script&gt;alert(1)&lt;/script&gt;" in report
    assert "<script" not in report


def test_home_links_the_latest_report(asker, asker_url):
    expected = expected_reports(asker_url, "3203")
    newest = max(int(n.rsplit("-", 1)[1]) for n in expected)
    latest = f"four-year-{newest}" if f"four-year-{newest}" in expected else f"annual-{newest}"
    for lang in ("nb", "en"):
        home = asker.get(f"/{lang}/").text
        assert listed(home, f"/{lang}/", "html") == [latest]
        assert listed(home, f"/{lang}/", "pdf") == [latest]
        assert f'href="/{lang}/reports"' in home


def test_reports_can_be_left_out(asker_url):
    app = create_app(Settings(db=asker_url))
    app.state.reports = False
    client = TestClient(app)
    home = client.get("/nb/").text
    assert "/reports" not in home
    assert client.get("/nb/reports").status_code == 404
    name = sorted(expected_reports(asker_url, "3203"))[0]
    assert client.get(f"/nb/reports/{name}.html").status_code == 404
    assert client.get("/nb/accessibility").status_code == 200
