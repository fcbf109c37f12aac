"""The site's own look in a real browser (Debian's Chromium): a municipality with a logo and
an accent colour, the reports page and the accessibility statement pass axe-core's WCAG 2.1
A/AA rules in both languages at desktop width and at 320 px; the colour arrives through
the theme stylesheet under the content security policy; the menu fits 320 px."""

import pytest

from sdgplan.config import Settings
from sdgplan.web.app import create_app
from tests.browser import (
    AT_DESKTOP_AND_320PX,
    DESKTOP,
    NARROW,
    axe_violations_at,
    page_overflows,
    serving,
)
from tests.web.test_pages import asker_database
from tests.web.test_site_settings import SVG

ACCENT = "#5a1d6e"
PAGES = ["/{lang}/", "/{lang}/reports", "/{lang}/accessibility"]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    """Asker's site with a logo, an accent colour and an accessibility statement of its own."""
    folder = tmp_path_factory.mktemp("about")
    (folder / "logo.svg").write_bytes(SVG)
    sites = {
        "default": {
            "title": "Bærekraftsmålene i Asker kommune",
            "logo": folder / "logo.svg",
            "accent_colour": ACCENT,
            "contact_email": "postmottak@example.no",
            "contact_url": "https://example.no/tilbakemelding",
            "accessibility": {"date": "2025-01-15", "deviations": ["Kartene har ingen tekst."]},
        }
    }
    app = create_app(Settings(db=asker_database(folder), sites=sites))
    with serving(app) as url:
        yield url


@AT_DESKTOP_AND_320PX
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_pages_pass_axe(browser, base_url, lang, viewport):
    urls = [base_url + path.format(lang=lang) for path in PAGES]
    assert axe_violations_at(browser, urls, viewport=viewport) == {}


def test_logo_and_colour_arrive_under_the_policy(browser, base_url):
    page = browser.new_page(viewport=DESKTOP)
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if m.type == "error" else None)
    page.goto(f"{base_url}/nb/")
    logo = page.locator("img.site-logo")
    assert logo.evaluate("img => img.complete && img.naturalWidth") == 40
    background = page.locator("header.site-header").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert background == "rgb(90, 29, 110)"  # ACCENT
    page.close()
    assert refused == []


def test_menu_and_footer_fit_320px_and_keyboard_reaches_them(browser, base_url):
    page = browser.new_page(viewport=NARROW)
    for path in PAGES:
        page.goto(base_url + path.format(lang="nb"))
        assert not page_overflows(page), path
        for link in page.locator("header nav a, footer a").all():
            box = link.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320, path
    page.goto(f"{base_url}/nb/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    focused = []
    for _ in range(12):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.getAttribute('href')"))
    assert {"/nb/plan", "/nb/status", "/nb/reports", "/nb/search"} <= set(focused)
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # the focus style of site.css
    page.close()
