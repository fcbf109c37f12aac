"""The planning cycle's public pages (issue 14): the political calendar with its iCalendar
file, the climate budget and the action programme, for Asker; a municipality without these
data gets 404s and no links; hostile texts of measures and meetings are escaped."""

import datetime as dt
import json
import re
from html import unescape

import icalendar
import pytest

from sdgplan.climate import import_climate_file
from sdgplan.config import Settings
from sdgplan.domain.calendar import event_uid
from sdgplan.political_calendar import calendar_events, load_calendar_file
from sdgplan.store.db import make_engine, session_scope
from sdgplan.web.pages_cycle import subscription_years
from sdgplan.web.static_site import build_site
from tests.reports.oslo import oslo_database
from tests.web.test_pages import asker_database, client_for

PAGES = ("calendar", "calendar.ics", "climate", "programme", "programme/2024-2027")
HOSTILE = "<script>alert('x')</script> & \"møte\""
QUOTED = json.dumps(HOSTILE)  # JSON strings are YAML


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    return asker_database(tmp_path_factory.mktemp("cycle-pages"))


@pytest.fixture(scope="module")
def client(asker):
    return client_for(asker)


def text_of(html: str) -> str:
    """The page's main content as text, with runs of white space as one space."""
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main)))


def table(html: str, caption: str) -> list[list[str]]:
    """The rows of the table with `caption` as lists of cell texts."""
    start = html.index(caption)
    body = html[start : html.index("</table>", start)]
    return [
        [re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", c))).strip() for c in cells]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
        for cells in [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
    ]


def test_the_home_page_links_to_the_cycle_pages(client):
    home = client.get("/nb/").text
    for page in ("programme", "climate", "calendar"):
        assert f'href="/nb/{page}"' in home


def test_the_calendar_lists_the_year_by_date_with_links_to_the_programme(client):
    page = client.get("/nb/calendar?year=2023")
    assert page.status_code == 200
    text = text_of(page.text)
    assert "Politisk årshjul 2023" in text
    rows = table(page.text, "Milepæler og møter i 2023")
    assert rows[1][0] == "19. september 2023"
    assert rows[2][0] == "20. september 2023 – 20. oktober 2023"  # the hearing, a period
    starts = re.findall(r'<tr class="[a-z]+">\s*<td><time datetime="([0-9-]+)"', page.text)
    assert len(starts) == len(rows) - 1 == 6 and starts == sorted(starts)  # by date
    # the adoption in 2023 produced the stored programme 2024-2027: linked to its version
    assert 'href="/nb/programme/2024-2027#version-vedtatt"' in page.text
    assert 'id="version-vedtatt"' in client.get("/nb/programme/2024-2027").text
    assert 'href="/nb/calendar.ics"' in page.text
    meetings = client.get("/nb/calendar?year=2024").text
    assert "Kommunestyrets møte" in meetings and "kl. 17:00–22:00" in meetings
    assert "Illustrativt eksempel" in meetings


def test_the_calendar_without_a_year_shows_this_year(client):
    year = dt.date.today().year
    page = client.get("/nb/calendar")
    assert page.status_code == 200
    assert f"Politisk årshjul {year}" in text_of(page.text)
    assert f'<option value="{year}" selected>' in page.text


@pytest.mark.parametrize("year", ["abc", "1800", "20245"])
def test_a_year_that_is_no_year_is_not_found(client, year):
    assert client.get(f"/nb/calendar?year={year}").status_code == 404


def test_the_political_activity_table(client):
    rows = table(client.get("/nb/calendar").text, "Politiske møter og saker, 2020–2022")
    assert rows[0] == ["Organ", "2020", "2021", "2022"]
    assert rows[1][:2] == ["Møter 2020", "Saker 2020"]
    assert rows[-1] == ["Sum", "142", "975", "191", "1095", "172", "1087"]
    ended = next(r for r in rows if r[0] == "Heltidsutvalget")
    assert ended[5:] == ["Avsluttet", ""]


def test_the_ics_file_has_the_calendars_events(client, asker):
    answer = client.get("/nb/calendar.ics")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/calendar; charset=utf-8"
    assert answer.headers["content-disposition"] == 'attachment; filename="3203-arshjul.ics"'
    parsed = icalendar.Calendar.from_ical(answer.content)
    found = {
        (str(e["uid"]), str(e["summary"]), _day(e.decoded("dtstart")))
        for e in parsed.walk("VEVENT")
    }
    engine = make_engine(asker)
    with session_scope(engine) as session:
        years = subscription_years(session, "3203", dt.date.today())
        expected = {
            (event_uid("3203", e.start.year, e.key), e.title, e.start)
            for year in years
            for e in calendar_events(session, "3203", year)
        }
    engine.dispose()
    assert 2024 in years and dt.date.today().year in years  # the meetings, and this year
    assert found == expected
    assert len(expected) > 12


def _day(value):
    return value.date() if isinstance(value, dt.datetime) else value


def test_the_climate_page(client):
    page = client.get("/nb/climate")
    assert page.status_code == 200
    text = text_of(page.text)
    assert "-67 % fra 2009 til 2030" in text
    assert 'class="vega-spec"' in page.text and 'role="img"' in page.text
    assert "Utslippene var 178 984 tonn CO₂-ekvivalenter i 2021." in text
    years = {r[0]: r[1:] for r in table(page.text, "Utslipp, tak, framskriving og gap")}
    assert years["2019"][0] == "186 211"
    assert years["2025"][1] == "156 459"  # the ceiling on the straight line
    assert years["2009"][0] == "319 614 (avledet)"
    assert years["2021"][4] == "-44,0 %"
    measures = table(page.text, "Klimatiltak med beregnet effekt")
    assert measures[1] == [
        "Nullutslippsbiler i den kommunale bilparken",
        "1500",
        "2023–",
        "Samfunnstjenester",
        "i gang",
        "Veitrafikk",
        "illustrativt",
    ]
    sectors = table(page.text, "Utslipp etter sektor og år")
    assert sectors[0] == ["År", "Uspesifisert (bare totalen)"]
    assert ["2020", "180 661"] in sectors


def test_the_programme_page(client):
    page = client.get("/nb/programme")
    assert page.status_code == 200
    assert text_of(page.text) == text_of(client.get("/nb/programme/2024-2027").text)
    versions = table(page.text, "Versjonene av handlingsprogrammet 2024-2027")
    assert [r[0] for r in versions[1:]] == [
        "Forslaget",
        "Endringsforslaget fra H",
        "Endringsforslaget fra Ap",
        "Tilleggsinnstillingen",
        "Vedtaket (vist under)",
    ]
    changes = table(page.text, "Hva Endringsforslaget fra H endrer mot forslaget")
    assert changes[1:] == [
        ["Nytt: Gratis leksehjelp (Nytt tiltak)", "5", "5", "5", "5"],
        ["Fjernet: Innbyggertorg på Spikkestad (Nytt tiltak)", "-3", "-3", "-3", "-3"],
        ["Sum endringer", "2", "2", "2", "2"],
    ]
    areas = {r[0]: r[1:] for r in table(page.text, "Per satsingsområde, mill. kr")}
    assert areas["Økonomi"] == ["-40", "-70", "-100", "-130"]
    rules = table(page.text, "Handlingsregler per år")
    assert rules[1][2] == "2,5 % brytes" and rules[1][3] == "3,1 % holdes"
    assert 'href="/nb/reports/action-programme-2024-2027.html"' in page.text
    assert 'href="/nb/programme/2020-2023"' in page.text
    assert client.get("/nb/programme/2020-2023").status_code == 200
    assert 'href="/nb/programme"' in client.get("/nb/reports").text


def test_an_unknown_period_is_not_found(client):
    assert client.get("/nb/programme/2030-2033").status_code == 404
    assert client.get("/nb/programme/tull").status_code == 404


def test_the_english_pages(client):
    for path in ("calendar", "climate", "programme"):
        page = client.get(f"/en/{path}")
        assert page.status_code == 200 and '<html lang="en">' in page.text
    assert "<h1>Climate budget</h1>" in client.get("/en/climate").text
    assert "<h1>Political calendar 2024</h1>" in client.get("/en/calendar?year=2024").text
    assert 'href="/en/calendar.ics"' in client.get("/en/calendar").text


def test_a_municipality_without_the_data_has_no_pages_and_no_links(tmp_path):
    client = client_for(oslo_database(tmp_path))
    home = client.get("/nb/")
    assert home.status_code == 200
    for path in PAGES:
        answer = client.get(f"/nb/{path}")
        assert answer.status_code == 404, path
        assert path == "calendar.ics" or "Fant ikke siden" in answer.text
        assert f'href="/nb/{path}"' not in home.text


def test_hostile_titles_are_escaped(tmp_path):
    url = oslo_database(tmp_path)
    budget = tmp_path / "budget.yaml"
    budget.write_text(
        "format: sdgplan-climate-budget\nformat_version: 1\nmeasures:\n"
        f"  - key: farlig\n    name: {QUOTED}\n    effect: 10\n    start_year: 2025\n"
        f"    owner: {QUOTED}\n",
        encoding="utf-8",
    )
    calendar = tmp_path / "calendar.yaml"
    calendar.write_text(
        "meetings:\n  - date: 2025-03-04\n    time: '18:00'\n"
        f"    body: {QUOTED}\n    title: {QUOTED}\n    location: {QUOTED}\n",
        encoding="utf-8",
    )
    engine = make_engine(url)
    with session_scope(engine) as session:
        import_climate_file(session, budget, municipality="0301", who="test")
        load_calendar_file(session, calendar, municipality="0301", who="test")
    engine.dispose()
    client = client_for(url)
    home = client.get("/nb/").text
    assert 'href="/nb/climate"' in home and 'href="/nb/calendar"' in home
    assert 'href="/nb/programme"' not in home
    for path in ("climate", "calendar?year=2025"):
        page = client.get(f"/nb/{path}")
        assert page.status_code == 200
        assert "<script>alert" not in page.text
        assert "&lt;script&gt;alert(" in page.text
        assert HOSTILE in text_of(page.text)
    ics = icalendar.Calendar.from_ical(client.get("/nb/calendar.ics").content)
    assert [str(e["summary"]) for e in ics.walk("VEVENT")] == [HOSTILE]


def test_the_static_site_has_the_pages_and_the_calendar_file(asker, tmp_path):
    out = tmp_path / "site"
    build_site(Settings(db=asker), out, reports=False)
    for lang in ("nb", "en"):
        for page in ("calendar", "climate", "programme", "programme/2020-2023"):
            assert (out / lang / page / "index.html").is_file(), (lang, page)
        ics = icalendar.Calendar.from_ical((out / lang / "calendar.ics").read_bytes())
        assert len(ics.walk("VEVENT")) > 12
    calendar = (out / "nb" / "calendar" / "index.html").read_text("utf-8")
    assert 'href="../calendar.ics"' in calendar
