"""Per-municipality site settings (`sites:` in the settings file): title, logo, accent colour,
contact; checked when read (file and key named), shown escaped, served at stable URLs."""

import io
import logging
import re

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from sdgplan.config import Settings, contrast_ratio, load_settings
from sdgplan.errors import ConfigError
from sdgplan.store.db import make_engine, upgrade
from sdgplan.web.app import create_app
from tests.web.test_pages import add_asker, add_hostile_oslo, asker_database

SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
    b'width="40" height="40"><circle cx="20" cy="20" r="18" fill="#fff"/></svg>\n'
)
HOSTILE = '<script>alert(1)</script>"'


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "#1f5f8b").save(buffer, format="PNG")
    return buffer.getvalue()


def write(folder, name: str, text: str):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def empty_database(folder) -> str:
    url = f"sqlite:///{folder / 'empty.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def problems_of(folder, text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        load_settings(write(folder, "sdgplan.yaml", text))
    return caught.value.message


# -- reading and checking the settings


def test_no_sites_gives_defaults_for_any_municipality():
    key, site = Settings().site("3203")
    assert key == "default"
    assert (site.title, site.logo, site.accent_colour, site.contact_email) == (None,) * 4
    assert str(site.accessibility.enforcement_url) == "https://www.uutilsynet.no/"


def test_own_entry_is_laid_over_default_field_by_field(tmp_path):
    (tmp_path / "logo.svg").write_bytes(SVG)
    settings = load_settings(
        write(
            tmp_path,
            "sdgplan.yaml",
            "sites:\n"
            "  default:\n"
            "    contact_email: postmottak@example.no\n"
            "    accessibility: {date: 2025-01-15, deviations: [Kart uten tekst.]}\n"
            '  "3203":\n'
            "    title: Bærekraft i kommunen\n"
            "    logo: logo.svg\n"
            '    accent_colour: "#1F5F8B"\n'
            "    accessibility: {deviations: [Noe annet.]}\n",
        )
    )
    key, asker = settings.site("3203")
    assert key == "3203"
    assert asker.title == "Bærekraft i kommunen"
    assert asker.contact_email == "postmottak@example.no"  # from default
    assert asker.accent_colour == "#1f5f8b"
    assert asker.logo == tmp_path / "logo.svg"  # relative to the settings file
    assert asker.accessibility.deviations == ["Noe annet."]
    assert str(asker.accessibility.date) == "2025-01-15"  # from default, inside the entry
    key, other = settings.site("0301")
    assert (key, other.title, other.accessibility.deviations) == (
        "default",
        None,
        ["Kart uten tekst."],
    )


def test_contrast_is_wcag_ratio():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#777777", "#ffffff") < 4.5


def test_bad_values_are_listed_with_file_and_key(tmp_path):
    message = problems_of(
        tmp_path,
        "sites:\n"
        "  default:\n"
        '    accent_colour: "#777777"\n'
        "    contact_url: javascript:alert(1)\n"
        "    contact_email: not an address\n"
        "  3203:\n"
        "    title: x\n"
        '  "0301":\n'
        "    logo: logo.gif\n"
        "    accesibility: {}\n",
    )
    config = tmp_path / "sdgplan.yaml"
    assert message.startswith("Ugyldige innstillinger: ")
    assert (
        f"{config}, sites.default.accent_colour: fargen «#777777» gir for lav kontrast mot "
        "hvit tekst (4,48:1; WCAG AA krever minst 4,5:1): velg en mørkere farge"
    ) in message
    assert f"{config}, sites.default.contact_url: «javascript:alert(1)» er ikke en" in message
    assert f"{config}, sites.default.contact_email: «not an address» er ikke en e-post" in message
    assert f"{config}, sites.3203: ikke en tekst: skriv kommunenummeret i anførselstegn" in message
    assert f"{config}, sites.0301.logo: logoen «{tmp_path / 'logo.gif'}» må være en SVG-" in message
    assert f"{config}, sites.0301.accesibility: ukjent innstilling; tillatt: title, logo" in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [('"blue"', "Ugyldig farge «blue»"), ('"#ffff00"', "(1,07:1; WCAG AA")],
)
def test_colour_is_refused_when_white_text_on_it_is_unreadable(tmp_path, value, expected):
    message = problems_of(tmp_path, f"sites:\n  default:\n    accent_colour: {value}\n")
    assert "sites.default.accent_colour: " in message and expected in message


def test_sites_from_the_environment_are_json(monkeypatch):
    monkeypatch.setenv("SDGPLAN_SITES", '{"default": {"title": "Fra miljøet"}}')
    assert load_settings().site(None)[1].title == "Fra miljøet"
    monkeypatch.setenv("SDGPLAN_SITES", "{not json")
    with pytest.raises(ConfigError, match="SDGPLAN_SITES: ikke gyldig JSON"):
        load_settings()


def test_a_bad_logo_stops_the_app_at_its_start(tmp_path):
    (tmp_path / "logo.png").write_text("not a png", encoding="utf-8")
    url = empty_database(tmp_path)
    bad = {"3203": {"logo": tmp_path / "logo.png"}}
    with pytest.raises(
        ConfigError, match=rf"sites.3203.logo: {re.escape(str(tmp_path))}.*ikke et PNG"
    ):
        create_app(Settings(db=url, sites=bad))
    missing = {"default": {"logo": tmp_path / "nope.svg"}}
    with pytest.raises(ConfigError, match="sites.default.logo: kan ikke lese .*nope.svg"):
        create_app(Settings(db=url, sites=missing))


# -- the pages


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sites")
    (folder / "logo.svg").write_bytes(SVG)
    (folder / "logo.png").write_bytes(png())
    return folder


@pytest.fixture(scope="module")
def styled(folder):
    """Asker with every site setting, the texts hostile."""
    sites = {
        "3203": {
            "title": f"Asker {HOSTILE}",
            "logo": folder / "logo.svg",
            "accent_colour": "#1F5F8B",
            "contact_email": "postmottak@example.no",
            "contact_url": f"https://example.no/skjema?q={HOSTILE}",
            "accessibility": {"deviations": [f"Avvik {HOSTILE}"], "date": "2025-01-15"},
        },
    }
    return TestClient(create_app(Settings(db=asker_database(folder), sites=sites)))


@pytest.fixture(scope="module")
def both(folder):
    """Asker with the defaults and a hostile Oslo with its own PNG logo and colour."""
    url = f"sqlite:///{folder / 'both.db'}"
    add_hostile_oslo(url, folder)
    sites = {
        "default": {"contact_email": "felles@example.no"},
        "0301": {"logo": folder / "logo.png", "accent_colour": "#5a1d6e", "title": "Oslo"},
    }
    return TestClient(create_app(Settings(db=add_asker(url), sites=sites)))


def test_header_has_title_logo_and_theme(styled):
    html = styled.get("/nb/").text
    escaped = "Asker &lt;script&gt;alert(1)&lt;/script&gt;&#34;"
    assert f"<span>{escaped}</span>" in html
    assert f"– {escaped}</title>" in html
    assert '<img class="site-logo" src="/nb/site-assets/3203/logo.svg" alt="">' in html
    assert '<link rel="stylesheet" href="/nb/site-assets/3203/theme.css">' in html
    assert "<script>alert" not in html


def test_footer_has_contact_and_statement_links_escaped(styled):
    html = styled.get("/en/goals/okonomi.1").text
    assert '<a href="/en/accessibility">Accessibility statement</a>' in html
    assert '<a href="mailto:postmottak@example.no">postmottak@example.no</a>' in html
    assert 'href="https://example.no/skjema?q=&lt;script&gt;alert(1)&lt;/script&gt;&#34;"' in html


def test_nav_links_to_every_part_and_marks_the_current_page(styled):
    html = styled.get("/nb/reports").text
    nav = html[html.index('<nav class="wrap"') : html.index("</nav>")]
    hrefs = re.findall(r'href="([^"]+)"', nav)
    assert hrefs[:5] == ["/nb/", "/nb/plan", "/nb/status", "/nb/reports", "/nb/search"]
    assert "/nb/focus-areas/okonomi" in hrefs
    assert '<a href="/nb/reports" aria-current="page">Rapporter</a>' in nav
    assert '<a class="skip-link" href="#main">' in html


def test_theme_is_a_stylesheet_of_the_accent_colour(styled):
    response = styled.get("/nb/site-assets/3203/theme.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert response.text == ":root { --accent: #1f5f8b; }\n"
    assert "style-src 'self'" in response.headers["content-security-policy"]
    assert styled.get("/nb/site-assets/default/theme.css").status_code == 404  # no colour
    assert styled.get("/nb/site-assets/9999/theme.css").status_code == 404


def test_logo_is_served_with_its_type(styled, both, folder):
    svg = styled.get("/en/site-assets/3203/logo.svg")
    assert svg.status_code == 200 and svg.content == SVG
    assert svg.headers["content-type"] == "image/svg+xml"
    assert "sandbox" in svg.headers["content-security-policy"]
    assert svg.headers["x-content-type-options"] == "nosniff"
    assert styled.get("/en/site-assets/3203/logo.png").status_code == 404
    assert styled.get("/en/site-assets/default/logo.svg").status_code == 404
    oslo = both.get("/nb/0301/site-assets/0301/logo.png")
    assert oslo.status_code == 200 and oslo.content == (folder / "logo.png").read_bytes()
    assert oslo.headers["content-type"] == "image/png"


def test_each_municipality_gets_its_own_settings(both):
    oslo = both.get("/nb/0301/").text
    assert '<img class="site-logo" src="/nb/site-assets/0301/logo.png" alt="">' in oslo
    assert 'href="/nb/site-assets/0301/theme.css"' in oslo
    assert "<span>Oslo</span>" in oslo
    assert 'href="mailto:felles@example.no"' in oslo  # from default
    assert both.get("/nb/site-assets/0301/theme.css").text == ":root { --accent: #5a1d6e; }\n"
    asker = both.get("/nb/3203/").text
    assert "site-logo" not in asker and "theme.css" not in asker
    assert "<span>Asker</span>" in asker
    listing = both.get("/nb/").text  # no municipality: the default settings
    assert 'href="mailto:felles@example.no"' in listing and "site-logo" not in listing


def test_a_logo_that_goes_bad_is_not_found_and_logged(tmp_path, caplog):
    logo = tmp_path / "logo.svg"
    logo.write_bytes(SVG)
    sites = {"default": {"logo": logo}}
    app = create_app(Settings(db=empty_database(tmp_path), sites=sites))
    logo.write_text("no image here", encoding="utf-8")  # changed after the start
    app.state.site_assets = None  # as in a new worker process
    with caplog.at_level(logging.ERROR):
        response = TestClient(app).get("/nb/site-assets/default/logo.svg")
    assert response.status_code == 404
    assert str(tmp_path) not in response.text  # server paths stay in the log
    assert "sites.default.logo" in caplog.text and "ikke et SVG-bilde" in caplog.text


# -- the accessibility statement


def test_statement_in_norwegian_from_the_settings(styled):
    html = styled.get("/nb/accessibility").text
    assert "<h1>Tilgjengelighetserklæring</h1>" in html
    assert "WCAG 2.1" in html and "forskrift om universell utforming" in html
    assert "axe-core" in html and "Chromium" in html and "tastaturet" in html
    assert "sist gjennomgått 15. januar 2025" in html
    assert '<li lang="nb">Avvik &lt;script&gt;alert(1)&lt;/script&gt;&#34;</li>' in html
    assert 'href="mailto:postmottak@example.no"' in html
    assert "Tilsynet for universell utforming av ikt" in html
    assert '<a href="https://www.uutilsynet.no/">uutilsynet.no</a>' in html
    assert "<script>alert" not in html


def test_statement_in_english_with_defaults(both):
    html = both.get("/en/accessibility").text  # several municipalities: the default entry
    assert '<html lang="en">' in html and "<h1>Accessibility statement</h1>" in html
    assert "WCAG 2.1" in html and "levels A and AA" in html
    assert "We know of no failures" in html
    assert "last reviewed" not in html  # no date set
    assert "Norwegian Authority for Universal Design of ICT" in html
    oslo = both.get("/en/0301/accessibility").text
    assert 'href="/en/0301/accessibility"' in oslo and "<span>Oslo</span>" in oslo
    assert both.get("/de/accessibility").status_code == 404
